"""sitegen: a static-site generator for annotated source archives."""

__version__ = "0.1.0"
