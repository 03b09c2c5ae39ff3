"""Artifacts in the window: previews, duplicates by hash, Cancel during a long import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QMessageBox

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.runner import operations
from evidencekit.gui.theme import colour, is_dark
from evidencekit.gui.work.previews import image_thumbnail, pdf_first_page, preview
from evidencekit.services.demo_content import lesson_plan_pdf, work_sample_png
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.storage.workspace import Workspace
from tests.gui.test_teacher_path import drop_files
from tests.gui.waiting import wait_until_idle

CFU = "checking-for-understanding"


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    create_submission(workspace, CFU, "questioning", "Spring")
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    win.select_submission(1)
    win.checklist.select_slot("q-question-plan")
    return win


def finish(qtbot, window: MainWindow) -> None:
    wait_until_idle(qtbot, timeout=60_000)


def test_previews_of_pdf_image_and_unknown_files(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    lesson_plan_pdf(pdf, "Fractions")
    page = pdf_first_page(pdf, 200)
    assert page is not None and page.width() == 200 and page.height() > 200  # A4 is tall
    png = tmp_path / "work.png"
    work_sample_png(png, seed=1)
    thumb = image_thumbnail(png, 120)
    assert thumb is not None and thumb.width() == 120
    junk = tmp_path / "broken.pdf"
    junk.write_bytes(b"not a pdf")
    assert pdf_first_page(junk, 100) is None
    docx = tmp_path / "plan.docx"
    docx.write_bytes(b"PK")
    assert preview(docx, "plan.docx", 100) is None


def test_the_same_file_twice_is_caught_by_its_hash(
    qtbot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    first = tmp_path / "plan.pdf"
    lesson_plan_pdf(first, "Fractions")
    copy = tmp_path / "plan copy.pdf"
    copy.write_bytes(first.read_bytes())
    drop_files(window.slot_panel.files, [first])
    finish(qtbot, window)
    drop_files(window.slot_panel.files, [copy])
    finish(qtbot, window)
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "the same file is already attached as 'plan'" in box.text()
    assert len(submission_detail(workspace, 1).evidence) == 1
    assert window.slot_panel.files.items.count() == 1


def scans(folder: Path, count: int, megabytes: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"scan-{n}.png"
        with path.open("wb") as out:
            out.write(b"\x89PNG\r\n\x1a\n" + bytes([n]))
            out.write(b"\0" * (megabytes << 20))
        paths.append(path)
    return paths


def test_too_large_a_file_is_refused_before_copying(
    qtbot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    drop_files(window.slot_panel.files, scans(tmp_path, 1, 21))
    finish(qtbot, window)
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "'Question plan' allows at most 20 MB" in box.text()
    assert submission_detail(workspace, 1).evidence == []


def test_cancel_stops_a_long_import_and_adds_nothing(
    qtbot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    # Many files just under the slot's limit: Cancel lands while they are copied.
    drop_files(window.slot_panel.files, scans(tmp_path, 12, 19))
    operations().cancel_all()  # as her Cancel on the progress dialog
    finish(qtbot, window)
    assert submission_detail(workspace, 1).evidence == []
    boxes = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes == []  # Cancel is not an error
    stored = [p for p in (workspace.path / "media").rglob("*") if p.is_file()]
    assert stored == []


def test_status_colours_follow_a_dark_palette() -> None:
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#f5f5f5"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    assert not is_dark(light) and is_dark(dark)
    for status in ("met", "not_yet", "problem", "link"):
        # Light text on dark windows, dark text on light ones.
        assert colour(status, dark).lightness() > colour(status, light).lightness()


def test_a_pdf_preview_is_the_whole_first_page_on_white(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.pdf"
    lesson_plan_pdf(plan, "Fractions")
    drop_files(window.slot_panel.files, [plan])
    finish(qtbot, window)
    picture = window.slot_panel.detail.picture
    shown = picture.pixmap().toImage()
    assert not shown.isNull()
    # Whole page: A4's proportions, inside the label (nothing cut off at the sides).
    assert abs(shown.height() / shown.width() - 297 / 210) < 0.02
    assert shown.width() <= picture.contentsRect().width()
    assert shown.height() <= picture.contentsRect().height()
    # Paper is white where nothing is printed, not transparent (grey in the window).
    for x, y in ((1, 1), (shown.width() - 2, 1), (1, shown.height() - 2)):
        assert QColor(shown.pixel(x, y)).lightness() > 245
