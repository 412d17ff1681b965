#!/usr/bin/env bash
# WeasyPrint (PDF documents) needs Pango and HarfBuzz from the system: install Debian's
# packages when the venv's Python cannot load it.
set -euo pipefail

PYTHON=${1:-.venv/bin/python}
if "$PYTHON" -c "import weasyprint" >/dev/null 2>&1; then
  exit 0
fi
echo "WeasyPrint cannot load its system libraries: installing Pango, HarfBuzz and fonts."
"$(dirname "$0")/apt-install.sh" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
"$PYTHON" -c "import weasyprint"
