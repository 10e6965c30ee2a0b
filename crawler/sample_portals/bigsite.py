"""Stories for the generated "big" portal: N distinct articles recombined from the corpus.

Each story gets a unique title (a place name and a corpus title), paragraphs assembled from
corpus sentences (so no two articles share a paragraph), a byline and a date in 2017–2026.
Deterministic for a given N. With a page weight (``serve_portals(names=["big"], big_page_kb=90)``)
its HTML pages carry realistic furniture up to 60–120 KB each (see ``padded``).
"""
from __future__ import annotations

import base64
import json
import random
import re
from datetime import datetime, timedelta

from .model import Story, plain
from .portal import Placement

PLACES = ["Lệ Thủy", "Quảng Ninh", "Bố Trạch", "Đồng Hới", "Ba Đồn", "Quảng Trạch", "Tuyên Hóa",
          "Minh Hóa", "Mỹ Xuyên", "Trần Đề", "Vĩnh Châu", "Ngã Năm", "Thạnh Trị", "Kế Sách",
          "Long Phú", "Cù Lao Dung", "Minh Long", "Ba Tơ", "Sơn Hà", "Trà Bồng"]
AUTHORS = ["Hoàng Hà", "Ngọc Lan", "Minh Phong", "Thanh Hải", "Lê Trang", "Công Hoan", None,
           "TS (tổng hợp)", "Bài và ảnh Ngọc Nguyên", "Hà Vi"]
CATS = ["tin-tuc", "xay-dung-dang", "dan-van"]


def _sentences(stories: dict) -> list[str]:
    out = []
    for s in stories.values():
        for kind, val in s.blocks:
            if kind == "p":
                out += [x.strip() for x in re.split(r"(?<=[.;])\s+", plain(val)) if len(x.split()) > 6]
    return out


def big_placements(stories: dict, n: int) -> tuple[list, dict]:
    """(placements, stories) for a portal of n generated articles."""
    rnd = random.Random(f"big-{n}")
    pool = _sentences(stories)
    base_titles = [s.title for s in stories.values()]
    start = datetime(2017, 1, 3, 7, 0)
    span = (datetime(2026, 3, 1) - start).total_seconds()
    generated, placements, seen = {}, [], set()
    for i in range(n):
        title = f"{rnd.choice(PLACES)}: {rnd.choice(base_titles)}"
        while title in seen:
            title = f"{title} (tiếp theo)"
        seen.add(title)
        dt = start + timedelta(seconds=int(span * (i + rnd.random()) / max(n, 1)))
        dt = dt.replace(second=0)
        paras = [" ".join(rnd.sample(pool, rnd.randint(2, 3))) for _ in range(rnd.randint(3, 6))]
        key = f"big-{i + 1:05d}"
        generated[key] = Story(key=key, title=title, blocks=tuple(("p", p) for p in paras),
                               author_line=rnd.choice(AUTHORS), dt=dt)
        cat = CATS[i % 3]
        placements.append(Placement(key, (cat,) if i % 4 else (cat, "tin-tuc"), "nukeviet"))
    return placements, generated


# ---------------------------------------------------------------------------------------------
# Page weight: real portals' pages are 60–120 KB, most of it furniture. With page_kb set, every
# HTML page of the big portal is padded to about page_kb KB (between 2/3 and 4/3 of it, varying
# per page, deterministic) with what real portals carry: a mega-menu, sidebar lists of other
# articles, photo/video boxes, a link directory in the footer, a hidden view-state field, inline
# theme CSS and a JSON-configured inline script. Without page_kb the pages are unchanged.

DISTRICT_SITES = [(p, f"http://{slug}.quangbinh.gov.vn") for p, slug in
                  [("Đồng Hới", "donghoi"), ("Ba Đồn", "badon"), ("Lệ Thủy", "lethuy"),
                   ("Quảng Ninh", "quangninh"), ("Bố Trạch", "botrach"), ("Quảng Trạch", "quangtrach"),
                   ("Tuyên Hóa", "tuyenhoa"), ("Minh Hóa", "minhhoa")]]
BOX_TITLES = ["Tin cùng chuyên mục", "Tin ảnh", "Video clip", "Tiêu điểm", "Văn bản mới",
              "Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
              "Chuyển đổi số", "Dân vận khéo", "Xây dựng Đảng", "Tin địa phương"]
MENU_ITEMS = ["Tin hoạt động", "Chỉ đạo - Điều hành", "Văn bản chỉ đạo", "Lịch công tác", "Tin địa phương",
              "Gương điển hình", "Dân vận khéo", "Tổ chức cơ sở Đảng", "Kiểm tra - Giám sát",
              "Tuyên truyền", "Nghiên cứu - Trao đổi", "Hỏi - Đáp", "Chuyển đổi số", "Thông báo",
              "Sự kiện - Bình luận", "Văn hóa - Xã hội", "Quốc phòng - An ninh", "Kinh tế"]


def padded(cls, page_kb: int):
    """A subclass of the portal class `cls` whose HTML pages weigh about page_kb KB."""
    from .chrome import attr, esc, inline_css
    from .textutil import short_date

    class Padded(cls):
        def page(self, title, main, seed, canonical=""):
            html = super().page(title, main, seed, canonical)
            rnd = random.Random(f"pad-{seed}")
            target = int(page_kb * 1024 * rnd.uniform(2 / 3, 4 / 3))
            extra = target - len(html.encode("utf-8"))
            if extra <= 0:
                return html
            head, body, foot = self._padding(rnd, extra)
            html = html.replace("</head>", head + "</head>", 1)
            html = html.replace("<div class=\"body-bg\">", body + "<div class=\"body-bg\">", 1)
            return html.replace("<footer id=\"footer\">", foot + "<footer id=\"footer\">", 1)

        def _padding(self, rnd, extra: int) -> tuple[str, str, str]:
            """(into <head>, before the page wrapper, before the footer): about `extra` bytes."""
            arts = self.listed()
            cats = [k for k, _ in self.categories]
            # ~15 %: a hidden view-state field, as ASP.NET-built or ported portals carry
            vs = base64.b64encode(rnd.randbytes(int(extra * 0.15 * 3 / 4))).decode()
            body = (f"<form method=\"post\" action=\"/\" id=\"form1\"><div class=\"aspNetHidden\">"
                    f"<input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"/wEPDwUKLTk1{vs}\">"
                    f"<input type=\"hidden\" name=\"__VIEWSTATEGENERATOR\" value=\"CA0B0334\"></div></form>")
            # ~25 %: inline theme CSS and a script configured with JSON (slider, menu data)
            css = inline_css(f"th{rnd.randint(0, 999)}", max(10, int(extra * 0.10 / 30)))
            slides, size = [], 0
            while size < extra * 0.15:
                a = rnd.choice(arts)
                s = (f"{{\"id\":{a.id},\"title\":{json.dumps(a.title, ensure_ascii=False)},"
                     f"\"link\":\"{self.article_path(a)}\",\"image\":\"{self.img(a)}\","
                     f"\"time\":\"{a.dt:%Y-%m-%dT%H:%M}\",\"hits\":{a.views}}}")
                slides.append(s)
                size += len(s.encode("utf-8"))
            head = (css + "<script type=\"text/javascript\">var nv_slider_data=[" + ",".join(slides) + "];"
                    "$(function(){$('#slider').nvslider({data:nv_slider_data,auto:true,pause:5000,"
                    "effect:'fade',onShow:function(i){$('#slider .caption').text(nv_slider_data[i].title)}})});"
                    "</script>")
            # the rest: a mega-menu, sidebar boxes of other articles, a footer directory
            menu = []
            for i, item in enumerate(rnd.sample(MENU_ITEMS, len(MENU_ITEMS))):
                cat = cats[i % len(cats)]
                subs = "".join(f"<li><a href=\"/{cat}/\" title=\"{attr(s)}\">{esc(s)}</a></li>"
                               for s in rnd.sample(MENU_ITEMS, 6))
                menu.append(f"<li class=\"dropdown\"><a href=\"/{cat}/\" class=\"dropdown-toggle\">{esc(item)}"
                            f"</a><ul class=\"dropdown-menu\">{subs}</ul></li>")
            body += f"<nav class=\"mega-menu hidden-xs\"><ul class=\"nav\">{''.join(menu)}</ul></nav>"
            districts = "".join(f"<li><a href=\"{u}\" target=\"_blank\">Cổng TTĐT huyện {esc(p)}</a></li>"
                                for p, u in DISTRICT_SITES)
            foot = (f"<div class=\"footer-links\"><div class=\"panel-heading\">Trang thông tin các địa phương"
                    f"</div><ul>{districts}</ul></div>")
            boxes, room = [], extra - len(body.encode("utf-8")) - len(head.encode("utf-8")) - len(foot.encode("utf-8"))
            while room > 200:
                name = rnd.choice(BOX_TITLES)
                room -= 200  # the box's own markup
                items = []
                for a in rnd.sample(arts, min(len(arts), rnd.randint(6, 12))):
                    item = (f"<li class=\"clearfix\"><a href=\"{self.article_path(a)}\" title=\"{attr(a.title)}\">"
                            f"<img src=\"{self.img(a)}\" alt=\"{attr(a.title)}\" width=\"80\" height=\"60\" "
                            f"class=\"img-thumbnail pull-left\"></a><a class=\"show\" href=\"{self.article_path(a)}\">"
                            f"{esc(a.title)}</a> <span class=\"text-muted small\">({short_date(a.dt)})</span></li>")
                    if room <= 0:
                        break
                    items.append(item)
                    room -= len(item.encode("utf-8"))
                boxes.append(f"<div class=\"panel panel-default box-news\"><div class=\"panel-heading\"><h3>{esc(name)}"
                             f"</h3></div><div class=\"panel-body\"><ul class=\"list-unstyled\">{''.join(items)}</ul>"
                             f"</div></div>")
            half = len(boxes) // 2
            body += "<aside class=\"boxes-top\">" + "".join(boxes[:half]) + "</aside>"
            foot = "<aside class=\"boxes-bottom\">" + "".join(boxes[half:]) + "</aside>" + foot
            return head, body, foot

    Padded.__name__ = Padded.__qualname__ = f"Padded{cls.__name__}"
    return Padded
