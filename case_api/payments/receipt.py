"""电子缴款凭证: a receipt as JSON-ready data and as a PDF (reportlab's built-in Chinese CID font, no font files)."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass

from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from case_api.payments.latefee import yuan

FONT = "STSong-Light"


@dataclass(frozen=True)
class Receipt:
    receipt_no: str
    bureau: str
    case_no: str
    order_code: str
    party: str  # masked
    fine: str  # yuan
    late_fee: str
    total: str
    provider: str
    transaction_id: str
    paid_at: str  # ISO 8601, local time
    checksum: str = (
        ""  # SHA-256 over the other fields: lets anyone check a printed receipt against the record
    )

    @classmethod
    def build(cls, *, fine_fen: int, late_fee_fen: int, **fields: str) -> Receipt:
        draft = cls(
            fine=yuan(fine_fen), late_fee=yuan(late_fee_fen), total=yuan(fine_fen + late_fee_fen), **fields
        )
        body = {k: v for k, v in asdict(draft).items() if k != "checksum"}
        digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        return cls(**{**body, "checksum": digest})


def receipt_pdf(r: Receipt) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A5, invariant=True)
    width, height = A5
    c.setTitle(f"缴款凭证 {r.receipt_no}")
    c.setFont(FONT, 15)
    c.drawCentredString(width / 2, height - 50, "罚款缴纳电子凭证")
    c.setFont(FONT, 10)
    rows = [
        ("凭证编号", r.receipt_no),
        ("执法机关", r.bureau),
        ("案件编号", r.case_no),
        ("缴款码", r.order_code),
        ("当事人", r.party),
        ("罚款金额", f"{r.fine} 元"),
        ("加处罚款", f"{r.late_fee} 元"),
        ("实缴合计", f"{r.total} 元"),
        ("缴款渠道", r.provider),
        ("交易流水号", r.transaction_id),
        ("缴款时间", r.paid_at),
    ]
    y = height - 90
    for label, value in rows:
        c.drawString(40, y, f"{label}：")
        c.drawString(120, y, value)
        y -= 20
    c.setFont(FONT, 7)
    c.drawString(40, y - 10, f"校验码 SHA-256：{r.checksum}")
    c.drawString(40, y - 24, "依《行政处罚法》第六十七条，罚款由指定渠道收缴，直接上缴国库。")
    c.showPage()
    c.save()
    return buf.getvalue()
