"""The report package's modules import one another in one direction: no circle (every import
counted, the lazy ones inside functions too)."""

from __future__ import annotations

import ast
from pathlib import Path

import clausecheck.report as report_package

PACKAGE = "clausecheck.report"
FOLDER = Path(report_package.__file__).parent


def _imports() -> dict[str, set[str]]:
    modules = {p.stem: p for p in FOLDER.glob("*.py")}
    names = {stem: PACKAGE if stem == "__init__" else f"{PACKAGE}.{stem}" for stem in modules}
    graph: dict[str, set[str]] = {}
    for stem, path in modules.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == PACKAGE:  # `from clausecheck.report import x`
                    for alias in node.names:
                        sub = f"{PACKAGE}.{alias.name}"
                        edges.add(sub if alias.name in modules else PACKAGE)
                elif node.module.startswith(PACKAGE + "."):
                    edges.add(node.module)
            elif isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name.startswith(PACKAGE))
        graph[names[stem]] = edges - {names[stem]}
    return graph


def test_no_module_of_the_package_imports_the_package_itself():
    graph = _imports()
    assert {m for m, edges in graph.items() if PACKAGE in edges} == set()


def test_the_report_modules_import_one_another_without_a_circle():
    graph = _imports()
    assert f"{PACKAGE}.registry" in graph and len(graph) > 8
    state: dict[str, int] = {}   # 1: on the current path, 2: done
    circles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_only_the_registry_knows_the_reporters():
    reporters = {f"{PACKAGE}.{m}" for m in ("json_report", "csv_report", "table", "xlsx",
                                            "html_report", "text")}
    graph = _imports()
    knowing = {m for m, edges in graph.items() if edges & reporters}
    # table borrows the text reporter's colours; nothing else names a reporter
    assert knowing == {f"{PACKAGE}.registry", f"{PACKAGE}.table"}
