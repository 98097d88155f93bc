"""智慧笔录: a finished transcription job → a 询问笔录 draft on a case → (officer edits) → confirmed: the audio becomes
the case's evidence and the record is issued (numbered, hashed, immutable), in one transaction.

Here, in the composition root, because it joins speech (turns, the draft's fields) with the record
(case_api's cases, evidence and documents services), which may not import speech.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from case_api.cases import service as cases_service
from case_api.documents import service as documents_service
from case_api.documents.models import Document, DocumentStatus
from case_api.errors import ValidationFailed
from case_api.evidence import service as evidence_service
from case_api.evidence.models import EvidenceKind, EvidenceMeta, EvidencePublic
from case_api.parties.models import Party
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings
from knowledge.catalogue.matcher import OffenceMatcher
from speech.errors import JobConflict
from speech.jobs import STATE_LABELS, JobState, SpeechJob
from speech.record import PENDING, clock, draft_fields, pending_answers
from speech.turns import ANSWERER, Turn, split_turns

CONTENT_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "amr": "audio/amr",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "matroska,webm": "audio/webm",
    "mov,mp4,m4a,3gp,3g2,mj2": "audio/mp4",
}


def _person(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "full_name": user.full_name, "badge_no": user.badge_no}


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(size):
            yield chunk


def draft(
    session: Session,
    *,
    job: SpeechJob,
    case_id: int,
    actor: User,
    settings: Settings,
    store: BlobStore,
    place: str | None = None,
    when: str | None = None,
    recorder_id: int | None = None,
) -> tuple[Document, list[Turn]]:
    """Create the draft. 询问人 is the caller when they work the case (else its first officer), 记录人 the named
    or the next officer of the case; their 执法证号 come from the roster (their user records)."""
    if job.state != JobState.done or job.result is None:
        raise JobConflict(f"转写任务{STATE_LABELS[job.state]}，完成后才能生成询问笔录。", code="job_not_done")
    if not job.result.get("text"):
        raise JobConflict("转写结果为空（未检测到语音），无法生成询问笔录。", code="empty_transcript")
    case = cases_service.get(session, case_id)
    assert case.id is not None
    officers = cases_service.officers(session, case.id)
    interviewer = next((o for o in officers if o.id == actor.id), officers[0] if officers else actor)
    recorder = next((o for o in officers if o.id == recorder_id), None) if recorder_id else None
    if recorder_id and recorder is None:
        raise ValidationFailed("记录人须是本案的执法人员。", code="recorder_not_on_case")
    recorder = recorder or next((o for o in officers if o.id != interviewer.id), None)
    party = session.get(Party, case.party_id) if case.party_id else None
    blob = store.put_stream(_chunks(Path(job.audio_path)))  # stored by hash; evidence only once confirmed
    result = job.result
    turns = split_turns(result["segments"])
    tz = ZoneInfo(settings.timezone)
    fields = draft_fields(
        turns,
        transcript=result["text"],
        bureau=settings.bureau_name,
        subject=f"“{case.title}”一事",
        interviewer=_person(interviewer),
        recorder=_person(recorder),
        interviewee={"name": party.name if party else "（未登记）", "relation": "当事人"},
        audio={
            "job_id": job.id,
            "sha256": blob.sha256,
            "size": blob.size,
            "filename": job.filename,
            "content_type": CONTENT_TYPES.get(result.get("container", ""), "application/octet-stream"),
            "duration": result["duration"],
            "duration_label": clock(result["duration"]),
        },
        time=when or datetime.fromtimestamp(job.created_at, tz).strftime("%Y年%m月%d日 %H:%M"),
        place=place or case.location or "",
    )
    document = documents_service.create_draft(
        session, case=case, doc_type="inquiry_record", fields=fields, actor=actor
    )
    return document, turns


def confirm(
    session: Session, *, document_id: int, actor: User, settings: Settings, store: BlobStore
) -> tuple[Document, EvidencePublic]:
    """Store the audio as evidence on the case and issue the record; either both happen or neither."""
    document = documents_service.get(session, document_id)
    audio = dict(document.fields.get("audio") or {})
    if document.doc_type != "inquiry_record" or not audio.get("sha256"):
        raise ValidationFailed("该文书不是由录音生成的询问笔录，请用“签发”办理。", code="not_a_speech_record")
    if document.status == DocumentStatus.draft:
        pending = pending_answers(document.fields)
        if pending:
            where = "、".join(f"第 {i} 条" for i in pending)
            raise ValidationFailed(
                f"{where}问答的回答仍为“{PENDING}”：请按被询问人的回答填写后再确认。", code="answers_pending"
            )
        if store.check(audio["sha256"]) is not None:
            raise ValidationFailed("同步录音文件缺失或已损坏，请重新上传录音生成笔录。", code="audio_missing")
    evidence = evidence_service.attach_stored(
        session,
        case_id=document.case_id,
        sha256=audio["sha256"],
        size=int(audio.get("size") or 0),
        content_type=str(audio.get("content_type") or "application/octet-stream"),
        filename=str(audio.get("filename") or "audio"),
        meta=EvidenceMeta(
            kind=EvidenceKind.audio,
            description=f"询问录音（{audio.get('filename')}，时长 {audio.get('duration_label')}）",
            place=str(document.fields.get("place") or "")[:256],
        ),
        actor=actor,
        source=f"speech_job:{audio.get('job_id')}",
    )
    if document.status == DocumentStatus.draft:
        audio["evidence_id"] = evidence.id
        documents_service.update_draft(
            session, document=document, fields={**document.fields, "audio": audio}, actor=actor
        )
    documents_service.issue(session, document=document, actor=actor, settings=settings, store=store)
    return document, evidence


def suggest_offences(turns: list[Turn], *, matcher: OffenceMatcher, k: int = 3) -> list[dict[str, Any]]:
    """The facts the party told (the answers) matched against the offence catalogue (``matcher``: the process's
    knowledge base's), as the chat shows them."""
    from assistant.offence import offence_item

    facts = "".join(t.text for t in turns if t.speaker == ANSWERER)
    if not facts:
        return []
    return [offence_item(rank, hit) for rank, hit in enumerate(matcher.match(facts, k=k), 1)]
