"""Cheap, explainable cues read from an officer's description: party type and discretion facts.

Pure regular expressions — no model. Each hit is reported so the officer can correct it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.catalogue.discretion import CaseFacts
from knowledge.catalogue.schema import PartyType

_ORG = re.compile(
    r"有限公司|有限责任公司|股份公司|公司|集团|企业|单位|项目部|物业服务企业|合作社|超市连锁|施工队|房屋中介(?!门口|门前|旁|边|附近|对面)"
    # a school, hospital or hotel is the party, not where it happened (在学校门口, 医院住院部楼下, 酒店对面)
    # (nor a distance from one: 离学校两百米)
    r"|(?<![去进往离距])(?<!距离)(?:(?<!到)|(?<=查到))(?:学校|医院|酒店|宾馆|商场)(?!门口|门前|大门|旁|边|附近|楼下|外|周边|周围|对面|前面|后面|后门|住院部|里|内)"
)
_IND = re.compile(
    r"个体|个人|男子|女子|老人|妇女|大爷|大妈|市民|住户|摊主|摊贩|店主|车主|司机|驾驶人|老板|小伙|一户"
)
_NEGATED = re.compile(r"[不没未非无]")
_SENTENCE_END = re.compile(r"[。；！？!?;\n]")
_LONG_AGO = re.compile(r"前年|(?:好|几|多|[两三四五六七八九十\d])年(?:以)?前|\d{4}年的事")


def _clause_before(text: str, end: int) -> str:
    """The last clause (between commas or stops) that ends before ``end`` and is not empty."""
    clauses = [c for c in re.split(r"[，,。；;！？!?]", text[:end]) if c.strip()]
    return clauses[-1] if clauses else ""


def _sentence_of(text: str, m: re.Match[str]) -> str:
    """The sentence holding the match (between the sentence ends around it)."""
    starts = [e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())]
    end = _SENTENCE_END.search(text, m.end())
    return text[starts[-1] if starts else 0 : end.start() if end else len(text)]


# a count of time right after 不到 (不到五分钟, 不到半小时)
_COUNTED = re.compile(r"[一二两三四五六七八九十半几\d]")
# 差不多天天半夜, 无视劝导: no denial of what follows
_NOT_DENIAL = re.compile(r"差不多|不少|不断|不停|无视|无数|无论|二话没说|二话不说")

# an age under 14, written out or in digits (九岁, 十三周岁, 12岁)
_CN_AGE_UNDER_14 = r"(?:[一二三四五六七八九]|十[一二三]?|(?<!\d)(?:[1-9]|1[0-3])(?!\d))(?:周)?岁"

# the time given to correct said to be still running (现在期限还没到, 目前期限尚未届满, 限期还没过)
# the thing still there at a check, a clause after it (今天去复查，泥巴还在): read by the refusal pattern, by what is not yet
# done and by the rule for a check soon after a notice
_AT_CHECK_STILL_THERE = r"复查(?:时|发现)?[，,][^。；，]{1,6}(?:还|仍|依然|依旧|仍然)(?:放|摆|立|堆|停)?在"
# who may be the one still there at a check (复查，老板还在): a person, not the thing left
_AT_CHECK_PERSON = r"他|她|老板|摊主|店主|业主|户主|住户|施工队|商贩|摊贩|对方"
# left where it was, found at a later check (今天上午复查，枝丫还堆在原地)
_AT_CHECK_LEFT = (
    r"(?:复查|再去|又去|回访)[^。；]{0,16}还(?:堆|摆|放|停|晾|挂|立|扔)(?:起|着)?在原(?:地|处|位)"
    # (a thing, without a verb: 复查钢瓶还在原处 — not a person waiting there: 老板还在原处等我们)
    r"|(?:复查|再去|又去|回访)[^。；，]{0,12}(?<!队员)(?<!我们)还在原(?:处|位)(?![^。；，]{0,2}(?:等|站|看))"
)
# unchanged at a check (这个月我们去复查，软管还是那样拖在地上) — not what someone says (他说生意还是那样)
_AT_CHECK_SAME = (
    r"(?:复查|去看|检查|巡查|回访|再去)[^。；，]{0,6}[，,][^。；，说讲]{0,8}还是(?:那样|老样子)(?![的地得])"
    # (今天复查还是老样子) — not what someone says at it (复查时老板说生意还是老样子)
    r"|复查[^。；，说讲]{0,6}还是(?:那样|老样子)(?![的地得])"
)
_RUNNING = (
    r"(?:现在|目前)[^。；]{0,4}(?:期限还没到|还没到期|期限未到|期限未届满)"
    # (not 期限内未到 — failing to come within the time — nor 整改未到位)
    r"|(?:期限|限期)(?!内)[^。；，]{0,4}(?:(?:尚未|还没有?|还未)(?:届满|到期|满|过|到)(?![位场达])|未(?:届满|到期))"
)
# left undone: told to and never did (我们就一直没弄, 公司一直没来修), none of it taken down (一条都没取), no one sent
# (到今天也没派人来弄) — a refusal, unless the time given still runs (_NOT_YET)
_LEFT_UNDONE = (
    r"一直(?:都)?没(?:有)?来?(?:弄|整|改|动(?!工)|搬|清(?!楚)|修)"
    r"|(?:一条|一个|一张|一块|一根|一样|一处)都没(?:取|拆|撤|清|搬|改|动|摘)"
    # one part done by the deadline, the rest not (到期只在两个档口装了报警器，自闭阀一个没装)
    r"|(?:一个|一台|一处)(?:都|也)?没(?:装|安|换)(?!的)"
    r"|(?:也|还|都)没(?:派人|找人|喊人|叫人)来?(?:弄|修|清|疏通|处理|整)"
    # told to come and mend it, and no one came since (上周已经通知这家公司来修，到现在没人来)
    # (not the bureau told to come: 群众打电话通知我们来处理，至今没人来; 接到通知)
    r"|(?<!接到)(?<!收到)通知(?!了?(?:我们|我|城管|队员|中队|大队|执法))[^。；]{0,10}来(?:修|弄|清|处理|整改)[^。；]{0,4}[，,]"
    r"(?:结果|可是|但是?)?(?:到现在|到今天|至今|现在|一直)[^。；，]{0,2}(?:都|也|还)?没(?:有)?(?:人|派人)?来"
)

# the places whose use makes dust, smoke or noise reaching them weigh more
_SENSITIVE = "(?:学校|小学|中学|幼儿园|医院|住院部|病房|养老院)"
# the officers' first time, not the party's (第一次去的时候, 头一回上门就跟他讲过, 第一次劝他, 头一回给的整改期限)
_FIRST_TIME_OF_OFFICERS = (
    r"(?!(?:发现|检查|巡查|查到|来|去)时|给)(?![^。；，\s]{0,6}(?:劝|要求|责令|提醒|警告|叫他|喊他|让他))"
    r"(?![^。；，\s]{0,2}(?:说服|教育))"
    r"(?![^。；，\s]{0,3}(?:去|来|(?<![逮抓查遇碰找收])到|上门|过去)[^。；，\s]{0,6}(?:时|的时候|检查|巡查|现场|说|讲))"
)
# not one thing done (一样没动, 一根都没动, 一点没改) — not 一点都没动他 (not touched him): a refusal, and what is not yet done
# a shop's own premises, whose size is no scale of the offence (四十个平方的门面, 40平米的门面)
_PREMISES = r"(?:门面|店面|铺面|门市|商铺|店铺|小店)"
_NONE_DONE = (
    r"一样没动|一样没(?:弄|整|改|拆|清)|一点没动|(?<!我们)(?<!队员)(?<!城管)"
    r"一(?:点|根|样|处|块砖|块|片|张|颗|棵)(?:都|也)?没(?:动(?![他她人手])|改|拆|清|撕|搬)|一块砖(?:都|也)?没少"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "corrected": re.compile(
        # an order given on the spot (当场责令他停工, 现场要求立即停工) is no correction by the party (按照要求立即拆除 is one)
        # (要求 right before is read in read_facts: 按照要求/根据城管的要求立即拆除 is the party's)
        r"(?<!责令)(?<!责令其)(?<!要求其)(?<!命令)"
        # nor the officer's request to the party (请你们马上把音箱关了)
        r"(?<!请你们)(?<!叫你们)(?<!喊你们)(?<!请你)(?<!你们)(?<!你)"
        r"(当即|马上|立即|立刻|随即|当场|主动|及时|二话没说|二话不说|当天(?:[上下]午|晚上)?就|(?:几|[一二三四五六七八九十\d]+来?)分钟(?:内|之内|就|不到就|没到就)|一刻钟(?:不到)?就|半个?(?:小时|钟头)不到就|没过(?:几|[一二三四五六七八九十\d]+)分钟就)"
        r"(?:(?!责令|要求|叫他|喊他|让他|勒令)[^，。；,]){0,8}"
        r"(收摊|改正|搬回|搬进|收回|收进|拿回|撤回|撤走|搬走|收走|撤离|离开|撕|清除|浇灭|灭了|整改|清理|拆除|擦|停止|关掉|关闭|关火|熄火|调低|恢复|捡|关了|停了|拆了|撤了|清了|搬了|熄了"
        # dust suppression switched on (施工方当场打开了雾炮)
        r"|(?:挡板|围挡|彩钢板|防尘网|篷布|彩条布|网|布)[^，。；]{0,6}?围了?起来|扫掉|打开了?(?:雾炮|喷淋|洒水|喷雾)|开启了?(?:雾炮|喷淋|喷雾)|开(?:了|起)(?:雾炮|喷淋)"
        r"|取下|揭下|揭掉|揭了|收起|抱回|端回|端走|端进|解了|解下|摘下|摘了|摘掉|停工|收了工(?![具地人])|收工了|收了摊|就收了(?![^，。；]{0,6}(?:罚款|钱|现金|块|元|他的|她的|工具|喇叭|三轮|车))|收干净|赶进|挪车|挪走|挪开|搬开|(?:拉回|拉走|送回)(?![^，。；]{0,4}(?:中队|大队|队里|暂扣|扣押|扣留|没收))|赶走|取了|撤掉|拆掉|扯掉|扯了|拔了|拔掉|收撇脱|拆走|收拾走|收拾好|(?<![没暂])收了(?=[，。；,！!]|$)|提走|带走|牵走|拿走|推走|开走|推起走|提起走|端起走|背起走|把(?![^，。；]{0,4}(?:罚款|钱|现金))[^，。；]{1,6}收了)"
        r"(?!通知|期限|决定|意见|(?<=整改|改正)(?:单|书(?!面)))|已(?:经)?(?:自己|自行)?把[^，。；]{1,6}(?:收拾好|收好|收走|搬走|拿走|撤走|清理干净)|已(经)?(自行)?(改正|整改|清除|拆除|恢复|撤离|修复|清洗干净)(?!通知|期限|决定|(?<=整改|改正)(?:单|书(?!面)))|(?:也|就|都)(?:用水)?(?:扫|清|收拾|冲洗|冲|洗|打扫)干净"
        r"|(?<=复查|检查)[^。；]{0,12}已(?:经)?(?:换成|改成|抬到|降到|缩到|收窄到|调整到)(?![^。；]{0,20}(?:更大|更宽|更长|更多|更高|还宽|还大|还长))(?=[^。；，]{0,8}(?:米|公分|厘米))|已(?:经)?(?:自行)?将[^，。；]{1,8}(?:改为|改成|改到|拆除|拆掉|撤除|移走|搬走|清除|清理干净)"
        # the party's family set to it (喊孙子来帮到一起取下来了)
        r"|(?:喊|叫)(?:了)?(?:孙子|孙女|儿子|女儿|老婆|老公|媳妇|家里人|屋头人)[^，。；]{0,8}"
        r"(?<![不没])(?:取下|搬回|收回|拆了|拆掉|撤了|收了|清了|搬走|拿走|端回)"
        r"|(?:期限内|限期内|按期|如期)(?:已经?)?(?:改正|整改完毕|整改到位|完成整改|拆除|修复|清洗)"
        # (not 期限之内他就是不拆, 不拆的话就…, 就必须整改, 我们已经多次催促他拆除, 已经开始拆除)
        r"|(?:期限|限期)之?内(?:(?!如果|要是|[不没未])[^。；，]){0,14}?(?:已经?|就)(?![要得必])"
        r"(?:(?![不没未]|催|提醒|要求|通知|答应|开始|准备|打算)[^。；，]){0,12}?(?:改正|整改|恢复|拆除|修复|清洗|拆了|改好)"
        # done as soon as told (我们一讲，她就把锅收了)
        r"|(?:一讲|一说|一喊|一劝|一提醒)[，,]?(?:她|他|对方|老板|摊主|老板娘)?就(?:把[^，。；]{1,6})?(?:收了|收起|搬走|拿走|撤了|关了|取下|推走|拆了)"
        # (…or at once, what was missing fetched and put in place: 队员一说，他马上到隔壁超市买了个垃圾桶摆在门口)
        r"|(?:一讲|一说|一指出|一提醒)[，,](?:她|他|对方|老板|摊主|老板娘)(?:就|马上|立马|当场|立即|当即)"
        r"[^。；，又]{0,16}?(?:买|找|拿)[^。；，又]{0,12}?"
        r"(?:垃圾桶|垃圾箱|果皮箱|收集桶|收集容器|灭火器|围挡|挡板|篷布|防尘网|盖子)[^。；，又]{0,4}?"
        r"(?:摆在|摆到|放在|放到|装在|装上|挂在|换上|盖上|围上)"
        # done within the time given (喊我十天之内整改…我第三天就喊师傅来整起了)
        r"|(?:第[一二两三四五六七八九十\d]{1,3}天|期限(?:还)?没到|没到期限?|还没到期)就[^。；]{0,10}(?:整改|改正|改好|整好|弄好|整起|拆|修好)"
        # taken down and put up again to the standard (这个礼拜就喊人拆了重新搭的)
        r"|拆了重新(?:搭|装|做|修|弄)|(?:这个|这|上个)(?:礼拜|星期|周)就[^。；]{0,6}(?:整改|改正|改好|整好|弄好|拆)"
        # done as told (队员让他当场盖严、扫净，他都照做了)
        r"|(?:都|全都|也都|全部|均|一一|当场|马上|立即|立刻|当即)照(?:做|办)(?:了|到)|按(?:照)?要求照(?:做|办)了"
        r"|(?<![又还])(?:就)?照做了"
    ),
    "refused": re.compile(
        r"拒不|拒绝|不听劝|仍未|仍旧|还是没|还在继续|继续营业|继续施工|没清就走|不予理睬|逾期|到期.{0,6}(仍|未|没)"
        r"|未整改|没有整改|不整改|原样(?:堆|摆|停|立|挂)着|(?<!我们)一直没有?(?:撤(?!诉|回|销)|拆|搬|清走|清理|改正|整改)(?![^。；，]{0,4}(?:过|人))|不肯(?!说|讲|透露|交代|告诉|承认)|不配合|照开不误|照样|照旧|依旧|原样没动|原样未动|原封(?:没|未|不)动(?=[。，；,;！!]|$)|还在原地|(?:也|还|都)没(?:清|拆|改|动|撤|搬|停)"
        # found as it was at the check (今天已经第7天，去看了，一样没动; 复查，情况一模一样; 第四次检查仍全部混投)
        # the time given has run (现在期限已经过了二十天，围墙还立在那儿)
        r"|(?<!许可)(?<!使用)(?<!有效)(?<!合同)(?<!经营)(?<!租赁)(?<!执照)期限(?:已经|早就|早已|早|都)过了(?=[^。；]{0,12}(?:还|仍|依然|照样|没|未))"
        rf"|{_NONE_DONE}|纹丝未动|纹丝没动|丝毫未动|还是原样|仍是原样|依然原样|{_AT_CHECK_SAME}|(?:情况|现场|还是|依然|依旧)一模一样"
        r"|(?:检查|复查|巡查)(?:时|发现)?仍"
        # a flat no to the order (第二次要求他收摊，他不收) — not 他不收钱
        r"|(?<![其说])(?:他|她)(?:也|就是|硬是|还是)?不(?:收摊?|走|搬|拆|停|关|改|开走|清)(?=[，。；,！!]|$)"
        # told and still no (喊她收就是不收)
        r"|(?:喊|叫|让|要)(?:他|她|其|对方)[^。；，]{0,4}(?:就是|硬是|偏)不(?:收|走|搬|拆|停|关|改|挪)"
        # a flat no in a clause of its own, the subject told before (…坐在地上说“…”，就是不走) — only after an order
        # (not a machine or the traffic: 搅拌机一直响，就是不停; 路口堵死了，就是不走), nor what would follow (read_facts)
        r"|[，,](?:就是|硬是|偏偏?)不(?:收摊?|走|搬|拆|挪|停|关|改)(?=[，。；,！!]|$)"
        # not put right, or carried on (过了期他不但没拆; 仍继续混投; 晚上照挖; 还要强行开走; 设备还摆起在)
        r"|不但没(?:改|拆|撤|搬|清|停)|根本没改|强行(?:开走|离开|驶离)|仍(?:然)?继续|依然继续"
        r"|(?<![按参依遵对拍关比仿都全均场即刻])照(?:挖|干|做(?![了到])|卖|摆|倒|排|烧|烤|搞|洗|开工)"
        r"|(?:设备|东西|摊子|棚子|广告牌|招牌|车子)还(?:摆起|摆|放|堆|搭|停|挂|立)(?:起|着)?在"
        # still lying where it was at a later check (今天上午复查，枝丫还堆在原地) — not found so on the first visit
        # (队员赶到时，垃圾还堆在原地); still no (最后还是不捡, 多次劝说还是不搬) — not a threat (如果三天后还是不拆: read_facts)
        rf"|{_AT_CHECK_LEFT}|(?<![捡拾收拆搬清改停关挪])还是不(?:捡|拾|收|拆|搬|清|改|停|关|挪|弄|整)(?=[，。；,！!]|$)"
        # stopped when told, then started again (停了半个小时后又开始拆)
        r"|停了?[^。；]{0,10}又(?:开始|开工|干起)"
        # a flat no, the music played on, the volume not turned down (不关！音乐继续播放，音量未调低)
        r"|不关[！!。，]|继续播放|(?:未|没|没有|不)调低"
        # a no quoted (公司回复“不盖，赶工期”), sitting tight (坐在布上不起来), coming back tomorrow (抢了我明天还来)
        r"|[“「\"]不(?:盖|拆|搬|停|收|改|清|关|走)|(?<!队员)(?<!我们)(?<!执法人员)(?<!城管)坐在[^。；，]{0,6}(?:不起来|不动(?!声色)|不走)|(?:明天|明天照样|下回|下次)还(?:来|要来|摆)"
        # at it again once the officers' backs were turned (挂了电话工人又开始打)
        r"|又开始(?:打|干|拆|挖|施工|作业|放|响|营业|摆|烧|倒)"
        # corrected when told, then at it again (她当场关了，今天晚上九点四十又开起)
        r"|(?:今天|今晚|昨晚|第二天|隔天|次日|转身|转背|周末|走了以后|钟头后|一走|当晚|晚上|回头|后来|过后|小时后"
        r"|过了?[两三四五几]天|隔[两三四五几]天|回访|复查时|(?<![前内])分钟后)[^。；]{0,10}"
        # (not the officers back: 十分钟后执法人员又来到现场, 执法车又开到现场)
        r"(?<!我们)(?<!队员)(?<!城管)(?<!中队)(?<!执法人员)(?<!协管员)(?<!队长)(?<!领导)(?<!执法车)"
        r"(?<!民警)(?<!警察)(?<!网格员)(?<!社区)(?<!投诉人)(?<!举报人)"
        r"又(?:开(?![^。；，]{0,8}(?:单|书|通知|罚))|摆|放(?!假)|搭|堆|倒|挂"
        r"|贴(?![^。；，]{0,8}(?:通知|告示|封条))|烧|排(?!队|班)|响|泼|停(?=回|在|到|着|起|满)"
        r"|来(?!检查|复查|巡查|查看|看|了解|核实|复核|回访|督促|投诉|反映|举报|电话|了?(?:一|两|几)?(?:个|位|辆|家|批|伙))|出来|推(?:了)?出来|(?:推|搬|摆|拉|挑|扛)回来|加班|在(?:挖|干|施工|作业|摆|卖|打)"
        r"|回到(?:原(?:位|处|地)|原来的?(?:位置|地方|地点)|老地方)(?![^。；，]{0,2}(?:复查|检查|查看|巡查|回访|核实)))"
        # left undone when looked at again (一条都没取, 到今天也没派人来弄, 一直没来修), or more put up (反倒又多挂了几条)
        rf"|{_LEFT_UNDONE}|反(?:倒|而)又(?:多|挂|贴|摆|堆|搭)"
        # the calls go unanswered after a hang-up (一问地址他就挂了电话，再打就不接了; 挂断电话之后一直不接)
        r"|(?:挂了?|挂断了?|把电话挂了?)(?:我们的)?(?:电话)?[^。；]{0,10}(?:不接|没人接|关机|打不通|拉黑)"
        r"|再打(?:过去)?(?:就|也|都)?(?:不接|没人接|关机|打不通)|(?:把我们|把队员|把城管)[^。；，]{0,2}拉黑|拒接(?:电话)?"
        # called after and walking on (大爷还是牵起就走，喊都喊不住) — not a neighbour's 说了好多回 (the read sets'
        # writers keep those at 一般)
        r"|(?:喊|叫)都(?:喊|叫)不住"
        # still set out when looked at again (上个月就喊他十天之内清走，今天又去看，还是堆起的)
        r"|(?:又去看|再去看|后去看|后我们去看|后再去看|复查|回访)[^。；，]{0,4}[，,](?:东西|杂物)?(?:还是|依然|依旧|仍然|照样)"
        r"(?:堆|摆|停|放|搭|挂|立)(?:起|着)"
        # talked to for long and still not going (劝了二十多分钟，还是不走; 劝了好几次，摊主就是不走) — the party's no:
        # not 劝他收摊，他收了，围观的都不走, nor an old man who cannot get up (劝他起来，他也不动)
        r"|(?:劝|喊)[^。；，起]{0,12}[，,]?(?:他|她|他们|她们|摊主|老板|老板娘|店主|对方|当事人)?"
        r"(?:还是|也|都|就是|硬是)不(?:走|撤|离开|动)(?=[，。；,！!]|$)"
        # set out again now after the order (到期后老板把水枪收了两天，现在又摆出来了) — goods, not papers or words
        r"|(?:现在|如今)(?:又|还)(?:摆|搭|挂|推)(?:了)?(?:出来|起来)"
        # told to clean it up and walked off (劝他清理，他还是扭头走了), notices ignored (两次书面告知，物流园都没理)
        # (not 他清理干净直接走了, 他还是走过去把垃圾捡了, 我们直接走了)
        r"|(?:劝|叫|喊|让|要求)(?:他|她|其|对方)?(?:清理|捡|捡起来|清扫|收拾|清走)"
        r"(?:(?!我|咱|队员|城管|执法|协管|干净|完|了)[^。；]){0,6}?(?:还是|却|直接|转身就|头也不回地?)(?:扭头|转身|掉头)?(?:就)?走"
        r"(?=了|开|掉|[，。；,！!]|$)"
        # (not 整改效果一直不理想, 他也没有理由不改)
        r"|(?:告知|通知|劝说|提醒|责令)[^。；]{0,10}(?:都|也|还是|一直)(?:没理(?![由解想发顺清])|不理(?![想解由性发顺清])|没有理(?![由解想发顺清])|不予理会|没搭理|不搭理)"
        # still there the day before, and not cleared since (昨天去看还在 — not 昨天去看还在，今天复查已经清走了)
        r"|昨天去看[^。；，]{0,4}(?:还在|仍在)(?![，,][^。；]{0,8}(?:已经|正在|马上|开始)(?:拆|搬|清|改|收))"
        # sat down and would not move (他坐到地上不动)
        r"|(?<!队员)(?<!我们)(?<!执法人员)(?<!城管)坐[^。；，]{0,4}不动(?!声色)"
        # unwilling to clear it (不愿意回去清理), or a quoted no at the end of the party's words (…，不扫”)
        r"|不愿意?(?:回去|回来|过来|去|自己)?(?:清理|清扫|清除|收拾|捡|拆(?!迁)|搬(?![到去进家])|改|收摊|撤)"
        r"|[，,](?:我|就是|就|反正)?不(?:扫|清|拆|搬|收|改|关)(?:了)?[！!。]?[”\"」]"
        # still there when looked at again (今天我看还在，)
        r"|(?:今天|现在|目前|如今|复查时?)[^。；，人他她]{0,4}(?<![主板户们者])(?:还在|仍在)(?=[，。；,！!]|$)"
        # the next clause after a check (今天早上九点去复查，泥巴还在) — the thing, not a person, still there
        rf"|复查[，,](?![^。；，]{{0,6}}(?:人|{_AT_CHECK_PERSON}))[^。；，]{{1,6}}(?:还在|仍在)(?=[，。；,！!]|$)"
        r"(?![，,][^。；]{0,8}(?:正在|答应|马上|已经|开始)(?:拆|搬|清|改|收))"
        r"|复查(?:时|发现)?(?:没动|未动|没改|没拆|没整改|未整改)"
        # the thing still where it was at the check (四月十五日复查，钢瓶依然在地下室) — not a person still there
        rf"|复查(?:时|发现)?[，,](?![^。；，]{{0,6}}(?:人(?!行)|{_AT_CHECK_PERSON}))[^。；，]{{1,6}}"
        r"(?:依然|依旧|仍然)(?:放|摆|立|堆|停)?在(?!许可|规定|批准|核准|审批|范围)"
        r"(?![^。；]{0,20}(?:已经?(?:按[^。；，]{0,6})?(?:拆|搬|清|改|整改|更换|换|加装|装|补)|(?:正在|马上|开始)(?:拆|搬|清|改)|补齐|补办|已经?在办|正在办))"
        # moved a step and carried on after the check (一周后复查，他只是把设备往旁边挪了两米又接着洗)
        r"|复查[^。；已]{0,20}又接着(?:洗|摆|卖|烧|烤|倒|干|施工|作业|营业|经营)"
        r"|(?:(?:挪|移)(?:了|开了?)|搬(?:了|开了?)(?:个位置|个地方|[一两三四五几\d]+米))[^。；，]{0,6}(?:又|就)?(?:接着|继续)(?:洗|摆|卖|烧|烤|倒|干|施工|作业|营业|经营)"
        # set out again minutes after (二十分钟后巡回来又摆起了, 我们走后二十分钟又摆了出来) — the party's acts only
        r"|(?:分钟|刻钟)(?!前)[^。；，]{0,8}?(?<!我们)(?<!队员)(?<!城管)(?<!中队)又(?:摆|搭|堆|挂|卖|烧|烤|响|放起|开起|停回|推出来|开始(?:摆|卖|烧|烤))"
    ),
    # a notice to put it right served just now, its time not yet run (昨天开了限期改正通知书，给了10天)
    "deadline_pending": re.compile(
        r"(?:昨天|今天|今日|昨日|当日|当天|前天|刚刚?|刚才|上午|下午)[^。；]{0,8}"
        r"(?:开了|下达了?|送达了?|发了|下了|给了)[^。；]{0,10}(?:限期|责令|整改|改正)[^。；]{0,6}通知"
        rf"|{_RUNNING}"
    ),
    # no order to put it right served yet (我们这边还没有下过任何通知, 管理部门还没有对这户人下过任何整改通知)
    "no_order_yet": re.compile(
        # (not 没有下过停水通知, 还没有下过处罚告知通知: a notice of something else)
        # (not asked: 有没有下过整改通知; nor 没过两天就下达, 没有罚款但下达过: a negation of something else)
        r"(?<!有)(?:没有?|未|莫得?|没得)(?:给|对|向)?[^。；，就但却过]{0,6}?(?:下过|下达过?|下|开过|开具过?|发过|送达过?)"
        r"(?:任何)?(?:的)?(?:书面的?)?《?(?:责令|整改|改正|限期|限期整改|限期改正|责令改正|责令整改|责令限期改正)?(?:的)?通知"
    ),
    "prior_warning": re.compile(
        r"劝导过|劝阻过|制止过|批评教育|(?:限期|责令)[^。；，]{0,6}(?:拆除|搬离|清理|整改|改正)的?通知|(?<![没未])劝离过|第[二两三四五六七八九]次劝离|(?:上回|上次|头两回|前两回|头几回|之前|以前)[^。；，不没未从]{0,6}劝离|(?<!经)劝导(?!后?[，,]?[^。；，]{0,4}?(?:当场|当即|马上|立即|就))|劝(?:他|她|其)?(?:走|离开)|劝过|劝了[两三四五几\d]次|(?:书面|电话)?通知[^。；，]{0,8}(?:修复|整改|改正|拆除|清理|清除)|提醒过|已(经)?下达|(?:我们|我局|局里|中队|队员|城管|执法人员|执法局)[^。；]{0,14}?(?<!没有)(?<![没未])下达了?[^。；，没未]{0,16}通知|责令.{0,8}通知书|(?:整改|改正)的?通知|多次劝|两次劝|之前[^。；，不没未从]{0,8}(劝|提醒|告知)"
        # an order the bureau gave some time before (三周前我局责令其十五日内拆除, 上个月城管来责令改正) — not one given on
        # the spot
        r"|(?:[一二两三四五六七八九十几半\d]+多?来?(?:天|日|周|个?星期|个?礼拜|个?月|年)前|前几天|前些天|之前|上个?月|上周|上个?星期"
        r"|上个?礼拜|去年|年底|前天|昨天)[^。；，]{0,3}"
        r"(?:我局|我们|中队|城管|执法局|局里|执法人员|队员)[^。；，当现]{0,4}责令(?:其|他|她|该公司|该单位|对方|业主|老板)?"
        r"[^。；，]{0,10}(?:拆除|清理|清走|整改|改正|搬离|恢复|停止)"
        # talked to by the officers before (我们跟他说过两回, 我们上个月也去说过) — not a neighbour's word (我去说过), nor
        # a visit that met no one (我们来过两回都没碰到人), nor one denied (我们之前没去说过)
        # (not 我们几个家长去说过: neighbours or parents, not the officers)
        r"|(?:我们|队员|城管|中队|执法人员)(?![^。；，]{0,4}(?:家长|邻居|居民|业主|住户|街坊|租户|物业|居委|社区|网格))"
        r"[^。；，不没未从]{0,8}(?:(?:说过|讲过)(?:[两三几]|好几)(?:回|次)|去说过)"
        r"|(?:我们|队员|城管|中队|执法人员)[^。；，不没未从]{0,6}来过(?:[两三几]|好几)(?:回|次)了?[，,]?(?:每回|每次|都|也)?[^。；，没不莫]{0,6}?"
        r"(?:(?:跟|给|对|向)(?:他|她|老板|摊主|店主|对方|业主|其|他们)[^。；，]{0,3}(?:讲|说|提醒|强调)|劝|提醒|教育|答应)"
        # caught at it again this month after being talked to (这个月第三回了)
        r"|(?:这个月|这礼拜|这个礼拜|这周|这个星期|本周|本月|今天是)(?:已经)?(?:是)?第(?:[三四五六七八九]|[3-9])(?:回|次)"
        r"(?:了|(?:在[^。；，没未才]{0,10})?(?:碰到|遇到|抓到|看到|发现)(?:他|她|该|这个|同一|那个)"
        # (本周已经是第三次在这座桥上摆了, 在桥上摆摊了)
        r"|在[^。；，没未才]{0,8}(?:摆|卖|堆|停|倒|烧|烤)(?:摊|摊子|起|着|东西)?了)"
        # moved on twice before (劝离两回都没能处理, 已劝离3次)
        r"|劝离(?:了)?(?:两|三|四|几|好几|[2-9])(?:回|次)"
        # told before, each time (前两次都是当面责令改正)
        r"|(?:前两次|前几次|前两回|前几回|头两次|头两回)"
        r"(?![^。；，]{0,4}(?:邻居|居民|居委|物业|社区|网格|家长|业主|保安))[^。；，没未不]{0,6}(?:责令|劝|提醒|警告|教育)"
        # ordered before (今年4月已被城管责令改正过一次)
        r"|责令(?:改正|整改|停止)过"
        # told to pack up again and again (这个月我们已经喊她收了三回了)
        r"|(?:我们|队员|城管|中队|执法人员)(?![^。；，]{0,4}(?:家长|邻居|居民|业主|住户|街坊|租户|物业|居委|社区|网格))"
        r"[^。；，]{0,4}(?:已经|之前|以前|这个月|本月|这周|上周|都|也)[^。；，]{0,2}(?:喊|叫|让|要求)(?:他|她|其|对方|老板)"
        r"[^。；，]{0,3}(?:收|走|搬|挪|撤)[^。；，]{0,2}(?:[两三四五几]|好几)(?:回|次)"
        # told to move it before (燃气公司的巡线员说上周已经口头让他挪开过)
        r"|(?:我们|队员|城管|中队|执法人员|巡线员|巡查员|安检员)[^。；，]{0,10}(?:让|叫|要求|喊)(?:他|她|其|对方|老板)[^。；，]{0,4}"
        r"(?:挪开|挪走|搬开|搬走|拿走|撤走|清走|收走|移开)过"
    ),
    "repeat_within_year": re.compile(
        r"(今年|一年内|年内|本年|上个?月|半年内).{0,12}(处罚|罚款|查处|罚|处理)过"
        # looked into last month, with something taken or a fine (上个月在同一个位置被查过一次，当时没收了一个炉子)
        r"|(?:今年|年内|本年|上个?月|半年内)[^。；]{0,12}(?<!没)(?<!未)(?<!没有)被查过"
        r"(?=[^。；]{0,16}(?:没收|罚了|罚款|处罚|扣了|暂扣|扣押))|再次(违法|被)|屡次|屡教不改|多次被(处罚|查处|罚)"
        r"|第[二三四五六七八九]次被(?:我们)?(?:处罚|罚)|清了又贴|清了[两三四五六七八九几\d]次|一次比一次多"
        # a fine paid earlier this year (今年三月份城管来过一回，开了单子罚了两百块)
        r"|(?:今年|年内|本年|上个?月|半年内|[一二三四五六七八九十]{1,2}月份)[^。；]{0,20}罚了[^。；，]{0,6}(?:块|元)"
        # penalised before for the same act (去年11月曾因同样行为被我局处罚过一次)
        r"|曾(?:因|经)?(?:同样|同类|相同|类似|同一|这种|此类|一样)的?[^。；，]{0,6}被[^。；，]{0,8}(?:处罚|罚款|查处)过?"
        # (去年他在别的街道因为同样的事被罚过一回 — not 因同样情况被劝导过一次（未处罚）)
        r"|(?<!曾)因为?(?:同样|同类|相同|类似|一样|这种|此类)的?(?:事|事情|行为|问题|原因)?[^。；，]{0,4}被[^。；，（(未没]{0,6}(?:处罚|罚款|查处|罚)过"
        # … or fined a sum for it this year (本月8日在同一座天桥因同样行为被我局当场处罚一百元) — not others' fines heard
        # of (听说旁边几家因为同样的事被罚了两百块), nor years ago
        r"|(?:本月|这个月|上个?月|今年|年内|本年|上周|上个?星期|上个?礼拜|前几天|前些天|半年内"
        r"|[一二两三四五六七八九十几半\d]+多?来?个?(?:天|周|星期|礼拜|月)前)"
        r"[^。；，听别旁隔]{0,12}?"
        r"因为?(?:同样|同类|相同|类似|一样|这种|此类)的?(?:事|事情|行为|问题|原因)?[^。；，]{0,4}被[^。；，（(未没]{0,8}(?:处罚|罚款|罚)了?[一二三四五六七八九十百千两\d]+(?:元|块)"
        # caught at it again and again this year or month (今年以来…已经被我们登记过四次, 本月第二次被发现)
        r"|(?:今年|年内|本年|这个月|本月)[^。；，]{0,20}(?<!投诉)(?:登记|查处|查获|抓到|逮到|查到)过(?:[三四五六七八九几]|好几)(?:次|回)"
        r"|(?:这个月|本月|今年|年内|本年)(?:已经)?(?:是)?第[二两三四五六七八九](?:次|回)被(?:我们)?(?:发现|查到|抓到|逮到|查获)"
        # caught a second time, said so (这是第二回查到了)
        r"|(?:这是|已经是|这都是)第[二两三四五六七八九](?:次|回)(?:被)?(?:我们)?(?:查到|抓到|逮到|查获)(?!有人|别人|其他)"
    ),
    "first_offence": re.compile(
        rf"首次|(?:第一次|头一次|头一回|第一回){_FIRST_TIME_OF_OFFICERS}|初次"
        r"|(没有|无|查无)[^，。；]{0,5}(违法|处罚)(记录|前科)|之前没有.{0,6}记录"
        r"|(?:以前|之前|此前|系统里?|查了)[^。；]{0,8}(?:没有|没得|莫得|无)(?:任何)?[^。；，]{0,3}(?:记录|前科)"
        r"|(?:没有|没得|莫得|查不到)(?:[他她其]|这个人|该当事人|当事人|该人)的任何(?:违法|处罚)?(?:记录|前科)"
        r"|(?:以前|之前|此前)[^。；，]{0,6}记录都(?:莫得|没有|没得)"
        r"|查不到[^。；，,]{0,12}(?<!审批)(?<!许可)(?<!批准)(?<!备案)(?<!手续)(?:记录|前科)"
        r"|查不到[^。；，,]{0,12}(?:处罚|违法)[^。；，,]{0,8}(?:记录|前科)|(?:之前|以前|此前)(?:从)?没有?被[^。；]{0,4}(?:投诉|处罚|查处)过"
        r"|(?<![圾土料物水堆])(?:之前|以前|此前|从来)(?:也|都)?(?:从)?没有?被[^。；]{0,4}(?:处理|处罚|查处)过|(?:之前|以前|此前)?从未被[^。；]{0,4}(?:处罚|查处)"
        # never had anything like it (她以前从来没得过这种事)
        r"|从来(?:没|莫)(?:有|得)?(?:犯|遇|出|搞|干|弄)?过(?:这种|这样|这类|类似)的?(?:事|错|情况|问题|违法|毛病)"
        # never did it or met it before (以前从来没养过, 我以前从来没遇到过这种事) — not 从来没停过 (never stopped)
        r"|(?:以前|之前|此前|过去)从来(?:没|莫)(?:有|得)?遇到过(?:这种|这样|这类|类似)的?(?:事|错|情况|问题)"
        r"|(?:以前|之前|此前|过去)从来(?:没有?|莫得?)(?:这样|这么|这种)?[养摆卖搭倒贴挂烧喷晒堆种]过"
    ),
    "large_scale": re.compile(
        # (只罚几十块, 罚个几十块, 上百块钱: money, not how much was done; 几十块砖, 几十万方渣土 are)
        r"大量|大面积|大片|成片|(?<![罚交赔花收挣赚值])(?<!罚个)(?<!罚了)(?<!罚款)(?<!交了)(?<!赔了)(?<!花了)(?<!卖了)"
        rf"(?<!损失)(?<!损失了)(?:数十|几十|上百|上千)(?!个?(?:平方米|平米|平方)的?{_PREMISES})"
        r"(?![来多余]?(?:元|块钱|万(?![来多余]?(?:方|平|立方|吨|棵|株|张|件|块砖))|块(?=[，。；,！!？?的]|$)))|满墙|到处(?!问|找|寻|打听)"
        # (not the premises' own size: 四十个平方的门面, 两百平米的店面)
        rf"|[两三四五六七八九几]十(?:多|来|余)?个?(?:平方米|平米|平方|方|立方米|立方)(?!的?{_PREMISES})"
        # a count written out (六十七处, 三十多张)
        r"|(?<![第罚交赔花收])[二两三四五六七八九]十[一二三四五六七八九几]?[多余来]?(?:处|张|份|棵|株)"
        # households served (半年里装了二三十户) — not those living there (这栋楼住了二十多户)
        r"|(?:装|改|接|卖)了[^，。；]{0,2}[二两三四五六七八九]十[多余来]?户"
        # …百块 paid or fined is money (罚了两百块, 交了三百块钱), not two hundred pieces
        # (not a distance: 离学校三百米, 两百米外 — 下游两百米的管道堵死 is how far the harm ran, read as scale by the
        # writers of five sets against one)
        r"|(?<![罚交赔花收])(?<!罚了)(?<!交了)(?<!赔了)(?<!花了)(?<!收了)(?<!离)(?<!距)(?<!距离)(?<!隔)"
        r"[两三四五六七八九几]百[一二三四五六七八九十几]*[多余来]?(?:处|张|块(?!钱|[^，。；]{0,4}费)|份|棵|株|只|平|方|米)"
        rf"(?!米?的?{_PREMISES})(?<!米(?=外|远|开外|以外|之外))"
        # the same in digits (约300处, 2000多张); metres are left out, a distance is told in them (离主干道300米)
        r"|(?<![\d.罚交赔花])[1-9]\d{2,}[多余]?(?:处|张|份|棵|株|只|平方米|平米)"
    ),
    "long_duration": re.compile(
        # (一直按喇叭: how one act went on, not how long the offence has run; 一直拖到主路上: how far, not how long;
        # 我每天送娃儿上学都经过: someone's own day passing by, not the offence's)
        r"半年|几个月|数月|长期|一直(?![按摁鸣滴])(?!跟着|在?催|在?哭|在?骂)(?!没有?(?:撤(?!诉|回|销)|拆|搬|清走|清理|改正|整改))(?!(?:都)?(?:不接(?:电话|听)?(?![受纳])|没有?人?接(?![受纳])|不回(?=[，。；,！!]|$|复|电话|消息|信息|微信|短信)|打不通|关机|占线|无人接听|联系不上|联系不到|找不到人))(?!(?:拖|堆|排|铺|延伸|流|淌|通|摆|占|甩)到(?!现在|今天|目前|如今|今年))|多年|好几年|常年|经常|(?:天天|每天)(?!都?(?:送|经过|路过|上学|放学|接娃|接孩子|接送))(?!(?<=我天天|我每天)[^，。；]{0,20}(?:上班|上学))(?![^，。；]{0,8}(?:收街|收垃圾|收运|清运|出车))|(?<![上下这本])[一两三四五六七八九十]个多月|"
        r"(?<![上下这本])[两三四五六七八九十]个月|差不多一个月|好几个(?:礼拜|星期)"
        # three weeks and more (已经快三个星期了) — not when something happened (三个星期前)
        # (nor a time given: 责令他三个星期内拆除, 给了他三个星期的时间)
        r"|(?:已经|快|将近|差不多|持续了?|占了|堆了|摆了|放了|停了|搞了|干了|挂了|晒了)(?:有)?[三四五六七八九]个多?(?:礼拜|星期)(?!天)"
        # all night (泵车和振动棒响了一整夜, 通宵施工)
        r"|(?:响|吵|闹|干|搞|施工|作业|放|唱)了?(?:一)?整夜|通宵(?:施工|作业|营业|放|唱|打)"
        r"|持续(?:了)?(?:[2-9]\d|[二三四五六七八九]十)(?:多|余)?天"
        # (从上个月初立到现在已经二十五天, 已经堆了二十多天) — not a time given (给了他二十天), nor time since something
        # else (二十天前提醒过, 已经二十多天没来摆了, 被扣已经二十多天, 停工已经二十多天, 通知书送达已经二十天)
        r"|(?<![扣工达])(?:已经|已|快|将近|差不多)(?:有|堆了|摆了|占了|放了|搭了|立了)?"
        r"(?:[2-9]\d|[二三四五六七八九]十[一二三四五六七八九]?)(?:多|余|来)?天"
        r"(?![内之以前后]|了?(?:没|未)(?:来|摆|出现|见))"
        # years at it (在这里做了两三年, 摆了三年了, 开了七八年)
        # (not 我干了三年城管, 他说他干了十几年, 这车开了五年了: someone's trade, a vehicle's age)
        r"|(?<!我)(?<!我们)(?<!车)(?:做|搞|摆|开|堆|占|停|放|卖)了(?:差不多|将近|快|有)?"
        r"(?:[两三四五六七八九]{1,2}|[二三四五六七八九]?十[几多来]?)年"
        # the third night this week (这已经是这周第三个晚上了)
        r"|(?:这周|本周|这个?星期|这个?礼拜)(?:已经)?(?:是)?第[三四五六七](?:个)?(?:晚上|夜(?!班)|通宵)"
        r"(?![^。；，]{0,6}(?:去看|蹲守|巡查|值班|守候|加班))"
        # night after night (这个星期已经连续干了四个晚上, 连续三个晚上拉过来倒)
        r"|连(?:续|着)(?:干了|施工了|作业了)?(?:[三四五六七八九十]|好几)(?:个|天)?(?:晚上|夜晚|通宵|晚|夜)"
        r"(?![^。；，]{0,6}(?:去看|蹲守|巡查|值班|守候|我们|队员))"
    ),
    "complaints": re.compile(r"多次投诉|反复投诉|投诉|举报|联名"),
    # what it gave off reaching a school, a kindergarten or a hospital in use (灰尘往对面小学操场上飘, 幼儿园的老师把窗子
    # 全关了, 跟医院住院部就隔一条马路) — not a resident's child kept awake (娃儿睡不着)
    "sensitive_place": re.compile(
        rf"(?:学生|小学生|病人|患者)[^。；]{{0,8}}(?:正在上课|在上(?:体育)?课|睡不着)"
        # a school's dormitory woken (整栋学生宿舍的娃儿全被吵醒了) — not 我家小学生每天晚上都被吵醒
        rf"|(?:学生宿舍|学校宿舍)[^。；，没不]{{0,8}}吵醒"
        # what is given off going that way (灰尘往对面小学操场上飘) — not a person taken or walking there (送往医院)
        rf"|(?:灰|尘|烟|味|臭|雾|声|响)[^。；，没未不]{{0,8}}(?:往|飘到|飘进|飘向|吹到|吹向|吹进|飞到|飞进|飞向|冲着|对着)[^。；，]{{0,6}}{_SENSITIVE}"
        rf"|(?:往|朝)[^。；，]{{0,6}}{_SENSITIVE}[^。；，]{{0,4}}(?:飘|吹|飞|扬|刮)"
        rf"|{_SENSITIVE}(?!生)[^。；]{{0,8}}(?:把窗子|把窗户|关窗|关了窗|关上窗|窗子全关|窗户全关|把门窗|门窗全关|关门窗|关了门窗|关上门窗)"
        rf"|{_SENSITIVE}就只?隔(?:一条|一堵)"
        # the children kept indoors, the patients calling in (园长把娃儿全部关在教室里, 住院病人…打了十几个投诉电话)
        rf"|{_SENSITIVE}(?!生)[^。；]{{0,10}}(?:把娃儿|把孩子|把学生|把小朋友)[^。；，]{{0,6}}关在"
        r"|(?:住院病人|(?:医院|住院部|病房)[^。；]{0,10}(?:病人|患者))[^。；]{0,14}投诉"
        rf"|(?:把|将)[^。；，]{{0,4}}{_SENSITIVE}[^。；，]{{0,6}}(?:罩住|笼罩|盖住)"
    ),
    # one sheet (一张) is slight; a price per sheet (一张给五分钱), a paper shown (拿出一张“活动备案”) or none put up
    # (一张公告都没贴) is not
    "slight_harm": re.compile(
        r"(?:就|只|仅)(?:摆|放)了?一张|一张(?!张)(?![^，。；]{0,3}[分毛角块元钱])(?![^，。；]{0,3}(?:桌|椅|凳|床|沙发|台子|柜))(?![^，。；]{0,12}(?:同意书|证明|通知|决定书|许可|批文|合同|照片|发票|收据|罚单|备案|公告|执照|名片|单据))(?![^，。；]{0,6}都(?:没|莫|不))|少量|轻微|非经营性|零星|(?<!希望)很小|一小块|一小片|一小堆|就一块|几把|刚来|刚摆|几分钟|(?<![个两一\d])半小时(?![以之]?[前后内])|(?:才|刚|只)(?:摆|立|搞|开|放)?(?:起|了)?半个(?:钟头|小时)|一(?:个|根|只|片|团)(?:烟头|烟蒂|纸屑|果皮|纸团|瓶子)|把烟头(?:弹|丢|扔)"
    ),
    # no harm found (也没挡到哪个走路, 行人通行没受啥子影响, 没有看到损坏) — not the party's own plea (我又没挡到哪个)
    "no_harm": re.compile(
        r"(?<!又)没(?:有)?挡到|(?<![又不我])(?<!我也)(?<!虽然)(?:也)?没(?:有)?挡(?:住)?(?:盲道|消防通道|人行通道)(?=[。；！!、]|$|[，,](?!但|可是|不过))|没有?堵(?:塞|到)(?:行人|交通|通道|哪个)?|(?:通行|走路|行人)[^。；，]{0,6}没(?:受|有)?[^。；，]{0,3}影响"
        r"|没有?(?:看到|发现)[^。；，]{0,4}(?:损坏|损毁)|没有造成(?:危害|后果|影响|损失)"
        # nothing damaged, said plainly (警示标志完整露出来，没有损坏。)
        r"|(?<!又)(?<!会)(?<!说)(?<!倒是)没(?:有|得)?(?:任何)?(?:损坏|损毁)(?=[。；！!]|$|[，,](?!但|可是|不过))"
        # nothing left behind once it was put right (护栏上也没留下油渍, 地上也没留垃圾, 现场没有遗留)
        # (not asked: 有没有遗留; nor 没留意)
        r"|(?<!又)(?<!有)没(?:有)?留(?![意心神])(?:下)?[^。；，]{0,4}(?:油渍|污渍|印子|印记|垃圾(?![袋桶车堆站]))"
        r"|(?<!又)(?<!有)没(?:有)?遗留(?!问题)(?![^。；，]{0,4}(?:吗|么|？|\?))"
        # no one's way affected (也没有影响行人通行 — not asked: 有没有影响行人通行)
        r"|(?<!又)(?<!会)(?<!有)(?<!如果)没(?:有)?(?:影响|妨碍|阻碍)(?:到)?(?:行人|通行|交通|走路|过路)"
        r"(?![^。；，]{0,4}(?:吗|么|的情况|？|\?))"
        # nothing hurt (树皮没勒伤, 护栏也没刮坏)
        r"|(?<!又)没(?:有)?勒伤|(?:树|皮|护栏|栏杆|墙|路面|草|绿化|设施)[^，。；]{0,3}(?<!又)没(?:有)?(?:刮|划|压|碰|撞|勒)(?:伤|坏|断)"
        r"|(?:树|护栏|栏杆|墙|路面|地面|地上|草|绿化|设施)[^，。；]{0,3}(?<!又)没(?:有)?(?:弄|搞)(?:脏|坏|花)"
    ),
    "serious_harm": re.compile(
        # stitched, thrown off a bike, a shop flooded (手肘缝了六针, 连人带车翻了, 一家底商进水)
        # (not 差点连人带车翻了, 底商没进水, 商铺的进水口)
        r"缝了?[\d一二三四五六七八九十几两]+针|(?<!差点)(?<!险些)(?<!差一点)连人带车(?:翻|摔|倒)"
        r"|(?<!防止)(?<!避免)(?<!以防)(?:底商|商铺|门面|铺面|店铺)[^，。；没未不]{0,3}进(?:了)?水(?!口)|"
        r"受伤|伤人|骨折|疏散(?!通道|楼梯|出口|指示|门)|事故|严重影响|严重污染|堵塞交通|造成.{0,6}损失|扎(?:了|伤)(?:手|脚|人)|摔伤|砸伤|中毒|交通中断|中断交通|车[^，。；]{0,3}泡了?水"
        # a tree's roots cut through (树根挖断了一大半)
        r"|根[^，。；]{0,4}(?:挖断|铲断|切断|锯断)|(?:砍断|挖断|铲断|锯断)[^，。；]{0,4}根|(?:存活|生存|生长)受到[^，。；]{0,2}威胁"
        r"|存活希望(?:很小|不大|渺茫)|(?:没有|无)存活(?:可能|希望)|无法存活|严重损伤|枯死|濒死|车[^，。；]{0,3}进水|进水熄火|(?:门市|门面|商铺|店铺)[^，。；]{0,2}进水"
        # a tree unlikely to live, a street flooded or cut off, a worker pricked by a needle
        r"|救不活|半死不活|(?:树势|长势)[^，。；]{0,4}衰弱|掉得精光|开始枯|堵死|淹了|被淹|进了水|遭水泡|水泡了|返水|辆(?:私家)?车[^，。；]{0,2}熄了?火"
        r"|(?:街|片|区|户|楼)[^，。；]{0,3}(?:停水|停电|停气)|(?:被|遭)[^，。；]{0,4}?(?:针头|针)?扎(?:了|伤|到)"
    ),
    # the statute's words for a building that cannot be put right (城乡规划法第六十四条): said by the planning authority
    "uncorrectable": re.compile(r"无法采取改正措施|不能采取改正措施|无法改正[^。；]{0,6}消除"),
    "obstruction": re.compile(
        r"阻碍|阻挠|暴力|抗法|推搡|辱骂|殴打|围攻|抢夺|推了[^。；，]{0,8}(?:队员|执法人员|城管|民警)[^。；，]{0,2}一把"
    ),
    "serious": re.compile(r"情节严重"),
    "under_14": re.compile(
        r"(?:不满|未满)(?:十四|14)周岁"
        # an age before the child (13岁的初中生, 十二岁的男孩)
        rf"|(?<![\d一二三四五六七八九十]){_CN_AGE_UNDER_14}的?(?:小孩|孩子|学生|男孩|女孩|娃|小娃|小女娃|小男娃|女娃|男娃|小朋友|小学生|初中生|中学生|少年|男生|女生)"
        rf"|(?:娃|孩|学生|小朋友)[^；。]{{0,10}}?[（(]{_CN_AGE_UNDER_14}[）)]"
        # each child's age in the brackets, every one under fourteen (两个小学生（一个十二岁、一个十三岁）) — not where one is
        # older (分别是12岁、15岁)
        rf"|(?:娃|孩|学生|小朋友)[^；。]{{0,10}}?[（(](?:(?:一个|都是|均为?|分别是?)?(?<![\d一二三四五六七八九十]){_CN_AGE_UNDER_14}[、，,和]?)+[）)]"
        r"|(?:小孩|孩子|男孩|女孩|娃儿|娃娃|男娃|女娃|小朋友|小学生)[^。；\d（(]{0,6}?(?:今年|才|只有)?(?<!\d)(?:[1-9]|1[0-3])(?:周)?岁"
        # the age right after the child, set off by a comma (初一的学生，十三岁，说是在网上看别人喷)
        rf"|(?:学生|小学生|初中生|孩子|小孩|娃儿|娃娃|男娃|女娃|小朋友)[，,、]\s*{_CN_AGE_UNDER_14}"
        r"(?![^。；，]{0,2}(?:那年|那时|那会|的时候|时))"
        # ages written out after the children are named (三个娃儿…三人分别是十一岁、十二岁、十三岁; 学生才九岁):
        # none of them 十四 or over
        rf"|(?:娃|孩|学生|小朋友)[^；]{{0,40}}?(?:分别|都|才|只有|今年|年仅|刚满|刚刚满|说自己|自称|说他|说她)(?:是|才|只有|今年)?{_CN_AGE_UNDER_14}"
        rf"(?:[、，,和及]{_CN_AGE_UNDER_14})*(?![^。；]{{0,3}}[、，,和](?:十[四五六七八九]|[二三四五六七八九]十|1[4-9]|[2-9]\d))"
        # not an age once had (刚满十三岁那年就出来打工): how old the party was then, not now
        r"(?![^。；，]{0,2}(?:那年|那时|那会|的时候|时|就出来|就跟|就开始|就在外))"
        # asked their ages (问了年龄：一个13岁（初一），一个12岁半): none of them 十四 or over
        rf"|年龄[：:，,是为]{{0,2}}(?:一个|分别是?|都是?|均为?)?{_CN_AGE_UNDER_14}半?(?:[（(][^）)]{{0,6}}[）)])?"
        rf"(?:[、，,和及](?:另)?一个{_CN_AGE_UNDER_14}半?)*(?![^。；]{{0,12}}(?:十[四五六七八九]|1[4-9])(?:周)?岁)"
    ),
    "no_fault": re.compile(
        r"(?:没有|无|不存在)主观过错|不可抗力|被[^，。；]{0,6}追尾|(?:后车|后面[^，。；]{0,6}车)[^，。；]{0,4}追尾"
        r"|(?:对方|他人|第三方|肇事方)[^，。；]{0,6}负全部责任"
        # proof that someone else did it (有监控能证明不是我倒的) — not a bare excuse (他说是别人倒的)
        r"|(?:能|可以|足以)证明(?:不是|并非)(?:我|他|她|当事人)|监控[^，。；]{0,8}拍到[^，。；]{0,6}(?:别人|他人|别个)"
    ),
    "minor_14_18": re.compile(r"未成年|(?<!\d)1[4-7]周?岁|(?<![一二三四五六七八九十])十[四五六七]周?岁"),
}
FACT_LABELS: dict[str, str] = {
    "corrected": "已改正",
    "refused": "拒不改正/逾期未改",
    "deadline_pending": "改正期限未届满",
    "no_order_yet": "尚未责令改正",
    "prior_warning": "曾被劝导或责令",
    "repeat_within_year": "曾受同类处罚后再犯",
    "first_offence": "初次违法",
    "large_scale": "面积大/数量多",
    "long_duration": "持续时间长",
    "complaints": "有投诉举报",
    "sensitive_place": "影响学校、幼儿园、医院",
    "slight_harm": "危害轻微",
    "no_harm": "未造成危害后果",
    "serious_harm": "危害严重",
    "uncorrectable": "无法采取改正措施消除影响",
    "obstruction": "阻碍执法",
    "serious": "情节严重",
    "under_14": "不满十四周岁",
    "no_fault": "没有主观过错",
    "minor_14_18": "未成年人",
    "party": "当事人",
}
_TENURE = re.compile(r"(?:扫|工作|教|当)了?[十几一二三四五六七八九两\d]*$")
# after …多年: the age of a tree or an old house (二十多年的香樟树, 三十多年的老房子) — not a shed put up or a stairwell
# taken years ago (搭了好几年的板房, 占用了多年的楼道: how long the act has gone on)
_AGE_OF_THING = re.compile(r"的[^，。；,]{0,3}(?:树|樟|榕|桂花|银杏|梧桐|房子|楼房|老房|老楼)")
# before a number of metres: a distance (离那个路口少说也有两百米) — not 隔壁小区 (the place next door)
_DISTANCE = re.compile(r"(?:离(?!开|职|婚)|距|相隔|隔了)[^，。；,]{0,12}$")
_EARNED = re.compile(
    r"(?:(?:卖|挣|赚|收入|营业额?|进账)[^，。；,]{0,6}|(?:花了?|值|价钱?是?))$"
)  # before …百块: money taken or a price, not pieces
# before …百块 and a pause: money paid to someone (一个月还给拉泔水的老乡两百块。) — not 给工地运了两百块砖
_PAID = re.compile(r"(?:给|付|送)了?[^，。；,]{0,8}$")
# a certificate for night or continuous work held (取得…连续施工作业的证明, 拿得出夜间施工证明) — not one lacking
# (拿不出夜间连续施工的证明, 未取得)
_NIGHTS_ALLOWED = re.compile(
    r"(?<![没无未])(?<!没有)(?<!未能)(?<!没能)(?:取得|持有|拿得出|出示了?|有)[^。；，不没未]{0,14}(?:施工|作业)[^。；，]{0,4}证明"
)
_PAUSE = re.compile(r"[，。；,;！!？?]|$")
# (not the premises' own size: 40平米的门面)
_AREA = re.compile(rf"(\d+(?:\.\d+)?)\s*(平方米|平米|㎡|立方米|方)(?!的?{_PREMISES})")
# 600多张, 180余处 — not money (收了80块钱, 罚了50块)
_COUNT = re.compile(r"(?<![\d.])(\d+)\s*[多余]?\s*(张|处|块(?!钱)|份|棵|株|只)")
# money before 块 (收了80块, 服务费80块, 罚款共计200块, 要价80块)
_MONEY_BEFORE = re.compile(r"(?:[罚交赔花收挣赚付卖]了?|费|共计|要价|价钱?|罚款)$")


@dataclass
class ReadFacts:
    facts: CaseFacts
    party: PartyType
    party_detected: bool
    evidence: dict[str, str] = field(default_factory=dict)  # fact → the words that set it


# a utility that found, reported or checked the matter (燃气公司抢修的时候发现…, 燃气公司巡线员报告, 跟燃气公司一起查)
# is no party: another organisation in the text still is; a utility that dug or built (某某燃气公司经批准开挖) is one
# a utility (气公司 and 煤气公司 are the gas company; 液化气公司, an LPG dealer, is not)
_UTILITY = r"(?:燃气|天然气|(?<![液化油燃然])气|自来水|供水|供电|电力)(?:公司|集团)"
_SERVICE_ORG = re.compile(
    rf"(?<![某X]){_UTILITY}"
    r"(?=[^，。；：,:]{0,6}?(?:发现|巡线|安检|上门|报|反映|转来|抄表|来查|检查)|的?(?:人|师傅)[^，。；：,:]{0,2}?(?:说|讲|喊))"
    r"|(?<=[跟和与])(?:燃气|天然气|自来水|供水|供电|电力)(?:公司|集团)"
    # nor one called in to put it right (请燃气公司的人按规范恢复)
    rf"|(?<=[请找叫喊]){_UTILITY}"
    r"(?=[^，。；：,:]{0,8}?(?:恢复|修|改|装|来弄|来处理))"
    # nor one the bureau hires to do it in the party's stead (中队准备委托专业单位代为拆除)
    r"|(?<=委托)(?:专业|有资质的?|第三方|环卫|其他|相关)?(?:单位|公司)(?=[^，。；]{0,2}代)"
)


def detect_party(text: str) -> tuple[PartyType, bool, str]:
    """(party type, whether any cue was seen, the cue). 个体工商户 count as individuals (common practice)."""
    org = _ORG.search(_SERVICE_ORG.sub(lambda m: "＿" * len(m.group(0)), text))
    ind = re.search(r"个体", text)
    if org and not ind:
        return "organisation", True, org.group(0)
    m = _IND.search(text)
    if m:
        return "individual", True, m.group(0)
    return "individual", False, ""


# the time given said to be still running …
_STILL_RUNNING = re.compile(_RUNNING)
_CHECKED_STILL_THERE = re.compile(_AT_CHECK_STILL_THERE)
_RAN_OUT = re.compile(
    r"当天|当日|立即|马上|逾期|已过|过了期限|期限已|期限到了|到期了|届满|超过期限|超期|小时|第[二两三四五六七八九十\d]{1,3}天"
    r"|[一二两三四五六七八九十\d半]{1,3}(?:天|日|周|个?星期|个?礼拜|个?月)(?:以?后|过去了?)|上个月|上周|上礼拜|上星期|\d+号|\d+日(?!以?内|之内)"
)
# … and what the refusal pattern reads as not put right, where nothing says the party refused or the time ran out
# an order told with its addressee before the words of a correction (社区已要求物业立即停止, 责令施工方马上停工): what was
# asked, not done — the pattern's own look-behinds catch only the order right before them (要求立即停止)
# (not 按照要求…, 在我们的督促下…, 责令改正后…: the party acted; nor 要求他马上收摊，他马上就收了 — the second is done)
_ORDERED = re.compile(
    r"(?<![按照从据的])(?:(?:要求|责令|命令|督促)(?!下)"
    r"(?:(?!当即|马上|立即|立刻|随即|当场|及时)(?:[^，。；,！？!?后]|后(?=[厨面门院头边]))){1,12}"
    # 让他/叫她/通知其 right before the adverb — not 喊他老婆马上搬, 接到通知他马上拆
    r"|(?<!接到)(?<!收到)(?:让|叫|喊|通知)(?:他|她|其)们?)$"
)
# the party acting on what was asked (按照要求, 根据城管的要求, 依照通知要求 立即拆除): a correction
_COMPLIED = re.compile(
    r"(?:(?:按照?|根据|依据|遵照|依照)[^，。；,]{0,6}(?:的|城管|队员|执法人员|通知|我们|你们)|按照?|遵照|依照)要求$"
)


def _ordered_before(before: str) -> bool:
    """The words before an adverb of correction give an order to the party (要求他 / 责令施工方 / 让他), not the
    party's compliance with one (按照要求, 根据城管的要求)."""
    return bool(_ORDERED.search(before)) or (before.endswith("要求") and not _COMPLIED.search(before))


_NOT_YET = re.compile(
    rf"(?:也|还|都)没(?:清|拆|改|动|撤|搬|停)|{_NONE_DONE}|原样没动|原样未动|原封(?:没|未|不)动(?=[。，；,;！!]|$)|还在原地|还是原样|仍是原样|依然原样"
    r"|未整改|没有整改|不整改"
    rf"|{_AT_CHECK_STILL_THERE}|{_AT_CHECK_SAME}|{_AT_CHECK_LEFT}"
    rf"|{_LEFT_UNDONE}"
)


# the officers stopped the work (当场叫停了, 我们当场叫停了施工) — not the party calling off its own men or machine
# (负责人二话不说就喊停了挖掘机, 老板马上叫停了工人)
_OFFICERS = re.compile(r"我们|队员|执法人员|城管|中队|执法队")
_PARTY_SAID = re.compile(
    r"负责人|老板|施工方|施工队|当事人|业主|工头|项目经理|摊主|店主|物业|(?<![叫喊让请])[他她](?!们的)"
)
_EITHER = re.compile(f"{_OFFICERS.pattern}|{_PARTY_SAID.pattern}")


# someone or something else not stopped (狗见人就叫，喊都喊不住; 围观的人太多)
_NOT_THE_PARTY = re.compile(r"狗|猫|娃|孩子|小孩|围观|人太多|人群")
# a school or hospital not in use, or a window shut for another reason
_CLOSED = re.compile(r"放假|暑假|寒假|停课|停办|搬走|搬迁|闲置|说是冷|怕冷")

# a sentence that supposes (如果三天后还是不拆, 要是明天来看，还是不拆，就…): what is threatened, not what was done
# a time given to put it right (限期三日内, 叫十天内找有资质的单位恢复, 整改期限)
_GIVEN_TIME = re.compile(
    r"(?:叫|让|要求|限|责令|通知|给了?)(?:我|他|她|其|我们|他们)?[^。；？?]{0,10}?[\d一二三四五六七八九十两]+(?:个)?"
    r"(?:天|日|工作日)之?内|(?:责令|要求|通知)[^。；？?]{0,8}限期"
)
# … and the time since said to have run (已经过去半个月了, 十天早就过了, 限期三天，已经过了五天)
_TIME_PASSED = re.compile(
    r"(?:已经|早就|早已|都)过(?:去)?了|过去(?:了)?(?:半个?月|[一二两三四五六七八九十\d]+(?:天|日|周|个?星期|个?礼拜|个?月))"
    r"|过了[一二两三四五六七八九十\d]+(?:天|日|周|个?星期|个?礼拜|个?月)|时间(?:已经)?过了"
)
# still inside the time an order gave (现在还在期限内, 目前仍在整改期限内) — not asked (还在期限内吗)
_STILL_WITHIN = re.compile(r"(?:现在|目前|还|仍|仍然)(?:处)?在(?:改正|整改)?(?:期限|限期)内(?![吗么呢？?])")
# the words of an order to put it right (责令限期改正通知书, 整改通知)
_ORDER_WORDS = r"责令|通知|限期"
# an order told before it (下达了责令限期改正通知书) — not a permit's term (临时占道许可还在期限内)
_ORDER_BEFORE = re.compile(_ORDER_WORDS)
# … and what follows asked, if it is not put right (要是我不改会怎么样, 如果到期还是不拆咋个办)
_IF_NOT_PUT_RIGHT = re.compile(
    r"(?:要是|如果|假如|万一)(?:我|他|她|我们|他们|对方|当事人|店主|老板)?(?:到期|到时候)?(?:还是|还|仍然|依然)?"
    r"(?:不|没有?)(?:改|整改|改正|恢复|拆|拆除|搬|清理|取下)(?:的话)?[^。；？?]{0,6}"
    r"(?:会怎么样|会咋样|会怎样|咋个办|怎么办|会不会|会被|要被|啷个办)"
)
# the people and bodies around a case that are not the bureau
_OTHER_BODIES = r"物业|社区|居委|网格|业主|邻居"
# who denied giving notice, if not the bureau (物业从来没发过任何通知)
_NOT_THE_AUTHORITY = re.compile(rf"{_OTHER_BODIES}|燃气公司|房东")
# an order served told as done (其实上周已经责令他限期改正了, 上周已经送达了)
_ORDER_DONE = re.compile(r"(?:已经?|其实)[^。；，]{0,6}?(?:责令|下达|送达|开具|下了|发了)")
# an order among the warnings read (责令限期改正通知书, 整改通知) — not a word of persuasion (劝过)
_ORDER_GIVEN = re.compile(rf"{_ORDER_WORDS}|下达")
# the refusals a reporter may have told of himself (我打电话告知他好几次，他也不理我)
_TOLD_BY_ME = re.compile(r"告知|通知|劝说|提醒")
_NOT_OURS = re.compile(rf"我(?!们)|俺|本人|居民|{_OTHER_BODIES}")
# a look at it again, or a time run (复查, 期满, 已经过了两个月)
_CHECKED_OR_RUN = re.compile(r"复查|检查|回访|期满|到期|过了|逾期|期限")
# a supposition right before (要是我…, 如果…)
_SUPPOSING = r"要是|如果|假如|万一|假设"
_SUPPOSED_RIGHT_BEFORE = re.compile(rf"(?:{_SUPPOSING})[^。；，]{{0,6}}$")
# the refusals a supposition may tell (如果劝他清理，他还是扭头走了)
_SUPPOSABLE = re.compile(
    r"(?:劝|叫|喊|让|要求)(?:他|她|其|对方)?(?:清理|捡|清扫|收拾|清走)|纹丝没动|还是不|告知|通知|劝说|提醒|责令"
)
_SUPPOSED = re.compile(rf"{_SUPPOSING}|若|的话|到时候|否则")
# (an if told before a flat no: 如果摊主当场表示配合，就是不走 — not the officers' warning: 否则依法处理…就是不搬)
_SUPPOSED_IF = re.compile(r"如果|要是|假如|假设|万一")
_SUPPOSED_JUST_BEFORE = re.compile(
    r"(?:的话|到时候)[^，,。；;]*$"
)  # (他拖的话，就是不拆 — not 再摆的话就要暂扣，他嘴上答应，…)
# anyone told before a flat no in a clause of its own (叫他停工，就是不停) — not a machine or the traffic
_TOLD_TO = re.compile(
    r"(?:喊|叫|让|劝|要求)(?:他|她|其|对方|摊主|老板|司机|店主|人家|工人|老板娘)|责令|通知|命令|制止|警告|告诉(?:他|她)"
)


_FLAT_NO_WORDS = ("就是", "硬是", "偏偏", "偏不")


def _flat_no(said: str) -> bool:
    """The refusal pattern's flat no in a clause of its own (，就是不走, ，硬是不收, ，偏不搬)."""
    return said[:1] in "，," and said[1:3] in _FLAT_NO_WORDS


# 和他一样没拆: as others did, not as it was found before (一样没动 at a check)
_LIKE = re.compile(r"[和跟像同][^。；，]{0,6}$")

# a promise not kept is no correction (施工方说马上打开雾炮，结果一直没开; 答应立即整改，可到现在都没动)
_PROMISED = re.compile(r"(?:说|讲|答应|保证|表示|承诺|表态)(?:了|过|要|会)?[^，。；,]{0,3}$")
# (the promised thing left undone: 结果一直没开, 到下午还没开, 后来也没开 — not 结果不到五分钟就收了, 没过两分钟就打开了)
_NOT_KEPT = re.compile(
    r"[^。；]{0,14}?(?:还|也|都|一直|始终|根本|压根|结果|但是?|可是?|却)(?:是)?(?:没|未|莫)(?:有|得)?"
    r"(?:开|关|收|拆|停|动|改|弄|整|清|撤|搬|挪|盖|围|扫|执行|照做|落实)"
)


def _officers_stopped_it(text: str, m: re.Match[str]) -> bool:
    """叫停/喊停 by whom: the party named in its clause; else the officers named there; else whoever the sentence
    names first (the officers where it names no one)."""
    if not re.search(r"[叫喊]停", m.group(0)):
        return False
    sentence = re.split(r"[。！？!?；;]", text[: m.start()])[-1]
    clause = re.split(r"[，,：:]", sentence)[-1]
    if _PARTY_SAID.search(clause):
        return False
    if _OFFICERS.search(clause):
        return True
    first = _EITHER.search(sentence)
    return first is None or _OFFICERS.fullmatch(first.group(0)) is not None


# what the officers took or kept, or a fine paid (那杆秤队员当场收了, 罚款当场收了, 我们已经把涉案物品搬走): no
# correction by the party — read where the words of taking (收了, 已经把…收好) make the correction
_TAKEN = re.compile(r"收了$|^已(?:经)?(?:自己|自行)?把")
_TAKEN_WHAT = re.compile(r"罚款|钱|现金|证据|涉案|暂扣|扣押")
_OFFICERS_LAST = re.compile(rf"(?:{_OFFICERS.pattern})(?:们|都|也|就|已经|已)?$")


def _officers_took_it(text: str, m: re.Match[str]) -> bool:
    """The correction read is the officers' taking — they end the clause before it (那杆秤队员当场收了) and the match
    names no party — or a fine, evidence or seized goods taken in that clause."""
    if not _TAKEN.search(m.group(0)):
        return False
    sentence = re.split(r"[。！？!?；;]", text[: m.start()])[-1]
    clause = re.split(r"[，,：:]", sentence)[-1]
    if _PARTY_SAID.search(re.sub(r"[他她]的", "", m.group(0))):
        return False  # 我们一讲，她就把锅收了: the party named in it (not whose it is: 把他的摊子收走)
    if _OFFICERS_LAST.search(clause):
        return True  # 那杆秤队员当场收了, 东西我们马上收了, 城管已经把他的摊子收走了
    return _TAKEN_WHAT.search(clause + m.group(0)) is not None  # 罚款当场收了, 我们已经把涉案物品搬走


# a notice denied, planned or asked about right before (没收到过, 下一步将下达, 能不能先发个)
_NOT_SERVED = re.compile(r"(?:没|未|从未|将要|将于|将会|准备|下一步|拟|能不能|可不可以|是否)[^。；，]{0,6}$")


# a first counted within a period and a catch after it (这是本月第一次查到他, 这个月是头一回被发现)
_PERIOD_FIRST = re.compile(r"(?:本月|这个月|这月|本周|这周|这礼拜|这个礼拜|这星期|这个星期)(?:是|已经是)?$")
_FOUND_AFTER = re.compile(
    r"被?(?:我们|城管|队员|执法人员|中队|人|巡查)?(?:在[^。；，]{0,10})?"
    r"(?:查到|发现|抓到|碰到|遇到|逮到|逮住|抓住|查获|查处|撞到|举报|投诉)"
)


def read_facts(text: str) -> ReadFacts:
    """Party type and discretion facts from a free-text description (cues, not proof)."""
    evidence: dict[str, str] = {}
    values: dict[str, bool] = {}
    # the notice denied (还没有下过任何整改通知) is no warning given
    no_order = [(m.start(), m.end()) for m in _PATTERNS["no_order_yet"].finditer(text)]
    for name, pattern in _PATTERNS.items():
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            pos = m.end()
            # (a denial in the sentence before is not this one's: 摆不下。今天城管来开了个责令改正通知)
            before = _SENTENCE_END.split(text[max(0, m.start() - 5) : m.start()])[-1]
            if _NEGATED.search(_NOT_DENIAL.sub("", before)[-3:]) and not (
                name == "corrected" and before.endswith("不到") and _COUNTED.match(m.group(0))
            ):
                # 没有及时清理 / 未首次 … — 不到五分钟就收了 is put right within five minutes, no denial (not so
                # 不到两个月 of a road's age: no long duration)
                continue
            if (
                name == "corrected"
                and m.group(1) is not None
                and _ordered_before(text[max(0, m.start() - 16) : m.start()])
            ):
                # a skipped order may hide a correction inside it (要求他马上收摊他马上就收了)
                pos = m.start() + 1
                continue
            if (
                name == "first_offence"
                and _PERIOD_FIRST.search(text[max(0, m.start() - 8) : m.start()])
                and (_FOUND_AFTER.match(text, m.end()))
            ):
                continue  # 本月第一次查到他: the first catch this month, not a first offence
            if name == "repeat_within_year" and _LONG_AGO.search(_sentence_of(text, m)):
                continue  # 前年曾因同样行为被处罚过, 那是2019年的事了: a penalty long past, not within the year
            if name == "long_duration" and m.group(0).startswith("连") and _NIGHTS_ALLOWED.search(text):
                continue  # 持有连续施工证明, 连续三个晚上浇混凝土: the nights the certificate allows, not an aggravation
            if name == "long_duration" and _TENURE.search(text[max(0, m.start() - 6) : m.start()]):
                continue  # 扫了十多年的街: how long the party has worked or lived, not how long the act went on
            if (
                name == "corrected"
                and _PROMISED.search(text[max(0, m.start() - 8) : m.start()])
                and _NOT_KEPT.match(text, m.end())
            ):
                pos = m.start() + 1
                continue  # 说马上打开雾炮，结果一直没开: promised, not done
            if (
                name == "refused"
                and re.match(r"一样(?:都|也)?没", m.group(0)) is not None
                and _LIKE.search(text[max(0, m.start() - 8) : m.start()])
            ):
                pos = m.start() + 1
                continue  # 周边几家和他一样没拆: a likeness, not left as it was
            if (
                name == "refused"
                and m.group(0).startswith("还是不")
                and _SUPPOSED.search(_sentence_of(text, m))
            ):
                continue  # 如果三天后还是不拆，将依法强制拆除; 要是明天来看，还是不拆，就…: what would follow
            if name == "refused" and _flat_no(m.group(0)):
                if _SUPPOSED_IF.search(_sentence_of(text, m)) or _SUPPOSED_JUST_BEFORE.search(
                    text[max(0, m.start() - 20) : m.start()]
                ):
                    continue  # 如果摊主当场表示配合，就是不走; 他拖的话，就是不拆: what would follow
                if not _TOLD_TO.search(text[max(0, m.start() - 60) : m.start()]):
                    continue  # 路口堵死了，就是不走: no one was told to move
            if (
                name == "refused"
                and m.group(0).endswith("不住")
                and _NOT_THE_PARTY.search(_clause_before(text, m.start()))
            ):
                continue  # 狗见人就叫，喊都喊不住; 围观的人太多，喊都喊不住: not the party walking off
            if (
                name == "long_duration"
                and re.search("通宵|整夜", m.group(0))
                and (
                    _NIGHTS_ALLOWED.search(text)
                    or _OFFICERS.search(text[max(0, m.start() - 12) : m.start()].split("，")[-1])
                )
            ):
                continue  # 持有夜间施工证明…通宵施工; 队员通宵作业: allowed, or the officers' night
            if name == "prior_warning" and _NOT_SERVED.search(text[max(0, m.start() - 10) : m.start()]):
                continue  # 没收到过限期整改的通知, 下一步将下达…, 能不能先发个整改的通知: none served yet
            if name == "prior_warning" and any(a <= m.start() < b for a, b in no_order):
                continue  # 还没有对这户人下过任何整改通知: no notice served
            if name == "no_order_yet" and _NOT_THE_AUTHORITY.search(_clause_before(text, m.start() + 1)):
                continue  # 物业从来没发过任何通知: not the bureau's order
            if (
                name == "refused"
                and _TOLD_BY_ME.match(m.group(0))
                and _NOT_OURS.search(_clause_before(text, m.start() + 1))
            ):
                continue  # 我打电话告知他好几次，他也不理我; 物业通知了…都没理: not the bureau's word
            if (
                name == "refused"
                and m.group(0) == "纹丝没动"
                and not _CHECKED_OR_RUN.search(_sentence_of(text, m))
            ):
                continue  # 他推了几下，柜子纹丝没动: how solid, not left undone
            if name == "refused" and _SUPPOSED_RIGHT_BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
                continue  # 要是我不整改会被罚多少; 如果逾期不拆会怎么样: a refusal supposed
            if (
                name == "refused"
                and _SUPPOSABLE.match(m.group(0))
                and _SUPPOSED.search(_sentence_of(text, m))
            ):
                continue  # 如果劝他清理，他还是扭头走了; 如果下周复查还是纹丝没动: what would follow
            if name == "sensitive_place" and _CLOSED.search(_sentence_of(text, m)):
                continue  # 小学放暑假了，把窗户都关了: no pupils there, nothing kept out
            if name == "corrected" and _officers_took_it(text, m):
                pos = m.start() + 1
                continue  # 那杆秤队员当场收了; 我们已经把证据收好了: the officers', not the party's
            if name == "corrected" and _officers_stopped_it(text, m):
                pos = m.start() + 1
                continue  # 我们当场叫停了: the officers stopped it, the party put nothing right
            if name == "long_duration" and m.group(0).endswith("年") and _AGE_OF_THING.match(text, m.end()):
                continue  # 二十多年的香樟树, 三十多年的老房子: how old a thing is, not how long the act went on
            if name == "large_scale" and _DISTANCE.search(text[max(0, m.start() - 14) : m.start()]):
                continue  # 离主干道有两三百米: how far the place is, not how much was done
            if (
                name == "large_scale"
                and m.group(0).endswith("块")
                and (
                    _EARNED.search(text[max(0, m.start() - 8) : m.start()])
                    # a price (换块面板要八百块，) — not 砌墙要三百块砖
                    or (
                        (
                            text[max(0, m.start() - 1) : m.start()] == "要"
                            or _PAID.search(text[max(0, m.start() - 10) : m.start()])
                        )
                        and _PAUSE.match(text, m.end()) is not None
                    )
                )
            ):
                continue  # 今晚卖了六七百块: money taken, not pieces
            values[name] = True
            evidence[name] = m.group(0)
            break
    for m in _AREA.finditer(text):
        if float(m.group(1)) >= 10:
            values["large_scale"] = True
            evidence["large_scale"] = m.group(0)
    for m in _COUNT.finditer(text):
        if m.group(2) == "块" and _MONEY_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        if int(m.group(1)) >= 20:
            values["large_scale"] = True
            evidence["large_scale"] = m.group(0)
    # not yet acted on while the time given still runs (目前期限尚未届满，茶馆也没动) is no refusal: the deadline stands
    if values.get("refused") and _STILL_RUNNING.search(text) and _NOT_YET.fullmatch(evidence["refused"]):
        values.pop("refused")
        evidence.pop("refused")
    # … nor the thing still there at a check soon after a notice gave days (昨天下了通知，给了三天，今天去复查，东西还在),
    # unless the time given has run (要求当天清走, 已经逾期)
    if (
        values.get("refused")
        and values.get("deadline_pending")
        and _CHECKED_STILL_THERE.fullmatch(evidence["refused"])
        and not _RAN_OUT.search(text)
    ):
        later = _PATTERNS["refused"].search(text, text.find(evidence["refused"]) + len(evidence["refused"]))
        if later is None:  # a refusal told later (拒不配合) still stands
            values.pop("refused")
            evidence.pop("refused")
        else:
            evidence["refused"] = later.group(0)
    # what follows if it is not put right, asked where a time to put it right was given (叫十天内找有资质的单位恢复。
    # 要是我不改会怎么样): the time still runs
    if (
        not values.get("deadline_pending")
        and _GIVEN_TIME.search(text)
        and not _RAN_OUT.search(text)
        and not _TIME_PASSED.search(text)
    ):
        asked = _IF_NOT_PUT_RIGHT.search(text)
        if asked is not None:
            values["deadline_pending"] = True
            evidence["deadline_pending"] = asked.group(0)
    # still inside the time an order gave, said after the order (下达了责令限期改正通知书…现在还在期限内)
    within = _STILL_WITHIN.search(text)
    if not values.get("deadline_pending") and within and _ORDER_BEFORE.search(text, 0, within.start()):
        values["deadline_pending"] = True
        evidence["deadline_pending"] = within.group(0)
    # an order served, read outside the denial (其实上周已经下达了责令改正通知书): the denial is not the bureau's last word
    if values.get("no_order_yet") and (
        values.get("deadline_pending")
        or _ORDER_GIVEN.search(evidence.get("prior_warning", ""))
        or any(not (a <= m.start() < b) for m in _ORDER_DONE.finditer(text) for a, b in no_order)
    ):
        values.pop("no_order_yet")
        evidence.pop("no_order_yet")
    if values.get("refused"):
        for name in ("corrected", "deadline_pending", "no_order_yet"):
            values.pop(name, None)
            evidence.pop(name, None)
    # the notice just served is the pending deadline, not an earlier warning (今日已下达责令限期改正通知书)
    pending = evidence.get("deadline_pending", "")
    if pending and evidence.get("prior_warning", "\0") in pending:
        values.pop("prior_warning", None)
        evidence.pop("prior_warning", None)
    if values.get("repeat_within_year") or values.get("prior_warning"):
        values.pop("first_offence", None)
        evidence.pop("first_offence", None)
    first = True if values.pop("first_offence", False) else None
    party, detected, cue = detect_party(text)
    if detected:
        evidence["party"] = cue
    return ReadFacts(CaseFacts(first_offence=first, **values), party, detected, evidence)
