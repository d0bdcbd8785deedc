"""Time of `manage.py find_near_duplicates` at 100,000 speeches, and of one signature.

Two parts, written to bench/results/near_duplicates.txt:

1. Signature cost: MinHash signatures of generated speeches (speeches.generation, about
   3,000 characters each, jieba segmentation included): what every save, import and
   paste pays, and what a first indexing of an existing site pays per speech.
2. The nightly command on N speeches (default 100,000) in a scratch SQLite database whose
   signatures are already stored (as saves keep them). Generating and segmenting 100,000
   texts would take most of an hour on this machine, so these signatures come from
   synthetic shingle sets: 250 shingles a speech, 50 of them drawn from a shared pool of
   5,000 (the boilerplate every speech repeats), plus PLANTED near-copies (5 % of the
   shingles replaced) whose recall is reported.

Usage: .venv/bin/python bench/near_duplicates.py [N]
"""

import random
import sys
import time
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS as RESULTS_DIR  # noqa: E402
from common import scratch_sqlite_site  # noqa: E402

RESULTS = RESULTS_DIR / "near_duplicates.txt"

SHINGLES, SHARED, POOL = 250, 50, 5000
PLANTED = 200
SIGNATURE_SAMPLE = 200


def signature_cost():
    from speeches.duplicates.signature import signature
    from speeches.generation import TextGenerator

    generator = TextGenerator(seed=3)
    texts = []
    for number in range(SIGNATURE_SAMPLE):
        generated = generator.speech(f"第{number}次工作会议", 3000)
        parts = [*generated.opening]
        for section in generated.sections:
            parts += [section.heading, *section.paragraphs]
        texts.append("\n".join([*parts, *generated.closing]))
    signature(texts[0])  # load the dictionary first
    started = time.perf_counter()
    for text in texts:
        signature(text)
    elapsed = time.perf_counter() - started
    return elapsed / len(texts), sum(map(len, texts)) / len(texts)


def synthetic_signatures(count, rng):
    from datasketch import MinHash

    from speeches.duplicates.signature import PERMUTATIONS, SCHEME, SEED

    pool = [rng.getrandbits(64).to_bytes(8, "big") for _ in range(POOL)]
    template = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME)
    sets, planted = {}, []
    for pk in range(1, count + 1):
        sets[pk] = rng.sample(pool, SHARED) + [rng.getrandbits(64).to_bytes(8, "big") for _ in range(SHINGLES - SHARED)]
    for pk in rng.sample(range(1, count + 1 - PLANTED), PLANTED):
        copy = list(sets[pk])
        for index in rng.sample(range(SHINGLES), SHINGLES // 20):
            copy[index] = rng.getrandbits(64).to_bytes(8, "big")
        sets[count + 1 + len(planted)] = copy
        planted.append((pk, count + len(planted) + 1))
    signatures = {}
    for pk, shingles in sets.items():
        minhash = template.copy()
        minhash.update_batch(shingles)
        signatures[pk] = minhash.hashvalues
    return signatures, planted


def command_time(count):
    from django.core.management import call_command

    from speeches.duplicates.models import SpeechSignature
    from speeches.duplicates.signature import to_bytes
    from speeches.models import Category, Speech

    rng = random.Random(11)
    started = time.perf_counter()
    signatures, planted = synthetic_signatures(count, rng)
    made = time.perf_counter() - started
    category = Category.objects.create(name="基准", slug="bench")
    Speech.objects.bulk_create(
        (Speech(pk=pk, title=f"讲话{pk}", category=category) for pk in signatures), batch_size=5000
    )
    SpeechSignature.objects.bulk_create(
        (SpeechSignature(speech_id=pk, hashvalues=to_bytes(values)) for pk, values in signatures.items()),
        batch_size=5000,
    )
    out = StringIO()
    started = time.perf_counter()
    call_command("find_near_duplicates", limit=100_000, stdout=out)
    elapsed = time.perf_counter() - started
    found = {tuple(map(int, line.split("\t")[1:3])) for line in out.getvalue().splitlines() if "\t" in line}
    recall = sum(pair in found for pair in planted) / len(planted)
    return len(signatures), elapsed, made, len(found), recall


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with scratch_sqlite_site():
        from speeches.duplicates.signature import BANDS, PERMUTATIONS, ROWS, THRESHOLD

        per_speech, chars = signature_cost()
        speeches, elapsed, made, pairs, recall = command_time(count)
    lines = [
        f"# Near-duplicate speeches, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (SQLite, 2 cores shared with 3 other engineers)",
        f"MinHash {PERMUTATIONS} permutations, LSH {BANDS} bands x {ROWS} rows, threshold {THRESHOLD}, 3-word shingles",
        f"signature of one generated speech (~{chars:.0f} characters, jieba included): {per_speech * 1000:.1f} ms"
        f" -> a first indexing of 100,000 speeches: ~{per_speech * 100_000 / 60:.0f} min",
        f"find_near_duplicates over {speeches} stored signatures (synthetic, {PLANTED} planted near-copies):"
        f" {elapsed:.1f} s ({pairs} pairs, planted recall {recall:.3f})",
        f"(making the synthetic signatures took {made:.0f} s and is not part of the command)",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
