#!/usr/bin/env bash
# packaging.flatpak-manifest: the Flatpak manifest parses as YAML, uses the application id, a Qt 6
# KDE runtime, the oauth-workbench command, the permissions docs/packaging.md promises, and pins
# every downloaded archive with a SHA-256. flatpak-builder itself is not run here.
# Usage: check-flatpak-manifest.sh MANIFEST APP_ID     (exit 77 = skipped: no python3 yaml module)
set -euo pipefail
manifest=$1 app_id=$2

python=$(command -v python3 || true)
if [[ -z $python ]] || ! "$python" -c 'import yaml' 2>/dev/null; then
  echo "SKIP: python3 with the yaml module (Debian: python3-yaml) is needed to parse $manifest"
  exit 77
fi
exec "$python" - "$manifest" "$app_id" <<'PY'
import re, sys, yaml
path, app_id = sys.argv[1], sys.argv[2]
problems = []
with open(path, encoding="utf-8") as f:
    m = yaml.safe_load(f)
if not isinstance(m, dict):
    sys.exit(f"FAIL: {path} is not a YAML mapping")
if m.get("id") != app_id:
    problems.append(f"id is {m.get('id')!r}, expected {app_id!r}")
if path.rsplit("/", 1)[-1] != app_id + ".yml":
    problems.append(f"the file is not named {app_id}.yml")
if m.get("runtime") != "org.kde.Platform" or m.get("sdk") != "org.kde.Sdk":
    problems.append("runtime/sdk are not org.kde.Platform/org.kde.Sdk")
if not str(m.get("runtime-version", "")).startswith("6."):
    problems.append(f"runtime-version {m.get('runtime-version')!r} is not a Qt 6 KDE runtime")
if m.get("command") != "oauth-workbench":
    problems.append(f"command is {m.get('command')!r}, expected 'oauth-workbench'")
need = ["--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
        "--device=dri", "--talk-name=org.freedesktop.secrets"]
have = m.get("finish-args") or []
for arg in need:
    if arg not in have:
        problems.append(f"finish-args lacks {arg}")
for arg in have:
    if arg.startswith("--filesystem=host") or arg == "--socket=x11" or arg.startswith("--talk-name=org.freedesktop.Flatpak"):
        problems.append(f"finish-args has the overly broad {arg}")
modules = m.get("modules") or []
names = [mod.get("name") for mod in modules if isinstance(mod, dict)]
for want in ("qtkeychain", "nlohmann-json", "simdjson", "oauth-workbench"):
    if want not in names:
        problems.append(f"no module named {want}")
if names and names[-1] != "oauth-workbench":
    problems.append("oauth-workbench is not the last module")
for mod in modules:
    for src in mod.get("sources", []):
        if src.get("type") in ("archive", "file"):
            if not re.fullmatch(r"[0-9a-f]{64}", str(src.get("sha256", ""))):
                problems.append(f"module {mod.get('name')}: {src.get('url')} has no valid sha256")
            if not str(src.get("url", "")).startswith("https://"):
                problems.append(f"module {mod.get('name')}: source URL is not https")
if problems:
    print("FAIL: " + path)
    for p in problems:
        print("  - " + p)
    sys.exit(1)
print(f"PASS: {path} ({', '.join(names)})")
PY
