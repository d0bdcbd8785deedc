"""URL fuzz of every public route: each path parameter and query parameter filled with
seeded random text, odd numbers and percent-encoded bytes. Every answer is below 500 and
any HTML page carries no live markup (what the URL says is only ever shown escaped)."""

import random
from urllib.parse import quote

import pytest
from django.urls import URLPattern, reverse

from speeches import urls as public_urls

from ..factories import MeetingFactory, SectionFactory, SpeechFactory
from .fuzz import fuzz_text
from .markup import assert_no_live_markup

pytestmark = pytest.mark.django_db

SEEDS = range(6)
NUMBERS = ["0", "-1", "1", "2", "99999999999999999999", "1e3", "０１", "١", "1.5", "", " 1", "0x10", "NaN"]
RAW = ["%00", "%ff", "%2F", "%2e%2e", "..", "%u202e", "%C0%AF", "%E2%80%AE", "a%0d%0aSet-Cookie:x=1"]
QUERY_NAMES = ["page", "q", "category", "meeting", "tag", "year", "next", "format", "o", "p"]
# Routes that change state or need a login are fuzzed elsewhere (uploads: tests/test_uploads.py).
SKIPPED = {"editor_image_upload"}


@pytest.fixture
def site():
    speech = SpeechFactory(meeting=MeetingFactory())
    SectionFactory(speech=speech, position=1)
    speech.tags.add("标签")
    return speech


def public_routes():
    return [
        pattern
        for pattern in public_urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name not in SKIPPED
    ]


def fuzzed_value(rng, converter_regex):
    if rng.random() < 0.3:
        return rng.choice(RAW)
    if converter_regex == "[0-9]+" or rng.random() < 0.2:
        return quote(rng.choice(NUMBERS), safe="")
    return quote(fuzz_text(rng).replace("\ud800", "").replace("\udfff", ""), safe="")


def fuzzed_paths(rng, route):
    """Paths for the route with its parameters replaced by random values."""
    pattern = route.pattern
    converters = pattern.converters
    path = str(pattern)
    for _ in range(6):
        filled = path
        for name, converter in converters.items():
            for prefix in (f"<int:{name}>", f"<anyslug:{name}>", f"<str:{name}>", f"<{name}>"):
                filled = filled.replace(prefix, fuzzed_value(rng, converter.regex))
        yield "/" + filled


def fuzzed_query(rng):
    names = rng.sample(QUERY_NAMES, rng.randint(1, 4))
    return "&".join(f"{quote(name)}={fuzzed_value(rng, '')}" for name in names)


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed-{seed}" for seed in SEEDS])
def test_every_public_route_answers_fuzz_below_500(client, site, seed):
    rng = random.Random(seed)
    requested = 0
    for route in public_routes():
        for path in fuzzed_paths(rng, route):
            for url in (path, f"{path}?{fuzzed_query(rng)}"):
                response = client.get(url)
                requested += 1
                assert response.status_code < 500, (seed, url)
                assert_no_live_markup(response, (seed, url))
    assert requested >= 12 * len(public_routes())


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed-{seed}" for seed in SEEDS])
def test_real_pages_with_fuzzed_queries_answer_below_500(client, site, seed):
    rng = random.Random(seed)
    pages = [
        reverse("speeches:home"),
        site.get_absolute_url(),
        reverse("speeches:full", kwargs={"pk": site.pk}),
        site.category.get_absolute_url(),
        site.meeting.get_absolute_url(),
        "/tag/标签/",
        reverse("speeches:search"),
        reverse("speeches:feed"),
        site.category.feed_url,
        "/sitemap.xml",
        "/sitemap-speeches.xml",
        "/robots.txt",
    ]
    for page in pages:
        for _ in range(8):
            url = f"{quote(page, safe='/')}?{fuzzed_query(rng)}"
            response = client.get(url)
            assert response.status_code < 500, (seed, url)
            assert_no_live_markup(response, (seed, url))
