"""HTTP routes of the knowledge base (/api/kb/...)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/kb", tags=["knowledge 法规知识库"])
