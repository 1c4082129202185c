"""Parsers: Markdown (tables, links, headings), leads cells, YAML metadata, plain text."""
