"""The installed package must hold every module: tests run from the source tree and would not
notice a subpackage missing from pyproject's list."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kiosk").rglob("__init__.py")}
    assert on_disk <= listed, on_disk - listed
    assert config["tool"]["setuptools"]["package-dir"]["kiosk.assets"] == "assets"


@pytest.mark.slow
def test_the_wheel_holds_every_shipped_font_and_its_licence(tmp_path):
    """Names in Devanagari, Gurmukhi, Bengali, Gujarati, Tamil and Malayalam print only if the
    installed package has their fonts (kiosk/assets/fonts), with the OFL text beside them."""
    from kiosk.print.draw.fonts import SHIPPED

    # Built from a copy, so the build's own files (build/, *.egg-info) stay out of the working tree.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "build", "dist", "*.egg-info", ".hypothesis", ".pytest_cache", ".ci-venv",
        ".venv", "tests", "benchmarks", "docs", "*-results.json"))
    out = tmp_path / "wheel"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
                           check=False, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    for name in {name for pair in SHIPPED for name in pair}:
        assert sizes.get(f"kiosk/assets/fonts/{name}", 0) == (ROOT / "assets" / "fonts" / name).stat().st_size, name
    assert "kiosk/assets/fonts/Noto-OFL.txt" in sizes and "kiosk/assets/fonts/DejaVu-LICENSE.txt" in sizes
    # The kiosk's and the desk's compiled translations: without them Welsh is not offered at all.
    compiled = sorted((ROOT / "assets" / "i18n").glob("*.qm"))
    assert {q.name for q in compiled} >= {"kiosk_cy.qm", "desk_cy.qm"}
    for qm in compiled:
        assert sizes.get(f"kiosk/assets/i18n/{qm.name}", 0) == qm.stat().st_size, qm.name
