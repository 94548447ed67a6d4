# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STORE ?= store

.PHONY: run test install build serve eval bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed

build: install
	$(PY) build_graph.py --sources sources --store $(STORE)

run: build
	$(PY) serve.py --store $(STORE) --port $(PORT)

test: install
	$(PY) -m pytest tests

eval: install
	$(PY) -m graph.evaluate

bench: install
	$(PY) bench/bench_build.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
