"""``evidencekit review``: the command group, and in it the shared review centre's queue, claims,
scores and agreement. Reviewing one bundle is in review_bundle_cmds, the teacher's side in
feedback_cmds."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.cli import context, feedback_cmds, review_bundle_cmds
from evidencekit.cli.commands import add_command
from evidencekit.cli.output import TerminalProgress, emit_json, say
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review_queue import QueueEntry
from evidencekit.services import review_centre as centre
from evidencekit.storage.locations import trust_store_path


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    review = add_command(
        commands,
        "review",
        description="Open a bundle for review, comment, score and export the signed return "
        "file; import one as a teacher. Many evaluators can share one queue (set "
        "EVIDENCEKIT_DATABASE_URL to the "
        "centre's PostgreSQL database). Every bundle is scored by two different evaluators.",
    )
    sub = review.add_subparsers(dest="action", required=True, metavar="ACTION")

    queue = sub.add_parser("queue", parents=[common], help="list the queue, or add bundles")
    queue.set_defaults(run=cmd_queue)
    queue_sub = queue.add_subparsers(dest="queue_action", metavar="add")
    add = queue_sub.add_parser("add", parents=[common], help="verify bundles, then queue them")
    add.add_argument("files", nargs="+", type=Path, metavar="BUNDLE")
    add.set_defaults(run=cmd_queue_add)

    claim = sub.add_parser("claim", parents=[common], help="take the oldest bundle waiting")
    _evaluator(claim)
    claim.add_argument(
        "--stale-minutes",
        type=float,
        default=centre.DEFAULT_STALE_AFTER.total_seconds() / 60,
        metavar="M",
        help="claims not renewed for this long go back to the queue first (default: %(default)g)",
    )
    claim.add_argument(
        "--resume", action="store_true", help="take back the claims you still hold, if any"
    )
    claim.set_defaults(run=cmd_claim)

    renew = sub.add_parser("renew", parents=[common], help="keep a claim while you work on it")
    _evaluator(renew)
    renew.add_argument("bundle", metavar="SHA256")
    renew.set_defaults(run=cmd_renew)

    score = sub.add_parser("score", parents=[common], help="record the levels of a claimed bundle")
    _evaluator(score)
    score.add_argument("bundle", metavar="SHA256", help="the claimed bundle's hash")
    score.add_argument("levels", nargs="+", metavar="CRITERION=LEVEL")
    score.set_defaults(run=cmd_score)

    release = sub.add_parser("release", parents=[common], help="give a claim back unscored")
    _evaluator(release)
    release.add_argument("bundle", metavar="SHA256")
    release.set_defaults(run=cmd_release)

    stats = sub.add_parser("stats", parents=[common], help="agreement between the two scorers")
    stats.add_argument(
        "--weighted", action="store_true", help="add the linear-weighted kappa (ordered levels)"
    )
    stats.set_defaults(run=cmd_stats)
    review_bundle_cmds.register(sub, common)
    feedback_cmds.register(sub, common)


def _evaluator(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--evaluator", required=True, metavar="NAME", help="your name or key fingerprint"
    )


def _slot_text(entry: QueueEntry) -> str:
    return ", ".join(
        f"slot {s.slot} {s.status}" + (f" ({s.evaluator})" if s.evaluator else "")
        for s in entry.slots
    )


def cmd_queue(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        entries = centre.queue(ws)
    if args.json:
        emit_json({"bundles": [e.to_dict() for e in entries]})
        return 0
    if not entries:
        say("The review queue is empty.")
    for entry in entries:
        b = entry.bundle
        unit = f"/{b.unit_id}" if b.unit_id else ""
        say(f"{b.sha256[:12]}  {b.file_name}  {b.credential_id}{unit}  attempt {b.attempt}")
        say(f"    {_slot_text(entry)}")
    return 0


def cmd_queue_add(args: argparse.Namespace) -> int:
    trusted = TrustStore(trust_store_path()).fingerprints()
    progress = TerminalProgress()
    results = []
    try:
        with context.workspace(args) as ws:
            for path in args.files:
                results.append(centre.enqueue_file(ws, path, trusted, progress.reporter))
    finally:
        progress.finish()
    if args.json:
        emit_json({"queued": [{**b.to_dict(), "added": added} for b, added in results]})
        return 0
    for bundle, added in results:
        state = "queued for two scorings" if added else "was already in the queue"
        say(f"{bundle.file_name}: {state} ({bundle.sha256})")
    return 0


def cmd_claim(args: argparse.Namespace) -> int:
    if not args.stale_minutes > 0:
        raise EvidenceKitError("--stale-minutes must be more than 0.")
    with context.workspace(args) as ws:
        held = centre.resume(ws, args.evaluator) if args.resume else []
        got = (
            held[0]
            if held
            else centre.claim(ws, args.evaluator, timedelta(minutes=args.stale_minutes))
        )
        where = centre.bundle_file(ws, got.bundle) if got else None
    if args.json:
        emit_json({"claim": {**got.to_dict(), "file": str(where)} if got else None})
        return 0
    if got is None:
        say(f"Nothing in the queue is waiting for {args.evaluator.strip()}.")
        return 0
    b = got.bundle
    say(f"{got.evaluator} scores {b.file_name} (slot {got.slot} of 2)")
    say(f"  hash      {b.sha256}")
    say(f"  file      {where}")
    say(f"  for       {b.credential_id} {b.credential_version} {b.unit_id or '(all units)'}")
    say(f"  candidate {b.candidate_pseudonym or '(named in the bundle)'}")
    return 0


def _levels(pairs: list[str]) -> dict[str, str]:
    levels: dict[str, str] = {}
    for pair in pairs:
        criterion, sep, level = pair.partition("=")
        if not sep or not criterion.strip() or not level.strip():
            raise EvidenceKitError(f"{pair!r}: write each score as CRITERION=LEVEL.")
        if criterion.strip() in levels:
            raise EvidenceKitError(f"{criterion.strip()} is scored twice; give it one level.")
        levels[criterion.strip()] = level.strip()
    return levels


def cmd_score(args: argparse.Namespace) -> int:
    levels = _levels(args.levels)
    with context.workspace(args) as ws:
        centre.complete(ws, args.evaluator, args.bundle, levels)
    if args.json:
        emit_json({"scored": args.bundle, "evaluator": args.evaluator.strip(), "levels": levels})
    else:
        say(f"Recorded {len(levels)} scores for {args.bundle[:12]}.")
    return 0


def cmd_renew(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        centre.renew(ws, args.evaluator, args.bundle)
    if args.json:
        emit_json({"renewed": args.bundle, "evaluator": args.evaluator.strip()})
    else:
        minutes = int(centre.DEFAULT_STALE_AFTER.total_seconds() // 60)
        say(f"You keep {args.bundle[:12]} for another {minutes} minutes.")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        centre.release(ws, args.evaluator, args.bundle)
    if args.json:
        emit_json({"released": args.bundle, "evaluator": args.evaluator.strip()})
    else:
        say(f"{args.bundle[:12]} is back in the queue.")
    return 0


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def cmd_stats(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        report = centre.agreement_report(ws, weighted=args.weighted)
    if args.json:
        emit_json({"criteria": [line.to_dict() for line in report]})
        return 0
    if not report:
        say("No bundle has been scored twice yet.")
        return 0
    header = f"{'credential':<28} {'criterion':<16} {'pairs':>5} {'exact':>6} {'kappa':>6}"
    say(header + (f" {'w-kappa':>7}" if args.weighted else ""))
    for line in report:
        a = line.agreement
        exact = "n/a" if a.exact is None else f"{a.exact:.0%}"
        row = f"{line.credential_id:<28} {a.criterion:<16} {a.pairs:>5} {exact:>6} "
        row += f"{_figure(a.kappa):>6}"
        say(row + (f" {_figure(a.weighted_kappa):>7}" if args.weighted else ""))
    say("kappa n/a: both scorers used a single level, so chance alone predicts their agreement.")
    return 0
