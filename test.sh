#!/usr/bin/env bash
# Installs what the tests need, builds, runs every test project and ends with one line:
#   tests: N passed, N failed[, N skipped]
# Exit status is 0 only when the build succeeded and no test failed.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The runtime settings the fulcrum executable gives itself (src/Fulcrum/Hosting/RuntimeSettings.cs), so the in-process
# gateways of the tests run the way production does.
export DOTNET_TC_CallCountingDelayMs=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1

# System packages the tests use, installed only when missing (apt-get needs root, as on CI).
packages=()
command -v curl >/dev/null 2>&1 || packages+=(curl)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
command -v nghttp >/dev/null 2>&1 || packages+=(nghttp2-client)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
command -v sslscan >/dev/null 2>&1 || packages+=(sslscan)
if [ ${#packages[@]} -gt 0 ]; then
  echo "installing: ${packages[*]}"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq "${packages[@]}" >/dev/null; fi
fi

results=TestResults
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Fulcrum.slnx -c Release -warnaserror -nologo -v quiet; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

status=0
aborted=()
for project in test/Fulcrum.Tests test/Fulcrum.FunctionalTests test/Fulcrum.DashboardTests; do
  name=$(basename "$project")
  echo "== $name"
  # A hung test is named by the assemblies' HangWatchdog (4 min) before vstest's blame gives up on the host (5 min).
  if ! dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" --blame-hang-timeout 5m; then
    status=1
    aborted+=("$name")
  fi
done

# Sum the counters of every TRX file. A project whose run failed with no failed test in its TRX (the host crashed or
# hung, or it wrote none) counts as one failure, so the line never reads "0 failed" for a run that did not pass.
passed=0; failed=0; skipped=0
for project in test/Fulcrum.Tests test/Fulcrum.FunctionalTests test/Fulcrum.DashboardTests; do
  name=$(basename "$project")
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then failed=$((failed + 1)); continue; fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get total) - $(get executed)))
  if [[ " ${aborted[*]} " == *" $name "* ]] && [ "$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))" -eq 0 ]; then
    echo "$name: the run did not complete (see above); counted as one failure"
    failed=$((failed + 1))
  fi
done
[ "$failed" -eq 0 ] || status=1

line="tests: $passed passed, $failed failed"
[ "$skipped" -eq 0 ] || line="$line, $skipped skipped"
echo "$line"
exit $status
