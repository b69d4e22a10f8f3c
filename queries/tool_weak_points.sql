-- Tools of the prior year (Y-1) under the pass threshold for one organisation. From 2566 a tool
-- under 85 alone keeps an organisation from "ผ่านดี".
-- Grain: one row per tool of Y-1's methodology with a known score.
-- Parameters: $org_code (organisation code), $year (fiscal year Y, BE; the analysis is of Y-1).
-- Columns: fiscal_year (Y-1), tool, name_th, name_en, weight (share of the total, 0-1),
--   score (points, rounded), pass_threshold (points), below_threshold (boolean),
--   blocks_good (boolean: the year's scheme requires every tool to reach a minimum),
--   gain_to_pass (points of total gained if the tool reached the threshold, 2 decimals).
with rules as (
    select
        y.fiscal_year,
        y.pass_threshold,
        bool_or(l.min_each_tool is not null) as per_tool_rule
    from core.method_years as y
    left join core.method_levels as l on l.scheme = y.scheme
    where y.fiscal_year = $year::integer - 1
    group by y.fiscal_year, y.pass_threshold
),

final as (
    select
        r.fiscal_year,
        t.tool,
        t.name_th,
        t.name_en,
        t.weight,
        c.score,
        r.pass_threshold,
        c.score < r.pass_threshold as below_threshold,
        c.score < r.pass_threshold and coalesce(r.per_tool_rule, false) as blocks_good,
        round(greatest(r.pass_threshold - c.score, 0) * t.weight, 2) as gain_to_pass
    from rules as r
    inner join core.method_tools as t using (fiscal_year)
    inner join core.computed_tool_scores as c
        on c.fiscal_year = r.fiscal_year and c.tool = t.tool and c.org_code = $org_code
)

select * from final
order by tool
