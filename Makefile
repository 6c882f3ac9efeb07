# Two commands set up everything on a fresh machine:
#   make demo   install, then build the default memo (PDF and DOCX) into out/
#   make test   install, then run the whole test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Pango for WeasyPrint; harfbuzz-subset for fast font subsetting (without it PDF
# builds are about 5 times slower); Liberation fonts, metric-compatible with Times
# New Roman, so PDF and DOCX set the same lines; poppler-utils for the tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation poppler-utils

.PHONY: demo test bench fuzz install system-packages clean

demo: install
	$(BIN)/briefgen build --format pdf --format docx

test: install
	$(BIN)/python -m pytest -q

install: system-packages $(VENV)/.installed

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "briefgen needs these system libraries (Debian names): $$missing"; \
		echo "install their equivalents with your package manager, then run make again"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing system packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "briefgen needs system packages; run:"; \
		echo "  sudo apt-get install -y $$missing"; exit 1; fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) out build *.egg-info

# Not part of the tests: cold command-line timings against raw WeasyPrint, warm
# rebuilds as `briefgen watch` does them, and growth from 20 to 2 000 sources.
bench: install
	$(BIN)/python bench/run.py

# Not part of the tests: the fuzz tests (tests/test_fuzz.py) with 20 000 examples per
# property instead of a few hundred; takes several minutes.
fuzz: install
	BRIEFGEN_FUZZ=long $(BIN)/python -m pytest -q tests/test_fuzz.py --hypothesis-show-statistics
