"""Precision of 建议标签 on the team's labeled set (tests/recommend_labeled.py).

Builds the 72 labeled speeches in a scratch SQLite database, computes their keywords (a
full rebuild), asks for each speech's suggestions and writes to
bench/results/tag_suggestions.txt the share of suggested tags that its group's speeches
carry. Usage: .venv/bin/python bench/tag_suggestions.py
"""

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS as RESULTS_DIR  # noqa: E402
from common import scratch_sqlite_site  # noqa: E402

RESULTS = RESULTS_DIR / "tag_suggestions.txt"


def main():
    with scratch_sqlite_site():
        from speeches.recommend import rebuild
        from speeches.recommend.suggest import SUGGESTED
        from tests.recommend_labeled import build_labeled_set
        from tests.test_tag_suggestions import suggestion_precision

        labels = build_labeled_set()
        rebuild()
        started = time.perf_counter()
        precision, suggested, speeches = suggestion_precision(labels)
        elapsed = time.perf_counter() - started
    lines = [
        f"# 建议标签 precision, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"labeled set: {len(labels)} speeches (tests/recommend_labeled.py, seed 7), up to {SUGGESTED} suggestions each",
        f"suggested tags: {suggested} for {speeches} speeches",
        f"precision (share of suggested tags its group's speeches carry): {precision:.3f}",
        f"time per speech: {elapsed / len(labels) * 1000:.1f} ms (SQLite, loaded 2-core machine)",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
