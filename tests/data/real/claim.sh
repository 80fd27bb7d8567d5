#!/usr/bin/env bash
# claim.sh URL ID ANNOTATOR — reserve an article for the corpus before annotating it.
# Refuses a page of the hidden evaluation set (../shared/corpus/hidden_urls.txt), a page
# already claimed (same address without scheme, "www." and trailing slash), or an id in use.
# On success appends the row to sources.tsv (split "incoming") under a lock.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=$1 id=$2 who=$3
[[ $id == *.txt ]] || { echo "claim: id must end in .txt" >&2; exit 2; }
norm() { sed -E 's#^https?://##; s#^www\.##; s#/+$##' | tr 'A-Z' 'a-z'; }
key=$(printf '%s\n' "$url" | norm)
hidden="$here/../../../../shared/corpus/hidden_urls.txt"
[[ -f $hidden ]] || { echo "claim: $hidden is missing; cannot check the hidden set" >&2; exit 1; }
hits=$(grep -v '^#' "$hidden" | norm | while read -r h; do
  if [[ -n $h && ( $key == "$h"* || $h == "$key"* ) ]]; then echo "$h"; fi
done)
if [[ -n $hits ]]; then
  echo "claim: REFUSED — $url is in the hidden evaluation set; never use it" >&2; exit 1
fi
exec 9>"$here/.claims.lock"
flock 9
# Read whole lists into variables: with pipefail, `grep -q` closing a pipe early would
# make the upstream command fail and the check pass wrongly.
claimed=$(cut -f4 "$here/sources.tsv" | tail -n +2 | norm)
ids=$(cut -f1 "$here/sources.tsv")
if grep -qxF "$key" <<<"$claimed"; then
  echo "claim: $url is already in the corpus" >&2; exit 1
fi
if grep -qxF "$id" <<<"$ids"; then
  echo "claim: id $id is taken" >&2; exit 1
fi
printf '%s\tincoming\t%s\t%s\t%s\n' "$id" "$(date -u +%F)" "$url" "$who" >> "$here/sources.tsv"
echo "claimed $id"
