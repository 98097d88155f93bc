"""/api/cases/{id}/evidence and /api/evidence/{id}/file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse

from case_api.cases import service as cases_service
from case_api.deps import IdPath, SessionDep, SettingsDep, StoreDep, require_roles
from case_api.errors import ValidationFailed
from case_api.evidence import service
from case_api.evidence.models import EvidenceKind, EvidenceMeta, EvidencePublic
from case_api.storage import CHUNK
from case_api.users.models import Role, User

router = APIRouter(tags=["evidence 证据"])
Collector = Annotated[User, Depends(require_roles(Role.officer, Role.legal))]
Reader = Annotated[User, Depends(require_roles(*Role))]


def _chunks(f: BinaryIO) -> Iterator[bytes]:
    while chunk := f.read(CHUNK):
        yield chunk


@router.post(
    "/api/cases/{case_id}/evidence",
    response_model=EvidencePublic,
    status_code=201,
    summary="上传证据（去重存储）",
)
def upload(
    case_id: IdPath,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    user: Collector,
    file: Annotated[UploadFile, File(description="照片、视频、录音或 PDF")],
    kind: Annotated[EvidenceKind, Form()] = EvidenceKind.photo,
    description: Annotated[str, Form(max_length=500)] = "",
    taken_at: Annotated[datetime | None, Form()] = None,
    place: Annotated[str, Form(max_length=256)] = "",
    lat: Annotated[float | None, Form()] = None,
    lon: Annotated[float | None, Form()] = None,
    device: Annotated[str, Form(max_length=128)] = "",
) -> EvidencePublic:
    max_bytes = settings.max_upload_mb * 1024 * 1024
    if int(request.headers.get("content-length") or 0) > max_bytes + 64 * 1024:
        raise ValidationFailed(f"文件超过大小上限 {settings.max_upload_mb} MB。", code="file_too_large")
    if taken_at is not None and taken_at.tzinfo is None:
        raise ValidationFailed("拍摄时间须带时区，如 2026-03-02T10:00:00+08:00。", code="bad_time")
    meta = EvidenceMeta(
        kind=kind, description=description, taken_at=taken_at, place=place, lat=lat, lon=lon, device=device
    )
    result = service.add(
        session, case_id=case_id, chunks=_chunks(file.file), filename=file.filename or "",
        content_type=file.content_type or "application/octet-stream", meta=meta, actor=user, store=store,
        max_bytes=max_bytes,
    )  # fmt: skip
    session.commit()
    return result


@router.get("/api/cases/{case_id}/evidence", response_model=list[EvidencePublic], summary="案件证据清单")
def list_evidence(case_id: IdPath, session: SessionDep, user: Reader) -> list[EvidencePublic]:
    cases_service.get_visible(session, case_id, user)
    return [EvidencePublic.model_validate(e) for e in service.list_for_case(session, case_id)]


@router.get("/api/evidence/{evidence_id}/file", summary="下载证据文件")
def download(evidence_id: IdPath, session: SessionDep, store: StoreDep, user: Reader) -> FileResponse:
    evidence = service.get(session, evidence_id)
    cases_service.get_visible(session, evidence.case_id, user)
    return FileResponse(
        store.path_for(evidence.sha256), media_type=evidence.content_type, filename=evidence.filename or None
    )
