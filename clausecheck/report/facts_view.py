"""Key facts and the reading as reports show them: one labelled row per fact, with its source.

Every format calls ``fact_rows`` so that the terminal, HTML and Excel say the same thing in
the same words; ``fact_columns`` gives the raw values (codes, ISO dates) for the columns of
a scan, where a legal team sorts and filters.
"""

from __future__ import annotations

from typing import Any

from clausecheck.model import Facts, Reading
from clausecheck.report.labels import label, ref_label

COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    "JP": ("日本", "Japan"), "US": ("米国", "United States"), "GB": ("英国", "United Kingdom"),
    "DE": ("ドイツ", "Germany"), "FR": ("フランス", "France"), "CH": ("スイス", "Switzerland"),
    "NL": ("オランダ", "Netherlands"), "SG": ("シンガポール", "Singapore"),
    "HK": ("香港", "Hong Kong"), "CN": ("中国", "China"), "KR": ("韓国", "Korea"),
    "TW": ("台湾", "Taiwan"), "NZ": ("ニュージーランド", "New Zealand"),
    "AU": ("オーストラリア", "Australia"), "CA": ("カナダ", "Canada"), "IN": ("インド", "India"),
}
REGION_NAMES_JA = {"New York": "ニューヨーク州", "California": "カリフォルニア州",
                   "Delaware": "デラウェア州", "England and Wales": "イングランド及びウェールズ",
                   "England": "イングランド", "Oregon": "オレゴン州", "Texas": "テキサス州",
                   "Washington": "ワシントン州", "Massachusetts": "マサチューセッツ州"}

# (key, label key) in display order
FACT_KEYS: tuple[tuple[str, str], ...] = (
    ("parties", "fact_parties"), ("direction", "fact_direction"),
    ("effective_date", "fact_effective_date"), ("term", "fact_term"),
    ("renewal", "fact_renewal"), ("survival", "fact_survival"),
    ("governing_law", "fact_governing_law"), ("forum", "fact_forum"),
    ("purpose", "fact_purpose"),
)
# the field whose source a row cites
_SOURCE_FIELD = {"parties": "parties", "direction": "direction",
                 "effective_date": "effective_date", "term": "term_months",
                 "renewal": "auto_renewal", "survival": "survival_months",
                 "governing_law": "governing_law", "forum": "forum", "purpose": "purpose"}
_SOURCE_FALLBACK = {"term": ("term_note", "end_date", "term_start"),
                    "survival": ("survival_note",), "forum": ("forum_exclusive",
                                                          "arbitration_seat")}


def months_text(months: int, lang: str, span: bool = True) -> str:
    """24 -> 2年間 / 2 years; ``span=False`` drops 間 (「1年ごと」)."""
    if months % 12 == 0:
        years = months // 12
        return (f"{years}年{'間' if span else ''}" if lang == "ja"
                else f"{years} year{'s' if years != 1 else ''}")
    return f"{months}か月" if lang == "ja" else f"{months} month{'s' if months != 1 else ''}"


def iso_duration_text(value: str, lang: str) -> str:
    """P3M / P1Y / P60D as words."""
    amount, unit = value[1:-1], value[-1]
    if not amount.isdigit():
        return value
    n = int(amount)
    if unit == "Y":
        return months_text(12 * n, lang, span=False)
    if unit == "M":
        return months_text(n, lang, span=False)
    return f"{n}日" if lang == "ja" else f"{n} day{'s' if n != 1 else ''}"


def source_label(ref: str, lang: str) -> str:
    if ref in ("preamble", "signature", "title"):
        return label(f"src_{ref}", lang)
    return ref_label(ref)


def _blank(lang: str) -> str:
    return label("fact_blank", lang)


def _start_text(start: str | None, lang: str) -> str:
    if start in ("signature", "effective_date", "disclosure"):
        return label(f"start_{start}", lang)
    return start or ""


def fact_value(facts: Facts, key: str, lang: str) -> str | None:
    """The displayed value of one row; None when the contract says nothing about it."""
    blanks = set(facts.placeholders)
    sep = "、" if lang == "ja" else "; "
    if key == "parties":
        if not facts.parties:
            return None
        out = []
        for p in facts.parties:
            name = p.name or label("name_blank", lang)
            role = f"（{label(p.role, lang)}）" if lang == "ja" and p.role else \
                f" ({label(p.role, lang)})" if p.role else ""
            out.append(f"{p.alias} = {name}{role}" if p.alias else f"{name}{role}")
        return sep.join(out)
    if key == "direction":
        if facts.direction == "one_way":
            recipients = [p.alias for p in facts.parties if p.role == "recipient" and p.alias]
            arrow = f" {facts.discloser} → {recipients[0]}" if facts.discloser and recipients \
                else ""
            text = label("dir_one_way", lang)
            return f"{text}（{arrow.strip()}）" if lang == "ja" and arrow else \
                f"{text} ({arrow.strip()})" if arrow else text
        if facts.direction == "mutual":
            return label("dir_mutual", lang)
        return None
    if key == "effective_date":
        if facts.effective_date:
            return facts.effective_date
        return _blank(lang) if "effective_date" in blanks else None
    if key == "term":
        parts = []
        if facts.term_months:
            parts.append(months_text(facts.term_months, lang))
        elif "term_months" in blanks:
            parts.append(_blank(lang))
        if facts.term_note:
            parts.append(label(f"term_{facts.term_note}", lang))
        detail = []
        if facts.term_start:
            detail.append(label("from", lang).format(_start_text(facts.term_start, lang)))
        if facts.end_date:
            detail.append(label("until", lang).format(facts.end_date))
        if not parts and not detail:
            if blanks & {"term_months", "term_start", "end_date"}:
                return _blank(lang)  # 「{{START_DATE}}から{{END_DATE}}まで」
            return None
        text = (" " if lang == "en" else "").join(parts) if parts else ""
        if detail:
            inner = ("、" if lang == "ja" else ", ").join(detail)
            text = f"{text}（{inner}）" if lang == "ja" else f"{text} ({inner})".strip()
        return text.strip()
    if key == "renewal":
        if facts.auto_renewal is None:
            return None
        if not facts.auto_renewal:
            return label("renew_no", lang)
        detail = []
        if facts.renewal_months:
            detail.append(label("renew_each", lang).format(months_text(facts.renewal_months,
                                                                       lang, span=False)))
        if facts.renewal_notice:
            detail.append(label("renew_notice", lang).format(
                iso_duration_text(facts.renewal_notice, lang)))
        text = label("renew_auto", lang)
        if detail:
            inner = ("、" if lang == "ja" else "; ").join(detail)
            text = f"{text}（{inner}）" if lang == "ja" else f"{text} ({inner})"
        return text
    if key == "survival":
        if facts.survival_months:
            start = label("surv_from_disclosure" if facts.survival_from == "disclosure"
                          else "surv_from_end", lang)
            text = f"{start}{months_text(facts.survival_months, lang)}" if lang == "ja" else \
                f"{months_text(facts.survival_months, lang)} {start}"
            if facts.survival_note == "trade_secrets_longer":
                note = label("surv_trade_secrets_longer", lang)
                text = f"{text}（{note}）" if lang == "ja" else f"{text} ({note})"
            return text
        if facts.survival_note:
            return label(f"surv_{facts.survival_note}", lang)
        return _blank(lang) if "survival_months" in blanks else None
    if key == "governing_law":
        if not facts.governing_law:
            return _blank(lang) if "governing_law" in blanks else None
        names = COUNTRY_NAMES.get(facts.governing_law)
        country = (names[0] if lang == "ja" else names[1]) if names else facts.governing_law
        region = facts.governing_law_region
        if region and lang == "ja":
            region = REGION_NAMES_JA.get(region, region)
        place = f"{country}・{region}" if region and lang == "ja" else region or country
        return f"{place}{'法' if lang == 'ja' else ' law'} ({facts.governing_law})"
    if key == "forum":
        parts = []
        if facts.forum:
            parts.append(facts.forum)
        elif "forum" in blanks:
            # 「空欄（専属的合意管轄）」: no brackets in brackets when the exclusivity follows
            parts.append(label("blank_bare" if facts.forum_exclusive is not None
                               else "fact_blank", lang))
        if facts.forum_exclusive is not None and parts:
            ex = label("exclusive" if facts.forum_exclusive else "non_exclusive", lang)
            parts[-1] = f"{parts[-1]}（{ex}）" if lang == "ja" else f"{parts[-1]} ({ex})"
        if facts.arbitration_seat:
            parts.append(label("arbitration", lang).format(facts.arbitration_seat))
        return sep.join(parts) if parts else None
    if key == "purpose":
        if facts.purpose:
            return facts.purpose
        return _blank(lang) if "purpose" in blanks else None
    raise KeyError(key)


def end_text(facts: Facts | None, lang: str) -> str:
    """When the initial term ends, as a reader wants it: the ISO date when the contract lets
    one compute it, else the end in words (「受領者が秘密情報を保有する限り」, "until
    terminated by notice", 「締結日から1年間（日付が空欄）」); "not stated" when it is silent."""
    from clausecheck.facts import term_end

    if facts is None:
        return label("end_not_stated", lang)
    end = term_end(facts)
    if end is not None:
        text = end.isoformat()
        if facts.term_note == "or_earlier_event":
            note = label("term_or_earlier_event", lang)
            text = f"{text}（{note}）" if lang == "ja" else f"{text} ({note})"
        return text
    if facts.term_note and facts.term_note != "or_earlier_event":
        return label(f"term_{facts.term_note}", lang)
    blanks = set(facts.placeholders)
    if facts.term_months:
        period = months_text(facts.term_months, lang)
        start = facts.term_start
        if start == "disclosure":
            return label("end_from_disclosure", lang).format(period)
        if start is None:
            why = "end_start_unknown"  # never guessed: "24 months after last access"
        elif blanks & {"effective_date", "term_start", "end_date"}:
            why = "end_date_blank"
        else:
            why = "end_date_unknown"
        text = label(why, lang).format(period=period, start=_start_text(start, lang))
        if facts.term_note == "or_earlier_event":
            sep = "、" if lang == "ja" else ", "
            text += sep + label("term_or_earlier_event", lang)
        return text
    if blanks & {"term_months", "term_start", "end_date"}:
        return label("end_blank", lang)
    return label("end_not_stated", lang)


def fact_source(facts: Facts, key: str) -> str:
    field = _SOURCE_FIELD[key]
    ref = facts.sources.get(field, "")
    for other in _SOURCE_FALLBACK.get(key, ()):
        ref = ref or facts.sources.get(other, "")
    return ref


def fact_rows(facts: Facts | None, lang: str) -> list[tuple[str, str, str, str]]:
    """(key, label, value, source) per fact; "not stated" where the contract is silent."""
    if facts is None:
        return []
    out = []
    for key, label_key in FACT_KEYS:
        value = fact_value(facts, key, lang)
        source = source_label(fact_source(facts, key), lang) if value is not None else ""
        out.append((key, label(label_key, lang), value if value is not None
                    else label("not_stated", lang), source))
    return out


# raw values for the columns of a scan (stable across languages)
FACT_COLUMNS: tuple[str, ...] = (
    "parties", "direction", "discloser", "effective_date", "term_months", "end_date",
    "auto_renewal", "renewal_notice", "survival_months", "survival_note", "governing_law",
    "governing_law_region", "forum", "forum_exclusive", "purpose")


def fact_columns(facts: Facts | None) -> list[Any]:
    if facts is None:
        return [None] * len(FACT_COLUMNS)
    out: list[Any] = []
    for key in FACT_COLUMNS:
        if key == "parties":
            out.append("; ".join(f"{p.alias}={p.name}" if p.alias and p.name else
                                 p.name or p.alias or "" for p in facts.parties) or None)
        else:
            out.append(getattr(facts, key))
    return out


def reading_line(reading: Reading | None, lang: str) -> tuple[str, list[str]]:
    """("numbered articles (25 articles, 109 clauses)", [warning texts])."""
    if reading is None:
        return "", []
    text = label(f"read_{reading.mode}", lang).format(articles=reading.articles,
                                                      clauses=reading.clauses)
    return text, [label(f"warn_{w}", lang) for w in reading.warnings]


def expiry(facts: Facts | None, today: Any) -> tuple[str | None, str | None]:
    """(next day the term ends or renews, last day to give notice against renewal), ISO."""
    import datetime as dt

    from clausecheck.facts import next_term_end
    from clausecheck.facts.dates import add_months

    if facts is None or today is None:
        return None, None
    end = next_term_end(facts, today)
    if end is None:
        return None, None
    notice = None
    if facts.auto_renewal and facts.renewal_notice:
        amount, unit = facts.renewal_notice[1:-1], facts.renewal_notice[-1]
        if amount.isdigit():
            n = int(amount)
            notice = (end - dt.timedelta(days=n) if unit == "D"
                      else add_months(end, -n * (12 if unit == "Y" else 1)))
    return end.isoformat(), notice.isoformat() if notice else None
