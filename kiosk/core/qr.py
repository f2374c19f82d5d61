"""A QR code as an image: tickets, badges and session slips all draw theirs the same way."""

from __future__ import annotations

from typing import Any


def qr_image(data: str) -> Any:
    """A black-on-white PIL image of `data`, error correction M, a 2-module border."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=8)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image()
