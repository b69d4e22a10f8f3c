-- ITA dashboard database schema.
--
-- Storage tables live in the schema `core`; the public, documented views live in `main`
-- (see data/README.md). Every stored input row carries the import batch it came from, so any row
-- can be traced to its file and a batch can be removed exactly. Tables whose name starts with
-- `method_` hold the NACC methodology by fiscal year and are loaded from data/methodology/*.csv.
-- Tables whose name starts with `computed_` are derived by the scoring engine
-- (dashboard/scoring.py) and refreshed whenever scores change.
-- There are no foreign keys: DuckDB checks them eagerly inside a transaction, which breaks the
-- delete-then-insert of a replacing import. Imports validate references before they stage, and
-- tests/test_integrity.py checks that every reference resolves.
-- The tables held per organisation and fiscal year, which imports fill in bulk, have no primary
-- key (DuckDB's index for it cost an import more than the rest of its commit): each states its
-- key in a comment, and every writer checks it before it commits (dashboard/table_keys.py).
-- Years are Buddhist-era (BE) integers throughout. Scores are 0-100 with 2 decimals.

create schema if not exists core;

create table if not exists core.meta (
    key   varchar primary key,
    value varchar not null
);

create sequence if not exists core.batch_id_seq start 1;

create table if not exists core.import_batches (
    batch_id    integer primary key,
    kind        varchar not null,      -- registry | scores | measures | complaints | app | demo
    file_name   varchar,
    sha256      varchar,
    row_count   integer not null,
    imported_at timestamptz not null,
    imported_by varchar not null,
    note        varchar,
    undone_at   timestamptz,           -- set when `ita undo` removed the batch's rows
    undone_by   varchar
);

-- Rows a batch replaced (`--replace`), kept whole as JSON so that undoing the batch restores
-- them exactly, and so that every replacement can be shown with its old and new values.
create table if not exists core.replaced_rows (
    batch_id   integer not null,       -- the replacing batch
    table_name varchar not null,       -- e.g. core.indicator_scores
    org_code   varchar not null,
    old_row    varchar not null        -- JSON of the whole old row, its batch_id included
);

create table if not exists core.batch_warnings (
    batch_id   integer not null,
    row_no     integer,
    column_name varchar,
    message_th varchar not null,
    message_en varchar not null
);

-- Methodology, keyed by fiscal year ----------------------------------------------------------

create table if not exists core.method_years (
    fiscal_year      integer primary key,
    scheme           varchar,          -- level scheme; NULL while NACC has not published one
    pass_threshold   decimal(5, 2) not null,
    target_pass_rate decimal(4, 3) not null,  -- national target share of agencies passing
    note_th          varchar,
    note_en          varchar
);

create table if not exists core.method_tools (
    fiscal_year integer not null,
    tool        varchar not null,
    name_th     varchar not null,
    name_en     varchar not null,
    weight      decimal(6, 4) not null,   -- share of the total, e.g. 0.4000
    sort_order  integer not null,
    primary key (fiscal_year, tool)
);

create table if not exists core.method_indicators (
    fiscal_year integer not null,
    indicator   integer not null,
    tool        varchar not null,
    name_th     varchar not null,
    name_en     varchar not null,
    primary key (fiscal_year, indicator)
);

create table if not exists core.method_levels (
    scheme        varchar not null,
    level_order   integer not null,      -- 1 = best
    level_code    varchar not null,
    label_th      varchar not null,
    label_en      varchar not null,
    min_total     decimal(5, 2) not null,
    min_each_tool decimal(5, 2),          -- every tool must reach this, where the scheme says so
    passed        boolean not null,
    color         varchar not null,      -- one colour per level, used on every page
    primary key (scheme, level_code)
);

-- Reference lists ----------------------------------------------------------------------------

create table if not exists core.org_types (
    type_code  varchar primary key,
    name_th    varchar not null,
    short_th   varchar not null,
    name_prefix varchar not null,    -- put before the bare name when shown: อบต. + กระจาย
    name_en    varchar not null,
    aliases    varchar[] not null,
    is_local   boolean not null,
    sort_order integer not null
);

create table if not exists core.measure_statuses (
    status_code varchar primary key,
    label_th    varchar not null,
    label_en    varchar not null,
    is_done     boolean not null,
    sort_order  integer not null
);

-- Organisations ------------------------------------------------------------------------------

create table if not exists core.organisations (
    org_code      varchar primary key,   -- DLA 7-digit code for an อปท.; another stable code otherwise
    name_th       varchar not null,  -- bare name as in the DLA registry (กระจาย, not อบต.กระจาย)
    type_code     varchar not null,  -- current type
    province_code varchar not null,
    province_th   varchar not null,
    province_en   varchar,
    district_th   varchar not null,
    lat           double,
    lon           double,
    batch_id      integer not null
);

-- The type an organisation had in a fiscal year, where a source says so (an อบต. can become a
-- เทศบาล). Years without a row use the organisation's current type.
-- key: org_code, fiscal_year (checked by every writer)
create table if not exists core.org_type_years (
    org_code    varchar not null,
    fiscal_year integer not null,
    type_code   varchar not null,
    batch_id    integer not null
);

-- Scores -------------------------------------------------------------------------------------

-- One row per organisation and fiscal year assessed, with the total and level as published.
-- key: org_code, fiscal_year (checked by every writer)
create table if not exists core.assessments (
    org_code        varchar not null,
    fiscal_year     integer not null,
    total_published decimal(5, 2),
    level_published varchar,
    batch_id        integer not null
);

-- key: org_code, fiscal_year, tool (checked by every writer)
create table if not exists core.tool_scores_published (
    org_code    varchar not null,
    fiscal_year integer not null,
    tool        varchar not null,
    score       decimal(5, 2) not null,
    batch_id    integer not null
);

-- key: org_code, fiscal_year, indicator (checked by every writer)
create table if not exists core.indicator_scores (
    org_code    varchar not null,
    fiscal_year integer not null,
    indicator   integer not null,
    score       decimal(5, 2) not null,
    batch_id    integer not null
);

-- Derived by dashboard/scoring.py: tool scores rounded half-up to 2 decimals (from indicators,
-- or the published tool score where indicators are incomplete).
-- key: org_code, fiscal_year, tool (checked by every writer)
create table if not exists core.computed_tool_scores (
    org_code    varchar not null,
    fiscal_year integer not null,
    tool        varchar not null,
    score       decimal(5, 2) not null,
    source      varchar not null        -- indicators | published
);

-- Derived by dashboard/scoring.py: total (NULL unless every tool is known), level by the year's
-- scheme, pass flag, and the checks against the published values.
-- key: org_code, fiscal_year (checked by every writer)
create table if not exists core.computed_results (
    org_code       varchar not null,
    fiscal_year    integer not null,
    total          decimal(5, 2),
    level_code     varchar,
    passed         boolean,
    total_mismatch boolean not null,    -- published total differs from computed by more than 0.01
    level_mismatch boolean not null     -- published level differs from computed (or is impossible)
);

-- Measures and their progress ----------------------------------------------------------------

-- key: org_code, fiscal_year, measure_no (checked by every writer)
create table if not exists core.measures (
    org_code    varchar not null,
    fiscal_year integer not null,
    measure_no  integer not null,
    title       varchar not null,
    method      varchar,
    responsible varchar,
    period      varchar,
    suggestion  varchar,
    source      varchar,                -- where the measure came from (file, form, demo)
    batch_id    integer not null
);

-- key: org_code, fiscal_year, measure_no, indicator (checked by every writer)
create table if not exists core.measure_indicators (
    org_code    varchar not null,
    fiscal_year integer not null,
    measure_no  integer not null,
    indicator   integer not null,
    batch_id    integer not null
);

-- key: org_code, fiscal_year, measure_no, round (checked by every writer)
create table if not exists core.measure_reports (
    org_code    varchar not null,
    fiscal_year integer not null,
    measure_no  integer not null,
    round       integer not null check (round in (6, 12)),
    report_date date,
    outcome     varchar,
    status_code varchar not null,
    batch_id    integer not null
);

-- Complaint statistics. Round 6 = October-March; round 12 = the whole fiscal year, cumulative:
-- the two rounds overlap and are never added together.
-- key: org_code, fiscal_year, round (checked by every writer)
create table if not exists core.complaints (
    org_code    varchar not null,
    fiscal_year integer not null,
    round       integer not null check (round in (6, 12)),
    received    integer not null check (received >= 0),
    completed   integer not null check (completed >= 0),
    in_progress integer not null check (in_progress >= 0),
    batch_id    integer not null,
    check (completed + in_progress <= received)
);

-- Next year's measure plans saved in the app (batch kind "app"). When a plan is saved for an
-- organisation and fiscal year, it is used instead of the generated draft.
-- key: org_code, fiscal_year, item_no (checked by every writer)
create table if not exists core.plan_items (
    org_code    varchar not null,
    fiscal_year integer not null,       -- the year the plan is for (Y+1)
    item_no     integer not null,
    title       varchar not null,
    method      varchar,
    responsible varchar,
    period      varchar,
    indicators  integer[] not null,
    origin      varchar not null,       -- weak_point | carried_over | added
    batch_id    integer not null
);

-- Macros -------------------------------------------------------------------------------------

-- What a measures import compares a measure by: a 64-bit hash of its five text fields (an
-- empty text and a missing one hash alike) and one of a progress report. The stored side
-- (data/derived/measure_fingerprints.sql) and a file's side (queries/measure_differences.sql)
-- both call these, so the two are hashed alike by construction. DuckDB's hash() may change with
-- its version: see derived.ENGINE_BOUND.
create or replace macro core.measure_text_hash(title, method, responsible, period, suggestion) as
    hash(
        coalesce(title::varchar, ''),
        coalesce(method::varchar, ''),
        coalesce(responsible::varchar, ''),
        coalesce(period::varchar, ''),
        coalesce(suggestion::varchar, '')
    );

create or replace macro core.measure_report_hash(report_date, outcome, status_code) as
    hash(report_date::date, coalesce(outcome::varchar, ''), coalesce(status_code::varchar, ''));
