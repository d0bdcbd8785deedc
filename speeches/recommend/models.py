"""Tables behind 延伸阅读: keyword postings, pairs staff blocked, the rebuild checkpoint."""

from django.db import models


class SpeechKeyword(models.Model):
    """One keyword of a speech's TF-IDF vector; the table is the inverted keyword index."""

    speech = models.ForeignKey(
        "speeches.Speech", verbose_name="讲话稿", on_delete=models.CASCADE, related_name="keywords"
    )
    term = models.CharField("关键词", max_length=40)
    weight = models.FloatField("权重")

    class Meta:
        verbose_name = verbose_name_plural = "关键词"
        constraints = [
            models.UniqueConstraint(fields=["speech", "term"], name="speech_keyword_unique"),
        ]
        indexes = [
            # A keyword's posting list, best-weighted speeches first.
            models.Index(fields=["term", "-weight", "-speech"], name="speech_keyword_posting_idx"),
        ]

    def __str__(self):
        return self.term


class BlockedRecommendation(models.Model):
    """A computed link staff deleted: it is never computed again for that speech."""

    from_speech = models.ForeignKey(
        "speeches.Speech", verbose_name="讲话稿", on_delete=models.CASCADE, related_name="blocked_recommendations"
    )
    to_speech = models.ForeignKey(
        "speeches.Speech", verbose_name="不再推荐", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("屏蔽时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "屏蔽的推荐"
        constraints = [
            models.UniqueConstraint(fields=["from_speech", "to_speech"], name="blocked_recommendation_unique"),
        ]

    def __str__(self):
        return f"{self.from_speech_id} → {self.to_speech_id}"


class RecommendationCheckpoint(models.Model):
    """Where an unfinished rebuild_recommendations stopped (one row, or none)."""

    last_speech_id = models.BigIntegerField("已完成至讲话稿编号", default=0)
    started_at = models.DateTimeField("开始时间")

    class Meta:
        verbose_name = verbose_name_plural = "推荐重建进度"

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} → {self.last_speech_id}"


class CorpusFrequency(models.Model):
    """Corpus statistics counted by each rebuild: in how many visible speeches a keyword
    (key "word:…") or a tag (key "tag:<id>") occurs, and how many there are ("speeches").

    They give keywords and tags their IDF: words every speech uses (工作, 同志们) weigh
    nothing. Read by per-speech updates, so those never count over the whole table.
    """

    key = models.CharField("键", max_length=50, primary_key=True)
    speeches = models.PositiveIntegerField("讲话稿数")

    class Meta:
        verbose_name = verbose_name_plural = "语料频次"

    def __str__(self):
        return f"{self.key}({self.speeches})"
