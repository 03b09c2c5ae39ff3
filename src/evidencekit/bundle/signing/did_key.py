"""``did:key`` identifiers for Ed25519 keys, and the base58btc multibase they use.

A did:key *is* the public key, so a credential that names its signer this way
can be checked with no network and no registry: exactly what offline needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evidencekit.bundle.signing.seal import raw_public

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {ch: i for i, ch in enumerate(_ALPHABET)}
_ED25519_PUB = b"\xed\x01"  # multicodec varint for an Ed25519 public key
_PREFIX = "did:key:"


class BadDidKey(ValueError):
    pass


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rest = divmod(number, 58)
        out.append(_ALPHABET[rest])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def base58btc_decode(text: str) -> bytes:
    number = 0
    for ch in text:
        if ch not in _INDEX:
            raise BadDidKey(f"{ch!r} is not a base58btc character")
        number = number * 58 + _INDEX[ch]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase(data: bytes) -> str:
    """Multibase base58btc: the ``z`` prefix says which alphabet follows."""
    return "z" + base58btc_encode(data)


def from_multibase(text: str) -> bytes:
    if not text.startswith("z"):
        raise BadDidKey("only base58btc multibase values (starting with 'z') are understood")
    return base58btc_decode(text[1:])


def did_for(key: Ed25519PublicKey) -> str:
    return _PREFIX + multibase(_ED25519_PUB + raw_public(key))


def verification_method(key: Ed25519PublicKey) -> str:
    """The did:key's one verification method: the DID, then ``#`` and its own key part."""
    did = did_for(key)
    return f"{did}#{did.removeprefix(_PREFIX)}"


def key_for(did_or_method: str) -> Ed25519PublicKey:
    """The public key a did:key (or its verification method) stands for."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    did, _hash, fragment = did_or_method.partition("#")
    if not did.startswith(_PREFIX):
        raise BadDidKey("the signer is not named by a did:key")
    if fragment and fragment != did.removeprefix(_PREFIX):
        raise BadDidKey("the verification method does not belong to the did:key")
    raw = from_multibase(did.removeprefix(_PREFIX))
    if not raw.startswith(_ED25519_PUB) or len(raw) != 34:
        raise BadDidKey("the did:key is not an Ed25519 key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])
