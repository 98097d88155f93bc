"""Errors shared by every layer, each with the HTTP status it answers with.

::

    ZhiFaError                 base of everything the product raises on purpose          500
    ├── UserError              bad input or a state the user can fix; ``message`` is      400
    │   │                      Chinese and says what to do
    │   ├── NotFound           no such record, law, job …                                404
    │   └── (case_api.errors, speech.errors, vision.errors: each domain's own)
    ├── ConfigError            settings that cannot work (bad path, unknown backend)     500
    ├── AssetError             a bundled model package missing or corrupt                503
    └── ModelError             a model failed to load or run, or is too busy             503

One handler (``case_api.errors.install``) renders every one of them as ``{"code", "message"[, "details"]}`` with
its ``http_status``, for every router of the app.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ZhiFaError(Exception):
    code = "zhifa_error"
    http_status: ClassVar[int] = 500

    def __init__(
        self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class UserError(ZhiFaError):
    code = "bad_request"
    http_status = 400


class NotFound(UserError):
    code = "not_found"
    http_status = 404


class ConfigError(ZhiFaError):
    code = "config_error"


class AssetError(ZhiFaError):
    code = "asset_missing"
    http_status = 503


class ModelError(ZhiFaError):
    code = "model_error"
    http_status = 503
