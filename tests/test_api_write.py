"""The staff write API: tokens a 主编 issues, drafts through the workflow, no path
around review (anonymous / 编辑 token / 主编 token)."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from rest_framework.authtoken.models import Token
from reversion.models import Version

from speeches.models import Speech

from .api_contract import ContractClient
from .factories import CategoryFactory, SectionFactory, SpeechFactory
from .test_import_word import speech_document
from .workflow_helpers import chief_user, editor_user

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/editorial/speeches/"
IMPORT = "/api/v1/editorial/speeches/import/"


def token_client(user):
    return ContractClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


@pytest.fixture
def as_editor():
    return token_client(editor_user())


@pytest.fixture
def as_chief():
    return token_client(chief_user())


@pytest.fixture
def category():
    return CategoryFactory(name="讲话", slug="jianghua")


DRAFT = {
    "title": "在全市安全生产工作会议上的讲话",
    "category": "jianghua",
    "speaker": "李四",
    "opening": "<p>同志们：</p><script>alert(1)</script>",
    "sections": [
        {"heading": "统一思想", "body": "<p>安全生产是底线。</p>"},
        {"heading": "压实责任", "body": "<p>层层落实责任。</p>"},
    ],
    "tags": ["安全生产", "责任落实"],
}


def test_anonymous_cannot_write(api, category):
    response = api.post(CREATE, DRAFT, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["title"] == "需要登录" and response["Content-Type"] == "application/problem+json"
    assert Speech.objects.count() == 0


def test_editor_creates_submits_but_cannot_publish(as_editor, category):
    created = as_editor.post(CREATE, DRAFT, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and [s["label"] for s in body["sections"]] == ["一、", "二、"]
    assert "<script>" not in body["opening"]
    assert sorted(body["tags"]) == ["安全生产", "责任落实"]
    speech = Speech.objects.get(pk=body["id"])
    assert speech.editor.username == "xiaowang" and speech.content_hash
    assert LogEntry.objects.filter(object_id=str(speech.pk), change_message="通过接口新建草稿").exists()
    assert Version.objects.get_for_object(speech).count() == 1
    # Not visible to readers.
    assert as_editor.get(f"/api/v1/speeches/{speech.pk}/").status_code == 404

    refused = as_editor.post(f"{CREATE}{speech.pk}/publish/")
    assert refused.status_code == 403 and refused.json()["detail"] == "只有主编可以发布讲话稿。"
    submitted = as_editor.post(f"{CREATE}{speech.pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "review"
    assert as_editor.post(f"{CREATE}{speech.pk}/publish/").status_code == 403
    speech.refresh_from_db()
    assert speech.status == Speech.Status.REVIEW


def test_chief_publishes_and_readers_see_it(as_editor, as_chief, api, category):
    speech_id = as_editor.post(CREATE, DRAFT, content_type="application/json").json()["id"]
    as_editor.post(f"{CREATE}{speech_id}/submit/")
    published = as_chief.post(f"{CREATE}{speech_id}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert LogEntry.objects.filter(object_id=str(speech_id), change_message="发布").exists()
    assert api.get(f"/api/v1/speeches/{speech_id}/").json()["title"] == DRAFT["title"]
    again = as_chief.post(f"{CREATE}{speech_id}/publish/")
    assert again.status_code == 409 and again.json()["detail"] == "这篇讲话稿已经发布。"


def test_update_draft_replaces_sections_and_checks_the_lock(as_editor, category):
    body = as_editor.post(CREATE, DRAFT, content_type="application/json").json()
    url = f"{CREATE}{body['id']}/"
    changed = as_editor.patch(
        url,
        {
            "title": "改过的标题",
            "sections": [{"heading": "唯一部分", "body": "<p>新正文。</p>"}],
            "lock_version": body["lock_version"],
        },
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "改过的标题" and [s["heading"] for s in changed.json()["sections"]] == [
        "唯一部分"
    ]
    assert changed.json()["tags"]  # untouched
    stale = as_editor.patch(
        url, {"title": "又改", "lock_version": body["lock_version"]}, content_type="application/json"
    )
    assert stale.status_code == 409
    as_editor.post(f"{url}submit/")
    assert as_editor.patch(url, {"title": "审核中再改"}, content_type="application/json").status_code == 409


def test_duplicate_text_is_refused(as_editor, category):
    assert as_editor.post(CREATE, DRAFT, content_type="application/json").status_code == 201
    duplicate = as_editor.post(CREATE, DRAFT, content_type="application/json")
    assert duplicate.status_code == 409 and "内容相同" in duplicate.json()["detail"]
    assert Speech.objects.count() == 1


def test_invalid_draft_is_a_400_with_chinese_messages(as_editor, category):
    response = as_editor.post(CREATE, {**DRAFT, "category": "nope", "title": ""}, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["category"] == ["没有这个栏目。"] and errors["title"]


PART_ONE = (
    "防汛工作事关人民群众生命财产安全，事关经济社会发展大局，必须把思想和行动统一到上级的决策部署上来，切实增强做好防汛工作的责任感和紧迫感。"
    * 3
)
PART_TWO = (
    "各级各部门要严格落实防汛责任制，主要负责同志要亲自抓、负总责，分管同志要靠前指挥、具体抓，确保各项措施落到实处，坚决打赢防汛这场硬仗。"
    * 3
)
PASTED = (
    "在全市防汛工作会议上的讲话\n\n同志们：\n\n今天召开全市防汛工作会议，主要任务是部署今年的防汛工作。下面，我讲两点意见。\n\n"
    f"一、提高认识\n\n{PART_ONE}\n\n二、压实责任\n\n{PART_TWO}\n\n同志们，让我们共同努力，确保安全度汛！\n"
)


def test_import_pasted_text_through_the_structure_engine(as_editor, category):
    text = PASTED
    response = as_editor.post(IMPORT, {"text": text, "category": "jianghua"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "在全市防汛工作会议上的讲话" and body["status"] == "draft"
    assert [s["heading"] for s in body["sections"]] == ["提高认识", "压实责任"]
    # One audited write, the importer's own (the same line an admin import leaves).
    entries = LogEntry.objects.filter(object_id=str(body["id"])).values_list("change_message", flat=True)
    assert len(entries) == 1 and entries[0].startswith("导入：")
    again = as_editor.post(IMPORT, {"text": text}, content_type="application/json")
    assert again.status_code == 409 and again.json()["existing"] == body["id"]


def test_import_word_file(as_editor, category):
    upload = io.BytesIO(speech_document())
    upload.name = "讲话.docx"
    response = as_editor.post(IMPORT, {"file": upload})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "在全县经济工作会议上的讲话" and body["speaker"] == "王明"
    assert [s["heading"] for s in body["sections"]] == ["认清形势，坚定信心", "突出重点，狠抓落实"]


def test_import_needs_exactly_one_source(as_editor):
    assert as_editor.post(IMPORT, {}, content_type="application/json").status_code == 400
    legacy = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    legacy.name = "old.doc"
    response = as_editor.post(IMPORT, {"file": legacy})
    assert response.status_code == 400 and "旧版 Word" in response.json()["detail"]


def test_staff_read_any_status_readers_never(as_editor, api):
    draft = SpeechFactory(draft=True)
    SectionFactory(speech=draft)
    staff_view = as_editor.get(f"{CREATE}{draft.pk}/")
    assert staff_view.json()["status"] == "draft"
    assert "no-store" in staff_view["Cache-Control"] and "public" not in staff_view["Cache-Control"]
    assert api.get(f"{CREATE}{draft.pk}/").status_code == 401


def test_token_of_a_user_without_rights_is_refused(category, django_user_model):
    outsider = token_client(django_user_model.objects.create_user("reader"))
    assert outsider.post(CREATE, DRAFT, content_type="application/json").status_code == 403
    assert outsider.get(f"{CREATE}{SpeechFactory().pk}/").status_code == 403


def test_bad_token_is_401(category):
    response = ContractClient(HTTP_AUTHORIZATION="Token nope").post(CREATE, DRAFT, content_type="application/json")
    assert response.status_code == 401


def test_chief_issues_tokens_in_the_admin_editor_cannot(chief, editor):
    add_url = reverse("admin:authtoken_tokenproxy_add")
    assert chief.get(add_url).status_code == 200
    assert editor.get(add_url).status_code == 403
    assert editor.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 403
