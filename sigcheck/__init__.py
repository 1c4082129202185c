"""sigcheck: keep a community's SIG folder true and tidy."""

__version__ = "0.2.0"
