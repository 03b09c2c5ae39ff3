"""Signing and trust: Ed25519 identities, did:key, the seal and contact files."""
