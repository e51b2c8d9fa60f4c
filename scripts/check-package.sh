#!/usr/bin/env bash
# scripts/check-package.sh — build the .deb (and the .tar.gz) of OAuth Workbench with CPack from
# a finished build directory, install the .deb with apt on this machine, check what a desktop and
# a user see (the binary runs, the .desktop file, icons, metainfo and man page are where they are
# looked for), and remove the package again. CI runs it as the ctest test packaging.deb.
# Usage: scripts/check-package.sh [BUILD_DIR]   (default: $WB_BUILD_DIR or build/)
# Needs root or passwordless sudo; exits 77 (skipped) without either, or without apt/dpkg.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$(cd "${1:-${WB_BUILD_DIR:-$repo/build}}" && pwd)
package=oauth-workbench
app_id=$(sed -n 's/^set(WB_APP_ID "\([^"]*\)").*/\1/p' "$repo/CMakeLists.txt")
version=$(sed -n 's/^CPACK_PACKAGE_VERSION:.*=//p; s/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt" | head -n1)

fail() { echo "check-package: FAIL: $*" >&2; exit 1; }
skip() { echo "check-package: SKIP: $*"; exit 77; }

[[ -n $app_id ]] || fail "WB_APP_ID not found in CMakeLists.txt"
[[ -n $version ]] || fail "no project version in $build_dir/CMakeCache.txt (is it configured?)"
command -v dpkg >/dev/null && command -v apt-get >/dev/null || skip "apt-get and dpkg are needed"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    skip "installing a package needs root or passwordless sudo"
  fi
fi
# Never clobber an installation this script did not make.
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
  fail "$package is already installed on this machine; remove it first (apt-get remove $package)"
fi

# --- build the package ---------------------------------------------------------------------------
out=$build_dir/packages
rm -f "$out"/${package}_*.deb
echo "check-package: cpack -G DEB in $build_dir"
(cd "$build_dir" && cpack -G DEB -B "$out" --config CPackConfig.cmake >"$out.log" 2>&1) ||
  { cat "$out.log" >&2; fail "cpack -G DEB failed"; }
debs=("$out"/${package}_*.deb)
[[ -f ${debs[0]} ]] || fail "cpack produced no ${package}_*.deb in $out"
deb=${debs[0]}
echo "check-package: built $(basename "$deb")"
dpkg-deb --field "$deb" Package Version Section Depends Recommends
depends=$(dpkg-deb --field "$deb" Depends)
[[ $depends == *libqt6core6* && $depends == *libqt6widgets6* ]] ||
  fail "Depends lacks the Qt libraries (dpkg-shlibdeps not run?): $depends"
[[ $(dpkg-deb --field "$deb" Version) == "$version" ]] || fail "package version is not $version"
[[ $(dpkg-deb --field "$deb" Section) == devel ]] || fail "section is not devel"
# The unpacked tree as AppStream tools see it: the metainfo, its .desktop launchable, the icons.
if command -v appstreamcli >/dev/null; then
  tree=$(mktemp -d)
  dpkg-deb -x "$deb" "$tree"
  appstreamcli validate-tree --no-net "$tree" >"$out/validate-tree.log" 2>&1 ||
    { cat "$out/validate-tree.log" >&2; rm -rf "$tree"; fail "appstreamcli validate-tree rejects the package's files"; }
  rm -rf "$tree"
fi

# The .tar.gz from the same install rules: same files under oauth-workbench-<version>-Linux/.
(cd "$build_dir" && cpack -G TGZ -B "$out" --config CPackConfig.cmake >"$out.tgz.log" 2>&1) ||
  { cat "$out.tgz.log" >&2; fail "cpack -G TGZ failed"; }
tgz=$out/$package-$version-Linux.tar.gz
[[ -f $tgz ]] || fail "cpack produced no $(basename "$tgz")"
listing=$(tar tzf "$tgz")
for f in bin/oauth-workbench "share/applications/$app_id.desktop" "share/metainfo/$app_id.metainfo.xml" \
  "share/icons/hicolor/48x48/apps/$app_id.png" share/man/man1/oauth-workbench.1.gz; do
  grep -qx "$package-$version-Linux/$f" <<<"$listing" || fail "$(basename "$tgz") lacks $f"
done
echo "check-package: built $(basename "$tgz")"

# --- install it, and remove it again whatever happens -------------------------------------------
remove() {
  echo "check-package: removing $package"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=300 "$package" >/dev/null ||
    echo "check-package: WARNING: apt-get remove $package failed" >&2
}
trap remove EXIT
echo "check-package: apt-get install $deb"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o DPkg::Lock::Timeout=300 "$deb" >"$out/install.log" 2>&1 ||
  { cat "$out/install.log" >&2; fail "apt-get install of $(basename "$deb") failed"; }

# --- what a user and a desktop see --------------------------------------------------------------
bin=/usr/bin/oauth-workbench
[[ -x $bin ]] || fail "$bin is not installed"
version_out=$("$bin" --version) || fail "$bin --version failed"
echo "$version_out"
[[ $(head -n1 <<<"$version_out") == "OAuth Workbench $version" ]] || fail "--version does not start with 'OAuth Workbench $version'"
for lib in "Qt " QtKeychain OpenSSL nlohmann/json; do
  grep -q "^$lib" <<<"$version_out" || fail "--version does not name $lib"
done
"$bin" --help | grep -q '^Usage: oauth-workbench' || fail "$bin --help prints no usage"

desktop=/usr/share/applications/$app_id.desktop
[[ -f $desktop ]] || fail "missing $desktop"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "the installed $desktop does not validate"
fi
metainfo=/usr/share/metainfo/$app_id.metainfo.xml
[[ -f $metainfo ]] || fail "missing $metainfo"
for n in 16 32 48 64 128 256 512; do
  [[ -f /usr/share/icons/hicolor/${n}x${n}/apps/$app_id.png ]] || fail "missing ${n}x${n} icon"
done
[[ -f /usr/share/icons/hicolor/scalable/apps/$app_id.svg ]] || fail "missing the scalable icon"
[[ -f /usr/share/man/man1/oauth-workbench.1.gz ]] || fail "missing /usr/share/man/man1/oauth-workbench.1.gz"
[[ -f /usr/share/doc/$package/README.md ]] || fail "missing /usr/share/doc/$package/README.md"
# Nothing outside /usr (e.g. a /usr/local prefix leaking into the package).
if dpkg -L "$package" | grep -v -e '^/usr' -e '^/\.$'; then
  fail "the package installs files outside /usr"
fi
trap - EXIT
remove
[[ ! -e $bin && ! -e $desktop ]] || fail "$package left files behind after apt-get remove"
echo "check-package: PASS ($(basename "$deb") installed, checked, and removed)"
