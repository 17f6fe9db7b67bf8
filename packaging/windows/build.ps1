# Build the Windows MSI: the PyInstaller onedir bundle, then WiX v5 around it.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs Python 3.11+ and the WiX .NET tool (`dotnet tool install --global wix`).  Name and
# version come from pyproject.toml, so the MSI says what `portfolio --version` says.
# Output: dist\LearnerPortfolio-<version>.msi.  Silent installs: see packaging\README.md.
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root

$version = python -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
$name = python -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['name'])"

python -m venv build\win-venv
build\win-venv\Scripts\python -m pip install --quiet -c packaging\constraints.txt ".[package]"
build\win-venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller `
    packaging\pyinstaller\learner-portfolio.spec

$bundle = Join-Path $root "dist\$name-$version"
wix build -arch x64 -d Version=$version -d BundleDir=$bundle `
    packaging\windows\learner-portfolio.wxs -o "dist\LearnerPortfolio-$version.msi"
Write-Host "Built dist\LearnerPortfolio-$version.msi"
