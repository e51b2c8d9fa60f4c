#!/usr/bin/env bash
# scripts/setup.sh — install what building and testing OAuth Workbench needs, idempotently:
# Debian packages (apt-get, only those missing; sudo when not root) and the npm packages of the
# integration-test peers (tests/peers, from its committed package-lock.json).
# Re-runs are fast: nothing is installed when everything is present.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
min_node_major=20
min_node_minor=19 # oidc-provider 9 needs Node.js >= 20.19

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-l10n-tools qtkeychain-qt6-dev qt6-websockets-dev
  nlohmann-json3-dev libsimdjson-dev libssl-dev libgl-dev libegl-dev libvulkan-dev
  # fuzzing (tests/fuzz): clang with libFuzzer and the ASan/UBSan runtimes
  clang libclang-rt-14-dev
  # tests: real browser, virtual display, screenshots, Secret Service on a private D-Bus
  chromium xvfb xauth imagemagick gnome-keyring dbus dbus-x11 libsecret-tools
  # packaging checks: .desktop and metainfo validators, the SVG renderer the icon check compares
  # with, the man page formatter, a YAML parser for the Flatpak manifest
  desktop-file-utils appstream librsvg2-bin groff-base python3-yaml
)
# Node.js often comes from elsewhere (NodeSource, nvm...): only ask Debian for it when absent.
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

# One dpkg-query for all packages; a package it does not know prints nothing (and fails).
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '/ install ok installed$/ {print $1}' || true)
missing=()
for p in "${packages[@]}"; do
  grep -qx -- "$p" <<<"$installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} Debian packages present"
fi

# Node.js version check (Debian 12's own nodejs is 18.x, too old for oidc-provider 9).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup: ERROR: node and npm are needed for the integration tests but were not found." >&2
  exit 1
fi
node_version=$(node --version)
IFS=. read -r node_major node_minor _ <<<"${node_version#v}"
if ((node_major < min_node_major || (node_major == min_node_major && node_minor < min_node_minor))); then
  echo "setup: ERROR: Node.js $node_version is too old; the test peers (oidc-provider 9) need" \
       ">= $min_node_major.$min_node_minor. Install a newer Node.js (e.g. 20 LTS or 22 LTS) first." >&2
  exit 1
fi
echo "setup: node $node_version, npm $(npm --version 2>/dev/null)"

# Test peers. `npm ci` from the lock file; skipped when node_modules already matches it.
# playwright-core never downloads a browser (we use /usr/bin/chromium); make sure of it anyway.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
peers=$repo/tests/peers
stamp=$peers/node_modules/.wb-setup-stamp
want="$(sha256sum "$peers/package-lock.json" | cut -d' ' -f1) node-$node_version"
if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
  echo "setup: tests/peers/node_modules is up to date"
else
  echo "setup: npm ci in tests/peers"
  (cd "$peers" && npm ci --no-audit --no-fund)
  echo "$want" >"$stamp"
fi

if [[ ! -x /usr/bin/chromium ]]; then
  echo "setup: ERROR: /usr/bin/chromium is missing (Debian package chromium)." >&2
  exit 1
fi
echo "setup: done"
