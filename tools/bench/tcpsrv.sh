# shellcheck shell=bash
# tcpsrv.sh: sourced by tools/bench/shards.sh and tests/cli/T180-shards.sh.
# tcpsrv DIR LOGDIR: starts xapian-tcpsrv serving the Xapian database DIR
# on a free loopback port, its log in LOGDIR; prints "PORT PID" once it
# listens, or fails after ten ports.  It runs in a session of its own: on
# SIGTERM, xapian-tcpsrv signals its whole process group, which would
# otherwise be the caller's.
tcpsrv() {
    local port log pid
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + RANDOM % 30000))
        log=$2/tcpsrv-$port.log
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$1" >"$log" 2>&1 &
        pid=$!
        for _ in $(seq 50); do
            grep -q Listening "$log" 2>/dev/null && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if grep -q Listening "$log"; then
            echo "$port $pid"
            return 0
        fi
        kill "$pid" 2>/dev/null || true
    done
    return 1
}
