"""What the Open Badges 3.0 data model forbids is refused in one sentence that says what is
allowed; what it allows passes the structure check."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from evidencekit.bundle.credentials.credential_check import check_structure
from evidencekit.domain.credentials import CredentialMalformed
from tests.bundle.test_credential_tamper import issued


def changed(change: Callable[[dict], object]) -> dict:
    document = json.loads(json.dumps(issued()))
    change(document)
    return document


FORBIDDEN = {
    "no criteria": (
        lambda d: d["credentialSubject"]["achievement"].pop("criteria"),
        "credentialSubject/achievement",
        "the achievement must have an id, the type Achievement, a name, a description",
    ),
    "short hash": (
        lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="sha256$ab"),
        "credentialSubject/identifier/0/identityHash",
        "sha256$ and 64 hex digits",
    ),
    "evidence type": (
        lambda d: d["evidence"][0].update(type=["Thing"]),
        "evidence/0/type",
        "each evidence must be an object of the type Evidence",
    ),
    "subject type": (
        lambda d: d["credentialSubject"].update(type=["Person"]),
        "credentialSubject/type",
        "the subject must be an AchievementSubject",
    ),
    "no validFrom": (
        lambda d: d.pop("validFrom"),
        "(top level)",
        "the credential must say from when it is valid",
    ),
    "date": (
        lambda d: d.update(validFrom="yesterday"),
        "validFrom",
        "dates must be XML Schema dateTimes with a time zone",
    ),
    "type": (
        lambda d: d.update(type=["VerifiableCredential"]),
        "type",
        "the type must list VerifiableCredential and OpenBadgeCredential",
    ),
    "one context": (
        lambda d: d.update({"@context": ["https://www.w3.org/ns/credentials/v2"]}),
        "@context",
        "the Verifiable Credentials context must come first",
    ),
}


@pytest.mark.parametrize("case", FORBIDDEN)
def test_forbidden_shapes_are_refused_with_what_is_allowed(case: str) -> None:
    change, where, words = FORBIDDEN[case]
    with pytest.raises(CredentialMalformed) as refused:
        check_structure(changed(change))
    assert refused.value.location == where
    assert words in refused.value.message
    assert refused.value.message.count(". ") == 0  # one sentence


ALLOWED = {
    "issuer as URI": lambda d: d.update(issuer=d["issuer"]["id"]),
    "no name": lambda d: d.pop("name"),
    "upper-case hex": lambda d: d["credentialSubject"]["identifier"][0].update(
        identityHash=d["credentialSubject"]["identifier"][0]["identityHash"]
        .upper()
        .replace("SHA256$", "sha256$")
    ),
    "proof set": lambda d: d.update(proof=[d["proof"]]),
    "more contexts": lambda d: d["@context"].append("https://example.org/more"),
    "subject by identifier only": lambda d: d["credentialSubject"].pop("id"),
    "VC 1.1 dates": lambda d: d.update(
        {"@context": ["https://www.w3.org/2018/credentials/v1", *d["@context"][1:]]},
        issuanceDate=d.pop("validFrom"),
    ),
}


@pytest.mark.parametrize("case", ALLOWED)
def test_allowed_shapes_pass(case: str) -> None:
    check_structure(changed(ALLOWED[case]))
