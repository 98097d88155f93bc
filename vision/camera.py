"""Cameras and their zones: what a fixed camera watches, where, by which rule and when (a YAML file or the API).

::

    id: wq-bayan-001                 # camera number (摄像头编号), as in the record
    name: 百安大道口
    location: 万州区五桥街道百安大道 12 号
    lat: 30.77                        # optional
    lon: 108.41
    zones:
      - id: fire-lane
        name: 消防通道
        rule: no_parking              # no_parking | shopfront | vending
        polygon: [[0.1, 0.5], [0.6, 0.5], [0.6, 0.9], [0.1, 0.9]]   # fractions of width, height (0–1)
        min_seconds: 60               # the offence: stays longer than this
        schedule: ["07:00-22:00"]     # local times (camera timezone); empty = always; "22:00-06:00" crosses midnight
        days: [1, 2, 3, 4, 5, 6, 7]   # ISO weekdays (1 = Monday); default every day
    source: rtsp://user:pass@10.0.0.7:554/Streaming/Channels/101   # optional: the stream a stream job reads

Polygons are in fractions of the frame, so one file serves any resolution the camera streams at.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from vision.errors import CameraConfigError

SOURCE_SCHEMES = ("rtsp://", "rtsps://", "rtmp://", "http://", "https://", "file://")
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class Rule(StrEnum):
    no_parking = "no_parking"  # a vehicle stays (stationary) in the zone longer than min_seconds
    shopfront = "shopfront"  # goods or people beyond the storefront line longer than min_seconds
    vending = "vending"  # a person and a stationary object together longer than min_seconds


OFFENCE_KIND = {Rule.no_parking: "违章停车", Rule.shopfront: "出店经营", Rule.vending: "无照游商"}


def parse_span(text: str) -> tuple[time, time]:
    match = _SPAN.match(text)
    if match is None:
        raise ValueError(f"时段 {text!r} 格式应为 HH:MM-HH:MM，如 07:00-22:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
        raise ValueError(f"时段 {text!r} 的时间无效")
    end = time(23, 59, 59, 999999) if (h2, m2) == (24, 0) else time(h2, m2)
    return time(h1, m1), end


class Zone(BaseModel):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[\w\-]+$")
    name: str = Field(min_length=1, max_length=100)
    rule: Rule
    polygon: list[tuple[float, float]] = Field(min_length=3, max_length=64)
    min_seconds: float = Field(default=60, gt=0, le=24 * 3600)
    schedule: list[str] = Field(default_factory=list, max_length=8)
    days: list[int] = Field(default_factory=lambda: [1, 2, 3, 4, 5, 6, 7])

    @field_validator("polygon")
    @classmethod
    def _fractions(cls, value: list[tuple[float, float]]) -> list[tuple[float, float]]:
        if any(not (0 <= x <= 1 and 0 <= y <= 1) for x, y in value):
            raise ValueError("多边形顶点须为画面宽、高的比例（0–1）")
        return value

    @field_validator("schedule")
    @classmethod
    def _spans(cls, value: list[str]) -> list[str]:
        for span in value:
            parse_span(span)
        return value

    @field_validator("days")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if not value or any(d not in range(1, 8) for d in value):
            raise ValueError("days 须为 1–7（星期一至星期日）")
        return value

    def active_at(self, local: datetime) -> bool:
        """Whether the rule applies at this local time (schedule and weekday)."""
        if local.isoweekday() not in self.days:
            return False
        if not self.schedule:
            return True
        now = local.time()
        for span in self.schedule:
            start, end = parse_span(span)
            if (start <= now <= end) if start <= end else (now >= start or now <= end):
                return True
        return False

    def pixels(self, width: int, height: int) -> list[tuple[float, float]]:
        return [(x * width, y * height) for x, y in self.polygon]


class Camera(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(default="", max_length=100)
    location: str = Field(min_length=1, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    timezone: str = "Asia/Shanghai"
    zones: list[Zone] = Field(min_length=1, max_length=32)
    # the live stream (a password in it is masked in every answer, job and log: ``masked()``)
    source: str | None = Field(default=None, max_length=2000)

    @field_validator("source")
    @classmethod
    def _source(cls, value: str | None) -> str | None:
        if value is not None:
            check_source(value)
        return value

    def masked(self) -> Camera:
        """This camera as it may be shown: the stream's user and password replaced by ``***``."""
        return self if not self.source else self.model_copy(update={"source": mask_source(self.source)})

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except Exception as exc:  # ZoneInfoNotFoundError is a KeyError; a path-like name a ValueError
            raise ValueError(f"未知时区 {value!r}，如 Asia/Shanghai") from exc
        return value

    @field_validator("zones")
    @classmethod
    def _unique(cls, value: list[Zone]) -> list[Zone]:
        ids = [z.id for z in value]
        if len(set(ids)) != len(ids):
            raise ValueError("区域编号（zones[].id）不能重复")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def check_source(value: str) -> str:
    if not value.strip().lower().startswith(SOURCE_SCHEMES):
        raise ValueError(
            "视频流地址须以 rtsp://、rtsps://、rtmp://、http://、https:// 或 file://（本机录像）开头"
        )
    return value.strip()


def mask_source(url: str) -> str:
    """``rtsp://user:pass@host/…`` → ``rtsp://***@host/…`` (camera passwords never reach an answer or a log)."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url


def parse_camera(data: Any, *, source: str = "摄像头配置") -> Camera:
    try:
        return Camera.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(
            f"{'.'.join(str(p) for p in err['loc']) or '（根）'}：{err['msg']}" for err in exc.errors()[:5]
        )
        raise CameraConfigError(f"{source}无效：{problems}。请对照 vision/camera.py 的示例修改。") from exc


def load_camera(path: Path) -> Camera:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CameraConfigError(f"找不到摄像头配置文件 {path}。") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CameraConfigError(f"摄像头配置文件 {path.name} 不是有效的 YAML：{exc}") from exc
    return parse_camera(data, source=f"摄像头配置文件 {path.name} ")


class CameraStore:
    """Cameras registered through the API: one YAML file each under ``data_dir/vision/cameras`` (what an operator
    would write by hand, and what ``zhifa vision run --camera`` reads)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, camera_id: str) -> Path:
        if not re.fullmatch(r"[\w\-.]{1,64}", camera_id) or camera_id.startswith("."):
            raise CameraConfigError(f"摄像头编号 {camera_id[:64]!r} 只能含字母、数字、下划线、连字符和点。")
        return self.folder / f"{camera_id}.yaml"

    def put(self, camera: Camera) -> Camera:
        path = self._path(camera.id)
        self.folder.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(camera.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return camera

    def get(self, camera_id: str) -> Camera | None:
        path = self._path(camera_id)
        return load_camera(path) if path.is_file() else None

    def list(self) -> list[Camera]:
        return [load_camera(p) for p in sorted(self.folder.glob("*.yaml"))] if self.folder.is_dir() else []
