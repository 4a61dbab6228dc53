# Two commands set up a fresh machine: `make demo` and `make test`.
# Both create the project's own virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Tests and benchmarks read the books' data files offline from ../shared/datasets.
EMBER_DATA_HOME ?= $(abspath ../shared/datasets)
export EMBER_DATA_HOME

.PHONY: demo test test-slow test-all bench clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.demo: $(VENV)/.base
	$(PY) -m pip install -q -e '.[demo]'
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The main job: HOML ch2's end-to-end project on the embedded housing data.
demo: $(VENV)/.demo
	$(PY) examples/homl_ch2_housing.py

test: $(VENV)/.test
	$(PY) -m pytest -q

test-slow: $(VENV)/.test
	$(PY) -m pytest -q -m slow

test-all: $(VENV)/.test
	$(PY) -m pytest -q -m "slow or not slow"

bench: $(VENV)/.test
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
