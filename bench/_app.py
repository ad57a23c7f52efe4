"""The benchmarks' common set-up: an App on a fresh SQLite file in `data_dir` (or the database at `db`),
with a frozen clock and, if asked, the example registry records loaded."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailbot.app import App  # noqa: E402
from mailbot.clock import FixedClock  # noqa: E402
from mailbot.registry import import_file  # noqa: E402
from mailbot.settings import load_settings  # noqa: E402


def bench_app(data_dir: str, db: str | None, at: datetime, *, registry: bool = True) -> App:
    env = {"MAILBOT_DATA_DIR": data_dir, "MAILBOT_SECRET": "bench-secret-0123456789"}
    if db:
        env["MAILBOT_DB"] = db
    app = App.build(load_settings(env, cwd=Path(data_dir)), clock=FixedClock(at))
    if registry:
        with app.tx() as session:
            import_file(session, str(ROOT / "examples" / "registry.json"), app.rules.zone)
    return app
