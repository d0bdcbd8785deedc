"""The lines above a speech: title, speaker and post, meeting, date, breadcrumb, teaser.

Pages put a title, a byline ("陈国阳", "省长　胡玉亭"), a date line ("（2010年2月22日）"),
a subtitle ("——2025年1月14日在…会议上"), source lines and a breadcrumb above the
speech, in any order. They are read from the speech upwards: the title is the nearest
title-like line above it, not the first line of the page.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..punctuation import (
    COLON,
    COMMA,
    EM_DASH,
    EXCLAMATION_MARK,
    FULL_STOP,
    FULLWIDTH_GREATER_THAN,
    IDEOGRAPHIC_COMMA,
    IDEOGRAPHIC_SPACE,
    LEFT_BOOK_TITLE,
    LEFT_PARENTHESIS,
    QUESTION_MARK,
    RIGHT_BOOK_TITLE,
    RIGHT_PARENTHESIS,
    SEMICOLON,
    SENTENCE_END,
    either,
)
from . import furniture
from .related import parse_teaser
from .text import cjk_count, full_width_punctuation, squeeze

MAX_TITLE = 120
DERIVED_TITLE = 40
# A title this short may end in ！ or ？.
SHORT_TITLE = 30
C = either(COLON)
LP, RP = f"[{either(LEFT_PARENTHESIS)}]", f"[{either(RIGHT_PARENTHESIS)}]"
NP = f"[^{either(LEFT_PARENTHESIS + RIGHT_PARENTHESIS)}]"  # not a bracket

TITLE_MARKER = re.compile(rf"文章标题[{C}]\s*(?P<title>.+)$")
BREADCRUMB_PREFIX = re.compile(rf"^(?:当前位置|您现在的位置|您的位置|现在位置|位置|所在位置)\s*[{C}]\s*")
BREADCRUMB_SEPARATOR = re.compile(rf"\s*(?:>|{FULLWIDTH_GREATER_THAN}|»|›|→|/|\|)\s*")
# Arrows mark a breadcrumb; "|" and "/" also separate the links of a menu.
BREADCRUMB_ARROW = re.compile(rf"\s*(?:>|{FULLWIDTH_GREATER_THAN}|»|›|→)\s*")
SITE_NAME = re.compile(r"^(?P<site>.+?(?:网站|网|之家|在线|文库))(?P<rest>.+)$")
HOME_WORDS = {"首页", "主页", "网站首页", "返回首页"}
MAX_CATEGORY_LEVELS = 2

ADDRESS_WORDS = (
    "同志们",
    "代表们",
    "各位代表",
    "委员们",
    "各位委员",
    "同学们",
    "老师们",
    "朋友们",
    "来宾",
    "女士们",
    "先生们",
    "各位领导",
    "各位",
    "大家好",
    "同事们",
    "家长们",
    "战友们",
    "青年们",
    "校友们",
    "嘉宾",
    # Traditional characters (kept as they are unless the editor asks for Simplified).
    "同志們",
    "代表們",
    "同學們",
    "老師們",
    "朋友們",
    "同事們",
    "大家好",
)
_ADDRESS = "|".join(ADDRESS_WORDS)
# "同志们：", "尊敬的各位领导、各位来宾：", "老师们，同学们，同志们，朋友们：" — alone or
# opening the first paragraph ("同志们：今天…").
SALUTATION = re.compile(
    rf"^(?:尊敬的|敬爱的|亲爱的)?[^{FULL_STOP}{COLON}{SEMICOLON}]{{0,40}}?(?:{_ADDRESS})"
    rf"[^{FULL_STOP}{COLON}{SEMICOLON}]{{0,24}}?[{C}{EXCLAMATION_MARK}!]"
)
GREETING = re.compile(rf"^(?:大家|各位)?(?:上午|下午|晚上)?好[{EXCLAMATION_MARK}!{FULL_STOP}]$")
GREETING_START = re.compile(r"^(?:大家|各位)(?:上午|下午|晚上)?好")
# A title glued to the first words of the speech: "…座谈会上的讲话同志们：今天…".
GENRES = "讲话稿|发言稿|演讲稿|讲话|发言|致辞|报告|演讲|讲稿|主持词|贺词|总结|讲话提纲|发言提纲|开幕词|闭幕词|演说"
GENRE_WORDS = set(GENRES.split("|"))
GLUED_TITLE = re.compile(
    rf"^(?P<title>[^{FULL_STOP}{EXCLAMATION_MARK}]{{4,80}}?(?:{GENRES})(?:{LP}{NP}{{1,12}}{RP})?)"
    rf"(?P<rest>(?:尊敬的|敬爱的|亲爱的|{_ADDRESS}).+)$"
)
GENRE_END = re.compile(rf"(?:{GENRES})$")
TITLE_SPEAKER_MEETING = re.compile(
    rf"^(?P<speaker>[^在{LEFT_BOOK_TITLE}]{{0,30}}?)在(?P<meeting>.{{2,80}}?(?:会议|大会|会|座谈会|年会|典礼|论坛|仪式|培训班|研讨班|研讨会))"
    rf"(?:上|中)的.{{1,10}}$"
)
# "陈国阳局长《在全市教育系统年度工作会议上的讲话》": name, post, then the title.
NAME_POST_TITLE = re.compile(
    rf"^(?P<speaker>[\u4e00-\u9fff]{{2,4}}?)(?P<post>局长|市长|省长|县长|区长|书记|主任|校长|院长|部长|厅长|主席|总理|委员长|董事长|总经理|同志)"
    rf"{LEFT_BOOK_TITLE}(?P<title>[^{RIGHT_BOOK_TITLE}]+){RIGHT_BOOK_TITLE}$"
)
# "省长　胡玉亭", "市委书记 王某某": a post, a space, a name (read from the raw line).
TRAILING_POST_AND_NAME = re.compile(
    rf"(?<=上)\s*(?P<post>[\u4e00-\u9fff]{{2,12}})[\s{IDEOGRAPHIC_SPACE}\u00a0]+(?P<name>[\u4e00-\u9fff]{{2,4}})$"
)
POST_AND_NAME = re.compile(
    rf"^[\s{IDEOGRAPHIC_SPACE}]*(?P<post>[\u4e00-\u9fff]{{2,16}})[\s{IDEOGRAPHIC_SPACE}\u00a0]+(?P<name>[\u4e00-\u9fff]{{2,4}})[\s{IDEOGRAPHIC_SPACE}]*$"
)
NAME_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
SPEAKER_FIELD = re.compile(
    rf"^(?:演讲人|讲话人|发言人|主讲人|报告人|致辞人|主讲|演讲者)[{C}]\s*(?P<name>[^\s{COMMA}]{{2,12}})$"
)
# "预计时长：5 ~ 8分钟": a short labelled fact.
KEY_VALUE = re.compile(rf"^(?P<key>[\u4e00-\u9fff]{{2,8}})[{C}]\s*\S.{{0,40}}$")
# A title may end in "（摘要）" or "（节选）"; a date in brackets is the delivery date.
TITLE_DATE_SUFFIX = re.compile(
    rf"\s*{LP}(?P<date>{NP}*\d{{4}}\s*年{NP}*|{NP}*[〇○一二三四五六七八九]{{4}}年{NP}*){RP}$"
)
IN_SPEECH_PHRASE = re.compile(
    rf"在[^{COMMA}{FULL_STOP}{SEMICOLON}{COLON}{IDEOGRAPHIC_COMMA}]{{2,40}}?(?:会议|大会|座谈会|典礼|论坛|仪式|年会)上的(?:讲话|发言|报告|致辞|演讲|开幕词|闭幕词)"
)
# Two titles "agree" when one contains the other or they share most of their characters.
TITLES_AGREE_RATIO = 0.5


def is_salutation(text: str) -> bool:
    return len(text) <= 80 and bool(SALUTATION.match(text)) and not text.startswith(("在", "从", "为"))


def is_greeting(text: str) -> bool:
    return bool(GREETING.match(text))


def opens_with_greeting(text: str) -> bool:
    """ "大家好，我是…": a line of its own."""
    return bool(GREETING_START.match(text))


def is_partial_salutation(text: str) -> bool:
    """ "女士们，先生们，" on a line of its own, before "同志们，朋友们："; or a greeting
    ("大家好，我是本次的项目汇报人"): the speech has begun."""
    if GREETING_START.match(text) and len(text) <= 60:
        return True
    return len(text) <= 30 and text[-1:] in COMMA + IDEOGRAPHIC_COMMA and any(word in text for word in ADDRESS_WORDS)


def is_title_like(text: str) -> bool:
    """A line that could be a title: short, Chinese, not a sentence or a salutation."""
    if not text or len(text) > MAX_TITLE or cjk_count(text) < 2:
        return False
    body = text.rstrip(RIGHT_PARENTHESIS + ")")
    if len(body) <= SHORT_TITLE and body[-1:] in EXCLAMATION_MARK + QUESTION_MARK:
        body = body[:-1]  # "欢迎你为“求真”而来！": a title may call out
    if any(mark in body for mark in SENTENCE_END) or body[-1:] in COMMA + SEMICOLON + COLON + IDEOGRAPHIC_COMMA:
        return False
    return not (
        is_salutation(text)
        or GREETING_START.match(text)
        or furniture.is_dropped_line(text)
        or furniture.date_line(text)[0]
    )


def split_glued_title(text: str):
    """(title, rest) when a title runs into the speech's first words, else None."""
    match = GLUED_TITLE.match(text)
    if not match or not is_salutation(match.group("rest")):
        return None
    return match.group("title"), match.group("rest")


@dataclass
class Header:
    title: str = ""
    title_source: str = ""  # "marker", "page", "hint", "derived"
    speaker: str = ""
    speaker_post: str = ""
    meeting_name: str = ""
    delivered_on: object = None
    breadcrumb: str = ""
    subtitle: str = ""
    teaser: object = None
    notes: list = field(default_factory=list)


def read_header(blocks, title_from_marker="") -> Header:
    """Title, byline, date, subtitle and the rest of the lines above the speech."""
    header = Header(title=title_from_marker, title_source="marker" if title_from_marker else "")
    title_at = []  # positions of the title's lines, top first
    first_title_like = next((i for i, b in enumerate(blocks) if is_title_like(b.text)), len(blocks))
    for position in range(len(blocks) - 1, -1, -1):
        block = blocks[position]
        text = block.text
        if block.rule or not text:
            continue
        if _read_meta(header, block, under_title=position > first_title_like):
            continue
        if not header.title and is_title_like(text) and not is_breadcrumb_like(text):
            if title_at and not _one_title(blocks[title_at[0]], block, title_at[0] - position):
                break
            title_at.insert(0, position)
            continue
        if title_at or header.title:
            break
        if furniture.ends_article(text):
            break  # a sidebar above the speech: what is above it is not the speech's header
    if title_at:
        header.title = " ".join(title_text(blocks[position]) for position in title_at)
        header.title_source = "page"
        _split_subtitle(header)
        if header.subtitle:
            header.title += EM_DASH * 2 + header.subtitle
    header.breadcrumb = _breadcrumb(blocks, title_at[0] if title_at else len(blocks), header.title)
    _read_title_suffix(header)
    return header


def title_text(block) -> str:
    """A title line as printed: a space between its phrases stays ("忠实践行“八八战略” 坚决
    做到“两个维护”"); spaces that only spread out short words ("讲　话") go."""
    words = re.sub(rf"[\s{IDEOGRAPHIC_SPACE}]+", " ", full_width_punctuation(block.raw)).strip().split(" ")
    if len(words) == 1 or all(len(word) <= 2 for word in words):
        return block.text
    return " ".join(words)


def _breadcrumb(blocks, title_position, title) -> str:
    """A line with breadcrumb separators or a 当前位置 prefix; else the page's first line
    when it stands above the title (the seed's "范文无忧网演讲发言演讲稿")."""
    for block in blocks:
        if block.text and is_breadcrumb_like(block.text) and block.text != title:
            return block.text
    first = next((i for i, block in enumerate(blocks) if block.text), None)
    if first is None or first >= title_position:
        return ""
    line = blocks[first]
    if is_title_like(line.text) and line.text != title and not line.heading:
        return line.text
    return ""


def _read_meta(header, block, under_title) -> bool:  # noqa: C901 (one branch per kind of header line, in priority order)
    """Take what a header line says (speaker, date, notes); True when it is not a title."""
    text = block.text
    teaser = parse_teaser(text)
    if teaser:
        header.teaser = header.teaser or teaser
        return True
    if furniture.is_source_line(text) or furniture.is_source_note(text):
        header.notes.insert(0, " ".join(block.raw.split()))
        return True
    if furniture.is_meta_line(text):
        return True
    if furniture.is_editor_note(text) or furniture.is_summary_line(text) or furniture.is_preview_notice(text):
        return True
    is_date, day = furniture.date_line(text)
    if is_date:
        header.delivered_on = header.delivered_on or day
        return True
    byline = furniture.BYLINE_WITH_DATE.match(text)
    if byline:
        header.speaker = header.speaker or byline.group("name")
        return True
    subtitle = furniture.SUBTITLE.match(text)
    if subtitle and not header.title:
        _read_subtitle(header, subtitle.group("text"))
        if GENRE_END.search(subtitle.group("text")):
            header.subtitle = subtitle.group("text")  # "——在…会议上的讲话" completes the title
        return True
    post_name = POST_AND_NAME.match(block.raw)
    if post_name and not header.speaker and len(post_name.group("post")) <= 16:
        header.speaker, header.speaker_post = post_name.group("name"), post_name.group("post")
        return True
    speaker = SPEAKER_FIELD.match(text)
    if speaker:
        header.speaker = header.speaker or speaker.group("name")
        return True
    if NAME_ONLY.match(text) and under_title and not block.heading and not header.speaker and not header.title:
        header.speaker = text  # a byline under the title
        return True
    # "预计时长：5分钟", "研究小组：…": facts about the page, not its title
    key_value = KEY_VALUE.match(text)
    return bool(key_value) and not GENRE_END.search(text) and key_value.group("key") not in GENRE_WORDS


def _split_subtitle(header):
    """ "政府工作报告——2024年3月5日在…会议上 国务院总理 李强": the title, then its subtitle."""
    title, dash, subtitle = header.title.partition(EM_DASH * 2)
    if dash and title and not header.subtitle and (furniture.DATE_IN_TEXT.search(subtitle) or "在" in subtitle):
        header.title = title.strip()
        _read_subtitle(header, subtitle)


def _read_subtitle(header, text):
    name = TRAILING_POST_AND_NAME.search(text)
    if name and not header.speaker:
        header.speaker, header.speaker_post = name.group("name"), name.group("post")
        text = text[: name.start()]
    day = furniture.parse_date(furniture.DATE_IN_TEXT.search(text))
    header.delivered_on = header.delivered_on or day
    meeting = furniture.MEETING_IN_SUBTITLE.search(furniture.DATE_IN_TEXT.sub("", text))
    if meeting:
        header.meeting_name = meeting.group("meeting")


def _one_title(below, above, distance) -> bool:
    """Consecutive title lines form one title only when the layout says so (all centred,
    or headings of one level) and nothing stands between them."""
    return distance == 1 and (
        (below.centered and above.centered) or bool(below.heading and below.heading == above.heading)
    )


def is_breadcrumb_like(text: str) -> bool:
    if BREADCRUMB_PREFIX.match(text):
        return True
    parts = [part for part in BREADCRUMB_ARROW.split(text) if part]
    return len(text) <= 80 and (len(parts) >= 3 or (len(parts) == 2 and parts[0] in HOME_WORDS))


def _read_title_suffix(header):
    """ "在…上的讲话（2010年2月22日）": the bracketed date leaves the title."""
    match = TITLE_DATE_SUFFIX.search(header.title)
    if match and len(header.title) > len(match.group()) + 4:
        day = furniture.parse_date(furniture.DATE_IN_TEXT.search(match.group("date")))
        header.delivered_on = header.delivered_on or day
        header.title = header.title[: match.start()].strip()


def split_breadcrumb(line: str, known: set):
    """(site name, category path, certain) from "site > 栏目 > 子栏目" (separators optional)."""
    line = BREADCRUMB_PREFIX.sub("", line)
    parts = [part for part in BREADCRUMB_SEPARATOR.split(line) if part]
    if len(parts) >= 2:
        site = "" if parts[0] in HOME_WORDS else parts[0]
        path = [part for part in parts[1:] if part not in HOME_WORDS]
        return site, _two_levels(path), bool(path)
    match = SITE_NAME.match(line)
    site, rest = (match.group("site"), match.group("rest")) if match else ("", line)
    if rest in known:
        return site, [rest], True
    for cut in range(1, len(rest)):
        if rest[:cut] in known and rest[cut:] in known:
            return site, [rest[:cut], rest[cut:]], True
    return site, [rest], False


def _two_levels(path):
    return [path[0], path[-1]] if len(path) > MAX_CATEGORY_LEVELS else path


def speaker_and_meeting(title: str):
    """("局领导", "信访宣传工作会议") from "局领导在信访宣传工作会议上的讲话", else ("", "")."""
    match = TITLE_SPEAKER_MEETING.match(title)
    if match:
        return match.group("speaker"), match.group("meeting")
    return "", ""


def name_and_post(hint: str):
    """("陈国阳", "局长", title) from "陈国阳局长《在…上的讲话》", else None."""
    match = NAME_POST_TITLE.match(hint)
    return (match.group("speaker"), match.group("post"), match.group("title")) if match else None


def titles_agree(one: str, other: str) -> bool:
    one, other = squeeze(one), squeeze(other)
    if not one or not other:
        return True
    if one in other or other in one:
        return True
    return SequenceMatcher(None, one, other).ratio() >= TITLES_AGREE_RATIO


def derive_title(paragraphs) -> str:
    """A title for a speech whose page has none: the 在…上的讲话 phrase it names, else its
    first sentence, cut at a clause break within 40 characters."""
    text = "".join(paragraphs)
    phrase = IN_SPEECH_PHRASE.search(text[:3000])
    if phrase:
        return phrase.group()
    prose = [p for p in paragraphs if not (is_salutation(p) and len(p) < 30) and not GREETING_START.match(p)]
    first = re.split(rf"[{SENTENCE_END}]", prose[0], maxsplit=1)[0] if prose else ""
    first = first.strip(COMMA + SEMICOLON + COLON)
    if len(first) <= DERIVED_TITLE:
        return first
    # Cut at the last clause break that fits, not in the middle of a word.
    cut = max(first.rfind(mark, 0, DERIVED_TITLE + 1) for mark in COMMA + SEMICOLON + IDEOGRAPHIC_COMMA)
    return first[:cut] if cut >= DERIVED_TITLE // 4 else first[:DERIVED_TITLE]
