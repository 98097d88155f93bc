"""Load benchmark of the case API over loopback, from a second process (this one) against a uvicorn server.

Scenarios at 64 concurrent connections, on SQLite and on PostgreSQL: two bare FastAPI endpoints (the ceilings: no
database, no auth — a ``def`` route, which FastAPI runs in a worker thread, and an ``async def`` route, which it runs on
the event loop), case list, case detail, create case, upload a small evidence file. Uses ``wrk`` (Debian package
wrk) for the GET scenarios when installed, else a bounded httpx asyncio client (bounded in requests and seconds);
writes always go through the httpx client (multipart uploads, unique bodies).

On a machine with two or more cores the server is pinned to core 0 and the client (and the database server,
when it is PostgreSQL on this machine, is left to the scheduler) to the others, so client and server do not steal
each other's time slices: without pinning, the 99th percentile measures the operating system's scheduler more
than the server (a bare endpoint's p99 doubles). ``--no-pin`` turns this off.

    .venv/bin/python bench/load.py [--requests 1500] [--concurrency 64] [--seconds 20] [--db sqlite,postgres]

Loopback only; every database it creates is its own and is removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

SECRET = "bench-secret-key-long-enough-0123456789abcdef"
PG_ADMIN = os.environ.get("ZHIFA_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


@dataclass
class Result:
    database: str
    scenario: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(url: str, data_dir: Path, cases: int) -> tuple[str, list[int]]:
    """Migrate, create an officer (token) and ``cases`` cases to read."""
    from case_api import db
    from case_api.cases import service as cases_service
    from case_api.cases.models import CaseCreate
    from case_api.users import security
    from case_api.users import service as users_service
    from case_api.users.models import Role, UserCreate
    from core.settings import Settings

    settings = Settings(
        _env_file=None,
        environment="test",
        data_dir=data_dir,
        database_url=url,
        secret_key=SECRET,
        load_models_on_start=False,
    )
    db.upgrade(settings)
    with db.session_for(settings) as session:
        officer = users_service.create(
            session,
            data=UserCreate(
                username="bench",
                password="bench-password",
                full_name="李建国",
                role=Role.officer,
                badge_no="50018888",
            ),
        )
        ids = []
        for i in range(cases):
            case = cases_service.create(
                session, data=CaseCreate(title=f"占道经营 #{i}", location="五桥街道"), actor=officer
            )
            ids.append(case.id or 0)
        session.commit()
        token = security.create_access_token(settings, user_id=officer.id or 0, role=Role.officer)
    db.dispose_engine(url)
    return token, ids


SERVER_CPUS: set[int] | None = None
CLIENT_CPUS: set[int] | None = None


def plan_cpus(pin: bool) -> None:
    """Server on the first allowed core, client on the rest (when there are at least two)."""
    global SERVER_CPUS, CLIENT_CPUS
    cpus = sorted(os.sched_getaffinity(0))
    if pin and len(cpus) >= 2:
        SERVER_CPUS, CLIENT_CPUS = {cpus[0]}, set(cpus[1:])


def _pin(cpus: set[int] | None) -> Callable[[], None] | None:
    return (lambda: os.sched_setaffinity(0, cpus)) if cpus else None


def start_server(
    url: str, data_dir: Path, port: int, pool: int, log: Path | None = None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **({"ZHIFA_BENCH_POOL_SIZE": str(pool)} if pool else {}),
        "ZHIFA_DATABASE_URL": url,
        "ZHIFA_DATA_DIR": str(data_dir),
        "ZHIFA_SECRET_KEY": SECRET,
        "ZHIFA_ENVIRONMENT": "test",
        "ZHIFA_LOAD_MODELS_ON_START": "false",
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "serve.py"), str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab") if log else subprocess.DEVNULL,
        preexec_fn=_pin(SERVER_CPUS),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/bench/bare", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


async def drive(
    base: str, headers: dict[str, str], request: Request, *, total: int, concurrency: int, seconds: float
) -> tuple[list[float], Counter[str], float]:
    """Latencies, errors by kind (``HTTP 503 service_unavailable``, ``ReadError`` …) and the elapsed time."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    issued = 0
    # one client with one connection per worker, as wrk keeps one per connection: a shared httpx pool lets
    # queued requests wait behind idle connections until those expire (httpcore), which showed up as 5-s p99s
    # and, racing the server's keep-alive timeout, as ReadErrors
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [
        httpx.AsyncClient(base_url=base, headers=headers, limits=one, timeout=30) for _ in range(concurrency)
    ]
    t0 = time.perf_counter()
    stop_at = t0 + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal issued
        async with client:
            while issued < total and time.perf_counter() < stop_at:
                n = issued
                issued += 1
                s = time.perf_counter()
                try:
                    r = await request(client, n)
                    if r.status_code >= 400:
                        errors[f"HTTP {r.status_code} {_code(r)}"] += 1
                except httpx.HTTPError as e:
                    errors[type(e).__name__] += 1
                latencies.append(time.perf_counter() - s)

    await asyncio.gather(*(worker(client) for client in clients))
    elapsed = time.perf_counter() - t0
    return latencies, errors, elapsed


def _code(r: httpx.Response) -> str:
    try:
        return str(r.json().get("code", ""))
    except ValueError:
        return ""


def small_jpeg() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 140, 160)).save(buf, format="JPEG")
    return buf.getvalue()


def scenarios(case_ids: list[int]) -> dict[str, Request]:
    rng = random.Random(7)
    photo = small_jpeg()

    async def bare(c: httpx.AsyncClient, n: int) -> httpx.Response:
        return await c.get("/bench/bare")

    async def case_list(c: httpx.AsyncClient, n: int) -> httpx.Response:
        return await c.get("/api/cases", params={"limit": 20})

    async def case_detail(c: httpx.AsyncClient, n: int) -> httpx.Response:
        return await c.get(f"/api/cases/{rng.choice(case_ids)}")

    async def create_case(c: httpx.AsyncClient, n: int) -> httpx.Response:
        return await c.post("/api/cases", json={"title": f"出店经营 bench {n}", "location": "高笋塘"})

    async def upload(c: httpx.AsyncClient, n: int) -> httpx.Response:
        content = photo + f"bench {n}".encode()  # a real small JPEG, made unique by trailing bytes
        files = {"file": (f"photo-{n}.jpg", content, "image/jpeg")}
        return await c.post(
            f"/api/cases/{rng.choice(case_ids)}/evidence", files=files, data={"kind": "photo"}
        )

    async def bare_async(c: httpx.AsyncClient, n: int) -> httpx.Response:
        return await c.get("/bench/bare-async")

    return {
        "bare (ceiling)": bare,
        "bare async (ceiling)": bare_async,
        "case list": case_list,
        "case detail": case_detail,
        "create case": create_case,
        "upload evidence": upload,
    }


WRK = shutil.which("wrk")
READS = {"bare (ceiling)", "bare async (ceiling)", "case list", "case detail"}


def run_wrk(name: str, label: str, base: str, token: str, ids: list[int], args: argparse.Namespace) -> Result:
    """A GET scenario with wrk (C, one event-loop thread per client core): the client is not the bottleneck."""
    paths = {
        "bare (ceiling)": "/bench/bare",
        "bare async (ceiling)": "/bench/bare-async",
        "case list": "/api/cases?limit=20",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(  # wrk's --latency table has no 95th percentile: print the ones we report (microseconds)
            "done = function(summary, latency, requests)\n"
            "  for _, p in ipairs({50, 95, 99}) do io.write(string.format('zhifa-p%d %d\\n', p, latency:percentile(p))) end\n"
            "end\n"
        )
        if label == "case detail":
            lua.write(
                "local ids = {" + ",".join(map(str, ids)) + "}\n"
                "request = function() return wrk.format(nil, '/api/cases/' .. ids[math.random(#ids)]) end\n"
            )
        else:
            lua.write(f"request = function() return wrk.format(nil, '{paths[label]}') end\n")
    threads = len(CLIENT_CPUS) if CLIENT_CPUS else 2
    cmd = [str(WRK), f"-t{threads}", f"-c{args.concurrency}", f"-d{int(args.seconds)}s", "--latency", "-s", lua.name,
           "-H", f"Authorization: Bearer {token}", base]  # fmt: skip
    out = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=args.seconds + 30,
        check=True,
        preexec_fn=_pin(CLIENT_CPUS),
    ).stdout
    Path(lua.name).unlink()
    lat = {p: int(us) / 1000 for p, us in re.findall(r"^zhifa-p(\d+) (\d+)$", out, re.M)}
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if not (done and rps and {"50", "95", "99"} <= lat.keys()):
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, errs.groups())) if errs else 0)
    return Result(name, label + " [wrk]", int(done.group(1)), errors, float(args.seconds), float(rps.group(1)),
                  round(lat["50"], 2), round(lat["95"], 2), round(lat["99"], 2))  # fmt: skip


def profile(pid: int, args: argparse.Namespace, name: str) -> subprocess.Popen[bytes]:
    """py-spy sampling the server (every thread, idle ones too) for the scenario's time, into a speedscope file
    under ``--py-spy``. Non-blocking: the server is not paused, so the figures stay close to an unprofiled run."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    args.py_spy.mkdir(parents=True, exist_ok=True)
    out = args.py_spy / (re.sub(r"[^\w.-]+", "-", name).strip("-") + ".speedscope.json")
    cmd = [py_spy, "record", "--pid", str(pid), "--duration", str(max(1, int(args.seconds))), "--rate", "200",
           "--format", "speedscope", "--output", str(out), "--threads", "--idle", "--nonblocking"]  # fmt: skip
    return subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_pin(CLIENT_CPUS)
    )


def finish(profiler: subprocess.Popen[bytes] | None) -> None:
    if profiler is not None:
        profiler.wait(60)


def run_database(name: str, url: str, data_dir: Path, args: argparse.Namespace) -> list[Result]:
    token, ids = prepare(url, data_dir, cases=200)
    port = free_port()
    server = start_server(url, data_dir, port, args.pool, args.server_log)
    results = []
    try:
        for label, request in scenarios(ids).items():
            if args.only and label not in args.only and not label.endswith("(ceiling)"):
                continue  # the ceilings always run: the verdict is relative to them
            profiler = profile(server.pid, args, f"{name}-{label}") if args.py_spy else None
            if WRK and label in READS and not args.no_wrk:
                results.append(run_wrk(name, label, f"http://127.0.0.1:{port}", token, ids, args))
                r = results[-1]
                print(
                    f"  {name:9} {r.scenario:27} {r.rps:8.1f} req/s  p50 {r.p50_ms:7.1f} ms  "
                    f"p95 {r.p95_ms:7.1f} ms  p99 {r.p99_ms:7.1f} ms  ({r.requests} requests, {r.errors} errors)",
                    flush=True,
                )
                finish(profiler)
                continue
            lat, error_kinds, elapsed = asyncio.run(
                drive(
                    f"http://127.0.0.1:{port}",
                    {"Authorization": f"Bearer {token}"},
                    request,
                    total=args.requests,
                    concurrency=args.concurrency,
                    seconds=args.seconds,
                )
            )
            q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0.0] * 99
            errors = sum(error_kinds.values())
            results.append(
                Result(
                    name,
                    label,
                    len(lat),
                    errors,
                    round(elapsed, 2),
                    round(len(lat) / elapsed, 1),
                    round(q[49] * 1000, 1),
                    round(q[94] * 1000, 1),
                    round(q[98] * 1000, 1),
                )
            )
            print(
                f"  {name:9} {label:27} {results[-1].rps:8.1f} req/s  p50 {results[-1].p50_ms:7.1f} ms  "
                f"p95 {results[-1].p95_ms:7.1f} ms  p99 {results[-1].p99_ms:7.1f} ms  ({len(lat)} requests, {errors} errors)"
                + (f": {dict(error_kinds)}" if errors else ""),
                flush=True,
            )
            finish(profiler)
    finally:
        server.terminate()
        server.wait(10)
    return results


def verdict(results: list[Result]) -> str:
    """Reads against each ceiling of the same run; the target is ≥ 50 % of the ceiling with p99 ≤ 100 ms."""
    lines = ["target: reads ≥ 50 % of the ceiling, p99 ≤ 100 ms"]
    for db_name in dict.fromkeys(r.database for r in results):
        got = {r.scenario.removesuffix(" [wrk]"): r for r in results if r.database == db_name}
        for read in ("case list", "case detail"):
            r = got.get(read)
            if r is None:
                continue
            parts = []
            for ceiling in ("bare (ceiling)", "bare async (ceiling)"):
                c = got.get(ceiling)
                if c and c.rps:
                    share = r.rps / c.rps
                    ok = "met" if share >= 0.5 and r.p99_ms <= 100 else "not met"
                    parts.append(f"{share:5.0%} of {ceiling.split(' (')[0]} ({ok})")
            lines.append(f"  {db_name:9} {read:12} p99 {r.p99_ms:6.1f} ms: " + "; ".join(parts))
    return "\n".join(lines)


def postgres_url() -> tuple[str, Callable[[], None]]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"zhifa_bench_{os.getpid()}"
    admin = create_engine(make_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1500, help="requests per scenario (bound)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20, help="time bound per scenario")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument(
        "--pool",
        type=int,
        default=0,
        help="database pool size for the server (0: as case_api.db ships it)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument(
        "--no-wrk", action="store_true", help="drive reads with the httpx client even if wrk exists"
    )
    parser.add_argument("--no-pin", action="store_true", help="leave server and client to the scheduler")
    parser.add_argument(
        "--server-log", type=Path, default=None, help="append the server's stderr to this file"
    )
    parser.add_argument(
        "--py-spy",
        type=Path,
        default=None,
        metavar="DIR",
        help="profile the server with py-spy during each scenario (dev extra), a speedscope file each in DIR",
    )
    parser.add_argument(
        "--only",
        type=lambda v: set(v.split(",")),
        default=None,
        help="scenarios to run besides the ceilings, comma-separated (e.g. 'case list,create case')",
    )
    args = parser.parse_args(argv)
    plan_cpus(not args.no_pin)
    if CLIENT_CPUS:
        os.sched_setaffinity(0, CLIENT_CPUS)
    print(
        f"load: {args.concurrency} connections, ≤{args.requests} requests or ≤{args.seconds:.0f} s per scenario, "
        f"client: {'wrk for reads, ' if WRK and not args.no_wrk else ''}httpx asyncio for writes, server: uvicorn (one process), {os.cpu_count()} cores"
        + (
            f", server on core {sorted(SERVER_CPUS)}, client on {sorted(CLIENT_CPUS or [])}"
            if SERVER_CPUS
            else ""
        )
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="zhifa-bench-") as tmp:
        for name in args.db.split(","):
            data_dir = Path(tmp) / name
            if name == "sqlite":
                results += run_database(name, f"sqlite:///{data_dir / 'bench.db'}", data_dir, args)
            elif name == "postgres":
                url, drop = postgres_url()
                try:
                    results += run_database(name, url, data_dir, args)
                finally:
                    drop()
    print(verdict(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
