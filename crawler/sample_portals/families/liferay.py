"""Liferay 6.2 site of a provincial "Ban Tuyên giáo và Dân vận" (like btg.*.gov.vn).

URLs: ``/`` redirects to ``/web/btg``; listings ``/web/btg/<cat>?p_p_id=101_INSTANCE_<id>&…
&_101_INSTANCE_<id>_cur=K`` (asking past the last page repeats the last page, with a "next" link:
a pagination trap); articles ``/web/btg/chi-tiet-bai-viet/-/asset_publisher/<id>/content/<slug>-N``,
linked also with ``;jsessionid=…`` and ``?redirect=…&p_p_state=normal`` variants. Portlet wrappers,
"Xuất bản thông tin null" leak, polls, visitor counter. ``/web/btg/noi-bo/``, ``/c/`` disallowed.
The layouts sitemap lists pages only, never articles.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from ..chrome import (ABOUT_TEXT, INTERNAL_DOCS, POLL_OPTS, POLL_Q, analytics_js, counter_numbers,
                      esc, gov_link_list, inline_css, internal_doc, link_select, now_vn, poll,
                      render_blocks, weather)
from ..portal import Portal, html_response, q1, qint, redirect, xml_response
from ..textutil import format_date, short_date, today_widget

W = "/web/btg"
ART_RE = re.compile(r"^/web/btg/chi-tiet-bai-viet/-/asset_publisher/(\w+)/content/([a-z0-9-]+)"
                    r"(?:;jsessionid=[0-9A-F]+)?$")
JSESSION = "8A4F1C2E9B7D3A6F5E0C1B2A3D4E5F60"


class LiferayPortal(Portal):
    family = "liferay"
    server_header = "Apache-Coyote/1.1"
    disallowed = ["/c/", "/group/", "/web/btg/noi-bo/"]
    id_start, id_step = 7336900, 113
    region = "soctrang"
    per_page = 5
    default_style = "lr_views"
    categories = [("tin-hoat-dong", "Tin hoạt động"), ("cong-tac-dan-van", "Công tác dân vận"),
                  ("tin-tong-hop", "Tin tổng hợp")]
    instances = {"tin-hoat-dong": "AbC123", "cong-tac-dan-van": "Xy7Pq2", "tin-tong-hop": "Kq4Lm9"}
    site_name = "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY SÓC TRĂNG"

    def article_path(self, a) -> str:
        inst = self.instances[a.cats[0]]
        return f"{W}/chi-tiet-bai-viet/-/asset_publisher/{inst}/content/{a.slug}-{a.id}"

    def variant(self, a, how: str) -> str:
        """Non-canonical links to an article, as Liferay prints them."""
        p = self.article_path(a)
        if how == "jsession":
            return f"{p};jsessionid={JSESSION}"
        if how == "redirect":
            back = quote(self.url(self.list_url(a.cats[0], 1)), safe="")
            return f"{p}?redirect={back}&amp;inheritRedirect=true&amp;p_p_state=normal"
        return p

    def list_url(self, cat: str, page: int) -> str:
        i = self.instances[cat]
        if page == 1:
            return f"{W}/{cat}"
        return (f"{W}/{cat}?p_p_id=101_INSTANCE_{i}&amp;p_p_lifecycle=0&amp;p_p_state=normal&amp;"
                f"p_p_mode=view&amp;p_p_col_id=column-2&amp;p_p_col_count=1&amp;_101_INSTANCE_{i}_delta=5"
                f"&amp;_101_INSTANCE_{i}_keywords=&amp;_101_INSTANCE_{i}_advancedSearch=false&amp;"
                f"_101_INSTANCE_{i}_andOperator=true&amp;p_r_p_564233524_resetCur=false&amp;"
                f"_101_INSTANCE_{i}_cur={page}")

    # ------------------------------------------------------------------ chrome
    def portlet(self, pid: str, title: str, body: str) -> str:
        return (f"<section class=\"portlet\" id=\"portlet_{pid}\"><header class=\"portlet-topper\">"
                f"<h1 class=\"portlet-title\"><span class=\"portlet-title-text\">{title}</span></h1>"
                f"</header><div class=\"portlet-content\"><div class=\"portlet-content-container\">"
                f"<div class=\"portlet-body\">{body}</div></div></div></section>")

    def nav(self) -> str:
        items = [("Trang chủ", W), ("Giới thiệu", f"{W}/gioi-thieu")]
        items += [(lbl, f"{W}/{k}") for k, lbl in self.categories]
        items += [("Tài liệu nội bộ", f"{W}/noi-bo/tai-lieu"), ("Liên hệ", f"{W}/lien-he"),
                  ("Sơ đồ site", f"{W}/so-do-site"), ("Đăng nhập", "/c/portal/login?p_l_id=20182")]
        lis = "".join(f"<li class=\"lfr-nav-item\"><a href=\"{u}\"><span>{esc(t)}</span></a>"
                      f"<ul class=\"child-menu\"><li><a href=\"{u}\">{esc(t)}</a></li></ul></li>"
                      for t, u in items)
        return f"<nav class=\"sort-pages modify-pages\" id=\"navigation\" role=\"navigation\"><ul>{lis}</ul></nav>"

    def sidebar(self, seed: str, poll_active: bool) -> str:
        new = "".join(f"<li><a href=\"{self.variant(a, 'jsession')}\">{esc(a.title)}</a></li>"
                      for a in self.listed()[:5])
        most = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a> "
                       f"<span>{short_date(a.dt)}</span></li>" for a in self.most_read())
        tags = "".join(f"<a href=\"{W}/tim-kiem?_3_keywords={quote(t)}\">{esc(t)}</a> "
                       for t in ["dân vận khéo", "quy chế dân chủ", "Mặt trận", "đồng bào Khmer"])
        online, *_ = counter_numbers(seed, 79935807)
        counter = ("<ul><li>Người trực tuyến<ul>"
                   f"<li>Khách {online}</li><li>Thành viên 0</li><li>Tổng {online}</li></ul></li>"
                   "<li>Tổng lượt truy cập: 79935807</li></ul>")
        return (self.portlet("101_INSTANCE_Nw1Tm2", "Tin mới", f"<ul>{new}</ul>")
                + self.portlet("101_INSTANCE_Vw8Mr3", "Xem nhiều nhất", f"<ul>{most}</ul>")
                + self.portlet("56_INSTANCE_Pl0ll1", "Thăm dò ý kiến",
                               poll(POLL_Q, POLL_OPTS, "_8_choiceId", f"{W}/ket-qua-binh-chon",
                                    poll_active, f"{W}/ket-qua-binh-chon"))
                + self.portlet("56_INSTANCE_Xb9Null", "Xuất bản thông tin null", "")
                + self.portlet("56_INSTANCE_Wt3Hr7", "Thời tiết", weather(self.region, seed))
                + self.portlet("122_INSTANCE_Tg5Cl0", "Từ khóa", tags)
                + self.portlet("56_INSTANCE_Lk2Ws1", "Liên kết website", link_select("") + gov_link_list())
                + self.portlet("statistics_WAR_statisticsportlet", "Thống kê truy cập", counter))

    def page(self, title: str, main: str, seed: str, poll_active: bool = True) -> str:
        aui = "".join(f"Liferay.Portlet.onLoad({{canEditTitle:false,columnPos:{i},isStatic:'end',"
                      f"namespacedId:'p_p_id_101_INSTANCE_P{i}x_',portletId:'101_INSTANCE_P{i}x',"
                      f"refreshURL:'\\x2fc\\x2fportal\\x2frender_portlet'}});" for i in range(40))
        return f"""<!DOCTYPE html>
<html class="aui ltr" dir="ltr" lang="vi-VN">
<head><title>{esc(title)} - Ban Tuyên giáo và Dân vận Tỉnh ủy</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<link href="/btg-theme/images/favicon.ico" rel="Shortcut Icon" />
<link href="/html/css/main.css?browserId=other&amp;themeId=btgtheme_WAR_btgtheme&amp;t=1603251234000" rel="stylesheet" type="text/css" />
<script type="text/javascript">var themeDisplay=Liferay.ThemeDisplay={{getCompanyId:function(){{return "20155";}},getScopeGroupId:function(){{return "20182";}},getLanguageId:function(){{return "vi_VN";}},isSignedIn:function(){{return false;}}}};
var Liferay={{Browser:{{}},Portlet:{{onLoad:function(){{}}}}}};{aui}</script>
{inline_css("lfr-" + seed[:5], 70)}
{analytics_js("G-BTGST" + str(len(seed)))}
</head>
<body class="yui3-skin-sam controls-visible guest-site signed-out public-page site">
<a href="#main-content" id="skip-to-content">Bỏ qua nội dung</a>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner"><div class="banner-top"><span class="today">{today_widget(now_vn())}</span>
<span class="hotline">Đường dây nóng: 0299.3822.456</span></div>
<div id="heading"><h1 class="site-title"><a class="logo" href="{W}" title="Trang chủ">
<img alt="logo" src="/btg-theme/images/logo.png" /></a><span class="site-name">{self.site_name}</span></h1></div>
{self.nav()}
<form class="search" action="{W}/tim-kiem"><input name="_3_keywords" type="text" placeholder="Tìm kiếm..." /></form>
</header>
<div id="content"><div class="columns-2-r" id="main-content" role="main"><div class="portlet-layout row-fluid">
<div class="portlet-column portlet-column-first span8" id="column-1">
<ul aria-label="Breadcrumb" class="breadcrumb breadcrumb-horizontal"><li class="first"><a href="{W}">Trang chủ</a><span class="divider">/</span></li><li class="active last">{esc(title)}</li></ul>
{main}</div>
<div class="portlet-column portlet-column-last span4" id="column-2">{self.sidebar(seed, poll_active)}</div>
</div></div></div>
<footer id="footer" role="contentinfo"><p class="powered-by">
<strong>TRANG THÔNG TIN ĐIỆN TỬ BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY SÓC TRĂNG</strong><br />
Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 20/5/2019<br />
Chịu trách nhiệm chính: Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy<br />
Địa chỉ: Số 02 Trần Hưng Đạo, Phường 3, TP. Sóc Trăng. Điện thoại: 0299.3822.456 - Email: btgdv@soctrang.gov.vn</p>
<p>Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</p></footer>
</div>
<script type="text/javascript">AUI().use('aui-base','liferay-menu','liferay-notice','liferay-poller',function(A){{(function(){{Liferay.Util.addInputType();}})();}});</script>
</body></html>"""

    def teaser(self, a, how: str = "redirect") -> str:
        href = self.variant(a, how)
        return (f"<div class=\"asset-abstract\"><div class=\"asset-small-image\"><a href=\"{href}\">"
                f"<img alt=\"\" class=\"asset-small-image\" src=\"{self.img(a)}\" width=\"150\" /></a></div>"
                f"<h3 class=\"asset-title\"><a href=\"{href}\">{esc(a.title)}</a></h3>"
                f"<div class=\"asset-metadata\"><span class=\"metadata-entry metadata-publish-date\">"
                f"{short_date(a.dt)}</span></div><div class=\"asset-summary\">{esc(a.summary())}</div>"
                f"<div class=\"asset-more\"><a href=\"{href}\">Xem tiếp »</a></div></div>")

    # ------------------------------------------------------------------ pages
    def home(self) -> str:
        out = []
        for k, lbl in self.categories:
            inst = self.instances[k]
            items = "".join(self.teaser(a, "jsession") for a in self.listed(k)[:3])
            more = f"<div class=\"more\"><a href=\"{W}/{k}\">Xem thêm</a></div>"
            out.append(self.portlet(f"101_INSTANCE_{inst}", lbl, items + more))
        return self.page("Trang chủ", "".join(out), "home")

    def listing(self, cat: str, page: int) -> str:
        items = self.listed(cat)
        _, last = self.page_of(items, 1)
        shown, _ = self.page_of(items, min(page, last))  # past the end: the last page again
        first_n = (min(page, last) - 1) * self.per_page + 1
        pager = (f"<div class=\"taglib-page-iterator\"><div class=\"search-results\">Hiển thị {first_n}"
                 f" - {first_n + len(shown) - 1} của {len(items)} kết quả.</div>"
                 f"<div class=\"pagination\"><ul>"
                 f"<li><a href=\"{self.list_url(cat, 1)}\">&larr; Đầu tiên</a></li>"
                 + (f"<li><a href=\"{self.list_url(cat, page - 1)}\">Trước</a></li>" if page > 1 else "")
                 + f"<li class=\"active\"><span>Trang {page} của {last}</span></li>"
                 f"<li><a href=\"{self.list_url(cat, page + 1)}\">Tiếp theo</a></li>"
                 f"<li><a href=\"{self.list_url(cat, last)}\">Cuối cùng &rarr;</a></li></ul></div></div>")
        body = "".join(self.teaser(a) for a in shown) + pager
        inst = self.instances[cat]
        return self.page(self.cat_label(cat), self.portlet(f"101_INSTANCE_{inst}", self.cat_label(cat), body),
                         f"{cat}{page}")

    def article(self, a) -> str:
        body = render_blocks(a.blocks, self.resolve, lambda n: self.img(a, n),
                             p_attr=" style=\"text-align:justify\"")
        if a.date_style == "caps_byline":
            meta = (f"<div class=\"byline\"><span class=\"author\">{esc((a.author_line or '').upper())}"
                    f"</span> <span class=\"date\">{a.dt:%d/%m/%Y %H:%M}</span></div>")
            tail = ""
        else:
            meta = f"<div class=\"date-publish\">{format_date(a.dt, a.date_style, a.views)}</div>"
            tail = (f"<p style=\"text-align:right\"><strong>{esc(a.author_line)}</strong></p>"
                    if a.author_line else "")
        if a.source_line:
            tail += f"<p style=\"text-align:right\"><em>{esc(a.source_line)}</em></p>"
        others = "".join(f"<li><a href=\"{self.variant(b, 'redirect')}\">{esc(b.title)}</a> "
                         f"({short_date(b.dt)})</li>" for b in self.related(a))
        content = f"""<div class="journal-content-article">
<h3 class="header-title"><span>{esc(a.title)}</span></h3>
{meta}
<div class="journal-content-body">{body}
{tail}</div></div>
<div class="taglib-social-bookmarks"><a href="{W}/gui-cho-ban-be?articleId={a.id}">Gửi cho bạn bè</a> |
<a href="javascript:window.print();">Bản in</a> | <span class="view-count">{a.views}</span> <a href="#wrapper">Go top</a></div>
<div class="entry-links"><h4>Các tin khác</h4><ul>{others}</ul></div>"""
        inst = self.instances[a.cats[0]]
        return self.page(a.title, self.portlet(f"101_INSTANCE_{inst}", "", content),
                         f"art{a.id}", poll_active=False)

    def simple(self, title: str, paras: list, seed: str, extra: str = "") -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paras) + extra
        return self.page(title, self.portlet("56_INSTANCE_Sp" + seed[:4], esc(title), body), seed)

    def search(self, kw: str) -> str:
        hits = [a for a in self.listed() if kw.lower() in (a.title + " ".join(a.paragraphs())).lower()]
        rows = "".join(f"<li><a href=\"{self.variant(a, 'redirect')}\">{esc(a.title)}</a></li>"
                       for a in hits[:10])
        return self.simple(f"Kết quả tìm kiếm: {kw}", [f"Tìm thấy {len(hits)} kết quả."], "search",
                           f"<ol class=\"search-results\">{rows}</ol>")

    def route(self, path, query):
        if path == "/":
            return redirect(W, 302)
        if path in (W, W + "/", W + "/trang-chu"):
            return html_response(self.home())
        m = ART_RE.match(path)
        if m:
            for a in self.snapshot():
                if self.article_path(a) == path.split(";")[0]:
                    return html_response(self.article(a), encoding=a.encoding)
            return None
        for k, _ in self.categories:
            if path == f"{W}/{k}":
                return html_response(self.listing(k, qint(query, f"_101_INSTANCE_{self.instances[k]}_cur")))
        if path == f"{W}/gioi-thieu":
            return html_response(self.simple("Giới thiệu", ABOUT_TEXT[self.region], "about"))
        if path == f"{W}/lien-he":
            return html_response(self.simple("Liên hệ", [
                "Ban Tuyên giáo và Dân vận Tỉnh ủy Sóc Trăng.", "Điện thoại: 0299.3822.456"], "lienhe",
                "<form><input name=\"ten\"><textarea name=\"noidung\"></textarea><button>Gửi</button></form>"))
        if path == f"{W}/so-do-site":
            links = "".join(f"<li><a href=\"{W}/{k}\">{lbl}</a></li>" for k, lbl in self.categories)
            return html_response(self.simple("Sơ đồ site", [], "sodo", f"<ul>{links}</ul>"))
        if path == f"{W}/gui-cho-ban-be":
            a = self.by_id(q1(query, "articleId"))
            title = a.title if a else ""
            form = (f"<form method=\"post\"><p>Bài viết: {esc(title)}</p><p>Email người nhận: <input name=\"to\"></p>"
                    "<p>Họ tên người gửi: <input name=\"from\"></p><p>Lời nhắn: <textarea name=\"msg\"></textarea></p>"
                    "<button type=\"submit\">Gửi</button></form>")
            return html_response(self.simple("Gửi bài viết cho bạn bè", [], "send", form))
        if path == f"{W}/ket-qua-binh-chon":
            rows = "".join(f"<tr><td>{esc(o)}</td><td>{n} phiếu</td></tr>"
                           for o, n in zip(POLL_OPTS, [1523, 842, 310, 95]))
            return html_response(self.simple("Kết quả bình chọn", [POLL_Q], "poll", f"<table>{rows}</table>"))
        if path == f"{W}/tim-kiem":
            return html_response(self.search(q1(query, "_3_keywords", "dân vận")))
        if path == f"{W}/noi-bo/tai-lieu":
            links = "".join(f"<li><a href=\"{W}/noi-bo/tai-lieu/-/asset_publisher/Nb0001/content/tai-lieu-{d[0]}\">"
                            f"{esc(d[1])}</a></li>" for d in INTERNAL_DOCS)
            return html_response(self.simple("Tài liệu nội bộ", [], "noibo", f"<ul>{links}</ul>"))
        if path.startswith(f"{W}/noi-bo/tai-lieu/-/asset_publisher/Nb0001/content/tai-lieu-"):
            d = internal_doc(path.rsplit("-", 1)[-1])
            return html_response(self.simple(d[1], d[2], f"nb{d[0]}")) if d else None
        if path == "/sitemap.xml":
            locs = [W] + [f"{W}/{k}" for k, _ in self.categories] + [f"{W}/gioi-thieu", f"{W}/lien-he"]
            urls = "".join(f"<url><loc>{self.url(u)}</loc><changefreq>daily</changefreq>"
                           f"<priority>0.5</priority></url>" for u in locs)
            return xml_response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/"
                                f"schemas/sitemap/0.9\">{urls}</urlset>")
        if path.startswith("/c/portal/login"):
            return html_response(self.simple("Đăng nhập", [], "login", "<form><input name=\"login\"></form>"))
        return None

    def robots(self) -> str:
        return super().robots() + f"Sitemap: {self.url('/sitemap.xml')}\n"

    def not_found_page(self) -> str:
        return self.simple("Không tìm thấy", ["Không tìm thấy trang yêu cầu."], "404")

