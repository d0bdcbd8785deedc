"""Bytes of an uploaded or scraped file to text, or a clear Chinese reason why not."""

import codecs

MAX_PAGE_BYTES = 2 * 1024 * 1024
# Share of control characters above which a file is treated as binary, not text.
MAX_CONTROL_SHARE = 0.02
ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f"}


class PageError(Exception):
    """A page that cannot be imported; the message is shown to editors as is."""


def check_size(size: int) -> None:
    if size > MAX_PAGE_BYTES:
        raise PageError(
            f"文件过大({size / 1024 / 1024:.1f} MB),单个文件不能超过 {MAX_PAGE_BYTES // 1024 // 1024} MB。"
        )


def decode_page(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312); LF line ends."""
    check_size(len(data))
    if not data.strip():
        raise PageError("文件是空的。")
    if b"\x00" in data:
        raise PageError("这不是文本文件(看起来是二进制文件)。")
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = codecs.decode(data, encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise PageError("无法识别文件编码:既不是 UTF-8,也不是 GB18030/GBK。")
    controls = sum(1 for char in text if ord(char) < 32 and char not in ALLOWED_CONTROLS)
    if controls > len(text) * MAX_CONTROL_SHARE:
        raise PageError("这不是文本文件(看起来是二进制文件)。")
    return text.replace("\r\n", "\n").replace("\r", "\n")
