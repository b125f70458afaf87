#!/usr/bin/env bash
# Extract every translatable string into the .po catalogues (docs/i18n.md): one catalogue per app
# that has a locale/ folder, plus stint/templates/locale for the project-level templates. Needs GNU
# gettext (xgettext, msgmerge). Locations are left out so that a catalogue changes only when its
# strings do.
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO_ADMIN="$PWD/.venv/bin/django-admin"
LANGS=(es fr)
args=(--no-location --no-obsolete)
for lang in "${LANGS[@]}"; do args+=(-l "$lang"); done
for dir in stint/*/ ; do
    [ -d "$dir/locale" ] || continue
    (cd "$dir" && "$DJANGO_ADMIN" makemessages "${args[@]}" --ignore 'tests/*' --ignore 'migrations/*' >/dev/null)
    echo "extracted $dir"
done
.venv/bin/python scripts/compile_messages.py
