# Learner Portfolio — the two commands a newcomer needs are `make run` and `make test`.
# `make run` installs what running needs; `make test` (and `make setup`) add the test tools.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps, so `make run` installs only what running needs and `make test` adds the test
# tools; each step reruns only when pyproject.toml changed (idempotent).
RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# The lock (issue 15): every install uses the same exact versions; `make lock` renews it.
LOCK       := packaging/constraints.txt
PIP        := $(BIN)/python -m pip install --quiet -c $(LOCK)

.PHONY: setup run test lint typecheck imports pytest bench mutation clean wheel lock bundle bundle-smoke translations screenshots

setup: $(TEST_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP) -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml $(LOCK) $(RUN_STAMP)
	$(PIP) -e ".[test]"
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

# A wheel for lab installs (packaging/README.md); built offline with the venv's setuptools.
wheel: $(TEST_STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .
	@ls dist/*.whl

# Renew the lock from a fresh resolve of pyproject.toml (needs the package registry).
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade pip
	build/lock-venv/bin/python -m pip install --quiet ".[test,package]"
	{ sed -n '/^#/p' $(LOCK); build/lock-venv/bin/python -m pip freeze --exclude-editable \
	  | grep -v '^learner-portfolio' | sort -f; } > $(LOCK).new && mv $(LOCK).new $(LOCK)

# The PyInstaller onedir bundle (dist/learner-portfolio-VERSION/), and its smoke test: the
# bundle's own `portfolio --version` and `portfolio verify` on a fixture (CI runs it).
bundle: $(TEST_STAMP)
	$(PIP) -e ".[package]"
	$(BIN)/pyinstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller \
	  packaging/pyinstaller/learner-portfolio.spec

bundle-smoke: bundle
	bash packaging/smoke.sh dist

# The window's strings: pyside6-lupdate collects every tr()/translate() text of the pages into
# resources/translations/pages_de.ts (translations already there are kept), pyside6-lrelease
# compiles each .ts into the .qm the app loads (ui/i18n.py). Both come with PySide6 in the venv.
PAGES_UI := $(wildcard portfolio_app/ui/pages.py portfolio_app/ui/qualifications_*.py \
	portfolio_app/ui/skills_*.py portfolio_app/ui/export_*.py portfolio_app/ui/settings_*.py \
	portfolio_app/ui/welcome_*.py)

# The wallet window's own strings (main window, wallet, details, import, lab-machine dialogs).
WALLET_UI := $(wildcard portfolio_app/ui/main_window.py portfolio_app/ui/wallet_*.py \
	portfolio_app/ui/details_*.py portfolio_app/ui/import_*.py portfolio_app/ui/lab_machine.py \
	portfolio_app/ui/learner_*.py)

translations: $(RUN_STAMP)
	$(BIN)/pyside6-lupdate -locations none -no-obsolete $(PAGES_UI) -ts resources/translations/pages_de.ts
	$(BIN)/pyside6-lupdate -locations none -no-obsolete $(WALLET_UI) -ts resources/translations/wallet_de.ts
	@for ts in resources/translations/*.ts; do $(BIN)/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm || exit 1; done

# PNGs of the main views (offscreen, sample credentials in a temporary profile) for the README.
screenshots: $(RUN_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info build dist
