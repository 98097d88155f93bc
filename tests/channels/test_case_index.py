from __future__ import annotations

import shutil

import pytest

from channels.case_index import mask_personal


def test_personal_data_is_masked_before_indexing():
    text = "当事人张某，身份证号500101199001011234，电话13812345678，车牌渝F12345，在人行道摆摊。"
    masked = mask_personal(text)
    assert "500101199001011234" not in masked and "500101********1234" in masked
    assert "13812345678" not in masked and "138****5678" in masked
    assert "渝F12345" not in masked and "渝F***" in masked
    assert "在人行道摆摊" in masked


@pytest.mark.models
def test_past_cases_are_indexed_and_searchable(kb_settings, components, tmp_path):
    from case_api import db
    from case_api.demo.seed import is_empty, seed
    from case_api.sqltypes import utcnow
    from channels.case_index import index_past_cases, past_case_records
    from knowledge.base import KnowledgeBase

    # a copy of the session's data dir, so case documents do not leak into the shared index
    (tmp_path / "models").symlink_to(kb_settings.model_cache_dir, target_is_directory=True)
    shutil.copytree(kb_settings.index_dir, tmp_path / "index")
    kb_settings = kb_settings.model_copy(update={"data_dir": tmp_path})

    db.upgrade(kb_settings)
    with db.session_for(kb_settings) as session:
        if is_empty(session):
            seed(session, settings=kb_settings, now=utcnow())
            session.commit()
    records = past_case_records(kb_settings)
    assert records, "the demo district has decided cases"
    embedder = components.embedder()  # the session's
    report = index_past_cases(kb_settings, embedder)
    assert report.kinds.get("case") == len(records)
    first = records[0]
    searcher = KnowledgeBase(kb_settings, embedder=components.embedder).searcher
    hits = searcher.search(str(first["title"]), k=10, kinds=["case"]).hits
    assert any(h.ref == f"case:{first['id']}" for h in hits)
    assert index_past_cases(kb_settings, embedder).unchanged  # second run embeds nothing
