"""Every recommended text, inserted on its own into a contract, must satisfy the checker:
the provision is present (no missing element, no weakening) and it raises no risk flag.
Otherwise the redliner would insert a clause that the next check still reports."""

from __future__ import annotations

import pytest

from clausecheck.library import load_library

PROVISIONS = [p.id for p in load_library().provisions]
# Each provision is checked in the first contract type (joint research if it has it) whose
# profile lists it.
_LIBRARY = load_library()
TYPE_OF = {pid: next(t for t in ("joint_research",) + _LIBRARY.type_ids
                     if pid in _LIBRARY.profile(t).provisions) for pid in PROVISIONS}
FILLER = {
    "ja": "第2条（通知）\n本契約に基づく通知は、書面により行う。\n",
    "en": "Article 2. Notices\nNotices under this Agreement shall be given in writing.\n",
}


def _contract(lang: str, title: str, text: str) -> str:
    if lang == "ja":
        return (f"共同研究開発契約書\n\n甲と乙は、次のとおり契約を締結する。\n\n"
                f"第1条（{title}）\n{text}\n\n{FILLER['ja']}")
    return (f"JOINT RESEARCH AGREEMENT\n\nThis Agreement is made between A and B.\n\n"
            f"Article 1. {title}\n{text}\n\n{FILLER['en']}")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("pid", PROVISIONS)
def test_recommended_text_alone_is_present(checker, make_document, pid, lang):
    provision = checker.library.get(pid)
    text = _contract(lang, provision.recommended.title.get(lang),
                     provision.recommended.text.get(lang))
    report = checker.check(make_document(text), contract_type=TYPE_OF[pid])
    finding = report.finding(pid)
    assert finding is not None
    assert finding.status == "present", (
        f"{pid}/{lang}: {finding.status}, missing {[m.id for m in finding.missing_elements]}, "
        f"weakening {list(finding.weakening)}")
    assert not report.risks, [r.flag for r in report.risks]
