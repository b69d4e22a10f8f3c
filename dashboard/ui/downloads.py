"""Download buttons for tables (XLSX, CSV) and charts (PNG).

Files are built only when the user clicks (Streamlit calls the data callable then), so pages
stay fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import exports
from dashboard.ui.filters import Filters
from dashboard.ui.lang import t


def table(
    frame: pd.DataFrame,
    *,
    name: str,
    title: str,
    filters: Filters,
    key: str,
    labels: Mapping[str, str] | None = None,
) -> None:
    """XLSX (filters in a header block) and CSV (UTF-8 with BOM) buttons for one table.

    `labels` renames columns to the headers shown on the page, so a file reads like the page.
    """
    if labels:
        frame = frame.rename(columns=dict(labels))
    stem = exports.file_stem(name, *filters.file_parts())
    described = filters.describe()
    left, right = st.columns(2)
    left.download_button(
        t("download.xlsx"),
        data=lambda: exports.xlsx_bytes(
            frame, title=title, filters=described, generated=datetime.now(),
            generated_label=t("download.generated"),
        ),
        file_name=f"{stem}.xlsx",
        mime=exports.XLSX_MIME,
        key=f"{key}-xlsx",
        on_click="ignore",
        icon=":material/table_view:",
    )  # fmt: skip
    right.download_button(
        t("download.csv"),
        data=lambda: exports.csv_bytes(frame),
        file_name=f"{stem}.csv",
        mime=exports.CSV_MIME,
        key=f"{key}-csv",
        on_click="ignore",
        icon=":material/description:",
    )


def chart(fig: go.Figure, *, name: str, filters: Filters, key: str) -> None:
    """A PNG download button for one chart."""
    st.download_button(
        t("download.png"),
        data=lambda: exports.png_bytes(fig),
        file_name=f"{exports.file_stem(name, *filters.file_parts())}.png",
        mime=exports.PNG_MIME,
        key=f"{key}-png",
        on_click="ignore",
        icon=":material/image:",
    )
