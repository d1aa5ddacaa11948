"""The learned layer: its numbers, its file, and how the checker lets it speak."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from clausecheck.engine import Checker
from clausecheck.engine.learned import LearnedModel, load_model, unit_features


def _toy_model(provision: str, positive_words: list[str], *, add: float = 0.5,
               add_alone: float = 0.5, veto: float = 0.0, vetoes=frozenset(),
               examples: int = 100) -> LearnedModel:
    """A hand-made model: the words given push the provision's score up, all else down."""
    vocab = {w: i for i, w in enumerate(positive_words + ["filler"])}
    coef = np.zeros((1, len(vocab)), dtype=np.float32)
    for w in positive_words:
        coef[0, vocab[w]] = 10.0
    return LearnedModel(provisions=(provision,), vocabulary=vocab,
                        idf=np.ones(len(vocab), dtype=np.float32), coef=coef,
                        intercept=np.array([-6.0], dtype=np.float32),
                        examples={provision: {"en": examples, "ja": examples}}, add=add,
                        add_alone=add_alone, veto=veto, vetoes=frozenset(vetoes))


def test_inference_equals_scikit_learn():
    sklearn = pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = [unit_features(t.split()) for t in (
        "the recipient shall return all material", "each party shall keep it secret",
        "return or destroy every copy", "this agreement is governed by law",
        "return the material on request", "secret information stays secret")]
    y = [1, 0, 1, 0, 1, 0]
    vec = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, norm="l2", min_df=1)
    x = vec.fit_transform(docs)
    lr = LogisticRegression(C=4.0, solver="liblinear", random_state=0).fit(x, y)
    model = LearnedModel(provisions=("return_deletion",), vocabulary=dict(vec.vocabulary_),
                         idf=vec.idf_.astype(np.float32), coef=lr.coef_.astype(np.float32),
                         intercept=lr.intercept_.astype(np.float32),
                         examples={"return_deletion": {"en": 3}})
    unseen = unit_features("please return the secret material twice return".split())
    ours = model.probabilities(unseen)["return_deletion"]
    theirs = lr.predict_proba(vec.transform([unseen]))[0, 1]
    assert ours == pytest.approx(theirs, abs=1e-5)
    assert sklearn is not None


def test_model_file_round_trip_has_no_pickle(tmp_path):
    model = _toy_model("purpose", ["purpose", "evaluate"])
    path = tmp_path / "m.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as data:   # would raise on an object array
        assert set(data.files) == {"vocabulary", "idf", "coef", "intercept", "meta"}
    again = LearnedModel.load(path)
    feats = unit_features(["purpose", "evaluate", "filler"])
    assert again.probabilities(feats)["purpose"] == pytest.approx(
        model.probabilities(feats)["purpose"], abs=1e-3)


def test_a_model_of_another_format_is_refused(tmp_path):
    import json

    path = tmp_path / "m.npz"
    _toy_model("purpose", ["purpose"]).save(path)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays["meta"]))
    meta["format"] = 99
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="model format 99"):
        LearnedModel.load(path)


def test_the_shipped_model_loads_and_covers_the_benchmark_provisions():
    model = load_model()
    assert model is not None, "clausecheck/engine/models/learned.npz is missing"
    assert {"purpose", "return_deletion", "change_of_control", "ip_ownership",
            "non_compete", "survival"} <= set(model.provisions)
    # Labelled on one element only: never allowed to veto the rules.
    assert not {"return_deletion", "change_of_control", "monitoring"} & model.vetoes


# -- how the checker uses it ------------------------------------------------------------------
@pytest.fixture(scope="module")
def library(checker):
    return checker.library


HEAD = "MUTUAL AGREEMENT\n\n1. Definitions\nIn this Agreement the Parties are the signatories.\n\n"
UNSEEN = HEAD + "2. Gadgets\nNeither side will peel open a gadget of the other to learn how it was built.\n"
NRE = "no_reverse_engineering"


def _nre(checker: Checker, text: str, make_document):
    return checker.check(make_document(text), contract_type="nda", provisions=[NRE]).finding(NRE)


def test_learned_layer_adds_an_unseen_wording(library, make_document):
    assert _nre(Checker(library, learned=None), UNSEEN, make_document).status == "missing"
    learned = Checker(library, learned=_toy_model(NRE, ["peel", "gadget"]))
    finding = _nre(learned, UNSEEN, make_document)
    assert finding.status != "missing" and finding.clauses == ("2",)
    assert finding.explanation["learned"] == {"added": ["2"]}
    record = next(r for r in finding.explanation["considered"] if r["clause"] == "2")
    assert record["learned"]["effect"] == "added" and record["learned"]["p"] > 0.9


def test_rules_keep_the_last_word_on_polarity(library, make_document):
    excused = HEAD + ("2. Gadgets\nThe Recipient shall not be required to refrain from "
                      "peeling open a gadget of the other.\n")
    learned = Checker(library, learned=_toy_model(NRE, ["peel", "gadget"]))
    finding = _nre(learned, excused, make_document)
    assert finding.status == "missing"
    assert "learned" not in finding.explanation


def test_alone_threshold_applies_without_rule_support(library, make_document):
    strict = Checker(library, learned=_toy_model(NRE, ["peel", "gadget"], add_alone=0.99999))
    assert _nre(strict, UNSEEN, make_document).status == "missing"


def test_veto_drops_a_lone_cue_only_where_the_model_is_trusted(library, make_document):
    text = HEAD + "2. General\nThe Recipient shall not reverse engineer the prototype.\n"
    # A model that sees nothing of the provision in that clause (its only word is absent).
    model = _toy_model(NRE, ["zzz"], veto=0.5, vetoes={NRE})
    finding = _nre(Checker(library, learned=model), text, make_document)
    assert finding.status == "missing"
    assert finding.explanation["learned"] == {"vetoed": ["2"]}
    # Too few examples in this language, or a label that is one element only: no veto.
    for untrusted in (replace(model, examples={NRE: {"en": 3}}),
                      replace(model, vetoes=frozenset())):
        assert _nre(Checker(library, learned=untrusted), text, make_document).status != "missing"


def test_an_inert_model_is_skipped_unless_its_scores_are_asked_for(library, make_document):
    # adds above 1 and no veto: the model cannot change a verdict (the shipped setting)
    inert = _toy_model(NRE, ["peel", "gadget"], add=1.01, add_alone=1.01)
    assert inert.inert and not _toy_model(NRE, ["peel"]).inert
    checker = Checker(library, learned=inert)
    assert _nre(checker, UNSEEN, make_document).status == "missing"   # no add
    text = HEAD + "2. General\nThe Recipient shall not reverse engineer the gadget.\n"
    quick = checker.check(make_document(text), contract_type="nda", provisions=[NRE],
                          explain=False).finding(NRE)
    full = _nre(checker, text, make_document)
    assert quick.status == full.status != "missing"
    scored = [r for r in full.explanation["considered"] if "learned" in r]
    assert scored and not [r for r in quick.explanation["considered"] if "learned" in r]


def test_the_shipped_model_is_not_loaded_for_a_check_without_explain(library, make_document,
                                                                     monkeypatch):
    from clausecheck.engine import learned as learnedmod

    if not learnedmod.model_is_inert():
        pytest.skip("the shipped model may change verdicts: it is always used")
    monkeypatch.setattr(learnedmod, "load_model",
                        lambda *a, **k: pytest.fail("the inert model was loaded"))
    checker = Checker(library)
    text = HEAD + "2. General\nThe Recipient shall not reverse engineer the prototype.\n"
    finding = checker.check(make_document(text), contract_type="nda", provisions=[NRE],
                            explain=False).finding(NRE)
    assert finding.status != "missing"
