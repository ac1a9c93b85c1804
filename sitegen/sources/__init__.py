"""Source documents: discover the input files, read them, parse Markdown (files → SourceDoc)."""
