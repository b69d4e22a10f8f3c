-- Public views of the ITA database: the stable surface that the dashboard, other tools and users
-- query. Documented column by column in data/README.md; change them only compatibly.

-- The type of each organisation in each fiscal year it was assessed: the type a source gave for
-- that year, else the organisation's current type.
create or replace view main.org_year_types as
select
    a.org_code,
    a.fiscal_year,
    coalesce(ty.type_code, o.type_code) as type_code
from core.assessments as a
inner join core.organisations as o using (org_code)
left join core.org_type_years as ty using (org_code, fiscal_year);

-- One row per organisation and fiscal year assessed.
create or replace view main.org_year_scores as
with tools as (
    select
        org_code,
        fiscal_year,
        max(score) filter (where tool = 'IIT') as iit,
        max(score) filter (where tool = 'EIT') as eit,
        max(score) filter (where tool = 'OIT') as oit
    from core.computed_tool_scores
    group by org_code, fiscal_year
)

select
    a.org_code,
    t.name_prefix || o.name_th as org_name,
    t.short_th as org_type,
    oyt.type_code as org_type_code,
    o.province_code,
    o.province_th as province,
    o.district_th as district,
    a.fiscal_year,
    tools.iit,
    tools.eit,
    tools.oit,
    coalesce(r.total, a.total_published) as total,
    coalesce(lv.label_th, a.level_published) as level,
    coalesce(lv.level_code, plv.level_code) as level_code,
    coalesce(lv.level_order, plv.level_order) as level_order,
    y.scheme,
    r.passed,
    a.total_published,
    a.level_published,
    r.total is not null as total_is_computed,
    coalesce(r.total_mismatch, false) as total_mismatch,
    coalesce(r.level_mismatch, false) as level_mismatch
from core.assessments as a
inner join core.organisations as o using (org_code)
inner join main.org_year_types as oyt using (org_code, fiscal_year)
inner join core.org_types as t on t.type_code = oyt.type_code
inner join core.method_years as y using (fiscal_year)
left join tools using (org_code, fiscal_year)
left join core.computed_results as r using (org_code, fiscal_year)
left join core.method_levels as lv on lv.scheme = y.scheme and lv.level_code = r.level_code
left join core.method_levels as plv
    on plv.scheme = y.scheme
    and a.level_published in (plv.level_code, plv.label_th, plv.label_en);

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

-- One row per measure; outcome and status are those of its latest progress report.
create or replace view main.measures as
with latest as (
    select *
    from core.measure_reports
    qualify row_number() over (
        partition by org_code, fiscal_year, measure_no
        order by round desc, report_date desc nulls last
    ) = 1
),

targets as (
    select org_code, fiscal_year, measure_no, list(indicator order by indicator) as indicators
    from core.measure_indicators
    group by org_code, fiscal_year, measure_no
)

select
    m.org_code,
    m.fiscal_year,
    m.measure_no,
    m.title,
    m.method,
    m.responsible,
    m.period,
    l.outcome,
    m.suggestion,
    l.status_code as status,
    st.label_th as status_th,
    st.label_en as status_en,
    l.round as report_round,
    l.report_date,
    coalesce(tg.indicators, []::integer[]) as indicators,
    m.source
from core.measures as m
left join latest as l using (org_code, fiscal_year, measure_no)
left join core.measure_statuses as st on st.status_code = l.status_code
left join targets as tg using (org_code, fiscal_year, measure_no);

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
