"""Where the shipped fonts, layouts and sounds are found: a checkout, an install, the bundle."""

from __future__ import annotations

import sys

from kiosk.core import resources


def test_source_checkout_or_install_finds_the_fonts():
    assert not hasattr(sys, "_MEIPASS")
    assert resources.font_path("DejaVuSans.ttf").is_file()
    assert (resources.assets_dir() / "layouts" / "badge-4x3.json").is_file()


def test_the_standalone_bundle_reads_its_own_folder(monkeypatch, tmp_path):
    # PyInstaller sets sys._MEIPASS to the bundle's _internal folder; the spec puts assets in
    # kiosk/assets there, whatever __file__ says about the frozen module.
    fonts = tmp_path / "kiosk" / "assets" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "DejaVuSans.ttf").write_bytes(b"font")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.assets_dir() == tmp_path / "kiosk" / "assets"
    assert resources.font_path("DejaVuSans.ttf").read_bytes() == b"font"
