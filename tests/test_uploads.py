"""Image uploads: the editor's upload view and the speech cover, checked by content."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from django.views.static import serve
from PIL import Image

from speeches.models import Speech
from speeches.uploads import MAX_UPLOAD_BYTES, ImageRejected, clean_image

from .factories import CategoryFactory, SpeechFactory
from .images import HTML_PAGE, SVG_IMAGE, gif_html_polyglot, image_bytes, png_bomb, png_with_text_chunk
from .test_admin import inline_management, speech_form

UPLOAD_URL = reverse("speeches:editor_image_upload")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, name, data, content_type="image/png"):
    return client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, data, content_type=content_type)})


ACCEPTED = [
    ("photo.png", lambda: image_bytes("PNG"), "PNG", ".png"),
    ("photo.jpg", lambda: image_bytes("JPEG"), "JPEG", ".jpg"),
    ("photo.webp", lambda: image_bytes("WEBP"), "WEBP", ".webp"),
    # The name lies; the content decides the format and the stored extension.
    ("photo.gif", lambda: image_bytes("JPEG"), "JPEG", ".jpg"),
    ("会议现场.PNG", lambda: image_bytes("PNG", mode="RGBA"), "PNG", ".png"),
]

REFUSED = [
    ("page.html", lambda: HTML_PAGE, "网页代码"),
    ("drawing.svg", lambda: SVG_IMAGE, "网页代码"),
    ("page.png", lambda: HTML_PAGE, "网页代码"),
    ("plain.png", lambda: b"just some text, not an image", "无法识别的图片"),
    ("polyglot.gif", gif_html_polyglot, "网页代码"),
    ("comment.jpg", lambda: image_bytes("JPEG", comment=b"<script>alert(1)</script>"), "网页代码"),
    ("text-chunk.png", lambda: png_with_text_chunk("<svg onload=alert(1)>"), "网页代码"),
    ("animation.gif", lambda: image_bytes("GIF", mode="P"), "不支持 GIF 格式"),
    ("scan.bmp", lambda: image_bytes("BMP"), "不支持 BMP 格式"),
    ("huge.png", lambda: image_bytes("PNG") + b"\0" * MAX_UPLOAD_BYTES, "不能超过 8 MB"),
    ("bomb.png", png_bomb, "解压炸弹"),
    ("just-over-the-limit.png", lambda: png_bomb(8000, 5000), "解压炸弹"),
    ("truncated.png", lambda: image_bytes("PNG", size=(300, 300))[:200], "已损坏"),
    ("empty.png", lambda: b"", "文件是空的"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, make, image_format, extension", ACCEPTED)
def test_real_images_are_stored_reencoded_under_random_dated_names(
    staff_client, media_root, name, make, image_format, extension
):
    response = upload(staff_client, name, make())
    assert response.status_code == 200, response.content.decode()
    url = response.json()["url"]
    assert url.startswith("/media/editor/") and url.endswith(extension)
    stored = url.removeprefix("/media/")
    parts = stored.split("/")
    assert len(parts) == 5 and all(part.isdigit() for part in parts[1:4])  # editor/YYYY/MM/DD/name
    assert len(parts[4].split(".")[0]) == 32 and name.split(".")[0] not in parts[4]
    with default_storage.open(stored) as stored_file:
        assert Image.open(stored_file).format == image_format


@pytest.mark.django_db
@pytest.mark.parametrize("name, make, message", REFUSED)
def test_unsafe_or_unusable_files_are_refused_with_a_chinese_message(staff_client, media_root, name, make, message):
    response = upload(staff_client, name, make())
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert not any(path.is_file() for path in media_root.rglob("*"))


@pytest.mark.django_db
@pytest.mark.parametrize("tail", [b"PK\x03\x04 appended archive payload", b"\0" * 5000 + b"<html><script>x</script>"])
def test_bytes_appended_to_an_image_are_dropped(staff_client, tail):
    response = upload(staff_client, "photo.png", image_bytes("PNG") + tail)
    assert response.status_code == 200
    with default_storage.open(response.json()["url"].removeprefix("/media/")) as stored_file:
        stored = stored_file.read()
    assert tail[-12:] not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")


@pytest.mark.django_db
def test_large_images_are_scaled_down_and_exif_dropped(staff_client):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    data = image_bytes("JPEG", size=(3000, 1500), exif=exif.tobytes())
    response = upload(staff_client, "photo.jpg", data)
    with default_storage.open(response.json()["url"].removeprefix("/media/")) as stored_file:
        image = Image.open(stored_file)
        assert image.size == (2000, 1000)
        assert not image.getexif()


@pytest.mark.django_db
def test_uploaded_image_is_served_with_its_real_content_type(staff_client, media_root):
    response = upload(staff_client, "photo.png", image_bytes("WEBP"))
    path = response.json()["url"].removeprefix("/media/")
    served = serve(RequestFactory().get("/media/" + path), path, document_root=media_root)
    assert served["Content-Type"] == "image/webp"


@pytest.mark.django_db
def test_anonymous_upload_is_refused(client, media_root):
    response = upload(client, "photo.png", image_bytes())
    assert response.status_code == 403
    assert "登录" in response.json()["error"]["message"]
    assert not list(media_root.rglob("*.png"))


@pytest.mark.django_db
def test_non_staff_upload_is_refused(client, django_user_model, media_root):
    client.force_login(django_user_model.objects.create_user("reader", password="x-pass-123456"))
    assert upload(client, "photo.png", image_bytes()).status_code == 403
    assert not list(media_root.rglob("*.png"))


@pytest.mark.django_db
def test_staff_without_speech_permissions_is_refused_and_with_them_allowed(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x-pass-123456", is_staff=True)
    client.force_login(user)
    response = upload(client, "photo.png", image_bytes())
    assert response.status_code == 403 and "权限" in response.json()["error"]["message"]
    user.user_permissions.add(Permission.objects.get(codename="change_speech"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert upload(client, "photo.png", image_bytes()).status_code == 200


@pytest.mark.django_db
def test_upload_needs_post(staff_client):
    assert staff_client.get(UPLOAD_URL).status_code == 405


@pytest.mark.django_db
def test_csrf_token_is_enforced(admin_user, media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    refused = upload(client, "photo.png", image_bytes())
    assert refused.status_code == 403
    assert not list(media_root.rglob("*.png"))

    # The editor sends the token from the admin page's cookie in the X-CSRFToken header.
    client.get(reverse("admin:speeches_speech_add"))
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        UPLOAD_URL,
        {"upload": SimpleUploadedFile("photo.png", image_bytes(), content_type="image/png")},
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200, accepted.content.decode()


def test_clean_image_refuses_by_content_not_by_name():
    with pytest.raises(ImageRejected) as refused:
        clean_image(SimpleUploadedFile("a.jpg", HTML_PAGE))
    assert refused.value.code == "markup"
    assert clean_image(SimpleUploadedFile("a.html", image_bytes("PNG"))).name.endswith(".png")


# --- cover images


def cover_form(category, cover):
    data = speech_form(category, cover_image=cover)
    data.update(inline_management("sections", 0))
    data.update(inline_management("related_links", 0))
    return data


@pytest.mark.django_db
def test_admin_cover_is_reencoded_with_a_list_rendition(staff_client):
    cover = SimpleUploadedFile("封面.jpg", image_bytes("JPEG", size=(1200, 600)) + b"<trailing>", "image/jpeg")
    response = staff_client.post(reverse("admin:speeches_speech_add"), cover_form(CategoryFactory(), cover))
    assert response.status_code == 302
    speech = Speech.objects.get()
    assert speech.cover_image.name.startswith("covers/") and speech.cover_image.name.endswith(".jpg")
    assert "封面" not in speech.cover_image.name
    assert speech.cover_thumbnail.name.startswith("covers/thumbs/")
    with speech.cover_thumbnail.open() as thumbnail:
        image = Image.open(thumbnail)
        assert (image.format, image.size) == ("JPEG", (480, 320))
    with speech.cover_image.open() as stored:
        assert b"<trailing>" not in stored.read()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, data, message",
    [("cover.png", HTML_PAGE, "网页代码"), ("cover.png", png_bomb(), "解压炸弹"), ("cover.svg", SVG_IMAGE, "网页代码")],
)
def test_admin_refuses_a_bad_cover_on_its_field(staff_client, name, data, message):
    cover = SimpleUploadedFile(name, data, "image/png")
    response = staff_client.post(reverse("admin:speeches_speech_add"), cover_form(CategoryFactory(), cover))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["cover_image"] and message in errors["cover_image"][0]
    assert not Speech.objects.exists()


@pytest.mark.django_db
def test_any_write_path_checks_the_cover(media_root):
    speech = SpeechFactory()
    speech.cover_image = ContentFile(HTML_PAGE, name="cover.png")
    with pytest.raises(ValidationError):
        speech.save()
    speech.cover_image = ContentFile(image_bytes("PNG", size=(900, 900), mode="RGBA"), name="cover.png")
    speech.save()
    speech.refresh_from_db()
    assert speech.cover_image.name.endswith(".png") and speech.cover_thumbnail.name.endswith(".jpg")
    speech.cover_image = ""
    speech.save()
    assert not speech.cover_thumbnail


def test_the_packages_own_unchecked_upload_view_is_not_routed():
    with pytest.raises(NoReverseMatch):
        reverse("ck_editor_5_upload_file")
