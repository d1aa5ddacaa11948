"""Contracts whose articles carry no number: headings alone, run-in headings, plain lists,
"Rule N"/"Clause N" labels and the branch numbers the redliner writes (5.A, Article 8.A).

Every contract here is written for these tests. What a user relies on: the right clauses
(each heading opens one, its text under it, the preamble and signature kept apart) and a
citation that names the clause (its heading, or its first words), never a position like "#9".
"""

from __future__ import annotations

import pytest

from clausecheck.reader import read_text

JA_FRONT = ("技術評価に関する秘密保持契約書\n\n"
            "株式会社東方測器（以下「甲」という。）と株式会社北辰素材（以下「乙」という。）は、"
            "次のとおり合意する。\n\n")
JA_ARTICLES = [
    ("目的", "甲及び乙は、新しい測定装置の共同評価の可否を検討する目的（以下「本目的」という。）"
             "のため、相互に情報を開示する。"),
    ("秘密情報", "秘密情報とは、開示者が受領者に書面又は電磁的方法により開示した技術上の情報で"
                 "あって、秘密である旨を表示したものをいう。"),
    ("秘密保持", "受領者は、開示者の事前の書面による承諾を得ずに、秘密情報を第三者に開示しては"
                 "ならない。"),
    ("返還", "受領者は、本契約が終了したとき、秘密情報を記録した媒体を開示者に返還する。"),
    ("準拠法及び管轄", "本契約は日本法に準拠し、大阪地方裁判所を第一審の専属的合意管轄裁判所と"
                       "する。"),
]
JA_END = "\n以上の証として本書２通を作成し、甲乙記名押印のうえ各１通を保有する。\n"


def ja_contract(head) -> str:
    """The five articles with each heading written by ``head(title)`` on its own line."""
    body = "".join(f"{head(t)}\n{text}\n" for t, text in JA_ARTICLES)
    return JA_FRONT + body + JA_END


def shape(doc) -> list[tuple[str, str]]:
    return [(c.number, c.title) for c in doc.clauses]


@pytest.mark.parametrize("head", [
    lambda t: f"（{t}）", lambda t: f"〔{t}〕", lambda t: f"【{t}】", lambda t: f"［{t}］",
    lambda t: t,
], ids=["paren", "kikkou", "sumi", "square", "bare"])
def test_japanese_headings_without_numbers_open_articles(head) -> None:
    doc = read_text(ja_contract(head))
    assert shape(doc) == [("", t) for t, _ in JA_ARTICLES]
    assert [c.text for c in doc.clauses] == [text for _, text in JA_ARTICLES]
    assert doc.title == "技術評価に関する秘密保持契約書"
    assert doc.preamble.startswith("株式会社東方測器")
    assert doc.signature.startswith("以上の証として")
    assert doc.numbering == "none"
    # cited by the heading, in the brackets Japanese readers expect
    assert [c.ref for c in doc.clauses] == [f"（{t}）" for t, _ in JA_ARTICLES]


def test_japanese_run_in_headings() -> None:
    """「（目的）甲及び乙は…」: the heading opens the article's own line."""
    body = "".join(f"（{t}）{text}\n" for t, text in JA_ARTICLES)
    doc = read_text(JA_FRONT + body + JA_END)
    assert shape(doc) == [("", t) for t, _ in JA_ARTICLES]
    assert doc.clauses[2].text.startswith("受領者は、開示者の事前の書面による承諾")


def test_paragraphs_under_an_unnumbered_heading_are_cited_with_it() -> None:
    text = ja_contract(lambda t: f"（{t}）").replace(
        "第三者に開示してはならない。\n",
        "第三者に開示してはならない。\n２　受領者は、秘密情報を本目的以外に使用しない。\n")
    doc = read_text(text)
    article = doc.clauses[2]
    assert [c.number for c in article.children] == ["2"]
    assert article.children[0].ref == "（秘密保持） 2"
    assert article.children[0].id == "a3.1" and article.id == "a3"


def test_a_few_short_lines_do_not_make_headings() -> None:
    """Two bare lines are not enough to call a Japanese contract one of headed articles:
    a party name and a date above the text stay in the preamble."""
    text = ("覚書\n株式会社東方測器\n令和六年四月一日\n"
            "甲及び乙は、別途締結した基本契約の支払条件を次のとおり変更することに合意した。\n"
            "支払期日は毎月末日締め翌月末日払いとする。\n")
    doc = read_text(text)
    assert all(not c.title for c in doc.clauses)


EN_FRONT = ("MUTUAL CONFIDENTIALITY AGREEMENT\n\n"
            "This agreement is made between Larchwood Optics Ltd and Fenwick Robotics GmbH, "
            "who wish to discuss a joint sensor project (the \"Project\").\n\n")
EN_ARTICLES = [
    ("Confidential Information", "\"Confidential Information\" means all technical and "
     "commercial information one party gives the other in connection with the Project."),
    ("Confidentiality", "The recipient shall keep Confidential Information secret and shall not "
     "disclose it to any third party without the discloser's prior written consent."),
    ("Return of Information", "When this agreement ends, or earlier on request, the recipient "
     "shall return or destroy all Confidential Information."),
    ("Governing Law", "This agreement is governed by the laws of England and Wales."),
]
EN_END = "\nIN WITNESS WHEREOF the parties have signed this agreement.\n"


@pytest.mark.parametrize("head", [
    lambda t: f"{t}.", lambda t: t.upper(), lambda t: t, lambda t: f"{t}:",
], ids=["stop", "capitals", "title-case", "colon"])
def test_english_headings_without_numbers(head) -> None:
    body = "".join(f"{head(t)}\n{text}\n" for t, text in EN_ARTICLES)
    doc = read_text(EN_FRONT + body + EN_END)
    titles = [head(t).rstrip(".:") for t, _ in EN_ARTICLES]
    assert shape(doc) == [("", t) for t in titles]
    assert [c.ref for c in doc.clauses] == titles
    assert doc.clauses[1].text.startswith("The recipient shall keep")
    assert doc.preamble.startswith("This agreement is made")


def test_english_run_in_headings() -> None:
    body = "".join(f"{t}. {text}\n" for t, text in EN_ARTICLES)
    doc = read_text(EN_FRONT + body + EN_END)
    assert shape(doc) == [("", t) for t, _ in EN_ARTICLES]
    assert doc.clauses[3].text == "This agreement is governed by the laws of England and Wales."


def test_markdown_bold_headings() -> None:
    body = "".join(f"**{t}**\n\n{text}\n\n" for t, text in EN_ARTICLES)
    doc = read_text(EN_FRONT + body + EN_END, fmt="md")
    assert shape(doc) == [("", t) for t, _ in EN_ARTICLES]


def test_bold_and_heading_styled_docx_paragraphs(tmp_path) -> None:
    import docx

    from clausecheck.reader import read_document

    d = docx.Document()
    d.add_paragraph("MUTUAL CONFIDENTIALITY AGREEMENT")
    d.add_paragraph("This agreement is made between Larchwood Optics Ltd and Fenwick Robotics "
                    "GmbH, who wish to discuss a joint sensor project.")
    headings = ["Confidential information", "Confidentiality of the parties",
                "Return of information", "Governing law"]
    for heading, (_, text) in zip(headings, EN_ARTICLES):
        # sentence-case headings a Title Case rule would not take: only the bold marks them
        d.add_paragraph().add_run(heading).bold = True
        d.add_paragraph(text)
    path = tmp_path / "bold.docx"
    d.save(path)
    doc = read_document(path)
    assert [c.title for c in doc.clauses] == headings
    assert doc.clauses[3].text.startswith("This agreement is governed")

    d = docx.Document()
    d.add_paragraph("MUTUAL CONFIDENTIALITY AGREEMENT", style="Title")
    d.add_paragraph("This agreement is made between Larchwood Optics Ltd and Fenwick Robotics.")
    for title, text in EN_ARTICLES:
        d.add_heading(title, level=2)
        d.add_paragraph(text)
    d.save(path)
    doc = read_document(path)
    assert [c.ref for c in doc.clauses] == [t for t, _ in EN_ARTICLES]


def test_a_bold_word_inside_a_paragraph_is_no_heading(tmp_path) -> None:
    import docx

    from clausecheck.reader import read_document

    d = docx.Document()
    d.add_paragraph("CONFIDENTIALITY AGREEMENT")
    for _, text in EN_ARTICLES:
        p = d.add_paragraph()
        head, _, tail = text.partition(" ")
        p.add_run(head + " ").bold = True  # a bold defined term opening the sentence
        p.add_run(tail)
    path = tmp_path / "runs.docx"
    d.save(path)
    doc = read_document(path)
    assert all(not c.title for c in doc.clauses)
    assert len(doc.clauses) == len(EN_ARTICLES)


@pytest.mark.parametrize("word", ["Rule", "Clause", "Section", "RULE", "CLAUSE"])
def test_rule_and_clause_labels_are_article_numbers(word: str) -> None:
    body = "".join(f"{word} {i}. {t}\n{text}\n" for i, (t, text) in enumerate(EN_ARTICLES, 1))
    body += f"{word} 2 above survives the end of this agreement.\n"
    doc = read_text(EN_FRONT + body + EN_END)
    assert shape(doc) == [(f"{word} {i}", t) for i, (t, _) in enumerate(EN_ARTICLES, 1)]
    assert doc.clauses[1].ref == f"{word} 2"
    # a reference at a line start ("Rule 2 above ...") stays text of the article it is in
    assert doc.clauses[3].text.endswith("survives the end of this agreement.")


def test_clause_sub_numbers_are_paragraphs() -> None:
    text = (EN_FRONT + "Clause 1. Confidentiality\n"
            "Clause 1.1 The recipient shall keep Confidential Information secret.\n"
            "Clause 1.2 The recipient shall not copy it.\n"
            "Clause 2. Term\nThis agreement lasts two years.\n")
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == ["Clause 1", "Clause 2"]
    assert [c.ref for c in doc.clauses[0].children] == ["Clause 1 1.1", "Clause 1 1.2"]


@pytest.mark.parametrize("labels, expect", [
    (["（１）", "（２）", "（３）", "（４）", "（５）"], ["(1)", "(2)", "(3)", "(4)", "(5)"]),
    (["①", "②", "③", "④", "⑤"], ["①", "②", "③", "④", "⑤"]),
    (["１．", "２．", "３．", "４．", "５．"], ["1", "2", "3", "4", "5"]),
    (["1)", "2)", "3)", "4)", "5)"], ["1)", "2)", "3)", "4)", "5)"]),
], ids=["paren", "circled", "dot", "close"])
def test_japanese_top_level_lists_are_the_articles(labels, expect) -> None:
    body = "".join(f"{lab}{text}\n" for lab, (_, text) in zip(labels, JA_ARTICLES))
    doc = read_text(JA_FRONT + body + JA_END)
    assert [c.number for c in doc.clauses] == expect
    assert doc.clauses[0].text.startswith("甲及び乙は")
    assert doc.preamble.startswith("株式会社東方測器")
    assert doc.signature.startswith("以上の証として")


@pytest.mark.parametrize("labels, expect", [
    (["1. ", "2. ", "3. ", "4. "], ["1", "2", "3", "4"]),
    (["(a) ", "(b) ", "(c) ", "(d) "], ["(a)", "(b)", "(c)", "(d)"]),
], ids=["dot", "alpha"])
def test_english_top_level_lists_are_the_articles(labels, expect) -> None:
    body = "".join(f"{lab}{text}\n" for lab, (_, text) in zip(labels, EN_ARTICLES))
    doc = read_text(EN_FRONT + body + EN_END)
    assert [c.number for c in doc.clauses] == expect
    assert doc.clauses[3].text == "This agreement is governed by the laws of England and Wales."


def test_a_list_inside_one_of_many_paragraphs_is_not_the_outline() -> None:
    paragraphs = [text for _, text in EN_ARTICLES]
    body = (paragraphs[0] + "\n" + paragraphs[1] + "\nThe recipient may disclose it only to:\n"
            "(a) its employees;\n(b) its advisers;\n(c) its auditors.\n"
            + "\n".join(paragraphs[2:]) + "\nThe parties may sign in counterparts.\n"
            "Notices shall be given in writing.\nNo amendment is valid unless in writing.\n"
            "Each party bears its own costs.\n")
    doc = read_text("CONFIDENTIALITY AGREEMENT\n" + body)
    assert not any(c.number.startswith("(") for c in doc.clauses)


def test_paragraphs_without_number_or_heading_are_cited_by_their_first_words() -> None:
    body = "\n".join(text for _, text in JA_ARTICLES) + "\n"
    doc = read_text("秘密保持契約書\n" + body)
    refs = [c.ref for c in doc.clauses]
    assert refs[2] == "「受領者は、開示者の事前の書面によ…」"
    assert len(set(refs)) == len(refs) and not any(r.startswith("#") for r in refs)
    en = read_text("CONFIDENTIALITY AGREEMENT\n" + "\n".join(t for _, t in EN_ARTICLES) + "\n")
    assert en.clauses[1].ref == "“The recipient shall keep Confidential Information…”"


def test_repeated_headings_get_distinct_citations() -> None:
    text = ja_contract(lambda t: f"（{t}）").replace("（返還）", "（秘密保持）")
    doc = read_text(text)
    assert [c.ref for c in doc.clauses][2:4] == ["（秘密保持）", "（秘密保持）［2］"]


# --- branch numbers (what `clausecheck redline` gives inserted articles) -------------------

def test_branch_numbers_of_a_numbered_english_contract() -> None:
    text = (EN_FRONT + "1. Confidentiality\nThe recipient shall keep it secret.\n"
            "2. Use\nThe recipient shall use it only for the Project.\n"
            "2.A Reports and Audits\n2.A.1 The discloser may ask for a written report.\n"
            "2.A.2 The discloser may inspect the recipient's premises.\n"
            "2.B Export Control\nThe recipient shall comply with export laws.\n"
            "3. Term\nThis agreement lasts two years.\n")
    doc = read_text(text)
    assert shape(doc) == [("1", "Confidentiality"), ("2", "Use"), ("2.A", "Reports and Audits"),
                          ("2.B", "Export Control"), ("3", "Term")]
    assert [c.ref for c in doc.clauses[2].children] == ["2.A 2.A.1", "2.A 2.A.2"]


@pytest.mark.parametrize("word", ["Article", "Section"])
def test_branch_numbers_after_article_and_section_labels(word: str) -> None:
    text = (EN_FRONT + f"{word} 7. Confidentiality\n7.1 The recipient shall keep it secret.\n"
            f"{word} 7.A. Reports and Audits\n7.A.1 The discloser may ask for a report.\n"
            "7.A.2 The discloser may inspect the premises.\n"
            f"{word} 8. Term\n8.1 This agreement lasts two years.\n")
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == [f"{word} 7", f"{word} 7.A", f"{word} 8"]
    assert [c.number for c in doc.clauses[1].children] == ["7.A.1", "7.A.2"]
    assert doc.clauses[1].title == "Reports and Audits"


def test_a_branch_number_out_of_place_is_text() -> None:
    """"3.A" after article 5 does not hang from article 5: it is a line of text."""
    text = (EN_FRONT + "1. Confidentiality\nThe recipient shall keep it secret.\n"
            "2. Use\nThe recipient shall use it only for the Project.\n"
            "1.A Audit\nThe discloser may inspect.\n3. Term\nTwo years.\n")
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == ["1", "2", "3"]


def test_hard_wrapped_plain_paragraphs_are_one_clause_each():
    # a plain-text undertaking without numbers or headings, wrapped at about 70 columns
    text = (
        "VISITOR UNDERTAKING\n\n"
        "I, the undersigned visitor to the pilot plant of the Host, agree that I will\n"
        "not disclose to any person outside the Host any drawing, sample or process\n"
        "condition that I see or receive during my visit.\n\n"
        "I understand that these obligations continue after my visit ends, and that\n"
        "a breach may lead to a claim for damages by the Host.\n"
    )
    document = read_text(text, name="undertaking.txt", fmt="txt")
    texts = [c.text for c in document.clauses]
    assert len(texts) == 2, texts
    assert texts[0].startswith("I, the undersigned") and texts[0].endswith("during my visit.")
    assert "agree that I will not disclose" in texts[0]
    assert document.clauses[0].source == (2, 3, 4)


def test_a_wrapped_block_is_one_paragraph_even_where_a_line_ends_in_an_abbreviation():
    # lines wrapped at the margin; one of them ends in "U.S." (no end of the paragraph)
    text = (
        "CONTRACTOR EMPLOYEE UNDERTAKING\n\n"
        "I, an employee of a firm that supports a program of the agency of the U.S.\n"
        "Department of Energy, agree that I will not disclose to any person who has\n"
        "not signed a confidentiality undertaking any design data I see in my work\n"
        "on the program.\n\n"
        "Governing Law: the laws of the State of New York, United States\n"
        "Forum: the courts of New York County\n"
    )
    document = read_text(text, name="undertaking.txt", fmt="txt")
    texts = [c.text for c in document.clauses]
    assert texts[0].startswith("I, an employee") and texts[0].endswith("on the program."), texts
    assert "the U.S. Department of Energy" in texts[0]
    # fields of a cover sheet are lines of their own, not a wrapped paragraph
    assert texts[1:] == ["Governing Law: the laws of the State of New York, United States",
                         "Forum: the courts of New York County"], texts


def test_a_japanese_heading_after_the_article_number_and_a_space() -> None:
    # 「第１条　目的」 on a line of its own: the heading; a sentence after the number is the text
    text = ("秘密保持契約書\n\n第１条　目的\n両当事者は、共同事業化を検討する。\n\n"
            "第２条　甲は、乙に通知する。\n\n第３条　削除\n")
    doc = read_text(text, name="nda.txt", fmt="txt")
    assert [(c.number, c.title, c.text) for c in doc.clauses] == [
        ("第1条", "目的", "両当事者は、共同事業化を検討する。"),
        ("第2条", "", "甲は、乙に通知する。"),
        ("第3条", "削除", "")]


@pytest.mark.parametrize("label", ["第{n}条【{t}】", "第{n}条〔{t}〕", "{n}〔{t}〕", "{n}【{t}】"])
def test_headings_in_lenticular_and_tortoise_brackets(label: str) -> None:
    # 第1条【目的】 and a pledge's 1〔目的〕: the bracket holds the heading, as （目的） does.
    body = "".join(f"{label.format(n=i, t=t)}\n{text}\n"
                   for i, (t, text) in enumerate(JA_ARTICLES, 1))
    doc = read_text(JA_FRONT + body + JA_END, name="x.txt", fmt="txt")
    assert [c.title for c in doc.clauses] == [t for t, _ in JA_ARTICLES]
    assert [c.text for c in doc.clauses] == [text for _, text in JA_ARTICLES]


def test_a_number_before_a_bracketed_phrase_in_a_sentence_is_no_article() -> None:
    text = JA_FRONT + "第1条（目的）\n本契約は、評価のため開示される情報の取扱いを定める。\n" \
        "第2条（返還）\n受領者は、本契約の終了時に資料を返還する。\n" \
        "1【品名】測定装置\n" + JA_END
    doc = read_text(text, name="x.txt", fmt="txt")
    assert [c.number for c in doc.clauses] == ["第1条", "第2条"]
