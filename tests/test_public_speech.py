"""The speech page: reading pages, full text, 延伸阅读, visibility, view counts, budgets."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from speeches.models import RelatedArticle, Speech
from speeches.view_counts import fold_views

from .factories import CategoryFactory, MeetingFactory, RelatedArticleFactory, SectionFactory, SpeechFactory

pytestmark = pytest.mark.django_db

SPEECH_BUDGET = 10  # 6 for the speech and its neighbours, 4 for the side column when its cache is cold


def long_speech(sections=8, **fields):
    """A speech of `sections` sections of ~1,200 characters: two a page, so four reading pages."""
    parent = CategoryFactory(name="党建工作", slug="dangjian")
    category = CategoryFactory(name="民主生活会", slug="minzhu", parent=parent)
    speech = SpeechFactory(
        title="在民主生活会上的讲话",
        category=category,
        opening="<p>同志们:今天我们召开民主生活会。</p>",
        closing="<p>谢谢大家!</p>",
        **fields,
    )
    for position in range(1, sections + 1):
        SectionFactory(speech=speech, position=position, heading=f"第{position}部分", body=f"<p>{'正文内容' * 300}</p>")
    return speech


def full_url(speech):
    return reverse("speeches:full", kwargs={"pk": speech.pk})


def page_url(speech, number):
    return reverse("speeches:page", kwargs={"pk": speech.pk, "number": number})


def test_speech_page_shows_breadcrumb_meta_and_numbered_headings(client):
    meeting = MeetingFactory(name="全市民主生活会")
    speech = long_speech(sections=2, speaker="张三", speaker_post="书记", meeting=meeting, source_name="某某网")
    speech.tags.add("民主生活会", "批评与自我批评")
    html = client.get(speech.get_absolute_url()).content.decode()
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group()
    assert re.findall(r">([^<>]+)</a>", breadcrumb) == ["首页", "党建工作", "民主生活会"]
    assert "在民主生活会上的讲话" in breadcrumb
    assert html.count("<h1") == 1
    assert 'lang="zh-Hans"' in html and "<main" in html and "<header" in html and "<footer" in html
    assert "张三(书记)" in html and "全市民主生活会" in html and "某某网" in html
    assert "阅读 0 次" in html
    assert 'href="/tag/%E6%B0%91%E4%B8%BB%E7%94%9F%E6%B4%BB%E4%BC%9A/"' in html or 'href="/tag/民主生活会/"' in html
    assert '<h2 id="section-1-heading">一、第1部分</h2>' in html
    assert '<h2 id="section-2-heading">二、第2部分</h2>' in html
    assert "同志们:今天我们召开民主生活会。" in html and "谢谢大家!" in html


def test_long_speech_is_split_into_pages_with_links(client):
    speech = long_speech()
    first = client.get(speech.get_absolute_url()).content.decode()
    assert "同志们" in first and "谢谢大家" not in first
    assert f'href="{page_url(speech, 2)}">2</a>' in first
    assert f'href="{page_url(speech, 2)}">下一页</a>' in first and "上一页" not in first.split("reading-pages")[1]
    assert f'href="{full_url(speech)}">全文查看</a>' in first
    # Every section appears on exactly one reading page, in order.
    numbers = re.findall(r'href="/speech/\d+/page/(\d+)/">\d+</a>', first)
    last = max(int(number) for number in numbers)
    seen = []
    for number in range(1, last + 1):
        url = speech.get_absolute_url() if number == 1 else page_url(speech, number)
        seen += re.findall(r'<section id="section-(\d+)"', client.get(url).content.decode())
    assert seen == [str(position) for position in range(1, 9)]
    last_page = client.get(page_url(speech, last)).content.decode()
    assert "谢谢大家" in last_page and "下一页" not in last_page and "上一页" in last_page


def test_each_page_is_about_three_thousand_characters(client):
    speech = long_speech()
    html = client.get(page_url(speech, 2)).content.decode()
    text = re.sub(r"<[^>]+>", "", re.search(r'<div class="speech-body">(.*?)</div>\s*<nav', html, re.S).group(1))
    assert 2000 <= len(re.sub(r"\s", "", text)) <= 4500


def test_table_of_contents_links_to_sections_on_their_pages(client):
    speech = long_speech()
    html = client.get(speech.get_absolute_url()).content.decode()
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group()
    links = re.findall(r'href="([^"]+)"', toc)
    assert len(links) == 8
    assert links[0] == "#section-1"
    assert links[2] == page_url(speech, 2) + "#section-3"
    assert links[-1].startswith(page_url(speech, 4)) and links[-1].endswith("#section-8")


def test_full_text_has_everything_and_is_the_canonical_link(client):
    speech = long_speech()
    html = client.get(full_url(speech)).content.decode()
    assert len(re.findall(r'<section id="section-\d+"', html)) == 8
    assert "同志们" in html and "谢谢大家" in html
    canonical = f'<link rel="canonical" href="http://testserver{full_url(speech)}">'
    assert canonical in html
    assert canonical in client.get(page_url(speech, 2)).content.decode()
    assert 'property="og:type" content="article"' in html
    assert f'<meta property="og:title" content="{speech.title}">' in html


def test_page_one_url_redirects_and_bad_page_numbers_are_404(client):
    speech = long_speech()
    response = client.get(page_url(speech, 1))
    assert response.status_code == 301 and response["Location"] == speech.get_absolute_url()
    assert client.get(page_url(speech, 4)).status_code == 200
    assert client.get(page_url(speech, 5)).status_code == 404
    assert client.get(f"/speech/{speech.pk}/page/0/").status_code == 404
    assert client.get(f"/speech/{speech.pk}/page/-1/").status_code == 404
    assert client.get(f"/speech/{speech.pk}/page/abc/").status_code == 404
    assert client.get(f"/speech/{speech.pk}/page/{10**20}/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/speech/999999/", "/speech/999999/full/", f"/speech/{10**20}/", "/speech/abc/", "/speech/-1/"]
)
def test_unknown_speeches_are_a_chinese_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_related_reading_staff_first_with_excerpts_and_no_dead_entries(client):
    speech = long_speech(sections=1)
    computed = SpeechFactory(title="系统推荐的讲话", summary="系统推荐讲话的摘要" * 20)
    staff_choice = SpeechFactory(title="编辑选定的讲话", opening="<p>同志们：</p>")
    SectionFactory(speech=staff_choice, position=1, body="<p>" + "第一部分的内容" * 20 + "</p>")
    RelatedArticleFactory(from_speech=speech, to_speech=computed, kind=RelatedArticle.Kind.COMPUTED, position=0)
    RelatedArticleFactory(from_speech=speech, to_speech=staff_choice, kind=RelatedArticle.Kind.STAFF, position=5)
    RelatedArticle.objects.create(
        from_speech=speech, target_title="尚未收录的讲话", target_excerpt="<p>待收录文章的摘要</p>", position=3
    )
    hidden = SpeechFactory(title="草稿不应出现", draft=True)
    RelatedArticleFactory(from_speech=speech, to_speech=hidden, position=1)

    html = client.get(speech.get_absolute_url()).content.decode()
    related = re.search(r'<aside class="related".*?</aside>', html, re.S).group()
    titles = re.findall(r'class="related-title"[^>]*>([^<]+)<', related)
    # A pending title (its speech is not on the site yet) waits in the admin.
    assert titles == ["编辑选定的讲话", "系统推荐的讲话"]
    assert "尚未收录的讲话" not in html and "待收录文章的摘要" not in html
    assert f'<a class="related-title" href="{staff_choice.get_absolute_url()}">' in related
    excerpts = re.findall(r'<p class="excerpt">([^<]+)</p>', related)
    assert excerpts[0].startswith("同志们： 第一部分的内容") and len(excerpts[0]) == 61
    assert excerpts[1] == ("系统推荐讲话的摘要" * 20)[:60] + "…"
    assert "草稿不应出现" not in html


def test_a_pending_link_appears_when_its_speech_is_published(client):
    speech = long_speech(sections=1)
    RelatedArticle.objects.create(from_speech=speech, target_title="尚未收录的讲话", position=1)
    assert "尚未收录的讲话" not in client.get(speech.get_absolute_url()).content.decode()
    arrived = SpeechFactory(title="尚未收录的讲话")
    RelatedArticle.objects.connect_pending_to(arrived)
    cache.clear()  # the page was cached for a minute when first read
    html = client.get(speech.get_absolute_url()).content.decode()
    assert f'<a class="related-title" href="{arrived.get_absolute_url()}">尚未收录的讲话</a>' in html


def test_related_reading_shows_at_most_eight(client):
    speech = long_speech(sections=1)
    for position in range(12):
        RelatedArticleFactory(from_speech=speech, position=position)
    html = client.get(speech.get_absolute_url()).content.decode()
    assert len(re.findall(r'class="related-title"', html)) == 8


def test_previous_is_older_and_next_is_newer_in_category_and_recommended_block(client):
    category = CategoryFactory()
    now = timezone.now()
    older = SpeechFactory(category=category, title="较早的讲话", published_at=now - timedelta(days=3))
    speech = SpeechFactory(category=category, title="本篇", published_at=now - timedelta(days=2))
    newer = SpeechFactory(category=category, title="较新的讲话", published_at=now - timedelta(days=1))
    SpeechFactory(title="别的栏目", published_at=now - timedelta(hours=30))
    SpeechFactory(category=category, title="定时发布", published_at=now + timedelta(days=1))
    SpeechFactory(title="编辑推荐的讲话", is_recommended=True, recommend_rank=1)
    html = client.get(speech.get_absolute_url()).content.decode()
    # DedeCMS order: 上一篇 is the older speech, 下一篇 the newer one, in the same 栏目.
    assert f'上一篇：<a href="{older.get_absolute_url()}">较早的讲话</a>' in html
    assert f'下一篇：<a href="{newer.get_absolute_url()}">较新的讲话</a>' in html
    assert "定时发布" not in html and "别的栏目" not in html
    oldest = client.get(older.get_absolute_url()).content.decode()
    assert "上一篇：没有了" in oldest and f'下一篇：<a href="{speech.get_absolute_url()}">本篇</a>' in oldest
    recommended = re.search(r'<section class="block recommended".*?</section>', html, re.S).group()
    assert "编辑推荐的讲话" in recommended


def test_drafts_and_scheduled_speeches_are_404_for_readers(client):
    draft = SpeechFactory(draft=True)
    scheduled = SpeechFactory(published_at=timezone.now() + timedelta(hours=1))
    for speech in (draft, scheduled):
        assert client.get(speech.get_absolute_url()).status_code == 404
        assert client.get(full_url(speech)).status_code == 404


def test_staff_preview_a_draft_marked_and_not_cached(staff_client):
    draft = long_speech(sections=1, status=Speech.Status.DRAFT, published_at=None)
    # The public URL stays a 404 even for staff (a cached page must never leak a draft);
    # the admin's "view on site" leads to the never-cached preview.
    assert staff_client.get(draft.get_absolute_url()).status_code == 404
    preview_url = reverse("admin:speeches_speech_preview", args=[draft.pk])
    response = staff_client.get(preview_url)
    assert response.status_code == 200
    assert "预览：本文尚未对读者公开。" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "hit.gif" not in response.content.decode()
    draft.title = "改过的标题"
    draft.save()
    assert "改过的标题" in staff_client.get(preview_url).content.decode()


def test_view_counts_keep_counting_when_the_page_comes_from_the_cache(client, django_assert_num_queries):
    speech = long_speech(sections=1)
    html = client.get(speech.get_absolute_url()).content.decode()
    beacon = re.search(r'<img class="hit" src="([^"]+)"', html).group(1)
    assert beacon == reverse("speeches:hit", kwargs={"pk": speech.pk})
    with django_assert_num_queries(0):
        assert client.get(speech.get_absolute_url()).content.decode() == html  # served from the cache
    for reader in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        response = client.get(beacon, REMOTE_ADDR=reader)
        assert response.status_code == 200 and response["Content-Type"] == "image/gif"
        assert "no-store" in response["Cache-Control"]
    fold_views()
    speech.refresh_from_db()
    assert speech.view_count == 3


def test_only_the_first_page_and_full_text_carry_the_beacon(client):
    speech = long_speech()
    assert "hit.gif" in client.get(full_url(speech)).content.decode()
    assert "hit.gif" not in client.get(page_url(speech, 2)).content.decode()


def test_beacon_does_not_count_drafts_or_unknown_speeches(client):
    draft = SpeechFactory(draft=True)
    assert client.get(reverse("speeches:hit", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get("/speech/999999/hit.gif").status_code == 404
    fold_views()
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_speech_page_query_budget_does_not_grow_with_content(client, django_assert_max_num_queries):
    small = long_speech(sections=1)
    big = SpeechFactory(category=small.category, meeting=MeetingFactory(), is_recommended=True)
    for position in range(1, 16):
        SectionFactory(speech=big, position=position, body="<p>" + "内容" * 700 + "</p>")
    big.tags.add(*[f"标签{index}" for index in range(12)])
    for position in range(12):
        target = SpeechFactory()
        SectionFactory(speech=target, position=1)
        RelatedArticleFactory(from_speech=big, to_speech=target, position=position)
    RelatedArticle.objects.create(from_speech=big, target_title="待收录", position=20)
    for _ in range(8):
        SpeechFactory(is_recommended=True)
    for url in (small.get_absolute_url(), big.get_absolute_url(), page_url(big, 2), full_url(big)):
        from django.core.cache import cache

        cache.clear()  # the cold, uncached page: the worst case
        with django_assert_max_num_queries(SPEECH_BUDGET):
            assert client.get(url).status_code == 200
