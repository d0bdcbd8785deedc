"""Writes a ParsedSpeech to the database: category, meeting, speech, sections, 延伸阅读."""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..catalogue import CATEGORY_TREE
from ..duplicates.store import check_speech
from ..hashing import speech_hash
from ..models import Category, Meeting, RelatedArticle, Section, Speech
from ..revisions import audited_write
from ..search.indexing import deferred_indexing
from .markup import blocks_to_html, paragraphs_to_html

UNSORTED_CATEGORY = "待分类"
UNSORTED_SLUG = "daifenlei"

CREATED, UPDATED, SKIPPED, FAILED = "created", "updated", "skipped", "failed"
STATUS_LABELS = {CREATED: "新建", UPDATED: "更新", SKIPPED: "跳过", FAILED: "失败"}


@dataclass
class ImportOutcome:
    name: str
    status: str
    message: str = ""
    speech: Speech | None = None
    near_duplicates: list = field(default_factory=list)  # [(speech, similarity)]


@dataclass
class RenderedSpeech:
    """The HTML the importer stores, produced in one place (markup.blocks_to_html)."""

    opening: str
    sections: list  # [(heading, body html)]
    closing: str


def render(parsed) -> RenderedSpeech:
    return RenderedSpeech(
        opening=paragraphs_to_html(parsed.opening),
        sections=[(section.heading, blocks_to_html(section.blocks)) for section in parsed.sections],
        closing=paragraphs_to_html(parsed.closing),
    )


def parsed_content_hash(parsed, rendered=None) -> str:
    rendered = rendered or render(parsed)
    return speech_hash(parsed.title, rendered.opening, rendered.sections, rendered.closing)


def _catalogue() -> dict:
    """{(name,) or (parent, child): (name, slug, parent name, parent slug)} for the standing tree."""
    entries = {}
    for name, slug, children in CATEGORY_TREE:
        entries[(name,)] = (name, slug, None, None)
        for child, child_slug in children:
            entries[(name, child)] = (child, child_slug, name, slug)
            entries.setdefault((child,), (child, child_slug, name, slug))
    return entries


CATALOGUE = _catalogue()


def find_category(path, existing):
    """The deepest level of a page's category path that the site has, matched by name."""
    if len(path) >= 2 and (path[-2], path[-1]) in existing:
        return existing[(path[-2], path[-1])]
    for name in reversed(path[-2:]):
        matches = [category for (_, category_name), category in existing.items() if category_name == name]
        if matches:
            return min(matches, key=lambda c: (c.parent_id or 0, c.pk))
    return None


def _standing_category(path, existing):
    """A category of the standing tree named by the path, created when the database lacks it."""
    entry = CATALOGUE.get(tuple(path[-2:])) or CATALOGUE.get(tuple(path[-1:]))
    if entry is None:
        return None
    name, slug, parent_name, parent_slug = entry
    parent = None
    if parent_slug:
        parent = Category.objects.filter(slug=parent_slug).first() or Category.objects.create(
            name=parent_name, slug=parent_slug, position=999
        )
    return Category.objects.create(name=name, slug=slug, parent=parent, position=999)


def category_reason(path) -> str:
    """Why a speech went to 待分类 (one of the 需要校对 reasons)."""
    if not path:
        return "页面没有栏目路径，已放入“待分类”。"
    return f"栏目路径“{' › '.join(path)}”不是本站的栏目，已放入“待分类”。"


def resolve_category(path):
    """(category, reason): the page's 栏目 when the site has it, else 待分类 and why.

    Another site's navigation is not this site's 栏目 tree: only the standing tree
    (catalogue.py) is created on demand; unknown names go to 待分类 for an editor to place.
    """
    name_length = Category._meta.get_field("name").max_length
    path = [name[:name_length] for name in path]
    if path:
        existing = {
            (category.parent.name if category.parent_id else None, category.name): category
            for category in Category.objects.filter(name__in=path[-2:]).select_related("parent")
        }
        category = find_category(path, existing) or _standing_category(path, existing)
        if category:
            return category, ""
    unsorted = Category.objects.filter(name=UNSORTED_CATEGORY, parent__isnull=True).order_by("id").first()
    if unsorted is None:
        unsorted = Category.objects.create(name=UNSORTED_CATEGORY, slug=UNSORTED_SLUG, position=999)
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

    `publish=True` publishes it as `editor` through the editorial workflow (its permission
    check, a version and an audit line); without that permission nothing is written.
    """
    try:
        return _save(parsed, name, publish, editor, update, category)
    except PermissionDenied as refused:  # raised by the workflow; the transaction is undone
        return ImportOutcome(name, FAILED, f"{refused}未导入。")


def _save(parsed, name, publish, editor, update, category) -> ImportOutcome:
    from ..workflow import publish as publish_speech  # the workflow imports this package's world

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
        source = PurePath(name).name or parsed.title  # a file's name, not the importer's path
        with audited_write(editor, f"{'导入新版本' if earlier else '导入'}：{source}", speech):
            _fill(speech, parsed, rendered, digest, editor, category)
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
        near = check_speech(speech)
    return ImportOutcome(name, UPDATED if earlier else CREATED, "", speech, near)


def _fill(speech, parsed, rendered, digest, editor, category):
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
