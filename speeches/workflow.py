"""The editorial workflow: who may move a speech between 草稿, 待审核 and 已发布.

Each transition is a plain function that checks the user's permission (raising
PermissionDenied, whatever the caller showed on screen), changes the speech, keeps a
revision and writes an admin LogEntry so that the speech's audit trail shows it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .hashing import speech_hash
from .importing.writer import UNSORTED_SLUG
from .jobs.tasks import prerender_docx_after_commit
from .models import Section, Speech
from .pagination import invalidate_lists
from .recommend import refresh_speech, withdraw_speeches
from .revisions import audited_write
from .sanitize import text_content
from .search.indexing import deferred_indexing

EDITOR_GROUP = "编辑"
CHIEF_EDITOR_GROUP = "主编"

PUBLISH_PERMISSION = "speeches.publish_speech"
RECOMMEND_PERMISSION = "speeches.recommend_speech"
EDIT_PERMISSION = "speeches.change_speech"
ADD_PERMISSION = "speeches.add_speech"

# Set by the transitions below only: the change form shows them read-only to everyone.
PUBLISHING_FIELDS = ["status", "published_at"]
# Fields only a 主编 may set; an editor's form shows them read-only.
RECOMMENDATION_FIELDS = ["is_recommended", "recommend_rank"]


class WorkflowError(Exception):
    """A transition that does not apply to the speech in its current state."""


def can_add(user):
    return user is not None and user.has_perm(ADD_PERMISSION)


def can_edit(user):
    return user is not None and user.has_perm(EDIT_PERMISSION)


def can_publish(user):
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def can_recommend(user):
    return user is not None and user.has_perm(RECOMMEND_PERMISSION)


# Without any section, a speech needs this much text to be worth a 主编's review.
MIN_TEXT_WITHOUT_SECTIONS = 300


def missing_for_review(title, has_category, section_count, text_length):
    """What a speech still lacks before review, as phrases for the editor (empty: ready)."""
    missing = []
    if not title.strip():
        missing.append("标题")
    if not has_category:
        missing.append("栏目")
    if section_count == 0 and text_length < MIN_TEXT_WITHOUT_SECTIONS:
        missing.append(f"至少一个章节或 {MIN_TEXT_WITHOUT_SECTIONS} 字正文（现有 {text_length} 字）")
    return missing


def _require_ready(speech):
    sections = list(speech.sections.values_list("body", flat=True))
    text_length = 0
    if not sections:
        text_length = len("".join(text_content(part) for part in [speech.summary, speech.opening, speech.closing]))
    # Imports put speeches whose 栏目 they cannot tell in 待分类: a placeholder, not a choice.
    has_category = speech.category_id is not None and speech.category.slug != UNSORTED_SLUG
    missing = missing_for_review(speech.title, has_category, len(sections), text_length)
    if missing:
        raise WorkflowError(f"还不能提交审核，缺少：{'；'.join(missing)}。")


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _apply(user, speech, message, **changes):
    """Save the changes and bump the edit lock as one audited write."""
    with audited_write(user, message, speech):
        for name, value in changes.items():
            setattr(speech, name, value)
        Speech.objects.filter(pk=speech.pk).update(
            lock_version=F("lock_version") + 1, updated_at=timezone.now(), **changes
        )
        speech.refresh_from_db(fields=["lock_version", "updated_at"])
        # The UPDATE sends no post_save: cached lists and the 栏目 tree must still follow.
        invalidate_lists()


def submit_for_review(user, speech):
    _require(can_edit(user), "你没有修改讲话稿的权限。")
    if speech.status != Speech.Status.DRAFT:
        raise WorkflowError("只有草稿可以提交审核。")
    _require_ready(speech)
    _apply(user, speech, "提交审核", status=Speech.Status.REVIEW, review_comment="")


def publish(user, speech, now=None, at=None):
    """Publish now, at `at` (定时发布), or at the publish time already set (a future time
    schedules it).

    The only way a speech becomes published (change form, bulk action, import): the
    permission check, a version and an audit line come with it."""
    _require(can_publish(user), "只有主编可以发布讲话稿。")
    if speech.status == Speech.Status.PUBLISHED:
        raise WorkflowError("这篇讲话稿已经发布。")
    now = now or timezone.now()
    if at is not None and at <= now:
        raise WorkflowError("定时发布的时间必须晚于现在；要立即发布请点“发布”。")
    published_at = at or speech.published_at or now
    message = "发布" if published_at <= now else f"定时发布：{timezone.localtime(published_at):%Y-%m-%d %H:%M:%S}"
    _apply(
        user,
        speech,
        message,
        status=Speech.Status.PUBLISHED,
        published_at=published_at,
        review_comment="",
    )
    # Its own 延伸阅读 and its place in others' (a scheduled speech stays out until due).
    refresh_speech(speech.pk)
    # Its Word file, built by a worker so the first download is a cache hit (docs/jobs.md).
    prerender_docx_after_commit(speech)


def return_to_editor(user, speech, comment):
    _require(can_publish(user), "只有主编可以退回讲话稿。")
    comment = comment.strip()
    if speech.status != Speech.Status.REVIEW:
        raise WorkflowError("只有待审核的讲话稿可以退回。")
    if not comment:
        raise WorkflowError("退回时请填写审核意见，告诉编辑需要修改什么。")
    _apply(user, speech, f"退回修改：{comment}", status=Speech.Status.DRAFT, review_comment=comment)


def unpublish(user, speech):
    _require(can_publish(user), "只有主编可以撤回讲话稿。")
    if speech.status != Speech.Status.PUBLISHED:
        raise WorkflowError("这篇讲话稿尚未发布。")
    _apply(user, speech, "撤回", status=Speech.Status.DRAFT)
    withdraw_speeches([speech.pk])


def recommend(user, speech):
    _require(can_recommend(user), "只有主编可以推荐讲话稿。")
    if speech.is_recommended:
        raise WorkflowError("这篇讲话稿已经推荐。")
    _apply(user, speech, "推荐", is_recommended=True)


def unrecommend(user, speech):
    _require(can_recommend(user), "只有主编可以取消推荐。")
    if not speech.is_recommended:
        raise WorkflowError("这篇讲话稿未被推荐。")
    _apply(user, speech, "取消推荐", is_recommended=False)


def _write_content(speech, sections, tags):
    """Replace the sections and tags (None keeps them) and refresh the content hash; a
    speech whose text another one already has is refused, as on import."""
    if sections is not None:
        speech.sections.all().delete()
        Section.objects.bulk_create(
            Section(speech=speech, position=position, heading=heading, body=body)
            for position, (heading, body) in enumerate(sections, start=1)
        )
    if tags is not None:
        speech.tags.set(tags, clear=True)
    sections = speech.sections.order_by("position").values_list("heading", "body")
    digest = speech_hash(speech.title, speech.opening, sections, speech.closing)
    duplicate = Speech.objects.filter(content_hash=digest).exclude(pk=speech.pk).only("title").first()
    if duplicate:
        raise WorkflowError(f"与已有讲话稿“{duplicate.title}”（编号 {duplicate.pk}）内容相同。")
    speech.content_hash = digest
    Speech.objects.filter(pk=speech.pk).update(content_hash=digest)


def create_draft(user, fields, sections=(), tags=()):
    """A new draft by `user` (its 责任编辑): `fields` of the speech, `sections` as
    (heading, body) pairs, `tags` as names. Stored text is cleaned on the way in."""
    _require(can_add(user), "你没有新建讲话稿的权限。")
    speech = Speech(**fields, status=Speech.Status.DRAFT, published_at=None, editor=user)
    with transaction.atomic(), deferred_indexing(), audited_write(user, "通过接口新建草稿", speech):
        speech.save()
        _write_content(speech, list(sections), list(tags))
    return speech


def update_draft(user, speech, fields, sections=None, tags=None, lock_version=None):
    """Change a draft; `lock_version`, when given, must be the one the client read."""
    _require(can_edit(user), "你没有修改讲话稿的权限。")
    if speech.status != Speech.Status.DRAFT:
        raise WorkflowError("只有草稿可以修改；待审核的讲话稿请等主编退回。")
    if lock_version is not None and lock_version != speech.lock_version:
        raise WorkflowError("这篇讲话稿已被别人修改，请重新读取后再改。")
    with transaction.atomic(), deferred_indexing(), audited_write(user, "通过接口修改草稿", speech):
        for name, value in fields.items():
            setattr(speech, name, value)
        speech.lock_version += 1
        speech.save()
        _write_content(speech, sections, tags)
    return speech


def import_draft(user, name, source, category=None):
    """A draft from a page, a Word file or pasted text through the importer's structure
    engine (speeches/importing), which keeps its version and audit line."""
    from .importing.pipeline import import_source

    _require(can_add(user), "你没有新建讲话稿的权限。")
    return import_source(name, source, editor=user, category=category)


TRANSITIONS = {
    "submit": submit_for_review,
    "publish": publish,
    "unpublish": unpublish,
    "recommend": recommend,
    "unrecommend": unrecommend,
}


def available_transitions(user, speech):
    """The transitions to offer on the speech's workflow page, by name."""
    offered = []
    if speech.status == Speech.Status.DRAFT and can_edit(user):
        offered.append("submit")
    if can_publish(user):
        if speech.status != Speech.Status.PUBLISHED:
            offered += ["publish", "schedule"]
        if speech.status == Speech.Status.REVIEW:
            offered.append("return")
        if speech.status == Speech.Status.PUBLISHED:
            offered.append("unpublish")
    if can_recommend(user):
        offered.append("unrecommend" if speech.is_recommended else "recommend")
    return offered
