"""User model family: UserBase / User (table) / UserCreate / UserUpdate / UserPublic."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import computed_field
from sqlalchemy import String
from sqlmodel import Field, SQLModel

from case_api.masking import mask_id_number, mask_phone
from case_api.sqltypes import UTCDateTime, utcnow


class Role(StrEnum):
    officer = "officer"  # 执法队员
    legal = "legal"  # 法制员
    commander = "commander"  # 指挥员
    admin = "admin"  # 系统管理员
    citizen = "citizen"  # 当事人


ROLE_LABELS: dict[Role, str] = {
    Role.officer: "执法队员",
    Role.legal: "法制员",
    Role.commander: "指挥员",
    Role.admin: "系统管理员",
    Role.citizen: "当事人",
}

STAFF_ROLES = (Role.officer, Role.legal, Role.commander, Role.admin)


class UserBase(SQLModel):
    username: str = Field(min_length=2, max_length=64)
    full_name: str = Field(min_length=1, max_length=64)
    role: Role = Field(sa_type=String(16))
    badge_no: str | None = Field(default=None, max_length=32, description="执法证号 (officers)")
    phone: str | None = Field(default=None, max_length=20)
    id_number: str | None = Field(default=None, max_length=32, description="身份证号 / 统一社会信用代码")


class User(UserBase, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    badge_no: str | None = Field(default=None, max_length=32, unique=True)
    id_number: str | None = Field(default=None, max_length=32, index=True)
    hashed_password: str = Field(max_length=128)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=128)


class UserUpdate(SQLModel):
    full_name: str | None = Field(default=None, min_length=1, max_length=64)
    badge_no: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=20)
    password: str | None = Field(default=None, min_length=8, max_length=128)
    is_active: bool | None = None


class UserPublic(SQLModel):
    id: int
    username: str
    full_name: str
    role: Role
    badge_no: str | None
    phone_masked: str | None
    id_number_masked: str | None
    is_active: bool

    @classmethod
    def of(cls, user: User) -> UserPublic:
        assert user.id is not None
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=user.role,
            badge_no=user.badge_no,
            phone_masked=mask_phone(user.phone),
            id_number_masked=mask_id_number(user.id_number),
            is_active=user.is_active,
        )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class LoginThrottle(SQLModel, table=True):
    """Failed logins of one account (``user:<username>``) or one client address (``ip:<address>``) and its lock
    (``case_api/users/throttle.py``). In the database, so every worker process counts the same attempts and a restart
    forgets none."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, sa_type=String(128))
    failures: int = Field(default=0, description="attempts in the current window (in flight too)")
    window_start: datetime = Field(sa_type=UTCDateTime, index=True)
    last_failure_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lockouts: int = Field(default=0, description="lock-outs since the last success (each twice as long)")
