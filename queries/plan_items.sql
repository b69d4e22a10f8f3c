-- A measure plan saved in the app for an organisation and fiscal year.
-- Grain: one row per plan item. Parameters: $org_code, $year (the fiscal year the plan is for).
-- Columns: item_no, title, method, responsible, period, indicators (integer[]), origin
--   (weak_point | carried_over | added), batch_id.
select item_no, title, method, responsible, period, indicators, origin, batch_id
from core.plan_items
where org_code = $org_code and fiscal_year = $year::integer
order by item_no
