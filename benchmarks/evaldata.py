"""The labelled evaluation data of ``../shared/eval`` as documents with their gold labels.

Shared by ``evaluate.py`` (scores) and ``train.py`` (the learned layer). Every source becomes a
list of :class:`EvalDoc`: the contract as the reader reads it, the labels the metric scores
(``gold``), and, for training, what marks a clause unit as stating a provision: the
labelled evidence texts (ContractNLI spans, CUAD evidence) or the article headings of the
METI/JPO model contracts. The data are read, never copied: nothing here quotes a contract.
"""

from __future__ import annotations

import ast
import csv
import functools
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONTRACTNLI_PROVISIONS = {
    "nda-4": "purpose",
    "nda-8": "compelled_disclosure",
    "nda-11": "no_reverse_engineering",
    "nda-15": "no_license",
    "nda-16": "return_deletion",
    "nda-18": "non_solicitation",
    "nda-19": "survival",
}
CUAD_CATEGORIES = {"change_of_control", "monitoring", "ip_ownership", "non_compete",
                   "governing_law", "non_solicitation", "assignment"}
CUAD_PROVISIONS = ["change_of_control", "monitoring", "ip_ownership", "non_compete",
                   "governing_law", "non_solicitation", "assignment"]

# Japanese model contracts: the article heading says what an article provides. This is the
# mapping heading -> provision ids used as gold (headings not listed provide none of the
# checked provisions: fees, roles, personal data, OSS, consultation, ...).
JA_HEADING_PROVISIONS: dict[str, list[str]] = {
    "目的": ["purpose"],
    "目的外使用の禁止": ["purpose"],
    "秘密情報の定義": ["ci_definition"],
    "秘密保持": ["confidentiality"],
    "秘密情報": ["ci_definition", "confidentiality"],
    "秘密情報の取扱い": ["ci_definition", "confidentiality"],
    "秘密情報の複製の取り扱い": ["info_handling"],
    "対象データの管理": ["info_handling"],
    "対象データの利用・管理": ["info_handling"],
    "秘密情報の破棄または返還": ["return_deletion"],
    "損害賠償": ["remedies"],
    "差止め": ["remedies"],
    "期間": ["term"],
    "有効期間": ["term"],
    "存続条項": ["survival"],
    "準拠法および裁判管轄": ["governing_law"],
    "準拠法および管轄裁判所": ["governing_law"],
    "準拠法および紛争解決手続き": ["governing_law"],
    "再委託": ["subcontracting"],
    "成果の公表": ["publication"],
    "本報告書等の知的財産権": ["ip_ownership"],
    "本件成果物等の著作権の帰属": ["ip_ownership"],
    "本件成果物等の特許権等の帰属": ["ip_ownership"],
    "権利義務譲渡の禁止": ["assignment"],
    # 解除 is not mapped: in these contracts it lists breach and insolvency triggers only, and
    # change_of_control's core element is the change-of-control trigger (none of the four
    # model contracts has one), so such an article does not provide the provision.
    "監査": ["monitoring"],
    # 禁止事項: in these contracts the prohibited acts are reverse engineering and the like.
    "禁止事項": ["no_reverse_engineering"],
}
JA_PROVISIONS = sorted({p for ps in JA_HEADING_PROVISIONS.values() for p in ps})
JA_CONTRACT_TYPE = {"5": "nda", "6": "poc", "7": "joint_research", "8": "other"}

_JA_HEAD = re.compile(r"^#+\s*第?([0-9]+)条\s*[（(](.+?)[）)]\s*$")


@dataclass
class EvalDoc:
    """One labelled contract."""

    name: str
    source: str                              # contractnli | cuad | ja | real | holdout…
    lang: str
    document: Any                            # clausecheck.model.Document
    gold: dict[str, bool]                    # provision -> mentioned / present (the metric)
    check: dict[str, Any]                    # keyword arguments for Checker.check
    evidence: dict[str, list[str]] = field(default_factory=dict)   # provision -> texts
    headings: dict[str, list[str]] = field(default_factory=dict)   # article number -> ids
    gold3: dict[str, str] = field(default_factory=dict)            # real/, held-out: three-way
    gold_type: str = ""
    extra: dict[str, Any] = field(default_factory=dict)            # element-view labels

    @property
    def trainable(self) -> bool:
        """Whether the document can teach the learned layer (real/ and the held-out set are
        for measuring only: their labels cite clauses in free form)."""
        return self.source not in THREE_WAY_SOURCES

    @property
    def labelled(self) -> set[str]:
        """The provisions this document's labels speak about (positives and negatives)."""
        if self.source == "ja":
            return set(JA_PROVISIONS)
        return set(self.gold)


def fold_of(name: str, k: int) -> int:
    """A stable fold for a document name (the same on every machine and run)."""
    return int(hashlib.md5(name.encode("utf-8")).hexdigest(), 16) % k


# --- reading ------------------------------------------------------------------------------
READER_PROBLEMS: list[str] = []


def _fallback_document(text: str, name: str, lang: str) -> Any:
    """One article per non-empty line, for use when the reader loses most of the text."""
    from clausecheck.model import Clause, Document

    clauses = tuple(Clause(number=str(i + 1), title="", text=line.strip(), kind="article",
                           path=(str(i + 1),), source=(i,))
                    for i, line in enumerate(text.splitlines()) if line.strip())
    return Document(path=name, format="txt", language=lang, title="", preamble="",
                    clauses=clauses, char_count=len(text))


def read_text_document(text: str, name: str, lang: str) -> Any:
    """The reader's Document; when the reader fails or loses most of the text, one clause
    per line instead (counted in READER_PROBLEMS and reported, so the engine is still
    measured on the whole contract)."""
    from clausecheck.reader import read_text

    try:
        document = read_text(text, name=name, fmt="txt")
    except Exception as exc:  # measure the engine even when the reader trips
        READER_PROBLEMS.append(f"{name}: reader error {type(exc).__name__}: {exc}")
    else:
        kept = len(document.text) / max(1, len(text.strip()))
        if kept >= 0.5:
            return document
        READER_PROBLEMS.append(f"{name}: reader kept {kept:.0%} of the text")
    return _fallback_document(text, name, lang)


# --- sources ------------------------------------------------------------------------------
def load_contractnli(eval_dir: Path, split: str = "all") -> list[EvalDoc]:
    files = {"train": ["train_truncated.json"], "dev": ["dev.json"],
             "all": ["train_truncated.json", "dev.json"]}[split]
    out: list[EvalDoc] = []
    for fname in files:
        data = json.loads((eval_dir / "contractnli" / fname).read_text(encoding="utf-8"))
        for doc in data["documents"]:
            name = f"{fname}:{doc['id']}"
            ann = doc["annotation_sets"][0]["annotations"]
            text, spans = doc["text"], doc["spans"]
            gold, evidence = {}, {}
            for hyp, pid in CONTRACTNLI_PROVISIONS.items():
                a = ann.get(hyp, {"choice": "NotMentioned", "spans": []})
                gold[pid] = a["choice"] != "NotMentioned"
                evidence[pid] = [text[spans[k][0]:spans[k][1]] for k in a.get("spans", [])]
            extra = {h: ann.get(h, {}).get("choice", "NotMentioned")
                     for h in ("nda-1", "nda-3", "nda-16", "nda-20")}
            out.append(EvalDoc(name, "contractnli", "en", read_text_document(text, name, "en"),
                               gold, {"contract_type": "nda",
                                      "provisions": list(gold) + ["ci_definition"]},
                               evidence=evidence, extra=extra, gold_type="nda"))
    return out


def cuad_split(name: str) -> str:
    return "dev" if int(hashlib.md5(name.encode()).hexdigest(), 16) % 3 == 0 else "train"


def load_cuad(eval_dir: Path, split: str = "all") -> list[EvalDoc]:
    gold: dict[str, dict[str, bool]] = defaultdict(dict)
    evidence: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with open(eval_dir / "cuad" / "labels.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            present = row["present"].strip() == "1"
            pid = row["provision"]
            gold[row["file"]][pid] = gold[row["file"]].get(pid, False) or present
            if present and row.get("evidence"):
                try:
                    texts = ast.literal_eval(row["evidence"])
                except (ValueError, SyntaxError):
                    texts = []
                evidence[row["file"]][pid].extend(t for t in texts if isinstance(t, str))
    out: list[EvalDoc] = []
    for fname in sorted(gold):
        if split != "all" and cuad_split(fname) != split:
            continue
        path = eval_dir / "cuad" / "contracts" / fname
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        labels = {pid: gold[fname].get(pid, False) for pid in CUAD_PROVISIONS}
        out.append(EvalDoc(fname, "cuad", "en", read_text_document(text, fname, "en"), labels,
                           {"contract_type": "joint_research", "provisions": CUAD_PROVISIONS},
                           evidence=dict(evidence[fname])))
    return out


def ja_gold(md_text: str) -> dict[str, list[str]]:
    """Article number -> provisions it provides, from the headings of the model contract.

    Only the contract proper: the option clauses after 「その他の追加オプション条項」 and the
    commentary are not articles of the contract.
    """
    out: dict[str, list[str]] = {}
    for line in md_text.splitlines():
        if line.startswith("#") and "追加オプション条項" in line:
            break
        m = _JA_HEAD.match(line.strip())
        if m:
            out[m.group(1)] = JA_HEADING_PROVISIONS.get(m.group(2).strip(), [])
    return out


def load_ja(eval_dir: Path, split: str = "all") -> list[EvalDoc]:
    from clausecheck.reader import read_document

    out: list[EvalDoc] = []
    for md in sorted((eval_dir / "ja").glob("*.md")):
        md_text = md.read_text(encoding="utf-8")
        headings = ja_gold(md_text)
        docx = eval_dir / "ja" / f"word_{md.name[:-3]}.docx"
        document = read_document(docx)
        provided = {p for ps in headings.values() for p in ps}
        gold = {pid: pid in provided for pid in JA_PROVISIONS}
        out.append(EvalDoc(md.name, "ja", "ja", document, gold,
                           {"contract_type": "joint_research", "provisions": JA_PROVISIONS},
                           headings=headings, gold_type=JA_CONTRACT_TYPE.get(md.name[0], "other")))
    return out


def load_labelled(folder: Path, source: str) -> list[EvalDoc]:
    """Contracts labelled present / weak / missing per provision in ``folder/labels.json``
    (the format of ``real/labels.json``)."""
    from clausecheck.reader import read_document

    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    out: list[EvalDoc] = []
    for rel, lab in sorted(labels.items()):
        path = folder / rel
        if not path.is_file():
            continue
        document = read_document(path)
        gold3 = {pid: v["status"] for pid, v in lab["provisions"].items()}
        out.append(EvalDoc(rel, source, lab["lang"], document,
                           {pid: s != "missing" for pid, s in gold3.items()},
                           {"contract_type": lab["type"]}, gold3=gold3,
                           gold_type=lab["type"], extra={"kind": lab.get("kind", "")}))
    return out


def load_real(eval_dir: Path, split: str = "all") -> list[EvalDoc]:
    return load_labelled(eval_dir / "real", "real")


# The held-out sets drafted for issue 8 live in the repository, not in ../shared/eval: each is a
# folder of benchmarks/ with a labels.json in the format of real/ (source name = folder name),
# so a new set is a source as soon as its folder has its labels.
BENCHMARKS_DIR = Path(__file__).resolve().parent
HELD_OUT_SETS = tuple(sorted(p.parent.name for p in BENCHMARKS_DIR.glob("*/labels.json")))


def held_out_dir(source: str) -> Path:
    """The folder of a held-out set (``benchmarks/holdout``, ``benchmarks/holdout2``, …)."""
    if source not in HELD_OUT_SETS:
        raise ValueError(f"not a held-out set: {source}")
    return BENCHMARKS_DIR / source


def load_held_out(source: str, eval_dir: Path, split: str = "all") -> list[EvalDoc]:
    """One held-out set: contracts written for measuring only (never tuned on), read and
    scored as real/ is; ``eval_dir`` and ``split`` are not used (the set is in the repository
    and has no split)."""
    return load_labelled(held_out_dir(source), source)


# Sources scored as real/ is: three-way labels over the provisions of the contract's profile.
THREE_WAY_SOURCES = ("real",) + HELD_OUT_SETS

LOADERS = {"contractnli": load_contractnli, "cuad": load_cuad, "ja": load_ja, "real": load_real,
           **{source: functools.partial(load_held_out, source) for source in HELD_OUT_SETS}}


# --- unit labels for training -------------------------------------------------------------
def _flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip().lower()


MIN_MATCH_CHARS = 25


def unit_labels(doc: EvalDoc, layout: Any) -> dict[str, set[int]]:
    """For each provision the document labels, the indexes of the units that state it.

    ContractNLI / CUAD: a unit states a provision when one of its own sentences (as written,
    at least ``MIN_MATCH_CHARS`` long) lies inside a labelled evidence text, or an evidence
    text lies inside the unit. Model contracts: every unit of an article whose heading maps to
    the provision."""
    out: dict[str, set[int]] = {pid: set() for pid in doc.labelled}
    if doc.source == "ja":
        number_of = {}
        for idx, unit in enumerate(layout.units):
            if unit.kind == "article" and unit.clause is not None:
                number_of[idx] = re.sub(r"[^0-9]", "", unit.clause.number or "")
        for idx, unit in enumerate(layout.units):
            art = number_of.get(unit.article, "")
            for pid in doc.headings.get(art, []):
                out.setdefault(pid, set()).add(idx)
        return out
    for pid, texts in doc.evidence.items():
        if not texts:
            continue
        flats = [_flat(t) for t in texts]
        blob = "\x00".join(flats)
        for idx, unit in enumerate(layout.units):
            if unit.kind == "preamble":
                continue
            own = [_flat(layout.text(i)) for i in unit.own]
            if any(len(s) >= MIN_MATCH_CHARS and s in blob for s in own):
                out[pid].add(idx)
                continue
            joined = " ".join(own)
            if any(len(f) >= MIN_MATCH_CHARS and f in joined for f in flats):
                out[pid].add(idx)
    return out
