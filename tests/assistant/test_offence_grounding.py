"""Grounding of the offence cards: every amount and time limit the user sees (the answer text, each card's fine and
band) is in the provisions quoted with it; the computed sub-range stays a labelled default in the case draft. The real
catalogue, matcher and statute store; no model."""

from __future__ import annotations

import pytest

from assistant.events import Event
from assistant.numbers import find_quantities, quantity_keys
from assistant.offence import OffenceAdvisor, grounded
from knowledge.base import KnowledgeBase
from knowledge.catalogue.discretion import CaseFacts, discretion_band
from knowledge.catalogue.loader import load_catalogue

SCENARIOS = [
    "商户把桌椅摆到店门口的人行道上经营，第一次被发现，当场就收回去了，要罚款吗？",
    "这家店今年已经因为出店经营被罚过款，一年内又把货架摆到门外人行道上，劝了也拒不改正。",
    "一个12岁的小孩在小区围墙上用粉笔乱涂写，写了一大片。",
    "某某健身管理有限公司安排员工在主干道上向路人派发办卡宣传单。",
    "某公司没有取得建设工程规划许可证就在城区盖了一栋三层楼。",
    "临街门店的招牌破损残缺，限期整改通知书到期后仍未修复。",
    "一名司机在主干道边用水桶洗车。",
    # 固废法第一百一十一条: the act is an item, the amounts are the next paragraph — the whole article is quoted
    "某小区住户把装修后的几袋生活垃圾随意堆放在小区外的路边。",
]


def _shown(events: list[Event]) -> tuple[str, list[str]]:
    """What the user reads (the answer text, every card's fine and band) and the quoted provisions' texts."""
    text = "".join(e.text for e in events if e.type == "delta")
    cards = [e.item for e in events if e.type == "offence"]
    quotes = [e.item.text for e in events if e.type == "citation"]
    return "\n".join([text, *(f"{c.fine}\n{c.band}" for c in cards)]), quotes


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_number_shown_is_in_the_quoted_provisions(scenario, knowledge: KnowledgeBase):
    events = list(OffenceAdvisor(knowledge).stream(scenario))
    shown, quotes = _shown(events)
    support = quantity_keys(quotes)
    unsupported = [q.written for q in find_quantities(shown) if q.key not in support]
    assert unsupported == [], shown
    assert not any(e.type == "notice" for e in events)  # nothing had to be withheld
    assert "裁量建议：" in shown


def test_the_band_is_described_in_words_and_the_computed_amount_is_only_a_draft_default(
    knowledge: KnowledgeBase,
):
    events = list(OffenceAdvisor(knowledge).stream(SCENARIOS[1], party_type="individual"))
    top = next(e.item for e in events if e.type == "offence")
    assert top.id == "shopfront-trading"
    assert top.band.startswith("较重") or top.band.startswith("严重")
    assert "靠近上限" in top.band and "法定幅度 50–500元" in top.band
    assert "一年" not in "".join(e.text for e in events if e.type == "delta")
    draft = top.draft
    assert draft is not None
    assert "建议金额区间" in draft["discretion"] and "非法定数额" in draft["discretion"]
    assert 350 * 100 <= int(draft["fine_fen"]) <= 500 * 100  # the heavy part of 50–500 yuan, in fen


def test_band_label_has_no_computed_figures_but_amount_label_keeps_them():
    o = load_catalogue().get("shopfront-trading")
    band = discretion_band(o, "individual", CaseFacts())
    assert band.label() == "一般：在法定幅度的中间部分（法定幅度 50–500元）"
    assert band.amount_label() == "185–365元"
    fixed = discretion_band(load_catalogue().get("car-washing-on-road"), "individual", CaseFacts())
    assert fixed.label() == "一般：法定为固定数额，无裁量幅度（50元）"


def test_a_child_under_14_is_not_punished_and_article_30_is_quoted_for_the_age(knowledge: KnowledgeBase):
    events = list(OffenceAdvisor(knowledge).stream(SCENARIOS[2]))
    top = next(e.item for e in events if e.type == "offence")
    assert top.band.startswith("不予处罚")
    assert "第三十条" in [e.item.label for e in events if e.type == "citation"]


def test_a_line_with_a_number_the_quotes_lack_is_withheld():
    kept, dropped = grounded(
        "罚款幅度（个人）：50–500元。\n建议罚款 185–365元。", ["处五十元以上五百元以下的罚款"]
    )
    assert kept == "罚款幅度（个人）：50–500元。"
    assert dropped == ["建议罚款 185–365元。"]
