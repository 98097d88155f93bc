"""Import every domain's ``models`` module so ``SQLModel.metadata`` holds all tables (Alembic, tests).

Discovery is automatic: any sub-package ``case_api.<domain>`` with a ``models`` module is imported, so a new
domain needs no edit here.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData
from sqlmodel import SQLModel

import case_api


def load_all_models() -> MetaData:
    for info in sorted(pkgutil.iter_modules(case_api.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name == "migrations":
            continue
        try:
            importlib.import_module(f"case_api.{info.name}.models")
        except ModuleNotFoundError as exc:
            if exc.name != f"case_api.{info.name}.models":
                raise
    return SQLModel.metadata
