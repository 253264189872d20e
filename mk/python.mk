# Python package `billsim` (bindings-python/): build the wheel with maturin in
# its own target dir (a plain cargo build and maturin would rebuild each
# other's output), install it into .venv as a user would, run pytest over the
# package tests, doctests, the mypy check and the notebooks.
TEST_TARGETS += test-python

PY_VENV := .venv
PY := $(PY_VENV)/bin/python
PY_WHEELS := target/maturin/wheels

python-wheel:
	scripts/setup.sh python
	rm -rf $(PY_WHEELS)
	$(PY_VENV)/bin/maturin build --release -q --target-dir target/maturin \
		-m bindings-python/Cargo.toml -i $(PY) --out $(PY_WHEELS)
	$(PY) -m pip install -q --force-reinstall --no-deps $(PY_WHEELS)/billsim-*.whl

test-python: python-wheel
	cd bindings-python && ../$(PY) -m pytest -c pyproject.toml -q -p no:cacheprovider tests \
		"$$(../$(PY) -c 'import billsim, os; print(os.path.dirname(billsim.__file__))')"
	$(PY) -m pytest -q -p no:cacheprovider --nbmake notebooks

.PHONY: python-wheel test-python
