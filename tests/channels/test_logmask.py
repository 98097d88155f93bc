"""No password, token, ID number or mobile number in a log line, whichever logger writes it (caplog)."""

from __future__ import annotations

import logging

import pytest
from uvicorn.logging import AccessFormatter

from case_api.masking import mask_secrets
from case_api.users import security
from channels import logmask
from core.settings import Settings

ID_NUMBER = "500101199001011234"
MOBILE = "13912345678"
PASSWORD = "hunter2-secret"


@pytest.fixture(autouse=True)
def _masking() -> None:
    logmask.install()


def _token() -> str:
    settings = Settings(_env_file=None, environment="test", secret_key="k" * 40)
    return security.create_access_token(settings, user_id=1, role="admin")


def _clean(text: str, *secrets: str) -> None:
    for secret in (ID_NUMBER, MOBILE, PASSWORD, *secrets):
        assert secret not in text, (secret, text)


def test_messages_and_arguments_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    token = _token()
    log = logging.getLogger("zhifa.test")
    with caplog.at_level(logging.INFO):
        log.info("login username=officer password=%s", PASSWORD)
        log.info("request headers %s", {"authorization": f"Bearer {token}", "x": 1})
        log.warning("party %s phone %s", ID_NUMBER, MOBILE)
        log.info('body {"username": "a", "password": "' + PASSWORD + '"}')
        log.info("token in text: %s", token)
        log.info("count %d amount %.2f", 3, 1.5)  # numbers keep their formats
        log.info("%(who)s called %(phone)s", {"who": "张三", "phone": MOBILE})
    text = caplog.text
    _clean(text, token)
    assert "password=***" in text and "Bearer ***" in text
    assert "5001**********1234" in text and "139****5678" in text
    assert "count 3 amount 1.50" in text and "张三 called 139****5678" in text


def test_tracebacks_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("zhifa.test")
    with caplog.at_level(logging.ERROR):
        try:
            raise ValueError(f"INSERT failed: parameters ('{ID_NUMBER}', '{MOBILE}', password={PASSWORD})")
        except ValueError:
            log.exception("database error")
    _clean(caplog.text)
    assert "ValueError: INSERT failed" in caplog.text


def test_uvicorn_access_log_query_strings_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    token = _token()
    access = logging.getLogger("uvicorn.access")
    access.addHandler(caplog.handler)  # uvicorn's access logger does not propagate
    try:
        with caplog.at_level(logging.INFO, logger="uvicorn.access"):
            path = (
                f"/api/payments/lookup?phone={MOBILE}&id={ID_NUMBER}&password={PASSWORD}&access_token={token}"
            )
            access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:52100", "GET", path, "1.1", 200)
    finally:
        access.removeHandler(caplog.handler)
    record = caplog.records[-1]
    assert isinstance(record.args, tuple) and len(record.args) == 5  # uvicorn's formatter unpacks them
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False).format(
        record
    )
    _clean(line, token)
    assert (
        line.startswith('127.0.0.1:52100 - "GET /api/payments/lookup?phone=139****5678&id=5001')
        and "200" in line
    )


def test_install_is_idempotent_and_the_cli_installs_it() -> None:
    import channels.cli.main  # noqa: F401 - installs on import

    factory = logging.getLogRecordFactory()
    logmask.install()
    assert logging.getLogRecordFactory() is factory
    record = factory("x", logging.INFO, __file__, 1, "password=%s", (PASSWORD,), None)
    assert record.getMessage() == "password=***"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("GET /x?password=abc&phone=13812345678", "GET /x?password=***&phone=138****5678"),
        ('{"password": "a b\\"c"}', '{"password": "***"}'),
        ("{'hashed_password': '$2b$12$abc'}", "{'hashed_password': '***'}"),
        ("ZHIFA_SECRET_KEY=abc", "ZHIFA_SECRET_KEY=***"),
        ("id 50010119900101123X.", "id 5001**********123X."),
        ("token_type=bearer", "token_type=bearer"),
        ("basic checks passed", "basic checks passed"),
        ("order 1234567890123 total 13812345678901", "order 1234567890123 total 13812345678901"),
        ("第十八条 罚款五十元", "第十八条 罚款五十元"),
    ],
)
def test_mask_secrets(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked
    assert mask_secrets(masked) == masked
