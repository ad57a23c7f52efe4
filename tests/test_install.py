"""The wheel is the deployable unit: built from the source, installed into a fresh virtual environment with its
dependencies, and run from an empty directory, it finds its templates, migrations and default rules in itself.

Building needs the package index (setuptools, as `pip install .` does), and so does installing the dependencies:
about 15 seconds here, with pip's cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(argv: list, *, cwd: Path, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, argv))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_wheel_installs_and_runs_from_an_empty_directory(tmp_path):
    # The environment of a newcomer's shell: none of the bot's settings, nothing that points Python at the source.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MAILBOT_") and k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    # What the wheel is made of, and nothing else: a build in the repository would leave build/ there, and a
    # stale build/lib could put files removed since into the wheel.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "mailbot", source / "mailbot", ignore=shutil.ignore_patterns("__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp_path / "dist", source],
        cwd=tmp_path, env=env, timeout=300)
    [wheel] = (tmp_path / "dist").glob("registry_lock_mailbot-*.whl")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path, env=env)
    python, mailbot = venv / "bin" / "python", venv / "bin" / "mailbot"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel], cwd=tmp_path, env=env,
        timeout=600)

    empty = tmp_path / "empty"
    empty.mkdir()
    where = run([python, "-c", "import mailbot; print(mailbot.__file__)"], cwd=empty, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv), f"mailbot imported from {where}, not from the installed wheel"

    # rules.yaml, templates and migrations all come from the package: the directory holds none of them.
    assert json.loads(run([mailbot, "db", "upgrade"], cwd=empty, env=env).stdout)["revision"]
    counts = json.loads(run([mailbot, "registry", "import", EXAMPLES / "registry.json"], cwd=empty, env=env).stdout)
    assert counts["domains"] == 2 and counts["changed"]
    # Read by the parser process (python -m mailbot.parse.worker), answered from the templates.
    [opened] = [json.loads(line) for line in
                run([mailbot, "ingest", EXAMPLES / "change-request.eml"], cwd=empty, env=env).stdout.splitlines()]
    assert (opened["ticket"], opened["kind"], opened["action"]) == ("RL-000001", "change", "opened")
    [ticket] = json.loads(run([mailbot, "tickets", "list", "--json"], cwd=empty, env=env).stdout)
    assert (ticket["ref"], ticket["state"], ticket["domains"]) == ("RL-000001", "awaiting_verification",
                                                                   ["hmrc.gov.uk"])
    outbox = json.loads(run([mailbot, "outbox", "list", "--json"], cwd=empty, env=env).stdout)
    assert [(m["template"], m["subject"]) for m in outbox] == [
        ("change_received", "[RL-000001] hmrc.gov.uk: change request"),
        ("operator_task", "[RL-000001] hmrc.gov.uk: change request")]
    assert [p.name for p in empty.iterdir()] == ["var"]  # all it wrote is its data
