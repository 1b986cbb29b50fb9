#!/usr/bin/env bash
# Create the throw-away virtualenv holding the peer package `ecomplexity` 0.5.3 (Harvard
# Growth Lab) for bench/ecomplexity_compare.py.
#
# ecomplexity is NOT a project dependency: it needs pandas 2.x (Spiral pins pandas 3) and
# scikit-learn, so it lives in its own venv, outside the project requirements.
# Default location: .bench-venv/ at the repository root (ignored by git); override with the
# first argument or $ECOMPLEXITY_VENV (then pass --venv to ecomplexity_compare.py).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${1:-${ECOMPLEXITY_VENV:-$ROOT/.bench-venv}}"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  "ecomplexity==0.5.3" "pandas>=2.2,<3" "numpy>=1.26,<3" "scikit-learn>=1.3"
"$VENV/bin/python" -c "import ecomplexity, numpy, pandas; print('ecomplexity venv ready:', '$VENV', 'pandas', pandas.__version__, 'numpy', numpy.__version__)"
