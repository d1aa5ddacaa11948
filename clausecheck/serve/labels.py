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
    "drop_here": {"ja": "ここに契約書をドラッグ＆ドロップ", "en": "Drop a contract here"},
    "drop_hint": {"ja": "{formats}（1ファイル最大 {limit} MB）。複数のファイルや .zip はまとめてチェックします。",
                  "en": "{formats} (up to {limit} MB each). Several files or a .zip are "
                        "checked as a folder."},
    "choose_file": {"ja": "ファイルを選択", "en": "Choose files"},
    "chosen": {"ja": "選択中", "en": "Selected"},
    "no_file": {"ja": "ファイルが選択されていません", "en": "No file selected"},
    "type_auto": {"ja": "自動判定", "en": "auto-detect"},
    "ui_lang": {"ja": "表示言語", "en": "Display language"},
    # the side menu's generic choices (a contract type's own parties are named by the library)
    "side_menu_discloser": {"ja": "開示者（自社が情報を開示する側）",
                            "en": "discloser (you disclose the information)"},
    "side_menu_recipient": {"ja": "受領者（自社が情報を受け取る側）",
                            "en": "recipient (you receive the information)"},
    "side_menu_mutual": {"ja": "相互（双方が開示し、受け取る）",
                         "en": "mutual (both sides disclose)"},
    "ui_auto": {"ja": "契約書に合わせる", "en": "same as the contract"},
    "run_check": {"ja": "チェックする", "en": "Check"},
    "checking": {"ja": "チェック中…", "en": "Checking…"},
    "uploading": {"ja": "アップロード中…", "en": "Uploading…"},
    "verdict": {"ja": "判定", "en": "Verdict"},
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
    "dl_redline_all": {"ja": "推奨条項も挿入した Word", "en": "Word with recommended provisions too"},
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
    "folder": {"ja": "まとめてチェック", "en": "Folder check"},
    "files_done": {"ja": "件完了", "en": "done"},
    "portfolio": {"ja": "契約書 × チェック項目", "en": "Contracts × provisions"},
    "filters": {"ja": "絞り込み", "en": "Filters"},
    "filter_name": {"ja": "ファイル名", "en": "File name"},
    "filter_failing": {"ja": "必須条項に不備のある契約のみ", "en": "Only contracts failing"},
    "filter_provision": {"ja": "チェック項目", "en": "Provision"},
    "filter_status": {"ja": "その項目の判定", "en": "its status"},
    # the matrix's colours: the engine's severities (checker._severity)
    "legend_error": {"ja": "必須条項の欠落", "en": "required provision missing"},
    "legend_warning": {"ja": "必須条項の不十分", "en": "required provision weak"},
    "legend_notice": {"ja": "推奨条項の不十分・欠落", "en": "recommended provision weak or missing"},
    "any": {"ja": "すべて", "en": "any"},
    "weak_or_missing": {"ja": "不十分または欠落", "en": "weak or missing"},
    "skipped_files": {"ja": "対象外のファイル", "en": "Files skipped"},
    "waiting": {"ja": "待機中", "en": "waiting"},
    "failing": {"ja": "不備あり", "en": "failing"},
    "passing": {"ja": "不備なし", "en": "passing"},
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
    "lang_switch": {"ja": "English", "en": "日本語"},
    "unreadable": {"ja": "読み込めませんでした", "en": "could not be checked"},
    # the page's two rows beyond the reports' key facts (``report.facts_view``)
    "fact_placeholders": {"ja": "未記入の項目", "en": "Left blank"},
    "fact_defined_terms": {"ja": "定義語", "en": "Defined terms"},
}


def ui_label(key: str, lang: str, **values: object) -> str:
    """The app's word for ``key`` in ``lang``, else the reports' word, else the key."""
    entry = UI_LABELS.get(key) or REPORT_LABELS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def ui_lang_of(value: str | None) -> str:
    return value if value in ("ja", "en") else "ja"
