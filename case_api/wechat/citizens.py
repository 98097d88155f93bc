"""The citizens' mini-channel: a citizen account per mini-program openid, cases bound by case number plus the
phone or ID number on record (throttled), their cases and decisions (masked), statements, payment and receipt.

A citizen sees only the cases they bound; personal numbers are masked as everywhere in the record
(:mod:`case_api.masking`). A statement (陈述申辩) goes through the cases service, which accepts it only between the
prior notice and the decision (第四十五条).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.cases import service as cases_service
from case_api.cases.models import STATE_LABELS, Case, CaseState, CaseStatement
from case_api.documents.models import Document, DocumentStatus
from case_api.documents.render import render_text
from case_api.errors import NotFound, ValidationFailed
from case_api.masking import mask_id_number, mask_name, mask_phone, mask_secrets
from case_api.parties.models import Party
from case_api.payments import service as payment_service
from case_api.sqltypes import utcnow
from case_api.users import service as users_service
from case_api.users.models import Role, User, UserCreate
from case_api.wechat import throttle
from case_api.wechat.models import App, CaseBinding, MiniBind, MiniCase, MiniDecision
from case_api.wechat.service import bind_identity, user_for_openid

# the states in which cases_service.add_statement accepts a statement (after notice, before the decision)
STATEMENT_STATES = frozenset(
    {CaseState.investigating, CaseState.legal_review, CaseState.notified, CaseState.hearing}
)
DECISION_TYPES = ("decision", "simple_decision")


def citizen_for_openid(session: Session, *, openid: str) -> User:
    """The citizen account of a mini-program openid, created on first login; commits."""
    found = user_for_openid(session, app=App.mini, openid=openid)
    if found is not None:
        if found.role != Role.citizen:
            raise ValidationFailed("该微信已绑定工作人员账号，不能作为当事人登录。", code="not_citizen")
        return found
    username = "wx-" + hashlib.sha256(f"mini:{openid}".encode()).hexdigest()[:20]
    user = users_service.get_by_username(session, username)
    if user is None:
        data = UserCreate(
            username=username, full_name="微信用户", role=Role.citizen, password=secrets.token_urlsafe(24)
        )
        try:
            with session.begin_nested():
                user = users_service.create(session, data=data, actor_id=None)
        except IntegrityError:  # a concurrent first login of the same openid
            user = users_service.get_by_username(session, username)
            assert user is not None
    try:
        with session.begin_nested():
            bind_identity(session, app=App.mini, openid=openid, user=user)
    except IntegrityError:
        pass  # bound concurrently: the same user
    session.commit()
    return user


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)[-11:]


def _matches(party: Party | None, data: MiniBind) -> str | None:
    if party is None:
        return None
    if (
        data.id_number
        and party.id_number
        and hmac.compare_digest(party.id_number.strip().upper(), data.id_number.strip().upper())
    ):
        return "id_number"
    if data.phone and party.phone:
        given = _digits(data.phone)
        if len(given) >= 7 and hmac.compare_digest(_digits(party.phone), given):
            return "phone"
    return None


def bind_case(session: Session, *, user: User, data: MiniBind, now: datetime | None = None) -> Case:
    """Bind the case ``data.case_no`` to the citizen when the phone or ID number matches the party on record; commits.
    A wrong number, phone or ID number are the same 404; five failures lock the account for a while (429)."""
    assert user.id is not None
    if not data.phone and not data.id_number:
        raise ValidationFailed("请填写当事人登记的手机号或证件号。", code="identity_required")
    now = now or utcnow()
    key = f"mini:{user.id}"
    throttle.reserve(session, key, now)
    case = session.exec(select(Case).where(Case.case_number == data.case_no.strip())).first()
    party = session.get(Party, case.party_id) if case is not None and case.party_id is not None else None
    matched = _matches(party, data)
    if case is None or matched is None:
        session.rollback()
        throttle.failed(session, key, now)
        raise NotFound(
            "未找到案件：请核对案件编号，以及当事人登记的手机号或证件号。", code="case_lookup_failed"
        )
    assert case.id is not None
    exists = session.exec(
        select(CaseBinding).where(CaseBinding.user_id == user.id, CaseBinding.case_id == case.id)
    ).first()
    if exists is None:
        session.add(CaseBinding(user_id=user.id, case_id=case.id, matched_by=matched, created_at=now))
        audit_service.append(
            session, actor_id=user.id, action="wechat.case_bound", entity="case", entity_id=case.id,
            payload={"matched_by": matched},
        )  # fmt: skip
    throttle.succeeded(session, key, now)
    session.commit()
    return case


def bound_cases(session: Session, *, user: User) -> list[Case]:
    stmt = (
        select(Case)
        .join(CaseBinding, col(CaseBinding.case_id) == col(Case.id))
        .where(CaseBinding.user_id == user.id)
        .order_by(col(Case.id).desc())
    )
    return list(session.exec(stmt))


def bound_case(session: Session, *, user: User, case_id: int) -> Case:
    """The case if the citizen bound it; the same 404 as a case that does not exist otherwise."""
    found = session.exec(
        select(CaseBinding).where(CaseBinding.user_id == user.id, CaseBinding.case_id == case_id)
    ).first()
    case = session.get(Case, case_id) if found is not None else None
    if case is None:
        raise NotFound(f"案件 {case_id} 不存在或尚未绑定。", code="case_not_bound")
    return case


def statement_window(case: Case) -> tuple[bool, str]:
    if case.state in STATEMENT_STATES:
        return True, "可在处罚决定作出前提出陈述、申辩（《行政处罚法》第四十五条）。"
    if case.decided_at is not None or case.state in {CaseState.dropped, CaseState.closed, CaseState.archived}:
        return False, "处罚决定已作出或案件已办结，陈述申辩期限已过；如不服可依法申请行政复议或提起行政诉讼。"
    return False, "案件尚在受理/立案阶段，告知后方可提出陈述申辩。"


def present(session: Session, case: Case) -> MiniCase:
    assert case.id is not None
    party = session.get(Party, case.party_id) if case.party_id is not None else None
    order = payment_service.order_for_case(session, case_id=case.id)
    open_, reason = statement_window(case)
    return MiniCase(
        case_id=case.id,
        case_no=case.case_number or f"（未编号 #{case.id}）",
        title=case.title,
        state=str(case.state),
        state_label=STATE_LABELS[CaseState(case.state)],
        party_name=mask_name(party.name) if party else None,
        party_phone=mask_phone(party.phone) if party else None,
        party_id_number=mask_id_number(party.id_number) if party else None,
        offence=case.offence_name,
        penalty_provision=case.penalty_provision,
        fine_fen=case.fine_fen or None,
        decided_at=case.decided_at,
        served_at=case.served_at,
        statement_open=open_,
        statement_reason=reason,
        order_code=order.code if order else None,
        order_status=str(order.status) if order else None,
    )


def decision(session: Session, *, case: Case) -> MiniDecision:
    """The issued decision's text, personal numbers masked; 404 before it is issued."""
    doc = session.exec(
        select(Document)
        .where(
            Document.case_id == case.id,
            col(Document.doc_type).in_(DECISION_TYPES),
            Document.status == DocumentStatus.issued,
        )
        .order_by(col(Document.id).desc())
    ).first()
    if doc is None or doc.content is None:
        raise NotFound("处罚决定书尚未签发。", code="decision_not_issued")
    party = session.get(Party, case.party_id) if case.party_id is not None else None
    text = mask_secrets(render_text(doc.doc_type, doc.content))
    if party is not None and party.id_number:  # any identifier the record holds, not only 18-digit IDs
        text = text.replace(party.id_number, mask_id_number(party.id_number) or "")
    return MiniDecision(
        case_no=case.case_number or "", title=doc.title, number=doc.number, issued_at=doc.issued_at, text=text
    )


def add_statement(session: Session, *, user: User, case: Case, text: str) -> CaseStatement:
    """陈述申辩 by the party through the cases service (its state rule is the time limit); commits."""
    statement = cases_service.add_statement(session, case=case, author=user, kind="statement", text=text)
    session.commit()
    return statement
