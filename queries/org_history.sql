-- One organisation's total and level in every year it was assessed, beside the median total
-- of its peers that year (same type that year, same province).
-- Grain: one row per fiscal year assessed. Parameters: $org_code.
-- Columns: fiscal_year (BE), total (points), level, level_code, color (the level's colour),
--   scheme, passed, iit, eit, oit (points), peer_median (points), n_peers.
with own as (
    select * from main.org_year_scores where org_code = $org_code
),

peers as (
    select s.fiscal_year, median(s.total) as peer_median, count(s.total) as n_peers
    from main.org_year_scores as s
    inner join own as o
        on s.fiscal_year = o.fiscal_year
        and s.province_code = o.province_code
        and s.org_type_code = o.org_type_code
    group by s.fiscal_year
),

final as (
    select
        o.fiscal_year,
        o.total,
        o.level,
        o.level_code,
        l.color,
        o.scheme,
        o.passed,
        o.iit,
        o.eit,
        o.oit,
        p.peer_median,
        p.n_peers
    from own as o
    left join peers as p using (fiscal_year)
    left join core.method_levels as l on l.scheme = o.scheme and l.level_code = o.level_code
)

select * from final
order by fiscal_year
