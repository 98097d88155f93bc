"""The everyday questions indexed for each article (knowledge/data/article_questions): data integrity, and how
the search uses them — they rank their article, never stand in for its text, and stay out of the articles' own
view that the legal skill's refusal reads."""

from __future__ import annotations

import pytest

from assistant.numbers import check_sentence
from knowledge.retrieval import Searcher
from knowledge.retrieval.docs import QUESTIONS_DIR, article_questions, is_question_doc
from knowledge.statutes.store import load_store

BUNDLED = load_store()
ASKED = article_questions()


def test_every_file_names_a_bundled_law_and_every_label_an_article() -> None:
    assert len(list(QUESTIONS_DIR.glob("*.yaml"))) == len(ASKED) >= 40
    titles = {law.title: law for law in BUNDLED.laws.values()}
    problems = []
    for title, by_label in ASKED.items():
        law = titles.get(title)
        if law is None:
            problems.append(f"{title}: 法规库中没有这部法规")
            continue
        labels = {a.label: a for a in law.articles}
        for label, questions in by_label.items():
            article = labels.get(label)
            if article is None:
                problems.append(f"{title}{label}: 没有这一条")
                continue
            if not 1 <= len(questions) <= 6 or any(not 4 <= len(q) <= 40 for q in questions):
                problems.append(f"{title}{label}: 每条 1–6 个问题，每个 4–40 字")
            for (
                q
            ) in questions:  # an amount, time limit or count in a question is the article's own (as answers)
                problems += [
                    f"{title}{label}: “{q}”：{p}" for p in check_sentence(q, [article.text]).problems
                ]
    assert problems == [], "\n".join(problems[:20])


def test_every_bundled_law_has_its_questions() -> None:
    assert {law.title for law in BUNDLED.laws.values()} <= set(ASKED)


@pytest.mark.models
@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("东西被扣了好久能拿回来", "xingzhengqiangzhifa:25"),
        ("复议会不会加重处罚", "xingzhengfuyifa:63"),
    ],
)
def test_a_users_words_reach_the_article_and_the_hit_is_the_articles_own_text(
    searcher: Searcher, question: str, article: str
) -> None:
    hits = searcher.search(question, k=5, kinds=("article",)).hits
    found = [h for h in hits[:3] if h.ref == article]
    text = BUNDLED.article(article)
    assert found and text is not None and found[0].text == text.text  # what is shown is the law's wording
    assert all(not is_question_doc(h.ref) for h in hits)
    plain = [h.ref for h in searcher.search(question, k=5, kinds=("article",), asked=False).hits]
    assert article not in plain[:1]  # the article's own words alone do not put it first


@pytest.mark.models
def test_the_articles_own_view_leaves_the_questions_out(searcher: Searcher) -> None:
    """``asked=False`` ranks and measures the articles' text alone: the cosine it reports for an article is its
    text's, lower than that of a question written for it and asked word for word."""
    question = "复议会不会加重处罚"
    asked = {h.ref: h.dense_score for h in searcher.search(question, k=8, kinds=("article",)).hits}
    plain = {
        h.ref: h.dense_score for h in searcher.search(question, k=8, kinds=("article",), asked=False).hits
    }
    # its own question, matched word for word, is closer than the article's text
    assert (asked.get("xingzhengfuyifa:63") or 0.0) > (plain.get("xingzhengfuyifa:63") or 0.0) + 0.02
    assert searcher._asked.sum() >= sum(len(by_label) for by_label in ASKED.values())  # one doc per article
