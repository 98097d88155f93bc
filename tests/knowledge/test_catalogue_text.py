"""What the offence card shows from the catalogue verbatim (measures) cites provisions the way the citation check
reads them: a law by its title in 《》, never a nickname (国家条例, 重庆条例) it cannot resolve."""

from __future__ import annotations

import re

from knowledge.catalogue.loader import load_catalogue

NICKNAME = re.compile(r"(国家条例|重庆条例|本条例|该条例)第")


def test_measures_cite_laws_by_their_titles() -> None:
    bad = [(o.id, m) for o in load_catalogue().offences for m in o.measures if NICKNAME.search(m)]
    assert bad == []


BARE = re.compile(r"(?<![》\w])第[一二三四五六七八九十百零]+条")


def test_measures_never_cite_a_bare_article() -> None:
    """A bare 第六十八条 in a card is read against whichever law the answer named last: the legal quotes may come
    first (a procedure question told around a case), so every article the card shows names its law in 《》."""
    shown = [(o.id, m) for o in load_catalogue().offences for m in [*o.measures, o.fine_condition or ""]]
    assert [(i, m) for i, m in shown if BARE.search(m)] == []


def test_the_card_s_authority_note_cites_only_provisions_that_verify() -> None:
    """The competent-authority note is shown on the card as it stands (注意：此事项不属于城管职责，应移交…): every
    article it names must verify on its own, with no law the answer named before it (依第一百一十五条 did not)."""
    from evals.checks import text_citation_problems
    from knowledge.statutes.store import load_store

    store = load_store()
    bad = [
        (o.id, problems)
        for o in load_catalogue().offences
        if (problems := text_citation_problems(o.competent_authority or "", None, store=store))
    ]
    assert bad == []
