"""`zhifa kb add` without the index: reading .txt/.docx, checks, the stored copy and its source record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document

from core.errors import UserError
from knowledge.citations import resolve_reference
from knowledge.statutes.store import load_store
from knowledge.userkb import AddReport, add_law, list_user_laws

REGULATION = """重庆市万州区城市管理综合行政执法局占道经营裁量规定

（2024年3月1日发布　自2024年4月1日起施行）

第一章　总　　则

第一条　为规范占道经营行政处罚裁量权，根据《中华人民共和国行政处罚法》第三十四条，制定本规定。

第二条　本规定适用于本区城市建成区内的占道经营行为。

第二章　裁量基准

第三条　占道经营的违法情节分为：
（一）轻微：首次违法、占道面积二平方米以内并当场改正的；
（二）一般：占道面积二平方米以上五平方米以下的；
（三）较重：经责令改正后拒不改正的。

第四条　本规定自2024年4月1日起施行。
"""


def _add(file: Path, kb: Path, **kw: Any) -> AddReport:
    """``zhifa kb add`` as its command runs it: checked against the store of bundled laws and the additions so far."""
    return add_law(file, kb, store=load_store(kb), **kw)


def test_add_txt_stores_copy_record_and_resolves(tmp_path: Path):
    src = tmp_path / "reg.txt"
    src.write_text(REGULATION, encoding="utf-8")
    kb = tmp_path / "kb"
    report = _add(src, kb)
    assert report.articles == 4 and not report.problems
    rec = report.record
    assert (rec["level"], rec["region"], rec["effective"], rec["revised"]) == (
        "规范性文件",
        "重庆",
        "2024-04-01",
        "2024-03-01",
    )
    assert rec["original_file"] == "reg.txt" and len(rec["sha256"]) == 64
    assert [r["id"] for r in list_user_laws(kb)] == [report.law_id]
    store = load_store(kb)
    law = store.law(report.law_id)
    assert law is not None and law.meta.origin == "user"
    assert law.articles[2].chapter == "第二章 裁量基准"
    assert len(store.laws) == 41  # the bundled 40 are still there
    (res,) = resolve_reference("本规定第三条第（二）项", context_law=report.law_id, store=store)
    assert res.found and res.text is not None and "五平方米以下" in res.text
    (by_title,) = resolve_reference(f"《{report.title}》第四条", store=store)
    assert by_title.id == f"{report.law_id}:4"


def test_add_docx_with_title_style(tmp_path: Path):
    doc = Document()
    doc.add_heading("万州区户外招牌设置管理办法", level=0)
    doc.add_paragraph("第一条 为了规范户外招牌设置，制定本办法。")
    doc.add_paragraph("第二条 设置户外招牌应当符合下列要求：")
    doc.add_paragraph("（一）安全牢固；")
    doc.add_paragraph("（二）整洁美观。")
    path = tmp_path / "招牌.docx"
    doc.save(str(path))
    report = _add(path, tmp_path / "kb", level="规范性文件", effective="2025-01-01")
    assert report.title == "万州区户外招牌设置管理办法"
    assert report.articles == 2
    law = load_store(tmp_path / "kb").law(report.law_id)
    assert law is not None and [i.number for i in law.articles[1].paragraphs[0].items] == [1, 2]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("某规定\n第一条 甲。\n第三条 丙。", "缺少第二条"),
        ("某规定\n第一条 甲。\n第二条 乙。\n第二条 又一个乙。", "第二条 重复"),
        ("某规定\n没有条文的文字。", "未识别到任何条文"),
    ],
)
def test_checks_refuse_numbering_problems(tmp_path: Path, text: str, problem: str):
    src = tmp_path / "bad.txt"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        _add(src, tmp_path / "kb")
    assert info.value.code == "kb_check_failed" and problem in info.value.message


def test_force_stores_despite_problems_and_reports_them(tmp_path: Path):
    src = tmp_path / "gap.txt"
    src.write_text("某规定\n第一条 甲。\n第三条 丙。", encoding="utf-8")
    report = _add(src, tmp_path / "kb", force=True)
    assert report.articles == 2 and any("缺少第二条" in p for p in report.problems)


def test_bad_dates_and_types_are_clear_errors(tmp_path: Path):
    src = tmp_path / "reg.txt"
    src.write_text(REGULATION, encoding="utf-8")
    with pytest.raises(UserError) as info:
        _add(src, tmp_path / "kb", effective="2024-13-45")
    assert "无法识别" in info.value.message
    with pytest.raises(UserError) as info:
        _add(src, tmp_path / "kb", effective="2020-01-01", revised="2024-03-01")
    assert "早于修订日期" in info.value.message
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(UserError) as info:
        _add(pdf, tmp_path / "kb")
    assert info.value.code == "bad_file_type"
    with pytest.raises(UserError) as info:
        _add(src, tmp_path / "kb", level="部门文件")
    assert info.value.code == "unknown_level"


def test_bundled_law_is_not_added_again(tmp_path: Path):
    src = tmp_path / "cf.md"
    src.write_text(
        Path(load_store().laws["xingzhengchufafa"].path).read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(UserError) as info:
        _add(src, tmp_path / "kb", law_id="xingzhengchufafa")
    assert info.value.code == "already_bundled"
