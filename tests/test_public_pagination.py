"""Keyset ("seek") pagination of speech lists."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from speeches.models import Speech
from speeches.pagination import KeysetPage, KeysetPaginator, invalidate_lists, parse_page_number

from .factories import CategoryFactory, SpeechFactory


@pytest.mark.parametrize("value, number", [(None, 1), ("", 1), ("1", 1), ("7", 7), ("999999999", 999999999)])
def test_page_numbers_parse(value, number):
    assert parse_page_number(value) == number


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", " 2", "٣", "²", str(10**20), "1e3"])
def test_bad_page_numbers_are_404(value):
    with pytest.raises(Http404):
        parse_page_number(value)


@pytest.mark.parametrize(
    "number, num_pages, links",
    [
        (1, 1, [1]),
        (1, 5, [1, 2, 3, None, 5]),
        (3, 5, [1, 2, 3, 4, 5]),
        (10, 40, [1, None, 8, 9, 10, 11, 12, None, 40]),
        (40, 40, [1, None, 38, 39, 40]),
    ],
)
def test_page_links_leave_out_runs_of_pages(number, num_pages, links):
    assert KeysetPage(number, [], num_pages, num_pages * 20).page_links == links


@pytest.fixture
def category_with_speeches(db):
    category = CategoryFactory()
    now = timezone.now()
    # Several speeches share a publish time, so the id must break ties.
    for index in range(47):
        SpeechFactory(category=category, published_at=now - timedelta(hours=index // 3 + 1))
    SpeechFactory(category=category, draft=True)
    return category


def paginator(category, per_page=10, descending=True):
    speeches = Speech.objects.published().filter(category=category)
    return KeysetPaginator(speeches, f"test:{category.id}", per_page=per_page, descending=descending)


@pytest.mark.parametrize("descending", [True, False])
def test_pages_cover_every_row_once_in_order(category_with_speeches, descending):
    pages = paginator(category_with_speeches, descending=descending)
    first = pages.page(1)
    assert (first.num_pages, first.count) == (5, 47)
    seen = [speech.pk for number in range(1, 6) for speech in pages.page(number).object_list]
    ordering = ["-published_at", "-id"] if descending else ["published_at", "id"]
    expected = list(
        Speech.objects.published()
        .filter(category=category_with_speeches)
        .order_by(*ordering)
        .values_list("pk", flat=True)
    )
    assert seen == expected
    assert len(pages.page(5).object_list) == 7


def test_page_beyond_the_last_is_404(category_with_speeches):
    with pytest.raises(Http404):
        paginator(category_with_speeches).page(6)


def test_empty_list_has_one_empty_page(db):
    page = paginator(CategoryFactory()).page(1)
    assert (page.num_pages, page.count, page.object_list) == (1, 0, [])


def test_deep_pages_use_the_cached_index_and_no_offset(category_with_speeches, django_assert_num_queries):
    pages = paginator(category_with_speeches)
    pages.page(1)
    with django_assert_num_queries(1) as context:
        pages.page(4)
    sql = context.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in sql and "COUNT(" not in sql


def test_a_stale_index_shifts_pages_but_skips_nothing(category_with_speeches):
    before = [speech.pk for speech in paginator(category_with_speeches).page(2).object_list]
    # Published after the index was cached, without signals (as a bulk import would do).
    Speech.objects.bulk_create(
        [
            Speech(
                title=f"新稿{index}", category=category_with_speeches, status="published", published_at=timezone.now()
            )
            for index in range(3)
        ]
    )
    stale = paginator(category_with_speeches)
    assert [speech.pk for speech in stale.page(2).object_list] == before
    assert stale.page(1).object_list[0].title.startswith("新稿")
    assert stale.page(1).count == 47


def test_saving_a_speech_refreshes_the_cached_index(category_with_speeches):
    assert paginator(category_with_speeches).page(1).count == 47
    SpeechFactory(category=category_with_speeches)
    assert paginator(category_with_speeches).page(1).count == 48


def test_invalidation_survives_an_evicted_version_key(category_with_speeches):
    from django.core.cache import cache

    cache.clear()
    invalidate_lists()
    assert paginator(category_with_speeches).page(1).count == 47
