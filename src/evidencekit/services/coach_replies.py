"""The reviewer's side of a teacher's replies: take the signed replies file in, keep
it with the review draft it answers, and place each reply under its comment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from evidencekit.bundle.reply_file import RepliesRefused, read_replies_file
from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import Comment, ReviewerRole
from evidencekit.services.review_sessions import draft_of
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace

RECEIVED_FILE = "received-replies.json"


@dataclass(frozen=True)
class ImportedReplies:
    draft_ids: tuple[int, ...]
    replies: int
    teacher_name: str
    answered: tuple[tuple[str, str], ...]  # (the comment quoted, the reply) for each kept


def _load(workspace: Workspace) -> dict[str, dict]:
    path = workspace.path / RECEIVED_FILE
    try:
        found = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError:
        raise EvidenceKitError(f"{path}: the replies you received are damaged.") from None
    return found if isinstance(found, dict) else {}


def import_replies(workspace: Workspace, path: Path) -> ImportedReplies:
    """Check the file completely, then keep its replies with this reviewer's drafts.

    A later file from the teacher holds every reply so far, so it replaces an earlier one."""
    teachers = TrustStore(trust_store_path()).fingerprints("teacher")
    signed = read_replies_file(path, teachers)
    by_draft: dict[int, list[dict]] = {}
    for item in signed.items:
        draft_id = draft_of(workspace, item.bundle_sha256, ReviewerRole.COACH, signed.to)
        if draft_id is None:
            draft_id = draft_of(workspace, item.bundle_sha256, ReviewerRole.EVALUATOR, signed.to)
        if draft_id is None:
            continue
        by_draft.setdefault(draft_id, []).append(
            {"comment": item.comment, "quote": item.quote, "text": item.text}
        )
    if not by_draft:
        raise RepliesRefused(
            path.name, "it answers comments of a review that was not written on this computer."
        )
    kept = _load(workspace)
    for draft_id, items in by_draft.items():
        before = kept.get(str(draft_id))
        if before is not None and before["created_at"] > signed.created_at:
            continue  # an older file than the one already taken in
        kept[str(draft_id)] = {
            "teacher": signed.teacher,
            "teacher_name": signed.teacher_name,
            "created_at": signed.created_at,
            "replies": items,
        }
    write_atomically(
        workspace.path / RECEIVED_FILE, json.dumps(kept, ensure_ascii=False, indent=1).encode()
    )
    answered = tuple((i["quote"], i["text"]) for items in by_draft.values() for i in items)
    return ImportedReplies(tuple(by_draft), len(answered), signed.teacher_name, answered)


def replies_by_comment(
    workspace: Workspace, draft_id: int, comments: tuple[Comment, ...]
) -> dict[int, list[tuple[str, str]]]:
    """(author, reply) lists by the comment's position in the draft. A reply finds its
    comment by position when the text still matches, else by the text it quotes."""
    kept = _load(workspace).get(str(draft_id))
    if kept is None:
        return {}
    author = kept["teacher_name"] or "Teacher"
    out: dict[int, list[tuple[str, str]]] = {}
    for reply in kept["replies"]:
        n = reply["comment"]
        if not (0 <= n < len(comments) and comments[n].text == reply["quote"]):
            n = next((i for i, c in enumerate(comments) if c.text == reply["quote"]), -1)
        if n >= 0:
            out.setdefault(n, []).append((author, reply["text"]))
    return out
