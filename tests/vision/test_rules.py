"""Zone rules as pure functions: one event per parked car, none for traffic, none outside the schedule."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from tests.vision.conftest import MORNING, TZ
from vision.camera import Rule, Zone, parse_camera
from vision.errors import CameraConfigError
from vision.rules import STATIONARY, Observation, ZoneWatch, inside

FRAME = np.zeros((100, 200, 3), dtype=np.uint8)
KERB = [(0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (0.0, 1.0)]  # the lower-left quarter of a 200×100 frame


def zone(rule: Rule = Rule.no_parking, **extra: object) -> Zone:
    return Zone(id="z", name="禁停", rule=rule, polygon=KERB, min_seconds=10, **extra)  # type: ignore[arg-type]


def run(
    watch: ZoneWatch, frames: list[list[Observation]], start: datetime = MORNING, dt: float = 1.0
) -> list:
    for i, obs in enumerate(frames):
        watch.step(i * dt, start + timedelta(seconds=i * dt), FRAME, obs)
    return watch.finish()


def car(key: str, x: float, y: float = 60, label: str = "car") -> Observation:
    return Observation(key, label, 0.8, (x, y, x + 30, y + 20))


def test_a_car_standing_30_s_is_one_offence_with_its_span_and_key_frames() -> None:
    [offence] = run(ZoneWatch(zone(), 200, 100), [[car("t1", 20)] for _ in range(31)])
    assert offence.kind == "违章停车" and offence.start_t == 0 and offence.end_t == 30
    assert [k.note for k in offence.key_frames] == ["开始", "持续 10 秒", "最后"]
    assert offence.track_keys == ["t1"] and offence.subjects == ["car"]


def test_shorter_than_the_threshold_is_nothing() -> None:
    assert run(ZoneWatch(zone(), 200, 100), [[car("t1", 20)] for _ in range(9)]) == []


def test_traffic_moving_through_is_nothing() -> None:
    frames = [[car("t1", (i * 7) % 90)] for i in range(60)]  # cars driving through, one after another
    assert run(ZoneWatch(zone(), 200, 100), frames) == []


def test_a_person_in_a_no_parking_zone_is_nothing() -> None:
    assert run(ZoneWatch(zone(), 200, 100), [[car("t1", 20, label="person")] for _ in range(30)]) == []


def test_a_lost_and_new_track_id_on_the_same_spot_continues_the_one_offence() -> None:
    frames = (
        [[car("t1", 20)] for _ in range(15)] + [[] for _ in range(2)] + [[car("t7", 21)] for _ in range(15)]
    )
    [offence] = run(ZoneWatch(zone(), 200, 100), frames)
    assert offence.start_t == 0 and offence.end_t == 31 and offence.track_keys == ["t1", "t7"]


def test_two_parked_cars_are_two_offences() -> None:
    offences = run(ZoneWatch(zone(), 200, 100), [[car("t1", 5), car("t2", 60)] for _ in range(20)])
    assert len(offences) == 2


def test_outside_the_schedule_is_nothing_and_the_schedule_ends_an_offence() -> None:
    night = datetime(2025, 6, 2, 23, 0, tzinfo=TZ)
    evening = zone(schedule=["07:00-22:00"])
    assert run(ZoneWatch(evening, 200, 100), [[car("t1", 20)] for _ in range(60)], start=night) == []
    late = datetime(2025, 6, 2, 21, 59, 30, tzinfo=TZ)  # stands 30 s in the window, then the rule stops
    [offence] = run(ZoneWatch(evening, 200, 100), [[car("t1", 20)] for _ in range(120)], start=late)
    assert offence.end_t == 30
    assert zone(schedule=["22:00-06:00"]).active_at(night)  # crosses midnight
    assert not zone(days=[6, 7]).active_at(MORNING)  # a Monday


def test_vending_needs_a_person_and_a_stationary_object_together() -> None:
    person, stall = car("t3", 20, label="person"), Observation("s1", STATIONARY, 0.5, (50, 60, 80, 90))
    assert run(ZoneWatch(zone(Rule.vending), 200, 100), [[person] for _ in range(30)]) == []
    [offence] = run(ZoneWatch(zone(Rule.vending), 200, 100), [[person, stall] for _ in range(30)])
    assert offence.kind == "无照游商" and offence.subjects == ["object", "person"]
    [shop] = run(ZoneWatch(zone(Rule.shopfront), 200, 100), [[stall] for _ in range(30)])
    assert shop.kind == "出店经营"


def test_point_in_polygon() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert inside((5, 5), square) and not inside((11, 5), square) and inside((0, 5), square)


def test_bad_camera_yaml_is_a_chinese_error() -> None:
    with pytest.raises(CameraConfigError, match="0–1"):
        parse_camera(
            {
                "id": "c",
                "location": "x",
                "zones": [
                    {"id": "z", "name": "n", "rule": "no_parking", "polygon": [[0, 0], [2, 0], [1, 1]]}
                ],
            }
        )
    with pytest.raises(CameraConfigError, match="HH:MM-HH:MM"):
        parse_camera(
            {
                "id": "c",
                "location": "x",
                "zones": [
                    {"id": "z", "name": "n", "rule": "vending", "polygon": KERB, "schedule": ["7点到22点"]}
                ],
            }
        )
    with pytest.raises(CameraConfigError, match="rule"):
        parse_camera(
            {
                "id": "c",
                "location": "x",
                "zones": [{"id": "z", "name": "n", "rule": "speeding", "polygon": KERB}],
            }
        )


def test_goods_count_from_when_they_appeared_vending_from_when_both_are_there() -> None:
    stall = Observation("s1", STATIONARY, 0.5, (50, 60, 80, 90), since=0.0)
    person = car("t3", 20, label="person")
    frames: list[list[Observation]] = (
        [[] for _ in range(5)] + [[stall] for _ in range(5)] + [[stall, person]] * 15
    )
    [shop] = run(ZoneWatch(zone(Rule.shopfront), 200, 100), frames)
    assert shop.start_t == 0  # the board was out from 0 s (confirmed stationary at 5 s)
    [vending] = run(ZoneWatch(zone(Rule.vending), 200, 100), frames)
    assert vending.start_t == 10  # the seller arrived at 10 s


def test_a_stream_gets_each_offence_once_when_no_returning_track_can_continue_it() -> None:
    watch = ZoneWatch(zone(), 200, 100)
    frames = [[car("t1", 20)] for _ in range(15)] + [[] for _ in range(30)]  # stands 15 s, leaves
    handed: list[tuple[float, list]] = []
    for i, obs in enumerate(frames):
        watch.step(float(i), MORNING + timedelta(seconds=i), FRAME, obs)
        if found := watch.settled(float(i)):
            handed.append((float(i), found))
    [(when, [offence])] = handed
    assert offence.start_t == 0 and offence.end_t == 14
    assert 14 + 3 < when <= 14 + 3 + 12 + 1  # ended (3 s unseen), then settled 12 s later
    assert watch.finish() == []  # handed out once
    # a car back on the spot within the settling time still continues the one offence (not yet handed out)
    back = ZoneWatch(zone(), 200, 100)
    frames = (
        [[car("t1", 20)] for _ in range(15)] + [[] for _ in range(6)] + [[car("t9", 21)] for _ in range(5)]
    )
    for i, obs in enumerate(frames):
        back.step(float(i), MORNING + timedelta(seconds=i), FRAME, obs)
        assert back.settled(float(i)) == []
    [offence] = back.finish()
    assert offence.end_t == 25 and offence.track_keys == ["t1", "t9"]
