"""The audit trail of a speech: who did what and when, on the admin's own LogEntry table.

The admin logs creation, changes and deletion itself; the workflow and restores log here.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from .models import Speech


def log_speech_action(user, speech, message):
    LogEntry.objects.log_actions(user.pk, [speech], CHANGE, change_message=message, single_object=True)


def audit_trail(speech):
    """Newest first, with the user."""
    return (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Speech), object_id=str(speech.pk))
        .select_related("user")
        .order_by("-action_time", "-id")
    )
