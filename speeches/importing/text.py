"""Character-level clean-up of Chinese text from pages, Word files and the clipboard."""

import re

from ..punctuation import (
    ASCII_TO_FULL_WIDTH,
    CJK_PUNCTUATION,
    CLOSING_MARKS,
    COLON,
    ELLIPSIS,
    IDEOGRAPHIC_SPACE,
    LEFT_BOOK_TITLE,
    LEFT_PARENTHESIS,
    RIGHT_BOOK_TITLE,
    RIGHT_PARENTHESIS,
    SEMICOLON,
    SENTENCE_END,
)

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_ASCII_MARKS = re.escape("".join(ASCII_TO_FULL_WIDTH))
# An ASCII look-alike touching Chinese text (a character or a Chinese mark) is the
# full-width mark the page lost; "1.5" or "(a)" between Latin text stays as it is.
_ASCII_PUNCT_NEAR_CJK = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCTUATION}])[{_ASCII_MARKS}]+|[{_ASCII_MARKS}]+(?=[{CJK}{CJK_PUNCTUATION}])"
)
LAYOUT_SPACE = rf"[ \t{IDEOGRAPHIC_SPACE}\u00a0]"
_SPACE_BETWEEN_CJK = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCTUATION}]){LAYOUT_SPACE}+(?=[{CJK}{CJK_PUNCTUATION}])"
    rf"|(?<=[{CJK_PUNCTUATION}]){LAYOUT_SPACE}+|{LAYOUT_SPACE}+(?=[{CJK_PUNCTUATION}])"
)
_SPACES = re.compile(LAYOUT_SPACE)
# Zero-width characters, soft hyphens and C0/C1 controls (tabs and newlines aside) carry
# nothing a reader sees.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]"
)

# A paragraph ending in one of these is complete; anything else was cut by the page layout.
PARAGRAPH_END = SENTENCE_END + SEMICOLON + COLON + ELLIPSIS + CLOSING_MARKS
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[{CLOSING_MARKS}]?|$)")


_ASCII_PARENTHESES = re.compile(r"\((?P<inner>[^()\n]{1,60})\)")
_CJK_CHAR = re.compile(rf"[{CJK}{CJK_PUNCTUATION}]")


def _parentheses(match) -> str:
    """A bracketed pair turns full width as a pair: "(1)要" must not become "(1）要"."""
    text, start, end = match.string, match.start(), match.end()
    near = text[start - 1 : start] + match.group("inner") + text[end : end + 1]
    if not _CJK_CHAR.search(near):
        return match.group()
    return LEFT_PARENTHESIS + match.group("inner") + RIGHT_PARENTHESIS


def full_width_punctuation(text: str) -> str:
    if "(" in text:
        text = _ASCII_PARENTHESES.sub(_parentheses, text)
    return _ASCII_PUNCT_NEAR_CJK.sub(lambda m: "".join(ASCII_TO_FULL_WIDTH[c] for c in m.group()), text)


def drop_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def tidy_spaces(text: str) -> str:
    """Drop layout spaces around Chinese text; keep spaces between Latin words."""
    if not _SPACES.search(text):
        return text
    return re.sub(rf"{LAYOUT_SPACE}+", " ", _SPACE_BETWEEN_CJK.sub("", text)).strip()


def clean_line(text: str) -> str:
    """One line as the parser reads it: visible characters, full-width marks, tidy spaces."""
    return tidy_spaces(full_width_punctuation(drop_invisible(text)))


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


_CJK_CHARACTER = re.compile(f"[{CJK}]")


def cjk_count(text: str) -> int:
    return len(_CJK_CHARACTER.findall(text))


def sentences(text: str) -> list:
    """Split after 。！？ (keeping a closing quote with its sentence)."""
    return [s for s in _SENTENCE.findall(text) if s]


def ends_paragraph(text: str) -> bool:
    return bool(text) and text[-1] in PARAGRAPH_END


def ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip(CLOSING_MARKS)[-1:] in SENTENCE_END


def open_book_title(text: str) -> bool:
    """True when a 《 is still open at the end of the text (a title cut by the layout)."""
    return text.count(LEFT_BOOK_TITLE) > text.count(RIGHT_BOOK_TITLE)


def squeeze(text: str) -> str:
    """Text without any white space: for comparing two copies of the same words."""
    return re.sub(r"\s+", "", text).replace(IDEOGRAPHIC_SPACE, "")
