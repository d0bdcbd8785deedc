"""Real image files (and fake ones) for the upload tests, built in memory."""

import io
import struct
import zlib

from PIL import Image
from PIL.PngImagePlugin import PngInfo


def image_bytes(image_format="PNG", size=(64, 48), mode="RGB", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 128).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=50_000, height=50_000):
    """A tiny PNG that claims width x height pixels (a few zero rows of real data)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


def gif_html_polyglot():
    """A valid GIF whose comment block carries an HTML page with a script."""
    gif = image_bytes("GIF", mode="P")
    comment = b"<html><body><script>alert(document.domain)</script></body></html>"
    extension = b"\x21\xfe" + bytes([len(comment)]) + comment + b"\x00"
    # Insert the comment extension right after the header and logical screen descriptor
    # (13 bytes) and the global colour table (768 bytes for Pillow's 256-colour palette).
    flags = gif[10]
    table = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    cut = 13 + table
    return gif[:cut] + extension + gif[cut:]


def png_with_text_chunk(text):
    info = PngInfo()
    info.add_text("Comment", text)
    return image_bytes("PNG", pnginfo=info)


HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_IMAGE = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    b'onload="alert(1)"><rect width="10" height="10"/></svg>'
)
