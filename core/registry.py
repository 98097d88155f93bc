"""A tiny named registry: built-in backends register exactly like outside ones would."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from core.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def deco(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return deco

    def create(self, name: str, *args: object, **kwargs: object) -> T:
        try:
            factory = self._factories[name]
        except KeyError:
            known = ", ".join(sorted(self._factories)) or "—"
            raise ConfigError(
                f"未知的{self.kind}后端 {name!r}（可选：{known}） / unknown {self.kind} backend {name!r} (known: {known})"
            ) from None
        return factory(*args, **kwargs)

    def names(self) -> list[str]:
        return sorted(self._factories)


def load_plugins(modules: Iterable[str]) -> None:
    """Import each named module (``ZHIFA_PLUGINS``) so that its ``@REGISTRY.register`` decorators run: a bureau's
    own backend (another LLM server, a camera model) is added without touching the product's code."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise ConfigError(
                f"无法加载插件模块 {name!r}：{exc} / cannot import plugin module {name!r}"
            ) from exc
