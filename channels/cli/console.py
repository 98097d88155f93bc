"""The one console every ``zhifa`` command prints through: rich at a terminal, plain text anywhere else.

``zhifa kb cite 行政处罚法第五十一条 | grep -F "<a sentence of the article>"`` must find the sentence: when the output
is not a terminal (a pipe, a file, typer's ``CliRunner``) a :class:`CliConsole` writes text as given — no colour or
style codes, no hard wraps at the console width (soft wrap), no highlighting, no ``:emoji:`` codes. At a terminal it
is an ordinary rich ``Console``. Decided at each print, not when the console is made, so a console made at import
time follows wherever its output goes later.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console


class CliConsole(Console):
    """A rich ``Console`` that prints plain text when its output is not a terminal."""

    def __init__(self, **kwargs: Any) -> None:
        self._soft_wrap_default = False
        self._highlight_default = True
        self._emoji_default = True
        self._colors: Any = None
        super().__init__(**kwargs)

    # rich reads these four on every print: each falls back to plain output off a terminal
    @property
    def soft_wrap(self) -> bool:
        return self._soft_wrap_default or not self.is_terminal

    @soft_wrap.setter
    def soft_wrap(self, value: bool) -> None:
        self._soft_wrap_default = value

    @property
    def _highlight(self) -> bool:
        return self._highlight_default and self.is_terminal

    @_highlight.setter
    def _highlight(self, value: bool) -> None:
        self._highlight_default = value

    @property
    def _emoji(self) -> bool:
        return self._emoji_default and self.is_terminal

    @_emoji.setter
    def _emoji(self, value: bool) -> None:
        self._emoji_default = value

    @property
    def _color_system(self) -> Any:
        return self._colors if self.is_terminal else None

    @_color_system.setter
    def _color_system(self, value: Any) -> None:
        self._colors = value


def make_console(*, stderr: bool = False) -> Console:
    """The console for a CLI module: ``console = make_console()``, ``err = make_console(stderr=True)``."""
    return CliConsole(stderr=stderr)
