"""Data access for pages: one read-only connection per database version, cached results.

A writer replaces the database file; the file's identity (inode, mtime, size) is part of every
cache key, so an import that commits is seen on the next rerun and stale results are never served.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import db as dbmod
from dashboard import paths


def db_path() -> str:
    return str(paths.resolve_db_path())


@st.cache_resource(max_entries=2, show_spinner=False)
def _reader(path: str, identity: tuple[int, int, int] | None) -> dbmod.Db:
    del identity  # part of the cache key only
    return dbmod.open_reader(path)


def version() -> tuple[str, tuple[int, int, int] | None]:
    path = db_path()
    return path, dbmod.file_identity(paths.resolve_db_path())


def reader() -> dbmod.Db:
    """The read-only connection to the current version of the database."""
    path, identity = version()
    return _reader(path, identity)


@st.cache_data(max_entries=512, show_spinner=False)
def _query(path: str, identity: tuple | None, name: str, params: tuple) -> pd.DataFrame:
    return _reader(path, identity).query(name, **dict(params))


def query(name: str, **params: object) -> pd.DataFrame:
    """Run a named query (queries/<name>.sql) against the current database, cached."""
    path, identity = version()
    return _query(path, identity, name, tuple(sorted(params.items())))


@st.cache_data(max_entries=64, show_spinner=False)
def _group_summary(path: str, identity: tuple | None, year: int, params: tuple) -> pd.DataFrame:
    from dashboard import gaps

    return gaps.group_summary(_reader(path, identity), year, **dict(params))


def group_summary(year: int, **params: object) -> pd.DataFrame:
    """gaps.group_summary for the current database, cached like the named queries."""
    path, identity = version()
    return _group_summary(path, identity, year, tuple(sorted(params.items())))


@st.cache_resource(max_entries=64, show_spinner=False)
def _figure(version: tuple, key: tuple, _build: Callable[[], Any]) -> Any:
    del version  # part of the cache key only
    return _build()


def figure(key: tuple, build: Callable[[], Any]) -> Any:
    """A chart built once per database version and `key` (chart name and everything it depends
    on: year, filters, organisation, language), shared by every session. Building a Plotly
    figure costs 30-60 ms per rerun; the cached one must not be changed by its callers."""
    return _figure(version(), key, build)


def meta(key: str) -> str | None:
    return reader().meta(key)


def ensure_database() -> None:
    """Stop the page with a clear Thai/English message when the database cannot be read."""
    try:
        reader()
    except dbmod.DatabaseError as exc:
        st.error(f"{exc.message_th}\n\n{exc.message_en}")
        st.stop()
