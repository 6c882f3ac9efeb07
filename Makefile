# Two commands set up everything on a fresh machine:
#   make demo   install, then build the default memo (PDF and DOCX) into out/
#   make test   install, then run the whole test suite (a worker per core, a test file each)
# Python packages come from requirements.lock: exact versions, hash-checked. `make lock`
# re-resolves it after a change to pyproject.toml, keeping the other pins; `make
# lock-upgrade` moves every pin to its newest release. Run `make test`, then commit it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
# The lock tool, in a throwaway venv of its own: not a dependency of briefgen.
UV_VERSION := 0.13.8
LOCK_VENV  := build/lock-venv

# Debian package names. Pango for WeasyPrint; harfbuzz-subset for fast font subsetting
# (without it PDF builds are about 5 times slower); fontconfig, and Liberation fonts,
# metric-compatible with Times New Roman, so PDF and DOCX set the same lines; Noto for
# the scripts Liberation lacks (Noto CJK for Chinese, Japanese and Korean).
DEMO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
                 fonts-liberation fonts-noto-core fonts-noto-cjk
# The tests also read PDFs back with poppler (pdftotext, pdfinfo, pdffonts) and turn
# DOCX into PDF with LibreOffice (soffice --headless).
TEST_PACKAGES := $(DEMO_PACKAGES) poppler-utils libreoffice-writer-nogui

.PHONY: demo test bench bench-suggest fuzz install system-packages system-packages-demo system-packages-test \
        lock lock-upgrade clean

demo: system-packages-demo $(VENV)/.installed
	$(BIN)/briefgen build --format pdf --format docx

test: system-packages-test $(VENV)/.installed
	$(BIN)/python -m pytest -q -n auto --dist loadfile

install: system-packages-demo $(VENV)/.installed

system-packages: system-packages-test

system-packages-demo:
	@$(call install-system-packages,$(DEMO_PACKAGES))

system-packages-test:
	@$(call install-system-packages,$(TEST_PACKAGES))

# Installs the missing ones of the packages given (as root, with apt-get); not root,
# prints the command to run and stops; no apt-get, names them and goes on.
define install-system-packages
missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
missing=$$(echo $$missing); \
if [ -z "$$missing" ]; then exit 0; fi; \
if ! command -v apt-get >/dev/null; then \
	echo "briefgen needs these system libraries (Debian names): $$missing"; \
	echo "install their equivalents with your package manager, then run make again"; exit 0; fi; \
if [ "$$(id -u)" = 0 ]; then \
	echo "installing system packages: $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
else \
	echo "briefgen needs system packages that are not installed; run:"; \
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $$missing"; \
	echo "then run make again"; exit 1; fi
endef

# A new venv each time the lock or the project changes, so it holds exactly the lock.
# Everything is hash-checked, pip and setuptools included; briefgen itself is then
# installed editable, with the locked setuptools (no unpinned build environment).
# --no-deps: the lock is the whole set (pip check then proves nothing is missing), and
# an old pip need not resolve extras it reads wrongly (justext's lxml[html_clean]).
$(VENV)/.installed: $(LOCK) pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

# Re-resolve the lock after a change to pyproject.toml or requirements-build.in,
# keeping every pin that still fits. For all platforms and Pythons that briefgen
# supports, with the hashes of every file of each release.
lock:
	$(call compile-lock,)

# The same, moving every pin to its newest release.
lock-upgrade:
	$(call compile-lock,--upgrade)

define compile-lock
$(PYTHON) -m venv --clear $(LOCK_VENV)
$(LOCK_VENV)/bin/python -m pip install -q uv==$(UV_VERSION)
$(LOCK_VENV)/bin/uv pip compile --quiet --universal --generate-hashes --extra test $(1) \
	--custom-compile-command "make lock" -o $(LOCK) pyproject.toml requirements-build.in
rm -rf $(LOCK_VENV)
@echo "$(LOCK) written; run make test, then commit it"
endef

clean:
	rm -rf $(VENV) out build *.egg-info

# Not part of the tests: cold command-line timings against raw WeasyPrint, warm
# rebuilds as `briefgen watch` does them, and growth from 20 to 2 000 sources; then
# `briefgen suggest` scored against the spans analysts marked (bench-suggest alone).
bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/suggest_eval.py

bench-suggest: install
	$(BIN)/python bench/suggest_eval.py

# Not part of the tests: the fuzz tests (tests/test_fuzz.py) with 20 000 examples per
# property instead of a few hundred; takes several minutes.
fuzz: system-packages-test $(VENV)/.installed
	BRIEFGEN_FUZZ=long $(BIN)/python -m pytest -q tests/test_fuzz.py --hypothesis-show-statistics
