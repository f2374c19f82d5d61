"""The benchmarks live in benchmarks/ at the top of the repository, run from there, and never ship:
the installed package holds no benchmark module and no benchmarks/ folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ("core", "printing", "sync", "desk", "camera", "grid", "selfservice", "search")


@pytest.mark.slow
def test_the_wheel_holds_no_benchmark(tmp_path):
    # Built from a copy, so the build's own files (build/, *.egg-info) stay out of the working tree.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "build", "dist", "*.egg-info", ".hypothesis", ".pytest_cache", ".ci-venv",
        ".venv", "tests", "*-results.json"))
    assert (source / "benchmarks" / "core.py").exists()  # present in the source, so leaving it out is tested
    out = tmp_path / "wheel"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
                           check=False, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = out.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("kiosk/") for n in names)
    assert not [n for n in names if "bench" in Path(n).name.lower()]
    assert not [n for n in names if "benchmarks/" in n]


def test_benchmarks_run_from_the_repository_root(tmp_path):
    """As the README says to run them: `python -m benchmarks.<name>` in the repository root, with
    nothing installed or put on the path for them."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    for name in BENCHMARKS:
        ran = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", "--help"], cwd=ROOT, env=env,
                             check=False, capture_output=True, text=True, timeout=60)
        assert ran.returncode == 0 and "usage:" in ran.stdout, (name, ran.stderr[-2000:])
    out = tmp_path / "core.json"
    ran = subprocess.run([sys.executable, "-m", "benchmarks.core", "--sizes", "50", "--out", str(out)], cwd=ROOT,
                         env=env, check=False, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert json.loads(out.read_text())["results"][0]["attendees"] == 50


def test_no_benchmark_imports_another_ones_private_helpers():
    import ast

    for path in (ROOT / "benchmarks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("benchmarks"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
