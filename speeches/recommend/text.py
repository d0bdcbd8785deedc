"""Keyword vectors of speeches: plain functions, no database."""

import math
import re

from speeches.segmentation import keywords

from .weights import KEYWORD_TEXT_CHARS, KEYWORDS_PER_SPEECH

_MARKUP = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;")
_SPACE = re.compile(r"\s+")
# A keyword must hold a letter, digit or CJK character: jieba keeps some symbols as words.
_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")


def keyword_text(title: str, summary: str, headings, bodies) -> str:
    """The start of a speech as plain text: title, summary and headings first, then the body.

    Only KEYWORD_TEXT_CHARS characters are segmented: enough to know what a speech is
    about, and it keeps a full rebuild of 100,000 speeches within minutes.
    """
    pieces = [title, summary, *headings, *bodies]
    text = " ".join(_SPACE.sub(" ", _MARKUP.sub(" ", piece or "")).strip() for piece in pieces)
    return text[:KEYWORD_TEXT_CHARS]


def keyword_vector(text: str) -> dict[str, float]:
    """The text's TF-IDF keywords as a unit-length vector {word: weight}."""
    pairs = [
        (word, weight) for word, weight in keywords(text, KEYWORDS_PER_SPEECH) if _WORDLIKE.search(word) and weight > 0
    ]
    norm = math.sqrt(sum(weight * weight for _, weight in pairs))
    if not norm:
        return {}
    return {word[:40]: weight / norm for word, weight in pairs}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length vectors: the dot product over shared words."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b[word] for word, weight in a.items() if word in b)
