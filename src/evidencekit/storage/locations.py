"""Where a workspace lives when the user has not said."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

WORKSPACE_ENV = "EVIDENCEKIT_WORKSPACE"
DATABASE_URL_ENV = "EVIDENCEKIT_DATABASE_URL"
BUNDLE_STORE_ENV = "EVIDENCEKIT_BUNDLE_STORE"


def default_workspace_path() -> Path:
    """``EVIDENCEKIT_WORKSPACE`` if set, else the platform's per-user data folder."""
    override = os.environ.get(WORKSPACE_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_path("EvidenceKit", appauthor=False) / "workspace"


def database_url_from_env() -> str | None:
    return os.environ.get(DATABASE_URL_ENV) or None


def bundle_store_from_env() -> Path | None:
    """The review centre's shared bundle folder, as this machine mounts it."""
    value = os.environ.get(BUNDLE_STORE_ENV)
    return Path(value).expanduser() if value else None


def trust_store_path() -> Path:
    """The public keys this user trusts (shared by all of their workspaces)."""
    return user_config_path("EvidenceKit", appauthor=False) / "trusted-keys.json"


def marker_set_path() -> Path:
    """The reviewer's own comment categories, used for every new review."""
    return user_config_path("EvidenceKit", appauthor=False) / "comment-categories.json"


def holder_profile_path() -> Path:
    """The user's own name and email, for certificates and the hashed badge recipient."""
    return user_config_path("EvidenceKit", appauthor=False) / "holder.json"
