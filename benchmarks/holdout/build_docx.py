#!/usr/bin/env python
"""Build the held-out .docx contracts from the texts below.

    python benchmarks/holdout/build_docx.py

Three contracts of the held-out set are Word files, as most contracts arrive. Their text is
kept here (drafted for this set, like the .md/.txt ones) and written with python-docx the way
the drafters would have typed them: bold article headings (ja licence), typed "Clause N"
labels with sub-clauses (UK deed), and article headings numbered by Word's own automatic
numbering (joint development agreement: the numbers are not in the text).
The output is deterministic apart from the package's timestamps; the .docx files are
committed beside this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

# Each contract: (kind, text). kinds: title (centred, bold), head (bold heading line),
# num (a heading numbered by Word: style "List Number"), para (plain paragraph).
JA_LICENSE = [
    ("title", "ソフトウェア使用許諾契約書"),
    ("para", "株式会社ビジョンテック大阪（以下「甲」という。）と中部精工株式会社（以下「乙」という。）は、"
             "甲の画像処理ソフトウェアの使用許諾に関し、次のとおり契約を締結する。"),
    ("head", "第1条（定義）"),
    ("para", "本契約において「本ソフトウェア」とは、甲が著作権を有する外観検査用画像処理ソフトウェア"
             "「KENSA-Eye」バージョン3（そのマニュアル、設定ファイル及び今後甲が提供する更新版を含む。）をいう。"),
    ("head", "第2条（使用許諾）"),
    ("para", "1　甲は、乙に対し、本契約の有効期間中、乙の製造ラインにおける検査工程の自動化の目的に限り、"
             "乙の国内工場において本ソフトウェアを使用する非独占的かつ譲渡不能な権利を許諾する。"),
    ("para", "2　乙は、本ソフトウェアの使用を第三者に再許諾することはできない。"),
    ("head", "第3条（禁止事項）"),
    ("para", "乙は、次の各号に掲げる行為をしてはならない。"),
    ("para", "（1）逆コンパイル、逆アセンブルその他の方法により本ソフトウェアのソースコードを解析すること"),
    ("para", "（2）本ソフトウェアを改変し、又は本ソフトウェアの二次的著作物を作成すること"),
    ("para", "（3）バックアップの目的で１部作成する場合を除き、本ソフトウェアを複製すること"),
    ("para", "（4）本ソフトウェアを第三者に貸与し、又は譲渡すること"),
    ("head", "第4条（使用料）"),
    ("para", "乙は、甲に対し、本ソフトウェアの使用料として、一時金金３００万円及び年額金６０万円の保守料を、"
             "甲の発行する請求書に従い支払う。"),
    ("head", "第5条（帳簿の閲覧）"),
    ("para", "甲は、使用料の算定の正確性を確認するため、乙に１４日前までに通知した上で、乙の会計帳簿及び"
             "関連する証憑を閲覧し、監査することができる。"),
    ("head", "第6条（権利の帰属）"),
    ("para", "本ソフトウェアに関する著作権その他一切の知的財産権は、甲に帰属する。本契約に明示的に定めるものを除き、"
             "本契約は、乙に対し、本ソフトウェア又は甲の技術に関するいかなる権利も許諾するものではない。"),
    ("head", "第7条（秘密保持）"),
    ("para", "1　乙は、本ソフトウェア及び本契約に関連して甲から開示された技術上の情報（書面、電磁的記録又は口頭の"
             "いずれによるかを問わない。以下「秘密情報」という。）を秘密として保持し、甲の事前の書面による承諾なく"
             "第三者に開示しない。ただし、公知の情報、乙が開示前から保有していた情報、及び乙が第三者から守秘義務を"
             "負うことなく適法に取得した情報は、この限りでない。"),
    ("para", "2　前項の規定にかかわらず、乙は、乙の関係会社並びに乙が依頼する弁護士、コンサルタントその他の"
             "外部の専門家に対し、秘密情報を開示することができる。"),
    ("head", "第8条（解除）"),
    ("para", "甲は、乙が次の各号のいずれかに該当したときは、何らの催告なしに直ちに本契約を解除することができる。"),
    ("para", "（1）合併、会社分割、株式交換若しくは株式移転を行い、又は乙の議決権の過半数を有する株主が変更されたとき"),
    ("para", "（2）支払停止の状態に陥り、又は破産手続開始、民事再生手続開始若しくは会社更生手続開始の申立てを受け、若しくは自ら申し立てたとき"),
    ("para", "（3）本契約のいずれかの条項に違反し、相当の期間を定めた催告を受けたにもかかわらず是正しないとき"),
    ("head", "第9条（譲渡禁止）"),
    ("para", "乙は、甲の事前の書面による承諾なく、本契約上の地位及び本契約に基づく権利義務を第三者に譲渡し、"
             "承継させ、又は担保に供してはならない。"),
    ("head", "第10条（有効期間）"),
    ("para", "本契約の有効期間は、令和7年10月1日から3年間とする。期間満了の3か月前までに甲乙いずれからも"
             "書面による申出がないときは、本契約は更に1年間同一の条件で更新され、以後も同様とする。"),
    ("head", "第11条（契約終了時の措置）"),
    ("para", "本契約が期間満了若しくは解除により終了したとき、又は甲から請求があったときは、乙は、直ちに本ソフトウェア"
             "及びその複製物をすべての記録媒体から消去し、秘密情報を記載した資料を甲に返還し、消去及び返還を完了した"
             "旨の証明書を甲に提出しなければならない。"),
    ("head", "第12条（存続）"),
    ("para", "第6条、第7条及び前条の規定は、本契約の終了後も12か月間有効に存続する。"),
    ("head", "第13条（準拠法）"),
    ("para", "本契約は、日本法に準拠し、日本法に従って解釈される。"),
    ("head", "第14条（協議）"),
    ("para", "本契約に定めのない事項については、甲乙誠意をもって協議の上解決する。"),
    ("para", "本契約締結の証として、本書2通を作成し、甲乙記名押印の上、各1通を保有する。"),
    ("para", "令和7年9月25日"),
    ("para", "甲　大阪府大阪市北区梅田一丁目１番　株式会社ビジョンテック大阪　代表取締役　大川　視"),
    ("para", "乙　岐阜県各務原市那加町１番地　中部精工株式会社　代表取締役　中部　精"),
]

EN_UK_DEED = [
    ("title", "DEED OF CONFIDENTIALITY"),
    ("para", "THIS DEED is dated 3 March 2025"),
    ("head", "PARTIES"),
    ("para", "(1) HALCYON OPTICS LIMITED, incorporated and registered in England and Wales with company "
             "number 04518822, whose registered office is at 12 Mill Lane, Reading RG1 2AB (the Discloser)."),
    ("para", "(2) BRAMBLE & FINCH LLP, a limited liability partnership registered in England and Wales with "
             "number OC318271, whose registered office is at 40 Fleet Walk, London EC4A 1DE (the Recipient)."),
    ("head", "BACKGROUND"),
    ("para", "(A) The Discloser intends to make available to the Recipient information about its vacuum "
             "lens-coating process so that the Recipient can advise it on a proposed programme of licences "
             "to overseas manufacturers."),
    ("para", "(B) The Recipient has agreed to hold that information in confidence on the terms of this deed."),
    ("head", "AGREED TERMS"),
    ("head", "Clause 1 Definitions and interpretation"),
    ("para", "1.1 The following definitions apply in this deed."),
    ("para", "Confidential Information: all information of any nature, whether technical, commercial or "
             "financial, and in any form, whether written, electronic, visual or oral, or embodied in samples, "
             "that is disclosed or made available by or for the Discloser to the Recipient or any of its "
             "Representatives, whether before, on or after the date of this deed, in connection with the "
             "Permitted Purpose."),
    ("para", "Permitted Purpose: advising the Discloser on the structure, pricing and territories of a "
             "licensing programme for its vacuum lens-coating process."),
    ("para", "Representatives: the partners, employees and professional advisers of the Recipient."),
    ("para", "1.2 Clause headings do not affect the interpretation of this deed. Words in the singular "
             "include the plural."),
    ("head", "Clause 2 Obligations of confidentiality"),
    ("para", "2.1 The Recipient shall:"),
    ("para", "(a) keep the Confidential Information secret and confidential;"),
    ("para", "(b) not use or exploit the Confidential Information in any way except for the Permitted Purpose;"),
    ("para", "(c) not directly or indirectly disclose or make available any Confidential Information to any "
             "person, except as expressly permitted by this deed; and"),
    ("para", "(d) not copy, reduce to writing or otherwise record the Confidential Information except as "
             "strictly necessary for the Permitted Purpose, any copies so made being the property of the "
             "Discloser."),
    ("para", "2.2 Clause 2.1 does not apply to information that (a) is or becomes generally available to the "
             "public other than as a result of its disclosure in breach of this deed; (b) was lawfully in the "
             "possession of the Recipient before it was disclosed by the Discloser; (c) is received from a "
             "third party who is lawfully free to disclose it; or (d) the Recipient develops independently "
             "without access to the Confidential Information."),
    ("head", "Clause 3 Permitted disclosure"),
    ("para", "3.1 The Recipient may disclose Confidential Information to those of its Representatives who "
             "need to know it for the Permitted Purpose, provided that it informs them of its confidential "
             "nature before disclosure and procures that they comply with this deed as if they were a party "
             "to it. The Recipient shall be liable for the acts and omissions of its Representatives."),
    ("para", "3.2 The Recipient may disclose Confidential Information to the extent required by law, by any "
             "governmental or regulatory authority or by a court of competent jurisdiction, provided that, "
             "to the extent it is legally permitted to do so, it gives the Discloser as much notice of the "
             "disclosure as possible and takes into account the reasonable requests of the Discloser about "
             "its content."),
    ("para", "3.3 The Recipient shall notify the Discloser at once on becoming aware of any breach of "
             "confidence by any person to whom it has disclosed Confidential Information, and shall give the "
             "Discloser all reasonable assistance in connection with any proceedings or steps the Discloser "
             "takes to limit the consequences."),
    ("head", "Clause 4 Return and destruction"),
    ("para", "4.1 At any time on the written request of the Discloser, and in any event on termination of "
             "this deed, the Recipient shall promptly destroy or return to the Discloser all documents and "
             "materials (and any copies) containing, reflecting or derived from the Confidential Information, "
             "erase all Confidential Information from its computer and communications systems, and certify "
             "in writing to the Discloser that it has done so."),
    ("para", "4.2 Clause 4.1 does not oblige the Recipient to destroy documents it is required to keep by law "
             "or by the rules of its professional regulator; clause 2 continues to apply to them."),
    ("head", "Clause 5 Reservation of rights"),
    ("para", "5.1 All Confidential Information remains the property of the Discloser. No right or licence "
             "is granted to the Recipient in respect of any Confidential Information, except as expressly "
             "set out in this deed."),
    ("para", "5.2 The Discloser gives no warranty as to the accuracy or completeness of any Confidential "
             "Information."),
    ("head", "Clause 6 Remedies"),
    ("para", "Without prejudice to any other rights or remedies the Discloser may have, the Recipient "
             "acknowledges that damages alone would not be an adequate remedy for a breach of this deed, and "
             "that the Discloser shall be entitled to the remedies of injunction, specific performance and "
             "other equitable relief for any threatened or actual breach."),
    ("head", "Clause 7 Duration"),
    ("para", "7.1 This deed ends on the earlier of the date on which the parties sign an engagement letter "
             "for the licensing programme that replaces it, and the second anniversary of its date."),
    ("para", "7.2 The obligations in clauses 2, 3 and 4 continue for twelve months after this deed ends."),
    ("head", "Clause 8 Assignment"),
    ("para", "Neither party may assign, transfer, charge or deal in any other manner with any of its rights "
             "or obligations under this deed without the prior written consent of the other."),
    ("head", "Clause 9 General"),
    ("para", "9.1 This deed is the entire agreement between the parties about its subject matter. No "
             "variation of it is effective unless it is in writing and signed by the parties."),
    ("para", "9.2 A person who is not a party to this deed has no right under the Contracts (Rights of "
             "Third Parties) Act 1999 to enforce any of its terms."),
    ("head", "Clause 10 Governing law and jurisdiction"),
    ("para", "10.1 This deed and any dispute or claim arising out of or in connection with it are governed "
             "by the law of England and Wales."),
    ("para", "10.2 Each party irrevocably agrees that the courts of England and Wales have exclusive "
             "jurisdiction to settle any such dispute or claim."),
    ("para", "This document has been executed as a deed and is delivered on the date stated at the beginning "
             "of it."),
    ("para", "Executed as a deed by HALCYON OPTICS LIMITED acting by a director, in the presence of a witness."),
    ("para", "Executed as a deed by BRAMBLE & FINCH LLP acting by two members."),
]

EN_JDA = [
    ("title", "JOINT DEVELOPMENT AGREEMENT"),
    ("para", "This Joint Development Agreement is made on 14 April 2025 between Kestrel Cells Inc., a "
             "Delaware corporation with offices at 200 Harbor Drive, San Jose, California (\"Kestrel\"), and "
             "Nippon Membrane Works Co., Ltd., a Japanese corporation with offices in Ibaraki, Japan "
             "(\"NMW\"). Kestrel and NMW are each a \"Party\"."),
    ("num", "Definitions"),
    ("para", "(a) \"Project\" means the joint development of a ceramic-coated separator for solid-state "
             "lithium cells, as described in Schedule A, within the field of rechargeable battery "
             "separators (the \"Field\")."),
    ("para", "(b) \"Confidential Information\" means information that one Party discloses to the other in "
             "connection with the Project, in writing, electronically, by samples or materials, or orally if "
             "summarised in writing by the disclosing Party within thirty (30) days, including information "
             "disclosed under the Mutual Nondisclosure Agreement between the Parties dated 2 December 2024 "
             "(the \"Prior NDA\")."),
    ("para", "(c) \"Foreground IP\" means inventions, data and know-how first made in performing the "
             "Project; \"Background IP\" means all other intellectual property of a Party."),
    ("num", "Project Team"),
    ("para", "Each Party shall perform the Project through the individuals listed for it in Schedule B (its "
             "\"Project Team\"), including any students, visiting researchers or contractors so listed, and "
             "shall notify the other Party in writing before adding or replacing a member of its Project Team."),
    ("num", "Confidentiality"),
    ("para", "(a) The receiving Party shall use the disclosing Party's Confidential Information only for the "
             "Project and shall not disclose it to any third party without the disclosing Party's prior "
             "written consent."),
    ("para", "(b) The receiving Party may disclose Confidential Information only to members of its Project "
             "Team and its employees who need to know it for the Project and who are bound by written "
             "obligations no less protective than this Article, including after their engagement ends. "
             "Each Party is responsible for any breach by such persons."),
    ("para", "(c) The receiving Party shall mark any copy it makes as confidential and shall make only the "
             "copies the Project requires."),
    ("para", "(d) These obligations do not apply to information that the receiving Party can show (i) was "
             "public when disclosed or later became public through no fault of the receiving Party; (ii) was "
             "already known to it; (iii) was lawfully received from a third party without restriction; "
             "(iv) was independently developed without use of the Confidential Information; or (v) is "
             "required to be disclosed by law or court order, provided the receiving Party gives prompt "
             "written notice to the disclosing Party and discloses only the portion legally required."),
    ("para", "(e) Information disclosed under the Prior NDA is Confidential Information under this Agreement, "
             "and this Agreement supersedes the Prior NDA from its date."),
    ("num", "Subcontracting"),
    ("para", "Neither Party shall subcontract any part of the Project without the other Party's prior written "
             "consent, and any permitted subcontractor shall be bound by confidentiality and intellectual "
             "property terms equivalent to those of this Agreement."),
    ("num", "Intellectual Property"),
    ("para", "(a) Each Party retains all rights in its Background IP. Except as expressly provided here, no "
             "licence or other right in Background IP or Confidential Information is granted by this "
             "Agreement, by implication, estoppel or otherwise."),
    ("para", "(b) Each Party shall disclose to the other in writing, within thirty (30) days after conception, "
             "any Foreground IP it makes. Foreground IP made jointly is owned jointly in equal undivided "
             "shares; Foreground IP made solely by one Party's Project Team is owned by that Party."),
    ("para", "(c) The Parties shall agree which Party files patent applications on jointly owned Foreground "
             "IP and how costs are shared. Neither Party shall file a patent application that claims or "
             "discloses the other Party's Confidential Information."),
    ("num", "Publication"),
    ("para", "A Party wishing to publish or present results of the Project shall send the proposed text to the "
             "other Party at least sixty (60) days before submission. The other Party may, within that period, "
             "require the removal of its Confidential Information, or a delay of up to ninety (90) further "
             "days to allow patent applications to be filed."),
    ("num", "Exclusivity"),
    ("para", "During the term of this Agreement and for one (1) year after it ends, neither Party shall, alone "
             "or with any third party, carry out research or development in the Field, except under this "
             "Agreement."),
    ("num", "Term and Termination"),
    ("para", "(a) This Agreement starts on the date above and continues for three (3) years, unless extended "
             "by written agreement or terminated earlier under this Article."),
    ("para", "(b) Either Party may terminate this Agreement by written notice with immediate effect if the "
             "other Party (i) merges with, is acquired by or comes under the control of a third party, or "
             "transfers the business to which this Agreement relates; or (ii) becomes insolvent, ceases to "
             "pay its debts, has a receiver or administrator appointed, or has its assets attached. Each "
             "Party shall notify the other promptly of any such event."),
    ("para", "(c) On expiry or termination, or earlier at the disclosing Party's request, the receiving Party "
             "shall return or destroy, as the disclosing Party directs, all Confidential Information and "
             "copies, including electronic copies and material derived from it, and confirm this in writing."),
    ("para", "(d) Articles 1, 3, 5, 6 and 10 and paragraph (c) of this Article survive expiry or termination "
             "for five (5) years."),
    ("num", "Assignment"),
    ("para", "Neither Party may assign or transfer this Agreement or any right or obligation under it without "
             "the other Party's prior written consent."),
    ("num", "Remedies"),
    ("para", "A Party in breach of Article 3 or 5 shall compensate the other for its resulting losses, and the "
             "non-breaching Party may also seek an injunction or other interim relief in any competent court."),
    ("num", "Governing Law and Arbitration"),
    ("para", "This Agreement is governed by the laws of Japan. Any dispute arising out of or in connection "
             "with it shall be finally settled by arbitration in Tokyo under the Commercial Arbitration Rules "
             "of the Japan Commercial Arbitration Association, in English."),
    ("para", "Signed by the authorised representatives of the Parties on the date above."),
    ("para", "Kestrel Cells Inc.: ____________________   Nippon Membrane Works Co., Ltd.: ____________________"),
]

CONTRACTS = {
    "ja/05_license.docx": ("ja", JA_LICENSE),
    "en/03_uk_deed_nda.docx": ("en", EN_UK_DEED),
    "en/06_joint_development.docx": ("en", EN_JDA),
}


def build(rel: str, lang: str, parts: list[tuple[str, str]]) -> Path:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    if lang == "ja":
        style.font.name = "MS Mincho"
    for kind, text in parts:
        if kind == "title":
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).bold = True
        elif kind == "head":
            document.add_paragraph().add_run(text).bold = True
        elif kind == "num":
            document.add_paragraph(style="List Number").add_run(text).bold = True
        elif kind == "para":
            document.add_paragraph(text)
        else:
            raise ValueError(kind)
    out = HERE / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    document.save(tmp)
    tmp.replace(out)
    return out


def main() -> int:
    for rel, (lang, parts) in CONTRACTS.items():
        print(build(rel, lang, parts).relative_to(HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
