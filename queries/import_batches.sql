-- The import history: every batch with its warnings count and whether it was undone.
-- Grain: one row per import batch, newest first. Parameters: none.
-- Columns: batch_id, kind, file_name, sha256, row_count (rows added or replaced),
--   imported_at (Thai local time, Asia/Bangkok), imported_by, note, undone_at (Thai local
--   time, NULL unless undone), n_warnings,
--   n_replaced (rows this batch replaced and keeps for undo).
with warnings as (
    select batch_id, count(*) as n_warnings from core.batch_warnings group by batch_id
),

replaced as (
    select batch_id, count(*) as n_replaced from core.replaced_rows group by batch_id
),

final as (
    select
        b.batch_id,
        b.kind,
        b.file_name,
        b.sha256,
        b.row_count,
        timezone('Asia/Bangkok', b.imported_at) as imported_at,
        b.imported_by,
        b.note,
        timezone('Asia/Bangkok', b.undone_at) as undone_at,
        coalesce(w.n_warnings, 0) as n_warnings,
        coalesce(r.n_replaced, 0) as n_replaced
    from core.import_batches as b
    left join warnings as w using (batch_id)
    left join replaced as r using (batch_id)
)

select * from final
order by batch_id desc
