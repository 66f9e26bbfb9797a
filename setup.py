"""Builds the front end into the package before an sdist or a wheel is made from a
checkout, so a release holds it (its settings are all in pyproject.toml).

From a checkout (``./run`` and ``package.json`` beside this file) the sdist and a wheel
built directly run ``./run frontend``, which rebuilds only when the front end's sources
changed. A wheel built from the sdist finds the built files already in it; an editable
install (``./run`` itself) skips this, as ``./run`` builds the front end next.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent


def build_front_end() -> None:
    if (HERE / "run").is_file() and (HERE / "package.json").is_file():
        subprocess.run([str(HERE / "run"), "frontend"], check=True)


class BuildPyWithFrontEnd(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            build_front_end()
        super().run()


class SdistWithFrontEnd(sdist):
    def run(self) -> None:
        build_front_end()
        super().run()


setup(cmdclass={"build_py": BuildPyWithFrontEnd, "sdist": SdistWithFrontEnd})
