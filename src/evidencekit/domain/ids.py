"""Identifier types, so a slot id is never passed where a unit id belongs."""

from __future__ import annotations

from typing import NewType

CredentialId = NewType("CredentialId", str)
UnitId = NewType("UnitId", str)
SlotId = NewType("SlotId", str)
PathwayId = NewType("PathwayId", str)
CriterionId = NewType("CriterionId", str)
LevelId = NewType("LevelId", str)
SubmissionId = NewType("SubmissionId", int)
AttemptId = NewType("AttemptId", int)
EvidenceId = NewType("EvidenceId", int)
StudentId = NewType("StudentId", int)
