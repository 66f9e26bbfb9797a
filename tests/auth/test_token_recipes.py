"""The README's admin-token recipes (Python, PHP, Node.js) make tokens the server
accepts: a store backend can copy them as they are."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from sitetracker.auth.tokens import verify_admin_token

from ..paths import ROOT

README = ROOT / "README.md"
SITE_KEY = "a1b2c3d4e5f60718"
SITE_SECRET = "s3cr3t-Ä-with-unicode_and-more"


def recipes(language: str) -> list[str]:
    """The ``language`` code blocks of the README's overlay section."""
    text = README.read_text()
    section = text[text.index("## Installing the admin overlay"):]
    section = section[:section.index("\n## ", 5)]
    found = re.findall(rf"```{language}\n(.*?)```", section, re.S)
    assert found, f"no {language} recipe"
    return found


def recipe(language: str) -> str:
    return recipes(language)[0]


def accepted(token: str) -> None:
    claims = verify_admin_token(token.strip(), SITE_SECRET, SITE_KEY)
    assert claims.role == "admin" and claims.sub == "alice@shop.example"


def test_the_python_recipe_makes_an_accepted_token():
    scope = {"SITE_KEY": SITE_KEY, "SITE_SECRET": SITE_SECRET}
    exec(recipe("python"), scope)
    accepted(scope["token"])


def run(command: list[str], tool: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    return subprocess.run(command, capture_output=True, text=True, check=True,
                          timeout=30).stdout


def test_the_php_recipe_makes_an_accepted_token(tmp_path):
    code = recipe("php").replace("<?php\n", "")
    script = tmp_path / "mint.php"
    script.write_text(f"<?php\n$siteKey = '{SITE_KEY}'; $siteSecret = '{SITE_SECRET}';\n"
                      "$user = (object) ['email' => 'alice@shop.example'];\n"
                      f"{code}\necho $token;\n")
    accepted(run(["php", str(script)], "php"))


def test_the_node_recipe_makes_an_accepted_token():
    code = (f"const SITE_KEY = {SITE_KEY!r}; const SITE_SECRET = {SITE_SECRET!r};\n"
            + recipe("js") + "\nprocess.stdout.write(token);")
    accepted(run(["node", "-e", code], "node"))


def test_the_wordpress_snippet_is_valid_php(tmp_path):
    snippet = tmp_path / "overlay.php"
    snippet.write_text(recipes("php")[1])
    assert "No syntax errors" in run(["php", "-l", str(snippet)], "php")
