"""WeChat's text for a chat answer, from the typed events."""

from __future__ import annotations

from assistant.events import (
    CitationEvent,
    CitedProvision,
    ClarifyEvent,
    DeltaEvent,
    DoneEvent,
    NoticeEvent,
    OffenceCard,
    OffenceEvent,
    QueueEvent,
    RefusedEvent,
    SkillEvent,
    ToolEvent,
)
from channels.wechat import answers

CARD = OffenceCard(
    rank=1,
    id="street-trading",
    name="占道经营",
    violated="《重庆市市容环境卫生管理条例》第十八条",
    penalty="《重庆市市容环境卫生管理条例》第六十二条",
    fine="50–500元",
    party="individual",
    band="一般",
    band_reasons=[],
    measures="",
    authority="",
    not_city_management=False,
    score=0.9,
)


def test_the_answer_text_the_offence_the_provision_then_the_warnings() -> None:
    events = [
        SkillEvent(name="offence"),
        QueueEvent(position=1),  # nothing to say in a text reply
        OffenceEvent(item=CARD),
        CitationEvent(
            item=CitedProvision(id="x:18", law="某条例", label="第十八条", text="原" * 200, verified=True)
        ),
        ClarifyEvent(question="是否在店门外？", options=["是", "否"]),
        DeltaEvent(text="最可能的违法行为：占道经营。"),
        ToolEvent(name="on_duty", args={}, result={}, text="五桥片区在班：2 人"),
        NoticeEvent(text="请核对原文。"),
        DoneEvent(),
    ]
    assert answers.compose(events) == (
        "是否在店门外？（是、否）最可能的违法行为：占道经营。五桥片区在班：2 人\n\n"
        "可能的违法行为：\n1. 占道经营\n   违则：《重庆市市容环境卫生管理条例》第十八条\n"
        "   罚则：《重庆市市容环境卫生管理条例》第六十二条\n   罚款：50–500元\n   裁量：一般\n\n"
        f"依据：\n《某条例》第十八条：{'原' * 160}…\n\n⚠️ 请核对原文。"
    )


def test_a_refusal_says_what_the_corpus_lacks_and_nothing_is_a_fallback() -> None:
    assert (
        answers.compose([RefusedEvent(reason="法规库中没有《某法》。")])
        == "知识库中没有可依据的规定：法规库中没有《某法》。"
    )
    assert answers.compose([SkillEvent(name="legal"), DoneEvent()]).startswith("暂时无法回答")
