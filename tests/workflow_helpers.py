"""Shared helpers for the editorial workflow tests: users in each role, admin form data."""

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from speeches.workflow import CHIEF_EDITOR_GROUP, EDITOR_GROUP


def user_in_role(username, group_name):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def editor_user(username="xiaowang"):
    return user_in_role(username, EDITOR_GROUP)


def chief_user(username="laoli"):
    return user_in_role(username, CHIEF_EDITOR_GROUP)


def logged_in(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_form_data(category, sections=(("提高认识", "<p>甲</p>"),), numbered=True, **overrides):
    """What the add form POSTs for a new speech in `category` with (heading, body)
    `sections`: positions typed in, or left empty for the form to number."""
    data = {
        "title": "在全市安全生产会议上的讲话",
        "category": category.pk,
        "meeting": "",
        "tags": "安全生产",
        "speaker": "",
        "speaker_post": "",
        "delivered_on": "",
        "summary": "",
        "opening": "<p>同志们:</p>",
        "closing": "",
        "editor": "",
        "source_name": "",
        "source_url": "",
        "recommend_rank": "0",
        **management("sections", len(sections)),
        **management("related_links", 0),
    }
    for index, (heading, body) in enumerate(sections):
        data[f"sections-{index}-position"] = str(index + 1) if numbered else ""
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-body"] = body
    return {**data, **overrides}


def change_form_data(speech, **overrides):
    """What the change form of `speech` POSTs back unchanged (its sections included)."""
    speech.refresh_from_db()
    sections = list(speech.sections.order_by("position"))
    links = list(speech.related_links.order_by("kind", "position", "id"))
    data = {
        "title": speech.title,
        "category": speech.category_id,
        "meeting": speech.meeting_id or "",
        "tags": ", ".join(sorted(speech.tags.names())),
        "speaker": speech.speaker,
        "speaker_post": speech.speaker_post,
        "delivered_on": "",
        "summary": speech.summary,
        "opening": speech.opening,
        "closing": speech.closing,
        "status": speech.status,
        "published_at_0": "",
        "published_at_1": "",
        "recommend_rank": str(speech.recommend_rank),
        "editor": speech.editor_id or "",
        "source_name": "",
        "source_url": "",
        "edit_lock": str(speech.lock_version),
        **management("sections", len(sections), len(sections)),
        **management("related_links", len(links), len(links)),
    }
    if speech.published_at:
        local = timezone.localtime(speech.published_at)
        data["published_at_0"], data["published_at_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    if speech.is_recommended:
        data["is_recommended"] = "on"
    for index, section in enumerate(sections):
        data.update(
            {
                f"sections-{index}-id": section.pk,
                f"sections-{index}-speech": speech.pk,
                f"sections-{index}-position": str(section.position),
                f"sections-{index}-heading": section.heading,
                f"sections-{index}-body": section.body,
            }
        )
    for index, link in enumerate(links):
        data.update(
            {
                f"related_links-{index}-id": link.pk,
                f"related_links-{index}-from_speech": speech.pk,
                f"related_links-{index}-position": str(link.position),
                f"related_links-{index}-to_speech": link.to_speech_id or "",
                f"related_links-{index}-target_title": link.target_title,
                f"related_links-{index}-target_excerpt": link.target_excerpt,
                f"related_links-{index}-kind": str(link.kind),
            }
        )
    data.update(overrides)
    return data


def change_url(speech):
    return reverse("admin:speeches_speech_change", args=[speech.pk])


def run_action(client, action, speeches):
    return client.post(
        reverse("admin:speeches_speech_changelist"),
        {"action": action, "_selected_action": [s.pk for s in speeches]},
        follow=True,
    )


def form_errors(response):
    """The change form's errors, as text, for assertion messages."""
    context = response.context
    if not context or "adminform" not in context:
        return response
    return context["adminform"].form.errors.as_text()
