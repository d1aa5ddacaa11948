"""The learned layer: a linear model over clause words, for what rules cannot enumerate.

Rules (cues in the clause library) are precise but only know the wordings someone wrote
down. The learned layer scores every clause unit for every provision it was trained on with a
logistic regression over TF-IDF features of the unit's normalised tokens (Sudachi normal
forms for Japanese, lookup lemmas for English: the same tokens the cues match), their
bigrams, and the tokens of the article heading. It is trained by ``benchmarks/train.py`` from
the labelled evaluation data and shipped as a small ``.npz`` file of numbers (vocabulary,
idf weights, coefficients): no pickle, no code, nothing fetched at run time. Inference is a
sparse dot product in numpy.

How the checker uses the scores (``Checker._align``):

* *add*: a unit that no rule took becomes evidence (an unseen wording of a known duty) when
  its probability reaches ``add`` and the rules saw part of the provision in it (an element,
  a defined term), or ``add_alone`` without any rule signal. Rules keep the last word on
  polarity: a sentence that excuses the duty ("shall not be required to return") or only
  defers to another article adds nothing.
* *veto*: a unit that rules took on one body cue alone (no heading, below ``STRONG``) whose
  probability is under ``veto`` is dropped, where the model saw enough examples in that
  language to be trusted (``min_examples``).

``--explain`` lists, per provision, the units the layer added or vetoed and their scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

MODEL_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = MODEL_DIR / "learned.npz"
FORMAT_VERSION = 1

# A token worth a feature: it holds a letter, kana, kanji or digit (punctuation is noise).
_WORDLIKE = re.compile(r"\w")


def unit_features(tokens: Iterable[str], heading_tokens: Iterable[str] = ()) -> list[str]:
    """The feature strings of one clause unit: its tokens, their bigrams, and the tokens of
    its article's heading (prefixed ``h:``). Training and inference both call this."""
    toks = [t for t in tokens if _WORDLIKE.search(t)]
    feats = list(toks)
    feats.extend(f"{a} {b}" for a, b in zip(toks, toks[1:]))
    feats.extend("h:" + t for t in heading_tokens if _WORDLIKE.search(t))
    return feats


def layout_features(layout: Any, analyzer: Any) -> list[list[str]]:
    """Features of every unit of a layout (``engine.align.Layout``), in unit order."""
    heading_tokens: dict[int, tuple[str, ...]] = {}
    out: list[list[str]] = []
    for unit in layout.units:
        art = unit.article
        if art not in heading_tokens:
            head = layout.units[art].heading if 0 <= art < len(layout.units) else ""
            heading_tokens[art] = analyzer.sentence(head).tokens if head.strip() else ()
        tokens: list[str] = []
        for i in unit.own:
            tokens.extend(layout.sentences[i].tokens)
        out.append(unit_features(tokens, heading_tokens[art]))
    return out


@dataclass(frozen=True)
class LearnedModel:
    """A trained model: one logistic regression per provision over a shared vocabulary."""

    provisions: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: Any                        # numpy float32 (V,)
    coef: Any                       # numpy float32 (P, V)
    intercept: Any                  # numpy float32 (P,)
    examples: dict[str, dict[str, int]]   # provision -> {lang: positive examples trained on}
    add: float = 0.9               # with partial support from the rules (an element, a mention)
    add_alone: float = 1.01        # with no rule signal at all in the unit (> 1: never)
    veto: float = 0.05
    min_examples: int = 30
    info: str = ""
    # Provisions whose training label is the whole provision, so a low score may veto a rule.
    # Not those labelled on one element only (ContractNLI's return *on termination*, CUAD's
    # change-of-control *trigger*, audit rights for monitoring): there a low score only says
    # "not that element", and the clause may still be the provision's weak version.
    vetoes: frozenset[str] = frozenset()

    @property
    def inert(self) -> bool:
        """True when no threshold lets the model change a verdict (the shipped setting:
        adds above 1, no veto); its scores are then only worth computing for --explain."""
        return self.add > 1 and self.add_alone > 1 and (self.veto <= 0 or not self.vetoes)

    # -- scoring ---------------------------------------------------------------------------
    def vector(self, feats: Sequence[str]) -> tuple[Any, Any]:
        """Sparse TF-IDF vector (indices, values) of one unit, as sklearn's
        ``TfidfVectorizer(sublinear_tf=True, norm='l2')`` computes it."""
        import numpy as np

        counts: dict[int, int] = {}
        vocab = self.vocabulary
        for f in feats:
            j = vocab.get(f)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        vals = (1.0 + np.log(tf)) * self.idf[idx]
        norm = float(np.sqrt(np.dot(vals, vals)))
        return idx, (vals / norm if norm else vals)

    def probabilities(self, feats: Sequence[str]) -> dict[str, float]:
        """Probability per provision that the unit states it."""
        return {pid: probs[0] for pid, probs in self.score_units([feats]).items()}

    def score_units(self, features: Sequence[Sequence[str]]) -> dict[str, list[float]]:
        """Per provision, the probability of every unit (in the order given)."""
        import numpy as np

        out: dict[str, list[float]] = {pid: [] for pid in self.provisions}
        if not features:
            return out
        rows = [self.vector(f) for f in features]
        z = np.tile(self.intercept.astype(np.float64), (len(rows), 1))
        for r, (idx, vals) in enumerate(rows):
            if len(idx):
                z[r] += self.coef[:, idx] @ vals
        probs = 1.0 / (1.0 + np.exp(-z))
        for p, pid in enumerate(self.provisions):
            out[pid] = probs[:, p].tolist()
        return out

    def trusted(self, pid: str, lang: str) -> bool:
        """Whether the model may veto a rule on ``pid`` in ``lang``: it was trained on the
        whole provision, with enough examples in that language."""
        return pid in self.vetoes and self.examples.get(pid, {}).get(lang, 0) >= self.min_examples

    # -- files -----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (numbers and strings only), atomically."""
        import json

        import numpy as np

        vocab = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = {"format": FORMAT_VERSION, "provisions": list(self.provisions),
                "examples": self.examples, "add": self.add, "add_alone": self.add_alone, "veto": self.veto,
                "min_examples": self.min_examples, "info": self.info,
                "vetoes": sorted(self.vetoes)}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(tmp, vocabulary=np.array(vocab, dtype=np.str_),
                            idf=self.idf.astype(np.float32),
                            coef=self.coef.astype(np.float16),
                            intercept=self.intercept.astype(np.float32),
                            meta=np.array(json.dumps(meta, ensure_ascii=False)))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "LearnedModel":
        import json

        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(f"{path.name}: model format {meta.get('format')!r}, "
                                 f"this clausecheck reads {FORMAT_VERSION}")
            vocab = [str(v) for v in data["vocabulary"]]
            return cls(provisions=tuple(meta["provisions"]),
                       vocabulary={v: i for i, v in enumerate(vocab)},
                       idf=data["idf"].astype(np.float32),
                       coef=data["coef"].astype(np.float32),
                       intercept=data["intercept"].astype(np.float32),
                       examples={k: dict(v) for k, v in meta["examples"].items()},
                       add=float(meta["add"]), add_alone=float(meta["add_alone"]),
                       veto=float(meta["veto"]),
                       min_examples=int(meta["min_examples"]), info=str(meta.get("info", "")),
                       vetoes=frozenset(meta.get("vetoes", ())))


@lru_cache(maxsize=4)
def model_is_inert(path: str | None = None) -> bool:
    """Whether the shipped model (or the one at ``path``) cannot change a verdict, read from
    its settings alone (the weights are not loaded); True when there is no model."""
    import json

    import numpy as np

    target = Path(path) if path else DEFAULT_MODEL
    if not target.is_file():
        return True
    try:
        with np.load(target, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
        return float(meta["add"]) > 1 and float(meta["add_alone"]) > 1 and (
            float(meta["veto"]) <= 0 or not meta.get("vetoes"))
    except (OSError, KeyError, ValueError, TypeError):
        return False     # load_model says what is wrong with it


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LearnedModel | None:
    """The shipped model (or the one at ``path``); None when there is none."""
    target = Path(path) if path else DEFAULT_MODEL
    if not target.is_file():
        return None
    return LearnedModel.load(target)
