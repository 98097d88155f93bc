"""What an offence leaves behind: key frames with the zone and boxes drawn, every file hashed, one event draft.

:class:`EventDraft` is plain data: the composition root (``channels/vision_record.py``) turns it into the record's
candidate event through case_api's camera service; vision itself never imports the record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import cv2
import numpy as np

from vision.camera import Camera
from vision.labels import LABELS_ZH
from vision.plates import PlateRead
from vision.rules import KeyFrame, Offence

MAX_SIDE = 1280  # stored key frames are at most this wide (a frame must stay under the record's 4 MB)
JPEG_QUALITY = 85
MAX_CLIP_BYTES = 4 * 1024 * 1024  # the record's limit per file
ZONE_COLOUR = (0, 0, 255)
BOX_COLOURS = {"person": (0, 200, 255), "object": (255, 0, 255)}
VEHICLE_COLOUR = (0, 255, 0)


@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    content_type: str
    data: bytes
    sha256: str

    @classmethod
    def jpeg(cls, filename: str, image: np.ndarray) -> EvidenceFile:
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise ValueError("JPEG encoding failed")
        data = buf.tobytes()
        return cls(filename, "image/jpeg", data, hashlib.sha256(data).hexdigest())


@dataclass
class EventDraft:
    camera_id: str
    location: str
    lat: float | None
    lon: float | None
    occurred_at: datetime  # aware: when the offence began
    ended_at: datetime
    kind: str  # 违章停车 / 出店经营 / 无照游商
    rule: str
    zone_id: str
    zone_name: str
    confidence: float
    detail: str
    files: list[EvidenceFile]
    plate: str | None = None
    plate_confidence: float | None = None
    track_keys: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return (self.ended_at - self.occurred_at).total_seconds()

    def summary(self) -> dict[str, object]:
        """For logs and job results: the plate masked, the files by hash."""
        from vision.plates import mask_plate

        return {
            "kind": self.kind,
            "camera_id": self.camera_id,
            "zone": self.zone_id,
            "start": self.occurred_at.isoformat(),
            "end": self.ended_at.isoformat(),
            "seconds": round(self.seconds, 1),
            "confidence": round(self.confidence, 3),
            "plate": mask_plate(self.plate) if self.plate else None,
            "frames": [f.sha256 for f in self.files],
        }


def draw(camera: Camera, offence: Offence, key: KeyFrame) -> np.ndarray:
    image = key.frame.copy()
    h, w = image.shape[:2]
    polygon = np.array(offence.zone.pixels(w, h), dtype=np.int32)
    overlay = image.copy()
    cv2.fillPoly(overlay, [polygon], ZONE_COLOUR)
    image = cv2.addWeighted(overlay, 0.15, image, 0.85, 0)
    thick = max(2, w // 400)
    font = max(0.35, w / 1800)
    cv2.polylines(image, [polygon], True, ZONE_COLOUR, thick)
    for obs in key.boxes:
        x1, y1, x2, y2 = (round(v) for v in obs.box)
        colour = BOX_COLOURS.get(obs.label, VEHICLE_COLOUR)
        cv2.rectangle(image, (x1, y1), (x2, y2), colour, thick)
        cv2.putText(
            image, f"{obs.label} {obs.key} {obs.confidence:.2f}", (x1, max(12, y1 - 4)),
            cv2.FONT_HERSHEY_SIMPLEX, font, colour, 1, cv2.LINE_AA,
        )  # fmt: skip
    caption = (
        f"{camera.id} {key.local:%Y-%m-%d %H:%M:%S} {offence.rule.value} zone={offence.zone.id} "
        f"+{key.t - offence.start_t:.0f}s"
    )
    bar = round(30 * font) + 6
    cv2.rectangle(image, (0, 0), (w, bar), (0, 0, 0), -1)
    cv2.putText(
        image, caption, (4, bar - 6), cv2.FONT_HERSHEY_SIMPLEX, font, (255, 255, 255), 1, cv2.LINE_AA
    )  # fmt: skip
    if w > MAX_SIDE:
        image = cv2.resize(image, (MAX_SIDE, round(h * MAX_SIDE / w)), interpolation=cv2.INTER_AREA)
    return image


def encode_clip(camera: Camera, offence: Offence, fps: float) -> EvidenceFile | None:
    """The seconds before the offence was established, the zone drawn, as MPEG-4 (``None`` when too short)."""
    if len(offence.clip) < 2:
        return None
    import tempfile
    from pathlib import Path

    h, w = offence.clip[0][1].shape[:2]
    polygon = np.array(offence.zone.pixels(w, h), dtype=np.int32)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clip.mp4"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (w, h))
        for _t, frame in offence.clip:
            image = frame.copy()
            cv2.polylines(image, [polygon], True, ZONE_COLOUR, 2)
            writer.write(image)
        writer.release()
        data = path.read_bytes()
    if not data or len(data) > MAX_CLIP_BYTES:
        return None
    name = f"{camera.id}_{offence.zone.id}_clip_{offence.start_local:%H%M%S}.mp4"
    return EvidenceFile(name, "video/mp4", data, hashlib.sha256(data).hexdigest())


def build_draft(
    camera: Camera, offence: Offence, *, start: datetime, plate: PlateRead | None = None, fps: float = 5.0
) -> EventDraft:
    files = [
        EvidenceFile.jpeg(f"{camera.id}_{offence.zone.id}_{i}_{k.local:%H%M%S}.jpg", draw(camera, offence, k))
        for i, k in enumerate(offence.key_frames, start=1)
    ]
    stills = len(files)
    clip = encode_clip(camera, offence, fps)
    if clip is not None:
        files.append(clip)
    who = "、".join(LABELS_ZH.get(s, "物品" if s == "object" else s) for s in offence.subjects)
    minutes = offence.seconds / 60
    span = f"{minutes:.1f} 分钟" if minutes >= 1 else f"{offence.seconds:.0f} 秒"
    plate_text = (
        f"，车牌 {plate.text}（置信度 {plate.confidence:.2f}，{plate.votes} 帧一致）" if plate else ""
    )
    detail = (
        f"区域「{offence.zone.name}」（{offence.zone.id}，规则 {offence.rule.value}，阈值 {offence.zone.min_seconds:.0f} 秒）"
        f"内{who}停留 {span}：{offence.start_local:%H:%M:%S}–{offence.end_local:%H:%M:%S}{plate_text}。"
        f"关键帧 {stills} 张（已画出区域与检测框）{'及短视频 1 段' if clip else ''}，SHA-256 见帧记录。"
        "机器检测，须经人工审核。"
    )
    return EventDraft(
        camera_id=camera.id,
        location=camera.location,
        lat=camera.lat,
        lon=camera.lon,
        occurred_at=start + timedelta(seconds=offence.start_t),
        ended_at=start + timedelta(seconds=offence.end_t),
        kind=offence.kind,
        rule=offence.rule.value,
        zone_id=offence.zone.id,
        zone_name=offence.zone.name,
        confidence=round(min(1.0, max(0.0, offence.confidence)), 4),
        detail=detail[:1000],
        files=files,
        plate=plate.text if plate else None,
        plate_confidence=plate.confidence if plate else None,
        track_keys=offence.track_keys,
    )
