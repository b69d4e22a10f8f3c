"""Shared fixtures: a demo database built once per test session, Streamlit cache isolation, an
environment without a default database, the app on the demo database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Every write in the test run (and in the `ita` commands the tests start) checks that the
# derived tables match their definitions: a writer whose changes the refresh misses fails.
os.environ["ITA_CHECK_DERIVED"] = "1"

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database, built once; tests must not modify it."""
    from dashboard import demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo.build(path)
    return path


@pytest.fixture
def clear_streamlit_caches():
    """Caches persist across AppTests in one process: start and end every app test clean."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def isolated_environment(monkeypatch, tmp_path):
    """No ITA_DB and a data folder of the test's own: never fall back on the user's real
    database. Modules of the `ita` command use it for every test (pytestmark)."""
    monkeypatch.delenv("ITA_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def demo_app(demo_db, monkeypatch, clear_streamlit_caches):
    """The app on the demo database: demo_app(page, **query_params) -> AppTest (see
    support.open_app)."""
    from support import open_app

    monkeypatch.setenv("ITA_DB", str(demo_db))
    return open_app
