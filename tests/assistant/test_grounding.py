from __future__ import annotations

from assistant.grounding import ground_answer
from assistant.legal_qa import out_of_corpus
from assistant.router import route_message
from knowledge.statutes.store import load_store

BUNDLED = load_store()  # the bundled corpus: what these checks are written against


def test_real_citation_is_quoted_from_the_corpus():
    report = ground_answer(
        "依据《中华人民共和国行政处罚法》第五十一条，可以当场作出行政处罚决定。", store=BUNDLED
    )
    assert report.unverified == []
    [prov] = report.provisions
    assert prov.id.endswith(":51")
    assert prov.label == "第五十一条"
    assert "对公民处以二百元以下" in prov.text
    assert prov.verified


def test_invented_article_is_flagged_not_quoted():
    report = ground_answer("根据《中华人民共和国行政处罚法》第二百条，应当从重处罚。", store=BUNDLED)
    assert report.provisions == []
    assert report.unverified == ["《中华人民共和国行政处罚法》第二百条"]


def test_question_beyond_the_corpus_is_refused_before_any_model_call():
    refusal = out_of_corpus("行政处罚法第一百条规定了什么？", load_store())
    assert refusal is not None
    assert "没有第一百条" in refusal.reason
    assert out_of_corpus("简易程序当场罚款的上限是多少？", load_store()) is None


def test_an_article_someone_cited_in_quotation_marks_is_checked():
    """A provision quoted as a handout or a colleague cited it (课件上引了“市容条例第90条第1款”) is what is asked:
    one past the law's end is refused, one the law has is answered."""
    refusal = out_of_corpus(
        "培训材料里引了“重庆市容条例第90条第1款”，我怎么找不到，这条讲的什么？", load_store()
    )
    assert refusal is not None and "没有第九十条" in refusal.reason
    assert out_of_corpus("培训材料里引了“重庆市容条例第18条”，这条讲的什么？", load_store()) is None
    # a rules document's clause, a bare 第十条 or a statute's own 本条例第十八条 in quotes is no law cited
    for text in (
        "物业发的通知写着“根据管理规约第十二条，违者罚款两百元”，物业有没有权力罚款？",
        "执法记录仪里他吼了一句“你去翻第十条嘛”，这种情况算不算阻碍执法？",
        "市容条例第五十九条说“违反本条例第十八条规定的”，那第十八条管的是什么？",
        "老板说城管口头讲“按条例第五十九条罚你五百”，当场处罚能罚五百吗？",
    ):
        assert out_of_corpus(text, load_store()) is None, text


def test_an_article_past_the_end_asked_inside_quotation_marks_is_refused():
    """A radio call written down in quotation marks is the asker's own question: the article it asks for is checked,
    and one the law has is answered."""
    refusal = out_of_corpus("【语音】“小李，《中华人民共和国行政处罚法》第一百条咋个说的？”", load_store())
    assert refusal is not None and "没有第一百条" in refusal.reason
    assert (
        out_of_corpus("【语音】“小李，《中华人民共和国行政处罚法》第五十一条咋个说的？”", load_store())
        is None
    )
    # corner brackets, as a message typed on a phone often has them
    refusal = out_of_corpus("「《中华人民共和国行政处罚法》第一百条咋个说的？」", load_store())
    assert refusal is not None and "没有第一百条" in refusal.reason
    refusal = out_of_corpus("『《中华人民共和国行政处罚法》第一百条咋个说的？』", load_store())
    assert refusal is not None and "没有第一百条" in refusal.reason
    # a term quoted inside the spoken question does not end it
    refusal = out_of_corpus(
        "【语音】“小李，『首违不罚』是《中华人民共和国行政处罚法》第一百条咋个说的？”", load_store()
    )
    assert refusal is not None and "没有第一百条" in refusal.reason
    refusal = out_of_corpus(
        "「小李，“首违不罚”是《中华人民共和国行政处罚法》第一百条咋个说的？」", load_store()
    )
    assert refusal is not None and "没有第一百条" in refusal.reason


def test_routing_questions_and_situations():
    assert route_message("首次违法能不能不罚？").primary == "legal"
    assert route_message("听证要在几天内申请").primary == "legal"
    assert route_message("一家水果店把货架摆到店门外人行道上卖水果").primary == "offence"


def test_domain_prior_puts_other_procedures_after_the_penalty_law():
    from assistant.retrieval import _off_topic

    assert _off_topic("中华人民共和国行政许可法", "听证要在几天内申请？")
    assert not _off_topic("中华人民共和国行政许可法", "行政许可的听证怎么申请？")
    assert _off_topic("中华人民共和国道路交通安全法", "罚款多少天内缴纳？")
    assert not _off_topic("中华人民共和国道路交通安全法", "机动车乱停放罚款多少天内缴纳？")
    assert not _off_topic("中华人民共和国行政处罚法", "听证要在几天内申请？")
    # 行政强制法第十八条 leads a question about a measure taken, not an ordinary investigation
    law = "中华人民共和国行政强制法"
    assert _off_topic(law, "来调查的城管只有一个人，也没出示执法证，合法吗？", "xingzhengqiangzhifa:18")
    assert not _off_topic(
        law, "扣三轮车的时候只有一个城管，也没出示执法证，合法吗？", "xingzhengqiangzhifa:18"
    )
    # the gas laws' complaint duty leads only a question about gas
    assert _off_topic("重庆市天然气管理条例", "投诉楼下夜市占道，城管多久要回复我？")
    assert not _off_topic("重庆市天然气管理条例", "投诉燃气公司乱收费，多久要回复我？")
