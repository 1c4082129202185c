"""Generating the SIG tables from `sig-info.yaml` (SPEC §7), and bootstrapping that metadata.

`render` is pure (metadata → Markdown), `region` splices a table into a page byte for byte,
`plan` computes what `fix` would write (shared with the T008 check), `writer` writes
atomically; `importer` and `schema` serve `sigcheck import` and `sigcheck schema`.
"""
