"""Repeat runs fetch only what is new: measured on a portal of 300 articles.

Run 1 writes every article; run 2 on the unchanged site writes nothing and makes a
handful of requests (conditional GETs of feeds and sitemaps answer 304); after N new
articles are published, run 3 writes exactly those N with about N plus a few requests.
Also: one crawl per state folder (a killed holder does not leave it locked), and --since.
"""

import signal
import subprocess
import sys

import pytest

from conftest import fast, read_records, read_summary, run_cli
from crawler.sample_portals import expected_articles, serve_portals

ARTICLES = 300
# Seven new stories that differ as real ones do: not one text with a number changed, which
# the near-duplicate check rightly takes for copies of one article.
NEW_ARTICLES = [
    (f"{place}: {event}", [
        f"Sáng 20/11, tại {place}, {event.lower()} với sự tham dự của {guests}.",
        f"Theo báo cáo, {fact}, góp phần {result}.",
        f"Phát biểu tại buổi lễ, {speaker} đề nghị {request}.",
    ])
    for place, event, guests, fact, result, speaker, request in (
        ("Xã Tân Hòa", "Ra mắt mô hình dân vận khéo trong chuyển đổi số", "hơn 200 hội viên, đoàn viên",
         "đã có 1.250 hộ dân cài đặt ứng dụng định danh điện tử và thanh toán không dùng tiền mặt",
         "đưa dịch vụ công trực tuyến đến gần người dân", "Phó Bí thư Thường trực Huyện ủy",
         "các tổ công nghệ số cộng đồng tiếp tục hướng dẫn người cao tuổi sử dụng điện thoại thông minh"),
        ("Thị trấn Phú Lộc", "Trao nhà Đại đoàn kết cho hộ nghèo", "lãnh đạo Ủy ban Mặt trận Tổ quốc huyện",
         "quỹ Vì người nghèo năm nay vận động được 1,8 tỷ đồng từ các doanh nghiệp và nhà hảo tâm",
         "giúp 12 hộ có hoàn cảnh khó khăn ổn định chỗ ở trước mùa mưa bão", "Chủ tịch Ủy ban Mặt trận thị trấn",
         "các khu phố tiếp tục rà soát, hỗ trợ kịp thời những hộ có nguy cơ tái nghèo"),
        ("Huyện Cam Lâm", "Hội thi tuyên truyền viên giỏi về biển đảo", "12 đội thi đến từ các xã ven biển",
         "các thí sinh đã mang đến nhiều tiểu phẩm sinh động về chủ quyền biển đảo và nghề cá bền vững",
         "nâng cao ý thức ngư dân trong việc chống khai thác hải sản bất hợp pháp", "Trưởng ban Tuyên giáo Huyện ủy",
         "đội ngũ tuyên truyền viên đưa nội dung hội thi về từng tổ đoàn kết trên biển"),
        ("Phường An Bình", "Đối thoại giữa người đứng đầu cấp ủy với nhân dân", "gần 150 cử tri các tổ dân phố",
         "người dân đã nêu 23 ý kiến về đền bù giải phóng mặt bằng, chiếu sáng đô thị và vệ sinh môi trường",
         "tháo gỡ những vướng mắc kéo dài ngay từ cơ sở", "Bí thư Đảng ủy phường",
         "bộ phận một cửa công khai tiến độ giải quyết từng kiến nghị để người dân theo dõi"),
        ("Xã Sơn Thủy", "Khánh thành cây cầu dân sinh do nhân dân góp sức xây dựng", "bà con ba thôn vùng cao",
         "công trình dài 45 mét, kinh phí gần 900 triệu đồng, trong đó người dân hiến đất và đóng góp hơn 600 ngày công",
         "chấm dứt cảnh học sinh phải lội suối đến trường mỗi mùa lũ", "Chủ tịch Ủy ban nhân dân xã",
         "các thôn xây dựng quy chế bảo quản, giữ gìn công trình lâu dài"),
        ("Huyện Đức Phổ", "Tọa đàm về công tác dân vận chính quyền", "cán bộ, công chức các phòng ban chuyên môn",
         "năm qua chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính tăng 6,4 điểm",
         "xây dựng hình ảnh cán bộ gần dân, trọng dân, có trách nhiệm với dân", "Phó Chủ tịch Ủy ban nhân dân huyện",
         "mỗi cơ quan đăng ký ít nhất một phần việc cụ thể để cải thiện thái độ phục vụ"),
        ("Xã Hòa Tiến", "Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư", "đông đảo người dân và học sinh",
         "thôn Trung Sơn đã vận động làm mới 3 km đường bê tông, lắp 120 bóng đèn chiếu sáng và trồng hàng rào xanh",
         "xây dựng khu dân cư kiểu mẫu, sáng, xanh, sạch, đẹp", "Trưởng ban Dân vận Huyện ủy",
         "mỗi gia đình tiếp tục giữ gìn tình làng nghĩa xóm, giúp nhau phát triển kinh tế"),
    )
]
NEW = len(NEW_ARTICLES)


def crawl(url, out, *extra):
    return run_cli("crawl", url, "--out", out, *fast(CONCURRENT_REQUESTS_PER_DOMAIN=16), *extra, timeout=900)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("incremental")
    with serve_portals(names=["big"], big_articles=ARTICLES) as [portal]:
        results = []
        for run in range(3):
            if run == 2:
                new_urls = [portal.add_article(title, paragraphs, author="Minh Anh")
                            for title, paragraphs in NEW_ARTICLES]
            before_records, before_requests = len(read_records(out)), len(portal.requests)
            result = crawl(portal.base_url, out)
            results.append(dict(result=result, summary=read_summary(out),
                                requests=[p for _, p, _ in portal.requests[before_requests:]],
                                written=read_records(out)[before_records:]))
        expected = expected_articles([portal])
        yield dict(out=out, runs=results, expected=expected, new_urls=new_urls, portal=portal)


def test_first_run_writes_every_article(runs):
    first = runs["runs"][0]
    assert first["result"].returncode == 0, first["result"].stderr[-2000:]
    assert len(runs["expected"]) == ARTICLES + NEW
    assert len(first["written"]) == ARTICLES
    assert len({r["url"] for r in first["written"]}) == ARTICLES


def test_second_run_on_unchanged_site_is_cheap(runs):
    second = runs["runs"][1]
    assert second["result"].returncode == 0
    assert second["written"] == []
    # robots.txt (Scrapy's middleware and ours), home page, sitemap.xml and the news
    # sitemap it lists; the feed and sitemaps answer 304 to their conditional requests
    assert len(second["requests"]) <= 6, second["requests"]
    assert second["summary"]["totals"]["not_modified"] >= 2


def test_third_run_writes_exactly_the_new_articles(runs):
    third = runs["runs"][2]
    assert third["result"].returncode == 0
    assert sorted(r["url"] for r in third["written"]) == sorted(runs["new_urls"])
    assert {r["author"] for r in third["written"]} == {"Minh Anh"}
    print(f"\nrequests per run: {[len(r['requests']) for r in runs['runs']]}; "
          f"records per run: {[len(r['written']) for r in runs['runs']]}; third run: {third['requests']}")
    # the new articles, plus robots.txt, home, sitemaps and feed, and the listings that show them
    assert len(third["requests"]) <= NEW + 20, third["requests"]


def test_a_second_crawl_on_the_same_state_stops_at_start(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from crawler.state.statelock import StateLock; "
        "StateLock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(60)"),
        str(tmp_path / ".state")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with serve_portals(names=["qbtv"]) as [portal]:
            blocked = crawl(portal.base_url, tmp_path)
            assert blocked.returncode == 3
            assert "another crawl" in blocked.stderr and f"pid {holder.pid}" in blocked.stderr
            assert portal.requests == []  # stopped before any request
            holder.send_signal(signal.SIGKILL)  # a killed holder must not leave the state locked
            holder.wait(timeout=10)
            after = crawl(portal.base_url, tmp_path)
            assert after.returncode == 0, after.stderr[-2000:]
            assert read_records(tmp_path)
    finally:
        holder.kill()


def test_since_limits_articles_and_stops_listings(tmp_path):
    with serve_portals(names=["big"], big_articles=300) as [portal]:
        expected = expected_articles([portal])
        dates = sorted(e.published[:10] for e in expected)
        since = dates[len(dates) * 3 // 4]  # the newest quarter
        result = crawl(portal.base_url, tmp_path, "--since", since)
        assert result.returncode == 0, result.stderr[-2000:]
        written = read_records(tmp_path)
        want = {url for e in expected if e.published[:10] >= since for url in e.urls[:1]}
        assert {r["url"] for r in written} == want
        assert all(r["published"][:10] >= since for r in written)
        assert len(portal.requests) < len(expected)  # listings stopped past the date
