"""延伸阅读 entries and teasers: another article's title glued to its excerpt."""

import re

from ..punctuation import COLON, COMMA, ELLIPSIS, FULL_STOP, LEFT_BLACK_LENTICULAR, RIGHT_BLACK_LENTICULAR
from .parsed import RelatedEntry

# Words an article title ends with; consecutive ones chain ("总结" + "讲话", "发言" + "提纲").
TITLE_ENDINGS = (
    "讲话稿",
    "发言稿",
    "演讲稿",
    "讲话",
    "发言",
    "演讲",
    "致辞",
    "贺词",
    "主持词",
    "报告",
    "总结",
    "提纲",
    "心得体会",
    "体会",
    "汇报",
    "意见",
    "方案",
    "讲稿",
    "串词",
    "感言",
    "倡议书",
    "表态",
    "动员",
    "材料",
)
MAX_TITLE = 60
_TITLE_ENDING = re.compile("|".join(sorted(TITLE_ENDINGS, key=len, reverse=True)))
TRUNCATION = re.compile(rf"(?:\.{{2,}}|{ELLIPSIS}+|{FULL_STOP}{{3,}})$")
LB, RB = LEFT_BLACK_LENTICULAR, RIGHT_BLACK_LENTICULAR
TEASER = re.compile(rf"^[\[{LB}](?P<title>[^\]{RB}]{{2,80}})[\]{RB}](?P<excerpt>.*?)\+?阅读$")
# Where an entry's title ends when it has no genre word: at the first space or mark.
_TITLE_STOP = re.compile(rf"[ {COMMA}{FULL_STOP}{COLON}]")


def clean_excerpt(text: str, title: str) -> str:
    """Drop the site's "..." truncation mark and a title repeated at the excerpt's start."""
    text = TRUNCATION.sub("", text.strip()).strip()
    if text.startswith(title):
        text = text[len(title) :].lstrip()
    return text


def split_entry(line: str):
    """(RelatedEntry, certain) from "title + excerpt" on one line."""
    match = _TITLE_ENDING.search(line, 0, MAX_TITLE + 8)
    if match and match.start() < MAX_TITLE:
        # Chain endings so that "…阶段总结讲话" and "…发言提纲" stay whole.
        end = match.end()
        while chained := _TITLE_ENDING.match(line, end):
            end = chained.end()
        title = line[:end]
        return RelatedEntry(title, clean_excerpt(line[end:], title)), True
    title = _TITLE_STOP.split(line, maxsplit=1)[0][:MAX_TITLE]
    return RelatedEntry(title, clean_excerpt(line[len(title) :], title)), False


def parse_teaser(line: str):
    """A "[title]excerpt...+阅读" teaser for another article, or None."""
    match = TEASER.match(line)
    if not match:
        return None
    title = match.group("title").strip()
    return RelatedEntry(title, clean_excerpt(match.group("excerpt"), title))
