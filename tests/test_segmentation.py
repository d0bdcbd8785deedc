"""Segmentation is plain text processing: no database."""

import pytest

from speeches import segmentation
from speeches.segmentation import keywords, read_dictionary, tokenize, words


@pytest.mark.parametrize("term", ["信访条例", "标准化堤防", "民主生活会", "党风廉政建设"])
def test_domain_terms_stay_whole(term):
    assert term in words(f"认真学习{term},抓好落实。")
    assert term in tokenize(f"认真学习{term},抓好落实。")


def test_search_tokens_include_the_words_inside_long_terms():
    tokens = tokenize("党风廉政建设")
    assert {"党风", "廉政", "建设", "党风廉政建设"} <= set(tokens)


@pytest.mark.parametrize(
    "text, inner",
    [("加强党风廉政建设", "廉政建设"), ("认真总结经验教训", "总结经验"), ("抓好标准化堤防建设", "标准化堤防")],
)
def test_longer_dictionary_words_are_tokens_wherever_they_occur(text, inner):
    assert inner in tokenize(text)


def test_two_character_words_across_a_split_are_not_added():
    assert "产经" not in tokenize("安全生产经营")


def test_punctuation_symbols_and_emoji_are_dropped():
    tokens = tokenize("“信访”工作!!(重要)……😀 & | * ; 。,、")
    assert tokens == ["信访", "工作", "重要"]


def test_full_width_letters_and_case_are_normalized():
    assert tokenize("ＧＤＰ增长") == tokenize("gdp增长")
    assert "gdp" in tokenize("ＧＤＰ增长")


def test_stop_words_are_dropped():
    assert "的" not in tokenize("我们的工作")


def test_keywords_rank_the_repeated_domain_term_first():
    text = "党风廉政建设是全面从严治党的重要内容。各级党组织要把党风廉政建设摆在突出位置。"
    ranked = keywords(text, 3)
    assert ranked[0][0] == "党风廉政建设"
    assert len(ranked) == 3
    assert ranked[0][1] >= ranked[1][1] >= ranked[2][1] > 0


def test_keywords_of_text_without_words_is_empty():
    assert keywords("!!!……", 5) == []


def test_dictionary_lines_with_frequency_and_comments():
    text = "# comment\n河湖长制\n\n乡村振兴 50000  # inline\nＡＢ工程\n"
    assert read_dictionary(text) == [("河湖长制", 20000), ("乡村振兴", 50000), ("ab工程", 20000)]


def test_extra_dictionary_file_from_settings(settings, tmp_path):
    extra = tmp_path / "words.txt"
    extra.write_text("鹊桥仙渡\n", encoding="utf-8")
    settings.SEARCH_EXTRA_DICTIONARY = str(extra)
    segmentation.segmenter.cache_clear()
    try:
        assert "鹊桥仙渡" in words("今年鹊桥仙渡工程开工")
    finally:
        segmentation.segmenter.cache_clear()
    settings.SEARCH_EXTRA_DICTIONARY = ""
    assert "鹊桥仙渡" not in words("今年鹊桥仙渡工程开工")
