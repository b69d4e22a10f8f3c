"""The documentation cannot drift from the database and the query files.

* data/README.md documents every public view column by column: each view's "Column" table must
  list exactly the view's columns, with the type DuckDB reports.
* Every query file in queries/ opens with a `--` header that states its grain or parameters and
  names every $parameter the query uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from dashboard import demo

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "data" / "README.md"
QUERIES = ROOT / "queries"

# The views the dashboard and outside users rely on; the README must document at least these.
REQUIRED_VIEWS = {
    "org_year_scores",
    "indicator_scores",
    "measures",
    "complaints",
    "org_year_types",
    "dataset_info",
}

VIEW_HEADING = re.compile(r"^(#{2,6})\s+View\s+`(\w+)`\s*$")
HEADING = re.compile(r"^(#{1,6})\s")
# Same rule as dashboard.db: `$name` not preceded by a word character or another `$`.
PARAM = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")


# --- README parsing ---------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def view_sections(text: str) -> dict[str, list[str]]:
    """Lines of each "View `name`" section, up to the next heading of the same or higher level."""
    lines = text.splitlines()
    sections: dict[str, list[str]] = {}
    for start, line in enumerate(lines):
        found = VIEW_HEADING.match(line)
        if not found:
            continue
        level, name = len(found.group(1)), found.group(2)
        assert name not in sections, f"view {name} is documented twice in {README.name}"
        body: list[str] = []
        for following in lines[start + 1 :]:
            heading = HEADING.match(following)
            if heading and len(heading.group(1)) <= level:
                break
            body.append(following)
        sections[name] = body
    return sections


def column_tables(section: list[str]) -> list[dict[str, str]]:
    """Each Markdown table in a section whose header starts with "Column": column -> type."""
    tables: list[dict[str, str]] = []
    i = 0
    while i < len(section):
        line = section[i].strip()
        is_header = (
            line.startswith("|")
            and i + 1 < len(section)
            and re.fullmatch(r"\|?[\s:|-]+\|?", section[i + 1].strip())
        )
        if not (is_header and _cells(line)[0].lower() == "column"):
            i += 1
            continue
        header = [c.lower() for c in _cells(line)]
        assert "type" in header, f"a column table has no Type column: {line}"
        type_at = header.index("type")
        rows: dict[str, str] = {}
        i += 2
        while i < len(section) and section[i].strip().startswith("|"):
            cells = _cells(section[i])
            name = re.fullmatch(r"`(\w+)`", cells[0])
            assert name, f"the first cell of a column row must be `name`: {section[i]!r}"
            assert name.group(1) not in rows, f"column {name.group(1)} is listed twice"
            rows[name.group(1)] = cells[type_at]
            i += 1
        tables.append(rows)
    return tables


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def readme_sections() -> dict[str, list[str]]:
    return view_sections(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_con(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("docs") / "ita.duckdb"
    demo.build(path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def described(con: duckdb.DuckDBPyConnection, view: str) -> dict[str, str]:
    return {row[0]: row[1] for row in con.execute(f'describe main."{view}"').fetchall()}


# --- the data dictionary ----------------------------------------------------------------------


def test_readme_documents_every_public_view(readme_sections, demo_con) -> None:
    views = {
        row[0]
        for row in demo_con.execute(
            "select view_name from duckdb_views() "
            "where not internal and database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    }
    assert views >= REQUIRED_VIEWS, f"views missing from the database: {REQUIRED_VIEWS - views}"
    documented = set(readme_sections)
    assert views - documented == set(), f"public views not documented in {README.name}"
    assert documented - views == set(), f"{README.name} documents views that do not exist"


@pytest.mark.parametrize("view", sorted(REQUIRED_VIEWS))
def test_view_columns_match_readme(view: str, readme_sections, demo_con) -> None:
    assert view in readme_sections, f"no 'View `{view}`' section in {README.name}"
    tables = column_tables(readme_sections[view])
    assert len(tables) == 1, f"section {view} must hold exactly one Column table, has {len(tables)}"
    documented = tables[0]
    actual = described(demo_con, view)
    assert actual, f"DESCRIBE {view} returned no columns"

    undocumented = [c for c in actual if c not in documented]
    assert not undocumented, f"{view}: columns not documented in {README.name}: {undocumented}"
    stale = [c for c in documented if c not in actual]
    assert not stale, f"{view}: {README.name} documents columns the view lacks: {stale}"
    assert list(documented) == list(actual), f"{view}: document the columns in the view's order"
    wrong_types = {
        c: (documented[c], t)
        for c, t in actual.items()
        if documented[c].replace(" ", "").upper() != t.replace(" ", "").upper()
    }
    assert not wrong_types, f"{view}: documented vs actual types differ: {wrong_types}"


def test_column_table_parser_catches_drift() -> None:
    """The checks above can fail: a missing, an extra and a mistyped column are all seen."""
    text = "\n".join(
        [
            "## Views",
            "### View `v`",
            "| Column | Type | Unit | Meaning |",
            "|---|---|---|---|",
            "| `a` | INTEGER | count | A. |",
            "| `b` | VARCHAR | text | B. |",
            "",
            "| Key | Value |",
            "|---|---|",
            "| `not_a_column` | x |",
            "### View `w`",
            "| Column | Type | Unit | Meaning |",
            "|---|---|---|---|",
            "| `c` | DATE | date | C. |",
            "## Next",
            "| Column | Type | Unit | Meaning |",
            "|---|---|---|---|",
            "| `outside` | DATE | date | Not in any view section. |",
        ]
    )
    sections = view_sections(text)
    assert set(sections) == {"v", "w"}
    assert column_tables(sections["v"]) == [{"a": "INTEGER", "b": "VARCHAR"}]
    assert column_tables(sections["w"]) == [{"c": "DATE"}]


# --- query headers ----------------------------------------------------------------------------


def query_files() -> list[Path]:
    return sorted(QUERIES.glob("*.sql"))


def header_and_body(text: str) -> tuple[str, str]:
    """The leading block of `--` comment lines, and the SQL after it without comments."""
    lines = text.splitlines()
    n = 0
    while n < len(lines) and lines[n].lstrip().startswith("--"):
        n += 1
    header = "\n".join(lines[:n])
    body = "\n".join(line.split("--", 1)[0] for line in lines[n:])
    return header, body


def test_there_are_query_files() -> None:
    assert query_files(), f"no .sql files in {QUERIES}"


@pytest.mark.parametrize("file", query_files(), ids=lambda p: p.name)
def test_query_header_states_grain_or_parameters(file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    assert first.startswith("--"), f"{file.name}: the first line must be a `--` header comment"
    header, _ = header_and_body(text)
    assert re.search(r"\b(Parameters|Grain)\b", header), (
        f"{file.name}: the header must say its Grain or its Parameters"
    )


@pytest.mark.parametrize("file", query_files(), ids=lambda p: p.name)
def test_query_header_documents_every_parameter(file: Path) -> None:
    header, body = header_and_body(file.read_text(encoding="utf-8"))
    used = sorted(set(PARAM.findall(body)))
    undocumented = [name for name in used if not re.search(rf"\${name}\b", header)]
    assert not undocumented, (
        f"{file.name}: parameters used but not named in the header: "
        + ", ".join(f"${name}" for name in undocumented)
    )


def test_parameter_check_can_fail() -> None:
    header, body = header_and_body(
        "-- Grain: one row per x.\n-- Parameters: $a.\nselect * from t where x = $a and y = $b\n"
    )
    used = set(PARAM.findall(body))
    assert used == {"a", "b"}
    assert re.search(r"\$a\b", header)
    assert not re.search(r"\$b\b", header)
