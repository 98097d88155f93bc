"""Property-based fuzzing of the case_api OpenAPI schema (schemathesis, in-process ASGI): no request may get a 5xx.

The app runs on a SQLite database seeded with the demo district, and requests carry an admin's token or an
officer's token (and none, for the public routes), so generated data reaches the services, not only auth.
Hypothesis is derandomized: the same requests on every run. At least 1,000 requests in total.
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
from case_api.api import mount
from case_api.demo.seed import seed
from case_api.sqltypes import utcnow
from case_api.users import security
from case_api.users.models import Role, User
from core.settings import Settings

EXAMPLES_PER_OPERATION = 24
MIN_REQUESTS = 1000


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[FastAPI, dict[str, dict[str, str]]]:
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    settings = Settings(
        _env_file=None,
        environment="test",
        data_dir=tmp_path,
        database_url=url,  # type: ignore[call-arg]
        secret_key="fuzz-secret-key-long-enough-0123456789abcdef",
        load_models_on_start=False,
    )
    db.upgrade(settings)
    with db.session_for(settings) as session:
        seed(session, settings=settings, now=utcnow())
        session.commit()
        tokens = {
            name: {"Authorization": "Bearer " + security.create_access_token(
                settings, user_id=user.id or 0, role=Role(user.role))}
            for name, user in ((u.username, u) for u in session.exec(select(User)))
            if name in ("admin", "officer", "legal")
        }  # fmt: skip
    app = FastAPI()
    mount(app, settings)
    return app, tokens


def test_no_5xx_over_the_openapi_schema(seeded: tuple[FastAPI, dict[str, dict[str, str]]]) -> None:
    app, tokens = seeded
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    identities = [tokens["admin"], tokens["officer"], tokens["legal"], {}]

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
            try:
                response = case.call(headers=headers)
            except Exception as exc:  # an unhandled server error: what a client would see as a 500
                statuses[500] += 1
                failures.append(
                    f"{case.method} {case.formatted_path} → {type(exc).__name__}: {str(exc)[:160]}"
                )
                return
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
                )

        check()

    total = statuses.total()
    print(f"\nfuzz: {total} requests over the schema; statuses {dict(sorted(statuses.items()))}")
    assert total >= MIN_REQUESTS
    assert failures == [], "\n".join(failures[:20])
