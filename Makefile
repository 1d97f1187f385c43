# SkyGate: `make demo` runs the service with a seeded demo airport;
# `make test` runs the whole suite. Both set up .venv first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO_DB ?= sqlite:///var/demo.db

.PHONY: install demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24" "setuptools>=68,<81" wheel

# Re-installs only when the project's metadata changes.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	# face_recognition declares a dependency on `dlib`, which would compile for
	# many minutes; dlib-bin (installed above) provides the same module.
	$(BIN)/pip install --quiet --no-deps "face_recognition==1.3.0"
	touch $(STAMP)

install: $(STAMP)

demo: install
	SKYGATE_DATABASE_URL=$(DEMO_DB) $(BIN)/skygate demo --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
