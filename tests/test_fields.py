"""One definition of a cover-sheet field line (``clausecheck.fields``), used by the reader's line
joiners and by the language layer; the cases where the three rules it replaces disagreed are
marked "was:" with what each old rule said (nlp: the sentence test of ``states_term``;
reader: the joiner's field test; wrap: the lookahead of the English sentence unwrapper)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from clausecheck.fields import is_field, split_label
from clausecheck.nlp import split_sentences, states_term
from clausecheck.reader import read_text


@pytest.mark.parametrize("line", [
    "Term: 2 years",
    "Governing Law: the laws of Japan",
    "GOVERNING LAW: JAPAN",
    "governing law: the laws of japan",        # as the checker sees it (lower case)
    "Effective Date: the date of the last signature",
    "Licensee's Address: 1-2-3 Marunouchi, Tokyo",
    "E-mail: legal@example.com",
    "Revenue Share/Fee: 20% of net sales",
    "By:/s/ J. Smith",                         # no space after the colon (was: wrap no)
    "Fax No.: 03-1234-5678",                   # an abbreviation in the label (was: all no)
    "Party A: Alpha Co., Ltd.",
    "Term : 2 years",                          # a space before the colon
    "Use of Confidential Information: solely for the Purpose",   # 31 characters
    "契約期間：2年",
    "準拠法：日本法",
    "準拠法: 日本法",
    "開示の方法：電子データで開示する。",
    "甲側責任者氏名： 山田太郎",
    "甲：株式会社アルファ",                     # a party's alias (was: nlp no, one character)
    "甲（委託者）：株式会社アルファ",
    "Ｔｅｒｍ：２年",                            # full width
])
def test_fields(line: str) -> None:
    assert is_field(line), line
    assert split_label(line) is not None


@pytest.mark.parametrize("line", [
    "Section 3: Confidentiality",              # a heading (was: reader, wrap yes)
    "Article 5: Term",
    "Schedule A: Services",                    # (was: nlp, reader, wrap yes)
    "Appendix 1: Mark-up",
    "Table A-1: Nominal Frequencies",
    "Note 1: The receipt points are the plants",
    "第3条：秘密保持",                          # a heading (was: nlp, reader yes)
    "第十二条：準拠法",
    "別紙1：対象データ",
    "WHEREAS: the parties wish to cooperate",  # a recital (was: reader, wrap yes)
    "Background: Alpha develops sensors",
    "Recitals: (A) Alpha develops sensors",
    "前文：甲及び乙は",
    "経緯：甲は乙に対し",
    "Address:",                                # a label alone: no value
    "秘密情報の範囲：",
    "http://example.com/terms",                # a URL (was: nlp, reader yes)
    "(a) Term: 2 years",                       # an item label first (was: reader yes)
    "（別紙1：本検証）",                        # the colon inside a bracket (was: nlp, reader yes)
    "(1)期間：2年",                             # (was: nlp yes)
    "“Affiliate”: any entity that controls a party",   # a quoted term opens the line
    "The brand plan shall include: (a) a target list",  # a lead-in (was: nlp yes)
    "Notice shall be deemed given: upon delivery",
    "X：カスタマイズモデルの利用条件について",     # a dialogue (was: reader yes)
    "注：本条は任意規定である。",
    "本契約の目的（以下「本目的」という。）：共同開発",  # a sentence, not a label
    "The Recipient shall keep it secret.",
    "甲は、乙に対し、秘密情報を開示する。",
    "Provided, however: the Recipient may",
    "",
])
def test_not_fields(line: str) -> None:
    assert not is_field(line), line


@pytest.mark.parametrize("line,label", [
    ("Section 3: Confidentiality", "Section 3"),
    ("第3条：秘密保持", "第3条"),
    ("WHEREAS:", "WHEREAS"),
    ("Ladies and Gentlemen:", "Ladies and Gentlemen"),
    ("Ｇｏｖｅｒｎｉｎｇ Ｌａｗ：日本法", "Governing Law"),
])
def test_headings_recitals_and_labels_alone_are_shaped_as_fields(line: str, label: str) -> None:
    # what the line joiners keep apart: a field, and any line written "Label:" or "Label: …"
    assert split_label(line)[0] == label


@pytest.mark.parametrize("line", [
    "Address for notices to the Seller:",      # five words: a sentence, not a label
    "The Entire Contract consists of: 1) this contract",
    "“Subsidiary” shall mean: (i) a corporation",
    "なお、本条の規定にかかわらず、甲及び乙が別途合意した場合は：",
    "Time 10:00",
])
def test_what_has_no_label(line: str) -> None:
    assert split_label(line) is None


def test_a_label_is_looked_for_only_at_the_start_of_a_long_line():
    line = "Term: " + "x" * 100_000
    assert is_field(line)
    assert split_label("x" * 100_000 + ": y") is None


def test_a_field_states_a_term_and_a_heading_with_a_colon_does_not():
    assert states_term("契約期間:2年", "ja")                    # NFKC, as the checker passes it
    assert states_term("term: 2 years", "en")
    assert not states_term("第3条:秘密保持", "ja")
    assert not states_term("section 3: confidentiality", "en")


def test_a_full_line_is_not_joined_to_a_field_or_a_label_on_the_next():
    text = ("The Recipient shall keep the Confidential Information received from the\n"
            "Fax No.: 03-1234-5678\n"
            "The notices shall be sent to the addresses of the parties set out below\n"
            "WHEREAS:")
    assert split_sentences(text, "en") == text.split("\n")
    wrapped = ("The Recipient shall keep the Confidential Information received from the\n"
               "Discloser secret.")
    assert split_sentences(wrapped, "en") == [wrapped.replace("\n", " ")]


def test_a_field_line_stays_a_line_of_its_own_in_a_plain_text_contract():
    text = ("UNDERTAKING\n\n"
            "I agree that I will not disclose to any person who has not signed such an\n"
            "undertaking any design data that I see in my work for the company during\n"
            "the term of my engagement\n"
            "Fax No.: 03-1234-5678\n")
    document = read_text(text, name="undertaking.txt", fmt="txt")
    texts = [c.text for c in document.clauses]
    assert texts[-1] == "Fax No.: 03-1234-5678", texts
    assert texts[-2].startswith("I agree") and texts[-2].endswith("of my engagement"), texts


def test_the_reader_imports_the_definition_without_the_language_layer():
    code = ("import sys, clausecheck.reader.segment, clausecheck.fields; print(sorted(m for m in "
            "('spacy', 'sudachipy', 'clausecheck.nlp') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_examples_in_the_module_doc_hold():
    import doctest

    import clausecheck.fields
    result = doctest.testmod(clausecheck.fields)
    assert result.attempted >= 8 and result.failed == 0
