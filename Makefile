# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STORE ?= store
CORPUS ?= ../shared/corpus/ofsted

.PHONY: run test install test-setup build serve eval bench chaos clean

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

test-setup:
	scripts/test_setup.sh

test: install test-setup
	$(PY) -m pytest tests

eval: install
	$(PY) -m graph.evaluation --corpus $(CORPUS)
	$(PY) -m graph.evaluation fixtures tests/fixtures/docs
	$(PY) -m graph.evaluation fixtures tests/fixtures/heldout
	$(PY) -m graph.evaluation real
	$(PY) -m graph.evaluation layouts

bench: install
	$(PY) bench/bench_build.py --corpus $(CORPUS)
	$(PY) bench/bench_incremental.py --corpus sources --corpus $(CORPUS)
	mkdir -p bench/out
	$(PY) build_graph.py --sources sources --sources $(CORPUS) --store bench/out/store --out bench/out/all.nq
	$(PY) bench/bench_service.py bench/out/all.nq

# The robustness suite (docs/reliability.md): bad documents, faults, and hostile requests and load at the
# running service, one table; its fast part is in make test.
chaos: install
	$(PY) -m chaos

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
