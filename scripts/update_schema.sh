#!/bin/sh
# Regenerate the committed OpenAPI schema (src/qamqor/api/openapi.yaml) from the code.
# tests/api/test_openapi_file.py fails with a diff whenever the code's schema differs from the file:
# run this, look at `git diff src/qamqor/api/openapi.yaml`, and commit it with the change.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" manage.py spectacular --lang en --validate --file src/qamqor/api/openapi.yaml
echo "Wrote src/qamqor/api/openapi.yaml"
