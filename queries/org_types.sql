-- Organisation types, for filters and labels.
-- Grain: one row per type. Parameters: none.
-- Columns: type_code, name_th, short_th, name_prefix (shown before a bare name), name_en,
--   aliases (other spellings, varchar[]), is_local, sort_order.
select type_code, name_th, short_th, name_prefix, name_en, aliases, is_local, sort_order
from core.org_types
order by sort_order
