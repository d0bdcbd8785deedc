"""Bytes of an uploaded or scraped file to text, or a clear Chinese reason why not.

Files arrive as UTF-8 (with or without a BOM), UTF-16 with a BOM (Windows Notepad's
"Unicode"), GB18030/GBK/GB2312 and Big5. Pages often declare nothing or lie
(charset=x-cp20936 on UTF-8 bytes), so the bytes decide: a BOM, then strict UTF-8, then
charset-normalizer choosing among the Chinese encodings. Traditional characters are kept
as they are; `to_simplified` converts when the editor asks.
"""

import codecs
import re

import charset_normalizer
import opencc

MAX_PAGE_BYTES = 2 * 1024 * 1024
# Share of control characters above which a file is treated as binary, not text.
MAX_CONTROL_SHARE = 0.02
ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f"}
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Chinese text in a legacy encoding: GB18030 covers GBK and GB2312.
CHINESE_ENCODINGS = ["gb18030", "big5"]
_TRADITIONAL_TO_SIMPLIFIED = opencc.OpenCC("t2s")
_MARKUP = re.compile(rb"<\s*(?:html|body|div|p|span|meta|br)\b", re.I)


class PageError(Exception):
    """A file that cannot be imported; the message is shown to editors as is."""


def check_size(size: int) -> None:
    if size > MAX_PAGE_BYTES:
        raise PageError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {MAX_PAGE_BYTES // 1024 // 1024} MB。"
        )


def decode_page(data: bytes) -> str:
    """The file's text with LF line ends; PageError for empty, binary or undecodable bytes."""
    check_size(len(data))
    text = _decode(data)
    if not text.strip():
        raise PageError("文件是空的。")
    controls = sum(1 for char in text if ord(char) < 32 and char not in ALLOWED_CONTROLS)
    if "\x00" in text or controls > len(text) * MAX_CONTROL_SHARE:
        raise PageError("这不是文本文件（看起来是二进制文件）。")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise PageError("文件是空的。")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return codecs.decode(data, encoding)
            except UnicodeDecodeError:
                raise PageError("文件开头标明是 Unicode 编码，但内容无法按该编码读取。") from None
    if b"\x00" in data:
        raise PageError("这不是文本文件（看起来是二进制文件）。")
    try:
        return codecs.decode(data, "utf-8")
    except UnicodeDecodeError:
        pass
    return _legacy_chinese(data)


def _legacy_chinese(data: bytes) -> str:
    """GB18030 or Big5, whichever reads as Chinese; markup is ignored for the guess."""
    sample = _MARKUP.sub(b" ", data) if _MARKUP.search(data[:4096]) else data
    best = charset_normalizer.from_bytes(sample, cp_isolation=CHINESE_ENCODINGS).best()
    order = [best.encoding] if best else []
    order += [encoding for encoding in CHINESE_ENCODINGS if encoding not in order]
    for encoding in order:
        try:
            return codecs.decode(data, _codec(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    raise PageError("无法识别文件编码：既不是 UTF-8 或 UTF-16，也不是 GB18030/GBK 或 Big5。")


def _codec(encoding: str) -> str:
    # Big5 files from Hong Kong and Taiwan use the HKSCS extension characters.
    return "big5hkscs" if encoding.replace("_", "").lower() == "big5" else encoding


def to_simplified(text: str) -> str:
    """Traditional characters to Simplified (OpenCC t2s): only when the editor asks."""
    return _TRADITIONAL_TO_SIMPLIFIED.convert(text)
