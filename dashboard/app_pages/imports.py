"""นำเข้าข้อมูล (import): load the DLA registry and ITA score files, check them before anything
is stored, confirm, and see or undo earlier imports.

Serves staff (นิติกร and others) and supervisors who bring Excel and CSV files into the
dashboard. A file goes in whole or not at all; every problem is listed with its row and column.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.formatting import MISSING
from dashboard.ingest import templates
from dashboard.ingest.problems import ImportRejected, to_frame
from dashboard.ui import importing
from dashboard.ui.data import query
from dashboard.ui.lang import current, t
from dashboard.ui.layout import demo_banner

lang = current()
st.title(t("import.title"))
demo_banner()
st.caption(t("import.intro"))

kinds = {k: t(f"import.kind.{k}") for k in ("scores", "measures", "complaints", "registry")}
kind = st.segmented_control(
    t("import.kind"),
    options=list(kinds),
    format_func=kinds.get,
    default="scores",
    required=True,
    key="import_kind",
)

with st.expander(t("import.templates"), icon=":material/download:"):
    if kind == "registry":
        st.caption(t("import.template_registry_help"))
    else:
        left, right = st.columns(2)
        left.download_button(
            t("download.xlsx"),
            data=lambda: templates.template_xlsx(kind),
            file_name=f"ita-{kind}-template.xlsx",
            on_click="ignore",
            key="template-xlsx",
        )
        right.download_button(
            t("download.csv"),
            data=lambda: templates.template_csv(kind),
            file_name=f"ita-{kind}-template.csv",
            on_click="ignore",
            key="template-csv",
        )
        st.caption(t(f"import.template_{kind}_help"))

# The same types whatever the kind: a change of types would clear the uploaded file, which must
# stay when the user switches to the kind a rejected file looks like (a Word report uploaded as
# scores is rejected with that offer).
types = ["csv", "xlsx", "txt", "tsv", "docx"]
uploaded = st.file_uploader(
    t("import.file_measures" if kind == "measures" else "import.file"),
    type=types,
    key="import_file",
)
add_orgs = kind != "registry" and st.checkbox(t("import.add_orgs"), key="import_add_orgs")
replace = st.checkbox(t("import.replace"), key="import_replace", help=t("import.replace_help"))

if uploaded is not None:
    data = uploaded.getvalue()
    checked = importing.check(
        data, uploaded.name, kind, add_organisations=add_orgs, replace=replace
    )
    problems = to_frame(checked.problems, lang)
    severity_labels = {"error": t("import.severity.error"), "warning": t("import.severity.warning")}
    if checked.outcome is None:
        n_errors = int((problems["severity"] == "error").sum())
        st.error(t("import.rejected", file=uploaded.name, n=n_errors), icon=":material/block:")
        if checked.looks_like in kinds:
            # The note leads the problems (ingest.framework): shown whole here, where the
            # table's last column would cut it; then one click to check the file as that kind.
            hint = checked.problems[0]
            st.info(hint.reason_th if lang == "th" else hint.reason_en, icon=":material/lightbulb:")
            st.button(
                t("import.use_kind", kind=kinds[checked.looks_like]),
                icon=":material/swap_horiz:",
                on_click=st.session_state.update,
                kwargs={"import_kind": checked.looks_like},
                key="import_use_kind",
            )
    else:
        plan = checked.outcome.plan
        cols = st.columns(4)
        cols[0].metric(t("import.rows"), f"{plan.rows_read:,}")
        cols[1].metric(t("import.add"), f"{len(plan.added):,}")
        cols[2].metric(t("import.change"), f"{len(plan.changed):,}")
        cols[3].metric(t("import.unchanged"), f"{plan.unchanged:,}")
        if plan.matches:
            st.warning(t("import.matches"), icon=":material/help:")
            st.dataframe(
                pd.DataFrame({t("import.match"): plan.matches}),
                hide_index=True,
                width="stretch",
                placeholder=MISSING,
            )
        edited_targets = None
        if plan.preview:
            st.markdown(f"**{t('import.measures_found')}**")
            st.caption(t("import.measures_found_help"))
            found = pd.DataFrame(plan.preview)
            found["indicators"] = found["indicators"].map(lambda v: ";".join(map(str, v)))
            found["inferred_from"] = found["inferred_from"].map(lambda v: t(f"import.from.{v}"))
            labels = query("measure_statuses").set_index("status_code")
            found["status_code"] = found["status_code"].map(
                lambda c: labels.loc[c, "label_en" if lang == "en" else "label_th"] if c else None
            )
            edited = st.data_editor(
                found[
                    [
                        "row",
                        "org_code",
                        "fiscal_year",
                        "measure_no",
                        "title",
                        "indicators",
                        "inferred_from",
                        "round",
                        "status_code",
                    ]
                ],
                disabled=[
                    "row",
                    "org_code",
                    "fiscal_year",
                    "measure_no",
                    "title",
                    "inferred_from",
                    "round",
                    "status_code",
                ],
                column_config={c: t(f"import.col.{c}") for c in found.columns},
                hide_index=True,
                width="stretch",
                key="import_preview",
                placeholder=MISSING,
            )
            edited_targets = {
                (r.org_code, int(r.fiscal_year), int(r.measure_no)): r.indicators
                for r, before in zip(edited.itertuples(), found["indicators"], strict=True)
                if r.indicators != before
            }
        if plan.changed:
            st.markdown(f"**{t('import.changes')}**")
            st.dataframe(
                pd.DataFrame(
                    [
                        {t("import.row"): c.row, t("import.old"): c.old, t("import.new"): c.summary}
                        for c in plan.changed
                    ]
                ),
                hide_index=True,
                width="stretch",
                placeholder=MISSING,
            )
    if not problems.empty:
        st.markdown(f"**{t('import.problems')}**")
        shown = problems.assign(severity=problems["severity"].map(severity_labels)).rename(
            columns=lambda c: t(f"import.col.{c}")
        )
        st.dataframe(
            shown.style.apply(
                lambda r: [
                    "background-color: #fde2e1" if s == "error" else "background-color: #fff4ce"
                    for s in problems["severity"]
                ],
                axis=0,
            ),
            hide_index=True,
            width="stretch",
            placeholder=MISSING,
        )
    if checked.outcome is not None:
        plan = checked.outcome.plan
        if not plan.added and not plan.changed:
            st.info(t("import.already"), icon=":material/check_circle:")
        elif st.button(
            t("import.confirm", n=len(plan.added) + len(plan.changed)),
            type="primary",
            key="import_confirm",
        ):
            try:
                done = importing.commit(
                    data,
                    uploaded.name,
                    kind,
                    add_organisations=add_orgs,
                    replace=replace,
                    label=t("import.running"),
                )
            except ImportRejected as exc:
                st.error(t("import.rejected", file=uploaded.name, n=len(exc.problems)))
            else:
                if edited_targets:
                    try:
                        importing.correct_indicators(edited_targets)
                    except ValueError as exc:
                        st.error(str(exc))
                st.session_state["import_last"] = (
                    done.batch_id,
                    uploaded.name,
                    len(done.plan.added),
                    len(done.plan.changed),
                )
                st.rerun()

if "import_last" in st.session_state:
    batch, name, added, changed = st.session_state["import_last"]
    st.success(
        t("import.done", batch=batch, file=name, added=added, changed=changed),
        icon=":material/task_alt:",
    )

st.subheader(t("import.history"))
batches = query("import_batches")
if batches.empty:
    st.info(t("import.no_batches"))
else:
    table = batches[
        [
            "batch_id",
            "kind",
            "file_name",
            "row_count",
            "imported_at",
            "imported_by",
            "n_warnings",
            "n_replaced",
            "undone_at",
        ]
    ]
    table = table.assign(kind=table["kind"].map(lambda k: t(f"import.kind.{k}")))
    st.dataframe(
        table.rename(columns=lambda c: t(f"import.col.{c}")),
        hide_index=True,
        width="stretch",
        placeholder=MISSING,
    )
    with st.expander(t("import.warnings_of_batch")):
        with_warnings = batches.loc[batches["n_warnings"] > 0, "batch_id"].tolist()
        chosen = st.selectbox(t("import.batch"), with_warnings, index=None, key="import_warn_batch")
        if chosen is not None:
            warns = query("batch_warnings", batch_id=int(chosen))
            column = "message_en" if lang == "en" else "message_th"
            st.dataframe(
                warns[["row_no", "column_name", column]],
                hide_index=True,
                width="stretch",
                placeholder=MISSING,
            )
    undoable = batches.loc[batches["undone_at"].isna() & (batches["kind"] != "demo"), "batch_id"]
    with st.expander(t("import.undo"), icon=":material/undo:"):
        target = st.selectbox(
            t("import.batch"), undoable.tolist(), index=None, key="import_undo_batch"
        )
        sure = st.checkbox(t("import.undo_sure"), key="import_undo_sure")
        if st.button(
            t("import.undo_button"), disabled=target is None or not sure, key="import_undo_go"
        ):
            try:
                result = importing.undo(int(target))
            except Exception as exc:  # DatabaseError subclasses carry both languages
                message = getattr(exc, "message_en" if lang == "en" else "message_th", str(exc))
                st.error(message)
            else:
                st.success(t("import.undone", batch=result.batch_id))
