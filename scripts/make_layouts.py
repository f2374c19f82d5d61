"""Generates the shipped badge layouts (assets/layouts/*.json) from one proportional design.

The JSON files are the source of truth the app reads; this script only keeps the shipped ones
consistent. Copy a JSON file into the data folder's layouts/ to make your own.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assets" / "layouts"


def badge(name: str, title: str, w: float, h: float, first_size: float, extra: dict | None = None) -> None:
    band_h = round(h * 0.16, 1)
    pad = round(max(3, w * 0.04), 1)
    qr_size = round(min(h * 0.2, 16), 1)
    inner = round(w - 2 * pad, 1)
    beside_qr = round(inner - qr_size - 2, 1)
    y = band_h + 1.5
    first_h, full_h, org_h, pr_h = (round(h * k, 1) for k in (0.36, 0.1, 0.15, 0.08))
    fields = [
        {"type": "band", "source": "ticket_type", "x": 0, "y": 0, "w": w, "h": band_h,
         "font": "bold", "size": round(band_h * 1.6, 1), "min_size": 7, "colour": "#ffffff"},
        {"type": "text", "source": "first_name", "x": pad, "y": round(y, 1), "w": inner, "h": first_h,
         "font": "bold", "size": first_size, "min_size": 14, "max_lines": 2},
    ]
    y += first_h + 0.5
    fields.append({"type": "text", "source": "full_name", "x": pad, "y": round(y, 1), "w": inner,
                   "h": full_h, "size": round(full_h * 1.9, 1), "min_size": 7})
    y += full_h + 0.5
    fields.append({"type": "text", "source": "organisation", "x": pad, "y": round(y, 1), "w": beside_qr,
                   "h": org_h, "size": round(org_h, 1), "min_size": 6, "max_lines": 2, "align": "left"})
    y += org_h + 0.5
    fields.append({"type": "text", "source": "pronouns", "x": pad, "y": round(y, 1), "w": beside_qr,
                   "h": pr_h, "size": round(pr_h * 2, 1), "min_size": 6, "align": "left"})
    y += pr_h
    ev_h = round(min(h - y - 1, h * 0.06), 1)
    fields.append({"type": "text", "source": "event_name", "x": pad, "y": round(y, 1), "w": beside_qr,
                   "h": ev_h, "size": round(ev_h * 2, 1), "min_size": 5, "align": "left",
                   "colour": "#455a64"})
    fields.append({"type": "qr", "x": round(w - pad - qr_size, 1), "y": round(h - pad * 0.6 - qr_size, 1),
                   "w": qr_size, "h": qr_size})
    data = {"title": title, "width": w, "height": h, "qr": "ticket", "fields": fields, **(extra or {})}
    (OUT / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    badge("badge-4x3", "4 × 3 in conference badge insert", 101.6, 76.2, 66)
    badge("brother-62mm", "Brother QL 62 mm continuous roll, cut at 90 mm", 90, 62, 60,
          {"brother_label": "62"})
    badge("brother-62x100", "Brother QL 62 × 100 mm die-cut label (DK-11202)", 100, 62, 60,
          {"brother_label": "62x100"})
    badge("dymo-badge", "DYMO LabelWriter name badge label 30856 (62 × 106 mm)", 106, 62, 60)
    badge("a6", "A6 landscape (148 × 105 mm)", 148, 105, 90)
    badge("cr80", "CR80 card (85.6 × 54 mm)", 85.6, 54, 44)
    badge("a4-sheet-6x-4x3", "A4 sheet of 6 × (4 × 3 in) badges with cut marks", 101.6, 76.2, 66,
          {"sheet": {"page_w": 210, "page_h": 297, "columns": 2, "rows": 3, "cut_marks": True}})


if __name__ == "__main__":
    main()
