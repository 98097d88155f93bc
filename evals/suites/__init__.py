"""The built-in suites; importing this package registers them (``evals.suite.SUITES``)."""

from evals.suites import dispatch, legal_qa, media, offence

__all__ = ["dispatch", "legal_qa", "media", "offence"]
