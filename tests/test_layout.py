"""The tests mirror the code: every module of ``server/sitetracker`` has a test file of
its own, named after it.

* ``<package>/<module>.py`` -> ``tests/<package>/test_<module>.py`` (at any depth:
  ``notify/channels/mail.py`` -> ``tests/notify/channels/test_mail.py``);
* a top-level module ``<module>.py`` -> ``tests/test_<module>.py``;
* a package's ``__init__.py`` -> ``tests/<package>/test_<package>.py`` (the top-level
  one -> ``tests/test_sitetracker.py``), unless it defines nothing: only a docstring,
  imports and ``__all__``.

``migrations/`` (checked by ``test_migrations.py``) and ``__main__.py`` have none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sitetracker

SOURCE = Path(sitetracker.__file__).parent
TESTS = Path(__file__).parent
SKIPPED_DIRS = {"migrations"}
SKIPPED_FILES = {"__main__.py"}

def defines_something(path: Path) -> bool:
    """Whether the module has any function, class or assignment (but ``__all__``) at
    its top level, in ``if``/``try`` blocks too."""
    pending = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return True
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not all(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                return True
        if isinstance(node, ast.If | ast.Try | ast.With):
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, field, []):
                    pending.extend(child.body if isinstance(child, ast.ExceptHandler)
                                   else [child])
    return False


def mirror_of(source: Path, module: Path, tests: Path) -> Path | None:
    """The test file of ``module`` (a path under the package directory ``source``), or
    None when it needs none."""
    parts = module.relative_to(source).parts
    if parts[0] in SKIPPED_DIRS or parts[-1] in SKIPPED_FILES:
        return None
    if parts[-1] == "__init__.py":
        if not defines_something(module):
            return None
        package = parts[-2] if len(parts) > 1 else source.name
        return tests.joinpath(*parts[:-1], f"test_{package}.py")
    return tests.joinpath(*parts[:-1], f"test_{Path(parts[-1]).stem}.py")


def without_mirror(source: Path, tests: Path) -> set[str]:
    """Every module under ``source`` (as ``pkg/module.py``) whose test file is missing."""
    return {module.relative_to(source).as_posix()
            for module in sorted(source.rglob("*.py"))
            if (mirror := mirror_of(source, module, tests)) is not None
            and not mirror.is_file()}


def test_every_module_has_its_own_test_file():
    missing = without_mirror(SOURCE, TESTS)
    assert not missing, "modules without their test file (see this file's docstring): " \
        + ", ".join(f"{m} -> {mirror_of(SOURCE, SOURCE / m, TESTS).relative_to(TESTS.parent)}"
                    for m in sorted(missing))


# -- the check on a small made-up package ----------------------------------------------

def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_modules_and_packages_that_define_something_need_their_file(tmp_path):
    source = _tree(tmp_path / "shop", {
        "__init__.py": '"""The shop."""\nfrom .app import make\n__all__ = ["make"]\n',
        "__main__.py": "from .app import make\nmake()\n",
        "app.py": "def make(): ...\n",
        "clock.py": "NOW = 0\n",
        "migrations/0001_first.py": "def up(): ...\n",
        "live/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                            "    from .state import State\n",
        "live/state.py": "class State: ...\n",
        "notify/__init__.py": "KINDS = ('mail',)\n",
        "notify/channels/__init__.py": "try:\n    import ssl\nexcept ImportError:\n"
                                       "    ssl = None\n",
        "notify/channels/mail.py": "",
    })
    tests = _tree(tmp_path / "tests", {"test_app.py": "", "live/test_state.py": "",
                                       "notify/channels/test_mail.py": ""})
    assert without_mirror(source, tests) == {"clock.py", "notify/__init__.py",
                                             "notify/channels/__init__.py"}
    assert mirror_of(source, source / "notify/__init__.py", tests) == (
        tests / "notify/test_notify.py")
    assert mirror_of(source, source / "notify/channels/__init__.py", tests) == (
        tests / "notify/channels/test_channels.py")
    _tree(source, {"__init__.py": "def __getattr__(name): ...\n"})
    assert mirror_of(source, source / "__init__.py", tests) == tests / "test_shop.py"
