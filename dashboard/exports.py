"""Files users download: tables as XLSX (with the active filters in a header block) and CSV
(UTF-8 with BOM so Excel shows Thai), charts as PNG. Pure: no streamlit.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
PNG_MIME = "image/png"
THAI_FONT = "TH Sarabun New"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Data only, UTF-8 with a byte-order mark."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(
    frame: pd.DataFrame,
    *,
    title: str,
    filters: Sequence[tuple[str, str]],
    generated: datetime | None = None,
    generated_label: str = "Generated",
    sheet_name: str = "data",
) -> bytes:
    """A workbook with a header block (title, one row per active filter, date) above the table."""
    generated = generated or datetime.now()
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        book = writer.book
        sheet = book.add_worksheet(sheet_name[:31])
        writer.sheets[sheet_name[:31]] = sheet
        bold = book.add_format({"bold": True, "font_name": THAI_FONT, "font_size": 16})
        label = book.add_format({"bold": True, "font_name": THAI_FONT, "font_size": 14})
        plain = book.add_format({"font_name": THAI_FONT, "font_size": 14})
        head = book.add_format(
            {"bold": True, "font_name": THAI_FONT, "font_size": 14, "bg_color": "#dde7f0",
             "border": 1, "text_wrap": True}
        )  # fmt: skip
        sheet.write(0, 0, title, bold)
        row = 1
        for name, value in filters:
            sheet.write(row, 0, name, label)
            sheet.write(row, 1, value, plain)
            row += 1
        sheet.write(row, 0, generated_label, label)
        sheet.write(row, 1, generated.strftime("%Y-%m-%d %H:%M"), plain)
        start = row + 2
        for col, name in enumerate(frame.columns):
            sheet.write(start, col, str(name), head)
        frame.to_excel(writer, sheet_name=sheet_name[:31], startrow=start + 1, header=False,
                       index=False)  # fmt: skip
        for col, name in enumerate(frame.columns):
            width = max([len(str(name))] + [len(str(v)) for v in frame[name].head(200)])
            sheet.set_column(col, col, min(max(width + 2, 10), 60))
    return buffer.getvalue()


def png_bytes(fig: go.Figure, width: int = 1100, height: int | None = None) -> bytes:
    """The chart as a PNG image (rendered by kaleido through the system's Chromium)."""
    height = height or int(fig.layout.height or 450)
    return fig.to_image(format="png", width=width, height=height, scale=2)


def file_stem(*parts: object) -> str:
    """A file name from parts (page, year, filters), safe on every system, Thai kept."""
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    # \w alone drops Thai vowel and tone marks (combining, not word characters): keep the
    # whole Thai block.
    return re.sub(r"[^\w\u0E00-\u0E7F.\-]+", "-", text).strip("-") or "ita"
