"""Hand-typed numbering in .txt/.md: every style the reader must recognise."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.reader import read_document, read_text

JA_HEAD = "秘密保持契約書\n甲と乙は、次のとおり契約を締結する。\n"
EN_HEAD = "NON-DISCLOSURE AGREEMENT\nThis Agreement is made between Alpha and Beta.\n"


def numbers(doc) -> list[str]:
    return [c.number for c in doc.clauses]


@pytest.mark.parametrize("labels", [
    ["第1条", "第2条", "第3条"],
    ["第一条", "第二条", "第三条"],
    ["第十条", "第十一条", "第十二条"],
    ["第１条", "第２条", "第３条"],
])
def test_japanese_article_labels(labels: list[str]) -> None:
    text = JA_HEAD + "".join(f"{lab}（見出し{i}）本文{i}である。\n" for i, lab in enumerate(labels))
    doc = read_text(text)
    assert len(doc.clauses) == 3
    assert [c.title for c in doc.clauses] == ["見出し0", "見出し1", "見出し2"]
    assert doc.clauses[0].text == "本文0である。"
    assert doc.language == "ja" and doc.title == "秘密保持契約書"


def test_branch_article_and_references_are_not_articles() -> None:
    text = JA_HEAD + ("第3条（目的）本文。\n第3条の2（定義）追加の条。\n"
                      "第1条に定める目的の範囲で使用する。\n第4条（期間）一年とする。\n")
    doc = read_text(text)
    assert numbers(doc) == ["第3条", "第3条の2", "第4条"]
    assert "第1条に定める" in doc.clauses[1].text


def test_heading_line_before_article_belongs_to_it() -> None:
    text = JA_HEAD + "（目的）\n第1条　本契約は目的を定める。\n（秘密保持）\n第2条　乙は秘密を守る。\n"
    doc = read_text(text)
    assert [(c.number, c.title, c.text) for c in doc.clauses] == [
        ("第1条", "目的", "本契約は目的を定める。"), ("第2条", "秘密保持", "乙は秘密を守る。")]
    assert doc.preamble == "甲と乙は、次のとおり契約を締結する。"


def test_japanese_paragraphs_and_items() -> None:
    text = JA_HEAD + ("第1条（秘密保持）乙は秘密を守る。\n２　前項は次の場合に適用しない。\n"
                      "（１）法令による場合\n（２）裁判所の命令による場合\n"
                      "３　乙は次の措置をとる。\n①　管理者を置く。\n②　記録を残す。\n"
                      "一　書面の場合\n二　電子の場合\n4 乙は報告する。\n")
    doc = read_text(text)
    art = doc.clauses[0]
    assert [c.number for c in art.children] == ["2", "3", "4"]
    assert [c.number for c in art.children[0].children] == ["(1)", "(2)"]
    assert [c.number for c in art.children[1].children] == ["①", "②"]
    assert [c.number for c in art.children[1].children[1].children] == ["一", "二"]
    assert art.children[0].kind == "paragraph"
    assert art.children[0].children[0].kind == "item"
    assert art.children[1].children[1].path == ("第1条", "3", "②")


def test_japanese_dot_paragraphs() -> None:
    text = JA_HEAD + "第1条（定義）本文。\n2. 二つ目の項。\n3. 三つ目の項。\n"
    doc = read_text(text)
    assert [c.number for c in doc.clauses[0].children] == ["2.", "3."]


def test_english_article_and_section_labels() -> None:
    doc = read_text(EN_HEAD + "ARTICLE I\nDEFINITIONS\nWords mean things.\n"
                              "ARTICLE II\nTERM\nOne year.\n")
    assert [(c.number, c.title) for c in doc.clauses] == [("ARTICLE I", "DEFINITIONS"),
                                                          ("ARTICLE II", "TERM")]
    doc = read_text(EN_HEAD + "Article 1 Purpose\nThe purpose is evaluation.\n"
                              "Article 2 Confidentiality\nKeep it secret.\n")
    assert [(c.number, c.title) for c in doc.clauses] == [("Article 1", "Purpose"),
                                                          ("Article 2", "Confidentiality")]
    doc = read_text(EN_HEAD + "Section 1. Purpose.\nSection 2. Confidentiality.\n"
                              "Section 2.1 The Recipient shall keep it secret.\n"
                              "Section 2.2 The Recipient shall not copy it.\n"
                              "(a) except for backups;\n(b) except as required by law.\n")
    assert numbers(doc) == ["Section 1", "Section 2"]
    assert [c.number for c in doc.clauses[1].children] == ["2.1", "2.2"]
    assert [c.number for c in doc.clauses[1].children[1].children] == ["(a)", "(b)"]


def test_english_numbered_headings_with_inline_titles() -> None:
    text = EN_HEAD + ("1. Confidentiality. The Recipient shall keep the information secret.\n"
                      "1.1 It shall use reasonable care.\n1.1.1 This includes encryption.\n"
                      "1.2 It shall limit access.\n"
                      "2. Term. This Agreement lasts two years.\n"
                      "3. Remedies. The Discloser may seek:\n(a) damages;\n(b) an injunction;\n"
                      "(c) costs; and\n(d) interest.\n")
    doc = read_text(text)
    assert [(c.number, c.title) for c in doc.clauses] == [
        ("1", "Confidentiality"), ("2", "Term"), ("3", "Remedies")]
    assert doc.clauses[0].text == "The Recipient shall keep the information secret."
    assert [c.number for c in doc.clauses[0].children] == ["1.1", "1.2"]
    assert [c.number for c in doc.clauses[0].children[0].children] == ["1.1.1"]
    assert [c.number for c in doc.clauses[2].children] == ["(a)", "(b)", "(c)", "(d)"]
    assert doc.language == "en" and doc.numbering == "typed"


def test_roman_versus_letter() -> None:
    letters = "".join(f"({c}) item {c};\n" for c in "abcdefghij")
    doc = read_text(EN_HEAD + "1. Scope. It covers:\n" + letters + "2. Term. One year.\n")
    assert [c.number for c in doc.clauses[0].children] == [f"({c})" for c in "abcdefghij"]
    doc = read_text(EN_HEAD + "1. Scope. It covers:\n(a) data, namely:\n(i) raw data;\n"
                              "(ii) derived data;\n(iii) models;\n(b) samples.\n2. Term. One year.\n")
    a, b = doc.clauses[0].children
    assert (a.number, b.number) == ("(a)", "(b)")
    assert [c.number for c in a.children] == ["(i)", "(ii)", "(iii)"]


def test_letter_close_paren_items() -> None:
    doc = read_text(EN_HEAD + "1. Definitions. In this Agreement:\na) Agreement means this;\n"
                              "b) Party means each party.\n2. Term. One year.\n")
    assert [c.number for c in doc.clauses[0].children] == ["a)", "b)"]


def test_english_numbered_heading_without_dot() -> None:
    doc = read_text(EN_HEAD + "1 INTERPRETATION\n1.1 Words mean things.\n2 TERM\n"
                              "This lasts a year.\n")
    assert [(c.number, c.title) for c in doc.clauses] == [("1", "INTERPRETATION"), ("2", "TERM")]


def test_markdown_headings() -> None:
    md = ("# 秘密保持契約書\n\n甲と乙は契約を締結する。\n\n## 第1条（目的）\n\n本契約は目的を定める。\n\n"
          "## 第2条（秘密保持）\n\n乙は秘密を守る。\n\n２　前項は例外を除く。\n")
    doc = read_text(md, fmt="md")
    assert doc.title == "秘密保持契約書"
    assert [(c.number, c.title) for c in doc.clauses] == [("第1条", "目的"), ("第2条", "秘密保持")]
    assert doc.clauses[0].text == "本契約は目的を定める。"
    assert [c.number for c in doc.clauses[1].children] == ["2"]
    md_en = ("# NDA\n\nThis Agreement is made between A and B.\n\n### 1. Definitions\n\n"
             "Words mean things.\n\n### 2. Term\n\nOne year.\n")
    doc = read_text(md_en, fmt="md")
    assert [(c.number, c.title) for c in doc.clauses] == [("1", "Definitions"), ("2", "Term")]


def test_markdown_article_heading_without_dai_merges_with_text() -> None:
    md = ("# 契約書\n\n## 1条（定義）\n\n```\n第1条　用語を定義する。\n2　追加の項。\n```\n\n"
          "### ＜ポイント＞\n\n- 第1条に関する説明。\n\n## 2条（期間）\n\n```\n第2条　一年とする。\n```\n")
    doc = read_text(md, fmt="md")
    assert [(c.number, c.title, c.text) for c in doc.clauses] == [
        ("第1条", "定義", "用語を定義する。"), ("第2条", "期間", "一年とする。")]
    assert "説明" not in doc.text


def test_commentary_is_dropped_and_option_clauses_are_not_articles() -> None:
    text = JA_HEAD + ("第1条（目的）本契約は目的を定める。\n＜ポイント＞\n・目的は具体的に書く。\n"
                      "【コラム】よくある誤り\n第1条の解説として読む文。\n"
                      "【第1条：変更オプション】\n第1条　別の書き方の条文。\n"
                      "＜解説＞\n第5条（参考）に触れる説明。\n"
                      "第2条（期間）一年とする。\n")
    doc = read_text(text)
    assert [(c.number, c.title) for c in doc.clauses] == [("第1条", "目的"), ("第2条", "期間")]
    assert doc.clauses[0].full_text == "本契約は目的を定める。"
    assert "別の書き方" not in doc.text and "説明" not in doc.text


def test_annexes_and_signature_kept_apart() -> None:
    text = JA_HEAD + ("第1条（目的）本文。\n第2条（協議）協議する。\n"
                      "本契約締結の証として、本書2通を作成し、記名押印の上、各1通を保有する。\n"
                      "2026年4月1日\n甲　東京都\n乙　大阪府\n別紙1　開示情報\n1. 設計図\n2. 試験データ\n")
    doc = read_text(text)
    assert numbers(doc) == ["第1条", "第2条"]
    assert doc.signature.startswith("本契約締結の証として")
    assert "大阪府" in doc.signature
    assert [a.title for a in doc.annexes] == ["別紙1 開示情報"]
    assert "試験データ" in doc.annexes[0].text
    en = read_text(EN_HEAD + "1. Purpose. Evaluation.\n2. Term. One year.\n"
                             "IN WITNESS WHEREOF the parties have signed.\nBy: ____\n"
                             "SCHEDULE 1 - Confidential Information\nDrawings and data.\n")
    assert numbers(en) == ["1", "2"]
    assert en.signature.startswith("IN WITNESS WHEREOF")
    assert en.annexes[0].title.startswith("SCHEDULE 1") and en.annexes[0].text == "Drawings and data."


def test_unnumbered_text_becomes_plain_clauses() -> None:
    doc = read_text("Memo\nThe parties will keep information secret.\nThey will return it.\n")
    assert doc.numbering == "none"
    assert [c.text for c in doc.clauses][-1] == "They will return it."


def test_line_sources_are_zero_based_line_numbers() -> None:
    text = JA_HEAD + "\n第1条（目的）本文。\n２　第二項。\n"
    doc = read_text(text)
    assert doc.clauses[0].source == (3,)
    assert doc.clauses[0].children[0].source == (4,)


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                          ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("cp932", b"")])
def test_text_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = JA_HEAD + "第1条（目的）本契約は目的を定める。\n第2条（期間）一年とする。\n"
    path = tmp_path / "c.txt"
    path.write_bytes(bom + text.encode(encoding))
    doc = read_document(path)
    assert numbers(doc) == ["第1条", "第2条"] and doc.title == "秘密保持契約書"
    assert doc.format == "txt"


def test_language_detection() -> None:
    assert read_text(JA_HEAD + "第1条（目的）AIとPoCとAPIについて定める。\n").language == "ja"
    assert read_text(EN_HEAD + "1. Purpose. Tokyo 東京 office.\n2. Term. One.\n").language == "en"


def test_read_text_rejects_unknown_format() -> None:
    with pytest.raises(ValueError):
        read_text("x", fmt="pdf")


def test_table_of_contents_and_references_do_not_open_articles() -> None:
    text = ("SUPPLY AGREEMENT\nThis Agreement is made between A and B.\nCONTENTS\n"
            "ARTICLE 1 DEFINITIONS\nARTICLE 2 SUPPLY\nARTICLE 3 TERM\n"
            "ARTICLE 1 DEFINITIONS\nWords have the meanings given in the master terms.\n"
            "ARTICLE 2 SUPPLY\nThe supplier shall deliver the goods in the agreed quantities.\n"
            "Article 3 below does not apply to samples.\nARTICLE 3 TERM\nTwo years.\n")
    doc = read_text(text)
    assert [(c.number, c.title) for c in doc.clauses] == [
        ("ARTICLE 1", "DEFINITIONS"), ("ARTICLE 2", "SUPPLY"), ("ARTICLE 3", "TERM")]
    assert "below does not apply" in doc.clauses[1].text
    assert doc.clauses[2].text == "Two years."


def test_pathological_lines_stay_fast() -> None:
    # Long runs of spaces or brackets must not make any pattern backtrack quadratically;
    # this finishes in milliseconds (no timing assertion: a hang would be the failure).
    for line in ("a" + " " * 50000 + "b", "# h" + " " * 50000 + "x", "1." + " " * 50000,
                 "(" * 20000, "第1条" + "（" * 20000, "- [" + "](#" * 20000):
        # (with a sentence beside it: a document of only such a line has no readable text)
        read_text(line + "\n" + line + "\n本文。", fmt="md")
        read_text(line + "\n本文。")


def test_fullwidth_dot_paragraphs_and_spaced_title() -> None:
    text = ("秘 密 保 持 契 約 書\n甲と乙は契約を締結する。\n第1条（目的）本文。\n"
            "１．甲は情報を開示する。\n２．乙は情報を守る。\n第2条（期間）一年とする。\n")
    doc = read_text(text)
    assert doc.title == "秘密保持契約書"
    assert [c.number for c in doc.clauses[0].children] == ["1.", "2."]
    assert doc.clauses[0].children[0].text == "甲は情報を開示する。"


def test_english_annex_headings() -> None:
    for heading in ("Exhibit A", "EXHIBIT B - FORM OF NOTICE", "Appendix 1: Data", "Annex I"):
        doc = read_text(EN_HEAD + "1. Purpose. Evaluation.\n2. Term. One year.\n"
                        + heading + "\nDetails here.\n")
        assert [a.title for a in doc.annexes] == [heading], heading
        assert doc.annexes[0].text == "Details here."


def test_bare_number_headings_in_sentence_case() -> None:
    doc = read_text(EN_HEAD + "1 Interpretation\n1.1 Words have their usual meaning.\n"
                              "2 Confidentiality obligations\n2.1 The Recipient keeps secrets.\n")
    assert [(c.number, c.title) for c in doc.clauses] == [
        ("1", "Interpretation"), ("2", "Confidentiality obligations")]


def test_letter_agreement_with_unnumbered_headings() -> None:
    body = "You and your representatives will keep the evaluation material confidential " * 2
    text = ("Dear Sir or Madam:\nCONFIDENTIALITY AGREEMENT\nWe are pleased to share information.\n"
            "Use of Evaluation Material\n" + body + "\nNon-Disclosure\n" + body
            + "\nReturn of Materials\n" + body + "\n")
    doc = read_text(text)
    assert doc.title == "CONFIDENTIALITY AGREEMENT"
    assert [c.title for c in doc.clauses] == ["Use of Evaluation Material", "Non-Disclosure",
                                              "Return of Materials"]
    assert doc.numbering == "none"


def test_a_long_table_of_contents_does_not_swallow_the_body() -> None:
    # Entries carry their sub-clauses and page numbers on one line, so they are long enough to
    # pass for articles, and the exhibit list after them for annexes.
    toc = [
        "ARTICLE I DEFINITIONS 1 1.1 Defined Terms 1 1.2 Interpretation 2",
        "ARTICLE II SUPPLY OF PRODUCTS 3 2.1 Orders 3 2.2 Delivery 4 2.3 Acceptance 4",
        "ARTICLE III TERM AND TERMINATION 5 3.1 Term 5 3.2 Termination 6",
        "Schedule 1 Products",
        "Exhibit A Price List",
    ]
    body = [
        "MASTER SUPPLY AGREEMENT",
        "This Master Supply Agreement is made between Alpha KK and Beta Ltd.",
        "ARTICLE I",
        "DEFINITIONS",
        "1.1 \"Products\" means the goods listed in Schedule 1, as amended from time to time "
        "by written agreement of the parties.",
        "ARTICLE II",
        "SUPPLY OF PRODUCTS",
        "2.1 The Supplier shall sell and deliver the Products ordered by the Buyer under "
        "purchase orders accepted in writing, in the quantities and on the dates stated.",
        "ARTICLE III",
        "TERM AND TERMINATION",
        "3.1 This Agreement starts on the date of signature and continues for three years "
        "unless terminated earlier under this Article.",
        "Schedule 1 Products",
        "Industrial sensors of the series described in the Supplier's catalogue.",
    ]
    doc = read_text("\n".join(["MASTER SUPPLY AGREEMENT", "TABLE OF CONTENTS", *toc, "", *body]))
    assert [c.number for c in doc.clauses] == ["ARTICLE I", "ARTICLE II", "ARTICLE III"]
    assert "shall sell and deliver" in doc.clauses[1].full_text
    assert "three years" in doc.clauses[2].full_text
    assert [a.title for a in doc.annexes] == ["Schedule 1 Products"]


def test_a_table_of_contents_before_a_body_without_article_lines_loses_no_text() -> None:
    """A filing flattened into long lines (a page a line, so the lines start wherever a page
    did): a table of contents heading must not turn all that follows into skipped commentary
    when no article line opens after it."""
    clause = ("The Licensee shall pay the fees set out in Exhibit B within thirty days of each "
              "invoice, and the Licensor shall keep the Licensed Technology confidential.")
    text = "\n\n\n".join([
        "Exhibit 10.4    TECHNOLOGY LICENSE AGREEMENT    between    ALPHA INC.    and    BETA",
        "TABLE OF CONTENTS",
        "i",
        "Page    1. Definitions 1    1.1 Technology 1    2. Fees 2    3. Term 3",
        "TECHNOLOGY LICENSE AGREEMENT     This Technology License Agreement is made between "
        "Alpha Inc. and Beta Corp.     1. Definitions     The terms below have these meanings:",
        f"1.1 Technology     The term \"Technology\" means the software in Exhibit A.     {clause}",
        f"set out in Exhibit A, as updated from time to time.     {clause}",
        f"3. Term and Termination     3.1 Term     Unless terminated earlier, {clause}",
    ])
    doc = read_text(text)
    body = " ".join(c.full_text for c in doc.clauses)
    assert body.count("shall pay the fees") == 3
    assert "Unless terminated earlier" in body
