#!/usr/bin/env bash
# Build the macOS app and disk image: dist/Learner Portfolio.app and
# dist/LearnerPortfolio-<version>.dmg.  Run on a Mac with Python 3.11+:
#
#   packaging/macos/build.sh            (unsigned, for testing)
#   CODESIGN_IDENTITY="Developer ID Application: …" packaging/macos/build.sh
#
# Name and version come from pyproject.toml through the PyInstaller spec.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ "$(uname)" = Darwin ] || { echo "build.sh: run this on macOS" >&2; exit 2; }
version="$(python3 -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")"

python3 -m venv build/mac-venv
build/mac-venv/bin/python -m pip install --quiet -c packaging/constraints.txt ".[package]"
build/mac-venv/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller \
    packaging/pyinstaller/learner-portfolio.spec

app="dist/Learner Portfolio.app"
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --deep --force --options runtime --sign "$CODESIGN_IDENTITY" "$app"
fi
hdiutil create -volname "Learner Portfolio" -srcfolder "$app" -ov -format UDZO \
    "dist/LearnerPortfolio-$version.dmg"
echo "Built dist/LearnerPortfolio-$version.dmg"
