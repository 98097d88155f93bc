"""Mount every case_api domain router and its error handlers on the app."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from case_api.db import database_for
from case_api.errors import install as install_errors
from core.settings import Settings


def domain_routers() -> list[APIRouter]:
    """Every domain's routers, in mounting order (the order FastAPI matches paths in). A new domain adds its
    routers here, and its models to :mod:`case_api.models_registry`."""
    from case_api.audit import views as audit
    from case_api.camera import views as camera
    from case_api.cases import views as cases
    from case_api.dispatch import views as dispatch
    from case_api.documents import views as documents
    from case_api.duty import views as duty
    from case_api.evidence import views as evidence
    from case_api.parties import views as parties
    from case_api.payments import views as payments
    from case_api.review import views as review
    from case_api.roster import views as roster
    from case_api.scheduling import views as scheduling
    from case_api.stats import views as stats
    from case_api.users import views as users
    from case_api.warnings import views as warnings
    from case_api.wechat import views as wechat

    return [
        audit.router,
        camera.router,
        cases.router,
        dispatch.router,
        documents.router,
        duty.router,
        evidence.router,
        parties.router,
        payments.page_router,
        payments.router,
        review.router,
        roster.router,
        scheduling.router,
        stats.router,
        users.auth_router,
        users.router,
        warnings.router,
        wechat.mini_router,
        wechat.router,
    ]


def mount(app: FastAPI, settings: Settings) -> None:
    """Include the domain routers (/api/...) and the product's error → HTTP mapping (case_api.errors.install).
    The routes reach the settings and the :class:`~case_api.db.Database` in ``app.state``: those the app already
    has (the server's components), else ``settings`` and its database."""
    if getattr(app.state, "settings", None) is None:
        app.state.settings = settings
    if getattr(app.state, "database", None) is None:
        app.state.database = database_for(app.state.settings.sqlalchemy_url)
    for router in domain_routers():
        app.include_router(router)
    install_errors(app)
