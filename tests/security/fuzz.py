"""Seeded random text for fuzzing: what careless editors, scraped pages and attackers store.

Every string is built from pieces chosen by `random.Random(seed)`, so a failure names its
seed and reproduces exactly.
"""

import random

PIECES = [
    # control characters, including those XML and PostgreSQL refuse
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\t",
    "\r\n",
    # bidirectional and invisible marks
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\u2029",
    # non-characters and a lone surrogate
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    # emoji (with joiners and modifiers), combining marks, wide and full-width text
    "😀",
    "👨‍👩‍👧",
    "👍🏽",
    "🇨🇳",
    "e\u0301",
    "ｆｕｌｌ",
    "\u3000",
    "同志们，",
    "（一）",
    "讲话稿",
    # template syntax and markup meant to escape its context
    "{{ request }}",
    "{% debug %}",
    "{{",
    "%}",
    "</script>",
    "<script>alert(1)</script>",
    "</textarea>",
    "\"'><img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "&amp;",
    "&#x3C;",
    "-->",
    "<!--",
    "]]>",
    "<![CDATA[",
    "\\",
    "%s",
    "%(name)s",
    "{0}",
    "/",
    "../",
    "?",
    "#",
    "'",
    '"',
    ";",
    ",",
]


def fuzz_text(rng: random.Random, long: bool = False) -> str:
    """A random string; `long` makes it about 10,000 characters."""
    count = rng.randint(1, 12)
    text = "".join(rng.choice(PIECES) for _ in range(count))
    if long:
        text = (text + "".join(rng.choice(PIECES) for _ in range(8))) * (10_000 // max(len(text), 1) + 1)
        text = text[:10_000]
    return text
