"""Check that a built wheel holds every file its pages load.

    python tools/check_wheel.py dist/sitetracker-<version>-py3-none-any.whl

Reads what the wheel itself references: the templates' ``url_for('static', ...)`` files
and ``src="/<name>.js"`` scripts, the ``/<name>.js`` scripts the Python code hands out
(the widget and overlay snippets), and the ``/<name>.js`` chunks the built scripts load
in turn. Prints what it checked; exits 1 naming every file the wheel lacks (a wheel
built before ``npm run build``, or a package-data pattern that misses a new asset).
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import PurePosixPath

PACKAGE = "sitetracker"
STATIC = re.compile(r"""url_for\(\s*['"]static['"]\s*,\s*filename\s*=\s*['"]([^'"]+)['"]""")
ROOT_SCRIPT = re.compile(r"""src=["']/([a-z][a-z0-9-]*\.js)["']""")
# "/widget.js" in a snippet, "/widget-chat.js" in a built chunk loader.
SCRIPT_PATH = re.compile(r"""["'`/}]/([a-z][a-z0-9-]*)\.js\b""")
ENTRY_SCRIPTS = ("widget.js", "overlay.js")  # what stores paste on their own pages


def built_script(name: str) -> str:
    """Where ``GET /<name>`` is served from (assets.py)."""
    return f"{PACKAGE}/static/build/{name}"


def references(wheel: zipfile.ZipFile) -> dict[str, str]:
    """Every file the pages load, in the wheel's own paths: ``{path: who refers to it}``."""
    names = set(wheel.namelist())
    wanted: dict[str, str] = {built_script(name): "the embed snippets" for name in ENTRY_SCRIPTS}
    for name in sorted(names):
        path = PurePosixPath(name)
        if not name.startswith(f"{PACKAGE}/") or path.suffix not in (".html", ".py", ".js"):
            continue
        text = wheel.read(name).decode("utf-8", errors="replace")
        if path.suffix == ".html":
            for found in STATIC.findall(text):
                wanted.setdefault(f"{PACKAGE}/static/{found}", name)
            for found in ROOT_SCRIPT.findall(text):
                wanted.setdefault(built_script(found), name)
        else:
            for found in SCRIPT_PATH.findall(text):
                wanted.setdefault(built_script(f"{found}.js"), name)
    return wanted


def missing(wheel_path: str) -> tuple[dict[str, str], list[str]]:
    """What the wheel's pages reference, and those of them it lacks."""
    with zipfile.ZipFile(wheel_path) as wheel:
        wanted = references(wheel)
        names = set(wheel.namelist())
    return wanted, sorted(path for path in wanted if path not in names)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_wheel.py WHEEL", file=sys.stderr)
        return 2
    wanted, lacking = missing(argv[0])
    for path in lacking:
        print(f"missing from the wheel: {path} (referenced by {wanted[path]})", file=sys.stderr)
    if lacking:
        print("build the front end first (npm run build, or ./run release)", file=sys.stderr)
        return 1
    print(f"the wheel holds all {len(wanted)} files its pages load")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
