"""Finding a bag's files inside a bundle's zip, whichever layout it has: one base folder
named after the bundle (bundles packed now), or the bag at the zip's root (older ones)."""

from __future__ import annotations

import zipfile


def bag_path(member: str, names: list[str]) -> str:
    """The bag-relative path of archive member ``member``."""
    if "bagit.txt" in names:
        return member
    return member.split("/", 1)[1]


def member(archive: zipfile.ZipFile, path: str) -> str:
    """The archive member holding the bag's file ``path``."""
    names = archive.namelist()
    return next(name for name in names if bag_path(name, names) == path)


def read(archive: zipfile.ZipFile, path: str) -> bytes:
    return archive.read(member(archive, path))
