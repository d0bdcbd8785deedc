"""Benchmark: how well the importer stores real speech pages, and how fast.

Usage: .venv/bin/python bench/import_quality.py [--shared DIR] [--database-url URL]

Imports every page of ../shared/corpus/pages into a fresh database (a temporary SQLite
file unless --database-url names a PostgreSQL database, which is recreated) through the
same path as `manage.py import_speeches`, reads back what was stored and scores it
against ../shared/corpus/expected.json:

- title: the stored title equals `title`; or, where more than one title is defensible,
  the speech contains the `locate` sentence and its title is none of the page's furniture;
- sections: the number of stored sections;
- headings: each expected heading equals the stored heading at its position;
- sentences: each must-survive sentence is in the stored text (title, opening, headings,
  sections, closing; white space ignored);
- once: each such sentence occurs exactly once;
- furniture: each piece of site text is in neither the title nor the text.

The seed page is scored too, as published (ASCII punctuation) and with its punctuation
restored to full width, against the checks written below, plus its 延伸阅读 entries.
Throughput: parse-only and full import (database included) for the seed-sized page and
for the 100 KB pages. Writes bench/results/import_quality.txt.
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "import_quality.txt"
SEED_NAME = "000_e6589ff307b5b0a5.txt"
# ASCII marks of the seed and the full-width marks a Chinese page prints (the seed lost them).
SEED_MARKS = str.maketrans(
    {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01", "(": "\uff08", ")": "\uff09"}
)

# What a careful editor stores for the seed page (full-width marks; the ASCII copy is
# compared after the importer restores its punctuation).
SEED_EXPECTED = {
    "title": "局领导在信访宣传工作会议上的讲话",
    "sections": 4,
    "headings": [
        "增强大局意识，进一步提高对做好信访工作的认识",
        "突出重点，畅通渠道，努力改进信访工作的方式方法",
        "强化责任，分级负责，归口管理，切实抓出成效",
        "坚持正确的舆论导向，进一步做好我局的新闻宣传工作",
    ],
    "sentences": [
        "在当前防汛工作即将进入汛期",
        "学习宣传贯彻新《信访条例》的实施意见",
        "直到上访人离开为止",
        "最后我再强调一下会议精神的贯彻落实。",
    ],
    "once": ["信访工作能不能做好，关键在领导。"],
    "furniture": [
        "全文查看",
        "文章标题",
        "延伸阅读",
        "推荐阅读",
        "图文推荐",
        "栏目列表",
        "+阅读",
        "fanwen51",
        "范文无忧网",
    ],
    "related": 9,
}


def squeeze(text: str) -> str:
    return "".join(text.split()).replace("\u3000", "")


def stored_text(speech) -> str:
    from django.utils.html import strip_tags

    parts = [speech.opening]
    for section in speech.sections.order_by("position"):
        parts += [section.heading, section.body]
    parts.append(speech.closing)
    return squeeze(unescape(strip_tags("\n".join(parts))))


def score(speech, expected) -> list:
    """[(check, passed, detail)] for one stored speech."""
    if speech is None:
        return [("imported", False, "refused")]
    text, title = stored_text(speech), squeeze(speech.title)
    checks = []
    furniture = [squeeze(f) for f in expected["furniture"]]
    if expected.get("title"):
        checks.append(("title", title == squeeze(expected["title"]), speech.title))
    else:
        found = squeeze(expected["locate"]) in text and title and not any(f in title for f in furniture)
        checks.append(("title", bool(found), speech.title))
    sections = list(speech.sections.order_by("position"))
    checks.append(("sections", len(sections) == expected["sections"], f"{len(sections)}/{expected['sections']}"))
    for position, heading in enumerate(expected["headings"]):
        got = squeeze(sections[position].heading) if position < len(sections) else ""
        checks.append((f"heading {position + 1}", got == squeeze(heading), got[:30]))
    for sentence in expected["sentences"]:
        checks.append(("sentence", squeeze(sentence) in text, sentence[:20]))
    for sentence in expected["once"]:
        count = text.count(squeeze(sentence))
        checks.append(("once", count == 1, f"{sentence[:20]} x{count}"))
    for piece in furniture:
        checks.append(("furniture", piece not in text and piece not in title, piece[:20]))
    if "related" in expected:
        links = speech.related_links.filter(kind=1).count()
        checks.append(("related", links >= expected["related"], f"{links} staff links"))
    return checks


def import_one(name, data):
    from speeches.importing.pipeline import import_bytes
    from speeches.importing.writer import FAILED

    outcome = import_bytes(name, data)
    return (None if outcome.status == FAILED else outcome.speech), outcome


def throughput(data, name, seconds=3.0):
    """(parse-only pages/s, full import pages/s) for one page, over about `seconds` each."""
    from django.db import transaction

    from speeches.importing.pipeline import import_bytes, parse_source, read_source

    def rate(work):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            work()
            done += 1
        return done / (time.perf_counter() - started)

    def full():
        with transaction.atomic():
            import_bytes(name, data)
            transaction.set_rollback(True)

    return rate(lambda: parse_source(read_source(name, data))), rate(full)


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (corpus and seeds)")
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL database to recreate (default: temporary SQLite)"
    )
    parser.add_argument(
        "--corpus", default="", help="another folder with pages/ and expected.json (default: the shared corpus)"
    )
    parser.add_argument("--output", default=str(RESULTS), help="where to write the figures")
    args = parser.parse_args()
    shared = Path(args.shared)
    corpus = Path(args.corpus) if args.corpus else shared / "corpus"
    expected = json.loads((corpus / "expected.json").read_text())
    seed = (shared / "seeds" / SEED_NAME).read_bytes()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url
        if url:
            from common import recreate_database

            recreate_database(url)
        else:
            url = f"sqlite:///{folder}/quality.sqlite3"
        setup_django(url)
        pages = [(entry["file"], (corpus / "pages" / entry["file"]).read_bytes(), entry) for entry in expected]
        pages += [
            ("seed (ASCII, as published)", seed, SEED_EXPECTED),
            ("seed (full-width)", seed.decode().translate(SEED_MARKS).encode(), SEED_EXPECTED),
        ]
        rows, totals = [], {}
        for name, data, wanted in pages:
            if name.startswith("seed (full"):
                from speeches.models import Speech

                Speech.objects.filter(title=SEED_EXPECTED["title"]).delete()  # same speech, other bytes
            speech, outcome = import_one(name.split(" ")[0] if name.startswith("seed") else name, data)
            checks = score(speech, wanted)
            passed = sum(1 for _, ok, _ in checks if ok)
            group = "seed" if name.startswith("seed") else "corpus"
            done, count = totals.get(group, (0, 0))
            totals[group] = (done + passed, count + len(checks))
            failed = [f"{check}: {detail}" for check, ok, detail in checks if not ok]
            reasons = speech.review_reason.replace("\n", " | ") if speech else outcome.message
            rows.append((name, passed, len(checks), failed, speech.title if speech else "—", reasons))
        seed_rate = throughput(seed, SEED_NAME)
        big = [(name, data) for name, data, _ in pages[:-2] if len(data) >= 100_000]
        big_rates = [throughput(data, name) for name, data in big]

    lines = [
        f"# import_quality — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
        f"Python {platform.python_version()}, database {'PostgreSQL' if args.database_url else 'SQLite'}",
        "",
        f"{'page':40} {'score':>7}  title / failed checks / 需要校对",
    ]
    for name, passed, count, failed, title, reasons in rows:
        lines.append(f"{name:40} {passed:>3}/{count:<3}  {title}")
        lines.extend(f"{'':52}✗ {item}" for item in failed)
        if reasons:
            lines.append(f"{'':52}需要校对: {reasons}")
    lines.append("")
    for group, (done, count) in totals.items():
        lines.append(f"{group}: {done}/{count} checks = {100 * done / count:.1f} %")
    lines += [
        "",
        f"throughput, seed page ({len(seed) / 1024:.0f} KB): parse {seed_rate[0]:.0f} pages/s, import {seed_rate[1]:.0f} pages/s",
    ]
    for (name, data), (parse_rate, import_rate) in zip(big, big_rates, strict=True):
        lines.append(
            f"throughput, {name} ({len(data) / 1024:.0f} KB): parse {parse_rate:.1f} pages/s, import {import_rate:.1f} pages/s"
        )
    output = Path(args.output)
    output.parent.mkdir(exist_ok=True)
    output.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
