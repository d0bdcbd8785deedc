"""Chinese word segmentation and keywords (jieba with its own dictionary).

Plain functions; jieba loads its dictionary once, on first use.
"""

import logging

import jieba
import jieba.analyse

jieba.setLogLevel(logging.WARNING)


def tokenize(text: str) -> list[str]:
    """Words of `text` in order, without white space."""
    return [word for word in jieba.lcut(text or "") if word.strip()]


def keywords(text: str, top_k: int) -> list[tuple[str, float]]:
    """The `top_k` most characteristic words of `text` by TF-IDF, with their weights."""
    if not text or not text.strip():
        return []
    return jieba.analyse.extract_tags(text, topK=top_k, withWeight=True)
