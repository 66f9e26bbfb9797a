"""Which package may import which, checked on the source of ``server/sitetracker``.

Bottom first; a package imports only packages on the lines above its own and those
before it on its line (a "package" is a subpackage, ``ingest/``, or a top-level module,
``tenancy.py``):

1. ``domain`` (site, visit, event, presence, write: the types every feature names),
   standard library only; helpers importing nothing of ours: ``clock``, ``config``,
   ``conflict``, ``error_shape``, ``headers``, ``health_figures``, ``limits``, ``logs``,
   ``patterns``, ``shoppers``, ``shutdown`` (what runs when the server stops),
   ``store_api`` (the live store's commands, typed), ``validation`` (the base schema).
2. Storage: ``db``, ``models`` (never Flask nor Socket.IO), ``audit``, ``migrations``,
   ``storage`` (the one write path), ``unavailable``, ``health``, and the stored
   counters of ``vitals`` and ``funnels``.
3. ``ingest``: what shoppers send, checked; who sends it; the pipeline's steps; the write
   buffer. It names ``live.state.LiveState`` as a type only: the pipeline is given the
   object at the app factory.
4. ``auth``, ``install``, ``adapters`` (the platforms' mappings), ``simulate``, then
   ``live``: live state and the live channel, which runs the pipeline. ``live`` never
   imports the ORM (peewee, ``db``, a ``models`` module, ``schemas``): what it needs of
   storage comes in at the app factory (``SiteDirectory``, ``Tracking``).
5. Features: ``schemas`` (admin forms), ``commerce``, ``site_cache``, ``tenancy``,
   ``messaging``, ``reports`` (every read model, funnels' and vitals' too),
   ``tracking``, ``board``, ``watch``, ``privacy``.
6. Edges: ``api`` (the platforms' webhooks too), ``assets``, ``metrics``, ``web``,
   ``notify``, ``edge``, ``routing``, ``channel`` (the live namespace with the
   features' socket events); then ``app`` (the factory), ``serve``, ``cli``,
   ``entry``.

The tests enforce four rules of it on every module, imports inside functions included:
``domain`` imports only the standard library; no two packages import each other,
directly or through others (an import under ``if TYPE_CHECKING:`` only names a type and
is not counted for this rule; it is for the others); nothing under ``live/`` imports the
ORM; no ``models`` module imports Flask or Socket.IO.
"""

from __future__ import annotations

import ast
import functools
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import sitetracker

SOURCE = Path(sitetracker.__file__).parent
ORM = ("peewee", "playhouse")
SOCKETS_AND_FLASK = ("flask", "flask_socketio", "socketio", "engineio")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "sitetracker.live.state"
    where: str  # its file and line, e.g. "live/state.py:30"
    target: str  # what it imports, absolute, e.g. "sitetracker.domain"
    type_only: bool  # under ``if TYPE_CHECKING:``

    def __str__(self) -> str:
        return f"{self.where} imports {self.target}"


def _module_name(root: Path, path: Path) -> tuple[str, bool]:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _is_module(root: Path, name: str) -> bool:
    path = root.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                inside.update(id(sub) for sub in ast.walk(statement))
    return inside


@functools.cache
def imports_of(root: Path) -> tuple[Import, ...]:
    """Every import statement of every module under the package directory ``root``,
    at any depth (in functions and ``if`` blocks too), relative ones made absolute and
    ``from package import module`` resolved to the module."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module, is_package = _module_name(root, path)
        package = module if is_package else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        type_only = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.append(full if _is_module(root, full) else base)
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            found.extend(Import(module, where, target, id(node) in type_only)
                         for target in dict.fromkeys(targets))
    return tuple(found)


def _top(name: str) -> str:
    return name.split(".")[0]


def _unit(name: str) -> str:
    """The package a module belongs to: ``shop.live.state`` -> ``live``,
    ``shop.tenancy`` -> ``tenancy``, the package itself -> its name."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def foreign_imports_of_domain(imports: tuple[Import, ...], package: str) -> list[str]:
    """``domain``'s imports of anything but the standard library."""
    domain = f"{package}.domain"
    return [str(i) for i in imports
            if (i.module == domain or i.module.startswith(domain + "."))
            and _top(i.target) not in sys.stdlib_module_names]


def cycles(imports: tuple[Import, ...], package: str) -> list[str]:
    """Each group of packages that import each other (at run time, directly or through
    others), with one cycle in it and the import statements that make it."""
    edges: dict[str, dict[str, Import]] = defaultdict(dict)
    for i in imports:
        if i.type_only or _top(i.target) != package:
            continue
        source, target = _unit(i.module), _unit(i.target)
        if source != target:
            edges[source].setdefault(target, i)
    found = []
    for group in _strongly_connected(edges):
        path = _cycle_through(min(group), edges, group)
        steps = [edges[a][b] for a, b in zip(path, path[1:], strict=False)]
        found.append(f"{', '.join(sorted(group))} import each other; one way round: "
                     + " -> ".join(path) + ": " + "; ".join(str(step) for step in steps))
    return found


def _strongly_connected(edges: dict[str, dict[str, Import]]) -> list[set[str]]:
    """Tarjan's algorithm; only groups of two packages or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def _cycle_through(start: str, edges: dict[str, dict[str, Import]], group: set[str]
                   ) -> list[str]:
    """The shortest way from ``start`` back to itself inside ``group``."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(edges.get(node, {})):
            if nxt == start:
                return [*paths[node], start]
            if nxt in group and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")


def _is_models(name: str) -> bool:
    return name.split(".")[-1] == "models"


def orm_imports_of_live(imports: tuple[Import, ...], package: str) -> list[str]:
    """What modules under ``live/`` import of the ORM: peewee, the database, a
    ``models`` module, or ``schemas`` (which imports the models)."""
    live = f"{package}.live"
    orm = {f"{package}.db", f"{package}.schemas"}
    return [str(i) for i in imports
            if (i.module == live or i.module.startswith(live + "."))
            and (_top(i.target) in ORM or i.target in orm
                 or (_top(i.target) == package and _is_models(i.target)))]


def web_imports_of_models(imports: tuple[Import, ...]) -> list[str]:
    """What ``models`` modules import of Flask or Socket.IO."""
    return [str(i) for i in imports
            if _is_models(i.module) and _top(i.target) in SOCKETS_AND_FLASK]


def test_domain_imports_only_the_standard_library():
    assert foreign_imports_of_domain(imports_of(SOURCE), "sitetracker") == []


def test_no_two_packages_import_each_other():
    assert cycles(imports_of(SOURCE), "sitetracker") == []


def test_live_never_imports_the_orm():
    assert orm_imports_of_live(imports_of(SOURCE), "sitetracker") == []


def test_models_never_import_flask_or_socketio():
    assert web_imports_of_models(imports_of(SOURCE)) == []


def test_the_domain_types_are_imported_from_domain_only():
    """A module that uses a domain type (and so has it in its namespace) is no second
    home for it: nobody imports ``SiteInfo`` from ``live.directory``."""
    domain = ast.parse((SOURCE / "domain.py").read_text(encoding="utf-8"))
    names = {node.name for node in domain.body
             if isinstance(node, ast.ClassDef | ast.FunctionDef)
             and not node.name.startswith("_")}
    elsewhere = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.module
                    and (node.level or _top(node.module) == "sitetracker")
                    and node.module.split(".")[-1] != "domain"):
                elsewhere += [f"{path.relative_to(SOURCE)}:{node.lineno} imports "
                              f"{alias.name} from {node.module}"
                              for alias in node.names if alias.name in names]
    assert "SiteInfo" in names and elsewhere == []


def test_every_module_is_read():
    """The checks see every module, at every depth (so none passes by being missed)."""
    modules = {i.module for i in imports_of(SOURCE)}
    assert {"sitetracker.domain", "sitetracker.live.state", "sitetracker.ingest.pipeline",
            "sitetracker.notify.channels.mail"} <= modules


# -- the checks on a small made-up package, wrong in every way they look for -----------

def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "shop" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "shop"


def _wrong_tree(tmp_path: Path) -> Path:
    return _tree(tmp_path, {
        "__init__.py": "",
        "domain.py": "import dataclasses\nfrom flask import g\nfrom .clock import now\n",
        "clock.py": "import time\n",
        "models.py": "import peewee\nfrom flask_socketio import emit\n",
        "ingest/__init__.py": "",
        "ingest/pipeline.py": "from ..live import state\n",
        "live/__init__.py": "",
        "live/state.py": (
            "from typing import TYPE_CHECKING\n"
            "from .. import models\n"
            "def later():\n"
            "    from ..reports.daily import totals\n"
            "if TYPE_CHECKING:\n"
            "    from ..api import bp\n"
        ),
        "reports/__init__.py": "",
        "reports/daily.py": "from peewee import fn\nfrom ..ingest.pipeline import run\n",
        "api/__init__.py": "from ..live.state import later\n",
    })


def test_a_cycle_through_an_import_in_a_function_is_reported(tmp_path):
    found = cycles(imports_of(_wrong_tree(tmp_path)), "shop")
    assert found == [
        "ingest, live, reports import each other; one way round: "
        "ingest -> live -> reports -> ingest: ingest/pipeline.py:1 imports shop.live.state; "
        "live/state.py:4 imports shop.reports.daily; "
        "reports/daily.py:2 imports shop.ingest.pipeline"
    ]


def test_an_import_under_type_checking_makes_no_cycle(tmp_path):
    """``live/state.py`` names ``api``'s blueprint for type checking only, and ``api``
    imports ``live``: no cycle."""
    assert not any("api" in cycle for cycle in cycles(imports_of(_wrong_tree(tmp_path)),
                                                       "shop"))


def test_packages_importing_each_other_directly_are_a_cycle(tmp_path):
    root = _tree(tmp_path, {"__init__.py": "", "tenancy.py": "from .commerce import rules\n",
                            "commerce/__init__.py": "", "commerce/rules.py": "",
                            "commerce/admin.py": "from ..tenancy import Conflict\n"})
    assert cycles(imports_of(root), "shop") == [
        "commerce, tenancy import each other; one way round: "
        "commerce -> tenancy -> commerce: commerce/admin.py:1 imports shop.tenancy; "
        "tenancy.py:1 imports shop.commerce.rules"
    ]


def test_domain_importing_a_framework_or_our_own_is_reported(tmp_path):
    assert foreign_imports_of_domain(imports_of(_wrong_tree(tmp_path)), "shop") == [
        "domain.py:2 imports flask", "domain.py:3 imports shop.clock"]


def test_live_importing_models_is_reported(tmp_path):
    assert orm_imports_of_live(imports_of(_wrong_tree(tmp_path)), "shop") == [
        "live/state.py:2 imports shop.models"]


def test_models_importing_socketio_is_reported(tmp_path):
    assert web_imports_of_models(imports_of(_wrong_tree(tmp_path))) == [
        "models.py:2 imports flask_socketio"]
