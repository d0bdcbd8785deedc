"""Chinese word segmentation for search and keywords (plain functions, no database).

Segmentation uses rjieba, the Rust port of jieba: it gives the same words as jieba 0.42.1
with the same dictionary and is 14-28 times faster in precise and search mode, 5 times in
full mode (bench/results/segmentation.txt), which matters when 100,000 speeches are
re-indexed. jieba itself provides the IDF table used by `keywords`.

The segmenter is built once per process with jieba's dictionary plus the site dictionary
(speeches/dictionary/site_words.txt) and, if set, the file named by the
SEARCH_EXTRA_DICTIONARY setting, which editors extend without a code change
(docs/search.md).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    import rjieba

SITE_DICTIONARY = Path(__file__).resolve().parent / "dictionary" / "site_words.txt"
# High enough that a listed term wins over the general dictionary's split of it.
DEFAULT_WORD_FREQUENCY = 20000
# Found without importing jieba: `import jieba.analyse` loads its IDF table and the
# part-of-speech model at import time (~40 MiB in every web worker).
IDF_FILE = Path(importlib.util.find_spec("jieba").origin).resolve().parent / "analyse" / "idf.txt"

# Function words that carry no meaning for search or keywords.
# noqa below: a word list reads better as one string than as a list literal.
STOP_WORDS = frozenset(
    "的 了 在 是 和 与 及 或 等 把 被 对 也 都 而 并 就 又 将 从 以 为 于 之 其 这 那 个 "  # noqa: SIM905
    "着 过 地 得 啊 吧 呢 吗 我 你 他 她 它 我们 你们 他们 要 上 下 中".split()
)
# Runs of letters and digits; everything else (punctuation, symbols, emoji, spaces) is dropped.
WORD_CHARS = re.compile(r"[^\W_]+")
# Dictionary words this long are indexed wherever they occur (`tokenize`). Two-character
# ones are not: full mode would find 华人 in 中华人民 and 产经 in 生产经营.
WHOLE_WORD_MIN_CHARS = 3


def normalize(text: str) -> str:
    """Full-width forms to half-width (NFKC) and lower case, so that ＡＢＣ matches abc."""
    return unicodedata.normalize("NFKC", text).lower()


def dictionary_files() -> list[Path]:
    extra = getattr(settings, "SEARCH_EXTRA_DICTIONARY", "")
    return [SITE_DICTIONARY, *([Path(extra)] if extra else [])]


def read_dictionary(text: str) -> list[tuple[str, int]]:
    """Parse `word [frequency]` lines; blank lines and `#` comments are skipped."""
    words = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        frequency = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else DEFAULT_WORD_FREQUENCY
        words.append((normalize(fields[0]), frequency))
    return words


@functools.cache
def segmenter() -> rjieba.Jieba:
    """The process-wide segmenter, loaded on first use: importing rjieba loads its
    dictionary (~35 MiB), which only processes that search or index need."""
    import rjieba

    jieba_ = rjieba.Jieba()
    for path in dictionary_files():
        for word, frequency in read_dictionary(path.read_text(encoding="utf-8")):
            jieba_.add_word(word, frequency, None)
    return jieba_


def _clean(pieces) -> list[str]:
    """Keep letter/digit runs of each piece, minus stop words."""
    return [
        word
        for piece in pieces
        # Most pieces are one run already (isalnum() is WORD_CHARS's class): skip the regex.
        for word in ((piece,) if piece.isalnum() else WORD_CHARS.findall(piece))
        if word not in STOP_WORDS
    ]


def tokenize(text: str) -> list[str]:
    """Search tokens: the words in reading order with the shorter words inside long ones,
    then every longer dictionary word found anywhere in the text that is not among them.

    Search mode makes 党风廉政建设 yield 党风, 廉政, 建设 and 党风廉政建设. It misses dictionary
    words of four or more characters inside longer ones (廉政建设) and words that straddle
    the chosen split (总结经验 in 总结/经验教训); full mode finds those. With both, a
    dictionary word of WHOLE_WORD_MIN_CHARS or more is a token wherever it occurs, so a
    query for it needs no fallback to its parts (see `is_whole_word`). Punctuation and
    stop words are dropped.
    """
    text = normalize(text)
    tokens = _clean(segmenter().cut_for_search(text))
    known = set(tokens)
    # Full mode yields every character too: drop short pieces before the regex sees them.
    long_pieces = (piece for piece in segmenter().cut_all(text) if len(piece) >= WHOLE_WORD_MIN_CHARS)
    inner = [word for word in _clean(long_pieces) if len(word) >= WHOLE_WORD_MIN_CHARS and word not in known]
    return tokens + inner


def is_whole_word(word: str) -> bool:
    """Whether `tokenize` makes `word` a token wherever it occurs in a text."""
    return len(word) >= WHOLE_WORD_MIN_CHARS and segmenter().has_word(word)


def words(text: str) -> list[str]:
    """The words of `text` without the sub-words (precise mode): how a query is read."""
    return _clean(segmenter().cut(normalize(text)))


@functools.cache
def _idf_table() -> tuple[dict, float]:
    table = {}
    for line in IDF_FILE.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2]


def keywords(text: str, top_k: int) -> list[tuple[str, float]]:
    """The `top_k` words that best characterise `text`, by TF-IDF (as jieba.analyse does).

    Weights are normalised so that the list's weights sum to at most 1; words of one
    character are skipped (they say little on their own).
    """
    counts = Counter(word for word in words(text) if len(word) > 1)
    total = sum(counts.values())
    if not total:
        return []
    idf, median_idf = _idf_table()
    scores = {word: count / total * idf.get(word, median_idf) for word, count in counts.items()}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top_k]
    norm = sum(scores.values())
    return [(word, score / norm) for word, score in ranked]
