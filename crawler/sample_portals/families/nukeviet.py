"""NukeViet 4 site of a provincial Party committee (like tinhuybinhphuoc.vn).

URLs: categories ``/<cat>/`` then ``/<cat>/page-K``; articles ``/<cat>/<slug>-N.html``; print copy
``/print/<cat>/<slug>-N.html``; send-to-friend ``/sendmail/<cat>/<slug>-N.html``; tags
``/news/tag/<tag>`` and ``/news/tag/<tag>/page-K``; search ``/seek/?q=``; poll results
``/voting/result-3.html``; sitemap index ``/sitemap.xml``. Dates print as
"Chủ nhật - 09/10/2022 22:58" immediately followed by the view count. ``/admin/``, ``/noi-bo/``
disallowed but linked.
"""
from __future__ import annotations

import re

from ..chrome import (ABOUT_TEXT, INTERNAL_DOCS, POLL_OPTS, POLL_Q, analytics_js, dots, esc,
                      gov_link_list, inline_css, internal_doc, now_vn, poll, render_blocks, weather)
from ..portal import Portal, html_response, q1, xml_response
from ..textutil import format_date, short_date, slugify, today_widget

ART_RE = re.compile(r"^/(print/|sendmail/)?([a-z-]+)/([a-z0-9-]+)-(\d+)\.html$")
TAGS = ["xay-dung", "dan-van", "mat-tran", "dan-chu"]


class NukeVietPortal(Portal):
    family = "nukeviet"
    server_header = "Apache/2.4.41 (Ubuntu)"
    disallowed = ["/admin/", "/data/", "/includes/", "/noi-bo/"]
    id_start, id_step = 4210, 13
    region = "quangbinh"
    per_page = 5
    default_style = "nukeviet"
    categories = [("tin-tuc", "Tin tức"), ("xay-dung-dang", "Xây dựng Đảng"), ("dan-van", "Công tác dân vận")]
    site_name = "TRANG THÔNG TIN ĐIỆN TỬ TỈNH ỦY QUẢNG BÌNH"

    def article_path(self, a) -> str:
        return f"/{a.cats[0]}/{a.slug}-{a.id}.html"

    def cat_url(self, cat: str, page: int = 1) -> str:
        return f"/{cat}/" + (f"page-{page}" if page > 1 else "")

    def tags_of(self, a) -> list:
        return [t for t in TAGS if (a.id + TAGS.index(t)) % 2 == 0] or ["xay-dung"]

    # ------------------------------------------------------------------ chrome
    def header(self) -> str:
        menu = "".join(f"<li><a href=\"{self.cat_url(k)}\" title=\"{l}\">{esc(l)}</a>"
                       f"<ul class=\"subs\"><li><a href=\"/news/tag/{TAGS[i % 4]}\">Chủ đề {TAGS[i % 4]}</a></li></ul></li>"
                       for i, (k, l) in enumerate(self.categories))
        return f"""<div class="topbar"><span class="current-time">{today_widget(now_vn(), 'lower')}</span>
<div class="accessibility">Cỡ chữ: <a href="#">A-</a> <a href="#">A</a> <a href="#">A+</a> | Tương phản: <a href="#">Đen</a> <a href="#">Trắng</a></div></div>
<div class="logo"><a href="/"><img src="/uploads/logo-tinhuy.png" alt="Tỉnh ủy Quảng Bình"></a><h1>{self.site_name}</h1></div>
<nav class="second-nav"><ul class="nav navbar-nav"><li><a href="/">Trang nhất</a></li>{menu}
<li><a href="/gioi-thieu.html">Giới thiệu</a></li><li><a href="/noi-bo/">Tài liệu nội bộ</a></li>
<li><a href="/contact/">Liên hệ</a></li><li><a href="/admin/">Quản trị</a></li></ul></nav>
<form action="/seek/" method="get" class="headerSearch"><input type="text" name="q" placeholder="Tìm kiếm..."></form>"""

    def right(self, seed: str) -> str:
        new = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a></li>" for a in self.listed()[:6])
        most = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a> <span>{short_date(a.dt)}</span></li>"
                       for a in self.most_read())
        tags = " ".join(f"<a href=\"/news/tag/{t}\">{t}</a>" for t in TAGS)
        return (f"<div class=\"panel\"><div class=\"panel-heading\">Tin mới</div><ul>{new}</ul></div>"
                f"<div class=\"panel\"><div class=\"panel-heading\">Xem nhiều nhất</div><ul>{most}</ul></div>"
                f"<div class=\"panel\"><div class=\"panel-heading\">Thăm dò ý kiến</div>"
                f"{poll(POLL_Q, POLL_OPTS, 'option', '/voting/', True, '/voting/result-3.html')}</div>"
                f"<div class=\"panel\"><div class=\"panel-heading\">Chủ đề</div>{tags}</div>"
                + weather(self.region, seed) +
                f"<div class=\"panel\"><div class=\"panel-heading\">Liên kết website</div>{gov_link_list()}</div>"
                f"<div class=\"panel counter\">Thống kê: {dots(281950)} Online: 140</div>")

    def page(self, title: str, main: str, seed: str, canonical: str = "") -> str:
        canon = f"<link rel=\"canonical\" href=\"{canonical}\">" if canonical else ""
        return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head><title>{esc(title)} - Tỉnh ủy Quảng Bình</title>
<meta name="description" content="{esc(title)}"><meta name="generator" content="NukeViet v4.4">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">{canon}
<link rel="alternate" href="/rss/" title="Tin Tức" type="application/rss+xml">
<link rel="StyleSheet" href="/themes/default/css/font-awesome.min.css"><link rel="StyleSheet" href="/themes/tinhuy/css/style.css">
<script src="/assets/js/jquery/jquery.min.js"></script>
<script>var nv_base_siteurl="/",nv_lang_data="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",nv_module_name="news",nv_func_name="main",nv_is_user=0,nv_my_ofs=7,nv_my_abbr="+07",nv_cookie_prefix="nv4c_e8Yq1",nv_check_pass_mstime=1738000,nv_area_admin=0,nv_safemode=0,theme_responsive=1;</script>
{inline_css("nv" + seed[:6], 360)}
{analytics_js("G-TUQB" + str(len(seed)))}
</head>
<body><noscript><div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.</div></noscript>
<div class="body-bg"><div class="wraper"><header>{self.header()}</header>
<section><div class="container" id="body"><div class="row">
<div class="col-md-16">{main}</div><div class="col-md-8">{self.right(seed)}</div></div></div></section>
<footer id="footer"><div class="wraper"><p><strong>{self.site_name}</strong></p>
<p>Cơ quan chủ quản: Tỉnh ủy Quảng Bình. Giấy phép số 45/GP-TTĐT ngày 10/4/2018 của Cục Phát thanh, truyền hình và thông tin điện tử.</p>
<p>Chịu trách nhiệm chính: Chánh Văn phòng Tỉnh ủy. Địa chỉ: Số 10 Quang Trung, TP. Đồng Hới. ĐT: 0232.3822.512. Đường dây nóng: 0232.3822.999</p>
<p>Thống kê: {dots(281950)} Online: 140</p><p>Bản quyền thuộc về Tỉnh ủy Quảng Bình. Powered by NukeViet CMS.</p></div></footer>
</div></div><div id="timeoutsess" class="chromeframe">Bạn đã không sử dụng Site, <a onclick="timeoutsesscancel();" href="#">Bấm vào đây để duy trì trạng thái đăng nhập</a>.</div>
<script src="/themes/default/js/main.js"></script></body></html>"""

    def teaser(self, a) -> str:
        href = self.article_path(a)
        return (f"<div class=\"news_column panel\"><div class=\"panel-body\"><a href=\"{href}\" title=\"{esc(a.title)}\">"
                f"<img alt=\"{esc(a.title)}\" src=\"{self.img(a)}\" width=\"183\" class=\"img-thumbnail pull-left imghome\"></a>"
                f"<h3><a href=\"{href}\">{esc(a.title)}</a></h3><div class=\"text-muted\"><ul class=\"list-unstyled list-inline\">"
                f"<li><em class=\"fa fa-clock-o\">&nbsp;</em> {format_date(a.dt, a.date_style)}</li>"
                f"<li><em class=\"fa fa-eye\">&nbsp;</em> Đã xem: {a.views}</li></ul></div>"
                f"<p>{esc(a.summary())}</p></div></div>")

    # ------------------------------------------------------------------ pages
    def home(self) -> str:
        out = []
        for k, l in self.categories:
            out.append(f"<div class=\"panel\"><div class=\"panel-heading\"><a href=\"{self.cat_url(k)}\">{esc(l)}</a></div>"
                       + "".join(self.teaser(a) for a in self.listed(k)[:2]) + "</div>")
        return self.page("Trang nhất", "".join(out), "home")

    def listing(self, title: str, items: list, page: int, url_of, seed: str) -> str | None:
        shown, last = self.page_of(items, page)
        if page > last:
            return None
        nums = "".join(f"<li class=\"active\"><a href=\"#\">{k}</a></li>" if k == page else
                       f"<li><a href=\"{url_of(k)}\">{k}</a></li>" for k in range(1, last + 1))
        nxt = f"<li><a href=\"{url_of(page + 1)}\">&raquo;</a></li>" if page < last else ""
        main = (f"<ul class=\"breadcrumbs\"><li><a href=\"/\">Trang nhất</a></li><li>{esc(title)}</li></ul>"
                f"<h1>{esc(title)}</h1>" + "".join(self.teaser(a) for a in shown)
                + f"<div class=\"text-center\"><ul class=\"pagination\">{nums}{nxt}</ul></div>")
        return self.page(title, main, seed)

    def body_html(self, a) -> str:
        body = render_blocks(a.blocks, self.resolve, lambda n: self.img(a, n),
                             p_attr=" style=\"text-align: justify;\"",
                             figure=lambda s, c: (f"<figure class=\"image\"><img src=\"{s}\" alt=\"\" width=\"700\">"
                                                  f"<figcaption>{c}</figcaption></figure>"))
        if a.author_line:
            body += f"\n<p style=\"text-align: right;\"><strong>{esc(a.author_line)}</strong></p>"
        if a.source_line:
            body += f"\n<p style=\"text-align: right;\"><em>{esc(a.source_line)}</em></p>"
        return body

    def article(self, a) -> str:
        cat = a.cats[0]
        rel = "".join(f"<li><a href=\"{self.article_path(b)}\">{esc(b.title)}</a> <em>({short_date(b.dt)})</em></li>"
                      for b in self.related(a, 5))
        tags = ", ".join(f"<a href=\"/news/tag/{t}\">{t}</a>" for t in self.tags_of(a))
        voices = "".join(f"<option value=\"{i}\">{v}</option>" for i, v in
                         enumerate(["Giọng nữ miền Bắc", "Giọng nam miền Bắc", "Giọng nữ miền Nam", "Giọng nam miền Trung"]))
        main = f"""<ul class="breadcrumbs"><li><a href="/">Trang nhất</a></li><li><a href="{self.cat_url(cat)}">{esc(self.cat_label(cat))}</a></li></ul>
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{esc(a.title)}</h1>
<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5"><span class="h-date">{format_date(a.dt, a.date_style)}</span><span class="hitstotal">{a.views}</span></span></div>
<div class="col-md-12"><ul class="list-inline text-right"><li><a class="dimgray" rel="nofollow" title="Gửi bài viết qua email" href="/sendmail/{cat}/{a.slug}-{a.id}.html"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="In ra" href="/print/{cat}/{a.slug}-{a.id}.html"><em class="fa fa-print fa-lg">&nbsp;</em> Bản in</a></li></ul></div></div>
<div class="tts"><label>Nghe đọc bài viết:</label> <select id="voice">{voices}</select> <button type="button">Nghe</button></div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{self.body_html(a)}</div>
</div></div>
<div class="news_column panel"><div class="panel-body"><div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong>{tags}</div></div></div>
<div class="news_column panel"><div class="panel-body"><form class="rating"><p>Bài viết hay? Hãy đánh giá</p>
<div class="star">{''.join(f'<input type="radio" name="star" value="{i}">' for i in range(1, 6))}</div>
<span>Tổng điểm của bài viết là: {a.views % 50} trong {a.views % 11} đánh giá</span></form></div></div>
<div class="news_column panel"><div class="panel-body other-news"><p class="h3"><strong>Những tin mới hơn / cũ hơn</strong></p><ul class="related">{rel}</ul></div></div>"""
        return self.page(a.title, main, f"art{a.id}", self.article_url(a))

    def simple(self, title: str, paras: list, seed: str, extra: str = "") -> str:
        return self.page(title, f"<h1>{esc(title)}</h1>" + "".join(f"<p>{esc(p)}</p>" for p in paras) + extra, seed)

    def route(self, path, query):
        if path in ("/", "/index.php"):
            return html_response(self.home())
        m = ART_RE.match(path)
        if m and m.group(2) in dict(self.categories):
            a = self.by_id(m.group(4))
            if not a or a.cats[0] != m.group(2) or a.slug != m.group(3):
                return None
            if m.group(1) == "print/":
                return html_response(f"<html><head><meta charset=\"utf-8\"><title>{esc(a.title)}</title></head>"
                                     f"<body onload=\"window.print();\"><div id=\"print\"><h1>{esc(a.title)}</h1>"
                                     f"<p>{format_date(a.dt, a.date_style)}</p>{self.body_html(a)}</div></body></html>")
            if m.group(1) == "sendmail/":
                return html_response(self.simple("Gửi bài viết cho bạn bè", [a.title], "send",
                                                 "<form><p>Email bạn bè: <input name=\"friend_email\"></p>"
                                                 "<p>Tên của bạn: <input name=\"your_name\"></p><button>Gửi</button></form>"))
            return html_response(self.article(a), encoding=a.encoding)
        m = re.match(r"^/([a-z-]+)/(?:page-(\d+))?$", path)
        if m and m.group(1) in dict(self.categories):
            cat = m.group(1)
            page = self.listing(self.cat_label(cat), self.listed(cat), int(m.group(2) or 1),
                                lambda k: self.cat_url(cat, k), f"{cat}{m.group(2)}")
            return html_response(page) if page else None
        m = re.match(r"^/news/tag/([a-z-]+)(?:/page-(\d+))?$", path)
        if m and m.group(1) in TAGS:
            tag = m.group(1)
            items = [a for a in self.listed() if tag in self.tags_of(a)]
            page = self.listing(f"Chủ đề: {tag}", items, int(m.group(2) or 1),
                                lambda k: f"/news/tag/{tag}" + (f"/page-{k}" if k > 1 else ""), f"tag{tag}")
            return html_response(page) if page else None
        if path == "/rss/":
            return self.rss("Tin Tức - Tỉnh ủy Quảng Bình", "/rss/")
        if path == "/seek/":
            kw = q1(query, "q")
            hits = [a for a in self.listed() if kw and kw.lower() in (a.title + " ".join(a.paragraphs())).lower()]
            return html_response(self.simple(f"Tìm kiếm: {kw}", [f"Có {len(hits)} kết quả"], "seek",
                                             "".join(self.teaser(a) for a in hits)))
        if path == "/voting/result-3.html":
            rows = "".join(f"<tr><td>{esc(o)}</td><td>{n}</td></tr>" for o, n in zip(POLL_OPTS, [412, 233, 57, 12]))
            return html_response(self.simple("Kết quả thăm dò ý kiến", [POLL_Q], "vote", f"<table>{rows}</table>"))
        if path == "/contact/":
            return html_response(self.simple("Liên hệ", ["Văn phòng Tỉnh ủy Quảng Bình", "ĐT: 0232.3822.512"], "contact",
                                             "<form><input name=\"fname\"><textarea name=\"fcon\"></textarea><button>Gửi</button></form>"))
        if path == "/gioi-thieu.html":
            return html_response(self.simple("Giới thiệu", ABOUT_TEXT[self.region], "about"))
        if path == "/sitemap.xml":
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sitemapindex xmlns=\"http://www.sitemaps.org/"
                                f"schemas/sitemap/0.9\"><sitemap><loc>{self.url('/sitemap-vi.news.xml')}</loc></sitemap></sitemapindex>")
        if path == "/sitemap-vi.news.xml":
            rows = "".join(f"<url><loc>{self.article_url(a)}</loc><lastmod>{a.dt:%Y-%m-%dT%H:%M:%S}+07:00</lastmod></url>"
                           for a in self.listed())
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/"
                                f"schemas/sitemap/0.9\">{rows}</urlset>")
        if path == "/noi-bo/":
            links = "".join(f"<li><a href=\"/noi-bo/{slugify(d[1])}-{d[0]}.html\">{esc(d[1])}</a></li>" for d in INTERNAL_DOCS)
            return html_response(self.simple("Tài liệu nội bộ", [], "noibo", f"<ul>{links}</ul>"))
        m = re.match(r"^/noi-bo/[a-z0-9-]+-(\d+)\.html$", path)
        if m and internal_doc(m.group(1)):
            d = internal_doc(m.group(1))
            return html_response(self.simple(d[1], d[2], f"nb{d[0]}"))
        return None

    def robots(self) -> str:
        return super().robots() + f"Sitemap: {self.url('/sitemap.xml')}\n"

    def not_found_page(self) -> str:
        return self.simple("Lỗi 404", ["Không tìm thấy trang yêu cầu."], "404")

