"""Issue 14, row 1: importing with "导入后直接发布" publishes through the editorial workflow
(permission check, version, audit line); an 编辑 cannot publish by importing."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from speeches.audit import audit_trail
from speeches.importing.pipeline import import_text
from speeches.importing.writer import CREATED, FAILED
from speeches.models import Speech

from .workflow_helpers import chief_user, editor_user

pytestmark = pytest.mark.django_db

PAGE = Path(__file__).parent / "fixtures" / "import" / "no_sections.txt"
IMPORT_URL = reverse("admin:speeches_speech_import")


def upload_and_confirm(client, publish):
    data = {"files": [SimpleUploadedFile(PAGE.name, PAGE.read_bytes())]}
    if publish:
        data["publish"] = "on"
    preview = client.post(IMPORT_URL, data)
    assert preview.status_code == 200
    return client.post(IMPORT_URL, {"token": preview.context["token"]}, follow=True)


def assert_published_through_the_workflow(speech, user):
    assert speech.is_visible
    # The import and the publication each keep a version and an audit line.
    versions = Version.objects.get_for_object(speech).order_by("pk")
    assert [(v.revision.user, v.revision.comment) for v in versions] == [(user, f"导入：{PAGE.name}"), (user, "发布")]
    assert [(entry.user, entry.change_message) for entry in audit_trail(speech)] == [
        (user, "发布"),
        (user, f"导入：{PAGE.name}"),
    ]


def test_an_editor_cannot_publish_by_importing(editor):
    page = editor.get(IMPORT_URL).content.decode()
    assert "导入后直接发布" not in page  # not offered
    upload_and_confirm(editor, publish=True)  # and a posted box is ignored
    speech = Speech.objects.get()
    assert speech.status == Speech.Status.DRAFT and not speech.is_visible


def test_a_chief_editor_publishes_by_importing_with_a_version_and_an_audit_line(chief):
    assert "导入后直接发布" in chief.get(IMPORT_URL).content.decode()
    upload_and_confirm(chief, publish=True)
    speech = Speech.objects.get()
    assert_published_through_the_workflow(speech, speech.editor)


def test_the_writer_refuses_to_publish_for_someone_without_the_permission():
    writer = editor_user()
    outcome = import_text(PAGE.name, PAGE.read_text(), publish=True, editor=writer)
    assert outcome.status == FAILED and outcome.message == "只有主编可以发布讲话稿。未导入。"
    assert not Speech.objects.exists()
    anonymous = import_text(PAGE.name, PAGE.read_text(), publish=True)
    assert anonymous.status == FAILED and not Speech.objects.exists()


def test_the_writer_publishes_as_a_chief_editor_through_the_workflow():
    chief = chief_user()
    outcome = import_text(PAGE.name, PAGE.read_text(), publish=True, editor=chief)
    assert outcome.status == CREATED
    assert_published_through_the_workflow(outcome.speech, chief)


def test_the_command_publishes_only_as_a_named_account_that_may_publish(tmp_path):
    (tmp_path / PAGE.name).write_bytes(PAGE.read_bytes())
    writer, chief = editor_user(), chief_user()
    with pytest.raises(CommandError, match="--user"):
        call_command("import_speeches", str(tmp_path), publish=True, verbosity=0)
    with pytest.raises(CommandError, match="没有发布讲话稿的权限"):
        call_command("import_speeches", str(tmp_path), publish=True, user=writer.username, verbosity=0)
    assert not Speech.objects.exists()
    call_command("import_speeches", str(tmp_path), publish=True, user=chief.username, verbosity=0)
    assert_published_through_the_workflow(Speech.objects.get(), chief)
