"""延伸阅读 scoring as plain functions: no database."""

import math
from datetime import UTC, date, datetime, timedelta

from speeches.recommend.explain import explain
from speeches.recommend.postings import build_postings
from speeches.recommend.scoring import (
    Profile,
    Scored,
    corpus_weighted,
    freshness,
    partial_scores,
    rank,
    relevant,
    score_candidates,
    shared_parts,
    tag_idf,
)
from speeches.recommend.text import cosine, keyword_text, keyword_vector
from speeches.recommend.weights import CANDIDATES_SCORED, KEYWORD_TEXT_CHARS, POSTINGS_PER_TAG, WEIGHTS

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def profile(pk, tags=(), terms=None, meeting=None, category=1, parent=None, days_old=10, content_hash=""):
    return Profile(
        pk, category, parent, meeting, NOW - timedelta(days=days_old), content_hash, tuple(tags), terms or {}
    )


def test_keyword_text_drops_markup_and_puts_title_first():
    text = keyword_text("防汛工作会议讲话", "摘要", ["一、小标题"], ["<p>同志们:</p>", "<p>汛期&nbsp;将至</p>"])
    assert text.startswith("防汛工作会议讲话 摘要 一、小标题 同志们:")
    assert "<p>" not in text and "&nbsp;" not in text


def test_keyword_text_is_cut_to_a_bounded_length():
    assert len(keyword_text("标题", "", [], ["防汛" * 5000])) == KEYWORD_TEXT_CHARS


def test_keyword_vector_has_unit_length_and_topic_words():
    vector = keyword_vector("汛期将至,各地要做好防汛抢险和水库安全度汛工作,加强堤防巡查,确保防汛安全。")
    assert "防汛" in vector
    assert math.isclose(sum(w * w for w in vector.values()), 1.0, rel_tol=1e-9)


def test_keyword_vector_of_empty_or_punctuation_is_empty():
    assert keyword_vector("") == {}
    assert keyword_vector("   ") == {}
    assert keyword_vector(",。!?……——“”、;:") == {}


def test_cosine_of_unit_vectors():
    assert cosine({"甲": 1.0}, {"甲": 1.0}) == 1.0
    assert cosine({"甲": 1.0}, {"乙": 1.0}) == 0
    assert math.isclose(cosine({"甲": 0.6, "乙": 0.8}, {"乙": 1.0}), 0.8)


def test_corpus_weighting_drops_words_every_speech_uses():
    frequencies = {"工作": 900, "防汛": 20, "堤防": 5}
    vector = corpus_weighted({"工作": 0.8, "防汛": 0.4, "堤防": 0.4}, frequencies, 1000)
    assert "工作" not in vector
    assert vector["堤防"] > vector["防汛"]  # rarer in the corpus, weighs more
    assert math.isclose(sum(w * w for w in vector.values()), 1.0)


def test_rarer_shared_tags_weigh_more():
    idf = {1: tag_idf(5000, 10000), 2: tag_idf(10, 10000)}
    common = shared_parts(profile(1, tags=[1]), profile(2, tags=[1]), idf, {})
    rare = shared_parts(profile(1, tags=[2]), profile(2, tags=[2]), idf, {1: "常见", 2: "罕见"})
    assert rare["tags"] > common["tags"] > 0
    assert rare["shared_tags"] == ["罕见"]


def test_meeting_and_category_parts():
    parts = shared_parts(
        profile(1, meeting=7, category=3, parent=1), profile(2, meeting=7, category=4, parent=1), {}, {}
    )
    assert parts["meeting"] == 1.0 and parts["category"] == 0.5
    parts = shared_parts(profile(1, category=3), profile(2, category=3), {}, {})
    assert parts["meeting"] == 0.0 and parts["category"] == 1.0


def test_near_duplicates_are_not_further_reading():
    terms = {"防汛": 0.8, "堤防": 0.6}
    assert shared_parts(profile(1, content_hash="abc"), profile(2, content_hash="abc"), {}, {}) is None
    assert shared_parts(profile(1, terms=terms), profile(2, terms=dict(terms)), {}, {}) is None
    assert shared_parts(profile(1, terms=terms), profile(2, terms={"防汛": 1.0}), {}, {}) is not None


def test_freshness_halves_each_year_and_is_small():
    today = date(2025, 6, 1)
    assert freshness(datetime(2025, 6, 1, tzinfo=UTC), today) == 1.0
    assert math.isclose(freshness(datetime(2024, 6, 1, tzinfo=UTC), today), 0.5, rel_tol=0.01)
    assert WEIGHTS["fresh"] < min(weight for name, weight in WEIGHTS.items() if name != "fresh")


def test_freshness_alone_is_not_relevant():
    assert not relevant(WEIGHTS["fresh"] * 1.0, 1.0)
    assert relevant(WEIGHTS["fresh"] + WEIGHTS["category"], 1.0)


def test_rank_orders_by_score_then_newer_and_respects_capacity():
    items = [Scored(1, 0.5, {}), Scored(2, 0.9, {}), Scored(3, 0.5, {})]
    assert [s.target_id for s in rank(items, 2)] == [2, 3]
    assert rank(items, 0) == [] and rank(items, -1) == []


def test_score_candidates_leaves_out_self_and_excluded():
    speech = profile(1, tags=[5], category=2)
    others = [profile(1, tags=[5]), profile(2, tags=[5], category=2), profile(3, tags=[5], category=2)]
    scored, symmetric = score_candidates(speech, others, {5: 2.0}, {5: "防汛"}, NOW.date(), excluded={3})
    assert [s.target_id for s in scored] == [2]
    assert set(symmetric) == {2, 3}  # 3 is excluded from this list, not from its own
    assert scored[0].parts["shared_tags"] == ["防汛"] and "fresh" in scored[0].parts


def test_candidates_are_bounded_however_many_speeches_share_a_feature():
    profiles = {pk: profile(pk, tags=[1], category=pk % 3, days_old=pk) for pk in range(1, 2001)}
    postings = build_postings(profiles)
    assert len(postings[("tag", 1)]) == POSTINGS_PER_TAG
    # A tag's posting list keeps the newest speeches, a 栏目's the most recently published.
    assert [pk for pk, _ in postings[("tag", 1)][:2]] == [2000, 1999]
    assert postings[("category", 1)][0][0] == 1
    found = partial_scores(profiles[1], postings, {1: 1.0})
    assert len(found) == CANDIDATES_SCORED and 1 not in found


def test_explain_names_the_reasons():
    text = explain(
        {"tags": 0.5, "text": 0.42, "meeting": 1.0, "category": 1.0, "fresh": 0.3, "shared_tags": ["防汛", "抢险"]}
    )
    assert "共同标签：防汛、抢险" in text and "同一会议" in text and "同一栏目" in text and "文本相似度 0.42" in text
    assert explain({}) == ""
