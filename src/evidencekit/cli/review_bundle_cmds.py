"""``evidencekit review open|drafts|comment|level|export|comments|import-replies``: an
evaluator's or coach's review of one bundle, from opening it to the signed return file, and the
teacher's replies coming back to it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidencekit.cli import context
from evidencekit.cli.identity import identity_options, signer_from
from evidencekit.cli.output import TerminalProgress, emit_json, say, shown
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import CriterionId, LevelId, UnitId
from evidencekit.domain.review import Comment, ReviewerRole, Score
from evidencekit.domain.timecode import parse_time
from evidencekit.services.coach_replies import import_replies
from evidencekit.services.review_sessions import (
    OpenReview,
    export_comments,
    export_review,
    list_drafts,
    load_session,
    open_for_review,
    save_review,
)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    identity = identity_options()
    opened = sub.add_parser(
        "open", parents=[common, identity], help="verify a bundle and start reviewing it"
    )
    opened.add_argument("bundle", type=Path, metavar="BUNDLE")
    opened.add_argument("--coach", action="store_true", help="comment only, no scores")
    opened.set_defaults(run=cmd_open)

    sub.add_parser("drafts", parents=[common], help="reviews on this machine").set_defaults(
        run=cmd_drafts
    )

    comment = sub.add_parser("comment", parents=[common], help="comment on a moment or words")
    comment.add_argument("draft", type=int, metavar="DRAFT")
    comment.add_argument("--on", required=True, metavar="PATH", help="e.g. data/video/x-1.mp4")
    where = comment.add_mutually_exclusive_group(required=True)
    where.add_argument("--at", metavar="TIME", help="a moment of a clip: 75.5, 1:15 or 0:01:15")
    where.add_argument("--words", metavar="START:END", help="a range of an essay's characters")
    comment.add_argument("--category", default="note", help="strength, suggestion, question …")
    comment.add_argument("--text", required=True)
    comment.set_defaults(run=cmd_comment)

    level = sub.add_parser("level", parents=[common], help="score one criterion")
    level.add_argument("draft", type=int, metavar="DRAFT")
    level.add_argument("unit", metavar="UNIT")
    level.add_argument("criterion", metavar="CRITERION")
    level.add_argument("level", metavar="LEVEL")
    level.add_argument("--feedback", default="")
    level.set_defaults(run=cmd_level)

    export = sub.add_parser(
        "export", parents=[common, identity], help="sign and write the return file"
    )
    export.add_argument("draft", type=int, metavar="DRAFT")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    export.set_defaults(run=cmd_export)

    comments = sub.add_parser("comments", parents=[common], help="a clip's comments as VTT/CSV")
    comments.add_argument("draft", type=int, metavar="DRAFT")
    comments.add_argument("--on", required=True, metavar="PATH")
    comments.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.vtt|FILE.csv")
    comments.set_defaults(run=cmd_comments)

    answers = sub.add_parser(
        "import-replies", parents=[common], help="take in a teacher's replies to your comments"
    )
    answers.add_argument("file", type=Path, metavar="FILE")
    answers.set_defaults(run=cmd_import_replies)


def _describe(session: OpenReview) -> dict[str, Any]:  # JSON
    return {
        "draft": session.draft_id,
        "bundle_sha256": session.review.bundle_sha256,
        "candidate": session.candidate,
        "role": session.review.role.value,
        "units": list(session.review.units),
        "evidence": [
            {"path": e["path"], "kind": e["kind"], "title": e["title"]}
            for e in session.metadata["evidence"]
            if "path" in e
        ],
        "comments": len(session.review.comments),
        "scored": len(session.review.scores),
        "draft_for_coaching": session.is_draft,
    }


def cmd_open(args: argparse.Namespace) -> int:
    role = ReviewerRole.COACH if args.coach else ReviewerRole.EVALUATOR
    key = signer_from(args)
    progress = TerminalProgress()
    with context.workspace(args) as ws:
        try:
            session = open_for_review(ws, args.bundle, role, key, progress.reporter)
        finally:
            progress.finish()
    described = _describe(session)
    if args.json:
        emit_json(described)
    else:
        # Names and titles come from the bundle: shown escaped and isolated.
        say(f"Review draft {session.draft_id}: {shown(session.candidate)} ({role.value})")
        if session.is_draft:
            say("  A draft for coaching: comment on it; there is nothing to score.")
        for entry in described["evidence"]:
            say(f"  {shown(entry['path'])}  {shown(entry['title'])}")
    return 0


def cmd_drafts(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        drafts = list_drafts(ws)
    if args.json:
        emit_json([{"draft": d, "bundle": b, "role": r, "exported": e} for d, b, r, e in drafts])
    for draft, bundle, role, exported in [] if args.json else drafts:
        say(f"{draft:4}  {role:9}  {'exported' if exported else 'open    '}  {bundle}")
    return 0


def cmd_comment(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        session = load_session(ws, args.draft)
        if args.at is not None:
            comment = Comment(args.on, args.category, args.text, at_s=parse_time(args.at))
        else:
            start, _colon, end = args.words.partition(":")
            try:
                span = (int(start), int(end))
                comment = Comment(args.on, args.category, args.text, text_range=span)
            except ValueError:
                raise EvidenceKitError(
                    "--words takes the first and last character, e.g. 120:180."
                ) from None
        if args.on not in {e.get("path") for e in session.metadata["evidence"]}:
            raise EvidenceKitError(f"The bundle has no evidence at {args.on}.")
        review = session.review.with_comment(comment)
        save_review(ws, args.draft, review)
    if args.json:
        emit_json({"draft": args.draft, "comments": len(review.comments)})
    else:
        say(f"Added; the review has {len(review.comments)} comment(s).")
    return 0


def cmd_level(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        session = load_session(ws, args.draft)
        score = Score(
            UnitId(args.unit), CriterionId(args.criterion), LevelId(args.level), args.feedback
        )
        review = session.review.with_score(session.credential, score)
        save_review(ws, args.draft, review)
        missing = review.missing_scores(session.credential)
    if args.json:
        emit_json({"draft": args.draft, "still_to_score": len(missing)})
    else:
        say(f"Scored; {len(missing)} criterion(s) still to score.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    key = signer_from(args)
    with context.workspace(args) as ws:
        session = load_session(ws, args.draft)
        written = export_review(ws, session, key, args.output)
    if args.json:
        emit_json({"review": str(written)})
    else:
        say(f"Signed return file: {written}")
    return 0


def cmd_comments(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        written = export_comments(load_session(ws, args.draft), args.on, args.output)
    if args.json:
        emit_json({"file": str(written)})
    else:
        say(f"Wrote {written}")
    return 0


def cmd_import_replies(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        imported = import_replies(ws, args.file)
    if args.json:
        emit_json(
            {
                "drafts": list(imported.draft_ids),
                "replies": imported.replies,
                "answered": [{"comment": c, "reply": r} for c, r in imported.answered],
            }
        )
    else:
        who = shown(imported.teacher_name) if imported.teacher_name else "The teacher"
        for comment, reply in imported.answered:
            say(f"{who} on “{shown(comment)}”: {shown(reply)}")
    return 0
