"""Evidence: stream an upload into the content-addressed store, record its metadata, audit it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.cases import service as cases_service
from case_api.cases.models import Case, CaseState
from case_api.errors import Conflict, NotFound, ValidationFailed
from case_api.evidence.models import Evidence, EvidenceMeta, EvidencePublic
from case_api.storage import BlobStore
from case_api.users.models import User

ALLOWED_TYPES: dict[str, str] = {
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "",
    "video/mp4": "mp4",
    "video/quicktime": "mp4",
    "audio/mpeg": "mp3",
    "audio/mp4": "mp4",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/amr": "amr",
    "application/pdf": "pdf",
}
CLOSED = frozenset({CaseState.closed, CaseState.archived, CaseState.dropped})


def sniff(head: bytes) -> str | None:
    """The format the first bytes show, or ``None`` if unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"ID3") or head[:2] in {b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"}:
        return "mp3"
    if head.startswith(b"#!AMR"):
        return "amr"
    return None


def check_type(content_type: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Refuse types outside the list and content that does not match its declared type; re-yield the chunks."""
    expected = ALLOWED_TYPES.get(content_type.split(";")[0].strip().lower())
    if expected is None:
        allowed = "、".join(sorted(ALLOWED_TYPES))
        raise ValidationFailed(
            f"不支持的文件类型 {content_type}。可上传：{allowed}。", code="file_type_not_allowed"
        )
    it = iter(chunks)
    head = b""
    first: list[bytes] = []
    for chunk in it:
        first.append(chunk)
        head += chunk
        if len(head) >= 16:
            break
    if not head:
        raise ValidationFailed("文件为空，请重新选择文件。", code="empty_file")
    if expected and sniff(head[:16]) != expected:
        raise ValidationFailed(
            f"文件内容与声明的类型 {content_type} 不符，请检查文件。", code="file_type_mismatch"
        )
    return chain(first, it)


def add(
    session: Session,
    *,
    case_id: int,
    chunks: Iterable[bytes],
    filename: str,
    content_type: str,
    meta: EvidenceMeta,
    actor: User,
    store: BlobStore,
    max_bytes: int,
) -> EvidencePublic:
    """Stream an upload into the store and record it on the case."""
    _check_open(cases_service.get(session, case_id))  # before storing the bytes; again under the lock
    blob = store.put_stream(check_type(content_type, chunks), max_bytes=max_bytes)
    return attach_stored(
        session, case_id=case_id, sha256=blob.sha256, size=blob.size, content_type=content_type,
        filename=filename, meta=meta, actor=actor,
    )  # fmt: skip


def attach_stored(
    session: Session,
    *,
    case_id: int,
    sha256: str,
    size: int,
    content_type: str,
    filename: str,
    meta: EvidenceMeta,
    actor: User,
    source: str = "",
) -> EvidencePublic:
    """Record a file the caller has already put in the store (a camera frame) as evidence on the case, with the
    same checks, de-duplication and audit entry as an upload. ``source`` names where it came from in the audit."""
    case = cases_service.lock(session, case_id)  # one writer per case: the same file twice makes one record
    _check_open(case)
    existing = session.exec(
        select(Evidence).where(Evidence.case_id == case_id, Evidence.sha256 == sha256)
    ).first()
    if existing is not None:
        return EvidencePublic.model_validate(existing, update={"duplicate": True})
    evidence = Evidence.model_validate(
        meta,
        update={
            "case_id": case_id, "sha256": sha256, "size": size, "content_type": content_type,
            "filename": filename[:256], "recorded_by": actor.id,
        },
    )  # fmt: skip
    session.add(evidence)
    session.flush()
    assert evidence.id is not None
    payload = {
        "case_id": case_id, "file_sha256": sha256, "size": size, "content_type": content_type,
        "kind": str(evidence.kind), "taken_at": evidence.taken_at.isoformat() if evidence.taken_at else None,
        "place": evidence.place, "lat": evidence.lat, "lon": evidence.lon, "device": evidence.device,
    }  # fmt: skip
    if source:
        payload["source"] = source
    audit_service.append(
        session, actor_id=actor.id, action="evidence.stored", entity="evidence", entity_id=evidence.id,
        payload=payload,
    )  # fmt: skip
    return EvidencePublic.model_validate(evidence)


def _check_open(case: Case) -> None:
    if case.state in CLOSED:
        raise Conflict("案件已办结，不能再补充证据。", code="case_closed")


def list_for_case(session: Session, case_id: int) -> list[Evidence]:
    return list(session.exec(select(Evidence).where(Evidence.case_id == case_id).order_by(col(Evidence.id))))


def get(session: Session, evidence_id: int) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(f"证据 {evidence_id} 不存在。")
    return evidence
