"""The outline of contracts whose structure is easy to misread: a "1." list inside an article
numbered "1.", an excerpt starting at "4." or at a lone "Article 12", numbers glued to a
capitals heading ("11.WARRANTY"), contracts that are one list (一、二、 / ア イ / (i) (ii)),
and chapters (第1章) above the articles.

Every contract here is written for these tests. What a user relies on: each article where the
contract has it, the items of a list under their article (never promoted to articles nor
lost), and no clause that is only a chapter heading.
"""

from __future__ import annotations

import pytest

from clausecheck.reader import read_document, read_text
from clausecheck.reader.reading import describe_reading

EN_FRONT = ("MUTUAL NON-DISCLOSURE AGREEMENT\n\n"
            "This agreement is made between Harbor Lens Inc. and Quill Systems Ltd.\n\n")
EN_END = "\nIN WITNESS WHEREOF the parties have signed this agreement.\n"


def shape(doc) -> list[tuple[str, str]]:
    return [(c.number, c.title) for c in doc.clauses]


# --- "1." lists inside "1." articles -----------------------------------------------------------

def test_a_numbered_list_inside_a_numbered_article_stays_in_it() -> None:
    text = EN_FRONT + (
        "1. Confidential Information\n"
        "Confidential Information means information one party gives the other, including:\n"
        "1. technical data, drawings and source code;\n"
        "2. business plans and customer lists; and\n"
        "3. anything marked as confidential.\n\n"
        "2. Obligations\nThe receiving party shall keep Confidential Information secret.\n\n"
        "3. Return\nOn termination the receiving party shall return all of it.\n\n"
        "4. Governing Law\nThis agreement is governed by the laws of New York.\n") + EN_END
    doc = read_text(text)
    assert shape(doc) == [("1", "Confidential Information"), ("2", "Obligations"),
                          ("3", "Return"), ("4", "Governing Law")]
    items = doc.clauses[0].children
    assert [(c.number, c.kind) for c in items] == [("1.", "item"), ("2.", "item"), ("3.", "item")]
    assert items[2].text == "anything marked as confidential."
    assert doc.clauses[1].text == "The receiving party shall keep Confidential Information secret."


def test_a_list_in_a_later_article_does_not_take_the_next_article_numbers() -> None:
    """Items 1-3 inside article 2: "3." after item 3 is article 3 again, and an item shaped
    like the list ("material specifications;") is never read as an article."""
    text = EN_FRONT + (
        "1. The Supplier shall deliver the goods described in each order.\n"
        "2. The Buyer may give the Supplier these documents, which it shall keep secret:\n"
        "1. drawings of the tooling;\n2. material specifications;\n3. test reports.\n"
        "3. The Supplier shall return all such documents when this agreement ends.\n"
        "4. This agreement is governed by the laws of England.\n") + EN_END
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == ["1", "2", "3", "4"]
    assert [c.text for c in doc.clauses[1].children] == [
        "drawings of the tooling;", "material specifications;", "test reports."]
    assert doc.clauses[2].text.startswith("The Supplier shall return")


def test_a_list_whose_items_look_like_the_articles_goes_on_while_it_is_open() -> None:
    """Both the list and the articles count on to 3: the item before ends with a semicolon,
    so "3." is the list's third item."""
    text = EN_FRONT + (
        "1. Each party may disclose information to the other for the evaluation.\n"
        "2. The recipient shall only disclose it to the following persons:\n"
        "1. Its employees who need to know it;\n"
        "2. Its professional advisers under a duty of confidence;\n"
        "3. Its auditors.\n"
        "3. The recipient shall return the information on request.\n") + EN_END
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == ["1", "2", "3"]
    assert [c.number for c in doc.clauses[1].children] == ["1.", "2.", "3."]


def test_a_list_opened_by_a_short_lead_in_ends_where_its_last_item_closes() -> None:
    """A pledge whose articles and items are both "N." on one level (a list flattened by a
    conversion): article 3 is only the short lead-in 「…に際しては、」, its items end open 「…こと、」
    and the last one closed 「…こと。」. "4." then goes on with the articles (shaped like 1 and 2,
    not like the lead-in), and so do 5 and 6 after the items of 4."""
    text = ("誓約書\n\n株式会社北浜計測　御中\n\n私は、貴社での実習に当たり、次の事項を守ることを誓約します。\n\n"
            "1. 貴社の実習担当者の指示に従い、誠実に実習に取り組むこと。\n"
            "2. 実習中に知った貴社の技術情報を、貴社の書面による許可なく第三者に漏らさないこと。\n"
            "3. 貴社の実験室の使用に際しては、\n"
            "1. 指定された区画以外に立ち入らないこと、\n"
            "2. 測定機器を実習以外の目的に使わないこと、\n"
            "3. 退室時には施錠を確認すること。\n"
            "4. 実習で受け取った図面及び試料を実習以外の目的に使用しないこと。その保管については\n"
            "1. 貴社の定める保管場所に保管すること、\n"
            "2. 実習終了後は直ちに貴社に返還すること。\n"
            "5. 実習中に生じた成果物の権利は、貴社に帰属すること。\n"
            "6. 本誓約書に関する紛争は、貴社の本店所在地を管轄する地方裁判所で解決すること。\n\n"
            "2025年4月1日\n氏名　北浜　一郎\n")
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == ["1", "2", "3", "4", "5", "6"]
    assert [c.text for c in doc.clauses[2].children] == [
        "指定された区画以外に立ち入らないこと、", "測定機器を実習以外の目的に使わないこと、",
        "退室時には施錠を確認すること。"]
    assert len(doc.clauses[3].children) == 2
    assert doc.clauses[4].text.startswith("実習中に生じた成果物")


def test_markdown_ordered_list_indented_under_a_numbered_article() -> None:
    text = ("# Mutual Non-Disclosure Agreement\n\n"
            "This agreement is made between Harbor Lens Inc. and Quill Systems Ltd.\n\n"
            "1. **Confidential Information.** Information one party gives the other, "
            "including:\n"
            "   1. technical data;\n   2. business plans; and\n   3. customer lists.\n"
            "2. **Obligations.** The receiving party shall keep it secret.\n"
            "3. **Return.** On termination the receiving party shall return it.\n")
    doc = read_text(text, fmt="md")
    assert shape(doc) == [("1", "Confidential Information"), ("2", "Obligations"),
                          ("3", "Return")]
    assert len(doc.clauses[0].children) == 3


# --- excerpts and glued numbers ----------------------------------------------------------------

def test_an_excerpt_numbered_from_4_is_read_as_its_articles() -> None:
    text = ("4. Confidentiality\nThe Consultant shall hold all information received from "
            "the Company in confidence.\n\n"
            "5. Term and Termination\nThis agreement continues for two years unless ended "
            "earlier on thirty days' notice.\n\n"
            "6. Return of Materials\nOn termination the Consultant shall return all "
            "documents of the Company.\n\n"
            "7. Governing Law\nThis agreement is governed by the laws of California.\n")
    doc = read_text(text)
    assert shape(doc) == [("4", "Confidentiality"), ("5", "Term and Termination"),
                          ("6", "Return of Materials"), ("7", "Governing Law")]
    assert describe_reading(doc).mode == "numbered"


def test_page_numbers_alone_on_their_lines_are_no_excerpt() -> None:
    body = "".join(f"The parties agree on point {w} of the engagement letter.\n{n}.\n"
                   for n, w in ((2, "one"), (3, "two"), (4, "three"), (5, "four")))
    doc = read_text("ENGAGEMENT TERMS\n" + body)
    assert not any(c.number for c in doc.clauses)


def test_a_lone_article_heading_opens_its_article() -> None:
    text = ("Article 12\nConfidentiality\n"
            "12.1 The Supplier shall keep all drawings received from the Buyer confidential.\n"
            "12.2 The Supplier shall use them only to perform orders under this agreement.\n"
            "12.3 On termination the Supplier shall return all drawings to the Buyer.\n")
    doc = read_text(text)
    assert shape(doc) == [("Article 12", "Confidentiality")]
    assert [c.ref for c in doc.clauses[0].children] == [
        "Article 12 12.1", "Article 12 12.2", "Article 12 12.3"]
    # a sentence starting with an article reference is no heading
    doc = read_text("Article 12 The Supplier shall keep all drawings confidential.\n"
                    "It shall return them on request.\n")
    assert not any(c.number for c in doc.clauses)


def test_a_number_glued_to_a_capitals_heading_is_an_article_number() -> None:
    text = ("CONSULTING AGREEMENT\n\nThis agreement is made by Birchfield Analytics Inc. and "
            "Tomasz Weber.\n\n1.SERVICES\nThe Consultant shall provide data analysis.\n\n"
            "2.CONFIDENTIALITY\nThe Consultant shall keep confidential all information of "
            "the Company.\n\n3.TERM AND TERMINATION\nThis agreement lasts one year.\n\n"
            "4.GOVERNING LAW\nThis agreement is governed by the laws of Ontario.\n")
    doc = read_text(text)
    assert shape(doc) == [("1", "SERVICES"), ("2", "CONFIDENTIALITY"),
                          ("3", "TERM AND TERMINATION"), ("4", "GOVERNING LAW")]
    # a missing space before an ordinary word is no such number
    doc = read_text("MEMO\n2.The parties met on Monday and agreed to meet again.\n")
    assert not any(c.number for c in doc.clauses)


# --- contracts that are one list ---------------------------------------------------------------

JA_FRONT = ("業務委託に関する覚書\n\n株式会社西海精工（以下「甲」という。）と有限会社青葉設計"
            "（以下「乙」という。）は、次のとおり合意する。\n\n")
JA_TEXTS = ["乙は、甲から受託した設計業務の遂行に必要な範囲に限り、甲の技術資料を使用する。",
            "乙は、甲の書面による同意なく、技術資料を第三者に開示し、又は漏えいしてはならない。",
            "乙は、業務が終了したときは、甲の指示に従い技術資料を返還し、又は廃棄する。",
            "本覚書は日本法に準拠し、福岡地方裁判所を第一審の専属的合意管轄裁判所とする。"]
JA_END = "\n以上の証として本書２通を作成し、甲乙記名押印のうえ各１通を保有する。\n"


@pytest.mark.parametrize("labels, numbers", [
    (["一、", "二、", "三、", "四、"], ["一", "二", "三", "四"]),
    (["一　", "二　", "三　", "四　"], ["一", "二", "三", "四"]),
    (["ア　", "イ　", "ウ　", "エ　"], ["ア", "イ", "ウ", "エ"]),
    (["（ア）", "（イ）", "（ウ）", "（エ）"], ["(ア)", "(イ)", "(ウ)", "(エ)"]),
], ids=["kanji-comma", "kanji-space", "katakana", "paren-katakana"])
def test_japanese_contract_that_is_one_list(labels, numbers) -> None:
    body = "".join(f"{lab}{text}\n" for lab, text in zip(labels, JA_TEXTS))
    doc = read_text(JA_FRONT + body + JA_END)
    assert [c.number for c in doc.clauses] == numbers
    assert [c.text for c in doc.clauses] == JA_TEXTS   # the 「、」 after 一 is the label's
    assert doc.preamble.startswith("株式会社西海精工")
    assert doc.signature.startswith("以上の証として")
    reading = describe_reading(doc)
    assert reading.mode == "list" and reading.articles == 4


def test_the_same_japanese_lists_inside_an_article_stay_items() -> None:
    body = ("第1条（目的）\n" + JA_TEXTS[0] + "\n第2条（秘密保持）\n乙は、次の情報を第三者に"
            "開示してはならない。\n一、甲の設計図面\n二、甲の製造条件\n三、甲の顧客情報\n"
            "第3条（返還）\n" + JA_TEXTS[2] + "\n")
    doc = read_text(JA_FRONT + body + JA_END)
    assert [c.number for c in doc.clauses] == ["第1条", "第2条", "第3条"]
    items = doc.clauses[1].children
    assert [(c.number, c.kind, c.text) for c in items] == [
        ("一", "item", "甲の設計図面"), ("二", "item", "甲の製造条件"), ("三", "item", "甲の顧客情報")]
    assert describe_reading(doc).mode == "numbered"


EN_TEXTS = ["The recipient shall keep the information secret and use it only for the evaluation.",
            "The recipient shall not disclose the information to anyone but its employees.",
            "The recipient shall return or destroy the information when the evaluation ends.",
            "This undertaking is governed by the laws of Scotland.",
            "The recipient shall tell the discloser at once of any loss of the information."]


@pytest.mark.parametrize("labels", [["(i)", "(ii)", "(iii)", "(iv)", "(v)"],
                                    ["i)", "ii)", "iii)", "iv)", "v)"]], ids=["paren", "close"])
def test_english_contract_that_is_one_roman_list(labels) -> None:
    body = "".join(f"{lab} {text}\n" for lab, text in zip(labels, EN_TEXTS))
    doc = read_text("CONFIDENTIALITY UNDERTAKING\n\nThis undertaking is given by Redmoor Labs "
                    "Ltd to Castellan Instruments plc.\n\n" + body + "\nSigned by the recipient.\n")
    assert [c.number for c in doc.clauses] == labels
    assert doc.clauses[3].text == EN_TEXTS[3]
    assert describe_reading(doc).mode == "list"


def test_roman_items_inside_an_article_stay_items() -> None:
    text = EN_FRONT + ("1. Use\nThe recipient may use the information only:\n"
                       "(i) to evaluate the project;\n(ii) to prepare its offer; and\n"
                       "(iii) to comply with law.\n2. Return\nThe recipient shall return it.\n"
                       "3. Law\nThis agreement is governed by English law.\n") + EN_END
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == ["1", "2", "3"]
    assert [c.number for c in doc.clauses[0].children] == ["(i)", "(ii)", "(iii)"]


def test_the_report_header_says_the_contract_was_read_as_one_list() -> None:
    from clausecheck.report.facts_view import reading_line

    body = "".join(f"{lab}{text}\n" for lab, text in zip(["一、", "二、", "三、", "四、"], JA_TEXTS))
    reading = describe_reading(read_text(JA_FRONT + body + JA_END))
    assert reading_line(reading, "ja")[0].startswith("箇条書きの項目（条番号なし）4項目")
    assert reading_line(reading, "en")[0].startswith("one numbered list (no article numbers)")


# --- chapters ----------------------------------------------------------------------------------

ARTICLES = [("目的", "甲及び乙は、新素材の耐熱性評価に関する共同研究（以下「本研究」という。）を行う。"),
            ("定義", "本契約において秘密情報とは、本研究に関して開示された技術上の情報をいう。"),
            ("秘密保持", "甲及び乙は、相手方の書面による承諾なく、秘密情報を第三者に開示してはならない。"),
            ("返還", "甲及び乙は、本契約が終了したときは、相手方の秘密情報を返還し、又は廃棄する。"),
            ("準拠法", "本契約は日本法に準拠する。"),
            ("管轄", "本契約に関する紛争は、東京地方裁判所を第一審の専属的合意管轄裁判所とする。")]
CHAPTERS = {0: "第1章　総則", 2: "第2章　秘密情報の取扱い", 4: "第3章　雑則"}


def _chaptered_docx(path, chapters, head) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("共同研究契約書", style="Title")
    d.add_paragraph("株式会社西海精工（以下「甲」という。）と国立大学法人南山大学（以下「乙」という。）"
                    "は、次のとおり共同研究契約を締結する。")
    for i, (title, text) in enumerate(ARTICLES):
        if i in chapters:
            d.add_heading(chapters[i], level=1)
        d.add_paragraph(head(i, title))
        d.add_paragraph(text)
    d.add_paragraph("以上の証として本書２通を作成し、甲乙記名押印のうえ各１通を保有する。")
    d.save(path)


@pytest.mark.parametrize("chapters", [CHAPTERS, {0: "総則", 2: "秘密情報の取扱い", 4: "雑則"}],
                         ids=["numbered-chapters", "styled-headings"])
def test_word_chapter_headings_over_bracketed_headings_are_chapters(tmp_path, chapters) -> None:
    path = tmp_path / "chapters.docx"
    _chaptered_docx(path, chapters, lambda i, t: f"（{t}）")
    doc = read_document(path)
    assert [c.title for c in doc.clauses] == [t for t, _ in ARTICLES]   # no empty article
    assert all(c.text for c in doc.clauses)
    names = [" ".join(chapters[k].split()) for k in (0, 0, 2, 2, 4, 4)]
    assert [c.chapter for c in doc.clauses] == names
    assert "章" not in doc.preamble and "総則" not in doc.preamble


def test_chapters_above_numbered_articles_are_no_article_text(tmp_path) -> None:
    path = tmp_path / "numbered.docx"
    _chaptered_docx(path, CHAPTERS, lambda i, t: f"第{i + 1}条（{t}）")
    doc = read_document(path)
    assert [c.number for c in doc.clauses] == [f"第{i}条" for i in range(1, 7)]
    assert [c.text for c in doc.clauses] == [text for _, text in ARTICLES]
    assert doc.clauses[2].chapter == "第2章 秘密情報の取扱い"
    # the same in plain text, and in English
    text = ("秘密保持契約書\n\n甲と乙は次のとおり合意する。\n\n第1章　総則\n第1条（目的）\n"
            "本契約は、甲乙間の情報の取扱いを定める。\n第2章　秘密保持\n第2条（秘密保持）\n"
            "乙は、秘密情報を第三者に開示してはならない。\n第3条（返還）\n乙は、秘密情報を返還する。\n")
    doc = read_text(text)
    assert doc.preamble == "甲と乙は次のとおり合意する。"
    assert doc.clauses[0].text == "本契約は、甲乙間の情報の取扱いを定める。"
    assert [c.chapter for c in doc.clauses] == ["第1章 総則", "第2章 秘密保持", "第2章 秘密保持"]
    en = read_text("SERVICES AGREEMENT\n\nThis agreement is made between Alder Ltd and Birch "
                   "Ltd.\n\nPART I - GENERAL\n1. Definitions\nWords have their usual meaning.\n"
                   "2. Purpose\nThe purpose is the supply of services.\nPART II - CONFIDENTIALITY\n"
                   "3. Confidentiality\nEach party keeps the other party's information secret.\n")
    assert [c.chapter for c in en.clauses] == ["PART I - GENERAL"] * 2 + ["PART II - CONFIDENTIALITY"]
    assert en.clauses[1].text == "The purpose is the supply of services."


def test_a_sentence_about_a_chapter_is_no_chapter_heading() -> None:
    text = ("秘密保持契約書\n\n第1条（目的）\n本契約は、甲乙間の情報の取扱いを定める。\n"
            "第2章に定める手続は適用しない。\n第2条（秘密保持）\n乙は、秘密情報を開示しない。\n")
    doc = read_text(text)
    assert "第2章に定める手続" in doc.clauses[0].text
    assert not doc.clauses[1].chapter


def test_outline_and_browser_view_show_the_chapters(tmp_path) -> None:
    from clausecheck.cli.outline import text_outline
    from clausecheck.serve.views import text_view

    path = tmp_path / "chapters.docx"
    _chaptered_docx(path, CHAPTERS, lambda i, t: f"（{t}）")
    doc = read_document(path)
    lines = text_outline(doc)
    assert lines[0].endswith("numbering: none, read as: headings]")
    assert lines.index("[第2章 秘密情報の取扱い]") == lines.index("[第1章 総則]") + 3
    view = text_view(doc, {"findings": [], "risks": []}, "ja")
    assert [u.chapter for u in view.units] == ["第1章 総則", "", "第2章 秘密情報の取扱い", "",
                                               "第3章 雑則", ""]


def test_the_signature_block_of_plain_paragraphs_is_no_clause() -> None:
    text = ("秘密保持に関する覚書\n\n甲と乙は、甲乙間の打合せで開示される情報の取扱いについて合意する。\n"
            "乙は、甲から開示された情報を第三者に開示しない。\n"
            "乙は、打合せが終わったときは、資料を甲に返還する。\n"
            "以上の証として本書２通を作成し、甲乙記名押印のうえ各１通を保有する。\n"
            "甲　東京都千代田区一丁目１番１号　株式会社みなと電機\n"
            "乙　大阪市北区二丁目２番２号　株式会社さくら化成\n")
    doc = read_text(text)
    assert [c.text[:3] for c in doc.clauses] == ["甲と乙", "乙は、", "乙は、"]
    assert doc.signature.startswith("以上の証として") and "株式会社さくら化成" in doc.signature
    en = read_text("CONFIDENTIALITY LETTER\n\nWe will keep your drawings secret.\n"
                   "We will use them only to quote for the tooling.\n"
                   "IN WITNESS WHEREOF the parties sign below.\nName: Ada Marsh\n")
    assert len(en.clauses) == 2 and en.signature.endswith("Name: Ada Marsh")
