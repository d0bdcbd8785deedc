"""What a line of a page is when it is not speech: site furniture, source and date lines,
bylines, notes. Plain functions on cleaned lines (text.clean_line), no database.

Furniture comes in three kinds, and the parser treats them differently:
- words that end the article (推荐阅读, 上一篇, 【打印正文】, 版权所有 …) once the speech has
  started; before it they are a sidebar and only skipped;
- lines dropped wherever they stand (source and byline lines, 文库 preview notices);
- the notes block of a book (a rule, then 注释 and 〔1〕 …), dropped to the end.
"""

import re
from datetime import date

from ..punctuation import (
    COLON,
    COMMA,
    EM_DASH,
    FULL_STOP,
    IDEOGRAPHIC_COMMA,
    LEFT_BLACK_LENTICULAR,
    LEFT_BOOK_TITLE,
    LEFT_PARENTHESIS,
    LEFT_TORTOISE_SHELL,
    RIGHT_BLACK_LENTICULAR,
    RIGHT_BOOK_TITLE,
    RIGHT_PARENTHESIS,
    RIGHT_TORTOISE_SHELL,
    either,
)

C = f"[{either(COLON)}]"  # ：or :
LP, RP = f"[{either(LEFT_PARENTHESIS)}]", f"[{either(RIGHT_PARENTHESIS)}]"
NP = f"[^{either(LEFT_PARENTHESIS + RIGHT_PARENTHESIS)}]"  # not a bracket
LB, RB = LEFT_BLACK_LENTICULAR, RIGHT_BLACK_LENTICULAR

# Once the speech has begun, these open the page's footer: nothing after them is speech.
ARTICLE_END = re.compile(
    rf"^(?:[{LB}\[]?\s*(?:推荐阅读|相关阅读|相关文章|相关推荐|相关链接|热门文章|热门推荐|猜你喜欢|图文推荐|栏目列表|"
    rf"最新文章|精彩推荐|上一篇|下一篇|上一篇文章|下一篇文章|返回顶部|返回列表|返回首页|打印正文|打印本页|打印此文|"
    rf"关闭窗口|关闭本页|网站地图|版权所有|预览结束|分享到)|Copyright|©|.*ICP[备证]|.*公网安备)",
    re.I,
)
# The page's further-reading block ("延伸阅读：" and its entries).
RELATED_HEADING = re.compile(rf"^延伸阅读{C}?\s*(?P<rest>.*)$")
# Page links and empty link brackets the layout leaves inside the text ("12全文查看", "[]").
JUNK = re.compile(rf"(?:\d\s*){{1,8}}全文查看|全文查看|\[\s*\]|{LB}\s*{RB}|上一页|下一页")
JUNK_HINTS = ("全文查看", "[", LB, "一页")

_META_FIELDS = (
    "来源|信息来源|文章来源|稿件来源|新闻来源|出处|作者|投稿人|投稿|发布者|发布人|发布时间|发布日期|更新时间|时间|日期|"
    "编辑|责任编辑|审核|审核人|点击数|点击|浏览次数|浏览|阅读次数|阅读|字号|字体|所在栏目|栏目|分类|关键词|关键字|标签|"
    "来源网站|录入|整理"
)
# A byline or source line: "文章来源：本站原创 作者：佚名 发布时间：…", "投稿人：佚名 发布时间：…".
META_LINE = re.compile(rf"^{LB}?\s*(?:{_META_FIELDS})\s*{C}")
META_FIELD = re.compile(rf"(?:{_META_FIELDS})\s*{C}")
# The seed's date/editor line: "11月23日 编辑 fanwen51.com".
DATE_EDITOR_LINE = re.compile(r"^(?:\d{4}[-年/.])?\d{1,2}[-月/.]\d{1,2}日?\s*(?:编辑|来源|作者|发布)")
# "【字体：大 中 小】", "【打印】【关闭】".
BRACKETED_TOOLS = re.compile(rf"^(?:{LB}[^{RB}]{{0,12}}{RB}\s*)+$")
# "（新华社北京4月24日电）", "（信息来源：浙江发布）", "(来源：人民网-人民日报)": a source note.
SOURCE_NOTE = re.compile(
    rf"^(?:{LP}\s*(?:{NP}{{0,20}}(?:社|网|台|报){NP}{{0,16}}电|(?:信息|文章|稿件|新闻)?来源{C}{NP}{{1,40}}"
    rf"|转自{NP}{{1,40}}|据{NP}{{1,30}}报道)\s*{RP}\s*)+$"
)
# A news agency dateline opening the first paragraph: "新华社北京4月24日电 胡锦涛…".
_NP_CLAUSE = f"[^{either(LEFT_PARENTHESIS + RIGHT_PARENTHESIS)}{COMMA}{FULL_STOP}]"
DATELINE_PREFIX = re.compile(
    rf"^{LP}?{_NP_CLAUSE}{{0,12}}(?:社|网){_NP_CLAUSE}{{0,10}}\d{{1,2}}月\d{{1,2}}日电{RP}?\s*"
)
# 文库/范文 preview notices around a paywalled copy.
PREVIEW_NOTICE = re.compile(
    r"^(?:内容预览|全文预览|文档预览|本文预览|预览内容|全文共\s*\d+\s*字|本文共\s*\d+\s*(?:字|页)|.*仅供站内会员|.*会员(?:可|才能)|"
    r".*(?:扫码|扫一扫|扫描二维码)|.*(?:下载|复制)(?:全文|本文|完整版)|.*(?:立即|免费)下载|.*VIP|点击(?:查看|阅读)全文|"
    r"(?:以下|下面)(?:为|是)?(?:预览|内容预览))",
    re.I,
)
SUMMARY_LINE = re.compile(rf"^(?:内容摘要|文章摘要|内容简介|摘要|导读|内容提要|提要){C}")
# An editor's note before a reprinted speech: "现摘录陈国阳局长《…》，希全体教工认真学习！".
EDITOR_NOTE = re.compile(
    rf"^(?:编者按|编者的话|编者注|按{C}|编按)|^(?:现|特|今|兹)?(?:摘录|转发|刊发|刊登|转载|全文刊登|印发|摘编)"
    rf"[^{LEFT_BOOK_TITLE}]{{0,30}}{LEFT_BOOK_TITLE}.+{RIGHT_BOOK_TITLE}"
)
# A book's or a site's note on where the speech was given, opening the text:
# "这是毛泽东在延安干部会上所作的报告。这篇报告和…".
OCCASION_NOTE = re.compile(
    rf"^(?:这是|本文是|本篇是|这篇(?:讲话|报告|文章)?是)[^{FULL_STOP}]{{0,40}}在[^{FULL_STOP}]{{1,40}}(?:上|中)"
    rf"[^{FULL_STOP}]{{0,10}}(?:讲话|报告|演说|演讲|闭幕词|开幕词|发言|谈话|致辞|结论|提纲|总结){FULL_STOP}"
)
# A presenter's cue, not words spoken: "（切换到下一页）", "(多媒体状态：展示首屏…)".
PRESENTATION_CUE = re.compile(rf"^{LP}{NP}*(?:切换|幻灯片|PPT|多媒体|播放|屏幕|下一页|背景音乐|视频){NP}*{RP}$", re.I)
# Book apparatus after the speech: a line reading 注释 (any spacing), or numbered notes.
NOTES_HEADING = re.compile(rf"^(?:注\s*释|注{C}|注释{C}|附注|参考文献|尾注)\s*$|^注\s*释\s*{C}?$")
NOTE_LINE = re.compile(
    rf"^(?:\[\d{{1,3}}\]|{LEFT_TORTOISE_SHELL}\d{{1,3}}{RIGHT_TORTOISE_SHELL}|[\u2460-\u2473\u2474-\u2487])"
)
# In-text marks pointing at notes: ⑴, 〔1〕, [1], ①.
NOTE_MARK = re.compile(
    rf"[\u2474-\u2487]|{LEFT_TORTOISE_SHELL}\d{{1,3}}{RIGHT_TORTOISE_SHELL}|\[\d{{1,3}}\]|[\u2460-\u2473]"
)
# "（《毛泽东选集》第五卷，人民出版社1977年4月第1版，第313--329页）".
BIBLIOGRAPHY = re.compile(
    rf"^{LP}?{LEFT_BOOK_TITLE}[^{RIGHT_BOOK_TITLE}]+{RIGHT_BOOK_TITLE}{NP}*(?:出版社|版){NP}*{RP}?$"
)

CHINESE_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER = "[〇○零一二三四五六七八九十]"
_YEAR = rf"(?P<year>\d{{4}}|{_CN_NUMBER}{{4}})"
_MONTH = rf"(?P<month>\d{{1,2}}|{_CN_NUMBER}{{1,3}})"
_DAY = rf"(?P<day>\d{{1,2}}|{_CN_NUMBER}{{1,3}})"
# "（2010年2月22日）", "（一九四二年五月）", "2025年1月14日", "2018.05.21", "2010-02-22".
# A bracketed date may name the occasion too: "（2025年9月30日，晚上）", "（2010年3月，北京）".
DATE_LINE = re.compile(
    rf"^{LP}?\s*{_YEAR}\s*年\s*{_MONTH}\s*月(?:\s*{_DAY}\s*日)?(?:\s*[{COMMA}{IDEOGRAPHIC_COMMA}]{NP}{{1,12}})?\s*{RP}?$"
)
DOTTED_DATE_LINE = re.compile(rf"^{LP}?\s*{_YEAR}[.\-/]{_MONTH}[.\-/]{_DAY}\s*{RP}?$")
DATE_IN_TEXT = re.compile(rf"{_YEAR}\s*年\s*{_MONTH}\s*月\s*{_DAY}\s*日")
# A name with a date glued on: "张杨含笑2018.05.21".
BYLINE_WITH_DATE = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,4})\s*(?P<date>(?:\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日))$"
)
# A subtitle line: "——2025年1月14日在吉林省第十四届人民代表大会第四次会议上".
SUBTITLE = re.compile(rf"^[{EM_DASH}\-]{{1,2}}\s*(?P<text>.+)$")
MEETING_IN_SUBTITLE = re.compile(r"在(?P<meeting>.{2,80}?)(?:上|中)(?:的(?:讲话|发言|报告|致辞|演讲|工作报告))?$")


def ends_article(line: str) -> bool:
    return bool(ARTICLE_END.match(line))


def strip_junk(line: str) -> str:
    if any(hint in line for hint in JUNK_HINTS):
        line = JUNK.sub("", line).strip()
    return line


def is_meta_line(line: str) -> bool:
    """Source, byline, date/editor and page-tool lines: never speech."""
    return is_source_line(line) or bool(BRACKETED_TOOLS.match(line))


def is_source_line(line: str) -> bool:
    """A line saying where and when a page was published ("文章来源：… 发布时间：…")."""
    return bool(
        META_LINE.match(line)
        or DATE_EDITOR_LINE.match(line)
        or (len(META_FIELD.findall(line)) >= 2 and len(line) <= 120)
    )


def is_source_note(line: str) -> bool:
    return bool(SOURCE_NOTE.match(line))


def is_preview_notice(line: str) -> bool:
    return len(line) <= 60 and bool(PREVIEW_NOTICE.match(line))


def is_summary_line(line: str) -> bool:
    """ "内容摘要：…" above a 范文 copy: the site's summary, which repeats the opening."""
    return bool(SUMMARY_LINE.match(line))


def is_editor_note(line: str) -> bool:
    return len(line) <= 200 and bool(EDITOR_NOTE.match(line))


def is_occasion_note(line: str) -> bool:
    """A note opening the text on where the speech was given (dropped only at the top)."""
    return bool(OCCASION_NOTE.match(line))


def is_dropped_line(line: str) -> bool:
    """Lines dropped wherever they stand in the speech."""
    return (
        is_meta_line(line)
        or is_source_note(line)
        or is_preview_notice(line)
        or bool(BIBLIOGRAPHY.match(line) or PRESENTATION_CUE.match(line))
    )


def starts_notes(line: str, next_line: str = "") -> bool:
    """The start of a book's notes: 注释, or a first numbered note."""
    return bool(NOTES_HEADING.match(line)) or (bool(NOTE_LINE.match(line)) and bool(NOTE_LINE.match(next_line or line)))


def strip_note_marks(text: str) -> str:
    return NOTE_MARK.sub("", text)


def _number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)
    value = 0
    for char in token:
        value = value * 10 + CHINESE_DIGITS[char]
    return value


def parse_date(match):
    """A date from a DATE_LINE / DATE_IN_TEXT match, or None when it has no day or is not a date."""
    if not match or not match.group("day"):
        return None
    try:
        return date(_number(match.group("year")), _number(match.group("month")), _number(match.group("day")))
    except (ValueError, KeyError):
        return None


def date_line(line: str):
    """(is a date line, the date when it names a whole day)."""
    match = DATE_LINE.match(line) or DOTTED_DATE_LINE.match(line)
    return (True, parse_date(match)) if match else (False, None)
