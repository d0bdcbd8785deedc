"""How a reader's query becomes words to look up (plain functions, no database)."""

from dataclasses import dataclass

from speeches.segmentation import is_whole_word, tokenize, words

# Longer queries are cut: nobody types more, and the query's cost grows with its words.
MAX_QUERY_CHARS = 100
MAX_WORDS = 8


@dataclass(frozen=True)
class QueryWord:
    """One term of the query: what the reader typed between spaces. It matches a document
    that has the term as one word, or all of its parts: the words it segments into
    (科技创新 -> 科技 + 创新), or for a single word the dictionary does not know, the
    shorter words inside it. A dictionary word has no parts: the index holds it wherever
    it occurs, even inside a longer word (廉政建设 in 党风廉政建设), so its parts would only
    add speeches that mention them apart (应急 ... 管理 for 应急管理)."""

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


def query_word(term: str):
    """The QueryWord for one space-separated term, or None if it has no words."""
    term_words = list(dict.fromkeys(words(term)))
    if len(term_words) > 1:
        return QueryWord("".join(term_words), tuple(term_words))
    if term_words:
        word = term_words[0]
        if is_whole_word(word):
            return QueryWord(word)
        return QueryWord(word, tuple(part for part in dict.fromkeys(tokenize(word)) if part != word))
    return None


def parse_query(raw: str) -> ParsedQuery:
    """Segment the query; punctuation, operators and stop words fall away."""
    text = " ".join(raw.split())
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    query_words = {}
    for term in text.split():
        word = query_word(term)
        if word is not None:
            query_words.setdefault(word.word, word)
    return ParsedQuery(text, tuple(query_words.values())[:MAX_WORDS], truncated)
