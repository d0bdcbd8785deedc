"""Chinese ordinal numerals for section headings (一、二、… 十一、…).

Numbering is derived from a section's position and never stored, so that reordering
sections renumbers them.
"""

DIGITS = "零一二三四五六七八九"
UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """Return the Chinese numeral for 1 <= n <= 9999 (十, 十一, 二十, 一百零五 …)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"{n} is outside 1..9999")
    parts = []
    rest = n
    pending_zero = False
    for value, unit in UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                parts.append("零")
                pending_zero = False
            parts.append(DIGITS[digit] + unit)
        elif parts:
            pending_zero = True
    if rest:
        if pending_zero:
            parts.append("零")
        parts.append(DIGITS[rest])
    text = "".join(parts)
    # 10..19 are read 十, 十一 … not 一十, 一十一.
    return text[1:] if text.startswith("一十") else text


def section_label(position: int) -> str:
    """The label printed before a section heading: 一、 二、 …"""
    return chinese_numeral(position) + "、"
