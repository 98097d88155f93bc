"""/api/vision: cameras and their zones, image detection, and video clips analysed as jobs (candidate events).

Every route needs a login, staff only (officer, legal, commander, admin); registering a camera is for commanders and
admins. A job is visible to the one who uploaded it (and to admins). Vision errors are ``{"code", "message"}`` with
their status (``vision/errors.py``); the events a job finds are candidates in /api/camera/events, reviewed by a person
before any case is opened (《行政处罚法》第四十一条).
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Body, Depends, FastAPI, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from case_api.deps import require_roles
from case_api.errors import install as install_errors
from case_api.users.models import STAFF_ROLES, Role, User
from channels.components import Components
from channels.deps import CameraDetectorDep
from channels.speech_api import owner_filter, read_chunks
from channels.vision_jobs import (
    VideoWork,
    build_video_jobs,
    is_stream_job,
    job_context,
    stream_limit,
    submit_stream,
)
from core.settings import Settings
from speech.errors import AudioTooLong, EmptyAudio, JobNotFound
from speech.jobs import SpeechJob, SpeechJobs
from vision.camera import Camera, CameraStore, check_source, mask_source, parse_camera
from vision.errors import CameraConfigError, EmptyMedia, MediaTooLarge, VisionError, VisionJobNotFound
from vision.plates import PlateReader

Staff = Annotated[User, Depends(require_roles(*STAFF_ROLES))]
Manager = Annotated[User, Depends(require_roles(Role.commander, Role.admin))]
MAX_IMAGE_BYTES = 20 * 2**20

router = APIRouter(prefix="/api/vision", tags=["vision 视频检测（非接触执法）"])


class DetectionOut(BaseModel):
    label: str
    confidence: float
    box: tuple[float, float, float, float]


class StreamJobIn(BaseModel):
    camera_id: str = Field(min_length=1, max_length=64, description="已登记的摄像头编号")
    source: str | None = Field(
        default=None,
        max_length=2000,
        description="视频流地址（rtsp://…、http(s)://…、file://本机录像）；不填：用摄像头配置的 source",
    )
    duration_s: float | None = Field(
        default=None, gt=0, le=7 * 24 * 3600, description="分析时长（秒）；不填：持续分析直到取消"
    )
    start: datetime | None = Field(
        default=None, description="第一帧的时刻（带时区；默认：现在）。录像回放时填录像的起始时刻"
    )


class DetectResult(BaseModel):
    counts: dict[str, int]
    detections: list[DetectionOut]
    detector: str


def cameras_of(request: Request) -> CameraStore:
    store: CameraStore = request.app.state.vision_cameras
    return store


def jobs_of(request: Request) -> SpeechJobs:
    jobs: SpeechJobs = request.app.state.vision_jobs
    return jobs


def job_body(job: SpeechJob) -> dict[str, Any]:
    data = job.public()
    data["state_label"] = {"running": "分析中"}.get(job.state.value, data["state_label"])
    data["message"] = data.pop("partial_text")
    data["kind"] = "stream" if is_stream_job(job) else "clip"  # a stream's filename is its masked source
    data["duration_s"] = stream_limit(job)
    data.pop("context", None)
    return data


def get_job(jobs: SpeechJobs, job_id: str, owner_id: int | None) -> SpeechJob:
    try:
        return jobs.get(job_id, owner_id=owner_id)
    except JobNotFound as exc:
        raise VisionJobNotFound(f"视频分析任务 {job_id[:64]} 不存在或已过期。") from exc


@router.get("/cameras", response_model=list[Camera], summary="摄像头与区域列表")
def list_cameras(request: Request, _: Staff) -> list[Camera]:
    return [c.masked() for c in cameras_of(request).list()]


@router.get("/cameras/{camera_id}", response_model=Camera, summary="摄像头与区域")
def get_camera(camera_id: str, request: Request, _: Staff) -> Camera:
    camera = cameras_of(request).get(camera_id)
    if camera is None:
        raise VisionJobNotFound(f"摄像头 {camera_id[:64]} 未登记。", code="camera_not_found")
    return camera.masked()


@router.put(
    "/cameras/{camera_id}",
    response_model=Camera,
    summary="登记或修改摄像头与区域（多边形、规则、时段）",
    description="请求体为摄像头 JSON（字段同 vision/camera.py 的 YAML 示例）。",
)
def put_camera(
    camera_id: str, request: Request, _: Manager, data: Annotated[dict[str, Any], Body()]
) -> Camera:
    camera = parse_camera({**data, "id": camera_id}, source="摄像头配置")
    store = cameras_of(request)
    stored = store.get(camera_id)
    if camera.source and stored and stored.source and camera.source == mask_source(stored.source):
        camera = camera.model_copy(update={"source": stored.source})  # sent back as shown: keep the password
    return store.put(camera).masked()


@router.post("/images", response_model=DetectResult, summary="上传图片，检测行人与车辆（每类计数与检测框）")
def detect_image(
    _: Staff,
    detector: CameraDetectorDep,  # ?tiles=true: the 2×2-tiled variant
    file: Annotated[UploadFile, File(description="图片（jpg、png）")],
) -> DetectResult:
    data = file.file.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise MediaTooLarge(f"图片超过 {MAX_IMAGE_BYTES // 2**20} MB 上限。")
    import cv2
    import numpy as np

    from vision.errors import BadMedia

    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
    if image is None:
        raise BadMedia(f"无法读取图片 {file.filename or ''}：文件为空或不是图片（支持 jpg、png）。")
    found = detector.detect(image)
    return DetectResult(
        counts=dict(Counter(d.label for d in found).most_common()),
        detections=[DetectionOut(label=d.label, confidence=round(d.confidence, 3), box=d.box) for d in found],
        detector=detector.name,
    )


@router.post(
    "/jobs",
    status_code=202,
    summary="上传视频片段，按摄像头区域规则分析（后台任务） / upload a clip, analyse it as a job",
    description="camera_id：已登记的摄像头；或 camera：摄像头 YAML 文本。start：视频起始时刻（带时区，默认上传时刻）。"
    "发现的违法行为作为候选视频事件写入 /api/camera/events，待人工审核。",
)
def create_job(
    request: Request,
    user: Staff,
    file: Annotated[UploadFile, File(description="视频（mp4、mov、avi、mkv …）")],
    camera_id: Annotated[str | None, Form(max_length=64)] = None,
    camera: Annotated[str | None, Form(max_length=64_000, description="摄像头 YAML")] = None,
    start: Annotated[datetime | None, Form(description="视频起始时刻，如 2025-06-02T09:00:00+08:00")] = None,
) -> dict[str, Any]:
    if camera:
        try:
            cam = parse_camera(yaml.safe_load(camera))
        except yaml.YAMLError as exc:
            raise CameraConfigError(f"摄像头配置不是有效的 YAML：{exc}") from exc
    elif camera_id:
        found = cameras_of(request).get(camera_id)
        if found is None:
            raise CameraConfigError(f"摄像头 {camera_id[:64]} 未登记：请先 PUT /api/vision/cameras/{{id}}。")
        cam = found
    else:
        raise CameraConfigError(
            "须指定 camera_id（已登记的摄像头）或 camera（YAML）。", code="camera_required"
        )
    if start is not None and start.tzinfo is None:
        raise VisionError("时间须带时区，如 2025-06-02T09:00:00+08:00", code="naive_datetime")
    assert user.id is not None
    when = start or datetime.now(cam.tz)
    jobs = jobs_of(request)
    try:
        job = jobs.submit(
            owner_id=user.id,
            filename=file.filename or "video.mp4",
            chunks=read_chunks(file.file),
            context=job_context(cam, when, user.id),
        )
    except EmptyAudio as exc:  # the job machinery's own checks, said of a video
        raise EmptyMedia("视频文件为空（0 字节）：请重新导出或重新选择文件。") from exc
    except AudioTooLong as exc:
        raise MediaTooLarge(f"视频超过 {jobs.max_bytes // 2**20} MB 上限：请分段上传。") from exc
    return job_body(job)


@router.post(
    "/streams",
    status_code=202,
    summary="分析摄像头视频流（后台任务，指挥、管理员） / analyse a camera's live stream as a job",
    description="按已登记摄像头的区域规则持续分析其视频流（摄像头配置的 source，或请求体的 source）："
    "每个违法事件确定后立即作为候选视频事件写入 /api/camera/events；duration_s 秒后结束，不填则直到取消"
    "（POST /api/vision/jobs/{id}/cancel）。进度见 GET /api/vision/jobs/{id}（已分析帧数、已记录事件数）；"
    "视频流无法连接或中断时任务失败并说明原因。地址中的账号密码在所有应答中隐去。",
)
def create_stream_job(request: Request, user: Manager, body: StreamJobIn) -> dict[str, Any]:
    cam = cameras_of(request).get(body.camera_id)
    if cam is None:
        raise CameraConfigError(
            f"摄像头 {body.camera_id[:64]} 未登记：请先 PUT /api/vision/cameras/{{id}}。",
            code="camera_not_found",
        )
    source = body.source or cam.source
    if not source:
        raise CameraConfigError(
            f"摄像头 {cam.id} 未配置视频流地址：请在摄像头配置中填写 source，或在请求中给出 source。",
            code="source_required",
        )
    try:
        source = check_source(source)
    except ValueError as exc:
        raise CameraConfigError(f"{exc}。", code="source_invalid") from exc
    if body.start is not None and body.start.tzinfo is None:
        raise VisionError("时间须带时区，如 2025-06-02T09:00:00+08:00", code="naive_datetime")
    assert user.id is not None
    job = submit_stream(
        jobs_of(request),
        owner_id=user.id,
        camera=cam,
        source=source,
        start=body.start or datetime.now(cam.tz),
        duration_s=body.duration_s,
    )
    return job_body(job)


@router.get("/jobs/{job_id}", summary="视频分析任务：状态、进度、事件 / job state, progress, events")
def job_state(job_id: str, request: Request, user: Staff) -> dict[str, Any]:
    return job_body(get_job(jobs_of(request), job_id, owner_filter(user)))


@router.post("/jobs/{job_id}/cancel", summary="取消视频分析任务 / cancel")
def cancel_job(job_id: str, request: Request, user: Staff) -> dict[str, Any]:
    jobs = jobs_of(request)
    get_job(jobs, job_id, owner_filter(user))
    return job_body(jobs.cancel(job_id, owner_id=owner_filter(user)))


def work_provider(components: Components) -> Any:
    """The video work on the container's camera detector and plate reader, asked for on first use (a server that
    never gets a video never loads them)."""
    built: list[VideoWork] = []
    lock = threading.Lock()

    def plates() -> PlateReader | None:
        try:
            return components.plates()
        except Exception:  # no plate reader: events still go out, without a plate
            return None

    def provide() -> VideoWork:
        with lock:
            if not built:
                built.append(
                    VideoWork(components.settings, components.database, components.camera_detector, plates)
                )
            return built[0]

    return provide


def mount(app: FastAPI, settings: Settings, components: Components) -> None:
    app.state.vision_cameras = CameraStore(settings.data_path / "vision" / "cameras")
    app.state.vision_jobs = build_video_jobs(settings, work_provider(components))
    install_errors(app)  # the product's errors (speech's and vision's among them) as JSON
    app.include_router(router)
