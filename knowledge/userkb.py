"""A bureau's own regulations (``zhifa kb add``): read .txt/.md/.docx, check, store with a source record.

Stored as ``<kb_user_dir>/laws/<id>.md`` (normalised Markdown, the same layout as the bundled corpus, read back by
the same parser) plus ``<id>.json`` (title, level, region, dates, original file, sha256, when added, problems).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.errors import UserError
from knowledge.statutes.model import LEVELS, LawMeta
from knowledge.statutes.parser import parse_statute
from knowledge.statutes.store import USER_LAWS_SUBDIR, StatuteStore, law_from_text

SUFFIXES = (".txt", ".md", ".docx")
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_EFFECTIVE = re.compile(r"自\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起施行")


@dataclass
class AddReport:
    law_id: str
    title: str
    articles: int
    path: Path
    record: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    replaced: bool = False


def read_text(path: Path) -> str:
    if not path.is_file():
        raise UserError(f"找不到文件：{path}", code="file_not_found")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"不支持的文件类型 {suffix or '（无扩展名）'}：请提供 .txt、.md 或 .docx 文件",
            code="bad_file_type",
        )
    if suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        lines: list[str] = []
        for para in doc.paragraphs:
            style = (para.style.name if para.style is not None else "") or ""
            text = para.text.strip()
            if text:
                lines.append(f"# {text}" if style.lower().startswith("title") and not lines else text)
        return "\n".join(lines)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError("无法识别文件编码：请另存为 UTF-8 文本后再添加", code="bad_encoding")


def _cn_date(text: str) -> date | None:
    m = _DATE_CN.search(text)
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def make_id(title: str) -> str:
    from pypinyin import lazy_pinyin

    short = title.removeprefix("中华人民共和国")
    prefix = ""
    if short.startswith("重庆市"):
        prefix, short = "cq-", short.removeprefix("重庆市")
    slug = re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(short)).lower())
    return f"user-{prefix}{slug}"[:48] or "user-" + hashlib.sha256(title.encode()).hexdigest()[:10]


def to_markdown(title: str, parsed_history: list[str], source_line: str, body_articles: list[str]) -> str:
    parts = [f"# {title}", "", f"> {source_line}", ""]
    if parsed_history:
        parts += ["## 制定及修订沿革", "", *[f"{h}\n" for h in parsed_history]]
    parts += [f"{a}\n" for a in body_articles]
    return "\n".join(parts).rstrip() + "\n"


def add_law(
    file: Path,
    kb_user_dir: Path,
    *,
    store: StatuteStore,
    title: str | None = None,
    level: str | None = None,
    region: str | None = None,
    revised: str | None = None,
    effective: str | None = None,
    law_id: str | None = None,
    aliases: tuple[str, ...] = (),
    force: bool = False,
) -> AddReport:
    """Parse, check and store one regulation. Problems are reported; ``force`` stores despite them. ``store``: the
    caller's knowledge base's (bundled laws + the additions so far); it reads the addition with its ``reload()``."""
    text = read_text(file)
    parsed = parse_statute(text, title=title)
    if not parsed.title:
        raise UserError("无法确定法规标题：请用 --title 指定", code="no_title")
    law_title = parsed.title.strip("《》 ")
    if level is not None and level not in LEVELS:
        raise UserError(f"未知的效力层级“{level}”（可选：{'、'.join(LEVELS)}）", code="unknown_level")
    eff = _flag_date(effective, "施行日期") or _effective_from_text(text)
    rev = _flag_date(revised, "修订日期") or _cn_date("\n".join(parsed.history))
    problems = list(parsed.problems)
    if eff and rev and eff < rev:
        problems.append(f"施行日期 {eff} 早于修订日期 {rev}")
    if eff and eff > date.today().replace(year=date.today().year + 5):
        problems.append(f"施行日期 {eff} 不合理")
    ident = law_id or make_id(law_title)
    existing = store.law(ident)
    if existing is not None and existing.meta.origin == "bundled":
        raise UserError(f"《{law_title}》已在内置法规库中，无需添加", code="already_bundled")
    if problems and not force:
        raise UserError(
            "文件检查未通过：\n"
            + "\n".join(f"- {p}" for p in problems)
            + "\n修正后重试，或加 --force 强行添加",
            code="kb_check_failed",
        )
    record: dict[str, Any] = {
        "id": ident,
        "title": law_title,
        "level": level or _guess_level(law_title),
        "region": region or _guess_region(law_title),
        "revised": rev.isoformat() if rev else None,
        "effective": eff.isoformat() if eff else None,
        "aliases": list(aliases),
        "source": f"用户添加：{file.name}",
        "original_file": file.name,
        "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
        "added_at": datetime.now().isoformat(timespec="seconds"),
        "articles": len(parsed.articles),
        "problems": problems,
    }
    folder = kb_user_dir / USER_LAWS_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    source_line = f"来源: {record['source']}；sha256 {record['sha256'][:12]}。 类别: {record['level']}。"
    body = [
        f"{a.label} " + "\n\n".join(p.full_text.replace("\n", "\n\n") for p in a.paragraphs)
        for a in parsed.articles
    ]
    markdown = to_markdown(law_title, parsed.history, source_line, _with_headings(parsed, body))
    # round trip through the same parser the store uses: what is stored is what will be cited
    check = law_from_text(markdown, LawMeta(title=law_title, law_id=ident))
    if len(check.articles) != len(parsed.articles):
        raise UserError("保存后的文本无法按原样解析，已放弃添加", code="kb_roundtrip_failed")
    (folder / f"{ident}.md").write_text(markdown, encoding="utf-8")
    (folder / f"{ident}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return AddReport(
        ident, law_title, len(parsed.articles), folder / f"{ident}.md", record, problems, existing is not None
    )


def _with_headings(parsed: Any, body: list[str]) -> list[str]:
    out: list[str] = []
    chapter = section = ""
    for article, text in zip(parsed.articles, body, strict=True):
        if article.chapter and article.chapter != chapter:
            chapter, section = article.chapter, ""
            out.append(f"## {chapter}")
        if article.section and article.section != section:
            section = article.section
            out.append(f"### {section}")
        out.append(text)
    return out


def _flag_date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(
            f"{name}“{value}”无法识别：应为 YYYY-MM-DD，例如 2024-04-01", code="bad_date"
        ) from None


def _effective_from_text(text: str) -> date | None:
    m = _EFFECTIVE.search(text)
    return _cn_date(m.group(1)) if m else None


def _guess_level(title: str) -> str:
    if re.search(r"(局|委员会|办公室|大队|支队)", title):
        return "规范性文件"  # a bureau's own rules are normative documents, not regulations
    if title.startswith("中华人民共和国") and title.endswith("法"):
        return "法律"
    if re.search(r"(省|市|自治区).*(条例)$", title):
        return "地方性法规"
    if re.search(r"(办法|规定|细则)$", title) and re.search(r"(省|市|区|县)", title):
        return "地方政府规章"
    return "规范性文件"


def _guess_region(title: str) -> str:
    m = re.match(r"^(重庆市|[\u4e00-\u9fff]{2,4}?(?:省|市|自治区))", title)
    return m.group(1).removesuffix("市") if m else "全国"


def list_user_laws(kb_user_dir: Path) -> list[dict[str, Any]]:
    folder = kb_user_dir / USER_LAWS_SUBDIR
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
