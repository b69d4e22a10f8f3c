-- Methodology: the indicator set of every fiscal year with its tool and weight.
-- Grain: one row per fiscal year and indicator. Parameters: none.
-- Columns: fiscal_year (BE), indicator (number), tool, name_th, name_en,
--   weight (share of the total carried by the indicator: tool weight / indicators in the tool).
with counts as (
    select fiscal_year, tool, count(*) as n_in_tool
    from core.method_indicators
    group by fiscal_year, tool
),

final as (
    select
        i.fiscal_year,
        i.indicator,
        i.tool,
        i.name_th,
        i.name_en,
        t.weight / c.n_in_tool as weight
    from core.method_indicators as i
    inner join core.method_tools as t using (fiscal_year, tool)
    inner join counts as c using (fiscal_year, tool)
)

select * from final
order by fiscal_year, indicator
