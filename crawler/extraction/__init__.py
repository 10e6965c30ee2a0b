"""Extraction: from one page's HTML to one record (body, title, dates, author, images, page kind)."""
