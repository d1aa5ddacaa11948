"""Engine behaviour on the bundled samples.

Deleting the article that provides a provision turns that provision to missing, and nothing
else moves (provisions that drew evidence from the same article excepted). "Provides" means
the article is the only clause whose cues reach the threshold for the provision: where another
clause also carries part of it (a use limit inside the confidentiality article, say), the
provision rightly stays, as weak, on that clause.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sample_contracts import SAMPLES_DIR

SOUND = sorted(Path(SAMPLES_DIR).glob("*_sound.docx"))


def _article_of(ref: str) -> str:
    return ref.split(" ")[0] if not ref.startswith("Article") else " ".join(ref.split(" ")[:2])


@pytest.mark.parametrize("path", SOUND, ids=[p.stem for p in SOUND])
def test_deleting_the_providing_article(path, checker):
    from clausecheck.reader import read_document

    document = read_document(path)
    report = checker.check(document)
    assert all(f.status == "present" for f in report.findings), "a sound sample must be sound"
    tried = 0
    for finding in report.findings:
        articles = {_article_of(ref) for ref in finding.clauses}
        if len(articles) != 1:
            continue  # spread over several articles: deleting one leaves the rest
        article = articles.pop()
        over = {_article_of(c["clause"]) for c in finding.explanation["considered"]
                if c["score"] >= finding.explanation["threshold"]}
        if over != {article}:
            continue  # another clause carries part of the provision too
        cut = replace(document, clauses=tuple(c for c in document.clauses
                                              if c.number != article))
        if len(cut.clauses) == len(document.clauses):
            continue  # the evidence is the preamble
        after = checker.check(cut, contract_type=report.contract_type)
        assert after.finding(finding.provision).status == "missing", (finding.provision, article)
        for other in report.findings:
            if other.provision == finding.provision:
                continue
            if article in {_article_of(ref) for ref in other.clauses}:
                continue  # it drew evidence from the deleted article too
            assert after.finding(other.provision).status == other.status, (
                f"deleting {article} ({finding.provision}) moved {other.provision}")
        tried += 1
    assert tried >= 10


@pytest.mark.parametrize("stem,provision,article", [
    ("nda_ja_weak", "return_deletion", "第16条"),      # returns only on request
    ("nda_ja_weak", "change_of_control", "第18条"),    # insolvency triggers only
    ("rca_en_weak", "change_of_control", "Article 19"),
])
def test_related_clause_without_core_is_missing_and_anchors_the_insertion(
        stem, provision, article, checker):
    """A clause related to a provision but lacking its core element: the provision is
    missing, the clause stays as evidence, the core element is named first, and the
    redliner inserts the recommended article right after that clause."""
    from clausecheck.reader import read_document
    from clausecheck.redline.placement import anchor_after

    document = read_document(Path(SAMPLES_DIR) / f"{stem}.docx")
    report = checker.check(document)
    finding = report.finding(provision)
    assert finding.status == "missing" and finding.weakening
    assert {_article_of(ref) for ref in finding.clauses} == {article}
    core = checker.library.get(provision).core
    assert [m.id for m in finding.missing_elements][:len(core)] == list(core)
    anchor = anchor_after(provision, report, document)
    assert document.clauses[anchor].ref == article
