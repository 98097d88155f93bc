"""Password hashing (bcrypt) and access tokens (JWT, HS256)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import bcrypt
import jwt

from case_api.errors import Unauthenticated
from case_api.sqltypes import utcnow
from core.settings import Settings

ALGORITHM = "HS256"
BCRYPT_ROUNDS = 12  # tests lower this


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8")[:72], bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


def verify_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8")[:72], hashed.encode("ascii"))
    except ValueError:
        return False


def create_access_token(settings: Settings, *, user_id: int, role: str) -> str:
    now = utcnow()
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "role": role,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


# Verified tokens → (user id, expiry): a client sends the same token with every request, so its signature is
# checked once, not per request. Keyed by secret and token; the expiry is still checked on every use.
_VERIFIED: dict[tuple[str, str], tuple[int, float]] = {}
_VERIFIED_MAX = 4096


def decode_access_token(settings: Settings, token: str) -> int:
    """The user id in a valid token; :class:`Unauthenticated` otherwise."""
    key = (settings.secret_key, token)
    hit = _VERIFIED.get(key)
    if hit is not None:
        if time.time() < hit[1]:
            return hit[0]
        _VERIFIED.pop(key, None)
    try:
        claims = jwt.decode(
            token, settings.secret_key, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
        user_id = int(claims["sub"])
        if len(_VERIFIED) >= _VERIFIED_MAX:
            _VERIFIED.clear()
        _VERIFIED[key] = (user_id, float(claims["exp"]))
        return user_id
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("登录已过期，请重新登录。", code="token_expired") from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise Unauthenticated("登录凭证无效，请重新登录。", code="invalid_token") from exc
