"""Character-level clean-up of scraped Chinese text."""

import re

CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "。,、;:?!“”‘’《》()〔〕【】…—"
# Scraped pages often turn full-width punctuation into ASCII; put it back next to Chinese.
FULL_WIDTH = {",": ",", ":": ":", ";": ";", "?": "?", "!": "!", "(": "(", ")": ")"}
_ASCII_PUNCT_NEAR_CJK = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}])[,:;?!()]|[,:;?!()](?=[{CJK}{CJK_PUNCT}])"
)
_SPACE_BETWEEN_CJK = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}])[ \t\u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}])"
    rf"|(?<=[{CJK_PUNCT}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{CJK_PUNCT}])"
)
SENTENCE_END = "。!?"
# A paragraph ending in one of these is complete; anything else was cut by the page layout.
PARAGRAPH_END = "。!?;:…”’」』)"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[”’」』)]?|$)")


def full_width_punctuation(text: str) -> str:
    return _ASCII_PUNCT_NEAR_CJK.sub(lambda m: FULL_WIDTH[m.group()], text)


_SPACES = re.compile(r"[ \t\u3000\u00a0]")


def tidy_spaces(text: str) -> str:
    """Drop layout spaces around Chinese text; keep spaces between Latin words."""
    if not _SPACES.search(text):
        return text
    return re.sub(r"[ \t\u3000\u00a0]+", " ", _SPACE_BETWEEN_CJK.sub("", text)).strip()


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def sentences(text: str) -> list:
    """Split after 。!? (keeping a closing quote with its sentence)."""
    return [s for s in _SENTENCE.findall(text) if s]


def ends_paragraph(text: str) -> bool:
    return bool(text) and text[-1] in PARAGRAPH_END


def open_book_title(text: str) -> bool:
    """True when a 《 is still open at the end of the text (a title cut by the layout)."""
    return text.count("《") > text.count("》")
