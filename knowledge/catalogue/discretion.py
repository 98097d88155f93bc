"""Discretion bands (裁量档次) computed from the statutory range, never hand-typed.

No published Wanzhou/Chongqing band table is in the corpus, so the default is the Chongqing 30%/70% split
(see shared/docs/DISCRETION_SOURCES.md): with statutory minimum Y and maximum X,
轻 = Y … Y+30%(X−Y), 中 = Y+30%(X−Y) … Y+70%(X−Y), 重 = Y+70%(X−Y) … X.
Facts choose the band through 《行政处罚法》第三十条至第三十三条 (不予处罚 / 首违不罚 / 从轻 / 减轻) and the usual
aggravating facts (受过处罚后再犯, 拒不改正, 阻碍执法, 面积大, 持续时间长, 危害后果严重, 多次投诉).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.catalogue.schema import Fine, FineTier, Offence, PartyType

BandName = Literal["不予处罚", "轻微", "一般", "较重", "严重"]
Level = Literal["免罚", "轻", "中", "重"]

LAW = "中华人民共和国行政处罚法"

# aggravating facts: (field, weight, Chinese reason)
AGGRAVATING: tuple[tuple[str, float, str], ...] = (
    ("repeat_within_year", 2.0, "曾因同类违法受过处罚后再次实施"),
    ("obstruction", 2.0, "阻碍、抗拒执法"),
    ("serious_harm", 2.0, "造成较严重的危害后果"),
    # someone already fell on it (a rider slipped on the mud, a walker stepped into the broken manhole): 较重 in 36 of
    # the 46 banded read scenarios that say so, 一般 in 10 (five of them with no one hurt, or a near miss) — 1.25, as
    # a sensitive place: alone 较重, beside a correction 一般
    ("person_fell", 1.25, "已有行人摔倒、滑倒或踩空"),
    ("uncorrectable", 2.0, "无法采取改正措施消除影响"),
    ("refused", 1.0, "拒不改正或逾期未改正"),
    ("large_scale", 0.5, "面积大、数量多或范围广"),
    ("long_duration", 1.0, "持续时间长"),
    ("complaints", 0.5, "有群众投诉、举报"),
    # the read sets' writers put dust, smoke or noise reaching a school, kindergarten or hospital in use a band up
    # (较重 in 16 of the 21 banded read scenarios that say so, 一般 in 5): 1.25 alone is 较重, with a correction or
    # a first offence 一般 (1.5 made four of the 较重 严重 beside long duration or complaints)
    ("sensitive_place", 1.25, "影响学校、幼儿园、医院等敏感场所"),
    ("prior_warning", 0.5, "曾被劝导、责令改正"),
)
# the net of aggravating less mitigating weights that bounds each band: at or below NET_LIGHT 轻微, at or below
# NET_GENERAL 一般, below NET_HEAVY 较重, else 严重
NET_LIGHT = -1.0
NET_GENERAL = 1.0
NET_HEAVY = 2.5
# mitigating facts: (field, weight, Chinese reason)
MITIGATING: tuple[tuple[str, float, str], ...] = (
    ("corrected", 1.0, "及时（当场）改正"),
    ("first_offence", 1.0, "初次违法"),
    ("slight_harm", 1.0, "危害后果轻微"),
)
SECTION_32 = {
    "eliminated": "主动消除或者减轻违法行为危害后果（行政处罚法第三十二条（一））",
    "coerced": "受他人胁迫或者诱骗实施违法行为（行政处罚法第三十二条（二））",
    "confessed": "主动供述行政机关尚未掌握的违法行为（行政处罚法第三十二条（三））",
    "meritorious": "配合行政机关查处违法行为有立功表现（行政处罚法第三十二条（四））",
}

DEFAULT_BAND_FACTS: dict[str, list[str]] = {
    "不予处罚": [
        "违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款，应当不予处罚）",
        "初次违法且危害后果轻微并及时改正（行政处罚法第三十三条第一款，可以不予处罚，即首违不罚）",
        "有证据足以证明没有主观过错（行政处罚法第三十三条第二款）",
        "不满十四周岁（行政处罚法第三十条）",
    ],
    "轻微": [
        "初次违法",
        "当场或及时改正",
        "危害后果轻微，面积小、时间短",
        "第三十二条应当从轻或者减轻的情形（主动消除危害后果、受胁迫诱骗、主动供述、立功）",
        "已满十四周岁不满十八周岁（行政处罚法第三十条，应当从轻或者减轻）",
    ],
    "一般": ["无从轻、从重情节", "经劝导后改正"],
    "较重": ["拒不改正或逾期未改正", "面积较大或持续时间较长", "曾被劝导仍再犯", "群众多次投诉"],
    "严重": ["曾因同类违法受过处罚后再犯", "阻碍执法", "造成严重危害后果", "具有多项从重情节"],
}


class CaseFacts(BaseModel):
    """What is known about the case. Unknown stays False/None; nothing is presumed against the party."""

    model_config = ConfigDict(extra="forbid")

    first_offence: bool | None = None
    corrected: bool = False
    no_harm: bool = False
    slight_harm: bool = False
    no_fault: bool = False
    under_14: bool = False
    minor_14_18: bool = False
    section_32: list[str] = Field(default_factory=list)
    repeat_within_year: bool = False
    prior_warning: bool = False
    refused: bool = False
    deadline_pending: bool = False  # told to put it right, the time given not yet run out
    no_order_yet: bool = False  # no order to put it right served yet
    obstruction: bool = False
    large_scale: bool = False
    long_duration: bool = False
    serious_harm: bool = False
    person_fell: bool = False  # a passer-by fell, slipped or stepped into a hole (滑倒, 摔了一跤, 踩空崴了脚)
    uncorrectable: bool = False  # 无法采取改正措施消除影响 (城乡规划法第六十四条's heavier limb)
    complaints: bool = False
    sensitive_place: bool = False  # dust, smoke or noise reaching a school, kindergarten or hospital in use
    serious: bool = False  # the officer judges 情节严重 outright


class Band(BaseModel):
    """A suggested band: where in the statutory range the fine lies, and why."""

    model_config = ConfigDict(frozen=True)

    name: BandName
    level: Level
    fine_min: int | None
    fine_max: int | None
    statutory_min: int | None
    statutory_max: int | None
    statutory_label: str
    tier: str
    per: str | None = None
    reasons: list[str]
    legal_basis: list[str]
    note: str = ""

    def label(self) -> str:
        """The band for the user, in words relative to the statutory range: every figure in it is the statute's
        (the range is quoted with the 罚则), none is computed — 一般：在法定幅度的中间部分（法定幅度 50–500元）."""
        if self.level == "免罚":
            return f"{self.name}（法定幅度 {self.statutory_label}）"
        if self.fine_min is None and self.fine_max is None:
            return f"{self.name}（{self.statutory_label}）"
        if self.fine_min == self.fine_max:
            return f"{self.name}：法定为固定数额，无裁量幅度（{self.statutory_label}）"
        return f"{self.name}：在{PART_WORDS[self.level]}（法定幅度 {self.statutory_label}）"

    def amount_label(self) -> str:
        """The computed sub-range (30%/70% split) — a default for a form the officer edits, never stated as the
        law's: 185–365元; empty where there is none."""
        if self.level == "免罚" or self.fine_min is None or self.fine_max is None:
            return ""
        unit = f"每{self.per}" if self.per else ""
        if self.fine_min == self.fine_max:
            return f"{unit}{self.fine_min}元"
        return f"{unit}{self.fine_min}–{self.fine_max}元"


# where in the statutory range each level lies, in words (the 30%/70% split itself is a computed default)
PART_WORDS: dict[str, str] = {
    "轻": "法定幅度内靠近下限的部分",
    "中": "法定幅度的中间部分",
    "重": "法定幅度内靠近上限的部分",
}
_PRECONDITION = ("拒不", "逾期")


def _score(
    facts: CaseFacts, table: tuple[tuple[str, float, str], ...], offence: Offence | None = None
) -> tuple[float, list[str]]:
    """Weighted sum of the facts present. Refusal that is already the fine's precondition (拒不改正的 /
    逾期未改正的) is an element of the offence, not an aggravating fact, so it is not counted twice."""
    skip: set[str] = set()
    cond = (offence.fine_condition or "") if offence else ""
    if any(w in cond for w in _PRECONDITION):
        skip = {"refused", "prior_warning"}
    total, reasons = 0.0, []
    for name, weight, reason in table:
        if name in skip:
            continue
        if getattr(facts, name):
            total += weight
            reasons.append(reason)
    return total, reasons


def select_tier(offence: Offence, facts: CaseFacts) -> int:
    """The heaviest statutory tier whose condition the facts meet (0 = the base range)."""
    severity, _ = _score(facts, AGGRAVATING)
    has_middle = any("情节较重" in (t.when or "") for t in offence.fines)
    chosen = 0
    for i, tier in enumerate(offence.fines):
        when = tier.when or ""
        if i == 0:
            continue
        if "情节较重" in when:
            ok = facts.serious or severity >= 1
        elif "情节严重" in when:
            ok = facts.serious or severity >= (3 if has_middle else 2)
        elif "拒不改正" in when or "逾期" in when:
            ok = facts.refused
        elif "严重后果" in when:
            ok = facts.serious_harm
        elif "无法采取改正措施" in when:
            ok = facts.uncorrectable
        else:  # a condition on who or what (施工单位, 毁损古树) is chosen by the officer, not guessed
            ok = False
        if ok:
            chosen = i
    return chosen


def _precondition_unmet(offence: Offence, facts: CaseFacts) -> str | None:
    """The fine's only precondition is a refusal (拒不改正的 / 逾期未改正的) and the party corrected instead, or the
    time given to correct has not yet run out: the 罚则 sets no fine for this case (yet). Not where the condition has
    another limb (或者造成严重后果的)."""
    cond = offence.fine_condition or ""
    if not any(w in cond for w in _PRECONDITION) or any(w in cond for w in ("或者", "后果", "放任")):
        return None
    if (facts.corrected or facts.deadline_pending or facts.no_order_yet) and not facts.refused:
        return cond
    return None


def _exempt(offence: Offence, facts: CaseFacts, aggravated: bool) -> tuple[str, list[str]] | None:
    """Why no penalty is suggested, and on what basis."""
    if facts.under_14:
        return "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教", [f"《{LAW}》第三十条"]
    if facts.no_fault:
        return "当事人有证据足以证明没有主观过错的，不予行政处罚", [f"《{LAW}》第三十三条第二款"]
    if cond := _precondition_unmet(offence, facts):
        if facts.corrected:
            why = f"已按要求改正：罚款以“{cond}”为前提，该前提不具备，不予罚款（责令改正等措施照常）"
        elif facts.deadline_pending:
            why = f"改正期限未届满：罚款以“{cond}”为前提，期限届满前该前提不具备，暂不罚款（逾期未改正的再依法处罚）"
        else:
            why = f"尚未责令改正：罚款以“{cond}”为前提，该前提尚不具备，暂不罚款（先依法责令改正）"
        return why, [offence.primary_penalty.label]
    if aggravated:
        return None
    if facts.corrected and facts.no_harm:
        return "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚", [f"《{LAW}》第三十三条第一款"]
    if facts.first_offence and facts.corrected and (facts.slight_harm or facts.no_harm):
        return "初次违法且危害后果轻微并及时改正的，可以不予行政处罚（首违不罚）", [
            f"《{LAW}》第三十三条第一款"
        ]
    return None


def _bounds(fine: Fine) -> tuple[int, int] | None:
    if fine.max is None:
        return None
    return (fine.min or 0), fine.max


def discretion_band(offence: Offence, party_type: PartyType, facts: CaseFacts | None = None) -> Band:
    """Suggest a band for ``offence`` and ``party_type`` from ``facts`` (30%/70% split of the statutory range)."""
    facts = facts or CaseFacts()
    tier_index = select_tier(offence, facts)
    tier: FineTier = offence.fines[tier_index]
    fine = tier.for_party(party_type)
    statutory = fine.label() if fine else f"该条对{'个人' if party_type == 'individual' else '单位'}未设罚款"
    smin = fine.min if fine else None
    smax = fine.max if fine else None
    per = fine.per if fine else None
    agg, agg_reasons = _score(facts, AGGRAVATING, offence)
    mit, mit_reasons = _score(facts, MITIGATING)
    s32 = [SECTION_32[k] for k in facts.section_32 if k in SECTION_32]
    if facts.minor_14_18:
        s32.append("已满十四周岁不满十八周岁（行政处罚法第三十条，应当从轻或者减轻）")
    base = {
        "tier": tier.tier,
        "statutory_min": smin,
        "statutory_max": smax,
        "statutory_label": statutory,
        "per": per,
    }

    exempt = _exempt(offence, facts, aggravated=agg >= 1)
    if exempt:
        reason, basis = exempt
        return Band(
            name="不予处罚", level="免罚", fine_min=None, fine_max=None, **base,
            reasons=[reason, *mit_reasons], legal_basis=[*basis, f"《{LAW}》第三十三条第三款（应当进行教育）"],
            note="不予处罚的，应当对当事人进行教育；责令改正等措施仍须依法作出。",
        )  # fmt: skip

    net = agg - mit
    if s32 or net <= NET_LIGHT:
        name: BandName = "轻微"
        level: Level = "轻"
    elif net <= NET_GENERAL:
        name, level = "一般", "中"
    elif net < NET_HEAVY:
        name, level = "较重", "重"
    else:
        name, level = "严重", "重"
    reasons = [*agg_reasons, *mit_reasons, *s32] or ["未查明从轻或从重情节，按一般情节"]
    legal = [
        f"《{LAW}》第三十四条（裁量基准）",
        "重庆市市政管理行政处罚裁量权基准（试行）30%/70% 分档（默认方法）",
    ]
    if s32:
        legal.append(f"《{LAW}》第三十二条（应当从轻或者减轻）")
    notes: list[str] = []
    if offence.fine_condition:
        notes.append(f"罚款以“{offence.fine_condition}”为前提，须查明并记录该情形")
    if tier_index:
        notes.append(f"依事实适用“{tier.when or tier.tier}”档")
    if len(offence.fines) > 1:
        others = "；".join(f"{t.tier}" for i, t in enumerate(offence.fines) if i != tier_index)
        notes.append(f"其他法定档次：{others}")

    bounds = _bounds(fine) if fine else None
    if fine is None or not fine.has_amount:
        low = high = None
        if fine is not None:
            notes.append(f"罚款按“{fine.basis}”计算，无固定金额，须查明计罚基数")
    elif bounds is None or fine.min == fine.max:
        low = high = fine.min if fine.min is not None else fine.max
        notes.append("法定为固定数额，无裁量幅度")
    else:
        y, x = bounds
        if fine.min is None:
            notes.append("法定只设上限（以下），下限按 0 元计算分档")
        d = x - y
        cut = {"轻": (y, y + 0.3 * d), "中": (y + 0.3 * d, y + 0.7 * d), "重": (y + 0.7 * d, x)}[level]
        low, high = round(cut[0]), round(cut[1])
    if s32:
        notes.append("有第三十二条情形的，可在法定最低额以下减轻处罚")
    return Band(name=name, level=level, fine_min=low, fine_max=high, **base, reasons=reasons, legal_basis=legal,
                note="；".join(notes))  # fmt: skip


def band_facts(offence: Offence) -> dict[str, list[str]]:
    """The facts that select each band: the offence's own, then the general ones."""
    out: dict[str, list[str]] = {}
    for name, general in DEFAULT_BAND_FACTS.items():
        out[name] = [*offence.band_facts.get(name, []), *general]
    return out
