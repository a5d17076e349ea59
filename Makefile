# Pre-consultation assistant. `make run` starts everything; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
BOT_FILES := $(shell find bot -type f \( -name '*.yml' -o -name '*.yaml' \) -not -path 'bot/tests/*' 2>/dev/null) config.yml
KNOWLEDGE_FILES := $(shell find knowledge -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.md' -o -name '*.csv' \) 2>/dev/null)
DOMAINS := messages bot triage answers pharmacy admin
LOCALES := zh_CN zh_TW en
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 3

.PHONY: all venv venv-rasa i18n i18n-update jieba-dict train db knowledge run lint typecheck \
        test test-unit test-rasa test-integration test-browser test-faults clean bench \
        run-prod-local

all: run

# ---------------------------------------------------------------- environments
$(VENV)/.installed: requirements/app.lock.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/app.lock.txt
	$(PY) -m pip install -q --no-deps -e . --config-settings editable_mode=compat
	touch $@

$(RASA_VENV)/.installed: requirements/rasa.lock.txt
	test -x $(RASA_VENV)/bin/python || $(PYTHON) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install -q --upgrade pip
	$(RASA_VENV)/bin/python -m pip install -q --no-deps --ignore-requires-python -r requirements/rasa.lock.txt
	touch $@

venv: $(VENV)/.installed
venv-rasa: $(RASA_VENV)/.installed

# ---------------------------------------------------------------- i18n (Babel)
i18n-update: venv
	@for d in $(DOMAINS); do \
	  $(VENV)/bin/pybabel -q extract -F babel/$$d.cfg --no-default-keywords -k _ -k N_ -k gettext:2 \
	    -k ngettext:2,3 --sort-by-file --no-wrap -o preconsult/locales/$$d.pot . ; \
	  for l in $(LOCALES); do \
	    if [ -f preconsult/locales/$$l/LC_MESSAGES/$$d.po ]; then \
	      $(VENV)/bin/pybabel -q update --no-wrap --ignore-obsolete -D $$d -l $$l -i preconsult/locales/$$d.pot -d preconsult/locales; \
	    else \
	      $(VENV)/bin/pybabel -q init --no-wrap -D $$d -l $$l -i preconsult/locales/$$d.pot -d preconsult/locales; \
	    fi; \
	  done; \
	done

i18n: venv
	@for d in $(DOMAINS); do for l in $(LOCALES); do \
	  if [ -f preconsult/locales/$$l/LC_MESSAGES/$$d.po ]; then \
	    $(VENV)/bin/pybabel -q compile --use-fuzzy -D $$d -l $$l -d preconsult/locales || exit 1; fi; \
	done; done

# ---------------------------------------------------------------- knowledge and Rasa model
bot/jieba_dict/medical.txt: $(KNOWLEDGE_FILES) | venv
	$(VENV)/bin/preconsult knowledge jieba-dict --out $@

jieba-dict: bot/jieba_dict/medical.txt

knowledge: venv
	$(VENV)/bin/preconsult knowledge validate
	$(VENV)/bin/preconsult knowledge build

# Trains only when config, domain, NLU data, stories or the jieba dictionary changed.
models/.trained: $(BOT_FILES) bot/jieba_dict/medical.txt | venv-rasa
	mkdir -p models
	cd bot && ../$(RASA) train --config ../config.yml --domain domain --data data --out ../models --fixed-model-name preconsult --quiet
	touch $@

train: models/.trained

db: venv
	$(VENV)/bin/preconsult db upgrade

run: venv venv-rasa i18n train db knowledge
	$(VENV)/bin/preconsult run

# 2 gateways + 2 Rasa + 2 action servers behind nginx, on the local PostgreSQL and Redis.
run-prod-local: venv venv-rasa i18n train knowledge
	$(VENV)/bin/preconsult run-prod-local

# ---------------------------------------------------------------- checks
lint: venv
	$(VENV)/bin/ruff check preconsult knowledge web actions tests benchmarks bot
	$(VENV)/bin/ruff format --check preconsult knowledge web actions tests benchmarks bot

typecheck: venv
	$(VENV)/bin/mypy preconsult knowledge web actions

test-unit: venv i18n knowledge
	$(VENV)/bin/pytest -q -m "not integration and not browser" tests

test-rasa: venv-rasa train
	cd bot && ../$(RASA) data validate --config ../config.yml --domain domain --data data --fail-on-warnings
	cd bot && ../$(RASA) test core --model ../models/preconsult.tar.gz --stories tests --fail-on-prediction-errors --out ../results/core
	cd bot && ../$(RASA) test nlu --model ../models/preconsult.tar.gz --nlu tests/nlu_test.yml --out ../results/nlu

# Integration and browser tests share one running system (started once by a session fixture).
test-integration: venv venv-rasa i18n train knowledge
	$(VENV)/bin/pytest -q -m "integration or browser" tests

# Kills and restarts every service of the production topology (also the machine's PostgreSQL and
# Redis, always started again); per-fault report in results/faults.txt.
test-faults: venv venv-rasa i18n train knowledge
	$(VENV)/bin/pytest -q -m faults tests/faults

test-browser: venv venv-rasa i18n train knowledge
	$(VENV)/bin/pytest -q -m "browser" tests

test: venv venv-rasa i18n
	$(MAKE) lint typecheck
	$(MAKE) test-unit
	$(MAKE) test-rasa
	$(MAKE) test-integration

bench: venv
	@ls benchmarks/*.py

clean:
	rm -rf models results bot/jieba_dict var .pytest_cache .mypy_cache .ruff_cache
	find preconsult/locales -name '*.mo' -delete
