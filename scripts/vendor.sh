#!/usr/bin/env bash
# Install the pinned front-end libraries from npm and copy the files we serve into static/vendor/.
# No CDN: everything the browser loads comes from our own origin.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/htmx.org ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dest=stint/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/@picocss/pico/css/pico.min.css "$dest/pico.min.css"
cp node_modules/axe-core/axe.min.js "$dest/axe.min.js"
echo "vendor: copied htmx, pico.css and axe-core into $dest"
