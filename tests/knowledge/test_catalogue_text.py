"""What the offence card shows from the catalogue verbatim (measures) cites provisions the way the citation check
reads them: a law by its title in 《》, never a nickname (国家条例, 重庆条例) it cannot resolve."""

from __future__ import annotations

import re

from knowledge.catalogue.loader import load_catalogue

NICKNAME = re.compile(r"(国家条例|重庆条例|本条例|该条例)第")


def test_measures_cite_laws_by_their_titles() -> None:
    bad = [(o.id, m) for o in load_catalogue().offences for m in o.measures if NICKNAME.search(m)]
    assert bad == []
