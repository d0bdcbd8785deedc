"""Writes a ParsedSpeech to the database: category, meeting, speech, sections, 延伸阅读."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..catalogue import CATEGORY_TREE
from ..hashing import content_hash
from ..models import Category, Meeting, RelatedArticle, Section, Speech
from ..recommend import refresh_speech
from ..search.indexing import deferred_indexing
from .markup import blocks_to_html, paragraphs_to_html

UNSORTED_CATEGORY = "待分类"

CREATED, UPDATED, SKIPPED, FAILED = "created", "updated", "skipped", "failed"
STATUS_LABELS = {CREATED: "新建", UPDATED: "更新", SKIPPED: "跳过", FAILED: "失败"}


@dataclass
class ImportOutcome:
    name: str
    status: str
    message: str = ""
    speech: Speech | None = None


@dataclass
class RenderedSpeech:
    """The HTML the importer stores, produced in one place (markup.blocks_to_html)."""

    opening: str
    sections: list  # [(heading, body html)]
    closing: str

    def text_parts(self):
        """Same order as Speech.text_parts, so hashes match what the admin computes."""
        parts = [self.opening]
        for heading, body in self.sections:
            parts.extend([heading, body])
        parts.append(self.closing)
        return parts


def render(parsed) -> RenderedSpeech:
    return RenderedSpeech(
        opening=paragraphs_to_html(parsed.opening),
        sections=[(section.heading, blocks_to_html(section.blocks)) for section in parsed.sections],
        closing=paragraphs_to_html(parsed.closing),
    )


def parsed_content_hash(parsed, rendered=None) -> str:
    rendered = rendered or render(parsed)
    return content_hash(parsed.title, rendered.text_parts())


def _catalogue() -> dict:
    """{(name,) or (parent, child): (slug, parent slug)} for the standing 栏目 tree."""
    entries = {}
    for name, slug, children in CATEGORY_TREE:
        entries[(name,)] = (slug, None)
        for child, child_slug in children:
            entries[(name, child)] = (child_slug, slug)
            entries.setdefault((child,), (child_slug, slug))
    return entries


CATALOGUE = _catalogue()


def find_category(path):
    """The site's 栏目 for a page's category path, matched by name (deepest level first),
    or None. Never creates one: another site's navigation is not this site's 栏目 tree."""
    for names in (tuple(path[-2:]), tuple(path[-1:])):
        if len(names) == 2:
            found = Category.objects.filter(parent__name=names[0], name=names[1]).order_by("id").first()
        elif names:
            found = Category.objects.filter(name=names[0]).order_by("parent_id", "id").first()
        else:
            found = None
        if found:
            return found
    return None


def _standing_category(path):
    """A category of the standing tree named by the path, created if the database lacks it."""
    for names in (tuple(path[-2:]), tuple(path[-1:])):
        entry = CATALOGUE.get(names)
        if entry:
            slug, parent_slug = entry
            parent = None
            if parent_slug:
                name = next(n for n, s, _ in CATEGORY_TREE if s == parent_slug)
                parent, _ = Category.objects.get_or_create(slug=parent_slug, defaults={"name": name, "position": 999})
            category, _ = Category.objects.get_or_create(
                slug=slug, defaults={"name": names[-1], "parent": parent, "position": 999}
            )
            return category
    return None


def category_reason(path) -> str:
    """Why a speech went to 待分类 (shown in 需要校对)."""
    if not path:
        return "页面没有栏目路径，已放入“待分类”。"
    return f"栏目路径“{' › '.join(path)}”不是本站的栏目，已放入“待分类”。"


def resolve_category(path):
    """(category, reason): the page's 栏目 when the site has it, else 待分类 and why."""
    name_length = Category._meta.get_field("name").max_length
    path = [name[:name_length] for name in path]
    category = (find_category(path) or _standing_category(path)) if path else None
    if category:
        return category, ""
    unsorted = Category.objects.filter(name=UNSORTED_CATEGORY, parent__isnull=True).order_by("id").first()
    if unsorted is None:
        unsorted = Category.objects.create(name=UNSORTED_CATEGORY, slug="daifenlei", position=999)
    return unsorted, category_reason(path)


def resolve_meeting(name: str):
    if not name:
        return None
    return Meeting.objects.filter(name=name).order_by("id").first() or Meeting.objects.create(name=name)


def save_parsed_speech(parsed, name="", publish=False, editor=None, update=False, category=None) -> ImportOutcome:
    """Create the speech, all in one transaction.

    Same-titled speeches are common ("在全市工作会议上的讲话"), so a page is only taken for a
    new version of an earlier import when asked (update=True): same title, same source site,
    still a draft. `category`, when given (the editor chose it), overrides the page's.
    """
    rendered = render(parsed)
    digest = parsed_content_hash(parsed, rendered)
    # The search index is built once, after the sections, inside the same transaction.
    with transaction.atomic(), deferred_indexing():
        duplicate = Speech.objects.filter(content_hash=digest).first()
        if duplicate:
            return ImportOutcome(name, SKIPPED, f"与已有讲话稿“{duplicate.title}”内容相同，未重复导入。", duplicate)
        earlier = update and (
            Speech.objects.filter(title=parsed.title, source_name=parsed.source_name)
            .exclude(source_name="")
            .order_by("id")
            .first()
        )
        if earlier and earlier.status != Speech.Status.DRAFT:
            return ImportOutcome(name, SKIPPED, f"同名讲话稿“{earlier.title}”已发布，未覆盖。", earlier)
        speech = earlier or Speech()
        _fill(speech, parsed, rendered, digest, publish, editor, category)
        speech.save()
        if earlier:
            speech.sections.all().delete()
            speech.related_links.filter(kind=RelatedArticle.Kind.STAFF).delete()
        Section.objects.bulk_create(
            Section(speech=speech, position=position, heading=heading[:300], body=body)
            for position, (heading, body) in enumerate(rendered.sections, start=1)
        )
        _link_related(speech, parsed.links)
        RelatedArticle.objects.connect_pending_to(speech)
    if speech.is_visible:
        refresh_speech(speech.pk)  # its 延伸阅读, and its place in others'
    return ImportOutcome(name, UPDATED if earlier else CREATED, "", speech)


def _fill(speech, parsed, rendered, digest, publish, editor, category):
    reasons = list(parsed.review_reasons)
    if category is None:
        category, reason = resolve_category(parsed.category_path)
        reasons += [reason] if reason else []
    speech.title = parsed.title
    speech.category = category
    speech.meeting = resolve_meeting(parsed.meeting_name)
    speech.speaker = parsed.speaker[: Speech._meta.get_field("speaker").max_length]
    speech.speaker_post = parsed.speaker_post[: Speech._meta.get_field("speaker_post").max_length]
    speech.delivered_on = parsed.delivered_on
    speech.opening = rendered.opening
    speech.closing = rendered.closing
    speech.source_name = parsed.source_name
    speech.source_note = parsed.source_note[:300]
    speech.content_hash = digest
    speech.needs_review = bool(reasons)
    speech.review_reason = "\n".join(reasons)
    if editor is not None:
        speech.editor = editor
    if publish:
        speech.status = Speech.Status.PUBLISHED
        speech.published_at = speech.published_at or timezone.now()


def _link_related(speech, entries):
    """延伸阅读 to the speech of that title when the site has it, else a pending link."""
    seen = {speech.title}
    unique = []
    for entry in entries:
        if entry.title not in seen:
            seen.add(entry.title)
            unique.append(entry)
    entries = unique
    titles = [entry.title for entry in entries]
    targets = {}
    for target_id, title in (
        Speech.objects.filter(title__in=titles).exclude(pk=speech.pk).order_by("-id").values_list("id", "title")
    ):
        targets[title] = target_id  # the oldest speech of a title wins
    RelatedArticle.objects.bulk_create(
        RelatedArticle(
            from_speech=speech,
            to_speech_id=targets.get(entry.title),
            target_title=entry.title[:200],
            target_excerpt=entry.excerpt,
            position=position,
            kind=RelatedArticle.Kind.STAFF,
        )
        for position, entry in enumerate(entries, start=1)
    )
