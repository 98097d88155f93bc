"""Every domain's ``models`` module, imported so ``SQLModel.metadata`` holds all tables (Alembic, tests).

The list is explicit: a new domain adds its models here (and its routers to :func:`case_api.api.domain_routers`).
"""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlmodel import SQLModel


def load_all_models() -> MetaData:
    from case_api.audit import models as _audit  # noqa: F401
    from case_api.camera import models as _camera  # noqa: F401
    from case_api.cases import models as _cases  # noqa: F401
    from case_api.conversations import models as _conversations  # noqa: F401
    from case_api.dispatch import models as _dispatch  # noqa: F401
    from case_api.documents import models as _documents  # noqa: F401
    from case_api.duty import models as _duty  # noqa: F401
    from case_api.evidence import models as _evidence  # noqa: F401
    from case_api.parties import models as _parties  # noqa: F401
    from case_api.payments import models as _payments  # noqa: F401
    from case_api.review import models as _review  # noqa: F401
    from case_api.roster import models as _roster  # noqa: F401
    from case_api.scheduling import models as _scheduling  # noqa: F401
    from case_api.stats import models as _stats  # noqa: F401
    from case_api.users import models as _users  # noqa: F401
    from case_api.warnings import models as _warnings  # noqa: F401
    from case_api.wechat import models as _wechat  # noqa: F401

    return SQLModel.metadata
