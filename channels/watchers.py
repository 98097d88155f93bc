"""The server's own supervision loop: the 考勤/脱岗 evaluator every ``duty_watch_seconds`` and the 预警 rule at start
and every ``warnings_watch_hours`` — what `zhifa duty watch` and `zhifa warnings evaluate` do, without a second
process.

One daemon thread per server process. A failed tick is logged and the next one runs as planned: the loop never takes
the server down. With several workers on one machine, only the one holding ``<data_dir>/supervision.lock`` (an
advisory ``flock``, released when its process ends) ticks; the others try again each interval and take over when the
holder dies. Workers on different machines may both tick: the evaluator stores each alert once per (shift, kind,
start) and each attendance record once per (shift, kind), and a warning once per (grid, offence, week), all under
unique constraints, so a second evaluator adds nothing.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from core.settings import Settings

if TYPE_CHECKING:
    from case_api.db import Database

log = logging.getLogger("zhifa.watch")


@dataclass
class Supervision:
    """The loop on ``settings``' intervals, writing to ``database`` (the server's, from its components)."""

    settings: Settings
    database: Database
    thread: threading.Thread | None = None
    ticks: int = 0
    failures: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock_file: IO[bytes] | None = None
    _next_warnings: float = 0.0
    _unlocked_warned: bool = False

    @property
    def enabled(self) -> bool:
        return self.settings.duty_watch_seconds > 0 or self.settings.warnings_watch_hours > 0

    def start(self) -> None:
        if not self.enabled or self.thread is not None:
            return
        self._stop.clear()
        self.thread = threading.Thread(target=self._run, name="zhifa-supervision", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout=timeout)
            self.thread = None
        if self._lock_file is not None:
            self._lock_file.close()  # releases the flock
            self._lock_file = None

    # ------------------------------------------------------------------------------------------------------------
    def _interval(self) -> float:
        duty = self.settings.duty_watch_seconds
        hours = self.settings.warnings_watch_hours
        return float(duty) if duty > 0 else min(3600.0, hours * 3600.0)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                if self._leader():
                    self.tick()
            except Exception:  # never the server's end: log, and the next tick runs as planned
                self.failures += 1
                log.exception("督查评估出错（下次照常评估） / supervision tick failed")
            self._stop.wait(max(0.0, self._interval() - (time.monotonic() - started)))

    def _leader(self) -> bool:
        if self._lock_file is not None:
            return True
        path = self.settings.data_path / "supervision.lock"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "ab")  # noqa: SIM115 — held open for as long as this process leads
        except OSError as exc:  # no lock file to be had: tick anyway (the stores' unique keys still hold)
            if not self._unlocked_warned:
                log.warning("无法创建 %s（%s），本进程不加锁直接评估", path, exc)
                self._unlocked_warned = True
            return True
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._lock_file = handle
        log.info("本进程负责勤务督查评估（pid %s） / this worker runs the supervision loop", os.getpid())
        return True

    def tick(self) -> None:
        """One round: the duty evaluator (when on), then the warnings rule when it is due. A failure of one does not
        skip the other; the first failure is raised after both ran."""
        failed: Exception | None = None
        if self.settings.duty_watch_seconds > 0:
            try:
                self._duty()
            except Exception as exc:
                failed = exc
        hours = self.settings.warnings_watch_hours
        if hours > 0 and time.monotonic() >= self._next_warnings:
            try:
                self._warnings()
                self._next_warnings = time.monotonic() + hours * 3600
            except Exception as exc:
                self._next_warnings = time.monotonic() + min(hours * 3600, 600)  # try again in 10 minutes
                failed = failed or exc
        self.ticks += 1
        if failed is not None:
            raise failed

    def _duty(self) -> None:
        from case_api.duty import service, watch

        n = self.settings.offduty_alert_minutes
        with self.database.session() as session:
            result = service.tick(session, params=watch.Params(silent_minutes=n, outside_minutes=n))
            session.commit()
        for a in result.raised:
            log.info(
                "预警 %s %s 自 %s", a.officer_name, a.kind_label, a.started_at.isoformat(timespec="minutes")
            )
        for r in result.attendance:
            log.info("考勤 %s %s %g 分钟", r.officer_name, r.kind_label, r.minutes)

    def _warnings(self) -> None:
        from case_api.cases.deadlines import local_date
        from case_api.sqltypes import utcnow
        from case_api.warnings import service

        week = local_date(utcnow(), self.settings.timezone)
        with self.database.session() as session:
            result = service.evaluate(session, settings=self.settings, week=week, actor_id=None)
            session.commit()
        for w in result.created:
            log.info("预警 %s", w.message)
