"""The one kanji-numeral parser shared by reader, redliner and risk checks."""

from __future__ import annotations

import pytest

from clausecheck.numerals import kanji_to_int, number_value, to_kanji


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十四", 24), ("百五", 105), ("一〇", 10),
    ("二〇二五", 2025), ("壱拾", 10), ("二千二十五", 2025), ("一万二千", 12000), ("万", 10000),
    ("", None), ("十a", None), ("万万", None),
])
def test_kanji_to_int(text, value):
    assert kanji_to_int(text) == value


@pytest.mark.parametrize("text,value", [("12", 12), ("１２", 12), ("十二", 12), ("XII", None),
                                        ("a1", None)])
def test_number_value(text, value):
    assert number_value(text) == value


def test_reader_redliner_and_risks_agree():
    from clausecheck.engine.risks import survival_months
    from clausecheck.reader.markers import number_value as reader_value
    from clausecheck.redline.numbering import number_value as redline_value

    for text in ("十二", "二十四", "３", "7"):
        assert reader_value(text) == redline_value(text) == number_value(text)
    assert survival_months("本契約終了後も二十四か月間有効に存続する。", "ja") == 24
    assert survival_months("本契約終了後も十八か月間有効に存続する。", "ja") == 18


@pytest.mark.parametrize("value,text", [(1, "一"), (10, "十"), (12, "十二"), (23, "二十三"),
                                        (105, "百五"), (2024, "二千二十四"), (12000, "一万二千")])
def test_to_kanji_reads_back(value, text):
    assert to_kanji(value) == text
    assert kanji_to_int(text) == value


def test_dates_read_kanji_numerals_with_the_same_parser():
    from clausecheck.facts.dates import ja_number

    for text in ("十二", "二〇二五", "二千二十五", "３"):
        assert ja_number(text) == number_value(text)
    assert ja_number("元") == 1 and ja_number("") is None
