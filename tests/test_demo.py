import pytest
from django.core.management import call_command

from speeches.models import RelatedArticle, Speech


@pytest.mark.django_db
def test_demo_content_loads_once_with_sections_and_links():
    call_command("load_demo", verbosity=0)
    count = Speech.objects.count()
    assert count >= 6
    assert Speech.objects.published().count() == count
    assert all(s.sections.count() >= 3 for s in Speech.objects.all())
    assert Speech.objects.exclude(meeting=None).values("meeting").distinct().count() >= 3
    assert Speech.objects.values("category").distinct().count() >= 4
    assert RelatedArticle.objects.filter(to_speech__isnull=False).count() >= count
    assert Speech.objects.filter(is_recommended=True).exists()
    links_before = RelatedArticle.objects.count()
    call_command("load_demo", verbosity=0)
    assert Speech.objects.count() == count
    assert RelatedArticle.objects.count() == links_before


@pytest.mark.django_db
def test_ensure_editor_prints_the_password_only_once(capsys):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    call_command("ensure_editor")
    first = capsys.readouterr().out
    password = first.split("密码 ")[1].split()[0]
    # Logins go through django-axes, which needs the request (its address).
    login = RequestFactory().post("/admin/login/")
    assert authenticate(login, username="editor", password=password) is not None
    call_command("ensure_editor")
    second = capsys.readouterr().out
    assert password not in second and "已存在" in second


@pytest.mark.django_db
def test_demo_speeches_get_computed_further_reading():
    call_command("load_demo", verbosity=0)
    computed = RelatedArticle.objects.filter(kind=RelatedArticle.Kind.COMPUTED)
    assert computed.exists()
    assert not computed.filter(to_speech=None).exists()
