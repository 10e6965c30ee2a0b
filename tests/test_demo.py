"""`crawler demo`, the README's first command: serves the sample portals, crawls, checks itself.
(The run is conftest's `demo_run`, which other files read too.)"""

import json


def test_demo_writes_every_story_once_and_clean(demo_run):
    result = demo_run.result
    assert result.returncode == 0, result.stderr[-3000:]
    check = json.loads(result.stdout.strip().splitlines()[-1])
    assert check["stories_expected"] >= 40
    assert check["records_written"] == check["stories_expected"] == check["stories_written"]
    assert check["stories_written_twice"] == check["stories_missing"] == check["records_not_articles"] == 0
    assert check["boilerplate_leaks"] == 0
    assert "Crawl summary" in result.stderr
