"""Punctuation and the domain vocabulary: pure functions, no model."""

from __future__ import annotations

import pytest

from knowledge.catalogue import load_catalogue
from speech.asr import Word
from speech.punctuation import is_question, join, sentence
from speech.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.build(load_catalogue())


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("你在这里摆摊多久了", "你在这里摆摊多久了？"),
        ("我在这里卖水果, 没有营业执照.", "我在这里卖水果，没有营业执照。"),
        ("是不是你的摊子", "是不是你的摊子？"),
        ("有没有营业执照。", "有没有营业执照？"),
        ("我 不申请回避", "我，不申请回避。"),
        ("摊位长3.5米 宽2米", "摊位长3.5米，宽2米。"),
        ("好的!", "好的！"),
        ("  ", ""),
        ("ask not what your country can do for you", "ask not what your country can do for you"),
    ],
)
def test_sentence(heard: str, written: str) -> None:
    assert sentence(heard) == written


def test_word_pauses_become_commas() -> None:
    words = (Word(0.0, 0.4, "我"), Word(0.4, 0.8, "姓张"), Word(1.6, 2.0, "在五桥"), Word(2.0, 2.4, "卖水果"))
    assert sentence("我姓张在五桥卖水果", words) == "我姓张，在五桥卖水果。"


def test_join_and_questions() -> None:
    assert join(["你叫什么名字？", "张三。", "", "ok."]) == "你叫什么名字？张三。ok."
    assert is_question("你叫什么名字") and not is_question("我叫张三")


def test_homophones_of_domain_terms_are_corrected(vocab: Vocabulary) -> None:
    text, fixes = vocab.correct("我在高笋糖占到经营，被责另改正。")
    assert text == "我在高笋塘占道经营，被责令改正。"
    assert [(f.heard, f.term) for f in fixes] == [
        ("高笋糖", "高笋塘"),
        ("占到经营", "占道经营"),
        ("责另改正", "责令改正"),
    ]


@pytest.mark.parametrize(
    "plain",
    [
        "广州市房地产中介协会分析。",
        "我认为跑步最重要的就是给我带来了身体健康。",
        "希望你以后能够做的比我还好。",
    ],
)
def test_general_speech_is_left_alone(vocab: Vocabulary, plain: str) -> None:
    assert vocab.correct(plain) == (plain, [])


def test_hotwords_put_the_job_context_first(vocab: Vocabulary) -> None:
    hot = vocab.hotwords(["出店经营", "太白路"])
    assert hot[:2] == ["出店经营", "太白路"] and "五桥" in hot and len(hot) <= 24
    assert "高笋塘" in vocab.places and "万达广场" in vocab.places
