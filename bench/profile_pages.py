"""Profile the public pages in-process, page cache bypassed, on an existing database.

Usage:
    .venv/bin/python bench/profile_pages.py [--database-url postgres://.../jianggao_bench100k]
        [--page speech|home|category|tag|meeting|search] [--requests 500] [--top 30]
        [--sort tottime|cumulative]

Production settings (DEBUG off). Each request goes through django.test.Client with a
fresh query string, so the whole-page cache (cache_page) never hits while the shared
fragment caches (栏目 tree, side columns) stay warm, as they do under load; speech pages
rotate over up to 5,000 visible speeches. Prints the time per request (wall and process
CPU, database included) and the cProfile table. A first round of requests warms imports
and connections and is not profiled.
"""

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_ROOT = "/tmp/jianggao-profile-static"
SEARCH_QUERIES = ["发展", "经济", "乡村振兴", "安全生产", "教育", "党建", "改革", "生态环境", "创新", "人民"]


def setup(database_url):
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="profile-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        VIEW_COUNT_RATE_LIMIT="100000000",
        STATIC_ROOT=STATIC_ROOT,
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    # The manifest storage of the production settings needs collected files.
    call_command("collectstatic", "--noinput", verbosity=0)


def paths_for(page, count):
    """`count` request paths for `page`, each one distinct (so cache_page always misses)."""
    from django.db.models import Count
    from taggit.models import Tag

    from speeches.models import Meeting, Speech
    from speeches.navigation import tree_nodes

    rng = random.Random(1)
    if page == "speech":
        ids = list(Speech.objects.published().values_list("id", flat=True)[:200_000])
        pool = rng.sample(ids, min(len(ids), 5000))
        return [f"/speech/{rng.choice(pool)}/?r={n}" for n in range(count)]
    if page == "home":
        return [f"/?r={n}" for n in range(count)]
    if page == "category":
        slugs = [node.slug for node in tree_nodes()]
        return [f"/category/{rng.choice(slugs)}/?r={n}" for n in range(count)]
    if page == "tag":
        tags = list(
            Tag.objects.annotate(n=Count("speeches_taggedspeech_items"))
            .order_by("-n")
            .values_list("slug", flat=True)[:200]
        )
        return [f"/tag/{rng.choice(tags)}/?r={n}" for n in range(count)]
    if page == "meeting":
        meetings = list(Meeting.objects.with_published_speeches().values_list("id", flat=True)[:500])
        return [f"/meeting/{rng.choice(meetings)}/?r={n}" for n in range(count)]
    if page == "search":
        return [f"/search/?q={SEARCH_QUERIES[n % len(SEARCH_QUERIES)]}&r={n}" for n in range(count)]
    raise SystemExit(f"unknown page {page}")


def run(client, paths):
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jianggao_bench100k")
    parser.add_argument("--page", default="speech")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--output", help="write the raw profile here (for snakeviz / gprof2dot)")
    args = parser.parse_args()
    setup(args.database_url)
    from django.test import Client

    client = Client()
    paths = paths_for(args.page, args.requests * 2 + 50)
    run(client, paths[-50:])  # imports, connection, fragment caches
    measured = paths[args.requests : args.requests * 2]
    wall, cpu = time.perf_counter(), time.process_time()
    run(client, measured)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{args.page}: {wall / len(measured) * 1000:.2f} ms wall, {cpu / len(measured) * 1000:.2f} ms CPU per request"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    run(client, paths[: args.requests])
    profiler.disable()
    if args.output:
        profiler.dump_stats(args.output)
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
