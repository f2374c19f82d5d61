"""The installed package must hold every module: tests run from the source tree and would not
notice a subpackage missing from pyproject's list."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kiosk").rglob("__init__.py")}
    assert on_disk <= listed, on_disk - listed
    assert config["tool"]["setuptools"]["package-dir"]["kiosk.assets"] == "assets"
