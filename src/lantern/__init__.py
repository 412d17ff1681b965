"""Lantern: learning and improvement for safeguarding partnerships."""

__version__ = "0.1.0"
