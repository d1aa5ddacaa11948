#!/usr/bin/env python
"""Build the two .docx contracts of the second held-out set from the text held here.

    python benchmarks/holdout2/build_docx.py

Markup, one paragraph a line: ``# `` the title (style Title), ``## `` an article heading
(style Heading 2), ``| a | b |`` a row of a two-column table (consecutive rows make one table),
an empty line ends nothing and is skipped, anything else a body paragraph. The files are
written next to this script; rebuilding them gives the same text.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

LICENSE_JA = """\
# ソフトウェア使用許諾契約書
ソフトラボ株式会社（以下「ライセンサー」といいます。）と株式会社丸和工務店（以下「ライセンシー」といいます。）は、ライセンサーが開発した工程管理ソフトウェア「ProcessNavi」（以下「本ソフトウェア」といいます。）の使用許諾について、次のとおり契約（以下「本契約」といいます。）を締結します。
## 第1条（使用許諾）
ライセンサーは、ライセンシーに対し、ライセンシーが自社の建設工事の工程管理業務に用いる目的（以下「本目的」といいます。）に限り、本ソフトウェアを日本国内で使用する非独占的かつ譲渡不能な権利を許諾します。ライセンシーは、本ソフトウェアを本目的以外に使用しないものとします。
## 第2条（定義）
本契約において「秘密情報」とは、本ソフトウェア（そのソースコード、オブジェクトコード及びマニュアルを含みます。）並びに本契約に関連してライセンサーがライセンシーに開示した技術上の情報であって、書面、電子媒体又は口頭（口頭の場合は開示後30日以内に書面で内容を特定したものに限ります。）により開示されたものをいいます。ただし、開示の時点で公知であったもの、開示後にライセンシーの責めによらず公知となったもの、開示の前からライセンシーが保有していたもの、及び第三者から正当に取得したものは除きます。
## 第3条（秘密保持）
1. ライセンシーは、秘密情報を厳に秘密として保持し、ライセンサーの事前の書面による承諾なく、第三者に開示し、又は漏えいしないものとします。
2. ライセンシーは、本ソフトウェアを使用する必要がある自己の従業員に限り秘密情報を開示することができます。この場合、ライセンシーは、当該従業員に本契約と同等の秘密保持義務を遵守させるものとします。
## 第4条（複製及び改変）
ライセンシーは、バックアップの目的で1部に限り本ソフトウェアを複製することができます。ライセンシーは、複製物にライセンサーの著作権表示を付し、その保管場所を記録します。
## 第5条（禁止事項）
ライセンシーは、本ソフトウェアについて、逆アセンブル、逆コンパイルその他の方法による解析を行わないものとし、本ソフトウェアを改変し、又は第三者に貸与しないものとします。
## 第6条（管理体制）
ライセンシーは、本ソフトウェアを利用できる者にアカウントを発行してアクセス権限を管理し、不正アクセスを防止するためのセキュリティ対策を講じるものとします。
## 第7条（権利の帰属）
本ソフトウェアに関する著作権、特許権その他一切の知的財産権は、ライセンサーに帰属します。
## 第8条（使用状況の確認）
1. ライセンサーは、ライセンシーに対し、本ソフトウェアの使用状況及び秘密情報の管理状況について報告を求めることができます。
2. ライセンサーは、事前に通知した上で、ライセンシーの事業所に立ち入り、前項の状況を監査することができ、ライセンシーはこれに協力するものとします。
## 第9条（使用料）
ライセンシーは、本ソフトウェアの使用料として、年額金120万円（消費税別）を毎年4月末日までにライセンサーに支払います。
## 第10条（契約期間）
本契約の期間は、2025年4月1日から1年間とします。期間満了の2か月前までにいずれの当事者からも書面による申出がないときは、本契約は同一条件でさらに1年間更新され、その後も同様とします。
## 第11条（解除）
ライセンサーは、ライセンシーが破産手続開始の申立てを受けたとき、又は本契約に違反し、催告後14日以内に是正しないときは、本契約を解除することができます。
## 第12条（終了時の措置）
本契約が終了したときは、ライセンシーは、本ソフトウェア及びその複製物を直ちにすべての機器から消去し、消去したことを証する書面をライセンサーに提出するものとします。
## 第13条（地位の譲渡）
ライセンシーは、本契約上の地位及び本契約に基づく権利義務を、第三者に譲渡し、又は承継させることができません。
## 第14条（差止め及び損害賠償）
ライセンシーが本契約に違反した場合、ライセンサーは、その違反行為の差止めを求めることができるほか、これによって被った損害の賠償を請求することができます。
## 第15条（存続）
第3条、第5条、第7条及び第12条の規定は、本契約の終了後も5年間効力を有します。
## 第16条（準拠法及び裁判管轄）
本契約は日本法に準拠するものとし、本契約に関する紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とします。
本契約締結の証として、本書2通を作成し、両者記名押印の上、各1通を保有します。
2025年3月20日
ライセンサー　東京都渋谷区○○一丁目1番1号　ソフトラボ株式会社　代表取締役　○○
ライセンシー　埼玉県さいたま市△△二丁目2番2号　株式会社丸和工務店　代表取締役　△△
"""

COLLAB_EN = """\
# RESEARCH COLLABORATION AGREEMENT
| Parties | (1) The University of Westmoor, a chartered university (the "University"); (2) Halden Ceramics Ltd, a company registered in England (the "Company") |
| Project | Low-temperature sintering routes for silicon carbide components, as described in Schedule 1 |
| Commencement Date | 1 September 2025 |
| Principal Investigator | Dr A. N. Other, School of Materials |
| Company Contribution | GBP 180,000, payable in the instalments set out in Schedule 2 |
## 1. Definitions
In this Agreement: "Background IP" means intellectual property owned or controlled by a party before the Commencement Date or developed independently of the Project; "Foreground IP" means intellectual property arising from the Project; "Materials" means the powders, green bodies and other physical items supplied by the Company for the Project; "Confidential Information" means information in any form (written, electronic, oral or by way of Materials) disclosed by one party to the other in connection with the Project which is marked as confidential or which the recipient ought reasonably to regard as confidential.
## 2. The Project
2.1 The University shall carry out the Project with reasonable skill and care under the direction of the Principal Investigator.
2.2 Schedule 1 names the Principal Investigator and the members of the research team, including any research students. The University shall tell the Company in writing before any change of Principal Investigator.
2.3 The University shall send the Company a written progress report on the Project every three months.
## 3. Use of Materials
3.1 The University shall use the Materials only for the Project and shall not attempt to determine their chemical composition except by the tests described in Schedule 1.
3.2 Each party shall comply with applicable export control laws when it transfers Materials or technical data to persons outside the United Kingdom.
## 4. Confidentiality
4.1 Each party shall keep the other's Confidential Information confidential, shall not disclose it to any third party without the other's prior written consent, and shall use it only for the purposes of the Project.
4.2 A party may disclose Confidential Information to its employees, students and researchers who need to know it for the Project and who are bound by written obligations of confidence no less strict than these.
4.3 Clause 4.1 does not apply to information that is or becomes public other than through breach of this Agreement, that the recipient already lawfully held, that it receives from a third party free to disclose it, or that it develops independently.
4.4 The Company acknowledges that the University is subject to the Freedom of Information Act 2000. Where the University receives a request for the Company's Confidential Information, it shall notify the Company promptly, consult it before responding, and disclose no more than the Act requires.
## 5. Intellectual Property
5.1 Background IP remains the property of the party that owns it. Except as expressly set out in this clause, nothing in this Agreement grants either party any licence under the other's Background IP.
5.2 Foreground IP shall belong to the University. The University shall promptly disclose to the Company any Foreground IP that it considers patentable, and the Company shall have an option, exercisable within six months of that disclosure, to negotiate an exclusive licence on fair and reasonable terms.
## 6. Publication
6.1 The University may publish the results of the Project. It shall submit any proposed publication to the Company at least 60 days before it is submitted for publication.
6.2 Within 30 days of receipt, the Company may require the removal of its Confidential Information, or a delay of up to 90 days so that patent applications can be filed.
## 7. Term and termination
7.1 This Agreement starts on the Commencement Date and ends on the later of 31 August 2027 and the completion of the Project.
7.2 Either party may terminate this Agreement by written notice if the other becomes insolvent, has a receiver or administrator appointed, or passes a resolution for winding up.
7.3 On termination each party shall return or destroy the Confidential Information of the other.
7.4 Clauses 4, 5 and 6 survive termination.
## 8. Assignment
Neither party may assign or transfer this Agreement or any of its rights under it without the prior written consent of the other party.
## 9. Law and jurisdiction
This Agreement is governed by the law of England and Wales, and the courts of England have exclusive jurisdiction over any dispute arising from it.
Signed for the University by its Director of Research Services, and for the Company by a director.
"""


def build(text: str, path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = doc.add_table(rows=len(rows), cols=2)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            rows.clear()

    for line in text.splitlines():
        if line.startswith("| "):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")][:2])
            continue
        flush()
        if not line.strip():
            continue
        if line.startswith("## "):
            doc.add_heading(line[3:], level=2)
        elif line.startswith("# "):
            doc.add_heading(line[2:], level=0)
        else:
            doc.add_paragraph(line)
    flush()
    tmp = path.with_name(path.name + ".tmp")
    doc.save(str(tmp))
    tmp.replace(path)


def main() -> None:
    build(LICENSE_JA, HERE / "ja" / "05_software_license.docx")
    build(COLLAB_EN, HERE / "en" / "03_university_collaboration.docx")


if __name__ == "__main__":
    main()
