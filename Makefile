# Learner Portfolio — the two commands a newcomer needs are `make run` and `make test`.
# `make setup` is the shared, idempotent step: it (re)creates .venv only when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint typecheck imports pytest bench mutation clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: setup
	$(BIN)/portfolio

lint: setup
	$(BIN)/ruff check portfolio_app tests bench

typecheck: setup
	$(BIN)/mypy

imports: setup
	$(BIN)/lint-imports

pytest: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test: lint typecheck imports pytest

bench: setup
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Not part of `make test` (most of an hour on 2 cores). MODULES=jws,didkey limits it (MODULES=all:
# every verify/ module); MAX_SECONDS caps the run; NEW_TESTS=a.py,b.py also reports the table
# without those tests. Report in bench/out/mutation.md. See docs/mutation.md.
mutation: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/mutation.py --modules "$(MODULES)" --max-seconds $(or $(MAX_SECONDS),2700)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
