"""วิเคราะห์และวางแผน (analysis and planning): does this year's set of measures answer last
year's weak points, were the measures carried out, did they work, and what to do next year.

Serves staff (นิติกร and others) preparing measures and reports for one organisation, and
district or provincial supervisors, who see the same questions across the organisations they
oversee (when no organisation is chosen) with a link to each one.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import charts, documents, exports, gaps, planning
from dashboard.formatting import MISSING, year_label
from dashboard.ingest.corrections import save_progress
from dashboard.ui import downloads, org_picker
from dashboard.ui.data import db_path, group_summary, query, reader
from dashboard.ui.importing import APP_USER
from dashboard.ui.lang import current, t, thai_digits
from dashboard.ui.layout import demo_banner

lang = current()
digits = thai_digits()
chosen = st.session_state["filters"]
st.title(t("analysis.title"))
demo_banner()
if chosen.year is None:
    st.info(t("overview.no_data"))
    st.stop()
year = chosen.year
prior = year - 1

orgs = query("group_measures", year=year, **chosen.params())
labels = org_picker.label_map(orgs)
org_code = org_picker.choose(
    labels, label=t("analysis.org"), placeholder=t("analysis.org_placeholder")
)
st.caption(t("analysis.rules", year=year_label(year, digits), prior=year_label(prior, digits)))

if org_code is None:
    # Supervisors: the same questions across the group.
    st.subheader(t("analysis.group_heading", year=year_label(year, digits)))
    summary = group_summary(year, **chosen.params())
    if summary.empty:
        st.info(t("overview.no_data"))
        st.stop()
    cols = st.columns(3)
    cols[0].metric(t("analysis.group.orgs"), f"{len(summary):,}")
    cols[1].metric(t("analysis.group.with_uncovered"), f"{(summary['n_uncovered'] > 0).sum():,}")
    cols[2].metric(t("analysis.group.with_unfinished"), f"{(summary['n_unfinished'] > 0).sum():,}")
    summary["link"] = org_picker.links("analysis", summary["org_code"], chosen)
    org_picker.linked_table(
        summary[
            [
                "org_name",
                "link",
                "org_code",
                "district",
                "n_weak",
                "n_uncovered",
                "n_measures",
                "n_unfinished",
                "n_no_outcome",
                "n_no_6m_report",
            ]
        ],
        prefix="analysis",
        name="ita-gaps-group",
        title=t("analysis.group_heading", year=year),
        filters=chosen,
        key="group",
    )
    st.stop()

analysis = gaps.analyse(reader(), org_code, year)
st.subheader(labels[org_code])

# 1. Weak points of Y-1 and what they pay ---------------------------------------------------
st.markdown(f"#### {t('analysis.weak_heading', prior=year_label(prior, digits))}")
if analysis.indicators.empty:
    st.info(t("analysis.no_scores", prior=year_label(prior, digits)))
else:
    weak = analysis.weak.assign(
        why=lambda f: [gaps.reasons(r, lang) for r in f.itertuples()],
        covered=lambda f: f["covered_by"].map(lambda v: ", ".join(map(str, v)) or MISSING),
        weight_pct=lambda f: f["weight"] * 100,
    )
    name = "indicator_name_en" if lang == "en" else "indicator_name_th"
    table = weak[
        [
            "indicator",
            name,
            "score",
            "weight_pct",
            "gain_to_pass",
            "gain_to_excellent",
            "covered",
            "why",
        ]
    ]
    st.dataframe(
        table,
        column_config={c: t(f"analysis.col.{c}") for c in table.columns}
        | {name: t("analysis.col.indicator_name")},
        hide_index=True,
        width="stretch",
        placeholder=MISSING,
    )
    if not weak.empty:
        fig = charts.gains(weak, lang)
        st.plotly_chart(fig, width="stretch", key="gains-chart")
        downloads.chart(fig, name=f"ita-gains-{org_code}", filters=chosen, key="gains")
    tools = analysis.weak_tools
    if not tools.empty:
        st.warning(
            t(
                "analysis.weak_tools",
                tools=", ".join(f"{r.tool} {r.score:.2f}" for r in tools.itertuples()),
            )
        )

# 2. Coverage -------------------------------------------------------------------------------
st.markdown(f"#### {t('analysis.coverage_heading', year=year_label(year, digits))}")
uncovered = analysis.uncovered
if analysis.indicators.empty:
    pass
elif uncovered.empty:
    st.success(t("analysis.all_covered"))
else:
    st.error(
        t(
            "analysis.uncovered",
            items=", ".join(
                f"{int(r.indicator)}. {r.indicator_name_th}" for r in uncovered.itertuples()
            ),
        )
    )
untargeted = analysis.untargeted_measures
if not untargeted.empty:
    st.warning(
        t(
            "analysis.untargeted",
            items=", ".join(f"{int(r.measure_no)}. {r.title}" for r in untargeted.itertuples()),
        )
    )

# 3. Execution: this year's measures, updatable at 6 and 12 months ---------------------------
st.markdown(f"#### {t('analysis.measures_heading', year=year_label(year, digits))}")
measures = analysis.measures
if measures.empty:
    st.info(t("analysis.no_measures", year=year_label(year, digits)))
else:
    n_gaps = int(measures["has_gap"].sum())
    st.caption(
        t(
            "analysis.execution_summary",
            n=len(measures),
            done=int(measures["is_done"].sum()),
            gaps=n_gaps,
        )
    )
    statuses = query("measure_statuses")
    status_labels = dict(
        zip(
            statuses["status_code"],
            statuses["label_en" if lang == "en" else "label_th"],
            strict=True,
        )
    )
    round_ = st.segmented_control(
        t("analysis.round"),
        options=[6, 12],
        default=6,
        required=True,
        format_func=lambda r: t(f"analysis.round.{r}"),
        key="analysis_round",
    )
    current_reports = query(
        "measure_reports_round", org_code=org_code, year=year, round=round_
    ).set_index("measure_no")
    editor = pd.DataFrame(
        {
            "measure_no": measures["measure_no"],
            "title": measures["title"],
            "indicators": measures["indicators"].map(lambda v: ", ".join(map(str, v))),
            "status_code": [current_reports["status_code"].get(n) for n in measures["measure_no"]],
            "outcome": [current_reports["outcome"].get(n) for n in measures["measure_no"]],
            "report_date": [current_reports["report_date"].get(n) for n in measures["measure_no"]],
            "no_outcome": measures["no_outcome"],
            "no_6m_report": measures["no_6m_report"],
            "not_completed": measures["not_completed"],
        }
    )
    edited = st.data_editor(
        editor,
        column_config={
            "status_code": st.column_config.SelectboxColumn(
                t("analysis.col.status"), options=list(status_labels), format_func=status_labels.get
            ),
            "report_date": st.column_config.DateColumn(t("analysis.col.report_date")),
            **{
                c: t(f"analysis.col.{c}")
                for c in (
                    "measure_no",
                    "title",
                    "indicators",
                    "outcome",
                    "no_outcome",
                    "no_6m_report",
                    "not_completed",
                )
            },
        },
        disabled=[
            "measure_no",
            "title",
            "indicators",
            "no_outcome",
            "no_6m_report",
            "not_completed",
        ],
        hide_index=True,
        width="stretch",
        key=f"progress-{org_code}-{year}-{round_}",
        placeholder=MISSING,
    )
    if st.button(t("analysis.save_progress", round=round_), key="save_progress"):
        rows = [
            {
                "measure_no": r.measure_no,
                "status_code": r.status_code,
                "outcome": r.outcome,
                "report_date": r.report_date if not pd.isna(r.report_date) else date.today(),
            }
            for r in edited.itertuples()
            if r.status_code
        ]
        try:
            batch = save_progress(db_path(), org_code, year, round_, rows, who=APP_USER)
        except ValueError as exc:
            st.error(str(exc))
        else:
            st.success(t("analysis.saved", batch=batch) if batch else t("analysis.nothing_saved"))

# 4. Effect -------------------------------------------------------------------------------
effect_title = t(
    "analysis.effect_heading", prior=year_label(prior, digits), year=year_label(year, digits)
)
st.markdown(f"#### {effect_title}")
if analysis.change.empty:
    st.info(t("analysis.no_effect", year=year_label(year, digits)))
else:
    fig = charts.indicator_change(analysis.change, lang)
    st.plotly_chart(fig, width="stretch", key="change-chart")
    effect = query("measure_effect", year=year, **chosen.params())
    if not effect.empty:
        st.caption(t("analysis.effect_group_help"))
        fig = charts.measure_effect(effect, lang)
        st.plotly_chart(fig, width="stretch", key="effect-chart")
        downloads.table(
            effect,
            name="ita-measure-effect",
            title=t("analysis.effect_group"),
            labels={c: t(f"analysis.effect.{c}") for c in effect.columns},
            filters=chosen,
            key="effect",
        )

# 5. Next year's plan --------------------------------------------------------------------------
st.markdown(f"#### {t('analysis.plan_heading', next=year_label(year + 1, digits))}")
plan, saved = planning.plan_for(reader(), org_code, year)
st.caption(t("analysis.plan_saved" if saved else "analysis.plan_draft"))
plan_view = plan.assign(indicators=plan["indicators"].map(lambda v: ";".join(map(str, v))))
edited_plan = st.data_editor(
    plan_view.drop(columns="item_no"),
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={c: t(f"analysis.col.{c}") for c in plan_view.columns},
    key=f"plan-{org_code}-{year}",
    placeholder=MISSING,
)
if st.button(t("analysis.save_plan"), key="save_plan"):
    items = [
        {
            **r,
            "indicators": [
                int(p)
                for p in str(r.get("indicators") or "").replace(",", ";").split(";")
                if p.strip().isdigit()
            ],
        }
        for r in edited_plan.to_dict("records")
    ]
    try:
        batch = planning.save_plan(db_path(), org_code, year + 1, items, who=APP_USER)
    except ValueError as exc:
        st.error(str(exc))
    else:
        st.success(t("analysis.saved", batch=batch))

# 6. Documents ---------------------------------------------------------------------------------
st.markdown(f"#### {t('analysis.documents_heading')}")
as_thai = st.toggle(t("analysis.thai_digits_docs"), value=digits, key="docs_thai_digits")
stem = f"ita-{org_code}-{year}"
has_results = not query("org_indicators", org_code=org_code, year=year)["score"].isna().all()
cols = st.columns(4)
if not has_results:
    cols[0].caption(t("analysis.doc.no_results", year=year_label(year, digits)))
else:
    cols[0].download_button(
        t("analysis.doc.plan_docx", next=year + 1),
        data=lambda: documents.plan_docx(reader(), org_code, year, thai_digits=as_thai),
        file_name=f"{stem}-plan-{year + 1}.docx",
        mime=documents.DOCX_MIME,
        on_click="ignore",
        key="doc-plan-docx",
        icon=":material/description:",
    )
    cols[1].download_button(
        t("analysis.doc.plan_xlsx", next=year + 1),
        data=lambda: documents.plan_xlsx(reader(), org_code, year, thai_digits=as_thai),
        file_name=f"{stem}-plan-{year + 1}.xlsx",
        mime=exports.XLSX_MIME,
        on_click="ignore",
        key="doc-plan-xlsx",
        icon=":material/table_view:",
    )
for col, rnd in zip(cols[2:], (6, 12), strict=True) if not measures.empty else ():
    col.download_button(
        t("analysis.doc.report", round=rnd),
        data=lambda rnd=rnd: documents.report_docx(
            reader(), org_code, year, rnd, thai_digits=as_thai
        ),
        file_name=f"{stem}-report-{rnd}m.docx",
        mime=documents.DOCX_MIME,
        on_click="ignore",
        key=f"doc-report-{rnd}",
        icon=":material/description:",
    )
