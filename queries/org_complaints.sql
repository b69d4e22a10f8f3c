-- One organisation's complaint statistics per fiscal year and round. Round 6 covers
-- October-March; round 12 is the whole year, cumulative (it includes round 6): never add them.
-- Grain: one row per fiscal year (BE) that holds any complaint statistics in the database, and
--   round (6 and 12, always both), whether or not this organisation reported.
-- Parameters: $org_code.
-- Columns: fiscal_year (BE), round (months: 6 or 12), reported (boolean: a row exists),
--   received, completed, in_progress (complaints; NULL when not reported, 0 when reported as
--   none).
with years as (
    select distinct fiscal_year from core.complaints
),

rounds as (
    select y.fiscal_year, r.round
    from years as y
    cross join (values (6), (12)) as r (round)
),

final as (
    select
        r.fiscal_year,
        r.round,
        c.org_code is not null as reported,
        c.received,
        c.completed,
        c.in_progress
    from rounds as r
    left join core.complaints as c
        on c.org_code = $org_code and c.fiscal_year = r.fiscal_year and c.round = r.round
)

select * from final
order by fiscal_year, round
