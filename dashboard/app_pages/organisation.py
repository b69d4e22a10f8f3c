"""Placeholder: replaced by the real page."""

import streamlit as st

st.title("organisation")
