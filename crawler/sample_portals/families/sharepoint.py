"""SharePoint-style district government portal (like the "UBND huyện" portals on SharePoint 2013).

URLs: home ``/`` and ``/Pages/default.aspx``; listings ``/noidung/tintuc/Pages/<cat>.aspx?page=K``;
articles ``/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID=N`` (print copy ``&print=1``, mobile
copy ``/Mobile/News/N.aspx``); internal area ``/noi-bo/`` and ``/_layouts/`` are disallowed.
Table layouts, ``<form id="aspnetForm">`` with a big ``__VIEWSTATE``, no sitemap.
"""
from __future__ import annotations

from ..chrome import (ABOUT_TEXT, INTERNAL_DOCS, POLL_OPTS, POLL_Q, analytics_js, attr,
                      counter_numbers, esc, gov_link_list, inline_css, internal_doc, link_select,
                      now_vn, poll, render_blocks, viewstate, weather)
from ..portal import Portal, html_response, q1, qint
from ..textutil import format_date, short_date, today_widget

NEWS = "/noidung/tintuc/Pages/"


class SharePointPortal(Portal):
    family = "sharepoint"
    server_header = "Microsoft-IIS/8.5"
    disallowed = ["/_layouts/", "/_vti_bin/", "/noi-bo/"]
    id_start, id_step = 1180, 9
    region = "quangngai"
    per_page = 6
    default_style = "sp_views"
    categories = [("tin-trong-tinh", "Tin trong tỉnh"), ("dan-van", "Công tác dân vận"),
                  ("van-hoa-xa-hoi", "Văn hóa - Xã hội")]
    site_name = "ỦY BAN NHÂN DÂN HUYỆN MINH LONG"
    site_sub = "CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN MINH LONG - TỈNH QUẢNG NGÃI"

    def article_path(self, a) -> str:
        return f"{NEWS}chi-tiet-tin-tuc.aspx?ItemID={a.id}"

    # ------------------------------------------------------------------ chrome
    def menu(self) -> str:
        sub = {
            "Giới thiệu": [("Giới thiệu chung", "/Pages/gioi-thieu.aspx"),
                           ("Sơ đồ cổng thông tin", "/Pages/so-do-site.aspx"),
                           ("Cơ cấu tổ chức", "/Pages/gioi-thieu.aspx#cocau")],
            "Tin tức - Sự kiện": [(lbl, f"{NEWS}{k}.aspx") for k, lbl in self.categories],
            "Chính quyền": [("HĐND huyện", "/Pages/gioi-thieu.aspx#hdnd"),
                            ("UBND huyện", "/Pages/gioi-thieu.aspx#ubnd"),
                            ("Các phòng, ban", "/Pages/gioi-thieu.aspx#phongban")],
            "Nội bộ": [("Văn bản nội bộ", "/noi-bo/Pages/van-ban-noi-bo.aspx"),
                       ("Đăng nhập", "/_layouts/15/Authenticate.aspx?Source=%2F")],
            "Liên hệ": [("Liên hệ - Góp ý", "/Pages/lien-he.aspx")],
        }
        items = ["<li class=\"home\"><a href=\"/Pages/default.aspx\">Trang chủ</a></li>"]
        for top, links in sub.items():
            lis = "".join(f"<li><a href=\"{u}\">{esc(t)}</a></li>" for t, u in links)
            items.append(f"<li class=\"dynamic-children\"><a href=\"{links[0][1]}\">{esc(top)}</a>"
                         f"<ul class=\"dynamic\">{lis}</ul></li>")
        # mega menu of services: repeated boilerplate like the real portals carry
        services = ["Thủ tục hành chính", "Dịch vụ công trực tuyến", "Tra cứu hồ sơ",
                    "Văn bản chỉ đạo điều hành", "Lịch công tác", "Thông tin quy hoạch",
                    "Dự án đầu tư", "Giá cả thị trường", "Thông tin báo chí", "Hỏi đáp"]
        mega = "".join(f"<li><a href=\"/Pages/lien-he.aspx\">{s}</a></li>" for s in services)
        return (f"<div id=\"zz1_TopNavigationMenu\" class=\"ms-core-listMenu-horizontalBox megamenu\">"
                f"<ul class=\"root static\">{''.join(items)}</ul>"
                f"<ul class=\"mega-services\">{mega}</ul></div>")

    def left(self) -> str:
        docs = "".join(f"<li><a href=\"/noi-bo/Pages/chi-tiet.aspx?ItemID={d[0]}\">{esc(d[1])}</a></li>"
                       for d in INTERNAL_DOCS[:2])
        return (link_select() + "<div class=\"box\"><h3>Văn bản mới</h3><ul>" + docs + "</ul></div>"
                + poll(POLL_Q, POLL_OPTS, "rdoPoll", "/Pages/lien-he.aspx")
                + "<div class=\"box\"><h3>Liên kết</h3>" + gov_link_list() + "</div>")

    def right(self, seed: str) -> str:
        new = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a> "
                      f"<span class=\"date\">({short_date(a.dt)})</span></li>"
                      for a in self.listed()[:5])
        most = "".join(f"<li><a href=\"{self.article_path(a)}\">{esc(a.title)}</a></li>"
                       for a in self.most_read())
        online, today, week, total = counter_numbers(seed, 13832759)
        return (f"<div class=\"box\"><h3>Tin mới</h3><ul>{new}</ul></div>"
                f"<div class=\"box\"><h3>Xem nhiều nhất</h3><ul>{most}</ul></div>"
                + weather(self.region, seed) +
                "<div class=\"box counter\"><h3>Thống kê truy cập</h3>"
                f"<p>Số lượt truy cập: 1790</p><p>Tổng số lượt xem: 13832759</p>"
                f"<p>Đang trực tuyến: {online}</p></div>")

    def page(self, title: str, main: str, crumbs: list, seed: str, charset: str = "utf-8") -> str:
        crumb = " &gt; ".join(["<a href=\"/Pages/default.aspx\">Trang chủ</a>"]
                              + [f"<a href=\"{u}\">{esc(t)}</a>" if u else f"<span>{esc(t)}</span>"
                                 for t, u in crumbs])
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" />
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="GENERATOR" content="Microsoft SharePoint" />
<title>{esc(title)}</title>
<link rel="stylesheet" type="text/css" href="/Style%20Library/minhlong/css/main.css" />
<script type="text/javascript" src="/ScriptResource.axd?d=nv7asgRUU0tRmHNR2D6t1HtfA3fD6uLQ&amp;t=ffffffffecf19baa"></script>
{inline_css("ms-" + seed[:6], 90)}
{analytics_js("UA-5512" + str(len(seed)))}
</head>
<body scroll="yes" onload="javascript:if (typeof(_spBodyOnLoadWrapper) != 'undefined') _spBodyOnLoadWrapper();">
<form method="post" action="./default.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x5D0A4B7C3E9F11D2A8B6C4E2F0A1B3C5D7E9F1A3B5C7D9E1F3A5B7C9D1E3F5A7B9C1D3E5F7A9B1C3D5E7F9A1B3C5D7E9F1A3B5C7,13 Apr 2022 03:05:11 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(seed, 10000)}" />
</div>
<div id="s4-workspace"><div id="s4-bodyContainer">
<a href="#mainContent" class="ms-skip" id="ctl00_ctl56">Truy cập nội dung luôn</a>
<table class="header" width="100%" cellpadding="0" cellspacing="0"><tr>
<td class="logo"><a href="/Pages/default.aspx"><img src="/PublishingImages/logo-minhlong.png" alt="logo" /></a></td>
<td class="site-title"><div class="t1">{self.site_name}</div><div class="t2">{self.site_sub}</div></td>
<td class="today">{today_widget(now_vn())}</td></tr></table>
{self.menu()}
<div class="search"><input type="text" name="ctl00$txtSearch" title="Tìm kiếm" /><a href="/Pages/lien-he.aspx">Tìm kiếm</a></div>
<table class="layout" width="100%" cellpadding="0" cellspacing="0"><tr>
<td class="col-left" valign="top" width="220">{self.left()}</td>
<td class="col-main" valign="top"><div class="breadcrumb">{crumb}</div>
<a name="mainContent" tabindex="-1"></a><div id="ctl00_PlaceHolderMain_divMain">{main}</div></td>
<td class="col-right" valign="top" width="260">{self.right(seed)}</td>
</tr></table>
<div class="footer"><table width="100%"><tr><td>
<p><strong>CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN MINH LONG</strong></p>
<p>Cơ quan chủ quản: Ủy ban nhân dân huyện Minh Long, tỉnh Quảng Ngãi</p>
<p>Chịu trách nhiệm chính: Phó Chủ tịch UBND huyện - Trưởng Ban biên tập</p>
<p>Địa chỉ: Thôn Hà Liệt, xã Long Hiệp, huyện Minh Long, tỉnh Quảng Ngãi. Điện thoại: 0255.3867.123 - Fax: 0255.3867.124 - Đường dây nóng: 0913.456.789</p>
<p>Giấy phép số 05/GP-STTTT ngày 15/3/2016 của Sở Thông tin và Truyền thông tỉnh Quảng Ngãi</p>
<p>Ghi rõ nguồn "Cổng thông tin điện tử huyện Minh Long" khi phát hành lại thông tin từ website này.</p>
</td></tr></table></div>
</div></div>
<script type="text/javascript">//<![CDATA[
var _spPageContextInfo={{webServerRelativeUrl:"\\u002f",webAbsoluteUrl:"",siteAbsoluteUrl:"",currentLanguage:1066,webTitle:"Minh Long"}};
//]]></script>
</form></body></html>"""

    def teaser(self, a) -> str:
        return (f"<table class=\"tin\" width=\"100%\"><tr><td class=\"img\" width=\"130\">"
                f"<a href=\"{self.article_path(a)}\"><img src=\"{self.img(a)}\" width=\"120\" alt=\"\" /></a></td>"
                f"<td><a class=\"title\" href=\"{self.article_path(a)}\">{esc(a.title)}</a>"
                f"<div class=\"date\">{short_date(a.dt)}</div><div class=\"sapo\">{esc(a.summary())}</div>"
                f"</td></tr></table>")

    # ------------------------------------------------------------------ pages
    def home(self) -> str:
        blocks = []
        top = self.listed()[:1]
        for a in top:
            blocks.append(f"<div class=\"tin-noi-bat\"><h2>Tin nổi bật</h2>{self.teaser(a)}</div>")
        for key, label in self.categories:
            items = self.listed(key)[:3]
            blocks.append(f"<div class=\"cat\"><h2><a href=\"{NEWS}{key}.aspx\">{label}</a></h2>"
                          + "".join(self.teaser(a) for a in items) + "</div>")
        return self.page(self.site_sub.title(), "\n".join(blocks), [], "home")

    def listing(self, cat: str, label: str, page: int) -> str:
        items, last = self.page_of(self.listed(cat), page)
        if page > last:
            return None
        pager = ["<div class=\"paging\">Trang: "]
        for k in range(1, last + 1):
            pager.append(f"<span class=\"cur\">{k}</span> " if k == page else
                         f"<a href=\"{NEWS}{cat}.aspx?page={k}\">{k}</a> ")
        if page < last:
            pager.append(f"<a href=\"{NEWS}{cat}.aspx?page={page + 1}\">&gt;</a>")
        pager.append("</div>")
        main = (f"<h1 class=\"cat-title\">{label}</h1>" + "".join(self.teaser(a) for a in items)
                + "".join(pager))
        return self.page(label, main, [("Tin tức - Sự kiện", None), (label, None)], f"{cat}{page}")

    def article(self, a, mode: str = "") -> str:
        body = render_blocks(a.blocks, self.resolve, lambda n: self.img(a, n),
                             p_attr=" style=\"text-align: justify;\"")
        author = (f"<p style=\"text-align: right;\"><strong>{esc(a.author_line)}</strong></p>"
                  if a.author_line else "")
        date = format_date(a.dt, a.date_style, a.views).replace("    ", "&nbsp;&nbsp;&nbsp; ")
        if mode == "print":
            return (f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />"
                    f"<title>{esc(a.title)}</title></head><body onload=\"window.print();\">"
                    f"<div class=\"print\"><p>{self.site_name}</p><h1>{esc(a.title)}</h1>"
                    f"<p>{date}</p>{body}{author}</div></body></html>")
        if mode == "mobile":
            return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                    f"content=\"width=device-width\"><title>{esc(a.title)}</title></head><body>"
                    f"<div class=\"m-header\"><a href=\"/Mobile/\">{self.site_name}</a></div>"
                    f"<h1>{esc(a.title)}</h1><div class=\"m-date\">{short_date(a.dt)}</div>{body}{author}"
                    f"<div class=\"m-footer\"><a href=\"{self.article_path(a)}\">Phiên bản đầy đủ</a></div>"
                    f"</body></html>")
        attach = ""
        if a.id % 2 == 0:
            fname = f"{a.story.tags[0] if a.story.tags else 'tai-lieu'} {a.dt.year}.jpg"
            attach = (f"<div class=\"attach\">Tài liệu đính kèm: <a href=\"/noidung/tintuc/Lists/"
                      f"Attachments/{a.id}/{attr(fname)}\">{esc(fname)}</a></div>")
        rel = "".join(f"<li><a href=\"{self.article_path(b)}\">{esc(b.title)}</a> "
                      f"<span>({short_date(b.dt)})</span></li>" for b in self.related(a))
        cat = a.cats[0]
        main = f"""<div class="chitiettin">
<h1 class="title-news">{esc(a.title)}</h1>
<div class="date-news">{date}</div>
<div class="ms-rtestate-field noidung">{body}</div>
{author}
{attach}
<div class="tools"><a href="{self.article_path(a)}&amp;print=1" target="_blank">Bản in</a> |
<a href="/Mobile/News/{a.id}.aspx">Phiên bản di động</a> |
<a href="/Pages/lien-he.aspx?ItemID={a.id}">Gửi email</a> | <a href="javascript:history.back()">Trở về</a> |
<a href="#">Về đầu trang</a></div>
<div class="tinlienquan"><h3>Tin liên quan</h3><ul>{rel}</ul></div>
</div>"""
        charset = "windows-1258" if a.encoding == "cp1258" else "utf-8"
        return self.page(a.title, main, [(self.cat_label(cat), f"{NEWS}{cat}.aspx")],
                         f"art{a.id}", charset)

    def simple(self, title: str, paras: list, seed: str, extra: str = "") -> str:
        main = f"<h1>{esc(title)}</h1>" + "".join(f"<p>{esc(p)}</p>" for p in paras) + extra
        return self.page(title, main, [(title, None)], seed)

    def route(self, path, query):
        if path in ("/", "/Pages/default.aspx", "/default.aspx"):
            return html_response(self.home())
        if path == NEWS + "chi-tiet-tin-tuc.aspx":
            a = self.by_id(q1(query, "ItemID"))
            if not a:
                return None
            if q1(query, "print") == "1":
                return html_response(self.article(a, "print"))
            return html_response(self.article(a), encoding=a.encoding)
        if path in ("/Mobile/", "/Mobile/default.aspx"):
            items = "".join(f"<li><a href=\"/Mobile/News/{a.id}.aspx\">{esc(a.title)}</a></li>"
                            for a in self.listed()[:10])
            return html_response(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{self.site_name}"
                                 f"</title></head><body><h1>{self.site_name}</h1><ul>{items}</ul>"
                                 f"<a href=\"/Pages/default.aspx\">Phiên bản máy tính</a></body></html>")
        if path.startswith("/Mobile/News/") and path.endswith(".aspx"):
            a = self.by_id(path[len("/Mobile/News/"):-5])
            return html_response(self.article(a, "mobile")) if a else None
        for key, label in self.categories:
            if path == f"{NEWS}{key}.aspx":
                page = self.listing(key, label, qint(query, "page"))
                return html_response(page) if page else None
        if path == "/Pages/gioi-thieu.aspx":
            return html_response(self.simple("Giới thiệu chung", ABOUT_TEXT[self.region], "about"))
        if path == "/Pages/lien-he.aspx":
            form = ("<form class=\"contact\"><p>Họ và tên: <input name=\"name\"></p><p>Email: "
                    "<input name=\"email\"></p><p>Nội dung: <textarea name=\"body\"></textarea></p>"
                    "<input type=\"submit\" value=\"Gửi\"></form>")
            return html_response(self.simple("Liên hệ - Góp ý", [
                "Mọi ý kiến đóng góp xin gửi về Ban biên tập Cổng thông tin điện tử huyện.",
                "Điện thoại: 0255.3867.123. Email: bbt@minhlong.quangngai.gov.vn"], "contact", form))
        if path == "/Pages/so-do-site.aspx":
            links = "".join(f"<li><a href=\"{NEWS}{k}.aspx\">{lbl}</a></li>" for k, lbl in self.categories)
            return html_response(self.simple("Sơ đồ cổng thông tin", [], "sitemap",
                                             f"<ul class=\"sitemap\">{links}<li><a href=\"/Pages/gioi-thieu.aspx\">Giới thiệu</a></li></ul>"))
        if path == "/noi-bo/Pages/van-ban-noi-bo.aspx":
            links = "".join(f"<li><a href=\"/noi-bo/Pages/chi-tiet.aspx?ItemID={d[0]}\">{esc(d[1])}</a></li>"
                            for d in INTERNAL_DOCS)
            return html_response(self.simple("Văn bản nội bộ", [], "noibo", f"<ul>{links}</ul>"))
        if path == "/noi-bo/Pages/chi-tiet.aspx":
            d = internal_doc(q1(query, "ItemID"))
            return html_response(self.simple(d[1], d[2], f"nb{d[0]}")) if d else None
        return None

    def not_found_page(self) -> str:
        return self.simple("Không tìm thấy trang", ["Trang bạn yêu cầu không tồn tại."], "404")
