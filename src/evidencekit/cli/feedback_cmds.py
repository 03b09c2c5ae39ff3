"""``evidencekit review import|feedback|reply|export-replies|resubmit``: the teacher's side of a
review: taking the return file in, reading and answering what reviewers said, and starting the
next attempt."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidencekit.cli import context
from evidencekit.cli.identity import identity_options, signer_from
from evidencekit.cli.output import emit_json, say, shown
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.text import format_duration
from evidencekit.services.feedback import (
    add_reply,
    export_replies,
    feedback_for,
    import_review,
    replies,
)
from evidencekit.services.resubmission import changes_since_previous, start_next_attempt


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    identity = identity_options()
    imported = sub.add_parser("import", parents=[common], help="take in a return file")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.set_defaults(run=cmd_import)

    feedback = sub.add_parser("feedback", parents=[common], help="what reviewers said")
    feedback.add_argument("submission", type=int, metavar="N")
    feedback.set_defaults(run=cmd_feedback)

    reply = sub.add_parser("reply", parents=[common], help="answer a reviewer's comment")
    reply.add_argument("submission", type=int, metavar="N")
    reply.add_argument("comment", type=int, metavar="C", help="the #number `review feedback` shows")
    reply.add_argument("--text", required=True)
    reply.set_defaults(run=cmd_reply)

    send = sub.add_parser(
        "export-replies", parents=[common, identity], help="sign your replies for the reviewer"
    )
    send.add_argument("submission", type=int, metavar="N")
    send.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    send.add_argument("--to", metavar="FINGERPRINT", help="the reviewer, if you replied to several")
    send.set_defaults(run=cmd_export_replies)

    resubmit = sub.add_parser(
        "resubmit", parents=[common], help="start the next attempt of a returned submission"
    )
    resubmit.add_argument("submission", type=int, metavar="N")
    resubmit.set_defaults(run=cmd_resubmit)


def cmd_import(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        imported = import_review(ws, args.file)
    decision = imported.decision.value if imported.decision else None
    if args.json:
        emit_json(
            {
                "submission": imported.submission_id,
                "attempt": imported.attempt_number,
                "role": imported.role.value,
                "decision": decision,
                "comments": imported.comments,
            }
        )
    else:
        say(
            f"Imported the {imported.role.value}'s review of submission "
            f"{imported.submission_id}, attempt {imported.attempt_number}: "
            f"{decision or 'comments only'}, {imported.comments} comment(s)."
        )
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        reviews = feedback_for(ws, args.submission)
        answers_kept = replies(ws)
    if args.json:
        emit_json(
            [
                {
                    "attempt": f.attempt_number,
                    "role": f.role.value,
                    "reviewer": f.reviewer,
                    "decision": f.decision.value if f.decision else None,
                    "criteria": [c.__dict__ for c in f.criteria],
                    "comments": [
                        {**c.__dict__, "text_range": list(c.text_range or []) or None}
                        for c in f.comments
                    ],
                }
                for f in reviews
            ]
        )
        return 0
    if not reviews:
        say("No review has come back for this submission yet.")
    number = 0
    for f in reviews:
        say(f"Attempt {f.attempt_number}, {f.role.value}: {f.decision or 'comments'}")
        for c in f.criteria:
            say(f"  {shown(c.criterion_title)}: {shown(c.level_label)}. {shown(c.feedback)}")
        for note in f.comments:
            number += 1
            where = format_duration(note.at_s) if note.at_s is not None else "text"
            label, title = shown(note.label), shown(note.evidence_title)
            say(f"  #{number} [{label}] {title} @ {where}: {shown(note.text)}")
            for text in answers_kept.get(note.key, []):
                say(f"      you replied: {shown(text)}")
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        notes = [note for f in feedback_for(ws, args.submission) for note in f.comments]
        if not 1 <= args.comment <= len(notes):
            raise EvidenceKitError(
                f"Submission {args.submission} has no comment #{args.comment}; "
                "`review feedback` numbers them."
            )
        add_reply(ws, notes[args.comment - 1].key, args.text)
    say(f"Kept your reply to comment #{args.comment}; send it with `review export-replies`.")
    return 0


def cmd_export_replies(args: argparse.Namespace) -> int:
    key = signer_from(args)
    with context.workspace(args) as ws:
        written = export_replies(ws, args.submission, key, args.output, args.to)
    if args.json:
        emit_json({"replies": str(written)})
    else:
        say(f"Wrote {written}: send it to the reviewer.")
    return 0


def cmd_resubmit(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        attempt = start_next_attempt(ws, args.submission)
        summary = changes_since_previous(ws, args.submission)
    note = summary.draft_note() if summary else ""
    if args.json:
        emit_json({"attempt": attempt.number, "note": note})
    else:
        say(f"Attempt {attempt.number} started from attempt {attempt.number - 1}'s evidence.")
    return 0
