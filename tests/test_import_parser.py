"""The page parser and decoder: plain functions, no database."""

from pathlib import Path

import pytest
from django.utils.html import strip_tags

from speeches.importing.decoding import MAX_PAGE_BYTES, PageError, decode_page
from speeches.importing.header import split_breadcrumb
from speeches.importing.headings import split_heading
from speeches.importing.markup import blocks_to_html
from speeches.importing.parser import parse_page
from speeches.importing.related import split_entry
from speeches.importing.structure import Para, rejoin
from speeches.importing.text import sentences
from speeches.importing.writer import category_reason
from speeches.numbering import section_label

from .shared_files import SEED, shared_file

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def fixture(name):
    return parse_page(decode_page((FIXTURES / name).read_bytes()))


@pytest.fixture(scope="module")
def seed_bytes():
    return shared_file(SEED).read_bytes()


@pytest.fixture(scope="module")
def seed(seed_bytes):
    return parse_page(decode_page(seed_bytes))


def paragraphs(section):
    return [text for tag, text in section.blocks if tag == "p"]


def test_seed_header_fields(seed):
    assert seed.title == "局领导在信访宣传工作会议上的讲话"
    assert seed.category_path == ["演讲发言", "演讲稿"]
    assert seed.source_name == "范文无忧网"
    assert seed.source_note == "11月23日 编辑 fanwen51.com"
    assert seed.speaker == "局领导"
    assert seed.meeting_name == "信访宣传工作会议"
    assert seed.review_reasons == []


def test_seed_opening_is_one_rejoined_paragraph(seed):
    assert len(seed.opening) == 1
    opening = seed.opening[0]
    assert opening.startswith("同志们：在当前防汛工作即将进入汛期")
    assert opening.endswith("下面，我再强调几点意见：")
    # The layout broke the paragraph inside a book title: 新《 / 信访条例》.
    assert "学习宣传贯彻新《信访条例》的实施意见" in opening


SEED_SECTIONS = [
    (
        "增强大局意识，进一步提高对做好信访工作的认识",
        "从全局范围来看，尽管信访总体形势不错，同志们做了大量的工作，化解了一大批矛盾和纠纷，但影响稳定的因素仍然不少，信访工作面临的形势仍不容乐观。",
        "做到既对上级组织负责，也要对本单位职工负责，还要对群众利益负责。",
    ),
    (
        "突出重点，畅通渠道，努力改进信访工作的方式方法",
        "针对当前群众上访多、处理难度大的实际，我们要认真研究新形势下信访工作出现的新特点，创新思维，开拓思路，抓住重点，讲究方法，进一步提高信访工作的针对性和有效性。",
        "服务中心要切实负起责任，加强机关门岗值班，对那些不听劝阻、无理取闹，滋意闹事的决不姑息迁就，及时带离机关并送有关部门处理。",
    ),
    (
        "强化责任，分级负责，归口管理，切实抓出成效",
        "信访工作能不能做好，关键在领导。",
        "目前，省局已经把信访工作纳入了年度目标管理考核和机关季度考核，对因信访工作不力、造成严重后果的单位（部门）将取消评先资格。",
    ),
    (
        "坚持正确的舆论导向，进一步做好我局的新闻宣传工作",
        "近年来，我局的新闻宣传工作取得了显著成绩，呈现出了一些新的特点。",
        "进一步加强新闻宣传队伍建设，加大政治业务技术培训，增强整体素质，进一步提高我局新闻宣传工作的总体水平。",
    ),
]


@pytest.mark.parametrize("index", range(4))
def test_seed_section_heading_first_and_last_sentence(seed, index):
    heading, first, last = SEED_SECTIONS[index]
    section = seed.sections[index]
    assert section.heading == heading
    body = paragraphs(section)
    assert sentences(body[0])[0] == first
    assert sentences(body[-1])[-1] == last


def test_seed_has_four_sections_and_sub_headings_only_in_section_four(seed):
    assert len(seed.sections) == 4
    sub_headings = [[text for tag, text in s.blocks if tag == "h3"] for s in seed.sections]
    assert sub_headings == [
        [],
        [],
        [],
        [
            "（一）面对当前治黄事业的新形势，新闻宣传工作要着重把握好五个方面的工作",
            "（二）各级领导对新闻宣传工作要认识到位、工作到位，鼓励支持宣传人员做好工作",
        ],
    ]
    tags = [tag for tag, _ in seed.sections[3].blocks]
    assert tags == ["p", "h3", "p", "h3", "p"]
    assert seed.sections[3].blocks[2][1].startswith("一是要进一步增强大局意识、责任意识")


def test_seed_navigation_junk_is_gone(seed):
    text = "".join(
        seed.opening
        + seed.closing
        + [t for s in seed.sections for _, t in s.blocks]
        + [s.heading for s in seed.sections]
    )
    for junk in ("全文查看", "[]", "+阅读", "文章标题", "延伸阅读", "推荐阅读", "图文推荐", "栏目列表"):
        assert junk not in text
    assert "开拓思路，抓住重点" in paragraphs(seed.sections[1])[0]
    # Broken mid-sentence by the layout ("直到上访 / 人离开为止"), rejoined.
    assert "直到上访人离开为止" in paragraphs(seed.sections[1])[0]


def test_seed_closing(seed):
    assert len(seed.closing) == 1
    closing = sentences(seed.closing[0])
    assert closing[0] == "最后我再强调一下会议精神的贯彻落实。"
    assert (
        closing[-1]
        == "各单位、各部门要统筹兼顾，开拓进取，扎实工作，为维护社会稳定，为治黄事业的持续健康协调发展做出新的更大贡献。"
    )


# The seed lost its full-width marks; every ASCII mark in its speech text stands for one.
SEED_MARKS = str.maketrans(dict(zip(",:;?!()", "\uff0c\uff1a\uff1b\uff1f\uff01\uff08\uff09", strict=True)))


def test_seed_keeps_every_word_of_the_complete_copy(seed, seed_bytes):
    raw = seed_bytes.decode().translate(SEED_MARKS)
    first_copy = raw.split("文章标题\uff1a局领导在信访宣传工作会议上的讲话")[1].split(
        "《局领导在信访宣传工作会议上的讲话》"
    )[0]
    expected = "".join(first_copy.replace("12全文查看", "").split())
    parts = list(seed.opening)
    for position, section in enumerate(seed.sections, start=1):
        parts.append(section_label(position) + section.heading)
        # Sub-headings were sentences on the page; only their full stop is dropped.
        parts.extend(text + "。" if tag == "h3" else text for tag, text in section.blocks)
    parts.extend(seed.closing)
    assert "".join("".join(parts).split()) == expected


SEED_RELATED = [
    (
        "交通局领导在2010年春运会议上的讲话",
        "一、正视面临的困难，增强抓好春运工作的信心。近年来，我市道路交通条件虽然有了较大改善，但随着各种车辆的迅猛增加，整个道路交通条件和各种交通设施及其管理，仍然处于相对落后",
    ),
    (
        "公司文化宣传工作2015年个人总结",
        "一、工作上不积极主动，缺乏一定主观能动性。总认为把属于自己的事情完成任务了，不积极主动配合办公室其它事务。导致平时看着人家在忙的团团转，而自己却经常无所事事。二、平",
    ),
    (
        "质监局领导科学发展观民主生活会发言提纲",
        "在科学发展观专题民主生活会上的发言提纲根据自治区学习实践科学发展观活动领导小组和各级党委的有关要求，开好以“科学发展、造福人民”为主题的党员领导干部民主生活会，是",
    ),
    (
        "环卫局领导班子在党风廉政建设工作会议上的发言",
        "各位领导，同志们：大家好！今天召开的局系统党风廉政建设工作会议，是一次统一思想、振奋人心，鼓舞斗志的会议。刚才听了王书记的重要讲话，我们深受鼓舞和启发，更加坚定了我们抓好党",
    ),
    (
        "公司文化宣传工作个人总结",
        "一、工作上不积极主动，缺乏一定主观能动性。总认为把属于自己的事情完成任务了，不积极主动配合办公室其它事务。导致平时看着人家在忙的团团转，而自己却经常无所事事。二、平",
    ),
    (
        "市卫生局领导在市放射学年会上的发言",
        "各位领导、各位来宾、各位同行：，盛夏时节逢盛会，洪湖岸边迎嘉宾。今天我们在这里齐聚一堂，隆重举行荆州市2006年放射学年会开幕仪式，这是荆",
    ),
    (
        "食药监局领导代表科学发展观分析检查阶段总结讲话",
        "同志们：2008年11月28日，我局召开了学习调研阶段工作总结暨分析检查阶段工作部署会。因为年底各项工作比较多，为了把工作做得更加扎实，分析检查阶段的时间延长了三周。近两个月",
    ),
    (
        "勘测局领导竞争上岗演讲",
        "大家好！我决定参加这次竞聘前，也曾度德量力，思虑再三，有些犹豫，说实在话，向我们这些心境平和的中年人，与人争锋较劲的年代已经过去了。今天，我之所以参加这次竞聘演讲，有三个方面的",
    ),
    (
        "县林业局在全市林业信息宣传工作会议上的发言",
        "尊敬的各位领导、同志们：首先感谢大家给我这个难得的学习机会，下面我就县林业局林业信息宣传工作的几点体会向大家作一汇报。近几年来，/林业局在县委、县政府及省市业务主",
    ),
]


def test_seed_related_entries_split_into_title_and_excerpt(seed):
    assert [(entry.title, entry.excerpt) for entry in seed.related] == SEED_RELATED


def test_seed_teaser_is_a_link_not_body(seed):
    assert seed.teaser.title == "财政局领导在科学发展观民主生活会上的发言"
    assert seed.teaser.excerpt.startswith("为了贯彻落实好《关于以学习和实践科学发展观为主题")
    assert seed.teaser.excerpt.endswith("关于开展好“抓作")
    assert [link.title for link in seed.links][-1] == seed.teaser.title
    assert "为了贯彻落实好" not in seed.opening[0]


# Variants the team wrote (tests/fixtures/import/).


@pytest.mark.parametrize(
    "name, headings, first_body",
    [
        (
            "diyi_numbering.txt",
            ["提高思想认识", "突出重点环节", "加强组织领导"],
            "开好民主生活会，是党内政治生活的重要内容。",
        ),
        ("shouxian_numbering.txt", ["要树立远大理想", "要养成良好习惯", "要注意安全"], "理想是人生的航标，"),
        ("yishi_numbering.txt", ["压实安全责任", "深化隐患排查", "强化应急处置"], "严格落实党政同责、一岗双责，"),
    ],
)
def test_other_numbering_styles(name, headings, first_body):
    speech = fixture(name)
    assert [s.heading for s in speech.sections] == headings
    assert paragraphs(speech.sections[0])[0].startswith(first_body)
    assert speech.review_reasons == []


def test_diyi_variant_header_closing_and_breadcrumb_with_separators():
    speech = fixture("diyi_numbering.txt")
    assert speech.title == "县委书记在全县民主生活会动员部署会上的讲话"
    assert speech.category_path == ["党建工作", "民主生活会"]
    assert speech.source_name == ""  # "当前位置:首页 > …" names no site
    assert speech.source_note == "2019年3月5日 来源：县委办公室"
    assert speech.speaker == "县委书记"
    assert speech.meeting_name == "全县民主生活会动员部署会"
    assert speech.opening[0] == "同志们："
    assert speech.closing == ["同志们，开好民主生活会意义重大，希望大家以高度的政治责任感，把各项工作做实做细。"]


def test_point_style_closing_is_what_follows_the_last_point():
    assert fixture("yishi_numbering.txt").closing[0].startswith("我们一定按照这次会议的部署")
    assert fixture("shouxian_numbering.txt").closing == ["谢谢大家！"]


def test_page_without_sections_keeps_paragraphs_in_opening_and_closing():
    speech = fixture("no_sections.txt")
    assert speech.sections == []
    assert speech.title == "董事长在公司2020年年会上的致辞"
    assert speech.category_path == ["企业团体", "年会致辞"]
    assert len(speech.opening) == 4
    assert speech.opening[0] == "各位同事、各位来宾："
    assert speech.closing == ["最后，祝大家新年快乐、身体健康、阖家幸福！"]


def test_html_page():
    speech = fixture("page.html")
    assert speech.title == "局长在全市防汛工作会议上的讲话"
    assert speech.category_path == ["演讲发言", "讲话稿"]
    assert speech.source_name == "范文无忧网"
    assert speech.source_note == "6月1日 编辑 fanwen51.com"
    assert [s.heading for s in speech.sections] == [
        "提高认识，切实增强做好防汛工作的责任感",
        "突出重点，全面落实各项防汛措施",
    ]
    assert paragraphs(speech.sections[0]) == [
        "从近期气象预测来看，今年汛期降雨偏多，防汛形势严峻复杂，各级各部门必须克服麻痹思想和侥幸心理。",
        "要坚持人民至上、生命至上，把确保人民群众生命财产安全放在第一位。",
    ]
    assert "“一点一策”" in paragraphs(speech.sections[1])[0]
    assert [r.title for r in speech.related] == [
        "副市长在全市防汛抗旱工作会议上的讲话",
        "水利局长在汛前检查工作会议上的发言",
    ]
    assert speech.related[1].excerpt == "各位领导：按照会议安排，我就汛前检查工作作简要汇报"
    all_text = str(speech)
    assert "广告" not in all_text and "margin" not in all_text


def test_gb18030_file_reads_like_its_utf8_twin():
    raw = (FIXTURES / "gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert fixture("gb18030.txt") == fixture("diyi_numbering.txt")


def test_crlf_page_reads_like_its_lf_twin():
    assert b"\r\n" in (FIXTURES / "crlf.txt").read_bytes()
    assert fixture("crlf.txt") == fixture("single_copy.txt")


def test_single_copy_page():
    speech = fixture("single_copy.txt")
    assert speech.title == "副县长在全县春运工作会议上的讲话"
    assert [s.heading for s in speech.sections] == [
        "统一思想，充分认识做好春运工作的重要性",
        "突出重点，全力保障春运安全有序",
    ]
    assert paragraphs(speech.sections[1])[0].endswith("确保《道路交通安全法》各项规定落到实处。")
    assert speech.closing == ["同志们，春运工作时间紧、任务重，希望大家齐心协力，确保今年春运安全、有序、畅通。"]
    assert speech.teaser.title == "县长在全县经济工作会议上的讲话"
    assert [r.title for r in speech.related] == ["交通局领导在2010年春运会议上的讲话"]


def test_copies_that_disagree_are_flagged_for_review():
    body_one = "同志们：今天召开全市工作会议，研究部署全年各项工作任务。会议很重要，大家要认真落实会议提出的各项要求，确保取得实效。"
    body_two = "同志们：今天召开全市工作会议，研究部署全年各项工作任务。会议很重要，大家务必切实抓好会议精神的贯彻落实，确保取得实效。"
    page = f"范文网 > 演讲发言 > 讲话稿\n\n文章标题：在全市工作会议上的讲话\n\n{body_one}\n\n文章标题：在全市工作会议上的讲话\n\n{body_two}\n"
    speech = parse_page(page)
    assert speech.opening == [body_two]
    assert speech.review_reasons == ["正文印了不止一份且内容不一致，已保留最长的一份，请核对。"]


def test_uncertain_heading_is_imported_as_best_guess_and_flagged():
    heading_and_body = (
        "一、全面加强人员培训职工素质的高低直接影响各项工作的开展，也决定着单位未来的成败，"
        "必须下大力气抓紧抓好，真正做到学以致用、用有所成。"
    )
    page = (
        "范文网 > 演讲发言 > 讲话稿\n\n在全局作风建设大会上的讲话\n\n同志们：下面我讲两点。\n\n"
        f"{heading_and_body}\n\n二、加强督查\n\n督查组要经常深入基层，发现问题及时纠正。\n"
    )
    speech = parse_page(page)
    assert [s.heading for s in speech.sections] == ["全面加强人员培训职工素质的高低直接影响各项工作的开展", "加强督查"]
    assert paragraphs(speech.sections[0])[0].startswith("也决定着单位未来的成败")
    assert speech.review_reasons == [
        "第一部分的小标题在哪里结束无法确定，请核对：“全面加强人员培训职工素质的高低直接影响各项工作的开展”。"
    ]


def test_page_without_breadcrumb_leaves_the_category_to_the_writer():
    body = "同志们：今天召开全市工作会议，研究部署全年各项工作任务。会议很重要，大家要认真落实会议提出的各项要求。"
    speech = parse_page(f"在全市工作会议上的讲话\n\n{body}\n")
    assert speech.category_path == []
    assert speech.review_reasons == []
    assert category_reason(speech.category_path) == "页面没有栏目路径，已放入“待分类”。"


# Smaller parts.


def test_split_heading_glued_and_sentence_headings():
    glued = split_heading("坚持正确的舆论导向，进一步做好我局的新闻宣传工作近年来，我局的新闻宣传工作取得了显著成绩。")
    assert (glued.heading, glued.rest, glued.certain) == (
        "坚持正确的舆论导向，进一步做好我局的新闻宣传工作",
        "近年来，我局的新闻宣传工作取得了显著成绩。",
        True,
    )
    own_line = split_heading("加强组织领导")
    assert (own_line.heading, own_line.rest, own_line.certain) == ("加强组织领导", "", True)


def test_split_breadcrumb_without_separators_uses_known_categories():
    assert split_breadcrumb("范文无忧网演讲发言演讲稿", {"演讲发言", "演讲稿"}) == (
        "范文无忧网",
        ["演讲发言", "演讲稿"],
        True,
    )
    assert split_breadcrumb("范文无忧网散文随笔美文", {"演讲发言"}) == ("范文无忧网", ["散文随笔美文"], False)
    assert split_breadcrumb("首页 > 甲 > 乙 > 丙", set()) == ("", ["甲", "丙"], True)


def test_split_entry_chains_title_endings():
    entry, certain = split_entry("某局阶段总结讲话同志们：今天…")
    assert (entry.title, entry.excerpt, certain) == ("某局阶段总结讲话", "同志们：今天", True)
    entry, certain = split_entry("没有文体词的条目 正文开始")
    assert (entry.title, certain) == ("没有文体词的条目", False)


def test_rejoin_keeps_headings_and_finished_paragraphs_apart():
    lines = ["一、加强领导", "各级要重视。", "同志们要认真学习新《", "信访条例》的内容。"]
    assert [para.text for para in rejoin([Para(line) for line in lines])] == [
        "一、加强领导",
        "各级要重视。",
        "同志们要认真学习新《信访条例》的内容。",
    ]


def test_blocks_to_html_escapes_and_allows_only_p_and_h3():
    assert (
        blocks_to_html([("h3", "（一）<b>甲</b>"), ("p", "A&B")])
        == "<h3>（一）&lt;b&gt;甲&lt;/b&gt;</h3><p>A&amp;B</p>"
    )
    with pytest.raises(ValueError):
        blocks_to_html([("script", "x")])
    assert strip_tags(blocks_to_html([("p", "正文")])) == "正文"


# Bad input: a clear Chinese message, never a traceback.


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "文件是空的。"),
        (b"  \n\r\n ", "文件是空的。"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "这不是文本文件（看起来是二进制文件）。"),
        (bytes([0x1B, 0x02, 0x03, 0x04]) * 50 + "同志们".encode(), "这不是文本文件（看起来是二进制文件）。"),
        ("同志们".encode() + b"\xff\xfe\xfa", "无法识别文件编码：既不是 UTF-8 或 UTF-16，也不是 GB18030/GBK 或 Big5。"),
    ],
)
def test_decode_refuses_bad_bytes(data, message):
    with pytest.raises(PageError) as raised:
        decode_page(data)
    assert str(raised.value) == message


def test_decode_refuses_oversized_data():
    with pytest.raises(PageError) as raised:
        decode_page(b"a" * (MAX_PAGE_BYTES + 1))
    assert "文件过大" in str(raised.value)


def test_decode_utf8_with_bom():
    assert decode_page("\ufeff同志们\r\n好".encode()) == "同志们\n好"


@pytest.mark.parametrize(
    "text, message",
    [
        ("范文网 > 演讲发言\n\n推荐阅读\n栏目列表\n", "页面中没有找到讲话正文。"),
        ("在全市工作会议上的讲话\n\n同志们好。\n", "页面中没有找到讲话正文。"),
        ("<html><body><ul><li>首页</li><li>栏目</li></ul></body></html>", "页面中没有找到讲话正文。"),
    ],
)
def test_pages_without_a_speech_are_refused(text, message):
    with pytest.raises(PageError) as raised:
        parse_page(text)
    assert str(raised.value) == message
