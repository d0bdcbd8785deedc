"""One file in, one outcome out: decode, parse, write; bad files become a failure message."""

import logging
from pathlib import Path

from django.db import DatabaseError

from ..models import Category
from .decoding import MAX_PAGE_BYTES, PageError, check_size, decode_page
from .parser import parse_page
from .writer import FAILED, ImportOutcome, save_parsed_speech

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = {".txt", ".html", ".htm"}


def known_category_names() -> set:
    return set(Category.objects.values_list("name", flat=True))


def import_bytes(name: str, data: bytes, publish=False, editor=None, known_categories=None, update=False) -> ImportOutcome:
    try:
        text = decode_page(data)
    except PageError as error:
        return ImportOutcome(name, FAILED, str(error))
    return import_text(name, text, publish=publish, editor=editor, known_categories=known_categories, update=update)


def import_text(name: str, text: str, publish=False, editor=None, known_categories=None, update=False) -> ImportOutcome:
    """Parse and write one page in its own transaction; failures become an outcome, not an error."""
    try:
        parsed = parse_page(text, known_categories)
        return save_parsed_speech(parsed, name=name, publish=publish, editor=editor, update=update)
    except PageError as error:
        return ImportOutcome(name, FAILED, str(error))
    except DatabaseError as error:
        logger.exception("import of %s failed in the database", name)
        return ImportOutcome(name, FAILED, f"写入数据库失败:{error}")
    except Exception as error:  # noqa: BLE001 - one odd page must not stop a batch of thousands
        logger.exception("import of %s failed", name)
        return ImportOutcome(name, FAILED, f"解析出错({type(error).__name__}),请把该文件交给开发人员。")


def read_page_file(path: Path) -> bytes:
    """The file's bytes, refusing oversized files before reading them."""
    check_size(path.stat().st_size)
    with path.open("rb") as handle:
        return handle.read(MAX_PAGE_BYTES + 1)


def import_path(path: Path, publish=False, known_categories=None, update=False) -> ImportOutcome:
    try:
        data = read_page_file(path)
    except PageError as error:
        return ImportOutcome(str(path), FAILED, str(error))
    except OSError as error:
        return ImportOutcome(str(path), FAILED, f"无法读取文件:{error.strerror or error}")
    return import_bytes(str(path), data, publish=publish, known_categories=known_categories, update=update)


def collect_pages(paths):
    """(files to import, outcomes for paths that do not exist), folders searched recursively."""
    files, missing = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(ImportOutcome(str(path), FAILED, "路径不存在。"))
    return files, missing
