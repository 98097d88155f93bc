"""Errors shared by every layer.

::

    ZhiFaError                 base of everything the product raises on purpose
    ├── UserError              bad input or a state the user can fix; ``message`` is Chinese and says what to do
    │   └── NotFound
    ├── ConfigError            settings that cannot work (bad path, unknown backend)
    ├── AssetError             a bundled model package missing or corrupt
    └── ModelError             a model failed to load or run
"""

from __future__ import annotations


class ZhiFaError(Exception):
    code = "zhifa_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class UserError(ZhiFaError):
    code = "bad_request"


class NotFound(UserError):
    code = "not_found"


class ConfigError(ZhiFaError):
    code = "config_error"


class AssetError(ZhiFaError):
    code = "asset_missing"


class ModelError(ZhiFaError):
    code = "model_error"
