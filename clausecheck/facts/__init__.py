"""Key facts of a contract: parties, direction, dates, term, renewal, survival, law, forum.

    from clausecheck.facts import extract_facts
    facts = extract_facts(document)          # a clausecheck.model.Facts
    facts.parties[0].alias, facts.term_months, facts.sources["term_months"]

A pure function of a read ``Document``: no library, no language model, no engine state, so
the checker, the scanner and the redliner call it alike. Every value comes from a sentence
of the contract and ``sources`` names its clause ("第10条", "8.1", "preamble",
"signature"); what the contract does not say stays None, and a template blank (●, {{X}},
[__]) leaves the field None and lists it in ``placeholders``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable

from clausecheck.facts.dates import (BLANK, BLANK_RE, Duration, add_months, find_dates,
                                     find_durations, months_between, norm)
from clausecheck.facts.places import find_place
from clausecheck.model import Document, Facts, Party
from clausecheck.nlp import split_sentences

__all__ = ["extract_facts", "next_term_end", "term_end", "unwrap"]

PURPOSE_CHARS = 200
FORUM_CHARS = 120


@dataclass(frozen=True)
class _Sent:
    ref: str            # clause ref, "preamble" or "signature"
    heading: str        # the heading of the article the sentence belongs to
    article: str        # the article's whole text (normalised), for context
    text: str           # the sentence, NFKC-normalised


@dataclass
class _Out:
    values: dict[str, object] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    placeholders: list[str] = field(default_factory=list)

    def set(self, name: str, value: object, ref: str) -> None:
        if value is None or name in self.values:
            return
        self.values[name] = value
        self.sources.setdefault(name, ref)

    def blank(self, name: str, ref: str) -> None:
        if name not in self.values and name not in self.placeholders:
            self.placeholders.append(name)
            self.sources.setdefault(name, ref)

    def put(self, name: str, value: object, ref: str, blank: bool) -> None:
        """The value, or the template blank that stands in its place (「●年間」)."""
        if blank:
            self.blank(name, ref)
        else:
            self.set(name, value, ref)


def _by_lang(ja: str, en: str) -> dict[str, re.Pattern[str]]:
    """One pattern per language (the cues of a contract are never mixed across languages)."""
    return {"ja": re.compile(ja), "en": re.compile(en, re.IGNORECASE)}


def extract_facts(document: Document) -> Facts:
    """The key facts of ``document`` (see ``clausecheck.model.Facts`` for every field)."""
    lang = document.language if document.language in ("ja", "en") else "en"
    sents = list(_sentences(document, lang))
    out = _Out()
    parties = _parties_ja(document, sents) if lang == "ja" else _parties_en(document, sents)
    direction, discloser, dref = _direction(document, sents, parties, lang)
    if direction:
        out.set("direction", direction, dref)
        if discloser:
            out.set("discloser", discloser, dref)
            parties = [Party(p.name, p.alias, "discloser" if p.alias == discloser
                             else "recipient" if p.alias else None) for p in parties]
    if parties:
        out.sources["parties"] = "preamble" if any(s.ref == "preamble" for s in sents) else \
            sents[0].ref if sents else ""
    _term(sents, lang, out)
    _effective_date(sents, lang, out)
    _renewal(sents, lang, out)
    _survival(sents, lang, out)
    _law(sents, lang, out)
    _forum(sents, lang, out)
    _purpose(sents, lang, out)
    v = out.values
    start = v.get("term_start")
    if "term_months" not in v and _iso_date(v.get("end_date")) and (
            _iso_date(start) or (start in ("signature", "effective_date")
                                 and _iso_date(v.get("effective_date")))):
        first = _iso_date(start) or _iso_date(v.get("effective_date"))
        months = months_between(first, _iso_date(v["end_date"]))
        if months:
            v["term_months"] = months
            out.sources["term_months"] = out.sources.get("end_date", "")
    if "end_date" not in v and isinstance(v.get("term_months"), int):
        base = _iso_date(start) or _iso_date(v.get("effective_date"))
        if base is not None:
            v["end_date"] = (add_months(base, v["term_months"]) - dt.timedelta(days=1)).isoformat()
            out.sources["end_date"] = out.sources.get("term_months", "")
    return Facts(
        parties=tuple(parties), direction=v.get("direction"), discloser=v.get("discloser"),
        effective_date=v.get("effective_date"), term_start=v.get("term_start"),
        term_months=v.get("term_months"), term_note=v.get("term_note"),
        end_date=v.get("end_date"), auto_renewal=v.get("auto_renewal"),
        renewal_months=v.get("renewal_months"), renewal_notice=v.get("renewal_notice"),
        survival_months=v.get("survival_months"), survival_from=v.get("survival_from"),
        survival_note=v.get("survival_note"), governing_law=v.get("governing_law"),
        governing_law_region=v.get("governing_law_region"), forum=v.get("forum"),
        forum_exclusive=v.get("forum_exclusive"), arbitration_seat=v.get("arbitration_seat"),
        purpose=v.get("purpose"), defined_terms=tuple(_defined_terms(sents, lang, parties)),
        placeholders=tuple(out.placeholders),
        sources={k: r for k, r in out.sources.items() if r})


def term_end(facts: Facts) -> dt.date | None:
    """The last day of the initial term, when the contract lets one compute it."""
    return _iso_date(facts.end_date)


def next_term_end(facts: Facts, today: dt.date) -> dt.date | None:
    """The next day on which the contract ends or renews, on or after ``today``.

    The initial term's end, rolled forward by the renewal period while it renews
    automatically; None when no end can be computed from the contract.
    """
    end = term_end(facts)
    if end is None:
        return None
    if facts.auto_renewal and facts.renewal_months:
        step = facts.renewal_months
        while end < today:
            end = add_months(end + dt.timedelta(days=1), step) - dt.timedelta(days=1)
    return end


def _iso_date(value: object) -> dt.date | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return None


# --- the sentences -------------------------------------------------------------------------
_WRAPPED = re.compile(r"(?<=[^\n.:;!?。：])\n(?=[ \t]*(?![*\-•]|\d+[.)]|\([a-z0-9]+\)|[A-Z]\.\s)\S)")


def unwrap(text: str) -> str:
    """Hard-wrapped prose (plain-text and Markdown contracts cut at 72-80 columns) as one
    line per paragraph: a line break after a long line without closing punctuation, before
    a line that does not start an item."""
    out, lines = [], text.split("\n")
    for i, line in enumerate(lines):
        out.append(line)
        if i + 1 < len(lines):
            joined = len(line) >= 40 and _WRAPPED.search(line[-1:] + "\n" + lines[i + 1][:4])
            out.append(" " if joined else "\n")
    return "".join(out)


def _sentences(document: Document, lang: str) -> Iterable[_Sent]:
    def cut(text: str) -> list[str]:
        if lang == "en":
            text = unwrap(text)
        return [s for s in (norm(x).strip() for x in split_sentences(text, lang)) if s]

    title = norm(document.title)
    for line in cut(document.preamble):
        yield _Sent("preamble", title, "", line)
    for index, article in enumerate(document.clauses, start=1):
        heading = norm(article.title)
        body = norm(article.full_text)
        for clause in article.walk():
            # an unnumbered paragraph is named by its position: ¶3
            ref = clause.ref or f"¶{index}"
            for line in cut(clause.text):
                yield _Sent(ref, heading, body, line)
    for line in cut(document.signature):
        yield _Sent("signature", "", "", line)


def _mostly_blank(text: str) -> bool:
    """A template blank with a few words around it: 「甲及び乙が{{PURPOSE}}」."""
    if not BLANK_RE.search(text):
        return False
    rest = re.sub(r"[\s、,。.]", "", BLANK_RE.sub("", text))
    return len(rest) <= 8


def _is_blank(text: str) -> bool:
    """A template blank only: 【＿＿】, {{NAME}}, [Name of Discloser], :company_name, ●."""
    rest = BLANK_RE.sub("", text)
    rest = re.sub(r"^:[a-z_]+$", "", rest.strip())
    return not re.sub(r"[\s*_:・、,.()（）]", "", rest)


# --- parties -------------------------------------------------------------------------------
_DEF_JA = re.compile(r"[(（]\s*以下\s*[、,]?\s*(?:単に|総称して|併せて|あわせて)?\s*[「『]"
                     r"(?P<term>[^」』]{1,40})[」』]\s*(?:と|とい)[^)）]{0,10}[)）]")
_JA_SUBJECT_END = re.compile(r"(?:と)?は\s*[、,]")
_JA_CONNECT = re.compile(r"^(?:\s|と|及び|および|並びに|ならびに|[、,*])+")
_JA_LABEL = re.compile(r"^[(（][^)）]{1,12}[)）]\s*")


def _parties_ja(document: Document, sents: list[_Sent]) -> list[Party]:
    first = next((s.ref for s in sents if s.ref != "preamble"), "")
    for unit in [s for s in sents if s.ref in ("preamble", first)]:
        # the preamble, or the first article when it names the parties
        region = unit.text
        defs = [m for m in _DEF_JA.finditer(region)]
        if not defs:
            continue
        end = _JA_SUBJECT_END.search(region, defs[0].end())
        limit = end.start() if end else len(region)
        parties, prev = [], 0
        for m in defs:
            if m.start() >= limit:
                break
            alias = m.group("term").strip()
            name = _JA_LABEL.sub("", _JA_CONNECT.sub("", region[prev:m.start()])).strip()
            prev = m.end()
            if alias.startswith("本") or "契約" in alias:
                continue
            parties.append(Party(None if _is_blank(name) or not name else name, alias))
        if parties:
            return parties
    # a pledge (誓約書) addressed to a company: 「株式会社X 御中」 … 「私は、…」
    text = norm("\n".join([document.title, document.preamble]
                           + [c.text for c in document.clauses[:3]]))
    addressee = re.search(r"([^\n。]{2,40}?)\s*御中", text)
    if addressee:
        whole = norm(document.text)
        alias = "貴社" if "貴社" in whole else None
        parties = [Party(addressee.group(1).strip(), alias)]
        if re.search(r"(?:^|\n|\s)私は", whole):
            parties.append(Party(None, "私"))
        return parties
    return []


_DEF_EN = re.compile(r"[(]\s*(?:each\s+|individually\s+|collectively\s+)?(?:hereinafter\s+"
                     r"(?:referred\s+to\s+as\s+|called\s+)?)?(?:the\s+|a\s+|an\s+|this\s+)?[\"“]"
                     r"(?P<term>[^\"”]{1,40})[\"”]\s*[)]", re.IGNORECASE)
_NOT_PARTY_EN = re.compile(r"agreement|\bnda\b|information|date|purpose|transaction|services?"
                           r"|product|project|term\b|material|software|data|business|"
                           r"territory|work|deliverable|program|results?", re.IGNORECASE)
_EN_NAME_CUT = re.compile(r"\bby\s+and\s+(?:between|among)\b|\bbetween\b|\band\b|\bto\b|[;\n)]",
                          re.IGNORECASE)
_EN_NAME_LEAD = re.compile(r"^(?:\s|,|\band\b|\bbetween\b|\bby\b)+", re.IGNORECASE)
_EN_NAME_TAIL = re.compile(r",?\s+(?:an?\s+(?:company|corporation|limited|private|public|"
                           r"[A-Z][a-z]+\s+(?:corporation|company|limited))|having|with\s+its|whose|"
                           r"incorporated|organi[sz]ed|registered)\b.*$", re.IGNORECASE)
_EN_ROLES = {"company", "recipient", "discloser", "disclosing party", "receiving party", "client",
             "customer", "supplier", "vendor", "contractor", "consultant", "developer",
             "licensor", "licensee", "employee", "employer", "host", "collaborator",
             "university", "institution", "sponsor", "buyer", "seller", "provider",
             "partner", "investor", "party a", "party b", "contractor", "researcher"}


def _parties_en(document: Document, sents: list[_Sent]) -> list[Party]:
    head = [s for s in sents if s.ref == "preamble"] or sents[:3]
    between = any(re.search(r"between|among|entered into|by and|parties|this agreement", u.text,
                            re.IGNORECASE) for u in head)
    parties: list[Party] = []
    seen: set[str] = set()
    for unit in head:
        prev = 0
        for m in _DEF_EN.finditer(unit.text):
            alias = m.group("term").strip()
            before = unit.text[prev:m.start()]
            prev = m.end()
            if _NOT_PARTY_EN.search(alias) or alias.lower() in seen or "notice" in alias.lower():
                continue
            if alias.lower() not in _EN_ROLES and not between:
                continue
            # the segment since the previous definition: "…) and Acme Inc., a Delaware
            # corporation having its office at …" -> "Acme Inc."
            name = _EN_NAME_TAIL.sub("", _EN_NAME_LEAD.sub("", before))
            cut = _EN_NAME_CUT.search(name)
            name = _EN_NAME_LEAD.sub("", name[cut.end():] if cut else name).strip(" ,*")
            if _is_blank(name) or not name or re.match(r"(?:the|a|an)\s+[a-z]", name):
                name = None  # a blank, or a description ("the person identified below")
            seen.add(alias.lower())
            parties.append(Party(name, alias))
    if not parties:
        text = norm(document.preamble + "\n" + document.text[:3000])
        labels = re.findall(r"\bParty\s+([A-Z1-9])\b", text)
        for letter in dict.fromkeys(labels):
            parties.append(Party(None, f"Party {letter}"))
    return parties


# --- direction -----------------------------------------------------------------------------
_MUTUAL_JA = re.compile(r"相互に|相互の|双方が|互いに|甲\s*(?:又は|または|もしくは|若しくは|及び|および)\s*乙"
                        r"\s*(?:が|は)[^。]{0,20}相手方|一方当事者|他方当事者|各当事者|相手方に(?:対し)?(?:て)?\s*開示|"
                        r"相手方(?:から|より)[^。]{0,10}(?:開示|提供)")
_MUTUAL_EN = re.compile(r"\bmutual\b|\beach party\b[^.]{0,60}disclos|\beither party\b[^.]{0,60}"
                        r"disclos|by (?:or on behalf of )?(?:one|a|either) party to the other"
                        r"|the other party'?s confidential|disclosing party|receiving party"
                        r"|respective other party|each other|one another",
                        re.IGNORECASE)
_ONE_WAY_TITLE = re.compile(r"unilateral|one[- ]way|一方向|片務|誓約書|certificate", re.IGNORECASE)
_SECRECY_JA = re.compile(r"秘密(?:を|として)?(?:保持|厳守|守)|守秘|開示(?:し|・漏洩|、漏洩)?(?:てはならない|しない)|漏(?:洩|えい|らし)")
_SECRECY_EN = re.compile(r"(?:keep|hold|maintain|treat)\s+(?:\w+\s+){0,6}?(?:confidential|private|secret)"
                         r"|not\s+(?:to\s+)?(?:disclose|share)|(?:shall|will|must)\s+not\s+disclose",
                         re.IGNORECASE)


def _direction(document: Document, sents: list[_Sent], parties: list[Party],
               lang: str) -> tuple[str | None, str | None, str]:
    aliases = [p.alias for p in parties if p.alias]
    role_words = {"ja": ("開示者", "受領者"), "en": ("discloser", "recipient")}[lang]
    named = {a for a in aliases if a.lower() in role_words
             or a.lower() in ("disclosing party", "receiving party")}
    title = norm(document.title)
    if named:
        discloser = next((a for a in aliases if a.lower() in ("開示者", "discloser",
                                                               "disclosing party")), None)
        if discloser is None:
            others = [a for a in aliases if a not in named]
            discloser = others[0] if len(others) == 1 else None
        return "one_way", discloser, "preamble"
    mutual = _MUTUAL_JA if lang == "ja" else _MUTUAL_EN
    if re.search(r"mutual|相互", title, re.IGNORECASE):
        return "mutual", None, "title"
    # who discloses to whom, read first where a contract says it: the preamble and the
    # definition of the information; a 「相手方」 in a later boilerplate clause decides nothing
    # when the preamble says 「甲が乙に開示する秘密情報」
    disclosing = re.compile(r"開示|提供" if lang == "ja" else r"disclos", re.IGNORECASE)
    defining = re.compile(r"秘密|定義|confiden|definition", re.IGNORECASE)
    ordered = ([s for s in sents if s.ref == "preamble"]
               + [s for s in sents if s.ref != "preamble" and defining.search(s.heading)]
               + [s for s in sents if s.ref != "preamble" and not defining.search(s.heading)])
    alias_alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    first_pass = {id(s) for s in ordered if s.ref == "preamble" or defining.search(s.heading)}
    for s in ordered:
        text = _DEF_JA.sub("", s.text) if lang == "ja" else s.text
        if not disclosing.search(text) or not _CONF[lang].search(text + s.heading):
            continue
        if mutual.search(text):
            return "mutual", None, s.ref
        if id(s) not in first_pass or not alias_alt or not _CONF[lang].search(text):
            continue  # "X shall provide Y with …" in a services article says nothing here
        if lang == "ja":
            m = re.search(rf"({alias_alt})\s*(?:が|は|から)\s*[、,]?\s*({alias_alt})\s*(?:に|へ)\s*"
                          rf"(?:対し(?:て)?)?\s*[、,]?[^。]{{0,60}}?(?:開示|提供)", text)
        else:
            m = re.search(rf"disclos\w*\s+(?:or\s+made\s+available\s+)?by\s+(?:the\s+)?"
                          rf"({alias_alt})\s+to\s+(?:the\s+)?({alias_alt})\b", text)
        if m and m.group(1) != m.group(2):
            return "one_way", m.group(1), s.ref
    secrecy = _SECRECY_JA if lang == "ja" else _SECRECY_EN
    # one-way: only one party ever owes secrecy, or "disclosed by X to Y"
    obligors: dict[str, str] = {}
    for s in sents:
        if not secrecy.search(s.text):
            continue
        for alias in aliases:
            pattern = (rf"(?:^|[、。\s]){re.escape(alias)}\s*(?:は|が)" if lang == "ja"
                       else rf"\b(?:the\s+)?{re.escape(alias)}\b(?:'s)?\s*(?:[,:]|\s)\s*"
                            rf"(?:\([^)]*\)\s*)?(?:agrees?|shall|will|must|may not|undertakes?|"
                            rf"acknowledges?|hereby)")
            if re.search(pattern, s.text):
                obligors.setdefault(alias, s.ref)
    if lang == "ja" and "私" in aliases:
        obligors.setdefault("私", next((s.ref for s in sents if s.text.startswith("私は")),
                                       "preamble"))
    if len(obligors) == 1 and len(aliases) == 2:
        bound = next(iter(obligors))
        discloser = next(a for a in aliases if a != bound)
        return "one_way", discloser, obligors[bound]
    if _ONE_WAY_TITLE.search(title) or (lang == "en" and re.search(
            r"\bI\s+(?:\w+\s+){0,3}agree\s+not\s+to\b", norm(document.text))):
        return "one_way", None, "title"
    return None, None, ""


# --- effective date and term ---------------------------------------------------------------
_TERM_HEAD = re.compile(r"期間|期限|有効|存続期間|term\b|duration|effective|termination",
                        re.IGNORECASE)
_TERM_HEAD_NOT = re.compile(r"作業期間|検証期間|保証期間|支払|利用期間|滞在")
_TERM_JA = re.compile(r"本契約の(?:有効)?期間\s*(?:は|を)|本契約の有効期限\s*(?:は|を)|"
                      r"本契約は[^。]{0,60}(?:効力を(?:有|発)|有効)|契約期間\s*は")
_TERM_EN = re.compile(r"this (?:agreement|nda|certificate)\b[^.]{0,40}\b(?:shall|will)\s+(?:remain|continue|"
                      r"be (?:in (?:full )?force|effective|valid)|take effect|terminate|expire)|"
                      r"(?:the )?term of this (?:agreement|nda)\b[^.]{0,20}\b(?:shall|is|will)|"
                      r"takes effect|shall continue for a (?:term|period)|effective from|"
                      r"this (?:agreement|nda)\s+(?:starts|commences|begins)\s+on\b",
                      re.IGNORECASE)
_CUT_JA = re.compile(r"ただし|但し|なお、")
_CUT_EN = re.compile(r";\s*provided|\bprovided(?:,)? (?:that|however)|\. ", re.IGNORECASE)
_START_SIGN = re.compile(r"締結日|契約日|調印日|署名日|締結の日|signature|signing|execution|"
                         r"day of conclusion|date of conclusion|date hereof|executed", re.IGNORECASE)
_START_EFFECTIVE = re.compile(r"効力発生日|effective date", re.IGNORECASE)
_START_DISCLOSURE = re.compile(r"開示|first disclos|access to", re.IGNORECASE)


def _term_sentences(sents: list[_Sent], lang: str) -> list[_Sent]:
    pattern = _TERM_JA if lang == "ja" else _TERM_EN
    headed = [s for s in sents if s.heading and _TERM_HEAD.search(s.heading)
              and not _TERM_HEAD_NOT.search(s.heading) and pattern.search(s.text)]
    rest = [s for s in sents if s not in headed and pattern.search(s.text)
            and not re.search(r"surviv|存続", s.text[:40], re.IGNORECASE)]
    return headed + rest


def _term(sents: list[_Sent], lang: str, out: _Out) -> None:
    for s in _term_sentences(sents, lang):
        main = (_CUT_JA if lang == "ja" else _CUT_EN).split(s.text)[0]
        dates = find_dates(main)
        durations = [d for d in find_durations(main, lang) if not _is_notice(main, d, lang)]
        if _AUTO[lang].search(main) and durations:
            # 「…から1年間とし、…自動更新」: the renewal period is not the term
            durations = durations[:1]
        start = None
        if dates and re.search(r"^\s*(?:から|より|from|on|as of|commenc)", main[dates[0].end:],
                               re.IGNORECASE) is not None or (dates and lang == "ja"):
            start = dates[0].date.isoformat()
        elif _START_EFFECTIVE.search(main):
            start = "effective_date"
        elif _START_SIGN.search(main):
            start = "signature"
        elif _START_DISCLOSURE.search(main):
            start = "disclosure"
        if start is None and re.search(BLANK + r"\s*(?:から|より)|\bfrom\s+" + BLANK, main):
            out.blank("term_start", s.ref)
        if start:
            out.set("term_start", start, s.ref)
        if durations:
            d = durations[0]
            out.put("term_months", d.months or None, s.ref, d.blank)
        end = None
        if len(dates) >= 2:
            end = dates[1].date
        elif dates and re.search(r"(?:until|through|to|まで)\s*$", main[:dates[0].start],
                                 re.IGNORECASE) or dates and main[dates[0].end:].lstrip().startswith("まで"):
            end = dates[0].date
            if start == end.isoformat():
                out.values.pop("term_start", None)
                out.sources.pop("term_start", None)
        elif not durations and re.search(r"前項|前条|同項|research period|研究期間", main, re.IGNORECASE):
            # 「本契約の有効期間は、締結日から前項の研究期間の満了日までとする」: the end date
            # is the one the article states just before
            earlier = [d for o in s.article.split(main)[:1] for d in find_dates(o)]
            end = earlier[-1].date if earlier else None
        if end is not None:
            out.set("end_date", end.isoformat(), s.ref)
            first = _iso_date(out.values.get("term_start"))
            if not durations and first is not None:
                out.set("term_months", months_between(first, end), s.ref)
        elif BLANK_RE.search(main) and re.search(r"から\s*" + BLANK + r"\s*まで|until\s+" + BLANK,
                                                 main):
            out.blank("end_date", s.ref)
        low = main.lower()
        if re.search(r"いずれか早い|earlier of|whichever is earlier|whichever comes first", low):
            out.set("term_note", "or_earlier_event" if durations else "until_event", s.ref)
        elif re.search(r"(?:as|so) long as (?:the )?\w+ (?:possess(?:es)?|holds?|retains?|has|have) (?:any )?"
                       r"(?:confidential )?information|秘密情報を(?:保有|保持)する(?:かぎり|限り|間)", low):
            out.set("term_note", "while_information_held", s.ref)
        elif re.search(r"存在する(?:かぎり|限り)|as long as|for so long as", low):
            out.set("term_note", "while_obligations", s.ref)
        elif re.search(r"until (?:written )?notice|until terminated|until (?:either|one) party|"
                       r"解約の申(?:し)?入れ(?:がある|をする)まで", low):
            out.set("term_note", "until_terminated", s.ref)
        elif not durations and end is None and re.search(r"いずれか遅い|later of|まで効力|until",
                                                         low):
            out.set("term_note", "until_event", s.ref)
        if "term_months" in out.values or "term_note" in out.values or "end_date" in out.values \
                or "term_months" in out.placeholders:
            return


_EFFECTIVE = re.compile(r"効力発生日|契約締結日|締結日|契約日|effective(?: date| as of)|dated\b|"
                        r"made (?:and entered into )?(?:on|as of)|entered into (?:on|as of)|"
                        r"concluded (?:on|in)", re.IGNORECASE)
# One blank character or placeholder, for repetition: a repeated group must not itself hold a
# repetition ("(?:_{2,}|\s)*" backtracks for minutes on a long run of underscores).
_BLANK_UNIT = (r"(?:[●○＿_\s]|\{\{[^{}]{0,40}\}\}|\$\{[^{}]{0,40}\}|\[[^\[\]]{0,60}\]"
               r"|【[^【】]{0,60}】|\bx{1,3}\b)")
_BLANK_DATE = re.compile(r"(?:^|[\s:：])" + _BLANK_UNIT + r"*年" + _BLANK_UNIT + r"*月"
                         + _BLANK_UNIT + r"*日|\b(?:xx|_{2,})\s*,?\s*20xx\b|:\s*" + BLANK,
                         re.IGNORECASE)


def _effective_date(sents: list[_Sent], lang: str, out: _Out) -> None:
    start = out.values.get("term_start")
    if isinstance(start, str) and _iso_date(start):
        out.set("effective_date", start, out.sources.get("term_start", ""))
        return
    passes = (
        lambda s: bool(_EFFECTIVE.search(s.text)) and s.ref != "signature",
        lambda s: s.ref == "preamble" and len(s.text) < 40,   # a date line: 「契約日：…」
        lambda s: s.ref == "signature",
    )
    for wanted in passes:
        for s in sents:
            if wanted(s):
                dates = find_dates(s.text)
                if dates:
                    out.set("effective_date", dates[0].date.isoformat(), s.ref)
                    return
    for s in sents:
        if s.ref in ("preamble", "signature") and (
                _BLANK_DATE.search(s.text) and (s.ref == "signature" or _EFFECTIVE.search(s.text))):
            out.blank("effective_date", s.ref)
            return


# --- renewal -------------------------------------------------------------------------------
_AUTO = _by_lang(
    ja=r"自動(?:的に)?\s*(?:更新|延長|継続)|(?:更新|延長)(?:される|されたもの)[^。]{0,20}以後も同様",
    en=r"automatic(?:ally)?\s+(?:be\s+)?(?:renew|extend)|renew(?:ed|s)?\s+automatically"
       r"|extended\s+automatically|successive\s+(?:\w+\s+){0,3}(?:periods?|terms?)")
_RENEW = _by_lang(ja=r"更新|延長", en=r"renew|extend|extension")
_NO_AUTO = _by_lang(
    ja=r"更新(?:は|を)?(?:しない|行わない)(?:もの)?とする|自動更新(?:は|を)?(?:しない|されない)"
       r"|更新は[^。]{0,20}(?:合意|協議)|(?:合意|協議)[^。]{0,20}(?:により|の上|のうえ)[^。]{0,10}(?:更新|延長)",
    en=r"(?:shall|will) not (?:be )?(?:automatically )?renew|no automatic renewal"
       r"|(?:may|can) (?:only )?be (?:renewed|extended) (?:only )?by (?:the )?(?:mutual|written)"
       r"|(?:may|can)\s+(?:only\s+)?extend\s+(?:it|this agreement|the term)\s+(?:only\s+)?by\s+"
       r"(?:mutual\s+|written\s+)|unless extended by (?:mutual |written )")


def _is_notice(text: str, d: Duration, lang: str) -> bool:
    after = text[d.end:d.end + 25].lower()
    if lang == "ja":
        return bool(re.match(r"\s*(?:前|以上前)", after))
    return bool(re.match(r"\s*(?:'|’)?s?\s*(?:\(|prior|before|in advance|notice|written notice)",
                         after))


def _is_initial_term(text: str, d: Duration, lang: str) -> bool:
    """「締結日から1年間とし、…更に1年間自動延長」: the first period is the term, not a renewal."""
    before = text[max(0, d.start - 30):d.start]
    if lang == "ja":
        return bool(re.search(r"(?:から|より)\s*$", before))
    return bool(re.search(r"(?:continues?|remains?(?: in (?:full )?(?:force|effect))?|(?<!renewal )"
                          r"(?<!successive )term of|initial (?:term|period) of)\s*(?:for\s+)?"
                          r"(?:a\s+(?:term|period)\s+of\s+)?$", before, re.IGNORECASE))


def _renewal(sents: list[_Sent], lang: str, out: _Out) -> None:
    term_refs = {s.ref for s in _term_sentences(sents, lang)}
    for s in sents:
        if not _RENEW[lang].search(s.text):
            continue
        if not (s.heading and _TERM_HEAD.search(s.heading) and not _TERM_HEAD_NOT.search(s.heading)
                or s.ref in term_refs or re.search(r"本契約|契約期間|有効期間|this agreement|this nda|the term\b", s.text,
                             re.IGNORECASE)):
            continue  # 「通知期限を延長することができる」 is no renewal of the contract
        auto = _AUTO[lang].search(s.text)
        if not auto and _NO_AUTO[lang].search(s.text):
            out.set("auto_renewal", False, s.ref)
            return
        if not auto:
            continue
        out.set("auto_renewal", True, s.ref)
        for d in find_durations(s.text, lang):
            if _is_notice(s.text, d, lang):
                out.put("renewal_notice", d.iso, s.ref, d.blank)
            elif not _is_initial_term(s.text, d, lang):
                out.put("renewal_months", d.months or None, s.ref, d.blank)
        return


# --- survival ------------------------------------------------------------------------------
_SURVIVE = _by_lang(
    ja=r"存続|効力を(?:有|失わ)|有効に(?:適用|存続)|引き続き",
    en=r"surviv|continue[sd]?\s+(?:for\b|to\s+apply|in\s+(?:full\s+)?(?:force|effect))"
       r"|remain\s+in\s+(?:full\s+)?(?:force|effect)|continuing obligation")
_AFTER_END = _by_lang(
    ja=r"終了後|終了した(?:日|後)|終了日|満了後|終了の後|終了にかかわらず|終了した場合|終了(?:後|し)",
    en=r"after|following|beyond|upon (?:the )?(?:termination|expiration)|termination|expiration"
       r"|expiry")
_CONF = _by_lang(ja=r"秘密|守秘|機密", en=r"confiden|non-?disclosure|proprietary|secret")
_WHILE_SECRET = _by_lang(
    ja=r"秘密(?:として|性を)[^。]{0,10}(?:保持|管理|有)[^。]{0,10}(?:限り|間)|公知と(?:なる|なった)(?:まで|時まで)",
    en=r"(?:so long as|as long as|for as long as|until)\s+(?:such\s+|the\s+)?(?:\w+\s+){0,4}"
       r"(?:remains?|is|are)\s+(?:\w+\s+){0,2}(?:confidential|secret|a trade secret)")
# a duty of secrecy stated to last beyond the end, without a survival verb:
# 「本契約期間中はもとより終了後も…守秘し」, "during and after the term … shall treat confidentially"
_ALSO_AFTER = _by_lang(
    ja=r"終了(?:した)?後(?:も|においても|といえども)|満了後も|終了後であっても",
    en=r"during and after (?:the )?(?:term|termination)|after (?:the )?"
       r"(?:termination|expiration|expiry|end) of (?:this|the) (?:agreement|nda)")
_TRADE_SECRET = _by_lang(ja=r"営業秘密", en=r"trade secret")
_FROM_DISCLOSURE = _by_lang(
    ja=r"開示(?:を受けた|された|した)?日から",
    en=r"(?:from|after)\s+(?:the\s+)?(?:date\s+of\s+)?(?:first\s+|initial\s+)?(?:disclosure|access)")


def _survival(sents: list[_Sent], lang: str, out: _Out) -> None:
    best: tuple[int, int, _Sent, str | None, Duration | None] | None = None
    for i, s in enumerate(sents):
        text = s.text
        period_of_secrecy = lang == "en" and _FROM_DISCLOSURE[lang].search(text) and \
            re.search(r"for a (?:period|term) of", text, re.IGNORECASE) and _CONF[lang].search(
                text + s.heading) or (lang == "ja" and _FROM_DISCLOSURE[lang].search(text) and
                                      _SECRECY_JA.search(text))
        secrecy_after = (_SECRECY_JA if lang == "ja" else _SECRECY_EN).search(text) \
            and _ALSO_AFTER[lang].search(text)
        if not period_of_secrecy and not (_SURVIVE[lang].search(text) and _AFTER_END[lang].search(text)) \
                and not (_WHILE_SECRET[lang].search(text) and _CONF[lang].search(text)) and not secrecy_after:
            continue
        score = 2 if _CONF[lang].search(text + s.heading) or secrecy_after else \
            1 if _CONF[lang].search(s.article[:400]) else 0
        if re.search(r"本条|本契約|this agreement|this nda|hereunder|第\d+条|前項|前条|前各項|"
                     r"clause|section|article|provisions", text, re.IGNORECASE):
            score = max(score, 1)
        if score == 0:
            continue
        durations = [d for d in find_durations(text, lang)
                     if not _is_notice(text, d, lang) and (d.months or d.blank)]
        note = None
        if _WHILE_SECRET[lang].search(text):
            note = "while_secret"
        elif durations and (_TRADE_SECRET[lang].search(text) or any(
                _TRADE_SECRET[lang].search(o.text) for o in sents if o.ref == s.ref)):
            note = "trade_secrets_longer"
        elif not durations:
            note = "indefinite"
        rank = (score + (2 if durations else 0) + (1 if note == "while_secret" else 0))
        if best is None or rank > best[0]:
            best = (rank, i, s, note, durations[0] if durations else None)
    if best is None:
        return
    _rank, _i, s, note, d = best
    if d is not None and d.blank:
        out.blank("survival_months", s.ref)
    elif d is not None and note != "while_secret":
        out.set("survival_months", d.months, s.ref)
        out.set("survival_from", "disclosure" if _FROM_DISCLOSURE[lang].search(s.text) else "end",
                s.ref)
    if note:
        out.set("survival_note", note, s.ref)


# --- governing law, forum, arbitration ----------------------------------------------------
_LAW_JA = re.compile(r"準拠")
_LAW_EN = re.compile(r"govern|construed|interpreted|laws? of|governing law|\blaw\b",
                     re.IGNORECASE)


def _law(sents: list[_Sent], lang: str, out: _Out) -> None:
    for s in sents:
        text = s.text
        spans: list[str] = []
        if lang == "ja":
            if not _LAW_JA.search(text):
                continue
            spans = [m.group(1) for m in re.finditer(
                r"([^、。,]{0,30}?)(?:国)?(?:の)?(?:法律|法令|法)\s*(?:を|に|が|と)?\s*(?:準拠|して準拠|する)", text)]
            spans += [m.group(1) for m in re.finditer(r"準拠法\s*(?:は|を)\s*[、,]?\s*([^、。]{1,30}?)法", text)]
        else:
            if not _LAW_EN.search(text):
                continue
            spans = [m.group(1) for m in re.finditer(
                r"\blaws?\s+(?:in\s+force\s+in\s+|of\s+)(?:the\s+)?([^;.]{1,60})", text,
                re.IGNORECASE)]
            spans += [m.group(1) for m in re.finditer(r"(?:^|[\s:])([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})\s+[Ll]aws?\b",
                                                      text)]
            if not re.search(r"govern|construed|interpreted|governing law", text, re.IGNORECASE):
                continue
        for span in spans:
            place = find_place(span, lang)
            if place is not None:
                code, region, _pos = place
                out.set("governing_law", code, s.ref)
                out.set("governing_law_region", region, s.ref)
                return
        if any(BLANK_RE.search(sp) for sp in spans):
            out.blank("governing_law", s.ref)
            return


_FORUM_JA = [
    re.compile(r"(?P<court>[^、。,]{1,60}?裁判所[】\]]?)\s*を\s*(?:第一審の)?\s*(?P<ex>専属的|非専属的|専属)?\s*(?:な)?\s*(?:合意)?\s*管轄"),
    re.compile(r"(?P<court>[^、。,]{1,60}?)\s*を\s*(?:第一審の)?\s*(?P<ex>専属的|非専属的|専属)?\s*(?:な)?\s*(?:合意)?\s*管轄裁判所"),
    re.compile(r"管轄(?:裁判所)?\s*は\s*[、,]?\s*(?P<court>[^。]{1,60}?裁判所)\s*(?:の)?(?P<ex>専属的|専属)?"),
]
_FORUM_EN = [
    re.compile(r"(?P<ex>non-?exclusive|exclusive)?\s*(?<!personal )jurisdiction\s+(?:and\s+venue\s+)?(?:of|in)\s+"
               r"(?P<court>(?:the\s+)?(?:\[[^\]]{1,100}\]|[^,.;]{1,100}?))(?=\s+(?:with respect|in relation|in connection|"
               r"for|over|to (?:resolve|hear|settle)|regarding|in respect|and (?:waive|agree|consent))\b|[,.;]|$)",
               re.IGNORECASE),
    re.compile(r"(?P<court>(?:the\s+)?(?:(?:state|federal|competent)\s+(?:and\s+(?:state|federal)\s+)?)?courts?\s+"
               r"(?:located\s+|sitting\s+)?(?:in|of|at|for)\s+[^.;]{1,80}?),?\s+(?:shall\s+)?ha(?:ve|s)\s+(?:the\s+)?"
               r"(?:sole\s+and\s+)?(?P<ex>non-?exclusive|exclusive)?\s*jurisdiction", re.IGNORECASE),
    re.compile(r"(?P<court>(?:[Tt]he\s+)?[A-Z][\w.,\- ]{0,60}?\b[Cc]ourts?)\s+(?:shall\s+)?ha(?:ve|s)\s+(?:the\s+)?"
               r"(?:sole\s+and\s+)?(?P<ex>non-?exclusive|exclusive)?\s*jurisdiction"),
    re.compile(r"(?P<ex>exclusive)?\s*venue\b[^.]{0,40}?\bshall\s+be\s+(?:in\s+)?(?P<court>[^.;]{1,80}?)(?=[.;]|,\s+and\b|$)",
               re.IGNORECASE),
    re.compile(r"^\W*jurisdiction\s*:\s*(?P<court>.{1,80}?)\s*$", re.IGNORECASE),
]
_ARB_JA = re.compile(r"仲裁")
_ARB_SEAT_JA = re.compile(r"仲裁地\s*(?:は|を)\s*[、,]?\s*(?P<seat>[^、。とで]{1,30}?)(?:と|で|、|。)|"
                          r"(?P<seat2>[^、。]{1,20}?)(?:において|にて|で)(?:[^、。]{0,20})仲裁")
_ARB_SEAT_EN = re.compile(r"(?:seat|place|venue|location)\s+of\s+(?:the\s+)?arbitration\s+(?:shall\s+be|is|will\s+be)\s+"
                          r"(?P<seat>[^,.;]{1,60})|arbitration\s+(?:[^.;]{0,80}?)\b(?:held|seated|conducted|take place)\s+in\s+"
                          r"(?P<seat2>[A-Z][^,.;]{1,60})", re.IGNORECASE)


def _forum(sents: list[_Sent], lang: str, out: _Out) -> None:
    for s in sents:
        text = s.text
        if lang == "ja" and _ARB_JA.search(text) or lang == "en" and re.search(
                r"\barbitrat", text, re.IGNORECASE):
            m = (_ARB_SEAT_JA if lang == "ja" else _ARB_SEAT_EN).search(text)
            if m:
                seat = (m.group("seat") or m.group("seat2") or "").strip(" 、,")
                if seat:
                    out.put("arbitration_seat", seat[:FORUM_CHARS], s.ref, _is_blank(seat))
        for pattern in (_FORUM_JA if lang == "ja" else _FORUM_EN):
            m = pattern.search(text)
            if not m:
                continue
            court = m.group("court").strip(" 、,*")
            if lang == "en" and not (re.search(r"court|tribunal|district|circuit|county|\[", court,
                                               re.IGNORECASE) or find_place(court, lang)):
                continue  # "the jurisdiction of an agency": no forum
            court = re.sub(r"^(?:本契約に[^、]{0,30}(?:紛争|訴訟)[^、]{0,20}(?:は|ては|には)\s*[、,]?\s*)", "", court)
            ex = (m.groupdict().get("ex") or "").lower()
            if lang == "ja" and not ex and re.search(r"専属", text):
                ex = "専属"
            if lang == "en" and not ex and re.search(r"\bexclusive\b", text, re.IGNORECASE):
                ex = "non-exclusive" if re.search(r"non-?exclusive", text, re.IGNORECASE) \
                    else "exclusive"
            exclusive = None if not ex else not ex.startswith(("non", "非"))
            out.set("forum_exclusive", exclusive, s.ref)
            stripped = re.sub(r"(?:第一審の|地方裁判所|簡易裁判所|裁判所|を管轄する|"
                              r"the\s+|courts?\b|of\b)", "", court, flags=re.IGNORECASE)
            out.put("forum", court[:FORUM_CHARS], s.ref,
                    _is_blank(stripped) or _mostly_blank(court))
            return


# --- purpose -------------------------------------------------------------------------------
_PURPOSE_TERMS_JA = ("本目的", "本件目的", "本件取引", "本取引", "本検討", "本検証")
_PURPOSE_TERMS_EN = ("purpose", "transaction", "business purpose", "permitted purpose",
                     "project", "proposed transaction")


def _purpose(sents: list[_Sent], lang: str, out: _Out) -> None:
    if lang == "ja":
        for term in _PURPOSE_TERMS_JA:
            for s in sents:
                for m in _DEF_JA.finditer(s.text):
                    if m.group("term") != term:
                        continue
                    after = re.match(r"\s*[:：]\s*([^。]+)", s.text[m.end():])
                    if after:
                        phrase = after.group(1)
                    else:
                        head = _DEF_JA.sub("", s.text[:m.start()])
                        cuts = list(re.finditer(r"(?:とは|は)\s*[、,]|。", head))
                        phrase = head[cuts[-1].end():] if cuts else head
                        phrase = re.sub(r"^[)）、,\s]+", "", phrase)
                    out.put("purpose", _clip(phrase), s.ref,
                            _is_blank(phrase) or _mostly_blank(phrase))
                    return
        for s in sents:
            if s.heading and re.search(r"目的", s.heading) and "目的" in s.text:
                m = re.search(r"本契約は\s*[、,]?\s*(.+?)(?:ことを|を)?目的と(?:する|している)", s.text)
                if m:
                    out.set("purpose", _clip(_DEF_JA.sub("", m.group(1))), s.ref)
                    return
        return
    for s in sents:
        m = re.match(r"^\W*(?:the\s+)?purpose\W*:\s*(.+)$", s.text, re.IGNORECASE)
        if m and len(m.group(1)) > 3:
            out.set("purpose", _clip(m.group(1).rstrip(". ")), s.ref)
            return
        for d in _DEF_EN.finditer(s.text):
            if d.group("term").strip().lower() in _PURPOSE_TERMS_EN:
                head = re.sub(r"\s*\([^()]*\)", "", s.text[:d.start()])
                cut = max(head.rfind(")"), head.rfind(";"), head.rfind(". "))
                phrase = head[cut + 1:].strip()
                lead = re.split(r"\b(?:purpose of|solely to|only to|in order to|so that)\s",
                                phrase, flags=re.IGNORECASE)
                phrase = lead[-1]
                phrase = re.sub(r"^\s*(?:,|and|so that|in order to|for|to)\s+", "", phrase)
                if phrase and not _is_blank(phrase):
                    out.set("purpose", _clip(phrase), s.ref)
                    return
    for s in sents:
        m = re.search(r"^(?:the\s+)?purpose of this (?:agreement|nda) is (?:to\s+)?(.+)$", s.text,
                      re.IGNORECASE) or re.search(r"\bsolely for the purpose of\s+([^,;.]+)",
                                                  s.text, re.IGNORECASE)
        if m:
            out.set("purpose", _clip(m.group(1).rstrip(". ")), s.ref)
            return


def _clip(text: str) -> str:
    text = " ".join(text.split()).strip(" 、,")
    return text if len(text) <= PURPOSE_CHARS else text[:PURPOSE_CHARS - 1] + "…"


# --- defined terms -------------------------------------------------------------------------
_DEF_EN_MEANS = re.compile(r"[\"“](?P<term>[A-Z][^\"”]{1,40})[\"”]\s+(?:shall\s+)?(?:means?|"
                           r"has the meaning|includes?|refers? to)")
_DEF_EN_LIST = re.compile(r"^\W*\*?(?P<term>[A-Z][A-Za-z ]{1,40}?)\*?\s*:\s+\S")


def _defined_terms(sents: list[_Sent], lang: str, parties: list[Party]) -> list[str]:
    aliases = {p.alias for p in parties}
    seen: dict[str, None] = {}
    for s in sents:
        if lang == "ja":
            found = [m.group("term") for m in _DEF_JA.finditer(s.text)]
            found += re.findall(r"「([^」]{1,30})」\s*とは", s.text)
        else:
            found = [m.group("term") for m in _DEF_EN.finditer(s.text)]
            found += [m.group("term") for m in _DEF_EN_MEANS.finditer(s.text)]
            if s.heading.lower().startswith(("definition", "interpretation")):
                found += [m.group("term") for m in _DEF_EN_LIST.finditer(s.text)]
        for term in found:
            term = term.strip()
            if term and term not in aliases and not _is_blank(term):
                seen.setdefault(term, None)
    return list(seen)
