"""Documents: draft from a case, edit the draft, issue (render, number, hash, store, audit). Issued is final."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.cases import service as cases_service
from case_api.cases.deadlines import local_date
from case_api.cases.models import Case, CaseState, Procedure
from case_api.cases.steps import officer_count
from case_api.documents import context, render
from case_api.documents.catalog import DocType, check_issuable, get_type
from case_api.documents.models import Document, DocumentStatus
from case_api.errors import Conflict, NotFound, ValidationFailed
from case_api.sqltypes import utcnow
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings


def get(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"文书 {document_id} 不存在。")
    return document


def list_for_case(session: Session, case_id: int) -> list[Document]:
    return list(session.exec(select(Document).where(Document.case_id == case_id).order_by(col(Document.id))))


def _check_fields(doc_type: DocType, fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(doc_type.fields))
    if unknown:
        allowed = "、".join(doc_type.fields) or "（无）"
        raise ValidationFailed(
            f"{doc_type.title}不接受字段 {'、'.join(unknown)}；可填写：{allowed}。", code="bad_fields"
        )


def create_draft(
    session: Session, *, case: Case, doc_type: str, fields: dict[str, Any], actor: User
) -> Document:
    kind = get_type(doc_type)
    _check_fields(kind, fields)
    assert case.id is not None
    document = Document(
        case_id=case.id, doc_type=kind.key, title=kind.title, fields=fields, created_by=actor.id
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    audit_service.append(
        session, actor_id=actor.id, action="document.drafted", entity="document", entity_id=document.id,
        payload={"case_id": case.id, "doc_type": kind.key},
    )  # fmt: skip
    return document


def update_draft(session: Session, *, document: Document, fields: dict[str, Any], actor: User) -> Document:
    if document.status == DocumentStatus.issued:
        raise Conflict(f"{document.title}（{document.number}）已签发，不可修改；如需更正请另行制作文书。",
                       code="document_issued")  # fmt: skip
    _check_fields(get_type(document.doc_type), fields)
    document.fields = fields
    session.add(document)
    session.flush()
    audit_service.append(
        session, actor_id=actor.id, action="document.edited", entity="document", entity_id=document.id or 0,
        payload={"fields": sorted(fields)},
    )  # fmt: skip
    return document


def render_context(session: Session, document: Document, *, settings: Settings) -> dict[str, Any]:
    if document.content is not None:
        return document.content
    case = cases_service.get(session, document.case_id)
    today = local_date(utcnow(), settings.timezone)
    ctx = context.build(session, case, settings=settings, fields=document.fields, today=today)
    ctx["title"] = document.title
    ctx["number"] = document.number or "（草稿，未编号）"
    return ctx


def render_files(ctx: dict[str, Any], doc_type: str) -> tuple[bytes, bytes]:
    items = render.blocks(render.render_text(doc_type, ctx))
    title = str(ctx["title"])
    return render.to_pdf(items, title=title), render.to_docx(items, title=title)


def _number(session: Session, case: Case, kind: DocType) -> str:
    if kind.uses_case_number and case.case_number:
        return case.case_number
    base = case.case_number or f"线索{case.id}"
    issued = session.exec(
        select(Document).where(
            Document.case_id == case.id,
            Document.doc_type == kind.key,
            Document.status == DocumentStatus.issued,
        )
    ).all()
    return f"{base}-{kind.abbr}{len(issued) + 1}"


def issue(
    session: Session, *, document: Document, actor: User, settings: Settings, store: BlobStore
) -> Document:
    """Freeze the context, number it, render PDF and DOCX, store both by hash, and audit the hashes."""
    if document.status == DocumentStatus.issued:
        raise Conflict(f"{document.title}已于 {document.issued_at} 签发（{document.number}），不能重复签发。",
                       code="document_issued")  # fmt: skip
    case = cases_service.lock(session, document.case_id)
    kind = get_type(document.doc_type)
    check_issuable(kind, CaseState(case.state), Procedure(case.procedure))
    if kind.needs_two_officers and officer_count(session, case.id or 0) < 2:
        raise ValidationFailed(f"{kind.title}须由两名以上执法人员制作（《行政处罚法》第四十二条）。",
                               code="two_officers_required")  # fmt: skip
    if (
        kind.uses_case_number
        and session.exec(
            select(Document).where(
                Document.number == case.case_number, Document.status == DocumentStatus.issued
            )
        ).first()
    ):
        raise Conflict(f"本案{kind.title}已签发，不能重复签发。", code="document_issued")
    document.number = _number(session, case, kind)
    ctx = render_context(session, document, settings=settings)
    ctx["number"] = document.number
    pdf, docx = render_files(ctx, kind.key)
    pdf_blob, docx_blob = store.put_bytes(pdf), store.put_bytes(docx)
    document.content = ctx
    document.content_sha256 = hashlib.sha256(audit_service.canonical_json(ctx).encode("utf-8")).hexdigest()
    document.pdf_sha256, document.docx_sha256 = pdf_blob.sha256, docx_blob.sha256
    document.status = DocumentStatus.issued
    document.issued_by, document.issued_at = actor.id, utcnow()
    session.add(document)
    session.flush()
    audit_service.append(
        session, actor_id=actor.id, action="document.issued", entity="document", entity_id=document.id or 0,
        payload={
            "case_id": case.id, "doc_type": kind.key, "number": document.number,
            "content_sha256": document.content_sha256, "file_sha256": [pdf_blob.sha256, docx_blob.sha256],
        },
    )  # fmt: skip
    return document


def content_intact(document: Document) -> bool:
    """Whether an issued document's stored context still matches its hash."""
    if document.content is None or document.content_sha256 is None:
        return document.status == DocumentStatus.draft
    digest = hashlib.sha256(audit_service.canonical_json(document.content).encode("utf-8")).hexdigest()
    return digest == document.content_sha256
