#!/usr/bin/env bash
# Resident memory of the running embedded default after an ingest: submits N demo keys
# (one integration each) to a launcher started with ./run-local.sh, waits until the
# status service lists them all, then prints the RSS of the launcher and each child.
# Usage: TOKEN=… [LAUNCHER_PID=…] [COLLECTOR=…] [STATUS=…] faults/memory.sh [N=10000] [CONCURRENCY=16]
set -euo pipefail
n="${1:-10000}"; concurrency="${2:-16}"
collector="${COLLECTOR:-http://localhost:8080}"; status="${STATUS:-http://localhost:8083}"
: "${TOKEN:?set TOKEN to the token the launcher printed}"
run=$(date +%s)
rss() {
  launcher="${LAUNCHER_PID:-$(pgrep -f "embedded-.*\.jar" | head -1)}"
  total=0
  for pid in $launcher $(pgrep -P "$launcher"); do
    kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    name=$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -oE '(vault|collector|status|scanner)-service|quarkus|embedded' | head -1)
    printf '  %-18s %6d MiB\n' "${name:-?}" $((kb / 1024))
    total=$((total + kb))
  done
  printf '  %-18s %6d MiB\n' total $((total / 1024))
}
echo "Before:"; rss
start=$(date +%s)
seq -f '%06g' 1 "$n" | xargs -P "$concurrency" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -X POST "$collector/api/integrations/demo/credentials" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -H "Idempotency-Key: mem-$run-{}" \
  -d "{\"name\":\"m$run-{}\",\"fields\":{\"api_key\":\"demo_live_$run{}\"}}" | sort | uniq -c
echo "Submitted $n in $(( $(date +%s) - start )) s"
until [ "$(curl -s "$status/api/integrations" -H "Authorization: Bearer $TOKEN" | grep -o "\"m$run-" | wc -l)" -ge "$n" ]; do sleep 5; done
echo "All $n visible in status after $(( $(date +%s) - start )) s"
sleep 10
echo "After:"; rss
