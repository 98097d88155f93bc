"""/api/speech: transcription jobs, the 询问笔录 drafted from one, and voice questions to the assistant.

Every route needs a login (staff: officer, legal, commander, admin). A job is visible to the one who made it (and to
admins); another's job looks absent (404). Speech errors are ``{"code", "message"}`` with their status
(``speech/errors.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated, Any, BinaryIO, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from case_api.deps import IdPath, SessionDep, SettingsDep, StoreDep, require_roles
from case_api.documents.models import DocumentPublic
from case_api.errors import install as install_errors
from case_api.evidence.models import EvidencePublic
from case_api.users.models import STAFF_ROLES, Role, User
from channels import inquiry
from channels.components import Components
from channels.deps import ComponentsDep, KnowledgeDep
from core.settings import Settings
from speech.jobs import SpeechJob, SpeechJobs, build_jobs
from speech.pipeline import TranscriptionPipeline, build_pipeline

STAFF = STAFF_ROLES
Staff = Annotated[User, Depends(require_roles(*STAFF))]
Drafter = Annotated[User, Depends(require_roles(Role.officer, Role.legal))]
Issuer = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.commander))]
CHUNK = 1 << 20

router = APIRouter(prefix="/api/speech", tags=["speech 语音转写与智慧笔录"])


def jobs_of(request: Request) -> SpeechJobs:
    jobs: SpeechJobs = request.app.state.speech_jobs
    return jobs


def read_chunks(fh: BinaryIO) -> Iterator[bytes]:
    while chunk := fh.read(CHUNK):
        yield chunk


def owner_filter(user: User) -> int | None:
    return None if user.role == Role.admin else user.id


def job_body(job: SpeechJob) -> dict[str, Any]:
    return job.public()


@router.post(
    "/jobs",
    status_code=202,
    summary="上传录音，创建转写任务 / upload a recording, start a transcription job",
    description="支持 wav、mp3、m4a、amr（微信语音）、ogg/opus、flac 以及视频文件的音轨。可选 case_id：以案件地点、违法行为作为识别提示。",
)
def create_job(
    request: Request,
    session: SessionDep,
    user: Staff,
    file: Annotated[UploadFile, File(description="录音或视频文件")],
    case_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
) -> dict[str, Any]:
    context: list[str] = []
    if case_id is not None:
        from case_api.cases import service as cases_service

        case = cases_service.get(session, case_id)
        context = [case.offence_name or "", case.location or ""]
    assert user.id is not None
    job = jobs_of(request).submit(
        owner_id=user.id, filename=file.filename or "audio", chunks=read_chunks(file.file), context=context
    )
    return job_body(job)


@router.get(
    "/jobs/{job_id}", summary="转写任务状态、进度、部分文字与结果 / job state, progress, partial text, result"
)
def get_job(job_id: str, request: Request, user: Staff) -> dict[str, Any]:
    return job_body(jobs_of(request).get(job_id, owner_id=owner_filter(user)))


@router.post("/jobs/{job_id}/cancel", summary="取消转写任务 / cancel a job")
def cancel_job(job_id: str, request: Request, user: Staff) -> dict[str, Any]:
    return job_body(jobs_of(request).cancel(job_id, owner_id=owner_filter(user)))


@router.delete("/jobs/{job_id}", summary="取消转写任务（同 POST …/cancel） / cancel a job")
def delete_job(job_id: str, request: Request, user: Staff) -> dict[str, Any]:
    return job_body(jobs_of(request).cancel(job_id, owner_id=owner_filter(user)))


class InquiryDraftRequest(BaseModel):
    case_id: int = Field(ge=1, le=2_147_483_647, description="案件编号（id）")
    place: str | None = Field(default=None, max_length=200, description="询问地点（默认案件地点）")
    time: str | None = Field(default=None, max_length=64, description="询问时间（默认录音上传时间）")
    recorder_id: int | None = Field(
        default=None, ge=1, le=2_147_483_647, description="记录人（本案执法人员）"
    )


class InquiryDraft(BaseModel):
    document: DocumentPublic
    turns: list[dict[str, Any]]
    offences: list[dict[str, Any]] = Field(
        description="被询问人回答所述事实对应的违法行为建议（违法行为目录）"
    )


class InquiryIssued(BaseModel):
    document: DocumentPublic
    evidence: EvidencePublic


@router.post(
    "/jobs/{job_id}/inquiry-record",
    status_code=201,
    response_model=InquiryDraft,
    summary="由转写结果生成询问笔录草稿 / draft a 询问笔录 from a finished job",
    description="询问人、记录人及执法证号取自本案执法人员，被询问人取自案件当事人；法定开头的回答须由执法人员据实填写"
    "（PATCH /api/documents/{id}），确认后录音存为证据并签发。",
)
def draft_inquiry(
    job_id: str,
    body: InquiryDraftRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    knowledge: KnowledgeDep,
    user: Drafter,
) -> InquiryDraft:
    job = jobs_of(request).get(job_id, owner_id=user.id)
    document, turns = inquiry.draft(
        session, job=job, case_id=body.case_id, actor=user, settings=settings, store=store, place=body.place,
        when=body.time, recorder_id=body.recorder_id,
    )  # fmt: skip
    session.commit()
    return InquiryDraft(
        document=DocumentPublic.model_validate(document),
        turns=[t.to_dict() for t in turns],
        offences=inquiry.suggest_offences(turns, matcher=knowledge.matcher),
    )


@router.post(
    "/inquiry-records/{document_id}/confirm",
    response_model=InquiryIssued,
    summary="确认询问笔录：录音存为证据并签发 / confirm: audio to evidence, record issued",
)
def confirm_inquiry(
    document_id: IdPath, session: SessionDep, settings: SettingsDep, store: StoreDep, user: Issuer
) -> InquiryIssued:
    document, evidence = inquiry.confirm(
        session, document_id=document_id, actor=user, settings=settings, store=store
    )
    session.commit()
    return InquiryIssued(document=DocumentPublic.model_validate(document), evidence=evidence)


@router.post(
    "/ask",
    summary="语音提问：转写后由助手以文字回答（NDJSON 流） / ask the assistant by voice",
    description="上传一段语音（默认不超过 60 秒），先转写为文字，再与 /api/chat 相同地回答；"
    '流的第一条事件为 {"type": "transcript", "text": …}。',
    responses={200: {"content": {"application/x-ndjson": {}}}, 503: {"description": "模型不可用"}},
)
def ask(
    request: Request,
    components: ComponentsDep,
    user: Staff,
    file: Annotated[UploadFile, File(description="语音（wav、mp3、m4a、amr、ogg/opus、webm）")],
    mode: Annotated[Literal["auto", "legal", "offence"], Form()] = "auto",
    party_type: Annotated[Literal["auto", "individual", "organisation"], Form()] = "auto",
) -> Response:
    from channels.voice import answer_voice

    settings: Settings = request.app.state.settings
    return answer_voice(
        components, settings, request.app.state.speech_pipeline, file.file, file.filename or "voice",
        mode=mode, party_type=party_type,
    )  # fmt: skip


def pipeline_provider(settings: Settings, components: Components) -> Any:
    """The pipeline around the container's ASR, built on first use (the model may still be loading at start-up)."""
    built: list[TranscriptionPipeline] = []
    lock = threading.Lock()

    def provide() -> TranscriptionPipeline:
        with lock:
            if not built:
                built.append(build_pipeline(settings, components.asr()))
            return built[0]

    return provide


def mount(app: FastAPI, settings: Settings, components: Components) -> None:
    """Build the job service for these settings (in process, or RQ when ``redis_url`` is set, where
    ``zhifa worker`` runs :func:`channels.speech_worker.rq_transcribe`) and mount the routes."""
    from channels.speech_worker import rq_transcribe

    provide = pipeline_provider(settings, components)
    app.state.speech_jobs = build_jobs(settings, provide, rq_func=rq_transcribe)
    app.state.speech_pipeline = provide
    install_errors(app)  # the product's errors (speech's and vision's among them) as JSON
    app.include_router(router)
