"""Benchmark: rjieba against jieba 0.42.1 on generated speech text, same site dictionary.

Usage: .venv/bin/python bench/segmentation.py
Writes bench/results/segmentation.txt: characters per second in precise, search and full
mode, the share of texts both libraries segment identically, and the speed of the whole
search tokenizer.
"""

import logging
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import jieba  # noqa: E402

from speeches.generation import TextGenerator  # noqa: E402
from speeches.segmentation import (  # noqa: E402
    WHOLE_WORD_MIN_CHARS,
    dictionary_files,
    normalize,
    read_dictionary,
    segmenter,
    tokenize,
)

RESULTS = ROOT / "bench" / "results" / "segmentation.txt"
SPEECHES = 200


def corpus():
    generator = TextGenerator(7)
    texts = []
    for _ in range(SPEECHES):
        speech = generator.speech("2021年水利系统防汛抗旱会议", 4000)
        parts = [speech.title, *speech.opening]
        for section in speech.sections:
            parts.extend([section.heading, *section.paragraphs])
        texts.append(normalize("\n".join(parts + speech.closing)))
    return texts


def long_words(pieces):
    return [piece for piece in pieces if len(piece) >= WHOLE_WORD_MIN_CHARS]


def timed(function, texts):
    started = time.perf_counter()
    output = [function(text) for text in texts]
    return time.perf_counter() - started, output


def main():
    jieba.setLogLevel(logging.WARNING)
    for path in dictionary_files():
        for word, frequency in read_dictionary(path.read_text(encoding="utf-8")):
            jieba.add_word(word, frequency)
    jieba.initialize()
    rust = segmenter()
    texts = corpus()
    chars = sum(map(len, texts))
    rows = []
    for mode, python_cut, rust_cut in [
        ("precise", jieba.lcut, rust.cut),
        ("search", jieba.lcut_for_search, rust.cut_for_search),
        # tokenize() keeps full mode's words of WHOLE_WORD_MIN_CHARS or more; jieba's full
        # mode leaves out single characters that a word covers, rjieba keeps them all.
        ("full", lambda text: long_words(jieba.lcut(text, cut_all=True)), lambda text: long_words(rust.cut_all(text))),
    ]:
        python_seconds, python_out = timed(python_cut, texts)
        rust_seconds, rust_out = timed(rust_cut, texts)
        same = sum(a == b for a, b in zip(python_out, rust_out, strict=True))
        rows.append((mode, chars / python_seconds, chars / rust_seconds, python_seconds / rust_seconds, same))

    lines = [
        f"# segmentation benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores (shared), Python {platform.python_version()}",
        f"corpus: {SPEECHES} generated speeches, {chars:,} characters, site dictionary loaded in both",
        "",
        f"{'mode':<8} {'jieba 0.42.1 chars/s':>21} {'rjieba 0.2.2 chars/s':>21} {'speed-up':>9} {'identical':>10}",
    ]
    for mode, python_rate, rust_rate, speedup, same in rows:
        lines.append(f"{mode:<8} {python_rate:>21,.0f} {rust_rate:>21,.0f} {speedup:>8.1f}x {same:>6}/{SPEECHES}")
    tokenize_seconds, _ = timed(tokenize, texts)
    lines += [
        "",
        f"tokenize() (search mode + full mode's long words, cleaned): {chars / tokenize_seconds:,.0f} chars/s",
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
