"""Chongqing dialect and colloquial words → the plain words the offence catalogue and the fact cues are written in.

A fixed, reviewed table (not learned): officers and residents in Wanzhou say 摆摊摊 for 摆摊, 街沿 for 人行道,
甩 for 扔, 屙 for 拉, 嬢嬢 for 阿姨. Replacing them before matching lets the catalogue's Mandarin aliases and the
discretion cues (first offence, corrected, …) read the description. The original text is kept for the case draft.
"""

from __future__ import annotations

import re

# longest first where one contains another; each pair is (dialect or colloquial, plain)
DIALECT: tuple[tuple[str, str], ...] = (
    # places
    ("街沿边边", "人行道边"), ("街沿边", "人行道边"), ("街沿", "人行道"), ("街檐", "人行道"), ("马路牙子", "路边"),
    ("坝坝舞", "广场舞"), ("耍坝坝", "在空地上聚会"), ("空坝坝", "空地"), ("空坝子", "空地"), ("院坝", "院子"),
    ("河沟边边", "河沟边"), ("边边上", "边上"), ("屋头", "家里"), ("外头", "外面"), ("里头", "里面"), ("铺面", "门店"),
    ("门市", "门店"), ("店头", "店里"),
    # people
    ("嬢嬢", "阿姨"), ("孃孃", "阿姨"), ("老汉儿", "老人"), ("娃儿", "孩子"), ("娃娃", "孩子"), ("棒棒军", "挑夫"),
    ("棒棒", "挑夫"), ("收荒匠", "废品收购人员"), ("收荒的", "废品收购人员"), ("老板儿", "老板"),
    # things
    ("摆摊摊", "摆摊"), ("摊摊", "摊点"), ("棚棚", "棚"), ("推推车", "推车"), ("车车", "车"), ("火三轮", "三轮车"),
    ("绳绳", "绳子"), ("铺盖", "被子"), ("衣裳", "衣服"), ("瓶瓶", "瓶子"), ("纸壳壳", "纸板"), ("纸壳", "纸板"),
    ("签签", "签子"), ("渣渣", "垃圾"), ("泔水", "厨余垃圾"), ("背篼", "背篓"), ("锅头", "锅里"), ("烟子", "油烟"),
    ("海椒", "辣椒"), ("雾炮", "喷雾降尘设备"),
    # actions and words
    ("乱甩", "乱扔"), ("甩在", "扔在"), ("甩到", "扔到"), ("甩起", "扔"), ("屙屎", "排便"), ("屙尿", "小便"), ("屙", "拉"), ("解手", "小便"),
    ("莫得", "没有"), ("没得", "没有"), ("晓得", "知道"), ("啥子", "什么"), ("好久", "多久"), ("搞起", "搞"),
)  # fmt: skip
_TABLE = sorted(DIALECT, key=lambda p: -len(p[0]))
_PATTERN = re.compile("|".join(re.escape(a) for a, _ in _TABLE))
_PLAIN = dict(_TABLE)


def normalise(text: str) -> str:
    """``text`` with the dialect and colloquial words of :data:`DIALECT` replaced by plain ones."""
    return _PATTERN.sub(lambda m: _PLAIN[m.group(0)], text)
