"""The language layer: the only module that imports spaCy.

``get_analyzer(lang)`` returns an :class:`Analyzer` (cached per process) that turns text into
normalised forms the engine can match cues against:

* Japanese: ``spacy.blank("ja")`` (the Sudachi tokenizer); each token's Sudachi normal form
  (``token.norm_``) so that 取扱い/取り扱い and inflections (返還する/返還した) meet. The forms
  are concatenated without separators, because Japanese has no word spaces and a cue such as
  秘密情報 must match however Sudachi split it.
* English: ``spacy.blank("en")`` with the lookup lemmatizer (spacy-lookups-data); the text is
  lowercased first (the lookup table is lowercase), split into words of letters and digits
  (punctuation dropped; "n't" read as "not"), each word mapped through the lookup lemma table;
  lemmas are joined by single spaces and padded with a space at each end so that ``" copy "``
  only matches whole words.

Sudachi refuses very long inputs (about 49 KB), so text is always analysed sentence by
sentence, and a sentence still longer after NFKC is cut by bytes; every sentence is analysed
once and cached.

The module also answers whether a sentence is an *exemption* ("shall not be required to
return", 「返還を要しない」): a cue found in an exemption states no obligation.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from clausecheck.fields import is_field, split_label

__all__ = [
    "Analyzer", "Sentence", "get_analyzer", "normalize_text", "split_sentences",
    "introduces_definitions", "is_exemption", "is_formality", "is_obligation", "states_term",
]

# Sentences are split at this many characters (run-on text: tables, lists without stops).
_MAX_CHUNK_CHARS = 4000
# Sudachi refuses an input over 49,149 bytes of UTF-8 ("Input is too long"). The text it gets
# is NFKC-normalised, which can expand a character 18-fold (U+FDFA), so the cut is made on the
# normalised text and counted in bytes, not on the characters before NFKC.
_MAX_CHUNK_BYTES = 40_000


def _byte_chunks(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` UTF-8 bytes (at a space if one is near)."""
    if len(text) * 4 <= limit or len(text.encode("utf-8")) <= limit:
        return [text]
    pieces: list[str] = []
    start, size = 0, 0
    for i, ch in enumerate(text):
        width = len(ch.encode("utf-8", "surrogatepass"))
        if size + width > limit:
            cut = text.rfind(" ", start, i)
            cut = cut + 1 if cut > start + (i - start) // 2 else i
            pieces.append(text[start:cut])
            start = cut
            size = len(text[start:i].encode("utf-8", "surrogatepass"))
        size += width
    pieces.append(text[start:])
    return [p for p in pieces if p]


# Words whose numeral is part of the word, written with a digit: 第３者 is 第三者 ("third
# party"), not the third of something; cues are written with the kanji (same length: offsets
# into the flat text stay those of the text).
_NUMERAL_WORDS = re.compile(r"第3(者|国)")

# A run of more digits or kanji numerals than any number in a contract has (a hostile line of
# 20,000 digits): a cue such as ``[0-9]+年`` tries it from every position, which is quadratic
# in the run's length (0.7 s a pattern for a 4,000-digit sentence). Such a run is cut to its
# first and last _NUMERAL_KEEP characters, so what stands next to it matches as before.
_NUMERAL_KEEP = 32
_LONG_NUMERAL = re.compile(r"[\d〇一二三四五六七八九十百千万億兆]{%d,}" % (2 * _NUMERAL_KEEP + 1))


def _cut_numeral(m: re.Match[str]) -> str:
    run = m.group()
    return run[:_NUMERAL_KEEP] + run[-_NUMERAL_KEEP:]


def normalize_text(text: str, lang: str) -> str:
    """NFKC, collapsed whitespace; lowercase for English. Regex cues run on this form."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _LONG_NUMERAL.sub(_cut_numeral, text)
    if lang == "en":
        return text.lower()
    return _NUMERAL_WORDS.sub(r"第三\1", text)


# English: a sentence ends at . ! ? before a capital/digit/bracket, or at a line break.
# Not after an abbreviation ("the U.S. General Services Administration", "Public Law No. 108").
_ABBREVIATIONS = ("U.S", "U.K", "E.U", "No", "Nos", "Inc", "Co", "Corp", "Ltd", "Art", "Sec",
                  "Mr", "Ms", "Mrs", "Dr", "St", "vs", "e.g", "i.e", "cf", "approx")
_SENT_EN = re.compile("".join(rf"(?<!\b{re.escape(a)}\.)" for a in _ABBREVIATIONS)
                      + r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])|\n")
# A line break inside a sentence (hard-wrapped text: "…if the other party files\nfor
# bankruptcy"): the next line goes on in lower case, or the line ends with a comma or a
# conjunction, or a full-width line (a wrap: not a heading or a form field) stops without a
# full stop and the next goes on with a capital ("…disclosure of Confidential\nInformation
# …"). Such a break is a space, not the end of a sentence.
_WRAP_WIDTH = 50
_WRAPPED_EN = re.compile(r"(?<=[^\s.;:!?])[ \t]*\n[ \t]*(?=[a-z])"
                         r"|(?:(?<=,)|(?<=\band)|(?<=\bor))[ \t]*\n[ \t]*(?=[A-Za-z])"
                         r"|(?P<full>(?<=[^\n]{%d})(?<=[A-Za-z0-9)’”\"])[ \t]*\n[ \t]*"
                         r"(?=[A-Z]|\((?!(?:[a-z]{1,3}|[ivx]+|\d+)\))))"
                         % _WRAP_WIDTH)


def _unwrap_en(text: str) -> str:
    """Hard-wrapped English with its wrapping line breaks as spaces (``_WRAPPED_EN``); a full
    line stays apart from a next line written ``Label: value`` (a field, or a heading or a
    recital written so: ``fields.split_label``)."""
    def join(m: re.Match[str]) -> str:
        if m.group("full") is not None \
                and split_label(text[m.end():m.end() + 80].split("\n", 1)[0]) is not None:
            return m.group(0)
        return " "
    return _WRAPPED_EN.sub(join, text)


_OPEN = "（(「『【〔［"
_CLOSE = "）)」』】〕］"


def _split_ja(text: str) -> list[str]:
    """Split after 。！？ and at line breaks, but never inside brackets: 「…（複製物を含む。）を…」
    is one sentence."""
    out: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "\n" or (ch in "。！？" and depth == 0):
            out.append(text[start:i + (ch != "\n")])
            start = i + 1
            if ch == "\n":
                depth = 0
    out.append(text[start:])
    return out


def split_sentences(text: str, lang: str) -> list[str]:
    """Split clause text into sentences (cheap rules, good enough for cue scoping)."""
    pieces = _split_ja(text) if lang == "ja" else _SENT_EN.split(_unwrap_en(text))
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip() if piece else ""
        if not piece:
            continue
        # Guard against run-on text (tables, lists without punctuation): cap the length.
        while len(piece) > _MAX_CHUNK_CHARS:
            cut = piece.rfind(" ", 0, _MAX_CHUNK_CHARS)
            cut = cut if cut > _MAX_CHUNK_CHARS // 2 else _MAX_CHUNK_CHARS
            out.append(piece[:cut])
            piece = piece[cut:].strip()
        if piece:
            out.append(piece)
    return out


_EN_WORD = re.compile(r"[a-z0-9]+")
_EN_NOT = re.compile(r"n[’']t\b")


# --- modality --------------------------------------------------------------------------
# Exemptions release a party from a duty: a cue found in such a sentence is *not* an
# obligation ("shall not be required to return" is no return obligation).
_EXEMPT_EN = re.compile(
    r"\b(?:not|never)\s+(?:be\s+)?(?:required|obliged|obligated|bound)\s+to\b"
    r"|\bno\s+(?:obligation|duty|requirement)\s+to\b"
    r"|\bunder\s+no\s+obligation\b|\bneed\s+not\b|\bnot\s+(?:be\s+)?necessary\s+to\b"
    r"|\bis\s+not\s+required\b|\bnot\s+have\s+(?:any|an)\s+obligation\b")
# (Not the manner of a right: 「催告その他の手続を要しないで直ちに解除することができる」 says how a
# party may act, not that a duty is excused.)
_EXEMPT_JA = re.compile(r"要しない(?!で)|要さない(?!で)|義務を負わない|義務を負うものではない"
                        r"|必要はない|必要としない|責任を負わない|義務はない|するには及ばない")


def is_exemption(sentence: str, lang: str) -> bool:
    """True when the sentence releases a party from a duty (not a duty itself)."""
    return bool((_EXEMPT_JA if lang == "ja" else _EXEMPT_EN).search(sentence))


# Duties: "shall", "must", 「ものとする」, 「してはならない」 (a sentence stating a term).
_OBLIGE_EN = re.compile(r"\b(?:shall|must|will|agrees?\s+to|undertakes?\s+to|is\s+required\s+to)\b")
_OBLIGE_JA = re.compile(r"なければならない|ものとする|てはならない|ではならない|義務を負う|しない|ないこと")


def is_obligation(sentence: str, lang: str) -> bool:
    """True when the sentence states a duty ("shall", 「ものとする」) and is no exemption."""
    if is_exemption(sentence, lang):
        return False
    return bool((_OBLIGE_JA if lang == "ja" else _OBLIGE_EN).search(sentence))


_DEFINES_EN = re.compile(r"\b(?:means|shall mean|is defined as|are defined as|refers? to"
                         r"|acknowledges?(?: and agrees?)? that|agrees? that)\b")
_DEFINES_JA = re.compile(r"」とは|とは、|をいう。?$|をいう(?:もの|。)|という。")


# What opens a list of definitions: "The following terms shall have the following
# meanings", "As used in this Agreement:", a heading "Definitions"; 「次の各号に定める意味を
# 有する」, a heading 「定義」. Entries under it define terms even when they do not say "means"
# ("Confidential Information. All information …").
_DEFS_INTRO_EN = re.compile(
    r"\b(?:following|these|below|capitali[sz]ed) (?:words|terms|expressions)\b.{0,60}?"
    r"\b(?:mean|means|meaning|meanings|defined|definitions?)\b"
    r"|\bas used (?:in|under) this (?:agreement|nda|deed|undertaking|contract)\b"
    r"|^(?:\d+\.?\s*)?definitions?"
    r"(?: and interpretation)?[.:]?$")
_DEFS_INTRO_JA = re.compile(r"(?:次|以下)の(?:各号に定める|とおりの?)?意味を有する|次の用語|以下の用語"
                            r"|^[（(【〔\[]?定義[）)】〕\]]?$")


def introduces_definitions(sentence: str, lang: str) -> bool:
    """True when the sentence opens a list of definitions (or is its heading)."""
    return bool((_DEFS_INTRO_JA if lang == "ja" else _DEFS_INTRO_EN).search(sentence.strip()))


# Sentences that state no term of their own: the signing formula (「以下のとおり本契約を締結する」,
# "the parties agree as follows"), a label ending in a colon, a field of the parties' details
# (「名称：…」「住所：…」, "Address: …") or a template blank ({{NAME}}, ＿＿＿).
# Only the formula that points at what follows: 「…の検討のために本契約を締結する」 names a purpose.
_FORMULA_JA = re.compile(r"(以下|次)の(とおり|通り)?[^。]{0,20}(契約|覚書|合意書)を締結(する|します|した)。?$"
                         r"|(以下|次)のとおり(合意|契約)する。?$")
_FORMULA_EN = re.compile(r"\b(?:agree(?:s|d)?|enter(?:s|ed)? into this \w+) as follows\b[.:]?$")
_PARTY_FIELD = re.compile(r"^[\s*・-]*(?:名称|商号|氏名|住所|所在地|代表者|担当者|連絡先|電話|name|address|"
                          r"registered office|represented by|signatory|signee|title|email|e-mail|phone)"
                          r"\s*[:：]", re.IGNORECASE)
_BLANKS = re.compile(r"\{\{[^}]*\}\}|[_＿]{3,}|[〇○●]{2,}|\[[^\]]{0,40}\]")


def is_formality(sentence: str, lang: str) -> bool:
    """True when the sentence states no term of its own (see ``_FORMULA_JA`` above): under
    a heading 「（目的）」 such text names the deal, not a purpose."""
    text = sentence.strip()
    if not _BLANKS.sub("", text).strip(" 　*:：、,.。-"):
        return True
    if text.endswith((":", "：")) or _PARTY_FIELD.search(text):
        return True
    return bool((_FORMULA_JA if lang == "ja" else _FORMULA_EN).search(text))


def states_term(sentence: str, lang: str) -> bool:
    """True when the sentence states a term of the deal: a duty, a definition, what the
    parties acknowledge or a field of a cover sheet (and not an exemption). A recital
    ("WHEREAS the parties wish to…", 「…を希望し」) states none."""
    if is_obligation(sentence, lang):
        return True
    if is_field(sentence):   # "Term: 2 years", 「契約期間：2年」 (clausecheck.fields)
        return True
    return bool((_DEFINES_JA if lang == "ja" else _DEFINES_EN).search(sentence))


@dataclass(frozen=True)
class Sentence:
    """One analysed sentence.

    ``text``: as written; ``flat``: NFKC (+ lowercase for en), for regex cues;
    ``norm``: the normalised token string cue phrases are matched in;
    ``tokens``: the normalised tokens (for proximity cues);
    ``exempt``: the sentence releases a party from a duty (see module doc).
    """

    text: str
    flat: str
    norm: str
    tokens: tuple[str, ...]
    exempt: bool


# Sentences analysed and kept per analyzer. A contract has a few hundred; the cache pays for
# sentences that recur within a contract and for boilerplate shared across a batch. The
# bound keeps a long scan's workers flat in memory: unbounded, they grew ~1 MB per file.
SENTENCE_CACHE_LIMIT = 3000


# A sentence in です・ます style (see ``Analyzer._plain``).
_POLITE = re.compile(r"ま(す|せん)|です")
# auxiliaries that conjugate as verbs do (使用させます, 開示されません)
_VERB_AUXILIARIES = frozenset({"せる", "させる", "れる", "られる"})
_A_ROW = dict(zip("うくぐすつぬぶむる", "わかがさたなばまら"))


def _negative_stem(base: str, kind: str) -> str | None:
    """The stem ない follows (未然形) of a verb in its dictionary form: 除く -> 除か, 設ける ->
    設け, する -> し, 講ずる -> 講じ; None for a form not known."""
    if kind.startswith("サ行変格"):
        return base[:-2] + ("じ" if base.endswith("ずる") else "し") if len(base) >= 2 else None
    if kind.startswith("五段") and base[-1:] in _A_ROW:
        return base[:-1] + _A_ROW[base[-1]]
    if kind.startswith(("上一段", "下一段", "カ行変格")) and base.endswith("る"):
        return base[:-1]
    return None


class Analyzer:
    """Normalises text for one language; every sentence is analysed once and cached."""

    def __init__(self, lang: str, nlp: Any) -> None:
        self.lang = lang
        self._nlp = nlp
        self._cache: dict[str, Sentence] = {}
        self._phrase_cache: dict[str, str] = {}
        self._lock = threading.Lock()
        self._lemmas: dict[str, str] = {}
        self._lemma_table: Any = None
        if lang == "en":
            try:
                self._lemma_table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
            except (KeyError, ValueError):  # no lookup data: words stay as written
                self._lemma_table = None

    # -- tokens -------------------------------------------------------------------------
    def _tokens(self, text: str) -> tuple[str, ...]:
        if self.lang == "ja":
            # Sudachi's normalised forms, as spaCy's Japanese tokenizer sets them as
            # ``Token.norm_``, without spaCy's Doc: building it (part-of-speech tags,
            # readings, morphology) cost five times the tokenizing itself. Spaces are no
            # tokens, as ``not Token.is_space`` dropped them.
            sudachi = self._nlp.tokenizer.tokenizer
            out: list[str] = []
            for chunk in _byte_chunks(text, _MAX_CHUNK_BYTES):
                for morpheme in sudachi.tokenize(chunk):
                    surface = morpheme.surface()
                    if surface and not surface.isspace():
                        out.append(morpheme.normalized_form() or surface.lower())
            return tuple(out)
        # English: words of letters/digits (punctuation dropped, as the matcher wants), each
        # mapped through spaCy's lookup lemma table. Building spaCy Token objects costs ten
        # times more than this and gives the same lemmas for lowercase words.
        lemma = self._lemmas
        out = []
        for word in _EN_WORD.findall(_EN_NOT.sub(" not", text.lower())):
            hit = lemma.get(word)
            if hit is None:
                hit = self._lemma_table.get(word, word) if self._lemma_table else word
                lemma[word] = hit
            out.append(hit)
        return tuple(out)

    def _plain(self, flat: str) -> str:
        """A sentence in です・ます style in the plain style cues are written in (a pledge, 誓約書,
        says 「開示いたしません」「除きます」「負います」 where a contract says 「開示しない」「除く」
        「負う」): verb + ます becomes the verb's dictionary form, verb + ません its ない form,
        いたす is する, です is である. Everything else stays as written."""
        sudachi = self._nlp.tokenizer.tokenizer
        out: list[str] = []
        for chunk in _byte_chunks(flat, _MAX_CHUNK_BYTES):
            ms = list(sudachi.tokenize(chunk))
            i = 0
            while i < len(ms):
                m = ms[i]
                pos = m.part_of_speech()
                nxt = ms[i + 1] if i + 1 < len(ms) else None
                after = ms[i + 2] if i + 2 < len(ms) else None
                verb = pos[0] == "動詞" or (pos[0] == "助動詞"
                                           and m.dictionary_form() in _VERB_AUXILIARIES)
                if verb and nxt is not None and nxt.dictionary_form() == "ます":
                    humble = m.dictionary_form() in ("いたす", "致す")
                    base = "する" if humble else m.dictionary_form()
                    kind = "サ行変格" if humble else pos[4] if pos[0] == "動詞" else "下一段"
                    if base.endswith("ずる") and not humble:
                        base = m.surface() + "る"      # 講じます -> 講じる, as cues write it
                        kind = "上一段"
                    if nxt.surface() == "ませ" and after is not None \
                            and after.dictionary_form() == "ぬ":
                        stem = _negative_stem(base, kind)
                        if stem is not None:
                            out.append(stem + "ない")
                            i += 3
                            continue
                    elif nxt.surface() == "ます":
                        out.append(base)
                        i += 2
                        continue
                elif pos[0] == "助動詞" and m.surface() == "です":
                    out.append("である")
                    i += 1
                    continue
                out.append(m.surface())
                i += 1
        return "".join(out)

    def join(self, tokens: tuple[str, ...] | list[str]) -> str:
        """Tokens to the matchable string (ja: concatenated; en: spaced and padded)."""
        if self.lang == "ja":
            return "".join(tokens)
        return " " + " ".join(tokens) + " "

    def normalize_phrase(self, phrase: str) -> str:
        """A cue phrase in the same normalised form as ``Sentence.norm``."""
        hit = self._phrase_cache.get(phrase)
        if hit is None:
            flat = normalize_text(phrase, self.lang)
            hit = self.join(self._tokens(flat)) if flat else ""
            self._phrase_cache[phrase] = hit
        return hit

    def phrase_tokens(self, phrase: str) -> tuple[str, ...]:
        return self._tokens(normalize_text(phrase, self.lang))

    # -- sentences ----------------------------------------------------------------------
    def sentence(self, text: str) -> Sentence:
        """Analyse one sentence (cached by its text)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        flat = normalize_text(text, self.lang)
        if self.lang == "ja" and _POLITE.search(flat):
            flat = self._plain(flat)
        tokens = self._tokens(flat) if flat else ()
        sent = Sentence(text=text, flat=flat, norm=self.join(tokens), tokens=tokens,
                        exempt=is_exemption(flat, self.lang))
        with self._lock:
            if len(self._cache) >= SENTENCE_CACHE_LIMIT:
                self._cache.clear()
            self._cache[text] = sent
        return sent

    def clear_cache(self) -> None:
        """Forget analysed sentences (benchmarks; long-running processes)."""
        with self._lock:
            self._cache.clear()

    def sentences(self, text: str) -> list[Sentence]:
        """Split and analyse a clause text."""
        return [self.sentence(s) for s in split_sentences(text, self.lang)]


_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def _load(lang: str) -> Any:
    import spacy  # imported lazily: start-up of commands that do not check stays fast

    if lang == "ja":
        return spacy.blank("ja")
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


_ANALYZERS: dict[str, Analyzer] = {}


def get_analyzer(lang: str) -> Analyzer:
    """The process-wide analyzer for ``lang`` ('ja' or 'en')."""
    if lang not in ("ja", "en"):
        raise ValueError(f"unsupported language: {lang!r}")
    with _LOCK:
        analyzer = _ANALYZERS.get(lang)
        if analyzer is None:
            analyzer = Analyzer(lang, _load(lang))
            _ANALYZERS[lang] = analyzer
    return analyzer
