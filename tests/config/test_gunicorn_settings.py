"""The master's preparation before its workers start (``config/gunicorn.py``)."""

import gc
import runpy
from pathlib import Path

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def test_the_master_puts_what_its_warm_up_built_out_of_the_collector_s_reach(monkeypatch):
    when_ready = runpy.run_path(str(SETTINGS))["when_ready"]
    frozen_during_warm_up = []
    monkeypatch.setattr(
        "web.warmup.warm_up", lambda: frozen_during_warm_up.append(gc.get_freeze_count())
    )
    before = gc.get_freeze_count()
    try:
        when_ready(None)

        # Frozen after the warm-up, which it includes: its objects are not walked again.
        assert frozen_during_warm_up == [before]
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
