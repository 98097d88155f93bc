"""Off a terminal the CLI prints plain text: `zhifa kb cite REF | grep -F "<a sentence>"` finds the sentence."""

from __future__ import annotations

import io
import re

import pytest
from typer.testing import CliRunner

from channels.cli.console import CliConsole, make_console
from channels.cli.main import app
from channels.components import Components

runner = CliRunner()
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def use_settings(components: Components) -> Components:
    """The container the command asks (``app(obj=…)``): the session's."""
    return components


@pytest.mark.parametrize(
    ("reference", "article_id"),
    [("行政处罚法第五十一条", "xingzhengchufafa:51"), ("广告法第五十八条", "guanggaofa:58")],
)
def test_kb_cite_prints_the_statute_text_verbatim_without_wraps_or_colour(
    use_settings: Components, reference: str, article_id: str
) -> None:
    article = use_settings.knowledge.store.article(article_id)
    assert article is not None
    result = runner.invoke(
        app, ["kb", "cite", reference], env={"COLUMNS": "80", "TERM": "xterm-256color"}, obj=use_settings
    )
    assert result.exit_code == 0, result.output
    assert not ANSI.search(result.output)
    sentences = [s for line in article.text.splitlines() for s in re.findall(r"[^。]+。?", line)]
    longest = max(sentences, key=len)
    assert (
        2 * len(longest) > 80
    )  # CJK: two columns a character, wider than a line: a hard wrap would split it
    lines = result.output.splitlines()
    for sentence in sentences:  # what `grep -F` sees: each sentence whole on one line
        assert any(sentence in line for line in lines), sentence
    assert article.text in result.output


def test_the_console_is_plain_off_a_terminal_and_rich_on_one() -> None:
    text = "[bold]粗体[/bold] " + "长" * 200 + " 12345 'quoted' :smile:"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    piped = io.StringIO()
    CliConsole(file=piped, width=80).print(text)
    assert piped.getvalue() == "粗体 " + "长" * 200 + " 12345 'quoted' :smile:\n"

    tty = Tty()
    CliConsole(file=tty, width=80, color_system="truecolor").print(text)
    out = tty.getvalue()
    assert ANSI.search(out) and out.count("\n") > 1  # styled and wrapped at 80 columns for a person
    assert isinstance(make_console(), CliConsole) and make_console(stderr=True).stderr
