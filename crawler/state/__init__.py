"""State between runs: what was seen, the resume frontier, the lock, and the Redis store of distributed mode."""
