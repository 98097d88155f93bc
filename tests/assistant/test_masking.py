"""Personal data masked before the model and in logs (one set of patterns, case_api.masking's), restored in the
answer only for staff."""

from __future__ import annotations

import logging

import pytest

from assistant.events import DeltaEvent, DoneEvent, Event
from assistant.masking import (
    StreamRestorer,
    mask_personal,
    may_see_personal_data,
    restore,
    restore_events,
    scrub,
)
from case_api.masking import mask_secrets
from case_api.users.models import Role
from channels.logmask import mask_record

TEXT = "当事人张三丰，身份证500101199001011234，电话13912345678，驾驶渝F·A1234在路边卖水果，摊主李四也在。"


def test_every_kind_is_masked_and_comes_back() -> None:
    m = mask_personal(TEXT)
    for secret in ("张三丰", "500101199001011234", "13912345678", "A1234", "李四"):
        assert secret not in m.text
    assert {k for k, _ in m.values.values()} == {"id", "phone", "plate", "name"}
    assert "〔身份证1〕" in m.text and "〔电话1〕" in m.text and "〔车牌1〕" in m.text
    assert m.restore(m.text, allowed=True) == TEXT
    shown = m.restore(m.text, allowed=False)
    assert (
        "5001**********1234" in shown and "139****5678" in shown and "渝F·A***4" in shown and "张**" in shown
    )
    assert "13912345678" not in shown


def test_same_value_same_placeholder_and_no_false_names() -> None:
    m = mask_personal("电话13912345678，再打一次13912345678")
    assert m.text.count("〔电话1〕") == 2 and len(m.values) == 1
    plain = "商户把桌椅摆到店门口的人行道上经营，第一次被发现，要罚款吗？"
    assert mask_personal(plain).text == plain
    assert mask_personal("当事人某某在路边摆摊").text == "当事人某某在路边摆摊"


def test_known_names_are_masked() -> None:
    m = mask_personal("欧阳娜娜说她不知道", known_names=["欧阳娜娜"])
    assert "欧阳娜娜" not in m.text and m.restore(m.text, allowed=True) == "欧阳娜娜说她不知道"


def test_streamed_placeholders_split_across_pieces_are_restored() -> None:
    m = mask_personal("联系电话13912345678")
    r = StreamRestorer(m.values, allowed=True)
    out = r.feed("请联系〔电") + r.feed("话1〕核实") + r.flush()
    assert out == "请联系13912345678核实"
    events: list[Event] = [DeltaEvent(text="〔电"), DeltaEvent(text="话1〕"), DoneEvent()]
    assert "".join(getattr(e, "text", "") for e in restore_events(events, m, allowed=False)) == "139****5678"


def test_only_staff_may_see() -> None:
    assert all(may_see_personal_data(r) for r in (Role.officer, Role.legal, Role.commander, Role.admin))
    assert not may_see_personal_data(Role.citizen) and not may_see_personal_data(None)


def test_unknown_placeholders_stay() -> None:
    assert restore("〔电话9〕", {}, allowed=True) == "〔电话9〕"


@pytest.mark.parametrize("value", ["500101199001011234", "13912345678", "渝F·A1234"])
def test_logs_and_the_assistant_share_the_patterns(value: str) -> None:
    """What the log mask hides, the assistant's scrub hides in the same display form (one set of patterns)."""
    line = f"问题：{value} 怎么办"
    assert scrub(line) == mask_secrets(line) != line
    record = logging.LogRecord("zhifa.chat", logging.INFO, __file__, 1, "chat %s", (line,), None)
    assert value not in mask_record(record).getMessage()
