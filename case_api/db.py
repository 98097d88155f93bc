"""The process's databases: one :class:`Database` per URL, owning everything that talks to it.

A :class:`Database` owns the engine (SQLite gets ``journal_mode=WAL``, ``foreign_keys=ON`` and a busy timeout on every
connection, so several writers wait for each other instead of failing), the sessionmaker with its own write-lock
listeners, the SQLite writer lock, the hot reads' engine and reader threads, the case reads' compiled statements and
memo of encoded records, and the snapshots of callers' rows with the reads of them in flight. :meth:`Database.close`
lets go of its connections and threads.

The server's components container (``channels.components.Components.database``), ``case_api.api.mount`` and the CLI
reach the one :class:`Database` of a URL through :func:`database_for`: every session of this process on a SQLite file
queues on the same writer lock, and a change to a user drops the snapshot the server's requests read. Schema changes
go through Alembic (``case_api/migrations``); :func:`check_database` refuses to serve a database that is not at the
latest revision.
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
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, sessionmaker
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from core.errors import ConfigError
from core.settings import Settings

T = TypeVar("T")
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000

# At least the server's worker threads (anyio's default limiter: 40): with a smaller pool, requests holding
# threads wait for connections held by requests waiting for threads, and 64 concurrent clients stall.
POOL_SIZE = 48
POOL_OVERFLOW = 16

# A few threads for the hot reads (case list and detail, the caller's user row). Their queue is first in, first
# out, and few threads on a busy core hand the GIL to each other far less than the 40 of the shared worker pool:
# that is what keeps the slowest reads close to the median ones.
READ_THREADS = 4
MEMO_LIMIT = 20_000  # encoded case records kept per database (about 1 KB each); past it the memo starts again
_DATABASE = "zhifa_database"  # Session.info key: the Database a session came from
_HOLDS_WRITE_LOCK = "zhifa_sqlite_write_lock"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_reader_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")  # this pool only reads
    cursor.execute("PRAGMA busy_timeout=0")  # busy: say so at once (the caller retries off the event loop)
    cursor.close()


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _file_url(url: str) -> bool:
    path = url.split("///", 1)[1] if "///" in url else ""
    return bool(path) and path != ":memory:" and "mode=memory" not in url


class Memo:
    """Values by key for one generation (for the case reads: the day, time zone and calendar); another generation,
    or more than ``limit`` entries, starts afresh."""

    def __init__(self, limit: int = MEMO_LIMIT) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._generation: tuple[Any, ...] | None = None
        self._values: dict[Any, Any] = {}

    def values(self, generation: tuple[Any, ...]) -> dict[Any, Any]:
        with self._lock:
            if generation != self._generation or len(self._values) > self._limit:
                # a reader still holding the old dict may add to it: harmless, nobody reads it any more
                self._generation, self._values = generation, {}
            return self._values

    def clear(self) -> None:
        with self._lock:
            self._generation, self._values = None, {}


class Database:
    """One database and everything of this process that talks to it (see the module's docstring).

    ``with database.session() as session: ...`` — a session whose first write takes the SQLite writer lock;
    ``await database.read(fn, ...)`` — a read-only ``fn(connection, ...)`` from an ``async`` route.
    """

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE, max_overflow: int = POOL_OVERFLOW) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            _ensure_sqlite_dir(url)
            self.engine = create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                pool_size=pool_size,
                max_overflow=max_overflow,
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(
                url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow
            )
        self.sessions = sessionmaker(
            self.engine, class_=Session, expire_on_commit=False, info={_DATABASE: self}
        )
        # one SQLite writer at a time in this process (see _take_write_lock); a database server needs none
        self.write_lock: threading.Lock | None = threading.Lock() if self.sqlite else None
        if self.write_lock is not None:
            event.listen(self.sessions, "before_flush", _before_flush)
            event.listen(self.sessions, "do_orm_execute", _before_dml)
            event.listen(self.sessions, "after_transaction_end", _after_transaction)
        # the case reads' (case_api.cases.reads): statements as the driver takes them, and encoded records
        self.compiled: dict[Any, Any] = {}
        self.memo = Memo()
        # the callers' rows (case_api.users.principals): snapshots by user id, and the reads of them in flight
        self.user_snapshots: dict[int, tuple[float, Any]] = {}
        self.user_reads: dict[int, asyncio.Task[Any]] = {}
        self._lock = threading.Lock()
        self._readers: ThreadPoolExecutor | None = None
        self._reader_engine: Engine | None = None

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string(hide_password=True)!r})"

    @staticmethod
    def of(session: Session) -> Database | None:
        """The database ``session`` came from (``None`` for a session made some other way)."""
        found = session.info.get(_DATABASE)
        return found if isinstance(found, Database) else None

    def session(self) -> Session:
        """A new session (``with database.session() as session: ...``)."""
        return self.sessions()

    def close(self) -> None:
        """Let go of every connection and the reader threads (the server's shutdown, tests, the CLI). The database
        stays usable: a later session or read connects and starts threads again."""
        with self._lock:
            readers, self._readers = self._readers, None
            reader_engine, self._reader_engine = self._reader_engine, None
        if readers is not None:
            readers.shutdown(wait=True)
        for engine in (self.engine, reader_engine):
            if engine is not None:
                engine.dispose()
        self.memo.clear()
        self.user_snapshots.clear()

    # --- reads off the event loop ----------------------------------------------------------------------------

    def reader_pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._readers is None:
                self._readers = ThreadPoolExecutor(max_workers=READ_THREADS, thread_name_prefix="zhifa-read")
            return self._readers

    async def run_read(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a reader thread: blocking database reads from an ``async`` route."""
        return await asyncio.get_running_loop().run_in_executor(
            self.reader_pool(), partial(fn, *args, **kwargs)
        )

    async def read(self, fn: Callable[..., T], /, *args: Any, bounded: bool = False, **kwargs: Any) -> T:
        """``fn(connection, *args, **kwargs)`` on a pooled connection returned right after: a read-only query.

        ``bounded`` says the read's cost has a small fixed ceiling whatever the data (a row by its key, the first
        page of an index walk): on SQLite such a read runs right here on the event loop. In WAL mode a reader
        neither waits for writers nor holds them up, the database is a file in this process's page cache, and the
        query costs less than the two thread hand-offs a worker thread would (on a busy core those hand-offs, not
        the query, set the latency). Its connections come from a pool of their own that is read-only and never
        sleeps on a lock: in the rare case SQLite says busy all the same, the read is done again in a reader
        thread, which may wait.

        Every other read — a ``LIKE '%…%'`` search, a filter without a usable index, a large page or offset, and
        every read on a database server (it waits on the network) — goes to a reader thread, on a pool of its own
        (:meth:`reader_engine`), so that it never holds up the other requests on the loop.
        """
        if bounded and self.sqlite and _file_url(self.url):
            try:
                with self.reader_engine().connect() as conn:
                    return fn(conn, *args, **kwargs)
            except OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise

        def call() -> T:
            if self.sqlite:
                with self.engine.connect() as conn:
                    return fn(conn, *args, **kwargs)
            engine = self.reader_engine()
            for attempt in (1, 2):
                with engine.connect() as conn:
                    try:
                        return fn(conn, *args, **kwargs)
                    except Exception as exc:
                        if attempt == 2 or not _lost_connection(engine, conn, exc):
                            raise
                        conn.invalidate()  # a dropped connection (server restart): read again on a new one
            raise AssertionError("unreachable")

        return await self.run_read(call)

    def reader_engine(self) -> Engine:
        """The pool that only the hot reads use.

        SQLite: the event loop's, read-only, never sleeping on a lock (WAL mode and the directory come with the
        main engine). A database server: the reader threads', in autocommit, so no BEGIN before and no ROLLBACK
        after a read (two round trips fewer, the same view: under READ COMMITTED every statement takes its own
        snapshot), and with no ping at checkout (one round trip fewer): a read is idempotent, so one that finds
        its connection dropped is simply done again on a new one.
        """
        engine = self._reader_engine
        if engine is not None:
            return engine
        with self._lock:
            if self._reader_engine is None:
                if self.sqlite:
                    self._reader_engine = create_engine(
                        self.url,
                        connect_args={"check_same_thread": False, "timeout": 0},
                        pool_size=2,
                        max_overflow=8,
                    )
                    event.listen(self._reader_engine, "connect", _sqlite_reader_pragmas)
                else:
                    self._reader_engine = create_engine(
                        self.url,
                        isolation_level="AUTOCOMMIT",
                        pool_reset_on_return=None,
                        pool_pre_ping=False,
                        pool_size=READ_THREADS,
                        max_overflow=READ_THREADS,
                    )
            return self._reader_engine


# --- one SQLite writer at a time, in order -----------------------------------------------------------------
#
# SQLite has one write lock per file. Writers that find it taken sleep and retry (the busy handler: 1, 2, 5 … 100 ms
# naps), so under a burst of writes from many threads some wait seconds while others get in at once. In this
# process a session takes its database's writer lock before its first write (a flush or a DML statement) and gives
# it back when its transaction ends: writers queue on the lock and go the moment it is free. Other processes (the
# CLI) still meet SQLite's own lock. A wait longer than SQLite's busy timeout goes on without the lock, so a thread
# holding two sessions at once cannot hang on itself; SQLite's lock then decides as before. The listeners are bound
# to each SQLite database's sessionmaker, not to every Session.


def _write_lock_for(session: Session) -> threading.Lock | None:
    database = Database.of(session)
    return None if database is None else database.write_lock


def _take_write_lock(session: Session) -> None:
    if _HOLDS_WRITE_LOCK in session.info:
        return
    lock = _write_lock_for(session)
    if lock is not None:
        session.info[_HOLDS_WRITE_LOCK] = (
            lock if lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000) else None
        )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    _take_write_lock(session)


def _before_dml(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _take_write_lock(state.session)  # type: ignore[arg-type]


def _after_transaction(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and _HOLDS_WRITE_LOCK in session.info:
        lock = session.info.pop(_HOLDS_WRITE_LOCK)
        if lock is not None:
            lock.release()


def _lost_connection(engine: Engine, conn: Connection, exc: Exception) -> bool:
    """Whether ``exc`` (from SQLAlchemy, or straight from the driver's cursor) says the connection is gone."""
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated)
    dbapi = engine.dialect.loaded_dbapi
    if not isinstance(exc, dbapi.Error):
        return False
    raw = conn.connection.dbapi_connection
    return bool(engine.dialect.is_disconnect(exc, raw, None)) or bool(getattr(raw, "closed", False))


# --- the one Database per URL ------------------------------------------------------------------------------

_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def database_for(url: str, *, pool_size: int = POOL_SIZE, max_overflow: int = POOL_OVERFLOW) -> Database:
    """This process's :class:`Database` for ``url`` (made on first use; the pool sizes count only then)."""
    with _databases_lock:
        database = _databases.get(url)
        if database is None:
            database = _databases[url] = Database(url, pool_size=pool_size, max_overflow=max_overflow)
        return database


def get_engine(url: str) -> Engine:
    """The engine of ``url``'s :class:`Database`."""
    return database_for(url).engine


def dispose_engine(url: str) -> None:
    """Close and forget ``url``'s :class:`Database` (tests, CLI): the next use makes a new one."""
    with _databases_lock:
        database = _databases.pop(url, None)
    if database is not None:
        database.close()


def session_for(settings: Settings) -> Session:
    """A new session on the settings' database (``with session_for(s) as session: ...``)."""
    return database_for(settings.sqlalchemy_url).session()


def request_database(request: Request) -> Database:
    """The app's :class:`Database` (``app.state.database``, set by ``case_api.api.mount`` or the server)."""
    database: Database = request.app.state.database
    return database


async def get_session(request: Request) -> AsyncIterator[Session]:
    """FastAPI dependency: one session per request on the app's :class:`Database`.

    Opening a session does no I/O (it connects on first use, in the route's worker thread). Closing one that still
    holds a connection to a database server (a rollback: a round trip) happens in a worker thread too, so the event
    loop never waits on the network; SQLite's rollback is an in-process call and is done in place.
    """
    database = request_database(request)
    session = database.session()
    try:
        yield session
    finally:
        if session.in_transaction() and not database.sqlite:
            await run_in_threadpool(session.close)
        else:
            session.close()


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


def check_database(target: Settings | Database) -> DatabaseInfo:
    """Connect and make sure the schema is at the latest migration; raise :class:`ConfigError` otherwise."""
    engine = (target if isinstance(target, Database) else database_for(target.sqlalchemy_url)).engine
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
