from __future__ import annotations

import pytest

from core.errors import ConfigError
from core.registry import Registry


def test_registered_factory_is_built_by_name():
    reg: Registry[str] = Registry("测试")

    @reg.register("upper")
    def _upper(text: str) -> str:
        return text.upper()

    assert reg.create("upper", "abc") == "ABC"
    assert reg.names() == ["upper"]


def test_unknown_backend_names_the_known_ones():
    reg: Registry[int] = Registry("LLM")
    reg.register("one")(lambda: 1)
    with pytest.raises(ConfigError, match="one") as info:
        reg.create("two")
    assert "未知" in info.value.message
