"""Versions of a speech with its sections, tags and 延伸阅读 (django-reversion).

A revision may hold several speeches (a bulk action), so everything here picks out one
speech's versions: the speech itself and the children that point at it.
"""

from contextlib import contextmanager

import reversion
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from .audit import log_speech_action
from .models import Category, Meeting, RelatedArticle, Section, Speech, TaggedSpeech
from .numbering import section_label
from .textdiff import paragraph_lines

# The children kept with a speech, and the field that points back at it.
CHILDREN = {Section: "speech_id", RelatedArticle: "from_speech_id", TaggedSpeech: "content_object_id"}
# What each child's str() reads (django-reversion stores it as the version's label).
CHILD_LABEL_RELATIONS = {Section: [], RelatedArticle: ["to_speech"], TaggedSpeech: ["tag"]}

# Restoring brings back the text; publication and reader counts stay as they are now,
# because publishing is a 主编's decision and has its own audit line.
KEPT_ON_RESTORE = ["status", "published_at", "is_recommended", "recommend_rank", "view_count", "review_comment"]

# Sections to be restored get their old positions; current ones step aside first so that
# the unique (speech, position) constraint never sees two sections on one number.
RESTORE_POSITION_SHIFT = 1000

for child in CHILDREN:
    reversion.register(child)
reversion.register(Speech, follow=["sections", "related_links", "tagged_items"])


class RestoreError(Exception):
    """A version that cannot come back as a whole (its text now belongs to another speech)."""


def record_revision(speech):
    """Add the speech and its current children to the open revision.

    Called once everything is saved: the admin renumbers sections and refreshes the content
    hash with UPDATE statements, which the post_save signal of django-reversion never sees.
    """
    reversion.add_to_revision(speech)
    for model, pointer in CHILDREN.items():
        children = model.objects.filter(**{pointer: speech.pk}).select_related(*CHILD_LABEL_RELATIONS[model])
        for obj in children:
            reversion.add_to_revision(obj)


@contextmanager
def audited_write(user, message, speech=None):
    """The one audited write (workflow, restore, import, paste): a transaction and a
    revision around the caller's changes to `speech`, then a version of the speech with
    its children and a line in its audit trail. Bumping the edit lock stays the caller's
    business because some writes (an UPDATE) bypass the model's save.

    `user` is None only for a command-line import run by nobody: the version is kept,
    the admin's log needs a user."""
    # Recorded by hand once everything is written, not as each row is saved.
    with transaction.atomic(), reversion.create_revision(manage_manually=True):
        yield
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(message)
        record_revision(speech)
        if user is not None:
            log_speech_action(user, speech, message)


def versions_of(speech):
    """The speech's versions, newest first, with who saved them."""
    return Version.objects.get_for_object(speech).select_related("revision__user").order_by("-pk")


def child_versions(version):
    """The versions of the sections, tagged items and links saved with this speech version."""
    children = []
    candidates = version.revision.version_set.exclude(pk=version.pk)
    for candidate in candidates:
        pointer = CHILDREN.get(candidate._model)
        if pointer and str(candidate.field_dict[pointer]) == version.object_id:
            children.append(candidate)
    return children


def _names(model, pks, attribute):
    return dict(model.objects.filter(pk__in=[pk for pk in pks if pk]).values_list("pk", attribute))


def _describe(fields, sections, tag_names, link_titles):
    """A speech as {label: text}: what a reader or an editor would compare."""
    categories = _names(Category, [fields["category_id"]], "name")
    meetings = _names(Meeting, [fields["meeting_id"]], "name")
    published_at = fields["published_at"]
    sections_text = "\n".join(
        f"{section_label(s['position'])}{s['heading']}\n{paragraph_lines(s['body'])}"
        for s in sorted(sections, key=lambda s: s["position"])
    )
    return {
        "标题": fields["title"],
        "栏目": categories.get(fields["category_id"], ""),
        "会议": meetings.get(fields["meeting_id"], ""),
        "讲话人": fields["speaker"],
        "讲话人职务": fields["speaker_post"],
        "讲话日期": str(fields["delivered_on"] or ""),
        "摘要": paragraph_lines(fields["summary"]),
        "开场白": paragraph_lines(fields["opening"]),
        "章节": sections_text,
        "结束语": paragraph_lines(fields["closing"]),
        "标签": "、".join(sorted(tag_names)),
        "延伸阅读": "\n".join(link_titles),
        "状态": dict(Speech.Status.choices).get(fields["status"], fields["status"]),
        "发布时间": f"{timezone.localtime(published_at):%Y-%m-%d %H:%M:%S}" if published_at else "",
        "推荐": f"是（排序 {fields['recommend_rank']}）" if fields["is_recommended"] else "否",
    }


def describe_version(version):
    children = child_versions(version)
    by_model = {model: [v.field_dict for v in children if v._model is model] for model in CHILDREN}
    tags = _names(Tag, [t["tag_id"] for t in by_model[TaggedSpeech]], "name")
    links = sorted(by_model[RelatedArticle], key=lambda link: (link["kind"], link["position"]))
    link_speeches = _names(Speech, [link["to_speech_id"] for link in links], "title")
    return _describe(
        version.field_dict,
        by_model[Section],
        tags.values(),
        [link_speeches.get(link["to_speech_id"], link["target_title"]) for link in links],
    )


def describe_speech(speech):
    fields = {f.attname: getattr(speech, f.attname) for f in Speech._meta.concrete_fields}
    sections = list(speech.sections.values("position", "heading", "body"))
    links = speech.related_links.select_related("to_speech").order_by("kind", "position", "id")
    return _describe(fields, sections, speech.tags.names(), [link.title for link in links])


def differs_from_latest(speech):
    """Whether the speech now reads differently from its latest version (or has none)."""
    latest = versions_of(speech).first()
    return latest is None or describe_version(latest) != describe_speech(speech)


def restore(user, speech, version):
    """Bring back the text, sections, tags and 延伸阅读 of `version`, as a new revision.

    Returns the versions that could not be restored (e.g. a link to a speech deleted since).
    """
    children = child_versions(version)
    saved_at = f"{timezone.localtime(version.revision.date_created):%Y-%m-%d %H:%M:%S}"
    failed = []
    with audited_write(user, f"恢复到 {saved_at} 保存的版本", speech):
        current = Speech.objects.select_for_update().get(pk=speech.pk)
        kept = {name: getattr(current, name) for name in KEPT_ON_RESTORE}
        for model, pointer in CHILDREN.items():
            wanted = [v.object_id for v in children if v._model is model]
            model.objects.filter(**{pointer: speech.pk}).exclude(pk__in=wanted).delete()
        current.sections.update(position=F("position") + RESTORE_POSITION_SHIFT)
        try:
            with transaction.atomic():
                version._object_version.save()
        except IntegrityError as error:
            # The only unique field a speech has: another speech holds this text now.
            raise RestoreError("无法恢复：这个版本的内容与另一篇讲话稿相同（内容指纹重复）。") from error
        for child in children:
            try:
                with transaction.atomic():
                    child._object_version.save()
            except (IntegrityError, ObjectDoesNotExist):
                # A tag or linked speech deleted since: skip that child, restore the rest.
                failed.append(child)
        Speech.objects.filter(pk=speech.pk).update(
            lock_version=current.lock_version + 1, updated_at=timezone.now(), **kept
        )
        speech.refresh_from_db()
    return failed
