# The two commands of the README:
#   make demo   the whole course pipeline on a sample class (data, release, grade, feedback, reports)
#   make test   the test suite
# (and `make lint`: ruff and mypy, which CI runs before the tests)
# Both set up everything they need first: system packages, a virtual environment with the pinned
# requirements, and the `autograder` command.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMPS := .stamps

.PHONY: demo test lint setup bench bench-latency bench-one-student clean-state

demo: $(STAMPS)/python $(STAMPS)/system
	$(BIN)/autograder demo

# Both tiers (tests/unit and the end-to-end tests) in one run on three workers, one more than CI's two cores: many
# end-to-end tests wait on servers, browsers, polls and wall limits, and a third worker's work fills those waits
# (measured in one fresh clone: 15 min 15 s on two workers, 12 min 38 s on three). A module runs whole on one
# worker, the longest first (tests/conftest.py); the 30 slowest steps are printed at the end.
test: $(STAMPS)/python $(STAMPS)/system-browser
	$(BIN)/python -m pytest -n 3 --dist loadfile --no-loadscope-reorder --durations=30

setup: $(STAMPS)/python $(STAMPS)/system

# ruff over the package, the tests and the benchmarks, and mypy over the package (pyproject.toml says which rules
# and why): both at zero findings, checked by CI before the tests. Only the virtual environment is needed.
lint: $(STAMPS)/python
	$(BIN)/ruff check autograder tests bench
	$(BIN)/mypy

# Stock `nbgrader autograde` against `autograder grade` on classes of 10, 40 and 160 (tens of minutes;
# needs the data set, like the demo). The figures in the README come from this.
bench: $(STAMPS)/python $(STAMPS)/system
	$(BIN)/python bench/grade_class.py --json reports/bench.json

# How long a student waits for feedback: one submission cold (ours and stock nbgrader), through the warm grading
# service, and a burst of 60 (about 4 minutes on a quiet machine). The latency figures in the README come from this.
bench-latency: $(STAMPS)/python $(STAMPS)/system
	$(BIN)/python bench/latency.py --json reports/latency.json

# One student graded from the command line (`autograder grade ID --student S`) beside stock nbgrader, in a course
# whose classes are graded, with a profile of where our time goes (about 15 minutes, most of it grading the classes).
bench-one-student: $(STAMPS)/python $(STAMPS)/system
	$(BIN)/python bench/one_student.py --json reports/one_student.json

$(STAMPS)/python: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system: scripts/install-system-packages
	scripts/install-system-packages
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-browser: scripts/install-system-packages $(STAMPS)/system
	scripts/install-system-packages --with-browser
	@mkdir -p $(STAMPS) && touch $@

# Remove generated grading state (submissions, grades, feedback, reports); never source/ or release/.
clean-state:
	rm -rf submitted autograded feedback reports gradebook.db
