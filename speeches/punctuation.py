"""Full-width punctuation of Chinese text, named once.

Real Chinese text uses full-width marks (，：；！？（）) and the ideographic space; scraped
pages and code typed on an ASCII keyboard often carry their ASCII look-alikes. Code that
matches or writes these marks uses the names below (escapes, never literal marks), so a
mark can not silently turn into its ASCII twin in an editor or a copy-paste.
"""

import re

COMMA = "\uff0c"  # ，
IDEOGRAPHIC_COMMA = "\u3001"  # 、
FULL_STOP = "\u3002"  # 。
COLON = "\uff1a"  # ：
SEMICOLON = "\uff1b"  # ；
QUESTION_MARK = "\uff1f"  # ？
EXCLAMATION_MARK = "\uff01"  # ！
LEFT_PARENTHESIS = "\uff08"  # （
RIGHT_PARENTHESIS = "\uff09"  # ）
FULLWIDTH_FULL_STOP = "\uff0e"  # ． as in "1．"
FULLWIDTH_GREATER_THAN = "\uff1e"  # ＞ (breadcrumbs)
IDEOGRAPHIC_SPACE = "\u3000"
LEFT_DOUBLE_QUOTE = "\u201c"  # “
RIGHT_DOUBLE_QUOTE = "\u201d"  # ”
LEFT_SINGLE_QUOTE = "\u2018"  # ‘
RIGHT_SINGLE_QUOTE = "\u2019"  # ’
LEFT_CORNER_BRACKET = "\u300c"  # 「
RIGHT_CORNER_BRACKET = "\u300d"  # 」
LEFT_WHITE_CORNER_BRACKET = "\u300e"  # 『
RIGHT_WHITE_CORNER_BRACKET = "\u300f"  # 』
LEFT_BOOK_TITLE = "\u300a"  # 《
RIGHT_BOOK_TITLE = "\u300b"  # 》
LEFT_BLACK_LENTICULAR = "\u3010"  # 【
RIGHT_BLACK_LENTICULAR = "\u3011"  # 】
LEFT_TORTOISE_SHELL = "\u3014"  # 〔
RIGHT_TORTOISE_SHELL = "\u3015"  # 〕
ELLIPSIS = "\u2026"  # …
EM_DASH = "\u2014"  # —
MIDDLE_DOT = "\u00b7"  # · (in foreign names and book series)

# Marks that end a sentence, and marks that close one (a quote or bracket after the end).
SENTENCE_END = FULL_STOP + EXCLAMATION_MARK + QUESTION_MARK
CLOSING_MARKS = (
    RIGHT_DOUBLE_QUOTE + RIGHT_SINGLE_QUOTE + RIGHT_CORNER_BRACKET + RIGHT_WHITE_CORNER_BRACKET + RIGHT_PARENTHESIS
)
# Chinese punctuation in general (for "is this next to Chinese text" tests).
CJK_PUNCTUATION = (
    SENTENCE_END
    + COMMA
    + IDEOGRAPHIC_COMMA
    + SEMICOLON
    + COLON
    + LEFT_DOUBLE_QUOTE
    + RIGHT_DOUBLE_QUOTE
    + LEFT_SINGLE_QUOTE
    + RIGHT_SINGLE_QUOTE
    + LEFT_BOOK_TITLE
    + RIGHT_BOOK_TITLE
    + LEFT_PARENTHESIS
    + RIGHT_PARENTHESIS
    + LEFT_TORTOISE_SHELL
    + RIGHT_TORTOISE_SHELL
    + LEFT_BLACK_LENTICULAR
    + RIGHT_BLACK_LENTICULAR
    + LEFT_CORNER_BRACKET
    + RIGHT_CORNER_BRACKET
    + ELLIPSIS
    + EM_DASH
)

# ASCII look-alikes and the full-width mark they stand for in Chinese text.
ASCII_TO_FULL_WIDTH = {
    ",": COMMA,
    ":": COLON,
    ";": SEMICOLON,
    "?": QUESTION_MARK,
    "!": EXCLAMATION_MARK,
    "(": LEFT_PARENTHESIS,
    ")": RIGHT_PARENTHESIS,
}
_TO_FULL_WIDTH = str.maketrans(ASCII_TO_FULL_WIDTH)


def to_full_width(text: str) -> str:
    """Every ASCII look-alike in `text` as its full-width mark: for Chinese text typed in
    code with ASCII marks (word pools, templates of generated text)."""
    return text.translate(_TO_FULL_WIDTH)


def either(full_width: str) -> str:
    """A regex character class body matching a full-width mark or its ASCII look-alike."""
    ascii_marks = "".join(a for a, f in ASCII_TO_FULL_WIDTH.items() if f in full_width)
    return "".join(re.escape(c) for c in full_width + ascii_marks)
