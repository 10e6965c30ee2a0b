"""Crawler library for Vietnamese provincial portals: extraction, dates, normalisation, CLI."""
