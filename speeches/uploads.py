"""Image uploads (editor images and speech covers): checked by content, re-encoded, renamed.

An upload is decoded with Pillow whatever its name says; only PNG, JPEG and WebP are
accepted. The stored file is a fresh encoding of the decoded pixels, so anything glued to
or hidden in the original (HTML, scripts, EXIF with GPS positions) is gone, and its name
is random with the extension of the real format, so the web server sends the right
content type. No database access here.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 30_000_000  # e.g. 6000 x 5000; far below what would exhaust the server's memory
EDITOR_MAX_SIDE = 2000  # larger body images are scaled down: readers never need more
COVER_MAX_SIDE = 2000
COVER_THUMBNAIL_SIZE = (480, 320)  # 3:2, the 图文推荐 lists crop every cover to this

# Pillow format -> (file extension, save options).
FORMATS = {
    "PNG": ("png", {"optimize": True}),
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}
# Pillow reports some cameras' JPEGs (several pictures in one file) as MPO; keep the first.
SAVED_AS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "WEBP": "WEBP"}
# Tags that make a browser or an old proxy treat a file as a page. A polyglot (image +
# HTML) carries them where content sniffing looks (the first few KB) or in a text block
# (GIF/JPEG comment, PNG text chunk). Compressed pixel data is not searched: by chance
# 4 bytes like "<svg" turn up in about 1 of 60 photos of 8 MB, and re-encoding drops it.
MARKUP_SIGNATURES = (b"<html", b"<script", b"<svg", b"<iframe", b"<body", b"<!doctype")
SNIFFED_BYTES = 4096

MESSAGES = {
    "empty": "文件是空的。",
    "too_large": f"图片不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。",
    "markup": "文件中含有网页代码（HTML/SVG/脚本），已拒绝。",
    "not_image": "无法识别的图片：只接受 PNG、JPEG、WebP 格式的图片（不接受 SVG、HTML 等文件）。",
    "format": "不支持 {format} 格式：只接受 PNG、JPEG、WebP 格式的图片。",
    "too_many_pixels": f"图片像素过多（最多 {MAX_PIXELS // 10_000} 万像素），疑似解压炸弹，已拒绝。",
    "broken": "图片已损坏，无法读取。",
}


class ImageRejected(ValidationError):
    """An upload that is not an acceptable image; the message is for the editor."""

    def __init__(self, reason, **params):
        super().__init__(MESSAGES[reason].format(**params), code=reason)


class CleanImage(ContentFile):
    """A re-encoded image with a random name: safe to store as it is."""


def read_upload(upload) -> bytes:
    """The upload's bytes, refusing oversized files before reading them."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImageRejected("too_large")
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise ImageRejected("empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected("too_large")
    return data


def _has_markup(data: bytes) -> bool:
    lowered = data.lower()
    return any(signature in lowered for signature in MARKUP_SIGNATURES)


def _text_blocks(image: Image.Image):
    for value in image.info.values():
        if isinstance(value, str):
            yield value.encode("utf-8", "replace")
        elif isinstance(value, bytes):
            yield value


def decode_image(data: bytes) -> Image.Image:
    """Decode and fully load the image, or refuse it with the reason."""
    if _has_markup(data[:SNIFFED_BYTES]):
        raise ImageRejected("markup")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in SAVED_AS:
                raise ImageRejected("format", format=image.format or "未知")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected("too_many_pixels")
            image.load()
            if any(_has_markup(block) for block in _text_blocks(image)):
                raise ImageRejected("markup")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("too_many_pixels") from None
    except UnidentifiedImageError:
        raise ImageRejected("not_image") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected("broken") from None
    return image


def _encode(image: Image.Image, image_format: str, name_stem: str) -> CleanImage:
    extension, options = FORMATS[image_format]
    if image_format == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return CleanImage(buffer.getvalue(), name=f"{name_stem}.{extension}")


def clean_image(upload, max_side: int = EDITOR_MAX_SIDE) -> CleanImage:
    """Check an uploaded file and return a fresh encoding of it under a random name.

    Raises ImageRejected (a ValidationError with a Chinese message) when it is refused.
    """
    if isinstance(upload, CleanImage):
        return upload
    image = decode_image(read_upload(upload))
    image_format = SAVED_AS[image.format]
    try:
        # Apply the camera's rotation before the EXIF that carries it is dropped.
        image = ImageOps.exif_transpose(image)
        image.thumbnail((max_side, max_side))
        return _encode(image, image_format, uuid.uuid4().hex)
    except (OSError, ValueError):
        raise ImageRejected("broken") from None


def cover_thumbnail(cover: CleanImage) -> CleanImage:
    """The rendition lists show: the cover cropped to COVER_THUMBNAIL_SIZE, as JPEG."""
    image = Image.open(io.BytesIO(cover.read()))
    cover.seek(0)
    if image.mode in ("RGBA", "LA", "P"):
        # JPEG has no transparency: put transparent covers on white.
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    thumbnail = ImageOps.fit(image, COVER_THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    stem = cover.name.rsplit(".", 1)[0]
    return _encode(thumbnail, "JPEG", stem)


def dated_path(folder: str, filename: str) -> str:
    """`folder/YYYY/MM/DD/filename`, dated in the site's time zone."""
    return f"{folder}/{timezone.localdate():%Y/%m/%d}/{filename}"


def cover_upload_to(instance, filename):
    return dated_path("covers", filename)


def cover_thumbnail_upload_to(instance, filename):
    return dated_path("covers/thumbs", filename)


def editor_image_path(image: CleanImage) -> str:
    return dated_path("editor", image.name)
