"""The portal registry: which stories each portal publishes, where, and in what form.

``PORTALS`` maps a portal name to a :class:`PortalSpec` (family, loopback address octet and the
placements of corpus stories). Syndicated copies are placements of the same story key on a second
portal with a source line, the other tone-mark style and sometimes another title.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .families import FAMILIES
from .portal import Placement as P
from .portal import Portal


@dataclass
class PortalSpec:
    name: str
    family: str
    octet: int
    placements: list = field(default_factory=list)
    default: bool = True   # served when serve_portals(names=None)
    generated: bool = False


QB = "(qbtv.vn)"
BST = "Nguồn: Báo Sóc Trăng"

SHAREPOINT = [
    P("minhlong-truc-bao-dan-van-quy-1-2022", ("dan-van", "tin-trong-tinh"), "sp_views"),
    P("ml-doi-thoai-nguoi-dung-dau-2023", ("tin-trong-tinh", "dan-van"), "sp_views"),
    P("ml-xoa-nha-tam-2024", ("van-hoa-xa-hoi", "tin-trong-tinh"), "sp_updated"),
    P("ml-tinh-uy-lam-viec-2019", ("tin-trong-tinh",), "ampm", encoding="cp1258"),
    P("ml-quy-che-dan-chu-2017", ("dan-van", "tin-trong-tinh"), "sp_updated"),
    P("ml-hoi-nong-dan-keo-2020", ("van-hoa-xa-hoi", "tin-trong-tinh"), "sp_views"),
    P("ml-ngay-hoi-dai-doan-ket-2018", ("dan-van", "van-hoa-xa-hoi"), "sp_views"),
]

LIFERAY = [
    P("dan-van-kheo-dia-ban-tinh-2020", ("cong-tac-dan-van", "tin-hoat-dong"), "lr_views"),
    P("khoi-dan-van-giao-ban-quy-1-2021", ("tin-hoat-dong",), "cap_nhat_luc"),
    P("st-chol-chnam-thmay-2023", ("tin-hoat-dong",), "lr_dashes"),
    P("st-tong-ket-dan-van-kheo-2024", ("tin-hoat-dong", "cong-tac-dan-van"), "caps_byline"),
    P("st-ket-luan-114-2022", ("cong-tac-dan-van", "tin-hoat-dong"), "lr_views"),
    P("st-ra-mat-ban-tgdv-2025", ("tin-hoat-dong",), "cap_nhat_luc"),
    P("st-nguoi-co-uy-tin-khmer-2019", ("cong-tac-dan-van", "tin-hoat-dong"), "lr_dashes",
      encoding="nfd"),
    P("st-toa-dam-95-nam-2025", ("tin-hoat-dong",), "lr_views"),
    P("st-tap-huan-dan-van-2023", ("tin-tong-hop", "tin-hoat-dong"), "lr_views"),
    # copies of Báo Sóc Trăng stories
    P("bst-giao-ban-dan-van-quy-1-2024", ("tin-tong-hop", "tin-hoat-dong"), "lr_views",
      tone="old", source_line=BST, source="Báo Sóc Trăng", shift_hours=20),
    P("bst-mat-tran-nong-thon-moi-2021", ("tin-tong-hop", "tin-hoat-dong"), "cap_nhat_luc",
      tone="old", source_line=BST, source="Báo Sóc Trăng", shift_hours=26,
      title="Mặt trận Tổ quốc các cấp tỉnh Sóc Trăng chung tay xây dựng nông thôn mới"),
]

ASPNET = [
    P("qb-giao-ban-dan-van-6-thang-2021", ("dan-van", "thoi-su"), "weekday_pipe", tone="new"),
    P("qb-2000-mo-hinh-dan-van-kheo-2022", ("dan-van",), "weekday_caps_sec", tone="new"),
    P("qb-le-thuy-doi-thoai-2020", ("thoi-su",), "weekday_pipe", listed=False),
    P("qb-nha-dai-doan-ket-minh-hoa-2023", ("thoi-su", "dan-van"), "weekday_date"),
    P("qb-tet-com-moi-bru-van-kieu-2019", ("thoi-su",), "weekday_pipe"),
    P("qb-phu-nu-tinh-nguyen-2024", ("dan-van",), "weekday_caps_sec", listed=False),
    P("qb-bo-trach-giao-ban-quy-3-2017", ("dan-van",), "weekday_date"),
    P("qb-luat-thuc-hien-dan-chu-2023", ("thoi-su", "dan-van"), "weekday_pipe"),
]

WORDPRESS = [
    P("bst-giao-ban-dan-van-quy-1-2024", ("chinh-tri", "mat-tran"), "time_dash", tone="new"),
    P("bst-mat-tran-nong-thon-moi-2021", ("mat-tran", "chinh-tri", "xa-hoi"), "long_vn", tone="new"),
    P("bst-dai-hoi-cuu-chien-binh-2022", ("mat-tran", "chinh-tri"), "time_dash"),
    P("bst-tom-lua-my-xuyen-2019", ("xa-hoi", "chinh-tri"), "time_comma"),
    P("bst-chi-bo-ap-2018", ("chinh-tri",), "time_comma"),
    P("bst-mua-he-xanh-2023", ("mat-tran", "xa-hoi", "chinh-tri"), "time_dash"),
    P("bst-giam-sat-phan-bien-2020", ("chinh-tri", "mat-tran"), "long_vn"),
    P("bst-nguoi-co-uy-tin-tran-de-2022", ("xa-hoi", "chinh-tri"), "time_dash"),
    P("bst-ok-om-bok-2017", ("xa-hoi", "chinh-tri"), "time_comma"),
    P("bst-dan-van-chinh-quyen-tthc-2021", ("chinh-tri",), "long_vn"),
    P("bst-sau-sap-nhap-2026", ("chinh-tri",), "yy_sec"),
]

NUKEVIET = [
    P("thuong-truc-tinh-uy-giao-ban-quy-4-2018", ("dan-van", "tin-tuc"), "nukeviet"),
    P("tu-hoi-nghi-bch-2024", ("xay-dung-dang", "tin-tuc"), "nukeviet"),
    P("tu-ky-niem-92-nam-mat-tran-2022", ("dan-van", "tin-tuc"), "nukeviet"),
    P("tu-quyen-lam-chu-xay-dung-dang-2021", ("xay-dung-dang",), "nukeviet"),
    P("tu-thanh-nien-chuyen-doi-so-2023", ("tin-tuc",), "nukeviet"),
    P("tu-giam-sat-can-bo-dang-vien-2020", ("xay-dung-dang", "dan-van"), "nukeviet"),
    P("tu-gap-mat-nguoi-co-uy-tin-2025", ("dan-van", "tin-tuc"), "nukeviet"),
    # copies of QBTV stories
    P("qb-giao-ban-dan-van-6-thang-2021", ("dan-van", "tin-tuc"), "nukeviet", tone="old",
      source_line=QB, source="qbtv.vn", shift_hours=19.5,
      title="Ban Dân vận Tỉnh ủy Quảng Bình: Giao ban công tác dân vận 6 tháng đầu năm 2021"),
    P("qb-2000-mo-hinh-dan-van-kheo-2022", ("dan-van", "tin-tuc"), "nukeviet", tone="old",
      source_line=QB, source="qbtv.vn", shift_hours=3),
]

PORTALS: dict[str, PortalSpec] = {
    s.name: s for s in [
        PortalSpec("ubnd-minhlong", "sharepoint", 11, SHAREPOINT),
        PortalSpec("btgdv-soctrang", "liferay", 12, LIFERAY),
        PortalSpec("qbtv", "aspnet", 13, ASPNET),
        PortalSpec("baosoctrang", "wordpress", 14, WORDPRESS),
        PortalSpec("tinhuy-quangbinh", "nukeviet", 15, NUKEVIET),
        PortalSpec("big", "nukeviet", 16, [], default=False, generated=True),
    ]
}


def build_portal(spec: PortalSpec, stories: dict, big_articles: int = 1000,
                 big_page_kb: int | None = None) -> Portal:
    """Instantiate the portal of a spec (the generated "big" portal draws from the corpus;
    big_page_kb pads its HTML pages to about that many KB, see bigsite.padded)."""
    cls = FAMILIES[spec.family]
    if spec.generated:
        from .bigsite import big_placements, padded
        placements, stories = big_placements(stories, big_articles)
        if big_page_kb:
            cls = padded(cls, big_page_kb)
    else:
        placements = spec.placements
    return cls(spec.name, placements, stories)
