"""Personal data out of the model's sight: ID numbers, mobile numbers, plates and names become placeholders.

The patterns are :mod:`case_api.masking`'s (the one place they live; ``channels.logmask`` masks log lines with the
same ones). Here each value becomes a numbered placeholder — ``〔身份证1〕``, ``〔电话1〕``, ``〔车牌1〕``,
``〔姓名1〕`` — so the model can still refer to "the party" without seeing who it is, and a :class:`Masked` keeps the
table to put the values back. :func:`restore` does that only for a caller allowed to see personal data (staff);
anyone else sees the ordinary masked form (``138****5678``, ``张*``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from assistant.events import DeltaEvent, Event, NoticeEvent, RefusedEvent
from case_api.masking import (
    ID_NUMBER_PATTERN,
    MOBILE_PATTERN,
    PLATE_PATTERN,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_plate,
)
from case_api.users.models import STAFF_ROLES, Role

KINDS = {"id": "身份证", "phone": "电话", "plate": "车牌", "name": "姓名"}
_PLACEHOLDER = re.compile(r"〔(身份证|电话|车牌|姓名)(\d{1,3})〕")

# A name is detectable when a label or a role word announces it: 当事人张三、姓名：李四、摊主王某某、店主刘小红。
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_NAME_CUE = r"(?:当事人|姓名[:：]?|名叫|叫做|摊主|店主|商户|车主|业主|老板|负责人|法定代表人|举报人|投诉人|违法行为人)"
NAME_PATTERN = re.compile(
    rf"({_NAME_CUE}\s*)([{_SURNAMES}][\u4e00-\u9fa5]{{1,2}}?)(?=[，,。；;、\s（(]|$|的|在|于|将|把|因|被|称|说|等|经营|占道)"
)
_NOT_NAMES = frozenset({"某某", "某"})


@dataclass
class Masked:
    """Text with personal data replaced by placeholders, and the table to put it back."""

    text: str
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # placeholder → (kind, original)

    def restore(self, text: str, *, allowed: bool) -> str:
        return restore(text, self.values, allowed=allowed)


def _display(kind: str, value: str) -> str:
    """The masked form an unauthorised reader sees."""
    if kind == "id":
        return mask_id_number(value) or "***"
    if kind == "phone":
        return mask_phone(value) or "***"
    if kind == "plate":
        return mask_plate(value) or "***"
    return mask_name(value) or "*"


def mask_personal(text: str, *, known_names: Iterable[str] = ()) -> Masked:
    """Replace ID numbers, mobile numbers, plates and detectable names (plus ``known_names``) with placeholders.
    The same value gets the same placeholder each time it appears."""
    out = Masked(text)
    if not text:
        return out
    seen: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}

    def token(kind: str, value: str) -> str:
        key = (kind, value)
        if key not in seen:
            counts[kind] = counts.get(kind, 0) + 1
            seen[key] = f"〔{KINDS[kind]}{counts[kind]}〕"
            out.values[seen[key]] = (kind, value)
        return seen[key]

    masked = ID_NUMBER_PATTERN.sub(lambda m: token("id", m.group(0)), text)
    masked = PLATE_PATTERN.sub(lambda m: token("plate", m.group(0)), masked)
    masked = MOBILE_PATTERN.sub(lambda m: token("phone", m.group(0)), masked)

    def name(m: re.Match[str]) -> str:
        value = m.group(2)
        if value[1:] in _NOT_NAMES or value.endswith("某"):
            return m.group(0)
        return m.group(1) + token("name", value)

    masked = NAME_PATTERN.sub(name, masked)
    for known in sorted({n for n in known_names if n and len(n) >= 2}, key=len, reverse=True):
        if known in masked:
            masked = masked.replace(known, token("name", known))
    out.text = masked
    return out


def restore(text: str, values: dict[str, tuple[str, str]], *, allowed: bool) -> str:
    """Put the values back (``allowed``), or their masked display form; unknown placeholders stay as they are."""

    def back(m: re.Match[str]) -> str:
        found = values.get(m.group(0))
        if found is None:
            return m.group(0)
        kind, value = found
        return value if allowed else _display(kind, value)

    return _PLACEHOLDER.sub(back, text)


def may_see_personal_data(role: Role | str | None) -> bool:
    """Staff may see the personal data in their own conversation; a citizen (or an unknown caller) may not."""
    return role is not None and Role(role) in STAFF_ROLES


def scrub(text: str) -> str:
    """The log-safe form of ``text``: every personal value in its masked display form (no placeholders)."""
    m = mask_personal(text)
    return restore(m.text, m.values, allowed=False)


class StreamRestorer:
    """Restores placeholders in streamed text, holding back a piece that ends inside a placeholder."""

    def __init__(self, values: dict[str, tuple[str, str]], *, allowed: bool) -> None:
        self.values = values
        self.allowed = allowed
        self._pending = ""

    def feed(self, piece: str) -> str:
        text = self._pending + piece
        cut = text.rfind("〔")
        if cut != -1 and "〕" not in text[cut:] and len(text) - cut <= 8:
            self._pending, text = text[cut:], text[:cut]
        else:
            self._pending = ""
        return restore(text, self.values, allowed=self.allowed)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return restore(text, self.values, allowed=self.allowed)


def restore_events(events: Iterable[Event], masked: Masked, *, allowed: bool) -> Iterator[Event]:
    """Events of a skill that saw ``masked.text``, with the values put back into its streamed text."""
    restorer = StreamRestorer(masked.values, allowed=allowed)
    for event in events:
        if isinstance(event, DeltaEvent):
            text = restorer.feed(event.text)
            if text:
                yield DeltaEvent(text=text)
            continue
        rest = restorer.flush()
        if rest:
            yield DeltaEvent(text=rest)
        if isinstance(event, NoticeEvent) and masked.values:
            yield NoticeEvent(text=restore(event.text, masked.values, allowed=allowed))
        elif isinstance(event, RefusedEvent) and masked.values:
            yield RefusedEvent(reason=restore(event.reason, masked.values, allowed=allowed))
        else:
            yield event
    rest = restorer.flush()
    if rest:
        yield DeltaEvent(text=rest)
