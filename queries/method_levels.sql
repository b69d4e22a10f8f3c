-- Methodology: the rating levels of every scheme, best first.
-- Grain: one row per scheme and level. Parameters: none.
-- Columns: scheme, level_order (1 = best), level_code, label_th, label_en,
--   min_total (points), min_each_tool (points every tool must reach, NULL if no such rule),
--   passed (the level counts as passing), color (hex, the level's colour on every page).
select
    scheme,
    level_order,
    level_code,
    label_th,
    label_en,
    min_total,
    min_each_tool,
    passed,
    color
from core.method_levels
order by scheme, level_order
