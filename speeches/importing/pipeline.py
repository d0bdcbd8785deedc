"""One file in, one outcome out: read, parse, write; bad files become a failure message.

Every way a speech arrives goes through here: `import_speeches` (files and folders), the
admin's 导入 page (uploads) and its 粘贴全文 page (text or clipboard HTML).
"""

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError

from ..models import Category
from .blocks import Document, text_blocks
from .decoding import MAX_PAGE_BYTES, PageError, check_size, decode_page, to_simplified
from .html_text import fragment_document, looks_like_html, page_document
from .parser import parse_document
from .word import docx_to_html, is_docx, is_legacy_word
from .writer import CREATED, FAILED, SKIPPED, UPDATED, ImportOutcome, save_parsed_speech

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = {".txt", ".html", ".htm", ".md", ".markdown", ".docx"}


@dataclass
class Source:
    """A file's text and how to read it: "page" (HTML or text, as scraped), "word" (HTML
    converted from .docx) or "clipboard" (HTML pasted in the admin). Plain data, so the
    admin can keep it between preview and confirm."""

    kind: str
    text: str


def read_source(name: str, data: bytes, simplify: bool = False) -> Source:
    """Bytes to a Source; PageError (Chinese message) for files that hold no text."""
    check_size(len(data))
    if is_legacy_word(data):
        raise PageError("这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入。")
    if is_docx(data):
        source = Source("word", docx_to_html(data))
    elif name.lower().endswith(".docx"):
        raise PageError("这个 .docx 文件无法打开（不是有效的 Word 文件）。")
    else:
        source = Source("page", decode_page(data))
    return Source(source.kind, to_simplified(source.text)) if simplify else source


def source_document(source: Source) -> Document:
    if source.kind in ("word", "clipboard"):
        return fragment_document(source.text)
    if looks_like_html(source.text):
        return page_document(source.text)
    return Document(text_blocks(source.text))


def parse_source(source: Source, known_categories=None):
    return parse_document(source_document(source), known_categories)


def known_category_names() -> set:
    return set(Category.objects.values_list("name", flat=True))


def import_bytes(name: str, data: bytes, simplify=False, **options) -> ImportOutcome:
    try:
        source = read_source(name, data, simplify)
    except PageError as error:
        return ImportOutcome(name, FAILED, str(error))
    return import_source(name, source, **options)


def import_source(
    name: str, source: Source, publish=False, editor=None, known_categories=None, update=False, category=None
) -> ImportOutcome:
    """Parse and write one source in its own transaction; failures become an outcome, not an error."""
    try:
        parsed = parse_source(source, known_categories)
        return save_parsed_speech(parsed, name=name, publish=publish, editor=editor, update=update, category=category)
    except PageError as error:
        return ImportOutcome(name, FAILED, str(error))
    except DatabaseError as error:
        logger.exception("import of %s failed in the database", name)
        return ImportOutcome(name, FAILED, f"写入数据库失败：{error}")
    except Exception as error:  # noqa: BLE001 - one odd page must not stop a batch of thousands
        logger.exception("import of %s failed", name)
        return ImportOutcome(name, FAILED, f"解析出错（{type(error).__name__}），请把该文件交给开发人员。")


def read_page_file(path: Path) -> bytes:
    """The file's bytes, refusing oversized files before reading them."""
    check_size(path.stat().st_size)
    with path.open("rb") as handle:
        return handle.read(MAX_PAGE_BYTES + 1)


def import_path(path: Path, **options) -> ImportOutcome:
    try:
        data = read_page_file(path)
    except PageError as error:
        return ImportOutcome(str(path), FAILED, str(error))
    except OSError as error:
        return ImportOutcome(str(path), FAILED, f"无法读取文件：{error.strerror or error}")
    return import_bytes(str(path), data, **options)


def collect_pages(paths):
    """(files to import, outcomes for paths that do not exist), folders searched recursively."""
    files, missing = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(ImportOutcome(str(path), FAILED, "路径不存在。"))
    return files, missing


def import_text(name: str, text: str, **options) -> ImportOutcome:
    """A page already decoded to text (HTML, Markdown or plain text)."""
    return import_source(name, Source("page", text), **options)


def import_many(items, import_one, progress, **options):
    """Import each item with `import_one(item, known_categories=..., **options)`, one
    transaction per file; `progress.update()` after each. A 栏目 created by one file is
    known to the next. Used by `import_speeches` and the import jobs."""
    known = known_category_names()
    outcomes = []
    for item in items:
        outcome = import_one(item, known_categories=known, **options)
        if outcome.status == CREATED:
            known.add(outcome.speech.category.name)
        outcomes.append(outcome)
        progress.update(1)
    return outcomes


def outcome_summary(outcomes) -> str:
    counts = Counter(outcome.status for outcome in outcomes)
    return (
        f"新建 {counts[CREATED]} 篇，更新 {counts[UPDATED]} 篇，"
        f"跳过重复 {counts[SKIPPED]} 篇，失败 {counts[FAILED]} 个文件。"
    )
