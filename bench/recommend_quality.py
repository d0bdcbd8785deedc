"""Quality of 延伸阅读 on the team's labeled set (tests/recommend_labeled.py).

Builds the 72 labeled speeches in a scratch SQLite database, runs a full rebuild and
writes precision@5 (overall and per group) to bench/results/recommend_quality.txt.
Usage: .venv/bin/python bench/recommend_quality.py
"""

import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS as RESULTS_DIR  # noqa: E402
from common import scratch_sqlite_site  # noqa: E402

RESULTS = RESULTS_DIR / "recommend_quality.txt"


def main():
    with scratch_sqlite_site():
        from speeches.recommend import rebuild
        from speeches.recommend.weights import WEIGHTS
        from tests.recommend_labeled import build_labeled_set, precision_at_5

        labels = build_labeled_set()
        rebuild()
        overall = precision_at_5(labels)
        groups = defaultdict(list)
        for pk, group in labels.items():
            groups[group].append(pk)
        lines = [
            f"# 延伸阅读 quality, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"labeled set: {len(labels)} speeches in {len(groups)} topical groups of {len(labels) // len(groups)}"
            " (tests/recommend_labeled.py, seed 7)",
            f"weights: {WEIGHTS}",
            f"precision@5: {overall:.3f}  (test floor: 0.80)",
            "",
            "per group:",
        ]
        for group, members in groups.items():
            lines.append(f"  {group}: {precision_at_5(labels, members):.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
