-- Measure statuses with their labels, for forms and imports.
-- Grain: one row per status. Parameters: none.
-- Columns: status_code, label_th, label_en, is_done (the measure is finished), sort_order.
select status_code, label_th, label_en, is_done, sort_order
from core.measure_statuses
order by sort_order
