-- Public views of the ITA database: the stable surface that the dashboard, other tools and users
-- query. Documented column by column in data/README.md; change them only compatibly.

-- The type of each organisation in each fiscal year it was assessed: the type a source gave for
-- that year, else the organisation's current type (resolved once, in
-- data/derived/org_year_summary.sql).
create or replace view main.org_year_types as
select
    org_code,
    fiscal_year,
    org_type_code as type_code
from core.org_year_summary;

-- One row per organisation and fiscal year assessed. Read from the derived table
-- core.org_year_summary (data/derived/org_year_summary.sql), rebuilt whenever its sources change.
create or replace view main.org_year_scores as
select
    org_code,
    org_name,
    org_type,
    org_type_code,
    province_code,
    province,
    district,
    fiscal_year,
    iit,
    eit,
    oit,
    total,
    level,
    level_code,
    level_order,
    scheme,
    passed,
    total_published,
    level_published,
    total_is_computed,
    total_mismatch,
    level_mismatch
from core.org_year_summary;

-- One row per organisation, fiscal year and indicator scored.
create or replace view main.indicator_scores as
select
    s.org_code,
    s.fiscal_year,
    s.indicator,
    i.name_th as indicator_name_th,
    i.name_en as indicator_name_en,
    i.tool,
    s.score
from core.indicator_scores as s
left join core.method_indicators as i using (fiscal_year, indicator);

-- One row per measure; outcome and status are those of its latest progress report. Read from the
-- derived table core.measure_summary (data/derived/measure_summary.sql).
create or replace view main.measures as
select
    org_code,
    fiscal_year,
    measure_no,
    title,
    method,
    responsible,
    period,
    outcome,
    suggestion,
    status,
    status_th,
    status_en,
    report_round,
    report_date,
    indicators,
    source
from core.measure_summary;

-- One row per organisation, fiscal year and reporting round. Round 12 is cumulative over the
-- whole year: never add the two rounds together.
create or replace view main.complaints as
select
    org_code,
    fiscal_year,
    round,
    received,
    completed,
    in_progress
from core.complaints;

-- What this database holds: demo data, imported data or a benchmark's synthetic data.
create or replace view main.dataset_info as
select key, value from core.meta
where key in ('dataset_kind', 'dataset_note', 'created_at', 'schema_version');
