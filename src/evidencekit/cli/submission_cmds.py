"""``submission``, ``evidence``, ``essay``, ``answer``, ``attest`` and ``check``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidencekit.cli import context
from evidencekit.cli.commands import add_command
from evidencekit.cli.media_cmds import time_arg
from evidencekit.cli.output import TerminalProgress, emit_json, say, shown, warn
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.submissions import Artifact, Attestation, Clip, Essay, Evidence
from evidencekit.domain.text import count_words, format_duration
from evidencekit.services import evidence as evidence_service
from evidencekit.services.clip_editing import trim_clip
from evidencekit.services.submissions import (
    SubmissionDetail,
    create_submission,
    list_submissions,
    submission_detail,
)
from evidencekit.services.video_import import import_clips


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    submission = add_command(commands, "submission")
    sub = submission.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = sub.add_parser("create", parents=[common], help="start a submission")
    create.add_argument("--credential", required=True, metavar="ID")
    create.add_argument("--unit", metavar="ID", help="submit one unit instead of all")
    create.add_argument("--title", required=True, metavar="T")
    create.set_defaults(run=cmd_create)
    sub.add_parser("list", parents=[common], help="list submissions").set_defaults(run=cmd_list)
    show = sub.add_parser("show", parents=[common], help="a submission's slots and evidence")
    show.add_argument("number", type=int, metavar="N")
    show.set_defaults(run=cmd_show)

    evidence = add_command(commands, "evidence")
    esub = evidence.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = esub.add_parser("add", parents=[common], help="add clips or artifacts to a slot")
    _target(add)
    add.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add.set_defaults(run=cmd_evidence_add)
    remove = esub.add_parser("remove", parents=[common], help="remove a piece of evidence")
    remove.add_argument("--submission", required=True, type=int, metavar="N")
    remove.add_argument(
        "evidence_id", type=int, metavar="ID", help="the #id `submission show` prints"
    )
    remove.set_defaults(run=cmd_evidence_remove)
    cut = esub.add_parser(
        "trim", parents=[common], help="replace a clip with its part between two times"
    )
    cut.add_argument("--submission", required=True, type=int, metavar="N")
    cut.add_argument("evidence_id", type=int, metavar="ID", help="the #id `submission show` prints")
    cut.add_argument("--start", required=True, type=time_arg, metavar="S", help="in point")
    cut.add_argument("--end", required=True, type=time_arg, metavar="E", help="out point")
    cut.set_defaults(run=cmd_evidence_trim)

    essay = add_command(commands, "essay")
    essay_sub = essay.add_subparsers(dest="action", required=True, metavar="ACTION")
    essay_set = essay_sub.add_parser("set", parents=[common], help="set an essay from a file")
    _target(essay_set)
    essay_set.add_argument("--file", required=True, type=Path, metavar="F.md")
    essay_set.set_defaults(run=cmd_essay_set)

    answer = add_command(commands, "answer")
    answer_sub = answer.add_subparsers(dest="action", required=True, metavar="ACTION")
    answer_set = answer_sub.add_parser("set", parents=[common], help="set a short answer")
    _target(answer_set)
    answer_set.add_argument("--text", required=True, metavar="T")
    answer_set.set_defaults(run=cmd_answer_set)

    attest = add_command(commands, "attest", parents=[common])
    _target(attest)
    attest.add_argument("--withdraw", action="store_true", help="take the confirmation back")
    attest.set_defaults(run=cmd_attest)

    check = add_command(commands, "check", parents=[common])
    check.add_argument("--submission", required=True, type=int, metavar="N")
    check.set_defaults(run=cmd_check)


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--submission", required=True, type=int, metavar="N")
    parser.add_argument("--slot", required=True, metavar="SLOT")


def evidence_dict(item: Evidence) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "slot": item.slot_id, "title": item.title}
    match item:
        case Clip():
            data |= {
                "kind": "clip",
                "file": item.file_name,
                "sha256": item.sha256,
                "size_bytes": item.size_bytes,
                "duration_s": item.duration_s,
                "has_audio": item.has_audio,
                "bookmarks": [{"seconds": b.seconds, "label": b.label} for b in item.bookmarks],
            }
        case Artifact():
            data |= {
                "kind": "artifact",
                "file": item.file_name,
                "sha256": item.sha256,
                "size_bytes": item.size_bytes,
            }
        case Essay():
            data |= {"kind": "text", "words": count_words(item.text)}
        case Attestation():
            data |= {"kind": "attestation", "confirmed": item.confirmed}
    return data


def _describe(item: Evidence) -> str:
    match item:
        case Clip():
            return f"clip '{shown(item.title)}', {format_duration(item.duration_s)}"
        case Artifact():
            return f"file {shown(item.file_name)}"
        case Essay():
            return f"{count_words(item.text)} words"
        case Attestation():
            return "confirmed" if item.confirmed else "not confirmed"


def cmd_create(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        summary = create_submission(ws, args.credential, args.unit, args.title)
    if args.json:
        emit_json(summary.to_dict())
    else:
        say(f"Created submission {summary.submission.id}: {shown(summary.submission.title)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        summaries = list_submissions(ws)
    if args.json:
        emit_json([s.to_dict() for s in summaries])
        return 0
    if not summaries:
        say("No submissions yet. Start one with `evidencekit submission create`.")
    for s in summaries:
        scope = s.unit_title or "all units"
        say(
            f"{s.submission.id:4}  {s.submission.title}  —  {s.credential_title} ({scope}), "
            f"attempt {s.attempt.number} {s.attempt.status}, {s.evidence_count} items"
        )
    return 0


def detail_dict(detail: SubmissionDetail) -> dict[str, Any]:
    s = detail.submission
    return {
        "id": s.id,
        "title": s.title,
        "credential": s.credential_id,
        "credential_version": s.credential_version,
        "unit": s.unit_id,
        "attempt": detail.attempt.number,
        "status": str(detail.attempt.status),
        "slots": [
            {
                "id": slot.id,
                "kind": str(slot.kind),
                "title": slot.title,
                "evidence": [evidence_dict(e) for e in detail.evidence if e.slot_id == slot.id],
                "findings": [f.to_dict() for f in detail.findings if f.slot_id == slot.id],
            }
            for slot in detail.slots()
        ],
        "findings": [f.to_dict() for f in detail.findings],
        "ready": not detail.blocking,
    }


def cmd_show(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        detail = submission_detail(ws, args.number)
    if args.json:
        emit_json(detail_dict(detail))
        return 0
    s = detail.submission
    say(f"Submission {s.id}: {shown(s.title)}")
    say(
        f"{detail.credential.title} v{s.credential_version}, attempt {detail.attempt.number} "
        f"({detail.attempt.status})"
    )
    for slot in detail.slots():
        items = [e for e in detail.evidence if e.slot_id == slot.id]
        problems = [f for f in detail.findings if f.slot_id == slot.id]
        mark = "✗" if any(f.blocking for f in problems) else ("!" if problems else "✓")
        say(f"  {mark} {slot.id:20} {shown(slot.title)}")
        for item in items:
            say(f"      #{item.id} {_describe(item)}")
        for finding in problems:
            say(f"      {finding.severity}: {finding.message}")
    return 0


def cmd_evidence_add(args: argparse.Namespace) -> int:
    progress = TerminalProgress()
    with context.workspace(args) as ws:
        try:
            imported = import_clips(ws, args.submission, args.slot, args.files, progress.reporter)
        finally:
            progress.finish()
    added = imported.evidence
    for finding in imported.warnings:
        warn(f"warning: {finding.message}")
    if args.json:
        emit_json([evidence_dict(e) for e in added])
    else:
        for item in added:
            say(f"Added #{item.id} to {item.slot_id}: {_describe(item)}")
    return 0


def cmd_evidence_remove(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        evidence_service.remove_evidence(ws, args.submission, args.evidence_id)
    if args.json:
        emit_json({"removed": args.evidence_id})
    else:
        say(f"Removed #{args.evidence_id} from submission {args.submission}.")
    return 0


def cmd_evidence_trim(args: argparse.Namespace) -> int:
    progress = TerminalProgress()
    with context.workspace(args) as ws:
        try:
            trimmed = trim_clip(
                ws, args.submission, args.evidence_id, args.start, args.end, progress.reporter
            )
        finally:
            progress.finish()
    if args.json:
        emit_json(evidence_dict(trimmed))
    else:
        say(f"Replaced #{args.evidence_id} with #{trimmed.id}: {_describe(trimmed)}.")
    return 0


def cmd_essay_set(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvidenceKitError(f"{args.file}: the file does not exist.") from None
    except UnicodeDecodeError:
        raise EvidenceKitError(f"{args.file}: not a UTF-8 text (Markdown) file.") from None
    except OSError as exc:
        raise EvidenceKitError(f"{args.file}: cannot be read ({exc.strerror}).") from None
    return _set_text(args, text)


def cmd_answer_set(args: argparse.Namespace) -> int:
    return _set_text(args, args.text)


def _set_text(args: argparse.Namespace, text: str) -> int:
    with context.workspace(args) as ws:
        item = evidence_service.set_text(ws, args.submission, args.slot, text)
    if args.json:
        emit_json(evidence_dict(item))
    else:
        say(f"Saved '{shown(item.title)}': {_describe(item)}")
    return 0


def cmd_attest(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        item = evidence_service.set_attestation(ws, args.submission, args.slot, not args.withdraw)
    if args.json:
        emit_json(evidence_dict(item))
    else:
        say(f"'{shown(item.title)}': {_describe(item)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        detail = submission_detail(ws, args.submission)
    blocking = detail.blocking
    if args.json:
        emit_json(
            {
                "submission": detail.submission.id,
                "ready": not blocking,
                "findings": [f.to_dict() for f in detail.findings],
            }
        )
    else:
        for finding in detail.findings:
            say(f"{finding.severity}: {finding.message}")
        if blocking:
            say(f"Not ready: {len(blocking)} blocking finding(s).")
        else:
            say(f"Submission {detail.submission.id} is ready to pack.")
    return 1 if blocking else 0
