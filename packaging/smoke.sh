#!/usr/bin/env bash
# Smoke test of a built bundle (issue 15 §6): the packaged `portfolio` must start, report the
# version that pyproject.toml declares, and verify a real credential with its bundled resources
# (contexts, migrations) — what a lab machine does first. Usage: packaging/smoke.sh DIST_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(cd "${1:-$root/dist}" && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/pyproject.toml" | head -1)"
bundle="$dist/learner-portfolio-$version"
exe="$bundle/portfolio"
[ -x "$exe" ] || { echo "smoke: no bundle at $bundle (run 'make bundle')" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# Run from elsewhere with a clean environment, so nothing from the source tree or venv helps.
cd /
got="$(env -i HOME="$profile" PATH=/usr/bin:/bin "$exe" --version)"
[ "$got" = "portfolio $version" ] || { echo "smoke: --version said '$got'" >&2; exit 1; }
fixture="$root/tests/fixtures/public/dcc-obv3-vc2-eddsa-didkey-basic.json"
env -i HOME="$profile" PATH=/usr/bin:/bin "$exe" --data-dir "$profile/p" --json verify "$fixture" \
    > "$profile/verdict.json"
grep -q '"status": "verified"' "$profile/verdict.json" \
    || { echo "smoke: the bundle did not verify $fixture:" >&2; cat "$profile/verdict.json" >&2; exit 1; }
env -i HOME="$profile" PATH=/usr/bin:/bin "$exe" --data-dir "$profile/p" import "$fixture" >/dev/null
echo "smoke: $bundle starts, says $version, verifies and imports a credential"
