#!/usr/bin/env bash
# Regenerates the dialect and pass reference from the ODS files (add_mlir_doc)
# and copies it into docs/generated/, where it is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target mlir-doc
mkdir -p docs/generated
cp build/docs/sluice/SluiceDialect.md build/docs/sluice/SluicePasses.md docs/generated/
echo "docs/generated/ updated"
