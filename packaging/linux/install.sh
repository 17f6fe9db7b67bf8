#!/usr/bin/env bash
# Install Learner Portfolio on Linux, for one user (no root) or for every user of a machine.
#
#   packaging/linux/install.sh --user   [--prefix DIR] [--wheel FILE] [--find-links DIR] [--no-deps]
#   packaging/linux/install.sh --system [--prefix DIR] ...          (as root; default /usr/local)
#   packaging/linux/install.sh --user|--system --uninstall [--prefix DIR]
#
# What it lays down under PREFIX (default ~/.local for --user):
#   lib/learner-portfolio/venv/         a private virtual environment (the app and its deps,
#                                       at the exact versions of packaging/constraints.txt)
#   bin/learner-portfolio, bin/portfolio  launchers (window with no arguments, CLI with a command)
#   share/applications/, share/metainfo/, share/icons/hicolor/scalable/apps/  desktop integration
#
# --wheel installs a built wheel (make wheel) instead of this source tree; --find-links with a
# folder of wheels installs with no network (pip --no-index). --no-deps installs only the app,
# for a venv whose dependencies come another way (--system-site-packages of a distro Python).
# Every step is idempotent; re-running upgrades in place. See packaging/README.md.
set -euo pipefail

app_id="org.learnerportfolio.LearnerPortfolio"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="" prefix="" wheel="" links="" nodeps=0 uninstall=0 syspkgs=0
python="${PYTHON:-python3}"

die() { echo "install.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --user) mode=user ;;
        --system) mode=system ;;
        --prefix) prefix="${2:?--prefix needs a folder}"; shift ;;
        --wheel) wheel="${2:?--wheel needs a file}"; shift ;;
        --find-links) links="${2:?--find-links needs a folder}"; shift ;;
        --no-deps) nodeps=1 ;;
        --system-site-packages) syspkgs=1 ;;
        --uninstall) uninstall=1 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done

[ -n "$mode" ] || die "say --user (no root needed) or --system (as root)"
if [ "$mode" = system ]; then
    prefix="${prefix:-/usr/local}"
    [ "$(id -u)" = 0 ] || [ -w "$prefix" ] || die "--system writes to $prefix: run it as root, or use --user"
else
    prefix="${prefix:-$HOME/.local}"
fi

venv="$prefix/lib/learner-portfolio/venv"
bin="$prefix/bin"
share="$prefix/share"
desktop="$share/applications/$app_id.desktop"
metainfo="$share/metainfo/$app_id.metainfo.xml"
icon="$share/icons/hicolor/scalable/apps/$app_id.svg"

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
}

if [ "$uninstall" = 1 ]; then
    rm -rf "$prefix/lib/learner-portfolio"
    rm -f "$bin/learner-portfolio" "$bin/portfolio" "$desktop" "$metainfo" "$icon"
    refresh_caches
    echo "Learner Portfolio removed from $prefix (profiles are kept; see packaging/README.md to wipe them)"
    exit 0
fi

"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$python is older than Python 3.11; set PYTHON=/path/to/python3.11"

venv_args=()
[ "$syspkgs" = 1 ] && venv_args+=(--system-site-packages)
[ -x "$venv/bin/python" ] || "$python" -m venv "${venv_args[@]}" "$venv"

pip_args=(--quiet --disable-pip-version-check -c "$root/packaging/constraints.txt")
[ -n "$links" ] && pip_args+=(--no-index --find-links "$links")
[ "$nodeps" = 1 ] && pip_args+=(--no-deps)
"$venv/bin/python" -m pip install "${pip_args[@]}" "${wheel:-$root}"

mkdir -p "$bin" "$(dirname "$desktop")" "$(dirname "$metainfo")" "$(dirname "$icon")"
launcher="$bin/learner-portfolio"
cat > "$launcher.tmp" <<LAUNCHER
#!/bin/sh
# Learner Portfolio launcher written by install.sh: the window with no arguments, else the CLI.
exec "$venv/bin/portfolio" "\$@"
LAUNCHER
chmod 755 "$launcher.tmp" && mv "$launcher.tmp" "$launcher"
ln -sf "$launcher" "$bin/portfolio"

# The desktop entry names the launcher by absolute path: ~/.local/bin is often not on the PATH
# a desktop session starts programs with.
sed -e "s|^Exec=.*|Exec=$launcher|" -e "s|^TryExec=.*|TryExec=$launcher|" \
    "$here/$app_id.desktop" > "$desktop"
install -m 644 "$here/$app_id.metainfo.xml" "$metainfo"
install -m 644 "$here/$app_id.svg" "$icon"
refresh_caches
echo "Learner Portfolio installed in $prefix ($mode): start it from the menu or run $launcher"
