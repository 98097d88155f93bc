"""Errors the system of record raises on purpose, each mapped to one HTTP status.

::

    core.errors.UserError
    └── DomainError               code + Chinese message + http_status (400)
        ├── Unauthenticated       401  no or bad credentials / token
        ├── Forbidden             403  the role may not do this, or the record is not the caller's
        ├── NotFound              404  no such record
        ├── Conflict              409  duplicate, concurrent change, immutable record
        │   └── InvalidTransition 409  the case state machine refuses the step
        ├── ValidationFailed      422  a business rule (statute limit, missing field) is not met
        └── TooManyAttempts       429  too many failed logins: locked for a while (``Retry-After``)

Every ``message`` is Chinese and tells the user what was wrong and what to do.
``case_api.api.mount`` turns them into ``{"code": ..., "message": ...}`` JSON bodies.
"""

from __future__ import annotations

from typing import Any, ClassVar

from core.errors import UserError


class DomainError(UserError):
    code = "domain_error"
    http_status: ClassVar[int] = 400

    def __init__(
        self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.details = details or {}

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class Unauthenticated(DomainError):
    code = "unauthenticated"
    http_status = 401


class Forbidden(DomainError):
    code = "forbidden"
    http_status = 403


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class Conflict(DomainError):
    code = "conflict"
    http_status = 409


class InvalidTransition(Conflict):
    code = "invalid_transition"


class ValidationFailed(DomainError):
    code = "validation_failed"
    http_status = 422


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    http_status = 429

    def __init__(
        self,
        message: str,
        *,
        retry_after: int,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code=code, details=details)
        self.retry_after = retry_after  # seconds, for the Retry-After header


__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "InvalidTransition",
    "NotFound",
    "TooManyAttempts",
    "Unauthenticated",
    "ValidationFailed",
]
