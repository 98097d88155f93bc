"""The catalogue port as a route dependency: whatever the composition root put on ``app.state``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from case_api.review.ports import OffenceCatalogue


async def get_catalogue(request: Request) -> OffenceCatalogue | None:
    catalogue: OffenceCatalogue | None = getattr(request.app.state, "offence_catalogue", None)
    return catalogue


CatalogueDep = Annotated[OffenceCatalogue | None, Depends(get_catalogue)]
