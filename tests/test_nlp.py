"""The language layer: normal forms, sentence splitting, modality."""

from __future__ import annotations

import pytest

from clausecheck.nlp import (
    get_analyzer, introduces_definitions, is_exemption, is_formality, normalize_text, split_sentences,
    states_term,
)


def test_analyzer_is_cached(analyzer_ja):
    assert get_analyzer("ja") is analyzer_ja


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        get_analyzer("fr")


def test_japanese_variants_meet(analyzer_ja):
    # 取扱い / 取り扱い share the Sudachi normal form; inflections reduce to one form.
    assert analyzer_ja.normalize_phrase("取扱い") == analyzer_ja.normalize_phrase("取り扱い")
    assert analyzer_ja.normalize_phrase("返還") in analyzer_ja.sentence("直ちに返還した。").norm


def test_english_lemmas_and_word_boundaries(analyzer_en):
    sent = analyzer_en.sentence("The Recipient Returned all copies.")
    assert analyzer_en.normalize_phrase("return all copies") in sent.norm
    assert analyzer_en.normalize_phrase("term") not in analyzer_en.sentence("Termination.").norm


def test_japanese_sentences_do_not_split_inside_brackets():
    parts = split_sentences("乙は、秘密情報（複製物を含む。）を返還する。甲は確認する。", "ja")
    assert parts == ["乙は、秘密情報（複製物を含む。）を返還する。", "甲は確認する。"]


def test_english_sentences():
    parts = split_sentences("Recipient shall return copies. It may keep none.\nNext", "en")
    assert parts == ["Recipient shall return copies.", "It may keep none.", "Next"]


def test_a_line_wrapped_before_a_capitalised_word_goes_on():
    # hard-wrapped at the margin before a defined term: one sentence
    text = ("The Receiving Party shall keep secret all the technical Confidential\n"
            "Information it receives, and use it for the Project only.")
    assert split_sentences(text, "en") == [text.replace("\n", " ")]


def test_short_lines_and_fields_of_a_cover_sheet_stay_apart():
    text = ("CONFIDENTIALITY\nThe Recipient shall keep it secret.\n"
            "Effective Date: the date on which the last party signs it\nGoverning Law: Japan")
    assert split_sentences(text, "en") == [
        "CONFIDENTIALITY", "The Recipient shall keep it secret.",
        "Effective Date: the date on which the last party signs it", "Governing Law: Japan"]


def test_no_sentence_ends_after_an_abbreviation():
    parts = split_sentences("A contractor to the U.S. Navy agrees. Act No. 12 applies.", "en")
    assert parts == ["A contractor to the U.S. Navy agrees.", "Act No. 12 applies."]


@pytest.mark.parametrize("sentence,lang,expected", [
    ("The following words and expressions shall have the following meanings:", "en", True),
    ("As used in this Agreement:", "en", True),
    ("Definitions", "en", True),
    ("The parties wish to define the scope of their cooperation.", "en", False),
    ("本契約において、次の用語は以下の意味を有する。", "ja", True),
    ("（定義）", "ja", True),
    ("甲及び乙は、共同研究の範囲を定めることを希望する。", "ja", False),
])
def test_what_opens_a_list_of_definitions(sentence: str, lang: str, expected: bool) -> None:
    assert introduces_definitions(sentence.lower() if lang == "en" else sentence, lang) is expected


@pytest.mark.parametrize("sentence,lang,expected", [
    ("governing law: the laws of japan", "en", True),
    ("whereas: the parties wish to cooperate", "en", False),
    ("準拠法：日本法", "ja", True),
    ("甲は、乙との取引を検討することを希望している。", "ja", False),
])
def test_a_field_of_a_cover_sheet_states_a_term(sentence: str, lang: str, expected: bool) -> None:
    assert states_term(sentence, lang) is expected


@pytest.mark.parametrize("text,lang", [
    ("the recipient shall not be required to return any notes", "en"),
    ("the recipient has no obligation to destroy backups", "en"),
    ("乙は、バックアップの消去を要しない。", "ja"),
    ("乙は、返還する義務を負わない。", "ja"),
])
def test_exemptions(text, lang):
    assert is_exemption(text, lang)


@pytest.mark.parametrize("text,lang", [
    ("the recipient shall return all copies", "en"),
    ("乙は、秘密情報を返還しなければならない。", "ja"),
    ("乙は、秘密情報を返還するものとする。", "ja"),
    # the manner of a right, not a duty excused
    ("甲は、催告その他の手続を要しないで、直ちに本契約を解除することができる。", "ja"),
])
def test_duties_are_no_exemptions(text, lang):
    assert not is_exemption(text, lang)


@pytest.mark.parametrize("text", [
    "甲は乙に対し、秘密情報を開示する。", "全角\u3000スペース と  半角\tタブ", " 先頭と末尾の空白 ",
    "ｱｲｳｴｵ 半角カナ", "ＡＢＣ１２３ Ｒｅｓｅａｒｃｈ", "…‥ ☆★♪", "𠮷野家と髙島屋",
    "第1条（目的）\n本契約は、", "a  b   c", "\u200bゼロ幅"])
def test_japanese_tokens_are_spacys_norms(analyzer_ja, text):
    # Sudachi is called directly (spaCy's Doc cost five times the tokenizing); the tokens
    # must stay exactly what spaCy's Japanese tokenizer gives as Token.norm_.
    expected = tuple(t.norm_ for t in analyzer_ja._nlp(text) if not t.is_space)
    assert analyzer_ja._tokens(text) == expected


def test_numerals_longer_than_any_number_are_cut():
    # A hostile line of 20,000 digits made every "[0-9]+年" cue quadratic; the flat text keeps
    # the run's first and last digits, so what stands next to the run still matches.
    flat = normalize_text("本契約は" + "9" * 20_000 + "年間有効とする。", "ja")
    assert flat == "本契約は" + "9" * 64 + "年間有効とする。"
    assert normalize_text("第" + "1234567890" * 10 + "条", "ja") == (
        "第" + ("1234567890" * 4)[:32] + ("1234567890" * 4)[-32:] + "条")
    assert normalize_text("九" * 100, "ja") == "九" * 64
    for real in ("口座番号 1234567 と法人番号 1234567890123", "令和7年4月1日から3年間",
                 "US$1,000,000,000"):
        assert normalize_text(real, "ja") == real


@pytest.mark.parametrize("sentence,lang,expected", [
    ("甲と乙は、以下のとおり本契約を締結する。", "ja", True),
    ("甲と乙は、以下の業務委託について、本契約を締結する。", "ja", True),
    ("甲と乙は、乙の製品への組込みの検討のために本契約を締結する。", "ja", False),
    ("the parties enter into this agreement to evaluate a joint venture.", "en", False),
    ("名称：{{COMPANY_NAME}}", "ja", True),
    ("甲の情報：", "ja", True),
    ("本契約は、甲が乙に検査装置の開発を委託することを目的とする。", "ja", False),
    ("the parties hereby agree as follows:", "en", True),
    ("address: ______________", "en", True),
    ("the recipient shall use the information only to evaluate the sensor.", "en", False),
])
def test_formalities_state_no_term(sentence: str, lang: str, expected: bool) -> None:
    assert is_formality(sentence, lang) is expected


@pytest.mark.parametrize("polite, plain", [
    ("貴社情報を第三者に開示いたしません。", "貴社情報を第三者に開示しない。"),
    ("次の情報は除きます。", "次の情報は除く。"),
    ("資料を施設外に持ち出しません。", "資料を施設外に持ち出さない。"),
    ("その損害を賠償いたします。", "その損害を賠償する。"),
    ("必要な措置を講じます。", "必要な措置を講じる。"),
    ("第三者に使用させません。", "第三者に使用させない。"),
    ("本誓約書は有効です。", "本誓約書は有効である。"),
])
def test_polite_japanese_is_read_in_the_plain_style(analyzer_ja, polite, plain):
    # A pledge (誓約書) in です・ます style meets cues written in the plain style; the sentence is
    # still shown as written.
    sent = analyzer_ja.sentence(polite)
    assert sent.flat == plain
    assert sent.text == polite
