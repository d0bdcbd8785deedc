"""Content hashes used to recognise the same speech arriving twice."""

import hashlib
import re

from django.utils.html import strip_tags

_NOISE = re.compile(r"[\s\u3000]+")


def normalized_text(html: str) -> str:
    """Text without markup or white space, so that layout changes keep the hash."""
    return _NOISE.sub("", strip_tags(html or ""))


def content_hash(title: str, parts) -> str:
    """SHA-256 over the title and the speech's text parts (opening, sections, closing)."""
    digest = hashlib.sha256(normalized_text(title).encode())
    for part in parts:
        digest.update(b"\x1f")
        digest.update(normalized_text(part).encode())
    return digest.hexdigest()
