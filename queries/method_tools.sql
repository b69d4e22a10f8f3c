-- Methodology: the assessment tools of every fiscal year and their weight in the total.
-- Grain: one row per fiscal year and tool. Parameters: none.
-- Columns: fiscal_year (BE), tool (IIT/EIT/OIT...), name_th, name_en,
--   weight (share of the total, 0-1), sort_order.
select
    fiscal_year,
    tool,
    name_th,
    name_en,
    weight,
    sort_order
from core.method_tools
order by fiscal_year, sort_order
