"""The near-duplicate index: each speech's MinHash signature and its LSH band keys."""

from django.db import models


class SpeechSignature(models.Model):
    speech = models.OneToOneField(
        "speeches.Speech",
        verbose_name="讲话稿",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="signature",
    )
    hashvalues = models.BinaryField("MinHash 签名")

    class Meta:
        verbose_name = verbose_name_plural = "文本签名"

    def __str__(self):
        return str(self.speech_id)


class SpeechBand(models.Model):
    """One LSH band key of a speech: speeches sharing a key are near-duplicate candidates."""

    speech = models.ForeignKey("speeches.Speech", on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "签名分段"
        indexes = [models.Index(fields=["key"], name="speech_band_key_idx")]

    def __str__(self):
        return f"{self.speech_id}:{self.key}"
