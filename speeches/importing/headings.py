"""Numbered parts of a speech: which numbering a page uses, and where a heading ends.

Scraped pages glue a part's heading to its first sentence ("…的认识从全局范围来看，…").
The end of the heading is guessed from words that typically end a heading and words that
typically open a sentence; when the guess is not clear-cut the caller marks the speech
for review.
"""

import re
from dataclasses import dataclass

from ..punctuation import (
    COLON,
    COMMA,
    FULLWIDTH_FULL_STOP,
    IDEOGRAPHIC_COMMA,
    LEFT_PARENTHESIS,
    RIGHT_PARENTHESIS,
    SEMICOLON,
    SENTENCE_END,
    either,
)
from .text import is_cjk, sentences

NUMERALS = "一二三四五六七八九十"
MAX_HEADING = 60
# A point's opening sentence up to this long is its heading ("一是压实安全责任。").
MAX_POINT_HEADING = 30
# A short one-sentence paragraph is a heading set as a sentence unless a split point is
# this sure (a heading ending and a sentence opener both present).
STRONG_SPLIT = 4
# Shortest first sentence left after a glued heading: a real sentence, not a fragment.
MIN_GLUED_TAIL = 10

# Words a heading commonly ends with ("…的认识", "…方式方法", "…抓出成效").
HEADING_ENDINGS = (
    "认识",
    "意识",
    "工作",
    "方法",
    "成效",
    "水平",
    "建设",
    "作用",
    "落实",
    "保障",
    "机制",
    "责任",
    "能力",
    "质量",
    "力度",
    "效率",
    "效果",
    "效能",
    "氛围",
    "环境",
    "形象",
    "队伍",
    "作风",
    "导向",
    "任务",
    "目标",
    "重点",
    "实效",
    "基础",
    "合力",
    "局面",
    "举措",
    "措施",
    "体系",
    "制度",
    "意义",
    "问题",
    "要求",
    "部署",
    "台阶",
    "性",
    "感",
    "有序",
    "有力",
    "信心",
    "决心",
    "动力",
    "活力",
    "优势",
    "信念",
    "底线",
    "红线",
    "格局",
    "品牌",
    "精神",
    "使命",
    "有效",
    "落地",
    "见效",
    "发展",
    "稳定",
    "安全",
    "畅通",
    "制度化",
    "规范化",
    "常态化",
    "现代化",
    "法治化",
    "标准化",
    "信息化",
    "一体化",
    "长效化",
)
# Words a body sentence commonly opens with ("近年来，", "从全局范围来看", "针对当前…").
SENTENCE_OPENERS = (
    "近年来",
    "近几年",
    "去年以来",
    "今年以来",
    "一年来",
    "长期以来",
    "从",
    "针对",
    "随着",
    "当前",
    "目前",
    "今年",
    "去年",
    "多年来",
    "我们",
    "大家",
    "同志们",
    "各级",
    "各部门",
    "各单位",
    "各地",
    "广大",
    "基层",
    "机关",
    "全系统",
    "全体",
    "班子",
    "各县区",
    "各乡镇",
    "全市",
    "全县",
    "全区",
    "全省",
    "业务骨干",
    "实践证明",
    "事实证明",
    "同时",
    "此外",
    "特别是",
    "总的来看",
    "为了",
    "为此",
    "根据",
    "按照",
    "通过",
    "在",
    "对于",
    "关于",
    "这次",
    "刚才",
    "众所周知",
    "首先",
    "一是",
    "第一",
)
# "从全局范围来看，" / "从当前情况看，" open a sentence.
_VIEWPOINT = re.compile(rf"从[^{COMMA}{SENTENCE_END}]{{1,10}}看(?={COMMA})")
_CLAUSE_BREAK = re.compile(rf"[{COMMA}{IDEOGRAPHIC_COMMA}{SEMICOLON}{COLON}]")
# A heading does not end inside a prepositional phrase ("各级领导对新闻宣传工作|要…"):
# 对/把/将 need a verb or a "的" after their object.
_OPEN_PREPOSITION = re.compile(
    rf"(?:(?<![针面相绝反应])对(?![接象照比话])|把(?!握)|将(?!来))[^的{COMMA}{IDEOGRAPHIC_COMMA}]*$"
)
# A sentence does not open with a particle or a bare modal verb.
BAD_OPENERS = ("的", "地", "得", "了", "着", "过", "们", "能", "会", "可", "是", "和", "与", "及", "之", "到")
LABEL_END = IDEOGRAPHIC_COMMA + FULLWIDTH_FULL_STOP + "."
MARKER_PUNCTUATION = COMMA + IDEOGRAPHIC_COMMA + COLON
LP, RP = either(LEFT_PARENTHESIS), either(RIGHT_PARENTHESIS)


@dataclass(frozen=True)
class NumberingStyle:
    name: str
    pattern: re.Pattern
    # True when the marker word belongs to the sentence ("一是加强…", "首先，"), not to a
    # label ("一、"): such points are parts only when they carry most of the speech.
    marker_in_sentence: bool = False
    # True when a part of this style has a heading of its own ("一、加强领导"); points
    # ("1．…", "一是…") have one only when their first sentence is short.
    labels_heading: bool = True

    def number(self, paragraph: str):
        """The marker's ordinal (1, 2, …) and the text after it, or None."""
        match = self.pattern.match(paragraph)
        if not match:
            return None
        ordinal = ordinal_of(match.group("n"))
        return (ordinal, paragraph[match.end() :].lstrip()) if ordinal else None


def ordinal_of(token: str):
    if token.isdigit():
        return int(token)
    if token in SEQUENCE_WORDS:
        return SEQUENCE_WORDS[token]
    if not token or any(char not in NUMERALS for char in token):
        return None
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + NUMERALS.index(token[1]) + 1
    if len(token) == 1:
        return NUMERALS.index(token) + 1
    if len(token) == 2 and token.endswith("十"):
        return (NUMERALS.index(token[0]) + 1) * 10
    if len(token) == 3 and token[1] == "十":
        return (NUMERALS.index(token[0]) + 1) * 10 + NUMERALS.index(token[2]) + 1
    return None


SEQUENCE_WORDS = {
    "首先": 1,
    "其次": 2,
    "再次": 3,
    "然后": 3,
    "第一": 1,
    "第二": 2,
    "第三": 3,
    "第四": 4,
    "第五": 5,
    "第六": 6,
    "第七": 7,
    "第八": 8,
    "第九": 9,
    "第十": 10,
    "最后": 99,
}
_N = rf"[{NUMERALS}]{{1,3}}"

# In order of precedence: the first style whose markers run 1, 2, … at paragraph starts wins.
LABEL = NumberingStyle("一、", re.compile(rf"(?P<n>{_N})[{re.escape(LABEL_END)}]"))
PART = NumberingStyle("第一部分", re.compile(rf"第(?P<n>{_N})(?:部分|章|讲|篇|节)[{re.escape(LABEL_END + COLON)}]?\s*"))
ORDINAL_LABEL = NumberingStyle("第一、", re.compile(rf"第(?P<n>{_N})[{re.escape(LABEL_END)}]"))
BARE = NumberingStyle("一", re.compile(rf"(?P<n>{_N})$"))
SUB_LABEL = NumberingStyle("（一）", re.compile(rf"[{LP}](?P<n>{_N})[{RP}]"))
ARABIC = NumberingStyle(
    "1．", re.compile(rf"(?P<n>\d{{1,2}})(?:[{re.escape(LABEL_END)}](?!\d)|\s)"), labels_heading=False
)
SEQUENCE = NumberingStyle(
    "首先",
    re.compile(rf"(?P<n>首先|其次|再次|然后|第[{NUMERALS}]{{1,2}}|最后)[{MARKER_PUNCTUATION}]"),
    marker_in_sentence=True,
    labels_heading=False,
)
POINT = NumberingStyle("一是", re.compile(rf"(?P<n>{_N})是"), marker_in_sentence=True, labels_heading=False)
STYLES = (LABEL, PART, ORDINAL_LABEL, BARE, SUB_LABEL, ARABIC, SEQUENCE, POINT)
SUB_STYLE = SUB_LABEL


def numbered_runs(paragraphs: list, style: NumberingStyle, min_parts: int = 2) -> tuple:
    """(indexes of paragraphs that start a part in this style, first ordinal).

    Markers must run on without a gap; the run may start at 2 (a copy that lost its first
    heading). For 首先/其次/最后 the words only need to rise (最后 closes the run).
    """
    starts, first = [], None
    expected = None
    for index, paragraph in enumerate(paragraphs):
        found = style.number(paragraph)
        if not found:
            continue
        ordinal = found[0]
        if expected is None:
            if ordinal in (1, 2):
                starts, first, expected = [index], ordinal, ordinal + 1
            continue
        rising = style.name == "首先" and ordinal > expected - 1
        if ordinal == expected or rising:
            starts.append(index)
            expected = ordinal + 1
            if ordinal == SEQUENCE_WORDS["最后"]:
                break
    if len(starts) < min_parts:
        return [], None
    return starts, first


@dataclass
class HeadingSplit:
    heading: str
    rest: str
    certain: bool


def _glued_candidates(sentence: str):
    """(score, position) for every point inside a clause where a heading could end."""
    limit = min(len(sentence), MAX_HEADING + 1)
    body_end = len(sentence.rstrip(SENTENCE_END))
    last_comma = sentence.rfind(COMMA, 0, body_end)
    for position in range(4, limit):
        if last_comma < position or body_end - position < MIN_GLUED_TAIL:
            break  # the rest of the sentence has no clause break left, or is too short
        if not (is_cjk(sentence[position - 1]) and is_cjk(sentence[position])):
            continue
        tail = sentence[position:]
        if tail.startswith(BAD_OPENERS):
            continue
        head = sentence[:position]
        ending = head.endswith(HEADING_ENDINGS)
        adverbial = _VIEWPOINT.match(tail)
        opener = adverbial.group() if adverbial else next((w for w in SENTENCE_OPENERS if tail.startswith(w)), "")
        if not (ending or opener):
            continue
        # "强化责任|落实，…" would leave a two-character clause: not a sentence's start.
        if not opener and _CLAUSE_BREAK.search(tail, 0, 4):
            continue
        if _OPEN_PREPOSITION.search(head):
            continue
        # An opener set off by a comma ("实践证明，", "同时，") is a sentence's first words;
        # a one-character opener ("在", "从") alone is too weak a sign.
        score = (
            (2 if ending else 0)
            + (2 if opener else 0)
            + (1 if opener and tail.startswith(COMMA, len(opener)) else 0)
            - (1 if not ending and len(opener) < 2 else 0)
        )
        if score > 0:
            yield score, position


def split_heading(text: str) -> HeadingSplit:
    """Split a numbered paragraph's text (marker removed) into heading and body."""
    if not any(mark in text for mark in SENTENCE_END + SEMICOLON) and len(text) <= MAX_HEADING:
        return HeadingSplit(text, "", True)
    first = sentences(text)[0]
    candidates = sorted(_glued_candidates(first), key=lambda c: (-c[0], c[1]))
    top = candidates[0] if candidates else None
    if first == text and len(text) <= MAX_HEADING and not (top and top[0] >= STRONG_SPLIT):
        return HeadingSplit(text.rstrip(SENTENCE_END), "", True)  # a heading set as a sentence
    if top:
        # Candidates that tie take the earlier one, since headings are short; to be checked.
        clear = len(candidates) == 1 or candidates[1][0] < top[0]
        return HeadingSplit(text[: top[1]], text[top[1] :], clear)
    if len(first) <= MAX_HEADING:
        return HeadingSplit(first.rstrip(SENTENCE_END), text[len(first) :], True)
    clause = _CLAUSE_BREAK.split(first, maxsplit=1)[0]
    return HeadingSplit(clause, text[len(clause) :].lstrip(COMMA + SEMICOLON + COLON), False)


def split_point(text: str, lead: str = "") -> HeadingSplit:
    """A numbered point ("1．…", "一是…", "首先，…"): its opening sentence is its heading
    when it is a short phrase ("一是压实安全责任。") or set in bold; else the point has
    no heading and its text is its body."""
    if lead and text.startswith(lead) and len(lead) <= MAX_HEADING:
        return HeadingSplit(lead.rstrip(SENTENCE_END), text[len(lead) :].lstrip(), True)
    if not any(mark in text for mark in SENTENCE_END + SEMICOLON) and len(text) <= MAX_POINT_HEADING:
        return HeadingSplit(text, "", True)
    first = sentences(text)[0]
    if len(first) <= MAX_POINT_HEADING and first[-1:] in SENTENCE_END and COMMA not in first:
        return HeadingSplit(first.rstrip(SENTENCE_END), text[len(first) :], True)
    return HeadingSplit("", text, True)
