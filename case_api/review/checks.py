"""The checklist's rules as pure functions over a :class:`CaseFile` (a snapshot gathered by the service): no I/O.

Each check returns the problems it found as Chinese sentences; :func:`run` turns them into findings that name
the rule and its legal basis, and scores the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from case_api.cases.deadlines import Deadline
from case_api.cases.models import Case, PenaltyKind, Procedure
from case_api.cases.rules import hearing_right
from case_api.documents.catalog import DOC_TYPES
from case_api.parties.models import PartyKind
from case_api.review.checklist import Checklist, Grade, Rule
from case_api.review.ports import OffenceStandard, Provision


@dataclass(frozen=True)
class DocInfo:
    doc_type: str
    issued: bool
    intact: bool
    number: str | None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    filename: str
    sha256: str
    problem: str | None  # None, "file_missing" or "file_changed"


@dataclass(frozen=True)
class OfficerInfo:
    name: str
    badge_no: str | None


@dataclass(frozen=True)
class CaseFile:
    case: Case
    party_kind: str | None
    documents: tuple[DocInfo, ...]
    evidence: tuple[EvidenceInfo, ...]
    officers: tuple[OfficerInfo, ...]
    statements: int
    deadlines: tuple[Deadline, ...]
    execution_noted: bool
    catalogue_checked: bool  # False when no catalogue port is configured
    standard: OffenceStandard | None


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    basis: str
    points: int
    fatal: bool
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "title": self.title, "basis": self.basis, "points": self.points,
            "fatal": self.fatal, "message": self.message,
        }  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    score: int
    grade: Grade
    findings: tuple[Finding, ...]
    skipped: tuple[str, ...]  # rules not applied, with why (e.g. no catalogue)


def yuan(fen: int | None) -> str:
    return "—" if fen is None else f"{fen / 100:g} 元"


# --- applicability ----------------------------------------------------------------------------------------


def reached(case: Case, step: str) -> bool:
    moment = {
        "filed": case.filed_at, "notified": case.notified_at, "decided": case.decided_at,
        "served": case.served_at, "executed": case.executed_at, "closed": case.closed_at,
        "archived": case.archived_at,
    }[step]  # fmt: skip
    return moment is not None


def applies(rule: Rule, f: CaseFile) -> bool:
    case = f.case
    if rule.procedure is not None and Procedure(case.procedure) != Procedure(rule.procedure):
        return False
    if rule.reached is not None and not reached(case, rule.reached):
        return False
    if rule.fine_only and (case.penalty_kind != PenaltyKind.fine or case.dropped_at is not None):
        return False
    if rule.hearing and not (case.hearing_offered or _hearing_due(f)):
        return False
    return not (case.dropped_at is not None and rule.reached in {"decided", "served", "executed"})


def _hearing_due(f: CaseFile) -> bool:
    if f.party_kind is None:
        return False
    return hearing_right(PartyKind(f.party_kind), PenaltyKind(f.case.penalty_kind), f.case.fine_fen)


# --- the checks ---------------------------------------------------------------------------------------------


def document(rule: Rule, f: CaseFile) -> list[str]:
    if any(d.issued and d.doc_type in rule.any_of for d in f.documents):
        return []
    names = "或".join(DOC_TYPES[k].title if k in DOC_TYPES else k for k in rule.any_of)
    drafted = any(d.doc_type in rule.any_of for d in f.documents)
    return [f"案卷缺少已签发的{names}" + ("（仅有草稿）。" if drafted else "。")]


def document_integrity(rule: Rule, f: CaseFile) -> list[str]:
    return [f"文书 {d.number} 的内容与签发时的哈希不一致。" for d in f.documents if d.issued and not d.intact]


def deadlines(rule: Rule, f: CaseFile) -> list[str]:
    out = []
    for d in f.deadlines:
        if d.status == "met_late":
            out.append(
                f"{d.period.label}超过期限：应于 {d.due_on} 前完成，实际 {d.met_on}（{d.period.article}）。"
            )
        elif d.status == "overdue":
            out.append(f"{d.period.label}已逾期：期限 {d.due_on}，至今未完成（{d.period.article}）。")
    return out


def offence_known(rule: Rule, f: CaseFile) -> list[str]:
    if f.standard is not None:
        return []
    named = f.case.offence_code or f.case.offence_name or "（未填写）"
    return [f"违法行为“{named}”不在违法行为目录中，无法核对违则、罚则和裁量档次。"]


_NOISE = re.compile(r"[《》〈〉\s“”\"]|中华人民共和国")


def normalise(text: str) -> str:
    return _NOISE.sub("", text)


def cites(recorded: str | None, provisions: tuple[Provision, ...]) -> bool:
    """Whether the recorded text cites one of ``provisions`` (law title and article; 款/项 may be omitted)."""
    text = normalise(recorded or "")
    return any(normalise(p.law + p.article) in text for p in provisions)


def _provision(recorded: str | None, provisions: tuple[Provision, ...], what: str) -> list[str]:
    if not recorded or not recorded.strip():
        return [f"未记录{what}。"]
    if cites(recorded, provisions):
        return []
    expected = "或".join(p.label for p in provisions)
    return [f"{what}“{recorded}”与违法行为目录不一致，应为{expected}。"]


def violated_provision(rule: Rule, f: CaseFile) -> list[str]:
    if f.standard is None:
        return [] if f.case.violated_provision else ["未记录违则。"]
    return _provision(f.case.violated_provision, f.standard.violated, "违则")


def penalty_provision(rule: Rule, f: CaseFile) -> list[str]:
    if f.standard is None:
        return [] if f.case.penalty_provision else ["未记录罚则。"]
    return _provision(f.case.penalty_provision, f.standard.penalty, "罚则")


def fine_range(rule: Rule, f: CaseFile) -> list[str]:
    if f.standard is None:
        return []
    fine = f.case.fine_fen
    totals = [
        r for r in f.standard.ranges if r.per is None and (r.min_fen is not None or r.max_fen is not None)
    ]
    if not totals or len(totals) < len(f.standard.ranges):
        return []  # unit fines (每日、每平方米) or a basis without an amount: no total to compare
    for r in totals:
        if (r.min_fen is None or fine >= r.min_fen) and (r.max_fen is None or fine <= r.max_fen):
            return []
    who = "个人" if f.party_kind == "individual" else "单位"
    ranges = "；".join(f"{r.tier} {r.label}" for r in totals)
    return [f"罚款 {yuan(fine)} 超出对{who}的法定幅度（{ranges}）。"]


def fine_band(rule: Rule, f: CaseFile) -> list[str]:
    band = f.standard.band if f.standard else None
    if band is None or (band.min_fen is None and band.max_fen is None and band.name != "不予处罚"):
        return []
    fine = f.case.fine_fen
    if band.name == "不予处罚":
        return [f"认定事实符合“不予处罚”（{'；'.join(band.reasons)}），却处罚款 {yuan(fine)}。"]
    low, high = band.min_fen or 0, band.max_fen
    if fine >= low and (high is None or fine <= high):
        return []
    heavy = "畸重" if high is not None and fine > high else "畸轻"
    why = "；".join(band.reasons)
    return [
        f"罚款 {yuan(fine)} 不在认定事实对应的“{band.name}”档（{band.label}）内，疑似{heavy}。档次依据：{why}。"
    ]


def evidence_present(rule: Rule, f: CaseFile) -> list[str]:
    return [] if f.evidence else ["案卷中没有任何证据材料。"]


def evidence_intact(rule: Rule, f: CaseFile) -> list[str]:
    words = {"file_missing": "文件缺失", "file_changed": "文件已被改动（哈希不符）"}
    return [
        f"证据 #{e.id}（{e.filename or e.sha256[:12]}）{words.get(e.problem, e.problem)}。"
        for e in f.evidence
        if e.problem
    ]


def officers(rule: Rule, f: CaseFile) -> list[str]:
    badged = [o for o in f.officers if o.badge_no]
    out = [f"执法人员{o.name}未登记执法证号。" for o in f.officers if not o.badge_no]
    if len(badged) < rule.minimum:
        out.append(f"持执法证的执法人员只有 {len(badged)} 名，不少于 {rule.minimum} 名。")
    return out


def rights_told(rule: Rule, f: CaseFile) -> list[str]:
    case = f.case
    if case.penalty_kind == PenaltyKind.none:
        return []
    if case.notified_at is None:
        return ["作出处罚决定前未告知拟作出的处罚内容及事实、理由、依据和陈述申辩权。"]
    if case.decided_at is not None and case.decided_at < case.notified_at:
        return ["处罚决定早于事先告知。"]
    return []


def statements_answered(rule: Rule, f: CaseFile) -> list[str]:
    if f.statements == 0:
        return []
    decisions = [d for d in f.documents if d.doc_type == "decision" and d.issued]
    if any(str(d.fields.get("review_of_statements") or "").strip() for d in decisions):
        return []
    return [f"当事人提出 {f.statements} 次陈述申辩，决定书未载明复核意见（review_of_statements）。"]


def payment(rule: Rule, f: CaseFile) -> list[str]:
    case = f.case
    if case.paid_at is not None and (case.paid_fen or 0) >= case.fine_fen:
        return []
    if f.execution_noted:
        return []
    return ["罚款案件已结案，但没有缴款记录，也没有强制执行等执行情况说明。"]


def closing(rule: Rule, f: CaseFile) -> list[str]:
    return [] if f.case.closed_at is not None else ["结案未记录结案时间。"]


CHECKS: dict[str, Callable[[Rule, CaseFile], list[str]]] = {
    "document": document, "document_integrity": document_integrity, "deadlines": deadlines,
    "offence_known": offence_known, "violated_provision": violated_provision,
    "penalty_provision": penalty_provision, "fine_range": fine_range, "fine_band": fine_band,
    "evidence_present": evidence_present, "evidence_intact": evidence_intact, "officers": officers,
    "rights_told": rights_told, "statements_answered": statements_answered, "payment": payment,
    "closing": closing,
}  # fmt: skip
NEEDS_CATALOGUE = frozenset({"offence_known", "fine_range", "fine_band"})


def run(checklist: Checklist, f: CaseFile) -> Outcome:
    """Apply every rule that applies to the file; deduct each rule's points once, however many problems."""
    findings: list[Finding] = []
    skipped: list[str] = []
    deducted = 0
    for rule in checklist.rules:
        if not applies(rule, f):
            continue
        if rule.kind in NEEDS_CATALOGUE and not f.catalogue_checked:
            skipped.append(f"{rule.id}：未配置违法行为目录，未核对")
            continue
        problems = CHECKS[rule.kind](rule, f)
        if problems:
            deducted += rule.points
        findings.extend(
            Finding(rule.id, rule.title, rule.basis, rule.points, rule.fatal, p) for p in problems
        )
    score = max(0, 100 - deducted)
    fatal = any(x.fatal for x in findings)
    return Outcome(score, checklist.grade(score, fatal), tuple(findings), tuple(skipped))
