"""Query parsing, search documents and highlighting: plain functions, no database."""

from types import SimpleNamespace

import pytest

from speeches.sanitize import text_content
from speeches.search.backends import MatchCount
from speeches.search.documents import MAX_REPEATS, capped, document_fields, speech_text
from speeches.search.highlight import excerpt, highlight, text_through_first_match
from speeches.search.query import MAX_QUERY_CHARS, MAX_WORDS, parse_query


def test_query_words_and_their_parts():
    query = parse_query("  党风廉政建设   信访 科技创新")
    assert [word.word for word in query.words] == ["党风廉政建设", "信访", "科技创新"]
    # Dictionary words are indexed wherever they occur: no fallback to their parts.
    assert query.words[0].alternatives == [("党风廉政建设",)]
    assert query.words[1].alternatives == [("信访",)]
    assert query.words[2].parts == ("科技", "创新")
    assert query.terms[0] == "党风廉政建设"  # longest first


@pytest.mark.parametrize("raw", ["", "   ", "& | ! : * ( ) ' \\ ;", "😀😀", "!?。,、", "的"])
def test_queries_without_words_are_empty(raw):
    assert not parse_query(raw)


def test_operators_never_reach_the_words():
    query = parse_query("信访&工作|(安全):*!' ;--")
    assert [word.word for word in query.words] == ["信访工作安全"]
    assert query.words[0].parts == ("信访", "工作", "安全")
    assert all(term.isalnum() for term in query.terms)


def test_a_term_of_several_words_needs_them_all():
    query = parse_query("科技创新 防汛")
    assert query.words[0].alternatives == [("科技创新",), ("科技", "创新")]
    assert query.words[1].word == "防汛"


def test_long_queries_are_cut():
    query = parse_query("安全生产" * 2500)
    assert query.truncated
    assert len(query.text) == MAX_QUERY_CHARS
    assert len(query.words) <= MAX_WORDS


def test_full_width_query_matches_half_width_words():
    assert parse_query("ＧＤＰ").words[0].word == "gdp"


def test_document_fields_by_weight():
    speech = SimpleNamespace(
        title="在信访条例宣传会上的讲话",
        meeting_id=1,
        meeting=SimpleNamespace(name="全市信访工作会议"),
        speaker="张三",
        speaker_post="局长",
        summary="",
        opening="<p>同志们:</p>",
        closing="<p>谢谢&amp;再见</p>",
    )
    sections = [SimpleNamespace(heading="提高认识", body="<p>抓好<b>标准化堤防</b>建设。</p>")]
    fields = document_fields(speech_text(speech, sections, ["防汛抗旱"]))
    assert " 信访条例 " in fields["title"]
    assert " 提高 " in fields["headings"] and " 防汛抗旱 " in fields["headings"]
    assert " 张三 " in fields["context"] and " 信访工作 " in fields["context"]
    assert " 标准化堤防 " in fields["body"] and " 再见 " in fields["body"]
    assert "<" not in fields["body"] and "amp" not in fields["body"]


def test_repeated_tokens_are_capped():
    assert capped(["a", "b", "a", "a", "a", "b"], 2) == ["a", "b", "a", "b"]
    assert MAX_REPEATS >= 1


def test_text_content_decodes_entities_and_drops_tags():
    assert text_content("<p>甲&nbsp;&lt;乙&gt;</p>") == "甲\xa0<乙>"
    assert text_content("<p>甲<script>alert(1)</script>乙<!-- 注释 --></p>") == "甲乙"
    assert text_content(None) == ""


def _full_text(fragments):
    return " ".join(text_content(fragment) for fragment in fragments)


def test_excerpt_text_stops_after_the_first_match_has_enough_context():
    fragments = ["<p>开头没有关键词。</p>", "<p>防汛" + "甲" * 200 + "</p>", "<p>后面的部分不必读。</p>"]
    text = text_through_first_match(fragments, ["防汛"])
    assert "后面的部分" not in text
    assert excerpt(text, ["防汛"]) == excerpt(_full_text(fragments), ["防汛"])


def test_excerpt_text_reads_on_when_the_match_is_near_the_end_of_a_fragment():
    fragments = ["<p>" + "甲" * 50 + "防汛</p>", "<p>乙乙乙</p>", "<p>" + "丙" * 150 + "</p>"]
    text = text_through_first_match(fragments, ["防汛"])
    assert text == _full_text(fragments)
    assert excerpt(text, ["防汛"]).endswith("…")


def test_excerpt_text_without_a_match_is_the_whole_text():
    fragments = ["<p>甲</p>", "<p>乙</p>"]
    assert text_through_first_match(fragments, ["防汛"]) == "甲 乙"
    assert text_through_first_match(fragments, []) == "甲 乙"


def test_highlight_escapes_before_marking():
    html = highlight("<script>信访</script> & 信访条例", ["信访条例", "信访"])
    assert html == "&lt;script&gt;<mark>信访</mark>&lt;/script&gt; &amp; <mark>信访条例</mark>"


def test_highlight_never_marks_inside_an_entity():
    assert highlight("a & b", ["amp"]) == "a &amp; b"


def test_highlight_is_case_insensitive_and_keeps_original_case():
    assert highlight("GDP增长", ["gdp"]) == "<mark>GDP</mark>增长"


def test_excerpt_is_cut_around_the_first_match():
    text = "开头" * 100 + "标准化堤防" + "结尾" * 100
    result = excerpt(text, ["标准化堤防"], length=40)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>标准化堤防</mark>" in result
    assert len(result.replace("<mark>", "").replace("</mark>", "")) == 42


def test_excerpt_without_match_is_the_beginning():
    assert excerpt("短文本", ["无关"]) == "短文本"


@pytest.mark.parametrize(
    "count, shown",
    [
        (MatchCount(23474), "23474"),
        (MatchCount(0), "0"),
        (MatchCount(23329, exact=False), "约 2.3 万"),
        (MatchCount(99960, exact=False), "约 10 万"),
        (MatchCount(10020, exact=False), "约 1 万"),
        (MatchCount(123456, exact=False), "约 12.3 万"),
        (MatchCount(4689, exact=False), "约 4700"),
        (MatchCount(7, exact=False), "约 7"),
    ],
)
def test_match_counts_are_shown_exactly_or_as_an_estimate_in_wan(count, shown):
    assert str(count) == shown
