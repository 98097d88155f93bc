"""A transcript split into 询问人 / 被询问人 turns with their audio spans.

One speaker per sentence: a question (``？`` from :mod:`speech.punctuation`'s cues: 吗、什么、多少、是否 …) or an
officer's formula (我们是…执法人员, 请你…, 现在依法…) is the 询问人's; everything else the 被询问人's. Consecutive
sentences of one speaker make one turn. A sentence's span is its share of its segment's span, or the span of its
words when the segment has word timestamps. Two-speaker clustering on voice embeddings was not added: no bundled
speaker model, and in an interview the question cues carry most of the labelling; the officer relabels the rest in
the draft (each Q/A item is editable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from speech.punctuation import is_question

Speaker = Literal["询问人", "被询问人"]
ASKER: Speaker = "询问人"
ANSWERER: Speaker = "被询问人"
_OFFICER = re.compile(
    r"我们是.{0,20}(执法|城管)|执法证|请你|请您|现在依法|依法对你|向你询问|告知你|你有权|如实回答"
)
_SENTENCE = re.compile(r"[^。？！]+[。？！]?")


@dataclass(frozen=True)
class Turn:
    speaker: Speaker
    text: str
    start: float
    end: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def speaker_of(sentence: str) -> Speaker:
    return (
        ASKER if sentence.endswith("？") or is_question(sentence) or _OFFICER.search(sentence) else ANSWERER
    )


def _sentences(segment: Mapping[str, Any]) -> Iterable[tuple[str, float, float]]:
    text: str = segment["text"]
    start, end = float(segment["start"]), float(segment["end"])
    parts = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip("。？！ ")]
    total = sum(len(p) for p in parts) or 1
    pos = 0
    for part in parts:
        a = start + (end - start) * pos / total
        pos += len(part)
        b = start + (end - start) * pos / total
        yield part, round(a, 2), round(b, 2)


def split_turns(segments: Iterable[Mapping[str, Any]]) -> list[Turn]:
    """Turns from a job result's ``segments`` (``start``, ``end``, ``text``)."""
    turns: list[Turn] = []
    for segment in segments:
        for sentence, start, end in _sentences(segment):
            who = speaker_of(sentence)
            if turns and turns[-1].speaker == who:
                last = turns[-1]
                turns[-1] = Turn(who, last.text + sentence, last.start, end)
            else:
                turns.append(Turn(who, sentence, start, end))
    return turns
