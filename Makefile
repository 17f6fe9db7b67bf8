# Learner Portfolio — the two commands a newcomer needs are `make run` and `make test`.
# `make run` installs what running needs; `make test` (and `make setup`) add the test tools.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps, so `make run` installs only what running needs and `make test` adds the test
# tools; each step reruns only when pyproject.toml changed (idempotent).
RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: setup run test lint typecheck imports pytest bench mutation clean

setup: $(TEST_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(TEST_STAMP)

run: $(RUN_STAMP)
	$(BIN)/portfolio

lint: $(TEST_STAMP)
	$(BIN)/ruff check portfolio_app tests bench tools

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

imports: $(TEST_STAMP)
	$(BIN)/lint-imports

pytest: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test: lint typecheck imports pytest

# Every bench/*.py in turn; a missed target or a failure does not stop the others, and the exit
# status says whether any did.  BENCH_QUICK=1 asks scripts that read it for fewer repetitions
# (the whole run stays under 5 minutes); `make bench BENCH_QUICK=0` for the full counts.
BENCH_QUICK ?= 1
bench: $(TEST_STAMP)
	@failed=""; for script in bench/*.py; do echo "== $$script"; \
	  BENCH_QUICK=$(BENCH_QUICK) $(BIN)/python $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "missed a target or failed:$$failed"; exit 1; fi

# Not part of `make test` (most of an hour on 2 cores). MODULES=jws,didkey limits it (MODULES=all:
# every verify/ module); MAX_SECONDS caps the run; NEW_TESTS=a.py,b.py also reports the table
# without those tests. Report in bench/out/mutation.md. See docs/mutation.md.
mutation: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/mutation.py --modules "$(MODULES)" --max-seconds $(or $(MAX_SECONDS),2700)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
