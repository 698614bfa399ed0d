#!/usr/bin/env bash
# Prints the benchmark figures: bash tests/AfterSales.Bench/run.sh [complaints=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build functions/AfterSales -c Release -v q -nologo >/dev/null
dotnet run -c Release --project tests/AfterSales.Bench -- "${1:-200}"
