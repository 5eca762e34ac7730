# The two quick-start commands: `make demo` and `make test`. Each installs what it needs first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench clean browser ocr-deps

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tieout check examples/immunogen-8k-2011-04-28.txt

# The HTML report is tested in headless Chromium; CI installs it, a laptop skips that test.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@if [ "$$CI" = "true" ] && ! command -v chromium >/dev/null 2>&1; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; fi

# OCR of scanned statements needs Tesseract (and poppler-utils); CI installs them, elsewhere the tests that need them skip.
ocr-deps:
	@if [ "$$CI" = "true" ] && ! command -v tesseract >/dev/null 2>&1; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends tesseract-ocr poppler-utils; fi

test: $(STAMP) browser ocr-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check checker tests benchmarks taxonomies

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
