"""`crawler demo`, the README's first command: serves the sample portals, crawls, checks itself."""

import json
import subprocess
import sys


def test_demo_writes_every_story_once_and_clean(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    check = json.loads(result.stdout.strip().splitlines()[-1])
    assert check["stories_expected"] >= 40
    assert check["records_written"] == check["stories_expected"] == check["stories_written"]
    assert check["stories_written_twice"] == check["stories_missing"] == check["records_not_articles"] == 0
    assert check["boilerplate_leaks"] == 0
    assert "Crawl summary" in result.stderr
