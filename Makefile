# The two quick-start commands: `make demo` and `make test`. Each installs what it needs first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench clean ocr-deps

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tieout check examples/immunogen-8k-2011-04-28.txt

# OCR of scanned statements needs Tesseract and poppler's pdftoppm; on CI they are installed, elsewhere the tests that need them skip.
ocr-deps:
	@if [ "$$CI" = "true" ] && ! command -v tesseract >/dev/null; then apt-get update && apt-get install -y tesseract-ocr poppler-utils; fi

test: $(STAMP) ocr-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check checker tests benchmarks taxonomies

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
