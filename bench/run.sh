#!/usr/bin/env bash
# Latchkey benchmark suite (not a test): every figure is a ratio against a baseline measured in
# the same run on the same machine. See bench/README.md for what each figure means.
#
#   bench/run.sh            # full: 5,000 credentials per ingest, wrk 3 rounds of 10 s per target
#   bench/run.sh --quick    # quick: 500 credentials, wrk 3 rounds of 3 s (about 10 minutes on 2 cores)
#
# Options: --quick, --no-build (use the jars already in */target), --keep (keep the data
# directory and the JFR recordings), --skip p1,p2,scaling (skip phases; p1 also gives P3).
# Knobs (environment): CREDENTIALS, CONCURRENCIES ("16 64"), TENANTS (8), WARMUP (200),
# SCALING_VAULTS ("2 4"), SCALING_CONCURRENCY (64), HPKE_OPERATIONS (2000; quick 500), WRK_DURATION (10s), WRK_ROUNDS (3),
# WRK_CONNECTIONS ("16 64"), WRK_THREADS (2), BENCH_PORT_OFFSET (11000: every port of the embedded
# default + this).
#
# Starts its own embedded default on a fresh data directory under bench/results/ and a port offset,
# so it never touches a running Latchkey or its data; everything listens on and talks to 127.0.0.1.
# Results: bench/results/latest.md (and a copy in the run's directory); stdout shows the same table.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=full build=1 keep=0 skip=""
while [ $# -gt 0 ]; do
	case "$1" in
		--quick) mode=quick ;;
		--no-build) build=0 ;;
		--keep) keep=1 ;;
		--skip) skip="$2"; shift ;;
		-h | --help) sed -n '2,17p' "$0"; exit 0 ;;
		*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
skipped() { [[ ",$skip," == *",$1,"* ]]; }

if [ "$mode" = quick ]; then
	CREDENTIALS=${CREDENTIALS:-500}
	HPKE_OPERATIONS=${HPKE_OPERATIONS:-500}
	WRK_DURATION=${WRK_DURATION:-3s}
else
	CREDENTIALS=${CREDENTIALS:-5000}
	HPKE_OPERATIONS=${HPKE_OPERATIONS:-2000}
	WRK_DURATION=${WRK_DURATION:-10s}
fi
CONCURRENCIES=${CONCURRENCIES:-16 64}
TENANTS=${TENANTS:-8}
WARMUP=${WARMUP:-200}
SCALING_VAULTS=${SCALING_VAULTS:-2 4}
SCALING_CONCURRENCY=${SCALING_CONCURRENCY:-64}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16 64}
WRK_THREADS=${WRK_THREADS:-2}
WRK_ROUNDS=${WRK_ROUNDS:-3}
off=${BENCH_PORT_OFFSET:-11000}

# Ports: the embedded default's, shifted; then the bench's own (nginx, the bare endpoint, extra vaults).
collector_port=$((8080 + off)) vault_port=$((8082 + off)) status_port=$((8083 + off))
kafka_port=$((9092 + off)) mongo_port=$((27017 + off))
nginx_port=$((8090 + off)) bare_port=$((8091 + off)) extra_vault_base=$((8092 + off))
COLLECTOR=http://127.0.0.1:$collector_port
STATUS=http://127.0.0.1:$status_port
KAFKA=localhost:$kafka_port
MONGO=mongodb://127.0.0.1:$mongo_port

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "FAILED: $*" >&2; exit 1; }

# --- tools (CI-style: installed when missing) ---------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in java jcmd wrk nginx curl; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

# --- build --------------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
	log "building the services, the launcher and the bench (tests skipped)"
	./mvnw -B -q -o -pl embedded,bench -am package -DskipTests 2>/dev/null ||
		./mvnw -B -q -pl embedded,bench -am package -DskipTests
fi
launcher_jar=$(ls embedded/target/embedded-*.jar 2>/dev/null | grep -v -e sources -e original | head -1 || true)
bench_jar=$(ls bench/target/bench-*.jar 2>/dev/null | grep -v -e sources -e original | head -1 || true)
[ -n "$launcher_jar" ] && [ -n "$bench_jar" ] || die "no jars: run without --no-build"
bench() { java -jar "$bench_jar" "$@"; }

# --- run directory, cleanup ---------------------------------------------------------------------
run=$root/bench/results/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$run"/figures "$run"/jfr "$run"/p2/www "$run"/p2/nginx/logs
chmod 755 "$run" "$run/p2" "$run/p2/www"
home=$run/home
launcher="" bare="" extra_vaults=()
cleanup() {
	set +e
	[ -f "$run/p2/nginx/nginx.pid" ] && nginx -p "$run/p2/nginx" -c "$run/p2/nginx/nginx.conf" -s stop 2>/dev/null
	[ -n "$bare" ] && kill "$bare" 2>/dev/null
	for pid in "${extra_vaults[@]}"; do kill "$pid" 2>/dev/null; done
	if [ -n "$launcher" ] && kill -0 "$launcher" 2>/dev/null; then
		kill "$launcher"
		for _ in $(seq 1 60); do kill -0 "$launcher" 2>/dev/null || break; sleep 1; done
		kill -9 "$launcher" 2>/dev/null
	fi
	wait 2>/dev/null
	if [ "$keep" = 0 ]; then rm -rf "$home" "$run"/jfr/*.jfr; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in $collector_port $vault_port $status_port $kafka_port $mongo_port $nginx_port $bare_port \
	$extra_vault_base $((extra_vault_base + 1)) $((extra_vault_base + 2)); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "port $port is in use: stop what listens there or choose another BENCH_PORT_OFFSET"
	fi
done

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load) load_p1="" load_p2="" load_scaling=""
log "run $run ($mode: $CREDENTIALS credentials, concurrency $CONCURRENCIES, $TENANTS tenants; port offset $off)"

# --- start the embedded default -----------------------------------------------------------------
# Topics get the default partitions (12: up to 4 vaults share the work evenly in the scaling runs);
# SERVER_ADDRESS: every service listens on loopback only (inherited by the services).
# The collector's per-tenant guards (120 submissions a minute, 500 integrations) are lifted: the
# runs measure the pipeline, and a full run puts 625 new integrations on each of 8 tenants.
started_ns=$(date +%s%N)
LATCHKEY_HOME=$home LATCHKEY_PORT_OFFSET=$off SERVER_ADDRESS=127.0.0.1 LATCHKEY_START_TIMEOUT=10m \
	LATCHKEY_COLLECTOR_LIMITS_PERTENANT_REQUESTS=1000000 LATCHKEY_COLLECTOR_LIMITS_MAXINTEGRATIONSPERTENANT=1000000 \
	MALLOC_ARENA_MAX=2 java @embedded/launcher.jvm-options -jar "$launcher_jar" >"$run/launcher.log" 2>&1 &
launcher=$!
until grep -qs 'Latchkey is running' "$run/launcher.log"; do
	kill -0 "$launcher" 2>/dev/null || { tail -30 "$run/launcher.log" >&2; die "the launcher exited"; }
	[ $(($(date +%s%N) - started_ns)) -lt 600000000000 ] || die "not ready after 600 s (see $run/launcher.log)"
	sleep 0.2
done
startup_s=$(awk -v ns=$(($(date +%s%N) - started_ns)) 'BEGIN { printf "%.1f", ns / 1e9 }')
log "embedded default ready in $startup_s s"

# The launcher's children by name: schema-registry (quarkus) and the four services.
child_pid() {
	local pid
	for pid in $(pgrep -P "$launcher"); do
		if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$1"; then echo "$pid"; return; fi
	done
}
declare -A pids=([launcher]=$launcher [schema-registry]=$(child_pid quarkus))
for service in collector vault status scanner; do pids[$service-service]=$(child_pid "$service-service-"); done
processes=(launcher schema-registry collector-service vault-service status-service scanner-service)
rss_mib() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
rss_report() { # prints "total|launcher 1, registry 2, ..."
	local total=0 parts="" name mib
	for name in "${processes[@]}"; do
		mib=$(rss_mib "${pids[$name]}")
		total=$((total + mib))
		parts="$parts${parts:+, }${name%-service} $mib"
	done
	echo "$total|$parts"
}
rss_start=$(rss_report)
secret_file=$home/keys/jwt-hmac-secret.txt

ingest() { # label concurrency credentials
	bench ingest --collector "$COLLECTOR" --status "$STATUS" --secret-file "$secret_file" --tenants "$TENANTS" \
		--label "$1" --concurrency "$2" --credentials "$3" --out "$run/figures/$1.txt" | grep -v '^[a-z_0-9]*='
}
fig() { awk -F= -v k="$2" '$1 == k { print $2 }' "$run/figures/$1.txt" 2>/dev/null; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

cpu_ticks() { # pids... -> clock ticks of user + system time
	local total=0 pid
	for pid in "$@"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
	echo "$total"
}
# CPU time of each process of the system during a command, per credential (or record), into
# figures/<label>.txt: <process>_cpu_ms_per_item=..., total_cpu_ms_per_item=...
cpu_per_item() { # label items command...
	local label=$1 items=$2 name total=0 t
	shift 2
	declare -A before
	for name in "${processes[@]}"; do before[$name]=$(cpu_ticks "${pids[$name]}"); done
	"$@"
	for name in "${processes[@]}"; do
		t=$(($(cpu_ticks "${pids[$name]}") - before[$name]))
		total=$((total + t))
		awk -v n="$name" -v t=$t -v hz="$(getconf CLK_TCK)" -v i="$items" \
			'BEGIN { printf "%s_cpu_ms_per_item=%.2f\n", n, t * 1000 / hz / i }' >>"$run/figures/$label.txt"
	done
	awk -v t=$total -v hz="$(getconf CLK_TCK)" -v i="$items" \
		'BEGIN { printf "total_cpu_ms_per_item=%.2f\n", t * 1000 / hz / i }' >>"$run/figures/$label.txt"
}

# --- P1 ingest and its raw baseline; P3, the ingest again under JFR ----------------------------
if ! skipped p1; then
	load_p1=$(load)
	log "warm-up: $WARMUP credentials (fills the topic the baseline takes its record size from)"
	ingest warmup 16 "$WARMUP"
	for c in $CONCURRENCIES; do
		log "raw baseline, $CREDENTIALS records, $c in flight"
		cpu_per_item "cpu-raw-bulk-c$c" "$CREDENTIALS" bench raw --kafka "$KAFKA" --mongo "$MONGO" --records "$CREDENTIALS" \
			--concurrency "$c" --write bulk --label "raw-bulk-c$c" --out "$run/figures/raw-bulk-c$c.txt" | grep -v '^[a-z_0-9]*='
		bench raw --kafka "$KAFKA" --mongo "$MONGO" --records "$CREDENTIALS" --concurrency "$c" --write each \
			--label "raw-each-c$c" --out "$run/figures/raw-each-c$c.txt" | grep -v '^[a-z_0-9]*='
	done
	for c in $CONCURRENCIES; do
		log "P1 ingest: $CREDENTIALS credentials, $c in flight, 1 vault"
		cpu_per_item "cpu-c$c" "$CREDENTIALS" ingest "c$c-v1" "$c" "$CREDENTIALS"
	done
	rss_after_p1=$(rss_report)
	# P3 in a run of its own, the P1 ingest again at the highest concurrency with JFR attached to
	# the running JVMs (no JVM option needed; CPU samples every 10 ms): JFR's own CPU and memory (its
	# buffers and classes stay after it stops) are then in no P1 figure.
	p3_c=${CONCURRENCIES##* }
	for name in "${processes[@]}"; do
		jcmd "${pids[$name]}" JFR.start name=bench settings=default 'jdk.ExecutionSample#period=10ms' >/dev/null 2>&1 ||
			jcmd "${pids[$name]}" JFR.start name=bench settings=default >/dev/null
	done
	log "P3: the P1 ingest under JFR, $CREDENTIALS credentials, $p3_c in flight"
	ingest "p3-c$p3_c" "$p3_c" "$CREDENTIALS"
	jfr_args=()
	for name in "${processes[@]}"; do
		if jcmd "${pids[$name]}" JFR.stop name=bench filename="$run/jfr/$name.jfr" >/dev/null; then
			jfr_args+=("$name=$run/jfr/$name.jfr")
		else
			log "no recording from $name (restarted during P3?): left out of P3"
		fi
	done
	bench crypto-share --out "$run/figures/p3.txt" "${jfr_args[@]}" >/dev/null
	rss_after_p3=$(rss_report)
	# What sealing between services costs by itself, on one thread of a JVM of its own.
	log "HPKE seal and open with the services' sealer: C1 only (as the pipeline's services run), then both compilers"
	java -XX:TieredStopAtLevel=1 -jar "$bench_jar" hpke-cost --operations "$HPKE_OPERATIONS" --out "$run/figures/hpke-c1.txt" >/dev/null
	bench hpke-cost --operations "$HPKE_OPERATIONS" --out "$run/figures/hpke-c2.txt" >/dev/null
fi

# --- P2 status GET vs nginx and a bare WebFlux endpoint ------------------------------------------
# CPU time the target's processes spent per request (user + system, from /proc): unlike req/s,
# it hardly moves when the rest of the machine is busy. nginx counts its master and workers.
target_pids() { # name
	case $1 in
		nginx-*) local master; master=$(cat "$run/p2/nginx/nginx.pid"); echo "$master" $(pgrep -P "$master") ;;
		bare-*) echo "$bare" ;;
		status-*) echo "${pids[status-service]}" ;;
	esac
}
wrk_run() { # name url extra-args... (one round: wrk output in p2/<name>-c<connections>-r<round>.txt)
	local name=$1 url=$2 out before after requests
	shift 2
	out=$run/p2/$name-c$connections-r$round.txt
	before=$(cpu_ticks $(target_pids "$name"))
	wrk -t"$WRK_THREADS" -c"$connections" -d"$WRK_DURATION" --latency "$@" "$url" >"$out"
	after=$(cpu_ticks $(target_pids "$name"))
	requests=$(awk '/requests in/ { print $1 }' "$out")
	awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" \
		'BEGIN { if (n > 0) printf "CPU per request: %.1f us\n", t * 1e6 / hz / n }' >>"$out"
}
# The round with the median req/s (the lower one of an even count) stands for a target; the
# rounds interleave the targets, so a burst of load elsewhere on the machine hits all of them.
wrk_summary() { # name
	local f=$1-c$connections median
	median=$(for r in $(seq 1 "$WRK_ROUNDS"); do
		echo "$(awk '/Requests\/sec/ { print $2 }' "$run/p2/$f-r$r.txt") $r"
	done | sort -n | awk -v n="$WRK_ROUNDS" 'NR == int((n + 1) / 2) { print $2 }')
	{
		echo "rps=$(awk '/Requests\/sec/ { print $2 }' "$run/p2/$f-r$median.txt")"
		echo "p50=$(awk '$1 == "50%" { print $2 }' "$run/p2/$f-r$median.txt")"
		echo "p99=$(awk '$1 == "99%" { print $2 }' "$run/p2/$f-r$median.txt")"
		echo "cpu_us=$(awk '/CPU per request/ { print $4 }' "$run/p2/$f-r$median.txt")"
		echo "rounds=$(for r in $(seq 1 "$WRK_ROUNDS"); do awk '/Requests\/sec/ { printf "%.0f ", $2 }' "$run/p2/$f-r$r.txt"; done)"
		echo "errors=$(cat "$run/p2/$f"-r*.txt | awk '/Non-2xx|Socket errors/ { printf "%s ", $0 }')"
	} >"$run/figures/p2-$f.txt"
}
if ! skipped p2; then
	token=$(bench token --secret-file "$secret_file" --tenant bench-p2)
	auth=(-H "Authorization: Bearer $token")
	curl -fsS "${auth[@]}" -o /dev/null -X POST -H 'Content-Type: application/json' \
		-d '{"name":"p2","fields":{"api_key":"demo_live_0123456789abcdef"}}' "$COLLECTOR/api/integrations/demo/credentials"
	for _ in $(seq 1 120); do
		curl -fsS "${auth[@]}" "$STATUS/api/integrations/status" | grep -q '"demo":true' && break
		sleep 1
	done
	curl -fsS -D "$run/p2/status.headers" -o "$run/p2/www/status.json" "${auth[@]}" "$STATUS/api/integrations/status"
	etag=$(awk 'tolower($1) == "etag:" { print $2 }' "$run/p2/status.headers" | tr -d '\r')
	[ -n "$etag" ] || die "the status service sent no ETag"
	chmod 644 "$run/p2/www/status.json"

	user_line=""
	[ "$(id -u)" = 0 ] && user_line="user root;"
	cat >"$run/p2/nginx/nginx.conf" <<-CONF
		$user_line
		worker_processes auto;
		pid $run/p2/nginx/nginx.pid;
		error_log $run/p2/nginx/logs/error.log;
		events { worker_connections 4096; }
		http {
			access_log off;
			server {
				listen 127.0.0.1:$nginx_port;
				location = /api/integrations/status {
					default_type application/json;
					add_header Cache-Control "no-cache, private";
					alias $run/p2/www/status.json;
				}
			}
		}
	CONF
	nginx -p "$run/p2/nginx" -c "$run/p2/nginx/nginx.conf"
	nginx_etag=$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$nginx_port/api/integrations/status" |
		awk 'tolower($1) == "etag:" { print $2 }' | tr -d '\r')

	# The bare endpoint runs with the status service's own JVM options (ServiceProcess.JVM_OPTIONS
	# of the branch under test), read from the running process.
	mapfile -d '' status_cmd <"/proc/${pids[status-service]}/cmdline"
	jvm_options=()
	for arg in "${status_cmd[@]:1}"; do
		[ "$arg" = -jar ] && break
		[[ "$arg" == -javaagent:* ]] || jvm_options+=("$arg")
	done
	java "${jvm_options[@]}" -jar "$bench_jar" bare-status --server.address=127.0.0.1 --server.port="$bare_port" \
		--bench.body-file="$run/p2/www/status.json" --bench.etag="$etag" >"$run/p2/bare.log" 2>&1 &
	bare=$!
	for _ in $(seq 1 120); do
		curl -fsS -o /dev/null "http://127.0.0.1:$bare_port/api/integrations/status" 2>/dev/null && break
		kill -0 "$bare" 2>/dev/null || die "the bare endpoint exited (see $run/p2/bare.log)"
		sleep 0.5
	done
	for check in "$STATUS $etag" "http://127.0.0.1:$bare_port $etag" "http://127.0.0.1:$nginx_port $nginx_etag"; do
		set -- $check
		code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -H "If-None-Match: $2" "$1/api/integrations/status")
		[ "$code" = 304 ] || die "$1 answered $code, not 304, to If-None-Match $2"
	done

	log "P2: warming up the two JVMs (3 s of wrk each)"
	wrk -t"$WRK_THREADS" -c16 -d3s "${auth[@]}" "$STATUS/api/integrations/status" >/dev/null
	wrk -t"$WRK_THREADS" -c16 -d3s "${auth[@]}" "http://127.0.0.1:$bare_port/api/integrations/status" >/dev/null
	load_p2=$(load)
	for connections in $WRK_CONNECTIONS; do
		log "P2: $WRK_ROUNDS rounds of wrk -t$WRK_THREADS -c$connections -d$WRK_DURATION against nginx, bare WebFlux, status (200, 304)"
		for round in $(seq 1 "$WRK_ROUNDS"); do
			wrk_run nginx-200 "http://127.0.0.1:$nginx_port/api/integrations/status" "${auth[@]}"
			wrk_run bare-200 "http://127.0.0.1:$bare_port/api/integrations/status" "${auth[@]}"
			wrk_run status-200 "$STATUS/api/integrations/status" "${auth[@]}"
			wrk_run nginx-304 "http://127.0.0.1:$nginx_port/api/integrations/status" "${auth[@]}" -H "If-None-Match: $nginx_etag"
			wrk_run bare-304 "http://127.0.0.1:$bare_port/api/integrations/status" "${auth[@]}" -H "If-None-Match: $etag"
			wrk_run status-304 "$STATUS/api/integrations/status" "${auth[@]}" -H "If-None-Match: $etag"
		done
		for t in nginx-200 bare-200 status-200 nginx-304 bare-304 status-304; do wrk_summary "$t"; done
	done
	kill "$bare" 2>/dev/null && wait "$bare" 2>/dev/null || true
	bare=""
	nginx -p "$run/p2/nginx" -c "$run/p2/nginx/nginx.conf" -s stop 2>/dev/null
	body_bytes=$(wc -c <"$run/p2/www/status.json")
fi

# --- scaling: extra vault instances in group "vault" -------------------------------------------
# Each extra vault is the launcher's vault again: its command line and environment read from the
# running process, another PORT. Its ParentWatch agent still watches the launcher.
start_extra_vault() { # port
	local vault=${pids[vault-service]} env_vars=() command=()
	mapfile -d '' env_vars <"/proc/$vault/environ"
	mapfile -d '' command <"/proc/$vault/cmdline"
	(cd "$home/logs" && exec env -i "${env_vars[@]}" PORT="$1" "${command[@]}") >"$run/vault-$1.log" 2>&1 &
	extra_vaults+=($!)
	for _ in $(seq 1 360); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/actuator/health/readiness")" = 200 ] && return
		kill -0 "${extra_vaults[-1]}" 2>/dev/null || die "extra vault on $1 exited (see $run/vault-$1.log)"
		sleep 0.5
	done
	die "extra vault on $1 not ready after 180 s"
}
if ! skipped scaling; then
	load_scaling=$(load)
	if [ ! -f "$run/figures/c$SCALING_CONCURRENCY-v1.txt" ]; then
		log "scaling: 1 vault, $SCALING_CONCURRENCY in flight"
		ingest "c$SCALING_CONCURRENCY-v1" "$SCALING_CONCURRENCY" "$CREDENTIALS"
	fi
	bench await-group --kafka "$KAFKA" --group vault --members 0 --out "$run/figures/group-v1.txt" >/dev/null
	members_per_vault=$(fig group-v1 members)
	vaults=1
	for target in $SCALING_VAULTS; do
		while [ "$vaults" -lt "$target" ]; do
			start_extra_vault $((extra_vault_base + vaults - 1))
			vaults=$((vaults + 1))
		done
		bench await-group --kafka "$KAFKA" --group vault --members $((members_per_vault * vaults)) \
			--out "$run/figures/group-v$vaults.txt" >/dev/null
		log "scaling: $vaults vaults ($(fig "group-v$vaults" members) group members), $SCALING_CONCURRENCY in flight"
		ingest "c$SCALING_CONCURRENCY-v$vaults" "$SCALING_CONCURRENCY" "$CREDENTIALS"
	done
fi
load_end=$(load)

# --- the table ------------------------------------------------------------------------------------
cores=$(nproc)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain 2>/dev/null | grep -qv '^??' && echo " (uncommitted changes)" || true)
md=$run/results.md
{
	echo "# Latchkey benchmark, $(date '+%Y-%m-%d %H:%M') ($mode)"
	echo
	echo "Branch \`$branch\` at \`$commit\`$dirty; $cores cores ($cpu)."
	echo "Load average (1, 5, 15 min): $load_start at start${load_p1:+, $load_p1 at P1}${load_p2:+, $load_p2 at P2}${load_scaling:+, $load_scaling at scaling}, $load_end at end."
	echo "Every ratio divides by a baseline measured in this run on this machine: compare ratios, not absolutes."
	echo
	echo "## Ratios"
	echo
	echo "| figure | measured | baseline | ratio | goal |"
	echo "|---|---|---|---|---|"
	if ! skipped p1; then
		for c in $CONCURRENCIES; do
			v=$(fig "c$c-v1" visible_per_s) b=$(fig "raw-bulk-c$c" stored_per_s)
			echo "| P1 ingest, $c in flight: visible/s vs raw Kafka→MongoDB (bulk) | $v/s | $b/s | $(ratio "$v" "$b") | ≥ 0.5 |"
			b=$(fig "raw-each-c$c" stored_per_s)
			echo "| P1 ingest, $c in flight: visible/s vs raw Kafka→MongoDB (one insert per record) | $v/s | $b/s | $(ratio "$v" "$b") | |"
		done
		echo "| P3 storage crypto of the vault (HPKE open, data key, wrap) in all pipeline CPU samples in the P3 run | $(fig p3 vault_store_crypto_of_all_percent) % | all samples of launcher, registry, 4 services | | ≤ 5 % |"
		echo "| P3 crypto share of the vault's CPU samples in the P3 run (lease sealing included) | $(fig p3 vault-service.crypto_percent) % | all vault samples | | |"
		echo "| P3 crypto share of all pipeline CPU samples in the P3 run | $(fig p3 all.crypto_percent) % | all samples of launcher, registry, 4 services | | |"
	fi
	if ! skipped p2; then
		for connections in $WRK_CONNECTIONS; do
			for code in 200 304; do
				s=$(fig "p2-status-$code-c$connections" rps) n=$(fig "p2-nginx-$code-c$connections" rps)
				goal="≥ 0.5"
				[ "$code" = 304 ] && goal="≥ 0.7"
				echo "| P2 status GET $code, $connections connections, vs nginx | $s/s | $n/s | $(ratio "$s" "$n") | $goal |"
			done
			for code in 200 304; do
				s=$(fig "p2-status-$code-c$connections" rps) b=$(fig "p2-bare-$code-c$connections" rps)
				echo "| P2 status GET $code, $connections connections, vs bare WebFlux | $s/s | $b/s | $(ratio "$s" "$b") | |"
			done
			for code in 200 304; do
				s=$(fig "p2-status-$code-c$connections" cpu_us) n=$(fig "p2-nginx-$code-c$connections" cpu_us)
				echo "| P2 CPU per request, GET $code, $connections connections: nginx ÷ status (higher is better) | $s µs | $n µs | $(ratio "$n" "$s") | |"
			done
		done
	fi
	if ! skipped scaling; then
		one=$(fig "c$SCALING_CONCURRENCY-v1" visible_per_s)
		for v in $SCALING_VAULTS; do
			n=$(fig "c$SCALING_CONCURRENCY-v$v" visible_per_s)
			echo "| Scaling: $v vaults vs 1, visible/s at $SCALING_CONCURRENCY in flight | $n/s | $one/s | $(ratio "$n" "$one") | |"
		done
	fi
	if ! skipped p1 || ! skipped scaling; then
		echo
		echo "## P1 ingest ($CREDENTIALS credentials over $TENANTS tenants, demo API keys)"
		echo
		echo "Rates count from the first POST to the last credential of the kind; latencies are from each POST."
		echo "Visible: in a status stream of its tenant; settled: verified by the scanner (ACTIVE)."
		echo
		echo "| run | accepted/s | visible/s | settled/s | POST→202 p99 | POST→visible p50 | POST→visible p99 | POST→settled p99 | refused | stream reconnects |"
		echo "|---|---|---|---|---|---|---|---|---|---|"
		for f in "$run"/figures/c*-v*.txt; do
			[ -f "$f" ] || continue
			r=$(basename "$f" .txt)
			echo "| ${r%-v*} in flight, ${r##*-v} vault(s) | $(fig "$r" accepted_per_s) | $(fig "$r" visible_per_s) | $(fig "$r" settled_per_s) | $(fig "$r" post_to_202_p99_ms) ms | $(fig "$r" post_to_visible_p50_ms) ms | $(fig "$r" post_to_visible_p99_ms) ms | $(fig "$r" post_to_settled_p99_ms) ms | $(fig "$r" refused) | $(fig "$r" stream_reconnects) |" |
				sed 's/^| c/| /'
		done
	fi
	if ! skipped p1; then
		echo
		echo "Raw baseline: records of $(fig "raw-bulk-c${CONCURRENCIES%% *}" key_bytes) + $(fig "raw-bulk-c${CONCURRENCIES%% *}" value_bytes) bytes ($(fig "raw-bulk-c${CONCURRENCIES%% *}" value_bytes_source) from latchkey.credential-received), $(fig "raw-bulk-c${CONCURRENCIES%% *}" partitions) partitions, acks=all idempotent producer, one consumer, write concern majority + journal, offsets committed after each write."
		echo
		echo "| baseline | stored/s | produce→stored p50 | p99 |"
		echo "|---|---|---|---|"
		for c in $CONCURRENCIES; do
			for w in bulk each; do
				echo "| $c in flight, $w insert | $(fig "raw-$w-c$c" stored_per_s) | $(fig "raw-$w-c$c" produce_to_stored_p50_ms) ms | $(fig "raw-$w-c$c" produce_to_stored_p99_ms) ms |"
			done
		done
		echo
		echo "## CPU per credential during P1 (user + system time from /proc, JIT compilation and GC included)"
		echo
		echo "Each process's CPU time over a P1 run (until every credential settled, so the scanner's verification is in) ÷ credentials; for the baseline, the system's processes during the bulk run ÷ records (the baseline's own client JVM is not counted). With $cores cores, a pipeline that needs T ms of CPU per credential cannot pass $cores × 1000 / T credentials a second."
		echo
		echo "| run | $(printf '%s | ' "${processes[@]}")total | CPU-bound ceiling |"
		echo "|---|$(printf -- '---|%.0s' "${processes[@]}")---|---|"
		for c in $CONCURRENCIES; do
			for label in "cpu-c$c" "cpu-raw-bulk-c$c"; do
				[ -f "$run/figures/$label.txt" ] || continue
				total=$(fig "$label" total_cpu_ms_per_item)
				row="| ${label#cpu-} |"
				for name in "${processes[@]}"; do row="$row $(fig "$label" "${name}_cpu_ms_per_item") ms |"; done
				echo "$row $total ms | $(awk -v c="$cores" -v t="$total" 'BEGIN { if (t > 0) printf "%.0f/s", c * 1000 / t; else print "n/a" }') |" |
					sed 's/^| c\([0-9]*\) |/| P1, \1 in flight |/; s/^| raw-bulk-c\([0-9]*\) |/| raw bulk baseline, \1 in flight |/'
			done
		done
		echo
		echo "HPKE between services (\`bench.jar hpke-cost\`: the services' sealer and opener, Tink's pure-Java X25519, CPU per operation on one thread): seal $(fig hpke-c1 seal_cpu_us) µs + open $(fig hpke-c1 open_cpu_us) µs with C1 only, as the pipeline's services run; $(fig hpke-c2 seal_cpu_us) + $(fig hpke-c2 open_cpu_us) µs with both compilers. A credential is sealed and opened twice on its way to \`ACTIVE\` (collector → vault, vault → scanner in the lease)."
		echo
		echo "## P3 CPU samples: the P1 ingest again, $CREDENTIALS credentials at ${CONCURRENCIES##* } in flight, under JFR (jdk.ExecutionSample, 10 ms)"
		echo
		echo "| process | samples | Tink | HPKE open | HPKE seal | keyset | AEAD | other Tink |"
		echo "|---|---|---|---|---|---|---|---|"
		for name in "${processes[@]}" all; do
			echo "| $name | $(fig p3 "$name.samples") | $(fig p3 "$name.crypto_percent") % | $(fig p3 "$name.hpke_open_percent") % | $(fig p3 "$name.hpke_seal_percent") % | $(fig p3 "$name.keyset_percent") % | $(fig p3 "$name.aead_percent") % | $(fig p3 "$name.other_tink_percent") % |"
		done
	fi
	if ! skipped p2; then
		echo
		echo "## P2 status GET (wrk -t$WRK_THREADS -d$WRK_DURATION, median of $WRK_ROUNDS interleaved rounds, body $body_bytes bytes, bearer token on every request)"
		echo
		echo "nginx serves the status service's body as a static file (its own ETag); the bare WebFlux endpoint answers the same bytes and ETag, started with the status service's JVM options: \`${jvm_options[*]}\`."
		echo
		echo "| connections | target | req/s | p50 | p99 | CPU per request | req/s of each round | errors |"
		echo "|---|---|---|---|---|---|---|---|"
		for connections in $WRK_CONNECTIONS; do
			for t in nginx-200 bare-200 status-200 nginx-304 bare-304 status-304; do
				f="p2-$t-c$connections"
				echo "| $connections | ${t%-*} ${t##*-} | $(fig "$f" rps) | $(fig "$f" p50) | $(fig "$f" p99) | $(fig "$f" cpu_us) µs | $(fig "$f" rounds) | $(fig "$f" errors) |"
			done
		done
	fi
	echo
	echo "## Memory and start-up"
	echo
	echo "| figure | value |"
	echo "|---|---|"
	echo "| start-up, launcher start → every service ready | $startup_s s |"
	echo "| resident memory after start (launcher + children) | ${rss_start%%|*} MiB (${rss_start#*|}) |"
	if ! skipped p1; then
		echo "| resident memory after P1 | ${rss_after_p1%%|*} MiB (${rss_after_p1#*|}) |"
		echo "| resident memory after P3 (JFR attached from the end of P1) | ${rss_after_p3%%|*} MiB (${rss_after_p3#*|}) |"
	fi
} >"$md"
cp "$md" "$root/bench/results/latest.md"
echo
cat "$md"
echo
log "results: bench/results/latest.md (run directory $run)"
