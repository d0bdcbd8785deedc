"""Reading helpers: page splitting, the reading plan and excerpts (plain functions, no database)."""

from types import SimpleNamespace

from speeches.reading import excerpt, list_summary, plain_text, reading_plan, split_into_pages


def test_short_speech_is_one_page():
    assert split_into_pages([800, 900, 700], opening_size=200) == [range(0, 3)]


def test_no_sections_is_one_empty_page():
    assert split_into_pages([], opening_size=500) == [range(0)]


def test_long_speech_breaks_only_between_sections_near_the_target():
    sizes = [1200, 1300, 1100, 1500, 1400, 1000]
    pages = split_into_pages(sizes, opening_size=300)
    assert [index for page in pages for index in page] == list(range(len(sizes)))
    assert len(pages) > 1
    for page in pages:
        size = sum(sizes[index] for index in page)
        assert 1500 <= size <= 3000 + max(sizes)


def test_page_closes_once_it_reaches_the_target():
    assert split_into_pages([3500, 200, 200]) == [range(0, 1), range(1, 3)]


def test_a_huge_section_stays_whole_on_its_own_page():
    assert split_into_pages([1000, 9000, 500]) == [range(0, 1), range(1, 2), range(2, 3)]


def test_small_sections_do_not_make_crumb_pages():
    # 2,900 + 400 overflows the target, but a page of 2,900 is kept full rather than split early.
    assert split_into_pages([1450, 1450, 400]) == [range(0, 2), range(2, 3)]
    # A page below half the target takes the next section even if that overflows a little.
    assert split_into_pages([1000, 2500]) == [range(0, 2)]


def test_opening_counts_towards_the_first_page():
    assert split_into_pages([1000, 1000], opening_size=2500) == [range(0, 1), range(1, 2)]
    assert split_into_pages([1000, 1000], opening_size=0) == [range(0, 2)]


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<p>同志们:</p>\n<p>今天&nbsp;召开 &lt;会议&gt;</p>") == "同志们: 今天 召开 <会议>"
    assert plain_text(None) == ""


def test_excerpt_cuts_at_the_length_and_marks_the_cut():
    text = "<p>" + "一" * 100 + "</p>"
    assert excerpt(text, 60) == "一" * 60 + "…"
    assert excerpt("<p>短文。</p>", 60) == "短文。"


def plan_for(number=1, full=False, sizes=(2000, 2000, 2000, 500)):
    """A plan for a speech of `sizes` sections: pages [0], [1], [2, 3] of a target of 3,000."""
    sections = [SimpleNamespace(anchor=f"section-{index + 1}") for index in range(len(sizes))]
    return reading_plan(
        sections, list(sizes), 0, lambda page: "/s/" if page == 1 else f"/s/{page}/", "/s/full/", number, full
    )


def test_reading_plan_links_every_section_on_its_own_page():
    plan = plan_for(number=2)
    assert plan.number == 2 and list(plan.shown) == [1]
    assert [url for _, url in plan.contents] == ["/s/#section-1", "#section-2", "/s/3/#section-3", "/s/3/#section-4"]
    assert plan.pages == [(1, "/s/"), (2, "/s/2/"), (3, "/s/3/")]
    assert (plan.previous_url, plan.next_url, plan.full_url) == ("/s/", "/s/3/", "/s/full/")
    assert not plan.show_opening and not plan.show_closing


def test_reading_plan_ends_and_full_text():
    first, last = plan_for(number=1), plan_for(number=3)
    assert first.show_opening and first.previous_url is None and first.next_url == "/s/2/"
    assert last.show_closing and last.next_url is None and list(last.shown) == [2, 3]
    full = plan_for(full=True)
    assert full.number is None and list(full.shown) == [0, 1, 2, 3]
    assert full.show_opening and full.show_closing and full.previous_url is None and full.next_url is None
    assert [url for _, url in full.contents] == ["#section-1", "#section-2", "#section-3", "#section-4"]


def test_reading_plan_has_no_page_outside_the_speech():
    assert plan_for(number=4) is None and plan_for(number=0) is None
    empty = reading_plan([], [], 10, lambda page: "/s/", "/s/full/")
    assert empty.pages == [(1, "/s/")] and empty.show_opening and empty.show_closing


def test_list_summary_prefers_the_summary_else_the_openings_first_sentence():
    assert list_summary("  本文是摘要。第二句。 ", "<p>开场白。</p>") == "本文是摘要。第二句。"
    assert (
        list_summary("", "<p>同志们：今天我们在这里召开会议。下面我讲三点意见。</p>")
        == "同志们：今天我们在这里召开会议。"
    )
    assert list_summary("   ", "<p>没有句号的开场白</p>") == "没有句号的开场白"
    assert list_summary("", "") == "" and list_summary(None, None) == ""


def test_list_summary_is_cut_at_about_eighty_characters():
    assert list_summary("摘" * 200, "") == "摘" * 80 + "…"
    assert list_summary("", "<p>" + "长" * 120 + "。</p>") == "长" * 80 + "…"
    assert len(list_summary("", "<p>" + "长" * 79 + "。</p>")) == 80
