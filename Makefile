# OneTeam: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets serve migrate demo clean lint bench

run: install migrate demo
	ONETEAM_DEV=1 $(BIN)/oneteam collectstatic --noinput -v 0
	ONETEAM_DEV=1 $(BIN)/oneteam run --with-worker --host $(HOST) --port $(PORT)

test: install
	ONETEAM_TESTING=true $(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed assets

# The CPU build of PyTorch is installed first and by exact version, so the
# semantic extra never pulls a multi-gigabyte GPU build (see README).
$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q "torch==2.13.0" || $(PIP) install -q "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
	$(PIP) install -q -e ".[test,semantic]"
	touch $@

assets: oneteam/core/static/build/oneteam.css

oneteam/core/static/build/oneteam.css: package.json frontend/build.mjs frontend/scss/oneteam.scss
	npm install --no-audit --no-fund --loglevel=error
	npm run --silent build

migrate: install
	ONETEAM_DEV=1 $(BIN)/oneteam migrate --noinput -v 0

demo: install
	ONETEAM_DEV=1 $(BIN)/oneteam demo

bench: install
	$(PY) bench/schedule.py
	$(PY) bench/similar.py

clean:
	rm -rf $(VENV) node_modules oneteam/core/static/build var
