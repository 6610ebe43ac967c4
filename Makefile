# Two commands: `make run` (set up, build the index if needed, start the chat) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install index browser run test bench bench-quick clean

# The set-up both commands share: the environment, then the index (under a second when nothing changed).
install: $(STAMP) index

# torch first: the pinned CPU wheel is local; any other torch request pulls GBs of CUDA packages.
# constraints.txt pins every package to the versions CI tested (regenerate: pip freeze --exclude-editable).
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $(STAMP)

# The browser test drives Debian's Chromium (Playwright's own browser download is not reachable here).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian chromium for the browser test"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		{ echo "ERROR: apt-get could not install chromium; the browser test cannot run" >&2; exit 1; }; \
	else echo "chromium is not installed and this is not root: the browser test will be skipped"; fi

index: $(STAMP)
	$(BIN)/cte-bot ingest

run: install
	$(BIN)/cte-bot serve

test: $(STAMP) browser
	$(BIN)/ruff check cte_bot ingest tests app.py bench
	$(BIN)/mypy cte_bot ingest
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/scale.py --quick
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/load.py

# Every benchmark once, small: CI runs this after the tests so a benchmark that no longer runs is caught
# (numbers from it are not the README's).
bench-quick: install
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/quality.py --quick
	$(BIN)/python bench/calibrate.py --quick
	$(BIN)/python bench/scale.py --quick
	$(BIN)/python bench/startup.py --quick
	$(BIN)/python bench/load.py --quick

clean:
	rm -rf $(VENV) .cte_bot
