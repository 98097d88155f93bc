"""/api/cases/{id}/documents and /api/documents/{id}[/pdf|/docx|/issue]."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from case_api.cases import service as cases_service
from case_api.deps import IdPath, SessionDep, SettingsDep, StoreDep, require_roles
from case_api.documents import service
from case_api.documents.catalog import DOC_TYPES
from case_api.documents.models import (
    DocumentCreate,
    DocumentPublic,
    DocumentStatus,
    DocumentTypePublic,
    DocumentUpdate,
)
from case_api.errors import NotFound
from case_api.users.models import Role, User

router = APIRouter(tags=["documents 执法文书"])
Drafter = Annotated[User, Depends(require_roles(Role.officer, Role.legal))]
Issuer = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.commander))]
Reader = Annotated[User, Depends(require_roles(*Role))]
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get("/api/documents/types", response_model=list[DocumentTypePublic], summary="文书种类")
def doc_types(_: Reader) -> list[DocumentTypePublic]:
    return [
        DocumentTypePublic(doc_type=d.key, title=d.title, fields=list(d.fields)) for d in DOC_TYPES.values()
    ]


@router.post(
    "/api/cases/{case_id}/documents",
    response_model=DocumentPublic,
    status_code=201,
    summary="起草文书（从案件填充）",
)
def create(case_id: IdPath, body: DocumentCreate, session: SessionDep, user: Drafter) -> DocumentPublic:
    case = cases_service.get(session, case_id)
    document = service.create_draft(
        session, case=case, doc_type=body.doc_type, fields=body.fields, actor=user
    )
    session.commit()
    return DocumentPublic.model_validate(document)


@router.get("/api/cases/{case_id}/documents", response_model=list[DocumentPublic], summary="案件文书")
def list_documents(case_id: IdPath, session: SessionDep, user: Reader) -> list[DocumentPublic]:
    cases_service.get_visible(session, case_id, user)
    docs = service.list_for_case(session, case_id)
    if user.role == Role.citizen:
        docs = [d for d in docs if d.status == DocumentStatus.issued]
    return [DocumentPublic.model_validate(d) for d in docs]


def _visible(session: SessionDep, document_id: IdPath, user: User) -> service.Document:
    document = service.get(session, document_id)
    cases_service.get_visible(session, document.case_id, user)
    if user.role == Role.citizen and document.status != DocumentStatus.issued:
        raise NotFound(f"文书 {document_id} 不存在。")
    return document


@router.get("/api/documents/{document_id}", response_model=DocumentPublic, summary="文书信息")
def get_document(document_id: IdPath, session: SessionDep, user: Reader) -> DocumentPublic:
    return DocumentPublic.model_validate(_visible(session, document_id, user))


@router.patch(
    "/api/documents/{document_id}", response_model=DocumentPublic, summary="修改草稿（已签发不可改）"
)
def update(document_id: IdPath, body: DocumentUpdate, session: SessionDep, user: Drafter) -> DocumentPublic:
    document = service.update_draft(
        session, document=service.get(session, document_id), fields=body.fields, actor=user
    )
    session.commit()
    return DocumentPublic.model_validate(document)


@router.post(
    "/api/documents/{document_id}/issue",
    response_model=DocumentPublic,
    summary="签发（编号、哈希、不可更改）",
)
def issue(
    document_id: IdPath, session: SessionDep, settings: SettingsDep, store: StoreDep, user: Issuer
) -> DocumentPublic:
    document = service.issue(session, document=service.get(session, document_id), actor=user, settings=settings,
                             store=store)  # fmt: skip
    session.commit()
    return DocumentPublic.model_validate(document)


@router.get("/api/documents/{document_id}/{fmt}", summary="下载 PDF / DOCX（草稿即时生成）")
def download(
    document_id: IdPath, fmt: Literal["pdf", "docx"], session: SessionDep, settings: SettingsDep, store: StoreDep,
    user: Reader,
) -> Response:  # fmt: skip
    document = _visible(session, document_id, user)
    if document.status == DocumentStatus.issued:
        sha = document.pdf_sha256 if fmt == "pdf" else document.docx_sha256
        assert sha is not None
        data = store.read_bytes(sha)
    else:
        pdf, docx = service.render_files(
            service.render_context(session, document, settings=settings), document.doc_type
        )
        data = pdf if fmt == "pdf" else docx
    name = f"document-{document_id}.{fmt}"
    return Response(
        data, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
