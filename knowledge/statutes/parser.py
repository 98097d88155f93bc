"""Parse a statute's text (Markdown as bundled, or plain text from a .txt/.docx) into articles.

One parser serves the bundled corpus and ``zhifa kb add``. The layout it expects is the one statutes are printed in:

* a title (``# 标题`` or the first non-empty line), optionally a ``> 来源…`` line;
* ``## 制定及修订沿革`` — history lines, never articles even when they mention ``第X条``;
* chapter / section headings (``## 第一章 总则``, ``### 第一节 …``, ``## 第三章 … > 第一节 …`` or a bare
  ``第一章 总则`` line);
* articles starting a line with ``第X条`` (or ``第X条之一``); each further line is a 款, except lines opening with
  ``（一）`` / ``(一)``, which are 项 of the 款 before them.

Anything odd (numbering gaps, duplicate or out-of-order articles, text before the first article) is reported in
``ParseResult.problems`` instead of being guessed away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.statutes.model import Article, Item, Paragraph
from knowledge.statutes.numerals import NUMERAL_CHARS, article_label, cn_to_int

_NUM = f"[{NUMERAL_CHARS}0-9０-９]+"
ARTICLE_RE = re.compile(rf"^第({_NUM})条(?:之({_NUM}))?(?:[\s　]+(.*))?$")
# ``第十条为了…`` with no space: taken as an article only when it is the next number and does not read like a
# sentence that starts by quoting an article (``第二十条规定的…``, ``第五条、第六条…``).
ARTICLE_TIGHT_RE = re.compile(rf"^第({_NUM})条(?:之({_NUM}))?(?![规的所中和或及、，,至到第款项])(.+)$")
ITEM_RE = re.compile(rf"^[（(]({_NUM})[）)]")
CHAPTER_RE = re.compile(rf"^第{_NUM}[章编]")
SECTION_RE = re.compile(rf"^第{_NUM}节")
HISTORY_HEADINGS = ("制定及修订沿革", "修订沿革", "沿革")
_WS = re.compile(r"[\s　]+")


@dataclass
class ParseResult:
    title: str
    articles: list[Article]
    history: list[str] = field(default_factory=list)
    source_line: str = ""
    problems: list[str] = field(default_factory=list)  # Chinese, shown to the person adding the file


@dataclass
class _Open:
    number: int
    sub: int
    chapter: str
    section: str
    paragraphs: list[tuple[str, list[Item]]] = field(default_factory=list)


def _clean_heading(text: str) -> str:
    return _WS.sub(" ", text.strip().lstrip("#").strip())


def _split_heading(heading: str) -> tuple[str | None, str | None]:
    """``第三章 违反… > 第一节 扰乱…`` → (chapter, section); either may be None."""
    chapter: str | None = None
    section: str | None = None
    for part in (p.strip() for p in heading.split(">")):
        if CHAPTER_RE.match(part):
            chapter = part
        elif SECTION_RE.match(part):
            section = part
    return chapter, section


def parse_statute(text: str, *, title: str | None = None, law_id: str = "law") -> ParseResult:
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    result = ParseResult(title=title or "", articles=[])
    chapter = section = ""
    in_history = False
    current: _Open | None = None
    seen: set[tuple[int, int]] = set()
    pending_label = False  # a ``第X条`` line with its text on the next line

    def close() -> None:
        nonlocal current
        if current is None:
            return
        paras = tuple(
            Paragraph(number=i, text=t, items=tuple(items))
            for i, (t, items) in enumerate(current.paragraphs, 1)
        )
        if not paras:
            result.problems.append(f"{article_label(current.number, current.sub)} 没有正文")
        result.articles.append(
            Article(
                law_id, current.number, current.sub, paras, chapter=current.chapter, section=current.section
            )
        )
        current = None

    for line in lines:
        if not line:
            continue
        if not result.title:
            result.title = _clean_heading(line)
            continue
        if line.startswith(">"):
            result.source_line = (result.source_line + " " + line.lstrip("> ").strip()).strip()
            continue
        if line.startswith("#"):
            heading = _clean_heading(line)
            if line.startswith("# ") and heading == result.title:
                continue
            close()
            in_history = heading.replace(" ", "") in HISTORY_HEADINGS
            ch, sec = _split_heading(heading)
            if ch is not None:
                chapter, section = ch, sec or ""
            elif sec is not None:
                section = sec
            continue
        if in_history:
            # A history heading is not always followed by a chapter heading: the first article ends it.
            bare = _WS.sub(" ", line)
            if _article_heading(line, result.articles, current) is None and not CHAPTER_RE.match(bare):
                result.history.append(line)
                continue
            in_history = False
        bare_heading = _WS.sub(" ", line)
        if CHAPTER_RE.match(bare_heading) or SECTION_RE.match(bare_heading):
            close()
            ch, sec = _split_heading(bare_heading)
            if ch is not None:
                chapter, section = ch, ""
            elif sec is not None:
                section = sec
            continue
        m = _article_heading(line, result.articles, current)
        if m:
            number, sub, body = m
            close()
            _check_order(result, seen, number, sub)
            seen.add((number, sub))
            current = _Open(number, sub, chapter, section)
            pending_label = not body
            if body:
                current.paragraphs.append((body, []))
            continue
        if current is None:
            if result.articles:
                result.problems.append(f"条文之外的文字：{line[:30]}")
            elif not result.source_line and not result.history:
                result.history.append(line)  # preamble of a plain-text file (issuing body, dates)
            continue
        item = ITEM_RE.match(line)
        if item and current.paragraphs and not pending_label:
            current.paragraphs[-1][1].append(Item(number=cn_to_int(item.group(1)), text=line))
        else:
            current.paragraphs.append((line, []))
        pending_label = False
    close()
    if not result.articles:
        result.problems.append("未识别到任何条文（应以“第一条”开头的行）")
    return result


def _article_heading(line: str, done: list[Article], current: _Open | None) -> tuple[int, int, str] | None:
    m = ARTICLE_RE.match(line)
    if m:
        return cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0, (m.group(3) or "").strip()
    m = ARTICLE_TIGHT_RE.match(line)
    if m:
        number, sub = cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0
        prev = current.number if current else (done[-1].number if done else 0)
        if (number == prev + 1 and not sub) or (number == prev and sub):
            return number, sub, m.group(3).strip()
    return None


def _check_order(result: ParseResult, seen: set[tuple[int, int]], number: int, sub: int) -> None:
    label = article_label(number, sub)
    if (number, sub) in seen:
        result.problems.append(f"{label} 重复出现")
        return
    if not result.articles:
        if number != 1:
            result.problems.append(f"条文从{label}开始，缺少前面的条文")
        return
    prev = result.articles[-1]
    if sub:
        if number != prev.number or sub != prev.sub + 1:
            result.problems.append(f"{label} 位置不对（前一条是{prev.label}）")
    elif number <= prev.number:
        result.problems.append(f"{label} 顺序颠倒（前一条是{prev.label}）")
    elif number > prev.number + 1:
        missing = article_label(prev.number + 1)
        if number > prev.number + 2:
            missing += f"至{article_label(number - 1)}"
        result.problems.append(f"条文编号不连续：缺少{missing}")
