"""Output: the record, its dated JSONL files, their recovery after a crash, the run summary and the WARC archive."""
