#!/bin/sh
# run_merge.sh - `imrcheck audit --merge`: shards reported as one audit.
#
# fixtures/letters is dealt round-robin into three path lists, so that the
# letters of a cross-letter finding land in different shards; each shard
# is audited with --format jsonl, and the shards merged must give, in
# every format and the HTML page, the bytes of one audit of the three
# lists one after the other. Then the shards that cannot be merged: one
# cut short (no summary line), one audited with another rule set, a line
# that is not JSON, an item line without the criterion statuses, and one
# with a reason the rule set does not have; each
# exits 2 naming the shard and line, and leaves no output. A case given
# twice is counted once whether its copies are in one shard or in two, and a
# mute file mutes a merge as it mutes one run.
#
# The HTML page is dated by SOURCE_DATE_EPOCH (set here, so one run and
# the merge have the same date) and names its inputs on one line: the
# paths of one run, the shards of a merge. That line is the one the two
# pages may differ by, and it must name the shards.
set -u
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
SOURCE_DATE_EPOCH=1700000000
export ASAN_OPTIONS SOURCE_DATE_EPOCH
: "${IMR_BIN:?}" "${IMR_FIXTURES:?}" "${IMR_RULES:?}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

failed() {
	echo "FAIL: $*"
	fail=1
}

find "$IMR_FIXTURES/letters" \( -name '*.txt' -o -name '*.pdf' \) | LC_ALL=C sort >"$tmp/letters"
for k in 0 1 2; do
	awk -v k="$k" '(NR - 1) % 3 == k' "$tmp/letters" >"$tmp/part$k"
	"$IMR_BIN" audit --quiet --jobs 2 --rules "$IMR_RULES" --findings all --format jsonl --output "$tmp/shard$k.jsonl" - <"$tmp/part$k"
	[ $? -le 1 ] || failed "shard $k: exit status"
done
cat "$tmp/part0" "$tmp/part1" "$tmp/part2" >"$tmp/all"
for f in text json jsonl csv; do
	"$IMR_BIN" audit --quiet --jobs 2 --rules "$IMR_RULES" --findings all --format "$f" --output "$tmp/one.$f" \
		--html "$tmp/one.html" - <"$tmp/all"
	one=$?
	"$IMR_BIN" audit --quiet --rules "$IMR_RULES" --findings all --format "$f" --output "$tmp/merged.$f" \
		--html "$tmp/merged.html" --merge "$tmp/shard0.jsonl" "$tmp/shard1.jsonl" "$tmp/shard2.jsonl"
	[ $? -eq "$one" ] || failed "$f: merge exit status differs from one run ($one)"
	cmp -s "$tmp/one.$f" "$tmp/merged.$f" || failed "$f: merged report differs from one run"
	grep -v '<dd id="run-inputs">' "$tmp/one.html" >"$tmp/one.page"
	grep -v '<dd id="run-inputs">' "$tmp/merged.html" >"$tmp/merged.page"
	cmp -s "$tmp/one.page" "$tmp/merged.page" || failed "$f: merged HTML differs from one run"
	[ "$(wc -l <"$tmp/one.html")" -eq "$(($(wc -l <"$tmp/one.page") + 1))" ] ||
		failed "$f: the page does not name its inputs on one line"
	grep -q "<dd id=\"run-inputs\"><code>the merge of 3 shards: $tmp/shard0.jsonl, $tmp/shard1.jsonl, $tmp/shard2.jsonl</code></dd>" \
		"$tmp/merged.html" || failed "$f: the merged page does not name its shards"
	grep -q '<dd id="run-date">2023-11-14 22:13:20 UTC</dd>' "$tmp/merged.html" ||
		failed "$f: the merged page is not dated by SOURCE_DATE_EPOCH"
done
# what the page shows on demand comes through the shards too
grep -q '<details><summary>Case summary</summary>' "$tmp/merged.html" || failed "merged: no case summary"
grep -q '<details><summary>Rationale</summary>' "$tmp/merged.html" || failed "merged: no rationale"
# the comparison across letters had pairs to find, across shards
grep -q '"record":"finding","type":"inconsistency across letters"' "$tmp/one.jsonl" ||
	grep -q '"inconsistency across letters"' "$tmp/one.jsonl" || failed "no cross-letter finding to merge"
n=$(grep -c '"record":"finding"' "$tmp/merged.jsonl")
[ "$n" -ge 1 ] || failed "merged: no cross-letter finding"
for k in 0 1 2; do
	[ "$(grep -c '"record":"finding"' "$tmp/shard$k.jsonl")" -lt "$n" ] ||
		failed "shard $k alone finds every cross-letter finding: the test shows nothing"
done

# a case given twice: fixtures/letters/audit has two pairs (one told by its
# case number, one by its text), each copy named to sort right after its
# first, so that dealt round-robin the two are in different shards. No
# shard alone sees a duplicate; the merge finds both, as one run does
# (in the order of the three lists, whichever copy comes first).
for k in 0 1 2; do
	! grep -q '"duplicate_of"' "$tmp/shard$k.jsonl" ||
		failed "shard $k holds both letters of a pair: the test shows nothing across shards"
done
for pair in si-joint-upheld unnumbered-lumbar-brace; do
	grep -q "/$pair\(_2\)\{0,1\}\.txt\",\"duplicate_of\":\"[^\"]*/$pair\(_2\)\{0,1\}\.txt\"" "$tmp/merged.jsonl" ||
		failed "merged: the $pair pair is not recorded as a duplicate"
done
grep -q '"duplicates":2,' "$tmp/merged.jsonl" || failed "merged: the summary does not count 2 duplicates"
# cut in two halves instead, each copy is in its first's shard, written as
# a duplicate letter line, which the merge reads back
n=$(wc -l <"$tmp/letters")
head -n $((n / 2)) "$tmp/letters" >"$tmp/half0"
tail -n +$((n / 2 + 1)) "$tmp/letters" >"$tmp/half1"
for k in 0 1; do
	"$IMR_BIN" audit --quiet --jobs 2 --rules "$IMR_RULES" --findings all --format jsonl --output "$tmp/half$k.jsonl" - <"$tmp/half$k"
done
grep -q '"duplicate_of"' "$tmp/half0.jsonl" "$tmp/half1.jsonl" || failed "halves: no shard holds a duplicate"
"$IMR_BIN" audit --quiet --jobs 2 --rules "$IMR_RULES" --findings all --format jsonl --output "$tmp/one-sorted.jsonl" - <"$tmp/letters"
"$IMR_BIN" audit --quiet --rules "$IMR_RULES" --findings all --format jsonl --output "$tmp/merged-halves.jsonl" \
	--merge "$tmp/half0.jsonl" "$tmp/half1.jsonl"
cmp -s "$tmp/one-sorted.jsonl" "$tmp/merged-halves.jsonl" || failed "halves: merged report differs from one run"

# a mute file: the merge mutes as one run with it does, whether the shards
# were audited with it (their muted findings are on their item lines) or
# without it, and counts what each entry muted the same way
mute="$IMR_FIXTURES/mute/audit-letters.yaml"
for k in 0 1 2; do
	"$IMR_BIN" audit --quiet --jobs 2 --rules "$IMR_RULES" --findings all --mute "$mute" --format jsonl \
		--output "$tmp/mshard$k.jsonl" - <"$tmp/part$k"
done
grep -q '"muted":\[' "$tmp/mshard0.jsonl" "$tmp/mshard1.jsonl" "$tmp/mshard2.jsonl" ||
	failed "mute: no shard carries a muted finding"
for f in text json jsonl csv; do
	"$IMR_BIN" audit --quiet --jobs 2 --rules "$IMR_RULES" --findings all --mute "$mute" --format "$f" \
		--output "$tmp/mone.$f" --html "$tmp/mone.html" - <"$tmp/all"
	for shards in shard mshard; do
		"$IMR_BIN" audit --quiet --rules "$IMR_RULES" --findings all --mute "$mute" --format "$f" \
			--output "$tmp/mmerged.$f" --html "$tmp/mmerged.html" \
			--merge "$tmp/${shards}0.jsonl" "$tmp/${shards}1.jsonl" "$tmp/${shards}2.jsonl"
		cmp -s "$tmp/mone.$f" "$tmp/mmerged.$f" || failed "mute, $f, $shards: merged report differs from one run"
		grep -v '<dd id="run-inputs">' "$tmp/mone.html" >"$tmp/mone.page"
		grep -v '<dd id="run-inputs">' "$tmp/mmerged.html" >"$tmp/mmerged.page"
		cmp -s "$tmp/mone.page" "$tmp/mmerged.page" || failed "mute, $f, $shards: merged HTML differs from one run"
	done
done
grep -q '"muted_findings":[1-9][0-9]*,' "$tmp/mone.jsonl" || failed "mute: one run counts no muted finding"
# muted shards merged without the mute file give every finding back
"$IMR_BIN" audit --quiet --rules "$IMR_RULES" --findings all --format jsonl --output "$tmp/unmuted.jsonl" \
	--merge "$tmp/mshard0.jsonl" "$tmp/mshard1.jsonl" "$tmp/mshard2.jsonl"
grep -q '"muted_findings":0,' "$tmp/unmuted.jsonl" || failed "mute: merged without it, findings stay muted"
[ "$(grep -c '"record":"finding"' "$tmp/unmuted.jsonl")" -eq "$(grep -c '"record":"finding"' "$tmp/one.jsonl")" ] ||
	failed "mute: merged without it, not every cross-letter finding is back"

# shards that cannot be merged: exit 2, a located message, no output
bad_case() { # NAME EXPECTED-MESSAGE SHARD...
	name=$1 want=$2
	shift 2
	rm -f "$tmp/out"
	"$IMR_BIN" audit --quiet --rules "$IMR_RULES" --output "$tmp/out" --merge "$@" 2>"$tmp/err"
	status=$?
	[ $status -eq 2 ] || failed "$name: exit status $status, not 2"
	grep -qF -- "$want" "$tmp/err" || { failed "$name: message"; cat "$tmp/err"; }
	[ ! -e "$tmp/out" ] || failed "$name: left an output file"
}
head -n 3 "$tmp/shard0.jsonl" >"$tmp/short.jsonl"
bad_case "cut short" "$tmp/short.jsonl:4:1: error: the shard ends without its summary line" \
	"$tmp/shard1.jsonl" "$tmp/short.jsonl"
sed 's/"rules_digest":"[0-9a-f]*"/"rules_digest":"00"/' "$tmp/shard0.jsonl" >"$tmp/digest.jsonl"
lines=$(wc -l <"$tmp/digest.jsonl")
bad_case "other rules" "$tmp/digest.jsonl:$lines:1: error: the shard was audited with another rule set (digest 00)" \
	"$tmp/digest.jsonl"
{ head -n 1 "$tmp/shard0.jsonl"; echo '{"record":"item",'; } >"$tmp/json.jsonl"
bad_case "not JSON" "$tmp/json.jsonl:2:" "$tmp/json.jsonl"
sed '1s/,"signature":"[^"]*"//' "$tmp/shard0.jsonl" >"$tmp/old.jsonl"
bad_case "no statuses" "$tmp/old.jsonl:1:1: error: an item line without" "$tmp/old.jsonl"
sed '1s/"reasons":\[[^]]*\]/"reasons":["denial.not_a_reason"]/' "$tmp/shard0.jsonl" >"$tmp/reason.jsonl"
bad_case "unknown reason" "$tmp/reason.jsonl:1:1: error: an item line whose reasons are not those of the rule set" \
	"$tmp/reason.jsonl"
also_shard=
for s in "$tmp"/shard[0-9].jsonl; do
	grep -q '"also_items"' "$s" && { also_shard=$s; break; }
done
if [ -n "$also_shard" ]; then
	n=$(grep -n '"also_items"' "$also_shard" | head -n 1 | cut -d: -f1)
	# a finding collapsed from several items names items after its own
	sed "${n}s/\"also_items\":\[[0-9,]*\]/\"also_items\":[0]/" "$also_shard" >"$tmp/also.jsonl"
	bad_case "also items" "$tmp/also.jsonl:$n:1: error: a finding whose also_items are not item numbers" \
		"$tmp/also.jsonl"
else
	failed "no shard has a finding collapsed from several items"
fi
bad_case "missing" "$tmp/none.jsonl: error: cannot open the shard" "$tmp/none.jsonl"

[ $fail -eq 0 ] && echo "merge: all cases passed"
exit $fail
