"""Readable differences between two versions of a speech, as plain functions (no database).

A version is described as {label: text}; stored HTML becomes one line per paragraph so
that a diff shows whole paragraphs, and a changed paragraph highlights the characters
that changed (Chinese has no spaces, so a word diff would not help).
"""

import difflib
import html
import re
from dataclasses import dataclass, field

BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def paragraph_lines(markup):
    """One line per paragraph, tags removed, entities decoded, blank lines dropped."""
    text = TAG.sub("", BLOCK_END.sub("\n", markup or ""))
    lines = (html.unescape(line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass
class DiffLine:
    """One line of a diff: op is "=", "-" or "+"; parts are (changed, text) pairs."""

    op: str
    parts: list = field(default_factory=list)

    @property
    def text(self):
        return "".join(text for _, text in self.parts)


@dataclass
class FieldDiff:
    label: str
    lines: list


def _char_diff(old, new):
    """Split two versions of a line into (changed, text) parts, for highlighting."""
    old_parts, new_parts = [], []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if old[i1:i2]:
            old_parts.append((tag != "equal", old[i1:i2]))
        if new[j1:j2]:
            new_parts.append((tag != "equal", new[j1:j2]))
    return old_parts, new_parts


def diff_lines(old, new):
    """The lines of `old` and `new` (strings) with what was removed and added."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    result = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(DiffLine("=", [(False, line)]) for line in old_lines[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            # Paired paragraphs: show the characters that changed in each.
            for before, after in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                removed, added = _char_diff(before, after)
                result.extend([DiffLine("-", removed), DiffLine("+", added)])
        else:
            result.extend(DiffLine("-", [(True, line)]) for line in old_lines[i1:i2])
            result.extend(DiffLine("+", [(True, line)]) for line in new_lines[j1:j2])
    return result


def compare(old, new):
    """FieldDiffs for the labels whose text differs, in the order of `new`, then `old`."""
    labels = list(new) + [label for label in old if label not in new]
    return [
        FieldDiff(label, diff_lines(old.get(label, ""), new.get(label, "")))
        for label in labels
        if old.get(label, "") != new.get(label, "")
    ]
