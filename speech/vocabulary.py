"""The domain vocabulary of an interview: offence names from the catalogue, Wanzhou place names, enforcement terms.

It reaches the transcript two ways:

- **decoder hotwords and prompt** (:meth:`Vocabulary.hotwords`, :meth:`Vocabulary.prompt`): biases Whisper towards
  the terms. Measured on the ten Mandarin clips of ``../shared/data/speech`` (``python -m evals.speech_eval
  --with-hotwords``) Whisper base *hallucinates* with them: micro-CER 10.0 % → 70.0 % and RTF ×15 with the 24
  hotwords and word timestamps (repeated phrases, place names appended to unrelated speech); 14.7 % with hotwords
  alone and no word timestamps; 17.1 % with a domain initial prompt; 52.9 % with both. So the pipeline passes them
  only when ``ZHIFA_SPEECH__DECODER_HOTWORDS=true`` (off by default; for a larger model that copes with them);
- **homophone correction** (:meth:`Vocabulary.correct`): a run of characters that sounds like a term (same toneless
  pinyin, with the z/zh, c/ch, s/sh, n/l, -n/-ng merges of south-western Mandarin for terms of three characters or
  more) is replaced by the term: 占到经营 → 占道经营, 高笋糖 → 高笋塘. Cheap and harmless on text without such runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import lazy_pinyin

from knowledge.catalogue import Catalogue

DATA_DIR = Path(__file__).with_name("data")
GAZETTEER = DATA_DIR / "wanzhou_gazetteer.txt"
INTERVIEW_TERMS = DATA_DIR / "interview_terms.txt"
_HAN = re.compile(r"[\u3400-\u9fff]+")
_FUZZY = [("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in"), ("l", "n")]


def read_terms(path: Path) -> list[str]:
    """One term a line; ``#`` starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def _fuzzy(syllable: str) -> str:
    for a, b in _FUZZY:
        if syllable.startswith(a) and a in ("zh", "ch", "sh", "l"):
            syllable = b + syllable[len(a) :]
        elif syllable.endswith(a) and a in ("ang", "eng", "ing"):
            syllable = syllable[: -len(a)] + b
    return syllable


def _syllables(text: str) -> list[str]:
    """One toneless syllable per character (non-Chinese characters stand for themselves)."""
    out: list[str] = []
    pos = 0
    for m in _HAN.finditer(text):
        out.extend(text[pos : m.start()])
        out.extend(lazy_pinyin(m.group(0)))
        pos = m.end()
    out.extend(text[pos:])
    return out


@dataclass(frozen=True)
class Correction:
    start: int
    heard: str
    term: str


@dataclass
class Vocabulary:
    places: list[str]
    offences: list[str]  # short offence names and aliases
    terms: list[str]  # enforcement words
    _index: dict[int, dict[tuple[str, ...], str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, catalogue: Catalogue, *, extra: Iterable[str] = ()) -> Vocabulary:
        offences: list[str] = []
        for o in catalogue.offences:
            offences.extend(a for a in o.aliases if 3 <= len(a) <= 8)
        return cls(
            places=[*read_terms(GAZETTEER), *extra],
            offences=list(dict.fromkeys(offences)),
            terms=read_terms(INTERVIEW_TERMS),
        )

    # decoder biasing ----------------------------------------------------
    def hotwords(self, context: Sequence[str] = (), limit: int = 24) -> list[str]:
        """A short list for the decoder (its prompt holds about 220 tokens): the job's own words first."""
        common = ["城管", "占道经营", "出店经营", "无照游商", "乱张贴", "责令改正", "执法证件", "申请回避"]
        words = [*context, *common, *self.places[:12]]
        return list(dict.fromkeys(w for w in words if w))[:limit]

    def prompt(self, context: Sequence[str] = ()) -> str:
        return "城管执法询问：" + "、".join(self.hotwords(context, limit=10)) + "。"

    # homophone correction -------------------------------------------------
    def _lookup(self) -> dict[int, dict[tuple[str, ...], str]]:
        if not self._index:
            index: dict[int, dict[tuple[str, ...], str]] = {}
            for term in [*self.places, *self.terms, *self.offences]:
                if not _HAN.fullmatch(term) or len(term) < 2:
                    continue
                key = tuple(_syllables(term))
                if len(term) >= 3:
                    key = tuple(_fuzzy(s) for s in key)
                index.setdefault(len(term), {}).setdefault(key, term)
            self._index = index
        return self._index

    def correct(self, text: str) -> tuple[str, list[Correction]]:
        """Replace runs that sound like a term by the term (longest first, left to right)."""
        index = self._lookup()
        lengths = sorted(index, reverse=True)
        syl = _syllables(text)
        if len(syl) != len(text):  # pypinyin grouped something unexpectedly: leave the text alone
            return text, []
        out, fixes, i = [], [], 0
        while i < len(text):
            for n in lengths:
                window = text[i : i + n]
                if len(window) < n or not _HAN.fullmatch(window):
                    continue
                key = tuple(syl[i : i + n])
                term = index[n].get(tuple(_fuzzy(s) for s in key) if n >= 3 else key)
                if term is not None:
                    if term != window:
                        fixes.append(Correction(i, window, term))
                    out.append(term)
                    i += n
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out), fixes
