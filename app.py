"""Resume Customizer — the Streamlit page. Thin: layout only; the work is in the core."""

from __future__ import annotations

import streamlit as st

from resume_customizer.ui import page

st.set_page_config(page_title="Resume Customizer", page_icon="📄", layout="wide")
page.show()
