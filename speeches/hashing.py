"""Content hashes used to recognise the same speech arriving twice."""

import hashlib
import re

from django.utils.html import strip_tags

_NOISE = re.compile(r"[\s\u3000]+")


def normalized_text(html: str) -> str:
    """Text without markup or white space, so that layout changes keep the hash."""
    return _NOISE.sub("", strip_tags(html or ""))


def speech_hash(title: str, opening: str, sections, closing: str) -> str:
    """The content hash of a speech: `sections` are (heading, body) pairs in reading order.
    The one place that orders the parts, so the admin, the importer and the generator
    compute the same hash for the same speech."""
    parts = [opening]
    for heading, body in sections:
        parts.extend([heading, body])
    parts.append(closing)
    return content_hash(title, parts)


def content_hash(title: str, parts) -> str:
    """SHA-256 over the title and the speech's text parts (opening, sections, closing)."""
    digest = hashlib.sha256(normalized_text(title).encode())
    for part in parts:
        digest.update(b"\x1f")
        digest.update(normalized_text(part).encode())
    return digest.hexdigest()
