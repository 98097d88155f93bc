"""The citizen's payment page (the QR code's target): amount due today, and the way to pay."""

from __future__ import annotations

from html import escape

from case_api.payments.latefee import yuan
from case_api.payments.models import OrderPublic, OrderStatus

TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>罚款缴纳 {code}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
td{{padding:.3rem .5rem}}button{{font-size:1.1rem;padding:.6rem 1.2rem}}</style></head>
<body><h1>罚款缴纳</h1>
<table><tr><td>案件编号</td><td>{case_no}</td></tr><tr><td>缴款码</td><td>{code}</td></tr>
<tr><td>罚款</td><td>{fine} 元</td></tr><tr><td>加处罚款</td><td>{late} 元（逾期 {days} 天）</td></tr>
<tr><td>今日应缴</td><td><b>{total} 元</b></td></tr><tr><td>缴款期限</td><td>{due}（第六十七条）</td></tr></table>
{action}
<p><small>逾期每日按罚款数额的 3% 加处罚款，加处罚款不超过罚款本数（《行政处罚法》第七十二条）。</small></p>
</body></html>"""


def render(order: OrderPublic, *, simulate: bool) -> str:
    due = order.amount_due
    if order.status == OrderStatus.paid:
        action = (
            f'<p>已缴款。<a href="/api/payments/orders/{escape(order.code)}/receipt.pdf">下载缴款凭证</a></p>'
        )
    elif simulate and order.provider == "loopback":
        action = (
            f'<form method="post" action="/api/payments/orders/{escape(order.code)}/simulate">'
            "<button>模拟微信支付（开发环境）</button></form>"
        )
    else:
        action = "<p>请使用微信扫描决定书上的二维码完成缴款。</p>"
    return TEMPLATE.format(
        code=escape(order.code),
        case_no=escape(order.case_no),
        fine=yuan(due.fine_fen),
        late=yuan(due.late_fee_fen),
        days=due.late_days,
        total=due.total_yuan,
        due=due.due_date.isoformat(),
        action=action,
    )
