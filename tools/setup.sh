#!/usr/bin/env bash
# setup.sh: everything a fresh Debian 12 machine needs, in one command.
#
#   tools/setup.sh demo   install what is missing, build, index the sample
#                         archive (corpus/pdf) and run a search
#   tools/setup.sh test   install what is missing (and, for the browser
#                         test, chromium and the npm package playwright-core),
#                         build, and run the whole test suite through ctest:
#                         once as a normal build, once under AddressSanitizer
#                         + UBSan, once under ThreadSanitizer
#
# Packages are installed with apt-get when run as root; otherwise the
# command to run is printed and the script stops.  Builds go to build/,
# build-asan/ and build-tsan/ in the checkout; the demo index to
# build/demo-db.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
jobs=$(nproc 2>/dev/null || echo 2)

packages=(build-essential cmake pkg-config libxapian-dev libpoppler-glib-dev
          libglib2.0-dev libstemmer-dev libcmocka-dev libmicrohttpd-dev
          poppler-utils jq curl)

# The test suite also drives the search page in a browser (T160), loads
# the server (T150), and runs the benchmark beside omindex and recoll
# (T170), with xapian-tcpsrv for remote shards (T180) and qpdf for an
# encrypted PDF (T190).
test_packages=(chromium wrk xapian-omega xapian-tools recollcmd qpdf)
command -v npm >/dev/null || test_packages+=(nodejs npm)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: these packages are missing; install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 2
    fi
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

case "$mode" in
demo)
    install_missing
    build "$top/build"
    db="$top/build/demo-db"
    rm -rf "$db"
    "$top/build/cli/agendex" index --db "$db" "$top/corpus/pdf"
    echo
    echo "\$ agendex search takstaftale"
    "$top/build/cli/agendex" search --db "$db" takstaftale
    echo
    echo "The index is in $db: try  $top/build/cli/agendex search --db $db 'QUERY'"
    ;;
test)
    packages+=("${test_packages[@]}")
    install_missing
    # Playwright (its core only: the browser is Debian's chromium), pinned
    # by tests/browser/package-lock.json.
    [ -d "$top/tests/browser/node_modules/playwright-core" ] ||
        npm ci --prefix "$top/tests/browser" --no-audit --no-fund --silent
    build "$top/build"
    (cd "$top/build" && ctest --output-on-failure -j "$jobs")
    echo "setup: the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
    build "$top/build-asan" -DAGX_SANITIZE=ON
    (cd "$top/build-asan" && ctest --output-on-failure -j "$jobs")
    # ThreadSanitizer: the analysis threads, the writer, the worker pool
    # and the server's threads.  Its reports go to files, so that one from
    # a command whose exit status a test does not look at still fails.
    echo "setup: the same suite under ThreadSanitizer"
    build "$top/build-tsan" -DAGX_TSAN=ON
    rm -f "$top/build-tsan"/tsan-report.*
    (cd "$top/build-tsan" &&
        TSAN_OPTIONS="log_path=$top/build-tsan/tsan-report" ctest --output-on-failure -j "$jobs")
    if compgen -G "$top/build-tsan/tsan-report.*" >/dev/null; then
        cat "$top/build-tsan"/tsan-report.* >&2
        echo "setup: ThreadSanitizer reported the above" >&2
        exit 1
    fi
    ;;
*)
    echo "Usage: tools/setup.sh demo|test" >&2
    exit 2
    ;;
esac
