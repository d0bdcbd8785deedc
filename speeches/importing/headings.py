"""Numbered parts of a speech: which numbering a page uses, and where a heading ends.

Scraped pages glue a part's heading to its first sentence ("…的认识从全局范围来看,…").
The end of the heading is guessed from words that typically end a heading and words that
typically open a sentence; when the guess is not clear-cut the caller marks the speech
for review.
"""

import re
from dataclasses import dataclass

from .text import SENTENCE_END, is_cjk, sentences

NUMERALS = "一二三四五六七八九十"
MAX_HEADING = 60
# Shortest first sentence left after a glued heading: a real sentence, not a fragment.
MIN_GLUED_TAIL = 10

# Words a heading commonly ends with ("…的认识", "…方式方法", "…抓出成效").
HEADING_ENDINGS = (
    "认识", "意识", "工作", "方法", "成效", "水平", "建设", "作用", "落实", "保障", "机制",
    "责任", "能力", "质量", "力度", "效率", "效果", "效能", "氛围", "环境", "形象", "队伍",
    "作风", "导向", "任务", "目标", "重点", "实效", "基础", "合力", "局面", "举措", "措施",
    "体系", "制度", "意义", "问题", "要求", "部署", "台阶", "性", "感", "有序", "有力",
    "有效", "落地", "见效", "发展", "稳定", "安全", "畅通", "制度化", "规范化", "常态化",
    "现代化", "法治化", "标准化", "信息化", "一体化", "长效化",
)
# Words a body sentence commonly opens with ("近年来,", "从全局范围来看", "针对当前…").
SENTENCE_OPENERS = (
    "近年来", "近几年", "从", "针对", "随着", "当前", "目前", "今年", "去年", "多年来",
    "我们", "大家", "同志们", "各级", "各部门", "各单位", "各地", "广大", "基层", "机关",
    "全系统", "全体", "班子", "各县区", "各乡镇", "全市", "全县", "全区", "全省", "业务骨干", "实践证明", "事实证明", "同时", "此外", "特别是",
    "总的来看", "为了", "为此", "根据", "按照", "通过", "在", "对于", "关于", "这次", "刚才",
    "众所周知", "首先", "一是", "第一",
)
# "从全局范围来看," / "从当前情况看," open a sentence.
_VIEWPOINT = re.compile(r"从[^,。]{1,10}看(?=,)")
_CLAUSE_BREAK = re.compile(r"[,、;:]")
# A sentence does not open with a particle or a bare modal verb.
# A heading does not end inside a prepositional phrase ("各级领导对新闻宣传工作|要…"):
# 对/把/将 need a verb or a "的" after their object.
_OPEN_PREPOSITION = re.compile(r"(?:(?<![针面相绝反应])对(?![接象照比话])|把(?!握)|将(?!来))[^的,、]*$")
BAD_OPENERS = ("的", "地", "得", "了", "着", "过", "们", "能", "会", "可", "是", "和", "与", "及", "之", "到")


@dataclass(frozen=True)
class NumberingStyle:
    name: str
    pattern: re.Pattern
    # True when the marker word belongs to the sentence ("一是加强…"), not to a label ("一、").
    marker_in_sentence: bool = False

    def number(self, paragraph: str):
        """The marker's ordinal (1, 2, …) and the text after it, or None."""
        match = self.pattern.match(paragraph)
        if not match:
            return None
        ordinal = ordinal_of(match.group("n"))
        return (ordinal, paragraph[match.end():].lstrip()) if ordinal else None


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


SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "然后": 3, "第三": 3, "第四": 4, "最后": 99}

# In order of precedence: the first style whose markers run 1, 2, … at paragraph starts wins.
STYLES = (
    NumberingStyle("一、", re.compile(rf"(?P<n>[{NUMERALS}]{{1,3}})[、.．]")),
    NumberingStyle("第一、", re.compile(rf"第(?P<n>[{NUMERALS}]{{1,3}})(?:[、,:.．]|部分)")),
    NumberingStyle("(一)", re.compile(rf"[((](?P<n>[{NUMERALS}]{{1,3}})[))]")),
    NumberingStyle("1.", re.compile(r"(?P<n>\d{1,2})(?:[、.．](?!\d)|\s)")),
    NumberingStyle("首先", re.compile(r"(?P<n>首先|其次|再次|然后|第三|第四|最后)[,、:]?"), True),
    NumberingStyle("一是", re.compile(rf"(?P<n>[{NUMERALS}]{{1,3}})是"), True),
)
SUB_STYLE = STYLES[2]


def numbered_runs(paragraphs: list, style: NumberingStyle) -> list:
    """Indexes of paragraphs that start a part in this style, numbered 1, 2, 3 … in order.

    For 首先/其次/最后 the words only need to rise (最后 closes the run).
    """
    starts = []
    expected = 1
    for index, paragraph in enumerate(paragraphs):
        found = style.number(paragraph)
        if not found:
            continue
        ordinal = found[0]
        if ordinal == expected or (style.name == "首先" and starts and ordinal > expected - 1):
            starts.append(index)
            expected = ordinal + 1
            if ordinal == SEQUENCE_WORDS["最后"]:
                break
    return starts if len(starts) >= 2 else []


def choose_style(paragraphs: list):
    """The page's top-level numbering style and the paragraphs that start its parts."""
    for style in STYLES:
        starts = numbered_runs(paragraphs, style)
        if starts:
            return style, starts
    return None, []


@dataclass
class HeadingSplit:
    heading: str
    rest: str
    certain: bool


def _glued_candidates(sentence: str):
    """(score, position) for every point inside a clause where a heading could end."""
    limit = min(len(sentence), MAX_HEADING + 1)
    body_end = len(sentence.rstrip(SENTENCE_END))
    last_comma = sentence.rfind(",", 0, body_end)
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
        # "强化责任|落实,…" would leave a two-character clause: not a sentence's start.
        if not opener and _CLAUSE_BREAK.search(tail, 0, 4):
            continue
        if _OPEN_PREPOSITION.search(head):
            continue
        # An opener set off by a comma ("实践证明,", "同时,") is a sentence's first words;
        # a one-character opener ("在", "从") alone is too weak a sign.
        score = (
            (2 if ending else 0)
            + (2 if opener else 0)
            + (1 if opener and tail.startswith(",", len(opener)) else 0)
            - (1 if not ending and len(opener) < 2 else 0)
        )
        if score > 0:
            yield score, position


def split_heading(text: str) -> HeadingSplit:
    """Split a numbered paragraph's text (marker removed) into heading and body."""
    if not any(mark in text for mark in SENTENCE_END + ";") and len(text) <= MAX_HEADING:
        return HeadingSplit(text, "", True)
    first = sentences(text)[0]
    candidates = sorted(_glued_candidates(first), key=lambda c: (-c[0], c[1]))
    top = candidates[0] if candidates else None
    clear = top and (len(candidates) == 1 or candidates[1][0] < top[0])
    if clear:
        return HeadingSplit(text[: top[1]], text[top[1]:], True)
    if top:
        # Candidates tie: the earlier one, since headings are short; to be checked.
        return HeadingSplit(text[: top[1]], text[top[1]:], False)
    if len(first) <= MAX_HEADING:
        return HeadingSplit(first.rstrip(SENTENCE_END), text[len(first):], True)
    if top:
        return HeadingSplit(text[: top[1]], text[top[1]:], False)
    clause = re.split(r"[,;:]", first, maxsplit=1)[0]
    return HeadingSplit(clause, text[len(clause):].lstrip(",;:"), False)
