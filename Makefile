# Two commands on a fresh machine (Python 3.11+):  make briefing   and   make test
# Each sets up .venv first when it is missing or pyproject.toml changed.
# While working: make test-fast (no kernel, no build: two to three minutes) and make lint.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: briefing test test-fast lint validate bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

briefing: $(STAMP)
	$(BIN)/python build.py $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

# Everything but the end-to-end tests (kernels, papermill, builds) and the hostile-data sweep
# beyond one case per rule family.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not e2e and not hostile" $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

validate: $(STAMP)
	$(BIN)/python build.py validate $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf build
