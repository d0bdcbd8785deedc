"""import_speeches and the writer, on the real database."""

import re
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from speeches.importing.decoding import MAX_PAGE_BYTES
from speeches.importing.parsed import RelatedEntry
from speeches.importing.parser import parse_page
from speeches.importing.writer import CREATED, SKIPPED, UPDATED, save_parsed_speech
from speeches.models import Category, Meeting, RelatedArticle, Section, Speech

from .factories import CategoryFactory, MeetingFactory, SpeechFactory
from .shared_files import SEED, shared_file
from .workflow_helpers import chief_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*paths, **options):
    if options.get("publish"):
        options.setdefault("user", chief_user().username)
    call_command("import_speeches", *[str(p) for p in paths], verbosity=0, **options)


@pytest.fixture
def seed_dir():
    return shared_file(SEED).parent


def test_seed_import_on_a_fresh_database(seed_dir):
    run(seed_dir)
    speech = Speech.objects.get()
    assert speech.title == "局领导在信访宣传工作会议上的讲话"
    assert speech.status == Speech.Status.DRAFT and speech.published_at is None
    assert [c.name for c in speech.category.path] == ["演讲发言", "演讲稿"]
    assert speech.category.slug == "yanjianggao"
    assert speech.meeting.name == "信访宣传工作会议"
    assert speech.speaker == "局领导"
    assert (speech.source_name, speech.source_note) == ("范文无忧网", "11月23日 编辑 fanwen51.com")
    assert speech.needs_review is False
    sections = list(speech.sections.order_by("position"))
    assert [s.label for s in sections] == ["一、", "二、", "三、", "四、"]
    assert sections[3].body.count("<h3>") == 2
    assert "<h3>（一）面对当前治黄事业的新形势" in sections[3].body
    assert all("<h3>" not in s.body for s in sections[:3])
    links = list(speech.related_links.order_by("position"))
    assert len(links) == 10
    assert all(link.is_pending for link in links)
    assert links[0].target_title == "交通局领导在2010年春运会议上的讲话"
    assert links[0].target_excerpt.startswith("一、正视面临的困难")
    assert links[-1].target_title == "财政局领导在科学发展观民主生活会上的发言"
    assert speech.content_hash


def test_reimport_creates_nothing(seed_dir):
    run(seed_dir)
    counts = (
        Speech.objects.count(),
        Section.objects.count(),
        RelatedArticle.objects.count(),
        Meeting.objects.count(),
        Category.objects.count(),
    )
    run(seed_dir)
    assert (
        Speech.objects.count(),
        Section.objects.count(),
        RelatedArticle.objects.count(),
        Meeting.objects.count(),
        Category.objects.count(),
    ) == counts


def test_publish_flag(seed_dir):
    run(seed_dir, publish=True)
    speech = Speech.objects.get()
    assert speech.is_visible


def test_existing_category_meeting_and_link_target_are_reused(seed_dir):
    parent = CategoryFactory(name="演讲发言", slug="speeches")
    child = CategoryFactory(name="演讲稿", slug="talks", parent=parent)
    meeting = MeetingFactory(name="信访宣传工作会议")
    target = SpeechFactory(title="勘测局领导竞争上岗演讲")
    run(seed_dir)
    speech = Speech.objects.get(title="局领导在信访宣传工作会议上的讲话")
    assert (speech.category, speech.meeting) == (child, meeting)
    link = speech.related_links.get(target_title="勘测局领导竞争上岗演讲")
    assert link.to_speech == target
    assert speech.related_links.filter(to_speech__isnull=True).count() == 9


def test_pending_link_is_connected_when_its_speech_arrives(seed_dir, tmp_path):
    run(seed_dir)
    page = (
        (FIXTURES / "single_copy.txt")
        .read_text()
        .replace("副县长在全县春运工作会议上的讲话", "交通局领导在2010年春运会议上的讲话")
    )
    (tmp_path / "later.txt").write_text(page)
    run(tmp_path)
    arrived = Speech.objects.get(title="交通局领导在2010年春运会议上的讲话")
    seed_speech = Speech.objects.get(title="局领导在信访宣传工作会议上的讲话")
    link = seed_speech.related_links.get(target_title=arrived.title)
    assert link.to_speech == arrived
    assert link.target_excerpt.startswith("一、正视面临的困难")


def test_failing_files_write_nothing_others_go_on_and_exit_is_non_zero(tmp_path, capsys):
    shutil.copy(FIXTURES / "diyi_numbering.txt", tmp_path / "a_good.txt")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "d_undecodable.txt").write_bytes("同志们".encode() + b"\xff\xfe" * 10)
    (tmp_path / "e_nospeech.html").write_text("<html><body><ul><li>首页</li><li>栏目</li></ul></body></html>")
    with (tmp_path / "f_huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    shutil.copy(FIXTURES / "page.html", tmp_path / "g_good.html")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError) as raised:
        call_command("import_speeches", str(tmp_path), str(tmp_path / "missing.txt"), verbosity=0)
    assert str(raised.value) == "有 6 个文件导入失败，见上面的原因。"
    assert sorted(Speech.objects.values_list("title", flat=True)) == [
        "县委书记在全县民主生活会动员部署会上的讲话",
        "局长在全市防汛工作会议上的讲话",
    ]
    out = capsys.readouterr().out
    assert "b_empty.txt：文件是空的。" in out
    assert "c_binary.txt：这不是文本文件（看起来是二进制文件）。" in out
    assert "d_undecodable.txt：无法识别文件编码" in out
    assert "e_nospeech.html：页面中没有找到讲话正文。" in out
    assert f"f_huge.txt：文件过大（50.0 MB），单个文件不能超过 {MAX_PAGE_BYTES // 1024 // 1024} MB。" in out
    assert "missing.txt：路径不存在。" in out
    assert "新建 2 篇，更新 0 篇，跳过重复 0 篇，失败 6 个文件。" in out
    assert "Traceback" not in out


def test_summary_counts_created_and_skipped(tmp_path, capsys):
    for name in ("diyi_numbering.txt", "gb18030.txt", "crlf.txt", "single_copy.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    run(tmp_path)
    out = capsys.readouterr().out
    # gb18030.txt and crlf.txt are the same speeches as two of the others.
    assert "新建 2 篇，更新 0 篇，跳过重复 2 篇，失败 0 个文件。" in out
    assert Speech.objects.count() == 2


def test_a_failing_write_rolls_back_the_whole_file():
    parsed = parse_page((FIXTURES / "diyi_numbering.txt").read_text())
    # A link with no target breaks a database constraint after category, meeting, speech
    # and sections were written: all of them must go.
    parsed.related.append(RelatedEntry("", "无标题"))
    with pytest.raises(IntegrityError):
        save_parsed_speech(parsed)
    assert (Speech.objects.count(), Section.objects.count(), Category.objects.count(), Meeting.objects.count()) == (
        0,
        0,
        0,
        0,
    )


def test_same_title_different_text_is_a_new_speech_unless_updating():
    parsed = parse_page((FIXTURES / "single_copy.txt").read_text())
    first = save_parsed_speech(parsed)
    assert first.status == CREATED
    parsed.closing = ["同志们，谢谢大家！"]
    assert save_parsed_speech(parsed).status == CREATED
    assert Speech.objects.filter(title=parsed.title).count() == 2
    Speech.objects.exclude(pk=first.speech.pk).delete()

    parsed.closing = ["同志们，再见！"]
    second = save_parsed_speech(parsed, update=True)
    assert second.status == UPDATED and second.speech.pk == first.speech.pk
    speech = Speech.objects.get()
    assert speech.closing == "<p>同志们，再见！</p>"
    assert speech.sections.count() == 2 and speech.related_links.count() == 2
    speech.status, speech.published_at = Speech.Status.PUBLISHED, speech.created_at
    speech.save()
    parsed.closing = ["同志们，明年见！"]
    third = save_parsed_speech(parsed, update=True)
    assert third.status == SKIPPED and "已发布" in third.message
    assert Speech.objects.get().closing == "<p>同志们，再见！</p>"


def test_update_option_of_the_command(tmp_path, capsys):
    page = (FIXTURES / "single_copy.txt").read_text()
    (tmp_path / "page.txt").write_text(page)
    run(tmp_path)
    (tmp_path / "page.txt").write_text(page.replace("确保今年春运安全、有序、畅通。", "确保今年春运平安。"))
    call_command("import_speeches", str(tmp_path), "--update", verbosity=0)
    assert "新建 0 篇，更新 1 篇，跳过重复 0 篇，失败 0 个文件。" in capsys.readouterr().out
    assert "确保今年春运平安。" in Speech.objects.get().closing


def test_one_page_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    parsed = parse_page((FIXTURES / "single_copy.txt").read_text())
    save_parsed_speech(parse_page((FIXTURES / "diyi_numbering.txt").read_text()))  # categories exist
    # Includes the search document (one more statement on PostgreSQL for its tsvector),
    # the audited write's version of the speech with its children (12, whatever their
    # number) and the near-duplicate index and check (12).
    with django_assert_max_num_queries(47):
        assert save_parsed_speech(parsed).status == CREATED


def test_imported_seed_reads_like_the_speech_on_its_page(seed_dir, client, django_assert_max_num_queries):
    run(seed_dir, publish=True)
    speech = Speech.objects.get()
    with django_assert_max_num_queries(10):
        response = client.get(reverse("speeches:full", kwargs={"pk": speech.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    headings = re.findall(r'<h2 id="section-\d+-heading">(.*?)</h2>', html)
    assert len(headings) == 4
    assert headings[3] == "四、坚持正确的舆论导向，进一步做好我局的新闻宣传工作"
    assert len(re.findall(r"<h3>[（（][一二]", html)) == 2
    body = html.split('<div class="speech-body">')[1]
    assert body.count("同志们：在当前防汛工作即将进入汛期") == 1  # the body once (the head repeats it as description)
    assert "全文查看" not in html and "+阅读" not in html
    # Ten links were kept (the nine 延伸阅读 entries and the teaser), all pending: none of
    # their speeches is on the site, so readers see no dead entry.
    titles = [link.title for link in speech.related_links.order_by("kind", "position", "id")]
    assert len(titles) == 10 and all(link.is_pending for link in speech.related_links.all())
    assert "延伸阅读</h2>" not in html
    # When one of them arrives, it takes its place.
    arrived = SpeechFactory(title=titles[8])
    RelatedArticle.objects.connect_pending_to(arrived)
    cache.clear()  # the page was cached for a minute when first read
    html = client.get(reverse("speeches:full", kwargs={"pk": speech.pk})).content.decode()
    related = html.split("延伸阅读</h2>")[1]
    assert f'href="{arrived.get_absolute_url()}">{titles[8]}</a>' in related
    assert not any(title in related for title in titles[:8])


def test_page_without_breadcrumb_goes_to_unsorted_and_is_flagged(tmp_path):
    body = "同志们：今天召开全市工作会议，研究部署全年各项工作任务。会议很重要，大家要认真落实会议提出的各项要求。"
    (tmp_path / "bare.txt").write_text(f"在全市工作会议上的讲话\n\n{body}\n")
    run(tmp_path)
    speech = Speech.objects.get()
    assert speech.category.name == "待分类" and speech.category.parent is None
    assert speech.needs_review and speech.review_reason == "页面没有栏目路径，已放入“待分类”。"
    assert speech.meeting.name == "全市工作会议" and speech.speaker == ""


def test_an_imported_speech_is_searchable_by_its_section_text(seed_dir):
    from speeches.search import filter_speeches, parse_query

    run(seed_dir, publish=True)
    speech = Speech.objects.get()
    # 标准化堤防 occurs only in the sections' bodies, which are written after the speech row.
    assert "标准化堤防" not in speech.opening + speech.title
    assert list(filter_speeches(Speech.objects.published(), parse_query("标准化堤防"))) == [speech]


BODY = "同志们：今天召开全市工作会议，研究部署全年各项工作任务。会议很重要，大家要认真落实会议提出的各项要求。"


def test_another_site_s_categories_are_not_created_the_speech_waits_in_unsorted(tmp_path):
    (tmp_path / "school.txt").write_text(f"当前位置：首页 > 新闻中心 > 党政办\n在全市工作会议上的讲话\n{BODY}\n")
    before = Category.objects.count()
    run(tmp_path)
    speech = Speech.objects.get()
    assert speech.category.name == "待分类"
    assert speech.review_reason == "栏目路径“新闻中心 › 党政办”不是本站的栏目，已放入“待分类”。"
    assert not Category.objects.filter(name__in=["新闻中心", "党政办"]).exists()
    assert Category.objects.count() == before + 1  # 待分类 itself


def test_a_known_category_is_matched_at_its_deepest_level(tmp_path):
    jiaoyu = CategoryFactory(name="教育")
    (tmp_path / "page.txt").write_text(f"当前位置：首页 > 学校新闻 > 教育\n在全市工作会议上的讲话\n{BODY}\n")
    run(tmp_path)
    speech = Speech.objects.get()
    assert speech.category == jiaoyu and not speech.needs_review


def test_the_editor_s_category_wins_and_settles_the_category_reason(tmp_path):
    chosen = CategoryFactory(name="讲话稿")
    (tmp_path / "bare.txt").write_text(f"在全市工作会议上的讲话\n{BODY}\n")
    run(tmp_path, category=chosen.slug)
    speech = Speech.objects.get()
    assert speech.category == chosen and not speech.needs_review and speech.review_reason == ""


def test_an_unknown_category_option_is_a_command_error(tmp_path):
    (tmp_path / "bare.txt").write_text(f"在全市工作会议上的讲话\n{BODY}\n")
    with pytest.raises(CommandError, match="没有网址名为“no-such-slug”的栏目"):
        run(tmp_path, category="no-such-slug")
    assert not Speech.objects.exists()


def test_speaker_post_and_delivery_date_are_stored(tmp_path):
    page = (
        f"2025年某某县政府工作报告\n——2025年1月14日在某某县第十八届人民代表大会第五次会议上\n县长\u3000王明\n{BODY}\n"
    )
    (tmp_path / "report.txt").write_text(page)
    run(tmp_path)
    speech = Speech.objects.get()
    assert (speech.speaker, speech.speaker_post) == ("王明", "县长")
    assert str(speech.delivered_on) == "2025-01-14"
    assert speech.meeting.name == "某某县第十八届人民代表大会第五次会议"


def test_word_files_are_imported_from_folders(tmp_path):
    from .test_import_word import speech_document

    (tmp_path / "讲话.docx").write_bytes(speech_document())
    run(tmp_path)
    speech = Speech.objects.get()
    assert speech.title == "在全县经济工作会议上的讲话"
    assert [s.heading for s in speech.sections.order_by("position")] == ["认清形势，坚定信心", "突出重点，狠抓落实"]


def test_a_legacy_word_file_is_refused_with_the_way_out(tmp_path, capsys):
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(CommandError):
        call_command("import_speeches", str(legacy))
    assert "请在 Word 中另存为 .docx 后再导入" in capsys.readouterr().out
    assert not Speech.objects.exists()
