"""Rendering: documents to HTML with highlights injected at exact offsets."""
