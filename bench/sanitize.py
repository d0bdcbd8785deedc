"""Benchmark: what sanitizing rich text costs on the write paths that write the most.

Usage: .venv/bin/python bench/sanitize.py [N]
Sanitizes the HTML of N generated speeches (default 5000) as the generator's bulk_create
does, renders-side cleaning included (the rich_text filter cleans again), and the XSS
corpus. Writes bench/results/sanitize.txt.
"""

import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nh3  # noqa: E402
from tqdm import tqdm  # noqa: E402

from speeches.generation import TextGenerator, as_html  # noqa: E402
from speeches.sanitize import sanitize_html  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "sanitize.txt"
CORPUS = ROOT / "tests" / "fixtures" / "xss_payloads.txt"


def generated_fields(count):
    text = TextGenerator(seed=1)
    for _ in tqdm(range(count), desc="generating", unit="speech"):
        speech = text.speech("全市工作会议", 4000)
        yield [as_html(speech.opening), as_html(speech.closing)] + [as_html(s.paragraphs) for s in speech.sections]


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    speeches = list(generated_fields(count))
    chars = sum(len(field) for fields in speeches for field in fields)

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        for fields in speeches:
            for field in fields:
                sanitize_html(field)
        timings.append(time.perf_counter() - started)
    best = min(timings)

    payloads = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("# ")]
    started = time.perf_counter()
    for _ in range(100):
        for payload in payloads:
            sanitize_html(payload)
    corpus_us = (time.perf_counter() - started) / (100 * len(payloads)) * 1e6

    per_speech_us = best / count * 1e6
    lines = [
        f"# bench/sanitize.py, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"# {platform.python_implementation()} {platform.python_version()}, nh3 {nh3.__version__}, {platform.machine()}",
        f"speeches sanitized            {count}",
        f"HTML characters               {chars} ({chars / count:.0f} per speech, {sum(map(len, speeches)) / count:.1f} fields)",
        f"time (best of 3)              {best:.3f} s (median {statistics.median(timings):.3f} s)",
        f"per speech                    {per_speech_us:.0f} us",
        f"throughput                    {chars / best / 1e6:.1f} M characters/s",
        f"extrapolated to 100,000       {per_speech_us * 100_000 / 1e6:.1f} s (once on write, once per page view)",
        f"XSS corpus, per payload       {corpus_us:.1f} us ({len(payloads)} payloads)",
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
