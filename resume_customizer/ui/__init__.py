"""The Streamlit page's components: the only package that imports streamlit.

Each module draws one part of the page with a ``show(...)`` function that returns what the
user entered or what was made: ``upload`` (files and their guard status), ``editor`` (one
resume's inputs), ``preview``, ``send``, ``generate`` (downloads), ``sidebar`` (email settings),
``bulk`` (send all), ``logs`` and ``metrics``. ``state`` keeps the process-wide services and
this session's data; ``services``, ``downloads`` and ``text`` hold the Streamlit-free parts.
"""
