"""Analysis: merge proposals and curated entries, link passages, per-document contributions and their cache."""
