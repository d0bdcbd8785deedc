import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from speeches.generation import TextGenerator, tag_names
from speeches.hashing import normalized_text
from speeches.models import Category, Meeting, Section, Speech


def test_generated_speech_has_realistic_shape():
    generator = TextGenerator(seed=7)
    for _ in range(50):
        speech = generator.speech("全市信访工作会议", random.Random(1).randint(2000, 6000))
        assert 3 <= len(speech.sections) <= 6
        text = "".join(speech.opening + speech.closing)
        text += "".join("".join(s.paragraphs) for s in speech.sections)
        assert 1500 <= len(normalized_text(text)) <= 7500


def test_tag_names_are_distinct():
    names = tag_names(3000)
    assert len(names) == len(set(names)) == 3000


@pytest.mark.django_db
def test_generate_speeches_writes_complete_rows():
    call_command("generate_speeches", "60", "--seed", "3", "--tags", "200", verbosity=0)
    assert Speech.objects.count() == 60
    assert Meeting.objects.count() == 20
    assert 25 <= Category.objects.count() <= 35
    sections_per_speech = Section.objects.count() / 60
    assert 3 <= sections_per_speech <= 6
    speech = Speech.objects.exclude(tags=None).first()
    assert speech.tags.count() >= 1
    assert list(speech.sections.values_list("position", flat=True)) == list(range(1, speech.sections.count() + 1))
    hashes = set(Speech.objects.values_list("content_hash", flat=True))
    assert len(hashes) == 60 and "" not in hashes
    # Published speeches always carry a publish time.
    assert not Speech.objects.filter(status="published", published_at=None).exists()


@pytest.mark.django_db
def test_generate_speeches_skips_what_is_already_there():
    call_command("generate_speeches", "5", "--seed", "1", "--tags", "50", verbosity=0)
    call_command("generate_speeches", "5", "--seed", "2", "--tags", "50", verbosity=0)
    assert Speech.objects.count() == 10
    out = StringIO()
    call_command("generate_speeches", "5", "--seed", "1", "--tags", "50", verbosity=0, stdout=out)
    assert Speech.objects.count() == 10
    assert "跳过与已有内容重复的 5 篇" in out.getvalue()


@pytest.mark.django_db
def test_generate_speeches_rejects_non_positive_count():
    with pytest.raises(CommandError):
        call_command("generate_speeches", "0", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_seed_makes_the_same_speeches_whatever_the_number_of_workers():
    call_command(
        "generate_speeches", "30", "--seed", "5", "--tags", "50", "--batch-size", "10", "--workers", "2", verbosity=0
    )
    first = set(Speech.objects.values_list("content_hash", flat=True))
    assert len(first) == 30
    Speech.objects.all().delete()
    call_command(
        "generate_speeches", "30", "--seed", "5", "--tags", "50", "--batch-size", "10", "--workers", "1", verbosity=0
    )
    assert set(Speech.objects.values_list("content_hash", flat=True)) == first
