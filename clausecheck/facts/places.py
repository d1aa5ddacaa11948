"""Places a governing-law clause names: countries (ISO 3166-1 alpha-2) and their parts.

``find_place(text, lang)`` gives (country code, region or None, match start) for the first
place named; regions are returned in English ("New York", "England and Wales") so that a
mixed folder sorts and filters on one spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

# code: (English names, Japanese names); the first English name is not needed to be official,
# only recognisable in contracts.
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "JP": (("Japan", "Japanese"), ("日本国", "日本")),
    "US": (("United States of America", "United States", "U.S.A.", "U.S.", "USA", "US"),
           ("アメリカ合衆国", "米国", "アメリカ", "合衆国")),
    "GB": (("United Kingdom", "U.K.", "UK", "England", "English", "Great Britain", "Britain",
            "British", "Scotland", "Scottish", "Wales", "Northern Ireland"),
           ("英国", "イギリス", "連合王国", "イングランド", "スコットランド")),
    "DE": (("Germany", "German", "Federal Republic of Germany"), ("ドイツ連邦共和国", "ドイツ")),
    "FR": (("France", "French"), ("フランス",)),
    "CH": (("Switzerland", "Swiss"), ("スイス",)),
    "NL": (("the Netherlands", "Netherlands", "Dutch"), ("オランダ",)),
    "IE": (("Ireland", "Irish"), ("アイルランド",)),
    "SE": (("Sweden", "Swedish"), ("スウェーデン",)),
    "IT": (("Italy", "Italian"), ("イタリア",)),
    "ES": (("Spain", "Spanish"), ("スペイン",)),
    "BE": (("Belgium", "Belgian"), ("ベルギー",)),
    "AT": (("Austria", "Austrian"), ("オーストリア",)),
    "FI": (("Finland", "Finnish"), ("フィンランド",)),
    "DK": (("Denmark", "Danish"), ("デンマーク",)),
    "NO": (("Norway", "Norwegian"), ("ノルウェー",)),
    "LU": (("Luxembourg",), ("ルクセンブルク",)),
    "IL": (("Israel", "Israeli"), ("イスラエル",)),
    "CN": (("People's Republic of China", "PRC", "China", "Chinese"),
           ("中華人民共和国", "中国")),
    "HK": (("Hong Kong",), ("香港",)),
    "TW": (("Taiwan", "Republic of China"), ("台湾",)),
    "KR": (("Republic of Korea", "South Korea", "Korea", "Korean"), ("大韓民国", "韓国")),
    "SG": (("Singapore", "Singaporean"), ("シンガポール",)),
    "IN": (("India", "Indian"), ("インド",)),
    "TH": (("Thailand", "Thai"), ("タイ王国", "タイ")),
    "VN": (("Vietnam", "Viet Nam", "Vietnamese"), ("ベトナム",)),
    "MY": (("Malaysia",), ("マレーシア",)),
    "ID": (("Indonesia",), ("インドネシア",)),
    "PH": (("Philippines",), ("フィリピン",)),
    "AU": (("Australia", "Australian"), ("オーストラリア", "豪州")),
    "NZ": (("New Zealand",), ("ニュージーランド",)),
    "CA": (("Canada", "Canadian"), ("カナダ",)),
    "MX": (("Mexico",), ("メキシコ",)),
    "BR": (("Brazil",), ("ブラジル",)),
    "AE": (("United Arab Emirates", "UAE"), ("アラブ首長国連邦",)),
}

US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois",
    "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
    "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming")
US_STATES_JA = {"ニューヨーク": "New York", "カリフォルニア": "California",
                "デラウェア": "Delaware", "テキサス": "Texas", "ワシントン": "Washington",
                "イリノイ": "Illinois", "マサチューセッツ": "Massachusetts",
                "ニュージャージー": "New Jersey", "フロリダ": "Florida", "オレゴン": "Oregon",
                "ネバダ": "Nevada", "ハワイ": "Hawaii", "ペンシルベニア": "Pennsylvania",
                "ジョージア": "Georgia", "ミシガン": "Michigan", "バージニア": "Virginia"}
# (region as returned, country, names that name it)
REGIONS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("England and Wales", "GB", ("England and Wales", "England & Wales"),
     ("イングランド及びウェールズ", "イングランドおよびウェールズ")),
    ("England", "GB", ("England", "English"), ("イングランド",)),
    ("Scotland", "GB", ("Scotland", "Scottish"), ("スコットランド",)),
    ("Northern Ireland", "GB", ("Northern Ireland",), ()),
    ("Ontario", "CA", ("Ontario",), ("オンタリオ",)),
    ("British Columbia", "CA", ("British Columbia",), ()),
    ("Quebec", "CA", ("Quebec", "Québec"), ()),
    ("New South Wales", "AU", ("New South Wales",), ("ニューサウスウェールズ",)),
    ("Victoria", "AU", ("Victoria",), ()),
    ("Queensland", "AU", ("Queensland",), ()),
)


@lru_cache(maxsize=None)
def _table(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str | None]]]:
    """One alternation of every name (longest first) and what each name means."""
    names: dict[str, tuple[str, str | None]] = {}
    for code, (en, ja) in COUNTRIES.items():
        for name in (ja if lang == "ja" else en):
            names.setdefault(name.lower(), (code, None))
    for region, code, en, ja in REGIONS:
        for name in (ja if lang == "ja" else en):
            names[name.lower()] = (code, region)
    if lang == "ja":
        for name, region in US_STATES_JA.items():
            names[name + "州"] = ("US", region)
    else:
        for state in US_STATES:
            if state in ("Georgia", "Washington"):
                # a country / a city too: a state only as "State of Georgia", "Washington State"
                names[f"state of {state}".lower()] = ("US", state)
                names[f"{state} state".lower()] = ("US", state)
            else:
                names[state.lower()] = ("US", state)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    if lang == "ja":
        pattern = re.compile(f"(?:{alternation})")
    else:
        pattern = re.compile(rf"(?<![A-Za-z])(?:{alternation})(?![A-Za-z])", re.IGNORECASE)
    return pattern, names


def find_place(text: str, lang: str) -> tuple[str, str | None, int] | None:
    """(ISO code, region, position) of the first place named in ``text``, or None."""
    pattern, names = _table(lang)
    for m in pattern.finditer(text):
        found = m.group(0)
        if lang == "en" and found in ("US", "UK") and not found.isupper():
            continue  # "us" the pronoun
        if lang == "en" and found.lower() == "us" and found != "US":
            continue
        code, region = names[found.lower()]
        return code, region, m.start()
    return None
