# Two commands on a fresh machine (Python 3.11+):  make briefing   and   make test
# Each sets up .venv first when it is missing or pyproject.toml changed.
# While working: make test-fast (no kernel, no build: about four minutes) and make lint.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: briefing test test-fast lint validate new bench clean

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

# A new data folder for a briefing on another country, ready to fill in (python -m kzbrief new;
# ARGS takes its options: --country, --iso3, --adjective, --first-year, --compare, --rsf-dir):
#   make new DIR=../belarus ARGS="--country Belarus --iso3 BLR --compare RUS UKR"
new: $(STAMP)
	@test -n "$(DIR)" || { echo 'make new needs DIR, the folder to create: make new DIR=../belarus ARGS="--country Belarus --iso3 BLR"'; exit 2; }
	$(BIN)/python -m kzbrief new "$(DIR)" $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf build
