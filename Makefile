# The two commands a newcomer needs: `make run` and `make test`. Everything else they need is set up here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The embedded default, for trying the bot: its DNS for DKIM is the demo file (examples/demo-dkim/), so that the
# worked example's signed reply counts. A deployment runs `mailbot run` with the real DNS.
run: $(STAMP)
	$(BIN)/mailbot db upgrade
	MAILBOT_DNS_FILE="$${MAILBOT_DNS_FILE:-examples/demo-dkim/dns.json}" $(BIN)/mailbot run

# The tests use a real PostgreSQL as well as SQLite; scripts/ensure-postgres starts (or installs) one
# and prints its URL, unless MAILBOT_TEST_PG_URL already names one. The IMAP tests start a private Dovecot
# of their own; scripts/ensure-dovecot installs it if need be and prints the binary's path. The zone-watch tests
# start a private Knot DNS serving a test zone by AXFR; scripts/ensure-dns installs it and prints knotd's path.
# `ruff check` (pyproject's [tool.ruff]) runs first, here rather than as a test: a finding stops the target in a
# second, before the suite's minutes, and names its file and line as ruff does; pytest stays about behaviour.
# The suite runs in one process a core (pytest-xdist; each process has its own PostgreSQL database, SQLite files,
# Dovecot and folders): TEST_WORKERS=1 runs it in one, PYTEST_ARGS adds pytest's own options.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/ruff check .
	MAILBOT_TEST_PG_URL="$${MAILBOT_TEST_PG_URL:-$$(scripts/ensure-postgres)}" \
	MAILBOT_TEST_DOVECOT="$${MAILBOT_TEST_DOVECOT:-$$(scripts/ensure-dovecot)}" \
	MAILBOT_TEST_KNOT="$${MAILBOT_TEST_KNOT:-$$(scripts/ensure-dns)}" \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/ingest.py --count 300

clean:
	rm -rf $(VENV) var .pytest_cache
