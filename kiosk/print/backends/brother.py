"""Brother QL label printers driven directly with their raster protocol (brother-ql-next), for
driverless set-ups: network (raw TCP 9100), USB (pyusb) or the Linux printer device file.

The badge PDF is rendered at 300 dpi, turned so the label's width runs across the head, and
scaled to the label's exact printable dots: die-cut labels refuse any other size.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kiosk.print.backends.base import Backend, Document, PrintError

DEFAULT_MODEL = "QL-800"
DEFAULT_LABEL = "62"  # the 62 mm continuous roll


class BrotherBackend(Backend):
    @staticmethod
    def unusable_reason() -> str | None:
        try:
            import brother_ql.conversion  # noqa: F401
        except ImportError:
            return "brother-ql-next is not installed (pip install brother-ql-next)"
        return None

    def raster(self, document: Document) -> bytes:
        """The job as Brother raster instructions."""
        from brother_ql.conversion import convert
        from brother_ql.labels import ALL_LABELS
        from brother_ql.raster import BrotherQLRaster
        from PIL import Image

        from kiosk.print.draw.raster import render_page, to_pil

        label_id = document.label or DEFAULT_LABEL
        label = next((lb for lb in ALL_LABELS if lb.identifier == label_id), None)
        if label is None:
            raise PrintError(f"unknown Brother label {label_id!r}")
        image = to_pil(render_page(document.pdf, 300))
        if image.width > image.height:  # a landscape badge runs along the tape
            image = image.transpose(Image.Transpose.ROTATE_90)
        width, height = label.dots_printable
        image = image.resize((width, height or round(image.height * width / image.width)))
        try:
            qlr = BrotherQLRaster(self.config.profile or DEFAULT_MODEL)
            qlr.exception_on_warning = True
            convert(qlr=qlr, images=[image], label=label_id, rotate="0", threshold=70.0,
                    dither=False, compress=True, red=False, dpi_600=False, hq=True, cut=True)
        except Exception as exc:  # brother_ql raises plain exceptions for model/label mismatches
            raise PrintError(f"cannot make a Brother raster for label {label_id}: {exc}") from exc
        return bytes(qlr.data)

    def _target(self) -> tuple[str, str]:
        parts = urlsplit(self.config.uri)
        kind = self.config.scheme.split("+", 1)[1]
        if kind == "tcp":
            return f"tcp://{parts.hostname}:{parts.port or 9100}", "network"
        if kind == "usb":
            vid, pid = parts.netloc.split(":")
            return f"usb://0x{vid}:0x{pid}", "pyusb"
        return f"file://{parts.path}", "linux_kernel"

    def print_document(self, document: Document) -> str:
        from brother_ql.backends.helpers import send

        data = self.raster(document)
        identifier, backend = self._target()
        try:
            status = send(instructions=data, printer_identifier=identifier, backend_identifier=backend,
                          blocking=True)
        except Exception as exc:
            raise PrintError(f"printer {self.config.name!r} is not reachable: {exc}") from exc
        if status.get("outcome") == "error":
            raise PrintError(f"printer {self.config.name!r} reported an error: {status.get('printer_state')}")
        return self.config.uri
