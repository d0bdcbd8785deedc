import re

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
def test_ensure_editor_prints_three_demo_accounts_with_passwords_once(capsys):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from speeches import workflow

    call_command("ensure_editor")
    first = capsys.readouterr().out
    passwords = dict(re.findall(r"用户名 (\w+) 密码 (\S+)", first))
    assert set(passwords) == {"zhubian", "bianji", "admin"}
    # Logins go through django-axes, which needs the request (its address).
    login = RequestFactory().post("/admin/login/")
    users = {name: authenticate(login, username=name, password=pw) for name, pw in passwords.items()}
    assert workflow.can_publish(users["zhubian"]) and not users["zhubian"].is_superuser
    assert workflow.can_edit(users["bianji"]) and not workflow.can_publish(users["bianji"])
    assert users["admin"].is_superuser
    call_command("ensure_editor")
    second = capsys.readouterr().out
    assert not any(pw in second for pw in passwords.values()) and second.count("已存在") == 3
    call_command("ensure_editor", reset=True)
    third = dict(re.findall(r"用户名 (\w+) 密码 (\S+)", capsys.readouterr().out))
    assert set(third) == set(passwords) and third["bianji"] != passwords["bianji"]
    assert authenticate(login, username="bianji", password=third["bianji"]) is not None


@pytest.mark.django_db
def test_demo_speeches_get_computed_further_reading():
    call_command("load_demo", verbosity=0)
    computed = RelatedArticle.objects.filter(kind=RelatedArticle.Kind.COMPUTED)
    assert computed.exists()
    assert not computed.filter(to_speech=None).exists()
