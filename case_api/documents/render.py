"""Jinja2 templates (``templates/*.j2``) → text blocks → PDF (reportlab, CJK CID font STSong-Light) and DOCX.

Template lines: ``# `` a centred title line, ``> `` a right-aligned line (the number), ``## `` a section
heading, anything else a paragraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

TEMPLATES = Path(__file__).parent / "templates"
FONT = "STSong-Light"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Block:
    kind: str  # title | right | heading | text
    text: str


def render_text(doc_type: str, context: dict[str, Any]) -> str:
    return _env.get_template(f"{doc_type}.j2").render(**context)


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            out.append(Block("heading", line[3:].strip()))
        elif line.startswith("# "):
            out.append(Block("title", line[2:].strip()))
        elif line.startswith("> "):
            out.append(Block("right", line[2:].strip()))
        else:
            out.append(Block("text", line))
    return out


def _styles() -> dict[str, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle(
        "text", fontName=FONT, fontSize=11.5, leading=19, wordWrap="CJK", firstLineIndent=23
    )
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=17, leading=26, alignment=TA_CENTER, firstLineIndent=0
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=8),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12.5, spaceBefore=8, firstLineIndent=0),
        "text": base,
    }


def to_pdf(items: list[Block], *, title: str) -> bytes:
    styles = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm, bottomMargin=20 * mm,
        title=title, author="智法 ZhiFa", invariant=True,
    )  # fmt: skip
    story: list[Any] = []
    for b in items:
        text = escape(b.text)
        story.append(Paragraph(f"<b>{text}</b>" if b.kind == "heading" else text, styles[b.kind]))
        if b.kind == "right":
            story.append(Spacer(1, 4 * mm))
    doc.build(story)
    return buf.getvalue()


def to_docx(items: list[Block], *, title: str) -> bytes:
    document = DocxDocument()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    document.core_properties.title = title
    document.core_properties.author = "智法 ZhiFa"
    for b in items:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(b.text)
        if b.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(18)
        elif b.kind == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b.kind == "heading":
            run.bold = True
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
