"""The installers build: a .deb whose frozen app passes its self-test, and the NSIS script."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def test_nsis_script_compiles_against_a_stand_in_payload(tmp_path: Path) -> None:
    payload = tmp_path / "payload"
    payload.mkdir()
    (payload / "evidencekit.exe").write_bytes(b"MZ stand-in for the PyInstaller build")
    out = tmp_path / "setup.exe"
    result = subprocess.run(
        [
            "makensis",
            "-V2",
            f"-DVERSION={PROJECT['version']}",
            f"-DPAYLOAD={payload}",
            f"-DOUTFILE={out}",
            str(REPO / "installer" / "windows" / "evidencekit.nsi"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_nsis_script_refuses_to_build_without_a_version(tmp_path: Path) -> None:
    result = subprocess.run(
        ["makensis", "-V1", str(REPO / "installer" / "windows" / "evidencekit.nsi")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "/DVERSION" in result.stdout + result.stderr


# What the frozen app is built from: a .deb older than any of these was built from other code.
BUILT_FROM = ("src", "resources", "installer", "pyproject.toml")


def _newest_source() -> tuple[float, Path]:
    files = [
        path
        for top in BUILT_FROM
        for path in ([REPO / top] if (REPO / top).is_file() else (REPO / top).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    return max((path.stat().st_mtime, path) for path in files)


@pytest.fixture(scope="module")
def deb() -> Path:
    """The .deb that `./dev test` builds in its own step before pytest (installer/build_deb.sh,
    a few minutes), so that the fast lane, `./dev test -m "not slow"`, never waits for it."""
    found = sorted((REPO / "build").glob(f"evidencekit_{PROJECT['version']}_*.deb"))
    if not found:
        pytest.fail("No .deb in build/: run installer/build_deb.sh (./dev test runs it first).")
    [package] = found
    newest, source = _newest_source()
    if package.stat().st_mtime < newest:
        pytest.fail(
            f"build/{package.name} is older than {source.relative_to(REPO)}: "
            "run installer/build_deb.sh again (./dev test does)."
        )
    return package


def dpkg(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_deb_metadata_and_contents(deb: Path) -> None:
    assert dpkg("-f", str(deb), "Package").strip() == PROJECT["name"]
    assert dpkg("-f", str(deb), "Version").strip() == PROJECT["version"]
    assert "libpulse0" in dpkg("-f", str(deb), "Depends")
    listing = dpkg("-c", str(deb))
    for path in (
        "./usr/bin/evidencekit -> /opt/evidencekit/evidencekit",
        "./usr/share/applications/evidencekit.desktop",
        "./usr/share/mime/packages/evidencekit.xml",
        "./usr/share/icons/hicolor/48x48/apps/evidencekit.png",
        "./usr/share/icons/hicolor/256x256/mimetypes/application-x-evidencekit-bundle.png",
        "./opt/evidencekit/_internal/evidencekit/resources/catalog/checking-for-understanding.json",
        "./opt/evidencekit/_internal/evidencekit/storage/migrations/versions/0001_initial.py",
    ):
        assert path in listing, path
    desktop = (REPO / "installer" / "linux" / "evidencekit.desktop").read_text()
    assert "MimeType=application/x-evidencekit-bundle;application/x-evidencekit-review;" in desktop


@pytest.mark.slow
def test_frozen_app_has_one_qt_and_passes_its_self_test(deb: Path, tmp_path: Path) -> None:
    app = REPO / "build" / "dist" / "evidencekit"
    qt_cores = [p for p in app.rglob("libQt6Core.so*") if not p.is_symlink()]
    assert len(qt_cores) == 1, qt_cores
    assert not list(app.rglob("cv2/qt")), "the non-headless OpenCV brings its own Qt"
    result = subprocess.run(
        [str(app / "evidencekit"), "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[ok] demo submission complete" in result.stdout
    assert "[ok] bundle verified: signature trusted" in result.stdout
    assert "[ok] portfolio PDF rendered" in result.stdout


@pytest.mark.slow
def test_frozen_cli_runs_commands_loaded_by_name_and_finds_a_face(
    deb: Path, tmp_path: Path
) -> None:
    """Commands and the face model load by name or path at run time, which the
    packager's analysis cannot see: the frozen app must still run them."""
    from PIL import Image
    from skimage.data import astronaut

    still = tmp_path / "face.png"
    Image.fromarray(astronaut()).save(still)
    clip = tmp_path / "face.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-loop",
            "1",
            "-i",
            str(still),
            "-t",
            "1",
            "-r",
            "10",
            "-vf",
            "scale=512:512,format=yuv420p",
            "-c:v",
            "libx264",
            str(clip),
        ],
        check=True,
    )
    app = REPO / "build" / "dist" / "evidencekit" / "evidencekit"
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(app), *args], capture_output=True, text=True, timeout=300, env=env, check=False
        )

    listed = run("catalog", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Checking for Understanding" in listed.stdout
    faces = run("media", "faces", "--json", str(clip))
    assert faces.returncode == 0, faces.stderr
    assert json.loads(faces.stdout)["tracks"], faces.stdout
