"""Routing by meaning: which skills answer a message — offence advice, legal Q&A, record tools, or several.

Deterministic (no model on the hot path). Three groups of features are scored:

* **tools** — the message asks about people, places, cases or counts in the record: 值班/在岗, 最近的队员,
  超期/逾期, 多少起/统计, a case number or 案件进展/期限, "我的案件";
* **offence** — the message describes a situation: concrete actors and events (商户、摊主、工地、一辆车、发现、
  当场、今天…), the catalogue's evidence (an offence's name or alias in the text, its weighted cues), and the
  officer's ask (要罚吗、怎么处理、罚多少、定性);
* **legal** — the message asks about the law in the abstract: 法/条例/第X条, procedure words (程序、期限、时效、听证、
  复议、送达、管辖), conditions (什么情况下、是否可以、应当), with no concrete situation.

A message may get several skills (a situation plus a dispatch question). ``route_message`` returns them in the order
they should answer: tools first (what is in the record), then offence, then legal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from assistant import scope

if TYPE_CHECKING:
    from knowledge.catalogue.schema import Cue
    from knowledge.statutes.store import StatuteStore

Skill = Literal["offence", "legal", "tools"]

# --- tool features ------------------------------------------------------------------------------------------
TOOL_PATTERNS: dict[str, re.Pattern[str]] = {
    "on_duty": re.compile(
        r"值班(?!室|电话|的同事说|组长(?:问|说|讲))|在岗|当班|执勤|排班|谁在(?!.{0,4}(违法|经营|施工))|哪些队员|哪几个队员|哪个队员|哪位队员|有几个队员|有没有队员|有队员(?:在|值班|在岗|当班|执勤|空)|多少队员|几个人在(?=[？?吗呢]|岗|值班|班|线|执勤)"
    ),
    "nearest": re.compile(
        r"最近的(?:队员|执法|人|同事|中队)|离.{1,16}最近|附近(?:有|的)?(?:哪个|哪些|哪位)?(?:队员|执法人员|同事|人手)|派(?:谁|哪个|个人|人过去|人去)|就近|调度|谁(?:能|可以)(?:过去|去|赶过去)"
    ),
    "overdue": re.compile(
        r"(?:超期|逾期|过期|快到期|临期|到期)(?:了)?的?(?:案件|案子)|(?:案件|案子).{0,8}(?:超期|逾期|过期|到期)|"
        r"超过期限.{0,8}(?:案件|案子)|"
        r"(?:哪些|哪几个|有没有|几个|多少).{0,6}(?:超期|逾期|到期)"
    ),
    "counts": re.compile(
        r"(?:多少|几)(?:起|件(?!事)|宗|个案)|(?:案件|案子)(?:数|量|总数)|统计|案量|立了几|一共.{0,6}案|(?:办|查处|立)了(?:多少|好多)(?:案子|案件|件|起)|最多的(?:是|违法)|按(?:违法行为|网格)|按(?:天|日)(?!加处|加罚|罚|处罚|计|算|累|连续|请|给|收|付|结|发)"
    ),
    "case_status": re.compile(
        r"万城管罚|案件\s*\d+|\d+\s*号案|案号|案件编号\s*[:：为是]?\s*(?:[A-Za-z]+[-\d]|\d{4,})|(?<![A-Za-z])(?!GB|HJ|CJJ|JGJ|DB)[A-Za-z]{2,}-20\d{2}-\d{2,}|(?:我的|这个|那个|那起|这起)(?:案件|案子)|我(?:的)?罚款|我被罚|(?:案件|案子).{0,10}(?:进展|状态|到哪|哪一步|下一步|截止|期限|什么时候|办到|处理到)|"
        # one's own seized things asked after (帮我查一下车子现在停在哪, 我的三轮车扣在哪个停车场): the record's
        r"(?:帮我|给我|帮忙)查(?:一下|下)?[^。？?，,]{0,8}(?:停在|放在|扣在)(?:哪|哪个|哪里|哪儿)|"
        r"我(?:的|那辆|那个|家的?)[^。？?，,]{0,6}(?:车|东西|货|推车|摊子)子?[^。？?]{0,12}(?:停在|放在|扣在|在)(?:哪|哪个|哪里|哪儿)"
    ),
}
_GRID_WORDS = ("五桥", "高笋塘", "牌楼", "江南", "钟鼓楼", "龙都", "百安坝", "片区", "网格")
# who is there, asked beside a grid's name (江南片区有几个队员在) — not a report that names 队员 (队员打电话过去)
_PEOPLE_ASKED = re.compile(
    r"谁|几个人|哪些人|(?:哪些|哪个|哪位|几个|多少|有没有)(?:队员|人员)|(?:队员|人员)(?:在|有)"
)

# --- situation (offence) features -----------------------------------------------------------------------------
# a count of people not followed by the bureau's own staff (几个协管员, 有个队员: told, not a party)
_NOT_STAFF = r"(?!协管|队员|执法|城管|同事|民警|网格员|中队)"
_ACTORS = re.compile(
    r"商户|商家|摊贩|摊主|小贩|游商|店主|店家|老板|门店|饭店|餐馆|火锅店|烧烤|超市|水果店|居民|业主|住户|"
    rf"工地|施工队|施工单位|物业|公司|单位|企业|司机|车主|渣土车|货车|三轮车|一辆|一家|(?:一个|一名|一位|有个){_NOT_STAFF}|有人|有家|"
    rf"某(?:公司|店|商户|小区|单位|工地)|当事人[^是的]|(?:一|几|两|三)(?:个|名|辆|家|处){_NOT_STAFF}|大爷|大妈|婆婆|老汉|老板娘|这家|那家|"
    r"孃孃|嬢嬢|阿姨|师傅|小伙子|老人|我是(?:开|卖|摆|做)|[\u4e00-\u9fff]{1,4}(?:店|铺|馆|厂)(?![里内])"
)
_EVENTS = re.compile(
    r"发现|巡查|巡逻|接到|举报|投诉|现场|当场|正在|今天|昨天|昨晚|今早|刚才|刚刚|凌晨|晚上|上午|下午|半夜|"
    r"被(?:我们|队员|发现|查|抓|拍)|把.{1,20}(?:摆|放|堆|倒|挂|贴|停|搭|晾)|摆|堆|倒|乱|挂|贴|私搭|搭建|焚烧|烧|晾晒|"
    r"路边|街边|门口|人行道|马路上|河边|楼下|楼顶|"
    r"施工|排放|抛洒|遗撒|占用|占道|冒烟|噪音|噪声|吵|第一次|第二次|多次|屡次|又|还在|拒不|劝阻"
)
_ASK_HANDLING = re.compile(
    r"要罚|要不要罚|罚不罚|该不该罚|能不能罚|可以罚|怎么处理|如何处理|怎么处罚|如何处罚|怎么办|咋办|咋整|咋个办|"
    r"罚多少|罚几|处罚多少|定性|算什么|算不算|属于什么|属于哪|违反了|违反什么|犯了什么|怎么定|适用什么|该怎么弄|"
    r"怎么弄|管不管|归谁管|谁来管|立案吗|能立案|首违不罚|要不要立案|罚款吗|罚吗"
)
# --- legal features --------------------------------------------------------------------------------------------
_LAW_WORDS = re.compile(
    r"《|法》|法第|条例|办法|规定|规范|第[一二三四五六七八九十百零\d]+条|法律|法规|依据|程序|简易|普通程序|期限|时效|"
    r"听证|复议|诉讼|送达|管辖|陈述|申辩|告知|回避|执法证|执法人员|行政机关|行政处罚|当事人的权利|权利|义务|"
    r"追责|强制|查封|扣押|没收|法制审核|集体讨论|上限|下限|幅度|标准|条件|情形|适用|生效|证据|调查|笔录|"
    r"移送|立案(?:的)?(?:条件|期限|标准)|结案|减轻|从轻|从重|不予处罚|首违|滞纳金|加处罚款|分期|延期"
)
_ABSTRACT_Q = re.compile(
    r"是什么|是多少|有哪些|哪些情形|什么情况下|什么条件|需要什么|需不需要|是否|能否|可否|可以吗|可以不|能不能|应当|"
    r"必须|多久|多长时间|算不算|受不受|几日|几天|几个工作日|怎么规定|要得不|要不要得|找哪个|是不是这样|请问|还是罚|还是找|还是管|吧[？?]?$|如何规定|有什么规定|什么规定|有规定|怎么算|如何计算|"
    r"谁负责|由谁|哪个部门|什么意思|区别|区分|要求|能(?:罚|扣|拆|收)不|站(?:不站)?得住|行不行得通|哪些(?:事项|情形|情况|行为|条件)|吗[？?]?$|呢[？?]?$|[？?]$"
)

# What the law requires or allows, asked around one's own plan or case (有没有尺寸要求, 要不要审批, 需要办什么, 这是哪条
# 规定的, 哪些事情是禁止的, 能不能转给别人, 跟古树是一回事吗, 不装会怎么样): legal Q&A quotes the rule, the offence card
# follows when a situation is told
_LAW_ASKED_AROUND = re.compile(
    r"哪条规定|哪条法|什么规定|啥子规定|啥规定|有没有[^。？?，,]{0,6}(?:要求|规定|标准|限制)|要不要(?:审批|批准|报批|办证|办手续)|"
    r"(?:需要|要|得)办(?:什么|啥|哪些|些啥)|是不是一回事|一回事吗|哪些[^。？?，,]{0,8}(?:禁止|不准|不能做)|"
    r"(?:能不能|可不可以|能否)转(?:给|让)|(?:会|又)(?:怎么样|怎样|咋样)|(?:咋个|怎么|如何|咋)区分|有(?:啥子?|什么)区别|"
    r"(?:报|交|移交|反映)(?:给)?哪个部门|(?:该|应该|要)找哪个部门|(?:还|又)?能做(?:啥子?|什么|些什么)|"
    r"(?:会有|有)(?:什么|啥子?)后果|以后要做(?:什么|啥)"
)

# a case only pointed at (这个案子), no number and no progress asked
_THIS_CASE = re.compile(r"(?:这个|那个|那起|这起)(?:案件|案子)")
# A case handed to the police (交给公安, 移交派出所: 移送), and an officer's own standing in it (摊主是他亲舅舅, 换人:
# 回避): procedure questions even when told beside the record's case word
_HANDED_ON = re.compile(r"(?:交给|移交|移送|转给|交到)(?:公安|派出所|司法机关|检察)")
_PAYMENT = re.compile(
    r"分期|缓缴|暂缓缴|延期缴|分(?:几|两|三)(?:个月|次|期)|慢慢交|翻一倍|翻倍|加处罚款|滞纳金"
)
_RECUSAL = re.compile(
    r"回避|换人|换个人|亲戚|亲舅舅|亲叔|亲哥|亲姐|亲兄弟|利害关系"
    # the officer who investigated asked to chair the hearing (主持听证的能不能就是办这个案子的队员)
    r"|主持[^。？?，,]{0,10}办[^。？?，,]{0,6}的(?:队员|人|执法人员|同志)"
)

# Procedure and remedies: what the offence card cannot answer (it names 违则、罚则 and the range), the procedural
# laws can — 行政处罚法's 立案、调查、告知、听证、送达、收缴, 行政强制法's 措施、催告、代履行, 复议 and 诉讼. A question
# about one of these goes to legal Q&A even when it is told around a concrete case (当场罚了两百块，能不能去法院告？);
# when the message also describes a situation, the offence advisor answers after it.
_PROCEDURE = re.compile(
    r"法院|起诉|告(?:他|我|城管|到|状)|官司|复议|诉讼|听证|回避|换人|委托|协议|强制措施|强制执行|代履行|代(?:他|其)拆|"
    r"催告|登记保存|(?:拿回来|拿回去|带回来|带回去|先)保存|固定(?:下来|住|证据)|送达|收缴|收据|票据|分期|缓缴|延期|时效|立案|取证|证据|证件|出示|陈述|申辩|告知|(?<!总结|汇报|宣传|报告)材料|权利|"
    r"公开|撤销|决定书|法制审核|集体讨论|移送|(?:钱|费用|费)(?:由|找)?(?:最后|到底)?(?:谁|哪个)|(?:马上|立即|先)找.{0,6}来清|(?:找|叫|喊|调)(?![他她])[^，。？?]{0,6}来清|哪个出|谁出|先(?:叫人|找人)?清|先(?:叫|找|喊|请|调)[^，。？?他她]{1,4}清(?:掉|理|走|除|运|了)|"
    r"补(?:办)?手续|不照做|补批|审批[^。？?，,]{0,6}补|时间限制|取不到证|变卖|备案|多久|几天内|多少天内|天之内|日内|之内|以内|最多(?:可以|能)?扣|当场收|查阅|给他看|"
    r"年前|没人发现|没被发现|未成年|不满十[四八]|[\d一二三四五六七八九十]+岁的?(?:娃|小孩|孩子|学生)|规矩|义务|"
    r"(?:扣|暂扣|扣押)(?:了|的|着|住)?.{0,12}(?:还|退|期限|多久|好久|手续|清单|合不合法|合法|怎么处理|该怎么|时间要求|范围|限制)|"
    # when a demolition by force may follow a decision (限期拆除决定后当事人不拆，什么时候才能强制拆除; not 说要强拆还要罚款,
    # a report) and two bodies both claiming a
    # case (两边都立了案，到底该哪个管): 行政强制法, 行政处罚法's rules on 管辖
    r"(?:什么时候|何时|多久|能不能|可不可以|可以|能否|才能)[^。？?，,]{0,4}(?:强制拆除|强拆)|(?:强制拆除|强拆)(?:前|之前|以前|需要|的程序|有什么程序|要走)|管辖|(?:到底|究竟)(?:该|归)?(?:哪个|谁|哪家|哪边)(?:来)?管|都(?:认为|说)自己(?:有权|该)管|"
    r"(?:能不能|可不可以|能否|可以|能)先?(?:把[^。？?，,]{0,8})?(?:扣|暂扣|扣押)了?(?:再说)?(?:不|吗|呢|$|[？?])|"
    r"从轻|减轻|往轻|不予(?:行政)?处罚|还罚不罚|再罚|罚两次|涉嫌犯罪|合不合法|手续|程序|步骤|流程|当场.{0,6}收(?:缴|钱|罚款|现金|了)?(?=[吗？?]|罚款|现金)|当场把罚款收|开票|发票|"
    r"决定书|告知书|签名|盖章|考核|反映|申诉|检举|执法监督|"
    r"不服(?:的话)?[^，。？?]{0,8}(?:怎么办|咋办|咋个办|能不能|可以|可不可以|去哪|找哪|申请|起诉|复议)|对[^，。？?]{1,12}不服|"
    r"时限是|时限(?:多长|好久|多久|呢|吗)|多长时限|什么时限|有没有时限|(?:回复|答复|办结)的?时限|"
    # a camera's record asked as the ground for a fine (摄像头自动抓拍的，能不能不经人看就直接拿去罚款): 行政处罚法第四十一条
    r"(?:摄像头|电子眼|抓拍|监控设备)[^。？?]{0,24}(?:(?:能不能|可不可以|能否|就能|就可以)[^。？?]{0,10}罚|直接(?:拿去)?(?:罚|处罚)款?(?:吗|不))|"
    # whether a road may be dug at all (新修的路…能挖吗): 城市道路管理条例第三十三条
    r"(?:能|可以|准)挖(?:吗|不)|(?:能不能|可不可以|准不准)挖|"
    r"(?:坏了|丢了|损坏|损失|灭失|弄坏|弄丢).{0,8}(?:算哪个|算谁|谁赔|谁负责|哪个赔|哪个负责|谁承担)|算哪个的|"
    # a third party clears first and the party pays after (先叫环卫把路清出来，费用事后再找他): 代履行
    r"先(?:叫|找|喊|请|调)[^，。？?他她]{1,6}清(?:出来|干净|开)|费用.{0,6}(?:找他|找她|找当事人|由他|他出|他来出)|"
    r"先(?:叫|找|喊|请|调)[^，。？?他她]{1,6}冲(?:了|掉|干净|洗)|(?:再|事后|回头|以后)找(?:他|她|当事人)要钱|"
    # a case handed to the police (交给公安, 移交派出所): 移送
    rf"{_HANDED_ON.pattern}|"
    # a complaint's answer awaited (投诉…好久要给我答复)
    r"(?:好久|多久|几天|多少天|多长时间)[^。？?]{0,8}(?:答复|回复|回话)|(?:答复|回复|回话)[^。？?]{0,6}(?:好久|多久|几天|期限)|"
    # an inspection's wait (验收要等好久)
    r"验收[^。？?]{0,4}(?:好久|多久|几天|多少天|多长时间)"
)

# What the law allows, requires or decides, asked around a case (法律上可以不罚吗, 合不合法, 房东要担什么责任, 要经过
# 谁同意, 要满足什么条件, 能不能两个都罚一遍, 加罚有没有上限, 由哪里的执法机关管, 局领导一个人签字就能定吗, 能不能
# 晚上去强拆): the offence card names 违则、罚则 and the range; these answers are other provisions, so legal Q&A leads.
_LAW_CONCEPT = re.compile(
    r"法律上|法规上|合法(?:吗|不|么)|合不合法|首违不罚|根本不晓得|毫不知情|完全不晓得|完全不知道|完全不知情|并不知情|"
    # a no-fault plea (别人偷偷倒的，我有监控能证明不是我倒的，这样也要罚我吗): 行政处罚法第三十三条第二款
    # a confession of what the officers did not know, asked against the fine (当事人主动交代了另一处我们不知道的违建，能少罚
    # 点不): 行政处罚法第三十二条 answers it — a plea to go easy without one (我认，能不能少罚点) stays the card's
    r"(?:主动|如实)(?:交代|供述|坦白)[^？?]{0,40}?(?:少罚|罚轻|轻罚|罚少)|"
    r"跟我没关系|不关我的事|与我无关|不是我(?:倒|干|弄|扔|贴|放|搞|挖|烧)的|别人(?:偷偷|悄悄)?(?:倒|扔|贴|放|弄|搞)的|"
    # what a simple-procedure ticket may say (当场只能罚两百块，这张单子是不是开错了)
    r"当场(?:只能|最多|顶多|最高|能|可以)罚|当场罚款?(?:最多|只能|顶多|最高|不能超过)|(?:罚单|单子|决定书)[^。？?]{0,4}(?:是不是|是否)?开错|"
    # utilities cut to force compliance (把他屋头的气停了，逼他就范): 行政强制法第四十三条
    r"(?:水|电|气)停了|(?:逼|迫使)(?:他|她|当事人|人家)(?:就范|履行|拆|搬)|"
    # others made to enforce (跟保安公司签个协议，让保安开罚单) and a measure's lawfulness asked (咋个处理才合法,
    # 站不站得住, 划他银行卡上的钱, 把车拿去拍卖, 这个合理不)
    r"(?:保安|协管|物业|临时工|外包)[^。？?]{0,16}(?:开罚单|罚款|执法|处罚)|站(?:不站)?得住|"
    r"(?:处理|办|做)才(?:算)?(?:合法|合规)|划[^。？?]{0,6}(?:银行卡|账户|存款|卡上的钱)|拿去拍卖|拍卖(?:掉|了)?[^。？?]{0,4}(?:行不行|可不可以|能不能|吗)|"
    # whose duty a stretch or a thing is (门口到马路牙子那一截的卫生归哪个负责): the law's allocation of duties
    r"(?:归|由)(?:哪个|谁)(?:来)?(?:负责|管)|责任区|"
    r"合理不|合不合理|合理吗|找城管还是|犯不犯(?:规|法)|违不违规|算不算(?:古树|名木|违建|违章建筑|违法建筑)|违不违法|允许吗|允不允许|准不准|(?:担|负|承担)(?:什么|啥子?)(?:法律)?责任|"
    r"满足(?:什么|啥子?|哪些)条件|有什么要求|[\u4e00-\u9fff]{1,6}费[^？?]{0,50}(?:交|收)(?:好多|多少)钱?|按(?:天|日)(?:连续)?(?:罚|处罚|计罚)|(?:多少|好多|几)(?:米|公里|分贝)(?!饭|粉|线)|起止时间|(?:是)?怎么定的|要求.{0,8}做(?:啥|什么)|"
    r"当场(?:就)?(?:收缴|收(?:钱|罚款|现金)|交(?!给|还|回|出)|缴)|收(?:他|她)?(?:的)?现金|(?:开|给|出具?)个?(?:啥子?|什么|哪种)(?:票|收据|票据)|"
    r"一个人(?:就)?(?:能不能|可不可以|可以|能否)?.{0,6}(?:笔录|办案|执法|调查取证|把案子|处罚|罚款|开罚单|决定)|"
    r"不能罚了|还能(?:不能)?罚|超过(?:两|二)年|过了(?:两|二)年|"  # 时效
    r"(?<![\d十])(?:1[0-7]|[十][一二三四五六七]|[七八九])岁|未成年|"  # a child's age: 责任年龄
    r"委托给.{0,12}(?:公司|保安|物业|协管|社区|个人|单位)|"
    r"连车带|连带|(?:一起|一并|一块|一哈)(?:扣|拉走|没收)|(?:啥子|什么|全部|全都)都?扣(?:走|了)|依法能.{0,10}(?:几天|多久|好久)|(?:留|放|扣)在.{0,8}(?:几天|多久|好久)|"
    r"两家都(?:开|罚|要罚)|各罚一|罚两道|两部法|两(?:个|家)(?:部门|单位)都(?:要)?罚|"
    r"时限.{0,6}(?:好长|多长|好久|多久)|"
    r"(?:大年初一|春节|节假日|国庆|放假|过年).{0,16}(?:拆|强制|执行)|先(?:叫|找|喊)人(?:来)?清|"
    r"协管员?.{0,10}(?:能不能|可不可以|可以|能否)|一个人.{0,8}扣|算不算(?:受)?保护|受不受保护|"
    r"(?:该|要|应该)(?:咋个|怎么|如何)(?:回复|答复)|合不合规|补(?:啥子|什么)(?:手续)?|要收费吗|收不收费|"
    r"(?:许可|证).{0,8}(?:延续|续期|快到期)|"
    r"(?:抓拍|摄像头|电子监控|监控(?:照片|视频|录像)|电子技术监控).{0,20}(?:能不能|可不可以|能否|算不算).{0,8}(?:罚|证据|处罚)|"
    r"能不能考虑|可以考虑|考虑吗|都罚|罚两次|重复罚|加罚|由谁来|谁(?:来)?拍板|说了算|哪里的(?:执法机关|部门)|"
    r"管辖|签字|负责人|(?:哪家|哪个|谁)来管|都有权管|扯皮|(?:能不能|可不可以|可以|能否).{0,8}强拆|(?:能不能|可不可以|能否)[^。？?]{0,6}(?:组织人|找人|叫人|喊人)[^。？?]{0,4}拆|分(?:几|两|三)(?:个月|次|期)|"
    r"精神(?:病|不正常|不太正常|障碍|有问题)|"
    r"(?:取消|吊销|收回|撤销).{0,6}(?:许可|执照|证)|(?:这样|这么|这种做法|这么做|(?:这|两)(?:个|种)?办法)(?:做)?(?:行不行|可不可以|对不对|行吗|可以吗|合适吗)|先罚(?:了)?再说|"
    r"(?:能不能|可不可以|可以|能否|该不该|应不应该)收(?:取)?[\u4e00-\u9fff]{0,4}费|"
    r"收(?:取)?[\u4e00-\u9fff]{0,3}费[，,]?(?:合法|合理|对不对|有没有依据|的依据)|是不是要(?:买|交钱|花钱|收钱)|"
    r"(?:哪个|哪一个|什么|啥子?)(?:部门|机关)(?:来)?(?:发|批|颁发|核发|审批|出具)|谁(?:来)?(?:颁发|核发|发证)|能批吗|能批不|批得下来(?:不|吗)|批不批|能不能批|(?:有|是)?(?:啥|啥子|什么)要求|停(?:他|她|人家)?(?:家)?的?(?:水|电|气)|断(?:水|电|气)|保管|被告|原告|以后还能|"
    # the legal basis asked for (依据在哪里), a power asked of the bureau (城管能不能直接把它关了, 能不能拘留他)
    r"依据在哪|有(?:啥子?|什么)依据|依据是(?:什么|啥)|"
    r"(?:城管|执法)[^。？?，,]{0,4}(?:能不能|可不可以|能否|有没有权|有权|能|可以)[^。？?，,]{0,4}(?:拘留|关了|关掉|封了|封掉|查封|停掉|停业|没收)|"
    # goods sold to pay a fine (搬东西拍卖抵罚款) and two bodies fining one act (各罚各的, 再按自己的规定罚一次)
    r"拍卖抵|抵(?:缴)?罚款|各罚各的|再[^。？?，,]{0,10}罚一次|"
    # a fine said to double (每天要翻一倍): 加处罚款
    r"翻一倍|翻倍|"
    # a permit passed on (证转给我老表去摆，要得不): 许可的转让
    r"(?:转|转让|转借|借|让)给[^。？?]{0,14}(?:要得不|要得吗|可以不|可不可以|行不行|能不能|行吗|可以吗)"
)


# A figure heard and checked (听说要罚五百？我记得是罚200到2000？), a class asked of one's trade (算不算无照经营),
# whether it is against the law (违法不) or who acts (管还是…管):
# legal Q&A answers with the card beside it. For routing only: these are no procedure, and the legal search does not
# lean to the procedural laws for them (asks_procedure)
_CHECKED = re.compile(
    r"听说(?:要|只)?罚|我?记得是罚|算不算(?:无照|无证)|(?:违法|犯法)不(?=[？?\s，,。]|$)"
    # which authority or which party, asked as a choice (交警管还是城管管, 罚我还是罚公司): the substantive law's answer
    r"|(?:管|罚)还是[^。？?，,]{1,6}(?:管|罚)|罚[\u4e00-\u9fff]{1,4}还是罚"
    # a term's meaning (啥子叫古树), a prohibition's period (新修的路多长时间内不准挖), whether a thing is allowed (这个允许不),
    # a rule's reach (这一条对万州管不管用) and the rules a permit holder keeps (有了证以后要遵守哪些规定)
    r"|(?:啥子|什么|啥)叫[\u4e00-\u9fff]{2}|(?:多长时间|多久|好久|几年|多少年)(?:以?内)?(?:不准|不得|不能|不许)|允许不(?=[？?，,。\s]|$)"
    r"|(?:这一条|这条|这个规定|这项规定)[^。？?]{0,16}(?:管不管用|管用吗|适不适用|适用吗)|要遵守(?:哪些|什么|啥子?)"
)


# a permit's 手续 (准运手续, 要先办哪些手续, 事后补手续) is the substantive law's (its approval), no procedure
_PERMIT_STEPS = frozenset({"手续", "补手续", "补办手续"})


def asks_procedure(text: str) -> bool:
    """A procedure, a remedy or a legal requirement is asked about (听证, 复议, 代履行, 合不合法, 能不能两个都罚 …)."""
    return bool(
        _LAW_CONCEPT.search(text) or any(m.group(0) not in _PERMIT_STEPS for m in _PROCEDURE.finditer(text))
    )


_REQUEST = re.compile(
    r"请(?!的|了|过|来的)|帮(?:我|忙)|给我|列出|列一下|查一下|麻烦|多少|几[条个天年]|吗|么|怎|什么|啥|哪|是否|能否|可否|有没有|算不算"
)

_BOOK_TITLE = re.compile(r"《[^》]{2,40}》")


@lru_cache(maxsize=1)
def _bundled_store() -> StatuteStore:
    """The bundled corpus, parsed once for the router's name checks."""
    from knowledge.statutes.store import load_store

    return load_store()


@lru_cache(maxsize=1)
def _law_names() -> re.Pattern[str]:
    """The bundled corpus's law names and the short names people use (市容条例, 固废法, 处罚法 …)."""
    return _bundled_store().names.pattern()


def laws_named(text: str, *, titled_only: bool = False) -> list[str]:
    """Laws the message names, in 《》 or (unless ``titled_only``) by a name the corpus knows without them
    (按固废法…, 市容条例对…)."""
    titled = _BOOK_TITLE.findall(text)
    if titled or titled_only:
        return titled
    return [m.group(0) for m in _law_names().finditer(text)]


# the outcome of one past case (那个摊贩后来复议结果是什么): the record's, not the law's — no offence card for it
_PAST_OUTCOME = re.compile(
    r"后来.{0,12}(?:结果|怎么样|怎样|如何)|结果(?:是什么|如何|怎么样|出来)|怎么判的|判了没"
)


def _other_place(text: str) -> str | None:
    return scope.other_place_law(text) or scope.other_place_asked(text)


# What the corpus does not hold, asked for with or without a question mark, each with the words the route's reason
# gives (a place's own regulation names that place): one list for the test and the reason.
_NOT_HELD: tuple[tuple[Callable[[str], object], Callable[[str], str]], ...] = (
    (_other_place, lambda text: f"{_other_place(text)}的地方性法规"),
    (scope.discretion_table_asked, lambda _: "裁量基准"),
    (scope.local_specifics_asked, lambda _: "本地名单或收费标准"),
    *((held.asked, lambda _, label=held.label: label) for held in scope.HELD_ELSEWHERE),
)


def _held_nowhere(text: str) -> bool:
    """Asked for what the record does not keep either: an internal quota, a district's list or rate."""
    return scope.local_specifics_asked(text) or (
        scope.bureau_figures_asked(text) and re.search(r"指标|任务|绩效", text) is not None
    )


def _statement_like(text: str) -> bool:
    """No question and no request in it: a report of what was found."""
    return _REQUEST.search(text) is None and not re.search(r"[？?]", text)


def local_facts_asked(text: str) -> bool:
    """A district's own list or rate, a local discretion table, another place's regulation, one case's facts, the
    bureau's own figures, a law's future: asked for, with or without a question mark (请把主干道名单列给我) — legal
    Q&A says the corpus does not hold it."""
    return any(asked(text) for asked, _ in _NOT_HELD)


# a provision asked for by number with its law (排水条例第六十二条原文咋个写的): legal Q&A checks that it exists
_LAW_ARTICLE = re.compile(r"(?:法|条例|办法|规定)》?(?:的)?第[一二三四五六七八九十百零〇\d]+条")


# a provision's own words asked for (那一条原文, 第几条, 条文怎么写的)
# (not which article fits the act told: 该按哪条处理, 适用哪一条)
_TEXT_ASKED = re.compile(r"原文|条文|那一条|第几条|(?<!适用)(?<!按)(?<!依照)(?<!依据)哪一条")


def missing_law(text: str) -> str | None:
    """A law the corpus lacks, named by its title (重庆市城乡规划条例, with or without 《》) or described by its subject
    (重庆本地那部生活垃圾的条例): legal Q&A says the corpus does not hold it."""
    store = _bundled_store()
    return scope.unknown_formal_title(text, store) or scope.described_absent_law(text, store)


def outside_corpus_terms(text: str) -> list[str]:
    """Words that point outside city-management law (a law it lacks by name, another field's subject, a local
    discretion table): :mod:`assistant.scope`'s vocabulary, which the legal skill checks against the corpus."""
    found = [w for w in scope.NAMED_LAWS if w in text]
    if (formal := missing_law(text)) is not None:
        found.append(formal)
    found += [w for words in scope.OTHER_FIELDS.values() for w in words if w in text]
    return found + [label(text) for asked, label in _NOT_HELD if asked(text)]


@dataclass
class Route:
    """The skills for a message, in answering order, with the features that chose them."""

    skills: list[Skill]
    tools: list[str] = field(default_factory=list)  # which tool families matched (on_duty, nearest, …)
    scores: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def primary(self) -> Skill:
        return self.skills[0]


@dataclass(frozen=True)
class CatalogueEvidence:
    """How strongly the offence catalogue recognises a situation in the text."""

    alias: float  # an offence's name or alias appears verbatim
    cues: float  # the best offence's weighted cues


@lru_cache(maxsize=1)
def _catalogue_terms() -> tuple[tuple[tuple[str, ...], tuple[Cue, ...]], ...]:
    from knowledge.catalogue import load_catalogue

    out = []
    for o in load_catalogue().offences:
        names = tuple(w for w in (o.name, *o.aliases) if len(w) >= 3)
        out.append((names, tuple(o.cues)))
    return tuple(out)


def catalogue_evidence(text: str) -> CatalogueEvidence:
    """The offence catalogue's own evidence (the matcher's alias and cue features), no model needed."""
    alias = 0.0
    best_cue = 0.0
    for names, cues in _catalogue_terms():
        if any(n in text for n in names):
            alias = 1.0
        score = sum(c.weight for c in cues if c.holds(lambda x: x in text))
        best_cue = max(best_cue, score)
    return CatalogueEvidence(alias, best_cue)


Evidence = Callable[[str], CatalogueEvidence]


def route_message(text: str, *, evidence: Evidence = catalogue_evidence) -> Route:
    text = text.strip()
    reasons: list[str] = []
    tools = [name for name, pat in TOOL_PATTERNS.items() if pat.search(text)]
    numbered = re.search(r"\d{3,}", text) is not None  # a case or decision number: the record can look it up
    if (
        tools == ["case_status"]
        and not numbered
        and all(_THIS_CASE.fullmatch(m.group(0)) for m in TOOL_PATTERNS["case_status"].finditer(text))
        and _PROCEDURE.search(text)
        and not (_HANDED_ON.search(text) or _RECUSAL.search(text))  # the tools branch below answers those
    ):
        tools = []  # 这个案子 only pointed at while a procedure is asked (办这个案子的队员能不能当听证主持人): the law's
    if tools == ["case_status"] and scope.past_case_fact_asked(text) and not numbered:
        tools = []  # one case told about, not numbered (那个案子最后法院咋个判的): legal Q&A says where to look
    if tools and _held_nowhere(text) and not numbered:
        tools = []  # a quota, a district's list or a fee: neither the record nor the law holds it — legal Q&A says so
    grid_named = any(w in text for w in _GRID_WORDS)
    if not tools and grid_named and _PEOPLE_ASKED.search(text) and re.search(r"[？?]|吗|呢", text):
        tools.append("on_duty")
    ev = evidence(text)
    actors = len(set(_ACTORS.findall(text)))
    events = len(set(_EVENTS.findall(text)))
    asks = bool(_ASK_HANDLING.search(text))
    law = len(set(_LAW_WORDS.findall(text)))
    abstract = bool(_ABSTRACT_Q.search(text))

    situation = min(actors, 2) * 0.8 + min(events, 3) * 0.5 + ev.alias * 0.6 + min(ev.cues, 1.0) * 0.8
    if asks:
        situation += 0.8
    if len(text) >= 30:
        situation += 0.3
    legal = min(law, 3) * 0.9 + (0.6 if abstract else 0.0)
    if actors == 0 and events <= 1 and law:
        legal += 0.5  # a question with no one in it
    scores = {"offence": round(situation, 2), "legal": round(legal, 2), "tools": float(len(tools))}

    skills: list[Skill] = []
    if tools:
        skills.append("tools")
        reasons.append("问及人员、地点、案件或统计：" + "、".join(tools))
        # the rest of a mixed message, without the tool words
        rest = text
        for name in tools:
            rest = TOOL_PATTERNS[name].sub("", rest)
        r_actors = len(set(_ACTORS.findall(rest)))
        r_events = len(set(_EVENTS.findall(rest)))
        r_ev = evidence(rest)
        # a case, or one's own things the bureau took (被你们城管扣了一辆三轮车): the record's, not a situation told
        about_record = (
            re.search(r"案件|案子|被(?:你们|城管|执法)[^。？?，,]{0,6}(?:扣|收|拖|没收)", rest) is not None
        )
        told = (
            r_actors
            and (r_ev.alias or r_ev.cues > 0 or r_events >= 2)
            and (asks or r_events or r_ev.alias)
            and not about_record
        )
        law_asked = (law >= 2 and re.search(r"法|条例|第.+条|规定", rest)) or (
            (_PROCEDURE.search(rest) or _LAW_CONCEPT.search(rest) or _CHECKED.search(rest))
            and _ABSTRACT_Q.search(rest)
        )
        # a case handed on, or its officer's standing, asked (要把这个案子交给公安，各个环节分别有几天;
        # 摊主是他亲舅舅，他还能不能接着办这个案子): the law answers, not the offence card
        if law_asked and (_HANDED_ON.search(rest) or _RECUSAL.search(rest) or _PAYMENT.search(rest)):
            skills.append("legal")
            reasons.append("同时问及法律规定")
        elif told:
            skills.append("offence")
            reasons.append("同时描述了现场情况")
        elif law_asked:
            skills.append("legal")
            reasons.append("同时问及法律规定")
        return Route(skills, tools, scores, reasons)

    concrete = actors >= 1 and (events >= 1 or ev.cues > 0 or ev.alias)
    if (article := _LAW_ARTICLE.search(text)) and (abstract or asks or _REQUEST.search(text)):
        skills.append("legal")  # the legal skill resolves the article, or says the law has no such article
        reasons.append("问及具体条文：" + article.group(0))
        if concrete and situation >= 2.0:
            skills.append("offence")
            reasons.append("同时描述了现场情况")
        return Route(skills, tools, scores, reasons)
    statement = legal == 0.0  # no law word and no question form: a report of what happened
    procedure = sorted(
        set(_PROCEDURE.findall(text)) | set(_LAW_CONCEPT.findall(text)) | set(_CHECKED.findall(text))
    )
    scores["procedure"] = float(len(procedure))
    if abstract and (named := laws_named(text, titled_only=asks)):
        # a question put on a named law: legal Q&A checks the law and its articles against the corpus first (and
        # says so when the corpus lacks it); a situation told with it still gets the offence card after. Named
        # without 《》 beside 怎么处理/罚多少 (市容条例罚多少？) it is the offence card's question: 违则、罚则、幅度
        skills.append("legal")
        reasons.append("问及具名法规：" + "、".join(named))
        held = local_facts_asked(text)  # a law's future, another place's rule: refused, no card beside it
        if (
            not held
            and concrete
            and (situation >= 2.0 or ((ev.alias or ev.cues >= 0.3) and (asks or events >= 2)))
        ):
            skills.append("offence")
            reasons.append("同时描述了现场情况")
        return Route(skills, tools, scores, reasons)
    # a report (…经查该路段在主干道名单内), neither a question nor a request (请把…名单列给我)
    told = not abstract and legal == 0.0 and situation >= 2.0 and _statement_like(text)
    # a law the corpus lacks, asked for with a request as well as with a question (麻烦告诉我《重庆市城乡规划条例》里那一条
    # 怎么写的，我抄进决定书里): its name says the answer is not the catalogue's card
    held = local_facts_asked(text)
    missing = missing_law(text)
    # (or by its usual short name where its text is asked for: 麻烦把生态环境法典里那一条原文告诉我 — not a report naming
    # it beside the act, 老板说他按消防法把灭火器放在外面，请给出处理意见: the card answers that)
    absent = missing is not None or (
        _TEXT_ASKED.search(text) is not None and scope.named_absent_law(text, _bundled_store()) is not None
    )
    if (abstract or ((held or absent) and not told)) and (outside := outside_corpus_terms(text)):
        skills.append("legal")  # the legal skill checks the corpus and says what it lacks
        reasons.append("问及法规库之外的事项：" + "、".join(outside))
        if (
            missing
            and not held
            and concrete
            and (situation >= 2.0 or (_statement_like(text) and situation >= 1.0))
        ):
            # a report that names a law the corpus lacks (经查违反重庆市生活垃圾管理条例，请出具处理意见): the card follows
            skills.append("offence")
            reasons.append("同时描述了现场情况")
        return Route(skills, tools, scores, reasons)
    if procedure and abstract:
        skills.append("legal")
        reasons.append("问及程序、救济或法律要求：" + "、".join(procedure))
        past_outcome = _PAST_OUTCOME.search(text) is not None
        if not past_outcome and (
            (concrete and (((ev.alias or ev.cues >= 0.3) and (asks or events >= 2)) or situation >= 2.0))
            or situation >= 3.0
        ):
            skills.append("offence")
            reasons.append("同时描述了现场情况")
        return Route(skills, tools, scores, reasons)
    if abstract and not statement and (around := _LAW_ASKED_AROUND.search(text)):
        skills.append("legal")
        reasons.append("问及法律要求或规定：" + around.group(0))
        if concrete and situation >= 2.0:
            skills.append("offence")
            reasons.append("同时描述了现场情况")
        return Route(skills, tools, scores, reasons)
    if (concrete and situation >= legal) or (statement and situation > 0):
        skills.append("offence")
        reasons.append("描述了现场情况（当事人、行为、情节）")
    elif (ev.alias or ev.cues >= 0.3) and asks and law <= 1:
        skills.append("offence")  # 占道经营罚多少？ — the catalogue answers with 违则、罚则 and the range
        reasons.append("问某一违法行为如何处理")
    elif situation >= 3.0 and situation > legal + 1.0:
        skills.append("offence")
        reasons.append("描述了现场情况")
    else:
        skills.append("legal")
        reasons.append("问法律规定")
        if concrete and _statement_like(text) and situation >= 1.0:
            # a report whose wording reads as law (期限, 规定): the offence card follows legal Q&A
            skills.append("offence")
            reasons.append("同时描述了现场情况")
    return Route(skills, tools, scores, reasons)


# --- follow-ups ----------------------------------------------------------------------------------------------
_FOLLOW_UP = re.compile(
    r"^(?:那|那么|如果|要是|假如|换成|改成|若是|若|那要是|那如果|如果是|要是换成)|(?:呢|的话呢)[？?]?$|^(?:还有|另外|同样)"
)
_ORG = re.compile(r"单位|公司|企业|法人|组织|个体户(?:以外)?的单位|商家是公司")
_PERSON = re.compile(r"个人|自然人|公民|个体|摊贩|老百姓")


def is_follow_up(text: str) -> bool:
    """A short message leaning on the previous one: 那如果是单位呢？ / 如果是第二次呢 / 期限呢？"""
    text = text.strip()
    return len(text) <= 24 and bool(_FOLLOW_UP.search(text))


def party_in(text: str) -> str | None:
    """The party type a follow-up switches to, if it names one."""
    if _ORG.search(text):
        return "organisation"
    if _PERSON.search(text):
        return "individual"
    return None
