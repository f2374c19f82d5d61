"""Markers on a badge for the organiser's questions: "No photos" with a crossed-out camera, a
green/yellow/red interaction preference with a shape and its words (issue 16).

A layout's marker field names a question and, for each answer it cares about, a shape, words and
a colour (kiosk/print/draw/layout.py checks them). The words are the layout's, never the answer's
own text: a badge says only what the organisers chose to say. Drawn into the badge PDF like every
other field, so the preview, office printers and 1-bit printers all show it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kiosk.core.model import Attendee
from kiosk.print.draw.layout import Field, marker_polygon

MM = 72 / 25.4


def answer_of(attendee: Attendee, question: str) -> str:
    """The attendee's answer to a question, its heading matched ignoring case and spacing."""
    extra = attendee.extra or {}
    if question in extra:
        return str(extra[question] or "")
    wanted = " ".join(question.split()).casefold()
    for key, value in extra.items():
        if " ".join(str(key).split()).casefold() == wanted:
            return str(value or "")
    return ""


def draw_marker(renderer: Any, canvas: Any, f: Field, attendee: Attendee, left: float, top: float) -> bool:
    """Draw the marker for this attendee's answer in the field's box; False when there is none."""
    found = f.marker_for(answer_of(attendee, f.question))
    if found is None:
        return False
    shape, words, colour = found
    page_h = renderer.layout.page_size[1]
    side = min(f.h, f.w * 0.3) if shape != "none" else 0.0
    if side:
        x0, y0 = left + f.x, top + f.y + (f.h - side) / 2
        canvas.setFillColor(renderer.colour(colour))
        canvas.setStrokeColor(renderer.colour(colour))
        if shape == "no-camera":
            _no_camera(canvas, x0, y0, side, page_h)
        else:
            _polygon(canvas, marker_polygon(shape), x0, y0, side, page_h)
    gap = side * 0.2 if side else 0.0
    text_field = dataclasses.replace(f, type="text", source="marker", x=f.x + side + gap,
                                     w=max(1.0, f.w - side - gap), colour=colour,
                                     align="left" if side else f.align)
    renderer._text(canvas, text_field, words, left, top)
    return True


def _polygon(canvas: Any, outline: list[tuple[float, float]], x0: float, y0: float, side: float,
             page_h: float) -> None:
    path = canvas.beginPath()
    path.moveTo((x0 + outline[0][0] * side) * MM, (page_h - y0 - outline[0][1] * side) * MM)
    for u, v in outline[1:]:
        path.lineTo((x0 + u * side) * MM, (page_h - y0 - v * side) * MM)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _no_camera(canvas: Any, x0: float, y0: float, side: float, page_h: float) -> None:
    """A camera (body, lens, viewfinder bump) crossed out by a bar from corner to corner: the
    common "no photography" sign, recognisable in one ink."""
    def at(u: float, v: float) -> tuple[float, float]:
        return (x0 + u * side) * MM, (page_h - y0 - v * side) * MM

    # body and the bump on top
    bx, by = at(0.06, 0.86)
    canvas.roundRect(bx, by, 0.88 * side * MM, 0.56 * side * MM, 0.08 * side * MM, stroke=0, fill=1)
    _polygon(canvas, [(0.32, 0.30), (0.40, 0.18), (0.60, 0.18), (0.68, 0.30)], x0, y0, side, page_h)
    # the lens: a white ring inside the body
    cx, cy = at(0.5, 0.58)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.circle(cx, cy, 0.17 * side * MM, stroke=0, fill=1)
    canvas.restoreState()
    # the bar, with a white edge so it reads across the body
    canvas.saveState()
    canvas.setLineCap(1)
    canvas.setStrokeColorRGB(1, 1, 1)
    canvas.setLineWidth(0.2 * side * MM)
    canvas.line(*at(0.1, 0.1), *at(0.9, 0.9))
    canvas.restoreState()
    canvas.setLineCap(1)
    canvas.setLineWidth(0.11 * side * MM)
    canvas.line(*at(0.1, 0.1), *at(0.9, 0.9))
