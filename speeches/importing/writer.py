"""Writes a ParsedSpeech to the database: category, meeting, speech, sections, 延伸阅读."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..catalogue import CATEGORY_TREE
from ..hashing import content_hash
from ..models import Category, Meeting, RelatedArticle, Section, Speech
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


def _catalogue_slugs() -> dict:
    slugs = {}
    for name, slug, children in CATEGORY_TREE:
        slugs[(name,)] = slug
        for child, child_slug in children:
            slugs[(name, child)] = child_slug
    return slugs


CATALOGUE_SLUGS = _catalogue_slugs()


def category_slug(path) -> str:
    """The standing tree's slug for a known path, else a stable ASCII digest of the path."""
    known = CATALOGUE_SLUGS.get(tuple(path))
    if known and not Category.objects.filter(slug=known).exists():
        return known
    return "import-" + hashlib.sha1(">".join(path).encode()).hexdigest()[:10]


def resolve_category(path) -> Category:
    """Match the page's category path to existing 栏目 by name, creating what is missing."""
    name_length = Category._meta.get_field("name").max_length
    path = [name[:name_length] for name in path] or [UNSORTED_CATEGORY]
    if len(path) == 1:
        existing = Category.objects.filter(name=path[0]).order_by("parent_id", "id").first()
        if existing:
            return existing
    parent = Category.objects.filter(parent__isnull=True, name=path[0]).order_by("id").first()
    if parent is None:
        parent = Category.objects.create(name=path[0], slug=category_slug(path[:1]), position=999)
    if len(path) == 1:
        return parent
    child = Category.objects.filter(parent=parent, name=path[1]).order_by("id").first()
    if child is None:
        child = Category.objects.create(name=path[1], slug=category_slug(path[:2]), parent=parent, position=999)
    return child


def resolve_meeting(name: str):
    if not name:
        return None
    return Meeting.objects.filter(name=name).order_by("id").first() or Meeting.objects.create(name=name)


def save_parsed_speech(parsed, name="", publish=False, editor=None, update=False) -> ImportOutcome:
    """Create the speech, all in one transaction.

    Same-titled speeches are common ("在全市工作会议上的讲话"), so a page is only taken for a
    new version of an earlier import when asked (update=True): same title, same source site,
    still a draft.

    `publish=True` publishes it as `editor` through the editorial workflow (its permission
    check, a version and an audit line); without that permission nothing is written.
    """
    try:
        return _save(parsed, name, publish, editor, update)
    except PermissionDenied as refused:  # raised by the workflow; the transaction is undone
        return ImportOutcome(name, FAILED, f"{refused}未导入。")


def _save(parsed, name, publish, editor, update) -> ImportOutcome:
    from ..workflow import publish as publish_speech  # the workflow imports this package's world

    rendered = render(parsed)
    digest = parsed_content_hash(parsed, rendered)
    # The search index is built once, after the sections, inside the same transaction.
    with transaction.atomic(), deferred_indexing():
        duplicate = Speech.objects.filter(content_hash=digest).first()
        if duplicate:
            return ImportOutcome(name, SKIPPED, f"与已有讲话稿“{duplicate.title}”内容相同,未重复导入。", duplicate)
        earlier = update and (
            Speech.objects.filter(title=parsed.title, source_name=parsed.source_name)
            .exclude(source_name="")
            .order_by("id")
            .first()
        )
        if earlier and earlier.status != Speech.Status.DRAFT:
            return ImportOutcome(name, SKIPPED, f"同名讲话稿“{earlier.title}”已发布,未覆盖。", earlier)
        speech = earlier or Speech()
        _fill(speech, parsed, rendered, digest, editor)
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
        if publish:
            publish_speech(editor, speech)  # also places it in 延伸阅读
    return ImportOutcome(name, UPDATED if earlier else CREATED, "", speech)


def _fill(speech, parsed, rendered, digest, editor):
    speech.title = parsed.title
    speech.category = resolve_category(parsed.category_path)
    speech.meeting = resolve_meeting(parsed.meeting_name)
    speech.speaker = parsed.speaker
    speech.opening = rendered.opening
    speech.closing = rendered.closing
    speech.source_name = parsed.source_name
    speech.source_note = parsed.source_note[:300]
    speech.content_hash = digest
    speech.needs_review = parsed.needs_review
    speech.review_reason = "\n".join(parsed.review_reasons)
    if editor is not None:
        speech.editor = editor


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
