"""The teacher's main window on a big workspace, beside bare Qt doing the same thing.

Two workspaces: the demo (one complete submission, as `evidencekit demo` makes it)
and a generated one of 50 submissions and 5,000 pieces of evidence. Measured in one
process, alternating ours and the reference, medians of several runs:

- launch: a fresh Python process launched until the main window's first paint, against
  a fresh process showing a bare QMainWindow (goal on the demo: at most 2x). Both run
  their event loop as the app does. Our first paint already shows the workspace's
  content (its submissions, read in plain SQL); the row below it is the moment the
  services that write and SQLAlchemy, loaded right after that paint, are ready. Wall
  time, with the processes' own CPU time beside it (steadier on a busy machine). Once
  with the files in the page cache, and once more cold, each launch after dropping the
  page cache (needs root; skipped otherwise). The same two windows built in this warm
  process are printed beside them, for scale;
- filtering the evidence list over all 5,000 rows, against Qt's own C++ regex
  filter on a QStandardItemModel of the same rows (goal: under 50 ms);
- switching submissions (checklist, evidence list, title), against selecting a
  row in a plain QTableView (goal: under 100 ms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/main_window_bench.py [runs]
    xvfb-run -a .venv/bin/python benchmarks/main_window_bench.py [runs]
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRegularExpression, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

import evidencekit
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services.demo import create_demo
from evidencekit.storage import repository
from evidencekit.storage.workspace import Workspace, open_workspace

SUBMISSIONS = 50
PER_SUBMISSION = 100
CREDENTIAL = "checking-for-understanding"
ESSAY_SLOTS = ("q-reflection", "q-wait-time")  # one essay each per attempt
FILE_SLOTS = ("q-clip", "q-question-plan", "rs-clip", "wt-samples")
QUERIES = ("lesson 4", "plan", "reflection 7", "zzz-none", "sample 12", "")


def generate(workspace: Workspace) -> None:
    """5,000 evidence rows written straight through the repository (no media needed)."""
    with workspace.unit_of_work() as session:
        for s in range(SUBMISSIONS):
            _submission, attempt = repository.create_submission(
                session, CREDENTIAL, "1.0", None, f"Submission {s + 1} — grade {s % 8 + 1}"
            )
            for slot in ESSAY_SLOTS:
                session.add(
                    repository.EvidenceRow(
                        attempt_id=attempt.id,
                        slot_id=slot,
                        kind="essay",
                        title=f"Reflection {s}",
                        text="word " * 320,
                    )
                )
            for n in range(PER_SUBMISSION - len(ESSAY_SLOTS)):
                slot = FILE_SLOTS[n % len(FILE_SLOTS)]
                sha = f"{s:04x}{n:04x}".ljust(64, "0")
                repository.ensure_media_blob(session, sha, 1000 + n)
                clip = slot.endswith("clip")
                session.add(
                    repository.EvidenceRow(
                        attempt_id=attempt.id,
                        slot_id=slot,
                        kind="clip" if clip else "artifact",
                        title=f"Lesson {n}" if clip else f"Work sample {n}",
                        media_sha256=sha,
                        file_name=f"lesson-{n}.mp4" if clip else f"plan-{n}.pdf",
                        size_bytes=1000 + n,
                        duration_s=300.0 if clip else None,
                        has_audio=True if clip else None,
                    )
                )


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def show_and_paint(window: QMainWindow) -> None:
    window.resize(1360, 820)
    window.show()
    window.repaint()  # paint now, not whenever the event loop gets to it
    settle()


def build_and_show(make: Callable[[], QMainWindow]) -> float:
    """Milliseconds to build a window and paint it; the window is closed afterwards."""
    made: list[QMainWindow] = []
    elapsed = timed(lambda: (made.append(make()), show_and_paint(made[0])))
    made[0].close()
    made[0].deleteLater()
    settle()
    return elapsed


def ready_times(workspace: Workspace, runs: int) -> tuple[float, float]:
    pairs = [
        (build_and_show(lambda: MainWindow(workspace)), build_and_show(QMainWindow))
        for _ in range(runs)
    ]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


# Both children run a real event loop, as the app does, and report the moment after
# their window's first paint (the next turn of the loop). Ours paints the workspace's
# real content in that first paint (its submissions, read in plain SQL), then loads the
# services that write and SQLAlchemy; it reports that moment too ("all loaded").
_COLD_OURS = """
import sys
import time
from pathlib import Path
from evidencekit.gui.app import load_core_before_qt
load_core_before_qt()  # as the app does
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.storage.workspace import open_workspace
app = QApplication(sys.argv[:1])
app.setOrganizationName("EvidenceKit-benchmark")
window = MainWindow(open_workspace(Path(sys.argv[1])))

def shown():
    rows = window.submission_model.rowCount()
    print("shown", time.process_time(), rows, flush=True)
    QTimer.singleShot(0, loaded)  # runs once the deferred services have loaded

def loaded():
    print("loaded", time.process_time(), flush=True)
    app.quit()

window.firstPainted.connect(shown)
window.resize(1360, 820)
window.show()
app.exec()
"""
_COLD_BARE = """
import sys
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.shown)

    def shown(self):
        print("shown", time.process_time(), 0, flush=True)
        print("loaded", time.process_time(), flush=True)
        app.quit()

window = Window()
window.resize(1360, 820)
window.show()
app.exec()
"""


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def compile_sources() -> None:
    """Byte-compile the package, as an installed app is: with PYTHONDONTWRITEBYTECODE set,
    a checkout would otherwise compile every module again at each launch."""
    compileall.compile_dir(Path(evidencekit.__file__).parent, quiet=1)


def drop_caches() -> bool:
    """Empty the page cache, so the next launch reads its files from disk (root only)."""
    os.sync()
    try:
        DROP_CACHES.write_text("3\n")
    except OSError:
        return False
    return True


Launch = tuple[float, float, float, float]  # wall, CPU at first paint; wall, CPU all loaded


def cold_start(code: str, folder: Path) -> Launch:
    """Milliseconds from launching a fresh Python to its window painted, and to all loaded."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    shown = child.stdout.readline().split()
    shown_wall = (time.perf_counter() - started) * 1000
    loaded = child.stdout.readline().split()
    loaded_wall = (time.perf_counter() - started) * 1000
    child.wait()
    assert shown[:1] == ["shown"] and loaded[:1] == ["loaded"], "the child showed no window"
    assert code is _COLD_BARE or shown[2] != "0", "the window showed no submission"
    return shown_wall, float(shown[1]) * 1000, loaded_wall, float(loaded[1]) * 1000


# Medians, ours then bare: wall and CPU at first paint; wall and CPU once all is loaded.
Launches = tuple[Launch, Launch]


def cold_times(folder: Path, runs: int, drop: bool = False) -> Launches | None:
    """Launches of ours and the bare window, alternating which goes first.

    With ``drop``, the page cache is emptied before each launch; None if it cannot be.
    """
    if drop and not drop_caches():
        return None
    cold_start(_COLD_OURS, folder), cold_start(_COLD_BARE, folder)  # compile, warm the cache
    ours: list[Launch] = []
    bare: list[Launch] = []
    for run in range(runs):
        for code, into in ((_COLD_OURS, ours), (_COLD_BARE, bare))[:: 1 if run % 2 else -1]:
            if drop:
                drop_caches()
            into.append(cold_start(code, folder))

    def medians(launches: list[Launch]) -> Launch:
        columns = [statistics.median(launch[i] for launch in launches) for i in range(4)]
        return columns[0], columns[1], columns[2], columns[3]

    return medians(ours), medians(bare)


def launch_rows(label: str, launches: Launches | None, goal: str = "") -> str:
    if launches is None:
        return f"{label:34}{'n/a (dropping the page cache needs root)':>30}"
    (wall, cpu, all_wall, all_cpu), (bare_wall, bare_cpu, _, _) = launches
    return (
        f"{label:34}{wall:8.1f}ms{bare_wall:10.1f}ms{wall / bare_wall:7.1f}x   {goal:8}"
        f"CPU {cpu:.0f} ms vs {bare_cpu:.0f} ms, {cpu / bare_cpu:.1f}x\n"
        f"{'  then all loaded':34}{all_wall:8.1f}ms{bare_wall:10.1f}ms"
        f"{all_wall / bare_wall:7.1f}x   {'':8}CPU {all_cpu:.0f} ms, {all_cpu / bare_cpu:.1f}x"
    )


def reference_table() -> tuple[QTableView, QSortFilterProxyModel]:
    model = QStandardItemModel()
    for s in range(SUBMISSIONS):
        for n in range(PER_SUBMISSION):
            model.appendRow([QStandardItem(f"Lesson {n}"), QStandardItem(f"Submission {s}")])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.resize(800, 600)
    view.show()
    settle()
    return view, proxy


def filter_times(window: MainWindow, proxy: QSortFilterProxyModel, runs: int):
    window.all_evidence.setChecked(True)
    settle()
    ours, ref = [], []
    for _ in range(runs):
        for query in QUERIES:
            ours.append(timed(lambda q=query: (window.evidence_filter.setText(q), settle())))
            pattern = QRegularExpression.escape(query)
            ref.append(timed(lambda p=pattern: (proxy.setFilterRegularExpression(p), settle())))
    window.evidence_filter.clear()
    window.all_evidence.setChecked(False)
    return statistics.median(ours), statistics.median(ref), max(ours)


def switch_times(window: MainWindow, view: QTableView, runs: int) -> tuple[float, float, float]:
    ours, ref = [], []
    for r in range(runs):
        for s in range(1, 11):
            target = (s * 7 + r) % SUBMISSIONS + 1
            ours.append(timed(lambda t=target: (window.select_submission(t), settle())))
            row = view.model().index(target, 0)
            ref.append(timed(lambda i=row: (view.setCurrentIndex(i), settle())))
    return statistics.median(ours), statistics.median(ref), max(ours)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("EvidenceKit-benchmark")  # never the user's saved layout
    QSettings().clear()
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="evidencekit-bench-") as scratch:
        demo = Path(scratch) / "demo"
        with open_workspace(demo) as workspace:
            create_demo(workspace)
        demo_warm = cold_times(demo, runs)
        demo_cold = cold_times(demo, runs, drop=True)
        folder = Path(scratch) / "ws"
        workspace = open_workspace(folder)
        try:
            generate(workspace)
            big_warm = cold_times(folder, runs)
            # One untimed round of each, so imports and font caches are warm for both.
            MainWindow(workspace).close()
            QMainWindow().close()
            ours, bare = ready_times(workspace, runs)
            window = MainWindow(workspace)
            show_and_paint(window)
            view, proxy = reference_table()
            f_ours, f_ref, f_max = filter_times(window, proxy, runs)
            rows = window.evidence_model.rowCount()
            s_ours, s_ref, s_max = switch_times(window, view, runs)
            window.close()
        finally:
            workspace.close()
    print(f"workspace: {SUBMISSIONS} submissions, {rows} evidence rows; medians of {runs} runs")
    print(f"{'':34}{'ours':>10}{'reference':>12}{'ratio':>8}   goal")
    print("launch to the first paint, which shows the workspace's submissions:")
    print(launch_rows("launch, demo (page cache warm)", demo_warm, "<= 2x"))
    print(launch_rows("launch, demo (page cache dropped)", demo_cold, "<= 2x"))
    print(launch_rows("launch, 5,000 rows (cache warm)", big_warm, "<= 3x"))
    print(f"{'  window built+painted (warm)':34}{ours:8.1f}ms{bare:10.1f}ms{ours / bare:7.1f}x")
    print(
        f"{'filter evidence (5,000 rows)':34}{f_ours:8.1f}ms{f_ref:10.1f}ms"
        f"{f_ours / f_ref:7.1f}x   < 50 ms (worst {f_max:.1f} ms)"
    )
    print(
        f"{'switch submission':34}{s_ours:8.1f}ms{s_ref:10.1f}ms"
        f"{s_ours / s_ref:7.1f}x   < 100 ms (worst {s_max:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
