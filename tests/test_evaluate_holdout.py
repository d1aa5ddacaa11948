"""benchmarks/evaluate.py --source holdout|holdout2|…|holdout5: the held-out sets are scored by the real/
code and need nothing from ../shared (their contracts and labels are in the repository).

No figure is asserted: the set measures the checker, the test only that the measuring works.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATUSES = {"present", "weak", "missing"}
# Each held-out set, and two of its contracts (one per language) for the fast run.
HELD_OUT = {
    "holdout": ("ja/08_*", "en/07_*", ["en/07_nda_hardwrapped.txt", "ja/08_nda_midashi.md"]),
    "holdout2": ("ja/07_*", "en/01_*", ["en/01_one_page_mutual_nda.md", "ja/07_oboegaki.txt"]),
    "holdout3": ("ja/06_*", "en/01_*", ["en/01_mutual_nda_short.md",
                                        "ja/06_himitsu_seiyakusho.txt"]),
    "holdout4": ("ja/05_*", "en/08_*", ["en/08_one_page_nda.txt",
                                        "ja/05_oboegaki_nda_henko.txt"]),
    "holdout5": ("ja/08_*", "en/07_*", ["en/07_letter_of_intent.md",
                                        "ja/08_himitsu_hoji_kofu.txt"]),
}


@pytest.fixture(scope="module")
def evaluate():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import evaluate as module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


def test_every_held_out_folder_is_a_source_that_all_leaves_out(evaluate) -> None:
    folders = {p.parent.name for p in (ROOT / "benchmarks").glob("*/labels.json")}
    assert folders == set(HELD_OUT) == set(evaluate.EXTRA_SOURCES)
    assert not folders & set(evaluate.SOURCE_NAMES)


@pytest.mark.parametrize("source", sorted(HELD_OUT))
def test_labels_cover_every_guidance_provision_of_files_that_exist(source: str) -> None:
    from clausecheck.library import load_library

    library = load_library()
    folder = ROOT / "benchmarks" / source
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    assert {name.split("/")[0] for name in labels} == {"ja", "en"}
    for name, lab in labels.items():
        assert (folder / name).is_file(), name
        assert lab["lang"] == name.split("/")[0], name
        profile = library.profile(lab["type"])
        assert profile.id == lab["type"], name
        assert len(lab["provisions"]) == 26, name
        for pid, value in lab["provisions"].items():
            assert library.find(pid) is not None, (name, pid)
            assert value["status"] in STATUSES, (name, pid)
            assert bool(value["where"]) == (value["status"] != "missing") or value["note"], \
                (name, pid)


@pytest.mark.parametrize("source", sorted(HELD_OUT))
def test_held_out_source_runs_on_two_contracts_without_shared_eval(
        evaluate, source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ja, en, names = HELD_OUT[source]
    out = tmp_path / "figures.json"
    code = evaluate.main(["--source", source, "--eval-dir", str(tmp_path / "absent"),
                          "--contracts", ja, "--contracts", en,
                          "--errors", "--json", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert f"== {source} (2 contracts" in printed
    for lang in ("ja", "en"):
        assert f"  {lang}: verdicts right (present-or-weak vs missing)" in printed
    figures = json.loads(out.read_text(encoding="utf-8"))
    (run,) = figures["runs"].values()
    assert list(run) == [source]
    result = run[source]
    assert result["docs"] == 2
    assert sorted(c["contract"] for c in result["per_contract"]) == names
    for lang, counts in result["real"].items():
        assert counts["docs"] == 1 and counts["n"] > 0, lang
        assert 0 <= counts["three"] <= counts["binary"] <= counts["n"], lang


def test_no_contract_matching_is_an_error(evaluate, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = evaluate.main(["--source", "holdout", "--contracts", "nothing/*"])
    assert code == 2
    assert "no contract matches" in capsys.readouterr().err


@pytest.mark.parametrize("gold,detected,right", [
    ("nda", "nda", True),
    ("nda", "other", False),
    ("joint_research", "nda", False),
    # GUIDANCE.md's "other": any agreement but an NDA or a joint research agreement
    ("other", "outsourcing", True),
    ("other", "license", True),
    ("other", "other", True),
    ("other", "nda", False),
    ("outsourcing", "supply", False),
])
def test_a_contract_type_is_right_at_the_labels_granularity(evaluate, gold: str, detected: str,
                                                           right: bool) -> None:
    assert evaluate.type_right(gold, detected) is right
