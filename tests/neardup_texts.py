"""Texts for the near-duplicate tests: the edits a syndicated copy goes through, and two
pairs of different articles about one event (same people, place and day, other wording,
one quoted statement in common) that must both be kept.

The edited copies are made from the sample portals' corpus (crawler/sample_portals), whose
42 stories run from 105 to 917 words.
"""

from __future__ import annotations

from crawler.sample_portals.corpus import load_corpus
from crawler.sample_portals.model import plain
from crawler.sample_portals.textutil import tone_style


def corpus_texts() -> dict[str, str]:
    """Story key -> body as a record carries it (paragraphs, quotes and headings, one a line)."""
    return {key: "\n".join(plain(v) for kind, v in story.blocks if kind in ("p", "quote", "h"))
            for key, story in load_corpus().items()}


# --- the edits of a syndicated copy --------------------------------------------------------

def source_line(text: str) -> str:
    return text + "\nNguồn: Báo Quảng Bình"


def source_in_brackets(text: str) -> str:
    return text + "\n(qbtv.vn)"


def trimmed_lead(text: str) -> str:
    """The first paragraph cut (a copy that starts at the second)."""
    return "\n".join(text.split("\n")[1:])


def boilerplate_added(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[:1] + ["Xem thêm: Tin cùng chuyên mục | Chia sẻ bài viết lên Facebook"] + lines[1:])


def line_removed(text: str) -> str:
    """The last paragraph dropped (a closing line the copying site left out)."""
    return "\n".join(text.split("\n")[:-1])


def other_tone_style(text: str) -> str:
    """Tone marks moved ("Tỉnh ủy" -> "Tỉnh uỷ") and the text decomposed (NFD)."""
    import unicodedata
    return unicodedata.normalize("NFD", tone_style(text, "old"))


def trimmed_lead_and_source(text: str) -> str:
    return source_line(trimmed_lead(text))


# A changed title leaves the body as it was: such a copy has the same content hash and is an
# exact duplicate (the title is not hashed), so it needs no edit here; the pipeline test
# gives the copy another title all the same.
EDITS = {
    "source line": source_line,
    "source in brackets": source_in_brackets,
    "trimmed lead": trimmed_lead,
    "boilerplate line added": boilerplate_added,
    "last line removed": line_removed,
    "other tone style, NFD": other_tone_style,
    "trimmed lead + source line": trimmed_lead_and_source,
}


# --- one event, two articles ---------------------------------------------------------------

QUOTE = (
    "“Công tác dân vận phải bám sát cơ sở, lắng nghe ý kiến của Nhân dân, kịp thời tháo gỡ "
    "những vướng mắc trong giải phóng mặt bằng các dự án trọng điểm; mỗi cán bộ, đảng viên "
    "phải thực sự là cầu nối giữa Đảng với Nhân dân, nói đi đôi với làm, tạo sự đồng thuận "
    "cao trong toàn xã hội”"
)

SAME_EVENT_A = "\n".join([
    "Sáng 12/7, tại thành phố Đồng Hới, Ban Dân vận Tỉnh ủy Quảng Bình tổ chức hội nghị sơ kết "
    "công tác dân vận 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2024. Đồng chí "
    "Trần Thắng, Phó Bí thư Thường trực Tỉnh ủy dự và chỉ đạo hội nghị; đồng chí Nguyễn Lương "
    "Bình, Trưởng Ban Dân vận Tỉnh ủy chủ trì.",
    "Theo báo cáo tại hội nghị, trong 6 tháng đầu năm, cấp ủy các cấp đã ban hành hơn 120 văn "
    "bản lãnh đạo, chỉ đạo về công tác dân vận; phong trào thi đua “Dân vận khéo” tiếp tục lan "
    "tỏa với 1.350 mô hình được đăng ký, trong đó nhiều mô hình gắn với xây dựng nông thôn mới "
    "và chuyển đổi số ở cơ sở. Việc thực hiện Quy chế dân chủ ở cơ sở có nhiều chuyển biến, các "
    "kiến nghị của cử tri được tiếp nhận và trả lời đúng thời hạn.",
    "Tuy vậy, báo cáo cũng chỉ ra một số hạn chế: công tác nắm tình hình Nhân dân ở một số địa "
    "bàn có lúc chưa kịp thời; một vài mô hình “Dân vận khéo” còn hình thức, thiếu tính bền vững; "
    "sự phối hợp giữa các cơ quan trong khối dân vận có nơi chưa chặt chẽ.",
    "Phát biểu chỉ đạo hội nghị, đồng chí Trần Thắng nhấn mạnh: " + QUOTE + ".",
    "Đồng chí đề nghị Ban Dân vận Tỉnh ủy tiếp tục tham mưu tổ chức tốt các hoạt động kỷ niệm "
    "95 năm Ngày truyền thống công tác dân vận của Đảng, chuẩn bị chu đáo cho đại hội đảng bộ "
    "các cấp nhiệm kỳ 2025-2030.",
])

SAME_EVENT_B = "\n".join([
    "Ngày 12/7, Ban Dân vận Tỉnh ủy Quảng Bình đã tổ chức hội nghị đánh giá kết quả công tác "
    "dân vận nửa đầu năm 2024, bàn giải pháp cho những tháng còn lại của năm. Dự hội nghị có "
    "đồng chí Trần Thắng, Phó Bí thư Thường trực Tỉnh ủy, cùng lãnh đạo Mặt trận Tổ quốc và các "
    "đoàn thể chính trị - xã hội của tỉnh.",
    "Các đại biểu cho biết, nửa đầu năm, hệ thống dân vận toàn tỉnh đã tập trung vận động người "
    "dân hiến đất mở đường, bàn giao mặt bằng cho dự án đường bộ cao tốc Bắc - Nam đoạn qua "
    "Quảng Bình; nhiều hộ dân ở Lệ Thủy và Quảng Ninh đã tự nguyện di dời công trình phụ để "
    "dự án kịp tiến độ. Một số xã đã tổ chức đối thoại trực tiếp giữa người đứng đầu cấp ủy "
    "với người dân để giải đáp thắc mắc về giá đền bù.",
    "Thảo luận tại hội nghị, đại diện Hội Nông dân tỉnh kiến nghị tăng cường hướng dẫn cơ sở "
    "cách nhân rộng mô hình hay, tránh tình trạng mô hình chỉ tồn tại trên giấy.",
    "Kết luận hội nghị, Phó Bí thư Thường trực Tỉnh ủy Trần Thắng yêu cầu: " + QUOTE + ". "
    "Đồng chí cũng lưu ý các địa phương chủ động nắm bắt dư luận, không để phát sinh điểm nóng.",
    "Dịp này, Ban Dân vận Tỉnh ủy trao giấy khen cho 12 tập thể và 15 cá nhân có thành tích "
    "xuất sắc trong phong trào thi đua “Dân vận khéo” năm 2024.",
])

SHORT_QUOTE = (
    "“Không để người dân nào thiếu ăn, thiếu chỗ ở sau lũ; các lực lượng phải có mặt ngay "
    "tại những thôn bị chia cắt”"
)

SHORT_EVENT_A = "\n".join([
    "Chiều 28/10, đồng chí Vũ Đại Thắng, Bí thư Tỉnh ủy Quảng Bình đến thăm, tặng quà "
    "các hộ dân bị ảnh hưởng do mưa lũ tại xã Tân Hóa, huyện Minh Hóa.",
    "Mưa lớn kéo dài đã làm hơn 300 ngôi nhà ở Tân Hóa bị ngập sâu, nhiều tuyến đường bị sạt lở.",
    "Tại buổi thăm, đồng chí Bí thư Tỉnh ủy yêu cầu: " + SHORT_QUOTE + ". Đoàn đã trao 200 suất "
    "quà, mỗi suất trị giá 1 triệu đồng.",
])

SHORT_EVENT_B = "\n".join([
    "Ngày 28/10, Bí thư Tỉnh ủy Vũ Đại Thắng cùng đoàn công tác của tỉnh đã có mặt tại huyện "
    "Minh Hóa để kiểm tra công tác khắc phục hậu quả mưa lũ.",
    "Tại xã Tân Hóa, đoàn đi thuyền vào các thôn còn ngập, hỏi thăm người dân và trao quà.",
    "Đồng chí Vũ Đại Thắng chỉ đạo: " + SHORT_QUOTE + ". Đồng chí đề nghị huyện sớm rà soát "
    "thiệt hại để hỗ trợ người dân ổn định cuộc sống.",
])

SAME_EVENT_PAIRS = {
    "conference, 5 paragraphs": (SAME_EVENT_A, SAME_EVENT_B),
    "flood visit, 3 short paragraphs": (SHORT_EVENT_A, SHORT_EVENT_B),
}


# --- one template, two notices --------------------------------------------------------------

def monthly_notice(day: int, month: int) -> str:
    """A recurring notice: the same words every month, other dates."""
    return "\n".join([
        f"Thực hiện quy định về tiếp công dân, Thường trực Tỉnh ủy thông báo lịch tiếp công dân định kỳ "
        f"tháng {month}/2024 như sau: đồng chí Bí thư Tỉnh ủy tiếp công dân vào ngày {day}/{month}/2024 tại "
        "Trụ sở Tiếp công dân tỉnh, đường Hùng Vương, thành phố Đồng Hới.",
        "Công dân đến trình bày khiếu nại, tố cáo, kiến nghị, phản ánh mang theo giấy tờ tùy thân và các "
        "tài liệu có liên quan; trường hợp nhiều người cùng khiếu nại về một nội dung thì cử người đại "
        "diện để trình bày. Thời gian tiếp từ 7 giờ 30 đến 11 giờ 00 cùng ngày.",
    ])


def district_meeting(number: int) -> str:
    """The new articles tests/test_incremental.py publishes: one wording, other figures."""
    return "\n".join([
        f"Sáng 20/11, Ban Dân vận Huyện ủy tổ chức hội nghị giao ban khối dân vận lần thứ {number}, "
        "đánh giá kết quả thực hiện phong trào thi đua Dân vận khéo và Quy chế dân chủ ở cơ sở, "
        "đề ra nhiệm vụ trọng tâm thời gian tới với nhiều giải pháp cụ thể, thiết thực.",
        f"Hội nghị thống nhất {number + 3} nhóm giải pháp, trong đó chú trọng nắm bắt tình hình Nhân dân, "
        "giải quyết kịp thời kiến nghị chính đáng của người dân ngay từ cơ sở.",
    ])


TEMPLATE_PAIRS = {
    "monthly notice, June and July": (monthly_notice(14, 6), monthly_notice(15, 7)),
    "district meeting, 1st and 2nd": (district_meeting(1), district_meeting(2)),
}
