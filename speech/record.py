"""The 询问笔录 draft from a transcript: header people, the statutory opening, Q/A with audio spans, the closing.

Pure data: the fields of case_api's ``inquiry_record`` document. The opening questions are the statute's (《行政处罚法》
第五十五条 出示执法证件, 第四十二条 两名执法人员, 回避 第四十三条); the party's answers to them are left as
``PENDING`` for the officer to fill in — a record with a ``PENDING`` answer is refused at confirmation, so no
machine-written answer reaches a case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from speech.turns import ASKER, Turn

PENDING = "〔待填写〕"
CLOSING = "以上笔录我已看过（或已向我宣读），与我所说相符。"


def clock(seconds: float) -> str:
    s = int(seconds)
    return (
        f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"
    )


def span(start: float, end: float) -> str:
    return f"{clock(start)}–{clock(end)}"


def opening(bureau: str, officers: Sequence[Mapping[str, Any]], subject: str) -> list[dict[str, Any]]:
    names = "、".join(f"{o['full_name']}（执法证号：{o.get('badge_no') or '—'}）" for o in officers) or "—"
    return [
        {
            "q": f"我们是{bureau}的执法人员{names}，这是我们的执法证件，请你过目。现依法就{subject}向你询问，"
            "你应当如实回答，不得隐瞒或者提供虚假情况；你有陈述和申辩的权利。你听清楚了吗？",
            "a": PENDING,
            "statutory": True,
        },
        {
            "q": "执法人员与本案有直接利害关系或者其他关系可能影响公正执法的，你有权申请回避。你是否申请回避？",
            "a": PENDING,
            "statutory": True,
        },
    ]


def qa_from_turns(turns: Sequence[Turn]) -> list[dict[str, Any]]:
    """Pair each question with the answer after it; an answer with no question before it gets an empty one."""
    items: list[dict[str, Any]] = []
    for turn in turns:
        if turn.speaker == ASKER or not items or items[-1]["a"]:
            if turn.speaker == ASKER:
                items.append({"q": turn.text, "a": "", "q_span": [turn.start, turn.end]})
                continue
            items.append({"q": "", "a": "", "q_span": None})
        item = items[-1]
        item["a"] = turn.text
        item["a_span"] = [turn.start, turn.end]
        item["audio"] = span(turn.start, turn.end)
    for item in items:
        item.setdefault("a_span", None)
        item.setdefault("audio", "")
    return items


def draft_fields(
    turns: Sequence[Turn],
    *,
    transcript: str,
    bureau: str,
    subject: str,
    interviewer: Mapping[str, Any] | None,
    recorder: Mapping[str, Any] | None,
    interviewee: Mapping[str, Any],
    audio: Mapping[str, Any],
    time: str,
    place: str,
) -> dict[str, Any]:
    officers = [o for o in (interviewer, recorder) if o]
    return {
        "time": time,
        "place": place,
        "interviewer": dict(interviewer) if interviewer else None,
        "recorder": dict(recorder) if recorder else None,
        "interviewee": dict(interviewee),
        "qa": [*opening(bureau, officers, subject), *qa_from_turns(turns)],
        "transcript": transcript,
        "audio": dict(audio),
        "closing": CLOSING,
    }


def pending_answers(fields: Mapping[str, Any]) -> list[int]:
    """Positions (1-based) of Q/A items whose answer is still the placeholder."""
    return [i for i, qa in enumerate(fields.get("qa") or [], 1) if PENDING in str(qa.get("a", ""))]
