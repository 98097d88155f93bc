"""Property-based fuzzing of the **whole** server as ``channels.server.create_app`` builds it (schemathesis,
in-process ASGI): case_api, the knowledge base and the chat, under every identity. No request may get a 5xx.

The app runs on a SQLite database seeded with the demo district and the session's real knowledge index
(``kb_settings``); requests carry an admin's, an officer's, a legal officer's, a commander's or a citizen's token,
or none. The embedder and the knowledge component are loaded first, as the server does at start-up. The LLM
is configured away (a GGUF path with no file; the other models are the session's): a legal question then gets the quoted
provisions with a notice that the model's conclusion is missing, while offence advice, searches and citations
run for real. Hypothesis is
derandomized: the same requests on every run.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck
from sqlmodel import select

from case_api import db
from case_api.demo.seed import seed
from case_api.sqltypes import utcnow
from case_api.users import security
from case_api.users.models import Role, User
from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings

pytestmark = pytest.mark.models  # the real embedder and knowledge index

EXAMPLES_PER_OPERATION = 24
MIN_REQUESTS = 1500
REQUEST_TIMEOUT_S = 30  # generous: two cores shared with other work; a hung request still fails
IDENTITIES = ("admin", "officer", "legal", "commander", "citizen", None)


@pytest.fixture
def whole_app(
    components: Components, kb_settings: Settings, tmp_path: Path
) -> tuple[FastAPI, list[dict[str, str]]]:
    settings = kb_settings.model_copy(
        update={
            "database_url": f"sqlite:///{tmp_path / 'fuzz.db'}",
            "secret_key": "fuzz-secret-key-long-enough-0123456789abcdef",
            "load_models_on_start": False,
            # no language model: a GGUF path with no file (its own LLM component; the session's other models)
            "llm": kb_settings.llm.model_copy(
                update={"model_path": tmp_path / "no-model.gguf", "required": False}
            ),
        }
    )
    db.upgrade(settings)
    with db.session_for(settings) as session:
        seed(session, settings=settings, now=utcnow())
        session.commit()
        by_name = {u.username: u for u in session.exec(select(User))}
        identities = [
            {
                "Authorization": "Bearer "
                + security.create_access_token(
                    settings, user_id=by_name[name].id or 0, role=Role(by_name[name].role)
                )
            }
            if name
            else {}
            for name in IDENTITIES
        ]
    runtime = build_runtime(settings, models=components)
    for name in ("embedder", "knowledge"):  # what the server loads at start-up (searcher, offence matcher)
        runtime.get(name)
    return create_app(settings, runtime=runtime), identities


def _by_design(path: str, response: object) -> bool:
    """The two 503s that are answers, not errors: not ready yet (/readyz), and a legal question with no model."""
    if getattr(response, "status_code", None) != 503:
        return False
    body = response.json()  # type: ignore[attr-defined]
    if path == "/readyz":
        return body.get("ready") is False
    return path == "/api/chat" and body.get("code") == "model_unavailable"


def test_no_5xx_anywhere_in_the_whole_app(whole_app: tuple[FastAPI, list[dict[str, str]]]) -> None:
    app, identities = whole_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    statuses: Counter[int] = Counter()
    per_route: Counter[str] = Counter()
    designed: Counter[str] = Counter()  # 503s that are answers (see _by_design)
    failures: list[str] = []

    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[hypothesis.Phase.generate],
        )
        @hypothesis.given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            headers = identities[statuses.total() % len(identities)]
            per_route[f"{case.method} {case.path}"] += 1
            try:
                response = case.call(headers=headers, timeout=REQUEST_TIMEOUT_S)
            except Exception as exc:  # an unhandled server error: what a client would see as a 500
                statuses[500] += 1
                failures.append(
                    f"{case.method} {case.formatted_path} → {type(exc).__name__}: {str(exc)[:160]}"
                )
                return
            statuses[response.status_code] += 1
            if response.status_code >= 500 and _by_design(case.path, response):
                designed[f"{case.method} {case.path} {response.status_code}"] += 1
            elif response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
                )

        check()

    total = statuses.total()
    print(
        f"\nwhole-app fuzz: {total} requests over {len(per_route)} operations; statuses {dict(sorted(statuses.items()))}; "
        f"503 by design: {dict(designed)}"
    )
    assert {"POST /api/chat", "GET /api/kb/search", "POST /api/kb/verify", "POST /api/auth/token"} <= set(
        per_route
    )
    assert total >= MIN_REQUESTS
    assert failures == [], "\n".join(failures[:20])
