"""Benchmark: import throughput of `import_speeches` for generated pages on PostgreSQL.

Usage: .venv/bin/python bench/import_speeches.py [N] [--database-url URL]
Generates N pages shaped like the real seed page (breadcrumb without separators, teaser,
"文章标题:", body printed twice with the second copy cut short, "12全文查看"/"[]" junk,
headings glued to their first sentence, a paragraph broken mid-sentence, (一)(二)
sub-headings, 延伸阅读 titles glued to excerpts) from speeches/generation.py text, imports
them into a freshly created database, imports them again (all duplicates), and writes
bench/results/import_speeches.txt. Default N=1000 on postgres://postgres@127.0.0.1:5432/jg_issue5.
"""

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from common import count_rows, manage, query, recreate_database  # noqa: E402

from speeches.catalogue import CATEGORY_TREE  # noqa: E402
from speeches.generation import HEADING_PATTERNS, TextGenerator, meeting_name  # noqa: E402
from speeches.numbering import section_label  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "import_speeches.txt"


def page_text(rng, text, speech, related_titles):
    """One page in the seed's layout; returns (page, expected section headings)."""
    parent, _slug, children = rng.choice(CATEGORY_TREE)
    child = rng.choice(children)[0]
    lines = [
        f"范文无忧网{parent}{child}",
        speech.title,
        f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日 编辑 fanwen51.com",
    ]
    lines.append(f"[{related_titles[0]}]{text.paragraph(speech.topics, 2)[:60]}...+阅读")

    body = ["".join(speech.opening)]
    sub_section = rng.randrange(len(speech.sections))
    for position, section in enumerate(speech.sections, start=1):
        paragraphs = list(section.paragraphs)
        body.append(section_label(position) + section.heading + paragraphs.pop(0))
        if position - 1 == sub_section:
            for label in ["(一)", "(二)"]:
                sub = rng.choice(HEADING_PATTERNS).format(t=rng.choice(speech.topics))
                body.append(f"{label}{sub}。" + text.paragraph(speech.topics, 3))
        body.extend(paragraphs)
    body.extend(speech.closing)
    # The layout breaks one paragraph mid-sentence.
    index = rng.randrange(1, len(body))
    cut = len(body[index]) // 2
    body[index : index + 1] = [body[index][:cut], body[index][cut:]]

    first = list(body)
    first[1] = first[1][:10] + "12全文查看" + first[1][10:]
    second = list(body)
    second[1] = second[1][:10] + "[]" + second[1][10:]
    second = second[: max(2, int(len(second) * rng.uniform(0.5, 0.9)))]
    lines += [f"文章标题:{speech.title}"] + first + [f"《{speech.title}》12全文查看文章标题:{speech.title}"] + second
    lines.append("延伸阅读:")
    for title in related_titles[1:]:
        lines.append(title + text.paragraph(speech.topics, 2)[:70] + "...")
    lines += ["推荐阅读", "图文推荐", "栏目列表"]
    return "\n\n".join(lines) + "\n", [section.heading for section in speech.sections]


def generate_pages(folder: Path, count: int, seed: int = 1):
    rng = random.Random(seed)
    text = TextGenerator(seed)
    speeches = [text.speech(meeting_name(rng, 2020, "信访工作"), rng.randint(2000, 6000)) for _ in range(count)]
    expected = {}
    for number, speech in enumerate(speeches):
        # Links point at other generated pages, so some resolve and some wait (pending).
        related = [rng.choice(speeches).title for _ in range(10)]
        page, headings = page_text(rng, text, speech, related)
        path = folder / f"{number:05d}.txt"
        path.write_text(page, encoding="utf-8")
        expected[path] = headings
    return expected


def parse_accuracy(expected):
    import django

    django.setup()
    from speeches.importing.decoding import decode_page
    from speeches.importing.parser import parse_page

    started = time.perf_counter()
    right = flagged = 0
    for path, headings in expected.items():
        parsed = parse_page(decode_page(path.read_bytes()))
        right += [s.heading for s in parsed.sections] == headings
        flagged += parsed.needs_review
    return time.perf_counter() - started, right, flagged


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jg_issue5")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        expected = generate_pages(Path(folder), args.count)
        megabytes = sum(path.stat().st_size for path in expected) / 1024 / 1024
        parse_seconds, right, flagged = parse_accuracy(expected)
        recreate_database(args.database_url)
        manage(args.database_url, "migrate", "--noinput", "-v0")
        first = manage(args.database_url, "import_speeches", folder, "-v0")
        again = manage(args.database_url, "import_speeches", folder, "-v0")

    rows = count_rows(
        args.database_url, ["speeches_speech", "speeches_section", "speeches_relatedarticle", "speeches_meeting"]
    )
    [linked] = query(args.database_url, "SELECT count(*) FROM speeches_relatedarticle WHERE to_speech_id IS NOT NULL")

    n = args.count
    lines = [
        f"# import_speeches benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores (shared), Python {platform.python_version()}, PostgreSQL",
        f"pages: {n} generated pages in the seed's layout, {megabytes:.1f} MB",
        "",
        "| step | seconds | pages/s |",
        "| --- | ---: | ---: |",
        f"| parse only (no database) | {parse_seconds:.1f} | {n / parse_seconds:.0f} |",
        f"| import_speeches, fresh database (incl. ~1 s start-up) | {first:.1f} | {n / first:.0f} |",
        f"| import_speeches again (all skipped as duplicates) | {again:.1f} | {n / again:.0f} |",
        "",
        f"headings recovered exactly: {right}/{n}; pages marked 需要校对: {flagged}",
        "rows: " + ", ".join(f"{table} {count}" for table, count in rows.items()),
        f"延伸阅读 links resolved to a speech: {linked} of {rows['speeches_relatedarticle']}",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
