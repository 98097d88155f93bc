"""Engines, sessions and the schema check.

One engine per database URL (cached). SQLite gets ``journal_mode=WAL``, ``foreign_keys=ON`` and a busy timeout on
every connection, so several writers wait for each other instead of failing. Schema changes go through Alembic
(``case_api/migrations``); :func:`check_database` refuses to serve a database that is not at the latest revision.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import Request
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import ORMExecuteState, SessionTransaction
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from core.errors import ConfigError
from core.settings import Settings

T = TypeVar("T")
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# At least the server's worker threads (anyio's default limiter: 40): with a smaller pool, requests holding
# threads wait for connections held by requests waiting for threads, and 64 concurrent clients stall.
POOL_SIZE = 48
POOL_OVERFLOW = 16


def get_engine(url: str) -> Engine:
    """The process-wide engine for ``url`` (created on first use)."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                _ensure_sqlite_dir(url)
                engine = create_engine(
                    url,
                    connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                    pool_size=POOL_SIZE,
                    max_overflow=POOL_OVERFLOW,
                )
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(
                    url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW
                )
            _engines[url] = engine
        return engine


def dispose_engine(url: str) -> None:
    """Close and forget the engine for ``url`` (tests, CLI)."""
    with _engines_lock:
        engines = [_engines.pop(url, None), _readers_engines.pop(url, None)]
    for engine in engines:
        if engine is not None:
            engine.dispose()


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


# --- one SQLite writer at a time, in order -----------------------------------------------------------------
#
# SQLite has one write lock per file. Writers that find it taken sleep and retry (the busy handler: 1, 2, 5 … 100 ms
# naps), so under a burst of writes from many threads some wait seconds while others get in at once. In this
# process a session takes a plain lock before its first write (a flush or a DML statement) and gives it back when
# its transaction ends: writers queue on the lock and go the moment it is free. Other processes (the CLI) still
# meet SQLite's own lock. A wait longer than SQLite's busy timeout goes on without the lock, so a thread holding
# two sessions at once cannot hang on itself; SQLite's lock then decides as before.

_write_locks: dict[str, threading.Lock] = {}
_HOLDS_WRITE_LOCK = "zhifa_sqlite_write_lock"


def _write_lock_for(session: Session) -> threading.Lock | None:
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    url = str(bind.engine.url)
    lock = _write_locks.get(url)
    if lock is None:
        with _engines_lock:
            lock = _write_locks.setdefault(url, threading.Lock())
    return lock


def _take_write_lock(session: Session) -> None:
    if _HOLDS_WRITE_LOCK in session.info:
        return
    lock = _write_lock_for(session)
    if lock is not None:
        session.info[_HOLDS_WRITE_LOCK] = (
            lock if lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000) else None
        )


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    _take_write_lock(session)


@event.listens_for(Session, "do_orm_execute")
def _before_dml(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _take_write_lock(state.session)  # type: ignore[arg-type]


@event.listens_for(Session, "after_transaction_end")
def _after_transaction(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and _HOLDS_WRITE_LOCK in session.info:
        lock = session.info.pop(_HOLDS_WRITE_LOCK)
        if lock is not None:
            lock.release()


def session_for(settings: Settings) -> Session:
    """A new session on the settings' database (``with session_for(s) as session: ...``)."""
    return Session(get_engine(settings.sqlalchemy_url), expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """FastAPI dependency: one session per request on ``app.state.settings``' database.

    Opening a session does no I/O (it connects on first use, in the route's worker thread). Closing one that still
    holds a connection to a database server (a rollback: a round trip) happens in a worker thread too, so the event
    loop never waits on the network; SQLite's rollback is an in-process call and is done in place.
    """
    settings: Settings = request.app.state.settings
    session = session_for(settings)
    try:
        yield session
    finally:
        if session.in_transaction() and not settings.sqlalchemy_url.startswith("sqlite"):
            await run_in_threadpool(session.close)
        else:
            session.close()


# --- reads off the event loop ------------------------------------------------------------------------------

# A few threads for the hot reads (case list and detail, the caller's user row). Their queue is first in, first
# out, and few threads on a busy core hand the GIL to each other far less than the 40 of the shared worker pool:
# that is what keeps the slowest reads close to the median ones.
READ_THREADS = 4
_readers: ThreadPoolExecutor | None = None
_readers_lock = threading.Lock()


def _reader_pool() -> ThreadPoolExecutor:
    global _readers
    with _readers_lock:
        if _readers is None:
            _readers = ThreadPoolExecutor(max_workers=READ_THREADS, thread_name_prefix="zhifa-read")
        return _readers


async def run_read(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a reader thread: blocking database reads from an ``async`` route."""
    return await asyncio.get_running_loop().run_in_executor(_reader_pool(), partial(fn, *args, **kwargs))


_readers_engines: dict[str, Engine] = {}  # per URL: the pool that only the hot reads use


async def read_with_connection(
    settings: Settings, fn: Callable[..., T], /, *args: Any, bounded: bool = False, **kwargs: Any
) -> T:
    """``fn(connection, *args, **kwargs)`` on a pooled connection returned right after: a read-only query.

    ``bounded`` says the read's cost has a small fixed ceiling whatever the data (a row by its key, the first page
    of an index walk): on SQLite such a read runs right here on the event loop. In WAL mode a reader neither waits
    for writers nor holds them up, the database is a file in this process's page cache, and the query costs less
    than the two thread hand-offs a worker thread would (on a busy core those hand-offs, not the query, set the
    latency). Its connections come from a pool of their own that is read-only and never sleeps on a lock: in the
    rare case SQLite says busy all the same, the read is done again in a reader thread, which may wait.

    Every other read — a ``LIKE '%…%'`` search, a filter without a usable index, a large page or offset, and
    every read on a database server (it waits on the network) — goes to a reader thread, on a pool of its own
    (:func:`_reader_engine`), so that it never holds up the other requests on the loop.
    """
    url = settings.sqlalchemy_url
    if bounded and url.startswith("sqlite") and _file_url(url):
        try:
            with _reader_engine(url).connect() as conn:
                return fn(conn, *args, **kwargs)
        except OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise

    def call() -> T:
        if url.startswith("sqlite"):
            with get_engine(url).connect() as conn:
                return fn(conn, *args, **kwargs)
        engine = _reader_engine(url)
        for attempt in (1, 2):
            with engine.connect() as conn:
                try:
                    return fn(conn, *args, **kwargs)
                except Exception as exc:
                    if attempt == 2 or not _lost_connection(engine, conn, exc):
                        raise
                    conn.invalidate()  # a dropped connection (server restart): read again on a new one
        raise AssertionError("unreachable")

    return await run_read(call)


def _lost_connection(engine: Engine, conn: Connection, exc: Exception) -> bool:
    """Whether ``exc`` (from SQLAlchemy, or straight from the driver's cursor) says the connection is gone."""
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated)
    dbapi = engine.dialect.loaded_dbapi
    if not isinstance(exc, dbapi.Error):
        return False
    raw = conn.connection.dbapi_connection
    return bool(engine.dialect.is_disconnect(exc, raw, None)) or bool(getattr(raw, "closed", False))


def _file_url(url: str) -> bool:
    path = url.split("///", 1)[1] if "///" in url else ""
    return bool(path) and path != ":memory:" and "mode=memory" not in url


def _sqlite_reader_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")  # this pool only reads
    cursor.execute("PRAGMA busy_timeout=0")  # busy: say so at once (the caller retries off the event loop)
    cursor.close()


def _reader_engine(url: str) -> Engine:
    """The pool that only the hot reads use, for ``url``.

    SQLite: the event loop's, read-only, never sleeping on a lock (WAL mode and the directory come with the main
    engine). A database server: the reader threads', in autocommit, so no BEGIN before and no ROLLBACK after a read
    (two round trips fewer, the same view: under READ COMMITTED every statement takes its own snapshot), and with
    no ping at checkout (one round trip fewer): a read is idempotent, so one that finds its connection dropped is
    simply done again on a new one.
    """
    engine = _readers_engines.get(url)
    if engine is None:
        sqlite = url.startswith("sqlite")
        if sqlite:
            get_engine(url)
        with _engines_lock:
            engine = _readers_engines.get(url)
            if engine is None:
                if sqlite:
                    engine = create_engine(
                        url,
                        connect_args={"check_same_thread": False, "timeout": 0},
                        pool_size=2,
                        max_overflow=8,
                    )
                    event.listen(engine, "connect", _sqlite_reader_pragmas)
                else:
                    engine = create_engine(
                        url,
                        isolation_level="AUTOCOMMIT",
                        pool_reset_on_return=None,
                        pool_pre_ping=False,
                        pool_size=READ_THREADS,
                        max_overflow=READ_THREADS,
                    )
                _readers_engines[url] = engine
    return engine


# --- migrations ------------------------------------------------------------------------------------------


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["url"] = url
    return cfg


def upgrade(settings: Settings, revision: str = "heads") -> None:
    """Migrate the settings' database to ``revision`` (all branch heads by default)."""
    from alembic import command

    url = settings.sqlalchemy_url
    get_engine(url)  # creates the SQLite directory
    command.upgrade(alembic_config(url), revision)


def script_heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def _as_tuple(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def applied_revisions(current: set[str]) -> set[str]:
    """Every revision implied by the version table: the current ones and all their ancestors and dependencies
    (Alembic keeps only the tips, and drops a branch tip that a newer revision ``depends_on``)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    seen: set[str] = set()
    todo = list(current)
    while todo:
        rev_id = todo.pop()
        if rev_id in seen:
            continue
        seen.add(rev_id)
        rev = script.get_revision(rev_id)
        if rev is not None:
            todo.extend(_as_tuple(rev.down_revision))
            todo.extend(_as_tuple(rev.dependencies))
    return seen


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


@dataclass(frozen=True)
class DatabaseInfo:
    url: str
    dialect: str
    revisions: tuple[str, ...]


def check_database(settings: Settings) -> DatabaseInfo:
    """Connect and make sure the schema is at the latest migration; raise :class:`ConfigError` otherwise."""
    url = settings.sqlalchemy_url
    engine = get_engine(url)
    safe_url = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        raise ConfigError(
            f"无法连接数据库 {safe_url}：{exc.orig}。请检查 ZHIFA_DATABASE_URL 与数据库服务。"
            f" / cannot connect to the database."
        ) from exc
    current = current_revisions(engine)
    heads = script_heads()
    if not heads <= applied_revisions(current):
        raise ConfigError(
            f"数据库结构不是最新（当前 {sorted(current) or '空库'}，应为 {sorted(heads)}）。"
            "请运行 `zhifa db upgrade`（或 `zhifa setup`）迁移数据库。"
            " / the database schema is not migrated: run `zhifa db upgrade`."
        )
    return DatabaseInfo(url=safe_url, dialect=engine.dialect.name, revisions=tuple(sorted(current)))
