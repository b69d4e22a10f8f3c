"""ITA dashboard: DuckDB storage, named SQL queries and Streamlit pages for the NACC's
Integrity and Transparency Assessment of Thai public agencies."""

__version__ = "0.1.0"
