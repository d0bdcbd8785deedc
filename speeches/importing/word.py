"""Word .docx files to HTML with mammoth: headings, lists and bold runs kept; comments and
tracked deletions left out (tracked insertions kept, as Word shows them once accepted)."""

import io
import zipfile

import mammoth

from .decoding import PageError

# Word's own title and heading styles become headings; the rest are mammoth's defaults.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='标题'] => h1:fresh
p[style-name='副标题'] => p:fresh
p[style-name='标题 1'] => h1:fresh
p[style-name='标题 2'] => h2:fresh
p[style-name='标题 3'] => h3:fresh
comment-reference => !
"""
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def is_legacy_word(data: bytes) -> bool:
    return data.startswith(OLE_SIGNATURE)


def docx_to_html(data: bytes) -> str:
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(lambda image: {}),  # pictures are not text
        )
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise PageError(f"无法读取这个 Word 文件（{type(error).__name__}），文件可能已损坏。") from None
    return result.value
