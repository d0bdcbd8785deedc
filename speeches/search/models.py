"""The search index's table: one row of segmented words per speech (see backends.py)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """A speech's segmented words for full-text search, one row per speech (speeches/search/).

    A speech's words by weight: A title, B section headings and tags, C meeting, speaker
    and summary, D opening, section bodies and closing. On PostgreSQL they are stored
    only as `vector`, a weighted 'simple' tsvector under a GIN index, and the token
    columns stay empty (narrow rows are cheaper to visit); elsewhere the token columns
    hold them as space-separated words with a leading and trailing space.
    """

    speech = models.OneToOneField(
        "speeches.Speech",
        verbose_name="讲话稿",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    title = models.TextField("标题词")
    headings = models.TextField("小标题与标签词")
    context = models.TextField("会议与讲话人词")
    body = models.TextField("正文词")
    vector = SearchVectorField("检索向量", null=True, editable=False)
    # When readers may see the speech (its publish time if published, else empty), copied
    # here so that an unfiltered search counts and orders matches without the speech table.
    # Kept by the indexer and, for QuerySet.update() paths, by a database trigger (0008).
    visible_from = models.DateTimeField("对读者公开时间", null=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "检索文档"
        indexes = [
            # Newest visible matches first: for a common word the search walks this index
            # and stops after a page's worth of candidates instead of sorting every match.
            models.Index(
                fields=["-visible_from", "-speech"],
                name="searchdoc_visible_newest",
                condition=models.Q(visible_from__isnull=False),
            ),
        ]

    def __str__(self):
        return str(self.speech_id)
