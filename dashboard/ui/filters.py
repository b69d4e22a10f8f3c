"""The global filters (fiscal year, province, district, organisation type) in the sidebar.

Each is bound to the URL (`year`, `province`, `district`, `type`), so a copied link opens the
same view. Options are formatted without the display language (BE year, Thai place names, Thai
type abbreviation) so that a link works in either language. A district is only offered inside a
province: the same district name exists in several provinces.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.formatting import year_label
from dashboard.ui.data import query
from dashboard.ui.lang import current, t


@dataclass(frozen=True)
class Filters:
    year: int | None
    province: str | None  # province code
    district: str | None  # district name within the province
    org_type: str | None  # type code
    province_name: str | None = None
    type_name: str | None = None

    def params(self) -> dict[str, object]:
        """Parameters for the group filters of the queries (year excluded)."""
        return {"province": self.province, "district": self.district, "org_type": self.org_type}

    def describe(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the active filters, for file headers and the print view."""
        return [
            (t("filter.year"), year_label(self.year) if self.year else t("filter.all")),
            (t("filter.province"), self.province_name or t("filter.all")),
            (t("filter.district"), self.district or t("filter.all")),
            (t("filter.type"), self.type_name or t("filter.all")),
        ]

    def file_parts(self) -> list[str]:
        return [str(self.year or ""), self.province_name or "", self.district or "",
                self.org_type or ""]  # fmt: skip


def sidebar() -> Filters:
    """Draw the filters in the sidebar and return the current choice."""
    years = [int(y) for y in query("assessed_years")["fiscal_year"]]
    geography = query("geography")
    types = query("org_types")

    with st.sidebar:
        st.subheader(t("filter.heading"))
        year = st.selectbox(
            t("filter.year"),
            options=years,
            index=0 if years else None,
            format_func=year_label,
            key="year",
            bind="query-params",
            placeholder=t("filter.no_data"),
        )
        provinces = (
            geography.drop_duplicates("province_code")
            .set_index("province_code")["province_th"]
            .to_dict()
        )
        province = st.selectbox(
            t("filter.province"),
            options=list(provinces),
            index=None,
            format_func=provinces.get,
            placeholder=t("filter.all"),
            key="province",
            bind="query-params",
        )
        districts = (
            geography.loc[geography["province_code"] == province, "district_th"].tolist()
            if province
            else []
        )
        district = st.selectbox(
            t("filter.district"),
            options=districts,
            index=None,
            placeholder=t("filter.all") if province else t("filter.district_needs_province"),
            disabled=not province,
            key="district",
            bind="query-params",
        )
        type_names = types.set_index("type_code")["short_th"].to_dict()
        org_type = st.selectbox(
            t("filter.type"),
            options=list(type_names),
            index=None,
            format_func=type_names.get,
            placeholder=t("filter.all"),
            key="type",
            bind="query-params",
        )
    type_label = None
    if org_type:
        row = types.loc[types["type_code"] == org_type].iloc[0]
        type_label = row["name_en"] if current() == "en" else row["name_th"]
    return Filters(
        year=year,
        province=province,
        district=district if province else None,
        org_type=org_type,
        province_name=provinces.get(province) if province else None,
        type_name=type_label,
    )
