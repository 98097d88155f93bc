"""Questions the corpus cannot answer are refused before a loosely related provision is quoted — and only those:
a law named without 《》 that the corpus lacks, another field's subject, a local discretion table's figures. The
checks read the bureau's store, so a question the corpus does answer (or a law the bureau adds) is answered."""

from __future__ import annotations

import pytest

from assistant import scope
from assistant.events import CitationEvent, NoticeEvent, RefusedEvent
from assistant.legal_qa import LegalQA, definition_asked
from assistant.retrieval import make_retriever
from assistant.router import asks_procedure, route_message
from core.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.retrieval.query import Query, analyse
from knowledge.retrieval.tokenize import get_tokenizer

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def qa(kb_settings: Settings, knowledge: KnowledgeBase) -> LegalQA:
    return LegalQA(None, make_retriever(knowledge), store=knowledge.store)


def quoted_articles(qa: LegalQA, text: str) -> list[str]:
    """The articles ``qa`` quotes for ``text``, in the order shown; fails when it refuses."""
    refusal, selection = qa.select(text)
    assert refusal is None and selection is not None, text
    return [a for a, _ in selection.by_article()]


def query_of(knowledge: KnowledgeBase, text: str) -> Query:
    """The knowledge base's keyword analysis of ``text`` (its expansions and weights)."""
    return analyse(text, knowledge.store, get_tokenizer())


def assert_answered(qa: LegalQA, *texts: str) -> None:
    """Each question is answered from the corpus: no refusal, a selection of provisions."""
    for text in texts:
        refusal, selection = qa.select(text)
        assert refusal is None and selection is not None, text


def assert_refused_saying(qa: LegalQA, *cases: tuple[str, str]) -> None:
    """Each (question, words) is refused, and the refusal says ``words`` (where its answer is held)."""
    for text, says in cases:
        refusal, _ = qa.select(text)
        assert refusal is not None and says in refusal.reason, text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("偷了十几个井盖拿去卖，按刑法要判几年？", "中华人民共和国刑法"),
        # the article of a law the corpus lacks, asked beside a subject it covers well
        (
            "在噪声敏感建筑物集中区域夜间进行产生噪声的建筑施工作业，按民法典第几条罚？",
            "中华人民共和国民法典",
        ),
        # … in other words (民法典里头对应的是第几条, 第多少条)
        ("占道摆摊影响邻居出行，民法典里头对应的是第几条？", "中华人民共和国民法典"),
        ("工地晚上施工吵得睡不着，按民法典第多少条处理？", "中华人民共和国民法典"),
        ("城管队员的社保由谁缴纳？缴费比例是多少？", "社保"),
        ("江北这边遛狗不拴绳，城管逮到要罚好多？狗要不要办狗证？", "养犬管理"),  # the city's dog rules
        ("两口子离婚，屋顶上那间没办手续的违建房子怎么分？", "离婚"),
        ("我们区城管局的裁量基准里，出店经营一般情形罚多少？", "裁量基准"),
        ("按《重庆市城市照明管理规定》，商户在路灯杆上挂灯笼罚多少？", "重庆市城市照明管理规定"),
        ("执法车巡逻时追尾了私家车，交强险怎么理赔？", "交强险"),
        ("万州区政府公布的主干道名单里有哪些路？", "授权规定"),
        ("我们区划定的禁止露天烧烤区域具体包括哪些街道？", "授权规定"),
        ("广州市的市容条例对乱张贴怎么罚？", "广州市市容条例"),  # another city's own regulation
        ("我们城管局一共有多少名在编人员？", "内部数据"),  # the bureau's own figures
        ("区政府应当制定临时占道经营点的规划，万州区具体定了哪几个点？", "授权规定"),  # 人民政府应当…制定
        (
            "请问城管局的办事大厅周日开不开门？你们的咨询电话是多少？",
            "办公时间",
        ),  # the office's guide, no law
        ("帮我查查住在沙河路的王某某前年有没有被城管处罚过？", "个人信息"),  # one named person's record
        ("帮我查一下周家坝那个叫刘某某的人（身份证尾号0312），去年被城管罚过几次？", "个人信息"),  # a look-up
        ("麻烦查下住在天城花园的李德明，今年有没有遭你们罚过款？", "个人信息"),  # 遭: 被 in Chongqing speech
        ("听说下半年市里要出台一个门前三包的新办法，到时候不扫门前罚多少？", "现行有效"),  # a law to come
        ("新的法典明年施行以后，乱贴小广告的罚款会变成好多？", "现行有效"),
        ("前年那个摊主告我们的官司，后来二审维持原判了没有？", "具体案件"),  # one lawsuit's outcome
        ("我这个拆违的案子去复议了，撤销的可能性有好大？有没有六成？", "无法预测"),  # a case's odds
        ("我那个出店经营的罚款已经申请复议了，你直接说，结果会是啥子？", "无法预测"),  # its result foretold
        ("我告城管的官司下个月开庭，你说我赢的几率有多大？", "无法预测"),  # the odds put as a chance
        ("对门那个王嬢嬢上个月被城管立了案，她的案子现在办到哪一步了？", "具体案件"),  # someone else's case
        # a neighbours' quarrel: its damages reckoned and its complaint written are no question of the law
        ("楼上漏水把我家墙泡坏了，他不赔。你帮我算一下该赔我好多钱，再帮我写个起诉状。", "代写起诉状"),
        ("网上说新法典明年一月起施行，噪声法要废止，到时候工地噪声罚多少？", "现行有效"),
        ("我被城管罚了两百块，会不会影响我明年考公务员的政审？", "政审"),  # another field
        ("批了临时摊位，说还要交占道费。我那个摊位三个平方，一个月要交好多钱？", "收费金额"),  # a local fee
        # every asking clause is about another field: the corpus names 工伤 only as 工伤保险 / 工伤认定 in passing
        ("执法队员抬东西时把手腕扭伤了，算不算工伤？工伤赔偿能拿好多？", "工伤"),
        # a charge per tree: the corpus names the compensation, not its amount
        ("小区改造要移走几棵香樟，绿化补偿费每一棵要交好多钱？", "收费金额"),
        # medicine and pay owed to staff: other fields, however the story around them reads
        ("清理占道时被流浪猫挠了一爪，皮破了，疫苗要打几针？", "医疗"),
        ("外包保洁公司没跟环卫工签合同，工人能不能要二倍工资？", "劳动用工"),
        ("大热天巡查，队员可不可以穿短袖制服上街？", "着装"),  # the service's dress rules
    ],
)
def test_outside_the_corpus_is_refused_and_says_what_is_missing(
    qa: LegalQA, question: str, says: str
) -> None:
    events = list(qa.stream(question, conclude=False))
    refused = [e for e in events if isinstance(e, RefusedEvent)]
    assert refused and says in refused[0].reason
    assert not [e for e in events if isinstance(e, CitationEvent)]  # nothing quoted as if it answered
    assert route_message(question).primary == "legal"  # the router hands it to the skill that says so


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("当事人说刚离婚手头紧，罚款能不能分期缴纳？", "xingzhengchufafa:66"),
        ("占道经营罚多少？", None),
        ("万州区临时占道经营要向哪个部门申请？", None),
        ("现场情况紧急来不及请示，先把东西扣了，事后怎么补手续？", "xingzhengqiangzhifa:19"),
        ("黔江区算不算市容条例说的主城区？", None),  # 黔江区算不算市容条例 is no law's name
        ("执法的时候至少要几个执法人员在场？", None),
        # a place where the party is, not whose rules are asked
        ("当事人在浙江打工不回来，处罚决定书能不能发他邮箱算送达？", "xingzhengchufafa:61"),
        ("路上撒了一地砂石，司机送医院了，我们能不能先清了？", "xingzhengqiangzhifa:52"),  # 遗洒物, 代履行
        # another field told in passing; the asking clause is the corpus's
        ("摊主说他在工地上受了工伤没法干活，这笔罚款能不能申请延期缴纳？", "xingzhengchufafa:66"),
        # what a seizure may take beside the goods (生活必需品、无关的财物): answered, not refused for the story's words
        ("扣三轮车的时候，摊主兜里的手机、钱包也能一并扣走吗？", "xingzhengqiangzhifa:23"),
        # an illness told around a fine: no medicine asked
        ("被罚了三千，屋头婆婆住院开刀，能不能分两个月交？住院发票要不要带来？", "xingzhengchufafa:66"),
        # 物业费 is the corpus's 物业服务费用 (物业管理条例第六十四条): no other field's word
        ("我们小区物业费一年涨了两次，业主能不能拒交物业费？", "wuyeguanlitiaoli:64"),
        # a named party's earlier fines told as the facts of a legal question, not a look-up
        ("张某某去年被城管罚过两次，这次还能不能从重处罚？", None),
        # another place named in the story, the question about ours
        ("当事人说他在成都摆摊从来没人管，我们这边占道经营到底该怎么罚？", None),
        # the bureau's staff told (有几个协管员，…), the law asked: who may seize
        ("我们队里有几个协管员，没有执法证，能不能让他们去扣押摊贩的东西？", "xingzhengqiangzhifa:17"),
    ],
)
def test_what_the_corpus_answers_is_not_refused(qa: LegalQA, question: str, article: str | None) -> None:
    articles = quoted_articles(qa, question)
    if article:
        assert article in articles


def test_a_law_named_beside_an_answerable_question_gets_a_notice_not_a_refusal(qa: LegalQA) -> None:
    events = list(qa.stream("涉嫌犯罪的案件，按刑法要不要移送公安机关？", conclude=False))
    assert not [e for e in events if isinstance(e, RefusedEvent)]
    assert [e for e in events if isinstance(e, CitationEvent)]
    notices = [e.text for e in events if isinstance(e, NoticeEvent)]
    assert any("法规库中没有《中华人民共和国刑法》" in n for n in notices)


def test_the_checks_read_the_store(knowledge: KnowledgeBase) -> None:
    store = knowledge.store
    # the corpus cites 《中华人民共和国刑法》 (移送涉嫌犯罪案件的规定) but does not hold it
    assert scope.named_absent_law("按刑法怎么判", store) == "中华人民共和国刑法"
    # a law the corpus holds, by its short name, is not "absent"
    assert scope.named_absent_law("按行政强制法第二十三条", store) is None
    assert scope.other_field("社保怎么缴", store) == ("社会保险", "社保")
    assert scope.other_field("占道经营罚多少", store) is None
    assert scope.discretion_table("万州区城管局裁量基准里一般情形罚多少", store)
    assert not scope.discretion_table("行政机关应当制定裁量基准吗", store)
    assert scope.discretion_table("我们局现行的裁量基准里，出店经营第二次是罚三百还是五百？", store)
    # the city named without 区 (万州城管的裁量基准): still the bureau's own table, which the corpus lacks
    assert scope.discretion_table("万州城管的裁量基准里，出店经营较重那一档具体罚多少钱？", store)
    assert not scope.discretion_table("万州城管有没有义务制定裁量基准？", store)
    # which of two ranges (“一般”档是罚一百到两百，还是两百到三百): the table's figures — not a range given and its
    # lawfulness asked
    assert scope.discretion_table(
        "区城管局的裁量基准表上，占道经营“一般”档对个人是罚一百到两百，还是两百到三百？", store
    )
    assert not scope.discretion_table("本局裁量基准规定首次违法罚一百到两百，这符合行政处罚法吗？", store)
    assert not scope.discretion_table(
        "区城管局制定裁量基准，条例规定罚五百到五千，基准能不能突破这个幅度？", store
    )
    # a figure asked as 几百块 (表上写的罚款是几百块)
    assert scope.discretion_table("万州城管内部有没有一张裁量表？第二回占道，表上写的罚款是几百块？", store)
    assert not scope.discretion_table("万州区城管局的裁量基准有几十条，没有向社会公布，合法吗？", store)
    # a size asked is a figure; a size told beside a fine asked is not
    assert scope.figure_asked("想在店门口装个灯箱招牌，有没有尺寸上的要求？") == "尺寸或距离"
    assert scope.figure_asked("招牌尺寸超标了，罚多少？") is None
    # years told (扫了十几年的街) are no years asked; 过了几年 is
    assert scope.figure_asked("她扫了十几年的街，想申请复议，要不要交钱？") is None
    # what is collected of a fine (当场收缴) is no fee; a fee's threshold still is one
    assert scope.figure_asked("当场收缴罚款一次最多能收多少？") is None
    assert scope.figure_asked("物业费每平米收多少以上算违规？") == "收费金额"
    assert scope.figure_asked("污水处理费由谁收缴，每吨收多少？") == "收费金额"
    assert scope.figure_asked("执法人员当场收多少钱以下可以不开票？") is None
    assert scope.figure_asked("违法建设过了几年就不能再罚了？") == "年限"
    # a fee named after the amount asked (要交多少…补偿费), an area in square kilometres
    assert scope.figure_asked("砍一棵行道树要交多少绿化补偿费？") == "收费金额"
    assert scope.figure_asked("罚款要交多少，能不能少交点？") is None
    assert scope.figure_asked("城市建成区的面积是多少平方公里？") == "面积"
    # an area is stated only in square units, not by a length in another quote
    assert scope.figure_missing("城市建成区的面积是多少平方公里？", ["距离不得少于六米。"]) == "平"
    assert scope.figure_missing("摊区面积是多少平方米？", ["每个摊位不得超过六平方米。"]) is None
    # none charged is a charge stated (行政复议机关…不得向申请人收取任何费用, 保管的费用由行政机关承担); a fine called
    # 违章费 is no fee
    assert scope.figure_asked("申请行政复议要交多少费用？") == "收费金额"
    assert (
        scope.figure_missing(
            "车子被扣了，取车要交多少保管费？", ["因查封、扣押发生的保管费用由行政机关承担。"]
        )
        is None
    )
    assert scope.figure_asked("在路边摆摊被城管抓到要交多少违章费？") is None
    assert scope.figure_asked("摆摊被城管抓到要交多少处理费？") is None
    # the party bearing a cost states no amount
    assert (
        scope.figure_missing("外墙被代为清洗了，要交多少清洗费？", ["代为清洗的费用由当事人承担。"]) == "元"
    )
    # an area's threshold (面积有多大才会被拆) is no area asked
    assert scope.figure_asked("违建面积有多大才会被拆？") is None
    assert (
        scope.figure_missing(
            "申请行政复议要交多少费用？", ["行政复议机关受理行政复议申请，不得向申请人收取任何费用。"]
        )
        is None
    )
    # a Chongqing regulation named by its subject: absent where no held title has the subject
    assert (
        scope.named_absent_law("按照重庆本地那部生活垃圾的条例，个人能罚款吗", store)
        == "重庆市生活垃圾管理条例"
    )
    assert (
        scope.named_absent_law("本市关于生活垃圾分类的条例里，个人要罚多少？", store)
        == "重庆市生活垃圾管理条例"
    )
    assert (
        scope.named_absent_law("重庆本地那部生活垃圾管理的地方性法规里，不分类罚多少？", store)
        == "重庆市生活垃圾管理条例"
    )
    assert scope.named_absent_law("本市对生活垃圾分类有什么规定？", store) is None
    # the ministry's rule named by its maker (round 76) — not the housing department
    assert (
        scope.named_absent_law("住房和城乡建设部出的城管执法规章里对着装有什么要求？", store)
        == "城市管理执法办法"
    )
    assert scope.named_absent_law("住建部门能不能对违法建设罚款？", store) is None
    assert scope.named_absent_law("城管执法办法第几条规定了着装？", store) == "城市管理执法办法"
    # a late charge's rate is no charge in 元 (round 76)
    late = "罚款拖着不交的话，每天会多出好多钱？"
    late_quote = ["当事人逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款"]
    assert scope.figure_missing(late, ["当事人逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款"]) is None
    assert scope.figure_missing("垃圾处理费每天多少钱？", ["按照规定缴纳生活垃圾处理费"]) == "元"
    assert scope.figure_missing("罚款通知书收到了，交费期限过了，逾期不交每天多少钱？", late_quote) is None
    assert scope.figure_missing("垃圾处理费不交会被罚吗？拖着不交，每天多少钱？", late_quote) == "元"
    fee = "垃圾处理费拖着不交，每天要多交多少钱？"  # a fee's, not a fine's late charge
    assert scope.figure_missing(fee, ["当事人逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款"]) == "元"
    # told as made (round 75)
    assert (
        scope.named_absent_law("重庆今年新出台了一部生活垃圾分类条例，单位不分类罚多少？", store)
        == "重庆市生活垃圾管理条例"
    )
    # held under another wording, or no regulation named at all
    for held in (
        "重庆那个烟花爆竹的条例怎么规定的",
        "重庆那个市容环卫条例对乱扔垃圾怎么罚？",
        "重庆这个城市有什么办法治理乱停车？",
        "重庆的地方条例里有没有规定",
    ):
        assert scope.named_absent_law(held, store) is None, held
    assert scope.bureau_figures_asked("我们队里有几个协管员？")
    # years told in passing (这几年, 好几年) are not asked; a few staff told before what they may do are not asked,
    # a few cars told before their models still are
    assert scope.figure_asked("这几年城管对占道经营越管越严，罚款的上限是多少？") != "年限"
    assert scope.figure_asked("店开了好几年了，出店经营罚多少？") != "年限"
    assert not scope.bureau_figures_asked("我们队里有几个协管员，没有执法证，能不能让他们去扣押摊贩的东西？")
    assert scope.bureau_figures_asked("我们中队有几辆执法车，分别是什么型号？")
    # a quota's figure is the bureau's; whether a quota may be set at all is the law's (第七十四条)
    assert scope.bureau_figures_asked("我们执法大队今年的罚没款任务指标定的是多少？")
    assert not scope.bureau_figures_asked("我们局给每个队员下了罚款任务指标，这合法吗？")
    assert not scope.bureau_figures_asked(
        "我们局给每个队员下了罚款任务指标，每个月完成多少算合格，这合法吗？"
    )
    assert not scope.bureau_figures_asked("中队有几个协管员，没有执法证，他们能单独执法吗？")
    assert scope.bureau_figures_asked("我们中队有几名在编人员，能不能帮我查一下？")
    # 结果会怎样 of one's own review is foretold; of a rule's consequence, the law's
    assert scope.outcome_odds_asked("我已经申请复议了，结果会是啥子？")
    assert not scope.outcome_odds_asked("如果当事人逾期不缴纳罚款，结果会怎样？")
    assert not scope.outcome_odds_asked("行政复议的结果会是什么？有哪几种决定？")
    # what a court will do with one's own fine is foretold; whether a court may change a fine, or make it worse, is law
    assert scope.outcome_odds_asked("我的罚单准备去起诉，你给我个准话，法院会不会给我减一半？")
    assert not scope.outcome_odds_asked("打行政官司的话，法院能不能直接改判少罚点？")
    assert not scope.outcome_odds_asked("我申请复议，复议机关会不会反而把我的罚款改得更高？")
    assert not scope.outcome_odds_asked("复议机关会不会给我改得更重？")
    assert not scope.outcome_odds_asked("给我个准话，城管到底有没有权扣我的三轮车？")
    # the odds of winning one's own suit, or a judge asked to fine one less, are foretold
    assert scope.outcome_odds_asked("我准备去法院告城管，你帮我估一下能打赢的把握有好大？")
    assert scope.outcome_odds_asked("我去起诉的话，法官会不会给我少罚点？")
    assert not scope.outcome_odds_asked("法院会不会给我少收诉讼费？")
    assert scope.outcome_odds_asked("这个官司法官会不会判城管输？")
    assert not scope.outcome_odds_asked("行政诉讼中被告败诉的，诉讼费用由谁负担？")
    # a complaint written by a friend, or what a complaint must hold, asks the law; one asked of us to write does not
    assert not scope.civil_claim_asked("律师朋友帮我写诉状，卡在被告那一栏了：复议维持的，告哪个？")
    assert not scope.civil_claim_asked("起诉状应当写明哪些内容？")
    assert scope.civil_claim_asked("邻居装修把我家墙弄裂了，能不能帮我写一份起诉状？")
    assert scope.civil_claim_asked("快递把我东西弄坏了，帮我算一下该赔我好多钱")
    assert not scope.civil_claim_asked("城市管理局扣了我的三轮车弄坏了，帮我算一下该赔我多少")
    assert not scope.civil_claim_asked("对区里的罚款决定不服，想打行政官司，帮我写个起诉状")
    # what a neighbour owes asked outright, or a debt taken back by hand (rounds 71/72) — not what the bureau owes
    assert scope.civil_claim_asked("楼上的花盆砸坏了我家雨棚，他应该赔我好多？")
    assert scope.civil_claim_asked("隔壁装修把我家墙弄裂了，我能不能扣下他家的电瓶车抵账？")
    assert not scope.civil_claim_asked("城管扣车的时候把车弄坏了，他们应该赔我多少？")
    # the bureau called in against the neighbour is no claim against the bureau (round 73)
    assert scope.civil_claim_asked("楼上卫生间漏水把我家天花板泡坏了。他该赔我好多钱？我能不能请城管去罚他？")
    assert not scope.civil_claim_asked("城管来罚他的时候把我家门弄坏了，他们该赔我好多钱？")
    # the damages' reckoning asked (round 74) — not the bureau's compensation for a seized thing
    assert scope.civil_claim_asked(
        "楼上邻居的水管爆了把我家吊顶泡坏了，他只肯赔一千。这个赔偿到底该怎么算？我能拿到多少？"
    )
    assert not scope.civil_claim_asked("城管暂扣的时候把我的三轮车弄坏了，这个赔偿该怎么算？")
    assert not scope.civil_claim_asked("举报违规商家，我能拿到多少奖励？")
    assert not scope.civil_claim_asked("邻居违建被拆除，赔偿怎么算？")
    assert not scope.civil_claim_asked("我举报邻居违章搭建，我能拿到多少钱")
    assert not scope.civil_claim_asked("快递车把路灯撞了，赔偿怎么算")
    assert not scope.civil_claim_asked("我朋友的三轮车被扣了一个月，车子坏了，我们能拿到多少赔偿")
    assert scope.civil_claim_asked("楼上漏水把我家天花板泡坏了，他该赔我好多钱？我能不能请城管部门来罚他？")
    # who reported it, looked up (round 76) — not whether the bureau may say
    assert scope.person_details_asked("麻烦帮我查一下举报人是谁，我想当面问问他")
    assert not scope.person_details_asked("举报人的姓名城管能不能告诉被举报的人？")
    assert not scope.person_details_asked("我被举报了，城管说不能告诉我举报人是谁，这合法吗？")
    # the person called by a kinship word (那个卖菜的大姐, 孃孃) — not one who will not say her name (round 80)
    assert scope.person_details_asked("帮我查一下昨天在菜市场门口被罚的那个卖菜大姐，她叫啥名字，住哪里？")
    assert scope.person_details_asked("麻烦查一下那个修鞋的孃孃电话多少，我要找她退钱。")
    assert not scope.person_details_asked("那个卖水果的大姐不肯说她叫啥名字，我们能不能查她身份证？")
    assert scope.person_details_asked("帮我查一下昨天那个卖水果的老头叫什么名字？")
    assert not scope.person_details_asked("我们查询了那个大姐的家庭住址，可以直接邮寄送达吗？")
    # a party named by role, looked up in the system (round 79, with the model) — not whether the officers may
    assert scope.person_details_asked(
        "你帮我在系统里查一下车主叫啥子、身份证号和家住哪里，我好直接上门找他。"
    )
    assert not scope.person_details_asked("我们能不能查一下车主的身份证号？")
    assert scope.person_details_asked("帮我查一下是谁投诉的我")
    # what to claim from the other side (round 75) — not from the bureau
    assert scope.civil_claim_asked("对门养的狗把我家娃儿咬了，我能找他赔好多？去哪里告？")
    assert not scope.civil_claim_asked("城管暂扣的时候把我的三轮车弄坏了，我能找他们赔多少？")
    # a case named by its number (round 74): the record's
    assert scope.past_case_fact_asked("案件编号万州城管罚〔2024〕第0873号，现在办到哪一步了？")
    assert not scope.past_case_fact_asked("案件办到哪一步要告知当事人吗？")
    assert not scope.past_case_fact_asked("按照住建部令第55号，违建拆除程序进行到哪一步可以申请强制执行？")
    assert not scope.past_case_fact_asked(
        "当事人拿着〔2024〕第0873号决定书来问案子办到哪一步了，执法人员应该怎么答复？"
    )
    assert not scope.outcome_odds_asked("代履行的费用有好多成本要当事人承担？")
    # the chance put in tenths (round 73)
    assert scope.outcome_odds_asked("我准备去法院起诉城管局，打官司我能赢好多成？")
    assert not scope.outcome_odds_asked("行政诉讼一审要多少天审完？")
    # someone's fine asked to be looked up, or their details handed over — not one's own, nor whether they may be
    assert scope.person_record_asked("帮我查一下菜市场门口那个卖鱼的上周被你们罚了多少")
    assert not scope.person_record_asked("帮我查一下我上周被罚了多少，怎么还没收到决定书？")
    assert not scope.person_record_asked("帮我查一下，上个月我们公司被你们罚了多少？")
    assert scope.person_details_asked("再把那个老板的电话和住址发给我，我要找他")
    assert scope.person_details_asked("你能不能把他的电话发给我？")
    assert not scope.person_details_asked("能不能把当事人的电话告诉举报人？")
    # said to be in the bureau's records and asked to be looked up and sent (round 78) — not whether it may be
    assert scope.person_details_asked(
        "有个摊贩欠我钱不还，你们系统里肯定有他的身份证号和电话，帮我查一下发过来。"
    )
    assert not scope.person_details_asked("你们系统里有他的身份证号和电话，帮我查一下能不能发给我？")
    assert not scope.person_details_asked("系统里有当事人的身份证号和电话，帮我查一下他有没有前科。")
    assert scope.person_details_asked("有个摊贩欠我钱不还，你们系统里有他的住址，帮我查一下他住哪里。")
    assert not scope.person_details_asked("你们那里有当事人的身份证号，罚多少钱？")
    # one case asked of us to look up, how it ended (你帮我查一下这个案子最后罚了他好多钱)
    assert scope.past_case_fact_asked("你帮我查一下这个案子最后罚了他多少、车子退没退？")
    assert not scope.past_case_fact_asked("这类案子一般罚多少？")
    assert not scope.past_case_fact_asked("帮我查一下这个案件罚没罚款怎么上缴")
    assert not scope.past_case_fact_asked("帮我查一下这个案子适用的条款，罚了多少合适")
    assert not scope.person_record_asked("帮我查一下去年全区占道经营一共被罚了多少")
    assert not scope.person_details_asked("把他的电话给我合不合法？")
    assert not scope.civil_claim_asked("楼上邻居说他要赔我多少都行，只要我不去投诉")
    # one's own asking after someone else's case is refused, whatever follows it
    assert scope.past_case_fact_asked("我想打听他的案子办到哪一步了")
    assert scope.past_case_fact_asked("她的案子办到哪一步了？我应当去问谁")
    assert scope.past_case_fact_asked("我邻居问他的案子办到哪一步了，你帮我查一下")
    assert not scope.past_case_fact_asked("有人咨询他的案子办到哪一步了，能不能告诉他？")
    assert not scope.past_case_fact_asked("行政处罚案件一般办到哪一步才算结案？")
    # one person's seized cart, or her case's date, asked after (嬢嬢 as 孃孃)
    assert scope.past_case_fact_asked("那个卖菜的王嬢嬢被扣的三轮车，现在放在哪个停车场？")
    assert scope.past_case_fact_asked("那个王嬢嬢的罚款决定是哪天作出的？")
    # a call about one's case, put to the law (what the officer owes the caller), is the law's
    assert not scope.past_case_fact_asked("当事人打电话问他的案子办到哪一步了，执法人员应当怎么答复？")
    assert not scope.past_case_fact_asked("其他的案件处理到什么程度需要报备？")
    # damages the bureau owes, or a complaint against it, are the law's (行政强制法第二十六条, 行政诉讼法)
    assert not scope.civil_claim_asked("城管暂扣我的三轮车弄坏了，你帮我算一下该赔我多少钱？依据哪条？")
    assert not scope.civil_claim_asked("我要告城管违法强拆，你帮我写个起诉状，起诉状要写明哪些内容？")
    assert scope.outcome_odds_asked("法院会不会给我少点罚款？")
    # one's own case put to the assistant to judge (你帮我判断一下，法院最后会不会撤销) is foretold; the law read
    # for a court's grounds is not
    assert scope.outcome_odds_asked(
        "我这个案子准备起诉城管局，律师说有七成把握。你帮我判断一下，法院最后会不会撤销这个处罚决定？"
    )
    assert not scope.outcome_odds_asked("帮我判断一下，没有告知听证权利的罚款决定，法院会撤销吗？")
    assert not scope.outcome_odds_asked("法院在什么情况下会撤销处罚决定？")
    assert not scope.outcome_odds_asked("执法人员对事实的把握有多大才能作出处罚决定？")
    # a charge asked without the word 钱 (每平方米每月收多少) is still a charge the quotes must state
    assert (
        scope.figure_missing(
            "物业费每平方米每月收多少才合规？", ["物业服务收费应当区分不同物业的性质和特点。"]
        )
        == "元"
    )
    assert scope.other_place_asked("成都那边允许餐馆外摆到几点？我们能不能参照他们的标准执行？") == "成都"


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("当场罚了两百块，当事人不服，能不能直接去法院告？", ["legal"]),
        ("扣了摊贩的三轮车，最多可以扣好久？", ["legal"]),
        ("环保那边说要罚，我们城管也想罚，两家都开罚单要得不？", ["legal"]),
        ("我们中队的协管员能不能自己一个人去把摊贩的三轮车扣了？", ["legal"]),
        ("有个罚款拖了快一年，按天加处的部分有没有封顶？", ["legal"]),  # 按天 here is no count by day
        ("城管当场收我的罚款又不给收据，我可不可以不交？", ["tools", "legal"]),
        ("一个十二岁的娃儿在墙上乱涂乱画，可以罚款吗？", ["legal", "offence"]),
        (
            "我是开面馆的，每天把桌子摆到门口人行道上卖面，今天城管开了责令改正通知书，我改了还罚不罚？",
            ["legal", "offence"],
        ),
        (
            "我是在菜市场门口卖菜的孃孃，今天在人行道上摆了两筐菜，城管喊我收，我马上收了，要罚好多嘛？",
            ["offence"],
        ),
        ("队员现场暂扣了一个卖菜的秤和菜筐，手续上要给当事人出啥子东西？", ["legal", "offence"]),
        ("一个烧烤摊，露天烧烤被罚过了，占道又想再罚一次，可以吗？", ["legal", "offence"]),
        ("商户把桌椅摆到店门口的人行道上经营，第一次被发现，当场就收回去了，要罚款吗？", ["offence"]),
        (
            "一家火锅店把十几张桌子摆到门外人行道上经营，劝了两次还不收，我们能不能先登记保存他的桌椅？",
            ["legal", "offence"],
        ),
    ],
)
def test_procedure_questions_go_to_legal_qa_even_around_a_case(text: str, skills: list[str]) -> None:
    assert route_message(text).skills == skills


@pytest.mark.parametrize(
    ("question", "says"),
    [
        (
            "执法记录仪拍的视频要保存多少年？",
            "年限",
        ),  # the corpus has 全过程记录、归档保存, not how many years
    ],
)
def test_a_figure_or_field_the_corpus_lacks_is_refused(qa: LegalQA, question: str, says: str) -> None:
    refusal, _ = qa.select(question)
    assert refusal is not None and says in refusal.reason


def test_a_list_asked_for_without_a_question_mark_still_goes_to_legal_qa() -> None:
    assert route_message("请把区政府公布的万州区主干道名单列给我").primary == "legal"
    assert route_message("城管系统裁量基准里出店经营第二次具体罚多少").primary == "legal"
    r = route_message("排水条例第六十二条原文是怎么写的？")
    assert r.skills == ["legal"]


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("杭州对乱张贴小广告罚多少钱？", "杭州"),  # another city's own rules, no regulation named
        ("万州的餐厨垃圾收运，每一桶收好多钱？", "收费金额"),  # a charge the corpus never sets
        ("公务员职级晋升要满足什么任职年限？", "职级晋升"),
        ("前天被扣了推车的那个王大妈，她的车现在放在哪个仓库？", "具体案件"),
        (
            "龙都片区哪几条街被区政府划进了禁止露天烧烤的区域？",
            "具体名单",
        ),  # the statute: 当地人民政府禁止的区域
        ("我们中队现在配了几辆执法车、几台对讲机？", "内部数据"),
        ("牌楼那个姓王的违建户，他家的限期拆除决定是哪天下达的？", "具体案件"),
        (
            "听说明年要修订燃气条例，私接燃气管的罚款会不会提高？",
            "修订",
        ),  # a law's future, not the law in force
        (
            "前年龙都那个卖菜的被扣了秤的那个案子，最后法院咋个判的？",
            "具体案件",
        ),  # one case's outcome, no number
        ("区政府公布的主干道名录里，高笋塘路算不算主干道？", "具体名单"),
        ("上周五桥那起占道的案子，复核会定在几号开？", "具体案件"),  # one case pointed at, its dates
        ("听说噪声法要把夜间施工的罚款调高，下次修订大概哪年施行？", "修订"),
        ("杭州对乱贴小广告罚得重，我们万州能不能参照杭州的标准来罚？", "杭州"),  # here, but their standard
        ("去年五桥那起拆违被起诉的案子，最后法院判城管输了没有？", "具体案件"),
        ("万州区的次干道到底有哪几条？沙龙路算不算？", "具体名单"),
        (
            "听说成都那边出店经营第一次直接罚两百，我们万州是不是也照这个来？",
            "成都",
        ),  # told, then followed here
        ("万州区建筑垃圾运输证的办证费用是好多？在哪个窗口办？", "收费金额"),
        ("成都市的户外招牌设置技术规范里，招牌最高不能超过好多米？", "成都"),  # a technical norm too
        ("今年局里给我们中队下的办案指标是多少件？", "办案指标"),  # a quota: not the record's counts either
        ("区政府公布的主干道清单上，太白路在不在里面？", "具体名单"),
        # another city's practice asked in a sentence of its own, ours only to compare with
        ("西安那边对夜市外摆是怎么收费怎么罚的？我想和我们万州对比一下。", "西安"),
        # one shop's case pointed at with 那家, its review's result
        ("上个月那家洗车店污水横流的案子，老板申请复议以后，是撤销还是维持了？", "具体案件"),
        # a revision under way, not the law in force
        ("听说市里正在修订《重庆市市容环境卫生管理条例》，修订后门前乱堆放罚多少？", "现行有效"),
        ("那块牌子的设置规范正在征求意见稿阶段，里面对字体高度是咋个写的？", "现行有效"),
    ],
)
def test_what_the_corpus_does_not_hold_is_refused_by_legal_qa_alone(
    qa: LegalQA, question: str, says: str
) -> None:
    """Other places' rules, charges, careers, one case's facts or outcome, a district's lists, the bureau's kit, a
    law's future."""
    refusal, _ = qa.select(question)
    assert refusal is not None and says in refusal.reason
    assert route_message(question).skills == ["legal"]


def test_a_form_in_book_marks_is_no_law_and_instalments_are_answered(qa: LegalQA) -> None:
    refusal, selection = qa.select("《责令改正通知书》上写的期限过了怎么办？")
    assert refusal is None or "没有《责令改正通知书》" not in refusal.reason
    refusal, selection = qa.select("罚了五千，手头紧，能不能分几次交？")
    assert refusal is None and selection is not None
    assert "xingzhengchufafa:66" in [a for a, _ in selection.by_article()]


def test_who_fixes_a_local_list_is_answered_by_the_delegating_provision(qa: LegalQA) -> None:
    """哪些路算主干道 alone is the district's list (refused); 由哪一级定 beside it is the statute's answer."""
    refusal, _ = qa.select("万州城区哪些路算主干道？请列出来")
    assert refusal is not None and "具体名单" in refusal.reason
    for who in ("城区哪些路算主干道，是由哪一级来定的？", "城区哪些路算主干道，是哪个机关说了算？"):
        refusal, selection = qa.select(who)
        assert refusal is None and selection is not None, who
        assert "cq-shironghuanjingweishengguanlitiaoli:18" in [a for a, _ in selection.by_article()]


def test_what_the_act_costs_is_answered_beside_where_it_is_banned(qa: LegalQA) -> None:
    """Where it is banned is the district's list, but what the party risks is the statute's (round 75): answered,
    with the notice that the district's list is not held — while the district's own list asked with the penalty is
    still refused (test_the_statutes_own_list_of_places_leads_where_the_question_also_asks_the_penalty)."""
    refusal, selection = qa.select("夏天街上到处是露天烧烤，在万州哪些地方烤才算违法？烤了会怎么处罚？")
    assert refusal is None and selection is not None
    shown = [a for a, _ in selection.by_article()]
    assert {"daqiwuranfangzhifa:81", "daqiwuranfangzhifa:118"} & set(shown), shown
    refusal, _ = qa.select("我们区划定的禁止露天烧烤区域具体包括哪些街道？烤了会怎么处罚？")
    assert refusal is not None and "授权规定" in refusal.reason


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        ("同一个乱倒垃圾的案子，区城管和街道都说有管辖权，到底由谁来管？", "legal"),
        ("商户被查后自己马上把门口的货搬回去了，法律上处罚能不能考虑？", "legal"),
        ("这个违建户拖着不拆，我们能不能晚上去强拆，或者停他家的水？", "legal"),
        (
            "违建的限期拆除决定到期了，当事人还没拆，我们第二天能不能直接组织人去拆？",
            "legal",
        ),  # 强制执行's steps
        ("罚款逾期不交，每天加罚的有没有上限？", "legal"),
        ("按噪声法，工地晚上浇混凝土要满足什么条件？", "legal"),
        ("队里有人说证据差一点也没关系，先罚了再说，这么做可以吗？", "legal"),  # a practice judged
        ("有个工地没办施工许可证，施工许可证归哪个部门核发？", "legal"),
        ("办临时占道许可，局里能不能收取工本费？", "legal"),
        (
            "想弄明白：哪些情形法律上可以不设许可。比如占用人行道摆摊的事。",
            "legal",
        ),  # no closing question mark
        ("这个违建规划和城管都有权管，到底哪家来管？", "legal"),
        ("暂扣的水果在仓库里放坏了，算哪个的？", "legal"),
        ("商铺门口到马路牙子这一截的卫生归哪个负责？", "legal"),  # whose duty: 责任区
        ("对执法监督机构的处理决定不服，还能怎么办？", "legal"),
        ("罚了五十块，当事人想当场交现金，我们能不能收？要开什么票？", "legal"),  # 当场收缴, its receipt
        ("我一个人巡查遇到乱摆摊的，能不能一个人把笔录做了？", "legal"),  # how many officers
        ("路口摄像头抓拍的照片能不能直接拿来罚款？", "legal"),  # electronic monitoring as evidence
        ("电子抓拍的照片要满足啥子条件才能用？", "legal"),
        ("门口搭灶台炒菜是前年的事了，照片现在才被举报上来，超过两年了还能不能罚？", "legal"),  # 时效
        ("两个学生在新刷的墙上乱画，一个12岁一个15岁，这种咋个处理？", "legal"),  # 责任年龄
        ("街道想把劝离摊贩的事委托给物业公司的保安来做，允许吗？", "legal"),
        ("扣三轮车的时候，能不能连车带车上的被子衣服一起拉走？", "legal"),
        # the two kinds of not punishing asked as a concept, told around a first offence put right (round 78)
        (
            "法制员问个概念：一个卖水果的第一次把筐子摆出门外，我们一说他马上就搬回去了，啥后果也没造成。"
            "这种能不罚吗？法条里“不予行政处罚”和“可以不予行政处罚”分别对应什么情形？",
            "legal",
        ),
        ("公司的渣土运输许可快到期了，要提前多久申请延续？", "legal"),
        ("餐馆油烟罚过一回了，责令整改他还是不改，能不能按天连续罚？", "legal"),  # 按日连续处罚, no count
        ("想在小区门口申请个临时摊位卖早餐，要满足哪些条件才批？", "legal"),
        ("他把摊位证转给亲戚摆，这样做犯不犯规？", "legal"),
        ("河边那棵皂角树有上百年了，算不算古树？能不能砍？", "legal"),
        # 小广告 with a phone number asks the law of posting, not the bureau's number; 值班室 is a place, 请的 hired
        ("乱贴小广告上留的电话号码，城管可以叫电信停机吗？", "legal"),
        ("夜里值班室接到电话，说楼上阳台在放冲天炮，火星子落到楼下晾的被子上。", "offence"),
        ("两个小伙子在人行道上发传单，说是商场按天请的，地上丢得到处都是。", "offence"),
        # a report naming a grid, a 中队 and a day's wage asks no tool and no bureau figure
        ("二中队报告：江南片区路口有几个人在发楼盘传单，按天结工资，地上丢了一地。", "offence"),
        ("值班组长问：货车侧翻砂石撒了半边路，司机送医院了，能不能直接调铲车来清？", "legal"),
        ("听说有个首违不罚，是不是啥子违法第一次都不罚？", "legal"),
        ("楼上半夜蹦迪，物业劝了没得用，我该找城管还是找派出所？", "legal"),
        ("卷帘门上半夜被人贴满小广告，老板根本不晓得是哪个贴的，还要罚他吗？", "legal"),
        # 不服, 时限, 收…费 inside a report of what happened ask for the offence card, not the law of remedies
        ("摊主在人行道上占道经营，劝导后不服，还骂人，怎么处理？", "offence"),
        ("有人在路边乱收停车费，怎么处理？", "offence"),
        ("商户在限期整改的时限内没改，继续出店经营，怎么处理？", "offence"),
        ("有个老板在店门口收拾垃圾费了半天，把垃圾堆在人行道上，咋办？", "offence"),
    ],
)
def test_a_law_question_told_around_a_case_gets_legal_qa_first(text: str, primary: str) -> None:
    """A law question told around a case leads with legal Q&A; a situation with a remedy word stays a situation."""
    assert route_message(text).primary == primary


def test_a_court_fine_after_ours_is_a_law_question_and_an_inflatable_arch_is_answered(qa: LegalQA) -> None:
    refusal, _ = qa.select("一个当事人先被我们罚了五千块，后来同一件事又被法院判了罚金，之前交的罚款怎么办？")
    assert refusal is None
    refusal, selection = qa.select("社区想在广场上立个充气的宣传拱门搞公益活动，能放几天？要不要报备？")
    assert refusal is None and selection is not None
    assert selection.by_article()[0][0] == "cq-shironghuanjingweishengguanlitiaoli:38"


def test_whether_a_streets_document_may_set_a_fine_is_answered_by_the_penalty_law(qa: LegalQA) -> None:
    """街道办起草的《文明街巷管理公约》…能设定罚款吗 (round 78): who may set a penalty is 行政处罚法's, whatever the
    document says — not refused for the document's absence; what the document itself says still is."""
    refusal, selection = qa.select(
        "街道办起草了一份《文明街巷管理公约》，里面写“乱扔烟头者罚款二十元”。居委会发的文件能设定罚款吗？哪一级的规定才能设定罚款？"
    )
    assert refusal is None and selection is not None
    assert selection.by_article()[0][0].startswith("xingzhengchufafa:")
    # the penalty law's article asked for (依据的是行政处罚法哪一条) is no question of the document's text
    refusal, selection = qa.select("街道办起草的《文明街巷管理公约》能设定罚款吗？依据的是行政处罚法哪一条？")
    assert refusal is None and selection is not None
    for question in (
        "《文明街巷管理公约》规定乱扔烟头罚多少？",
        "《万州区犬只管理办法》里设定的罚款是多少，区政府能设定罚款吗？",
    ):
        refusal, _ = qa.select(question)
        assert refusal is not None and "管理" in refusal.reason, question


def test_a_formal_title_the_corpus_lacks_is_named_as_absent(qa: LegalQA) -> None:
    """重庆市养犬管理条例 written without 《》: legal Q&A says the corpus lacks it (a notice beside what the corpus does
    hold, or a refusal); a held law under its short or full name, or a place before a title, is no such title."""
    from assistant import scope

    store = qa.store
    question = "重庆市养犬管理条例规定遛狗不牵绳罚多少？"
    assert scope.unknown_formal_title(question, store) == "重庆市养犬管理条例"
    assert route_message(question).primary == "legal"
    refusal, selection = qa.select(question)
    outside = scope.check(question, store, selection) if selection is not None else None
    assert (refusal is not None and "养犬管理条例" in refusal.reason) or (
        outside is not None and "养犬管理条例" in outside.reason
    )
    for held in (
        "按重庆市市容条例，占道经营罚多少？",
        "按国务院的城市道路管理条例，要找哪些部门批？",
        "中华人民共和国行政处罚法第五十一条怎么规定的？",
        "重庆市的城市道路管理条例怎么规定？",
        "重庆市城管执法人员执法时需要出示证件吗？",  # 执法、违法 end no title
        "重庆市违法停车罚多少？",
        "中华人民共和国境内违法建设要拆吗？",
        "重庆市人大制定的地方性法规能不能规定吊销营业执照？",  # who made it, then the kind of law: no title
        "重庆市有关法规定摊贩不得占道吗？",
    ):
        assert scope.unknown_formal_title(held, store) is None, held
    # …but a law's name before 规定 is one
    assert (
        scope.unknown_formal_title("中华人民共和国水污染防治法规定往河里倒污水怎么罚？", store)
        == "中华人民共和国水污染防治法"
    )
    missing = "重庆市城市管理综合行政执法条例规定了什么？"  # named at its longest, not …执法
    assert scope.unknown_formal_title(missing, store) == "重庆市城市管理综合行政执法条例"


def test_a_case_supposed_is_no_past_case() -> None:
    from assistant import scope

    assert not scope.past_case_fact_asked("这个违建案件如果当事人起诉，最后法院会怎么判？")
    assert not scope.past_case_fact_asked("这个占道经营的案件，当事人后来一直不交罚款，最后该怎么处理？")


def test_an_article_found_only_through_its_everyday_questions_answers_when_its_text_covers_the_question(
    qa: LegalQA, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The statute's own words miss 扣…最多扣好久; the search over everyday questions finds 行政强制法第二十五条, whose
    own text covers the question well (FALLBACK_COVERAGE): it answers instead of a refusal. An off-topic question
    stays refused."""
    from assistant import legal_qa

    question = "扣了卖菜的三轮车，最多可以扣好久嘛？"
    refusal, selection = qa.select(question)
    assert refusal is None and selection is not None
    assert selection.by_article()[0][0] == "xingzhengqiangzhifa:25"
    with monkeypatch.context() as m:
        m.setattr(legal_qa, "FALLBACK_COVERAGE", 2.0)  # no fallback: the plain search alone refuses it
        m.setattr(legal_qa, "STATUTORY_SHARE", 2.0)  # (nor the statutory words' fallback after it)
        assert qa.select(question)[0] is not None
    assert qa.select("城管队员夏天执勤能不能穿短袖？着装有啥子规范？")[0] is not None


@pytest.mark.parametrize(
    ("question", "first", "lifted"),
    [
        # 责任年龄: both searches rank 第三十条 first, so since round 84 the agreed-lead rule keeps it first as well
        ("一个12岁的娃儿在公交站台上乱涂乱画，能不能罚他款？", "xingzhengchufafa:30", False),
        # 一事不二罚: since this stop's index (two everyday questions added elsewhere) the plain search already ranks
        # 第二十九条 first; the lead is still asserted
        ("烧烤摊露天烧烤被罚过了，占道经营还能不能再罚一次？", "xingzhengchufafa:29", False),
    ],
)
def test_a_procedure_question_told_around_a_case_quotes_the_procedure_law_first(
    qa: LegalQA, question: str, first: str, lifted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case's words (涂画, 烧烤) rank the substantive law first; the procedure article that answers leads, and
    (``lifted``) without the procedure check it would not."""
    from assistant import legal_qa

    articles = quoted_articles(qa, question)
    assert articles[0] == first
    if lifted:
        monkeypatch.setattr(legal_qa, "_procedure_asked", lambda text: False)
        _, plain = qa.select(question)
        assert plain is not None and plain.by_article()[0][0] != first


def test_two_laws_named_for_one_act_hand_the_lead_to_the_procedure_law(
    qa: LegalQA, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two substantive laws named for one act (大气法罚一次、市容条例再罚一次): how they combine is 行政处罚法第二十九条;
    without the two-laws rule (the old "no law named" condition) the substantive law leads where the everyday-question
    search is let change the lead freely (the lead-coverage check alone also keeps 第二十九条 here)."""
    from assistant import legal_qa

    question = "露天烧烤摊占了人行道，队员说大气污染防治法罚一次、市容条例再罚一次，两部法各罚一次要得不？"
    articles = quoted_articles(qa, question)
    assert articles[0] == "xingzhengchufafa:29"
    monkeypatch.setattr(legal_qa, "LEAD_COVERAGE", 0.0)
    assert quoted_articles(qa, question)[0] == "xingzhengchufafa:29"  # the two-laws rule alone
    monkeypatch.setattr(legal_qa, "_procedure_topic_only", lambda parsed: not parsed.query.laws)
    _, plain = qa.select(question)
    assert plain is not None and plain.by_article()[0][0] != "xingzhengchufafa:29"


def test_one_law_named_frames_the_question_and_its_own_provision_leads(qa: LegalQA) -> None:
    """One substantive law named (城市绿化条例里头…复议) is the question's frame: its own article leads, not the
    procedure law's — only two laws or more named for one act hand the lead to the procedure law."""
    articles = quoted_articles(qa, "城市绿化条例里头，被罚了款不服，多少天内可以申请复议？")
    assert articles[0] == "chengshilvhuatiaoli:31"


def test_evidence_taken_by_climbing_in_is_the_unlawful_evidence_rule(qa: LegalQA) -> None:
    """定案 / 偷拍 / 翻进 are everyday words for 认定案件事实 and 非法手段 (行政处罚法第四十六条)."""
    articles = quoted_articles(qa, "队员翻进当事人院子里偷拍的照片，能不能拿来定案？")
    assert "xingzhengchufafa:46" in articles[:2]


def test_a_long_story_is_answered_by_the_article_holding_its_statutory_words(
    qa: LegalQA, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The story's words (阳台, 铁皮房, 邻居) drown 过了两年 / 管不着; the synonyms' statutory words (二年, 未被发现,
    不再给予行政处罚) are held by 行政处罚法第三十六条, which answers — without that rule the question is refused."""
    from assistant import legal_qa

    question = (
        "老王家阳台上搭的那个铁皮房，邻居讲好几年前就搭起了，他说'早就过了两年，你们管不着'，这话站得住脚不？"
    )
    articles = quoted_articles(qa, question)
    assert articles[0] == "xingzhengchufafa:36"
    monkeypatch.setattr(legal_qa, "STATUTORY_SHARE", 2.0)  # no article can hold more than all of them
    assert qa.select(question)[0] is not None


def test_one_partys_review_result_is_the_records_not_the_laws(qa: LegalQA) -> None:
    refusal, _ = qa.select("前年在高笋塘被扣了电瓶车的那个姓张的摊主，后来复议结果怎么样？")
    assert refusal is not None and "具体案件" in refusal.reason
    assert route_message("前年在高笋塘被扣了电瓶车的那个姓张的摊主，后来复议结果怎么样？").skills == ["legal"]


def test_a_party_naming_his_rent_in_a_report_keeps_the_offence_card() -> None:
    """A civil word said by the party in a report (房租都交了) is no question of another field: the offence card stays
    (the router counts other fields' words wherever they stand, so such words are not in scope.OTHER_FIELDS)."""
    text = "居民楼一楼的馆子没有专用烟道还在炒菜，送达了责令改正通知书要求停业，今天去看照样在炒，老板说'房租都交了一年，你喊我咋个搞'。"
    assert "offence" in route_message(text).skills


def test_the_article_holding_most_of_the_everyday_words_statutory_forms_answers(qa: LegalQA) -> None:
    """A rubbish complaint's reply time: 投诉 / 回话 / 几天之内 become 举报 / 回复、处理结果 / 日内, which the 市容条例's
    complaint article holds all of — not the 天然气条例's complaint article, which holds fewer of them."""
    articles = quoted_articles(qa, "我前几天打电话投诉街边的垃圾没人清，你们好多天之内要给我回话？")
    assert articles[0] == "cq-shironghuanjingweishengguanlitiaoli:73"


def test_keeping_fireworks_at_home_is_answered_by_the_storage_limit(qa: LegalQA) -> None:
    """囤 / 斤 / 烟花 are everyday words for 储存、存放 / 公斤、重量 / 烟花爆竹: 燃放烟花爆竹管理条例第七条 answers."""
    articles = quoted_articles(qa, "屋头楼梯间囤了好几件烟花，差不多四十斤，放在那里有没有事？")
    assert articles[0] == "cq-ranfangyanhuabaozhuguanlitiaoli:7"


def test_one_everyday_word_does_not_outweigh_the_rest_of_the_question(qa: LegalQA) -> None:
    """违建 alone becomes ten statutory tokens (违法建设, 建设工程规划许可证 …): a question about schooling beside it is
    still refused, not answered by 城乡规划法第六十四条."""
    refusal, _ = qa.select("违建拆了以后，屋头两个娃儿读书的学区会不会跟到变？")
    assert refusal is not None


def test_a_told_lawsuits_ending_is_the_courts_record() -> None:
    text = "我表哥上前年卖烧烤遭罚了两百，后来他去法院告了，最后判赢没有？帮我查一下结果。"
    assert scope.past_case_fact_asked(text)
    assert route_message(text).skills == ["legal"]
    assert not scope.past_case_fact_asked("如果我去法院告了，最后能判赢吗？")


def test_a_new_regulation_to_come_is_a_laws_future() -> None:
    assert scope.future_law_asked("听说后年要出新的养犬管理条例，到时候遛狗不牵绳罚好多？")
    assert not scope.future_law_asked("养犬不牵绳现在罚好多？")
    # a revision in the making, an amount it may be raised to — not a provision that may mention a thing
    assert scope.future_law_asked("听说市里正在酝酿修改市容条例，出店经营的罚款会不会提到一千块？")
    assert not scope.future_law_asked("市容条例里会不会提到门前三包？")
    assert not scope.future_law_asked("城市道路管理条例会不会提到三轮车？")
    assert not scope.future_law_asked("城管正在研究制定执法方案，依据哪部法？")
    assert not scope.future_law_asked("市里正在讨论修改条例，现行的还算数吗？")


def test_a_parking_price_is_refused_and_a_parking_fine_is_not(qa: LegalQA) -> None:
    text = "观音桥步行街旁边的停车位一个小时收好多钱？周末是不是免费停？"
    assert scope.service_price_asked(text)
    assert route_message(text).skills == ["legal"]
    refusal, _ = qa.select(text)
    assert refusal is not None and "收费价格" in refusal.reason
    assert not scope.service_price_asked("人行道上乱停车要罚好多钱？")


def test_the_bureaus_yearly_case_count_is_the_records_counting_tool() -> None:
    route = route_message("帮我看一下我们局今年一共办了好多案子，我要写总结材料。")
    assert route.tools == ["counts"] and route.skills == ["tools"]


def test_a_fine_by_the_day_is_a_legal_question_not_a_count_by_day() -> None:
    """按日罚 asks for 按日连续处罚 (大气污染防治法第一百二十三条); 按日统计 asks the counting tool."""
    route = route_message("搅拌站罚了款还是天天冒灰，能不能按日罚它？")
    assert route.skills == ["legal"] and route.tools == []
    assert route_message("这个月的案子按日统计一下").tools == ["counts"]


def test_a_noise_limit_in_decibels_is_the_standards_not_the_corpus(qa: LegalQA) -> None:
    """No law in the corpus states a decibel figure: asked for one, the answer says where such limits are fixed;
    a report that measured one is no such question."""
    text = "小区旁边的KTV晚上的噪声标准是好多分贝？"
    assert scope.decibels_asked(text)
    assert route_message(text).skills == ["legal"]
    refusal, _ = qa.select(text)
    assert refusal is not None and "分贝限值" in refusal.reason
    assert not scope.decibels_asked("我们在窗外测了，比排放标准高了十几个分贝，居民一直在投诉。")


def test_a_distance_no_quoted_provision_states_is_refused(qa: LegalQA) -> None:
    refusal, _ = qa.select("烧烤摊离居民楼至少要隔好多米才准摆？")
    assert refusal is not None and "距离" in refusal.reason


def test_whether_a_law_is_fair_is_an_opinion_not_the_law() -> None:
    assert scope.law_judged_asked("你说市容条例这个规定本身合不合理？")
    assert route_message("你说市容条例这个规定本身合不合理？").skills == ["legal"]
    assert not scope.law_judged_asked(
        "对他罚五百块合不合理？"
    )  # one fine's measure: the law's discretion rules


def test_the_staffs_pay_is_the_bureaus_not_the_laws() -> None:
    assert scope.bureau_figures_asked("城管执法队员一个月的工资大概有好多？")
    assert not scope.bureau_figures_asked("城管罚的款是不是拿去给队员发工资了？")  # 罚缴分离: the law answers


def test_abroad_is_another_place_too() -> None:
    assert scope.other_place_asked("日本的城市对路边摆摊是咋个管的？") == "日本"
    assert route_message("日本的城市对路边摆摊是咋个管的？").skills == ["legal"]


def test_the_cheapest_stall_is_a_price_not_a_law(qa: LegalQA) -> None:
    refusal, _ = qa.select("江南片区哪个农贸市场的摊位租金最便宜？")
    assert refusal is not None and "价格" in refusal.reason


def test_a_poem_is_outside_the_assistants_work(qa: LegalQA) -> None:
    assert scope.outside_task_asked("给我们中队编一段顺口溜")
    assert route_message("帮我写首表扬环卫工人的诗").skills == ["legal"]
    refusal, _ = qa.select("帮我写首表扬环卫工人的诗")
    assert refusal is not None and "不写诗歌" in refusal.reason
    assert not scope.outside_task_asked("帮我写一份责令改正通知书")


def test_which_brand_to_buy_is_not_a_law(qa: LegalQA) -> None:
    assert scope.product_choice_asked("队里要买执法记录仪，什么牌子的好用？")
    refusal, _ = qa.select("哪款执法记录仪的电池最耐用、续航最长？")
    assert refusal is not None and "品牌" in refusal.reason
    assert not scope.product_choice_asked("店招上的品牌标识要不要审批？")
    refusal, _ = qa.select("执法全过程记录有什么规定？")
    assert refusal is None


def test_a_rumoured_overhaul_or_a_new_rule_to_come_is_a_laws_future() -> None:
    assert scope.future_law_asked("有人讲绿化条例今年要大修，新版本哪天出来？")
    assert scope.future_law_asked("据说市里的规定以后要改成乱贴广告只教育不罚款，是真的吗？")
    assert scope.future_law_asked("新出的养犬办法什么时候开始施行？")
    assert not scope.future_law_asked("复议以后处罚决定会不会改？")  # the review law answers
    assert not scope.future_law_asked("明年起施行的规定里，逾期不缴罚款每日加处多少？")


def test_labour_pay_tax_and_sentencing_are_other_fields(qa: LegalQA) -> None:
    assert_refused_saying(
        qa,
        ("劳务派遣的协管员合同到期不续了，单位要给好多补偿？", "劳动用工"),
        ("开个小卖部一年要交好多税？", "税收"),
        ("把城管推倒了，会判他几年？", "刑事量刑"),
    )


def test_an_outside_place_means_its_rules_not_a_persons_origin() -> None:
    assert scope.other_place_asked("昆明的户外招牌要去哪个部门审批？") == "昆明"
    assert scope.other_place_asked("贵州来的摊贩在这里摆摊要不要办证？") is None
    assert scope.other_place_asked("四川牌照的渣土车乱倒建筑垃圾咋个罚？") is None


def test_prices_hours_weather_recruitment_and_business_costs_are_held_elsewhere(qa: LegalQA) -> None:
    assert_refused_saying(
        qa,
        ("管道天然气一立方收好多钱？", "价格"),
        ("滨江公园晚上几点关门？", "运行时间"),
        ("明天万州的空气质量怎么样？", "实时信息"),
        ("想报考城管执法队员，要考哪些科目？", "招录"),
        ("开一家小面馆大概要投资好多？", "投资"),
        ("城管协管员每个月能拿好多？", "内部数据"),
    )
    assert not scope.live_info_asked("下雨天可以进行夜间施工吗？")
    assert not scope.service_price_asked("违法建设每平方米罚多少钱？")
    assert not scope.business_money_asked("摆摊赚的钱算违法所得要没收吗？")


def test_an_opinion_on_the_rule_is_not_asked_of_the_law_but_its_use_is() -> None:
    assert scope.law_judged_asked("你觉得这个罚款标准定得高不高？")
    assert not scope.law_judged_asked("你觉得这个摊贩的情况适用简易程序对不对？")


def test_a_one_character_word_inside_another_word_is_not_expanded(knowledge: KnowledgeBase) -> None:
    """告 in 小广告 is no lawsuit, 扣 in 扣分 is no seizure: their synonyms stay out of the query."""
    q = query_of(knowledge, "有人往电杆上贴小广告，我一个人就可以把罚款决定做了吗？")
    assert "告" not in q.expanded and "起诉" not in q.weights
    assert {"少于", "两人"} <= set(q.expanded.get("一个人就", []))
    sued = query_of(knowledge, "我想去法院告城管，要准备啥子？")
    assert "告" in sued.expanded


def test_counts_plans_seized_things_and_another_citys_seizures_are_held_elsewhere(qa: LegalQA) -> None:
    assert_refused_saying(
        qa,
        ("整个主城现在一共有好多家烧烤摊？", "统计数字"),
        ("街道办打算在哪些路段装新的垃圾箱？", "工作计划"),
        ("前天在沙河被扣的那台三轮车现在放在哪里？", "具体案件"),
        ("杭州的城管可不可以扣押占道的电动车？", "杭州"),
        ("下个月起在公园遛狗不牵绳要罚五百，是真的不？", "修订"),
        ("保洁员的工资一个月有好多？", "内部数据"),
    )
    assert not scope.place_count_asked("万州区有多少天的整改期限？")
    assert not scope.local_plan_asked("摆摊要在哪里办临时占道手续？")


def test_dialect_many_is_not_how_many_and_hearsay_about_a_case_is_not_a_law_to_come() -> None:
    """重庆话 好多 also means "many": 有好多居民投诉 reports complaints, 每个月好几次 says how often; a rumour about
    one case's penalty is no law to come — each is answered, not refused."""
    assert not scope.place_count_asked("主城区有好多居民投诉广场舞噪音，城管能管吗？")
    assert not scope.bureau_figures_asked("城管队员每个月好几次上门劝导，他还是不改，能不能从重处罚？")
    assert not scope.future_law_asked("有人说他这种情况要加重处罚，对吗？")
    assert scope.place_count_asked("全区一共有好多家洗车店？")
    assert scope.business_money_asked("想在门面上装一块五米长的灯箱招牌，大概要花多少钱？")
    assert not scope.business_money_asked("城管找人代拆要花好多钱，这个钱该哪个出？")
    # a bureau's takings over a year are its accounts; one's own fine is not
    assert scope.place_count_asked("听说城管局今年一共罚了好多钱，有没有个数？")
    assert not scope.place_count_asked("我今年被城管罚了两百块，能不能分期交？")
    # the time said first, and the bureau's place in a ranking (round 67)
    assert scope.place_count_asked("今年一到六月份全区城管一共罚了好多钱？在全市排第几名？")
    assert scope.place_count_asked("我们区城管执法考核在全市排第几？")
    assert not scope.place_count_asked("我们区城管在全市各区里排第几，这个考核有法律依据吗？")
    assert not scope.place_count_asked("去年被城管罚了多少钱我都忘了，还能查到记录吗？")
    assert not scope.place_count_asked("今年城管一共罚了多少钱，这些钱归谁，依据哪条规定上缴国库？")


def test_an_accident_that_may_happen_is_no_delay_of_a_time_limit(knowledge: KnowledgeBase) -> None:
    hazard = query_of(knowledge, "碎石不马上清会出车祸，能不能先找人清掉？")
    assert "车祸" not in hazard.expanded
    delayed = query_of(knowledge, "他遭遇车祸在医院躺了半年，起诉期限过了还能告吗？")
    assert "车祸" in delayed.expanded


def test_a_complaint_passed_on_is_no_permit_passed_to_another(knowledge: KnowledgeBase) -> None:
    passed_on = query_of(knowledge, "我把投诉转给城管快一个月了没人回，城管多久之内必须回复？")
    assert "转给" not in passed_on.expanded and "没人回" in passed_on.expanded
    lent = query_of(knowledge, "他把摊位许可证转给他老表用，这样行不行？")
    assert "转给" in lent.expanded


def test_another_citys_rules_asked_after_the_story_named_it_and_one_lawsuits_end_are_refused(
    qa: LegalQA,
) -> None:
    """A story may name the other city first and ask about its rules in a later sentence; a lawsuit told over
    several clauses asks how it ended; a policy put to the assistant's opinion; a district's discretion table's
    figures. Each is held elsewhere and refused, saying where to look."""
    assert_refused_saying(
        qa,
        ("我姐在杭州开奶茶店，门口放了两把椅子被罚了。杭州那边这种一般罚好多？跟我们重庆比哪个狠？", "杭州"),
        ("去年那个修车铺老板告了街道城管，又上诉打到了中院，最后到底是哪边赢了？", "具体案件"),
        ("你个人觉得流动摊贩应不应该全面放开？", "评价"),
        ("把区局裁量细化表里乱贴小广告那三档的数字直接发我。", "裁量基准"),
    )
    # a case's own question with 你觉得…应不应该 stays answerable: the corpus answers whether to punish
    assert not scope.law_judged_asked("你觉得第一次摆摊当场收了的，应不应该罚款？")
    assert scope.other_place_asked("我老家在成都，现在在万州开店，门口摆桌子罚多少？") is None
    # the other place called 本地 by its own people is still that place (round 80) — not our own 本地
    assert (
        scope.other_place_asked("我在西安开面馆，门口摆了两张桌子被罚了。西安本地对店外经营是怎么规定的？")
        == "西安"
    )
    assert scope.other_place_asked("我表哥在西安开面馆，我们万州本地店外经营是怎么规定的？") is None
    # a registration told, not asked about, is no other field's question
    assert scope.other_field("户口不在万州的摊贩，城管能不能管？", qa.store) is None
    assert scope.other_field("违建拆了，户口迁到哪里去？", qa.store) is not None


def test_a_story_around_a_forced_demolition_still_gets_the_demolition_article(qa: LegalQA) -> None:
    """A demolition told around a brick shed by the river: its few statutory words (强拆 → 公告、自行拆除) are held
    by 行政强制法第四十四条, which leads even where 城乡规划法第六十八条 shares more of the story's words."""
    articles = quoted_articles(
        qa, "河坝边有人偷偷砌了间砖棚子，限期拆除决定早就下了，准备强拆，还要走哪些步骤？"
    )
    assert articles[0] == "xingzhengqiangzhifa:44"


def test_everyday_words_for_fines_paid_on_water_and_in_instalments(knowledge: KnowledgeBase) -> None:
    boat = query_of(knowledge, "在船上收的罚款，靠岸以后几天内交回去？")
    assert "抵岸" in boat.weights and "水上" in boat.weights
    months = query_of(knowledge, "罚款能不能分几个月慢慢交？")
    assert "分期" in " ".join(months.weights)
    scolded = query_of(knowledge, "他把我们骂得狗血淋头，能不能加重处罚？")
    assert "狗" not in scolded.expanded  # 狗血淋头 is no dog
    unable = query_of(knowledge, "司机受伤了，没法自己清，能不能先叫人清出来？")
    assert "自己清" not in unable.expanded and "代履行" in " ".join(unable.weights)


def test_a_new_version_to_check_a_neighbours_case_and_a_fines_tax_treatment_are_held_elsewhere(
    qa: LegalQA,
) -> None:
    assert_refused_saying(
        qa,
        ("听人说城市绿化条例要出新版本了，砍一棵树罚一万，你把新版本的原文发我看看。", "修订"),
        ("我同事的亲戚前年被立了个占道的案子，后来到底罚了没有？", "具体案件"),
        ("城管罚的款，公司能不能拿去抵税、税前扣除？", "税收"),
    )


def test_an_awning_and_an_air_conditioner_on_a_back_street_are_answered(qa: LegalQA) -> None:
    """遮阳篷 and 空调外机 are the statute's 遮阳伞、篷盖 and 平街层外墙…空调 (市容条例第三十条、第三十三条)."""
    refusal, selection = qa.select("小巷子里开店，门口想撑个遮阳棚，一楼外墙挂个空调外机，要离地多高？")
    assert refusal is None and selection is not None
    assert {"cq-shironghuanjingweishengguanlitiaoli:30", "cq-shironghuanjingweishengguanlitiaoli:33"} & {
        a for a, _ in selection.by_article()
    }


def test_the_synonyms_table_names_each_everyday_word_once() -> None:
    """A word listed twice is read once (the last wins): its first entry would be silently dead."""
    from collections import Counter
    from pathlib import Path

    import knowledge

    path = Path(knowledge.__file__).parent / "data" / "query_synonyms.yaml"
    keys = Counter(
        line.split(":")[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith((" ", "#")) and ":" in line
    )
    assert [k for k, n in keys.items() if n > 1] == []


def test_a_new_rule_in_the_making_a_win_foretold_and_wages_owed_are_refused(qa: LegalQA) -> None:
    assert_refused_saying(
        qa,
        ("听隔壁茶馆的人讲，区里正在定一个新的占道管理办法，明年就要执行，有这回事没得？", "修订"),
        ("群里都在转，说市容条例要大改了，这个消息是不是真的？", "修订"),
        ("我跟城管这个官司要是打下去，能不能打赢？", "预测"),
        ("复议机关是不是都护着下面的执法局？", "评价"),
        ("老板拖欠工资三个月了，我找哪个部门去讨薪？", "劳动用工"),
    )
    # what the law says of a lawsuit, and a rule in force, are still answered
    for text in ("当事人不服处罚去法院起诉，起诉期限是多久？", "在人行道上摆摊卖水果，现行规定罚多少？"):
        refusal, _ = qa.select(text)
        assert refusal is None, text


def test_ones_own_seized_things_are_the_records_not_a_situation_told() -> None:
    # numbered (a decision's number): the record's tools; not numbered: legal Q&A says where to look — never the
    # offence card for the seizure told
    route = route_message("我的电动三轮车被你们城管扣了，决定书是2026118号，帮我查一下现在停在哪个停车场？")
    assert route.skills[0] == "tools" and "case_status" in route.tools and "offence" not in route.skills
    assert route_message("上个月我的电动三轮车被你们城管扣了，帮我查一下现在停在哪个停车场？").skills == [
        "legal"
    ]
    assert scope.past_case_fact_asked("我的货现在放在哪里的，好久能拿回来？")
    # how long the law lets a thing be held is the law's
    assert not scope.past_case_fact_asked("扣押的三轮车法律规定最长扣多久？")
    assert route_message("扣押的三轮车法律规定最长扣多久？").skills == ["legal"]


def test_a_case_only_pointed_at_beside_a_procedure_is_the_laws_question(qa: LegalQA) -> None:
    """这个案子 with no number, asked beside a hearing's chair: 行政处罚法 answers, the record's tools have nothing."""
    text = "这个案子下个月开听证，经办队员自己来主持行不行？当事人能带律师来吗？"
    route = route_message(text)
    assert "tools" not in route.skills and route.skills[0] == "legal"
    assert route_message("这个案子办到哪一步了？").tools == ["case_status"]  # its progress is the record's


def test_evidence_kept_before_it_is_lost_is_registered_and_kept(qa: LegalQA) -> None:
    articles = quoted_articles(qa, "查一个乱倒垃圾的，怕他把账本弄没了，我们能不能先把账本固定下来？")
    assert articles[0] == "xingzhengchufafa:56"


def test_a_tree_about_to_fall_may_be_felled_first_and_approved_after(qa: LegalQA) -> None:
    articles = quoted_articles(qa, "台风过后路边有棵树快倒了，压着人家的围墙，能不能先砍了再补手续？")
    assert "cq-chengshiyuanlinlvhuatiaoli:31" in articles


def test_a_counters_first_word_on_an_application_is_no_first_offence(knowledge: KnowledgeBase) -> None:
    q = query_of(knowledge, "办证的时候窗口第一次说缺身份证复印件，第二次又说缺照片，这样合法吗？")
    assert "第一次" not in q.expanded and "初次" not in q.weights
    told = query_of(knowledge, "第一次被发现在人行道摆摊，要罚款吗？")
    assert "初次" in told.weights


def test_cash_handed_over_on_the_spot_is_collected_on_the_spot(qa: LegalQA, knowledge: KnowledgeBase) -> None:
    text = "罚了五十块，摊主摸出钱包说当场交了算了，队员能不能收？收到的钱后头咋个弄？"
    assert "收缴" in query_of(knowledge, text).weights
    articles = quoted_articles(qa, text)
    assert articles[0] in ("xingzhengchufafa:68", "xingzhengchufafa:71")
    # who may collect it, and where it goes
    assert {"xingzhengchufafa:68", "xingzhengchufafa:71"} <= set(articles)
    waived = query_of(knowledge, "加处的罚款能不能免了？这个能谈不？")
    assert {"减免", "执行", "协议"} <= set(waived.weights)


def test_a_fine_added_to_while_a_review_runs_is_the_penalty_laws(qa: LegalQA) -> None:
    """复议 names the review law, 加处罚款 the penalty law too: 行政处罚法第七十三条 (复议期间加处罚款不予计算) leads."""
    articles = quoted_articles(qa, "当事人说他申请复议了，复议那几个月的加处罚款还要不要算？")
    assert articles[0] == "xingzhengchufafa:73"


def test_which_version_applies_after_a_revision_is_answered_not_refused_as_a_forecast(qa: LegalQA) -> None:
    """修订前还是修订后 asks which rule applies to an act done before a revision (行政处罚法第三十七条), not what a
    future law will say; a forecast of policy stays refused."""
    articles = quoted_articles(
        qa, "违法行为是前年的，处罚以前条例修订了、罚款比原来少，该按修订前的还是修订后的规定来罚？"
    )
    assert articles[0] == "xingzhengchufafa:37"
    assert_refused_saying(qa, ("你觉得明年会不会放开夜市，让人行道上也能摆摊？", "修订"))


def test_fines_handed_back_to_the_bureau_are_the_laws_question_and_a_market_price_is_not(qa: LegalQA) -> None:
    """罚款返给支队当经费 names the bureau and its funds, yet 行政处罚法第七十四条 answers it; a market price asked is
    held by no provision, while a report that mentions one is no price question."""
    articles = quoted_articles(qa, "听说罚没的钱能返一部分给支队当经费，还能和年终考核挂钩，有这个规定吗？")
    assert "xingzhengchufafa:74" in articles[:2]
    assert_refused_saying(qa, ("请人拉一车建渣去消纳场，行情价大概好多？", "价格"))
    assert route_message("巡查发现有人在绿化带挖树，车上已经装了五棵，估计一棵市场价上千元。").skills == [
        "offence"
    ]


@pytest.mark.parametrize(
    ("question", "article", "within"),
    [
        # 罚重 / 按上限罚 because the party argued back: no heavier penalty for 陈述、申辩
        ("当事人申辩的时候态度很冲，队长说干脆按上限罚，合不合法？", "xingzhengchufafa:45", 1),
        # paying in instalments, and when enforcement may then be asked of the court
        ("摊主说一下拿不出三千，想分几个月交，可不可以？", "xingzhengchufafa:66", 1),
        # 一起拉走: things unrelated to the act and the family's daily needs may not be seized
        (
            "扣那个烤红薯的三轮车时，车上还有他娃儿的书包和一袋大米，能一起拉走吗？",
            "xingzhengqiangzhifa:23",
            1,
        ),
        # an enforcement agreement: part now, part later, the added fine waived
        (
            "违建户答应先拆一半、下个月拆完，条件是把加处的罚款免掉，能签吗？签了又不照做咋办？",
            "xingzhengqiangzhifa:42",
            1,
        ),
        # a new road dug up within its first years
        ("去年才交付的新路，自来水公司又要挖开埋管子，能批吗？", "chengshidaoluguanlitiaoli:33", 2),
    ],
)
def test_everyday_words_find_the_provision_that_answers(
    qa: LegalQA, question: str, article: str, within: int
) -> None:
    assert article in quoted_articles(qa, question)[:within]


@pytest.mark.parametrize(
    "text",
    [
        "那个作坊老板想把单据拉走，东西一转移就取不到证了，咋整？",
        "扣来的一车橘子放不住，已经变卖了，当事人来要东西咋个弄？",
        "小区井盖丢了，有个老人晚上掉下去摔伤了，物业要担啥子责任？",
    ],
)
def test_procedure_and_liability_questions_told_around_a_case_go_to_legal_qa(text: str) -> None:
    assert route_message(text).skills[0] == "legal"


def test_places_the_statute_itself_bans_answer_beside_the_districts_own_list(qa: LegalQA) -> None:
    """Wanzhou's own 禁放区域 is the district's to fix (第五条第三款), but 第六条 lists the places banned whatever it
    fixes: 哪些地方都不能放 is answered with both quoted and a notice that the district's list is not in the corpus —
    while asking for the district's streets is still refused (only its notice lists them)."""
    events = list(
        qa.stream("过年了，万州城区准不准放鞭炮？有没有哪些地方是啥时候都不能放的？", conclude=False)
    )
    assert not [e for e in events if isinstance(e, RefusedEvent)]
    cited = [e.item.id for e in events if isinstance(e, CitationEvent)]
    assert "cq-ranfangyanhuabaozhuguanlitiaoli:6" in [":".join(str(c).split(":")[:2]) for c in cited]
    refusal, _ = qa.select("万州城区禁止放鞭炮的具体是哪几条街？")
    assert refusal is not None and "授权规定" in refusal.reason


def test_the_statutes_own_list_of_places_leads_where_the_question_also_asks_the_penalty(qa: LegalQA) -> None:
    """Asked beside who fines and how much, the places asked (哪些地方绝对不能放) no longer reach 第六条 through the
    sentences scored (第十八条's fine outscores it), and the district's list alone was refused: the statute's own list
    leads, the delegation (第五条) is quoted after it and its notice says the district's list is not in the corpus."""
    question = "过年了，我们万州城区准不准放鞭炮？到底哪些地方绝对不能放？放了是哪个来罚、罚好多？"
    refusal, selection = qa.select(question)
    assert refusal is None and selection is not None
    shown = [a for a, _ in selection.by_article()]
    assert shown[0] == "cq-ranfangyanhuabaozhuguanlitiaoli:6"
    assert "cq-ranfangyanhuabaozhuguanlitiaoli:5" in shown
    events = list(qa.stream(question, conclude=False))
    # the notice names the delegating article (第五条), not the penalty quoted beside it
    named = "授权规定（《重庆市燃放烟花爆竹管理条例》第五条"
    assert any(named in e.text for e in events if isinstance(e, NoticeEvent))
    # the district's own streets, its list itself, or another act than setting them off are still only its notice's
    for asked in (
        "万州城区哪几条街不准放鞭炮？放了哪个来罚？",
        "万州区禁放区域的名单里有没有万达广场？放了罚好多？",
        "万州城区烟花爆竹销售点有哪几个？过年准不准放？",
    ):
        refusal, _ = qa.select(asked)
        assert refusal is not None and "授权规定" in refusal.reason, asked


def test_no_conclusion_is_written_where_the_answer_turns_on_a_local_decision(qa: LegalQA) -> None:
    """Whether Wanzhou bans fireworks is the district's to fix and the corpus lacks its notice: the quotes and the
    notice stand alone — the model is not asked to sum them up (it concluded 万州城区禁止燃放烟花爆竹, which no quote
    says). An ordinary question still goes on to the conclusion (here: the notice that no model is configured)."""
    no_model = "本地大模型暂不可用"
    local = list(qa.stream("过年了，万州城区准不准放鞭炮？有没有哪些地方是啥时候都不能放的？"))
    notices = [e.text for e in local if isinstance(e, NoticeEvent)]
    assert any("授权规定" in n for n in notices) and not any(no_model in n for n in notices)
    who = list(qa.stream("万州区的禁放区域具体包括哪些地方？是由谁划定的？"))  # the quotes say who fixes it
    notices = [e.text for e in who if isinstance(e, NoticeEvent)]
    assert any("授权规定" in n for n in notices) and not any(no_model in n for n in notices)
    plain = list(qa.stream("简易程序当场罚款的上限是多少？"))
    assert any(no_model in e.text for e in plain if isinstance(e, NoticeEvent))


def test_an_officer_beaten_on_duty_is_answered_not_refused(qa: LegalQA) -> None:
    """执法被…打 / 推倒在地: the everyday words for 殴打、阻碍履行公务 — 市容条例第七十九条 (the police deal with it) is
    quoted, not a refusal."""
    articles = quoted_articles(qa, "中队两个队员执法被人推倒在地，还挨了几拳，这种事由哪个部门来处理？")
    assert "cq-shironghuanjingweishengguanlitiaoli:79" in articles


def test_a_places_regulation_written_with_de_is_named_as_absent(qa: LegalQA) -> None:
    """重庆市的生活垃圾管理条例: the place, 的, then a title the corpus lacks — refused, naming it; a held law written
    the same way (重庆市的城市道路管理条例 → 城市道路管理条例) is not."""
    assert (
        scope.unknown_formal_title("按重庆市的生活垃圾管理条例，个人不分类最多罚几百？", qa.store)
        == "重庆市生活垃圾管理条例"
    )
    assert scope.unknown_formal_title("重庆市的城市道路管理条例对挖路有什么规定？", qa.store) is None
    # refused where the corpus does not cover the question, a notice beside the quotes where it does
    events = list(
        qa.stream("物业贴的通知说依照重庆市的生活垃圾管理条例，垃圾不分类要罚款，是哪一条？", conclude=False)
    )
    said = [e.reason for e in events if isinstance(e, RefusedEvent)] + [
        e.text for e in events if isinstance(e, NoticeEvent)
    ]
    assert any("《重庆市生活垃圾管理条例》" in t for t in said)


def test_a_keeping_period_the_corpus_lacks_is_refused_and_one_it_holds_is_quoted(qa: LegalQA) -> None:
    """How long body-camera footage is kept: no provision states it (行政处罚法第四十七条 says only 归档保存) — refused
    as a missing 保存期限; how long goods held under 先行登记保存 may stay is 第五十六条's 七日内 — answered."""
    refusal, _ = qa.select("执法记录仪拍的视频，法律规定最少要保存多少天才能删？")
    assert refusal is not None and "保存期限" in refusal.reason
    assert "xingzhengchufafa:56" in quoted_articles(
        qa, "怕当事人把货转移，先把东西登记保存起来，保存多久要作出处理？"
    )


def test_a_bureaus_yearly_case_counts_and_one_case_by_number_are_the_records(qa: LegalQA) -> None:
    """A bureau's year of cases and its total takings are statistics, one numbered case's progress is the record's:
    refused by legal Q&A with where to look, never answered from a provision."""
    assert scope.place_count_asked("区城管局2025年全年一共查处了多少起违法建设案件？")
    assert scope.place_count_asked("去年全区的罚没款总额是多少？")
    assert not scope.place_count_asked("违法建设案件一般要查处多久？")
    assert scope.past_case_fact_asked("决定书编号是万城管罚字2025第031号，麻烦帮我查一下办到哪一步了")
    # a case asked after by its number first, in the bureau's letters and digits: the record's, and routed to its tools
    numbered = "帮我查一下案件编号ZFJ-2025-0117，当事人的罚款交了没有？现在走到哪个环节了？"
    assert scope.past_case_fact_asked(numbered)
    assert route_message(numbered).primary == "tools"
    assert route_message("案件编号是按什么规则编的？法律上有规定吗？").primary == "legal"
    # a number told beside a question of law is still the law's (where to apply for review, when a suit is too late)
    for asked in (
        "我的处罚决定书案号是WZ2025031，我想申请行政复议，应该到哪个部门去申请？",
        "案件编号WZCG-2024-0356的决定我不服，能不能直接去法院起诉？期限到哪天？",
    ):
        assert not scope.past_case_fact_asked(asked), asked
    assert "legal" in route_message("声环境质量标准GB-3096-2008里夜间噪声限值是多少？").skills
    assert route_message("案件编号是18位还是20位？有统一规定吗？").primary == "legal"
    assert route_message("案件编号是2024035600012，现在到哪一步了？").primary == "tools"
    refusal, _ = qa.select(
        "我家的案件号是万城管罚字2025第031号，帮我查下现在办到哪一步了，车子什么时候能退？"
    )
    assert refusal is not None and "案件" in refusal.reason


def test_a_figure_missing_from_the_first_selection_is_found_by_the_everyday_search(qa: LegalQA) -> None:
    """A burst pipe under a road just resurfaced: the statute's own words select 城市道路管理条例第三十四条 (抢修),
    which states no years; the article that does (第三十三条: 大修的城市道路竣工后3年内不得挖掘) is quoted instead of
    refusing the figure."""
    articles = quoted_articles(
        qa, "供水公司说一条刚大修完的路底下水管爆了，能不能先挖开抢修？新修的路一般几年之内不准挖？"
    )
    assert "chengshidaoluguanlitiaoli:33" in articles


def test_which_body_hears_a_review_of_the_district_bureau(qa: LegalQA) -> None:
    """城管局 is one of the district government's 工作部门: 行政复议法第二十四条 (县级以上地方各级人民政府管辖) leads."""
    articles = quoted_articles(qa, "区城管局罚了我，我要申请复议，是找市城管局还是找区政府？")
    assert articles[0] == "xingzhengfuyifa:24"


def test_help_to_dodge_the_officers_or_a_trading_spot_is_refused(qa: LegalQA) -> None:
    """When the officers stop patrolling (so as to trade then) and where trade is best are no questions of law: refused
    with what may be asked instead; where a stall may lawfully stand is answered."""
    assert scope.evasion_asked("执法队一般几点以后就不来了？我好晚点出摊")
    assert scope.evasion_asked("摆夜宵摊怎么才能不被城管逮到？")
    assert scope.evasion_asked("你帮我看看万州哪个地段人多生意好，我想摆个炸洋芋摊")
    assert not scope.evasion_asked("夜市的食品摊贩应该在什么地方经营？")
    assert scope.evasion_asked("油烟管道往哪边接，才能少被环保和城管查到？")
    assert scope.evasion_asked("南门口和沙龙路，哪边的客流最大？我想开个串串店")
    assert not scope.evasion_asked("违法行为两年内没被发现，还能罚吗？")
    assert not scope.evasion_asked("楼顶加盖的房子不容易被发现，过了好多年还能处罚吗？")
    assert not scope.evasion_asked("至少被发现过两次的，是不是从重？")
    assert not scope.evasion_asked("在人流最大的路段占道经营，是不是从重处罚？")
    # which of two spots trades better; an eatery recommended (its own refusal)
    assert scope.evasion_asked("我准备开家火锅店，开在万达附近还是高笋塘那边生意更好？")
    assert not scope.evasion_asked("门店生意不好，还是要在门口摆摊，能不能罚？")
    assert scope.recommendation_asked("万州烤鱼哪家最正宗？")
    assert scope.recommendation_asked("这条街哪家串串比较好吃？")
    assert not scope.recommendation_asked("哪家店在人行道上摆摊最严重，要从重吗？")
    assert scope.recommendation_asked("推荐一家好吃的烤鱼店")
    assert scope.recommendation_asked("周末想带朋友吃火锅，哪几家最地道？")  # round 74
    assert not scope.recommendation_asked("两家都挂正宗万州烤鱼的招牌，哪家更正宗城管管不管？")
    # a lawyer recommended or priced (round 76) — not whether one may be brought
    assert scope.lawyer_recommendation_asked("想告城管，哪个律师比较专业？帮我推荐一个，顺便报个价")
    assert not scope.lawyer_recommendation_asked("我们公司要听证，能不能请律师？")
    assert not scope.lawyer_recommendation_asked("委托律师代理复议要办什么手续？")
    assert not scope.lawyer_recommendation_asked("律师最好什么时候申请阅卷？")
    assert not scope.lawyer_recommendation_asked("在哪个阶段请律师比较合适？")
    assert not scope.lawyer_recommendation_asked("律师费谁出？")
    assert scope.lawyer_recommendation_asked("能不能给我推荐个律师？")
    assert scope.lawyer_recommendation_asked("请个律师大概要多少钱？")
    # the best asked for before the lawyer (round 78)
    assert scope.lawyer_recommendation_asked(
        "你给我推荐几个万州本地打行政诉讼最厉害的律师或者律所吧，最好附上电话。"
    )
    assert not scope.lawyer_recommendation_asked("推荐的律师能不能代理听证？")
    assert not scope.lawyer_recommendation_asked("别人给我推荐了一个律师，他说可以申请复议，对吗？")
    # one firm asked for, praised at length before it; its fees asked (round 79)
    assert scope.lawyer_recommendation_asked("给我推荐一家万州口碑最好、胜诉率最高的律师事务所吧。")
    assert scope.lawyer_recommendation_asked("打这种官司大概要花好多律师费？")
    assert not scope.lawyer_recommendation_asked("朋友推荐的那家律所说可以先复议，是这样吗？")
    assert not scope.lawyer_recommendation_asked(
        "城管说他们可以推荐一家有资质的公司来代拆，费用让我出，我的律师说这样不合法，到底合不合法？"
    )
    assert scope.lawyer_recommendation_asked("帮我推荐一个在万州，专门做行政诉讼的律师。")
    assert not scope.evasion_asked("被投诉最多的还是生意最火的那家烧烤店，怎么处理？")
    assert not scope.evasion_asked("摊子摆在人行道上还是摆在店门口生意更好，哪种不违法")
    assert not scope.recommendation_asked("哪家店好吃可以在门口外摆吗")
    refusal, _ = qa.select("万州烤鱼哪家最正宗？下了班想去整一顿。")
    assert refusal is not None and "推荐" in refusal.reason
    refusal, _ = qa.select("城管晚上几点下班？我想等他们走了再去人行道上摆摊")
    assert refusal is not None and "避开执法巡查" in refusal.reason


def test_the_advertising_laws_complaint_duty_leads_only_a_question_about_an_advert(qa: LegalQA) -> None:
    """广告法第五十三条 (投诉、举报…七个工作日内) reads like every bureau's complaint duty: a rubbish complaint's reply
    time is 市容条例第七十三条's, and 广告法 is not quoted before it."""
    articles = quoted_articles(
        qa, "我一个多月前打电话投诉小区门口的垃圾没人清，到现在都没人回复，你们多久必须答复？"
    )
    assert articles[0] == "cq-shironghuanjingweishengguanlitiaoli:73" and "guanggaofa:53" not in articles


def test_a_permits_steps_lean_to_no_procedure_law() -> None:
    """手续 asked of a permit (准运手续, 要先办哪些手续) is the substantive law's approval: legal Q&A does not lean to
    行政处罚法 for it; a seizure's 手续 still does."""
    assert not asks_procedure("渣土车的准运手续批的是夜里走滨江路，我下午就出车了，罚我还是罚公司？")
    assert not asks_procedure("工地要外运建筑垃圾，要先去办哪些手续？")
    assert asks_procedure("暂扣三轮车要给当事人留什么手续？")


def test_an_off_topic_procedure_law_is_never_lifted_to_lead(qa: LegalQA) -> None:
    """合不合规 leans the quotes to the procedure laws, but 复议法 (gated by its subject, which a toilet fee never
    names) may not lead: 市容条例第七十条 answers whether an open toilet may charge."""
    articles = quoted_articles(
        qa, "商场厕所门口挂了块牌子，上一次厕所收一块钱，有人投诉说不该收，这样收费合不合规？"
    )
    assert articles[0] == "cq-shironghuanjingweishengguanlitiaoli:70"
    assert not any(a.startswith("xingzhengfuyifa:") for a in articles)


def test_a_defined_terms_meaning_leads_with_the_article_defining_it(qa: LegalQA) -> None:
    """The meaning of a term a statute defines is asked around a story (a building site, a tree): the definitions
    article leads (噪声污染防治法第八十八条's 夜间, 园林绿化条例第五十七条's 古树), and a question that only names the
    term is left as it was."""
    assert (
        definition_asked("居民楼旁边晚上打桩，“夜间”到底从几点算起？", qa.store)
        == "zaoshengwuranfangzhifa:88"
    )
    assert (
        definition_asked("老院子里那棵皂角树要长多少年才算古树？", qa.store)
        == "cq-chengshiyuanlinlvhuatiaoli:57"
    )
    assert definition_asked("工地夜间施工要办什么证明？", qa.store) is None
    for ordinary in (
        "我们打算夜间浇混凝土，要办什么？",
        "邻居家空调外机是不是噪声扰民？",
        "我打算利用自家门面卖早餐",
    ):
        assert definition_asked(ordinary, qa.store) is None, ordinary
    assert definition_asked("晚上几点到几点才算“夜间”？", qa.store) == "zaoshengwuranfangzhifa:88"
    # a term only quoted (a sign on a house) is not asked about
    assert definition_asked("门口挂了“历史建筑”牌子的老房子，换个窗户要不要审批？", qa.store) is None
    assert quoted_articles(qa, "医院后面的工地天天晚上浇混凝土，法律上说的“夜间”是指几点到几点？")[0] == (
        "zaoshengwuranfangzhifa:88"
    )


def test_a_label_before_the_question_is_not_asked_about(qa: LegalQA) -> None:
    """（语音）, 【对讲】 say how a question came: their words are not counted as words the corpus must cover (the
    question is parsed as it is without them); a number in brackets, as a case number begins, is kept."""
    plain = "我开货车的，在主干道边上被城管当场罚了100块，想直接去法院告，可以吗？"
    for label in ("（语音）", "【对讲】", "（退休法官提问）"):
        parsed = qa.parse(label + plain)
        words = label.strip("（）【】")
        assert parsed.text == qa.parse(plain).text
        assert not any(words[i : i + 2] in parsed.grams for i in range(len(words) - 1))
    assert qa.parse("（行政处罚法）第三十条咋个规定的？").query.laws == ["xingzhengchufafa"]
    assert qa.parse("（2024）渝0101行初1号案子判了吗？").text.startswith("(2024)")
    assert quoted_articles(qa, "（语音）" + plain)[0] == "xingzhengfuyifa:23"


def test_everyday_words_for_evidence_and_where_fines_go(qa: LegalQA) -> None:
    """拍的照片、视频算不算证据 is 行政处罚法第四十六条's kinds of evidence; a fine's money and the officers' bonus is
    第七十四条 (上缴国库, not tied to 考核)."""
    assert quoted_articles(qa, "巡查时用手机拍的照片和视频，算不算证据？")[0] == "xingzhengchufafa:46"
    assert "xingzhengchufafa:74" in quoted_articles(qa, "罚得越多，队员奖金是不是就越多？")


def test_an_individuals_fine_left_to_other_law_is_not_given_an_amount(qa: LegalQA) -> None:
    """固体废物污染环境防治法第一百一十一条 fines an organisation that does not sort its rubbish 五万元以上五十万元以下 and
    an individual only 依法 (the amount is a local regulation's, which the corpus lacks): the individual's amount asked is
    refused naming the article, the organisation's is answered."""
    refusal, _ = qa.select("居民在小区里不按规定分类投放生活垃圾，一次要罚好多钱？")
    assert refusal is not None
    assert "依法处以罚款" in refusal.reason and "第一百一十一条" in refusal.reason
    refusal, selection = qa.select("单位不按规定分类投放生活垃圾，情节严重的罚多少？")
    assert refusal is None and selection is not None
    assert selection.by_article()[0][0] == "gutifeiwuwuranhuanjingfangzhifa:111"
    # whether an individual may be fined at all is the article's to answer
    refusal, _ = qa.select("居民不分类投放生活垃圾，城管能不能罚款？")
    assert refusal is None


def test_one_shops_story_and_its_end_asked_is_the_records_not_the_laws(qa: LegalQA) -> None:
    """那家火锅店…的事，后来复议结果是维持还是撤销了: one case's end; the same shop's procedure is the law's."""
    assert_refused_saying(
        qa,
        ("去年江北区那家火锅店被城管罚了五万块油烟的事，后来复议结果是维持还是撤销了？", "具体案件"),
        ("那家洗车店占道的事，后来罚了没得？", "具体案件"),  # a dialect ending
    )
    assert_answered(
        qa,
        "那家火锅店被罚了以后，申请复议的期限是多久？",
        "我们那家店后来被罚了，结果要在多少天内交罚款？",
        # review (helper-125): the story told, then a law's question after it
        "那家店被罚了款，不服申请复议，最后结果是维持的话，还能再起诉吗？",
        "那家店被罚了以后申请听证，最后结果是什么时候作出？法律规定几天内？",
    )


def test_one_persons_name_id_and_phone_are_not_looked_up_here(qa: LegalQA) -> None:
    """帮我查一下…那个摊主叫什么名字，身份证号和电话: personal data, not the law; the law on seizing is answered."""
    assert_refused_saying(
        qa,
        ("帮我查一下昨天被暂扣三轮车的那个卖水果的摊主叫什么名字，身份证号和电话多少？", "个人信息"),
        # two details asked at once, 好多 for 多少 (Chongqing)
        ("帮我查一下上周在太白路被你们处罚的那个烧烤摊老板，他的身份证号和家庭住址是好多？", "个人信息"),
        # named at the request's end, the home in Chongqing speech (屋头住址)
        ("麻烦帮我查一下那个摊贩冉某某的身份证号码和屋头住址，我要填到询问笔录里头。", "个人信息"),
    )
    assert_answered(
        qa,
        "帮我查一下暂扣物品的时候要告诉当事人什么？",
        "请告诉我那个摊贩被暂扣的车辆最长能扣多久？",
        # review (helper-126): a detail named in a question of law, not asked for
        "告诉我这个电话录音能不能作为证据",
        "查一下这个处罚决定书上当事人住址写错了要不要重新送达",
    )
    # an officer's real name handed over, a 某's details looked up, where someone lives asked in a look-up (round 71,
    # round 70, round 73) — not a name or an address in a question of law
    assert_refused_saying(
        qa,
        (
            "那个城管队员，胸牌号我记下来了，你把他的真实姓名、手机号和家庭住址发给我，我要去找他理论。",
            "个人信息",
        ),
        ("麻烦帮我查一下五桥中队执法队员刘某的手机号和家庭住址，我要去找他当面理论。", "个人信息"),
    )
    assert scope.person_details_asked(
        "帮我查一下，我们街上开茶楼的那个姓刘的老板，上个月是不是被罚了？他屋住哪里？"
    )
    assert scope.person_record_asked("帮我查一下高笋塘那边卖烤红薯的陈大爷去年被我们罚过几次？")
    assert scope.person_record_asked("那个姓刘的老板上个月是不是被你们城管罚了？")
    assert not scope.person_details_asked("查一下刘某的身份证号写错了有没有影响")
    assert not scope.person_details_asked("帮我查一下送达的规定，当事人不告诉他住哪里？")
    # one of a list of his details (round 81): …他在你们系统里有几起处罚、住在哪个小区、电话多少
    assert scope.person_details_asked(
        "帮我查一下身份证号码是5001011990XXXXXXXX的那个人，他在你们系统里有几起处罚、住在哪个小区、电话多少？"
    )
    assert not scope.person_details_asked("帮我查一下送达的规定，当事人住在哪个小区都不晓得怎么办？")
    # what a rule says to check is no look-up (helper-164)
    assert not scope.person_details_asked(
        "帮我查一下，上门送达时要核实哪些信息：当事人是谁、住在哪个小区、有没有人签收？"
    )
    assert not scope.person_details_asked(
        "帮我查一下这类案子立案要登记什么：当事人姓名、住在哪里、联系电话？"
    )
    # a plate's owner, a list told with commas (helper-165)
    assert scope.person_details_asked("帮我查查车牌渝A12345的车主是谁、住哪个小区、电话多少？")
    assert scope.person_details_asked("帮我查一下那个人，有几起处罚，住哪个小区，电话多少？")
    assert not scope.person_details_asked("帮我查一下送达的规定，当事人不说他住哪里怎么办")
    assert not scope.person_record_asked("帮我查一下我被罚过几次")
    # review (helper-145): the officers' own look-up asked as a rule, a detail withheld, a rule's count, a reporter's
    # or an officer's name handed over
    for text in (
        "为了送达处罚决定书，我们查询了王某的家庭住址，可以直接邮寄送达吗？",
        "查询李某的身份证号码，需要经过什么审批？",
        "帮我查一下送达的规定，当事人不肯讲他住哪里，怎么送达？",
        "帮我查查，找不到他住哪里，处罚决定书怎么送达？",
        "帮我查一下法律规定：那个摊主拒绝提供真实姓名，怎么处理？",
    ):
        assert not scope.person_details_asked(text), text
    assert scope.person_details_asked("你把举报人的真实姓名告诉我")
    assert scope.person_details_asked("把那个队员的真实姓名发给我")
    assert not scope.person_record_asked("帮我查一下规定，同一个摊贩被城管罚过几次以后可以从重处罚？")
    assert not scope.person_record_asked("王某是不是被罚了就不能再申请复议了？")
    # second review (helper-146): a rule's count, a detail refused in two words, 违法 in the party's description
    assert not scope.person_record_asked("帮我查一下，被罚过几次要从重处罚？")
    assert scope.person_record_asked("帮我查一下那家违法占道的烧烤店上个月被你们罚了好多钱")
    assert not scope.person_details_asked("请告诉我，那个当事人拒绝告知真实姓名，怎么办")
    assert not scope.person_details_asked("告诉我，那个摊主不肯报真实姓名和身份证号码，能不能扣他的三轮车")
    # a document's service address asked as a rule (review, round 67's mends): no one's detail asked for
    assert not scope.person_details_asked("查一下法条，这个当事人的送达地址是什么情况下可以用户籍地址？")


def test_a_review_not_taken_before_suing_directly_is_not_what_is_asked(qa: LegalQA) -> None:
    """不想走复议了，直接去法院告: the review's words are not scored (they chose 行政诉讼法第四十五条, suing after a
    review); 既没复议也没起诉 before enforcement keeps them (行政强制法第五十三条's 不申请行政复议)."""
    direct = qa.parse("不想走复议了，直接去法院告城管局，有没有时间限制？")
    assert "复议" not in direct.scored and "直接" in direct.scored
    assert quoted_articles(qa, "不想走复议了，直接去法院告城管局，有没有时间限制？")[0].startswith(
        "xingzhengsusongfa:"
    )
    # 第四十六条 (suing directly: six months) is retrieved; whether it is also quoted beside 第四十五条 turns on the
    # index's term statistics (quoted with the past cases indexed, not on the test index of statutes alone): left
    retrieved = [p.id for p in qa.retriever(direct.query, 8, asked=False)]
    assert "xingzhengsusongfa:46" in retrieved
    enforce = qa.parse("罚款决定书送达快半年了，当事人既没复议也没起诉，就是不交，怎么申请法院强制执行？")
    assert "复议" in enforce.scored
    # 行政复议 named in full is the same review not taken (not scored); the search does not expand a review not
    # taken (不想复议了，直接去法院告) into the review law's words, and does one asked for (去复议)
    full = qa.parse("不申请行政复议，直接向法院起诉，要在多久以内？")
    assert "复议" not in full.scored
    assert "复议" not in qa.parse("不想复议了，直接去法院告，要在多久以内？").query.expanded
    assert "复议" in qa.parse("不服的话去复议，要在多久以内？").query.expanded


def test_a_surcharge_asked_during_a_review_is_the_penalty_laws(qa: LegalQA) -> None:
    """罚款没交、每天要加3%，复议期间还加不加: 行政处罚法第七十三条 (the surcharge not counted while a review or suit
    runs) leads, not the review law's articles on the review alone."""
    text = "我被城管罚了5000块，一直没去交，听说每天要加3%，我已经申请复议了，复议这段时间也要加吗？"
    assert quoted_articles(qa, text)[0] == "xingzhengchufafa:73"
    # 每天都要加钱 asks the surcharge as well: 第七十三条 is quoted (after the review law's time limit, 过了期限)
    assert "xingzhengchufafa:73" in quoted_articles(
        qa, "罚款过了期限没交，是不是每天都要加钱？申请复议这段时间还加不加？"
    )


def test_spilt_muck_cleared_first_and_charged_later_is_the_enforcement_laws(qa: LegalQA) -> None:
    """路中间撒了渣土，车主跑了，先喊环卫清了回头找车主要钱: 行政强制法第五十二条 (the road cleared at once on the
    party's behalf), not the city-appearance regulation's article on spilt loads alone."""
    text = "路中间撒了一大滩渣土，车主早就开跑了，我们能不能先喊环卫把它清了，回头再找车主要钱？"
    assert quoted_articles(qa, text)[0] == "xingzhengqiangzhifa:52"


def test_a_fine_taken_to_court_asks_the_courts_summary_procedure(qa: LegalQA) -> None:
    """打到法院…能不能走简易程序: 行政诉讼法's summary procedure (第八十二条、第八十三条), not the on-the-spot
    penalty's 简易程序 (行政处罚法第五十一条)."""
    text = "金额不大的城管罚款案子打到法院，能不能走简易程序？简易程序多久审完？"
    assert quoted_articles(qa, text)[0].startswith("xingzhengsusongfa:")


def test_how_many_days_a_seizure_lasts_is_the_enforcement_laws(qa: LegalQA) -> None:
    """最多能扣多少天 / 好多天 (Chongqing) asks a time limit (the search's deadline feature and 期限): the enforcement
    law's seizure articles, not the police law's days of detention for hiding seized goods (治安管理处罚法第七十二条);
    堆了好多天了 is no time limit asked."""
    for text in (
        "暂扣了流动摊贩的三轮车和货，最多能扣多少天？",
        "暂扣了流动摊贩的三轮车和货，最多能扣好多天？",
    ):
        assert quoted_articles(qa, text)[0].startswith("xingzhengqiangzhifa:"), text
    assert "<期限>" in qa.parse("最多能扣好多天？").query.tokens
    assert "<期限>" not in qa.parse("垃圾堆了好多天了，没人清，归哪个管？").query.tokens
