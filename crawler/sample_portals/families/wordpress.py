"""WordPress theme of a provincial Party newspaper (like baosoctrang / thvl.vn).

URLs: categories ``/chuyen-muc/<slug>/`` and ``/chuyen-muc/<slug>/page/K/``; articles
``/YYYY/MM/DD/<slug>/`` (``/?p=N`` redirects there, ``?print=1`` is a print copy); tags
``/tag/<slug>/``; RSS ``/feed/`` (latest 10, linked from <head>); ``/wp-sitemap.xml``; search
``/tim-kiem?q=``; calendar trap ``/lich/YYYY-MM-DD`` (every day links to the next and previous
day, forever). "Tin liên quan" sits inside ``<article class="post">``. ``/wp-admin/`` and
``/noi-bo/`` are disallowed but linked.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import quote

from ..chrome import (INTERNAL_DOCS, POLL_OPTS, POLL_Q, analytics_js, attr, calendar,
                      counter_numbers, dots, esc, inline_css, internal_doc, poll,
                      now_vn, render_blocks, weather)
from ..portal import Portal, Response, html_response, q1, redirect, xml_response
from ..textutil import format_date, shown_dt, slugify, today_widget

ART_RE = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/$")


class WordPressPortal(Portal):
    family = "wordpress"
    server_header = "nginx"
    disallowed = ["/wp-admin/", "/noi-bo/"]
    id_start, id_step = 12870, 11
    region = "soctrang"
    per_page = 5
    default_style = "time_dash"
    categories = [("chinh-tri", "Chính trị"), ("xa-hoi", "Xã hội"), ("mat-tran", "Mặt trận - Đoàn thể")]
    site_name = "Báo Sóc Trăng"

    def article_path(self, a) -> str:
        return f"/{a.dt:%Y/%m/%d}/{a.slug}/"

    def cat_url(self, cat: str, page: int = 1) -> str:
        return f"/chuyen-muc/{cat}/" + (f"page/{page}/" if page > 1 else "")

    # ------------------------------------------------------------------ chrome
    def header(self) -> str:
        menu = "".join(f"<li class=\"menu-item\"><a href=\"{self.cat_url(k)}\">{esc(l)}</a></li>"
                       for k, l in self.categories)
        extra = ("<li class=\"menu-item\"><a href=\"/gioi-thieu/\">Giới thiệu</a></li>"
                 "<li class=\"menu-item\"><a href=\"/lien-he/\">Liên hệ</a></li>"
                 "<li class=\"menu-item\"><a href=\"/so-do-trang/\">Sơ đồ trang</a></li>"
                 "<li class=\"menu-item\"><a href=\"/noi-bo/\">Nội bộ</a></li>")
        return f"""<div class="top-bar"><span class="today">{today_widget(now_vn())}</span>
<span class="hotline">Hotline: 0299.3821.457</span> <a href="/wp-admin/">Đăng nhập</a></div>
<div class="banner"><a href="/"><img src="/wp-content/uploads/logo-bst.png" alt="Báo Sóc Trăng" /></a>
<div class="slogan">NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH SÓC TRĂNG LẦN THỨ XV, NHIỆM KỲ 2025 - 2030</div></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item home"><a href="/">Trang chủ</a></li>{menu}{extra}</ul></nav>
<form role="search" class="search-form" action="/tim-kiem"><input type="search" name="q" placeholder="Tìm kiếm …" /></form>"""

    def sidebar(self, seed: str) -> str:
        top = "".join(f"<li><a href=\"{self.article_path(a)}?utm_source=docnhieu&amp;utm_medium=widget\">"
                      f"{esc(a.title)}</a></li>" for a in self.most_read())
        latest = self.listed()
        pick = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a></li>" for a in latest[3:6])
        month = latest[0].dt.date() if latest else date(2024, 6, 1)
        new = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a></li>" for a in latest[:5])
        online, today, _, total = counter_numbers(seed, 8452310)
        return (f"<aside id=\"secondary\" class=\"widget-area\">"
                f"<section class=\"widget\"><h2 class=\"widget-title\">Đọc nhiều</h2><ol>{top}</ol></section>"
                f"<section class=\"widget\"><h2 class=\"widget-title\">Có thể bạn quan tâm</h2><ul>{pick}</ul></section>"
                f"<section class=\"widget\">{calendar(month, lambda d: f'/lich/{d:%Y-%m-%d}')}</section>"
                f"<section class=\"widget\"><h2 class=\"widget-title\">Tin mới</h2><ul>{new}</ul></section>"
                f"<section class=\"widget\">{weather(self.region, seed)}</section>"
                f"<section class=\"widget\">{poll(POLL_Q, POLL_OPTS, 'wp-poll', '/lien-he/')}</section>"
                f"<section class=\"widget counter\"><h2 class=\"widget-title\">Lượt truy cập</h2>"
                f"<p>Đang truy cập: {online}</p><p>Hôm nay: {dots(today)}</p><p>Tổng lượt truy cập: {dots(total)}</p></section>"
                "<section class=\"widget\"><h2 class=\"widget-title\">Từ khóa nổi bật</h2>"
                "<a href=\"/tim-kiem?q=d%C3%A2n+v%E1%BA%ADn\">dân vận</a> "
                "<a href=\"/tim-kiem?q=M%E1%BA%B7t+tr%E1%BA%ADn\">Mặt trận</a></section>"
                f"<section class=\"widget\"><h2 class=\"widget-title\">Đường dây nóng</h2><p>0299.3821.457 - 0918.123.456</p></section>"
                f"</aside>")

    def page(self, title: str, main: str, seed: str, head_extra: str = "", body_class: str = "home") -> str:
        return f"""<!doctype html>
<html lang="vi">
<head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - Báo Sóc Trăng</title>
<link rel="alternate" type="application/rss+xml" title="Báo Sóc Trăng &raquo; Dòng thông tin" href="{self.url('/feed/')}" />
<link rel="stylesheet" id="theme-css" href="/wp-content/themes/baost/style.css?ver=5.8.2" media="all" />
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.6.0" id="jquery-core-js"></script>
{head_extra}
{inline_css("wp" + seed[:6], 380)}
{analytics_js("G-BST" + str(len(seed)))}
</head>
<body class="{body_class}">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#primary">Chuyển đến nội dung</a>
<header id="masthead" class="site-header">{self.header()}</header>
<div id="content" class="site-content"><main id="primary" class="site-main">{main}</main>{self.sidebar(seed)}</div>
<footer id="colophon" class="site-footer"><div class="site-info">
<p><strong>BÁO SÓC TRĂNG - CƠ QUAN CỦA ĐẢNG BỘ ĐẢNG CỘNG SẢN VIỆT NAM TỈNH SÓC TRĂNG</strong></p>
<p>Giấy phép số 98/GP-BTTTT ngày 12/3/2021. Tổng Biên tập: Nguyễn Văn Sáu</p>
<p>Địa chỉ: 16 Nguyễn Chí Thanh, Phường 6, TP. Sóc Trăng. Điện thoại: 0299.3821.457. Hotline: 0918.123.456</p>
<p>POWERED BY WORDPRESS - THIẾT KẾ BỞI VNPT SÓC TRĂNG</p></div></footer></div>
<script src="/wp-includes/js/wp-embed.min.js?ver=5.8.2"></script>
</body></html>"""

    def teaser(self, a) -> str:
        href = self.article_path(a)
        return (f"<article class=\"post-{a.id} post type-post status-publish format-standard has-post-thumbnail\">"
                f"<a class=\"post-thumbnail\" href=\"{href}\"><img src=\"{self.img(a)}\" alt=\"\" /></a>"
                f"<h2 class=\"entry-title\"><a href=\"{href}\" rel=\"bookmark\">{esc(a.title)}</a></h2>"
                f"<div class=\"entry-meta\"><span class=\"posted-on\">{format_date(a.dt, a.date_style)}</span>"
                f" <a href=\"{href}#comments\">(0) Bình luận</a></div>"
                f"<div class=\"entry-summary\"><p>{esc(a.summary())}</p></div></article>")

    # ------------------------------------------------------------------ pages
    def home(self) -> str:
        items = self.listed()
        out = ["<section class=\"featured\">" + "".join(self.teaser(a) for a in items[:4]) + "</section>"]
        for k, l in self.categories:
            out.append(f"<section class=\"cat-block\"><h2><a href=\"{self.cat_url(k)}\">{esc(l)}</a></h2>"
                       + "".join(self.teaser(a) for a in self.listed(k)[:2]) + "</section>")
        return self.page("Trang chủ", "".join(out), "home")

    def archive(self, title: str, items: list, page: int, url_of, seed: str) -> str | None:
        shown, last = self.page_of(items, page)
        if page > last:
            return None
        nav = ["<nav class=\"navigation pagination\"><div class=\"nav-links\">"]
        if page > 1:
            nav.append(f"<a class=\"prev page-numbers\" href=\"{url_of(page - 1)}\">« Trước</a>")
        for k in range(1, last + 1):
            nav.append(f"<span aria-current=\"page\" class=\"page-numbers current\">{k}</span>" if k == page
                       else f"<a class=\"page-numbers\" href=\"{url_of(k)}\">{k}</a>")
        if page < last:
            nav.append(f"<a class=\"next page-numbers\" href=\"{url_of(page + 1)}\">Sau »</a>")
        nav.append("</div></nav>")
        main = (f"<header class=\"page-header\"><h1 class=\"page-title\">{esc(title)}</h1></header>"
                + "".join(self.teaser(a) for a in shown) + "".join(nav))
        return self.page(title, main, seed, body_class="archive category")

    def body_html(self, a) -> str:
        body = render_blocks(a.blocks, self.resolve, lambda n: self.img(a, n),
                             figure=lambda s, c: (f"<figure class=\"wp-block-image size-large\"><img src=\"{s}\" "
                                                  f"alt=\"\" /><figcaption>{c}</figcaption></figure>"))
        if a.author_line:
            body += f"\n<p class=\"has-text-align-right\"><strong>{esc(a.author_line)}</strong></p>"
        if a.source_line:
            body += f"\n<p>{esc(a.source_line)}</p>"
        return body

    def article(self, a, printing: bool = False) -> str:
        shown = shown_dt(a.dt, a.date_style)
        date_txt = format_date(a.dt, a.date_style, a.views)
        if printing:
            return (f"<html><head><meta charset=\"utf-8\"><title>{esc(a.title)}</title></head>"
                    f"<body onload=\"window.print()\"><h1>{esc(a.title)}</h1><p>{date_txt}</p>"
                    f"{self.body_html(a)}</body></html>")
        rel = "".join(f"<li><a href=\"{self.article_path(b)}\">{esc(b.title)}</a></li>" for b in self.related(a, 3))
        tags = "".join(f"<a href=\"/tag/{slugify(t)}/\" rel=\"tag\">{esc(t)}</a> " for t in a.story.tags)
        url = self.article_url(a)
        share = quote(url, safe="")
        head = (f"<link rel=\"canonical\" href=\"{url}\" />\n<link rel=\"shortlink\" href=\"{self.url(f'/?p={a.id}')}\" />\n"
                f"<meta property=\"og:title\" content=\"{attr(a.title)}\" />\n<meta property=\"og:type\" content=\"article\" />\n"
                f"<meta property=\"article:published_time\" content=\"{shown:%Y-%m-%dT%H:%M:%S}+07:00\" />")
        cat = a.cats[0]
        main = f"""<nav class="breadcrumbs"><a href="/">Trang chủ</a> » <a href="{self.cat_url(cat)}">{esc(self.cat_label(cat))}</a></nav>
<article id="post-{a.id}" class="post-{a.id} post type-post status-publish format-standard">
<header class="entry-header"><h1 class="entry-title">{esc(a.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{shown:%Y-%m-%dT%H:%M:%S}+07:00">{date_txt}</time></span>
<span class="font-size">A- A A+</span> <a href="#comments">(0) Bình luận</a></div></header>
<div class="entry-content">{self.body_html(a)}
<div class="share-buttons">Chia sẻ: <a href="https://zalo.me/share?u={share}">Zalo</a>
<a href="https://www.facebook.com/sharer/sharer.php?u={share}">Facebook</a> <a href="{self.article_path(a)}?print=1">Bản in</a></div>
<div class="related-posts"><h3>Tin liên quan</h3><ul>{rel}</ul></div></div>
<footer class="entry-footer"><span class="tags-links">Từ khóa: {tags}</span></footer>
</article>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 class="comment-reply-title">Viết bình luận</h3>
<form action="/wp-comments-post.php" method="post" id="commentform"><p><textarea name="comment" rows="5"></textarea></p>
<p><input name="author" placeholder="Họ tên" /> <input name="email" placeholder="Email" /></p>
<p><input type="submit" value="Gửi bình luận" /></p></form></div></div>"""
        return self.page(a.title, main, f"art{a.id}", head, "post-template-default single single-post")

    def feed(self) -> Response:
        return self.rss("Báo Sóc Trăng", "/feed/")

    def day_page(self, d: date) -> str:
        items = [a for a in self.listed() if a.dt.date() == d]
        inner = ("".join(self.teaser(a) for a in items) if items else
                 "<p class=\"no-posts\">Không có tin bài nào trong ngày này</p>")
        nav = (f"<nav class=\"day-nav\"><a href=\"/lich/{d - timedelta(days=1):%Y-%m-%d}\">« Ngày trước</a> | "
               f"<a href=\"/lich/{d + timedelta(days=1):%Y-%m-%d}\">Ngày sau »</a></nav>")
        return self.page(f"Tin ngày {d:%d/%m/%Y}", f"<h1>Tin ngày {d:%d/%m/%Y}</h1>{inner}{nav}", f"day{d}",
                         body_class="archive date")

    def simple(self, title: str, paras: list, seed: str, extra: str = "") -> str:
        return self.page(title, f"<h1 class=\"page-title\">{esc(title)}</h1>"
                         + "".join(f"<p>{esc(p)}</p>" for p in paras) + extra, seed, body_class="page")

    def route(self, path, query):
        if path == "/" and q1(query, "p"):
            a = self.by_id(q1(query, "p"))
            return redirect(self.article_path(a)) if a else None
        if path == "/" and "s" in query:
            path, query = "/tim-kiem", {"q": query["s"]}
        if path == "/":
            return html_response(self.home())
        m = ART_RE.match(path)
        if m:
            for a in self.snapshot():
                if self.article_path(a) == path:
                    if q1(query, "print") == "1":
                        return html_response(self.article(a, printing=True))
                    return html_response(self.article(a), encoding=a.encoding)
            return None
        if path == "/feed/":
            return self.feed()
        m = re.match(r"^/chuyen-muc/([a-z-]+)/(?:page/(\d+)/)?$", path)
        if m and m.group(1) in dict(self.categories):
            cat = m.group(1)
            page = self.archive(self.cat_label(cat), self.listed(cat), int(m.group(2) or 1),
                                lambda k: self.cat_url(cat, k), f"{cat}{m.group(2)}")
            return html_response(page) if page else None
        m = re.match(r"^/tag/([a-z0-9-]+)/(?:page/(\d+)/)?$", path)
        if m:
            tag = m.group(1)
            items = [a for a in self.listed() if tag in [slugify(t) for t in a.story.tags]]
            if not items:
                return None
            page = self.archive(f"Thẻ: {tag}", items, int(m.group(2) or 1),
                                lambda k: f"/tag/{tag}/" + (f"page/{k}/" if k > 1 else ""), f"tag{tag}")
            return html_response(page) if page else None
        m = re.match(r"^/lich/(\d{4})-(\d{2})-(\d{2})$", path)
        if m:
            try:
                return html_response(self.day_page(date(*map(int, m.groups()))))
            except ValueError:
                return None
        if path == "/tim-kiem":
            kw = q1(query, "q")
            hits = [a for a in self.listed() if kw and kw.lower() in (a.title + " ".join(a.paragraphs())).lower()]
            return html_response(self.simple(f"Kết quả tìm kiếm cho: {kw}", [f"{len(hits)} kết quả"], "search",
                                             "".join(self.teaser(a) for a in hits)))
        if path == "/wp-sitemap.xml":
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sitemapindex xmlns=\"http://www."
                                f"sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{self.url('/wp-sitemap-posts-post-1.xml')}"
                                "</loc></sitemap></sitemapindex>")
        if path == "/wp-sitemap-posts-post-1.xml":
            rows = "".join(f"<url><loc>{self.article_url(a)}</loc></url>" for a in self.listed())
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www."
                                f"sitemaps.org/schemas/sitemap/0.9\">{rows}</urlset>")
        if path == "/gioi-thieu/":
            return html_response(self.simple("Giới thiệu", [
                "Báo Sóc Trăng là cơ quan ngôn luận của Đảng bộ tỉnh Sóc Trăng, diễn đàn của Nhân dân.",
                "Báo phát hành báo in, báo điện tử và các ấn phẩm chuyên đề phục vụ đồng bào dân tộc Khmer."], "about"))
        if path == "/lien-he/":
            return html_response(self.simple("Liên hệ", ["Tòa soạn: 16 Nguyễn Chí Thanh, Phường 6, TP. Sóc Trăng.",
                                                         "Hotline: 0918.123.456"], "contact",
                                             "<form><input name=\"ten\"/><textarea name=\"nd\"></textarea><button>Gửi</button></form>"))
        if path == "/so-do-trang/":
            links = "".join(f"<li><a href=\"{self.cat_url(k)}\">{esc(l)}</a></li>" for k, l in self.categories)
            return html_response(self.simple("Sơ đồ trang", [], "sodo", f"<ul>{links}</ul>"))
        if path == "/noi-bo/":
            links = "".join(f"<li><a href=\"/noi-bo/{d[0]}/\">{esc(d[1])}</a></li>" for d in INTERNAL_DOCS)
            return html_response(self.simple("Nội bộ", [], "noibo", f"<ul>{links}</ul>"))
        m = re.match(r"^/noi-bo/(\d+)/$", path)
        if m and internal_doc(m.group(1)):
            d = internal_doc(m.group(1))
            return html_response(self.simple(d[1], d[2], f"nb{d[0]}"))
        return None

    def robots(self) -> str:
        return super().robots() + f"\nSitemap: {self.url('/wp-sitemap.xml')}\n"

    def not_found_page(self) -> str:
        return self.simple("Không tìm thấy", ["Rất tiếc, trang bạn tìm không tồn tại."], "404")
