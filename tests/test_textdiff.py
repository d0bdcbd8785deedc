"""The readable diff as plain functions (no database)."""

from speeches.textdiff import compare, diff_lines, paragraph_lines


def test_paragraph_lines_keep_one_line_per_paragraph():
    assert paragraph_lines("<p>同志们:</p><p>今天&nbsp;开会。<br>谢谢。</p>") == "同志们:\n今天\xa0开会。\n谢谢。"
    assert paragraph_lines("") == ""


def test_a_changed_paragraph_highlights_the_changed_characters():
    lines = diff_lines("第一段。\n今年完成目标。", "第一段。\n今年超额完成目标。")
    assert [line.op for line in lines] == ["=", "-", "+"]
    assert lines[2].parts == [(False, "今年"), (True, "超额"), (False, "完成目标。")]
    assert lines[1].text == "今年完成目标。"


def test_added_and_removed_paragraphs():
    lines = diff_lines("甲\n乙", "甲\n丙\n丁")
    assert [(line.op, line.text) for line in lines] == [("=", "甲"), ("-", "乙"), ("+", "丙"), ("+", "丁")]


def test_compare_lists_only_changed_fields_in_order():
    old = {"标题": "讲话", "正文": "甲", "旧字段": "x"}
    new = {"标题": "讲话", "正文": "乙"}
    assert [diff.label for diff in compare(old, new)] == ["正文", "旧字段"]
    assert compare(new, new) == []
