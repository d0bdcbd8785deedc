"""The structure engine on the shapes real pages take (issue: real content in).

Plain functions, no database. Every page here is text the team wrote in the shape of real
pages: full-width punctuation （，：；！？）, ideographic spaces, furniture, numbering.
"""

import codecs
from datetime import date

import pytest

from speeches.importing.blocks import text_blocks
from speeches.importing.decoding import PageError, decode_page, to_simplified
from speeches.importing.furniture import date_line, is_dropped_line, starts_notes
from speeches.importing.header import is_salutation, split_glued_title
from speeches.importing.html_text import fragment_document
from speeches.importing.parser import parse_page
from speeches.importing.pipeline import parse_source, read_source
from speeches.importing.text import clean_line, full_width_punctuation

OPENING = "同志们：今天我们召开全县经济工作会议，主要任务是总结去年的工作，安排部署今年的经济工作。下面，我讲三点意见。"
PART_ONE = "一年来，全县上下团结一心，攻坚克难，经济运行总体平稳，主要指标好于预期，发展质量稳步提升。"
PART_TWO = "今年是实施“十四五”规划的关键一年，我们要坚持稳中求进工作总基调，统筹发展和安全，全力以赴稳增长。"
PART_THREE = "各级各部门要强化责任担当，层层压实责任，确保各项目标任务落到实处，以实干实绩检验工作成效。"
CLOSING = "同志们，新的一年任务艰巨、使命光荣，让我们齐心协力，开拓进取，为全县经济高质量发展作出新的更大贡献！"


def body_text(speech) -> str:
    return "".join(speech.paragraphs())


def headings(speech):
    return [section.heading for section in speech.sections]


# 1. Full-width punctuation.


def test_full_width_marks_are_named_once_and_ascii_look_alikes_become_them():
    assert full_width_punctuation("同志们:今天(一)要落实,好!") == "同志们：今天（一）要落实，好！"
    assert full_width_punctuation("(1)要落实。") == "（1）要落实。"  # a pair turns as a pair
    assert full_width_punctuation("增长1.5%,比上年提高") == "增长1.5%，比上年提高"
    assert full_width_punctuation("ratio (a), b") == "ratio (a), b"  # Latin text keeps its marks
    assert clean_line("省长\u3000胡玉亭") == "省长胡玉亭"
    assert clean_line("同志们\u200b：\u0008今天") == "同志们：今天"


def test_a_full_width_seed_page_keeps_its_title_sub_headings_and_related_titles():
    page = "\n\n".join(
        [
            "范文无忧网演讲发言讲话稿",
            "局长在全县经济工作会议上的讲话",
            "1月10日 编辑 fanwen51.com",
            "文章标题：局长在全县经济工作会议上的讲话",
            OPENING,
            "一、认清形势，增强做好今年经济工作的信心去年以来，" + PART_ONE,
            "（一）稳增长的基础更加牢固。" + PART_ONE,
            "（二）转方式的步伐明显加快。" + PART_TWO,
            "二、突出重点，全力推动经济高质量发展针对当前经济运行中的突出问题，" + PART_TWO,
            CLOSING,
            "延伸阅读：",
            "副县长在全县春运工作会议上的讲话同志们：春运工作事关人民群众安全出行……",
            "推荐阅读",
        ]
    )
    speech = parse_page(page)
    assert speech.title == "局长在全县经济工作会议上的讲话"
    assert headings(speech) == ["认清形势，增强做好今年经济工作的信心", "突出重点，全力推动经济高质量发展"]
    assert [text for tag, text in speech.sections[0].blocks if tag == "h3"] == [
        "（一）稳增长的基础更加牢固",
        "（二）转方式的步伐明显加快",
    ]
    assert [entry.title for entry in speech.related] == ["副县长在全县春运工作会议上的讲话"]
    assert speech.related[0].excerpt.startswith("同志们：春运工作")
    assert speech.speaker == "局长" and speech.meeting_name == "全县经济工作会议"


# 2. A sidebar before the article.


def test_a_sidebar_before_the_article_does_not_end_the_page():
    page = "\n".join(
        [
            "当前位置：首页 > 演讲发言 > 讲话稿",
            "推荐阅读",
            "在全市安全生产工作会议上的讲话",
            "在全县防汛工作会议上的发言",
            "县长在全县经济工作会议上的讲话",
            "发布时间：2024-01-10 作者：县政府办",
            OPENING,
            "一、认清形势",
            PART_ONE,
            "二、突出重点",
            PART_TWO,
            CLOSING,
            "上一篇：在全县防汛工作会议上的发言",
            "版权所有 某某县人民政府",
        ]
    )
    speech = parse_page(page)
    assert speech.title == "县长在全县经济工作会议上的讲话"
    assert headings(speech) == ["认清形势", "突出重点"]
    assert speech.category_path == ["演讲发言", "讲话稿"]
    assert speech.source_note == "发布时间：2024-01-10 作者：县政府办"
    text = body_text(speech)
    assert "推荐阅读" not in text and "上一篇" not in text and "版权所有" not in text
    assert "在全市安全生产工作会议上的讲话" not in text


def test_an_html_page_with_a_sidebar_before_the_article():
    links = "".join(
        f"<li><a href='/a/{n}.html'>关于开展第{n}季度安全检查的通知</a><span>[0{n}-18]</span></li>" for n in range(1, 8)
    )
    page = f"""<html><head><title>县长在全县经济工作会议上的讲话--政务动态-某某县人民政府</title></head><body>
    <div class="nav"><a href="/">首页</a> | <a href="/news/">新闻中心</a> | <a href="/gov/">政务公开</a></div>
    <div class="side"><h3>推荐阅读</h3><ul>{links}</ul></div>
    <div class="crumb">当前位置：<a href="/">首页</a>&gt;<a href="/yj/">演讲发言</a>&gt;<a href="/yj/jhg/">讲话稿</a></div>
    <div class="article"><h2 class="title">县长在全县经济工作会议上的讲话</h2>
    <p class="info">文章来源：县政府办 发布时间：2024年01月10日 点击数：</p>
    <div class="content">
      <p>{OPENING}</p><p><b>一、认清形势，增强信心</b></p><p>{PART_ONE}</p>
      <p><b>二、突出重点，狠抓落实</b></p><p>{PART_TWO}</p><p>{PART_THREE}</p><p>{CLOSING}</p>
      <p>（来源：某某县人民政府网）</p>
    </div><p>【打印正文】</p></div>
    <div class="footer">网站地图 | 版权所有 某某县人民政府 | 浙ICP备00000000号</div></body></html>"""
    speech = parse_page(page)
    assert speech.title == "县长在全县经济工作会议上的讲话"
    assert headings(speech) == ["认清形势，增强信心", "突出重点，狠抓落实"]
    assert speech.category_path == ["演讲发言", "讲话稿"]
    text = body_text(speech)
    for furniture in ("推荐阅读", "安全检查", "来源", "打印正文", "网站地图", "ICP"):
        assert furniture not in text
    assert speech.closing == [CLOSING]


# 3. No title line, a title glued to the speech, a title ending in ）.


def test_a_page_without_a_title_gets_one_from_its_speech_and_is_flagged():
    page = "\n".join(
        [
            "同志们：",
            "今天，我们在这里召开全市安全生产工作会议，主要任务是分析当前安全生产形势，部署下一阶段工作。",
            PART_THREE,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "今天，我们在这里召开全市安全生产工作会议，主要任务是分析当前安全生产形势"
    assert speech.review_reasons == [f"页面上没有标题，标题“{speech.title}”是根据正文推断的，请核对。"]


def test_a_derived_title_prefers_the_speech_s_own_in_phrase():
    page = "同志们：\n我受县委委托，在全县农村工作会议上的讲话中要讲三个问题。" + PART_ONE + "\n" + PART_TWO
    assert parse_page(page).title == "在全县农村工作会议上的讲话"


def test_a_title_glued_to_the_first_words_of_the_speech_is_split_off():
    page = f"在全县教育工作座谈会上的讲话{OPENING}\n{PART_ONE}\n{PART_TWO}"
    speech = parse_page(page)
    assert speech.title == "在全县教育工作座谈会上的讲话"
    assert speech.opening[0] == OPENING
    assert speech.meeting_name == "全县教育工作座谈会"
    assert split_glued_title("在全县工作会议上的讲话同志们：今天") == ("在全县工作会议上的讲话", "同志们：今天")
    assert split_glued_title("同志们：今天召开会议") is None


def test_a_title_ending_in_a_bracket_is_still_a_title():
    page = f"在全县经济工作会议上的讲话（摘要）\n{OPENING}\n{PART_ONE}"
    assert parse_page(page).title == "在全县经济工作会议上的讲话（摘要）"
    dated = parse_page(f"在全县经济工作会议上的讲话（2024年1月10日）\n{OPENING}\n{PART_ONE}")
    assert dated.title == "在全县经济工作会议上的讲话"
    assert dated.delivered_on == date(2024, 1, 10)


# 4. Header lines that are not the title.


def test_date_speaker_and_byline_lines_are_read_not_taken_for_the_title():
    page = "\n".join(
        [
            "2025年某某县政府工作报告",
            "来源：某某县人民政府网",
            "——2025年1月14日在某某县第十八届人民代表大会第五次会议上",
            "县长\u3000王明",
            "各位代表：",
            "现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。",
            "一、2024年工作回顾",
            PART_ONE,
            "二、2025年工作安排",
            PART_TWO,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "2025年某某县政府工作报告"
    assert (speech.speaker, speech.speaker_post) == ("王明", "县长")
    assert speech.meeting_name == "某某县第十八届人民代表大会第五次会议"
    assert speech.delivered_on == date(2025, 1, 14)
    assert speech.source_note == "来源：某某县人民政府网"
    assert speech.category_path == []
    assert headings(speech) == ["2024年工作回顾", "2025年工作安排"]


def test_a_chinese_numeral_date_line_and_a_contributor_line():
    page = "\n".join(
        [
            "在全县青年工作会议上的讲话",
            "（二〇一九年五月四日）",
            "投稿人：佚名 发布时间：2019-05-06",
            OPENING,
            PART_ONE,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "在全县青年工作会议上的讲话"
    assert speech.delivered_on == date(2019, 5, 4)
    assert speech.source_note == "投稿人：佚名 发布时间：2019-05-06"
    assert date_line("（一九四二年五月二日）") == (True, date(1942, 5, 2))
    assert date_line("（一九四二年五月）") == (True, None)


# 5. Numbering the old parser missed.


def test_markdown_parts_with_bare_numerals_inside_a_named_part():
    page = "\n".join(
        [
            "# 在全县文艺工作座谈会上的讲话",
            "（二〇二三年五月）",
            "## 引\u3000\u3000言",
            "同志们！今天邀请大家来开座谈会，目的是交换意见，研究文艺工作和其他工作的关系。",
            PART_ONE,
            "## 结\u3000\u3000论",
            PART_TWO,
            "## 一",
            PART_THREE,
            "## 二",
            PART_ONE,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "在全县文艺工作座谈会上的讲话"
    assert headings(speech) == ["引言", "结论"]
    assert [text for tag, text in speech.sections[1].blocks if tag == "h3"] == ["一", "二"]


def test_bare_numeral_lines_make_parts_without_headings():
    page = "\n".join(
        [
            "# 在全县干部大会上的讲话",
            "我讲三个问题：经济问题，作风问题，团结问题。",
            "\u3000\u3000一",
            PART_ONE,
            "\u3000\u3000二",
            PART_TWO,
            "\u3000\u3000三",
            PART_THREE,
        ]
    )
    speech = parse_page(page)
    assert headings(speech) == ["", "", ""]
    assert speech.opening == ["我讲三个问题：经济问题，作风问题，团结问题。"]
    assert speech.sections[2].blocks == [("p", PART_THREE)]


def test_part_words_di_yi_bu_fen():
    page = "\n".join(
        [
            "在全县经济工作会议上的讲话",
            OPENING,
            "第一部分\u3000认清形势",
            PART_ONE,
            "第二部分\u3000突出重点",
            PART_TWO,
        ]
    )
    assert headings(parse_page(page)) == ["认清形势", "突出重点"]


def test_one_lone_numbered_heading_still_makes_a_part():
    page = "\n".join(["在全县经济工作会议上的讲话", OPENING, "一、认清形势，坚定信心", PART_ONE, PART_TWO])
    speech = parse_page(page)
    assert headings(speech) == ["认清形势，坚定信心"]
    assert speech.opening == [OPENING]


def test_an_agenda_list_is_not_taken_for_parts():
    page = "\n".join(
        [
            "在全县经济工作会议上的主持词",
            "同志们：今天的会议有三项议程：",
            "（一）传达学习全市经济工作会议精神；",
            "（二）总结去年全县经济工作；",
            "（三）安排部署今年经济工作。",
            PART_ONE,
            PART_TWO,
        ]
    )
    speech = parse_page(page)
    assert speech.sections == []
    assert "（二）总结去年全县经济工作；" in speech.opening


def test_numbering_that_starts_at_two_keeps_the_first_part_as_opening_and_is_flagged():
    page = "\n".join([PART_ONE, PART_TWO, "二、突出重点", PART_THREE, "三、狠抓落实", PART_ONE])
    speech = parse_page(page)
    assert headings(speech) == ["突出重点", "狠抓落实"]
    assert speech.opening == [PART_ONE, PART_TWO]
    assert "编号从“二”开始，没有找到第一部分的标题，前面的文字已作为开场白，请核对。" in speech.review_reasons


def test_numbered_points_with_long_first_sentences_have_no_headings():
    points = [
        "1．\t要把被动学习改为主动学习，课后要多思考知识里蕴含的道理，力争触类旁通。例如，一位同学坚持每天复习，成绩提高很快。",
        "2．\t要在学习中变盲从为质疑，不要把书本看作是百分之百的正确，要锤炼自己的思辨能力。例如，一位同学敢于提问，得到了老师的表扬。",
        "3．\t要尽早谋划自己未来的职业生涯，由此制定出学习规划，例如学习重点、社会实践和自学科目等。",
    ]
    page = "\n".join(
        [
            "开学典礼发言稿",
            "各位同学：",
            "大家下午好！",
            "在此我想对大家提出几点建议：",
            *points,
            "以上是我对大家提的3点建议，希望你们认真思考。",
            "谢谢大家！",
        ]
    )
    speech = parse_page(page)
    assert headings(speech) == ["", "", ""]
    assert speech.sections[0].blocks[0][1].startswith("要把被动学习改为主动学习")
    assert speech.closing == ["以上是我对大家提的3点建议，希望你们认真思考。", "谢谢大家！"]


def test_first_second_third_points_inside_one_passage_are_not_parts():
    passage = [PART_ONE * 3, PART_TWO * 3, PART_THREE * 3, PART_ONE * 2]
    points = [
        "第一，希望同学们把学习和实践紧密结合起来。" + PART_TWO,
        "第二，希望同学们把创新和实干紧密结合起来。" + PART_THREE,
    ]
    speech = parse_page("\n".join(["在建校一百周年大会上的讲话", "老师们，同学们：", *passage, *points, CLOSING]))
    assert speech.sections == []


# 6. Furniture kept by the old parser.


def test_wenku_preview_furniture_is_dropped():
    page = "\n".join(
        [
            "在全县经济工作会议上的讲话",
            "所在栏目：讲话稿",
            "内容摘要：同志们：今天我们召开全县经济工作会议，主要任务是总结去年的工作……",
            "内容预览",
            "全文共2886字",
            OPENING,
            "一、认清形势",
            PART_ONE,
            "二、突出重点",
            PART_TWO,
            "以上内容仅供站内会员阅读",
            "预览结束，扫码联系老师获取全文",
            "【免费下载全文】",
        ]
    )
    speech = parse_page(page)
    text = body_text(speech)
    for furniture in ("所在栏目", "内容摘要", "内容预览", "全文共", "仅供站内会员", "预览结束", "扫码", "下载"):
        assert furniture not in text
    assert speech.opening == [OPENING]
    assert text.count("今天我们召开全县经济工作会议") == 1


def test_book_notes_and_source_lines_are_dropped():
    page = "\n".join(
        [
            "# 在全县干部大会上的讲话",
            "新华社北京4月24日电 " + OPENING,
            "一、认清形势",
            PART_ONE + "⑴",
            "二、突出重点",
            PART_TWO + "〔2〕",
            "（新华社北京4月24日电）（来源：人民网-人民日报）",
            "------------------",
            "注\u3000\u3000释",
            "〔1〕亭子间是上海里弄房子中的一种小房间。",
            "〔2〕见本书第二卷注〔3〕。",
            "（《选集》第五卷，人民出版社1977年版，第313页）",
        ]
    )
    speech = parse_page(page)
    text = body_text(speech)
    for furniture in ("新华社", "来源", "亭子间", "注释", "人民出版社", "⑴", "〔2〕"):
        assert furniture not in text
    assert speech.opening == [OPENING]
    assert speech.sections[1].blocks[-1][1] == PART_TWO
    assert is_dropped_line("（信息来源：浙江发布）") and is_dropped_line(
        "文章来源：本站原创作者：佚名发布时间：2011年05月26日"
    )
    assert starts_notes("注释") and starts_notes("[1]见《论语》。", "[2]见《周易》。")


def test_an_editor_s_note_above_a_reprinted_speech_is_dropped():
    page = "\n".join(
        [
            "现摘录王局长《在全市教育工作会议上的讲话》，希全体教工认真学习！",
            "在全市教育工作会议上的讲话",
            "王明",
            "（2010年2月22日）",
            OPENING,
            PART_ONE,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "在全市教育工作会议上的讲话"
    assert speech.speaker == "王明" and speech.delivered_on == date(2010, 2, 22)
    assert "现摘录" not in body_text(speech) and "2010年2月22日" not in body_text(speech)


def test_a_furniture_like_line_that_stays_is_flagged():
    page = "\n".join(["在全县经济工作会议上的讲话", OPENING, "关注我们的公众号", PART_ONE])
    speech = parse_page(page)
    assert "保留了一行像是网站附加内容的文字：“关注我们的公众号”，请核对是否应删除。" in speech.review_reasons


def test_a_long_speech_without_numbered_parts_is_flagged():
    speech = parse_page("\n".join(["在全县经济工作会议上的讲话", OPENING] + [PART_ONE + PART_TWO + PART_THREE] * 25))
    assert speech.sections == []
    assert "正文超过 3000 字，但没有找到编号的部分（一、二、三……），请核对是否需要分节。" in speech.review_reasons


def test_a_page_title_that_disagrees_with_the_heading_above_the_speech_is_flagged():
    page = f"""<html><head><title>每周一学（2022年6月27日——7月3日）--学习专栏</title></head><body>
    <div class="content"><p>忠实践行新发展理念 奋力推进高质量发展</p><p>{OPENING}</p><p>{PART_ONE}</p>
    <p>{PART_TWO}</p><p>{PART_THREE}</p></div></body></html>"""
    speech = parse_page(page)
    assert speech.title == "忠实践行新发展理念 奋力推进高质量发展"
    assert speech.review_reasons == [
        "页面标题“每周一学（2022年6月27日——7月3日）”与正文上方的标题“忠实践行新发展理念 奋力推进高质量发展”不一致，请核对标题。"
    ]


# 7. Encodings.


SPEECH = "在全县经济工作会议上的讲话\n" + OPENING + "\n" + PART_ONE + "\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "gb18030", "gbk", "gb2312"])
def test_encodings_read_alike(encoding):
    data = SPEECH.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_page(data) == SPEECH


def test_utf16_with_crlf_is_a_speech_not_a_binary_file():
    data = SPEECH.replace("\n", "\r\n").encode("utf-16")
    assert data.startswith(codecs.BOM_UTF16_LE) and b"\x00" in data
    assert parse_source(read_source("report.txt", data)).title == "在全县经济工作会议上的讲话"


def test_big5_is_read_and_kept_traditional_unless_the_editor_asks():
    traditional = (
        "在全縣經濟工作會議上的講話\n同志們：今天我們召開全縣經濟工作會議，主要任務是總結去年的工作，安排部署今年的經濟工作。\n"
        "一年來，全縣上下團結一心，攻堅克難，經濟運行總體平穩，主要指標好於預期。\n"
    )
    data = traditional.encode("big5")
    assert decode_page(data) == traditional
    kept = parse_source(read_source("speech.txt", data))
    assert kept.title == "在全縣經濟工作會議上的講話"
    simplified = parse_source(read_source("speech.txt", data, simplify=True))
    assert simplified.title == "在全县经济工作会议上的讲话"
    assert to_simplified("會議") == "会议"


def test_a_page_that_lies_about_its_charset_is_read_by_its_bytes():
    page = f'<html><head><meta http-equiv=Content-Type content="text/html; charset=x-cp20936"></head><body><p>在全县经济工作会议上的讲话</p><p>{OPENING}</p><p>{PART_ONE}</p></body></html>'
    assert parse_source(read_source("page.html", page.encode("utf-8"))).title == "在全县经济工作会议上的讲话"


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入。",
        ),
        (b"\xff\xfe" + b"\x00\xd8", "文件开头标明是 Unicode 编码，但内容无法按该编码读取。"),
    ],
)
def test_unreadable_files_say_why(data, message):
    with pytest.raises(PageError) as raised:
        read_source("speech.doc", data)
    assert str(raised.value) == message


# Clipboard HTML (the paste page) and small parts.


def test_clipboard_html_from_word_keeps_headings_and_bold_sub_headings():
    html = f"""<html><body><!--StartFragment--><p class=MsoTitle align=center><b>在全县经济工作会议上的讲话</b></p>
    <p class=MsoNormal>{OPENING}</p><h2>一、认清形势</h2><p class=MsoNormal><b>（一）成绩来之不易。</b>{PART_ONE}</p>
    <h2>二、突出重点</h2><p class=MsoNormal>{PART_TWO}</p><!--EndFragment--></body></html>"""
    speech = parse_source_html(html)
    assert speech.title == "在全县经济工作会议上的讲话"
    assert headings(speech) == ["认清形势", "突出重点"]
    assert speech.sections[0].blocks[0] == ("h3", "（一）成绩来之不易")


def parse_source_html(html):
    from speeches.importing.parser import parse_document

    return parse_document(fragment_document(html))


def test_salutations():
    for text in (
        "同志们：",
        "各位代表：",
        "老师们，同学们，同志们，朋友们：",
        "尊敬的各位领导、各位来宾：",
        "同志们！今天召开会议。",
    ):
        assert is_salutation(text), text
    for text in ("在全县工作会议上的讲话", "今天召开会议，同志们要认真学习。"):
        assert not is_salutation(text), text


def test_markdown_blocks():
    blocks = text_blocks("# 标题\n\n**一、加强领导**各级要重视。\n- 条目\n---\n正文")
    assert [(b.heading, b.text, b.lead, b.rule) for b in blocks] == [
        (1, "标题", "", False),
        (0, "一、加强领导各级要重视。", "一、加强领导", False),
        (0, "条目", "", False),
        (0, "", "", True),
        (0, "正文", "", False),
    ]


# Shapes seen on more real pages (reports, Markdown collections, school sites, slide scripts).


def test_a_title_with_its_occasion_and_speaker_on_one_line():
    page = "\n".join(
        [
            "政府工作报告——2024年3月5日在某某县第十八届人民代表大会第二次会议上某某县人民政府县长 王明",
            "各位代表：",
            "现在，我代表县人民政府，向大会报告工作，请予审议。",
            "一、2023年工作回顾",
            PART_ONE,
            "二、2024年工作安排",
            PART_TWO,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "政府工作报告"
    assert (speech.speaker, speech.speaker_post) == ("王明", "某某县人民政府县长")
    assert speech.meeting_name == "某某县第十八届人民代表大会第二次会议"
    assert speech.delivered_on == date(2024, 3, 5)


def test_a_calling_title_and_a_subtitle_that_completes_it():
    page = "\n".join(
        [
            "欢迎你为“求真”而来！",
            "——在2024级新生开学典礼上的讲话",
            "王明",
            "2024.09.01",
            "亲爱的同学们，大家好！",
            PART_ONE,
            PART_TWO,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "欢迎你为“求真”而来！——在2024级新生开学典礼上的讲话"
    assert speech.speaker == "王明" and speech.delivered_on == date(2024, 9, 1)
    assert speech.meeting_name == "2024级新生开学典礼"


def test_an_occasion_line_in_brackets_and_a_salutation_over_two_lines():
    page = "\n".join(
        [
            "在庆祝建校七十周年招待会上的讲话",
            "（2024年9月30日，晚上）",
            "王明",
            "女士们，先生们，",
            "同志们，朋友们：",
            PART_ONE,
            PART_TWO,
        ]
    )
    speech = parse_page(page)
    assert speech.delivered_on == date(2024, 9, 30) and speech.speaker == "王明"
    assert speech.opening[0] == "女士们，先生们，同志们，朋友们："


def test_a_book_s_note_on_the_occasion_is_not_speech_but_the_heading_title_stays():
    page = "\n".join(
        [
            "# 团结起来",
            "（一九四五年六月十一日）",
            "\u3000\u3000这是作者在全县干部大会上所作的报告。这篇报告后来印成了小册子，在各地广为流传。",
            "\u3000\u3000我主张把我们的工作方法改进一下。其理由如次：",
            "## 一",
            PART_ONE,
            "## 二",
            PART_TWO,
        ]
    )
    speech = parse_page(page)
    assert speech.title == "团结起来" and speech.speaker == ""
    assert speech.delivered_on == date(1945, 6, 11)
    assert speech.opening == ["我主张把我们的工作方法改进一下。其理由如次："]
    assert "这是作者" not in body_text(speech)


def test_a_greeting_line_opens_the_speech_and_is_never_its_title():
    page = "\n".join(["\t大家好，我是本次的项目汇报人，王明", "\t" + PART_ONE, "\t" + PART_TWO])
    speech = parse_page(page)
    assert speech.opening[0] == "大家好，我是本次的项目汇报人，王明"
    assert not speech.title.startswith("大家好")


def test_markdown_fences_and_paragraphs_marked_as_headings():
    page = "\n".join(
        [
            "## **发言稿**",
            "###### 尊敬的各位嘉宾，大家早上好！欢迎莅临今年的技术创新大会，我代表协办方向各位表示诚挚的欢迎。",
            PART_ONE,
            "我的发言完毕，谢谢大家！",
            "```javascript",
            "这是一段草稿，不是讲话。",
            "```",
        ]
    )
    speech = parse_page(page)
    assert speech.title == "发言稿" and speech.speaker == ""
    assert speech.opening[0].startswith("尊敬的各位嘉宾，大家早上好！")
    assert "草稿" not in body_text(speech) and "javascript" not in body_text(speech)


def test_a_slide_script_keeps_its_slides_as_parts_without_cues_or_labels():
    slides = []
    for number, heading in enumerate(["开篇 —— 江河哺育的绿城", "结语 —— 江河奔流，生生不息"], start=1):
        slides += [
            "---",
            f"### \U0001f3a4 幻灯片 {number}：{heading}",
            "*(多媒体状态：展示首屏，视频自动播放)*",
            "**【演讲台词】**",
        ]
        slides += [PART_ONE if number == 1 else PART_TWO, "*(切换到下一页)*"]
    page = "\n".join(
        ["# 演讲稿：江河与城市发展", "**演讲人：王明**", "**预计时长：5 ~ 8分钟**", "**研究小组：七班小组**", *slides]
    )
    speech = parse_page(page)
    assert speech.title == "演讲稿：江河与城市发展" and speech.speaker == "王明"
    assert [section.heading for section in speech.sections] == ["开篇——江河哺育的绿城", "结语——江河奔流，生生不息"]
    text = body_text(speech)
    for cue in ("多媒体状态", "切换到下一页", "演讲台词", "预计时长", "研究小组", "\U0001f3a4"):
        assert cue not in text


# The real pages of ../shared/corpus (read where they are, never copied here).


def corpus_entries():
    import json

    from .shared_files import CORPUS

    expected = CORPUS / "expected.json"
    return json.loads(expected.read_text()) if expected.exists() else []


@pytest.mark.parametrize("entry", corpus_entries(), ids=lambda entry: entry["file"][:2])
def test_every_real_page_is_imported_with_its_title_and_parts(entry):
    from .shared_files import CORPUS

    speech = parse_source(read_source(entry["file"], (CORPUS / "pages" / entry["file"]).read_bytes()))
    text = "".join("".join(speech.paragraphs()).split())
    if entry.get("title"):
        assert speech.title == entry["title"]
    else:
        assert "".join(entry["locate"].split()) in text
    assert len(speech.sections) == entry["sections"]
    for piece in entry["furniture"]:
        assert "".join(piece.split()) not in text + speech.title


def test_a_title_like_line_above_the_title_is_no_breadcrumb_unless_it_names_our_categories():
    html = f"""<html><body><div class="crumb">当前位置：首页 &gt; 演讲发言 &gt; 讲话稿</div>
    <div class="content"><p>忠实践行新发展理念</p><p>奋力推进高质量发展</p><p>{OPENING}</p><p>{PART_ONE}</p>
    <p>{PART_TWO}</p><p>{PART_THREE}</p></div></body></html>"""
    assert parse_page(html).category_path == ["演讲发言", "讲话稿"]
