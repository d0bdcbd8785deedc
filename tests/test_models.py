import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from speeches.models import Category, RelatedArticle, Section, Speech

from .factories import CategoryFactory, RelatedArticleFactory, SectionFactory, SpeechFactory

pytestmark = pytest.mark.django_db


def assert_integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_section_positions_are_unique_per_speech():
    section = SectionFactory(position=1)
    assert_integrity_error(lambda: Section.objects.create(speech=section.speech, position=1))
    # The same position in another speech is fine.
    SectionFactory(position=1)


def test_section_position_must_be_positive():
    speech = SpeechFactory()
    assert_integrity_error(lambda: Section.objects.create(speech=speech, position=0))


def test_section_label_derives_from_position():
    section = SectionFactory(position=3, heading="强化责任")
    assert section.label == "三、"
    assert str(section) == "三、强化责任"
    assert section.anchor == "section-3"


def test_related_article_cannot_link_to_itself():
    speech = SpeechFactory()
    assert_integrity_error(lambda: RelatedArticle.objects.create(from_speech=speech, to_speech=speech))


def test_related_article_is_unique_per_target():
    link = RelatedArticleFactory()
    assert_integrity_error(
        lambda: RelatedArticle.objects.create(from_speech=link.from_speech, to_speech=link.to_speech)
    )


def test_related_article_needs_a_target_or_a_pending_title():
    speech = SpeechFactory()
    assert_integrity_error(lambda: RelatedArticle.objects.create(from_speech=speech))
    pending = RelatedArticle.objects.create(from_speech=speech, target_title="尚未收录的讲话")
    assert pending.is_pending and pending.title == "尚未收录的讲话"
    assert_integrity_error(lambda: RelatedArticle.objects.create(from_speech=speech, target_title="尚未收录的讲话"))


def test_related_article_clean_names_the_field():
    speech = SpeechFactory()
    with pytest.raises(ValidationError) as error:
        RelatedArticle(from_speech=speech, to_speech=speech).clean()
    assert "to_speech" in error.value.message_dict


def test_published_speech_needs_a_publish_time():
    category = CategoryFactory()
    assert_integrity_error(
        lambda: Speech.objects.create(title="t", category=category, status="published", published_at=None)
    )


def test_content_hash_is_unique_when_set_but_may_be_empty():
    SpeechFactory(content_hash="")
    SpeechFactory(content_hash="")
    SpeechFactory(content_hash="abc")
    assert_integrity_error(lambda: SpeechFactory(content_hash="abc"))


def test_category_is_at_most_two_levels():
    top = CategoryFactory()
    child = CategoryFactory(parent=top)
    grandchild = Category(name="三级", slug="level-3", parent=child)
    with pytest.raises(ValidationError) as error:
        grandchild.full_clean()
    assert "parent" in error.value.message_dict
    assert str(child) == f"{top.name} > {child.name}"
    assert child.path == [top, child]


def test_category_cannot_be_its_own_parent():
    category = CategoryFactory()
    category.parent_id = category.pk
    assert_integrity_error(lambda: category.save())


def test_published_queryset_hides_drafts_and_future_speeches():
    visible = SpeechFactory()
    SpeechFactory(draft=True)
    SpeechFactory(published_at=timezone.now() + timezone.timedelta(days=1))
    assert list(Speech.objects.published()) == [visible]
    assert visible.is_visible


def test_tags_keep_chinese_slugs():
    speech = SpeechFactory()
    speech.tags.add("信访工作")
    tag = speech.tags.get()
    assert tag.slug == "信访工作"
    assert list(Speech.objects.filter(tags__slug="信访工作")) == [speech]


def test_absolute_urls():
    speech = SpeechFactory()
    assert speech.get_absolute_url() == f"/speech/{speech.pk}/"
    assert speech.category.get_absolute_url() == f"/category/{speech.category.slug}/"


def test_refresh_content_hash_covers_sections():
    section = SectionFactory(body="<p>甲</p>")
    speech = section.speech
    speech.refresh_content_hash()
    first = speech.content_hash
    Section.objects.filter(pk=section.pk).update(body="<p>乙</p>")
    speech.refresh_content_hash()
    assert speech.content_hash != first
    assert Speech.objects.get(pk=speech.pk).content_hash == speech.content_hash


def test_a_category_tree_holds_its_own_and_its_subcategories_speeches(django_assert_num_queries):
    from speeches.navigation import published_category

    top = CategoryFactory(slug="jianghua")
    child = CategoryFactory(parent=top)
    own, in_child = SpeechFactory(category=top), SpeechFactory(category=child)
    SpeechFactory(category=CategoryFactory())  # elsewhere
    assert set(Speech.objects.in_category_tree(top)) == {own, in_child}
    assert set(Speech.objects.in_category_tree(child)) == {in_child}
    node = published_category("jianghua")
    with django_assert_num_queries(1):  # the tree node knows its subcategories
        assert set(Speech.objects.in_category_tree(node)) == {own, in_child}


def test_from_key_reads_on_from_a_key_with_ties_broken_by_id():
    moment = timezone.now() - timezone.timedelta(days=1)
    older = SpeechFactory(published_at=moment - timezone.timedelta(hours=1))
    first, second, third = (SpeechFactory(published_at=moment) for _ in range(3))
    newer = SpeechFactory(published_at=moment + timezone.timedelta(hours=1))
    speeches = Speech.objects.all()
    assert list(speeches.from_key(moment, second.pk).latest_first()) == [second, first, older]
    assert list(speeches.from_key(moment, second.pk, inclusive=False).latest_first()) == [first, older]
    ascending = speeches.from_key(moment, second.pk, descending=False).order_by("published_at", "id")
    assert list(ascending) == [second, third, newer]
    assert list(speeches.after(second)) == [third, newer]
    assert list(speeches.before(second)) == [first, older]
