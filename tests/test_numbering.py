import pytest

from speeches.numbering import chinese_numeral, section_label


@pytest.mark.parametrize(
    "n, expected",
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2345, "二千三百四十五"),
    ],
)
def test_chinese_numeral(n, expected):
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("n", [0, -1, 10000])
def test_chinese_numeral_out_of_range(n):
    with pytest.raises(ValueError):
        chinese_numeral(n)


def test_section_label():
    assert section_label(4) == "四、"
