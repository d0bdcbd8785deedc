"""What of a speech is searchable, and with which weight (plain functions, no database)."""

from collections import Counter
from dataclasses import dataclass

from speeches.sanitize import text_content
from speeches.segmentation import tokenize

# Occurrences of one word beyond this add nothing to its rank (term-frequency saturation,
# as in BM25) and would only grow the index: a speech repeats its topic dozens of times.
MAX_REPEATS = 3


@dataclass(frozen=True)
class DocumentText:
    """The plain text of one speech, grouped by search weight."""

    title: str
    headings: list[str]
    tags: list[str]
    context: list[str]
    body: list[str]


# The speech fields speech_text() reads: a save that touches none of them keeps the document.
INDEXED_SPEECH_FIELDS = frozenset(
    {"title", "meeting", "meeting_id", "speaker", "speaker_post", "summary", "opening", "closing"}
)


def speech_text(speech, sections, tag_names) -> DocumentText:
    """Collect the searchable text of a speech from already loaded objects."""
    meeting = speech.meeting.name if speech.meeting_id and speech.meeting else ""
    return DocumentText(
        title=speech.title,
        headings=[section.heading for section in sections],
        tags=list(tag_names),
        context=[meeting, speech.speaker, speech.speaker_post, speech.summary],
        body=[text_content(speech.opening)]
        + [text_content(section.body) for section in sections]
        + [text_content(speech.closing)],
    )


def capped(tokens: list[str], limit: int = MAX_REPEATS) -> list[str]:
    """Tokens in order, each kept at most `limit` times."""
    seen = Counter()
    kept = []
    for token in tokens:
        seen[token] += 1
        if seen[token] <= limit:
            kept.append(token)
    return kept


def joined(tokens: list[str]) -> str:
    """Space-separated with spaces at both ends, so ' word ' matches whole tokens only."""
    return f" {' '.join(tokens)} " if tokens else ""


def document_fields(text: DocumentText) -> dict[str, str]:
    """The SearchDocument token columns for one speech."""
    return {
        "title": joined(tokenize(text.title)),
        "headings": joined(capped(tokenize("\n".join(text.headings + text.tags)))),
        "context": joined(capped(tokenize("\n".join(text.context)))),
        "body": joined(capped(tokenize("\n".join(text.body)))),
    }
