#!/usr/bin/env bash
# Refresh the vendored front-end packages from npm.
#
# Usage: src/linewatch/web/static/vendor/refresh.sh [scratch-dir]
#
# Installs the pinned versions in a scratch directory OUTSIDE the repository and copies
# only the compiled files needed at run time.  Three mechanical edits are made to the
# copied files, so that they work offline, under a strict CSP, and under Django's
# ManifestStaticFilesStorage (which fails on any url() or sourceMappingURL that points
# at a file that is not there):
#   1. absolute url(/assets/...) in the CSS become relative url(assets/...);
#   2. GOV.UK Frontend's @font-face rules (GDS Transport) are removed: we do not ship
#      the fonts, and a service that is not on GOV.UK must not use them;
#   3. sourceMappingURL comments are removed (the .map files are not shipped).
set -euo pipefail

GOVUK_FRONTEND=5.14.0
MOJ_FRONTEND=8.0.1
LEAFLET=1.9.4
CYTOSCAPE=3.35.0
CHARTJS=4.6.1

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCRATCH="${1:-$(mktemp -d)}"
mkdir -p "$SCRATCH"
(
  cd "$SCRATCH"
  [ -f package.json ] || npm init -y >/dev/null
  npm install --no-fund --no-audit --save-exact \
    "govuk-frontend@$GOVUK_FRONTEND" \
    "@ministryofjustice/frontend@$MOJ_FRONTEND" \
    "leaflet@$LEAFLET" \
    "cytoscape@$CYTOSCAPE" \
    "chart.js@$CHARTJS"
)
NM="$SCRATCH/node_modules"

strip_maps() {
  # CSS: /*# sourceMappingURL=x.map */   JS: //# sourceMappingURL=x.map
  sed -i -E 's#/\*\# sourceMappingURL=[^*]*\*/##g; s#//\# sourceMappingURL=[^[:space:]]*$##' "$@"
}

# GOV.UK Frontend
D="$HERE/govuk-frontend"
rm -rf "$D" && mkdir -p "$D/assets"
cp "$NM/govuk-frontend/dist/govuk/govuk-frontend.min.css" \
   "$NM/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$D/"
cp -r "$NM/govuk-frontend/dist/govuk/assets/images" "$D/assets/"
cp "$NM/govuk-frontend/dist/govuk/assets/manifest.json" "$D/assets/"
sed -i -E 's#@font-face\{[^}]*\}##g; s#url\(/assets/#url(assets/#g' "$D/govuk-frontend.min.css"
strip_maps "$D/govuk-frontend.min.css" "$D/govuk-frontend.min.js"
cat > "$D/LICENSE" <<'LIC'
The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

The GOV.UK crown, crest and logotype images in assets/images are Crown copyright
and are not covered by this licence; Linewatch does not display them.
LIC

# MoJ Frontend
D="$HERE/moj-frontend"
rm -rf "$D" && mkdir -p "$D/assets/images"
cp "$NM/@ministryofjustice/frontend/moj/moj-frontend.min.css" \
   "$NM/@ministryofjustice/frontend/moj/moj-frontend.min.js" "$D/"
cp "$NM/@ministryofjustice/frontend/moj/assets/images/"icon-* "$D/assets/images/"
sed -i -E 's#url\(/assets/#url(assets/#g' "$D/moj-frontend.min.css"
strip_maps "$D/moj-frontend.min.css" "$D/moj-frontend.min.js"
cat > "$D/LICENSE" <<'LIC'
The MIT License (MIT)

Copyright (c) Crown Copyright (Ministry of Justice)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LIC

# Leaflet
D="$HERE/leaflet"
rm -rf "$D" && mkdir -p "$D"
cp "$NM/leaflet/dist/leaflet.css" "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/LICENSE" "$D/"
cp -r "$NM/leaflet/dist/images" "$D/"
strip_maps "$D/leaflet.js"

# Cytoscape.js
D="$HERE/cytoscape"
rm -rf "$D" && mkdir -p "$D"
cp "$NM/cytoscape/dist/cytoscape.min.js" "$NM/cytoscape/LICENSE" "$D/"
strip_maps "$D/cytoscape.min.js"

# Chart.js (UMD build: defines window.Chart)
D="$HERE/chart.js"
rm -rf "$D" && mkdir -p "$D"
cp "$NM/chart.js/dist/chart.umd.min.js" "$D/"
cp "$NM/chart.js/LICENSE.md" "$D/LICENSE.md"
strip_maps "$D/chart.umd.min.js"

du -sh "$HERE"
