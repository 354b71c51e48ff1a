# Operations Command Center - set-up and run targets.
# `make run` and `make test` work on a fresh clone: they create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP = app.py

.PHONY: run serve test test-fast test-pg lint bench bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

# `make run` and `make serve` host the watcher (one elected poller; OPS_CENTER_WATCHER, see README "Production").
run: $(VENV)/.installed-run
	$(BIN)/flask db upgrade heads
	$(BIN)/flask user ensure-admin
	@echo "Dashboard: http://$(HOST):$(PORT)/ops  (demo data until a system is configured)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Production server (waitress, 8 threads); see README "Production".
serve: $(VENV)/.installed-run
	$(BIN)/flask db upgrade heads
	$(BIN)/flask user ensure-admin
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} MALLOC_ARENA_MAX=$${MALLOC_ARENA_MAX:-2} FLASK_CONFIG=production $(BIN)/waitress-serve --host $(HOST) --port $(PORT) --threads 8 --call app:create_app

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# The quick loop: no browser, no loopback protocol fakes, no extra processes (seconds, not minutes).
test-fast: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m "not browser and not wire and not multiprocess"

# The whole suite on SQLite and, side by side, every database test again on a throwaway PostgreSQL server
# (tests/pg_server.py starts Debian's postgresql as an unprivileged user on a socket; .ci/run installs it).
# The two runs mostly wait on sockets and timers, so together they take little longer than one; each writes
# its log (.pytest-sqlite.log, .pytest-postgresql.log), printed whole when it failed.
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	@echo "pytest on SQLite and on PostgreSQL, side by side..."
	@$(BIN)/python -m pytest -q > .pytest-sqlite.log 2>&1 & sqlite=$$!; \
	OPS_TEST_DB=postgresql $(BIN)/python -m pytest -q > .pytest-postgresql.log 2>&1; pg=$$?; \
	wait $$sqlite; sq=$$?; \
	for run in sqlite:$$sq postgresql:$$pg; do \
	  name=$${run%%:*}; rc=$${run##*:}; echo "== $$name (exit $$rc) =="; \
	  if [ $$rc -eq 0 ]; then tail -n 1 .pytest-$$name.log; else cat .pytest-$$name.log; fi; \
	done; \
	[ $$sq -eq 0 ] && [ $$pg -eq 0 ]

test-pg: $(VENV)/.installed-test
	OPS_TEST_DB=postgresql $(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The scale lab: N = 10, 50, 100, 200 instances, SQLite and PostgreSQL (BENCH_SCALE_ARGS="--backend sqlite").
bench-scale: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.scale $(BENCH_SCALE_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
