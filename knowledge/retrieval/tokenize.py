"""Retrieval's keyword tokens for BM25: the knowledge layer's :class:`~knowledge.keywords.ChineseTokenizer` (jieba
search mode over the legal terms and the law names), stopwords and article numbering removed, deadline and
amount features added.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from knowledge.keywords import ChineseTokenizer

# Function words and question words that carry no legal content in a query or a provision.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "在",
        "是",
        "和",
        "与",
        "及",
        "或",
        "或者",
        "以及",
        "等",
        "对",
        "对于",
        "由",
        "把",
        "被",
        "将",
        "为",
        "以",
        "其",
        "之",
        "于",
        "从",
        "向",
        "到",
        "上",
        "下",
        "中",
        "内",
        "后",
        "前",
        "该",
        "本",
        "此",
        "这",
        "那",
        "这个",
        "那个",
        "这些",
        "那些",
        "有",
        "有关",
        "没有",
        "应当",
        "可以",
        "不得",
        "依法",
        "依照",
        "按照",
        "根据",
        "规定",
        "法律",
        "法规",
        "条例",
        "办法",
        "本法",
        "本条例",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "多少",
        "多久",
        "多长",
        "多长时间",
        "时间",
        "能否",
        "能不能",
        "能",
        "不能",
        "可不可以",
        "可否",
        "是否",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "什么",
        "哪些",
        "哪个",
        "哪里",
        "哪",
        "谁",
        "为什么",
        "请问",
        "一下",
        "需要",
        "要",
        "会",
        "还",
        "又",
        "也",
        "都",
        "就",
        "才",
        "再",
        "得",
        "地",
        "着",
        "过",
        "个",
        "些",
        "我",
        "我们",
        "你",
        "你们",
        "他",
        "他们",
        "它",
        "一",
        "二",
        "三",
        "第",
        "条",
        "款",
        "项",
        "之一",
        "什么样",
        "情况",
        "问题",
        "处理",
        "直接",
        "分别",
        "如果",
        "比如",
        "已经",
        "一个",
        "一次",
        "之后",
        "之前",
        "时候",
        "其他",
        "相关",
        "依据",
    ]
)
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# 第二十条, 二十, 十条, 第三章 …: numbering, not content (article labels must not match question words)
_NUMBERING = re.compile(
    r"^第?[零〇一二三四五六七八九十百千两\d]+[条章节款项编]?$|^[十百]?[零〇一二三四五六七八九十]?[条章节款项编]$"
)
REVISION = 2  # bump when token rules change: cached doc tokens are then recomputed

# Feature tokens for the two things legal questions ask most: a time limit and an amount of money.
DEADLINE = "<期限>"
AMOUNT = "<金额>"
_DOC_DEADLINE = re.compile(
    r"[\d零〇一二三四五六七八九十百两]+\s*(?:个)?(?:日|天|个月|月|年|小时|工作日)(?:内|以内|之内|前)|时效|期限|期间"
)
_DOC_AMOUNT = re.compile(
    r"[\d零〇一二三四五六七八九十百千万两.]+\s*(?:万)?元|百分之[零一二三四五六七八九十]+|倍以下|倍以上"
)
# 好久 in Chongqing speech asks "how long" (扣好久, 好久之内); 好久没人管 / 好久了 is "for a long time"
HOW_LONG_DIALECT = (
    r"好久(?!没|不|以前|了)|好多天(?!了|没|都)"  # Chongqing: how long, how many days (not 堆了好多天了)
)
_Q_DEADLINE = re.compile(
    r"期限|多久|多长时间|多少天|几天|几日|多少日|时限|时效|什么时候|啥时候|多长|过期|期间|" + HOW_LONG_DIALECT
)
_Q_AMOUNT = re.compile(
    r"罚多少|多少钱|罚款数额|数额|上限|下限|多少元|罚款标准|怎么罚|罚款多少|加多少|怎么计算|幅度"
)


class KeywordTokenizer(ChineseTokenizer):
    """Tokens for the keyword index; ``version`` changes whenever the dictionary does (re-tokenize cached docs)."""

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        super().__init__(extra_terms, revision=REVISION)

    def tokens(self, text: str) -> list[str]:
        words = self.words(unicodedata.normalize("NFKC", text).lower())
        return [w for w in words if _KEEP.search(w) and w not in STOPWORDS and not _NUMBERING.match(w)]

    def doc_tokens(self, text: str) -> list[str]:
        tokens = self.tokens(text)
        if _DOC_DEADLINE.search(text):
            tokens.append(DEADLINE)
        if _DOC_AMOUNT.search(text):
            tokens.append(AMOUNT)
        return tokens

    def query_features(self, text: str) -> list[str]:
        return [tok for tok, rx in ((DEADLINE, _Q_DEADLINE), (AMOUNT, _Q_AMOUNT)) if rx.search(text)]


@lru_cache(maxsize=4)
def get_tokenizer(extra_terms: tuple[str, ...] = ()) -> KeywordTokenizer:
    return KeywordTokenizer(extra_terms)
