"""Automatic annotators: entities, attributed claims and disputes, proposed from spaCy parses.

Nothing is imported here: a stage that needs one module of the package (``consolidate``, say)
must not load the annotators with it (``pipeline``: 48 ms of every warm build)."""
