"""Streamlit helpers shared by every page: language, data access, filters, downloads, layout."""
