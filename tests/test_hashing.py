from speeches.hashing import content_hash, normalized_text


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
