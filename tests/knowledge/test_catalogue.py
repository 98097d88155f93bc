"""The offence catalogue: data integrity against the statute store, schema checks, discretion bands, fact cues
and the keyword matcher (no models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from knowledge.base import KnowledgeBase
from knowledge.catalogue import CatalogueError, load_catalogue, read_catalogue
from knowledge.catalogue.amounts import amounts, cn_amount
from knowledge.catalogue.discretion import CaseFacts, band_facts, discretion_band, select_tier
from knowledge.catalogue.facts import detect_party, read_facts
from knowledge.catalogue.matcher import OffenceHit, OffenceMatcher
from knowledge.catalogue.schema import PARTIES, LawRef, Offence
from knowledge.catalogue.verify import catalogue_problems, resolve_ref
from knowledge.statutes.store import load_store

BUNDLED = load_store()  # the bundled corpus: what these checks are written against

# catalogue_scenarios.yaml and one catalogue_scenarios_<area>.yaml per catalogue file added later
SCENARIOS = [
    s
    for path in sorted(Path(__file__).parent.glob("catalogue_scenarios*.yaml"))
    for s in yaml.safe_load(path.read_text(encoding="utf-8"))
]


@pytest.fixture(scope="module")
def matcher() -> OffenceMatcher:
    return OffenceMatcher(load_catalogue())


# --- data integrity -------------------------------------------------------------------------------------------
def test_catalogue_size_and_unique_ids() -> None:
    cat = load_catalogue()
    ids = [o.id for o in cat.offences]
    assert len(ids) >= 60
    assert len(ids) == len(set(ids))
    assert load_catalogue() is cat  # cached


def test_every_reference_resolves_and_every_fine_is_in_its_penalty_article() -> None:
    problems = catalogue_problems(load_catalogue(), store=BUNDLED)
    assert problems == [], "\n".join(problems)


def test_references_resolve_through_the_citation_resolver() -> None:
    res = resolve_ref(LawRef(law="城市道路管理条例", article="第二十七条", item="（六）"), store=BUNDLED)
    assert res.found and res.text and "路灯" in res.text
    missing = resolve_ref(LawRef(law="城市道路管理条例", article="第二十七条", item="（九）"), store=BUNDLED)
    assert not missing.found


def test_each_domain_covered_and_other_authorities_marked() -> None:
    cat = load_catalogue()
    domains = {o.domain for o in cat.offences}
    assert {"市容环卫", "垃圾与渣土", "道路园林规划", "噪声与大气", "公用设施与其他"} <= domains
    other = {o.id: o for o in cat.offences if o.not_city_management}
    for oid in ("pavement-parking", "fireworks-unsafe", "unlicensed-business"):
        assert oid in other and other[oid].competent_authority
    assert "交通管理" in other["pavement-parking"].competent_authority
    assert "公安" in other["fireworks-unsafe"].competent_authority


def test_amount_parser() -> None:
    assert cn_amount("五十") == 50
    assert cn_amount("二万") == 20000
    assert cn_amount("两百") == 200
    assert cn_amount("2万") == 20000
    assert cn_amount("5000") == 5000
    assert cn_amount("一千五百") == 1500
    assert amounts("处五十元以上五百元以下的罚款；对单位处2万元以下罚款，或者5000元") == {
        50,
        500,
        20000,
        5000,
    }


def test_schema_rejects_bad_entries(tmp_path: Path) -> None:
    good = load_catalogue().offences[0].model_dump(exclude_defaults=False)
    with pytest.raises(ValueError):
        Offence.model_validate({**good, "violated": [{"law": "x", "article": "十八条"}]})
    with pytest.raises(ValueError):
        Offence.model_validate({**good, "fines": [{"tier": "t", "all": {"min": 500, "max": 50}}]})
    with pytest.raises(ValueError):
        Offence.model_validate({**good, "id": "Bad Id"})
    entry = yaml.safe_dump({"domain": "d", "offences": [good, good]}, allow_unicode=True)
    (tmp_path / "a.yaml").write_text(entry, encoding="utf-8")
    with pytest.raises(CatalogueError, match="重复"):
        read_catalogue(tmp_path)


# --- discretion bands -------------------------------------------------------------------------------------------
LIGHT = CaseFacts(corrected=True)
MIDDLE = CaseFacts()
HEAVY = CaseFacts(long_duration=True, large_scale=True)


def test_bands_are_monotone_and_inside_the_statutory_range() -> None:
    checked = 0
    for o in load_catalogue().offences:
        for party in PARTIES:
            fine = o.fine_for(party)
            light = discretion_band(o, party, LIGHT)
            if light.level == "免罚":  # the fine is only for refusing (逾期未改正的): none once corrected
                assert o.fine_condition and o.fine_condition in light.reasons[0]
                light = discretion_band(o, party, CaseFacts(first_offence=True, slight_harm=True))
            bands = [light, *(discretion_band(o, party, f) for f in (MIDDLE, HEAVY))]
            if fine is None or fine.max is None or not fine.has_amount:
                assert all(b.fine_min is None or b.fine_min == b.fine_max for b in bands)
                continue
            lo = fine.min or 0
            for b in bands:
                if select_tier(o, HEAVY) and b is bands[2]:
                    continue  # HEAVY may move to a heavier statutory tier
                assert b.fine_min is not None and b.fine_max is not None
                assert lo <= b.fine_min <= b.fine_max <= fine.max, (o.id, party, b)
            if select_tier(o, HEAVY) == 0 and fine.min != fine.max:
                assert bands[0].fine_max <= bands[1].fine_min <= bands[1].fine_max <= bands[2].fine_min  # type: ignore[operator]
                assert [b.level for b in bands] == ["轻", "中", "重"]
            checked += 1
    assert checked > 100


def test_band_uses_the_30_70_split() -> None:
    o = load_catalogue().get("shopfront-trading")
    light = discretion_band(o, "individual", LIGHT)
    assert (light.name, light.fine_min, light.fine_max) == ("轻微", 50, 185)
    mid = discretion_band(o, "organisation", MIDDLE)
    assert (mid.name, mid.fine_min, mid.fine_max) == ("一般", 950, 1550)
    assert mid.statutory_label == "500–2000元"


def test_first_offence_may_go_unpunished_and_child_is_never_punished() -> None:
    o = load_catalogue().get("illegal-posting-graffiti")
    band = discretion_band(o, "individual", CaseFacts(first_offence=True, corrected=True, slight_harm=True))
    assert band.name == "不予处罚" and band.level == "免罚"
    assert any("首违不罚" in r for r in band.reasons)
    assert any("第三十三条" in b for b in band.legal_basis)
    assert discretion_band(o, "individual", CaseFacts(under_14=True)).name == "不予处罚"
    # repeat within a year blocks 首违不罚 and picks the 情节严重 tier (500–5000)
    severe = discretion_band(
        o, "individual", CaseFacts(repeat_within_year=True, large_scale=True, corrected=True)
    )
    assert severe.name != "不予处罚" and severe.statutory_min == 500 and severe.statutory_max == 5000


def test_dust_reaching_a_school_in_use_is_a_band_up_unless_put_right() -> None:
    """Dust, smoke or noise reaching a school, kindergarten or hospital in use: 较重 on its own (the read sets'
    writers, 16 of 21 banded scenarios); put right at once, it stays 一般."""
    o = load_catalogue().get("site-dust-demolition")
    band = discretion_band(o, "organisation", CaseFacts(sensitive_place=True))
    assert band.name == "较重" and any("敏感场所" in r for r in band.reasons)
    assert discretion_band(o, "organisation", CaseFacts(sensitive_place=True, corrected=True)).name == "一般"
    assert discretion_band(o, "organisation", CaseFacts()).name == "一般"


def test_section_32_mitigation_and_refusal_as_precondition() -> None:
    cat = load_catalogue()
    band = discretion_band(cat.get("spitting"), "individual", CaseFacts(section_32=["coerced"], refused=True))
    assert band.level == "轻" and any("第三十二条" in b for b in band.legal_basis)
    # 逾期未改正 is the fine's precondition for a signboard: not counted again as aggravating
    sign = discretion_band(
        cat.get("signboard-damaged"), "individual", CaseFacts(refused=True, prior_warning=True)
    )
    assert sign.name == "一般"


def test_fixed_and_non_amount_fines() -> None:
    cat = load_catalogue()
    wash = discretion_band(cat.get("car-washing-on-road"), "individual", HEAVY)
    assert (wash.fine_min, wash.fine_max) == (50, 50)
    build = discretion_band(cat.get("illegal-construction-urban"), "individual", MIDDLE)
    assert build.fine_min is None and "造价" in build.statutory_label
    daily = discretion_band(cat.get("road-facility-dirty"), "organisation", MIDDLE)
    assert (daily.fine_min, daily.per) == (50, "日")


def test_three_tier_greenspace_penalty() -> None:
    o = load_catalogue().get("greenspace-misuse")
    assert select_tier(o, CaseFacts()) == 0
    assert select_tier(o, CaseFacts(refused=True)) == 1
    assert select_tier(o, CaseFacts(repeat_within_year=True, refused=True)) == 2
    assert o.fine_for("individual", 0).max == 500  # type: ignore[union-attr]


def test_band_facts_listed_for_every_band() -> None:
    facts = band_facts(load_catalogue().get("shopfront-trading"))
    assert set(facts) == {"不予处罚", "轻微", "一般", "较重", "严重"}
    assert facts["较重"][0].startswith("占道面积")


# --- fact cues ----------------------------------------------------------------------------------------------------
def test_party_detection() -> None:
    assert detect_party("某建筑工程有限公司的渣土车")[0] == "organisation"
    assert detect_party("一家个体水果店")[0] == "individual"
    assert detect_party("一名男子在路边")[:2] == ("individual", True)
    assert detect_party("路边有垃圾")[:2] == ("individual", False)


def test_fact_cues() -> None:
    f = read_facts("队员指出后，摊主当即收摊离开。他之前没有任何违法记录。").facts
    assert f.corrected and f.first_offence
    f = read_facts("店主也没有及时清理，责令改正后仍未整改").facts
    assert not f.corrected and f.refused
    assert read_facts("系统里查了，没有他的违法记录").facts.first_offence
    f = read_facts("今年已经因为同样的事被我们处罚过一次，涂了约30平方米").facts
    assert f.repeat_within_year and f.large_scale and f.first_offence is None
    # a notice served is a warning, not a correction; carrying on after it is a refusal
    f = read_facts("上个月当场开了限期整改通知，十五天。今天复查，老板照开不误，管子也没清。").facts
    assert not f.corrected and f.prior_warning and f.refused
    f = read_facts("在单元门、电杆上喷了两百多处，他承认喷了差不多一个月。").facts
    assert f.large_scale and f.long_duration
    assert read_facts("环卫工人收垃圾时被针头扎了手。").facts.serious_harm
    f = read_facts("老板马上买了个桶摆起，地上也扫干净了。系统里查了，以前没有任何记录。").facts
    assert f.corrected and f.first_offence
    assert not read_facts("上个月来过一次，这个月又来了").facts.long_duration  # 上个月 is when, not how long
    # a child's age said after the child (娃儿今年10岁), a notice complied with in time, a third party's fault
    assert read_facts("在墙上乱画的是个小男娃儿，问了今年10岁，读四年级。").facts.under_14
    assert not read_facts("画的是个小伙子，今年23岁。").facts.under_14
    assert read_facts("送达整改通知后，老板已将雨棚改成了一米二宽。").facts.corrected
    assert read_facts("这趟车是在红绿灯路口被一辆轿车追尾，箱门才撞开的。").facts.no_fault
    assert not read_facts("这辆车撞了前面的车，箱门撞开了。").facts.no_fault
    # proof that someone else did it, not a bare excuse
    assert read_facts("垃圾是半夜别人偷偷倒的，我有监控能证明不是我倒的").facts.no_fault
    assert not read_facts("店主说垃圾是别人倒的，不关他的事").facts.no_fault
    # a distance is not a scale; put right and rebuilt to the standard is a correction; one butt is slight
    assert not read_facts("次干道上离主干道有两三百米的一家烧烤店把桌子摆到门外").facts.large_scale
    assert read_facts("门口摆了两百多米长的货架").facts.large_scale
    assert read_facts("城管说遮阳棚超了标准，我这个礼拜就喊人拆了重新搭的").facts.corrected
    assert read_facts("他顺手把烟头弹到人行道上，马上捡起来了").facts.slight_harm
    # ages written out after the children are named; one of them 十四 or over is no 不满十四周岁 group
    assert read_facts("监控里是两个男娃儿在喷漆。核实后两人分别是十岁、十二岁。").facts.under_14
    assert not read_facts("两个学生在墙上乱画，分别是十三岁、十五岁。").facts.under_14
    assert not read_facts("老大爷今年七十岁，孙娃儿在旁边耍。").facts.under_14
    # a deadline met (在期限内已经修复好了), a butt picked up when told, a record the system does not find
    assert read_facts("责令限期修复后，公司在期限内已经修复好了。").facts.corrected
    assert read_facts("老板第一次这样排，我们一说，当场就关了。").facts.corrected
    assert not read_facts("当场收了两百块罚款，开了票。").facts.corrected
    # an order with its addressee before 立即 is what was asked, not done; the party's own 收了工 is done
    assert not read_facts("社区已要求物业立即停止，并已报告有关部门。").facts.corrected
    assert read_facts("我们责令他立即停止，他马上让师傅收了工。").facts.corrected
    # the party acting under the order, or after it, is a correction; a promise to stop work is none
    assert read_facts("在我们的督促下当场拆除了。").facts.corrected
    assert read_facts("在城管督促下当场拆除了。").facts.corrected
    assert read_facts("根据城管的要求立即拆除了广告牌。").facts.corrected
    assert not read_facts("队员现场要求立即拆除，并开具了责令改正通知书。").facts.corrected
    # an order told as 让/叫/喊/通知 him, or with a long addressee, is what was asked
    assert not read_facts("中队长在对讲机里让他马上把棚子拆了，明天复查。").facts.corrected
    assert not read_facts("已书面通知其立即停止，目前未见回复。").facts.corrected
    assert not read_facts("社区已要求小区物业服务公司立即清理，尚未清理。").facts.corrected
    assert read_facts("责令改正后当事人立即收摊。").facts.corrected
    assert read_facts("城管要求他马上收摊，他马上就收了。").facts.corrected
    assert read_facts("城管要求他马上收摊他马上就收了").facts.corrected
    assert read_facts("按照要求立即拆除了广告牌。").facts.corrected
    assert not read_facts("工人说马上就收工，结果一直干到凌晨两点。").facts.corrected
    assert not read_facts("当场就收了两百块罚款。").facts.corrected
    # an age told after 刚满, a first time told as never having had such a thing, years of work no duration
    assert read_facts("找到是一个初一学生，刚满13岁，他爸爸陪着来了。").facts.under_14
    assert not read_facts("摊主说自己娃儿刚满十三岁那年就出来摆摊了，今年都三十了。").facts.under_14
    assert not read_facts("这个老板说他从来没见过这种城管，以前也被罚过。").facts.first_offence
    # never did it before; a child's own word for the age; a sign untied at once, a balcony washed clean
    assert read_facts("是6楼的王婆婆养的，以前从来没养过。").facts.first_offence
    assert read_facts("孩子说自己十二岁，读六年级。").facts.under_14
    f = read_facts("师傅跟我讲了，我马上就把横幅解下来了。我以前从来没遇到过这种事。").facts
    assert f.corrected and f.first_offence
    assert read_facts("当天下午就喊儿子把鸡鸭拉回乡下了，平台也用水冲干净了。").facts.corrected
    # a count written out is many; money collected or an unwillingness to name the boss is neither
    f = read_facts("同一号码的喷涂在桥墩、围墙上共六十七处，男子不肯说老板是谁。").facts
    assert f.large_scale and not f.refused
    assert not read_facts("帮五户邻居装热水器，每户收两百块安装费。").facts.large_scale
    # 第一次劝 is the officers' first try, not the party's first offence; a flat no and a push
    f = read_facts("第一次劝他收摊，他收了。第二次要求他收摊，他不收，还推了我们一个队员一把。").facts
    assert f.refused and f.obstruction and not f.first_offence
    assert not read_facts("老板说他不收钱，是免费送的。").facts.refused
    assert not read_facts("回收站只收纸板，其他不收。").facts.refused
    # an officer's own order after 拍照 or 按规定 is no correction; the party getting his family to move it is one
    assert not read_facts("执法人员现场拍照后要求立即拆除，当事人未理会。").facts.corrected
    assert not read_facts("队员按规定要求立即拆除，但他不理。").facts.corrected
    assert read_facts("老板喊他老婆马上把东西搬回店里。").facts.corrected
    assert read_facts("接到通知他马上就把棚子拆了。").facts.corrected
    # years of a life told (说他十三岁就出来摆摊), an officer's own experience, a site that never stopped
    assert not read_facts("孩子的爸爸说他十三岁就出来摆摊，现在四十多了。").facts.under_14
    assert not read_facts("我干了十年城管，从来没遇到过这种情况。").facts.first_offence
    assert not read_facts("这个工地以前从来没停过，天天晚上施工。").facts.first_offence
    assert not read_facts("第一次对他进行口头劝导，他当场收了。").facts.first_offence
    assert read_facts("桥墩上喷了二十几处小广告。").facts.large_scale
    f = read_facts("她在城区扫了十多年的街，被子晒在护栏上，马上就收回去了，以前从来没得过这种事。").facts
    assert f.first_offence and f.corrected and not f.long_duration
    f = read_facts("昨晚劝了以后他当场关了音响，今天晚上八点又开起，声音更大。").facts
    assert f.refused and not f.corrected  # corrected once, then at it again: the refusal stands
    f = read_facts("我们提醒后，他马上把烟蒂捡起来丢进了垃圾桶。系统里查不到他的违法记录。").facts
    assert f.corrected and f.first_offence
    # an age in digits after the pupils, a fix made before the deadline ran out, a flood that stopped the traffic
    assert read_facts("两名六年级学生（都是12岁）用喷漆在围墙上喷了字。").facts.under_14
    assert not read_facts("两名学生（分别是12岁、15岁）在墙上乱画。").facts.under_14
    f = read_facts("你们喊我十天之内整改，我第三天就喊师傅来整起了。").facts
    assert f.corrected and not f.refused
    assert read_facts("限期拆除通知给了十五天，他们第十天就自己拆了。").facts.corrected
    assert read_facts("积水导致2辆车泡水，交通中断约4小时。").facts.serious_harm
    assert not read_facts("在路边洗车，泡泡水流了半条街。").facts.serious_harm
    assert read_facts("经认定，该加层无法采取改正措施消除对规划实施的影响。").facts.uncorrectable
    # a notice served yesterday, its time not run out; served, then found as it was (a refusal)
    f = read_facts("我们昨天开了限期改正通知书，给了10天时间自行拆除。老板问是不是现在就要罚款了？").facts
    assert f.deadline_pending and not f.refused
    f = read_facts("昨天下午已当面下达责令改正通知，要求当晚清走；今早复查原样未动。").facts
    assert f.refused and not f.deadline_pending
    # left as it was while the time given still runs: no refusal yet
    f = read_facts("上周五送达了限期整改通知书，给了二十天。现在期限尚未届满，门口的棚子也没拆。").facts
    assert f.deadline_pending and not f.refused


# Facts as reports tell them (rounds 30–33): (text, the facts read from it, the facts not read from it)
FACTS_IN_REPORTS = [
    # round 89: someone already fell (a rider slipped, a walker stepped into a broken cover) — not a near miss, a fear,
    # nobody hurt, nor counted twice beside a hurt told
    ("昨晚沙子冲了一地，有个送外卖的骑手在这打滑摔了一跤。", ["person_fell"], ["serious_harm"]),
    ("井盖缺了一角，上周已经有个婆婆踩空崴了脚。", ["person_fell"], []),
    ("地上全是油，刚才有个老人家差点遭滑倒。", [], ["person_fell"]),
    ("泥巴路上滑倒过两个人，好在都没受伤。", [], ["person_fell"]),
    ("门口堆着材料，怕有人晚上绊倒。", [], ["person_fell"]),
    ("一位老人踩空跌进缺口，小腿骨折送了医院。", ["serious_harm"], ["person_fell"]),
    ("环卫工人说已经滑倒了两个路过的老人家。", ["person_fell"], []),
    ("泥巴路上已经滑倒过两个人。", ["person_fell"], []),
    ("污水冬天结成冰，走路的人滑倒过好几个。", ["person_fell"], []),
    ("路面全是泥 已经有三台电瓶车滑倒了 咋个搞嘛？", ["person_fell"], []),
    # (review of 609e55e) a fall feared, warned of, denied, asked or heard of; the party's, an officer's or a drunk's
    # own fall; a sprain with no fall; a fall that did no harm
    ("万一有人滑倒了怎么办？", [], ["person_fell"]),
    ("要是有老人摔倒了，谁负责？", [], ["person_fell"]),
    ("以防有人滑倒，我们拉了警戒线。", [], ["person_fell"]),
    ("地面湿滑，门口贴着小心滑倒的提示牌。", [], ["person_fell"]),
    ("目前还没有行人滑倒。", [], ["person_fell"]),
    ("有人摔倒了吗？", [], ["person_fell"]),
    ("据说有人摔倒过，但没有核实。", [], ["person_fell"]),
    ("当事人逃跑时自己滑倒了。", [], ["person_fell"]),
    ("队员追赶时在湿滑的路面上滑倒了。", [], ["person_fell"]),
    ("执法人员在拉扯中扭伤了手腕。", [], ["person_fell"]),
    ("他喝醉了摔了一跤，躺在路边。", [], ["person_fell"]),
    ("有个老人滑倒了，好在人没事。", [], ["person_fell"]),
    # (second review) the fleeing vendor's own fall; a passer-by's before the officers came, a delivery man's, many
    ("流动摊贩见我们过来就跑，骑电瓶车逃跑时摔倒了。", [], ["person_fell"]),
    ("路口没设围挡，城管到场前已经有一个老人踩空摔倒了。", ["person_fell"], []),
    ("有个外卖师傅骑车经过时滑倒了。", ["person_fell"], []),
    ("已经好多人在这里滑倒了。", ["person_fell"], []),
    # round 87: a fine paid before (罚过两百块) is money, not two hundred things; 零星 as how a trade is plied (零星送沙)
    # is no slight harm; riding off at once (马上就骑走了) is a correction
    ("这家上个月才因为同样的事被罚过两百块，这回又摆出来了。", ["repeat_within_year"], ["large_scale"]),
    ("工地门口的空坝上堆了三百块砖，一直没人管。", ["large_scale"], []),
    ("司机就是车主本人，专门给附近几个工地零星送沙，车斗没盖。", [], ["slight_harm"]),
    ("我们一说，那个大爷马上就骑走了，地上也没留垃圾。", ["corrected", "no_harm"], []),
    # round 88: fined last month with the day and the place told between (not others' fines heard of); a school's
    # playground covered in dust; the awning re-made by the re-check; no passer-by affected; thirty-odd truckloads
    ("上个月18号他在同一个地方摆摊，已经被处罚过八百元，决定书还在。", ["repeat_within_year"], []),
    ("听说上个月旁边几家烧烤都被罚过，他还是照样摆。", [], ["repeat_within_year"]),
    ("拆楼没洒水，对面幼儿园的操场都被灰盖了。", ["sensitive_place"], []),
    ("今天复查，老板已经把雨棚改成了伸出一米、离地两米三。", ["corrected"], []),
    ("她当场就收了，过路的人也没得啥子影响。", ["corrected", "no_harm"], []),
    # (review of 697edc9) a clean record stated, others' fines, a vehicle's capacity, a double negative, money paid
    # in other words, small sales, a hospital only on the way
    ("本月他从来没有被处罚过，是第一次。", ["first_offence"], ["repeat_within_year"]),
    ("这个月他还没被罚过。", [], ["repeat_within_year"]),
    ("上个月18号他在同一个地方摆摊，没有被处罚过。", [], ["repeat_within_year"]),
    (
        "上个月市里搞专项整治，这条街上的好多摊贩都被罚过，他是第一次来摆。",
        ["first_offence"],
        ["repeat_within_year"],
    ),
    ("今年我们查了十几家，对面那家已经被处罚过。", [], ["repeat_within_year"]),
    ("上个月来劝过他一次，他老婆在另一个地方也被罚过。", [], ["repeat_within_year"]),
    ("一辆核载三十吨的渣土车沿路撒了一地泥。", [], ["large_scale"]),
    ("油烟大得很，过路的人没少受影响。", [], ["no_harm"]),
    ("过往车辆没法不受影响，堵了半条街。", [], ["no_harm"]),
    ("这家上个月被罚款两百块，这回又摆出来了。", [], ["large_scale"]),
    ("就是零星卖点自家种的菜。", ["slight_harm"], []),
    ("他去医院的路上被烟呛到了。", [], ["sensitive_place"]),
    # someone's worry or a permit applied for is no duration of the offence (她一直念叨, 手续一直在办)
    ("她这两天吓得饭都吃不下，一直念叨会不会遭罚款。", [], ["long_duration"]),
    ("其实手续一直在办，就是还没批下来，工期太紧就先拉了两天。", [], ["long_duration"]),
    # truckloads are no scale (the read sets' writers: 一般 twice, 较重 once)
    ("前后倒了十几车，堆成一座小山。", [], ["large_scale"]),
    # (second review) others' fines with a trade named (这条街上的摊主, 对门的老板), a clean record said with 今年 / 上个月,
    # 一模一样的事, a capacity before a comma, a load counted at the sentence's end, 没想到
    (
        "这个月这条街上的摊主已经被罚过好几个了，他是第一次来摆，当场就收了。",
        ["first_offence"],
        ["repeat_within_year"],
    ),
    (
        "这个月对门的老板已经被罚过一次，今天来查这家，他是第一次摆。",
        ["first_offence"],
        ["repeat_within_year"],
    ),
    ("今年他没有被处罚过，是第一次，当场就收了摊。", ["first_offence"], ["repeat_within_year"]),
    ("上个月他还没被罚过，这是头一回。", ["first_offence"], ["repeat_within_year"]),
    ("本月他都已经被罚过两回了。", ["repeat_within_year"], []),
    ("今年三月就因为一模一样的事被我们罚过两百块。", ["repeat_within_year"], []),
    ("核载三十吨，沿路撒了一地泥。", [], ["large_scale"]),
    ("路人没想到影响这么大。", [], ["no_harm"]),
    # a denial ending the clause before is not this one's (记录都没有，过路的人也没有什么影响)
    ("系统里查了，她以前一次记录都没有，过路的人也没有什么影响。", ["first_offence", "no_harm"], []),
    # the time given still runs: said so, or what follows a refusal asked where days were given (round 71/72) — not
    # asked with no time given, nor once the time ran out
    ("下达了责令限期改正通知书，限期三日内取下。现在还在期限内。", ["deadline_pending"], ["refused"]),
    ("管理部门下了通知，叫十天内找有资质的单位恢复。要是我不改会怎么样？", ["deadline_pending"], ["refused"]),
    ("隔壁在燃气管上挂东西，要是他不改会怎么样？", [], ["deadline_pending"]),
    # days written in figures (5日内) are a time given, not a date (3月5日) that has passed
    ("城管通知我5日内整改，要是我不整改会被罚多少？", ["deadline_pending"], ["refused"]),
    # round 75: never dealt with before; unwilling to clear it, a quoted no; the children kept in, the patients
    # calling; fenced in at once
    ("手机店老板说不晓得这也违法，以前没有被处理过。", ["first_offence"], ["repeat_within_year"]),
    ("狗主人不愿意回去清理，最后是保洁员扫的。", ["refused"], []),
    ("车队负责人在电话里说“又不是我们一家在撒，不扫”。", ["refused"], []),
    ("工地紧挨着幼儿园，老师只好把孩子们全部关在教室里。", ["sensitive_place"], []),
    ("工地挨着区医院，住院病人连着打了好几个投诉电话。", ["sensitive_place", "complaints"], []),
    ("负责人马上叫人拿挡板围了起来，沙也扫掉了。", ["corrected"], []),
    # round 76: back where it was; not one branch moved; not put right at all; half an hour ago is when, not how
    # little; windows shut at a school
    ("劝离后他收了摊，今天又回到原处接着卖。", ["refused"], []),
    ("我们第二天又回到原地复查，摊子已经清理干净了。", [], ["refused"]),
    ("摊贩的几个亲戚当即把执法车围了起来，不让队员离开。", [], ["corrected"]),
    ("有个精神病人在小区乱堆杂物，居民多次投诉。", [], ["sensitive_place"]),
    ("我家小学生晚上关了窗户还是吵得睡不着。", [], ["sensitive_place"]),
    ("这堆建筑垃圾以前没有被处理过，越堆越多。", [], ["first_offence"]),
    ("住户不愿意拆迁，一直住在里面。", [], ["refused"]),
    ("一小时前叫他们清走，到现在一根都没动。", ["refused"], ["slight_harm"]),
    ("限期七日，复查时一点没改。", ["refused"], []),
    ("摊子才摆了半小时就被发现了。", ["slight_harm"], []),
    ("烧塑料的黑烟飘过来，旁边小学赶紧关了窗户。", ["sensitive_place"], []),
    # each child's age in brackets (round 74)
    ("两个小学生（一个十二岁、一个十三岁）拿马克笔在站牌上乱画。", ["under_14"], []),
    ("两个学生（一个十五岁、一个十三岁）在墙上乱画。", [], ["under_14"]),
    ("两个摊贩（一个五十岁、一个六十岁）在路口卖菜。", [], ["under_14"]),
    ("两个孩子（12岁、15岁）在墙上乱画。", [], ["under_14"]),
    ("两个孩子（均为13岁）在墙上乱画。", ["under_14"], []),
    ("城管3月5日通知我整改，要是我不整改会被罚多少？", [], ["deadline_pending"]),
    ("上周下了整改通知，限期三天，已经逾期，如果还是不改怎么办？", ["refused"], ["deadline_pending"]),
    # no order served yet is no warning given (还没有对这户人下过任何整改通知); one served is
    ("燃气公司把情况报到我们这里，我们这边还没有下过任何通知。", ["no_order_yet"], ["prior_warning"]),
    ("管理部门还没有对这户人下过任何整改通知。", ["no_order_yet"], ["prior_warning"]),
    ("上个月已经给他下过整改通知，这回又挂上了。", ["prior_warning"], ["no_order_yet"]),
    # walked off when told to clean up, notices ignored; three weeks and more is long, three weeks ago a date
    ("我们队员上前劝他清理，他还是扭头走了。", ["refused"], []),
    ("燃气公司先后两次书面告知，物流园都没理。", ["refused"], []),
    ("垃圾站被占了一半，已经快三个星期了。", ["long_duration"], []),
    ("三个星期前第一次发现这个摊子。", [], ["long_duration"]),
    # round 72's reports: pushed away at once (推起走), nothing left behind, no one's way affected; put back out in
    # the afternoon after the morning's order; not moved an inch (纹丝没动); still not done (还是不弄)
    ("她说是头一回摆，马上就推起走了，地上也没留垃圾。", ["corrected", "no_harm", "first_offence"], []),
    ("老人当场把被子收走，现场没有遗留，也没有影响行人通行。", ["corrected", "no_harm"], []),
    ("上午当面责令搬回，店长答应了；下午两点回访，冰柜又推出来了。", ["refused"], ["corrected"]),
    ("期限一个月，现在已经过了两个月，墙纹丝没动。", ["refused"], []),
    ("队员也叫他清理，他还是不弄，吵了几句就走了。", ["refused"], []),
    ("下午又来检查了一次，摊子已经收了。", [], ["refused"]),
    # pupils woken at night; the third night this week; one's own way to work is
    # no duration of the offence
    ("打桩声音太大，整栋学生宿舍的娃儿全被吵醒了。", ["sensitive_place"], []),
    ("这已经是这周第三个晚上了。", ["long_duration"], []),
    ("我每天早上从人行天桥过去上班，最近有个婆婆在桥上摆摊。", [], ["long_duration"]),
    # … and the review's counter-cases: a time run out or none given by the bureau, a notice's poor results or the
    # reporter's own word ignored, another's denial or one corrected later, a cleaning done, a supposition, someone
    # else back in the afternoon, questions, a deadline of weeks, the officers' nights, a resident's child
    ("上周下了整改通知，限期三天，已经到期了，如果还是不改怎么办？", [], ["deadline_pending"]),
    ("复议期限是多久？要是我不改会怎么样？", [], ["deadline_pending"]),
    ("下了整改通知，整改效果一直不理想。", [], ["refused"]),
    ("我打电话告知他好几次，他也不理我。", [], ["refused"]),
    ("物业从来没发过任何通知，我们中队上周已经责令他限期改正。", [], ["no_order_yet"]),
    ("他说我们从来没有下过通知，其实上周已经下达了责令改正通知书。", ["prior_warning"], ["no_order_yet"]),
    ("没有下过停水通知。", [], ["no_order_yet"]),
    ("让他清理，他清理干净直接走了。", [], ["refused"]),
    ("如果劝他清理，他还是扭头走了，怎么办？", [], ["refused"]),
    ("上午他当场就收了摊。下午又来了一个卖水果的。", ["corrected"], ["refused"]),
    ("现场还有没有遗留？占道摆摊有没有影响行人通行？", [], ["no_harm"]),
    ("责令他三个星期内拆除。", [], ["long_duration"]),
    ("这是我们这周第三个晚上去蹲守了。", [], ["long_duration"]),
    ("他每天在写字楼门口卖早餐给上班的人。", ["long_duration"], []),
    ("我家小学生每天晚上都被吵醒。", [], ["sensitive_place"]),
    # … and the second review's: a time run out, a period only asked about, a permit's term, a question, the officers'
    # own denial, an order told after the denial, the officers leaving, a cleaning finished, a supposition, a solid
    # thing, someone new arriving, a workers' dormitory, a bag, a supposed harm, weeks away, a night shift
    ("城管叫我十天内恢复，已经过去半个月了，要是我不改会怎么样？", [], ["deadline_pending"]),
    ("整改期限是多久？要是我不改会怎么样？", [], ["deadline_pending"]),
    ("他的临时占道许可还在期限内，但超出了批准范围。", [], ["deadline_pending"]),
    ("有没有下过整改通知？", [], ["no_order_yet"]),
    ("我还没有给他下过任何整改通知。", ["no_order_yet"], []),
    ("还未下达《责令限期改正通知书》。", ["no_order_yet"], ["prior_warning"]),
    ("他说我们从来没有下过通知，其实上周已经责令他限期改正了。", [], ["no_order_yet"]),
    ("叫他清理，执法人员直接走了。", [], ["refused"]),
    ("他扫完直接走了。", [], ["refused"]),
    ("要是通知了他还是不理怎么办？", [], ["refused"]),
    ("物业通知了他几次，他都没理。", [], ["refused"]),
    ("他推了几下，柜子纹丝没动。", [], ["refused"]),
    ("上午他当场就收了摊，下午回访，又来了一个卖水果的。", ["corrected"], ["refused"]),
    ("城管叫我三天内拆掉，如果逾期不拆会怎么样？", [], ["refused"]),
    ("工人宿舍楼里的工人都被吵醒了。", [], ["sensitive_place"]),
    ("学生宿舍的学生都没被吵醒。", [], ["sensitive_place"]),
    ("没留垃圾袋，垃圾丢了一地。", [], ["no_harm"]),
    ("如果没有影响行人通行，还罚不罚？", [], ["no_harm"]),
    ("我出差了三个星期，回来发现门口堆满了。", [], ["long_duration"]),
    ("这周第三个晚上加班，我们都累了。", [], ["long_duration"]),
    # dust flying to a school in use
    ("工地的灰尘飞到对面小学操场上，娃儿们在上体育课。", ["sensitive_place"], []),
    # a phone never answered is no long duration; a money paid (给他两百块) no large scale
    ("雇他贴广告的老板电话打过去一直不接。", [], ["long_duration"]),
    ("老板电话一直没有接，消息也一直不回。", [], ["long_duration"]),
    ("多次劝说，当事人还是不搬。", ["refused"], []),
    ("这个违建到底拆还是不拆，谁说了算？", [], ["refused"]),
    ("要是明天来看，还是不拆，就强制拆除。", [], ["refused"]),
    ("微信一直不回，电话也不接。", [], ["long_duration"]),
    ("接到投诉后我们去看了一下，渣土还堆在原地。", [], ["refused"]),
    # still there when the officers first came, or a threat of what follows, is no refusal
    ("队员赶到时，倒掉的建筑垃圾还堆在原地，当事人当即清理干净。", ["corrected"], ["refused"]),
    ("队员告知当事人，如果三天后还是不拆，将依法强制拆除。", [], ["refused"]),
    ("每个月还给拉泔水的老乡两百块。", [], ["large_scale"]),
    # still lying where it was at the check, still would not pick it up, at it again (照烤不误): refusals
    ("昨天当面要求当天清走，今天上午复查，锯下来的枝丫还堆在原地。", ["refused"], []),
    ("要他把烟头捡起来，磨了半天，最后还是不捡。", ["refused"], []),
    ("上个月收了他的炉子，这回又买了个新的，照烤不误。", ["refused"], []),
    # put away within ten-odd minutes, never done before: a correction and a first time
    ("队员讲了两句，十来分钟就全部收回屋了。", ["corrected"], []),
    ("邻居说她以前从来没这样晒过被子。", ["first_offence"], ["refused"]),
    ("环卫工累计清了600多张小广告。", ["large_scale"], []),
    # the thing still there at the check, a clause after it: a refusal once the day given has passed, not while the
    # time given still runs, nor a person still there
    (
        "昨天上午下了责令改正通知书，要求当天清走，今天去复查，淤泥还在，一个工人都没来。",
        ["refused"],
        ["deadline_pending"],
    ),
    ("昨天下了整改通知，给了十天，今天去复查，东西还在，期限还没到。", ["deadline_pending"], ["refused"]),
    ("昨天下了整改通知，给了十天，今天去复查，老板还在店里。", [], ["refused"]),
    ("昨天下了限期整改通知书，给了三天，今天去复查，东西还在。", ["deadline_pending"], ["refused"]),
    ("已现场责令三日内整改，今天第四天复查没动。", ["refused"], ["deadline_pending"]),
    ("上个月下了限期整改通知书，今天去复查，施工队还在，正在拆除。", [], ["refused"]),
    # a check told as 复查时仍… is a refusal; a refusal told later stands beside a check soon after a notice; a notice
    # long past or a deadline of hours has run
    ("当场责令十日内拆除，复查时仍未拆除。", ["refused"], []),
    ("昨天下了整改通知，给了三天，今天去复查，东西还在。老板态度很差，拒不配合。", ["refused"], []),
    ("上个月20号下午开了限期整改通知书，给了三天，今天去复查，东西还在。", ["refused"], []),
    ("前天下了整改通知，要求24小时内清走，今天复查，渣土还在。", ["refused"], []),
    ("今天复查，主路边的招牌还在。", ["refused"], []),
    # a fine's money is no scale (只罚几十块), pieces are (几十块砖); a thing's age is no duration (三十多年的黄葛树)
    ("听说只罚几十块，罚了也没用。", [], ["large_scale"]),
    ("罚个几十块他根本不在乎。", [], ["large_scale"]),
    ("他说一天也就挣几十块，求我们别罚。", [], ["large_scale"]),
    ("这个违建他花了上百万，舍不得拆。", [], ["large_scale"]),
    ("砌这堵墙要三百块砖。", ["large_scale"], []),
    ("工地门口堆了几十块砖头。", ["large_scale"], []),
    ("江边倒了几十万方渣土。", ["large_scale"], []),
    ("小区里两棵三十多年的黄葛树被锯了。", [], ["long_duration"]),
    ("他在这条街摆了二十多年的摊。", ["long_duration"], []),
    ("他在楼顶搭了好几年的板房，这次被查了。", ["long_duration"], []),
    # the officers stopping it (当场叫停了) is no correction by the party; nothing hurt (树皮也没勒坏)
    ("我们赶到时他正在浇筑楼板，当场叫停了。", [], ["corrected"]),
    ("我们当场叫停了施工。", [], ["corrected"]),
    ("执法队员到达现场后，当场叫停了施工，并下达了责令停止违法行为通知书。", [], ["corrected"]),
    ("施工方负责人看到我们来了，马上叫停了。", ["corrected"], []),
    # the party calling off its own men or machine is a correction
    ("施工方负责人二话不说就喊停了挖掘机。", ["corrected"], []),
    ("老板看到我们来了，马上叫停了工人，把围挡拆了。", ["corrected"], []),
    ("跟她一说马上就解了绳子，树皮也没勒坏。", ["no_harm", "corrected"], []),
    ("铁丝没勒坏树，但是钉子把树皮钉穿了。", [], ["no_harm"]),
    # within five minutes (不到五分钟) is no denial; the officers' first visit (第一次过去说服教育) no first offence
    ("不到五分钟就全部收回去了，护栏也没弄脏。", ["corrected", "no_harm"], []),
    ("我们第一次过去说服教育，她嘴上答应了。", [], ["first_offence"]),
    # put right within the time given, words between; a price said (要八百块) is money, not pieces
    ("下了限期改正通知书，期限之内他已经请人按规范恢复了。", ["corrected"], []),
    ("期限之内他一直没有拆除。", [], ["corrected"]),
    ("期限之内他就是没有恢复。", [], ["corrected"]),
    ("期限之内我们已经多次催促他拆除。", [], ["corrected"]),
    # an offence told as the first (第一次违法经教育) still is one; the officers' first visit is not
    ("当事人系第一次违法经教育后当场拆除。", ["first_offence"], []),
    ("我们第一次去的时候他不在。", [], ["first_offence"]),
    ("老板说换块面板要八百块，舍不得。", [], ["large_scale"]),
    ("队员统计共贴了180余处，清了又贴。", ["large_scale"], []),
    # an age before the child, in digits or written out; a grown-up's age is none
    ("调监控后查明是一名13岁的初中生放学后所写。", ["under_14"], []),
    ("写字的是个十二岁的男生。", ["under_14"], []),
    ("写字的是个二十三岁的男生。", [], ["under_14"]),
    # found as it was at the check, or stopped when told and started again: refusals
    ("限期3天拆掉，今天已经第7天，去看了，一样没动。", ["refused"], ["corrected"]),
    ("队员要求立即停止干拆，对方停了半个小时后又开始拆。", ["refused"], []),
    ("每次均下达责令改正通知书，7月第四次检查仍全部混投。", ["refused"], []),
    # a tree unlikely to live, cars flooded: serious harm, not slight
    ("树叶大面积发黄掉落，专家说存活希望很小。", ["serious_harm"], ["slight_harm"]),
    ("路面积水，两辆私家车进水熄火。", ["serious_harm"], []),
    ("路面淹了一晚上，有两辆车熄火。", ["serious_harm"], []),
    ("渣土车半路熄火，停在路边等人来修。", [], ["serious_harm"]),
    # harm in a report's words — and look-alikes that are none (a cable tie, a parked e-bike, dead twigs swept up)
    ("保洁阿姨收垃圾时手被针头扎了。", ["serious_harm"], []),
    ("路灯杆上被人用扎带绑了广告牌。", [], ["serious_harm"]),
    ("光缆和给水管都挖断了，半条街停水。", ["serious_harm"], []),
    ("垃圾站改成堆杂物、停电瓶车的库房。", [], ["serious_harm"]),
    ("树皮剥了一圈，树已经开始枯枝了。", ["serious_harm"], []),
    ("老人把扫出来的落叶和枯枝拿到路边烧。", [], ["serious_harm"]),
    ("同一个号码，前两次都是清了又贴。", ["repeat_within_year"], []),
    ("北滨路两公里就有两百一十多张。", ["large_scale"], []),
    ("清点约三百余张。", ["large_scale"], []),
    # 首违不罚 as officers tell it: first time, put right at once, no one hindered
    (
        "婆婆马上就把铺盖收了，绳子也解了。系统里查了，以前没得她的记录，也没挡到哪个走路。",
        ["corrected", "first_offence", "no_harm"],
        [],
    ),
    ("他家以前一条记录都莫得。老板二话没说两分钟就全部搬进屋了。", ["corrected"], []),
    ("我们一说她马上就取下来了，说是今年头一回。", ["first_offence"], []),
    ("他说'我又没挡到哪个，你们管得宽'。", [], ["no_harm"]),
    # an order on the spot is no correction; started again after it, a refusal; a persuasion just now, no earlier one
    ("当场责令他停工，他答应了；结果昨晚十一点四十又开始打。", ["refused"], ["corrected"]),
    ("现场要求立即停工，两个小时后回头一看，挖机又在挖。", ["refused"], []),
    ("经劝导当场收走，此前无记录。", ["first_offence"], ["prior_warning"]),
    (
        "经劝导，老李当即把三轮车推走了，之前没有他的违法记录。",
        ["first_offence", "corrected"],
        ["prior_warning"],
    ),
    # a child's age in brackets; a deadline told as not yet run
    ("是隔壁楼一个读五年级的娃儿（十二岁）带头画的。", ["under_14"], []),
    ("是个12岁的小女娃，手里还捏起喷漆罐。", ["under_14"], []),
    ("城管说要整改，现在期限还没到。", ["deadline_pending"], []),
    # not yet acted on while the time given still runs: no refusal yet
    ("限期还没过，店主也没拆。", ["deadline_pending"], ["refused"]),
    ("当事人在规定期限内未到指定地点接受处理，摊子还在原地。", ["refused"], ["deadline_pending"]),
    # a car moved at once, goats driven off, a sign taken down; a small patch
    ("车主到场后立即挪车，表示不知道那是绿地。", ["corrected"], []),
    ("第一次被发现，羊当场赶走了。", ["corrected"], []),
    ("就一块牌子，我们说了他马上就取了。", ["corrected"], []),
    ("把草皮挖了种起了葱葱蒜苗，种了一小块。", ["slight_harm"], []),
    # 差不多 is no denial; an order to stop (先责令立即停止) is no correction, found unchanged is a refusal
    ("门卫说差不多天天半夜都有车来倒。", ["long_duration"], []),
    ("指挥中心：先责令立即停止使用。复查时还是原样。", ["refused"], ["corrected"]),
    # the first of several visits is no first offence; carrying on after the order is a refusal
    ("1月第一次发现时已责令改正，之后仍继续往桶里丢。", ["refused"], ["first_offence"]),
    ("喊他停，他们晚上照挖。", ["refused"], []),
    ("上周送达了停工通知，周末又加班干了两天。", ["refused"], []),
    ("前两回都是批评教育，转背又泼。", ["refused", "prior_warning"], []),
    ("劝走一次，半个钟头后又摆起了。", ["refused"], ["slight_harm"]),
    ("下了限期拆除通知。今天去看，设备还摆起在。", ["refused", "prior_warning"], []),
    # put right within minutes; a short stall in dialect; ages asked
    ("对方五分钟内把东西收起拿走了。", ["corrected"], []),
    ("他说我才摆起半个钟头，要得，马上收。", ["slight_harm"], []),
    ("跟他扯了半个钟头才开走。", [], ["slight_harm"]),
    ("问了年龄：一个12岁（六年级），一个11岁半。", ["under_14"], []),
    ("问了年龄：一个13岁，一个15岁。", [], ["under_14"]),
    # harm: a fracture, people evacuated, a tree visibly failing; a manhole left for weeks
    ("行人踩空掉进去，小腿骨折。", ["serious_harm"], []),
    ("管子挖破漏气，疏散了两栋楼。", ["serious_harm"], []),
    ("物业在楼道的疏散通道上堆了杂物。", [], ["serious_harm"]),
    ("专家说树势明显衰弱。", ["serious_harm"], []),
    ("修围墙时锯断了三根侧根，专家说这棵树的存活受到威胁。", ["serious_harm"], []),
    # ordered before; a quoted no, sitting tight; an officer's warning is no refusal
    ("这家去年已被责令整改过一回。", ["prior_warning"], []),
    ("老板在电话里回了一句“不拆，你们看到办”。", ["refused"], []),
    ("摊主坐在地上不起来，说明天还来。", ["refused"], []),
    ("队员告知他如果不拆，将依法处理。", [], ["refused"]),
    # counts in digits are a scale; metres in digits a distance
    ("桥墩上贴了120多处，车里还有3000张没贴。", ["large_scale"], []),
    ("摊子在次干道上，离主干道还有300米。", [], ["large_scale"]),
    ("井盖缺了一角，至少持续20多天没人管。", ["long_duration"], []),
    ("专家说这棵树长势明显衰弱。", ["serious_harm"], []),
    ("路口积水，一辆车熄了火。", ["serious_harm"], []),
    # put away within minutes, no one's way blocked; 首违不罚's three facts
    (
        "查不到他以前的记录，他三分钟内就收拾走了，也没有堵塞行人。",
        ["corrected", "first_offence", "no_harm"],
        [],
    ),
    ("过了期他不但没拆，还加了个棚。", ["refused"], []),
    ("叫他盖上篷布再走，他还要强行开走。", ["refused"], []),
    ("物业说清了三次又贴满了。", ["repeat_within_year"], []),
    ("坡下新倒的渣土起码有三四十方。", ["large_scale"], []),
    # money paid is no quantity; a fine paid this year is a repeat; the notice served today is no earlier warning
    ("上回罚了三百块，第二天又来了。", ["refused"], ["large_scale"]),
    ("墙上新贴了两百多张。", ["large_scale"], []),
    ("今年五月份队员来过，开了单子罚了一百块。", ["repeat_within_year"], []),
    ("今日已下达责令限期改正通知书，限十日内整改。", ["deadline_pending"], ["prior_warning", "refused"]),
    # the officer's request is no correction; a flat no and the music playing on are refusals
    ("队员：请你们马上把音响关了。领队：不关！", ["refused"], ["corrected"]),
    ("音乐继续播放了二十分钟，音量也没调低。", ["refused"], []),
    ("前几次都是劝他走，今天他坐在地上不动。", ["prior_warning", "refused"], []),
    # a tree that will not live, neighbours signing a complaint; a teenager's age written out
    ("鉴定结论是根系严重损伤，没有存活可能。", ["serious_harm"], []),
    ("楼上几十户联名反映。", ["complaints"], []),
    ("放鞭炮的是个十五岁的学生。", ["minor_14_18"], ["under_14"]),
    # earlier warnings as grid workers tell them; at it again once the officers left; a notice served today pending
    ("社区上个月劝过他一回。", ["prior_warning"], []),
    ("楼下邻居敲门劝了三次。", ["prior_warning"], []),
    ("上周已书面通知物业公司限期修复。", ["prior_warning"], []),
    ("队员一走，工人又开始打墙。", ["refused"], []),
    ("今天刚下了整改通知，给了五天。", ["deadline_pending"], ["prior_warning"]),
    # carried off at once, a few words between (马上就把鸡装进背篼提走了); a tree's roots cut through
    ("他马上就把东西装进口袋提走了。", ["corrected"], []),
    ("挖机把树根挖断了一大半。", ["serious_harm"], []),
    # 无 denies as 没有 does (无群众投诉); 无视 does not; never dealt with before is a first offence
    ("该店此前从未被查处，无群众投诉。", ["first_offence"], ["complaints"]),
    ("他无视劝导，又把摊子摆了出来。", ["prior_warning"], []),
    # 三百来方 is many; money told in 块 is no count, pieces are; 隔壁 and a distance a clause away; one document
    ("连续几个晚上把碎混凝土拉到沟边倒，堆了三百来方。", ["large_scale"], []),
    ("他自己说今晚卖了大概六七百块。", [], ["large_scale"]),
    ("一天能卖三四百块的样子。", [], ["large_scale"]),
    ("人行道地砖被压坏了两百多块。", ["large_scale"], []),
    ("隔壁小区的围墙上被贴了两百多张小广告。", ["large_scale"], []),
    ("摊子在次干道边上，离主干道那个路口少说也有两百米。", [], ["large_scale"]),
    ("问他们要审批手续，拿出来一张社区盖了章的同意书。", [], ["slight_harm"]),
    # a child's age after a comma; a pan carried back at once; the family set to it; the same day; nothing left
    ("问了一下，初一的学生，十三岁，说是觉得好耍。", ["under_14"], []),
    ("今天你们第一回来说我，我马上就把锅端回屋头去。", ["corrected"], []),
    ("她二话没说，喊孙子来帮到一起取下来了，护栏上也没留下油渍。", ["corrected", "no_harm"], []),
    ("叫儿子来看了一眼，说不拆了。", [], ["corrected"]),
    ("现场没有留下任何痕迹，查不到是谁。", [], ["no_harm"]),  # evidence, not harm
    ("我又没留下垃圾。", [], ["no_harm"]),  # the party's own plea
    ("商场说当天就撤了收费牌。", ["corrected"], []),
    # told to and never did; still there when looked at again — not the party himself still being there
    ("园林部门要求半个月内打药、剪病枝，业委会不批钱，我们就一直没弄。", ["refused"], []),
    ("上周要他一个礼拜之内把鸡鸭弄走，他答应得好好的，今天我看还在，还多了两只。", ["refused"], []),
    ("队员赶到时摊主跑了，现在人还在附近。", [], ["refused"]),
    ("复查时摊主还在，说要等老板来。", [], ["refused"]),
    ("物业一直没管，这个规定我一直没清楚，工地也一直没动工。", [], ["refused"]),
    # a bark not hurt; a paper shown or none put up is no slight harm; moved at once; done as soon as told
    ("她二话没说就解下来了，看了一下树皮没勒伤。", ["corrected", "no_harm"], []),
    ("对方经理拿出一张“活动备案”，盖的是社区的章。", [], ["slight_harm"]),
    ("工地门口一张公告都没贴。", [], ["slight_harm"]),
    ("我们到场跟他讲了，他马上把水搬开，拿稀料把字擦了。", ["corrected"], []),
    ("我们一讲，她就把锅收了，推到巷子里头去了。", ["corrected"], []),
    ("她儿子当天下午就把鸡鸭拉回乡下去了。", ["corrected"], []),
    # talked to before, caught again; reported and never repaired; none of it taken down — a neighbour's word is no
    # officer's warning
    ("这个月第三回了，头两回都是劝离。", ["prior_warning"], []),
    ("这个月已经给他下过限期拆除的通知。", ["prior_warning"], []),
    ("上个月我们来过两回，每回老板都是当面答应收。", ["prior_warning"], []),
    ("我去说过好几回，他不听。", [], ["prior_warning"]),
    ("队员正在劝离。", [], ["prior_warning"]),
    ("社区两个礼拜前就报过缺损，公司一直没来修。", ["refused"], []),
    ("今天去看一条都没取，反倒又多挂了几条。", ["refused"], []),
    ("上周叫他们限期疏通，到今天也没派人来弄。", ["refused"], []),
    # an officer's seizure is no correction; a third time caught is a warning before, not a refusal; a running
    # deadline stands over what is not done yet; a warning denied is none
    ("队员当场把他的三轮车拉回中队暂扣。", [], ["corrected"]),
    ("这个月第三回了，这回她一看到我们马上就收了摊。", ["corrected", "prior_warning"], ["refused"]),
    ("目前期限还没到，物业还没派人来修。", ["deadline_pending"], ["refused"]),
    ("整改期限尚未届满，目前一条都没取。", ["deadline_pending"], ["refused"]),
    ("我们之前没去说过，这是第一次。", ["first_offence"], ["prior_warning"]),
    ("之前没有劝离过，以前从没被劝离过。", [], ["prior_warning"]),
    ("我们来过两回都没碰到人。", [], ["prior_warning"]),
    ("城管来过几次，每次来他就跑了。", [], ["prior_warning"]),
    ("我们来过两回了，都跟他说了。", ["prior_warning"], []),
    ("他马上找车把渣土拉走了。", ["corrected"], []),
    ("限期还没到，他一直没搬。", ["deadline_pending"], ["refused"]),
    ("我们在门上贴了一张限期拆除公告。", [], ["slight_harm"]),
    ("车子没刮坏，但路人被撞了。", [], ["no_harm"]),
    ("墙上就贴了一张告示，写的招租。", ["slight_harm"], []),
    # round 61-62: a penalty or catch before, nights on end, a thing peeled off, money not pieces, a notice issued
    ("去年11月曾因同样行为被我局处罚过一次。", ["repeat_within_year"], []),
    ("今年以来他已经被我们登记过四次，每次都是教育后离开。", ["repeat_within_year"], []),
    ("这是他本月第二次被发现无证上门安装。", ["repeat_within_year"], []),
    ("工人说这个星期已经连续干了四个晚上。", ["long_duration"], []),
    ("建设单位持有连续施工作业证明，连续三个晚上通宵浇混凝土。", [], ["long_duration"]),
    ("店主当即把喷绘揭下来，警示标志没有损坏。", ["corrected", "no_harm"], []),
    ("师傅上门装了热水器，收了80块钱。", [], ["large_scale"]),
    ("我们当场开了隐患整改单，这个月去复查，软管还是那样拖在地上。", ["refused"], ["corrected"]),
    ("这个礼拜已经是第三回了，今天又来了。", ["prior_warning"], []),
    ("现在期限已经过了二十天，围墙还立在那儿。", ["refused"], []),
    ("巡线员说上周已经口头让他挪开过。", ["prior_warning"], []),
    ("三轮车和一张折叠桌都摆在人行道上。", [], ["slight_harm"]),
    ("门里头太窄了摆不下。今天城管来开了个责令改正通知。", ["deadline_pending"], []),
    ("当着我们的面十分钟就全部搬回店里，地上也没弄脏。", ["corrected", "no_harm"], []),
    ("塑料凳子一直排到盲道上。", [], ["long_duration"]),
    ("老师喊话都听不到。我们几个家长去说过，老板说做生意又不犯法。", [], ["prior_warning"]),
    # review (helper-122): a notice's own name, a time run but the thing done, someone's say, the officers' nights
    ("他主动拆除单位门口的违建。", ["corrected"], []),
    ("期限已经过了，他已经自行拆除。", ["corrected"], ["refused"]),
    ("问他为啥子，他说生意还是那样。", [], ["refused"]),
    ("限期七天整改，目前期限尚未届满，今天去复查，软管还是那样。", ["deadline_pending"], ["refused"]),
    ("施工方没有取得夜间施工证明，连续三个晚上施工。", ["long_duration"], []),
    ("垃圾一直堆到今天都没人清。", ["long_duration"], []),
    ("连续五个晚上我们都去看了，没有发现有人施工。", [], ["long_duration"]),
    ("前年曾因同样行为被我局处罚过一次。", [], ["repeat_within_year"]),
    ("今年有人投诉登记过四次。", [], ["repeat_within_year"]),
    ("我让他挪开过，他不听。", [], ["prior_warning"]),
    ("我们物业去说过两回了。", [], ["prior_warning"]),
    ("他说他的车没有损坏，但护栏撞断了。", [], ["no_harm"]),
    ("他们发了30张传单。", ["large_scale"], []),
    ("上门安装收取服务费80块。", [], ["large_scale"]),
    ("门口就摆了一张桌子。", ["slight_harm"], []),
    ("门里头太窄了摆不下\n今天城管来开了个责令改正通知", ["deadline_pending"], []),
    ("临时售楼部的使用期限到去年十二月，到现在还立在那里。", [], ["refused"]),
    # round 63: the first this month, an approval's record, looking everywhere, told twice before
    ("这是本月第一次查到他，摊主配合熄了火。", [], ["first_offence"]),
    ("这是第一次查到他。", ["first_offence"], []),
    ("我们也查不到任何审批记录。", [], ["first_offence"]),
    ("系统里查不到他的违法记录。", ["first_offence"], []),
    ("游客找不到厕所只能到处问。", [], ["large_scale"]),
    ("墙上到处都是小广告。", ["large_scale"], []),
    ("今天已经是这个月第三次在天桥上碰到他了。", ["prior_warning"], []),
    ("前两次都是当面责令改正，笔录他也签了字。", ["prior_warning"], []),
    ("前两次都是他自己收走的。", [], ["prior_warning"]),
    # round 64: told to pack up three times, a no to the order, washing on, at it again days later
    ("这个月我们已经喊她收了三回了，喊她收就是不收。", ["prior_warning", "refused"], []),
    ("三天前下达了通知，今天去看还是照洗不误。", ["refused"], []),
    ("社区劝过他一次，他都是当面答应、过两天又烧。", ["refused"], []),
    ("公司说马上挪，过了三天又停回去了。", ["refused"], []),
    ("今天又停了一天工。", [], ["refused"]),
    ("过两天又来检查了一次，他已经拆了。", [], ["refused"]),
    ("邻居喊她收了两回。", [], ["prior_warning"]),
    # review (helper-125): the officers' own visits, a warning denied or someone else's, a first this month found
    ("这个月第三次巡查才发现这处违建。", [], ["prior_warning"]),
    ("这个月第三次接到居民投诉说看到有人半夜倒渣土。", [], ["prior_warning"]),
    ("前两次都没劝他。", [], ["prior_warning"]),
    ("前两次都是邻居去劝的。", [], ["prior_warning"]),
    ("这个月是第一次查到他。", [], ["first_offence"]),
    ("本月首次查到他。", [], ["first_offence"]),
    ("摊主说这个月第一次来城里卖菜，以前在乡下种地。", ["first_offence"], []),
    ("系统里查不到他的处罚或审批记录。", ["first_offence"], []),
    ("小区楼道里到处打小广告。", ["large_scale"], []),
    # review (helper-126): a catch after a period's first, 照 inside 按照, the officers' own return, a neighbour's ask
    ("这个月第一次被我们发现。", [], ["first_offence"]),
    ("这周第一次在这条街上碰到他。", [], ["first_offence"]),
    ("她说是第一次被城管发现。", ["first_offence"], []),
    ("洗车店老板说会按照洗车污水处理的要求装沉淀池。", [], ["refused"]),
    ("过了两天我们又来现场复查，棚子已经拆了。", [], ["refused"]),
    ("第一次开了告知书，过两天又开了限期整改通知书。", [], ["refused"]),
    ("我们几个邻居喊她搬了好几次都不听。", [], ["prior_warning"]),
    ("摊主说是第一次来摆，我们喊她收了两次她才收。", ["first_offence"], ["prior_warning"]),
    ("前两次都是保安劝的。", [], ["prior_warning"]),
    # round 65: what reaches a school, a kindergarten or a hospital in use; an injury stitched, a shop flooded; a
    # witness's own day is not the act's duration
    ("拆楼没开雾炮，灰扑扑的尘土往对面小学操场上飘，学生正在上体育课。", ["sensitive_place"], []),
    ("楼顶烧沥青，楼下幼儿园的老师把窗子全关了。", ["sensitive_place"], []),
    ("工地跟我们医院住院部就隔一条马路，晚上还在打桩。", ["sensitive_place"], []),
    ("油烟没有往学校那边飘。", [], ["sensitive_place"]),
    ("隔壁娃儿半夜被吵得睡不着。", [], ["sensitive_place"]),
    ("外卖小哥压到缺了的井盖，连人带车翻了，手肘缝了六针。", ["serious_harm"], []),
    ("积水造成一家底商进水。", ["serious_harm"], []),
    ("我每天送娃儿上学都经过学院大门，门楣上的字掉了两个。", [], ["long_duration"]),
    ("这个摊子每天晚上都摆到十二点。", ["long_duration"], []),
    ("去年他在别的街道因为同样的事被罚过一回。", ["repeat_within_year"], []),
    ("他以前因同样情况被劝导过一次（未处罚）。", [], ["repeat_within_year"]),
    ("这个师傅半年里装了二三十户。", ["large_scale", "long_duration"], []),
    ("收废品的老板在棚子里做了两三年。", ["long_duration"], []),
    ("我们扫了三年的街。", [], ["long_duration"]),
    ("队员到场拍照，施工方当场打开了雾炮。", ["corrected"], []),
    # a promise not kept is no correction, with or without a 结果 or 但是; one kept is, however soon
    ("施工方说马上打开雾炮，结果一直没开，灰尘飘了一下午。", [], ["corrected"]),
    ("施工方承诺马上打开雾炮，后来也没开，灰一直在飘。", [], ["corrected"]),
    ("施工方说马上打开雾炮，到下午还没开。", [], ["corrected"]),
    ("老板说马上收摊，结果不到五分钟就收了。", ["corrected"], []),
    ("施工方答应马上打开雾炮，但是没过两分钟就打开了雾炮。", ["corrected"], []),
    # put right within minutes said the other way round, and to the standard by the check
    ("我们讲清楚以后，老板喊伙计十分钟不到就全部搬回店里了。", ["corrected"], []),
    ("今天去复查，篷子已经换成一米二宽的，最低处也抬到两米一了。", ["corrected"], []),
    # … not a use changed (车库已经改成了麻将馆), a bigger one put up, or a phone call's claim
    ("这个车库已经改成了麻将馆。", [], ["corrected"]),
    ("复查时他已经换成了一块两米多宽的新招牌，比原来那块还宽。", [], ["corrected"]),
    ("他在电话里说已经换成一米二的了，我们去一看根本没换。", [], ["corrected"]),
    # the doors and windows of a kindergarten shut against the dust
    ("挖机直接上去砸，对面幼儿园老师把门窗全关了还是一屋子灰。", ["sensitive_place"], []),
    ("旁边的小学放暑假了，门窗紧闭，里面没有学生。", [], ["sensitive_place"]),
    # looked into last month and a stove taken: a repeat
    ("老板上个月在同一个位置被查过一次，当时没收了一个炉子。", ["repeat_within_year"], []),
    # … not a shop never looked into, nor papers checked and found in order
    ("老板上个月才开的店，从来没被查过。", [], ["repeat_within_year"]),
    ("上个月环保部门来检查时他的证照被查过，手续齐全。", [], ["repeat_within_year"]),
    # hung up on the officers and would not answer again; a call ended before coming to put it right is no refusal
    ("打过去对方承认是他请人贴的，一问地址他就挂了电话，再打就不接了。", ["refused"], []),
    ("当事人挂断了电话，之后一直不接。", ["refused"], []),
    ("打电话给老板，他挂了电话十分钟就赶到，当场把招牌拆了。", ["corrected"], ["refused"]),
    # a second catch, the first time's deadline and nothing done; 头一回 of a notice is no first offence
    (
        "这是第二回查到了，头一回给的整改期限是十天，施工方说材料没到，到现在一样没弄。",
        ["refused", "repeat_within_year"],
        ["first_offence"],
    ),
    ("周边几家和他一样没拆，他这次是主动拆掉的。", ["corrected"], ["refused"]),
    ("卖袜子的大哥说他今天头一回来，二话没说就收了。", ["first_offence"], []),
    ("今天是头一回有人来管我。", ["first_offence"], []),
    (
        "今天是头一回遭逮到 城管同志说这是主干道不准摆 我马上就推回去了",
        ["first_offence"],
        [],
    ),  # dictated, no commas
    # the officers' first time, however said (头一回去的时候, 头一次给的整改期限), and someone else caught
    ("我们头一回去的时候他就在这摆。", [], ["first_offence"]),
    ("头一次给的整改期限是十天。", [], ["first_offence"]),
    (
        "这条街上这是第二回查到有人偷倒垃圾，这个老板以前没有任何违法记录。",
        ["first_offence"],
        ["repeat_within_year"],
    ),
    # no blind path blocked, as found (也没挡盲道); not the party's own plea (我又没挡盲道)
    ("老板喊伙计全部搬回店里了，也没挡盲道、没人投诉。", ["no_harm"], []),
    ("他说我又没挡盲道，凭啥子罚我。", [], ["no_harm"]),
    ("他说我也没挡盲道。", [], ["no_harm"]),
    # could not be stopped, told again and again; the time given long past; one part of the order left undone
    ("狗在人行道上屙屎他从来不捡，今天还是牵起就走，喊都喊不住。", ["refused"], []),
    ("隔壁邻居说了他好几回，他还是天天在楼道里堆纸箱。", [], ["refused"]),
    ("去年十月就责令限期拆除了，期限早过了，墙还在。", ["refused"], []),
    ("上个月收到限期整改通知，到期只装了报警器，自闭阀一个没装。", ["refused"], []),
    ("我们前天当场要求他们当天清走，昨天去看还在，负责人说干完一起清。", ["refused"], []),
    # all night; a school's windows shut against the dust
    ("凌晨一点还在浇混凝土，泵车和振动棒响了一整夜。", ["long_duration"], []),
    ("挖掘机直接推墙，灰大得对面小学都把窗户关了。", ["sensitive_place"], []),
    # … not a school on holiday, another's dog, the officers' night, a night allowed, a check undone, a lease
    ("旁边的小学放暑假了，把窗户都关了，里面没有学生。", [], ["sensitive_place"]),
    ("他家狗见人就叫，喊都喊不住，摊子今天已经收了。", [], ["refused"]),
    ("城管执法队员通宵作业，把违建拆了。", [], ["long_duration"]),
    ("工地持有夜间施工证明，通宵施工浇筑混凝土。", [], ["long_duration"]),
    ("昨天去看还在，今天复查已经清走了。", [], ["refused"]),
    ("目前期限还没到，报警器一个都没装。", ["deadline_pending"], ["refused"]),
    ("摊位的经营期限早过了，没有续签。", [], ["refused"]),
    ("虽然没挡盲道，但是把消防通道堵死了。", [], ["no_harm"]),
    # review (helper-129): no harm denied or narrowly missed, a person sent to hospital, an officer's service, the
    # households living there; a witness seeing it every day is a duration
    ("底商没进水，路面积水也退了。", [], ["serious_harm"]),
    ("差点连人带车翻了，幸好没受伤。", [], ["serious_harm"]),
    ("伤者被送往医院，摊主推着车往学校门口走了。", [], ["sensitive_place"]),
    ("我干了三年城管，第一次碰到这种事。", [], ["long_duration"]),
    ("这栋楼住了二十多户，只有他一户搭了棚子。", [], ["large_scale"]),
    ("我天天看到他在这里摆摊。", ["long_duration"], []),
    ("挖掘机推墙没洒水，灰扬起几十米高，把隔壁小学的操场都罩住了。", ["sensitive_place"], []),
    ("现场查不到规划许可，属于违法建设，记录在案。", [], ["first_offence"]),
    # round 77/78: put away before the officers said more (他已经自己把东西收拾好离开, 她马上收了，绳子也解了) — not
    # the officers taking it (当场没收了，)
    ("我们做了宣传教育，他已经自己把东西收拾好离开，桥面恢复通行。", ["corrected"], []),
    ("队员说明不能在树上晾晒后，她马上收了，绳子也解了。", ["corrected"], []),
    ("他不肯签字，队员当场没收了，开了暂扣单。", [], ["corrected"]),
    ("那杆秤队员当场收了，开了暂扣清单。", [], ["corrected"]),
    ("他认了，罚款我们当场收了。", [], ["corrected"]),
    ("我们已经把涉案物品搬走，开了清单。", [], ["corrected"]),
    ("经队员劝导后当场收了。", ["corrected"], []),
    ("他当场收了，中队做了记录。", ["corrected"], []),
    ("复查时，施工方已经把建筑材料搬走了。", ["corrected"], []),
    # no record of her held (系统里没得她的任何记录)
    ("系统里没得她的任何记录，旁边卖早餐的说婆婆平时几讲道理的。", ["first_offence"], []),
    ("查了系统，没有他的审批记录。", [], ["first_offence"]),
    # an order to put it right served before (限期十日整改的通知), then the thing still there at the check, or carried on
    # after a step aside (复查…又接着洗), or the firm told to come and mend it and no one came
    (
        "四月二日我们下达了限期十日整改的通知，四月十五日复查，钢瓶依然在地下室。",
        ["prior_warning", "refused"],
        [],
    ),
    ("四月十五日复查，钢瓶依然在地下室，店方已经开始搬了。", [], ["refused"]),
    ("复查，摊位依然在许可范围内经营。", [], ["refused"]),
    ("复查，广告牌依然立在原处，审批手续已经补齐。", [], ["refused"]),
    ("昨天下达了限期改正通知书，给了十天，今天复查，钢瓶依然在地下室。", ["deadline_pending"], ["refused"]),
    ("复查，已经整改到位，之后又接着做了回访。", [], ["refused"]),
    ("上周群众打电话通知我们来处理，至今没人来，很不满意。", [], ["refused"]),
    ("他说没收到过整改的通知。", [], ["prior_warning"]),
    ("一周后复查，他只是把设备往旁边挪了两米又接着洗。", ["refused"], []),
    ("上周已经通知这家公司来修，到现在没人来。", ["refused"], []),
    # set out again twenty minutes after being moved on (二十分钟后巡回来又摆起了) — not minutes before
    ("第一次劝离，他们收了；二十分钟后巡回来又摆起了。", ["refused"], []),
    ("他当场收了摊，十分钟后执法人员又来到现场查看，没有再摆。", [], ["refused"]),
    ("他当场关了喇叭，十分钟后又响起来了。", ["refused"], []),
    ("他当场收了摊，十分钟后民警又来了。", [], ["refused"]),
    ("当事人当场关了，晚上他又开到十二点。", ["refused"], []),
    ("隔天又来到现场摆摊。", ["refused"], []),
    ("他把摊子搬了个位置又接着卖。", ["refused"], []),
    ("复查时，招牌依然在原位，老板说已经在办手续。", [], ["refused"]),
    ("我们已将责令限期整改通知书送达当事人，当事人拒不整改。", ["prior_warning", "refused"], []),
    ("复查，钢瓶依然在地下室，已过整改期限。", ["refused"], []),
    ("复查，桌椅依然摆在人行道上。", ["refused"], []),
    ("这家洗车店去年从隔壁搬了过来继续经营，今天被群众投诉占道洗车。", [], ["refused"]),
    ("上周群众打电话通知了我们来处理，至今没人来。", [], ["refused"]),
    ("下一步将下达限期整改的通知。", [], ["prior_warning"]),
    ("上周给他发了整改的通知，今天复查还在。", ["prior_warning"], []),
    # round 79/80: a flat no in a clause of its own; the same at a check, no comma between; this week's third time at
    # the spot, moved on twice; tens of square metres written with 个; twenty-odd days so far — not a time given
    ("队员口头责令他收摊，他坐在地上骂人，就是不走。", ["refused"], []),
    ("队员叫他把货搬进店里，老板往怀里一搂，就是不搬！", ["refused"], []),
    ("他说就是不收费，大家随便看。", [], ["refused"]),
    ("上个月下了限期整改通知，今天复查还是老样子。", ["prior_warning", "refused"], []),
    ("今天第一次检查，现场还是老样子的格局。", [], ["refused"]),
    ("这个摊贩本周已经是第三次在桥上摆了，之前劝离两回。", ["prior_warning"], []),
    ("本周第三次检查这条街，没有发现摆摊的。", [], ["prior_warning"]),
    ("建材店把河沙卸在路边绿地上，占了大概六十个平方。", ["large_scale"], []),
    ("充气拱门从上个月初立到现在已经二十五天了。", ["long_duration"], []),
    ("我们给了他二十天内拆除的期限。", [], ["long_duration"]),
    # the review of round 79/80's reading (helper-158): what follows, a machine, time since something else, what is
    # said at a check or the officers' routine
    ("如果摊主当场表示配合，就是不走，能不能暂扣他的三轮车？", [], ["refused"]),
    ("搅拌机从早上一直响到晚上，就是不停。", [], ["refused"]),
    ("这个摊贩本周已经是第三次在桥上摆摊了。", ["prior_warning"], []),
    ("队员已劝离3次，他还是回来摆。", ["prior_warning"], []),
    ("店门口这堆建材已经堆了二十多天。", ["long_duration"], []),
    ("这个摊贩已经二十多天没来摆了。", [], ["long_duration"]),
    ("他的三轮车被扣已经二十多天了，什么时候能还？", [], ["long_duration"]),
    ("工地停工已经二十多天，今天突然夜间施工。", [], ["long_duration"]),
    ("差不多二十天前队员就口头提醒过他。", [], ["long_duration"]),
    ("复查时老板说生意还是老样子。", [], ["refused"]),
    ("这次检查还是老样子，先拍照取证再下文书。", [], ["refused"]),
    # the second review (helper-159): a flat no needs someone told before it; the officers' warning is no if
    ("叫他停工，就是不停。", ["refused"], []),
    ("油烟机对着居民窗户排，叫他改方向，就是不改。", ["refused"], []),
    ("车流太大，就是不走。", [], ["refused"]),
    ("我们下了通知限期三天内清走，否则依法处理，三天后去看，就是不搬。", ["refused"], []),
    ("口头警告他再摆的话就要暂扣，他嘴上答应，就是不走。", ["refused"], []),
    ("复查时，老板说还是老样子。", [], ["refused"]),
    ("我们这周第三次在这条街上停车检查了。", [], ["prior_warning"]),
    ("本月第三次在这个片区开展烧烤整治了。", [], ["prior_warning"]),
    ("这堆垃圾已经二十多天没人清了。", ["long_duration"], []),
    # the third review (helper-160): 让人, 叫得 and 叫做 tell no one; 他拖的话 is an if
    ("工地施工噪音让人睡不着觉，半夜两点了，就是不停。", [], ["refused"]),
    ("这条街叫做解放路，路口堵死了，就是不走。", [], ["refused"]),
    ("我们责令他限期拆除，他拖的话，就是不拆，怎么办？", [], ["refused"]),
    # round 81: done as told (照做) is no carrying on (照做生意 is); one brick not moved and the cylinders still in their
    # place at the check; sitting tight on a stool after two warnings
    ("队员让他当场拿编织袋把车斗盖严，又把掉落的沙石扫了，他都照做了。", ["corrected"], ["refused"]),
    ("队员要求他立即停工，接水管湿法作业，他当场照做了。", ["corrected"], ["refused"]),
    ("责令他收摊以后，晚上他照做生意。", ["refused"], ["corrected"]),
    ("4月2日作出责令限期拆除决定，5月6日复查，墙体一块砖没动。", ["refused"], []),
    ("上个月书面责令他十日内移出钢瓶，今天复查钢瓶还在原处。", ["refused"], []),
    ("队员到场时钢瓶还在原处，老板说马上搬。", [], ["refused"]),
    ("前后劝了两遍叫他收摊，他坐在小板凳上不动。", ["refused"], []),
    # the premises' own size is no scale of the offence (left from round 80)
    ("老板在四十个平方的门面里开了家烧烤店，晚上把烤炉搬到门口人行道上烤。", [], ["large_scale"]),
    ("他租了两百平米的店面，门口堆了两百多平方的货。", ["large_scale"], []),
    # a distance from a place is no scale (how far the harm ran is), photographed one by one (一张张) is no single sheet
    # (round 81)
    ("排水公司说下游两百米的雨水管被泥浆堵死。", ["large_scale"], []),
    ("离学校两百米外有人烧垃圾。", [], ["large_scale"]),
    ("围挡占了两百米的人行道。", ["large_scale"], []),
    ("网格员一张张拍了照、标了位置。", [], ["slight_harm"]),
    # the review of 6c2cab3 (helper-164): at it again (又照做, 照做他的) still a refusal; a person waiting at the place,
    # the officers' own sitting or leaving things, a building's own size are not
    ("我们一走他又照做。", ["refused"], ["corrected"]),
    ("喊了三遍，他还是照做他的烧烤。", ["refused"], []),
    ("他按要求照做了。", ["corrected"], ["refused"]),
    ("复查时，老板还在原处等我们，门口已经收拾干净了。", [], ["refused"]),
    ("队员坐在执法车里不动，等他自己收完。", [], ["refused"]),
    ("我们一张都没撕，拍照取证后通知他自己来清理。", [], ["refused"]),
    ("屋顶上违规加建了六十个平方的房子。", ["large_scale"], []),
    ("他在40平米的门面里卖烧烤。", [], ["large_scale"]),
    ("他在几十个平方的门面里卖烧烤。", [], ["large_scale"]),
    # round 82: pushed back as soon as the officers left, left lying as it was, not one brick less, never taken away
    ("今天已经是第三次喊他了，我们前脚一走他后脚又推回来。", ["refused"], []),
    ("第二天早上九点复查，枝叶原样堆着。", ["refused"], []),
    ("限三十天拆除，现在过去两个多月了，墙一块砖都没少。", ["refused"], []),
    ("罚款一块都没少交。", [], ["refused"]),
    ("上个月责令他限期拆除，他嘴上答应，一直没撤。", ["refused"], []),
    # the review of 73b084b (helper-165): the officers' own sitting, goods they hold, a suit withdrawn are no refusal
    ("队员坐在车上不动，等他收完。", [], ["refused"]),
    ("他坐在椅子上不动声色地把摊子收了。", [], ["refused"]),
    ("我们清点了扣押的物品，一样没少。", [], ["refused"]),
    ("暂扣的物品原样放着，等当事人来领取。", [], ["refused"]),
    ("他一直没撤诉。", [], ["refused"]),
    ("违建一直没有拆。", ["refused"], []),
    ("复查时摊主还在原处摆摊。", ["refused"], []),
    ("他照做了。", ["corrected"], ["refused"]),
    # a thing left as it was after an order (原封没动), and an order served with its days (下达了限五日内清理的通知)
    ("上周发了限期整改通知书，今天复查，广告牌原封没动。", ["refused"], []),
    ("执法中队前天下达了限五日内清理杂物的通知，老板说忙不过来。", ["prior_warning"], []),
    ("我们还没有下达任何通知，先口头提醒了一下。", [], ["prior_warning"]),
    # another body's notice is no order to the party; goods moved back untouched are put right, not left as they were
    ("上级下达了专项整治的通知，今天巡查发现一家水果店出店经营，第一次发现。", [], ["prior_warning"]),
    ("物业下达了限三日内拆除雨棚的通知。", [], ["prior_warning"]),
    ("当事人把货物原封不动搬回店里，门口已经清干净了。", [], ["refused"]),
    # rounds 85 and 86: the fire put out on the spot and what was missing fetched at once are corrections; still
    # there when looked at again, not moving when talked to, set out again now are refusals; fined a sum for the
    # same act is a repeat; an order the bureau gave weeks before is a prior order — one given on the spot is not,
    # nor is traffic that will not move a refusal
    ("队员一指出，他当场关火，把推车推到了附近划定的摊区。", ["corrected"], []),
    ("队员一说，他马上到隔壁超市买了个带盖的垃圾桶摆在门口。", ["corrected"], []),
    ("劝了二十多分钟还是不走。", ["refused"], []),
    ("提醒他清理，劝了五分钟他也不动。", ["refused"], []),
    ("上个月就喊他十天之内清走，今天又去看，还是堆起的。", ["refused"], []),
    ("到期后老板把水枪收了两天，现在又摆出来了。", ["refused"], []),
    ("该男子本月8日在同一座天桥因同样行为被我局当场处罚一百元。", ["repeat_within_year"], []),
    ("三周前我局责令其十五日内拆除，期满后墙体一块砖没动。", ["prior_warning", "refused"], []),
    ("上个月城管来责令改正，他灶照样烧。", ["prior_warning", "refused"], []),
    ("我们当场责令他改正，他马上收了。", ["corrected"], ["prior_warning", "refused"]),
    ("路口堵死了，车子还是不走。", [], ["refused"]),
    # the review of da6a661 (helper-171): an order given today, or on a date, is no prior order; a driver's word,
    # bystanders who stay, an old man who cannot get up, a first visit, goods set out again, others' fines, a fine
    # years ago and a street filling up again are none of the party's refusals, corrections or repeats
    ("今日我局责令其立即停止施工并拆除。", [], ["prior_warning"]),
    ("当日我局执法人员责令其立即清理。", [], ["prior_warning"]),
    ("4月3日我们责令他拆除，他当场就拆了。", ["corrected"], ["prior_warning"]),
    ("司机说路口堵死了，车子还是不走。", [], ["refused"]),
    ("劝他收摊，他收了，围观的都不走。", [], ["refused"]),
    ("老人说腿疼，劝他起来，他也不动，我们叫了120。", [], ["refused"]),
    ("接到投诉说楼道里堆了纸箱，我们去看，还是堆着的，就叫物业通知户主。", [], ["refused"]),
    ("队员一说，他马上找了几个人把货又摆在门口，比刚才还多。", [], ["corrected"]),
    ("队员一说，他就拿了两箱啤酒摆在店门外的人行道上，说就是要摆。", [], ["corrected"]),
    ("听说旁边几家因为同样的事被罚了两百块，他有点害怕，马上收了。", ["corrected"], ["repeat_within_year"]),
    ("2019年他因同样的事被罚了一百块。", [], ["repeat_within_year"]),
    ("这条街以前乱停车，整治后好了，现在又停满了。", [], ["refused"]),
    # the review of f3896ad (helper-172): the party's no after a comma, a later visit, an order half a month or ten
    # days before and a fine two months before still count; papers or words produced now are no goods set out again
    ("劝了二十多分钟，还是不走。", ["refused"], []),
    ("劝了好几次，摊主就是不走。", ["refused"], []),
    ("十天后去看，还是堆着。", ["refused"], []),
    ("当时他说没有审批，现在又拿出来一份审批手续。", [], ["refused"]),
    ("半个月前我们责令他清理，今天去看还是堆着。", ["prior_warning"], []),
    ("十多天前我们责令其拆除，到期复查仍未拆除。", ["prior_warning", "refused"], []),
    ("一周前他因为同样的事被罚了200元。", ["repeat_within_year"], []),
    ("这个月听说别人也因为同样的事被罚了一百块。", [], ["repeat_within_year"]),
    # 一直 as how one act went on (一直跟着), or another person's urging, is no long duration; a stall kept there is
    ("步行街上有个人专门缠着游客讨钱，不给就扯住衣服一直跟着。", [], ["long_duration"]),
    ("司机把烟头弹到人行道上，车上的乘客一直催着赶高铁。", [], ["long_duration"]),
    ("那个摊子一直摆在这里。", ["long_duration"], []),
]


@pytest.mark.parametrize(
    ("text", "party", "detected"),
    [
        ("王某在学校门口放鞭炮。", "individual", False),
        ("医院住院部楼下有人摆摊。", "individual", False),
        ("某学校食堂把泔水倒在路边。", "organisation", True),
        ("XX宾馆有限公司的工人往河滩上倒垃圾。", "organisation", True),
        ("婆婆崴了脚，送到医院说是韧带拉伤。", "individual", False),
        # a utility that found, reported or checked it is no party; one that dug is
        ("燃气公司抢修的时候发现热水器是一个网上接单的师傅装的。", "individual", False),
        ("燃气公司巡线员报告：一户居民在管道上方种树。", "individual", True),
        ("跟燃气公司一起查了以后，某某餐饮管理有限公司还是没装报警器。", "organisation", True),
        ("某某燃气公司经批准开挖道路抢修管道，坑边没有围挡。", "organisation", True),
        ("燃气公司的人在人行道上开挖，没有审批手续。", "organisation", True),
        ("我们巡查到酒店将油烟直接排到巷子里。", "organisation", True),
        ("一名男子在房屋中介门口发传单。", "individual", True),
        ("摊主把车推到学校那边摆摊。", "individual", True),
        ("燃气公司的师傅说有个男子在这私接管道。", "individual", True),
        # 气公司 is the gas company, said short
        ("气公司的人上门来查灶具，张大爷门都不开。", "individual", True),
        # an LPG dealer (液化气公司) is no utility reporting: it is the party
        ("一家液化气公司上门送气，用的气瓶过了检验期。", "organisation", True),
        # 煤气公司 is the gas company's everyday name; a utility asked about its own digging is the party
        ("煤气公司的师傅上门安检，发现张大爷家软管老化。", "individual", True),
        ("道路被挖开，我们找燃气公司的负责人了解，这段开挖没有办挖掘许可。", "organisation", True),
        # the utility called in to put it right (请燃气公司的人恢复) is no party either
        ("居民刘某装修时自己截断了燃气管，期限之内已经请燃气公司的人按规范恢复。", "individual", False),
        # nor the firm the bureau hires to do it in the party's stead (round 81)
        ("陈某在人行道上摆洗车点，拖着不拆，中队准备委托专业单位代为拆除。", "individual", False),
        ("离学校两百米外有人烧垃圾。", "individual", False),
        ("某公司在人行道上摆洗车点，拖着不拆，中队准备委托专业单位代为拆除。", "organisation", True),
    ],
)
def test_a_place_named_is_not_the_party(text: str, party: str, detected: bool) -> None:
    """学校 / 医院 / 酒店 as where it happened (门口, 楼下, 对面) say nothing of who did it."""
    read = read_facts(text)
    assert (read.party, read.party_detected) == (party, detected)


@pytest.mark.parametrize(("text", "held", "not_held"), FACTS_IN_REPORTS)
def test_facts_as_reports_tell_them(text: str, held: list[str], not_held: list[str]) -> None:
    facts = read_facts(text).facts
    assert all(getattr(facts, name) for name in held), held
    assert not any(getattr(facts, name) for name in not_held), not_held


def test_a_building_that_cannot_be_put_right_takes_the_heavier_limb() -> None:
    """城乡规划法第六十四条: 无法采取改正措施消除影响的 — confiscation and a fine up to 10 % of the cost, the
    upper band; a building that can still be put right keeps the 5–10 % limb."""
    o = load_catalogue().get("illegal-construction-urban")
    facts = read_facts("规划许可核准11层，实际建成12层；经认定无法采取改正措施消除影响，不能拆除。").facts
    assert select_tier(o, facts) == 1 and "百分之十以下" in (o.fine_for("organisation", 1).basis or "")
    assert discretion_band(o, "organisation", facts).level == "重"
    assert select_tier(o, read_facts("规划许可核准11层，实际建成12层。").facts) == 0


def test_a_fine_only_for_refusal_is_not_suggested_after_the_party_corrected() -> None:
    """罚款以“逾期未改正的”为前提: corrected within the deadline, the 罚则 sets no fine; refusal keeps it."""
    o = load_catalogue().get("awning-nonstandard")
    assert "逾期" in (o.fine_condition or "")
    done = discretion_band(o, "individual", CaseFacts(corrected=True, prior_warning=True, complaints=True))
    assert done.name == "不予处罚" and done.legal_basis[0] == o.primary_penalty.label
    assert discretion_band(o, "individual", CaseFacts(refused=True, prior_warning=True)).name != "不予处罚"
    # nor while the time given to put it right has not run out: no fine yet, and the card says why
    pending = discretion_band(o, "individual", CaseFacts(deadline_pending=True, prior_warning=True))
    assert pending.name == "不予处罚" and "期限未届满" in pending.reasons[0]
    # nor before any order to put it right was served (我们这边还没有下过任何通知)
    unordered = discretion_band(
        o, "individual", read_facts("燃气公司报过来了，我们这边还没有下过任何通知。").facts
    )
    assert unordered.name == "不予处罚" and "尚未责令改正" in unordered.reasons[0]
    # an offence fined outright is fined whether or not an order came first
    outright = next(x for x in load_catalogue().offences if not x.fine_condition and x.fines[0].individual)
    assert discretion_band(outright, "individual", CaseFacts(no_order_yet=True)).name != "不予处罚"
    # a condition with another limb (或者造成严重后果的) is not met by correcting alone
    either = next(x for x in load_catalogue().offences if "或者造成严重后果" in (x.fine_condition or ""))
    assert (
        discretion_band(either, "individual", CaseFacts(corrected=True, serious_harm=True)).name != "不予处罚"
    )


# --- keyword matcher ----------------------------------------------------------------------------------------------
def test_keyword_matcher_on_written_scenarios(matcher: OffenceMatcher) -> None:
    top1 = top3 = 0
    misses = []
    for s in SCENARIOS:
        ids = [h.offence.id for h in matcher.match(s["text"], k=3)]
        top1 += ids[0] == s["id"]
        top3 += s["id"] in ids
        if ids[0] != s["id"]:
            misses.append((s["id"], ids))
    n = len(SCENARIOS)
    assert n >= 70
    assert top1 / n >= 0.9, misses
    assert top3 / n >= 0.95, misses


def test_hit_carries_citations_fines_and_band(matcher: OffenceMatcher) -> None:
    hits = matcher.match("某培训公司安排人在主干道人行道上发招生传单，队员劝阻后马上停止", k=3)
    top = hits[0]
    assert top.offence.id == "leaflet-distribution"
    assert top.party == "organisation"
    assert top.fine_range() == (500, 2000)
    d = top.as_dict()
    assert d["violated_primary"] == {"law": "重庆市市容环境卫生管理条例", "article": "第十八条"}
    assert d["penalty_primary"]["article"] == "第十八条"
    assert d["band"]["name"] == "轻微"
    json.dumps([h.as_dict() for h in hits], ensure_ascii=False)


def test_a_resident_pulling_down_his_own_house_is_the_demolition_dust_card(knowledge: KnowledgeBase) -> None:
    """重庆市市容环境卫生管理条例第六十五条 (拆除建筑物应当采取湿法等有效措施) names no party: a resident pulling down
    his own old house without water is its case, not a building site's missing fence and nets (round 81)."""
    story = "居民张某请人拆自家的两层老砖房，现场不洒水、也没拉防尘网，灰尘一阵阵往街上飘。"
    matcher = knowledge.matcher
    assert matcher.match(story, party="individual", k=1)[0].offence.id == "site-dust-demolition"
    site = "某建筑公司在工地上施工，没有围挡，也没盖防尘网，灰尘满天飞。"
    assert matcher.match(site, party="organisation", k=1)[0].offence.id == "site-dust-control-missing"
    # a house pulled down under an order, told without dust, is not its case (helper-164)
    ordered = "他家违建被责令限期拆除，他说拆房子要花钱，一直拖着不拆。"
    assert matcher.match(ordered, party="individual", k=1)[0].offence.id != "site-dust-demolition"


def test_party_argument_overrides_text(matcher: OffenceMatcher) -> None:
    hits = matcher.match("有人在居民楼下随地吐痰", party="organisation", k=1)
    assert hits[0].offence.id == "spitting"
    assert hits[0].fine_range() == (200, 2000)


def test_other_authority_matters_are_flagged(matcher: OffenceMatcher) -> None:
    top = matcher.match("小区门口人行道上停了一辆轿车，司机不在，挡住了行人", k=1)[0]
    assert top.offence.id == "pavement-parking"
    assert top.as_dict()["not_city_management"] is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the road damaged, a car or a kerb stone only beside it: the road's (城市道路管理条例第二十七条)
        ("货车天天在人行道上停着卸货，把盲道砖压碎了好几块。", "road-other-damage"),
        ("有人把人行道上的隔离石墩撬起来拖走了，留下几个坑。", "road-other-damage"),
        # a car standing on the pavement every day (停着…越野车…拖走): the traffic police's, not the road's damage
        (
            "楼下人行道上天天停着一台白色越野车，两个轮子压在盲道上。城管可不可以来把它拖走？",
            "pavement-parking",
        ),
        # digging with no permit at all, no barrier either: the excavation is the offence (第二十七条（一）)
        (
            "夜巡发现：某通信工程有限公司的施工队正在路上切割路面、开槽埋光缆，开了二十来米长的沟，拿不出挖掘许可，现场也没有围挡和警示灯。",
            "road-excavation-unpermitted",
        ),
        # no certificate for continuous work, no notice either: 第七十七条（二）, not the notice's 第七十八条（四）
        (
            "工地昨晚从十一点一直浇混凝土浇到凌晨三点，施工方拿不出因特殊需要连续施工的证明，也没有提前公告附近居民。",
            "night-construction-noise",
        ),
        # a washing place set up on the pavement (a pressure washer, a price board): 第五十六条, not one car washed
        (
            "次干道人行道上有个老板支了两根水管、一台高压清洗机和一块'洗车15元'的牌子，专门给车洗澡打泡沫，还摆了两张打蜡的桌子。",
            "car-wash-shop-on-road",
        ),
        # round 67: covers prised up and loaded (the police's theft card), a vendor never registered (not the card
        # not hung), kitchen waste tipped into the other-waste bin (sorting), a meter and pipes moved (not an appliance)
        (
            "凌晨巡查碰到两个人拿撬棍把一块铸铁雨水井盖撬起来往三轮车上抬，车上已经装了两块，井口就敞在人行道上。",
            "manhole-cover-theft",
        ),
        (
            "夜市划定区域里有个卖手抓饼的小推车，车上没挂备案卡。问他，他说摆了快两个月，一直没去备案。",
            "food-vendor-unregistered",
        ),
        (
            "酒店后厨的厨余垃圾天天跟其他垃圾混在一起，倒进小区门口的其他垃圾桶里，书面提醒过四次，还是照混不误。",
            "waste-not-sorted",
        ),
        (
            "住户为了装橱柜，喊了个没资质的师傅把厨房里的天然气表和管道往旁边挪了一米多，接头用生料带缠了几圈。",
            "gas-indoor-facility-self-altered",
        ),
        # a college's name in gilt letters with two fallen, not put right by the deadline: 第三十七条
        (
            "学院大门门楣上那排镏金大字掉了两个，城管送达了限期七日修复的通知，第十日复查仍未修复。",
            "signboard-damaged",
        ),
        # cars parked on a road's green strip night after night: 第四十五条（三）, not the green-space ratio
        ("一家驾校把道路附属绿地当成了停车场，每晚停五六台教练车，草皮压成了泥巴坑。", "greenspace-misuse"),
        # foam boards and PVC pipes set alight beside the flats: 大气污染防治法第八十二条
        (
            "有户人家把装修拆下来的泡沫板、PVC管和几袋垃圾堆在空地上点火烧，一股塑料烧焦的臭味。",
            "burning-toxic-materials",
        ),
        # old factory walls pushed down dry: the demolition's dust, not a pipe dug through
        (
            "老厂房在拆，挖掘机上去推墙，一滴水都没洒，拆除队说洒水车坏了，地上连根水管都没有。",
            "site-dust-demolition",
        ),
        # a trench's spoil left beside it for days: 第二十七条
        (
            "通信公司在人行道上开槽埋光缆，挖出来的泥巴和碎砖在路边堆了三天没清，下雨满街泥浆。",
            "road-work-debris",
        ),
        # a company's promotion point on a main road's pavement, tents and tables, a loudspeaker: the stall
        (
            "主干道人行道上一家通信公司搭了两顶帐篷、摆了折叠桌搞促销点，还接了个喇叭循环喊。",
            "road-stall-main-road",
        ),
        # a teenager's spray paint on a bridge pier is graffiti, not a repair shop's fumes
        (
            "三个初中生拿喷漆在立交桥的桥墩上喷了一大片英文字母和卡通头像，保安逮到一个。",
            "illegal-posting-graffiti",
        ),
        # cable sheaths set alight for the copper inside: 大气污染防治法第八十二条
        (
            "收废品的把一堆废电线、电缆皮拢在一起点火烧，想把里面的铜烧出来，黑烟又浓又臭。",
            "burning-toxic-materials",
        ),
        # a dog let loose that chases children: the animal card, whatever is said of droppings
        (
            "有条大狗天天放出来不拴绳，专门追娃娃，把我孙女追得摔了一跤。听说城管管狗屎，这个管不管？",
            "animal-disturbance",
        ),
        # a permit holder's stall kept past its hours: the permit's rules, not an unapproved stall
        (
            "背街小巷的临时占道经营点，她持临时占道许可证卖早餐，许可上写的经营时段到9点，她天天摆到中午。",
            "temporary-stall-permit-rules-broken",
        ),
        # protection posts over a gas main cut down: the protection device, not the warning sign
        (
            "汽修店嫌天然气管道的保护桩挡停车，用切割机把两根保护桩割掉了，又拿轮胎把标志桩盖住。",
            "ng-protection-device-tampered",
        ),
        # a hotel's staff leaving its bags in a back lane dump waste; they run no waste business
        (
            "宾馆后门连着一条后巷，这半个月每天深夜都有服务员拎十几袋垃圾直接堆在巷子墙角，不送收集点。",
            "household-waste-dumping",
        ),
    ],
)
def test_the_missing_permit_or_a_parked_car_chooses_the_card(
    knowledge: KnowledgeBase, text: str, expected: str
) -> None:
    assert knowledge.matcher.match(text, k=1)[0].offence.id == expected


def test_the_act_told_before_a_turn_to_a_second_matter_leans_first(knowledge: KnowledgeBase) -> None:
    """。另外… turns to a second matter: the act told before it gains (the writers' offence is the first told, the
    one after the turn goes to also_offences); a comma's 另外两个 (the other two) is no turn."""
    first = "拆除公司用破碎锤打老厂房的墙，一滴水都没洒，灰尘扬得半条街都是黄的，学校老师打电话投诉。"
    second = "工地出入口是泥巴地，没有硬化，车轮把泥带到路上。"

    def scores(text: str) -> dict[str, OffenceHit]:
        return {h.offence.id: h for h in knowledge.matcher.match(text, k=20)}

    turned, plain = scores(first + "另外" + second), scores(first + second)
    assert turned["site-dust-demolition"].components["first_told"] > 0
    gap = {
        name: hits["site-exit-unpaved"].score - hits["site-dust-demolition"].score
        for name, hits in (("turned", turned), ("plain", plain))
    }
    assert gap["turned"] < gap["plain"]
    # the same turn told of the exit first leans the other way
    back = scores(second + "另外" + first)
    assert (
        back["site-exit-unpaved"].components["first_told"]
        > back["site-dust-demolition"].components["first_told"]
    )

    def turns(text: str) -> bool:
        return any(h.components["first_told"] for h in scores(text).values())

    # 另外两个跑了 after a comma, a turn in a short heading, and a question put after the story are no turn; a
    # finding after 同时 is one
    assert not turns("有三个初中生拿喷漆在桥墩上乱喷，保安逮到一个，另外两个跑了。")
    assert not turns("巡查记录。另外发现路边有人乱贴小广告。")
    assert not turns("有个摊贩天天在人行道上摆摊卖水果，占了半边路。另外请问这种要罚好多？")
    assert turns("有个摊贩天天在人行道上摆摊卖水果，占了半边路。同时发现他在树上拉绳子晾衣服。")
    # what was noticed by the by (。顺便看了…) is a second matter
    assert turns("建筑公司找了几台社会渣土车拉土，没有办任何运输许可。顺便看了一下工地大门，出入口没硬化。")


def test_a_tobacco_advert_is_the_market_regulators_and_a_painted_advert_the_painters(
    matcher: OffenceMatcher,
) -> None:
    top = matcher.match("一家烟酒店门头的电子屏天天滚动播放某牌香烟的广告，还配了烟盒图片", k=1)[0]
    assert top.offence.id == "tobacco-ad-outdoor" and top.as_dict()["not_city_management"] is True
    # the advert's owner did not damage it: whoever sprayed it wrote on a facility (乱涂写)
    top = matcher.match("小区外墙上那块广告牌被几个年轻人用喷漆画了一大片字母和图案", k=1)[0]
    assert top.offence.id == "illegal-posting-graffiti"
    # a restaurant asked about in passing is no barbecue on the street
    text = "江边步道上一个游客边走边抽烟，把烟头弹到花坛里，提醒后他捡了起来，还问我们哪家烤鱼巴适。"
    assert matcher.match(text, k=1)[0].offence.id == "littering"


def test_what_stands_beside_the_act_does_not_choose_the_card(knowledge: KnowledgeBase) -> None:
    """A sign left standing beside trees planted over a pipe, a stall in its place: the card is what was done."""
    text = (
        "物业沿围墙新栽了一排黄葛树，树坑就挖在中压燃气管道正上方，管道标志桩和警示牌都立在旁边，"
        "挖树坑时离管顶不到五十公分。"
    )
    assert knowledge.matcher.match(text, k=1)[0].offence.id == "gas-zone-flammables-or-deep-roots"
    text = "夜市摊区里有个摊位用大塑料壶装着散装白酒按斤打给客人，摊主就在划定的摊位里面，备案卡也挂着。"
    assert knowledge.matcher.match(text, k=1)[0].offence.id == "food-vendor-banned-food"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # litter dropped where a sanitation worker sweeps, no hand raised: 第四十五条, not the assault card (round 73)
        (
            "我是扫公交站台的环卫工，早上一个男的把豆浆杯子和吸管往地上一丢，烟头弹到盲道上，城管队员过去讲了他才捡起来。",
            "littering",
        ),
        # a public toilet locked and stocked by a market's managers: 第七十二条, not the stall permit's card
        (
            "菜市场的管理公司把对外开放的公共厕所挂了把锁，里面堆满摊主的货箱当仓库用，问了也没有任何审批手续。",
            "sanitation-facility-occupied",
        ),
        # muck tipped on vacant land and driven off: where it was dumped, not the uncovered load
        (
            "凌晨一台没盖篷布的自卸车开到一块空地上（不是消纳场），一车渣土倒了就跑，沿路还掉了些泥块，今天找到了驾驶员。",
            "construction-waste-route-violation",
        ),
        # a pavement prised open for a kitchen drain: the road's excavation, not a pipe built over
        (
            "一家火锅店老板晚上找人把门口人行道撬开一条沟，要把后厨的排水管接过去，啥子手续都没办，沟上搭了两块木板。",
            "road-excavation-unpermitted",
        ),
        # a toilet locked and filled with the managers' junk (把门一锁 拿来堆他们的杂物): the occupied card, not demolition
        (
            "小区门口那个公共厕所，物业把门一锁，拿来堆他们的杂物和旧沙发，老年人想上厕所都没地方。",
            "sanitation-facility-occupied",
        ),
        # leaflets pressed on people at a main road's crossings: the leaflet card, not a stall (round 74)
        (
            "主干道的斑马线口子上，一家策划公司雇人拦人塞楼盘单页，不少被随手扔在地上。",
            "leaflet-distribution",
        ),
        # a marker pen on a bus shelter's light box: graffiti, not a damaged advert (round 74)
        ("两个初中生拿马克笔在公交站的广告灯箱上写同学的外号。", "illegal-posting-graffiti"),
        # a butt flicked from a taxi's wound-down window: litter, not an advert sent to a vehicle (no advert in it)
        ("一个网约车司机摇下车窗，把抽完的烟屁股往绿化带边上一弹就开走了。", "littering"),
        # words sprayed on an underpass's tiles: graffiti, not a dirty facade to be washed
        (
            "几个小年轻拿自喷漆在过街地下通道的瓷砖墙面上喷了一排英文字母涂鸦，家长说愿意出钱清洗。",
            "illegal-posting-graffiti",
        ),
        # a shop's rubbish heaped at its door with no bin inside or out: the bin duty, not goods set out
        (
            "一家临街蔬菜门面，门口堆着一大堆烂菜叶和泡沫箱，汁水流到人行道上，店门口和店里都没有垃圾桶。",
            "shop-no-litter-bin",
        ),
        # an old workshop pulled down by an excavator, no water: 第六十五条's demolition dust
        (
            "一个旧厂房的拆除现场，挖掘机直接啃墙，一点水都没洒，灰扑到隔壁幼儿园里，拆除单位是一家工程公司。",
            "site-dust-demolition",
        ),
        # a food stall never registered (根本没去办过备案): the registration card, not the card not hung
        (
            "夜市里一个卖冰粉的摊主，摊位上没挂公示卡，一问才晓得她根本没去办过备案。",
            "food-vendor-unregistered",
        ),
        # the road cut to lay a kitchen pipe to a storm drain, the trench still open: the digging is the act found
        (
            "一家面馆老板请人把门口人行道切开，挖了一条沟，准备埋根管子把洗碗水接到路边雨水口，这一片是雨污分流的片区，啥子审批都没有。",
            "road-excavation-unpermitted",
        ),
        # a drain dug and already in use stays the drain's card (the digging cue is only for a pipe not yet laid)
        ("洗车店把洗车污水接到雨水井里，前几天刚挖了条沟埋的管子，现在天天在排。", "sewage-into-storm-drain"),
        # rounds 85 and 86: begging by pestering (缠着讨钱) is the police's begging card; vegetables grown on a lawn
        # are 第四十五条（三）, whatever restoring was ordered; a dig with no papers at all (没有去办任何手续) is the
        # excavation, its missing barrier a circumstance; a load tipped by the road is the dumping, an open body its
        # circumstance; rubble wheeled out by hand is the site's own dumping, no vehicle's; debris outside a site's
        # hoarding is the surroundings kept unclean, not a drain (rain washing it about is no drain)
        ("步行街上有个人专门缠着路人讨钱，不给就一直跟着走，拉住人家的包不放。", "aggressive-begging"),
        ("公园草坪被一个大爷挖了一块种莴笋和蒜苗，劝他恢复他不听。", "greenspace-misuse"),
        (
            "某餐饮有限公司为了把后厨的排水管接到马路对面的检查井，周末自己找了几个工人把人行道和半幅车行道挖开了"
            "一条二十多米长的沟，没有去市政和交警那里办任何手续，沟边连个围挡和警示牌都没有，晚上黑黢黢的。",
            "road-excavation-unpermitted",
        ),
        (
            "半夜一辆小货车正往路边倒装修建渣，车厢也没盖，司机说哪里空就往哪里倒。",
            "construction-waste-route-violation",
        ),
        (
            "某建筑劳务有限公司在老旧小区改造项目中拆下来的碎砖、废瓷砖和石膏板，被公司工人用小推车一车车倒在小区外面"
            "的公共空坝上，已经堆了二十多方，没有运去消纳场，也没任何覆盖。",
            "construction-waste-dumping",
        ),
        (
            "某建筑公司工地围挡外侧的人行道上到处是混凝土渣和泥浆，雨水一冲满地黄泥水。",
            "site-dust-demolition",
        ),
        # the review of da6a661 (helper-171): money demanded by thugs is no begging; a child used to beg is 第一款's
        # card; cars parked outside a site's hoarding are parking; a truck still spilling on its way is the open body;
        # a shop's water set out is the shop front (not a park stall); a mixer washed into a storm culvert is a drain;
        # a certificate obtained and the notice not put up is the notice's card
        ("几个混混拦住摆摊的要钱，说是管理费，不给就掀摊子。", "provocation-public-disorder"),
        ("地铁口有个妇女抱着个小孩乞讨，孩子看起来不是她亲生的。", "coerced-begging"),
        ("工地围挡外面的人行道上停满了私家车。", "pavement-parking"),
        (
            "一辆渣土车没盖篷布在路上跑，土撒了一路，司机说老板叫他拉，也不知道往哪里倒。",
            "muck-truck-unsealed",
        ),
        (
            "有家个体小卖部门口台阶外摆了一箱矿泉水在卖，就占了半米，老板第一次被说，马上搬回去了。",
            "shopfront-trading",
        ),
        ("某搅拌站的罐车在路边洗罐，残浆直接冲进了雨水渠。", "drainage-waste-dumped"),
        (
            "项目部已取得区住建委出具的夜间连续施工证明，但没在施工现场公示，也没张贴公告告知附近居民，居民连续两晚投诉。",
            "continuous-construction-no-notice",
        ),
        # the review of f3896ad (helper-172): a disabled beggar pestering for himself is 第二款's card; a load being
        # tipped by a river is the dumping; a plaza's barbecue stall is no park stall; 化缘 pressed on tourists is begging
        ("有个残疾人在天桥上拉住路人乞讨，拉着衣服不放。", "aggressive-begging"),
        ("抓到一辆没盖篷布的渣土车在往河边倒建渣。", "construction-waste-route-violation"),
        ("有人在广场上摆摊卖烧烤，劝他不听。", "open-air-barbecue"),
        ("有个假和尚在景区门口拉住游客化缘，不给就一直纠缠。", "aggressive-begging"),
        # the unqualified fitter touting for work himself, not a household that hired one
        (
            "有个自称燃气师傅的人在小区单元门口贴小卡片接活，给住户装燃气热水器，他没有任何职业技能证书。",
            "ng-unqualified-installer",
        ),
    ],
)
def test_the_act_done_chooses_the_card_not_a_word_beside_it(
    knowledge: KnowledgeBase, text: str, expected: str
) -> None:
    assert knowledge.matcher.match(text, k=1)[0].offence.id == expected


def test_begging_by_pestering_is_the_polices_card_and_sets_no_fine(knowledge: KnowledgeBase) -> None:
    """治安管理处罚法第四十九条第二款 (反复纠缠、强行讨要…乞讨): 五日以下拘留或者警告, no fine — the card is the
    police's and gives no amount (round 85: a man pestering tourists for money on a pedestrian street)."""
    hit = knowledge.matcher.match("商业街上有个男的拦住游客要钱，不给就扯住衣服一直跟着，嘴里还骂人。", k=1)[
        0
    ]
    assert hit.offence.id == "aggressive-begging"
    assert hit.offence.not_city_management and hit.offence.competent_authority == "公安机关"
    assert hit.fine is None and "罚款" not in hit.offence.penalty_kinds
    assert hit.primary_violated.label == "《中华人民共和国治安管理处罚法》第四十九条第二款"


def test_a_dog_howling_all_day_is_the_polices_not_the_droppings_card(knowledge: KnowledgeBase) -> None:
    """嚎叫 is the animal-disturbance card's word; droppings denied (也没在楼道里拉屎) weigh nothing for the waste card."""
    text = (
        "7栋一户养了条阿拉斯加，主人白天不在家，狗关在阳台上一嚎就是半天，左邻右舍都睡不好。"
        "狗平时牵了绳，也没在楼道里拉屎，物业劝过两次没用，大家想让城管来管。"
    )
    hit = knowledge.matcher.match(text, k=1)[0]
    assert hit.offence.id == "animal-disturbance"
    assert hit.offence.competence == "other"


def test_a_denied_bite_a_height_and_a_licence_never_taken_out(knowledge: KnowledgeBase) -> None:
    """羊又不咬人 is no bite; a bottle thrown down from the sixteenth floor is the police's height card, not litter;
    a shop with no licence at all is unlicensed, not one that failed to display it."""
    m = knowledge.matcher
    text = "有个大爷天天赶一群山羊进湿地公园吃草，草坪啃秃了，劝他他说羊又不咬人。"
    assert m.match(text, k=1)[0].offence.id == "animals-in-park"
    text = "巡逻时十几楼突然甩下来一个装满水的玻璃瓶子，砸在离小孩不到一米的地方，这个算不算乱扔垃圾？"
    assert m.match(text, k=1)[0].offence.id == "throwing-objects-from-height"
    text = "举报说楼下那家卖烟酒的店门口没挂营业执照，我们去看了，店里确实没得执照，老板嫌办执照麻烦。"
    assert m.match(text, k=1)[0].offence.id == "unlicensed-business"
    # a bite told after a denial of earlier ones is still a bite; a bottle out of a bus window is litter
    text = "我家狗从来没咬过人，今天不知道怎么在小区里咬了隔壁小孩一口。"
    assert m.match(text, k=1)[0].offence.id == "animal-attack-no-safety"
    text = "公交车窗户里扔下来一个饮料瓶子，砸在人行道上。"
    assert m.match(text, k=1)[0].offence.id == "littering"


def test_a_permit_held_lowers_only_the_entries_for_acting_without_one() -> None:
    """手续是齐的 / 证件齐全 / 拿得出来 say a permit is held; 不齐全 / 拿不出 / 没有许可 / 过期 say it is not. Only the
    entries for acting without a permit (擅自挖掘, 未办理…许可证件) are lowered — not those for breaking its terms."""
    from knowledge.catalogue.matcher import acts_without_permit, permit_held

    for held in (
        "挖掘审批手续他们拿得出来",
        "建筑垃圾运输相关许可证件齐全",
        "拆除许可和备案手续是齐的",
        "临时占道许可是有的",
    ):
        assert permit_held(held), held
    for missing in (
        "手续不齐全",
        "没有许可",
        "手续拿不出来",
        "许可证过期了",
        "证件齐全但没有挖掘许可",
        "车停在路边",
        # (review of 697edc9) a problem, an expiry, a question, the officers' own papers, a mere licence, a lack
        "手续都有问题，印章是假的",
        "许可证有效期到上个月就结束了",
        "你们的手续办好了没有？",
        "挖掘许可拿得出来吗？",
        "我们当场把暂扣手续办好了",
        "规划许可和现场都有出入",
        "营业执照齐全，但无占道审批手续",
        "燃气公司营业执照齐全，但没拿到燃气经营许可就在卖瓶装气。",
        # (second review) the officers' papers a word away, said held but not shown, a question without its mark
        "渣土车没有处置证，我们当场把车扣了，暂扣的手续也办好了。",
        "司机说处置证齐全，但一直不肯拿出来看",
        "负责人说挖掘审批手续齐全，但现场无法出示",
        "审批都有哪些流程要走",
    ):
        assert not permit_held(missing), missing
    lowered = {o.id for o in load_catalogue().offences if acts_without_permit(o)}
    assert {"road-excavation-unpermitted", "construction-waste-transport-unpermitted"} <= lowered
    assert not lowered & {
        "road-permit-deviation",
        "temporary-stall-permit-rules-broken",
        "sewer-discharge-permit-breach",
    }


def test_a_permit_lacking_for_an_entrys_own_act_raises_it(knowledge: KnowledgeBase) -> None:
    """没有…挖掘审批 names 擅自挖掘城市道路's own act (its cue 挖掘): that entry goes up over the barrier card the same
    dig fits; a permit lacking for something else (占道经营许可) names none of the acting-without-permit entries."""
    from knowledge.catalogue.matcher import acts_without_permit, lacking_permits_for, permit_lacking_for

    catalogue = load_catalogue()
    dig = catalogue.get("road-excavation-unpermitted")
    assert permit_lacking_for(dig, lacking_permits_for("他们没有市政部门和交警部门的挖掘审批，只摆了锥桶。"))
    assert not permit_lacking_for(dig, lacking_permits_for("摊主没有占道经营许可，在人行道上卖水果。"))
    assert lacking_permits_for("手续齐全，围挡也有。") == []
    # (review of 609e55e) a word many entries share names no act (经营), 无需 is no lack, and a further finding counts
    # only in its own clause
    lifted = {
        o.id
        for o in catalogue.offences
        if acts_without_permit(o)
        for text in ("没有占道经营许可", "没有食品经营许可", "这家店无需办理挖掘审批")
        if permit_lacking_for(o, lacking_permits_for(text))
    }
    assert lifted == set()
    assert permit_lacking_for(
        dig, lacking_permits_for("队员巡查时还发现一处人行道被挖开，施工方没有挖掘审批。")
    )
    # (second review) a further finding told with its own comma (另查明，…) and a permit held but not followed (没有按照
    # 挖掘审批的位置) are no lack of the act's permit
    assert lacking_permits_for("复查仍未改接。另查明，该店未办理污水排入排水管网许可证。") == []
    assert not permit_lacking_for(dig, lacking_permits_for("施工方没有按照挖掘审批的位置开挖。"))
    # a permit lacking told as a further finding is a second matter (the storm drain's sewage stays the card)
    assert lacking_permits_for("责令改接，复查仍未改接。另查该店未办理污水排入排水管网许可证。") == []
    text = "半夜一家通信公司的施工队在人行道上开沟埋线，挖了三十来米，没有市政和交警的挖掘审批，现场没有围挡也没有警示灯。"
    assert knowledge.matcher.match(text, k=1)[0].offence.id == "road-excavation-unpermitted"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # round 89: no certificate for night work is the offence, not the notice a certificate would have required
        (
            "凌晨一点工地还在浇混凝土，紧挨着住宅楼，项目经理拿不出夜间施工的证明，门口也没贴公告，好几户居民打了投诉电话。",
            "night-construction-noise",
        ),
        # the certificate held and no notice put up: the notice card, though a hypothetical asks of none held
        (
            "我司项目要连续浇筑混凝土，已取得住建委出具的夜间连续施工证明，但没有张贴公告告知附近居民。要是没有取得证明会怎样？",
            "continuous-construction-no-notice",
        ),
        # the bins' bags taken out and heaped on waste ground is dumping, whatever bins they came from
        (
            "物业跟清运公司闹翻了，叫保洁员把十几个垃圾桶里的生活垃圾装袋拖到马路边空地上堆起，堆了三天。",
            "household-waste-dumping",
        ),
        # (review of 609e55e) a marker that stood and was pulled up is the sign card still
        ("小区里原来立着的燃气管道警示桩被物业拔了，说是挡路。", "gas-warning-sign-covered"),
        # a dig beside a gas marker left standing is the dig in the protection zone, not a sign harmed
        (
            "有个村民开着小挖机在屋后挖土，旁边就立着燃气管道的标志桩，巡线员叫停了他第二天又接着挖。",
            "gas-facility-protection-zone",
        ),
        # a garage's spent oil filters and batteries put into the household bins: hazardous waste mixed in
        (
            "一家修车铺把废机油滤芯和旧蓄电池装袋丢进小区门口的生活垃圾桶里，保洁员倒桶时发现的。",
            "hazardous-into-household-waste",
        ),
        # round 90: a firm carting its own waste off to save the fee is dumping, not an unlicensed waste service
        (
            "一家建材公司为了省垃圾清运费，让员工开车把仓库的包装废料和员工的生活垃圾拉到郊外的沟边倒了。",
            "household-waste-dumping",
        ),
        # a relative holding the officers back while a tricycle is seized: the police's obstruction card
        (
            "我们依法暂扣一辆流动摊贩的三轮车，他侄儿扯住队员的衣服不准把车拉走，还坐在执法车前面不起来。",
            "obstructing-officers",
        ),
    ],
)
def test_round_89_and_90_acts_choose_their_cards(knowledge: KnowledgeBase, text: str, expected: str) -> None:
    assert knowledge.matcher.match(text, k=1)[0].offence.id == expected


def test_a_denied_place_is_no_cue() -> None:
    from knowledge.catalogue.matcher import cue_present

    assert cue_present("主干道", "北山大道是主干道，路边有人摆摊")
    assert not cue_present("主干道", "沙龙路是次干道，不在主干道五十米范围内")
    assert cue_present("主干道", "不在主干道的那家，和主干道上的这家")  # one plain mention is enough
    assert not cue_present("占道", "手续都有，也没占道")
    assert not cue_present("占道", "摊位在划定的摊区里，不存在占道问题")  # stated compliance, no occupation
    assert not cue_present("主、次干道", "店在非主、次干道的小巷里")  # 非 denies the road type
    assert cue_present("营业执照", "没有营业执照")  # a missing permit is the offence, not a denial
    assert not cue_present("有营业执照", "投诉人说它没有营业执照")  # 有… inside 没有… says the opposite
    assert cue_present("有营业执照", "店里有营业执照，挂在墙上")
    # a word stated as kept to (路线符合核准) is no cue; one stated as broken (不符合) still is
    assert not cue_present("路线", "这趟车的运输时间、路线都符合核准的要求")
    assert not cue_present("时间", "这趟车的运输时间、路线都符合核准的要求")
    assert cue_present("路线", "行驶路线不符合核准，绕进了老城区")
    assert not cue_present("路线", "该车手续齐全，核准的路线也对。")
    assert cue_present("路线", "路线对不上，绕进了老城区")
    # a thing looked for and not found names what is absent; one found is a cue
    assert not cue_present("粪便", "队员上门看了，楼道里没有发现狗粪便")
    assert not cue_present("渣土", "复查时路面未见渣土")
    assert cue_present("粪便", "没有人清理，发现狗粪便好几堆")
    # a deed denied at a place is no cue; a duty left undone at an office is the offence itself
    assert not cue_present("拉屎", "狗出门拴了绳，也没在公共区域拉屎")
    assert cue_present("拉屎", "狗在公共区域拉屎，主人没管")
    assert cue_present("备案", "摊主没在食药监部门备案")
    assert cue_present("倾倒", "建筑垃圾没在指定地点倾倒")  # kept off the place the rules name: the offence
    assert cue_present("经营", "没在划定的区域内经营")
    assert cue_present("一直叫", "主人不在家狗就一直叫")  # 不在家 denies no deed
    assert cue_present("摆摊", "老板不在但店员在门口摆摊")
    assert not cue_present("咬人", "羊又不咬人") and cue_present("咬了", "狗从来没咬过人，今天咬了小孩")


def test_the_violated_article_is_the_duty_and_the_penalty_article_its_sanction() -> None:
    """违则 names the article that sets the duty or prohibition; the penalty article is the 罚则."""
    cat = load_catalogue()
    for oid, violated, penalty in (
        ("traffic-signal-obstructed", "《中华人民共和国道路交通安全法》第二十八条第二款", "第一百零六条"),
        ("village-rubbish-piles", "《重庆市村镇规划建设管理条例》第三十七条第二款", "第五十条第一款"),
        ("cleaning-duty-neglected", "《重庆市市容环境卫生管理条例》第十四条（二）", "第十五条第二款"),
        ("gas-unlicensed-business", "《城镇燃气管理条例》第十五条第一款", "第四十五条第一款"),  # 许可证制度
    ):
        o = cat.get(oid)
        assert o.primary_violated.label == violated
        assert o.primary_penalty.label.endswith(penalty)
    # a Chongqing responsible unit: the city's own 第十五条第二款 (no fine), the national 第三十四条（五） beside it
    duty = cat.get("cleaning-duty-neglected")
    assert duty.primary_penalty.law == "重庆市市容环境卫生管理条例"
    assert any(r.law == "城市市容和环境卫生管理条例" for r in duty.penalty[1:])
    assert discretion_band(duty, "organisation", CaseFacts()).statutory_min is None


def test_the_card_names_the_item_of_a_list_the_scenario_describes() -> None:
    from knowledge.catalogue.matcher import resolve_item
    from knowledge.catalogue.verify import alternative_items

    ref = LawRef(law="重庆市燃放烟花爆竹管理条例", article="第六条", paragraph="第一款")
    items = alternative_items(ref, store=BUNDLED)
    assert len(items) == 9
    assert resolve_item(ref, items, "婚礼车队在实验小学的学校大门口放了两盘鞭炮").item == "（六）"
    assert resolve_item(ref, items, "有人在小区里放鞭炮").item is None  # no item named: the paragraph stays
    # the report names the place (医院), the item its kind (医疗机构)
    assert resolve_item(ref, items, "区医院门诊楼大门口有一家人放了两挂鞭炮").item == "（六）"
    # a list of steps that all apply (并按以下规定办理) is no list of alternatives
    steps = LawRef(law="重庆市市容环境卫生管理条例", article="第六十六条", paragraph="第一款")
    assert alternative_items(steps, store=BUNDLED) == []
    # nor the conditions a licence needs, all at once (应当具备下列条件): an unlicensed dealer breaks the 许可证制度
    licence = LawRef(law="城镇燃气管理条例", article="第十五条", paragraph="第一款")
    assert alternative_items(licence, store=BUNDLED) == []


def test_an_item_another_entry_names_stays_that_entrys_card() -> None:
    """第五十条第一款（二）(密闭容器、污水接收设施) and （五）(冲洗甲板) have entries of their own: the general vessel card
    names an item only among the others (人员, 记录簿, 有毒有害废弃物, …), so a report of a missing container and a deck
    flushed into the river shows （二） and （五） on their own cards, and the general card names neither."""
    m = OffenceMatcher(load_catalogue(), store=BUNDLED)
    general = load_catalogue().get("vessel-sanitation")
    labels = [label for label, _ in m._list_items()[general.id]]
    assert labels == ["（一）", "（三）", "（四）", "（六）"]
    text = "趸船餐厅没设垃圾密闭储存容器，服务员冲洗甲板时把剩菜冲进江里。"
    assert m.shown_violated(general, text)[0].item not in ("（二）", "（五）")
    container = load_catalogue().get("vessel-no-sealed-container")
    assert m.shown_violated(container, text)[0].item == "（二）"
    deck = load_catalogue().get("vessel-deck-rubbish-flushed")
    assert m.shown_violated(deck, text)[0].item == "（五）"


@pytest.mark.parametrize(
    ("text", "turns"),
    [
        # round 79/80: another act joined with 还 in a clause of its own — the act told first leads
        ("一家装修公司在公园的草坪中间立了块喷绘广告牌，还从广告牌两边拉了两根横幅绑在旁边的树上。", True),
        ("一家米粉店门口没有按要求放垃圾桶，剩菜直接堆在门口墙角；老板还端着一盆洗碗水往街上泼。", True),
        ("一家中介公司在主干道人行道上支了顶帐篷卖房子，还有三四个员工在旁边拦人发传单。", True),
        ("城区一条背街上有个卖烤苕皮的推车一直摆在人行道上，他还把洗锅的油污水倒进了绿化带。", True),
        # not a bare 还把 going on with the same act or scuffle, nor 还在 (still at it)
        ("光纤公司在人行道边上新立了一排电杆拉线，还把光缆顺着道路护栏挂了过去。", False),
        ("摊主的丈夫冲过来把三轮车抢回去骑走了，还把队员的执法记录仪打掉在地上。", False),
        ("一个卖水果的三轮车摊贩在主干道人行道上，还在继续卖，劝了两次都不走。", False),
        # (helper-158) not 还从来不, 还往往, nor a setting told with 还从窗户直接往楼下扔
        (
            "我们小区有个业主每天早上在小区花园里遛他家那条大狗，还从来不牵绳子，小孩子都被吓哭了好几回。",
            False,
        ),
        ("小区里有一户人家这两个月一直在搞装修，工人图方便，还从窗户直接往楼下扔建筑垃圾。", False),
        ("商场门口的音箱每天循环播放促销广告，声音很大，还往往从早上八点放到晚上十点。", False),
        # round 82: the shop's own duty left undone, told after the act with 也没 — not 也没 about the same act
        ("临街中餐馆的小工每天收市后把洗碗水从侧门直接泼到街面上，门口也没按要求放垃圾桶。", True),
        ("临街中餐馆的小工每天收市后把洗碗水从侧门直接泼到街面上，也没人管。", False),
        # (helper-165) a fence or goods not set out are background, not a second act
        ("这家店在临街一楼的门面里面搞装修已经一个多星期了，门口也没设围挡，工人把瓷砖堆在人行道上。", False),
        ("这家水果店平时都是规规矩矩在店里面经营的，门口也没摆东西，今天有人往雨水井里倒烂水果。", False),
    ],
)
def test_a_second_act_joined_with_hai_turns_the_story(
    matcher: OffenceMatcher, text: str, turns: bool
) -> None:
    """The part before the turn is scored again (FIRST_TOLD): non-zero only where the story turns."""
    assert bool(matcher._first_told(text).any()) == turns
