"""Issue 15, item 8: 疑似重复 — texts at least 85 % the same, on save, import, paste and
all at once by a command."""

import re

import pytest
from django.core.management import call_command

from speeches.duplicates import signature as sig
from speeches.duplicates.store import check_speech, index_speech
from speeches.generation import TOPICS, TextGenerator
from speeches.models import Speech

from .factories import SectionFactory, SpeechFactory
from .workflow_helpers import change_form_data, change_url, form_errors

SENTENCES = [
    "今年以来，全市上下认真贯彻落实市委市政府决策部署，经济运行总体平稳。",
    "防汛抗旱工作事关人民群众生命财产安全，各级各部门务必高度重视。",
    "要加强水库堤防巡查，落实责任制，确保安全度汛。",
    "要做好物资储备和抢险队伍准备，一旦发生险情，立即组织力量处置。",
    "各乡镇要对辖区内的山塘水库逐一排查，建立台账，限期整改。",
    "气象部门要加强监测预报，及时发布预警信息。",
    "宣传部门要广泛宣传防汛知识，提高群众自救互救能力。",
    "同志们，防汛工作责任重大，让我们振奋精神，扎实工作。",
    "交通运输部门要保障抢险通道畅通，做好运输车辆调度。",
    "卫生健康部门要做好灾后防疫，防止疫情发生。",
    "民政部门要做好受灾群众安置，确保有饭吃、有衣穿、有干净水喝。",
    "督查部门要加强督促检查，对工作不力的严肃追责问责。",
]
OTHER = [
    "教育是国之大计、党之大计，要办好人民满意的教育。",
    "各学校要落实立德树人根本任务，提高课堂教学质量。",
    "要加强教师队伍建设，提升教师待遇，让教师安心从教。",
    "要关心学生身心健康，减轻学生过重课业负担。",
]


# One sentence with two characters changed: a copy someone touched up.
EDITED = [*SENTENCES[:-1], "督查部门要加强督促检查，对工作不力的单位严肃问责。"]
EDITED_END = "以上是第3号文件！"


def text(sentences):
    return "".join(sentences)


def test_a_lightly_edited_copy_is_a_near_duplicate_and_another_speech_is_not():
    original = sig.signature(text(SENTENCES))
    edited = sig.signature(text(EDITED))
    assert sig.similarity(original, edited) >= sig.THRESHOLD
    assert sig.similarity(original, sig.signature(text(OTHER))) < 0.2
    assert sig.signature("，。") is None
    assert len(sig.band_keys(original)) == sig.BANDS


def generated(seed):
    generator = TextGenerator(seed)
    return generator.paragraph(generator.rng.sample(TOPICS, 3), 40)


def test_all_pairs_finds_the_near_duplicates_among_many():
    texts = {pk: generated(pk) for pk in range(12)}
    texts[100] = texts[3] + "以上意见，请结合实际认真贯彻落实。"  # a copy with a line added
    texts[101] = texts[3]
    pairs = sig.all_pairs({pk: sig.signature(body) for pk, body in texts.items()})
    assert [(a, b) for a, b, _ in pairs] == [(3, 101), (3, 100), (100, 101)]
    assert pairs[0][2] == 1.0 and all(score >= sig.THRESHOLD for _, _, score in pairs)


def speech_with(sentences, **fields):
    speech = SpeechFactory(opening=f"<p>{sentences[0]}</p>", **fields)
    for position, sentence in enumerate(sentences[1:], start=1):
        SectionFactory(speech=speech, position=position, heading="", body=f"<p>{sentence}</p>")
    return speech


@pytest.mark.django_db
def test_check_speech_names_the_near_duplicates_most_similar_first():
    original = speech_with(SENTENCES, title="在全市防汛工作会议上的讲话")
    index_speech(original)
    unrelated = speech_with(OTHER)
    index_speech(unrelated)
    copy = speech_with(EDITED, title="副市长在防汛会议上的讲话")
    found = check_speech(copy)
    assert [(s.pk, score >= sig.THRESHOLD) for s, score in found] == [(original.pk, True)]


@pytest.mark.django_db
def test_saving_a_near_copy_in_the_admin_warns_with_a_link(chief):
    original = speech_with(SENTENCES)
    index_speech(original)
    # A draft sharing half the text: not a near-duplicate yet.
    copy = speech_with([*SENTENCES[:6], *OTHER, "草稿甲。", "草稿乙。"], status=Speech.Status.DRAFT, published_at=None)
    quiet = chief.post(change_url(copy), change_form_data(copy, title="没有改正文"), follow=True)
    assert "疑似重复" not in quiet.content.decode(), form_errors(quiet)
    # The editor writes the rest as the original has it (one sentence touched up).
    rest = {f"sections-{index - 1}-body": f"<p>{EDITED[index]}</p>" for index in range(6, 12)}
    response = chief.post(change_url(copy), change_form_data(copy, **rest), follow=True)
    page = response.content.decode()
    assert "疑似重复：这篇讲话稿的正文与" in page, form_errors(response)
    assert f'<a href="{change_url(original)}">“{original.title}”</a>' in page


@pytest.mark.django_db
def test_the_command_lists_every_pair_and_indexes_what_was_never_indexed(capsys):
    first = speech_with(SENTENCES, title="甲")
    second = speech_with(EDITED, title="乙")
    speech_with(OTHER, title="丙")
    call_command("find_near_duplicates")
    out = capsys.readouterr().out
    assert re.search(rf"\d+%\t{first.pk}\t{second.pk}\t甲 \| 乙", out)
    assert "疑似重复 1 对（补建签名 3 篇）" in out
    assert Speech.objects.filter(signature__isnull=True).count() == 0
