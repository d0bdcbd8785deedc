"""The admin's 导入 page: upload, preview, confirm."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from speeches.models import Speech

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"
IMPORT_URL = "admin:speeches_speech_import"


def upload(name, data=None):
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes() if data is None else data)


def test_changelist_links_to_import_and_filters_needs_review(staff_client):
    response = staff_client.get(reverse("admin:speeches_speech_changelist"))
    assert reverse(IMPORT_URL) in response.content.decode()
    assert "需要校对" in response.content.decode()


def test_upload_preview_then_confirm(staff_client, admin_user):
    page = staff_client.get(reverse(IMPORT_URL))
    assert page.status_code == 200 and "Word 文档（.docx）" in page.content.decode()

    preview = staff_client.post(reverse(IMPORT_URL), {"files": [upload("page.html"), upload("diyi_numbering.txt")]})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "局长在全市防汛工作会议上的讲话" in html
    assert "一、提高认识，切实增强做好防汛工作的责任感" in html
    assert "全市防汛工作会议" in html  # meeting
    assert "演讲发言 › 讲话稿" in html
    assert "副市长在全市防汛抗旱工作会议上的讲话" in html  # 延伸阅读 found
    assert Speech.objects.count() == 0  # nothing written before confirming

    token = preview.context["token"]
    done = staff_client.post(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("admin:speeches_speech_changelist")
    messages = [str(m) for m in done.context["messages"]]
    assert messages == [
        "新建：page.html：局长在全市防汛工作会议上的讲话",
        "新建：diyi_numbering.txt：县委书记在全县民主生活会动员部署会上的讲话",
    ]
    speeches = Speech.objects.order_by("id")
    assert [s.title for s in speeches] == [
        "局长在全市防汛工作会议上的讲话",
        "县委书记在全县民主生活会动员部署会上的讲话",
    ]
    assert all(s.status == Speech.Status.DRAFT and s.editor == admin_user for s in speeches)

    again = staff_client.post(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert [str(m) for m in again.context["messages"]] == ["导入已过期或已完成，请重新上传文件。"]
    assert Speech.objects.count() == 2


def test_preview_reports_bad_files_and_duplicates_per_file(staff_client):
    staff_client.post(reverse(IMPORT_URL), {"files": [upload("single_copy.txt")]})
    token = staff_client.post(reverse(IMPORT_URL), {"files": [upload("single_copy.txt")]}).context["token"]
    staff_client.post(reverse(IMPORT_URL), {"token": token})
    assert Speech.objects.count() == 1

    preview = staff_client.post(
        reverse(IMPORT_URL),
        {
            "files": [
                upload("empty.txt", b""),
                upload("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00"),
                upload("crlf.txt"),
                upload("huge.txt", b"a" * (2 * 1024 * 1024 + 1)),
            ]
        },
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "empty.txt" in html and "文件是空的。" in html
    assert "这不是文本文件" in html
    assert "将跳过" in html  # crlf.txt is the speech already imported
    assert "文件过大" in html
    assert preview.context["token"] == ""
    assert "没有可以导入的文件" in html


def test_upload_without_files_names_the_field(staff_client):
    response = staff_client.post(reverse(IMPORT_URL), {})
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == ["请选择要导入的文件。"]


def test_publish_option(staff_client):
    token = staff_client.post(reverse(IMPORT_URL), {"files": [upload("no_sections.txt")], "publish": "on"}).context[
        "token"
    ]
    staff_client.post(reverse(IMPORT_URL), {"token": token})
    assert Speech.objects.get().is_visible


def test_import_needs_add_permission(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_batch_size_is_bounded(staff_client):
    pages = [upload(f"p{i}.txt", b"a" * (2 * 1024 * 1024)) for i in range(6)]
    response = staff_client.post(reverse(IMPORT_URL), {"files": pages})
    assert response.context["form"].errors["files"] == ["一次上传的文件合计不能超过 10 MB，请分批导入。"]
