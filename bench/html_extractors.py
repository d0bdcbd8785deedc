"""Benchmark: main-content extraction libraries on the real pages of ../shared/corpus.

Usage (the candidates are not project dependencies; install them beside it first):
    python -m venv /tmp/extractors && /tmp/extractors/bin/pip install trafilatura readability-lxml justext
    /tmp/extractors/bin/python bench/html_extractors.py [--shared DIR]

For each HTML page of the corpus, each library's main text is checked against
expected.json: every must-survive sentence kept (`sentences`, `once`) and every piece of
site furniture dropped (`furniture`); time per page is the mean of 5 runs. Writes
bench/results/html_extractors.txt. docs/importing.md says which library the importer uses and why.
"""

import argparse
import json
import platform
import re
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "html_extractors.txt"
RUNS = 5


def squeeze(text):
    return re.sub(r"\s+", "", text).replace("\u3000", "")


def extractors():
    import justext
    import lxml.html
    import trafilatura
    from readability import Document

    def readability_text(html):
        return lxml.html.fromstring(Document(html).summary(html_partial=True)).text_content()

    def justext_text(html):
        # No Chinese stop list ships with jusText: stop words off, length classes only.
        paragraphs = justext.justext(
            html.encode(), frozenset(), length_low=10, length_high=40, stopwords_low=0, stopwords_high=0
        )
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return {
        "trafilatura (favor_recall)": lambda html: trafilatura.extract(html, favor_recall=True) or "",
        "trafilatura (default)": lambda html: trafilatura.extract(html) or "",
        "readability-lxml": readability_text,
        "jusText": justext_text,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    corpus = Path(parser.parse_args().shared) / "corpus"
    expected = [e for e in json.loads((corpus / "expected.json").read_text()) if e["file"].endswith(".html")]
    lines = [
        f"# html_extractors — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, Python {platform.python_version()}",
        "",
        f"{'library':28} {'page':36} {'kept':>6} {'dropped':>8} {'ms/page':>8}  furniture left",
    ]
    totals = {}
    for name, extract in extractors().items():
        for entry in expected:
            html = (corpus / "pages" / entry["file"]).read_bytes().decode("utf-8")
            started = time.perf_counter()
            for _ in range(RUNS):
                text = squeeze(extract(html))
            ms = (time.perf_counter() - started) / RUNS * 1000
            keep = entry["sentences"] + entry["once"]
            kept = sum(1 for sentence in keep if squeeze(sentence) in text)
            left = [piece for piece in entry["furniture"] if squeeze(piece) in text]
            dropped = len(entry["furniture"]) - len(left)
            done = totals.setdefault(name, [0, 0, 0])
            done[0] += kept + dropped
            done[1] += len(keep) + len(entry["furniture"])
            done[2] += ms
            lines.append(
                f"{name:28} {entry['file']:36} {kept:>3}/{len(keep):<2} {dropped:>4}/{len(entry['furniture']):<3} {ms:>8.1f}  {', '.join(left)}"
            )
    lines.append("")
    for name, (passed, checks, ms) in totals.items():
        lines.append(
            f"{name:28} {passed}/{checks} checks ({100 * passed / checks:.0f} %), {ms / len(expected):.1f} ms per page"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
