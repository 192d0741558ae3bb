#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: Catch2 unit tests, ABI fixtures,
# integration tests (sandbox + real kubectl), end-to-end tests with the official MCP SDK client,
# a real OIDC provider and the MCP conformance suite; then the whole suite once more under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/scripts/install-deps.sh --test
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

run_suite() {
  local dir=$1
  meson test -C "$dir" --print-errorlogs --num-processes 2 --suite unit --suite sandbox --suite integration
  (cd tests/e2e && KMCP_BUILD_DIR="../../$dir" node_modules/.bin/node --test --test-concurrency=1 ./*.test.mjs)
}

# -O1 without debug info: on 2 cores the build dominates the run, and -O2 or -g only lengthen it.
[ -f build/build.ninja ] || meson setup build -Dtests=true -Dbuildtype=plain -Doptimization=1 -Ddebug=false
ninja -C build
run_suite build

if [ "${KMCP_SKIP_SANITIZERS:-0}" != 1 ]; then
  [ -f build-asan/build.ninja ] || meson setup build-asan -Dtests=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbuildtype=plain -Doptimization=0 -Ddebug=false
  ninja -C build-asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_suite build-asan
fi
echo "all test suites passed"
