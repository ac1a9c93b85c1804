"""sitegen: a static-site generator for annotated source archives."""

__version__ = "0.1.0"
DISTRIBUTION = "annotated-archive"
"""The name on the package index (``pip install annotated-archive``); the import and the command are ``sitegen``."""
