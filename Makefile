# The suite's commands. Each target sets up what it needs: the virtual environment, the packages, the Kafka jars.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: help setup system-packages kafka-jars demo up test test-unit test-component test-integration test-e2e lint format schemas \
        bench-scoring bench-audit bench-bids bench-notifications kafka-start kafka-stop clean

help:
	@echo "make demo    bring the suite up, run the Kolding park-maintenance scenario, stop"
	@echo "make test    every test tier against a real Kafka broker started for the run"
	@echo "make lint    ruff, mypy and the import contracts"

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

setup: $(INSTALLED)

kafka-jars: $(INSTALLED)
	$(BIN)/procure kafka fetch

demo: kafka-jars
	$(BIN)/procure demo

up: kafka-jars
	$(BIN)/procure up

# PostgreSQL and Chromium from Debian, when missing (see the script).
system-packages:
	bash deploy/system-packages.sh

# One pytest run, so the whole run shares one broker (or the one KAFKA_BOOTSTRAP_SERVERS names).
test: kafka-jars system-packages
	$(BIN)/lint-imports
	$(BIN)/pytest tests/unit tests/component tests/integration tests/e2e

test-unit test-component: $(INSTALLED)
	$(BIN)/pytest tests/$(subst test-,,$@)

test-integration test-e2e: kafka-jars system-packages
	$(BIN)/pytest tests/$(subst test-,,$@)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schemas: $(INSTALLED)
	$(BIN)/procure schemas --write

bench-scoring: $(INSTALLED)
	$(BIN)/python -m benchmarks.bench_scoring

bench-audit: kafka-jars
	$(BIN)/python -m benchmarks.bench_audit

bench-bids bench-notifications: kafka-jars
	$(BIN)/python -m benchmarks.$(subst -,_,$@)

kafka-start: kafka-jars
	$(BIN)/procure kafka start

kafka-stop: $(INSTALLED)
	$(BIN)/procure kafka stop

clean:
	-$(BIN)/procure kafka stop
	rm -rf $(VENV) .cache .run .pytest_cache .mypy_cache .ruff_cache
