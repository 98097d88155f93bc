"""The 执法文书 the system fills in: title, template, when it may be issued, number suffix."""

from __future__ import annotations

from dataclasses import dataclass

from case_api.cases.models import CaseState, Procedure
from case_api.errors import InvalidTransition, ValidationFailed

S = CaseState
AFTER_DECISION = frozenset({S.decided, S.served, S.executed, S.closed, S.archived})
INVESTIGATION = frozenset({S.investigating, S.legal_review, S.notified, S.hearing})


@dataclass(frozen=True)
class DocType:
    key: str
    title: str
    abbr: str  # number suffix, e.g. 询 → 万城管罚决字〔2026〕第0001号-询1
    states: frozenset[CaseState]
    procedure: Procedure | None = None
    fields: tuple[str, ...] = ()
    uses_case_number: bool = False  # the decision carries the case number itself
    needs_two_officers: bool = False


DOC_TYPES: dict[str, DocType] = {
    d.key: d
    for d in [
        DocType("filing_approval", "立案审批表", "立", frozenset({S.accepted, S.filed}) | INVESTIGATION,
                Procedure.ordinary, ("opinion", "approver")),
        DocType("inspection_record", "现场检查（勘验）笔录", "检", INVESTIGATION, Procedure.ordinary,
                ("time", "place", "findings"), needs_two_officers=True),
        DocType("inquiry_record", "询问笔录", "询", INVESTIGATION, Procedure.ordinary,
                ("time", "place", "qa", "transcript", "interviewer", "recorder", "interviewee", "audio", "closing"),
                needs_two_officers=True),
        DocType("rectification_notice", "责令（限期）改正通知书", "改",
                frozenset({S.lead, S.accepted, S.filed}) | INVESTIGATION, None, ("deadline", "measures")),
        DocType("prior_notice", "行政处罚事先告知书", "告", frozenset({S.notified, S.hearing}), Procedure.ordinary),
        DocType("hearing_notice", "听证告知书", "听", frozenset({S.notified, S.hearing}), Procedure.ordinary),
        DocType("decision", "行政处罚决定书", "决", AFTER_DECISION, Procedure.ordinary,
                ("review_of_statements",), uses_case_number=True),
        DocType("simple_decision", "当场行政处罚决定书", "当", AFTER_DECISION, Procedure.simple,
                uses_case_number=True),
        DocType("service_receipt", "送达回证", "送", AFTER_DECISION, None, ("document", "place", "method", "note")),
        DocType("closing_report", "结案报告", "结", frozenset({S.closed, S.archived}), None, ("execution", "opinion")),
    ]
}  # fmt: skip


def get_type(key: str) -> DocType:
    doc_type = DOC_TYPES.get(key)
    if doc_type is None:
        known = "、".join(f"{d.key}（{d.title}）" for d in DOC_TYPES.values())
        raise ValidationFailed(f"未知的文书类型 {key}。可选：{known}。", code="unknown_doc_type")
    return doc_type


def check_issuable(doc_type: DocType, state: CaseState, procedure: Procedure) -> None:
    if doc_type.procedure is not None and doc_type.procedure != procedure:
        raise InvalidTransition(f"{doc_type.title}不适用于本案的程序。", code="doc_wrong_procedure")
    if state not in doc_type.states:
        raise InvalidTransition(f"案件当前阶段不能签发{doc_type.title}。", code="doc_wrong_state")
