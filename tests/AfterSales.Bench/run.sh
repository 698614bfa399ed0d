#!/usr/bin/env bash
# The benchmark, writing BENCHMARKS.md: bash tests/AfterSales.Bench/run.sh [seconds per level=10] [--no-write]
# Publishes the handler (for the cold start), then runs the bench against a private Azurite.
set -euo pipefail
cd "$(dirname "$0")/../.."
published="$(pwd)/artifacts/bench-functionapp"
echo "publishing the handler to $published (for the cold start) ..."
dotnet publish functions/AfterSales -c Release -o "$published" -v q -nologo >/dev/null
dotnet run -c Release --project tests/AfterSales.Bench -- "${1:-10}" --published "$published" "${@:2}"
