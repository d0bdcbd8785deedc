"""The only place the importer produces HTML: <p> paragraphs and <h3> sub-headings."""

from django.utils.html import escape

ALLOWED_BLOCKS = {"p", "h3"}


def blocks_to_html(blocks) -> str:
    """[("p", text), ("h3", text), ...] to escaped, attribute-free HTML."""
    parts = []
    for tag, text in blocks:
        if tag not in ALLOWED_BLOCKS:
            raise ValueError(f"unexpected block {tag!r}")
        parts.append(f"<{tag}>{escape(text)}</{tag}>")
    return "".join(parts)


def paragraphs_to_html(paragraphs) -> str:
    return blocks_to_html(("p", text) for text in paragraphs)
