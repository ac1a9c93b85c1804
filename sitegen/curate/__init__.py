"""Curated material: located YAML, the schema, curated files, anchoring quotes, ids and the id lock."""
