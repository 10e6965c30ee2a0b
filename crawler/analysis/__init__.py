"""Analysis of what was written: export, statistics, topics, near-duplicates, quality evaluation."""
