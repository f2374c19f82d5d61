"""Display mode on a projector (issue 15): at 1080p the slot on now and the next one are labelled
"Now" and "Next" in words (and shapes), titles are drawn at 32 px or more, shrinking only as far
as a long title needs, wrapped rather than cut. The tests read the layout the painter draws
(`GridDisplay.display_layout()`) and check the painted pixels where it says."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.grid.editor import GridEditor
from kiosk.ui.grid_display import NEXT, NOW, GridDisplay
from kiosk.ui.grid_display_layout import MIN_TITLE_PX, NEXT_EDGE

from tests.support.paths import screenshot_dir


@pytest.fixture
def demo_store(tmp_path):
    from kiosk.demo.event import ensure_demo
    from kiosk.store.datadir import DataDir

    store, _ = ensure_demo(DataDir(tmp_path / "demo-data"), attendees=40, tickets=False)
    yield store
    store.close()


def test_display_at_1080p_labels_now_and_next_in_words_with_titles_of_32_px(qtbot, demo_store, tmp_path):
    display = GridDisplay(demo_store, clock=lambda: datetime(2026, 11, 23, 11, 10))
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    display.show()
    qtbot.waitExposed(display)
    layout = display.display_layout()
    assert (layout.width, layout.height) == (1920, 1080)
    assert [(r.times, r.tag) for r in layout.rows if r.tag] == [("11:00–11:45", "Now"), ("11:45–12:30", "Next")]
    filled = [c for c in layout.cells if c.title_px]
    assert len(filled) >= 12
    for cell in filled:
        title, *rest = cell.blocks
        assert title.font.bold() and title.font.pixelSize() == cell.title_px
        assert not cell.elided
    single = [c for c in filled if len(c.blocks) == 2]  # one session: its title and its conveners
    assert single and min(c.title_px for c in single) >= 32
    for cell in single:
        convener = cell.blocks[1]
        assert not convener.font.bold() and convener.font.pixelSize() < cell.title_px
    clash = [c for c in filled if len(c.blocks) > 2]
    assert clash and all(c.title_px >= MIN_TITLE_PX for c in clash)  # shrunk, not cut

    # What the screen shows is that layout: the labels' shapes are painted where it says.
    image = display.grab().toImage()
    now_row, next_row = layout.row_tag("Now"), layout.row_tag("Next")
    now_tag, next_tag = display._tag_rect(layout, now_row), display._tag_rect(layout, next_row)
    assert image.pixelColor(int(now_tag.center().x()), int(now_tag.bottom() - 4)) == NOW  # under "Now"
    assert image.pixelColor(int(next_tag.left() + 1), int(next_tag.center().y())) == NEXT_EDGE
    assert image.pixelColor(int(next_tag.left() + 6), int(next_tag.top() + 6)) == NEXT
    image.save(str(screenshot_dir(tmp_path) / "grid-display.png"))  # the README's picture


def test_display_wraps_long_titles_rather_than_cutting_them(qtbot, store):
    editor = GridEditor(store)
    editor.add_space("Main Hall")
    editor.add_space("Garden")
    editor.add_slot("10:00", "11:00")
    long_title = ("How we moved a whole region's outpatient follow-ups to patient-initiated care without "
                  "losing anyone who needed to be seen, and what the carers told us")
    editor.propose(long_title, ["Siân Jones", "Seán Ó Súilleabháin"], space="Main Hall", slot="10:00")
    editor.propose("Gofal-iechyd-meddwl-cymunedol-ar-draws-Cymru", ["Aled"], space="Garden", slot="10:00")
    display = GridDisplay(store, clock=lambda: datetime(2026, 11, 23, 9, 0))
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    layout = display.display_layout()
    cell = layout.cell(0, 0)
    # Every word, wrapped at spaces or after a hyphen ("patient-" / "initiated").
    words = "".join(line if line.endswith("-") else line + " " for line in cell.blocks[0].lines).strip()
    assert words == long_title and not cell.elided
    assert cell.title_px >= 32
    hyphenated = layout.cell(0, 1)
    assert "".join(hyphenated.blocks[0].lines) == "Gofal-iechyd-meddwl-cymunedol-ar-draws-Cymru"
    for block in [*cell.blocks, *hyphenated.blocks]:
        metrics = display.fitter.metrics(block.font.pixelSize(), block.font.bold())
        assert all(metrics.horizontalAdvance(line) <= cell.rect.width() - 20 + 1 for line in block.lines)
    assert display.next_row == 0 and layout.rows[0].tag == "Next"


def test_a_redraw_after_edits_shows_exactly_what_a_fresh_screen_shows(qtbot, demo_store):
    """Only the changed cells are painted again: the result must be the same, pixel for pixel, as
    painting the whole screen anew (nothing of the old session left behind)."""
    clock = [datetime(2026, 11, 23, 10, 20)]
    display = GridDisplay(demo_store, clock=lambda: clock[0])
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    display.show()
    qtbot.waitExposed(display)
    display.grab()
    editor = GridEditor(demo_store)
    grid = editor.grid()
    placed = grid.placed[0]
    free_slot = next(s for s in grid.slots if not s.is_break and not grid.cell(grid.spaces[-1].id, s.id))
    editor.move(placed.id, grid.spaces[-1].id, free_slot.id, force=True)
    editor.edit(grid.placed[1].id, "A new title that is much longer than the one it had before", "",
                grid.placed[1].conveners)
    display.refresh()
    after_edit = display.grab().toImage()
    fresh = GridDisplay(demo_store, clock=lambda: clock[0])
    qtbot.addWidget(fresh)
    fresh.resize(1920, 1080)
    fresh.show()
    qtbot.waitExposed(fresh)
    assert after_edit == fresh.grab().toImage()
    clock[0] = datetime(2026, 11, 23, 10, 50)  # the break begins: "Now" moves, and says until when
    display.refresh()
    layout = display.display_layout()
    now = layout.row_tag("Now")
    assert now is not None and now.is_break
    assert layout.cell(now.row, 0).blocks[0].lines == ("Break until 11:00",)


def test_an_empty_grid_says_so_and_many_spaces_keep_their_names_whole(qtbot, store):
    display = GridDisplay(store)
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    assert display.display_layout().message == "No sessions on the grid yet."
    editor = GridEditor(store)
    for i in range(12):
        editor.add_space(f"Room {i + 1}")
    editor.add_slot("10:00", "11:00")
    display.refresh()
    layout = display.display_layout()
    assert not layout.message
    font = layout.header_font
    metrics = display.fitter.metrics(font.pixelSize(), True)
    assert all(metrics.horizontalAdvance(name) <= rect.width() - 20 for rect, name in layout.columns)
