"""The 疑似重复 warning shown after a save, an import or a paste."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join


def duplicates_warning(pairs):
    """HTML naming each near-duplicate with a link to it, or "" when there is none."""
    if not pairs:
        return ""
    links = format_html_join(
        "、",
        '<a href="{}">“{}”</a>（相似度 {}%）',
        ((reverse("admin:speeches_speech_change", args=[s.pk]), s.title, round(score * 100)) for s, score in pairs),
    )
    return format_html("疑似重复：这篇讲话稿的正文与 {} 高度相似，请核对是否重复录入。", links)
