"""BagIt validation beyond the conformance suite: escaping, several manifests, links,
odd encodings, oversized tag files, cancelling, and the small writer helpers."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from evidencekit.bundle.bagit import bagit_text
from evidencekit.bundle.bagit.validate import (
    encode_path,
    manifest_text,
    payload_oxum,
    validate_bag,
    write_bag_tags,
)
from evidencekit.domain.errors import Cancelled
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter

ALL = ("md5", "sha1", "sha256", "sha512")


def make(
    tmp_path: Path, files: dict[str, bytes], algorithms: tuple[str, ...] = ("sha256",)
) -> Path:
    bag = tmp_path / "bag"
    for name, content in files.items():
        (bag / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        (bag / "data" / name).write_bytes(content)
    (bag / "data").mkdir(parents=True, exist_ok=True)
    write_bag_tags(bag, [("Contact-Name", "A. Teacher")], algorithms)
    return bag


def errors(bag: Path, **kw: object) -> list[str]:
    return [str(e) for e in validate_bag(bag, **kw).errors]  # type: ignore[arg-type]


def test_writer_helpers() -> None:
    assert encode_path("data/100%\nreal\r.txt") == "data/100%25%0Areal%0D.txt"
    assert manifest_text({"data/b": "22", "data/a": "11"}) == "11  data/a\n22  data/b\n"
    assert payload_oxum([3, 0, 7]) == "10.3"
    assert payload_oxum([]) == "0.0"


def test_written_bag_with_every_algorithm_and_escaped_names(tmp_path: Path) -> None:
    files = {
        "100% sure.txt": b"percent",
        "line\nbreak.txt": b"newline",
        "carriage\rreturn.txt": b"cr",
        "para\u2028graph.txt": b"a line separator is not a line break in BagIt",
        "nested/deeper/Núñez.md": b"accents",
        "empty": b"",
    }
    bag = make(tmp_path, files, ALL)
    manifest = (bag / "manifest-sha256.txt").read_text("utf-8")
    assert "data/100%25 sure.txt" in manifest and "data/line%0Abreak.txt" in manifest
    events: list[ProgressEvent] = []
    report = validate_bag(bag, reporter=Reporter.to(events.append))
    assert report.valid, report.errors
    assert report.warnings == []
    assert report.version == "1.0"
    assert report.info_value("payload-oxum") == f"{sum(map(len, files.values()))}.{len(files)}"
    assert events and events[-1].done == events[-1].total
    assert report.payload_sha256["data/empty"] == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize("algorithm", ALL)
def test_every_manifest_is_checked(tmp_path: Path, algorithm: str) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha", "b.txt": b"beta"}, ALL)
    manifest = bag / f"manifest-{algorithm}.txt"
    text = manifest.read_text()
    wrong = hashlib.new(algorithm, b"something else").hexdigest()
    manifest.write_text(text.replace(hashlib.new(algorithm, b"beta").hexdigest(), wrong))
    found = errors(bag)
    assert f"data/b.txt: its {algorithm} checksum does not match." in found
    assert f"manifest-{algorithm}.txt: its sha256 checksum does not match." in found


def test_a_file_missing_from_one_manifest(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha", "b.txt": b"beta"}, ("md5", "sha256"))
    path = bag / "manifest-md5.txt"
    path.write_text("".join(line for line in path.open() if "b.txt" not in line))
    assert "data/b.txt: the file is not listed in manifest-md5.txt." in errors(bag)


def test_listed_but_missing_and_oxum(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha", "b.txt": b"beta"})
    (bag / "data" / "b.txt").unlink()
    found = errors(bag)
    assert "data/b.txt: the file is listed but missing." in found
    assert any(e.startswith("bag-info.txt: Payload-Oxum says 9 bytes in 2 files") for e in found)


def test_no_payload_manifest(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "manifest-sha256.txt").unlink()
    assert errors(bag)[-1] == "manifest-<algorithm>.txt: the bag has no payload manifest."


def test_a_link_in_the_payload_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"outside the bag")
    bag = make(tmp_path, {"a.txt": b"alpha", "secret.txt": b"outside the bag"})
    (bag / "data" / "secret.txt").unlink()
    (bag / "data" / "secret.txt").symlink_to(secret)
    report = validate_bag(bag)
    assert "data/secret.txt: it is a link." in [str(e) for e in report.errors]
    assert "data/secret.txt" not in report.payload_sha256


def test_a_linked_tag_file_is_refused(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    real = tmp_path / "info.txt"
    (bag / "bag-info.txt").rename(real)
    (bag / "bag-info.txt").symlink_to(real)
    assert "bag-info.txt: it is a link, not a file." in errors(bag)


@pytest.mark.parametrize("encoding", ["rot13", "base64", "no-such-codec"])
def test_a_declared_encoding_that_is_not_text(tmp_path: Path, encoding: str) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "bagit.txt").write_text(f"BagIt-Version: 1.0\nTag-File-Character-Encoding: {encoding}\n")
    assert errors(bag) == [f"bagit.txt: the encoding {encoding!r} is unknown."]


@pytest.mark.parametrize(
    "content",
    [
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n\n",
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nExtra: line\n",
        "BagIt-Version:  1.0\nTag-File-Character-Encoding: UTF-8\n",
        "Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n",
        "BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n",
    ],
)
def test_bagit_txt_must_be_exact(tmp_path: Path, content: str) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "bagit.txt").write_text(content)
    assert any(e.startswith("bagit.txt: ") for e in errors(bag))


def test_cr_line_endings_in_bagit_txt(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "bagit.txt").write_bytes(b"BagIt-Version: 1.0\rTag-File-Character-Encoding: UTF-8\r")
    assert errors(bag) == ["bagit.txt: its sha256 checksum does not match."]


def test_oversized_tag_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    monkeypatch.setattr(bagit_text, "MAX_TAG_BYTES", 100)
    assert any("larger than the 100 bytes" in e for e in errors(bag))


def test_bag_info_continuation_lines(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    with (bag / "bag-info.txt").open("a") as info:
        info.write("External-Description: first line\n  second line\n\tthird\n")
    report = validate_bag(bag)
    assert report.info_value("External-Description") == "first line second line third"
    assert report.errors == [report.errors[0]]  # only the tag manifest notices the change
    assert str(report.errors[0]) == "bag-info.txt: its sha256 checksum does not match."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("data//a.txt", "empty or '.' part"),
        ("data/./a.txt", "empty or '.' part"),
        ("data/../../etc/passwd", "'..'"),
        ("/etc/passwd", "absolute"),
        ("data\\a.txt", "backslash"),
        ("data/a%00.txt", None),  # %00 is not an escape BagIt defines: just a missing file
    ],
)
def test_manifest_paths_out_of_scope(tmp_path: Path, line: str, reason: str | None) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    digest = hashlib.sha256(b"alpha").hexdigest()
    with (bag / "manifest-sha256.txt").open("a") as manifest:
        manifest.write(f"{digest}  {line}\n")
    found = errors(bag)
    if reason is None:
        assert "data/a%00.txt: the file is listed but missing." in found
    else:
        assert any(e.startswith("manifest-sha256.txt: ") and reason in e for e in found), found


def test_tab_separated_manifest(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "tagmanifest-sha256.txt").unlink()
    manifest = bag / "manifest-sha256.txt"
    manifest.write_text(manifest.read_text().replace("  ", "\t"))
    assert errors(bag) == []


def test_listed_twice_with_different_checksums(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "tagmanifest-sha256.txt").unlink()
    with (bag / "manifest-sha256.txt").open("a") as manifest:
        manifest.write(f"{'0' * 64}  data/a.txt\n")
    assert errors(bag) == [
        "manifest-sha256.txt: 'data/a.txt' is listed twice with different checksums."
    ]


def test_fetch_txt(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha", "b.txt": b"beta"})
    (bag / "data" / "b.txt").unlink()
    (bag / "fetch.txt").write_text("https://example.org/b.txt 4 data/b.txt\n")
    found = errors(bag)
    assert not any("b.txt" in e and "missing" in e for e in found)
    assert errors(bag, allow_fetch=False) == [
        "fetch.txt: a bundle must carry every file; fetching is not allowed."
    ]
    (bag / "fetch.txt").write_text("https://example.org/x 4 ../x\n")
    assert any(e.startswith("fetch.txt: line 1: the path climbs out") for e in errors(bag))


def test_names_are_shown_escaped(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    with (bag / "manifest-sha256.txt").open("a") as manifest:
        manifest.write(f"{'0' * 64}  data/\x1b[31mred\n")
    assert "data/\\u001b[31mred: the file is listed but missing." in errors(bag)


def test_special_files_in_the_payload(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    bag = make(tmp_path, {"a.txt": b"alpha"})
    os.mkfifo(bag / "data" / "pipe")
    assert "data/pipe: it is not a regular file." in errors(bag)


def test_cancel_while_hashing(tmp_path: Path) -> None:
    bag = make(tmp_path, {"big.bin": os.urandom(3 << 20)})
    token = CancelToken()

    def progress(_event: ProgressEvent) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        validate_bag(bag, reporter=Reporter(progress, token))


def test_a_listed_path_through_a_linked_folder_is_never_read(tmp_path: Path) -> None:
    """data/up -> a folder outside the bag, and the manifest lists data/up/passwd with a
    guessed checksum: the outside file is never hashed, so the report cannot tell
    whether the guess was right."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_bytes(b"root:x:0:0\n")
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "data" / "up").symlink_to(outside)
    right = hashlib.sha256(b"root:x:0:0\n").hexdigest()
    reports = []
    for guess in (right, "0" * 64):
        manifest = (bag / "manifest-sha256.txt").read_text()
        lines = [line for line in manifest.splitlines() if "data/up/" not in line]
        (bag / "manifest-sha256.txt").write_text("\n".join([*lines, f"{guess}  data/up/passwd"]))
        reports.append(sorted(errors(bag)))
    assert "data/up: it is a link." in reports[0]
    assert "data/up/passwd: the file is listed but missing." in reports[0]
    assert not any("data/up/passwd" in line and "checksum" in line for line in reports[0])
    assert reports[0] == reports[1]  # the same answer for a right and a wrong guess


@pytest.mark.parametrize("oxum", ["²." + "1", "9" * 5000 + ".1", "١.1", "1.1.1"])
def test_payload_oxum_takes_only_a_few_ascii_digits(tmp_path: Path, oxum: str) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    text = (bag / "bag-info.txt").read_text()
    (bag / "bag-info.txt").write_text(
        "\n".join(f"Payload-Oxum: {oxum}" if line.startswith("Payload-Oxum") else line
                  for line in text.splitlines()) + "\n"
    )  # fmt: skip
    assert any("Payload-Oxum" in line and "malformed" in line for line in errors(bag))


@pytest.mark.parametrize("version", ["1.²", "١.0", "1." + "0" * 5000])
def test_a_bagit_version_in_other_digits_is_refused_not_crashed(
    tmp_path: Path, version: str
) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    (bag / "bagit.txt").write_text(
        f"BagIt-Version: {version}\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8"
    )
    assert [line for line in errors(bag) if line.startswith("bagit.txt")]


def test_a_fifo_in_the_payload_is_not_opened(tmp_path: Path) -> None:
    bag = make(tmp_path, {"a.txt": b"alpha"})
    os.mkfifo(bag / "data" / "pipe")
    assert "data/pipe: it is not a regular file." in errors(bag)
