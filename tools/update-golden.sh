#!/bin/sh
# update-golden.sh - regenerate the golden outputs beside the fixtures.
#
# Run after an intended change of output, then review `git diff fixtures/`:
# every changed line is a changed answer.
set -eu
cd "$(dirname "$0")/.."
bin=${IMR_BIN:-build/imrcheck}
cd fixtures
for req in requests/*.yaml requests/*.json; do
	case "$req" in *.expected.*) continue ;; esac
	[ -e "$req" ] || continue
	base=${req%.*}
	set +e
	"../$bin" check --rules ../rules "$req" >"$base.expected.txt" 2>/tmp/imr-golden-err.$$
	echo "# exit status: $?" >>"$base.expected.txt"
	set -e
	cat /tmp/imr-golden-err.$$ >>"$base.expected.txt"
	"../$bin" check --rules ../rules --format json "$req" 2>&1 |
		sed 's/"rules_digest": "[0-9a-f]\{64\}"/"rules_digest": "<digest>"/' >"$base.expected.json" || true
done
mkdir -p golden/letters golden/extract
for letter in letters/seeds/*.txt letters/layouts/*.txt; do
	name=$(basename "$letter" .txt)
	set +e
	"../$bin" letter --rules ../rules "$letter" >"golden/letters/$name.expected.txt" 2>/tmp/imr-golden-err.$$
	echo "# exit status: $?" >>"golden/letters/$name.expected.txt"
	set -e
	cat /tmp/imr-golden-err.$$ >>"golden/letters/$name.expected.txt"
	"../$bin" letter --rules ../rules --format json "$letter" 2>&1 |
		sed 's/"rules_digest": "[0-9a-f]\{64\}"/"rules_digest": "<digest>"/' >"golden/letters/$name.expected.json" || true
done
for letter in letters/seeds/*.txt; do
	name=$(basename "$letter" .txt)
	"../$bin" extract --rules ../rules --format json "$letter" >"golden/extract/$name.expected.json" 2>&1 || true
done
mkdir -p golden/audit
for format in text json jsonl csv; do
	set +e
	"../$bin" audit --rules ../rules --quiet --jobs 2 --findings all --format "$format" letters >"golden/audit/letters.expected.$format" 2>&1
	echo "# exit status: $?" >>"golden/audit/letters.expected.$format"
	set -e
	sed -i 's/"rules_digest": *"[0-9a-f]\{64\}"/"rules_digest": "<digest>"/' "golden/audit/letters.expected.$format"
done
rm -f /tmp/imr-golden-err.$$
echo "golden files updated; review with: git diff fixtures/"
