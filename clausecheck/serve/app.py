"""The web app: routes, the guard around every request, and the server's lifetime.

    app = create_app(ServeConfig(token="…"))
    uvicorn.run(app, host="127.0.0.1", port=8765)

Routes (every one needs the token; see ``Guard``):

    GET  /                          the start page: one contract, several, or a .zip
    POST /check                     the start page's form: redirects to /r/ID or /b/ID
    GET  /r/ID                      one contract: verdicts beside the clauses
    GET  /r/ID/redline.docx         the redlined copy (a .docx upload only)
    GET  /r/ID/report.{html,xlsx,json}
    POST /r/ID/discard              forget it and delete its file
    GET  /b/ID                      a folder run: progress, then the portfolio matrix
    GET  /b/ID/report.{html,xlsx,json,csv}
    POST /b/ID/discard
    POST /api/check                 multipart ``file`` (+ ``type``, ``side``, ``ui_lang``):
                                    exactly the JSON of ``clausecheck check --format json``
    POST /api/redline               multipart ``file`` (+ ``type``, ``side``, ``author``,
                                    ``include=recommended``): the redlined .docx
    GET  /api/batches/ID            a folder run's progress as JSON
    GET  /static/…                  the page's own CSS and script (nothing from outside)

Checks never run in this process: ``WorkerPool`` workers read and judge the uploads, so a
hostile file costs its request an error message, and the event loop stays free for pages.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import dataclasses
import hashlib
import json
import logging
import secrets
import tempfile
import urllib.parse
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib import resources
from pathlib import Path
from typing import Any, AsyncIterator

import jinja2
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (FileResponse, HTMLResponse, JSONResponse, PlainTextResponse,
                                 RedirectResponse, Response)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clausecheck import __version__
from clausecheck.batch import (DEFAULT_MEMORY_LIMIT_MB, REFUSED_SUFFIXES, SUPPORTED_SUFFIXES,
                               compact_report)
from clausecheck.locked import mkdtemp_names, remove_unlocked
from clausecheck.model import SIDES
from clausecheck.reader import MAX_FILE_BYTES
from clausecheck.reader.convert import CONVERTED_SUFFIXES
from clausecheck.report import Batch, FileError, RenderOptions, render
from clausecheck.report.labels import label, report_lang, side_label, type_label
from clausecheck.serve import views
from clausecheck.serve.labels import ui_label, ui_lang_of
from clausecheck.serve.pool import (BATCH, INTERACTIVE, WORKERS_PREFIX, PoolBusy, PoolClosed,
                                    WorkerPool)
from clausecheck.serve.store import BatchItem, BatchRun, Result, Store
from clausecheck.serve.uploads import (PRIVATE_PREFIX, BadUpload, Limits, PrivateDir,
                                       StoredFile, TooLarge, is_zip, read_multipart, remove,
                                       unpack_zip)
from clausecheck.serve.worker import CheckTask, RedlineTask, TaskError

log = logging.getLogger("clausecheck.serve")

MAX_BATCH_FILES = 500
MAX_BATCH_BYTES = 512 * 1024 * 1024
ACCEPTED = SUPPORTED_SUFFIXES + REFUSED_SUFFIXES  # refused ones get the reader's advice
# what the start page names and its file chooser offers, Word first
_FIRST = (".docx", ".doc", ".pdf")
FORM_SUFFIXES = tuple(s for s in _FIRST if s in SUPPORTED_SUFFIXES) + \
    tuple(s for s in SUPPORTED_SUFFIXES if s not in _FIRST)
FORM_MEDIA_TYPES = ("application/zip", "application/pdf", "application/msword", "text/plain",
                    "text/markdown",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
# what a redline can be made of (the others are deleted once checked): a .docx, or what
# LibreOffice turns into one, as `clausecheck redline` does
REDLINE_SUFFIXES = (".docx",) + CONVERTED_SUFFIXES
UI_LANGS = ("auto", "ja", "en")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
FORBIDDEN_CSS = ("body{font-family:system-ui,'Noto Sans CJK JP',sans-serif;background:#f4f6f8;"
                 "color:#1f2933;margin:0}main{max-width:720px;margin:4rem auto;background:#fff;"
                 "border:1px solid #d9dde3;border-radius:8px;padding:1.5rem 2rem}"
                 "h1{font-size:1.3rem;margin:0 0 1rem}p{line-height:1.6}")
_FORBIDDEN_CSS_HASH = base64.b64encode(hashlib.sha256(FORBIDDEN_CSS.encode()).digest()).decode()
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


@dataclass
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    jobs: int = 2
    timeout: float = 120.0
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB  # per worker process (0: no limit)
    library_dir: str | None = None
    file_bytes: int = MAX_FILE_BYTES
    batch_bytes: int = MAX_BATCH_BYTES
    temp_parent: str | None = None  # where the private folder goes (default: the system's)
    warm: bool = True  # load the models at start rather than on the first check
    faults: dict[str, str] = field(default_factory=dict)  # tests only (worker.FAULT_ENV)

    @property
    def cookie_name(self) -> str:
        # cookies are per host, not per port: two servers on one machine must not clash
        return f"clausecheck_token_{self.port}"


class State:
    """Everything the routes share; created when the app starts, closed when it stops."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        remove_dead_servers_folders(config.temp_parent)
        self.folder = PrivateDir(config.temp_parent)
        self.store = Store()
        self.pool = WorkerPool(size=config.jobs, timeout=config.timeout,
                               library_dir=config.library_dir,
                               max_waiting=MAX_BATCH_FILES * 4, faults=config.faults,
                               memory_limit_mb=config.memory_limit_mb,
                               temp_parent=config.temp_parent)
        self.tasks: set[asyncio.Task] = set()
        self.closed = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for task in list(self.tasks):
            task.cancel()
        self.pool.close()
        self.store.close()
        self.folder.cleanup()


def remove_dead_servers_folders(parent: str | None) -> list[str]:
    """The private folders (uploads, workers') that servers killed without a chance to clean
    up (``kill -9``, a power cut) left in ``parent``: removed when their lock is free, never
    a live server's, never anything but a 0700 folder of this user with our name."""
    parent = parent or tempfile.gettempdir()
    return [path for prefix in (PRIVATE_PREFIX, WORKERS_PREFIX)
            for path in remove_unlocked(parent, mkdtemp_names(prefix), folders=True)]


# --------------------------------------------------------------------------- the guard

class Guard:
    """Around every request: the Host must be ours, the token must be given, and every
    response carries the security headers (CSP with no outside origin, no framing)."""

    def __init__(self, app: ASGIApp, config: ServeConfig) -> None:
        self.app = app
        self.config = config
        self.token = config.token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        if not self._host_ok(headers.get("host", "")):
            await _plain(400, "unexpected Host header")(scope, receive, send_with_headers)
            return
        query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [""])[0]
        if self._valid(self._bearer(headers)) or self._valid(self._cookie(headers)):
            pass
        elif given and self._valid(given):
            if scope["method"] == "GET" and not path.startswith("/api/"):
                # once: remember it in a cookie and drop it from the address bar and history
                await self._remember(scope, query)(scope, receive, send_with_headers)
                return
        else:
            await self._forbidden(path, headers)(scope, receive, send_with_headers)
            return
        if scope["method"] not in ("GET", "HEAD") and not self._origin_ok(headers):
            await _plain(403, "cross-origin request refused")(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _valid(self, value: str | None) -> bool:
        return bool(value) and secrets.compare_digest(value.encode(), self.token)

    @staticmethod
    def _bearer(headers: dict[str, str]) -> str | None:
        scheme, _, value = headers.get("authorization", "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None

    def _cookie(self, headers: dict[str, str]) -> str | None:
        if "cookie" not in headers:
            return None
        jar = SimpleCookie()
        try:
            jar.load(headers["cookie"])
        except Exception:  # noqa: BLE001 - a malformed cookie header is no token
            return None
        morsel = jar.get(self.config.cookie_name)
        return morsel.value if morsel else None

    def _host_ok(self, host: str) -> bool:
        if self.config.host in ("0.0.0.0", "::", ""):
            return True  # listening everywhere on purpose (--host, with a warning)
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        allowed = set(LOOPBACK_HOSTS) | {self.config.host, f"[{self.config.host}]"}
        return name.lower() in allowed

    def _origin_ok(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is None:
            return True  # scripts and curl send none; the token already vouches for them
        parsed = urllib.parse.urlsplit(origin)
        return parsed.netloc.lower() == headers.get("host", "").lower()

    def _remember(self, scope: Scope, query: dict[str, list[str]]) -> Response:
        rest = {k: v for k, v in query.items() if k != "token"}
        target = scope.get("path", "/") or "/"
        if rest:
            target += "?" + urllib.parse.urlencode(rest, doseq=True)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(self.config.cookie_name, self.config.token, httponly=True,
                            samesite="strict", path="/")
        return response

    def _forbidden(self, path: str, headers: dict[str, str]) -> Response:
        if path.startswith("/api/") or "text/html" not in headers.get("accept", ""):
            return JSONResponse({"error": "a valid token is required (open the address "
                                          "printed by 'clausecheck serve', or send "
                                          "'Authorization: Bearer TOKEN')"}, status_code=403)
        # the page's stylesheet would need the token too: this one page carries its own,
        # allowed by its hash (still no inline script, no outside origin)
        page = _render("forbidden.html", lang="ja", css=FORBIDDEN_CSS,
                       messages=[ui_label("forbidden", "ja"), ui_label("forbidden", "en")])
        return HTMLResponse(page, status_code=403, headers={
            "content-security-policy": CSP.replace(
                "style-src 'self'", f"style-src 'sha256-{_FORBIDDEN_CSS_HASH}'")})


def _plain(code: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=code)


# --------------------------------------------------------------------------- templates

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("clausecheck.serve", "templates"),
    autoescape=jinja2.select_autoescape(("html",), default=True),
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def _render(name: str, lang: str, **context: Any) -> str:
    def t(key: str, **values: object) -> str:
        return ui_label(key, lang, **values)

    return _env.get_template(name).render(t=t, lang=lang, version=__version__, **context)


def _page(request: Request, name: str, lang: str, status: int = 200, **context: Any
          ) -> HTMLResponse:
    return HTMLResponse(_render(name, lang, path=request.url.path, **context),
                        status_code=status)


def _page_lang(request: Request) -> str:
    """The start page's language: ?lang=, else the last one chosen, else Japanese."""
    return ui_lang_of(request.query_params.get("lang") or request.cookies.get("clausecheck_lang"))


# --------------------------------------------------------------------------- helpers

def _state(request: Request) -> State:
    return request.app.state.clausecheck


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or \
        "application/json" in request.headers.get("accept", "")


class Refused(Exception):
    """A request we answer with ``status`` and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def _upload(request: Request, *, files: int, total: int) -> Any:
    state = _state(request)
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > total + 64 * 1024:
        raise TooLarge()
    limits = Limits(file_bytes=state.config.file_bytes, total_bytes=total, files=files)
    upload = await read_multipart(request.headers.get("content-type", ""), request.stream(),
                                  state.folder, limits)
    # a form submitted without choosing a file still sends an empty, nameless part
    empty = [f for f in upload.files if f.size == 0 and f.name == "upload"]
    for f in empty:
        remove(f.path)
    upload.files = [f for f in upload.files if f not in empty]
    return upload


def _library(state: "State") -> Any:
    """The clause library the app checks with (loaded once per directory)."""
    from clausecheck.library import load_library

    return load_library(state.config.library_dir)


def _types(state: "State") -> tuple[str, ...]:
    """The contract types a check may be asked for: auto and the library's profiles."""
    from clausecheck.library import load_library

    return ("auto",) + load_library(state.config.library_dir).type_ids


def _type_choices(state: "State", lang: str) -> list[tuple[str, str]]:
    """(id, name) of each contract type of the library, for the start page's menu."""
    from clausecheck.library import load_library

    library = load_library(state.config.library_dir)
    return [(t, library.profile(t).title.get(lang)) for t in library.type_ids]


def _options(fields: dict[str, str], default_ui: str = "auto",
             types: tuple[str, ...] = ("auto",), library: Any = None) -> dict[str, str]:
    options = {"type": fields.get("type") or "auto", "side": fields.get("side") or "discloser",
               "ui_lang": fields.get("ui_lang") or default_ui}
    if options["type"] not in types:
        raise Refused(400, f"type must be one of {', '.join(types)}")
    if options["side"] not in SIDES:
        # a party name of the type (委託者, licensee), as --side takes it
        try:
            if library is None:
                raise ValueError(f"side must be one of {', '.join(SIDES)}")
            library.side(options["side"], None if options["type"] == "auto" else options["type"])
        except ValueError as exc:
            raise Refused(400, str(exc)) from None
    if options["ui_lang"] not in UI_LANGS:
        raise Refused(400, f"ui_lang must be one of {', '.join(UI_LANGS)}")
    return options


def _check_task(state: State, stored: StoredFile, options: dict[str, str]) -> CheckTask:
    return CheckTask(path=str(stored.path), name=stored.name, contract_type=options["type"],
                     side=options["side"], ui_lang=options["ui_lang"],
                     library_dir=state.config.library_dir)


async def _run(state: State, task: Any, priority: int = INTERACTIVE) -> Any:
    try:
        future = state.pool.submit(task, priority)
    except PoolBusy:
        raise Refused(503, ui_label("busy", "en")) from None
    try:
        return await asyncio.wrap_future(future)
    except (PoolClosed, asyncio.CancelledError, concurrent.futures.CancelledError):
        if state.pool.closed:
            raise Refused(503, "the server is shutting down") from None
        raise


def _named(report: Any, name: str) -> Any:
    """The report as if the user had checked the file under its own name (as the CLI)."""
    document = report.document
    if document is not None:
        document = dataclasses.replace(document, path=name)
    return dataclasses.replace(report, file=name, document=document)


def check_json(report: Any, ui_lang: str) -> str:
    """Exactly what ``clausecheck check FILE --format json`` prints for this report."""
    return render("json", Batch(reports=[report]), RenderOptions(mode="check", ui_lang=ui_lang))


async def _check_and_store(state: State, stored: StoredFile, options: dict[str, str],
                           *, priority: int = INTERACTIVE, batch: str | None = None) -> Result:
    try:
        report = await _run(state, _check_task(state, stored, options), priority)
    except BaseException:
        remove(stored.path)
        raise
    report = _named(report, stored.name)
    keep = stored.path.suffix in REDLINE_SUFFIXES
    if not keep:
        remove(stored.path)  # nothing more to do with a text file once it is checked
    result = Result(id=state.store.new_id(), name=stored.name, report=report,
                    check_json=check_json(report, options["ui_lang"]), options=options,
                    source=stored.path if keep else None, batch=batch)
    state.store.add(result)
    return result


def _disposition(name: str) -> str:
    ascii_name = "".join(ch if 32 < ord(ch) < 127 and ch not in '"\\;' else "_" for ch in name)
    return (f'attachment; filename="{ascii_name}"; '
            f"filename*=UTF-8''{urllib.parse.quote(name, safe='')}")


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base.strip(".") else base


MEDIA = {"html": "text/html; charset=utf-8", "json": "application/json",
         "csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _download(data: str | bytes, filename: str, fmt: str) -> Response:
    body = data.encode("utf-8") if isinstance(data, str) else data
    if fmt == "csv":
        body = b"\xef\xbb\xbf" + body  # Excel reads a UTF-8 CSV as UTF-8 only with it
    return Response(body, media_type=MEDIA[fmt],
                    headers={"content-disposition": _disposition(filename)})


# --------------------------------------------------------------------------- API routes

async def api_check(request: Request) -> Response:
    state = _state(request)
    upload = await _upload(request, files=1, total=state.config.file_bytes)
    try:
        options = _options(upload.fields, types=_types(state),
                           library=_library(state))
        stored = _single(upload)
        report = await _run(state, _check_task(state, stored, options))
    finally:
        upload.discard()
    text = check_json(_named(report, stored.name), options["ui_lang"])
    return Response(text.encode("utf-8"), media_type="application/json")


async def api_redline(request: Request) -> Response:
    state = _state(request)
    upload = await _upload(request, files=1, total=state.config.file_bytes)
    out = state.folder.new_path(".docx")
    try:
        options = _options(upload.fields, types=_types(state),
                           library=_library(state))
        stored = _single(upload)
        if stored.path.suffix not in REDLINE_SUFFIXES:
            raise Refused(422, f"{stored.name}: redline needs a .docx file (Word; .doc, .rtf "
                               "and .odt are converted by LibreOffice)")
        include = upload.fields.get("include", "")
        if include not in ("", "recommended"):
            raise Refused(400, "include must be 'recommended' or empty")
        author = (upload.fields.get("author") or "clausecheck").strip()[:100] or "clausecheck"
        await _run(state, RedlineTask(check=_check_task(state, stored, options), out=str(out),
                                      author=author,
                                      include_recommended=include == "recommended"))
    except BaseException:
        remove(out)
        raise
    finally:
        upload.discard()
    return FileResponse(out, media_type=MEDIA["docx"],
                        headers={"content-disposition":
                                 _disposition(f"{_stem(stored.name)}.clausecheck.docx")},
                        background=BackgroundTask(remove, out))


def _single(upload: Any) -> StoredFile:
    if not upload.files:
        raise Refused(400, "no file: send the contract in the multipart field 'file'")
    return upload.files[0]


async def api_batch(request: Request) -> Response:
    run = _state(request).store.batch(request.path_params["bid"])
    if run is None:
        raise Refused(404, "no such folder run")
    return JSONResponse(_batch_progress(run))


def _batch_progress(run: BatchRun) -> dict[str, Any]:
    return {"total": run.total, "done": run.done, "finished": run.finished,
            "items": [{"name": i.name, "state": i.state, "error": i.error,
                       "report": f"/r/{i.result}" if i.result else None} for i in run.items]}


# --------------------------------------------------------------------------- page routes

def _start_page(request: Request, lang: str, *, status: int = 200,
                error: str | None = None) -> HTMLResponse:
    state = _state(request)
    return _page(request, "index.html", lang, status=status, error=error,
                 types=_type_choices(state, lang), limit_mb=state.config.file_bytes // 2**20,
                 sides=views.side_menu(_library(state), lang),
                 formats=" / ".join(FORM_SUFFIXES),
                 accept=",".join(FORM_SUFFIXES + (".zip",) + FORM_MEDIA_TYPES))


async def index(request: Request) -> Response:
    lang = _page_lang(request)
    response = _start_page(request, lang)
    if request.query_params.get("lang") in ("ja", "en"):
        response.set_cookie("clausecheck_lang", lang, samesite="strict", path="/")
    return response


async def check_form(request: Request) -> Response:
    """The start page's form: one contract → its page; several or a .zip → a folder run."""
    state = _state(request)
    lang = _page_lang(request)
    upload = await _upload(request, files=MAX_BATCH_FILES, total=state.config.batch_bytes)
    try:
        options = _options(upload.fields, default_ui=lang, types=_types(state),
                           library=_library(state))
        if not upload.files:
            raise Refused(400, ui_label("missing_file", lang))
    except BaseException:
        upload.discard()
        raise
    if len(upload.files) == 1 and not is_zip(upload.files[0]):
        result = await _check_and_store(state, upload.files[0], options)
        target = f"/r/{result.id}"
    else:
        run = await _start_batch(state, upload.files, options)
        target = f"/b/{run.id}"
    if _wants_json(request):
        return JSONResponse({"redirect": target})
    return RedirectResponse(target, status_code=303)


async def _start_batch(state: State, files: list[StoredFile], options: dict[str, str]
                       ) -> BatchRun:
    run = BatchRun(id=state.store.new_id(), options=options)
    contracts: list[StoredFile] = []
    try:
        for stored in files:
            if not is_zip(stored):
                contracts.append(stored)
                continue
            try:
                contents = await run_in_threadpool(unpack_zip, stored, state.folder, ACCEPTED,
                                                   state.config.file_bytes)
            except BadUpload as exc:
                run.items.append(BatchItem(stored.name, state="error", error=str(exc)))
                continue
            finally:
                remove(stored.path)
            contracts.extend(contents.files)
            run.items.extend(BatchItem(name, state="error", error=reason)
                             for name, reason in contents.errors)
            run.items.extend(BatchItem(name, state="skipped") for name in contents.skipped)
        if len(contracts) > MAX_BATCH_FILES:
            raise Refused(413, f"more than {MAX_BATCH_FILES} contracts at once")
    except BaseException:
        for stored in contracts:
            remove(stored.path)
        raise
    contracts.sort(key=lambda s: (s.name.casefold(), s.name))
    pairs = []
    for stored in contracts:
        item = BatchItem(stored.name)
        run.items.append(item)
        pairs.append((stored, item))
    run.items.sort(key=lambda i: (i.name.casefold(), i.name))
    state.store.add_batch(run)
    for stored, item in pairs:
        task = asyncio.get_running_loop().create_task(_batch_one(state, run, stored, item))
        state.tasks.add(task)
        task.add_done_callback(state.tasks.discard)
    return run


async def _batch_one(state: State, run: BatchRun, stored: StoredFile, item: BatchItem) -> None:
    try:
        result = await _check_and_store(state, stored, run.options, priority=BATCH,
                                        batch=run.id)
    except TaskError as exc:
        item.state, item.error = "error", exc.reason
    except Refused as exc:
        item.state, item.error = "error", exc.message
    else:
        item.state, item.result = "done", result.id


def _result(request: Request) -> Result:
    result = _state(request).store.get(request.path_params["rid"])
    if result is None:
        raise Refused(404, "not_found")
    return result


async def result_page(request: Request) -> Response:
    result = _result(request)
    check = json.loads(result.check_json)
    lang = report_lang(result.report, result.options.get("ui_lang", "auto"))
    text = views.text_view(result.report.document, check, lang)
    groups = views.finding_groups(check, text.unit_of_ref)
    facts = views.fact_rows(result.report.facts, lang, text.unit_of_ref)
    run = _state(request).store.batch(result.batch) if result.batch else None
    return _page(request, "result.html", lang, result=result, check=check, text=text,
                 groups=groups, risks=views.risk_views(check, text.unit_of_ref),
                 facts=facts, has_facts=result.report.facts is not None, run=run,
                 required_failed=result.report.failed, label=lambda k: label(k, lang),
                 type_name=type_label(result.report, lang),
                 side_name=side_label(result.report, lang))


async def result_download(request: Request) -> Response:
    result = _result(request)
    fmt = request.path_params["fmt"]
    stem = _stem(result.name)
    ui_lang = result.options.get("ui_lang", "auto")
    if fmt == "json":
        return _download(result.check_json, f"{stem}.clausecheck.json", "json")
    if fmt == "html":
        data = await run_in_threadpool(render, "html", Batch(reports=[result.report]),
                                       RenderOptions(mode="check", ui_lang=ui_lang))
        return _download(data, f"{stem}.clausecheck.html", "html")
    if fmt == "xlsx":
        report = compact_report(result.report, full_clause_text=True)
        data = await run_in_threadpool(render, "xlsx", Batch(reports=[report]),
                                       RenderOptions(mode="scan", ui_lang=ui_lang))
        return _download(data, f"{stem}.clausecheck.xlsx", "xlsx")
    raise Refused(404, "not_found")


async def result_redline(request: Request) -> Response:
    state = _state(request)
    result = _result(request)
    if result.source is None or not result.source.exists():
        raise Refused(409, ui_label("redline_docx_only", "en"))
    out = state.folder.new_path(".docx")
    task = RedlineTask(check=CheckTask(path=str(result.source), name=result.name,
                                       contract_type=result.options["type"],
                                       side=result.options["side"],
                                       library_dir=state.config.library_dir),
                       out=str(out), report=result.report,
                       include_recommended=request.query_params.get("include") == "recommended")
    try:
        await _run(state, task)
    except BaseException:
        remove(out)
        raise
    return FileResponse(out, media_type=MEDIA["docx"],
                        headers={"content-disposition":
                                 _disposition(f"{_stem(result.name)}.clausecheck.docx")},
                        background=BackgroundTask(remove, out))


async def result_discard(request: Request) -> Response:
    state = _state(request)
    result = state.store.get(request.path_params["rid"])
    if result is not None:
        state.store.discard(result.id)
    target = f"/b/{result.batch}" if result is not None and result.batch else "/"
    return RedirectResponse(target, status_code=303)


def _run_of(request: Request) -> BatchRun:
    run = _state(request).store.batch(request.path_params["bid"])
    if run is None:
        raise Refused(404, "not_found")
    return run


async def batch_page(request: Request) -> Response:
    state = _state(request)
    run = _run_of(request)
    results = state.store.batch_results(run)
    ui_lang = run.options.get("ui_lang", "auto")
    lang = ui_lang if ui_lang in ("ja", "en") else _page_lang(request)
    matrix = views.matrix_view(results, lang) if run.finished and results else None
    return _page(request, "batch.html", lang, run=run, matrix=matrix,
                 progress=_batch_progress(run), label=lambda k: label(k, lang))


async def batch_download(request: Request) -> Response:
    state = _state(request)
    run = _run_of(request)
    fmt = request.path_params["fmt"]
    if fmt not in ("html", "xlsx", "json", "csv"):
        raise Refused(404, "not_found")
    if not run.finished:
        raise Refused(409, "the folder is still being checked")
    reports = [compact_report(r.report, full_clause_text=fmt in ("html", "xlsx"))
               for r in state.store.batch_results(run)]
    errors = [FileError(i.name, i.error) for i in run.items if i.state == "error"]
    skipped = [i.name for i in run.items if i.state == "skipped"]
    data = await run_in_threadpool(render, fmt, Batch(reports=reports, errors=errors,
                                                      skipped=skipped),
                                   RenderOptions(mode="scan",
                                                 ui_lang=run.options.get("ui_lang", "auto")))
    return _download(data, f"clausecheck-portfolio.{fmt}", fmt)


async def batch_discard(request: Request) -> Response:
    _state(request).store.discard_batch(request.path_params["bid"])
    return RedirectResponse("/", status_code=303)


# --------------------------------------------------------------------------- errors

async def _refused(request: Request, exc: Exception) -> Response:
    if isinstance(exc, TooLarge):
        limit = _state(request).config.file_bytes // (1024 * 1024)
        status, message = 413, ui_label("too_large", "en", limit=limit)
    elif isinstance(exc, BadUpload):
        status, message = 400, str(exc)
    elif isinstance(exc, TaskError):
        status, message = 422, exc.reason
    elif isinstance(exc, Refused):
        status, message = exc.status, exc.message
    else:  # pragma: no cover - registered for the classes above only
        status, message = 500, "internal error"
    if _wants_json(request):
        return JSONResponse({"error": _english(message)}, status_code=status)
    lang = _page_lang(request)
    if request.url.path == "/check":
        shown = ui_label("too_large", lang, limit=_state(request).config.file_bytes
                         // (1024 * 1024)) if status == 413 else _localised(message, lang)
        return _start_page(request, lang, status=status, error=shown)
    return _page(request, "error.html", lang, status=status, code=status,
                 messages=[_localised(message, lang)], back=True)


def _english(message: str) -> str:
    return ui_label(message, "en") if message == "not_found" else message


def _localised(message: str, lang: str) -> str:
    return ui_label(message, lang) if message == "not_found" else message


# --------------------------------------------------------------------------- the app

def create_app(config: ServeConfig | None = None) -> ASGIApp:
    """The ASGI app: a Starlette app behind ``Guard``. The worker pool starts with it."""
    config = config or ServeConfig()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state = State(config)
        app.state.clausecheck = state
        state.pool.start(warm=config.warm)
        try:
            yield
        finally:
            state.close()

    static = resources.files("clausecheck.serve") / "static"
    routes = [
        Route("/", index, methods=["GET"]),
        Route("/check", check_form, methods=["POST"]),
        Route("/r/{rid}", result_page, methods=["GET"]),
        Route("/r/{rid}/redline.docx", result_redline, methods=["GET"]),
        Route("/r/{rid}/report.{fmt}", result_download, methods=["GET"]),
        Route("/r/{rid}/discard", result_discard, methods=["POST"]),
        Route("/b/{bid}", batch_page, methods=["GET"]),
        Route("/b/{bid}/report.{fmt}", batch_download, methods=["GET"]),
        Route("/b/{bid}/discard", batch_discard, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/redline", api_redline, methods=["POST"]),
        Route("/api/batches/{bid}", api_batch, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    handlers = {cls: _refused for cls in (TooLarge, BadUpload, TaskError, Refused)}
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers=handlers)
    return Guard(app, config)


def state_of(app: ASGIApp) -> State:
    """The running app's shared state (tests, and the command's shutdown)."""
    inner = app.app if isinstance(app, Guard) else app
    return inner.state.clausecheck  # type: ignore[attr-defined]
