"""``evidencekit catalog list|show|validate|import``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidencekit.cli import context
from evidencekit.cli.commands import add_command
from evidencekit.cli.output import emit_json, say, shown
from evidencekit.domain.catalog import ArtifactSlot, Credential, Slot
from evidencekit.domain.errors import CatalogError
from evidencekit.services.catalogs import (
    get_credential,
    import_catalog_file,
    validate_catalog_file,
    workspace_catalog,
)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    catalog = add_command(commands, "catalog")
    sub = catalog.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("list", parents=[common], help="list credentials").set_defaults(run=cmd_list)
    show = sub.add_parser("show", parents=[common], help="show a credential's units and slots")
    show.add_argument("id", metavar="ID")
    show.set_defaults(run=cmd_show)
    validate = sub.add_parser("validate", parents=[common], help="check a catalog file")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.set_defaults(run=cmd_validate)
    imp = sub.add_parser("import", parents=[common], help="add a catalog file to the workspace")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(run=cmd_import)


def _slot_limits(slot: Slot) -> str:
    parts: list[str] = []
    for name in (
        "min_clips",
        "max_clips",
        "max_minutes_per_clip",
        "max_total_minutes",
        "max_mb_per_file",
        "min_words",
        "max_words",
        "min_count",
        "max_count",
        "max_mb",
    ):
        value = getattr(slot, name, None)
        if value:  # unset limits and a minimum of zero say nothing worth printing
            parts.append(f"{name.replace('_', ' ')} {value:g}")
    if getattr(slot, "continuous", False):
        parts.append("continuous, unedited")
    if isinstance(slot, ArtifactSlot):
        parts.append("types " + ", ".join(slot.accepted_types))
    return "; ".join(parts)


def credential_dict(credential: Credential, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": credential.id,
        "title": credential.title,
        "version": credential.version,
        "issuer": credential.issuer,
        "units": [u.id for u in credential.units],
    }
    if full:
        data["competency"] = credential.competency
        data["key_method"] = credential.key_method
        data["units"] = [
            {
                "id": u.id,
                "title": u.title,
                "slots": [
                    {"id": s.id, "kind": str(s.kind), "title": s.title, "limits": _slot_limits(s)}
                    for s in u.slots
                ],
                "criteria": [c.title for c in u.rubric.criteria],
            }
            for u in credential.units
        ]
    return data


def cmd_list(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        catalog = workspace_catalog(ws)
    credentials = catalog.latest()
    if args.json:
        emit_json(
            {
                "credentials": [credential_dict(c) for c in credentials],
                "pathways": [
                    {"id": p.id, "title": p.title, "credentials": list(p.credential_ids)}
                    for p in catalog.pathways
                ],
            }
        )
        return 0
    for credential in credentials:
        units = len(credential.units)
        say(f"{credential.id:32} {shown(credential.title)} (v{credential.version}, {units} units)")
    for pathway in catalog.pathways:
        members = " + ".join(pathway.credential_ids)
        say(f"{pathway.id:32} pathway: {shown(pathway.title)} = {members}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        credential = get_credential(workspace_catalog(ws), args.id)
    if args.json:
        emit_json(credential_dict(credential, full=True))
        return 0
    say(f"{shown(credential.title)} (version {credential.version}, {shown(credential.issuer)})")
    say(f"Competency: {shown(credential.competency)}")
    for unit in credential.units:
        say(f"\nUnit {unit.id}: {shown(unit.title)}")
        for slot in unit.slots:
            limits = _slot_limits(slot)
            say(
                f"  {slot.id:20} {slot.kind:13} {shown(slot.title)}"
                + (f" [{limits}]" if limits else "")
            )
        say("  Rubric: " + "; ".join(shown(c.title) for c in unit.rubric.criteria))
    return 0


def _report_problems(error: CatalogError, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "valid": False,
                "file": error.source,
                "errors": [{"location": p.location, "message": p.message} for p in error.problems],
            }
        )
    else:
        say(error.message)
        for problem in error.problems:
            say(f"  {problem}")


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        catalog = validate_catalog_file(args.file)
    except CatalogError as error:
        _report_problems(error, args.json)
        return 1
    ids = [f"{c.id} v{c.version}" for c in catalog.credentials]
    if args.json:
        emit_json({"valid": True, "file": str(args.file), "credentials": ids})
    else:
        say(f"{args.file} is valid: {', '.join(ids) or 'no credentials'}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        with context.workspace(args) as ws:
            catalog = import_catalog_file(ws, args.file)
    except CatalogError as error:
        _report_problems(error, args.json)
        return 2
    ids = [f"{c.id} v{c.version}" for c in catalog.credentials]
    if args.json:
        emit_json({"imported": ids, "pathways": [p.id for p in catalog.pathways]})
    else:
        say(f"Imported {', '.join(ids) or 'no credentials'} from {args.file}.")
    return 0
