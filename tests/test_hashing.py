from speeches.hashing import content_hash, normalized_text, speech_hash


def test_markup_and_whitespace_do_not_change_the_hash():
    a = content_hash("讲话", ["<p>同志们:</p>\n<p>下面 我讲几点。</p>"])
    b = content_hash("讲话", ["同志们:下面我讲几点。"])
    assert a == b


def test_text_changes_the_hash():
    assert content_hash("讲话", ["同志们"]) != content_hash("讲话", ["同志"])


def test_part_boundaries_matter():
    assert content_hash("t", ["ab", "c"]) != content_hash("t", ["a", "bc"])


def test_normalized_text_drops_tags_and_full_width_spaces():
    assert normalized_text("<p>一、\u3000总体 要求</p>") == "一、总体要求"


def test_a_speech_hashes_its_parts_in_reading_order():
    opening, closing = "<p>同志们：</p>", "<p>谢谢大家。</p>"
    sections = [("统一思想", "<p>提高认识。</p>"), ("狠抓落实", "<p>明确责任。</p>")]
    reading_order = [
        "<p>同志们：</p>",
        "统一思想",
        "<p>提高认识。</p>",
        "狠抓落实",
        "<p>明确责任。</p>",
        "<p>谢谢大家。</p>",
    ]
    assert speech_hash("讲话", opening, sections, closing) == content_hash("讲话", reading_order)
    assert speech_hash("讲话", opening, sections[::-1], closing) != content_hash("讲话", reading_order)
