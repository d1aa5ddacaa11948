"""`clausecheck serve`: the JSON API and the pages through Starlette's test client (issue 13).

One app (one worker process) serves the whole module; a second one with a short timeout and
injected worker faults shows that a crashing or hanging file costs its request only.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import stat
import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("httpx", reason="the test client needs httpx (pip install '.[test]')")

with warnings.catch_warnings():
    # Starlette 1.x suggests another HTTP client for its test client; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from cli_runner import run  # noqa: E402
from clausecheck.serve import ServeConfig, create_app, state_of  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "sample_contracts"
TOKEN = "test-token-0123456789"
BASE = "http://127.0.0.1:8765"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    temp = tmp_path_factory.mktemp("serve-tmp")
    app = create_app(ServeConfig(token=TOKEN, jobs=1, temp_parent=str(temp)))
    with TestClient(app, base_url=BASE) as client:
        yield client, state_of(app)
    # the server has stopped: its private folder is gone
    assert list(temp.iterdir()) == []


@pytest.fixture()
def client(served):
    return served[0]


@pytest.fixture()
def state(served):
    return served[1]


def sample_bytes(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def check(client, name: str, data: bytes | None = None, **fields):
    payload = data if data is not None else sample_bytes(name)
    return client.post("/api/check", headers=AUTH, files={"file": (name, payload)},
                       data=fields)


def private_files(state) -> list[Path]:
    return state.folder.contents()


# --------------------------------------------------------------------------- the token

def test_every_request_needs_the_token(client) -> None:
    for path in ("/", "/static/app.css", "/r/anything", "/api/batches/x"):
        assert client.get(path).status_code == 403, path
    response = client.post("/api/check", files={"file": ("a.txt", b"x")})
    assert response.status_code == 403
    assert "token" in response.json()["error"]
    wrong = client.post("/api/check", headers={"Authorization": "Bearer nope"},
                        files={"file": ("a.txt", b"x")})
    assert wrong.status_code == 403
    assert client.get("/?token=nope").status_code == 403
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 403 and "token=" in page.text
    assert "/static/" not in page.text  # its stylesheet would be refused too: it has its own
    assert "style-src 'sha256-" in page.headers["content-security-policy"]


def test_the_token_in_the_address_becomes_a_cookie_and_leaves_the_address(client) -> None:
    try:
        first = client.get(f"/?token={TOKEN}&lang=en", follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/?lang=en"
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        page = client.get("/?lang=en")  # the cookie alone now
        assert page.status_code == 200
        assert "Check a contract" in page.text
    finally:
        client.cookies.clear()


def test_a_bearer_token_works_without_cookie(client) -> None:
    assert client.get("/", headers=AUTH).status_code == 200


def test_other_hosts_and_cross_origin_posts_are_refused(client) -> None:
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1
    assert client.get("/", headers={**AUTH, "Host": "evil.example"}).status_code == 400
    response = client.post("/api/check", headers={**AUTH, "Origin": "http://evil.example"},
                           files={"file": ("a.txt", b"x")})
    assert response.status_code == 403


def test_security_headers_and_no_cors(client) -> None:
    response = client.get("/", headers={**AUTH, "Origin": "http://evil.example"})
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "http" not in csp  # no outside origin anywhere
    assert response.headers["x-frame-options"] == "DENY"
    assert not any(h.lower().startswith("access-control-") for h in response.headers)
    preflight = client.options("/api/check", headers={
        **AUTH, "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_the_start_page_offers_the_librarys_contract_types(client) -> None:
    page = client.get("/", headers=AUTH).text
    for type_id in ("nda", "joint_research", "outsourcing", "license", "poc", "supply", "other"):
        assert f'<option value="{type_id}">' in page
    assert "業務委託契約" in page or "Outsourcing agreement" in page
    assert check(client, "nda_en_weak.txt", type="outsourcing").status_code == 200


def side_options(page: str) -> list[dict[str, str]]:
    """The start page's side menu: each option's value, label, side, types and group."""
    from html.parser import HTMLParser

    class Menu(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside, self.group, self.options = False, "", []

        def handle_starttag(self, tag, attrs) -> None:
            attrs = dict(attrs)
            if tag == "select":
                self.inside = attrs.get("name") == "side"
            elif self.inside and tag == "optgroup":
                self.group = attrs["label"]
            elif self.inside and tag == "option":
                self.options.append({"value": attrs["value"], "side": attrs["data-side"],
                                     "types": attrs["data-types"].split(), "label": "",
                                     "group": self.group})

        def handle_endtag(self, tag) -> None:
            self.inside = self.inside and tag != "select"
            self.group = "" if tag == "optgroup" else self.group

        def handle_data(self, data) -> None:
            if self.inside and self.options and self.lasttag == "option":
                self.options[-1]["label"] += data.strip()

    menu = Menu()
    menu.feed(page)
    return menu.options


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_side_menu_offers_each_types_parties_as_check_side_takes_them(client, lang) -> None:
    from clausecheck.library import load_library

    library = load_library()
    options = side_options(client.get(f"/?lang={lang}", headers=AUTH).text)
    for option in options:  # every choice means, under every type it is offered for,
        for t in option["types"]:  # the side it says, as `check --side VALUE` resolves it
            assert library.side(option["value"], None if t == "auto" else t) == option["side"]
    under = {t: [(o["value"], o["label"]) for o in options if t in o["types"]]
             for t in ("auto", "outsourcing", "license", "nda", "other")}
    if lang == "ja":
        assert under["outsourcing"] == [("委託者", "委託者（開示者）"),
                                        ("受託者", "受託者（受領者）"),
                                        ("mutual", "相互（双方が開示し、受け取る）")]
        assert ("ライセンシー（実施権者）", "ライセンシー（実施権者・受領者）") in under["license"]
        assert under["nda"][:2] == [("開示者", "開示者"), ("受領者", "受領者")]
        assert ("受託者", "受託者（受領者）") in under["auto"]  # one side in every type
    else:
        assert under["outsourcing"] == [("client", "client (discloser)"),
                                        ("contractor", "contractor (recipient)"),
                                        ("mutual", "mutual (both sides disclose)")]
        assert ("licensee", "licensee (recipient)") in under["auto"]
    assert [v for v, _ in under["other"]] == ["discloser", "recipient", "mutual"]
    assert [v for v, _ in under["auto"][:3]] == ["discloser", "recipient", "mutual"]
    groups = {o["group"] for o in options if "outsourcing" in o["types"] and o["group"]}
    assert groups == {library.profile("outsourcing").title.get(lang)}


def test_a_party_chosen_on_the_form_gives_the_clis_json(client, state, tmp_path, capsys,
                                                        monkeypatch) -> None:
    name = "nda_ja_weak.docx"
    shutil.copy(SAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    page = client.get("/?lang=ja", headers=AUTH).text
    assert {"value": "受託者", "side": "recipient", "types": ["auto", "outsourcing"],
            "label": "受託者（受領者）", "group": "業務委託契約（開発・製造委託を含む）"} \
        in side_options(page)
    for fields, argv in (({"type": "outsourcing", "side": "受託者"},
                          ["--type", "outsourcing", "--side", "受託者"]),
                         ({"type": "auto", "side": "ライセンサー（許諾者）"},
                          ["--side", "ライセンサー（許諾者）"])):
        code, cli_out, err = run(["check", name, "--format", "json", *argv], capsys)
        assert code in (0, 1), err
        response = upload_form(client, [(name, sample_bytes(name))], **fields)
        assert response.status_code == 303, response.text
        result = response.headers["location"]
        assert client.get(f"{result}/report.json", headers=AUTH).text == cli_out
        shown = client.get(result, headers=AUTH).text
        role = "受託者（受領者）" if fields["type"] == "outsourcing" else "開示者"
        assert f"<b>{role}</b>" in shown  # the detected NDA calls the licensor's side 開示者
        client.post(f"{result}/discard", headers=AUTH)


def test_pages_use_no_outside_asset(client) -> None:
    page = client.get("/", headers=AUTH).text
    for attr in ("src=", "href="):
        for chunk in page.split(attr)[1:]:
            target = chunk[1:].split(chunk[0], 1)[0]
            assert not target.startswith(("http:", "https:", "//")), target
    assert client.get("/static/app.js", headers=AUTH).status_code == 200


# --------------------------------------------------------------------------- limits

def test_an_upload_over_50_mb_is_413_and_not_stored(client, state) -> None:
    def body():
        boundary = b"XyZ"
        yield (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; '
               b'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n')
        chunk = b"a" * (1024 * 1024)
        for _ in range(51):
            yield chunk
        yield b"\r\n--" + boundary + b"--\r\n"

    response = client.post("/api/check", content=body(), headers={
        **AUTH, "Content-Type": "multipart/form-data; boundary=XyZ"})
    assert response.status_code == 413
    assert "50 MB" in response.json()["error"]
    assert private_files(state) == []


def test_a_declared_length_over_the_limit_is_413_at_once(client) -> None:
    response = client.post("/api/check", content=b"", headers={
        **AUTH, "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": str(60 * 1024 * 1024)})
    assert response.status_code == 413


def test_bad_requests_get_one_line_errors(client) -> None:
    assert client.post("/api/check", headers=AUTH, data={"type": "nda"}).status_code == 400
    wrong = check(client, "nda_en_weak.txt", type="lease")
    assert wrong.status_code == 400 and "type must be one of" in wrong.json()["error"]
    no_side = check(client, "nda_en_weak.txt", side="landlord")
    assert no_side.status_code == 400 and "unknown side 'landlord'" in no_side.json()["error"]
    not_form = client.post("/api/check", headers={**AUTH, "Content-Type": "text/plain"},
                           content=b"hello")
    assert not_form.status_code == 400


# --------------------------------------------------------------------------- the check JSON

@pytest.mark.parametrize("name,options", [
    ("nda_ja_weak.docx", {}),
    ("nda_en_weak.txt", {"side": "recipient", "ui_lang": "ja"}),
    ("jr_ja_sound.txt", {"type": "joint_research", "ui_lang": "en"}),
    ("nda_en_weak.txt", {"side": "licensee"}),   # a party name, as --side takes it
])
def test_check_json_is_exactly_the_clis(client, state, name, options, tmp_path, capsys,
                                        monkeypatch) -> None:
    shutil.copy(SAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    argv = ["check", name, "--format", "json"]
    for key, flag in (("type", "--type"), ("side", "--side"), ("ui_lang", "--ui-lang")):
        if key in options:
            argv += [flag, options[key]]
    code, cli_out, err = run(argv, capsys)
    assert code in (0, 1), err
    response = check(client, name, **options)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.text == cli_out
    assert private_files(state) == []  # the upload is gone once answered


def test_a_name_is_a_label_never_a_path(client, state, tmp_path) -> None:
    response = check(client, "../../" + "escape.txt", data=sample_bytes("nda_en_weak.txt"))
    assert response.status_code == 200
    assert response.json()["file"] == "escape.txt"
    assert not (state.folder.path.parent / "escape.txt").exists()
    odd = check(client, "..\\..\\win.txt\x00.exe", data=sample_bytes("nda_en_weak.txt"))
    # the control character goes; ".exe" is what the browser said, so the reader refuses it
    assert odd.status_code == 422
    assert "unsupported file type .exe" in odd.json()["error"]


def test_private_folder_is_0700(state) -> None:
    mode = stat.S_IMODE(os.stat(state.folder.path).st_mode)
    assert mode == 0o700


# --------------------------------------------------------------------------- redline

def test_redline_is_a_valid_docx_with_the_changes(client, state) -> None:
    response = client.post("/api/redline", headers=AUTH,
                           files={"file": ("nda_ja_weak.docx", sample_bytes("nda_ja_weak.docx"))})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert "nda_ja_weak.clausecheck.docx" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert zf.testzip() is None
        body = zf.read("word/document.xml").decode("utf-8")
        assert "<w:ins " in body  # the missing provisions, as tracked insertions
        assert "word/comments.xml" in zf.namelist()
    import docx

    document = docx.Document(io.BytesIO(response.content))
    assert any("秘密保持" in p.text for p in document.paragraphs)
    assert private_files(state) == []


def test_redline_refuses_text_files(client) -> None:
    response = client.post("/api/redline", headers=AUTH,
                           files={"file": ("nda_en_weak.txt", sample_bytes("nda_en_weak.txt"))})
    assert response.status_code == 422
    assert "needs a .docx" in response.json()["error"]


# --------------------------------------------------------------------------- hostile files

def _docx_with(document_xml: bytes, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    source = zipfile.ZipFile(SAMPLES / "nda_en_weak.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as out:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info)
            out.writestr(info.filename, data)
    return buf.getvalue()


HOSTILE = {
    "bomb.docx": (lambda: _docx_with(b"0" * (8 * 1024 * 1024)), "zip bomb"),
    "broken.docx": (lambda: _docx_with(b"<w:document><w:body><w:p>"), ""),
    "truncated.docx": (lambda: sample_bytes("nda_en_weak.docx")[:3000], ""),
    "empty.txt": (lambda: b"", "empty"),
}


@pytest.mark.parametrize("label", sorted(HOSTILE))
def test_hostile_uploads_cost_an_error_message_not_the_server(client, state, label) -> None:
    make, reason = HOSTILE[label]
    response = check(client, label, data=make())
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert reason in error and "\n" not in error
    assert private_files(state) == []
    # and the server still answers
    assert check(client, "nda_en_weak.txt").status_code == 200


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    # 15 s: short for the hanging file, long enough for a good one on a loaded machine
    temp = tmp_path_factory.mktemp("serve-faults")
    app = create_app(ServeConfig(token=TOKEN, jobs=1, timeout=15, temp_parent=str(temp),
                                 faults={"crash.txt": "crash", "hang.txt": "hang"}))
    with TestClient(app, base_url=BASE) as c:
        yield c, state_of(app)
    assert list(temp.iterdir()) == []  # uploads, worker logs and temporary files


@pytest.fixture(scope="module")
def hungry(tmp_path_factory):
    """Files that need more memory than the worker may have (the default timeout: the
    checks after a replacement must not race a short one on a loaded machine)."""
    temp = tmp_path_factory.mktemp("serve-memory")
    app = create_app(ServeConfig(token=TOKEN, jobs=1, temp_parent=str(temp),
                                 memory_limit_mb=1536,
                                 faults={"alloc.txt": "alloc", "abort.txt": "abort-oom"}))
    with TestClient(app, base_url=BASE) as c:
        yield c, state_of(app)
    assert list(temp.iterdir()) == []


def test_a_crashing_or_hanging_file_costs_its_request_only(faulty) -> None:
    client, state = faulty
    text = sample_bytes("nda_en_weak.txt")
    crashed = check(client, "crash.txt", data=text)
    assert crashed.status_code == 422
    assert "crashed" in crashed.json()["error"]
    hung = check(client, "hang.txt", data=text)
    assert hung.status_code == 422
    assert "gave up after 15 s" in hung.json()["error"]
    fine = check(client, "fine.txt", data=text)
    assert fine.status_code == 200
    assert fine.json()["file"] == "fine.txt"
    assert private_files(state) == []


def _worker_pid(state) -> int | None:
    process = state.pool._slots[0].process
    return process.pid if process is not None else None


def test_a_file_over_the_memory_limit_costs_its_request_and_its_worker(hungry) -> None:
    """Python's MemoryError under the worker's RLIMIT_AS, and a native allocator's abort
    (Rust prints "memory allocation of N bytes failed", then aborts): the request says so,
    and a fresh worker takes the next one."""
    client, state = hungry
    text = sample_bytes("nda_en_weak.txt")
    assert check(client, "first.txt", data=text).status_code == 200
    limits = Path(f"/proc/{_worker_pid(state)}/limits")
    if limits.exists():
        line = next(l for l in limits.read_text().splitlines() if "address space" in l)
        assert line.split()[3] == str(1536 * 2**20), line  # the soft limit
    for name in ("alloc.txt", "abort.txt"):
        before = _worker_pid(state)
        response = check(client, name, data=text)
        assert response.status_code == 422, name
        assert response.json()["error"] == (
            "out of memory while checking this file (more than the 1536 MB allowed per "
            "worker process; see --max-memory)"), name
        after = check(client, "fine.txt", data=text)
        assert after.status_code == 200 and after.json()["file"] == "fine.txt"
        assert _worker_pid(state) not in (None, before), name  # replaced
    assert private_files(state) == []


# --------------------------------------------------------------------------- the pages

def upload_form(client, files: list[tuple[str, bytes]], **fields):
    return client.post("/check", headers=AUTH, files=[("file", f) for f in files],
                       data=fields, follow_redirects=False)


def test_one_contract_page_downloads_and_discard(client, state) -> None:
    response = upload_form(client, [("nda_ja_weak.docx", sample_bytes("nda_ja_weak.docx"))],
                           ui_lang="ja")
    assert response.status_code == 303
    page_url = response.headers["location"]
    assert page_url.startswith("/r/")
    kept = private_files(state)
    assert len(kept) == 1 and kept[0].suffix == ".docx"  # kept for the redline
    page = client.get(page_url, headers=AUTH).text
    assert "必須条項に不備あり" in page
    assert "<b>秘密保持契約</b>" in page  # the type by its profile's name
    assert 'id="f-return_deletion"' in page  # a missing provision's card
    assert "契約終了時の返還・廃棄" in page  # its missing element
    assert 'class="btn small copy"' in page
    assert 'class="unit k-article ev sev-' in page  # evidence clauses highlighted
    # the key facts, each with the clause it comes from
    assert "契約の要点" in page and "株式会社ミナトセンシング" in page
    assert 'data-fact="term"' in page and "2年" in page
    for fmt, media in (("html", "text/html"), ("json", "application/json"),
                       ("xlsx", "application/vnd.openxmlformats")):
        download = client.get(f"{page_url}/report.{fmt}", headers=AUTH)
        assert download.status_code == 200
        assert download.headers["content-type"].startswith(media)
        assert "attachment" in download.headers["content-disposition"]
    data = json.loads(client.get(f"{page_url}/report.json", headers=AUTH).text)
    assert data["file"] == "nda_ja_weak.docx"
    redline = client.get(f"{page_url}/redline.docx", headers=AUTH)
    assert redline.status_code == 200 and redline.content[:2] == b"PK"
    assert len(private_files(state)) == 1  # the redline went out and was deleted
    gone = client.post(f"{page_url}/discard", headers=AUTH, follow_redirects=False)
    assert gone.status_code == 303
    assert private_files(state) == []
    assert client.get(page_url, headers=AUTH).status_code == 404


def test_the_page_works_without_a_facts_object(client, state) -> None:
    """A report without key facts shows no empty panel."""
    response = upload_form(client, [("nda_en_weak.txt", sample_bytes("nda_en_weak.txt"))],
                           ui_lang="en")
    rid = response.headers["location"].rsplit("/", 1)[1]
    result = state.store.get(rid)
    assert result.report.facts is not None
    result.report = dataclasses.replace(result.report, facts=None)
    page = client.get(f"/r/{rid}", headers=AUTH)
    assert page.status_code == 200
    assert 'id="facts"' not in page.text and 'id="f-purpose"' in page.text


def test_the_page_redline_can_insert_recommended_provisions_too(client, state) -> None:
    response = upload_form(client, [("nda_ja_weak.docx", sample_bytes("nda_ja_weak.docx"))])
    page_url = response.headers["location"]
    findings = json.loads(state.store.get(page_url.rsplit("/", 1)[1]).check_json)["findings"]
    counts = []
    for query in ("", "?include=recommended"):
        docx_bytes = client.get(f"{page_url}/redline.docx{query}", headers=AUTH).content
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
            counts.append(zf.read("word/document.xml").decode("utf-8").count("<w:ins "))
    if any(f["status"] == "missing" and f["requirement"] == "recommended" for f in findings):
        assert counts[1] > counts[0]
    else:
        assert counts[1] == counts[0]
    client.post(f"{page_url}/discard", headers=AUTH)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # an OLE container: no .docx


@pytest.mark.parametrize("name,data,reason", [
    ("secret.docx", OLE, "password-protected (encrypted) .docx"),
    ("broken.docx", b"PK\x03\x04" + b"\0" * 60, "corrupt or truncated .docx"),
    ("budget.xlsx", b"PK\x03\x04" + b"\0" * 60, "unsupported file type .xlsx"),
], ids=["encrypted", "corrupt", "unsupported"])
def test_an_unreadable_file_on_the_form_says_why(client, state, name, data, reason) -> None:
    files = {"file": (name, data)}
    page = client.post("/check", headers=AUTH, files=files, follow_redirects=False)
    assert page.status_code == 422
    assert reason in page.text and 'id="upload"' in page.text  # the form, to try again
    script = client.post("/check", headers={**AUTH, "Accept": "application/json"},
                         files=files, follow_redirects=False)
    assert script.status_code == 422
    assert reason in script.json()["error"] and "\n" not in script.json()["error"]
    assert private_files(state) == []


def test_a_legacy_doc_is_read_and_redlined_through_libreoffice(client, state, tmp_path) -> None:
    from clausecheck.reader import testing

    if testing.missing_tools("soffice"):
        pytest.skip("not installed: soffice (LibreOffice; .ci/run installs it)")
    doc = testing.convert_with_libreoffice(SAMPLES / "nda_ja_weak.docx", tmp_path, "doc")
    response = upload_form(client, [("古い契約書.doc", doc.read_bytes())], ui_lang="ja")
    assert response.status_code == 303, response.text
    page_url = response.headers["location"]
    page = client.get(page_url, headers=AUTH).text
    assert "必須条項に不備あり" in page and 'id="f-return_deletion"' in page
    assert 'id="dl-redline"' in page  # a .doc is redlined as a new .docx, as by the CLI
    redlined = client.get(f"{page_url}/redline.docx", headers=AUTH)
    assert redlined.status_code == 200 and "clausecheck.docx" in \
        redlined.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(redlined.content)) as zf:
        assert "<w:ins " in zf.read("word/document.xml").decode("utf-8")
    kept = private_files(state)
    assert len(kept) == 1 and kept[0].suffix == ".doc"  # the upload only: no converted copy
    client.post(f"{page_url}/discard", headers=AUTH)
    assert private_files(state) == []


def test_a_doc_without_libreoffice_says_how_to_install_it(tmp_path, monkeypatch) -> None:
    # what the worker answers (in this process: the worker's PATH cannot be changed here)
    from clausecheck.reader import tools
    from clausecheck.serve.worker import CheckTask, TaskError, run_task

    path = tmp_path / "upload.doc"
    path.write_bytes(OLE)
    monkeypatch.setattr(tools, "which", lambda name: None)
    with pytest.raises(TaskError) as caught:
        run_task(CheckTask(path=str(path), name="old.doc"), {})
    assert caught.value.reason.startswith("legacy Word .doc needs LibreOffice, which is not "
                                          "installed; install LibreOffice to read it: "
                                          "'apt-get install libreoffice-writer-nogui'")


def test_a_zip_without_contracts_says_so(client) -> None:
    response = upload_form(client, [("pictures.zip", _zip({"a.png": b"\x89PNG"}))])
    bid = response.headers["location"].rsplit("/", 1)[1]
    progress = _wait_batch(client, bid)
    assert progress["total"] == 0
    page = client.get(f"/b/{bid}", headers=AUTH).text
    assert "チェックできる契約書がありませんでした" in page and "a.png" in page
    assert 'id="matrix"' not in page


def test_a_text_upload_is_deleted_once_checked(client, state) -> None:
    response = upload_form(client, [("nda_en_weak.txt", sample_bytes("nda_en_weak.txt"))])
    assert response.status_code == 303
    assert private_files(state) == []
    page = client.get(response.headers["location"], headers=AUTH).text
    assert "Word 形式の契約書（.docx・.doc・.rtf・.odt）からのみ" in page  # why no redline


def test_the_form_without_a_file_says_so(client) -> None:
    response = client.post("/check", headers=AUTH, files={"file": ("", b"")},
                           follow_redirects=False)
    assert response.status_code == 400
    assert "ファイルを選択してください" in response.text


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_zip_gives_the_portfolio(client, state) -> None:
    archive = _zip({
        "deals/nda_ja_weak.docx": sample_bytes("nda_ja_weak.docx"),
        "deals/nda_en_sound.docx": sample_bytes("nda_en_sound.docx"),
        "../../outside.txt": sample_bytes("nda_en_weak.txt"),
        "notes/readme.pdf.json": b"{}",
        "__MACOSX/._nda.docx": b"junk",
    })
    response = upload_form(client, [("folder.zip", archive)], ui_lang="en")
    assert response.status_code == 303
    batch_url = response.headers["location"]
    bid = batch_url.rsplit("/", 1)[1]
    progress = _wait_batch(client, bid)
    assert progress["total"] == 3 and progress["done"] == 3
    names = sorted(i["name"] for i in progress["items"] if i["state"] == "done")
    assert names == ["deals/nda_en_sound.docx", "deals/nda_ja_weak.docx", "outside.txt"]
    assert not (state.folder.path.parent / "outside.txt").exists()
    page = client.get(batch_url, headers=AUTH).text
    assert 'id="matrix"' in page and "notes/readme.pdf.json" in page  # listed as skipped
    report_link = next(i["report"] for i in progress["items"]
                       if i["name"] == "deals/nda_ja_weak.docx")
    assert f'href="{report_link}#f-return_deletion"' in page  # a cell opens that report
    # the legend says what the cells' colours mean, in the engine's severities
    assert all(f'class="sw sev-{sev}"' in page for sev in ("error", "warning", "notice"))
    assert ("要対応（必須条項の欠落）" in page) or ("error (required provision missing)" in page)
    xlsx = client.get(f"{batch_url}/report.xlsx", headers=AUTH)
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames
    data = client.get(f"{batch_url}/report.json", headers=AUTH).json()
    assert len(data["reports"]) == 3
    client.post(f"{batch_url}/discard", headers=AUTH)
    assert private_files(state) == []


def test_several_files_and_a_bad_one(client) -> None:
    response = upload_form(client, [("a.txt", sample_bytes("nda_en_weak.txt")),
                                    ("b.docx", b"not a zip at all")])
    bid = response.headers["location"].rsplit("/", 1)[1]
    progress = _wait_batch(client, bid)
    states = {i["name"]: i["state"] for i in progress["items"]}
    assert states == {"a.txt": "done", "b.docx": "error"}
    page = client.get(f"/b/{bid}", headers=AUTH).text
    assert "b.docx" in page and 'id="errors"' in page


def _wait_batch(client, bid: str) -> dict:
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        progress = client.get(f"/api/batches/{bid}", headers=AUTH).json()
        if progress["finished"]:
            return progress
        time.sleep(0.2)
    raise AssertionError("the folder run did not finish")
