"""No password, token, ID number or mobile number in any log line.

:func:`install` (called by the server's ``create_app`` and by the CLI) wraps the process's log-record factory, so
every record is masked the moment it is made — whichever logger makes it and whichever handlers print it later
(uvicorn configures its own handlers after the app is built; its access log carries the query string as an
argument). :class:`MaskingFilter` does the same for a handler configured by hand (``logging.config``).

What is masked is :func:`case_api.masking.mask_secrets`' business: bearer tokens and JWTs, ``password=`` and other
secret fields, 18-digit ID numbers (身份证号), licence plates (渝F·1***5), 11-digit mobile numbers. The message, its string arguments (and any
other argument whose text would change) and the formatted traceback are masked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from case_api.masking import PLATE_PROVINCES, mask_secrets

_MASKED = "_zhifa_masked"
_SUSPECT = re.compile(  # one cheap pass first
    rf"\d{{11}}|eyJ|(?i:bearer|basic|passw|pwd|secret|token|api_?key)|[{PLATE_PROVINCES}][A-HJ-NP-Z]"
)
_formatter = logging.Formatter()


def _mask(text: str) -> str:
    return mask_secrets(text) if _SUSPECT.search(text) else text


def _mask_arg(value: Any) -> Any:
    if isinstance(value, str):
        return _mask(value)
    if value is None or isinstance(value, bool | int | float):  # numbers keep their type (%d, %.2f)
        return value
    text = str(value)
    masked = _mask(text)
    return value if masked == text else masked


def _message(record: logging.LogRecord) -> str | None:
    try:
        return record.getMessage()
    except Exception:  # a bad format string: the handler reports it as it would have
        return None


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask ``record`` in place (once) and return it.

    The message keeps its format string and arguments when masking them one by one leaves nothing to mask in the
    whole message (formatters such as uvicorn's access log read the arguments); otherwise — a secret split between
    the format string and an argument, ``"password=%s"`` — the message is rendered, masked and its arguments
    dropped.
    """
    if getattr(record, _MASKED, False):
        return record
    setattr(record, _MASKED, True)
    if record.exc_info and not record.exc_text:
        record.exc_text = _mask(_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = _mask(record.stack_info)
    whole = _message(record)
    if whole is None or _mask(whole) == whole:
        return record
    msg, args = record.msg, record.args
    record.msg = _mask_arg(msg)
    if isinstance(args, Mapping):
        record.args = {key: _mask_arg(value) for key, value in args.items()}
    elif isinstance(args, tuple):
        record.args = tuple(_mask_arg(value) for value in args)
    parts = _message(record)
    if parts is None or _mask(parts) != parts:
        record.msg, record.args = _mask(whole), ()
    return record


class MaskingFilter(logging.Filter):
    """A filter for handlers: masks every record passing through, drops none."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


_installed: Callable[..., logging.LogRecord] | None = None


def install() -> None:
    """Mask every log record this process makes from now on (idempotent)."""
    global _installed
    current = logging.getLogRecordFactory()
    if _installed is not None and current is _installed:
        return
    base = current

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(base(*args, **kwargs))

    _installed = factory
    logging.setLogRecordFactory(factory)
