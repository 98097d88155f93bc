"""Questions outside what the corpus can answer, recognised before any provision is quoted.

Retrieval always finds *some* provision, and a loosely related one can share enough words with a question to pass the
coverage check (a 违建 in a divorce question, 井盖 in a question about a criminal sentence). Three kinds of question
are recognised here, each only when the bureau's own corpus really lacks what they ask about (checked against the
store, so a bureau that adds the law or its discretion table gets answers from it):

* **a law named without 《》 that the corpus does not hold** (按刑法…, 民法典里…): refused when the retrieved
  provisions are only weakly related (coverage below ``assistant.extract.COVERAGE_SURE``), else the answer carries
  a notice that the named law is not in the corpus;
* **another field's subject** (社保, 个税, 离婚, 判几年 …: social insurance, tax, family, criminal sentencing, labour)
  whose words no provision of the corpus uses, when the retrieved provisions cover less than ``OFF_TOPIC_COVERAGE``
  of the question;
* **a local discretion table's figures** (万州区的裁量基准里“一般”罚多少): the corpus holds the statutory ranges, not a
  bureau's 裁量基准 (docs: DISCRETION_SOURCES), so the figures are not invented; the refusal says where to look.

Deterministic, no model. The word lists are the field's general vocabulary, not answers to evaluation questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.extract import COVERAGE_SURE, Selection, Unit
from knowledge.statutes.store import StatuteStore

# Laws officers and citizens name in passing, by the short name they use. Only those the store lacks count.
NAMED_LAWS: dict[str, str] = {
    "刑法": "中华人民共和国刑法",
    "民法典": "中华人民共和国民法典",
    "生态环境法典": "中华人民共和国生态环境法典",
    "婚姻法": "中华人民共和国婚姻法",
    "劳动法": "中华人民共和国劳动法",
    "劳动合同法": "中华人民共和国劳动合同法",
    "社会保险法": "中华人民共和国社会保险法",
    "个人所得税法": "中华人民共和国个人所得税法",
    "税收征收管理法": "中华人民共和国税收征收管理法",
    "消防法": "中华人民共和国消防法",
    "食品安全法": "中华人民共和国食品安全法",
    "安全生产法": "中华人民共和国安全生产法",
    "土地管理法": "中华人民共和国土地管理法",
    "物权法": "中华人民共和国物权法",
    "合同法": "中华人民共和国合同法",
    "公司法": "中华人民共和国公司法",
    "刑事诉讼法": "中华人民共和国刑事诉讼法",
    "民事诉讼法": "中华人民共和国民事诉讼法",
    "国家赔偿法": "中华人民共和国国家赔偿法",
    "消费者权益保护法": "中华人民共和国消费者权益保护法",
    "未成年人保护法": "中华人民共和国未成年人保护法",
    "文物保护法": "中华人民共和国文物保护法",
    "动物防疫法": "中华人民共和国动物防疫法",
    "森林法": "中华人民共和国森林法",
    "水法": "中华人民共和国水法",
    "城市房地产管理法": "中华人民共和国城市房地产管理法",
    "养犬管理条例": "养犬管理条例",
    "城市管理执法办法": "城市管理执法办法",
    "城管执法办法": "城市管理执法办法",
}
# Subjects of other fields, as people say them. A word counts only when no provision of the store uses it.
OTHER_FIELDS: dict[str, tuple[str, ...]] = {
    "社会保险": (
        "社保",
        "社会保险",
        "五险一金",
        "公积金",
        "医保",
        "养老保险",
        "失业保险",
        "工伤保险",
        "养老金",
    ),
    "税收": (
        "房产税",
        "增值税",
        "个人所得税",
        "个税",
        "印花税",
        "契税",
        "汇算清缴",
        "纳税",
        "报税",
        "发票",
        "交税",
        "缴税",
        "税率",
        "多少税",
        "好多税",
        "几多税",
        "什么税",
        "哪些税",
        "所得税",
        "税前扣除",
        "抵税",
        "少交点税",
        "列成费用",
    ),
    "婚姻家庭与继承": ("离婚", "结婚", "夫妻共同财产", "彩礼", "抚养费", "抚养权", "继承", "遗产", "遗嘱"),
    "刑事量刑": (
        "判几年",
        "判多少年",
        "判他几年",
        "判她几年",
        "判我几年",
        "判刑",
        "坐牢",
        "有期徒刑",
        "量刑",
        "缓刑",
        "死刑",
        "的牢",
        "蹲监狱",
        "坐几年",
        "坐几个月",
    ),
    "人事与政审": ("政审", "考公务员", "考公", "考编", "档案里", "考城管", "考协管", "笔试", "面试"),
    "劳动用工": (
        "劳动合同",
        "辞退",
        "加班费",
        "年假",
        "最低工资",
        "经济补偿金",
        "劳务派遣",
        "派遣公司",
        "试用期",
        "社保缴费",
        "工伤认定",
        "工伤",
        "工钱",
        "欠薪",
        "讨薪",
        "拖欠工资",
        "工资拖",
        "双倍工资",
        "二倍工资",
        "加班工资",
    ),
    # a bite or a wound asked about as medicine (要不要打狂犬疫苗, 打几针): a doctor's question — not an illness told
    # around a fine (屋头老人住院，罚款拿不出来), so no 住院、看病、医药费
    "医疗": ("狂犬疫苗", "疫苗", "打几针", "几针", "打针", "挂号", "破伤风"),
    # the service's own dress rules (能不能穿短袖制服): the bureau's, no law of the corpus — not 制服 or 工作服, which
    # stories use of whoever came to the door (两个穿制服的来我店里)
    # (…and the colour of the uniform and how the service's cars are painted: 服装是啥颜色, 执法车辆怎么喷涂 — not how
    # a badge is worn, which 城市道路管理条例第二十六条 answers for road officers)
    "着装": (
        "短袖",
        "着装规范",
        "执法服装",
        "冬装",
        "夏装",
        "服装颜色",
        "服装是啥颜色",
        "服装是什么颜色",
        "执法车辆怎么喷涂",
        "执法车怎么喷涂",
        "执法车辆喷涂",
    ),
    # the state's compensation, its amount or its time (国家赔偿按什么标准算, 国家赔偿金多久能拿到): the State
    # Compensation Law, not held — the review and licensing laws only refer to it; whether one may claim it at all
    # (能不能申请国家赔偿) is answered from them
    "国家赔偿": (
        "国家赔偿按什么标准",
        "国家赔偿金按",
        "国家赔偿金怎么算",
        "国家赔偿金多少",
        "国家赔偿标准",
        "国家赔偿的标准",
        "国家赔偿怎么算",
        "国家赔偿多久",
    ),
    "房产与买卖": ("房贷", "按揭", "二手车", "二手房", "买房", "卖房", "过户"),
    "保险理赔": ("交强险", "商业险", "车险", "理赔", "保险公司", "保险金"),
    "教育考试与证照": (
        "高考",
        "中考",
        "学位",
        "学区",
        "上小学",
        "升学",
        "驾照",
        "驾驶证考试",
        "护照",
        "身份证办理",
    ),
    # moving a household registration (户口迁到哪里); a stall keeper 户口不在万州 is only told, not asked about
    "户籍": ("落户", "户口迁", "迁户口", "户籍迁"),
    # a dog's licence (狗要不要办狗证): the city's dog rules, not held — 宠物粪便 (市容条例) and a
    # dog that frightens people (治安管理处罚法) are, so not 不拴绳 alone, which reports of such a dog tell
    "养犬管理": ("犬证", "狗证", "办狗证", "养犬登记", "犬只登记"),
    "公务员人事": ("职级晋升", "职级", "任职年限", "公务员录用", "公务员考试", "遴选", "职称评定"),
}
# Another field's subject decides when the best retrieved article covers less than COVERAGE_SURE of the question,
# or less than OFF_TOPIC_COVERAGE while its closeness in meaning stays under OFF_TOPIC_SIMILARITY (a question that
# mentions a divorce in passing but asks about paying a fine in instalments is covered, and close, and answered).
OFF_TOPIC_COVERAGE = 0.3
OFF_TOPIC_SIMILARITY = 0.89
_DISCRETION_TABLE = re.compile(
    r"裁量(?:权)?(?:基准|标准|细化标准|细化表|细化|执行标准|阶次|档次表|基准表|表)"
)
_SPECIFIC = re.compile(
    r"具体|多少|几[十百千万]+(?:块|元|[？?吗]|$)|几档|哪一档|[一二两三四五六七八九\d]档|数字|金额|数额|罚款标准|怎么罚|罚好多|一般情形|情形.{0,4}罚|罚[一二两三四五六七八九十百千万\d]+(?:元|块)?还是"
    # which of two ranges (出店经营“较重”档对个体户是罚三百到四百，还是四百到五百) — not a range given and its lawfulness
    # asked (裁量基准规定首次违法罚一百到两百，这符合行政处罚法吗)
    r"|罚[一二两三四五六七八九十百千万\d]+(?:元|块)?到[一二两三四五六七八九十百千万\d]+(?:元|块)?[，,]?还是"
)
_LOCAL = re.compile(
    r"[区县市]城市管理|城管局|城管委|城管系统|城管部门|综合执法局|[\u4e00-\u9fff]{1,4}[区县]|本局|我局|我们局|局里|市里|区里|"
    r"现行的?裁量|万州|本地|当地|我们(?:这边|这里)?的裁量"
)


# A district's own list, rate or schedule (万州区的主干道名单, 临时占道费每平方米多少, 划定的禁烤区域有哪些街道): the
# statutes only say who fixes it (由…人民政府划定/公布/制定). Asked for by place and kind, and answered in the
# retrieved provision by such a delegation, the corpus does not hold the answer.
_LOCAL_PLACE = re.compile(
    r"万州|[\u4e00-\u9fff]{1,3}区(?:政府|城管|现在|划定|公布)|我们区|本区|区里|区政府|市政府"
)
_LOCAL_ASK = re.compile(
    r"名单|名录|目录|(?:算不算|是不是|属不属于)(?:主干道|次干道|主干路|次干路)|哪些路|哪几条路|哪些街道|哪几条街|哪些街|哪条街|哪些路段|哪几段|哪些区域|哪些地方|哪几个|具体包括|包括哪些|"
    r"清单|在不在(?:里面|上面|名单|清单|范围)|具体是哪|划进|划入|划了哪|收费标准|收多少钱|每平方米|每户|费标准|处置费|占道费|有哪几条|(?:路|街|大道|巷)算不算|费用是(?:多少|好多)|办证费|(?:哪个|哪些)窗口"
)
_DELEGATION = re.compile(
    r"由[^。；]{0,30}(?:人民政府|主管部门)[^。；]{0,20}(?:划定|公布|确定|制定|规定)|(?:划定|公布)的|办法由[^。；]{0,20}制定|"
    r"(?:人民政府|主管部门)(?:应当)?[^。；]{0,40}?(?:划定|公布|确定|制定)|人民政府(?:规定|禁止|指定|划定)的"
)
# a penalty article (由…处…罚款, 依法予以处罚): its 由…人民政府确定 says who enforces, it delegates no list
_PENALTY = re.compile(r"罚款|予以处罚|给予处罚")
# a list of places in the statute's own words (下列区域或者场所, 下列地点)
_STATUTE_LIST = re.compile(r"下列(?:区域|场所|地点|地方|路段|道路)")


def places_listed(store: StatuteStore, article_id: str) -> str | None:
    """The article of ``article_id``'s law that lists places in the statute's own words (下列区域或者场所), if any."""
    law = store.law(article_id.split(":")[0])
    if law is None:
        return None
    return next((a.id for a in law.articles if _STATUTE_LIST.search(a.text)), None)


# … unless the question asks for the district's own streets or notice (哪几条街, 具体范围, 通告), which only it lists
_STREETS_ASKED = re.compile(r"哪几?条|哪些(?:街|路|小区)|街道|小区|具体(?:范围|包括|是哪)|通告|公布的")
# the district's own list itself (名单, 在不在里面), its streets (_STREETS_ASKED), or another act than the one the list
# bans (销售点, 卖): no statute's list of places answers those
_OWN_LIST_ASKED = re.compile(
    r"名单|清单|名录|在不在|有没有[^。？?]{0,10}(?:在里面|在内|包括)|销售|零售|卖|经营|储存|存放|运输|生产|"
    + _STREETS_ASKED.pattern
)
# who fixes the list (哪一级来定的, 由谁划定): the delegating provision itself answers that part
_WHO_DECIDES = re.compile(
    r"哪一级|哪级|谁(?:来)?(?:定|划|确定|公布|制定)|由谁|哪个(?:部门|机关|单位)(?:来)?(?:定|划|确定|公布|制定)|谁说了算|是哪个(?:定|划)"
    # (是哪个机关说了算)
    r"|(?:哪个|哪一个|哪家|什么)(?:部门|机关|单位)?说了算"
)
# what the act costs the party asked beside where it is banned (在哪些地方烤才算违法？被查到会有啥后果？): the penalty
# article answers that part, the list's absence is told beside it — not beside the district's own streets or list
# (万州区禁放区域的名单里有没有万达广场？放了罚好多？: _OWN_LIST_ASKED)
_WHERE = re.compile(r"哪些|哪里|哪儿|哪几|什么地方|什么区域|啥子?地方")
_DISTRICT_LIST = re.compile(r"包括哪些|划定的|划了哪|划进|划入")
_CONSEQUENCE_ASKED = re.compile(
    r"(?:啥|什么|哪些|有何)(?:子)?后果|罚(?:多少|好多|几多)|(?:怎么|咋个|如何|怎样)(?:处罚|罚)|会(?:被)?(?:怎么|咋个)?(?:处罚|罚款)"
)
# The bureau's own figures (编制、人数、经费、车辆): a body named by place or as 我们局, asked how many — the record and
# the bureau's files hold these, the statutes never do.
_BUREAU = re.compile(
    r"[\u4e00-\u9fff]{0,4}(?:城市管理局|城管局|执法局|支队|大队|中队)|我们局|本局|我局|局里|队里|我们队|我们单位|本单位|"
    r"(?:城管|执法)(?:执法)?车"
)
# the staff's pay asked by how much (城管协管员一个月工资有好多): the bureau's, not the law's (罚款是不是拿去发工资 is
# the law's: 罚缴分离)
_STAFF_PAY = re.compile(
    r"(?:城管|协管员|执法队员|执法人员|队员|环卫工人|环卫工|保洁员)[^。？?]{0,12}(?:工资|收入|待遇|奖金)[^。？?]{0,6}(?:多少|好多|几|怎么样|咋样)|"
    r"哪个(?:的)?(?:工资|收入|待遇)(?:高|低|多)|"
    r"(?:城管|协管员|执法队员|执法人员|队员|环卫工人|环卫工|保洁员)[^。？?]{0,10}(?:一个月|每月|每个月|一年|年薪|月薪)[^。？?]{0,4}"
    r"(?:能)?(?:拿|挣|赚|有)(?:多少|好多|几)|"
    # 每个月好几次 is how often, not pay: a month's pay needs 工资 and the question mark right after
    r"(?:工资|收入)[^。？?]{0,12}(?:一个月|每月|每个月|一年)(?:有|拿)?(?:多少|好多|几多)(?:钱)?[？?]"
)
# fines or confiscations kept, returned or tied to pay and appraisal (罚款返一部分给大队当经费, 跟考核挂钩): the law's
_FINES_KEPT = re.compile(
    r"(?:罚款|罚没|罚没款|没收的?(?:违法所得|财物)?)[^。？?]{0,24}(?:返(?:还|给|一部分|回)?|挂钩|提成|分成|截留|私分|留一部分)"
)
_BUREAU_FIGURE = re.compile(
    r"有(?:多少|几)(?:名|个|位)?(?:在编|编制|正式|执法人员|协管员|队员|人|辆|台)|"
    r"(?:配|配备|配置|现有|购置|买|装)了?(?:多少|几)(?:名|个|位|辆|台|部|套|架)|在编|编制(?:数|多少)|经费|预算|工资|油费|油钱|维修费|保养费|开支|花销|"
    # a quota's figure (罚没款任务指标定的是多少) — not whether one may be set (下了罚款任务指标，这合法吗: 第七十四条)
    r"(?:办案|罚没款?|罚款|处罚|考核)(?:任务)?(?:指标|任务)(?=[^。？?，,]{0,8}(?:多少|好多|几))|指标(?:定的)?是多少|任务完成|完成了百分之|绩效(?:考核)?(?:分|得分|排名)|"
    # what the bureau holds now (仓库里现在还有多少件没人领的东西): its inventory, not a law
    r"(?:现在|目前|还)(?:还)?有(?:多少|好多|几)(?:件|个|辆|台|批|样)"
)


@dataclass(frozen=True)
class OutOfScope:
    reason: str
    hard: bool  # refuse outright (True), or only when the retrieved provisions are weak (False: a notice)
    nearest: bool = True  # the refusal also names the nearest provisions retrieval found (they do not answer)
    # the model may sum up the quotes (False: the answer turns on a local decision the corpus lacks — 万州 may or may
    # not have fixed a 禁放区域 — so the quotes and the notice stand alone, with no conclusion to overreach them: the
    # model wrote 万州城区禁止燃放烟花爆竹, which no quote says; who fixes the list, the quotes themselves say)
    conclude: bool = True
    # a list of places the statute itself bans may answer beside the delegation it refuses for: that list's article (of
    # the delegating law: 第六条's banned places beside 第五条's delegation), to be looked for by either search
    statute_list: str | None = None
    delegating: str | None = None  # the delegating article quoted (its id)


def _uses(store: StatuteStore, word: str) -> bool:
    """Does any law title or article of the store use ``word``? (Read only for the few words a question has.)"""
    return any(word in law.title for law in store.laws.values()) or any(
        word in a.text for a in store.articles()
    )


# a formal law title written without 《》 (重庆市生活垃圾管理条例里面…): a place or the state, a name, a law's suffix
_FORMAL_TITLE = re.compile(r"(?P<prefix>重庆市|中华人民共和国)(?P<body>[\u4e00-\u9fff]{2,20})")
_TITLE_END = re.compile(
    r"条例|办法|细则|(?<![执违守立司非关他])法(?!规(?!定))"
)  # 执法、违法 end no title, nor does 地方性法规 (a kind of law) — 水污染防治法规定 does; 规定 is a verb here


def unknown_formal_title(text: str, store: StatuteStore) -> str | None:
    """A formal title the question writes without 《》 that names no law of the store, under its full or short
    name (重庆市生活垃圾管理条例; not 重庆市市容条例, the short name of one it holds)."""
    for m in _FORMAL_TITLE.finditer(text):
        body = m.group("body")
        if body.startswith("的"):
            body = body[1:]  # 重庆市的生活垃圾管理条例: the place's own regulation, written with 的
        if body.startswith(("对", "在", "和", "与")):
            continue  # 重庆市对城市道路管理…: the place, not a title
        ends = [e.end() for e in _TITLE_END.finditer(body)]
        if not ends:
            continue
        # a clause is no title (重庆市人大制定的地方性法规: who made it, then the kind)
        names = [(m.group("prefix") + body[:end], body[:end]) for end in ends if "的" not in body[:end]]
        if not names:
            continue
        if any(
            store.find_law(full) is not None or store.find_law(short) is not None for full, short in names
        ):
            continue  # one reading of it is a law the store holds
        return names[-1][0]  # the longest reading: 重庆市城市管理综合行政执法条例, not …执法
    return None


# a Chongqing regulation the corpus lacks, named by its subject rather than its title (重庆本地那部生活垃圾的条例,
# 本市关于生活垃圾分类的规定): the subjects of such regulations, each with the regulation's title. Only subjects no held
# title covers under another wording (市容环卫 is 市容环境卫生, 鞭炮 is 烟花爆竹): a list, as NAMED_LAWS is, not a guess
# from any word before 条例 (重庆这个城市有什么办法 names none)
ABSENT_LOCAL_SUBJECTS: dict[str, str] = {"生活垃圾": "重庆市生活垃圾管理条例"}
_DESCRIBED_TITLE = re.compile(
    r"(?:重庆|本市)(?:市)?(?:这边)?(?:本地)?(?:的)?"
    # told as made (重庆专门出了个生活垃圾管理条例)
    r"(?:(?:人大)?(?:专门|又|新|最近|今年|去年|\d{4}年){0,2}(?:出了?|出台了?|制定了?|颁布了?|发布了?)的?(?:个|一个|一部|部)?)?"
    r"(?:那部|那个|这部|这个|关于)?(?P<subject>生活垃圾)(?:管理|分类)?(?:方面)?(?:的)?(?:地方性法规|地方法规|条例|办法)"
)


# the ministry's rule for city-management enforcement named by who made it (住建部2017年出的那部城管执法部门规章): the
# corpus holds the State Council's regulations, no ministry's rules — not the housing department (住建部门)
_MINISTRY_RULE = re.compile(
    r"(?:住建部|住房和城乡建设部|住房城乡建设部)(?!门)(?=[^。？?！!]{0,20}(?:城管|城市管理|执法))"
    r"[^。？?！!]{0,20}(?:部门规章|规章|执法办法|规定|34号令)"
)


def described_absent_law(text: str, store: StatuteStore) -> str | None:
    """A Chongqing regulation the corpus lacks, named by its subject (重庆本地那部生活垃圾的条例), or the ministry's
    enforcement rule named by its maker."""
    for m in _DESCRIBED_TITLE.finditer(text):
        title = ABSENT_LOCAL_SUBJECTS[m.group("subject")]
        if store.find_law(title) is None:
            return title
    if _MINISTRY_RULE.search(text) and store.find_law("城市管理执法办法") is None:
        return "城市管理执法办法"
    return None


# right after the law's name (按民法典第几条罚, 民法典里面哪一条): not 刑法标准的按哪条处罚, where the article asked for is
# another law's, nor 哪条都 (whichever article)
_WHICH_ARTICLE = re.compile(
    r"(?:的|里面?|里头|中|上|是|规定的?|对应的?是?|有){0,2}"
    r"(?:第几条|第多少条|第好多条|哪一条|哪条|哪几条|第几款|哪一?款|第几项|哪个条款|什么条款)(?![都也])"
)


def article_of_absent_law(text: str, law: str) -> bool:
    """The article of ``law`` (one the store lacks) is asked for (按法典第几条、罚多少): no quote of the corpus can
    say which of its articles applies, however well the rest of the question is covered."""
    names = [law, "法典", *(short for short, full in NAMED_LAWS.items() if full == law)]
    return any(
        _WHICH_ARTICLE.match(text, m.end()) for name in names for m in re.finditer(re.escape(name), text)
    )


def named_absent_law(text: str, store: StatuteStore) -> str | None:
    """The full title of a law the question names without 《》 and the store lacks (the longest name wins)."""
    if (formal := unknown_formal_title(text, store) or described_absent_law(text, store)) is not None:
        return formal
    titles = [law.title for law in store.laws.values()]
    for short in sorted(NAMED_LAWS, key=len, reverse=True):
        if short not in text:
            continue
        # part of a held law's name (重庆市养犬管理条例 would hold 养犬管理条例); a title the corpus only cites
        # (移送涉嫌犯罪案件的规定 cites 《中华人民共和国刑法》) is not held
        if any(short in t or NAMED_LAWS[short] == t for t in titles):
            continue
        return NAMED_LAWS[short]
    return None


_CLAUSE = re.compile(r"[^，,。？?！!；;]+[，,。？?！!；;]?")
_ASKING = re.compile(r"[？?]|吗|能不能|可不可以|能否|是否|有没有|多少|好多|怎么|咋个|啷个|如何|哪些|哪个")


def field_is_the_question(text: str, used: Callable[[str], bool]) -> tuple[str, str] | None:
    """(field, word) when every clause that asks something asks about another field's subject that ``used`` says
    the provisions do not use (能不能认定工伤？工伤赔偿的标准是多少？) — not a question that tells one in passing
    (他离婚了没钱，罚款能不能分期交？)."""
    asking = [c.group(0) for c in _CLAUSE.finditer(text) if _ASKING.search(c.group(0))]
    hits = [_field_word(c, used) for c in asking]
    return hits[0] if hits and all(hits) else None


def _field_word(text: str, used: Callable[[str], bool]) -> tuple[str, str] | None:
    for field_name, words in OTHER_FIELDS.items():
        for w in words:
            if w in text and not used(w):
                return field_name, w
    return None


def _used_alike(word: str, text: str, quoted: list[str]) -> bool:
    """Do the quoted provisions use ``word`` as the question does — with the same neighbouring character where the
    question has one (工伤赔偿 is not used by a provision that says only 工伤保险 and 工伤认定)?"""
    forms = set()
    for m in re.finditer(re.escape(word), text):
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        forms |= {
            f for f in (before + word, word + after) if re.fullmatch(r"[\u4e00-\u9fff]+", f) and f != word
        }
    return any(f in t for f in (forms or {word}) for t in quoted)


def other_field(text: str, store: StatuteStore) -> tuple[str, str] | None:
    """(field, the word the question uses) when it asks about another field's subject the corpus never mentions."""
    return _field_word(text, lambda w: _uses(store, w))


def discretion_table_asked(text: str) -> bool:
    """The question asks for the figures of a local discretion table (万州区…裁量基准里…罚多少)."""
    return bool(_DISCRETION_TABLE.search(text) and _SPECIFIC.search(text) and _LOCAL.search(text))


def discretion_table(text: str, store: StatuteStore) -> bool:
    """The question asks for a local discretion table's figures and the store holds no such table."""
    if not discretion_table_asked(text):
        return False
    return not any(_DISCRETION_TABLE.search(law.title) for law in store.laws.values())


def local_specifics_asked(text: str) -> bool:
    """The question asks for a district's own list, range or rate (万州区…名单/哪些街道/收费标准)."""
    return bool(_LOCAL_PLACE.search(text) and _LOCAL_ASK.search(text))


def who_decides_asked(text: str) -> bool:
    """The question (also) asks who fixes the local list or rate — which the delegating provision answers."""
    return _WHO_DECIDES.search(text) is not None


def delegated_local(text: str, provisions: list[str]) -> bool:
    """The question asks for a district's own list or rate, and the retrieved provision only delegates it."""
    if not local_specifics_asked(text):
        return False
    return any(_DELEGATION.search(p) for p in provisions[:2])


# A figure of a kind the question asks for (保存多少年, 每天几点到几点, 倒一吨收好多钱) that no quoted provision
# states: the corpus has the subject but not the figure. Only units an answer cannot leave out and quotes rarely omit
# by chance; a charge (收…钱, …费多少), never a fine (罚多少: the offence card's range answers it).
_ASKED_UNIT = {
    "元": (
        re.compile(
            # — not where a fine is what is collected: in its sentence (当场收多少钱以下可以不开票), or a limit asked once a
            # fine was told (罚了一百五十元…能不能当场收？收多少以下才行 asks 当场收缴's limit)
            r"^(?![\s\S]*(?:罚|当场)[\s\S]*收(?:多少|好多|几多)[^。？?，,]{0,2}(?:以下|以内))(?:[\s\S]*[。？?！!])?"
            r"(?![^。？?！!]*(?:罚|当场))[^。？?！!]*?收(?:多少|好多|几多)钱?|(?:每|一)个?(?:吨|方|车|平方米|平米|户|月|天|棵|株|辆|块|个摊位)[^。？?罚]{0,12}(?:多少|好多)钱"
            r"|费(?:用)?(?:是)?(?:多少|好多)|(?:^|[。？?！!])(?![^。？?！!]*被[^。？?！!]{0,4}(?:抓|查|逮|罚))[^。？?！!]*?(?:交|缴|收|付)(?:多少|好多)[^。？?，,罚]{0,12}(?<!违章)(?<!违法)(?<!违停)(?<!违规)(?<!处理)费|"
            r"(?:占道费|管理费|处置费|服务费)[^。？?]{0,20}(?:交|收)(?:多少|好多)"
        ),
        # a charge's amount: in a sentence about a fee, not a fine's range — or none charged (不得收取任何费用)
        re.compile(
            r"(?:费|收取|收费)[^。；]{0,30}[零〇一二两三四五六七八九十百千万\d]+元|[零〇一二两三四五六七八九十百千万\d]+元[^。；]{0,10}(?:费|收取)"
            r"|不得(?:向[^。；]{0,10})?收取(?:任何)?费用|不得收费|免费|费用由[^。；]{0,6}(?:行政机关|机关)承担"
        ),
    ),
    # a period in years, not a date (本条例自2026年2月1日起施行)
    "年": (
        # not 扫了十几年的街, 好几年, 这几年, 前几年: told, not asked
        re.compile(r"多少年|(?<![十一二三四五六七八九好这前近头])几年"),
        re.compile(
            r"(?<![\d])[零〇一二两三四五六七八九十百\d]{1,3}年(?![零〇一二三四五六七八九十\d]{1,2}月)"
        ),
    ),
    "点": (re.compile(r"几点"), re.compile(r"[零〇一二两三四五六七八九十\d]+(?:点|时|:)")),
    # a distance (离居民楼好多米才准摆) or a size (招牌有没有尺寸上的要求, 能做多大): a few provisions state one
    # (管道两侧各五米), most do not
    "米": (
        re.compile(
            r"(?:多少|好多|几)(?:米|公里)(?!饭|粉|线)|尺寸上?的?(?:要求|标准|限制|规定)|(?:多大|什么)尺寸|尺寸(?:是)?(?:多少|多大)"
            r"|(?:做|装|挂|搭|修|建)(?:得)?(?:多大|多高|多宽)"
        ),
        re.compile(r"[零〇一二两三四五六七八九十百千\d]+(?:米|公里)"),
    ),
    # an area (建成区的面积是多少平方公里): stated only in square units, not by any length (六米)
    "平": (
        re.compile(r"(?:多少|好多|几)平方(?:米|公里|千米)"),
        re.compile(r"[零〇一二两三四五六七八九十百千万\d]+平方(?:米|公里|千米)"),
    ),
    # how long a thing is kept (视频最少保存多少天, 登记保存多久要处理): a period written beside 保存 (先行登记保存…七日
    # 内, 接收证明应当保存一年), not any day count of a neighbouring provision
    "存": (
        re.compile(
            r"(?:保存|保留|保管|存储)(?:期限)?[^。？?，,]{0,4}(?:多少|几|好多)(?:天|日|年|个月)"
            r"|(?:保存|保留|保管|存储)(?:多久|多长时间|期限是?(?:多|几))"
        ),
        re.compile(
            r"(?:保存|保留|保管)[^。；]{0,30}[零〇一二两三四五六七八九十百\d０-９]+(?:日|天|个月|年)"
            r"|[零〇一二两三四五六七八九十百\d０-９]+(?:日|天|个月|年)[^。；]{0,10}(?:保存|保留|保管)"
        ),
    ),
}


# what each unit's figure is called in a refusal
UNIT_WHAT = {
    "年": "年限",
    "点": "具体时刻",
    "元": "收费金额",
    "米": "尺寸或距离",
    "平": "面积",
    "存": "保存期限",
}


# what a fine left unpaid grows by (拖着不交，每天会多出多少钱): the late charge's rate (百分之三), no charge in 元
_LATE_FINE = re.compile(
    r"(?:不交|不缴|没交|没缴|没有交|没有缴|没按时|晚交|迟交|逾期|拖着|拖欠|加处|滞纳)"
    r"[^。？?！!]{0,12}(?:每天|每日|一天)[^。？?！!]{0,6}(?:多少|好多)钱"
)


# a fine told (罚款, 罚了, 罚单, 决定书) and a fee told (垃圾处理费 — not 交费, 缴费: paying): the later one is what is late
_FINE_TOLD = re.compile(r"罚款(?![吗么])|罚了|罚我|罚单|决定书|罚[一二三四五六七八九十百两\d]")
_FEE_TOLD = re.compile(r"(?<![交缴付免浪花消])费(?!劲|力)")


def _late_fine_asked(text: str) -> bool:
    """A fine's late charge asked (罚款决定书…要是拖着不交，每天会多出多少钱): a fine told before it, and after any fee
    told (垃圾处理费不交会被罚吗？拖着不交，每天多少钱 asks the fee's)."""
    m = _LATE_FINE.search(text)
    if m is None:
        return False
    before = text[: m.start()]
    fines = [f.end() for f in _FINE_TOLD.finditer(before)]
    fees = [f.end() for f in _FEE_TOLD.finditer(before)]
    return bool(fines) and (not fees or fines[-1] > fees[-1])


def figure_missing(text: str, quotes: list[str]) -> str | None:
    """The unit the question asks a figure in (元, 年, 点, 米, 存: a keeping period) when none of ``quotes`` states
    one."""
    joined = "\n".join(quotes)
    for unit, (asked, stated) in _ASKED_UNIT.items():
        if unit == "元" and "罚款" in joined and _late_fine_asked(text):
            continue
        # evidence held under 先行登记保存 (七日内) keeps no footage or record the question did not call so
        said = joined if unit != "存" or "登记" in text else joined.replace("登记保存", "登记")
        if asked.search(text) and not stated.search(said):
            return unit
    return None


def figure_asked(text: str) -> str | None:
    """What kind of figure the question asks for (年限, 具体时刻, 收费金额, 尺寸或距离, 保存期限), if any."""
    for unit, (asked, _) in _ASKED_UNIT.items():
        if asked.search(text):
            return UNIT_WHAT[unit]
    return None


# An individual's fine asked by its amount (个人不分类投放生活垃圾，一次罚多少钱) where the quoted penalty leaves the
# individual's to other law (固体废物污染环境防治法第一百一十一条：对单位处…，对个人依法处以罚款): the amount is a local
# regulation's, which the corpus does not hold — not where the question is the organisation's (单位情节严重罚多少)
_INDIVIDUAL = re.compile(r"个人|居民|市民|老百姓|住户|业主|大爷|婆婆|孃孃|大妈")
_ORGANISATION = re.compile(r"单位|公司|企业|商户|门店|超市|餐馆|饭店")
_FINE_AMOUNT = re.compile(
    r"罚(?:款)?(?:是)?(?:多少|好多|几多)|多少钱|(?:具体|准确)(?:的)?(?:数字|数额|金额)|几十块还是几百块|罚款(?:数额|金额)"
)
_LEFT_TO_LAW = re.compile(r"对个人依法处以罚款")


def individual_fine_left_to_law(text: str, units: Sequence[Unit]) -> Unit | None:
    """The quoted sentence that only says the individual is fined 依法 (by another law), where the individual's fine is
    asked by its amount."""
    if not (_FINE_AMOUNT.search(text) and _INDIVIDUAL.search(text)) or _ORGANISATION.search(text):
        return None
    return next((u for u in units if _LEFT_TO_LAW.search(u.text)), None)


OTHER_PLACES = re.compile(
    r"(?:北京|上海|天津|广州|深圳|成都|杭州|武汉|西安|南京|苏州|长沙|郑州|贵阳|昆明|南宁|福州|厦门|青岛|济南|合肥|"
    r"南昌|沈阳|大连|哈尔滨|长春|石家庄|太原|兰州|西宁|银川|乌鲁木齐|拉萨|海口|呼和浩特|"
    r"四川|贵州|云南|湖北|湖南|陕西|广东|浙江|江苏|山东|河南|河北|福建|安徽|江西|广西|甘肃|山西|辽宁|吉林|黑龙江|"
    r"香港|澳门|台湾|国外|外国|境外|新加坡|日本|韩国|美国|欧洲|德国|法国|英国)"
    # a person's or a vehicle's origin (四川来的摊贩, 贵州牌照的车) is not that place's rules
    r"(?!人|籍|来的|过来|老乡|口音|牌|的车|的人|的摊|的游客|的老板|的商户|的公司|的货)"
)
_HOME_PLACE = re.compile(r"重庆|万州|本市|我市|我们这|我们区|本区|这边|这里|本地")
# the other place itself called 本地 / 这边 (成都本地对店外摆桌是怎么规定的): that place's, not ours
_THAT_PLACE_HERE = re.compile(rf"(?:{OTHER_PLACES.pattern})(?:市|省)?(?:本地|当地|这边|这里)")


def _home_named(text: str) -> bool:
    """Chongqing or this district named (万州, 我们这里) — not another place called 本地 by its own people."""
    return _HOME_PLACE.search(_THAT_PLACE_HERE.sub("", text)) is not None


_RULES_ASKED = re.compile(
    r"罚|规定|条例|办法|处罚|标准|规范|导则|怎么管|咋个管|啷个管|如何管|管不管|允许|准许|准不准|让不让|"
    r"审批|批准|许可|办证|哪个部门|谁管|归谁管|收费|多少钱|好多钱|没收|扣押|暂扣|扣车|能不能|可不可以|可以"
)


def other_place_law(text: str) -> str | None:
    """The place whose own regulation the message names (成都市的市容条例 → 成都), when it is not Chongqing."""
    for m in re.finditer(r"(?:条例|办法|规定)", text):
        if place := OTHER_PLACES.search(text[max(0, m.start() - 14) : m.start()]):
            return place.group(0)
    return None


# another place's standard to be applied here (我们万州是不是也可以参照成都的标准来罚)
_FOLLOW_OTHER = re.compile(
    r"(?:参照|参考|按照|照搬|借鉴|套用|按)[^，。？?]{0,4}(?P<place>" + OTHER_PLACES.pattern + ")"
)


# … or told first and then asked to be followed here (成都那边……我们万州是不是也照这个来)
_FOLLOW_HERE = re.compile(
    r"(?:我们|咱们|这边|万州|重庆)[^。]{0,10}(?:是不是也|也(?:能|可以|照|按|参照|这么|这样)|照这个|按这个|照着|"
    r"参照|照搬|借鉴|按(?:他们|人家)的|比(?:一下|一比|较)|比(?:哪个|哪边|谁)|对比|对照)|(?:比较|对比|对照)[^。？?]{0,6}(?:我们|咱们|这边|万州|重庆)"
)
# a question put on another place's own practice (成都那边城管对占道经营是咋个罚的？): the clause that names it asks
_ASKS_HOW = re.compile(r"[？?]|咋个|怎么|如何|啷个|多少|好多|哪些")


def _clause(text: str, m: re.Match[str], stops: str = "，,。？?！!；;", *, with_end: bool = False) -> str:
    """The clause (between ``stops``: ，。？！；) in which ``m`` was found; ``with_end``: with the mark that ends it
    (a sentence's ？ says it asks)."""
    start = max(text.rfind(p, 0, m.start()) for p in stops) + 1
    end = min([i for i in (text.find(p, m.end()) for p in stops) if i >= 0], default=len(text))
    return text[start : end + 1 if with_end else end]


def other_place_asked(text: str) -> str | None:
    """Another province's or city's own rules asked for (成都市对占道经营罚多少钱), Chongqing not in question — or
    another place's standard to be applied here (参照成都的标准). Every mention is read: a story may name the place
    first and ask about its rules later (我表哥在成都开火锅店…成都那边出店经营一般罚好多？)."""
    if (follow := _FOLLOW_OTHER.search(text)) is not None and _RULES_ASKED.search(text):
        return follow.group("place")
    for m in OTHER_PLACES.finditer(text):
        if _RULES_ASKED.search(_clause(text, m)) is None:
            continue
        if not _home_named(text) or _FOLLOW_HERE.search(text, m.end()):
            return m.group(0)  # 成都那边第一次罚200，我们万州是不是也照这个来
        sentence = _clause(text, m, "。？?！!；;", with_end=True)
        if _ASKS_HOW.search(sentence) and not _home_named(sentence):
            return m.group(0)  # their practice asked in a sentence of its own; ours told or asked apart
    return None


# a fact about one person's case (那个李大爷的车现在放在哪个停车场): the case file's, not the law's
_THAT_PARTY = r"(?:那个|那家|那户|那位)(?:姓[\u4e00-\u9fff])?[\u4e00-\u9fff]{0,4}的?(?:违建户|当事人|商户|住户|户主|摊贩|摊主|老板|司机|公司|孃孃|嬢嬢|大爷|婆婆)"
_PAST_CASE_FACT = re.compile(
    r"那个[\u4e00-\u9fff]{1,4}(?:大爷|大妈|老板|摊贩|摊主|师傅|孃孃|嬢嬢|女士|先生).{0,20}(?:现在|目前).{0,8}(?:在哪|放在|停在|哪个)|"
    # one seized thing pointed at (上周被扣的那辆电瓶车现在在哪个停车场): the record's, not the law's
    r"(?:被扣|扣押|暂扣|扣下|没收)(?:了)?的(?:那|这)(?:辆|台|个|批|些|件)[^。？?]{0,12}(?:现在|目前)[^。？?]{0,6}(?:在哪|放在|停在|哪个)|"
    # someone else's case asked after (隔壁那个张嬢嬢被城管立案了，她的案子现在办到哪一步了): the record's, and hers
    # — not a question put to the law about such a call (当事人打电话问他的案子办到哪一步了，执法人员应当怎么答复?)
    r"(?<![其问])(?<!咨询)(?:她|他|人家)(?:们)?的(?:那个)?(?:案子|案件)[^。？?]{0,8}(?:办到|进行到|走到|处理到)(?:了)?"
    r"(?:哪一步|哪步|哪了|哪里|什么程度|啥子?程度)"
    r"(?![^。？?！!]{0,16}(?:(?:执法人员|工作人员|办案人员|队员|我们|应当|应该|该)[^。？?！!]{0,8}(?:答复|告知|回复|告诉|义务)"
    r"|怎么答复|如何答复|怎么回复|能不能告诉|该不该告诉|可不可以告知|需要报备))|"
    # a case named by its number (案件编号万州城管罚〔2024〕第0873号，现在办到哪一步了): the record's
    r"(?:编号|案号|〔\d{4}〕)[^。？?]{0,30}(?:办到|进行到|走到|处理到)了?(?:哪一步|哪步)了?(?=[了呢啊？?。，,]|$)"
    r"(?![^。？?！!]{0,16}(?:(?:执法人员|工作人员|办案人员|队员|我们|应当|应该|该)[^。？?！!]{0,8}(?:答复|告知|回复|告诉|义务)"
    r"|怎么答复|如何答复|怎么回复|还能|能不能|可不可以|怎么办))|"
    # … and asked of us to look up (我邻居问他的案子办到哪一步了，你帮我查一下)
    r"(?:案子|案件)[^。？?]{0,12}(?:办到|进行到|走到|处理到)(?:了)?(?:哪一步|哪步)[^。？?]{0,4}[，,]?(?:你)?(?:帮我|给我|帮忙)查|"
    # one's own thing asked after (帮我查一下车子现在停在哪个停车场, 我的电瓶车现在放在哪里)
    r"(?:(?:帮我|给我|帮忙)查(?:一下|下)?|我(?:的|那辆|那个|家的?))[^。？?]{0,8}(?:现在|目前)[^。？?]{0,4}(?:在哪|放在|停在|扣在)|"
    rf"{_THAT_PARTY}.{{0,24}}(?:哪天|哪一天|几号|什么时候|啥时候)(?:作出|做出|下达|送达|拆|交|罚)|"
    rf"{_THAT_PARTY}.{{0,30}}(?:拆了没|交了没|罚了没|执行了没|结案了没)|"
    rf"{_THAT_PARTY}.{{0,30}}(?:后来|最后).{{0,12}}(?:结果|怎么样|怎么处理的|咋个处理的)|"
    # one shop's story told and its end asked (那家火锅店被罚了五万块油烟的事，后来复议结果是维持还是撤销了)
    r"那(?:家|户)[\u4e00-\u9fff]{0,8}(?:店|馆|铺|公司|厂)[^。？?]{0,30}(?:后来|最后)[^。？?]{0,10}"
    r"(?:结果是?(?:维持|撤销|什么|啥子?|怎么样|咋样|如何)|维持还是撤销|撤销还是维持|罚了没|拆了没|怎么处理的|咋个处理的)"
    r"(?:的|子)?[了呢啊吗呀嘛哦喃噻没有得哈]*[？?。!！]?\s*$|"
    r"(?:那个|那起|那件|这个|这起)(?:案子|案件).{0,12}(?:最后|后来|结果).{0,8}(?:判|结果|处理|怎么样)|"
    r"法院.{0,6}(?:咋个|怎么|如何)判|法院判了(?:没|吗|什么|啥)|法院判的(?:什么|啥|结果)|"
    # one case pointed at (昨天天城那个洗车店的案子…听证定在哪天、哪个主持人): its dates and people are the record's
    r"那(?:个|起|件|家|户)[\u4e00-\u9fff]{0,10}(?:案子|案件).{0,30}(?:哪天|哪一天|几号|定在|哪个主持人|谁主持|谁办的|罚了多少|交了没|"
    r"判了|判的|赢了|输了|结果是|最后是|维持还是撤销|撤销还是维持|撤了没|维持了没)|"
    # one lawsuit pointed at (去年那起…告区城管局的官司，二审维持原判了没有): the court's record, not the law
    r"那(?:个|起|件|场)[^。？?]{0,24}官司.{0,12}(?:维持原判|改判|判了|赢了|输了|结果|结案|撤诉)|"
    # a lawsuit told as past (他去法院告了，最后到底判赢没有): how it ended is the court's record
    r"(?:告了|起诉了|打官司|上诉了)[^。？?]{0,12}(?:最后|后来|到底)[^。？?]{0,6}(?:判赢|判输|打赢|打输|赢了|输了|判)(?:没有|没得|了没|了吗|没)|"
    r"帮我查(?:一下|下)?(?:结果|判决|判的啥|判得)|"
    # one's own case asked after by its number (案件号是…，你帮我查一下现在办到哪一步了): the record's, not the law's
    r"(?:帮我|给我|帮忙)查(?:一下|下)?[^。？?]{0,10}(?:办到|进行到|走到|到了)(?:哪一步|哪步|哪了|哪里)|"
    # … or by its number first (案件编号WZCG-2024-0356，罚款交了没有？走到哪个环节了)
    r"(?:案件编号|案号)\s*[:：为是]?\s*[A-Za-z\d][^。？?]{0,40}(?:交了没|罚了没|交没交|哪个环节|到哪一步|(?:办|走|进行)到哪|进展|结案了没)|"
    # a lawsuit told as past, its end asked over several clauses (告了区城管局，听说打到了中院，最后到底是哪边赢了)
    r"(?:告了|起诉了|打官司|上诉了|打到了?(?:中院|高院|法院|二审))[^。？?]{0,30}(?:最后|后来|到底)[^。？?]{0,8}"
    r"(?:哪边|哪个|谁)(?:赢|输|胜)|"
    # one case asked of us to look up, its end (你帮我查一下这个案子最后罚了他好多钱、车子退没退)
    r"(?:帮我|给我|帮忙)查(?:一下|下)?(?:这个|那个|这起|那起|他的|她的|他们的)?(?:案子|案件)[^。？?，,]{0,12}"
    r"(?:罚了[他她]?(?:好多|多少|几多)|退没退|交没交|拆没拆|罚没罚(?!款))|"
    # one person's case told and its end asked (邻居老周去年遭立了个违建的案子，后来到底罚了没有)
    r"(?:案子|案件|立了案|立案)[^。？?]{0,12}(?:后来|最后)(?:到底)?(?:罚了没有|罚了没|罚没罚|罚了好多|拆了没有|拆了没|拆没拆|咋个处理的|怎么处理的)"
)
# a law's future (明年要修订…会不会提高到一千元): the corpus holds the laws in force, not drafts or forecasts
_FUTURE_LAW = re.compile(
    r"(?:明年|后年|今年|下半年|今后|以后|将来|马上|准备|计划)(?:要|会|将)?(?:修订|修改|出台|废止|调整)|"
    r"修订(?:草案|后|稿)|(?:会不会|是不是要|要不要)(?:提高|降低|调整|修改|取消|上调|下调|(?:提|涨|降|调)到[零〇一二两三四五六七八九十百千万\d]+(?:元|块|万|倍))|新(?:规定|条例)(?:什么时候|啥时候|哪天)|"
    r"下(?:一)?次(?:修改|修订|修法)|(?:要|将|准备)(?:修改|修订).{0,30}(?:哪年|哪一年|什么时候|啥时候)(?:开始)?(?:实施|施行|生效)|"
    r"听说.{0,20}(?:要|会|将)(?:把|修改|修订|提高|调高|降低)|"
    r"(?:明年|后年|今年|下半年|今后|以后|将来|马上|准备|计划).{0,12}(?:要|会|将)出(?:台|个|一个|一部|新的?)|"
    r"(?:施行|实施|生效)(?:以后|之后|后).{0,24}(?:会|要|将)(?:变成|改成|变为|调整为|提高到|降到)|"
    r"起施行.{0,60}(?:会|要|将)(?:变成|改成|变为)|(?:都要|将要|即将|要|将)废止|"
    r"正在(?:酝酿|研究)?(?:改|修改|修订|起草|制定)[^。？?，,]{0,4}(?:《|条例|(?<![执违司守])法|办法|规定)|"
    r"(?:条例|法|办法|规定)》?(?:正在|在)(?:修改|修订|起草|征求意见)|征求意见稿|"
    r"(?:要|会|将|准备)(?:大修|大改|修法|改版)|"
    r"(?:听说|据说|听讲|听人说|网上说|有人说|传言|传闻)[^。？?]{0,20}(?:条例|法|规定|政策|标准)[^。？?]{0,10}(?:要|会|将)"
    r"(?:取消|改成|改为|废除|涨|降|提高|降低|加重)|"
    r"(?:明年|后年|下半年|下个月|下月|将来)(?:起|开始)?[^。？?，,]{0,12}(?:会不会|是不是要|要不要|会|要|将)"
    r"(?:改(?!正|造|建|掉|装|道|变)|变(?!更|卖)|涨|降|调整|取消)|"
    r"(?:会不会|是不是要|要不要)(?:涨价|降价)|"
    # a forecast asked (你估计明年会不会放开夜间地摊): no provision predicts policy
    r"(?:你估计|你猜|你觉得|预测一下|估计一下)[^。？?]{0,16}(?:明年|后年|今后|以后|将来|下半年|会不会)|"
    r"(?:明年|后年|下半年|将来)[^。？?，,]{0,12}(?:会不会|是不是要|要不要)(?:放开|放宽|收紧|允许|开放)|"
    r"(?:明年|后年|下半年|下个月|下月)(?:起|开始)[^。？?，,]{0,16}(?:要|会|将)罚|新版(?:本)?.{0,6}(?:什么时候|啥时候|哪天|几时|哪年)|"
    r"新(?:出|发|颁布|出台|定)的.{0,20}(?:什么时候|啥时候|哪天|几时|哪年)(?:开始|起)?(?:实施|施行|生效|执行)|"
    # a rumoured new version to be checked (要出'新版本'了…你帮我对一下新版本的原文): no draft is in the corpus
    r"(?:要|会|将)出[‘'“\"]?新版|新版本的?(?:原文|条文|内容|规定)|(?:出|发)了[‘'“\"]?新版本|"
    # a new rule said to be in the making (市里正在搞新的市容规定): not yet a law, so not in the corpus
    r"(?:正在|在|准备|要)(?:搞|弄|定|制定|起草|出)(?:一个|一部|个)?新(?:的)?[^。？?，,]{0,8}(?:规定|条例|办法|政策|标准)|"
    # hearsay to be confirmed (这个消息是真是假): what is said about the law is no law
    r"(?:消息|传言|传闻|小道消息)(?:到底)?(?:是真是假|是不是真的|是真的吗|真不真|靠不靠谱|准不准|可不可信)"
)
# one case's outcome forecast (复议撤销的可能性有好大, 有没有七成): no law says how a case will end
_OUTCOME_ODDS = re.compile(
    # the odds of a suit put as a chance (这个官司我赢的几率有好大, 法官会不会判城管输)
    r"(?:赢|胜诉|输|败诉|撤销|打赢|告赢)的?(?:几率|概率)|(?:几率|概率)有?(?:多|好|几)大|"
    r"(?:法官|法院)(?:最后)?会不会判(?:我|城管|他们|对方|政府|执法局|城管局)?(?:输|赢)|"
    r"可能性有?(?:多|好|几)大|有(?:几|多少|好多|几多)成(?:把握|胜算|可能|希望|(?=[？?吗呢]|$))|有没有[一二三四五六七八九]成|胜算|赢面|打得赢不|告得赢不|"
    # the chance put in tenths (打官司我能赢好多成)
    r"(?:赢|胜诉|打赢|告赢)(?:的)?(?:好多|多少|几)成|"
    # the odds of winning asked for (你帮我估一下能打赢的把握有好大)
    r"(?:赢|胜诉|撤销)的?把握|(?:赢|胜诉|官司|告|打|复议|诉讼|撤销)[^。？?]{0,8}把握有?(?:多|好|几)大|"
    # will I win (打不打得赢, 能不能告赢): no law says how one case ends
    r"(?:打|告)不(?:打|告)得赢|(?:打|告)得赢(?:吗|不|没)|(?:能不能|能否|可不可以)(?:打|告)赢|赢不赢得了|有没有(?:希望|可能)(?:打|告)?赢|"
    # what a court will do with one's own case (你直接给我个准话：法院会不会给我减到两万) — not whether a court may
    # change a penalty at all (法院能不能直接改判少罚点)
    r"(?:给我(?:个|一个)?准话|打(?:个)?包票)[^。？?]{0,12}(?:法院|法官|判|减|赢|撤销)|"
    # one's own case to be judged (你帮我判断一下，法院最后会不会撤销这个处罚决定)
    # — not a rule put to it (帮我判断一下，没有告知听证权利的罚款决定，法院会撤销吗: the law's grounds)
    r"(?:帮我|给我|替我)(?:判断|估计|估|预测|预判)(?:一下|下)?[^。？?]{0,16}(?:法院|法官|复议机关)(?:最后|最终|到底)"
    r"[^。？?]{0,4}(?:会不会|能不能|会)(?:撤销|改判|支持|驳回|判)|"
    r"(?:法院|法官|复议机关)[^。？?]{0,4}会不会[^。？?]{0,3}(?:给我|帮我)[^。？?更]{0,4}(?:减|改|撤|判|免|少(?:罚|判|赔|交|缴|点|一点|些))(?![^。？?]{0,3}[更重])"
)
# what one's own review or suit will come to (我已经申请复议了…结果会是啥子): a case foretold — not 逾期不缴纳，结果会怎样
_RESULT_FORETOLD = re.compile(
    r"结果(?:会|将)(?:是|会是)?(?:什么|啥子?|怎样|怎么样|咋样)|会是(?:什么|啥子?)结果"
)
_OWN_CASE_CHALLENGED = re.compile(r"已经(?:去|在)?(?:申请|提起|提出)?了?(?:行政)?(?:复议|诉讼|起诉|告)")
# the bureau's own service details (大厅礼拜六开不开门, 咨询电话): an office's guide holds them, not a law
_SERVICE_INFO = re.compile(
    r"(?:大厅|窗口|局|中队|办事处).{0,8}(?:开不开门|几点(?:上班|下班|开门|关门)|上班时间|办公时间)|"
    r"(?:你们|城管局|执法局|大厅|窗口|中队).{0,12}(?:咨询电话|联系电话|电话号码|电话是多少|办公地址|在哪里办公)"
)
# a service's price (解放碑路边停车位一个钟头收好多钱, 晚上是不是免费停): set by the price department or the operator
# and published by them, never in a law; a fine asked (乱停车要罚好多钱) is the offence card's
_SERVICE_PRICE = re.compile(
    r"(?:停车|泊车|车位|充电桩|充电|寄存)[^。？?罚]{0,16}(?:收|交|付|花|要)(?:多少|好多|几多)钱|"
    r"(?:一|每)个?(?:钟头|小时|晚上)[^。？?罚]{0,6}(?:收|要)?(?:多少|好多|几多)钱|停车费[^。？?罚]{0,8}(?:多少|好多|几多)|"
    r"(?:是不是|是否|可不可以|能不能)免费停|"
    r"(?:哪个|哪家|哪里|哪儿)[^。？?]{0,12}(?:最便宜|最贵|便宜些|便宜点)|"
    r"(?:每|一)(?:立方|方|度|吨|斤|公斤|升)[^。？?罚]{0,4}(?:多少|好多|几多)钱|"
    r"(?:气价|电价|水价|油价|气费|电费|水费)[^。？?罚]{0,6}(?:多少|好多|几多|贵|便宜|涨)|"
    # a market price (清运一车装修垃圾市场价好多钱一车)
    r"(?:市场价|行情价)[^。？?，,]{0,10}(?:多少|好多|几多)|(?:多少|好多|几多)钱一(?:车|趟|次|方)"
)
# a noise limit in decibels (晚上不能超过好多分贝): the national emission standards fix them; no law in the corpus
# states a decibel figure
_DECIBELS = re.compile(
    r"(?<![零一二两三四五六七八九十百\d])(?:多少|好多|几多|几)个?(?:分贝|dB|db)[^。！!，,]{0,12}(?:[？?]|$)|(?:分贝|dB|db)(?:限值|标准)?(?:是|为|有)?(?:多少|好多)"
)
# the law itself judged (这个规定合不合理): the corpus says what the law is, not whether it is fair
_LAW_JUDGED = re.compile(
    r"(?:规定|条例|法律|法规|这条|这部法|这个法)(?:本身)?(?:到底)?(?:合不合理|合理不合理|公不公平|公平不公平|合理吗|公平吗|有没有道理)|"
    r"(?:你|您)(?:觉得|认为|看)[^。？?]{0,12}(?:规定|条例|法律|法规|标准|这条)[^。？?]{0,6}"
    r"(?:高不高|低不低|重不重|轻不轻|合不合理|合理不|公不公平|好不好)|"
    # a policy asked for an opinion (你觉得占道摆摊应不应该全面放开): whether to allow a thing is the lawmaker's
    # choice; 你觉得这种情况应不应该罚 is a case's question and stays
    r"(?:你|您)(?:个人)?(?:觉得|认为|看)[^。？?]{0,16}(?:应不应该|该不该|要不要|能不能|应该)[^。？?]{0,4}"
    r"(?:全面|彻底|一律|全部)?(?:放开|放宽|取消|一刀切|禁止|禁掉|放松)|"
    r"(?:你|您)(?:站|支持)(?:哪一边|哪边|哪一方|哪方)|你的立场|"
    # whom the courts favour (法官是不是都偏向政府): an opinion of people, not the law's text
    r"(?:法官|法院|复议机关)[^。？?]{0,8}(?:偏向|偏袒|向着|护着)"
)
# a piece of writing outside the officers' work (写一首关于城管的诗, 讲个笑话): not a question of law; a document of the
# work (笔录, 文书, 通知书) is the assistant's own task
_OUTSIDE_TASK = re.compile(
    r"(?:写|作|编|来)(?:一)?(?:首|篇|段|个)[^。？?]{0,10}(?:诗|歌|小说|作文|散文|段子|笑话|对联|顺口溜)|讲个笑话|唱(?:一)?首歌"
)
# a business's money (开个火锅店要投资好多钱): a business plan's, not the law's (违法所得 is the law's: not here)
_BUSINESS_MONEY = re.compile(
    r"(?:要|需要|得)?投资(?:多少|好多|几多)|(?:开|做|盘)(?:个|一个|一家|家)[^。？?]{0,10}(?:要|需要|得)(?:多少|好多|几多)(?:钱|本钱|成本)|"
    r"(?:本钱|利润|回本)[^。？?]{0,6}(?:多少|好多|几多|多久|好久)|"
    # what a thing costs to make or buy (做一块十平方米的LED广告屏，大概要花好多钱)
    r"(?:做|装|买|开)(?:一|个)[^。？?]{0,24}(?:大概|大约)?要花(?:多少|好多|几多)钱"
)
# what is happening now (今天重庆的空气质量怎么样, 明天会不会下雨): a forecast or a live report, not a law
_LIVE_INFO = re.compile(
    r"(?:今天|明天|后天|现在|目前|这几天|本周|这周|今晚)[^。？?]{0,10}(?:"
    r"(?:天气|空气质量|空气|气温|温度|雾霾|路况)[^。？?]{0,6}(?:怎么样|咋样|如何|好不好|多少|几度|好多度)|"
    r"会不会下(?:雨|雪)|下不下(?:雨|雪)|堵不堵|堵车吗|限不限行|限行吗)"
)
# how many of something a place has (全万州有好多个流动摊贩): a census or the record's count, not a law
# the bureaus whose yearly figures are asked (城管局, 执法大队 …)
_BODIES = "城管局|执法局|城管|执法支队|执法大队"
_PLACE_COUNT = re.compile(
    # asked, the clause ending in a question mark: in 重庆话 有好多居民投诉 says "many residents complained"
    r"(?:全|整个)?(?:万州|全区|全市|全县|重庆|我们区|城区|主城)[^。？?，,]{0,10}(?:大概|一共|总共|现在|目前)?有(?:多少|好多|几多)"
    r"(?:个|家|辆|名|处|条|座|户)?(?!罚|钱|元|天|日)[^。？?，,；;]{0,10}[？?]"
    # a bureau's takings over a year (城管局去年一共罚了多少钱): its accounts, not a law
    rf"|(?:{_BODIES})[^。？?，,]{{0,6}}(?:去年|今年|上半年|下半年|一年)[^。？?，,]{{0,4}}(?:一共|总共|共)?罚了?(?:多少|好多|几多)钱"
    # the time first (今年一到六月份全区城管一共罚了好多钱), and its place in a ranking (在全市排第几名)
    # — the sum asked on its own (not 今年城管一共罚了多少钱，这些钱归谁: where the money goes is the law's)
    rf"|(?:去年|今年|上半年|下半年|全年|月份)[^。？?，,]{{0,10}}(?:{_BODIES})[^。？?，,]{{0,4}}(?:一共|总共|共)?罚了?(?:多少|好多|几多)钱(?=[？?])"
    rf"|(?:{_BODIES}|全区|我们区)[^。？?]{{0,24}}(?:全市|全省|全国|各区)[^。？?]{{0,6}}排(?:在)?(?:第)?几(?:名|位)?(?=[？?])"
    # its case counts over a year (城管局2024年全年一共查处了多少件占道经营案件) and its total takings (罚没款总额)
    rf"|(?:{_BODIES}|中队)[^。？?，,]{{0,6}}(?:\d{{4}}年|去年|今年|上半年|下半年|全年|一年)[^。？?，,]{{0,6}}"
    r"(?:一共|总共|共)?(?:查处|办理|办|处罚|立案|立)了?(?:多少|好多|几多)(?:件|起|宗|个)"
    r"|罚没(?:款|金额)?总(?:额|数)(?:是|有)?(?:多少|好多|几多)"
)
# a bureau's or district's plans (区里准备在哪几条街新划停车位): its work plan, not a law
_LOCAL_PLAN = re.compile(
    r"(?:准备|打算|计划)(?:在|到)(?:哪|哪些|哪几|哪个)[^。？?]{0,12}(?:划|建|设|装|修|拆|搞|开展|整治)"
)
# joining the service (想考城管协管员要考些啥子, 招录要什么学历): the recruiting notice's, not the law's
_RECRUITMENT = re.compile(
    r"(?:报考|应聘|招聘|招录|考上|想考|去考|要考)[^。？?]{0,4}(?:城管|协管|执法队员|执法人员|公务员|辅警|事业编)|"
    r"(?:城管|协管员?|执法队)[^。？?]{0,4}(?:招人|招聘|招录)|"
    r"(?:城管|协管|执法)[^。？?]{0,6}(?:要|会|准备)?招(?:多少|好多|几多|几)(?:个|名)?人"
)
# when a facility opens, closes or lights up (这条街晚上几点关路灯, 垃圾车几点来收): its operator's timetable
_FACILITY_HOURS = re.compile(
    r"(?:路灯|景观灯|夜景灯|灯光秀|公园|广场(?!舞)|垃圾车|清运车|洒水车|停车场|菜市场|农贸市场|商场)[^。？?，,]{0,10}"
    r"几点(?:钟)?(?:开|关|亮|熄|来|收|营业|打烊)|"
    r"几点(?:钟)?(?:开|关|亮|熄)(?:门|灯|路灯|景观灯)"
)
# which product to buy (哪个牌子的执法记录仪续航最好): a shop's or a procurement's question, not a law's
_PRODUCT_CHOICE = re.compile(
    r"(?:哪个|哪种|哪款|哪家|什么|啥子|啥)(?:牌子|品牌|型号|厂家|厂商)|续航|性价比|(?:推荐|介绍)(?:一下)?(?:个|几个|一款|几款)?(?:牌子|品牌|型号)"
)
# one named person's record (住在白岩路的刘某某有没有被罚过): personal data the record keeps, never the law's
_PERSON_RECORD = re.compile(
    r"(?:[\u4e00-\u9fff]某某?|姓[\u4e00-\u9fff]的|住在[\u4e00-\u9fff]{1,8}的[\u4e00-\u9fff]{1,4}).{0,24}"
    # 遭/挨: 被 in Chongqing speech (有没有遭城管罚过款)
    r"(?:有没有|是不是|有没得|有无)(?:被|遭|挨)(?:你们城管|城管|你们|我们)?(?:罚过|处罚过|查处过|罚了(?=[？?。，,]|$|吗|没|呢))"
    # asked to look a named person up (帮我查一下…叫刘某某的人（身份证尾号…）…被城管罚过几次)
    r"|(?:查一下|查查|帮我查|帮忙查|查询|调一下)[^。]{0,40}(?:[\u4e00-\u9fff]某某?|身份证)[^。]{0,40}"
    r"(?:罚过|处罚过|查处过|处罚记录|违法记录)"
    # asked to look up what someone was fined (帮我查一下老街那家烧烤店的老板上个月被你们罚了好多钱) — not one's own
    # (not totals: 去年全区占道经营一共被罚了多少)
    r"|(?:帮我|给我|帮忙)查(?:(?!我|一共|总共|全区|全市|全部|所有|多少|规定|法律|法规|条例)[^。？?]){0,30}(?:被|遭|挨)(?:你们|城管|执法局|我们)?罚(?:了|过)(?:好多|多少|几多|几次)"
    # (not a rule's count: 被罚过几次以后可以从重, 罚过几次算屡教不改)
    r"(?![^。？?，,]{0,6}(?:以后|之后|以上|才|算|就|可以|能|要|会|属于|应当|应该|的))"
)


_DETAIL = r"(?:身份证号码?|电话(?:号码)?|手机号码?|联系方式|(?:家庭|屋头|家里)?住址|(?:家庭|屋头|家里|家)地址|真实姓名)"
# one detail or several joined (身份证号和电话, 真实姓名、手机号和家庭住址)
_DETAILS = rf"{_DETAIL}(?:[和跟、及]{_DETAIL})*"
# one person's name, ID number, phone or address asked to be looked up (帮我查一下…那个卖水果的摊主叫什么名字，
# 身份证号和电话多少): personal data the case file holds for those allowed to see it, not the law
_PERSON_DETAILS = re.compile(
    r"(?:查一下|查查|查下|查询|调一下|告诉我)[^。]{0,50}(?:那个|那位|这个|那家)[^。？?]{0,16}?"
    r"(?:摊主|老板娘?|商贩|摊贩|小贩|当事人|师傅|司机|车主|业主|住户|户主|男的|女的|店主|负责人|大爷|大妈|婆婆|小伙子?"
    r"|大姐|大哥|大叔|阿姨|孃孃|嬢嬢|女士|先生|老汉|老太太?|老头儿?|老人家|小姑娘|小妹|幺妹)"
    r"(?:(?!拒|不肯|不愿|不讲|不说|不报|隐瞒|谎报|没有|没带|说)[^。？?]){0,12}?(?:叫(?:什么|啥子?)(?:名字|(?=[，,？?。]|$))|姓名(?:是)?(?:什么|啥)"
    # the detail asked (是多少, 在哪) or named at the request's end (…的身份证号码和屋头住址，我要填到笔录里)
    # (not one refused or withheld: 拒绝提供真实姓名, 隐瞒身份证号码)
    rf"|(?<![提供报说瞒示写填]){_DETAILS}(?:(?:是|在)?(?:多少|好多|几多|啥|什么|哪)|(?=[，,。；;]|$))|住(?:在)?哪)"
    # (not the officers' own look-up asked as a rule: 我们查询了那个大姐的家庭住址，可以直接邮寄送达吗)
    r"(?![^。？?]{0,20}(?:能不能|可不可以|可以|需要|是否|吗))"
    # a person named 某 whose detail is asked to be looked up (帮我查一下五桥中队执法队员刘某的手机号和家庭住址)
    # (not the officers' own look-up asked as a rule: 我们查询了王某的家庭住址，可以直接邮寄送达吗)
    rf"|(?:帮我|给我|帮忙|麻烦你?)(?:查一下|查查|查下|查询|调一下)[^。？?]{{0,30}}?[\u4e00-\u9fff]某某?的{_DETAILS}"
    r"(?:(?:是|在)?(?:多少|好多|几多|啥|什么|哪)|(?=[，,。；;？?]|$))"
    r"(?![^。？?]{0,20}(?:能不能|可不可以|可以|需要|是否|吗))"
    # a party named by role, looked up in the system (你帮我在系统里查一下车主叫啥子、身份证号和家住哪里) — not whether
    # the officers may (我们能不能查一下车主的身份证号)
    r"|(?<!能不能)(?<!可不可以)(?<!可以)(?<!是否)(?<!能否)(?:查一下|查查|查下|查询|调一下)"
    r"(?:这个|那个|该)?(?:车主|摊主|店主|老板娘?|户主|业主|住户|司机)的?"
    rf"(?:叫(?:什么|啥子?)(?:名字)?|姓名|{_DETAILS})"
    r"(?![^。？?]{0,20}(?:能不能|可不可以|可以|需要|是否|吗))"
    # who reported it, looked up (帮我查一下举报人是哪个，电话多少) — not whether the bureau may tell (举报人的信息能不能告诉我)
    r"|(?:查一下|查查|查下|帮我查|帮忙查)[^。？?]{0,20}(?:(?:举报|投诉)(?:人|的人|我的人)(?:是|叫)?(?:哪个|谁|哪位|什么名字|啥名字)"
    r"|是(?:谁|哪个)(?:举报|投诉)的)"
    # where someone lives, asked in a look-up (帮我查一下…那个姓刘的老板…？他屋住哪里？)
    r"|(?:查一下|查查|查下|帮我查|帮忙查)[^。]{0,80}(?:(?<=[，,。？?！!；;])|^)(?:他|她)(?:屋|家|屋头)?住(?:在)?"
    r"(?:哪里?|哪儿|什么地方|啥子?地方)(?=[？?。，,]|$)"
    # (or one of a list of one person's details: 身份证号码是…的那个人，他在你们系统里有几起处罚、住在哪个小区、电话多少 —
    # not what a rule says to check: 上门送达时要核实哪些信息：当事人是谁、住在哪个小区)
    r"|(?:查一下|查查|查下|帮我查|帮忙查)[^。]{0,40}(?:那个人|那位|这个人|那个男的|那个女的|身份证号码?是[^，。]{1,24}的人"
    r"|车牌[^，。、]{1,12}的车主|那个(?:老板|摊主|店主|车主))"
    r"[^。]{0,40}(?<=[、，,])(?:家)?住(?:在)?(?:哪里?|哪儿|什么地方|啥子?地方|哪个(?:小区|地方|村|街道|楼|单元))(?=[？?。，,、]|$)"
    # someone's details asked to be handed over, the clause a request (再把他的身份证号和电话发给我) — not whether they
    # may be (能不能把当事人的电话告诉举报人)
    r"|(?:^|(?<=[，,。；;？?！!]))(?:你|您|请|麻烦你?|再|然后|顺便|能不能|可不可以|可以)*把[^。？?，,我]{0,10}?"
    r"(?:他|她|他们|她们|对方|当事人|老板娘?|摊主|店主|车主|司机|那个人|举报人|(?:那个|这个)?(?:执法)?队员)的"
    rf"{_DETAILS}(?:发给我|发我|告诉我|给我)(?![^。？?]{{0,4}}(?:合法|违法|可以吗|行不行|合规))"
    # someone's details said to be in the bureau's records, then asked to be sent (你们系统里肯定有他的身份证号和电话，
    # 帮我查一下发过来) — not an officer's look-up in them (帮我查一下他有没有前科), nor whether they may be (能不能发给我)
    r"|(?:系统里|系统上|档案里|电脑里|数据库里|你们那里|你们那儿|你们手上)[^。？?]{0,8}?"
    r"(?:他|她|对方|当事人|那个人|这个人|摊贩|摊主|老板|车主)的"
    rf"{_DETAILS}[，,。](?:你们?)?(?:麻烦|请)?(?:你们?)?(?:帮我|给我|帮忙)?(?:查一下|查下|查查|查|调一下|调|找一下|找)?"
    r"(?:(?:(?!能|可|是否)[^。？?，,]){0,3}(?:发过来|发给我|发我|告诉我)"
    r"|[^。？?，,]{0,6}(?:住哪|住在哪|(?:电话|号码|手机号?|身份证号?)(?:是)?多少)"
    r"|[，,]?(?:我要|我好|我想)(?:去)?找(?:他|她|车主|摊贩|对方))"
    r"(?![^。？?]{0,12}(?:能不能|可不可以|可以吗|合法|违法))"
)  # a person's detail asked for, not one named in a question of law (当事人姓名写错了有没有影响)


def person_details_asked(text: str) -> bool:
    """One person's name, ID number, phone or address is asked for (那个摊主叫什么名字，电话多少)."""
    return _PERSON_DETAILS.search(text) is not None


_HYPOTHETICAL = re.compile(r"如果|假如|假设|万一|要是")


def past_case_fact_asked(text: str) -> bool:
    """A fact of one person's case is asked for (where the impounded cart is now) — not a case supposed (如果当事人
    起诉，法院会怎么判: the law answers that)."""
    return _PAST_CASE_FACT.search(text) is not None and _HYPOTHETICAL.search(text) is None


# which version applies to an act done before a revision (修订前的还是修订后的, 按老规定还是新规定): a question the law
# answers (行政处罚法第三十七条: the rule in force when the act was done, the lighter new one where it applies)
_WHICH_VERSION = re.compile(
    r"修(?:订|改)前[^。？?]{0,12}还是[^。？?]{0,6}修(?:订|改)后|修(?:订|改)后[^。？?]{0,12}还是[^。？?]{0,6}修(?:订|改)前|"
    r"(?:老|旧|原来的|以前的|之前的)(?:规定|条例|标准|版本)还是(?:新|现在的|现行的)(?:规定|条例|标准|版本)?|"
    r"(?:新|现在的|现行的)(?:规定|条例|标准|版本)还是(?:老|旧|原来的|以前的|之前的)"
)


def future_law_asked(text: str) -> bool:
    """The question asks what a law will become (a revision, a draft, a future amount) — not which version applies
    to an act done before a revision."""
    return _FUTURE_LAW.search(text) is not None and _WHICH_VERSION.search(text) is None


def outcome_odds_asked(text: str) -> bool:
    """The chance of one case's outcome is asked for (复议撤销的可能性有好大)."""
    return _OUTCOME_ODDS.search(text) is not None or bool(
        _RESULT_FORETOLD.search(text) and _OWN_CASE_CHALLENGED.search(text)
    )


def service_info_asked(text: str) -> bool:
    """The bureau's opening hours, telephone or address are asked for (政务服务大厅礼拜六开不开门)."""
    return _SERVICE_INFO.search(text) is not None


def service_price_asked(text: str) -> bool:
    """A service's price is asked for (停车位一个钟头收好多钱): the price department's or the operator's list."""
    return _SERVICE_PRICE.search(text) is not None


def decibels_asked(text: str) -> bool:
    """A noise limit in decibels is asked for (好多分贝？): the national standards', not the corpus's — not one
    measured in a report (超过标准十几个分贝，居民投诉)."""
    return _DECIBELS.search(text) is not None


def law_judged_asked(text: str) -> bool:
    """Whether a law itself is fair or reasonable is asked (这个规定合不合理): an opinion, not the law's text."""
    return _LAW_JUDGED.search(text) is not None


def business_money_asked(text: str) -> bool:
    """A business's investment, cost or profit is asked for (开个火锅店要投资好多钱): not a question of law."""
    return _BUSINESS_MONEY.search(text) is not None


# when and where the officers are not looking (城管晚上几点以后就不巡查了，我好错开时间摆; 怎么躲城管; 排烟怎么安排才能
# 少被检查发现) and where trade is best (哪个地段人流量大, 哪个商圈客流和利润最好): help to evade enforcement, or a
# business's choice — neither is the law's
_EVASION = re.compile(
    r"(?:城管|执法队?|队员)[^。？?]{0,6}(?:几点|什么时候|啥时候|哪天|哪些时间)[^。？?]{0,8}(?:不巡查|不查|不管|下班|收队|不来)"
    r"|(?:躲|避开|避过|绕开)(?:开)?(?:城管|执法|检查|巡查)|错开(?:巡查|城管|检查)?时间|(?:怎么|咋个|如何|啷个)(?:才能)?不被(?:城管)?(?:查到|抓到|发现|逮到)"
    r"|(?:才能|好|怎么|如何|咋个)[^。？?，,]{0,4}(?<![至多减很])(?:少|不容易)被[^。？?，,]{0,6}(?:查到|抓到|发现|逮到)"
    r"|(?:哪个|哪些|哪里|哪儿|什么)(?:地段|位置|路段|地方)[^。？?]{0,6}(?:人流量大|人多|生意好|好卖|赚钱)"
    r"|(?:哪边|哪个|哪里|哪儿|哪家)[^。？?]{0,12}(?:客流|人流量?|利润)[^。？?]{0,4}(?:最好|最大|最高|最多)"
    # which of two spots trades better (开在万达附近还是高笋塘那边生意更好)
    r"|(?:开在|摆在|选在|放在)[^。？?，,]{1,12}还是[^。？?，,]{1,12}生意(?:会)?(?:更|最)(?:好|旺|火)"
    r"(?![^。]{0,30}(?:违法|合法|规定|手续|许可|审批|能不能|可不可以|外摆|占道))"
    r"|(?:哪边|哪里|哪儿)[^。？?，,]{0,12}生意(?:会)?(?:更|最)(?:好|旺|火)"
)
# which eatery or shop is best (万州烤鱼哪家最正宗): a recommendation, not a law
_RECOMMENDATION = re.compile(
    r"(?:(?:哪(?:家|里|儿|几家)|哪个馆子)[^。？?，,]{0,6}(?:最|比较|更)?(?:正宗|好吃|地道)|推荐(?:一家|几家|个)[^。？?，,]{0,6}(?:好吃|地道))"
    # (not the bureau asked about it: 哪家更正宗城管管不管)
    r"(?![^。]{0,30}(?:管不管|罚|违法|合法|规定|手续|许可|审批|可以|能不能|外摆|占道))"
)


def evasion_asked(text: str) -> bool:
    """Help to dodge the officers, or a trading spot's takings, is asked for: not a question of law."""
    return _EVASION.search(text) is not None


def recommendation_asked(text: str) -> bool:
    """Which eatery or shop is best is asked (万州烤鱼哪家最正宗): a recommendation, not a question of law."""
    return _RECOMMENDATION.search(text) is not None


# a lawyer or a firm recommended, or its fee quoted (哪家律师事务所打行政官司最厉害？给我推荐一个靠谱的律师) — not whether one
# may be brought (听证能不能请律师, 委托律师要什么手续)
_LAWYER_PICKED = re.compile(
    # (not a stage asked: 在哪个阶段请律师比较合适)
    r"哪(?:家|个|位|几家|几个)(?:(?!阶段|环节|时候|时间|程序|情况|情形|步骤)[^。？?，,；;]){0,8}(?:律师|律所)"
    r"(?=[^。？?，,；;]{0,16}(?:最|比较|更|靠谱|厉害|好(?!处|像|不好)|专业|有名|便宜|推荐|报价|报个价))"
    # (not a lawyer someone recommended: 推荐的律师能不能代理听证)
    r"|推荐(?![的了过])(?:一|几)?(?:个|家|位)?[^。？?，,；;]{0,8}(?:律师|律所)|(?:律师|律所)[^。？?，,；;]{0,4}推荐"
    # the best picked, named before the lawyer (推荐几个万州本地打行政诉讼最厉害的律师或者律所)
    r"|推荐(?![的了过])[^。？?，,；;]{0,16}?(?:最厉害|最靠谱|最专业|最有名|最好|厉害|靠谱)的?(?:律师|律所)"
    r"|(?:律师|律所|律师事务所)[^。？?，,]{0,10}(?:最厉害|最靠谱|最专业|最有名|哪家强|哪家好|哪个好|哪家最好|哪个最好)"
    # a lawyer's price (请个律师大概要多少钱, 律师费一般多少钱) — not who bears it (律师费谁出)
    r"|(?:请|找)(?:个|一个)?律师[^。？?，,]{0,6}(?:多少钱|好多钱)|律师费[^。？?，,谁]{0,4}(?:多少钱|收多少|多少)"
    # one firm asked for, praised at length (推荐一家万州最厉害、胜诉率最高的律师事务所; 花好多律师费)
    # (not another thing recommended before a lawyer of one's own: 推荐一家有资质的公司来代拆…我的律师说)
    r"|推荐(?![的了过])(?:一|几)?(?:个|家|位)(?:(?!公司|单位|办法|企业|机构|我的|他的|她的)[^。？?；;]){0,20}(?:律师|律所)"
    r"|胜诉率最高|(?:花|要)(?:好多|多少)律师费"
)


def lawyer_recommendation_asked(text: str) -> bool:
    """A lawyer or law firm to be recommended (哪家律师事务所最厉害，给我推荐一个): not a question of law."""
    return _LAWYER_PICKED.search(text) is not None


def live_info_asked(text: str) -> bool:
    """Today's weather, air or traffic is asked for (今天空气质量怎么样): a live report, not a law."""
    return _LIVE_INFO.search(text) is not None


def place_count_asked(text: str) -> bool:
    """How many of something a place has is asked (全万州有好多个流动摊贩), or a bureau's takings or cases over a year
    (城管局去年一共罚了多少钱, 全年一共查处了多少件, 罚没款总额): a census's, the accounts' or the record's count."""
    return _PLACE_COUNT.search(text) is not None


def local_plan_asked(text: str) -> bool:
    """Where a bureau or a district plans to act is asked (准备在哪几条街新划停车位): its work plan."""
    return _LOCAL_PLAN.search(text) is not None


def recruitment_asked(text: str) -> bool:
    """Joining the service is asked about (想考城管协管员，要考些啥子): the recruiting body's notice."""
    return _RECRUITMENT.search(text) is not None


def facility_hours_asked(text: str) -> bool:
    """When a facility opens, closes or lights up is asked for (几点关路灯): its operator's timetable."""
    return _FACILITY_HOURS.search(text) is not None


def product_choice_asked(text: str) -> bool:
    """Which brand or model to buy is asked for (哪个牌子的记录仪续航最好): not a law."""
    return _PRODUCT_CHOICE.search(text) is not None


def outside_task_asked(text: str) -> bool:
    """A poem, a story or a joke is asked for: outside what the assistant is for."""
    return _OUTSIDE_TASK.search(text) is not None


# asked of the assistant (你帮我 / ，再帮我 / 能不能帮我), not of a friend (律师朋友帮我写诉状，卡在“被告”那一栏 asks the law)
_ASKED_OF_US = r"(?:^|(?<=[，,。？?！!；;\s你您请再])|(?<=能不能)|(?<=可不可以)|(?<=麻烦))"
# a quarrel between private people (楼上漏水, 邻居装修, 快递弄坏) — not one with the bureau (城管暂扣的车弄坏了，该赔我多少:
# 行政强制法第二十六条 answers; 对罚款决定不服…帮我写个起诉状: 行政诉讼法 answers what it must hold)
_PRIVATE_QUARREL = re.compile(
    r"邻居|邻里|楼上|楼下|对门|隔壁|装修|漏水|渗水|房东|租客|亲戚|朋友|同事|快递|商家|店家|卖家|网购|撞了|车祸|打架"
)
_WITH_THE_BUREAU = re.compile(
    r"城市管理|城管|执法|街道|行政机关|罚款决定|处罚决定|不服|复议|行政诉讼|行政官司|政府|扣押|暂扣|强拆|违法拆除|违建|被拆|举报|违章|违法建|被扣|没收|关停|人行道|路灯|绿化|绿地|井盖|市政|公共设施"
)
# its damages to be reckoned, or its court papers written (…你帮我算一下该赔我好多钱，再帮我写个起诉状): a civil claim, not
# a question of city-management law — not what the law says a complaint must hold (起诉状应当写明哪些内容)
# the other side of a private quarrel, as people name them (他, 对方, 楼上, 狗主人, 房东)
_OTHER_SIDE = r"(?:他|她|他们|她们|对方|人家|邻居|楼上|楼下|狗主人|主人|房东)"
_CIVIL_CLAIM = re.compile(
    rf"{_ASKED_OF_US}(?:帮我|给我|替我|帮忙)(?:算|计算|估|估算|核算)(?:一下|下)?[^。？?]{{0,8}}(?:该|应该|能|可以|要)?(?:赔|赔偿)(?:我|给我)?(?:多少|好多|几多)|"
    rf"{_ASKED_OF_US}(?:帮我|给我|替我|帮忙)(?:写|起草|拟|代写)(?:一下|下)?(?:一)?(?:个|份|篇)?(?:民事)?(?:起诉状|诉状|起诉书|答辩状|上诉状)|"
    # what the other side owes asked outright (他应该赔我多少钱), or a debt taken back by hand (扣下他的快递抵账)
    r"(?:他|她|他们|她们|对方|人家)(?:家)?(?:应该|应当|该|要|得)(?:赔|赔偿)(?:我|给我|我们)(?:多少|好多|几多)(?!都)|"
    # the damages' reckoning asked (这个赔偿到底该怎么算？我能拿到多少？)
    r"赔偿(?:金额|数额|款)?(?:到底)?(?:该|应该|要)?(?:怎么|咋个|如何)(?:算|计算)|(?:我|我们)(?:能|可以)(?:拿到|得到|要到)(?:多少|好多|几多)(?![^。？?]{0,4}(?:奖|补偿|补助))|"
    r"(?:扣下|扣住|拿走|留下)(?:他|她|他们|她们|对方|人家)(?:家)?的[^。？?，,]{0,6}(?:抵账|抵债|抵钱)|"
    # what to claim from the other side asked (我能找他赔多少钱)
    rf"(?:找|向|跟|问){_OTHER_SIDE}(?:家)?(?:要|索)?(?:赔|赔偿|索赔)(?:多少|好多|几多)"
    rf"|(?:找|向|跟){_OTHER_SIDE}(?:家)?要(?:多少|好多|几多)(?:钱的)?赔偿"
)


# the bureau asked to act against the other side (我能不能请城管去罚他): the quarrel is still a private one
_BUREAU_CALLED_IN = re.compile(
    r"(?:请|找|叫|喊)(?:城管|执法)(?:部门|局|队)?(?:来|去)?(?:罚|管|处理|处罚)(?:他|她|他们|她们|对方)"
)


def civil_claim_asked(text: str) -> bool:
    """A private dispute's damages to be reckoned or its complaint written (楼上装修把天花板泡烂了…帮我算一下该赔我好多钱，
    再帮我写个起诉状) — not a claim against the bureau (calling the bureau in against the other side is none)."""
    return (
        _CIVIL_CLAIM.search(text) is not None
        and _PRIVATE_QUARREL.search(text) is not None
        and _WITH_THE_BUREAU.search(_BUREAU_CALLED_IN.sub("", text)) is None
    )


def person_record_asked(text: str) -> bool:
    """Whether a named person has been fined is asked for (刘某某去年有没有被罚过): personal data, not law."""
    return _PERSON_RECORD.search(text) is not None


def bureau_figures_asked(text: str) -> bool:
    """The question asks for the bureau's own figures (万州区城市管理局有多少名在编执法人员)."""
    asked = re.search(r"[？?]|吗|呢|多少|好多", text) is not None  # not a report (二中队…按天结工资)
    if _FINES_KEPT.search(text):
        return False  # fines handed back to the bureau or tied to its appraisal: 行政处罚法第七十四条 answers
    return bool(asked and ((_BUREAU.search(text) and _figure_asked(text)) or _STAFF_PAY.search(text)))


# what may be done asked after the staff were told (有几个协管员，没有执法证，能不能让他们去扣押)
_PERMISSION_ASKED = re.compile(
    r"能不能(?!帮|告诉|查|说)|可不可以(?!帮|告诉|查|说)|能否|行不行|可以[^。？?]{0,16}[吗嘛不]|能[^。？?]{0,12}吗"
    r"|有没有(?:权|资格)|有权[^。？?]{0,16}吗|算不算|合不合法|合法吗|违法吗|会不会违法|是否(?:可以|能|有权|合法)"
)


def _figure_asked(text: str) -> bool:
    """A figure of the bureau's asked for: not 有几个协管员，能不能… (a few of them, told before a question of what
    they may do); 有几辆执法车，分别是什么型号 still asks the bureau's own figures."""
    for m in _BUREAU_FIGURE.finditer(text):
        rest = text[m.end() :]
        if (
            "几" in m.group(0)
            and re.match(r"[^，。；,;？?]*[，。；,;]", rest)
            and _PERMISSION_ASKED.search(rest)
        ):
            continue
        return True
    return False


@dataclass(frozen=True)
class HeldElsewhere:
    """A kind of question the corpus cannot answer because its answer is held elsewhere: how to recognise it, what
    the router's reason calls it, and the refusal that says where to look instead."""

    asked: Callable[[str], bool]
    label: str
    reason: str


HELD_ELSEWHERE: tuple[HeldElsewhere, ...] = (
    HeldElsewhere(
        past_case_fact_asked,
        "某一案件的具体情况",
        "法规库只有法律法规，没有具体案件的情况；请凭案件编号查询案件进展（或问“案件 编号 办到哪一步了”），或联系办案队员",
    ),
    HeldElsewhere(
        future_law_asked,
        "法规的修订计划",
        "法规库只收录现行有效的法律法规，没有修订草案或今后的调整计划，无法预测修订后的内容；"
        "现行规定可以直接问（如“出店经营罚多少”）",
    ),
    HeldElsewhere(
        outcome_odds_asked,
        "个案结果的预测",
        "法规库只有法律法规，无法预测某一案件复议或诉讼的结果和胜算；可以问复议、诉讼的条件、期限和程序",
    ),
    HeldElsewhere(
        service_info_asked,
        "机关的办公时间或电话",
        "法规库只收录法律法规，没有机关的办公时间、地址和联系电话；请查看区人民政府或城市管理部门公布的办事指南",
    ),
    HeldElsewhere(
        service_price_asked,
        "收费价格",
        "法规库只收录法律法规，没有停车、摊位等的具体收费价格或市场价格；收费标准由价格主管部门或经营管理单位公布，"
        "请查看现场的收费公示牌或其公布的收费标准",
    ),
    HeldElsewhere(
        decibels_asked,
        "噪声分贝限值",
        "法规库中的法律法规没有规定具体的噪声分贝限值（由国家环境噪声排放标准等技术标准规定，如社会生活、建筑施工的"
        "环境噪声排放标准）；法规库可以回答哪些行为禁止、谁来管、怎么处罚",
    ),
    HeldElsewhere(
        law_judged_asked,
        "对法规本身的评价",
        "法规库只能说明法律法规怎么规定，不评价规定本身是否合理，也不发表个人看法；对法规的意见和建议可以向制定机关或"
        "人大常委会反映",
    ),
    HeldElsewhere(
        business_money_asked,
        "经营投资或成本",
        "法规库只收录法律法规，没有开店投资、经营成本或利润等商业信息；开店要办的手续和要守的规定可以直接问"
        "（如“开餐馆要办哪些手续”“门店招牌要审批吗”）",
    ),
    HeldElsewhere(
        evasion_asked,
        "避开执法检查或经营选址",
        "智法不提供避开执法巡查的时间、路线等安排，也不提供经营选址或客流等商业建议；依法经营的要求可以直接问"
        "（如“夜市摆摊要在哪里摆、要办什么手续”“食品摊贩要备案吗”）",
    ),
    HeldElsewhere(
        recommendation_asked,
        "餐馆或商家推荐",
        "智法只回答城市管理执法的法律法规问题，法规库中没有餐馆、商家的口碑或推荐；开店、摆摊要守的规定可以直接问"
        "（如“烧烤店外摆要办什么手续”“油烟净化设施有什么要求”）",
    ),
    HeldElsewhere(
        lawyer_recommendation_asked,
        "律师推荐或报价",
        "智法不推荐律师或律师事务所，也不提供律师收费报价；可以向司法行政部门、律师协会或法律援助机构咨询。复议、诉讼的"
        "条件、期限和程序可以直接问（如“对处罚不服多久内可以起诉”“听证可以委托代理人吗”）",
    ),
    HeldElsewhere(
        live_info_asked,
        "天气、空气或路况等实时信息",
        "法规库只收录法律法规，没有天气、空气质量、路况等实时信息；请查看气象、生态环境或交通部门发布的信息",
    ),
    HeldElsewhere(
        place_count_asked,
        "地方的统计数字",
        "法规库只收录法律法规，没有某地商户、摊贩、车辆或执法罚没金额等统计数字；已登记的案件可问“本月各类案件多少件”等统计，"
        "其余请查阅统计或主管部门公布的数据",
    ),
    HeldElsewhere(
        local_plan_asked,
        "本地的工作计划",
        "法规库只收录法律法规，没有区县或部门的工作计划和具体安排；请查看区人民政府或主管部门公布的计划、通告",
    ),
    HeldElsewhere(
        recruitment_asked,
        "招录条件和考试",
        "法规库只收录执法方面的法律法规，没有城管执法队员、协管员的招录条件和考试内容；请查看人事部门或招录单位发布的招录公告",
    ),
    HeldElsewhere(
        facility_hours_asked,
        "设施的开放或运行时间",
        "法规库只收录法律法规，没有路灯、公园、停车场、垃圾清运等设施每天的开关或运行时间；请咨询其管理单位或查看现场公示",
    ),
    HeldElsewhere(
        product_choice_asked,
        "设备或产品的选购",
        "法规库只收录法律法规，没有设备、产品的品牌、型号或性能比较；装备怎么用的法律要求可以直接问"
        "（如“执法全过程记录有什么规定”）",
    ),
    HeldElsewhere(
        outside_task_asked,
        "执法以外的写作",
        "智法只回答城市管理执法的法律问题、研判违法行为和查询勤务案件，不写诗歌、故事或笑话；"
        "可以问执法中的法律问题，如“占道经营罚多少”",
    ),
    HeldElsewhere(
        civil_claim_asked,
        "民事赔偿的计算或诉状代写",
        "智法只回答城市管理执法的法律问题，不替个人计算民事赔偿数额，也不代写起诉状；"
        "邻里之间的损害赔偿可以协商、申请人民调解，或请律师、法律援助机构帮助",
    ),
    HeldElsewhere(
        person_record_asked,
        "他人的处罚记录",
        "法规库只有法律法规，没有个人的违法或处罚记录；他人的处罚记录属于个人信息，不能在此查询。"
        "本人的案件可凭案件编号查询（如“案件 编号 办到哪一步了”）",
    ),
    HeldElsewhere(
        person_details_asked,
        "他人的个人信息",
        "法规库只有法律法规，没有当事人的姓名、身份证号、电话、住址等个人信息，也不能在此查询他人的个人信息；"
        "经办案件的当事人信息请在案件系统中按权限查看（如“案件 编号 办到哪一步了”）",
    ),
    HeldElsewhere(
        bureau_figures_asked,
        "本单位内部数据",
        "法规库只收录法律法规，没有本单位的人员编制、人数、车辆、经费或办案指标、考核等内部数据；"
        "在岗人员可问“今天哪些队员在岗”，其余请查阅本单位的人事或财务资料",
    ),
)


def check(text: str, store: StatuteStore, selection: Selection) -> OutOfScope | None:
    """What makes this question one the corpus cannot answer, given what retrieval selected for it (the best
    article's ``coverage`` and ``similarity``, the provisions quoted)."""
    cov = selection.coverage
    sim = 0.0 if selection.similarity is None else selection.similarity
    if discretion_table(text, store):
        return OutOfScope(
            "法规库只收录法律法规规定的罚款幅度，没有本地（区县或城管部门）制定的行政处罚裁量基准，"
            "无法给出其中各档的具体数额；请查阅本单位公布的裁量基准，或问“某行为罚多少”查看法定幅度",
            hard=True,
        )
    if (place := other_place_asked(text)) is not None:
        return OutOfScope(
            f"法规库只收录国家法律法规和重庆市的地方性法规，没有{place}的地方规定，无法回答{place}怎么处理",
            hard=True,
            nearest=False,
        )
    for held in HELD_ELSEWHERE:  # the record's, a court's, an office's or a future law's: never the corpus's
        if held.asked(text):
            return OutOfScope(held.reason, hard=True, nearest=False)
    law = named_absent_law(text, store)
    if law is not None and (cov < COVERAGE_SURE or article_of_absent_law(text, law)):
        return OutOfScope(f"法规库中没有《{law}》，无法依据它回答", hard=True)
    quoted = selection.by_article()
    texts = [
        art.text for a, _ in quoted if (art := store.article(a)) is not None
    ]  # the quoted articles, whole
    if law is None:
        weak = cov < COVERAGE_SURE or (cov < OFF_TOPIC_COVERAGE and sim < OFF_TOPIC_SIMILARITY)
        # weakly covered and naming a subject the corpus never mentions — or asking only about another field's
        # subject that no provision retrieved for it uses (the corpus names 工伤认定 in a list of reviewable
        # decisions; no quoted provision says who qualifies or what is paid)
        field_hit = (other_field(text, store) if weak else None) or field_is_the_question(
            text, lambda w: _used_alike(w, text, texts)
        )
        if field_hit is not None:
            name, word = field_hit
            return OutOfScope(
                f"法规库中没有关于“{word}”的规定（属于{name}方面的问题，不在城市管理执法法规范围内）",
                hard=True,
            )
    if selection.answered and quoted:
        if (unit := figure_missing(text, [u.text for u in selection.units])) is not None:
            what = UNIT_WHAT[unit]
            return OutOfScope(
                f"法规库中的相关条文没有规定所问的{what}（可能由本地规定或单位制度确定）",
                hard=True,
            )
        if (left := individual_fine_left_to_law(text, selection.units)) is not None:
            return OutOfScope(
                f"《{left.law}》{left.article_label}对个人只规定“依法处以罚款”，没有规定具体数额；"
                "具体数额由地方性法规规定，法规库未收录",
                hard=True,
                nearest=False,
            )
        if delegated_local(text, texts):
            # the delegating article among the first two quoted (not a penalty article quoted first)
            first = next(
                (
                    units[0]
                    for a, units in quoted[:2]
                    if (art := store.article(a)) is not None
                    and _DELEGATION.search(art.text)
                    and not _PENALTY.search(art.text)
                ),
                quoted[0][1][0],
            )
            statute_list = None if _OWN_LIST_ASKED.search(text) else places_listed(store, first.article_id)
            cost_asked = not _DISTRICT_LIST.search(text) and any(
                _CONSEQUENCE_ASKED.search(c) and not _WHERE.search(c)
                for c in re.split(r"[。？?！!，,；;]", text)
            )
            return OutOfScope(
                f"法规库只有授权规定（《{first.law}》{first.article_label}：由政府或主管部门划定、公布或制定），"
                "没有本地公布的具体名单、范围或收费标准；请查阅区县人民政府或主管部门公布的文件",
                # who fixes it: the quoted delegation answers that part; a quoted list of places the statute itself
                # bans (第六条：禁放区域以外的下列区域或者场所) answers 哪些地方 beside the district's own list; what the
                # act costs, where the statute lists no places of its own (a list it has leads: LegalQA._decide)
                hard=not (
                    who_decides_asked(text)
                    or (cost_asked and _OWN_LIST_ASKED.search(text) is None and statute_list is None)
                    or (not _STREETS_ASKED.search(text) and any(_STATUTE_LIST.search(t) for t in texts))
                ),
                nearest=False,
                conclude=False,
                statute_list=statute_list,
                delegating=first.article_id,
            )
    if law is not None:  # named beside a question the corpus does answer: a notice, not a refusal
        return OutOfScope(f"法规库中没有《{law}》，无法依据它回答", hard=False)
    return None
