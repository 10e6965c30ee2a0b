"""Custom ASP.NET WebForms site of a provincial radio-TV station (like qbtv.vn).

URLs: articles ``/portal/pages/2024-5-31/slug-29591.aspx``; listings
``/portal/pages/tin-tuc.aspx?page=K``, ``/portal/pages/thoi-su.aspx?page=K`` and
``/portal/pages/dan-van.aspx`` then ``/portal/pages/dan-van/trang-K.html``; print copy
``/portal/Ban-in-<slug>-N.htm``; mobile copy ``/Mobile/News/N.aspx``. robots.txt names a sitemap
index pointing to an article sitemap and a Google news sitemap; some articles are listed nowhere
else. Unknown URLs answer 200 with a "page not found" page (soft 404). ``/admin/`` disallowed.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from ..chrome import (INTERNAL_DOCS, POLL_OPTS, POLL_Q, analytics_js, counter_numbers, dots, esc, gov_link_list,
                      inline_css, internal_doc, now_vn, poll, render_blocks, viewstate,
                      weather)
from ..portal import Portal, html_response, q1, qint, xml_response
from ..textutil import format_date, short_date, today_widget

P = "/portal/pages/"
ART_RE = re.compile(r"^/portal/pages/(\d{4})-(\d{1,2})-(\d{1,2})/([a-z0-9-]+)-(\d+)\.aspx$")


class AspNetPortal(Portal):
    family = "aspnet"
    server_header = "Microsoft-IIS/10.0"
    soft_404 = True
    disallowed = ["/admin/"]
    id_start, id_step = 29310, 17
    region = "quangbinh"
    per_page = 5
    default_style = "weekday_pipe"
    categories = [("thoi-su", "Thời sự"), ("dan-van", "Dân vận - Mặt trận")]
    site_name = "ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH QUẢNG BÌNH"

    def article_path(self, a) -> str:
        return f"{P}{a.dt.year}-{a.dt.month}-{a.dt.day}/{a.slug}-{a.id}.aspx"

    def list_url(self, cat: str, page: int) -> str:
        if cat == "dan-van" and page > 1:
            return f"{P}dan-van/trang-{page}.html"
        return f"{P}{cat}.aspx" + (f"?page={page}" if page > 1 else "")

    # ------------------------------------------------------------------ chrome
    def menu(self) -> str:
        groups = [
            ("Tin tức", P + "tin-tuc.aspx", [(lbl, self.list_url(k, 1)) for k, lbl in self.categories]),
            ("Truyền hình", P + "lich-phat-song.aspx", [("Lịch phát sóng", P + "lich-phat-song.aspx"),
                                                        ("Thời sự QBTV", P + "thoi-su.aspx")]),
            ("Quảng cáo", P + "bang-gia-quang-cao.aspx", [("Bảng giá quảng cáo", P + "bang-gia-quang-cao.aspx")]),
            ("Liên hệ", P + "lien-he.aspx", [("Liên hệ", P + "lien-he.aspx"),
                                             ("Sơ đồ trang", P + "so-do-trang.aspx"),
                                             ("Tin nội bộ", "/admin/tin-noi-bo.aspx")]),
        ]
        out = ["<li><a href=\"/\">Trang chủ</a></li>"]
        for t, u, subs in groups:
            lis = "".join(f"<li><a href=\"{su}\">{esc(st)}</a></li>" for st, su in subs)
            out.append(f"<li class=\"has-sub\"><a href=\"{u}\">{esc(t)}</a><ul class=\"sub\">{lis}</ul></li>")
        return f"<div id=\"menu\"><ul class=\"mainmenu\">{''.join(out)}</ul></div>"

    def right(self, seed: str) -> str:
        most = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a></li>"
                       for a in self.most_read())
        new = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a> <i>{short_date(a.dt)}</i></li>"
                      for a in self.listed()[:5])
        tags = "".join(f"<a href=\"/tim-kiem?q={quote(t)}\">{esc(t)}</a>, "
                       for t in ["dân vận khéo", "Mặt trận", "nông thôn mới"])
        online, today, week, total = counter_numbers(seed, 1203554)
        return (f"<div class=\"box xemnhieu\"><h3>Xem nhiều nhất</h3><ol>{most}</ol></div>"
                f"<div class=\"box tinmoi\"><h3>Tin mới</h3><ul>{new}</ul></div>"
                f"<div class=\"box tags\"><h3>Từ khóa</h3>{tags}</div>"
                f"<div class=\"box\">{poll(POLL_Q, POLL_OPTS, 'ctl00$rblPoll', P + 'lien-he.aspx')}</div>"
                + weather(self.region, seed) +
                f"<div class=\"box\"><h3>Liên kết</h3>{gov_link_list()}</div>"
                f"<div class=\"counter\">Đang online: {online} • Hôm nay: {dots(today)} • "
                f"Trong tuần: {dots(week)} • Tất cả: {dots(total)}</div>")

    def page(self, title: str, main: str, seed: str) -> str:
        return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link href="/portal/css/style.css" rel="stylesheet" type="text/css" />
<script src="/portal/js/jquery-1.8.3.min.js" type="text/javascript"></script>
{inline_css("qb" + seed[:6], 80)}
{analytics_js("UA-4471" + str(len(seed)))}
</head>
<body>
<form method="post" action="./{seed}.aspx" id="form1">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(seed, 12000)}" />
</div>
<script type="text/javascript">//<![CDATA[
var theForm = document.forms['form1'];function __doPostBack(eventTarget, eventArgument) {{ if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{ theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit(); }} }}
//]]></script>
<div id="header"><div class="topbar"><span class="date">{today_widget(now_vn())}</span>
<span class="live"><a href="{P}lich-phat-song.aspx">Xem truyền hình trực tuyến</a></span></div>
<div class="logo"><a href="/"><img src="/portal/images/logo-qbtv.png" alt="QBTV" /></a>
<span class="name">{self.site_name}</span></div>{self.menu()}
<div class="search"><input type="text" id="txtSearch" /><a href="/tim-kiem?q=">Tìm kiếm</a></div></div>
<div id="wrapper"><div class="col-main">{main}</div><div class="col-right">{self.right(seed)}</div></div>
<div id="footer"><p><b>{self.site_name}</b></p>
<p>Giấy phép số 241/GP-BTTTT ngày 14/6/2019 của Bộ Thông tin và Truyền thông</p>
<p>Chịu trách nhiệm chính: Giám đốc Đài PT-TH Quảng Bình</p>
<p>Địa chỉ: Số 01 Hùng Vương, TP. Đồng Hới, Quảng Bình. Điện thoại: 0232.3822.399. Đường dây nóng: 0913.295.666</p>
<p><a href="/admin/login.aspx">Quản trị</a> | <a href="/admin/tin-noi-bo.aspx">Tin nội bộ</a></p></div>
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{viewstate(seed + 'ev', 600)}" />
</form></body></html>"""

    def teaser(self, a, href: str | None = None) -> str:
        href = href or self.article_path(a)
        return (f"<div class=\"item\"><a href=\"{href}\"><img src=\"{self.img(a)}\" alt=\"{esc(a.title)}\" /></a>"
                f"<h3><a href=\"{href}\">{esc(a.title)}</a></h3><span class=\"time\">{short_date(a.dt)}</span>"
                f"<p>{esc(a.summary())}</p></div>")

    # ------------------------------------------------------------------ pages
    def home(self) -> str:
        items = self.listed()
        out = []
        if items:
            top = items[0]
            out.append(f"<div class=\"hot\"><h2>Tin nổi bật</h2>"
                       f"{self.teaser(top, self.article_path(top) + '?fbclid=IwAR2xQbTv0kQ9ZqYq')}</div>")
        for k, lbl in self.categories:
            out.append(f"<div class=\"cat\"><h2><a href=\"{self.list_url(k, 1)}\">{lbl}</a></h2>"
                       + "".join(self.teaser(a) for a in self.listed(k)[:3]) + "</div>")
        return self.page("QBTV - Đài Phát thanh và Truyền hình Quảng Bình", "".join(out), "home")

    def listing(self, cat: str, page: int) -> str | None:
        items = self.listed(None if cat == "tin-tuc" else cat)
        shown, last = self.page_of(items, page)
        if page > last:
            return None
        links = "".join(f"<a href=\"{self.list_url(cat, k)}\">{k}</a> " if k != page else f"<b>{k}</b> "
                        for k in range(1, last + 1))
        nxt = f"<a href=\"{self.list_url(cat, page + 1)}\">Trang sau »</a>" if page < last else ""
        label = "Tin tức" if cat == "tin-tuc" else self.cat_label(cat)
        main = (f"<div class=\"breadcrumb\"><a href=\"/\">Trang chủ</a> » {label}</div><h1>{label}</h1>"
                + "".join(self.teaser(a) for a in shown) + f"<div class=\"pager\">{links}{nxt}</div>")
        return self.page(label, main, f"{cat}{page}")

    def body(self, a) -> str:
        body = render_blocks(a.blocks, self.resolve, lambda n: self.img(a, n),
                             figure=lambda s, c: (f"<div class=\"img-center\"><img src=\"{s}\" alt=\"\" />"
                                                  f"<div class=\"caption\">{c}</div></div>"))
        if a.author_line:
            body += f"\n<p class=\"author\" style=\"text-align:right\"><strong>{esc(a.author_line)}</strong></p>"
        if a.source_line:
            body += f"\n<p>{esc(a.source_line)}</p>"
        return body

    def article(self, a) -> str:
        related = "".join(f"<li><a href=\"{self.article_path(b)}\">{esc(b.title)}</a></li>"
                          for b in self.related(a, 4))
        cat = a.cats[0]
        main = f"""<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="{self.list_url(cat, 1)}">{self.cat_label(cat)}</a></div>
<div class="detail"><h1 class="title">{esc(a.title)}</h1>
<div class="date">{format_date(a.dt, a.date_style, a.views)}</div>
<div class="content" id="ctl00_ContentPlaceHolder1_divContent">{self.body(a)}</div>
<div class="tool"><a href="{P}gui-cho-ban-be.aspx?id={a.id}">Gửi cho bạn bè</a> |
<a href="/portal/Ban-in-{a.slug}-{a.id}.htm" target="_blank">Bản in</a> |
<a href="/Mobile/News/{a.id}.aspx">Bản di động</a></div>
<div class="other"><h3>Các tin khác</h3><ul>{related}</ul></div></div>"""
        return self.page(a.title, main, f"art{a.id}")

    def simple(self, title: str, paras: list, seed: str, extra: str = "") -> str:
        return self.page(title, f"<h1>{esc(title)}</h1>" + "".join(f"<p>{esc(p)}</p>" for p in paras)
                         + extra, seed)

    def sitemaps(self, path: str):
        if path == "/sitemap.xml":
            subs = "".join(f"<sitemap><loc>{self.url(u)}</loc></sitemap>"
                           for u in ("/sitemap-articles.xml", "/sitemap-news.xml"))
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sitemapindex xmlns=\"http://"
                                f"www.sitemaps.org/schemas/sitemap/0.9\">{subs}</sitemapindex>")
        arts = self.snapshot()
        if path == "/sitemap-articles.xml":
            rows = "".join(f"<url><loc>{self.article_url(a)}</loc><lastmod>{a.dt:%Y-%m-%d}</lastmod></url>"
                           for a in arts)
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www."
                                f"sitemaps.org/schemas/sitemap/0.9\">{rows}</urlset>")
        if path == "/sitemap-news.xml":
            rows = "".join(
                f"<url><loc>{self.article_url(a)}</loc><news:news><news:publication><news:name>QBTV"
                f"</news:name><news:language>vi</news:language></news:publication><news:publication_date>"
                f"{a.published()}</news:publication_date><news:title>{esc(a.title)}"
                f"</news:title></news:news></url>" for a in arts[:10])
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www."
                                "sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/"
                                f"schemas/sitemap-news/0.9\">{rows}</urlset>")
        return None

    def route(self, path, query):
        if path in ("/", "/default.aspx"):
            return html_response(self.home())
        m = ART_RE.match(path)
        if m:
            a = self.by_id(m.group(5))
            if a and self.article_path(a) == path:
                return html_response(self.article(a), encoding=a.encoding)
            return None
        if path.startswith("/sitemap"):
            return self.sitemaps(path)
        if path == P + "tin-tuc.aspx":
            page = self.listing("tin-tuc", qint(query, "page"))
            return html_response(page) if page else None
        for k, _ in self.categories:
            if path == f"{P}{k}.aspx":
                page = self.listing(k, qint(query, "page"))
                return html_response(page) if page else None
        m = re.match(r"^/portal/pages/dan-van/trang-(\d+)\.html$", path)
        if m:
            page = self.listing("dan-van", int(m.group(1)))
            return html_response(page) if page else None
        m = re.match(r"^/portal/Ban-in-[a-z0-9-]+-(\d+)\.htm$", path) or \
            re.match(r"^/Mobile/News/(\d+)\.aspx$", path)
        if m:
            a = self.by_id(m.group(1))
            if not a:
                return None
            onload = " onload=\"window.print()\"" if "Ban-in" in path else ""
            return html_response(f"<html><head><meta charset=\"utf-8\"><title>{esc(a.title)}</title></head>"
                                 f"<body{onload}><div class=\"print\"><p>QBTV</p><h1>{esc(a.title)}</h1>"
                                 f"<p>{format_date(a.dt, a.date_style)}</p>{self.body(a)}</div></body></html>")
        if path == P + "gui-cho-ban-be.aspx":
            a = self.by_id(q1(query, "id"))
            return html_response(self.simple("Gửi cho bạn bè", [f"Gửi bài: {a.title if a else ''}"], "send",
                                             "<p>Email người nhận: <input name=\"email\"/></p>"
                                             "<p>Lời nhắn: <textarea></textarea></p><input type=\"submit\" value=\"Gửi\"/>"))
        if path == "/tim-kiem":
            kw = q1(query, "q")
            hits = [a for a in self.listed() if kw and kw.lower() in a.title.lower() + " ".join(a.paragraphs()).lower()]
            return html_response(self.simple(f"Tìm kiếm: {kw}", [f"Có {len(hits)} kết quả phù hợp."], "search",
                                             "".join(self.teaser(a) for a in hits[:10])))
        if path == P + "lich-phat-song.aspx":
            rows = "".join(f"<tr><td>{h:02d}:00</td><td>{p}</td></tr>" for h, p in
                           [(5, "Chào buổi sáng"), (11, "Thời sự trưa"), (18, "Thời sự QBTV"), (20, "Phim truyện")])
            return html_response(self.simple("Lịch phát sóng", [], "lich", f"<table>{rows}</table>"))
        if path == P + "lien-he.aspx":
            return html_response(self.simple("Liên hệ", ["Đài PT-TH Quảng Bình, số 01 Hùng Vương, Đồng Hới.",
                                                         "Điện thoại: 0232.3822.399"], "lienhe"))
        if path == P + "so-do-trang.aspx":
            links = "".join(f"<li><a href=\"{self.list_url(k, 1)}\">{l}</a></li>" for k, l in self.categories)
            return html_response(self.simple("Sơ đồ trang", [], "sodo", f"<ul>{links}</ul>"))
        if path == "/admin/tin-noi-bo.aspx":
            links = "".join(f"<li><a href=\"/admin/tin-noi-bo/{d[0]}.aspx\">{esc(d[1])}</a></li>" for d in INTERNAL_DOCS)
            return html_response(self.simple("Tin nội bộ", [], "noibo", f"<ul>{links}</ul>"))
        m = re.match(r"^/admin/tin-noi-bo/(\d+)\.aspx$", path)
        if m and internal_doc(m.group(1)):
            d = internal_doc(m.group(1))
            return html_response(self.simple(d[1], d[2], f"nb{d[0]}"))
        return None

    def robots(self) -> str:
        return super().robots() + f"Sitemap: {self.url('/sitemap.xml')}\n"

    def not_found_page(self) -> str:
        return self.simple("Không tìm thấy trang yêu cầu",
                           ["Trang bạn tìm không tồn tại hoặc đã bị xóa.",
                            "Vui lòng quay lại trang chủ hoặc sử dụng chức năng tìm kiếm."], "404")
