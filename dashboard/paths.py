"""Where the project's resource folders and the default database live.

`queries/` and `data/` sit at the top of the repository. An editable install imports this package
from the repository, so they are found one folder up; a regular wheel carries them inside the
package as `_resources/` (see pyproject.toml).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource_root() -> Path:
    bundled = _PACKAGE / "_resources"
    if (bundled / "queries").is_dir():
        return bundled
    return _PACKAGE.parent


RESOURCE_ROOT = _resource_root()
QUERIES_DIR = RESOURCE_ROOT / "queries"
DATA_DIR = RESOURCE_ROOT / "data"
METHODOLOGY_DIR = DATA_DIR / "methodology"
APP_FILE = _PACKAGE / "app.py"


def default_db_path() -> Path:
    """The database used when neither --db nor ITA_DB is given.

    `$XDG_DATA_HOME/ita-dashboard/ita.duckdb`, by default `~/.local/share/ita-dashboard/ita.duckdb`.
    """
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ita-dashboard" / "ita.duckdb"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--db first, then the ITA_DB environment variable, then the default path."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("ITA_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()
