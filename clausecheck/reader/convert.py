"""Legacy Word .doc, .rtf and OpenDocument .odt through LibreOffice headless -> .docx.

The input's bytes are copied into a private temporary folder and converted there (never
next to the input: LibreOffice would leave its lock file and output beside it), with a
LibreOffice user profile of this process's own (``-env:UserInstallation``), so that two
conversions at once (a scan's workers) never share a profile. The .docx that comes out is
read by the ordinary .docx reader.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import os
import shutil
import tempfile
from pathlib import Path

from clausecheck.errors import InputError
from clausecheck.model import Conversion, Document
from clausecheck.reader import tools
from clausecheck.reader.options import DEFAULT, ReadOptions

CONVERTED_SUFFIXES = (".doc", ".rtf", ".odt")
INSTALL_LIBREOFFICE = ("install LibreOffice to read it: 'apt-get install "
                       "libreoffice-writer-nogui' (Debian/Ubuntu), 'brew install --cask "
                       "libreoffice' (macOS); or save it as .docx in Word")
KIND = {".doc": "legacy Word .doc", ".rtf": "RTF", ".odt": "OpenDocument .odt"}

_profile: str | None = None


def soffice() -> str | None:
    return tools.which("soffice") or tools.which("libreoffice")


def _profile_dir() -> str:
    """This process's LibreOffice profile, created on first use and removed at exit."""
    global _profile
    if _profile is None or not os.path.isdir(_profile):
        _profile = tempfile.mkdtemp(prefix="clausecheck-lo-profile-")
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def read_converted(data: bytes, name: str, suffix: str,
                   options: ReadOptions = DEFAULT) -> Document:
    """Convert with LibreOffice and read the resulting .docx."""
    exe = soffice() or ""
    docx = convert_to_docx(data, name, suffix, options)
    from clausecheck.reader.docx import read_docx_bytes

    doc = read_docx_bytes(docx, name)
    return dataclasses.replace(doc, conversion=Conversion(
        method="libreoffice", tool=_version(exe), converted_from=suffix.lstrip(".")))


def convert_to_docx(data: bytes, name: str, suffix: str,
                    options: ReadOptions = DEFAULT) -> bytes:
    """The bytes of the .docx LibreOffice makes of ``data`` (a .doc, .rtf or .odt)."""
    exe = soffice()
    kind = KIND.get(suffix, suffix)
    if exe is None:
        raise InputError(name, f"{kind} needs LibreOffice, which is not installed; "
                               f"{INSTALL_LIBREOFFICE}")
    with tempfile.TemporaryDirectory(prefix="clausecheck-convert-") as tmp:
        src = os.path.join(tmp, "contract" + suffix)
        out_dir = os.path.join(tmp, "out")
        os.mkdir(out_dir)
        with open(src, "wb") as fh:
            fh.write(data)
        profile = Path(_profile_dir()).as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", out_dir,
               src]
        env = dict(os.environ, HOME=tmp)  # LibreOffice writes nothing into the user's home
        try:
            tools.run(cmd, timeout=options.timeout, cwd=tmp, env=env, what="LibreOffice")
        except tools.ToolFailed as exc:
            if exc.kind == "timeout":
                raise InputError(name, f"LibreOffice did not convert the {kind} within "
                                       f"{options.timeout:g} s (password-protected or "
                                       "damaged?); the file was abandoned") from None
            raise InputError(name, f"LibreOffice could not convert the {kind} "
                                   f"({exc.reason})") from None
        out = os.path.join(out_dir, "contract.docx")
        if not os.path.isfile(out):
            raise InputError(name, f"LibreOffice could not convert the {kind} "
                                   "(password-protected or damaged?)")
        with open(out, "rb") as fh:
            return fh.read()


@functools.lru_cache(maxsize=4)
def _version(exe: str) -> str:
    try:
        out = tools.run([exe, "--version"], timeout=60, what="LibreOffice",
                        env=dict(os.environ, HOME=tempfile.gettempdir())).stdout
    except tools.ToolFailed:
        return "LibreOffice"
    words = out.decode("utf-8", "replace").split()
    return " ".join(words[:2]) if words else "LibreOffice"
