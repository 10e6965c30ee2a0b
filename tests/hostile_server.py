"""A small hostile provincial portal for tests: real articles next to every kind of bad page.

`serve()` starts it on 127.0.0.1 (stdlib ThreadingHTTPServer in a thread) together with a
second server on 127.0.0.2 that nothing should ever reach. The home page's menu links to
every page below; robots.txt names the sitemap, which is an XML entity bomb. A second
sitemap of 25,000 URLs is served (generated on the fly) but linked from nowhere: a test
starts a crawl from it.

Articles (each must become exactly one record, with correct NFC Vietnamese text):
    /tin-tuc/*.html            three ordinary UTF-8 articles
    /tin-tuc/cp1258-meta.html  windows-1258 bytes, charset only in a <meta> tag
    /tin-tuc/sai-charset.html  UTF-8 bytes, header says ISO-8859-1
    /tin-tuc/sai-charset-2.html windows-1258 bytes, header says UTF-8, no <meta>
    /tin-tuc/nfd.html          UTF-8, every string in NFD
    /tin-tuc/mojibake.html     article title and body double-encoded (UTF-8 read as latin-1
                               and written again as UTF-8); the site's own chrome is fine
    /tin-tuc/loi-tam-thoi.html 500 on the first request, the article afterwards
    /tin-tuc/trang-lon.html    a real article in a 10 MB page (ASP.NET view state, inline
                               base64 photos, thousands of layout tables and comments)

Junk (never a record):
    /loi-may-chu.html 500 always       /mat-trang.html 404
    /cham.html answers only when the server stops: past any download timeout, however slow the machine
    /vong-lap-a.html <-> /vong-lap-b.html  (a redirect loop of two pages)
    /chuyen-tiep/1 -> /chuyen-tiep/2 -> ... (redirects forever, never the same URL)
    /sang-trang-khac.html 302 to 127.0.0.2
    /nen-bom.html  gzip bomb: Content-Encoding "gzip, gzip", a few KB expanding to 1 GiB
    /nen-bom-1.html gzip bomb, one layer: ~1 MB expanding to 1 GiB
    /nen-bom-tho.html the one-layer bomb without Content-Encoding (as a pre-gzipped file is served)
    /nhi-phan.html random PNG-like bytes served as text/html
    /nhi-phan-gzip.html bytes starting with the gzip magic, not a gzip stream, as text/html
    /trang-qua-lon.html 25 MB of HTML, beyond DOWNLOAD_MAXSIZE
    /trang-trong.html  200 with an empty body
    /long-sau.html 50,000 nested unclosed <div><span><b>
"""

from __future__ import annotations

import contextlib
import gzip
import random
import struct
import threading
import time
import unicodedata
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# ---------------------------------------------------------------------------------------
# The articles: (slug, title, published, author, paragraphs)

ARTICLES = {
    "giao-ban-dan-van": (
        "Giao ban công tác dân vận quý I năm 2024",
        "2024-03-28T09:30:00+07:00", "Minh Phương",
        [
            "Sáng 28/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý I, triển khai "
            "nhiệm vụ quý II năm 2024. Dự hội nghị có lãnh đạo Ban Dân vận các huyện ủy, thị ủy, thành ủy, "
            "đảng ủy trực thuộc và đại diện Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh cùng các đoàn thể chính trị - xã hội.",
            "Trong quý I, cấp ủy các cấp đã tập trung lãnh đạo, chỉ đạo triển khai nhiệm vụ công tác dân vận "
            "gắn với thực hiện nhiệm vụ chính trị của địa phương. Công tác nắm bắt tình hình tư tưởng của nhân "
            "dân được chú trọng, nhiều vụ việc phức tạp ở cơ sở được giải quyết kịp thời, không để phát sinh "
            "điểm nóng. Phong trào thi đua “Dân vận khéo” tiếp tục lan tỏa với hơn 350 mô hình mới được đăng ký.",
            "Phát biểu kết luận hội nghị, đồng chí Trưởng Ban Dân vận Tỉnh ủy đề nghị các địa phương, đơn vị "
            "tiếp tục đổi mới nội dung, phương thức công tác dân vận, tăng cường đối thoại giữa người đứng đầu "
            "cấp ủy, chính quyền với nhân dân; thực hiện tốt Quy chế dân chủ ở cơ sở, chăm lo đời sống vật chất "
            "và tinh thần cho người dân, nhất là ở vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số.",
        ],
    ),
    "thu-hoach-lua": (
        "Nông dân huyện Lệ Thủy thu hoạch lúa đông xuân đạt năng suất cao",
        "2024-05-06T16:10:00+07:00", "Hoàng Nam",
        [
            "Những ngày này, trên các cánh đồng ở huyện Lệ Thủy, nông dân đang khẩn trương thu hoạch lúa vụ "
            "đông xuân khi thời tiết thuận lợi. Toàn huyện gieo cấy hơn 12.500 héc-ta, năng suất bình quân ước "
            "đạt 62 tạ mỗi héc-ta, tăng gần 3 tạ so với cùng kỳ năm trước.",
            "Theo ông Trần Văn Lực, nông dân thôn Xuân Hồi, xã Liên Thủy, nhờ sử dụng giống lúa chất lượng "
            "cao và áp dụng quy trình canh tác tiết kiệm nước nên ruộng lúa của gia đình ít sâu bệnh, hạt chắc "
            "và đều. Với giá thu mua tại ruộng từ 7.200 đến 7.500 đồng mỗi ki-lô-gam, sau khi trừ chi phí, mỗi "
            "sào lúa cho lãi khoảng hai triệu đồng.",
            "Để bảo đảm tiến độ, huyện đã huy động hơn 300 máy gặt đập liên hợp, phấn đấu hoàn thành thu hoạch "
            "trước ngày 15/5, tránh mưa lũ tiểu mãn. Ngành nông nghiệp khuyến cáo bà con không đốt rơm rạ trên "
            "đồng ruộng, tận dụng phụ phẩm làm phân bón hữu cơ và thức ăn cho gia súc, đồng thời chuẩn bị tốt "
            "các điều kiện để gieo cấy vụ hè thu đúng lịch thời vụ.",
        ],
    ),
    "thanh-nien-tinh-nguyen": (
        "Tỉnh đoàn ra quân Chiến dịch Thanh niên tình nguyện hè năm 2024",
        "2024-06-09T07:45:00+07:00", "Thu Hà",
        [
            "Sáng 9/6, tại xã Trọng Hóa, huyện Minh Hóa, Tỉnh đoàn tổ chức lễ ra quân Chiến dịch Thanh niên "
            "tình nguyện hè năm 2024 với chủ đề “Tuổi trẻ tiên phong xây dựng quê hương”. Hơn 500 đoàn viên, "
            "thanh niên tiêu biểu trong toàn tỉnh tham gia buổi lễ.",
            "Trong khuôn khổ chiến dịch, các đội hình tình nguyện sẽ tham gia sửa chữa nhà ở cho hộ nghèo, làm "
            "đường giao thông nông thôn, thắp sáng đường quê, trồng cây xanh và dọn vệ sinh môi trường. Các đội "
            "sinh viên y khoa sẽ khám bệnh, cấp thuốc miễn phí cho người dân vùng biên giới, trong khi các câu "
            "lạc bộ kỹ năng tổ chức lớp dạy bơi, phòng chống đuối nước cho thiếu nhi.",
            "Dịp này, Ban Thường vụ Tỉnh đoàn trao tặng 50 suất học bổng cho học sinh có hoàn cảnh khó khăn "
            "vượt khó học giỏi và bàn giao công trình “Điểm vui chơi cho thiếu nhi” trị giá 150 triệu đồng tại "
            "thôn Yên Hợp. Chiến dịch sẽ kéo dài đến hết tháng 8 với nhiều hoạt động thiết thực tại 150 xã, "
            "phường, thị trấn trên địa bàn tỉnh.",
        ],
    ),
    "cp1258-meta": (
        "Trường Chính trị tỉnh khai giảng lớp trung cấp lý luận chính trị khóa 84",
        "2024-02-26T08:00:00+07:00", "Ngọc Mai",
        [
            "Sáng 26/2, Trường Chính trị tỉnh tổ chức khai giảng lớp trung cấp lý luận chính trị - hành chính "
            "khóa 84, hệ không tập trung, dành cho cán bộ, công chức cấp xã của thị xã Ba Đồn và huyện Quảng "
            "Trạch. Lớp học có 86 học viên, được đào tạo trong thời gian 12 tháng.",
            "Chương trình gồm bốn phần với hai mươi bốn học phần, trang bị cho học viên những kiến thức cơ "
            "bản về chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh, đường lối của Đảng, chính sách, pháp luật "
            "của Nhà nước và kỹ năng lãnh đạo, quản lý ở cơ sở. Học viên sẽ đi thực tế tại địa phương và viết "
            "khóa luận tốt nghiệp về một vấn đề cụ thể của ngành, lĩnh vực mình phụ trách.",
            "Phát biểu khai giảng, đồng chí Hiệu trưởng yêu cầu học viên nghiêm túc chấp hành nội quy, quy chế "
            "học tập, phát huy tinh thần tự học, tự nghiên cứu, vận dụng sáng tạo kiến thức lý luận vào thực "
            "tiễn công tác; đồng thời đề nghị giảng viên đổi mới phương pháp giảng dạy, tăng cường trao đổi, "
            "thảo luận, gắn bài giảng với tình hình thực tế của địa phương.",
        ],
    ),
    "sai-charset": (
        "Ra mắt mô hình “Dân vận khéo” bảo vệ môi trường ở xã Hải Ninh",
        "2024-04-17T14:20:00+07:00", "Xuân Trường",
        [
            "Chiều 17/4, Ủy ban Mặt trận Tổ quốc xã Hải Ninh, huyện Quảng Ninh phối hợp với Hội Liên hiệp Phụ "
            "nữ xã ra mắt mô hình “Dân vận khéo” trong thu gom, phân loại rác thải tại nguồn. Gần 200 hội viên "
            "và người dân thôn Tân Hải, Hiển Trung tham gia buổi ra mắt.",
            "Theo đó, mỗi hộ gia đình được hướng dẫn phân loại rác thành ba nhóm: rác hữu cơ dùng ủ phân bón "
            "cho cây trồng, rác tái chế được gom bán để gây quỹ hội, rác còn lại được tập kết đúng nơi quy định. "
            "Các chi hội phụ nữ luân phiên tổ chức ngày chủ nhật xanh, dọn vệ sinh bờ biển và trồng hoa trên "
            "các tuyến đường liên thôn.",
            "Sau ba tháng làm thí điểm, lượng rác thải phải chôn lấp ở hai thôn giảm gần một nửa, quỹ hội thu "
            "được hơn mười hai triệu đồng từ rác tái chế để hỗ trợ hội viên nghèo. Xã đặt mục tiêu nhân rộng "
            "mô hình ra toàn bộ sáu thôn trong năm 2024, góp phần giữ vững tiêu chí môi trường của xã nông thôn "
            "mới nâng cao.",
        ],
    ),
    "sai-charset-2": (
        "Bộ đội Biên phòng tỉnh giúp dân xây dựng nhà đại đoàn kết",
        "2024-07-02T10:05:00+07:00", "Đức Thọ",
        [
            "Ngày 2/7, Đồn Biên phòng Cà Xèng phối hợp với chính quyền xã Thượng Trạch bàn giao ba ngôi nhà "
            "đại đoàn kết cho các hộ đồng bào Ma Coong có hoàn cảnh đặc biệt khó khăn ở bản Cà Roòng và bản "
            "Nồng Mới. Mỗi ngôi nhà có diện tích 40 mét vuông, tổng kinh phí hơn 180 triệu đồng.",
            "Trong hơn hai tháng thi công, cán bộ, chiến sĩ của đồn đã góp hàng trăm ngày công vận chuyển vật "
            "liệu qua những cung đường đèo dốc, cùng bà con san nền, dựng khung, lợp mái. Nhiều đoàn viên thanh "
            "niên trong bản cũng tự nguyện đến giúp, biến công trình thành ngày hội đoàn kết của cả cộng đồng.",
            "Xúc động nhận chìa khóa nhà mới, ông Hồ Thị Lạnh cho biết gia đình đã ở trong căn nhà tạm dột nát "
            "suốt nhiều năm, mỗi mùa mưa lũ lại phải chạy sang nhà hàng xóm. Đơn vị cam kết tiếp tục đồng hành "
            "với bà con trong phát triển sản xuất, giữ gìn an ninh trật tự và bảo vệ vững chắc chủ quyền biên "
            "giới quốc gia.",
        ],
    ),
    "nfd": (
        "Huyện Minh Hóa đẩy mạnh phát triển du lịch cộng đồng gắn với hang động",
        "2024-08-14T11:00:00+07:00", "Thanh Hải",
        [
            "Huyện Minh Hóa đang trở thành điểm đến hấp dẫn của du khách nhờ hệ thống hang động kỳ vĩ và bản "
            "sắc văn hóa độc đáo của đồng bào các dân tộc. Từ đầu năm đến nay, huyện đón gần 60.000 lượt khách, "
            "doanh thu từ dịch vụ du lịch ước đạt 45 tỷ đồng, tăng mạnh so với cùng kỳ.",
            "Tại xã Tân Hóa, nơi được Tổ chức Du lịch Thế giới công nhận là làng du lịch tốt nhất, hàng chục "
            "hộ dân đã chuyển sang làm dịch vụ lưu trú, ẩm thực và dẫn đường. Những ngôi nhà nổi tránh lũ vừa "
            "giúp bà con an toàn trong mùa mưa, vừa trở thành homestay đón khách trải nghiệm cuộc sống bản làng.",
            "Để phát triển bền vững, huyện tập trung đào tạo kỹ năng giao tiếp, ngoại ngữ cho người làm du lịch, "
            "khuyến khích bà con giữ gìn kiến trúc nhà truyền thống, các làn điệu dân ca và nghề dệt thổ cẩm. "
            "Đồng thời, địa phương kêu gọi doanh nghiệp đầu tư hạ tầng, xây dựng sản phẩm du lịch mạo hiểm, "
            "khám phá thiên nhiên gắn với bảo vệ rừng và môi trường.",
        ],
    ),
    "mojibake": (
        "Sở Y tế kiểm tra công tác phòng, chống dịch sốt xuất huyết",
        "2024-09-20T15:40:00+07:00", "Phương Linh",
        [
            "Chiều 20/9, đoàn công tác của Sở Y tế do đồng chí Phó Giám đốc Sở làm trưởng đoàn đã kiểm tra "
            "công tác phòng, chống dịch sốt xuất huyết tại thành phố Đồng Hới và huyện Bố Trạch. Từ đầu năm "
            "đến nay, toàn tỉnh ghi nhận hơn 1.200 ca mắc, tăng gấp đôi so với cùng kỳ năm trước.",
            "Tại các điểm kiểm tra, đoàn đánh giá cao việc ngành y tế cơ sở chủ động giám sát, phát hiện sớm "
            "ổ dịch, tổ chức phun hóa chất diệt muỗi và chiến dịch diệt lăng quăng tại các khu dân cư. Tuy "
            "nhiên, ý thức của một bộ phận người dân trong việc loại bỏ dụng cụ chứa nước đọng quanh nhà vẫn "
            "còn hạn chế, nhất là ở các phường có mật độ dân cư cao.",
            "Trưởng đoàn đề nghị các địa phương tăng cường truyền thông bằng nhiều hình thức, huy động học sinh, "
            "đoàn viên và các tổ dân phố cùng tham gia; các bệnh viện chuẩn bị đủ giường bệnh, thuốc và dịch "
            "truyền, thực hiện tốt việc phân tuyến điều trị, không để xảy ra trường hợp tử vong do sốt xuất "
            "huyết.",
        ],
    ),
    "loi-tam-thoi": (
        "Cử tri phường Đồng Phú kiến nghị nâng cấp tuyến đường ven sông Nhật Lệ",
        "2024-10-11T19:30:00+07:00", "Quốc Khánh",
        [
            "Tối 11/10, đại biểu Hội đồng nhân dân tỉnh và thành phố tiếp xúc cử tri phường Đồng Phú trước kỳ "
            "họp thường lệ cuối năm. Tại buổi tiếp xúc, nhiều ý kiến phản ánh tuyến đường ven sông Nhật Lệ đoạn "
            "qua tổ dân phố 5 đã xuống cấp, thường xuyên ngập úng mỗi khi triều cường dâng cao.",
            "Cử tri Nguyễn Thị Hương đề nghị thành phố sớm bố trí kinh phí nâng cấp mặt đường, xây dựng hệ "
            "thống thoát nước và lắp đặt thêm đèn chiếu sáng để bảo đảm an toàn cho người đi bộ, tập thể dục "
            "buổi tối. Một số cử tri khác kiến nghị tăng cường kiểm tra việc lấn chiếm vỉa hè, xả rác thải "
            "xuống lòng sông làm ảnh hưởng đến cảnh quan đô thị.",
            "Thay mặt tổ đại biểu, lãnh đạo thành phố tiếp thu các ý kiến và cho biết dự án kè chống sạt lở, "
            "chỉnh trang tuyến đường ven sông đã được đưa vào kế hoạch đầu tư công trung hạn. Các kiến nghị "
            "thuộc thẩm quyền của tỉnh sẽ được tổng hợp, gửi đến các cơ quan chức năng để trả lời cử tri tại "
            "kỳ họp tới.",
        ],
    ),
    "trang-lon": (
        "Khánh thành cầu dân sinh nối đôi bờ sông Gianh ở xã Quảng Hải",
        "2024-11-05T09:15:00+07:00", "Bảo Ngọc",
        [
            "Sáng 5/11, Ủy ban nhân dân thị xã Ba Đồn tổ chức lễ khánh thành và đưa vào sử dụng cầu dân sinh "
            "nối đôi bờ sông Gianh ở xã Quảng Hải. Công trình dài 120 mét, rộng 3,5 mét, có tổng vốn đầu tư "
            "gần 15 tỷ đồng từ ngân sách tỉnh và nguồn xã hội hóa.",
            "Trước đây, hơn 800 hộ dân hai thôn Cao Cẩm và Vĩnh Lộc phải đi đò hoặc vòng xa hơn mười cây số "
            "mỗi khi qua sông; vào mùa mưa lũ, việc đi lại của học sinh và người dân gặp rất nhiều khó khăn, "
            "nguy hiểm. Cây cầu mới giúp rút ngắn quãng đường, tạo điều kiện vận chuyển nông sản, hàng hóa và "
            "mở ra cơ hội phát triển dịch vụ, du lịch ven sông.",
            "Phát biểu tại buổi lễ, lãnh đạo thị xã ghi nhận sự đồng thuận của nhân dân trong giải phóng mặt "
            "bằng, nhiều hộ tự nguyện hiến đất, tháo dỡ vật kiến trúc để công trình thi công đúng tiến độ. Địa "
            "phương yêu cầu đơn vị quản lý thường xuyên kiểm tra, duy tu, cắm biển báo tải trọng và hướng dẫn "
            "người dân sử dụng cầu an toàn, bền vững.",
        ],
    ),
}
PLAIN = ["giao-ban-dan-van", "thu-hoach-lua", "thanh-nien-tinh-nguyen"]
ARTICLE_PATHS = {slug: f"/tin-tuc/{slug}.html" for slug in ARTICLES}

JUNK_PATHS = [
    "/loi-may-chu.html", "/mat-trang.html", "/cham.html", "/vong-lap-a.html", "/chuyen-tiep/1",
    "/sang-trang-khac.html", "/nen-bom.html", "/nen-bom-1.html", "/nen-bom-tho.html", "/nhi-phan.html", "/nhi-phan-gzip.html",
    "/trang-qua-lon.html", "/trang-trong.html", "/long-sau.html",
]
BIG_SITEMAP_URLS = 25_000
# /cham.html waits for this, set when serve() ends (or, for a server left running by hand, an hour)
_SERVER_STOPPING = threading.Event()

MENU = [
    ("/", "Trang chủ"), ("/gioi-thieu.html", "Giới thiệu"), ("/chuyen-muc/tin-tuc.html", "Tin tức - Sự kiện"),
    ("/loi-may-chu.html", "Văn bản chỉ đạo"), ("/mat-trang.html", "Lịch công tác"), ("/cham.html", "Hỏi đáp"),
    ("/vong-lap-a.html", "Thư viện ảnh"), ("/chuyen-tiep/1", "Video"), ("/sang-trang-khac.html", "Liên kết website"),
    ("/nen-bom.html", "Tài liệu tuyên truyền"), ("/nen-bom-1.html", "Tài liệu sinh hoạt chi bộ"),
    ("/nen-bom-tho.html", "Tài liệu nén"),
    ("/nhi-phan.html", "Bản đồ hành chính"), ("/nhi-phan-gzip.html", "Số liệu thống kê"),
    ("/trang-qua-lon.html", "Niên giám"), ("/trang-trong.html", "Góp ý"), ("/long-sau.html", "Sơ đồ cổng"),
]


def chrome_top() -> str:
    items = "".join(f'<li><a href="{href}">{label}</a></li>' for href, label in MENU)
    return (
        '<div id="header"><div class="banner">BAN TUYÊN GIÁO TỈNH ỦY QUẢNG BÌNH</div>'
        f'<ul class="menu">{items}</ul></div>'
    )


CHROME_BOTTOM = (
    '<div id="footer"><p>Cơ quan chủ quản: Ban Tuyên giáo Tỉnh ủy Quảng Bình</p>'
    "<p>Địa chỉ: 8 Hương Giang, Đồng Hới. Điện thoại: 0232 3822 000</p>"
    '<div class="counter">Lượt truy cập: 1.234.567 | Đang trực tuyến: 89</div></div>'
)


def _vn_date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]} {iso[11:16]}"


def article_html(slug: str, *, title: str | None = None, paragraphs: list[str] | None = None,
                 charset_meta: str | None = "utf-8", inside: str = "", extra_head: str = "") -> str:
    """An article page of the portal. `inside` is markup placed between paragraphs 1 and 2."""
    default_title, published, author, default_paragraphs = ARTICLES[slug]
    title = title if title is not None else default_title
    paragraphs = paragraphs if paragraphs is not None else default_paragraphs
    others = "".join(
        f'<li><a href="{ARTICLE_PATHS[s]}">{ARTICLES[s][0]}</a></li>' for s in PLAIN if s != slug
    )
    body = f"<p>{paragraphs[0]}</p>{inside}" + "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return (
        f"<!DOCTYPE html><html lang=\"vi\"><head>{meta}<title>{title} - Ban Tuyên giáo Tỉnh ủy</title>"
        f'<meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{published}">{extra_head}</head>'
        f"<body>{chrome_top()}<div class=\"main\"><div class=\"detail\">"
        f'<h1 class="title">{title}</h1><div class="date">Cập nhật: {_vn_date(published)}</div>'
        f'<div class="content">{body}<p style="text-align:right"><strong>{author}</strong></p></div>'
        f'<div class="related"><h3>Tin liên quan</h3><ul>{others}</ul></div>'
        f"</div></div>{CHROME_BOTTOM}</body></html>"
    )


def expected_text(slug: str) -> str:
    return "\n".join(unicodedata.normalize("NFC", p) for p in ARTICLES[slug][3])


def home_html() -> str:
    teasers = "".join(
        f'<div class="item"><h3><a href="{ARTICLE_PATHS[s]}">{ARTICLES[s][0]}</a></h3>'
        f"<span class=\"date\">{_vn_date(ARTICLES[s][1])[:10]}</span>"
        f"<p>{ARTICLES[s][3][0][:120]}...</p></div>"
        for s in ARTICLES
    )
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Ban Tuyên giáo Tỉnh ủy Quảng Bình'
        f"</title></head><body>{chrome_top()}<div class=\"main\"><h2>Tin mới</h2>{teasers}</div>"
        f"{CHROME_BOTTOM}</body></html>"
    )


# ---------------------------------------------------------------------------------------
# Encodings


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes, composed the way that code page needs: a base letter (â, ê, ơ, ư,
    ă …) followed by a combining tone mark where no precomposed character exists."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def mojibake(text: str) -> str:
    """UTF-8 text read as latin-1 (what a misconfigured database connection stores)."""
    return text.encode("utf-8").decode("latin-1")


# ---------------------------------------------------------------------------------------
# The heavy pages, built once


_BOMB_LOCK = threading.Lock()
_BOMBS: dict[str, bytes] = {}
BOMB_EXPANDED = 1 << 30  # 1 GiB once decompressed


def _gzip_of_spaces(total: int) -> bytes:
    """A gzip member of `total` spaces, built without compressing them all: one 1 MiB deflate
    block that starts from a fresh state, repeated (a full flush makes each copy stand alone)."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    crc = 0
    for _ in range(total // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * (total // len(chunk)) + final + struct.pack("<II", crc, total & 0xFFFFFFFF)


def gzip_bomb(layers: int) -> bytes:
    """1 GiB of spaces after <html><body>, gzipped once (~1 MB) or twice (a few KB).
    (One gzip layer cannot do better than about 1:1000.)"""
    with _BOMB_LOCK:
        if "bomb1" not in _BOMBS:
            head = gzip.compress(b"<html><head><title>T\xc3\xa0i li\xe1\xbb\x87u</title></head><body>")
            _BOMBS["bomb1"] = head + _gzip_of_spaces(BOMB_EXPANDED)  # two members: still one gzip file
            _BOMBS["bomb2"] = gzip.compress(_BOMBS["bomb1"], 9)
        return _BOMBS[f"bomb{layers}"]


def big_page() -> bytes:
    """The trang-lon article in a ~10 MB page, as ASP.NET portals with inline photos serve them."""
    with _BOMB_LOCK:
        if "big" in _BOMBS:
            return _BOMBS["big"]
        rng = random.Random(1258)
        import base64

        photo = base64.b64encode(rng.randbytes(1_500_000)).decode("ascii")  # a 2 MB inline JPEG
        viewstate = base64.b64encode(rng.randbytes(1_100_000)).decode("ascii")
        inside = (
            f'<p style="text-align:center"><img src="data:image/jpeg;base64,{photo}" width="600"></p>'
            f'<p style="text-align:center"><img src="data:image/jpeg;base64,{photo[::-1]}" width="600"></p>'
        )
        chrome_rows = "".join(
            f'<tr><td class="menu-item"><table><tr><td><a href="/chuyen-muc/tin-tuc.html">'
            f"Mục {i}</a></td></tr></table></td><!-- ô {i} của khung trình bày --></tr>"
            for i in range(40)
        )
        chrome = f'<table class="layout" width="100%">{chrome_rows}</table>'
        html = article_html(
            "trang-lon", inside=inside,
            extra_head=f'<script>var __data = "{viewstate[:200_000]}";</script>',
        )
        form = f'<form method="post"><input type="hidden" name="__VIEWSTATE" value="{viewstate}">'
        html = html.replace("<body>", "<body>" + form, 1).replace("</body>", "</form></body>", 1)
        filler = []
        size = len(html.encode("utf-8"))
        while size < 10 * 1024 * 1024:
            block = f"<!-- khối quảng cáo {len(filler)} -->{chrome}"
            filler.append(block)
            size += len(block.encode("utf-8"))
        html = html.replace(CHROME_BOTTOM, "".join(filler) + CHROME_BOTTOM, 1)
        _BOMBS["big"] = html.encode("utf-8")
        return _BOMBS["big"]


def too_big_page() -> bytes:
    """25 MB of plain HTML: beyond DOWNLOAD_MAXSIZE (20 MB) before any decompression."""
    with _BOMB_LOCK:
        if "too-big" not in _BOMBS:
            _BOMBS["too-big"] = b"<html><body>" + b"<p>Tr\xc3\xa0n trang</p>\n" * (25 * 1024 * 1024 // 20) + b"</body></html>"
        return _BOMBS["too-big"]


def entity_bomb_sitemap(base: str) -> bytes:
    """A sitemap whose <loc> is a billion-laughs entity (10^9 'lol's if expanded)."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE urlset [\n' + "\n".join(entities) + "\n]>\n"
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/bom/&lol9;.html</loc></url>"
        f"<url><loc>{base}{ARTICLE_PATHS['giao-ban-dan-van']}</loc><lastmod>2024-03-28</lastmod></url>"
        "</urlset>"
    ).encode("utf-8")


def big_sitemap(base: str):
    """A sitemap of BIG_SITEMAP_URLS URLs (/so-lieu/muc-N.html), yielded in chunks."""
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for start in range(0, BIG_SITEMAP_URLS, 1000):
        yield "".join(
            f"<url><loc>{base}/so-lieu/muc-{n}.html</loc><lastmod>2024-01-01</lastmod></url>\n"
            for n in range(start, start + 1000)
        ).encode("ascii")
    yield b"</urlset>\n"


def warm() -> None:
    """Build the heavy bodies now, so that serving them never takes longer than a timeout."""
    gzip_bomb(1)
    big_page()
    too_big_page()


def deep_page() -> bytes:
    return (
        b"<html><head><title>S\xc6\xa1 \xc4\x91\xe1\xbb\x93 c\xe1\xbb\x95ng</title></head><body>"
        + b"<div><span><b>" * 50_000 + "Đang tải…".encode("utf-8") + b"</body></html>"
    )


# ---------------------------------------------------------------------------------------
# The servers


class HostilePortal(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests: list[str] = []
    attempts: dict[str, int] = {}

    def log_message(self, *args):
        pass

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def _send(self, status, body: bytes | str, ctype="text/html; charset=utf-8", headers=()):
        data = body.encode("utf-8") if isinstance(body, str) else body
        try:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the crawler gave up on us (timeout, size)
            self.close_connection = True

    def _redirect(self, location: str, status: int = 302):
        self._send(status, "", headers=[("Location", location)])

    def do_GET(self):  # noqa: C901 - one branch per hostile page
        path = self.path
        cls = type(self)
        with _BOMB_LOCK:
            cls.requests.append(path)
            cls.attempts[path] = cls.attempts.get(path, 0) + 1
            attempt = cls.attempts[path]
        if path == "/robots.txt":
            return self._send(200, f"User-agent: *\nAllow: /\nSitemap: {self.base}/sitemap.xml\n", "text/plain")
        if path == "/":
            return self._send(200, home_html())
        if path == "/sitemap.xml":
            return self._send(200, entity_bomb_sitemap(self.base), "application/xml")
        if path == "/sitemap-big.xml":
            return self._send_chunks(big_sitemap(self.base), "application/xml")
        if path.startswith("/so-lieu/muc-"):
            return self._send(200, "<html><head><title>Số liệu</title></head><body><p>Số liệu đang cập nhật.</p>"
                                   "</body></html>")
        if path == "/gioi-thieu.html":
            return self._send(200, f"<html><head><title>Giới thiệu</title></head><body>{chrome_top()}"
                                   "<p>Ban Tuyên giáo Tỉnh ủy là cơ quan tham mưu của Tỉnh ủy.</p>"
                                   f"{CHROME_BOTTOM}</body></html>")
        if path == "/chuyen-muc/tin-tuc.html" or path.startswith("/chuyen-muc/tin-tuc.html?"):
            return self._send(200, home_html())
        slug = next((s for s, p in ARTICLE_PATHS.items() if p == path), None)
        if slug == "cp1258-meta":
            html = article_html(slug, charset_meta="windows-1258")
            return self._send(200, to_cp1258(html), "text/html")
        if slug == "sai-charset":
            return self._send(200, article_html(slug, charset_meta=None), "text/html; charset=ISO-8859-1")
        if slug == "sai-charset-2":
            return self._send(200, to_cp1258(article_html(slug, charset_meta=None)), "text/html; charset=utf-8")
        if slug == "nfd":
            return self._send(200, unicodedata.normalize("NFD", article_html(slug)))
        if slug == "mojibake":
            title, _, _, paragraphs = ARTICLES[slug]
            return self._send(200, article_html(slug, title=mojibake(title),
                                                paragraphs=[mojibake(p) for p in paragraphs]))
        if slug == "loi-tam-thoi" and attempt == 1:
            return self._send(500, "<html><body><h1>Server Error in '/' Application.</h1></body></html>")
        if slug == "trang-lon":
            return self._send(200, big_page())
        if slug is not None:
            return self._send(200, article_html(slug))
        if path == "/loi-may-chu.html":
            return self._send(500, "<html><body><h1>Server Error in '/' Application.</h1></body></html>")
        if path == "/cham.html":
            _SERVER_STOPPING.wait(3600)
            return self._send(200, "<html><body>muộn</body></html>")
        if path == "/vong-lap-a.html":
            return self._redirect("/vong-lap-b.html")
        if path == "/vong-lap-b.html":
            return self._redirect("/vong-lap-a.html")
        if path.startswith("/chuyen-tiep/"):
            n = int(path.rsplit("/", 1)[1] or 0)
            return self._redirect(f"/chuyen-tiep/{n + 1}", 301)
        if path == "/sang-trang-khac.html":
            other = self.server.other_base  # type: ignore[attr-defined]
            return self._redirect(f"{other}/tin-tuc/giao-ban-dan-van.html")
        if path == "/nen-bom.html":
            return self._send(200, gzip_bomb(2), headers=[("Content-Encoding", "gzip, gzip")])
        if path == "/nen-bom-1.html":
            return self._send(200, gzip_bomb(1), headers=[("Content-Encoding", "gzip")])
        if path == "/nen-bom-tho.html":  # the same bytes without Content-Encoding: the spider's own gunzip
            return self._send(200, gzip_bomb(1), "text/html")
        if path == "/nhi-phan.html":
            rng = random.Random(89)
            return self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(200_000))
        if path == "/nhi-phan-gzip.html":
            rng = random.Random(90)
            return self._send(200, b"\x1f\x8b\x08\x00" + rng.randbytes(50_000))
        if path == "/trang-qua-lon.html":
            return self._send(200, too_big_page())
        if path == "/trang-trong.html":
            return self._send(200, b"")
        if path == "/long-sau.html":
            return self._send(200, deep_page())
        return self._send(404, "<html><head><title>404</title></head><body>Không tìm thấy trang</body></html>")

    def _send_chunks(self, chunks, ctype):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in chunks:
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass


class Elsewhere(BaseHTTPRequestHandler):
    """The other host: any request reaching it is a failure of the crawl's scope."""

    requests: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Elsewhere.requests.append(self.path)
        data = b"<html><body>elsewhere</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _start(handler, host):
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@contextlib.contextmanager
def serve():
    """Yields (portal base URL, the handler class of the portal, the handler class of 127.0.0.2)."""
    HostilePortal.requests, HostilePortal.attempts, Elsewhere.requests = [], {}, []
    _SERVER_STOPPING.clear()
    other = _start(Elsewhere, "127.0.0.2")
    portal = _start(HostilePortal, "127.0.0.1")
    portal.other_base = f"http://127.0.0.2:{other.server_port}"
    try:
        yield f"http://127.0.0.1:{portal.server_port}", HostilePortal, Elsewhere
    finally:
        _SERVER_STOPPING.set()  # /cham.html requests still waiting answer now, to a closed socket
        for server in (portal, other):
            server.shutdown()
            server.server_close()


if __name__ == "__main__":  # python -m tests.hostile_server: serve until Ctrl-C
    with serve() as (base, _, _):
        print(base, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
