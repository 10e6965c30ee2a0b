"""Peak memory of `crawler export` and `crawler stats` as the corpus grows (issue 11). A script,
not a test:

    python bench/export_memory.py [--records 100000 1000000] [--dir /tmp/export-bench]
                                  [--old CODE_DIR] [--only parquet,csv,jsonl,stats,html] [--keep]

For each N it writes N synthetic records into an output folder (<dir>/out-N: 40 sites over
30 crawl-date folders, Vietnamese text of 300-800 words, about 3-5 KB a line, 2 % of the
records written again in a later folder as a run with a fresh state would, and a
duplicates.jsonl per folder), then runs as child processes, one at a time:

    crawler export OUT --to x.parquet | x.csv | x.jsonl
    crawler stats OUT [--html report.html]

and prints each one's peak RSS (ru_maxrss of that child, from wait4) and wall time. With
--old CODE_DIR (a checkout of an older commit, e.g. `git worktree add /tmp/old 2b0e5ef`)
the same commands also run with that code (cwd and PYTHONPATH set to it), side by side.
The generated folders are kept under --dir and reused by a later run with the same N.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

WORDS = """
tỉnh ủy ban nhân dân huyện xã thị trấn phường thành phố đồng chí bí thư chủ tịch phó
hội nghị triển khai nhiệm vụ năm kế hoạch phát triển kinh tế xã hội văn hóa giáo dục
y tế nông nghiệp nông thôn mới đường giao thông công trình dự án vốn đầu tư người dân
cán bộ đảng viên chi bộ mặt trận tổ quốc đoàn thanh niên hội phụ nữ cựu chiến binh
nông dân công nhân doanh nghiệp sản xuất kinh doanh hợp tác xã lúa gạo cà phê hồ tiêu
thủy sản tôm cá rừng biển đảo du lịch lễ hội truyền thống di tích lịch sử bảo tồn
mưa lũ bão thiên tai cứu trợ hỗ trợ gia đình chính sách hộ nghèo cận nghèo việc làm
đào tạo nghề học sinh sinh viên trường học giáo viên bệnh viện bác sĩ tiêm chủng
an ninh trật tự quốc phòng biên giới công an quân sự dân quân tự vệ diễn tập
chuyển đổi số dịch vụ công trực tuyến hồ sơ thủ tục hành chính cải cách minh bạch
dân vận khéo tiếp xúc cử tri kiến nghị giải quyết khiếu nại tố cáo đối thoại
tháng quý kết quả đạt được vượt chỉ tiêu tăng giảm so với cùng kỳ tổng cộng tỷ đồng
theo đó trong thời gian qua bên cạnh đó đồng thời ngoài ra tuy nhiên vì vậy nhằm
đẩy mạnh nâng cao hiệu quả chất lượng tăng cường phối hợp chặt chẽ kịp thời
""".split()
SITES = [f"portal{i:02d}.gov.vn" for i in range(40)]
PROVINCES = ["Quảng Trị", "Quảng Ngãi", "Cần Thơ", "Đắk Lắk", "Lâm Đồng", "Gia Lai", "Nghệ An", "Hà Tĩnh",
             "Thanh Hóa", "Khánh Hòa", "An Giang", "Cà Mau", "Tây Ninh", "Đồng Nai", "Vĩnh Long", "Huế"]
DATES = [f"2026-{m:02d}-{d:02d}" for m in (9, 10, 11) for d in range(1, 29, 3)][:30]


def sentences(rng: random.Random, count: int) -> list[str]:
    result = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
        result.append(" ".join(words).capitalize() + ".")
    return result


def generate(out: str, n: int, seed: int = 11) -> None:
    """N records (plus 2 % repeats) into out/<date>/<site>.jsonl; out/.complete when done."""
    if os.path.exists(os.path.join(out, ".complete")):
        return
    shutil.rmtree(out, ignore_errors=True)
    rng = random.Random(seed)
    pool = sentences(rng, 4000)
    files: dict[tuple[str, str], object] = {}
    started = time.time()
    repeats = []
    try:
        def emit(date, site, line):
            key = (date, site)
            if key not in files:
                os.makedirs(os.path.join(out, date), exist_ok=True)
                files[key] = open(os.path.join(out, date, site + ".jsonl"), "w", encoding="utf-8")
            files[key].write(line)

        for i in range(n):
            date = DATES[i * len(DATES) // n]
            site_no = rng.randrange(len(SITES))
            site = SITES[site_no]
            paragraphs = []
            words = 0
            target = rng.randint(300, 800)
            while words < target:
                paragraph = " ".join(rng.sample(pool, rng.randint(2, 5)))
                paragraphs.append(paragraph)
                words += paragraph.count(" ") + 1
            text = f"Bài {i}. " + "\n\n".join(paragraphs)
            year = rng.choice((2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026))
            published = None if rng.random() < 0.04 else \
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(6, 21):02d}:15:00+07:00"
            url = f"https://{site}/tin-tuc/bai-viet-{i}.html"
            record = {
                "url": url, "canonical_url": url, "site": site, "site_id": f"p{site_no:02d}",
                "site_type": "provincial-portal", "province": PROVINCES[site_no % len(PROVINCES)],
                "province_2025": PROVINCES[(site_no // 2) % len(PROVINCES)],
                "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize(),
                "text": text, "published": published, "author": rng.choice(["Minh Anh", "Thu Hà", "Văn Nam", None]),
                "source": None,
                "images": [{"url": f"https://{site}/uploads/{i}-{k}.jpg", "caption": rng.choice(pool)}
                           for k in range(rng.randint(0, 3))],
                "language": "vi", "topics": rng.sample(["dân vận", "nông thôn mới", "giáo dục", "y tế"], rng.randint(0, 2)),
                "word_count": len(text.split()), "content_hash": hashlib.sha1(text.encode()).hexdigest(),
                "crawled_at": f"{date}T08:{(i // 60) % 60:02d}:{i % 60:02d}+07:00", "schema_version": "1.0",
            }
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
            emit(date, site, line)
            if rng.random() < 0.02:  # written again by a later run with a fresh state
                repeats.append((site, record))
            if rng.random() < 0.03:  # a copy the crawl logged instead of writing it
                emit(date, "duplicates", json.dumps({
                    "url": url + "?copy", "content_hash": record["content_hash"], "duplicate_of": url,
                    "duplicate_of_hash": record["content_hash"], "similarity": 1.0, "match": "exact",
                    "site": site, "crawled_at": record["crawled_at"]}, ensure_ascii=False) + "\n")
            if i and i % 100000 == 0:
                print(f"  generated {i} records ({time.time() - started:.0f} s)", file=sys.stderr)
        for site, record in repeats:
            again = dict(record, crawled_at=f"{DATES[-1]}T23:00:00+07:00")
            emit(DATES[-1], site, json.dumps(again, ensure_ascii=False, separators=(",", ":")) + "\n")
    finally:
        for f in files.values():
            f.close()
    open(os.path.join(out, ".complete"), "w").close()


def folder_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def run(code_dir: str, args: list[str]) -> tuple[int, float, int, str]:
    """(peak RSS in KB, wall seconds, exit status, last stderr line) of one CLI child."""
    env = dict(os.environ, PYTHONPATH=code_dir)
    started = time.time()
    process = subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=code_dir, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    last = (stderr.strip().splitlines() or [""])[-1]
    return usage.ru_maxrss, time.time() - started, process.returncode, last


COMMANDS = {
    "parquet": lambda out, tmp: ["export", out, "--to", os.path.join(tmp, "x.parquet")],
    "csv": lambda out, tmp: ["export", out, "--to", os.path.join(tmp, "x.csv")],
    "jsonl": lambda out, tmp: ["export", out, "--to", os.path.join(tmp, "x.jsonl")],
    "stats": lambda out, tmp: ["stats", out],
    "html": lambda out, tmp: ["stats", out, "--html", os.path.join(tmp, "report.html")],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[100000, 1000000])
    parser.add_argument("--dir", default="/tmp/export-bench")
    parser.add_argument("--old", help="a checkout of the code before the change, run side by side")
    parser.add_argument("--old-max", type=int, default=None,
                        help="run the old code only for N up to this (it holds every record in memory)")
    parser.add_argument("--only", default=",".join(COMMANDS))
    parser.add_argument("--keep", action="store_true", help="keep the exported files")
    args = parser.parse_args()
    codes = [("after", HERE)] + ([("before", os.path.abspath(args.old))] if args.old else [])
    rows = []
    for n in args.records:
        out = os.path.join(args.dir, f"out-{n}")
        started = time.time()
        generate(out, n)
        size = folder_size(out)
        print(f"{n} records: {out}, {size / 1e9:.2f} GB ({time.time() - started:.0f} s to make or find)",
              file=sys.stderr)
        for name in args.only.split(","):
            for label, code in codes:
                if label == "before" and args.old_max and n > args.old_max:
                    continue
                tmp = os.path.join(args.dir, f"result-{label}")
                os.makedirs(tmp, exist_ok=True)
                rss, seconds, status, last = run(code, COMMANDS[name](out, tmp))
                rows.append((n, name, label, rss, seconds, status))
                print(f"  {name:8} {label:6} peak RSS {rss / 1024:8.0f} MB  {seconds:7.1f} s  exit {status}"
                      + (f"  ({last})" if status else ""), file=sys.stderr)
                if not args.keep:
                    shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(f"{'records':>9}  {'command':<32}" + "".join(f"{label + ' MB':>11}{label + ' s':>10}" for label, _ in codes))
    shown = {}
    for n, name, label, rss, seconds, status in rows:
        shown.setdefault((n, name), {})[label] = (rss, seconds, status)
    commands = {"parquet": "export --to x.parquet", "csv": "export --to x.csv", "jsonl": "export --to x.jsonl",
                "stats": "stats", "html": "stats --html report.html"}
    for (n, name), by_label in shown.items():
        cells = ""
        for label, _ in codes:
            if label in by_label:
                rss, seconds, status = by_label[label]
                cells += f"{rss / 1024:>11.0f}{seconds:>10.1f}" + ("" if status == 0 else f" (exit {status})")
            else:
                cells += f"{'-':>11}{'-':>10}"
        print(f"{n:>9}  {commands[name]:<32}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
