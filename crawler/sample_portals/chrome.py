"""Page furniture shared by the CMS renderers: widgets, counters, polls, blobs, article bodies.

All helpers return HTML strings. Randomness is seeded so a page is identical on every request.
"""
from __future__ import annotations

import base64
import html
import random
from datetime import date, datetime, timedelta

from .model import LINK_RE

esc = html.escape


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def viewstate(seed: str, nbytes: int = 9000) -> str:
    """A plausible ASP.NET __VIEWSTATE value (deterministic bytes, base64)."""
    rnd = random.Random(seed)
    raw = bytes(rnd.getrandbits(8) for _ in range(nbytes))
    return "/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBgIBD2QWAg" + base64.b64encode(raw).decode()


def inline_css(prefix: str, n: int = 60) -> str:
    """A chunk of theme CSS, like the inline <style> blocks real portals carry."""
    rnd = random.Random(prefix)
    rules = []
    props = ["color:#{:06x}", "margin:{}px 0", "padding:{}px {}px", "font-size:{}px",
             "border-bottom:1px solid #{:06x}", "line-height:{}px", "width:{}%"]
    for i in range(n):
        p = rnd.choice(props)
        vals = [rnd.randint(0, 0xFFFFFF) if "#" in p else rnd.randint(1, 40)
                for _ in range(p.count("{"))]
        rules.append(f".{prefix}-{i}{{{p.format(*vals)}}}")
    return "<style type=\"text/css\">" + "\n".join(rules) + "</style>"


def analytics_js(code: str) -> str:
    return ("<script async src=\"/js/gtag.js?id=" + code + "\"></script><script>"
            "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
            f"gtag('js',new Date());gtag('config','{code}');"
            "var _paq=window._paq=window._paq||[];_paq.push(['trackPageView']);"
            "_paq.push(['enableLinkTracking']);(function(){var u='/stats/';"
            "_paq.push(['setTrackerUrl',u+'matomo.php']);_paq.push(['setSiteId','3']);})();"
            "</script>")


WEATHER_CITIES = {
    "quangngai": ["Quảng Ngãi", "Minh Long", "Ba Tơ", "Lý Sơn"],
    "soctrang": ["Sóc Trăng", "Vĩnh Châu", "Trần Đề", "Ngã Năm"],
    "quangbinh": ["Đồng Hới", "Lệ Thủy", "Minh Hóa", "Ba Đồn"],
}


def weather(region: str, seed: str) -> str:
    rnd = random.Random(seed)
    rows = "".join(
        f"<li><span class=\"city\">{c}</span> <span class=\"temp\">{rnd.randint(24, 34)}°C</span>"
        f" <span class=\"desc\">{rnd.choice(['Nhiều mây', 'Nắng nhẹ', 'Mưa rào', 'Trời quang'])}</span>"
        f" <span class=\"hum\">Độ ẩm {rnd.randint(60, 90)}%</span></li>"
        for c in WEATHER_CITIES[region])
    return f"<div class=\"weather-widget\"><h3>Thời tiết</h3><ul>{rows}</ul></div>"


GOV_LINKS = [
    ("Cổng TTĐT Chính phủ", "http://chinhphu.vn"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "http://dangcongsan.vn"),
    ("Ban Dân vận Trung ương", "http://danvan.vn"),
    ("Ủy ban Trung ương MTTQ Việt Nam", "http://mattran.org.vn"),
    ("Tạp chí Cộng sản", "http://tapchicongsan.org.vn"),
    ("Báo Nhân Dân", "http://nhandan.vn"),
    ("Thông tấn xã Việt Nam", "http://vnanet.vn"),
    ("Cổng Thông tin điện tử Quốc hội", "http://quochoi.vn"),
    ("Bộ Nội vụ", "http://moha.gov.vn"),
    ("Ban Tuyên giáo Trung ương", "http://tuyengiao.vn"),
]


def link_select(title: str = "Liên kết website") -> str:
    opts = "".join(f"<option value=\"{u}\">{esc(n)}</option>" for n, u in GOV_LINKS)
    return (f"<div class=\"lienket\"><h3>{title}</h3><select onchange=\"window.open(this.value)\">"
            f"<option value=\"\">-- Chọn liên kết --</option>{opts}</select></div>")


def gov_link_list() -> str:
    return "<ul class=\"links\">" + "".join(
        f"<li><a href=\"{u}\" target=\"_blank\">{esc(n)}</a></li>" for n, u in GOV_LINKS) + "</ul>"


def poll(question: str, options: list[str], name: str, action: str, active: bool = True,
         results_href: str | None = None) -> str:
    if not active:
        return ("<div class=\"poll\"><h3>Thăm dò ý kiến</h3>"
                "<p>Hiện tại không có bình chọn nào đang hoạt động.</p></div>")
    opts = "".join(
        f"<li><label><input type=\"radio\" name=\"{name}\" value=\"{i}\"> {esc(o)}</label></li>"
        for i, o in enumerate(options, 1))
    res = f" <a href=\"{results_href}\">Xem kết quả</a>" if results_href else ""
    return (f"<div class=\"poll\"><h3>Thăm dò ý kiến</h3><form method=\"post\" action=\"{action}\">"
            f"<p class=\"q\">{esc(question)}</p><ul>{opts}</ul>"
            f"<input type=\"submit\" value=\"Bình chọn\">{res}</form></div>")


POLL_Q = "Bạn đánh giá thế nào về chất lượng thông tin trên cổng thông tin điện tử?"
POLL_OPTS = ["Rất hữu ích", "Hữu ích", "Bình thường", "Chưa đáp ứng yêu cầu"]


def calendar(month: date, href) -> str:
    """A month calendar; href(day) gives each day's link (the calendar trap)."""
    first = month.replace(day=1)
    cells = ["<td></td>"] * first.weekday()
    d = first
    while d.month == first.month:
        cells.append(f"<td><a href=\"{href(d)}\">{d.day}</a></td>")
        d += timedelta(days=1)
    rows = "".join("<tr>" + "".join(cells[i:i + 7]) + "</tr>" for i in range(0, len(cells), 7))
    head = "".join(f"<th>{x}</th>" for x in ["T2", "T3", "T4", "T5", "T6", "T7", "CN"])
    return (f"<div class=\"calendar\"><h3>Lịch tin bài - Tháng {first.month}/{first.year}</h3>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


def link_text(text: str, resolve) -> str:
    """Escape a block's text, turning [[anchor|key]] into links via resolve(key) -> url|None."""
    out, pos = [], 0
    for m in LINK_RE.finditer(text):
        out.append(esc(text[pos:m.start()]))
        url = resolve(m.group(2))
        anchor = esc(m.group(1))
        out.append(f"<a href=\"{attr(url)}\">{anchor}</a>" if url else anchor)
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def render_blocks(blocks, resolve, img_src, *, p_attr: str = "", figure=None) -> str:
    """Article body HTML. figure(src, caption_html) lets a family style its photos."""
    parts, n = [], 0
    for kind, val in blocks:
        if kind == "p":
            parts.append(f"<p{p_attr}>{link_text(val, resolve)}</p>")
        elif kind == "quote":
            parts.append(f"<blockquote><p>{link_text(val, resolve)}</p></blockquote>")
        elif kind == "h":
            parts.append(f"<p{p_attr}><strong>{link_text(val, resolve)}</strong></p>")
        elif kind == "li":
            parts.append("<ul>" + "".join(f"<li>{link_text(v, resolve)}</li>" for v in val)
                         + "</ul>")
        elif kind == "img":
            n += 1
            src, cap = img_src(n), esc(val)
            if figure:
                parts.append(figure(src, cap))
            else:
                parts.append(
                    "<table class=\"image\" align=\"center\"><tbody><tr><td>"
                    f"<img src=\"{src}\" alt=\"\" width=\"600\"></td></tr>"
                    f"<tr><td class=\"image_desc\"><em>{cap}</em></td></tr></tbody></table>")
    return "\n".join(parts)


def counter_numbers(seed: str, base: int) -> tuple[int, int, int, int]:
    """(online, today, week, total) numbers for visitor counters, stable for a page."""
    rnd = random.Random(seed)
    return rnd.randint(5, 900), rnd.randint(300, 4000), rnd.randint(2000, 30000), base


def dots(n: int) -> str:
    """1203554 -> '1.203.554' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def now_vn() -> datetime:
    return datetime.utcnow() + timedelta(hours=7)


INTERNAL_DOCS = [
    (101, "Thông báo lịch sinh hoạt chi bộ và hội nghị cán bộ chủ chốt tháng 10",
     ["Thực hiện chương trình công tác năm, Văn phòng thông báo lịch sinh hoạt chi bộ định kỳ và "
      "hội nghị cán bộ chủ chốt trong tháng 10 như sau.",
      "Các chi bộ trực thuộc tổ chức sinh hoạt định kỳ vào ngày 03 hằng tháng; nội dung sinh hoạt "
      "chuyên đề tập trung vào việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
      "Đề nghị các đồng chí bí thư chi bộ chuẩn bị báo cáo, gửi về Văn phòng trước ngày 01 để "
      "tổng hợp. Tài liệu này chỉ lưu hành nội bộ."]),
    (102, "Hướng dẫn nội bộ về quy trình tiếp nhận, xử lý đơn thư của Nhân dân",
     ["Để thống nhất quy trình tiếp nhận, phân loại và xử lý đơn thư, Văn phòng hướng dẫn các bộ "
      "phận chuyên môn thực hiện một số nội dung sau.",
      "Mọi đơn thư phải được vào sổ theo dõi trong ngày; đơn thư thuộc thẩm quyền phải được xử lý "
      "đúng thời hạn, trả lời bằng văn bản cho người gửi.",
      "Bộ phận tổng hợp báo cáo kết quả xử lý đơn thư hằng tháng. Tài liệu lưu hành nội bộ, không "
      "đăng tải công khai."]),
    (103, "Dự thảo báo cáo sơ kết công tác quý III (lưu hành nội bộ)",
     ["Dự thảo báo cáo sơ kết công tác quý III, phương hướng nhiệm vụ quý IV được gửi đến các "
      "đồng chí trong Ban Thường vụ để góp ý.",
      "Ý kiến góp ý đề nghị gửi về Văn phòng bằng văn bản hoặc qua hộp thư công vụ trước ngày họp.",
      "Đây là tài liệu dự thảo, không sử dụng để trích dẫn, đăng tải."]),
]


def internal_doc(doc_id) -> tuple | None:
    for d in INTERNAL_DOCS:
        if str(d[0]) == str(doc_id):
            return d
    return None


ABOUT_TEXT = {
    "quangngai": [
        "Minh Long là huyện miền núi nằm ở phía Tây Nam tỉnh Quảng Ngãi, có 05 xã với 29 thôn; "
        "dân số trên 18.000 người, trong đó đồng bào dân tộc Hrê chiếm hơn 80%.",
        "Huyện được thành lập theo Nghị định số 72/CP ngày 19/9/1991 của Chính phủ. Trung tâm hành "
        "chính huyện đặt tại xã Long Hiệp.",
        "Kinh tế chủ yếu là nông, lâm nghiệp; huyện có tiềm năng phát triển du lịch sinh thái với "
        "thác Trắng, đồi chè Ba Tơ và nhiều lễ hội truyền thống của đồng bào Hrê.",
    ],
    "soctrang": [
        "Ban Tuyên giáo và Dân vận Tỉnh ủy là cơ quan tham mưu, giúp việc của Tỉnh ủy, được thành "
        "lập trên cơ sở hợp nhất Ban Tuyên giáo Tỉnh ủy và Ban Dân vận Tỉnh ủy.",
        "Ban có chức năng tham mưu, đề xuất với Tỉnh ủy về chủ trương, chính sách lớn thuộc lĩnh vực "
        "tuyên giáo, dân vận; đồng thời là cơ quan chuyên môn - nghiệp vụ về các lĩnh vực này.",
        "Trụ sở Ban đặt tại số 02 đường Trần Hưng Đạo, phường 3.",
    ],
    "quangbinh": [
        "Đảng bộ tỉnh Quảng Bình có truyền thống vẻ vang, gắn liền với lịch sử đấu tranh cách mạng "
        "và xây dựng quê hương.",
        "Trang thông tin điện tử Tỉnh ủy là kênh thông tin chính thống của Tỉnh ủy, cung cấp tin tức "
        "về hoạt động của cấp ủy, chính quyền, Mặt trận và các đoàn thể trong tỉnh.",
        "Mọi thông tin, phản ánh xin gửi về Văn phòng Tỉnh ủy.",
    ],
}
