/* test_mute.c - mute files: what they accept, what they reject and where,
 * and which finding each entry mutes. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "imrcheck/mute.h"
#include "mute_internal.h"

static imr_mute *load_ok(const char *yaml)
{
	imr_mute *m = NULL;
	imr_diags diags;
	imr_diags_init(&diags);
	assert_int_equal(imr_mute_new(&m), IMR_OK);
	if (imr_mute_add_buffer(m, "mute.yaml", yaml, strlen(yaml), NULL, &diags) != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("the mute file did not load");
	}
	assert_int_equal(diags.count, 0);
	imr_diags_dispose(&diags);
	return m;
}

/* The file is refused with exactly one diagnostic, @p code at line:col. */
static void assert_refused(const char *yaml, const char *code, unsigned line, unsigned col)
{
	imr_mute *m = NULL;
	imr_diags diags;
	imr_diags_init(&diags);
	assert_int_equal(imr_mute_new(&m), IMR_OK);
	assert_int_equal(imr_mute_add_buffer(m, "bad.yaml", yaml, strlen(yaml), NULL, &diags), IMR_EINVALID);
	if (diags.count != 1 || strcmp(diags.items[0].code, code) != 0 || diags.items[0].line != line ||
	    diags.items[0].col != col) {
		imr_test_print_diags(&diags);
		fail_msg("expected one %s at %u:%u", code, line, col);
	}
	assert_string_equal(diags.items[0].file, "bad.yaml");
	assert_int_equal(imr_mute_count(m), 0); /* a file with an error adds nothing */
	imr_diags_dispose(&diags);
	imr_mute_free(m);
}

static void empty_file_mutes_nothing(void **state)
{
	imr_mute *m = load_ok("kind: audit-mute\nmute: []\n");
	(void)state;
	assert_int_equal(imr_mute_count(m), 0);
	assert_int_equal(imr_mute_find(m, "decision-discordance", "x", "y"), -1);
	assert_int_equal(imr_mute_find(NULL, "decision-discordance", "x", "y"), -1);
	imr_mute_free(m);
	imr_mute_free(NULL);
}

static const char three[] =
	"kind: audit-mute\n"
	"description: three ways to mute\n"
	"mute:\n"
	"  - id: differ\n"
	"    code: citation-guidelines-differ\n"
	"    why: the normal order of evidence\n"
	"  - id: tablets\n"
	"    code: rationale-contradicted\n"
	"    phrase: \"NOT able   to tolerate\"\n"
	"    why: a double negative about tablets\n"
	"  - regex: 'no\\s+indication\\b.*\\bred\\s+flags?'\n"
	"    why: any code, a stock sentence about red flags\n";

static void entries_and_matching(void **state)
{
	imr_mute *m = load_ok(three);
	const imr_mute_entry *e;
	(void)state;
	assert_int_equal(imr_mute_count(m), 3);
	e = imr_mute_get(m, 1);
	assert_string_equal(e->id, "tablets");
	assert_string_equal(e->file, "mute.yaml");
	assert_int_equal(e->line, 7);
	assert_string_equal(e->code, "rationale-contradicted");
	assert_string_equal(e->why, "a double negative about tablets");
	e = imr_mute_get(m, 2);
	assert_null(e->id);
	assert_null(e->code);
	assert_non_null(e->regex);
	assert_null(imr_mute_get(m, 3));

	/* a code alone mutes every finding of that code */
	assert_int_equal(imr_mute_find(m, "citation-guidelines-differ", "anything", NULL), 0);
	/* a phrase: case and runs of white space do not matter, in the
	 * message or the evidence, but only under its code */
	assert_int_equal(imr_mute_find(m, "rationale-contradicted", "m",
				       "rationale: \"There is no indication the patient is Not able\n to tolerate pills\""), 1);
	assert_int_equal(imr_mute_find(m, "rationale-unsupported", "m", "not able to tolerate"), -1);
	assert_int_equal(imr_mute_find(m, "rationale-contradicted", "m", "not able to walk"), -1);
	/* a regex without a code: any code, caseless */
	assert_int_equal(imr_mute_find(m, "decision-discordance", "No indication of any RED FLAGS", NULL), 2);
	assert_int_equal(imr_mute_find(m, "decision-discordance", "red flags are present", NULL), -1);
	assert_int_equal(imr_mute_find(m, NULL, NULL, NULL), -1);
	imr_mute_free(m);
}

static void first_entry_counts(void **state)
{
	static const char yaml[] = "kind: audit-mute\n"
				   "mute:\n"
				   "  - phrase: stock\n"
				   "    why: first\n"
				   "  - code: citation-topic\n"
				   "    why: second\n";
	imr_mute *m = load_ok(yaml);
	(void)state;
	assert_int_equal(imr_mute_find(m, "citation-topic", "a stock phrase", NULL), 0);
	assert_int_equal(imr_mute_find(m, "citation-topic", "another", NULL), 1);
	imr_mute_free(m);
}

static void ids_unique_across_files(void **state)
{
	static const char a[] = "kind: audit-mute\nmute:\n  - id: one\n    code: citation-topic\n    why: a\n";
	imr_mute *m = load_ok(a);
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr_mute_add_buffer(m, "b.yaml", a, strlen(a), NULL, &diags), IMR_EINVALID);
	assert_int_equal(diags.count, 1);
	assert_string_equal(diags.items[0].code, "duplicate-id");
	assert_string_equal(diags.items[0].file, "b.yaml");
	assert_non_null(strstr(diags.items[0].message, "mute.yaml:3:5"));
	assert_int_equal(imr_mute_count(m), 1);
	imr_diags_dispose(&diags);
	imr_mute_free(m);
}

static void bad_files(void **state)
{
	(void)state;
	assert_refused("kind: audit-mute\nmute:\n  - code: decision-discordance\n", "missing-key", 3, 5);
	assert_refused("kind: audit-mute\nmute:\n  - code: decision-discordance\n    why: ''\n", "wrong-type", 4, 10);
	assert_refused("kind: audit-mute\nmute:\n  - code: citation-topc\n    why: x\n", "unknown-finding-code", 3, 11);
	assert_refused("kind: audit-mute\nmute:\n  - why: x\n", "mute-matches-everything", 3, 5);
	assert_refused("kind: audit-mute\nmute:\n  - regex: 'a|'\n    why: x\n", "mute-matches-everything", 3, 12);
	assert_refused("kind: audit-mute\nmute:\n  - regex: 'red (flag'\n    why: x\n", "bad-regex", 3, 22);
	assert_refused("kind: audit-mute\nmute:\n  - phrase: a\n    regex: b\n    why: x\n", "bad-value", 4, 12);
	assert_refused("kind: audit-mute\nmute:\n  - phrase: '   '\n    why: x\n", "wrong-type", 3, 13);
	assert_refused("kind: audit-mute\nmute:\n  - code: citation-topic\n    whyy: x\n    why: y\n", "unknown-key", 4, 5);
	assert_refused("kind: audit-mute\nmute:\n  - id: 'no good'\n    code: citation-topic\n    why: y\n", "bad-id", 3, 9);
	assert_refused("kind: audit-mute\nmute: {code: citation-topic}\n", "wrong-type", 2, 7);
	assert_refused("kind: audit-mute\nmute:\n  - citation-topic\n", "wrong-type", 3, 5);
	assert_refused("kind: lexicon\nmute: []\n", "unknown-kind", 1, 7);
	assert_refused("kind: audit-mute\n", "missing-key", 1, 1);
	assert_refused("- a\n", "wrong-type", 1, 1);
	assert_refused("", "empty-file", 0, 0);
	assert_refused("kind: audit-mute\nmute: [\n", "yaml-syntax", 3, 1);
}

static void missing_file(void **state)
{
	imr_mute *m = NULL;
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr_mute_new(&m), IMR_OK);
	assert_int_equal(imr_mute_add_file(m, "/nonexistent/mute.yaml", NULL, &diags), IMR_EIO);
	assert_int_equal(diags.count, 1);
	assert_string_equal(diags.items[0].code, "io");
	imr_diags_dispose(&diags);
	imr_mute_free(m);
}

/* The rule set loads its own mute files (rules/audit-mute.yaml). */
static void rule_set_mute(void **state)
{
	const imr_rules *rules = imr_test_shipped_rules();
	(void)state;
	assert_non_null(rules);
	assert_non_null(imr_rules_mute(rules));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_file_mutes_nothing),
		cmocka_unit_test(entries_and_matching),
		cmocka_unit_test(first_entry_counts),
		cmocka_unit_test(ids_unique_across_files),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(rule_set_mute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
