#!/bin/sh
# run_html_browser.sh - the audit's HTML page in a real browser.
#
# The page's table of items is plain HTML; an inline script adds filters
# and sorting, and takes a view from the address's fragment
# ("#category=imaging&sort=-file"). Here the audit of fixtures/letters is
# opened in headless Chromium with views in the fragment, and the DOM the
# browser holds after the script ran (--dump-dom) must show the script
# ran (its filters exist, the table says so), only the rows of the view
# visible, in the order asked for, and a plain anchor (#letter-N) leave
# the table whole.
#
# Chromium is a test dependency (tools/bootstrap-debian.sh --tests installs
# Debian's `chromium`): without it this test FAILS, unless
# IMR_SKIP_BROWSER=1 says to skip it (exit 77, which ctest shows as
# skipped). IMR_CHROMIUM names another browser binary. CI runs as root,
# hence --no-sandbox; the browser gets a private profile and home in a
# temporary directory.
set -u
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
SOURCE_DATE_EPOCH=1700000000
export ASAN_OPTIONS SOURCE_DATE_EPOCH
: "${IMR_BIN:?}" "${IMR_FIXTURES:?}" "${IMR_RULES:?}"

browser=${IMR_CHROMIUM:-chromium}
if ! command -v "$browser" >/dev/null 2>&1; then
	if [ "${IMR_SKIP_BROWSER:-0}" = 1 ]; then
		echo "html_browser: skipped: no '$browser' and IMR_SKIP_BROWSER=1"
		exit 77
	fi
	echo "FAIL: no '$browser' to open the HTML report in (Debian: apt-get install chromium, or"
	echo "      tools/bootstrap-debian.sh --tests); set IMR_SKIP_BROWSER=1 to skip this test"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

failed() {
	echo "FAIL: $*"
	fail=1
}

"$IMR_BIN" audit --quiet --jobs 2 --rules "$IMR_RULES" --findings all --output "$tmp/audit.txt" \
	--html "$tmp/audit.html" "$IMR_FIXTURES/letters"
[ $? -le 1 ] || {
	echo "FAIL: the audit did not run"
	exit 1
}

# The DOM after the page's scripts ran, for the view in fragment $1.
dump() {
	mkdir -p "$tmp/home"
	HOME="$tmp/home" timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$tmp/profile" --dump-dom "file://$tmp/audit.html$1" 2>"$tmp/browser.err"
}

# The rows of the table of items in a dumped DOM, one line each:
# "shown|hidden <category> <findings> <file>", in the order of the DOM.
rows() {
	awk 'BEGIN { RS = "<tr " }
	/^id="item-/ {
		tag = substr($0, 1, index($0, ">"))
		state = tag ~ / hidden(="[^"]*")?[ >]/ ? "hidden" : "shown"
		cat = tag; sub(/.*data-category="/, "", cat); sub(/".*/, "", cat)
		fnd = tag; sub(/.*data-findings="/, "", fnd); sub(/".*/, "", fnd); gsub(/ /, ",", fnd)
		file = $0; sub(/^[^>]*><td class="file"[^>]*><a [^>]*>/, "", file); sub(/<.*/, "", file)
		print state, cat, (fnd == "" ? "-" : fnd), file
	}' "$1"
}

total=$(grep -c '^<tr id="item-' "$tmp/audit.html")
imaging=$(grep -c '^<tr id="item-[0-9-]*" data-category="imaging"' "$tmp/audit.html")
[ "$total" -gt 0 ] && [ "$imaging" -gt 1 ] && [ "$imaging" -lt "$total" ] ||
	failed "the audit has no imaging items among others ($imaging of $total): the test shows nothing"

# a category, sorted by the letter's file name, last first
dump '#category=imaging&sort=-file' >"$tmp/dom1.html" || failed "the browser failed: $(tail -3 "$tmp/browser.err")"
grep -q 'id="items" class="items" data-shown="'"$imaging"'" data-script="ready"' "$tmp/dom1.html" ||
	failed "imaging view: the script did not run, or its count is not $imaging"
grep -q '<form id="item-filters"' "$tmp/dom1.html" || failed "imaging view: no filters"
grep -q '<option value="imaging">imaging</option>' "$tmp/dom1.html" || failed "imaging view: no category choice"
rows "$tmp/dom1.html" >"$tmp/rows1"
[ "$(wc -l <"$tmp/rows1")" -eq "$total" ] || failed "imaging view: rows lost ($(wc -l <"$tmp/rows1") of $total)"
[ "$(grep -c '^shown imaging ' "$tmp/rows1")" -eq "$imaging" ] || failed "imaging view: imaging rows hidden"
[ "$(grep -c '^shown' "$tmp/rows1")" -eq "$imaging" ] || failed "imaging view: other rows shown"
grep '^shown' "$tmp/rows1" | cut -d' ' -f4- | tr 'A-Z' 'a-z' >"$tmp/files1"
LC_ALL=C sort -c -r "$tmp/files1" 2>/dev/null || failed "imaging view: not sorted by file, last first"
[ "$(sort -u "$tmp/files1" | wc -l)" -gt 1 ] || failed "imaging view: one file only: the order shows nothing"
grep -q 'data-key="file" tabindex="0" title="Sort by this column" aria-sort="descending"' "$tmp/dom1.html" ||
	failed "imaging view: the file heading does not say it sorts descending"

# items without findings whose text holds "mri", in item-number order
dump '#finding=-&q=MRI&sort=item' >"$tmp/dom2.html" || failed "the browser failed: $(tail -3 "$tmp/browser.err")"
rows "$tmp/dom2.html" >"$tmp/rows2"
shown=$(grep -c '^shown' "$tmp/rows2")
[ "$shown" -gt 0 ] || failed "text view: nothing shown"
grep '^shown' "$tmp/rows2" | grep -v '^shown [^ ]* - ' && failed "text view: rows with findings shown"
awk 'BEGIN { RS = "<tr " } /^id="item-/ && substr($0, 1, index($0, ">")) !~ / hidden/ {
	row = tolower($0); sub(/<\/tr>.*/, "", row); if (row !~ /mri/) bad++ } END { exit bad > 0 }' "$tmp/dom2.html" ||
	failed "text view: a row without 'mri' shown"
awk 'BEGIN { RS = "<tr " } /^id="item-/ && substr($0, 1, index($0, ">")) !~ / hidden/ {
	n = $0; sub(/^.*<td class="n"><a [^>]*>/, "", n); sub(/<.*/, "", n); print n }' "$tmp/dom2.html" >"$tmp/numbers2"
sort -n -c "$tmp/numbers2" 2>/dev/null || failed "text view: not sorted by item number"
grep -q '<input type="search" name="q"[^>]*>' "$tmp/dom2.html" || failed "text view: no text filter"

# an anchor is not a view: the whole table, in the page's order
dump '#letter-3' >"$tmp/dom3.html" || failed "the browser failed: $(tail -3 "$tmp/browser.err")"
grep -q 'id="items" class="items" data-shown="'"$total"'" data-script="ready"' "$tmp/dom3.html" ||
	failed "anchor: the table is not whole"
rows "$tmp/dom3.html" | cut -d' ' -f4- >"$tmp/order3"
grep '^<tr id="item-' "$tmp/audit.html" | sed 's/^[^>]*><td class="file"[^>]*><a [^>]*>//; s/<.*//' >"$tmp/order0"
cmp -s "$tmp/order0" "$tmp/order3" || failed "anchor: the rows are not in the page's order"
grep -q '<dd id="run-date">2023-11-14 22:13:20 UTC</dd>' "$tmp/dom3.html" || failed "the run date is not shown"

[ $fail -eq 0 ] && echo "html_browser: all cases passed ($total items, $imaging imaging)"
exit $fail
