"""The web app's words in Japanese and English.

Words the reports already have (statuses, severities, contract types, sides, "Missing
elements"...) come from ``clausecheck.report.labels`` so that the page and the downloaded
reports say the same thing; only the app's own words are here.
"""

from __future__ import annotations

from clausecheck.report.labels import LABELS as REPORT_LABELS

UI_LABELS: dict[str, dict[str, str]] = {
    "app_tagline": {"ja": "契約書チェック（オフライン）", "en": "Contract checker (offline)"},
    "offline_note": {"ja": "契約書はこのパソコンの外に送信されません。",
                     "en": "Contracts never leave this computer."},
    "new_check": {"ja": "新しくチェック", "en": "New check"},
    "check_one": {"ja": "契約書をチェック", "en": "Check a contract"},
    "drop_here": {"ja": "ここに契約書をドロップ", "en": "Drop a contract here"},
    "drop_hint": {"ja": "{formats}（1ファイル最大 {limit} MB）。複数のファイルや .zip はまとめてチェックします。",
                  "en": "{formats} (up to {limit} MB each). Several files or a .zip are "
                        "checked as a folder."},
    "choose_file": {"ja": "ファイルを選択", "en": "Choose files"},
    "chosen": {"ja": "選択中", "en": "Selected"},
    "no_file": {"ja": "ファイルが選択されていません", "en": "No file selected"},
    "type_auto": {"ja": "自動判定", "en": "auto-detect"},
    "ui_lang": {"ja": "表示言語", "en": "Display language"},
    "ui_auto": {"ja": "契約書に合わせる", "en": "same as the contract"},
    "run_check": {"ja": "チェックする", "en": "Check"},
    "checking": {"ja": "チェック中…", "en": "Checking…"},
    "uploading": {"ja": "アップロード中…", "en": "Uploading…"},
    "verdict": {"ja": "判定", "en": "Verdict"},
    "key_facts": {"ja": "契約の要点", "en": "Key facts"},
    "facts_absent": {"ja": "この版では要点の抽出は行われていません。",
                     "en": "Key facts are not extracted by this version."},
    "contract_text": {"ja": "契約書本文", "en": "Contract text"},
    "text_hint": {"ja": "条項をクリックすると、その条項を根拠とするチェック項目が強調されます。",
                  "en": "Click a clause to see the provisions it serves."},
    "findings_hint": {"ja": "条番号をクリックすると本文の該当箇所に移動します。",
                      "en": "Click a clause number to jump to it in the text."},
    "serves": {"ja": "この条項が根拠となる項目", "en": "Provisions this clause serves"},
    "serves_none": {"ja": "この条項を根拠とするチェック項目はありません。",
                    "en": "No provision relies on this clause."},
    "to_fix": {"ja": "要対応・要確認", "en": "To fix"},
    "notices": {"ja": "推奨事項", "en": "Recommended"},
    "present_list": {"ja": "充足している項目", "en": "Present"},
    "no_evidence": {"ja": "該当する条項は見つかりませんでした。", "en": "No clause was found for it."},
    "copy": {"ja": "コピー", "en": "Copy"},
    "copied": {"ja": "コピーしました", "en": "Copied"},
    "downloads": {"ja": "ダウンロード", "en": "Downloads"},
    "dl_redline": {"ja": "修正履歴付き Word (.docx)", "en": "Redlined Word (.docx)"},
    "dl_redline_all": {"ja": "推奨条項も挿入", "en": "with recommended provisions"},
    "dl_redline_all_hint": {"ja": "欠落している推奨条項も修正履歴として挿入します",
                            "en": "also insert the missing recommended provisions"},
    "nothing_checked": {"ja": "チェックできる契約書がありませんでした。",
                        "en": "No contract could be checked."},
    "dl_html": {"ja": "報告書 HTML", "en": "Report HTML"},
    "dl_xlsx": {"ja": "報告書 Excel", "en": "Report Excel"},
    "dl_json": {"ja": "JSON", "en": "JSON"},
    "dl_csv": {"ja": "CSV", "en": "CSV"},
    "redline_docx_only": {"ja": "修正履歴付きファイルは Word 形式の契約書（.docx・.doc・.rtf・.odt）からのみ作成できます。",
                          "en": "A redline can be made from a Word contract only (.docx, "
                                ".doc, .rtf, .odt)."},
    "discard": {"ja": "この結果を削除", "en": "Discard this result"},
    "discard_all": {"ja": "結果をすべて削除", "en": "Discard these results"},
    "print": {"ja": "印刷", "en": "Print"},
    "preamble": {"ja": "前文", "en": "Preamble"},
    "signature": {"ja": "署名欄", "en": "Signatures"},
    "annexes": {"ja": "別紙", "en": "Annexes"},
    "folder": {"ja": "まとめてチェック", "en": "Folder check"},
    "progress": {"ja": "進捗", "en": "Progress"},
    "files_done": {"ja": "件完了", "en": "done"},
    "portfolio": {"ja": "契約書 × チェック項目", "en": "Contracts × provisions"},
    "filters": {"ja": "絞り込み", "en": "Filters"},
    "filter_name": {"ja": "ファイル名", "en": "File name"},
    "filter_failing": {"ja": "必須条項に不備のある契約のみ", "en": "Only contracts failing"},
    "filter_provision": {"ja": "チェック項目", "en": "Provision"},
    "filter_status": {"ja": "判定", "en": "Status"},
    "any": {"ja": "すべて", "en": "any"},
    "weak_or_missing": {"ja": "不十分または欠落", "en": "weak or missing"},
    "shown": {"ja": "表示", "en": "shown"},
    "open_report": {"ja": "報告を開く", "en": "open report"},
    "not_read": {"ja": "読み込めなかったファイル", "en": "Files not checked"},
    "skipped_files": {"ja": "対象外のファイル", "en": "Files skipped"},
    "waiting": {"ja": "待機中", "en": "waiting"},
    "failing": {"ja": "不備あり", "en": "failing"},
    "passing": {"ja": "不備なし", "en": "passing"},
    "error_title": {"ja": "エラー", "en": "Error"},
    "back": {"ja": "最初の画面に戻る", "en": "Back to the start page"},
    "not_found": {"ja": "この結果は見つかりません（削除されたか、期限切れです）。",
                  "en": "This result is gone (discarded or expired)."},
    "forbidden": {"ja": "アクセスが拒否されました。clausecheck serve が表示したアドレス（token= を含む）を開いてください。",
                  "en": "Access denied. Open the address printed by clausecheck serve "
                        "(with its token=)."},
    "busy": {"ja": "処理待ちが多すぎます。しばらくしてからやり直してください。",
             "en": "Too many files are waiting; try again in a moment."},
    "too_large": {"ja": "ファイルが大きすぎます（上限 {limit} MB）。",
                  "en": "The upload is too large (the limit is {limit} MB)."},
    "missing_file": {"ja": "ファイルを選択してください。", "en": "Choose a file first."},
    "risk_flags": {"ja": "注意すべき条項", "en": "Risky clauses"},
    "elements_missing_short": {"ja": "不足", "en": "missing"},
    "required_short": {"ja": "必須", "en": "required"},
    "recommended_short": {"ja": "推奨", "en": "recommended"},
    "lang_switch": {"ja": "English", "en": "日本語"},
    "requirement_label": {"ja": "要否", "en": "Requirement"},
    "unreadable": {"ja": "読み込めませんでした", "en": "could not be checked"},
    "yes": {"ja": "あり", "en": "yes"},
    "no": {"ja": "なし", "en": "no"},
    "months": {"ja": "{n}か月", "en": "{n} months"},
    "years": {"ja": "{y}年", "en": "{y} years"},
    "weeks": {"ja": "{n}週間", "en": "{n} weeks"},
    "days": {"ja": "{n}日", "en": "{n} days"},
    "month": {"ja": "{n}か月", "en": "{n} month"},
    "year": {"ja": "{y}年", "en": "{y} year"},
    "week": {"ja": "{n}週間", "en": "{n} week"},
    "day": {"ja": "{n}日", "en": "{n} day"},
    "title_ref": {"ja": "表題", "en": "title"},
}


# the key facts panel (the ``facts`` object of the check JSON)
UI_FACT_WORDS: dict[str, dict[str, str]] = {
    "fact_parties": {"ja": "当事者", "en": "Parties"},
    "fact_direction": {"ja": "開示の方向", "en": "Direction"},
    "fact_one_way": {"ja": "一方向", "en": "one-way"},
    "fact_mutual": {"ja": "相互開示", "en": "mutual"},
    "fact_discloser": {"ja": "開示者", "en": "discloser"},
    "fact_effective_date": {"ja": "締結日・効力発生日", "en": "Effective date"},
    "fact_term": {"ja": "契約期間", "en": "Term"},
    "fact_renewal": {"ja": "自動更新", "en": "Automatic renewal"},
    "fact_survival": {"ja": "終了後の秘密保持", "en": "Confidentiality after the end"},
    "fact_governing_law": {"ja": "準拠法", "en": "Governing law"},
    "fact_forum": {"ja": "管轄・仲裁", "en": "Forum"},
    "fact_purpose": {"ja": "目的", "en": "Purpose"},
    "fact_placeholders": {"ja": "未記入の項目", "en": "Left blank"},
    "fact_defined_terms": {"ja": "定義語", "en": "Defined terms"},
    "fact_not_stated": {"ja": "記載なし", "en": "not stated"},
    "fact_blank": {"ja": "（空欄）", "en": "(blank)"},
    "fact_from": {"ja": "{start}から", "en": "from {start}"},
    "fact_period_from": {"ja": "{start}から{period}", "en": "{period} from {start}"},
    "fact_until": {"ja": "{date}まで", "en": "until {date}"},
    "fact_start_signature": {"ja": "締結日", "en": "signature"},
    "fact_start_effective_date": {"ja": "効力発生日", "en": "the effective date"},
    "fact_start_disclosure": {"ja": "開示日", "en": "disclosure"},
    "fact_note_until_terminated": {"ja": "解約されるまで", "en": "until terminated"},
    "fact_note_while_obligations": {"ja": "義務が存続する間", "en": "while obligations last"},
    "fact_note_until_event": {"ja": "所定の事由の発生まで", "en": "until an event"},
    "fact_note_or_earlier_event": {"ja": "又はそれ以前の事由の発生まで",
                                   "en": "or an earlier event"},
    "fact_note_indefinite": {"ja": "期限なし", "en": "indefinitely"},
    "fact_note_while_secret": {"ja": "秘密である限り", "en": "while the information stays secret"},
    "fact_note_trade_secrets_longer": {"ja": "営業秘密はより長く", "en": "trade secrets longer"},
    "fact_after_end": {"ja": "終了後{period}", "en": "{period} after the end"},
    "fact_after_disclosure": {"ja": "開示から{period}", "en": "{period} from disclosure"},
    "fact_each": {"ja": "{period}ごと", "en": "every {period}"},
    "fact_notice": {"ja": "更新拒絶の通知は{period}前まで", "en": "notice to end it {period} before"},
    "fact_exclusive": {"ja": "専属的合意管轄", "en": "exclusive"},
    "fact_non_exclusive": {"ja": "非専属的", "en": "non-exclusive"},
    "fact_arbitration": {"ja": "仲裁地: {seat}", "en": "arbitration in {seat}"},
}

COUNTRIES: dict[str, dict[str, str]] = {
    "JP": {"ja": "日本法", "en": "Japan"}, "US": {"ja": "米国法", "en": "United States"},
    "GB": {"ja": "英国法", "en": "United Kingdom"}, "DE": {"ja": "ドイツ法", "en": "Germany"},
    "FR": {"ja": "フランス法", "en": "France"}, "CN": {"ja": "中国法", "en": "China"},
    "KR": {"ja": "韓国法", "en": "Korea"}, "TW": {"ja": "台湾法", "en": "Taiwan"},
    "SG": {"ja": "シンガポール法", "en": "Singapore"}, "HK": {"ja": "香港法", "en": "Hong Kong"},
    "CH": {"ja": "スイス法", "en": "Switzerland"}, "NL": {"ja": "オランダ法", "en": "Netherlands"},
    "IN": {"ja": "インド法", "en": "India"}, "AU": {"ja": "オーストラリア法", "en": "Australia"},
    "CA": {"ja": "カナダ法", "en": "Canada"}, "SE": {"ja": "スウェーデン法", "en": "Sweden"},
}


def country_name(code: str, lang: str) -> str:
    """A governing law's name from its ISO 3166-1 code; unknown codes as they are."""
    entry = COUNTRIES.get(str(code).upper())
    return entry[lang] if entry else str(code)


def ui_label(key: str, lang: str, **values: object) -> str:
    """The app's word for ``key`` in ``lang``, else the reports' word, else the key."""
    entry = UI_LABELS.get(key) or UI_FACT_WORDS.get(key) or REPORT_LABELS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def ui_lang_of(value: str | None) -> str:
    return value if value in ("ja", "en") else "ja"
