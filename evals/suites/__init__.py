"""The built-in suites; importing this package registers them (``evals.suite.SUITES``)."""

from evals.suites import legal_qa, media, offence

__all__ = ["legal_qa", "media", "offence"]
