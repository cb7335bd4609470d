"""The live sidebar panels (Logs, Metrics): a closed panel draws nothing and sets no refresh
timer, so an idle tab costs the server nothing; an open one draws and refreshes itself."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

from resume_customizer.ui import logs, metrics
from tests.ui.conftest import STACK_A, Page, rkey


@pytest.fixture
def timers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The intervals of every refresh timer (``auto_rerun`` message) the page sends its browser."""
    seen: list[float] = []
    enqueue = ForwardMsgQueue.enqueue

    def spy(self: ForwardMsgQueue, msg: ForwardMsg) -> None:
        if msg.WhichOneof("type") == "auto_rerun":
            seen.append(round(msg.auto_rerun.interval, 3))
        enqueue(self, msg)

    monkeypatch.setattr(ForwardMsgQueue, "enqueue", spy)
    yield seen


def _labels(app: Page) -> set[str]:
    return {w.label for w in app.at.selectbox} | {w.label for w in app.at.text_input}


def test_closed_panels_draw_nothing_and_set_no_refresh_timer(app: Page, timers: list[float]) -> None:
    app.run().run()
    assert timers == []
    assert [e.label for e in app.at.expander if e.label in ("Metrics", "Logs (this session)")] == [
        "Logs (this session)",
        "Metrics",
    ]
    assert "Search" not in _labels(app)  # the logs panel's filters
    assert not app.at.metric and not app.at.get("vega_lite_chart")
    assert not any("Action" in f.value.columns for f in app.at.dataframe)  # the allowance table


def test_an_open_metrics_panel_draws_and_refreshes_itself_until_it_is_closed(
    app: Page, timers: list[float]
) -> None:
    app.open_panel(metrics.PANEL_KEY).assert_clean()
    assert timers == [metrics.REFRESH_S]
    assert {m.label for m in app.at.metric} == {"Sent", "Failed", "Retried"}
    assert {r["Action"] for r in app.table_with("Action")} >= {"previews", "emails sent"}
    assert "Search" not in _labels(app)  # the logs panel stays closed

    timers.clear()
    app.at.session_state[metrics.PANEL_KEY] = False
    app.run()
    assert timers == [] and not app.at.metric


def test_an_open_logs_panel_refreshes_itself_and_keeps_its_filters_while_closed(
    app: Page, resume_a: bytes, timers: list[float]
) -> None:
    app.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A)
    app.click(f"preview-{rkey(resume_a)}").open_panel(logs.PANEL_KEY).assert_clean()
    assert timers == [logs.REFRESH_S]
    assert "tailored Jane Doe.docx" in app.at.code[-1].value
    app.at.text_input(key="log-search").input("jane doe").run()
    app.at.selectbox(key="log-level").set_value("WARNING").run()

    app.at.session_state[logs.PANEL_KEY] = False
    app.run()
    assert "Search" not in _labels(app)
    app.open_panel(logs.PANEL_KEY)
    assert app.at.text_input(key="log-search").value == "jane doe"
    assert app.at.selectbox(key="log-level").value == "WARNING"


def test_the_usage_chart_labels_its_time_axis_on_a_24_hour_clock(page_env: None) -> None:
    from streamlit.testing.v1 import AppTest

    from resume_customizer.observe.metrics import get_registry
    from tests.ui.conftest import ROOT

    app = Page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)).run()
    get_registry().sample_once()  # the sampler runs once an hour in the tests: one reading now
    app.open_panel(metrics.PANEL_KEY).assert_clean()
    charts = app.at.get("vega_lite_chart")
    assert charts
    for chart in charts:
        spec = json.loads(chart.proto.spec)  # type: ignore[attr-defined]
        axis_format = spec["encoding"]["x"]["axis"]["format"]
        assert axis_format["hours"] == "%H:%M" and axis_format["minutes"] == "%H:%M"
        assert "%I" not in json.dumps(spec)  # nowhere a 12-hour clock


def test_the_operations_table_has_three_short_columns_and_lists_failures_below() -> None:
    from resume_customizer.observe.metrics import MetricsRegistry

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    registry = MetricsRegistry(clock=clock)
    for ms in (20, 40):
        with registry.timed("resume.tailor"):
            clock.now += ms / 1000
    with pytest.raises(OSError), registry.timed("email.send"):
        raise OSError("refused")
    snapshot = registry.snapshot()
    rows = metrics.operation_rows(snapshot)
    assert rows == [
        {"Operation": "send email", "Runs": 1, "p50/p95": "0/0"},
        {"Operation": "tailor", "Runs": 2, "p50/p95": "30/39"},
    ]
    assert metrics.failure_lines(snapshot) == ["send email: 1 of 1 failed (0% succeeded)"]


def test_the_server_does_not_collect_all_garbage_after_every_script_run() -> None:
    import tomllib

    from tests.ui.conftest import ROOT

    # gc.collect(2) after each run costs ~80 ms of CPU here: most of what one session costs.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
