"""The catalog a workspace sees: the shipped starter catalog plus imported files."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from evidencekit.catalog.loader import (
    load_catalog_file,
    parse_catalog,
    parse_document,
    read_document,
)
from evidencekit.domain.catalog import Catalog, Credential
from evidencekit.domain.errors import CatalogError, NotFound, Problem
from evidencekit.storage import plain_reads
from evidencekit.storage.workspace import Workspace


@cache
def starter_catalog() -> Catalog:
    """The credentials shipped in resources/catalog/, read once per process."""
    folder = resources.files("evidencekit.resources").joinpath("catalog")
    catalog = Catalog(())
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            document = parse_document(entry.read_text("utf-8"), entry.name)
            known = [c.id for c in catalog.credentials]
            shipped = parse_catalog(document, entry.name, known, shipped=True)
            catalog = catalog.merged_with(shipped)
    return catalog


def workspace_catalog(workspace: Workspace) -> Catalog:
    catalog = starter_catalog()
    for name, body in plain_reads.catalog_documents(workspace):
        known = [c.id for c in catalog.credentials]
        catalog = catalog.merged_with(parse_catalog(parse_document(body, name), name, known))
    return catalog


def get_credential(catalog: Catalog, credential_id: str, version: str | None = None) -> Credential:
    credential = catalog.get(credential_id, version)
    if credential is None:
        ids = ", ".join(sorted({c.id for c in catalog.credentials}))
        what = f"{credential_id} version {version}" if version else credential_id
        raise NotFound("credential", what, f"Known credentials: {ids}.")
    return credential


def validate_catalog_file(path: Path, base: Catalog | None = None) -> Catalog:
    """Every error in the file, with its location; raises CatalogError if any."""
    base = base or starter_catalog()
    incoming = load_catalog_file(path, [c.id for c in base.credentials])
    conflicts = _conflicts(base, incoming)
    if conflicts:
        raise CatalogError(str(path), conflicts)
    return incoming


def _conflicts(base: Catalog, incoming: Catalog) -> list[Problem]:
    problems = []
    for index, credential in enumerate(incoming.credentials):
        existing = base.get(credential.id, credential.version)
        if existing is not None and existing != credential:
            problems.append(
                Problem(
                    f"credentials[{index}]",
                    f"{credential.id} version {credential.version} already exists with different "
                    "content; give the changed credential a new version number",
                )
            )
    return problems


def import_catalog_file(workspace: Workspace, path: Path) -> Catalog:
    """Validate, then store the document in the workspace. A bad file imports nothing."""
    incoming = validate_catalog_file(path, workspace_catalog(workspace))
    body = json.dumps(read_document(path), ensure_ascii=False, sort_keys=True)
    import hashlib  # here: it loads OpenSSL, which the start (reading catalogs) never needs

    from evidencekit.storage import repository

    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()

    with workspace.unit_of_work() as session:
        repository.add_catalog_document(session, digest, path.name, body)
    return incoming
