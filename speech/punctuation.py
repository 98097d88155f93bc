"""Full-width Chinese punctuation for Whisper's output.

Decoded without a style prompt (the prompt that makes Whisper punctuate costs 5–6 points of CER, see
``evals/speech_eval.py``), Whisper base writes Chinese as runs of characters with a space where the speaker paused,
and sometimes ASCII ``, . ? !``. Here each segment becomes one sentence: ASCII marks become full-width, a space or a
word-level pause of ``PAUSE`` seconds becomes ``，``, and the sentence ends in ``？`` when it carries a question cue
(吗、呢、什么、多少、是不是 …) and ``。`` otherwise. Latin words and numbers keep their spaces and dots.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from speech.asr import Word

PAUSE = 0.45  # seconds of silence between two words that read as a comma

_ASCII = {",": "，", "?": "？", "!": "！", ";": "；", ":": "：", "(": "（", ")": "）"}
_CJK = r"\u3400-\u9fff"
_END = "。？！"
_QUESTION = re.compile(
    r"(吗|呢|么|吧)$|什么|怎么|为什么|为何|多少|多久|几[个岁天次年月点号位]|哪|谁|是不是|有没有|能不能|会不会|"
    r"可不可以|对不对|是否|请问|何时|几点"
)


def is_question(sentence: str) -> bool:
    return bool(_QUESTION.search(sentence.rstrip(_END + "，,.?! ")))


def _full_width(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    # ASCII marks next to Chinese become full-width; a dot between two digits stays (3.5 米)
    text = re.sub(rf"(?<=[{_CJK}])\s*\.(?!\d)|(?<!\d)\.\s*(?=[{_CJK}])", "。", text)
    text = re.sub(r"[,?!;:()]", lambda m: _ASCII[m.group(0)], text)
    # a space between Chinese characters is a pause: a comma; between Latin words it stays a space
    text = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "，", text)
    text = re.sub(r"\s*([，。？！；：（）、])\s*", r"\1", text)
    text = re.sub(r"([，；：、])[，；：、]+", r"\1", text)
    return text


def _with_pauses(words: Sequence[Word]) -> str:
    out: list[str] = []
    for i, w in enumerate(words):
        token = w.word
        if i and w.start - words[i - 1].end >= PAUSE and out and out[-1][-1:] not in "，。？！；：、":
            token = "，" + token.lstrip()
        out.append(token)
    return "".join(out)


def sentence(text: str, words: Sequence[Word] = ()) -> str:
    """One segment as a punctuated sentence: full-width marks, commas at pauses, ``？``/``。`` at the end."""
    body = _full_width(_with_pauses(words) if words else text)
    body = body.rstrip("，、；：,. ")
    if not body:
        return ""
    if body[-1] in _END:
        if body[-1] == "。" and is_question(body):
            body = body[:-1] + "？"
        return body
    if not re.search(rf"[{_CJK}]", body):
        return body  # a Latin-only segment (English) keeps Whisper's own punctuation
    return body + ("？" if is_question(body) else "。")


def join(sentences: Sequence[str]) -> str:
    """Chinese sentences run on without spaces; Latin ones keep one."""
    out = ""
    for s in sentences:
        if not s:
            continue
        if out and not re.search(rf"[{_CJK}{_END}，]$", out) and not re.match(rf"[{_CJK}]", s):
            out += " "
        out += s
    return out
