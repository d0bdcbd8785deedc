"""How a reader's query becomes words to look up (plain functions, no database)."""

from dataclasses import dataclass

from speeches.segmentation import tokenize, words

# Longer queries are cut: nobody types more, and the query's cost grows with its words.
MAX_QUERY_CHARS = 100
MAX_WORDS = 8


@dataclass(frozen=True)
class QueryWord:
    """One word of the query. It matches a document that has the word itself or, for a long
    word segmented differently in the document, all of its parts (廉政建设 -> 廉政 + 建设)."""

    word: str
    parts: tuple[str, ...] = ()

    @property
    def alternatives(self) -> list[tuple[str, ...]]:
        return [(self.word,), self.parts] if self.parts else [(self.word,)]


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[QueryWord, ...]
    truncated: bool = False

    def __bool__(self):
        return bool(self.words)

    @property
    def terms(self) -> list[str]:
        """Every string worth highlighting, longest first so that it wins over its parts."""
        found = {term for word in self.words for alternative in word.alternatives for term in alternative}
        return sorted(found, key=lambda term: (-len(term), term))


def parse_query(raw: str) -> ParsedQuery:
    """Segment the query; punctuation, operators and stop words fall away."""
    text = " ".join(raw.split())
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    query_words = []
    for word in dict.fromkeys(words(text)):
        parts = tuple(part for part in dict.fromkeys(tokenize(word)) if part != word)
        query_words.append(QueryWord(word, parts))
    return ParsedQuery(text, tuple(query_words[:MAX_WORDS]), truncated)
