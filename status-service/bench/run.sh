#!/usr/bin/env bash
# status-service benchmark (not a test): GET throughput and latency with wrk against the status
# service and, in the same run, against nginx serving the same JSON; the 304 path; and SSE
# fan-out to many subscribers (change-to-delivery latency). Everything listens on 127.0.0.1.
#
#   ./mvnw -B -DskipTests install        # once: the service jars and the embedded launcher
#   status-service/bench/run.sh          # DURATION=10s CONNECTIONS=50 SUBSCRIBERS=1000 ROUNDS=5
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
ROUNDS=${ROUNDS:-5}
NGINX_PORT=${NGINX_PORT:-18090}

for tool in wrk nginx curl; do
	if ! command -v "$tool" >/dev/null; then
		apt-get update -qq && apt-get install -y -qq wrk nginx-light curl || apt-get install -y -qq wrk nginx curl
	fi
done
embedded=$(ls embedded/target/embedded-*.jar 2>/dev/null | grep -v -e sources -e original | head -1 || true)
if [ -z "$embedded" ]; then
	echo "No embedded jar: run ./mvnw -B -DskipTests install first" >&2
	exit 1
fi
# The embedded default uses fixed ports; refuse to start when something already listens there.
for port in 8080 8081 8082 8083 8084 9092 9300 27017 "$NGINX_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "Port $port is in use: stop what runs there (another Latchkey?) and retry" >&2
		exit 1
	fi
done

work=$(mktemp -d /tmp/latchkey-bench.XXXXXX)
chmod 755 "$work"
ulimit -n 65536 2>/dev/null || ulimit -n 4096 2>/dev/null || true
# Inherited by every service the launcher starts: loopback only, room for the fan-out.
export SERVER_ADDRESS=127.0.0.1
export LATCHKEY_STATUS_STREAM_MAX_SUBSCRIBERS_PER_TENANT=$((SUBSCRIBERS + 10))
export LATCHKEY_STATUS_STREAM_BUFFER=1024
LATCHKEY_HOME="$work/home" java -jar "$embedded" >"$work/embedded.log" 2>&1 &
launcher=$!
cleanup() {
	[ -f "$work/nginx/nginx.pid" ] && nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null || true
	kill "$launcher" 2>/dev/null && wait "$launcher" 2>/dev/null || true
}
trap cleanup EXIT

echo "Starting the embedded default (log: $work/embedded.log) ..."
for _ in $(seq 1 300); do
	grep -q 'export TOKEN=' "$work/embedded.log" && break
	kill -0 "$launcher" 2>/dev/null || { tail -20 "$work/embedded.log"; exit 1; }
	sleep 1
done
TOKEN=$(grep -o 'export TOKEN=[^ ]*' "$work/embedded.log" | head -1 | cut -d= -f2)
STATUS=http://127.0.0.1:8083
COLLECTOR=http://127.0.0.1:8080
auth=(-H "Authorization: Bearer $TOKEN")

curl -fsS -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' \
	-d '{"fields":{"api_key":"demo_live_benchmark0001"}}' "$COLLECTOR/api/integrations/demo/credentials"
for _ in $(seq 1 60); do
	curl -fsS "${auth[@]}" "$STATUS/api/integrations/status" | grep -q '"demo":true' && break
	sleep 1
done

mkdir -p "$work/www" "$work/nginx/logs"
curl -fsS -D "$work/headers" -o "$work/www/status.json" "${auth[@]}" "$STATUS/api/integrations/status"
ETAG=$(grep -i '^etag:' "$work/headers" | cut -d' ' -f2- | tr -d '\r')
cat >"$work/nginx/nginx.conf" <<CONF
user root;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		location = /api/integrations/status {
			default_type application/json;
			alias $work/www/status.json;
		}
	}
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"

run() { # name, url, extra wrk args...
	local name=$1 url=$2
	shift 2
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$work/wrk-$name.txt"
	local rps p50 p99 codes
	rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$name.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$work/wrk-$name.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$name.txt")
	codes=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$name.txt")
	printf '| %-28s | %10s | %8s | %8s | %s |\n' "$name" "$rps" "$p50" "$p99" "${codes:-0}"
}

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (body $(wc -c <"$work/www/status.json") bytes, ETag $ETAG)"
printf '| %-28s | %10s | %8s | %8s | %s |\n' "target" "req/s" "p50" "p99" "errors"
printf "|%s|%s|%s|%s|%s|\n" "------------------------------" "------------" "----------" "----------" "--------"
run "nginx, same JSON" "http://127.0.0.1:$NGINX_PORT/api/integrations/status"
run "status-service GET 200" "$STATUS/api/integrations/status" "${auth[@]}"
run "status-service GET 304" "$STATUS/api/integrations/status" "${auth[@]}" -H "If-None-Match: $ETAG"
nginx_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-nginx, same JSON.txt")
status_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-status-service GET 200.txt")
awk -v s="$status_rps" -v n="$nginx_rps" 'BEGIN { printf "status-service / nginx throughput: %.3f\n", s / n }'

echo
echo "SSE fan-out: $SUBSCRIBERS subscribers of one tenant, $ROUNDS rounds of changes"
java status-service/bench/SseFanout.java "$STATUS" "$COLLECTOR" "$TOKEN" "$SUBSCRIBERS" "$ROUNDS"
echo "raw wrk output and logs: $work"
