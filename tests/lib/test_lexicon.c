/* test_lexicon.c - lexicon files: schema, values, capture groups, and
 * patterns compiled with PCRE2 and reported at the offending character. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "model.h"
#include "regex.h"

/* ---- helpers ---- */

/* A lexicon with one entry whose patterns line is line 9; @p entry holds
 * the entry's keys after "  - id: e1" (each line indented by 4). */
static const char *lexicon_with(const char *entry)
{
	static char text[8192];
	snprintf(text, sizeof(text),
		 "kind: lexicon\n"          /* 1 */
		 "name: test\n"             /* 2 */
		 "description: Test words.\n" /* 3 */
		 "target: service\n"        /* 4 */
		 "entries:\n"               /* 5 */
		 "  - id: e1\n"             /* 6 */
		 "%s",
		 entry);
	return text;
}

typedef struct loaded {
	imr_rules *rules;
	imr_diags diags;
	int status;
} loaded;

static void load_lexicon(loaded *l, const char *text)
{
	imr_diags_init(&l->diags);
	l->rules = (imr_rules *)1;
	l->status = imr_test_load_min(&l->rules, &l->diags, "lex.yaml", text, NULL);
}

static void load_lexicon_with(loaded *l, const char *text, const imr_limits *limits)
{
	imr_rules_options opts = IMR_RULES_OPTIONS_INIT;
	char min[4096], file[4096];
	const char *paths[2];
	opts.limits = limits;
	snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
	snprintf(file, sizeof(file), "%s", imr_test_write_temp("lex.yaml", text));
	paths[0] = min;
	paths[1] = file;
	imr_diags_init(&l->diags);
	l->rules = (imr_rules *)1;
	l->status = imr_rules_load_paths(&l->rules, paths, 2, &opts, &l->diags);
}

static void dispose(loaded *l)
{
	imr_rules_free(l->rules);
	imr_diags_dispose(&l->diags);
}

static void assert_loaded(loaded *l)
{
	if (l->status != IMR_OK) {
		imr_test_print_diags(&l->diags);
		fail_msg("expected the lexicon to load, got %d", l->status);
	}
}

static const imr_diag *find_diag(const imr_diags *diags, const char *code, unsigned line,
				 unsigned col)
{
	size_t i;
	for (i = 0; i < diags->count; i++) {
		const imr_diag *d = &diags->items[i];
		if (strcmp(d->code, code) == 0 && d->line == line && d->col == col)
			return d;
	}
	imr_test_print_diags(diags);
	fail_msg("no %s at %u:%u", code, line, col);
	return NULL;
}

/* The lexicon must be rejected with @p code at line:col, the message
 * containing @p text (NULL: any). */
static void expect(const char *text, const char *code, unsigned line, unsigned col, const char *msg)
{
	loaded l;
	const imr_diag *d;
	load_lexicon(&l, text);
	if (l.status != IMR_EINVALID) {
		imr_test_print_diags(&l.diags);
		fail_msg("expected IMR_EINVALID, got %d", l.status);
	}
	assert_null(l.rules);
	d = find_diag(&l.diags, code, line, col);
	if (msg && !strstr(d->message, msg))
		fail_msg("message \"%s\" lacks \"%s\"", d->message, msg);
	dispose(&l);
}

/* PCRE2's own message for @p pattern, to compare with the diagnostic. */
static void pcre2_message(const char *pattern, char *msg, size_t size, size_t *offset)
{
	imr_regex *re = NULL;
	assert_int_equal(imr__regex_compile(&re, pattern, strlen(pattern), 0, NULL, msg, size, offset),
			 IMR_EINVALID);
	assert_null(re);
}

/* ---- a good lexicon ---- */

static void good_lexicon_is_compiled(void **state)
{
	loaded l;
	const imr_lexicon *lx;
	(void)state;
	load_lexicon(&l, lexicon_with("    fact: request.region\n"
				      "    value: lumbar\n"
				      "    patterns: ['lumbar', 'L[1-5]-S?[1-5]']\n"
				      "  - id: e2\n"
				      "    fact: prior.relief_percent\n"
				      "    value: $1\n"
				      "    patterns: ['(\\d+)\\s*%\\s+relief']\n"
				      "  - id: e3\n"
				      "    fact: red_flag.alarm\n"
				      "    value: absent\n"
				      "    patterns: ['no red flags']\n"));
	assert_loaded(&l);
	assert_int_equal(l.rules->nlexicons, 1);
	lx = &l.rules->lexicons[0];
	assert_string_equal(lx->name, "test");
	assert_int_equal(lx->target, IMR_LEX_SERVICE);
	assert_int_equal(lx->nentries, 3);
	assert_int_equal(lx->entries[0].npatterns, 2);
	assert_string_equal(lx->entries[0].sources[1], "L[1-5]-S?[1-5]");
	assert_int_equal(lx->entries[1].group, 1);
	assert_true(lx->entries[2].absent);
	dispose(&l);
}

static void notes_target_is_recorded(void **state)
{
	loaded l;
	char text[8192];
	(void)state;
	snprintf(text, sizeof(text), "%s",
		 lexicon_with("    fact: exam.sign_a\n    patterns: [sign a]\n"));
	memcpy(strstr(text, "target: service"), "target: notes  ", 15);
	load_lexicon(&l, text);
	assert_loaded(&l);
	assert_int_equal(l.rules->lexicons[0].target, IMR_LEX_NOTES);
	assert_true(l.rules->lexicons[0].entries[0].num == 1); /* booleans default to true */
	dispose(&l);
}

static int pattern_matches(const imr_regex *re, const char *subject)
{
	imr_matcher *m = NULL;
	size_t ovec[8];
	int rc;
	assert_int_equal(imr__matcher_new(&m, NULL), IMR_OK);
	rc = imr__regex_find(m, re, subject, strlen(subject), 0, ovec, 8);
	imr__matcher_free(m);
	return rc;
}

static void patterns_are_caseless_unless_case_sensitive(void **state)
{
	loaded l;
	const imr_lexicon *lx;
	(void)state;
	load_lexicon(&l, lexicon_with("    fact: exam.sign_a\n"
				      "    patterns: [sign a]\n"
				      "  - id: e2\n"
				      "    fact: exam.sign_b\n"
				      "    case_sensitive: true\n"
				      "    patterns: [sign b]\n"));
	assert_loaded(&l);
	lx = &l.rules->lexicons[0];
	assert_int_equal(pattern_matches(lx->entries[0].patterns[0], "SIGN A present"), 1);
	assert_int_equal(pattern_matches(lx->entries[1].patterns[0], "SIGN B present"), 0);
	assert_int_equal(pattern_matches(lx->entries[1].patterns[0], "sign b present"), 1);
	dispose(&l);
}

/* ---- bad patterns ---- */

static void bad_regex_in_plain_scalar_points_at_the_character(void **state)
{
	loaded l;
	const imr_diag *d;
	char msg[256], expected[400];
	size_t off;
	(void)state;
	load_lexicon(&l, lexicon_with("    fact: exam.sign_a\n"
				      "    patterns:\n"
				      "      - ab)cd\n")); /* line 9, ')' at column 11 */
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.rules);
	d = find_diag(&l.diags, "bad-regex", 9, 11);
	pcre2_message("ab)cd", msg, sizeof(msg), &off);
	assert_int_equal(off, 2);
	snprintf(expected, sizeof(expected), "invalid pattern: %s at offset 2", msg);
	assert_string_equal(d->message, expected);
	dispose(&l);
}

static void bad_regex_in_single_quoted_scalar_points_at_the_character(void **state)
{
	(void)state;
	/* "    patterns: ['ab)cd']": the quote is column 16, ')' column 19 */
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: ['ab)cd']\n"), "bad-regex", 8, 19,
	       "unmatched closing parenthesis");
}

static void bad_regex_in_flow_sequence_points_at_the_character(void **state)
{
	(void)state;
	/* "    patterns: [ok, (?<n]" : "(?<n" starts at column 20 */
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: [ok, (?<n]\n"), "bad-regex", 8, 24,
	       "at offset 4");
}

static void every_bad_pattern_is_reported(void **state)
{
	loaded l;
	(void)state;
	load_lexicon(&l, lexicon_with("    fact: exam.sign_a\n"
				      "    patterns:\n"
				      "      - a{2,1}\n"   /* 9 */
				      "      - good\n"     /* 10 */
				      "      - x)\n"));    /* 11 */
	assert_int_equal(l.status, IMR_EINVALID);
	find_diag(&l.diags, "bad-regex", 9, 14); /* '}' ends the bad quantifier */
	find_diag(&l.diags, "bad-regex", 11, 10);
	assert_int_equal(l.diags.errors, 2);
	dispose(&l);
}

/* BUG (src/lib/lexicon.c, compile_patterns): the column is the scalar's
 * column plus PCRE2's offset into the *decoded* pattern, so a single-quoted
 * pattern with an escaped quote ('') before the error is one column short:
 * "    patterns: ['it''s)x']" puts ')' at column 22 but the error is at 21.
 * Excluded until fixed. */
static void bad_regex_after_an_escaped_quote_points_at_the_character(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: ['it''s)x']\n"), "bad-regex", 8, 22,
	       NULL);
}

/* BUG (src/lib/lexicon.c, compile_patterns): PCRE2's offset counts bytes,
 * but columns count characters (diag.h); a multi-byte character before the
 * error moves the column right: "    patterns: [é)x]" puts ')' at column
 * 17, the error is reported at 18. Excluded until fixed. */
static void bad_regex_after_a_multibyte_character_points_at_the_character(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: [é)x]\n"), "bad-regex", 8, 17, NULL);
}

static void pattern_longer_than_the_limit(void **state)
{
	loaded l;
	imr_limits lim = IMR_LIMITS_INIT;
	const imr_diag *d;
	(void)state;
	lim.pattern_bytes = 8;
	load_lexicon_with(&l,
			  lexicon_with("    fact: exam.sign_a\n    patterns: [short, abcdefghij]\n"), &lim);
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.rules);
	/* the column of the first byte beyond the limit: 'abcdefghij' starts
	 * at column 23, so its ninth character is at 31 */
	d = find_diag(&l.diags, "limit", 8, 31);
	assert_non_null(strstr(d->message, "pattern is longer than the limit of 8 bytes"));
	assert_int_equal(l.diags.errors, 1); /* "short" is within the limit */
	dispose(&l);
}

static void pattern_at_the_limit_is_accepted(void **state)
{
	loaded l;
	imr_limits lim = IMR_LIMITS_INIT;
	(void)state;
	lim.pattern_bytes = 8;
	load_lexicon_with(&l, lexicon_with("    fact: exam.sign_a\n    patterns: [abcdefgh]\n"), &lim);
	assert_loaded(&l);
	dispose(&l);
}

static void empty_pattern_list_and_empty_pattern(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: []\n"), "wrong-type", 8, 15,
	       "'patterns' must be a non-empty list");
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: ['']\n"), "wrong-type", 8, 16,
	       "each pattern must be a non-empty string");
}

static void missing_patterns(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n"), "missing-key", 6, 5,
	       "missing required key 'patterns'");
}

/* ---- facts and values ---- */

static void unknown_fact_suggests(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_q\n    patterns: [x]\n"), "unknown-fact", 7, 11,
	       "unknown fact 'exam.sign_q' (did you mean 'exam.sign_a'?)");
}

static void unknown_fact_without_suggestion(void **state)
{
	loaded l;
	const imr_diag *d;
	(void)state;
	load_lexicon(&l, lexicon_with("    fact: nothing.like.it\n    patterns: [x]\n"));
	assert_int_equal(l.status, IMR_EINVALID);
	d = find_diag(&l.diags, "unknown-fact", 7, 11);
	assert_string_equal(d->message, "unknown fact 'nothing.like.it'");
	dispose(&l);
}

static void group_reference_beyond_the_pattern_groups(void **state)
{
	loaded l;
	const imr_diag *d;
	(void)state;
	load_lexicon(&l, lexicon_with("    fact: prior.relief_percent\n"
				      "    value: $2\n"
				      "    patterns:\n"
				      "      - '(\\d+)% relief'\n"     /* 10: one group */
				      "      - '(\\d+)% (better)'\n")); /* 11: two groups */
	assert_int_equal(l.status, IMR_EINVALID);
	d = find_diag(&l.diags, "bad-value", 10, 9);
	assert_string_equal(d->message, "pattern has no capture group $2");
	assert_int_equal(l.diags.errors, 1);
	dispose(&l);
}

static void capture_group_on_a_boolean(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    value: $1\n    patterns: ['(x)']\n"), "wrong-type", 8,
	       12, "a capture group cannot set 'exam.sign_a' (a boolean)");
}

static void group_reference_must_be_1_to_99(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: prior.count\n    value: $0\n    patterns: ['(x)']\n"), "bad-value", 8,
	       12, "'$0' is not a capture group reference ($1 to $99)");
	expect(lexicon_with("    fact: prior.count\n    value: $x\n    patterns: ['(x)']\n"), "bad-value", 8,
	       12, NULL);
	expect(lexicon_with("    fact: prior.count\n    value: $100\n    patterns: ['(x)']\n"), "bad-value",
	       8, 12, NULL);
}

static void enum_value_suggests_a_member(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: request.region\n    value: lumbr\n    patterns: [x]\n"),
	       "unknown-value", 8, 12, "'lumbr' is not a value of 'region' (did you mean 'lumbar'?)");
}

static void number_fact_needs_a_value(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: prior.count\n    patterns: [x]\n"), "missing-key", 6, 5,
	       "an entry for 'prior.count' (a number) needs a 'value'");
}

static void number_value_must_be_a_number(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: prior.count\n    value: many\n    patterns: [x]\n"), "wrong-type", 8,
	       12, "'prior.count' is a number");
}

static void boolean_value_must_be_true_false_or_absent(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    value: maybe\n    patterns: [x]\n"), "wrong-type", 8,
	       12, "value must be true, false or absent");
}

static void date_value_must_be_a_date(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: prior.date\n    value: 2016-02-30\n    patterns: [x]\n"), "bad-date",
	       8, 12, "invalid date for 'prior.date'");
}

/* BUG (src/lib/lexicon.c, entry_value): a literal number value is not
 * checked against the fact's min/max, although request files, rule tests
 * and expressions all reject it (out-of-range). prior.relief_percent is
 * 0..100; "value: 500" loads. Expected out-of-range at 8:12; actual: the
 * lexicon loads. Excluded until fixed. */
static void number_value_outside_the_fact_range(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: prior.relief_percent\n    value: 500\n    patterns: [x]\n"),
	       "out-of-range", 8, 12, NULL);
}

/* ---- lexicon keys ---- */

static void unknown_entry_key_suggests(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: [x]\n    pattern: [y]\n"), "unknown-key",
	       9, 5, "unknown key 'pattern' in a lexicon entry (did you mean 'patterns'?)");
}

static void unknown_lexicon_key_suggests(void **state)
{
	loaded l;
	char text[8192];
	(void)state;
	snprintf(text, sizeof(text), "%s",
		 lexicon_with("    fact: exam.sign_a\n    patterns: [x]\n"));
	memcpy(strstr(text, "name:"), "nane:", 5);
	load_lexicon(&l, text);
	assert_int_equal(l.status, IMR_EINVALID);
	assert_non_null(strstr(find_diag(&l.diags, "unknown-key", 2, 1)->message, "did you mean 'name'?"));
	find_diag(&l.diags, "missing-key", 1, 1);
	dispose(&l);
}

static void bad_target_suggests(void **state)
{
	char text[8192];
	(void)state;
	snprintf(text, sizeof(text), "%s",
		 lexicon_with("    fact: exam.sign_a\n    patterns: [x]\n"));
	memcpy(strstr(text, "target: service"), "target: servise", 15);
	expect(text, "bad-value", 4, 9, "'servise' is not a lexicon target (did you mean 'service'?)");
}

static void case_sensitive_must_be_boolean(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    case_sensitive: sometimes\n    patterns: [x]\n"),
	       "wrong-type", 8, 21, "'case_sensitive' must be true or false");
}

static void entry_id_must_be_an_identifier(void **state)
{
	char text[8192];
	(void)state;
	snprintf(text, sizeof(text), "%s", lexicon_with("    fact: exam.sign_a\n    patterns: [x]\n"));
	memcpy(strstr(text, "id: e1"), "id: 1e", 6);
	expect(text, "bad-id", 6, 9, "'1e' is not a valid identifier");
}

static void duplicate_entry_id(void **state)
{
	(void)state;
	expect(lexicon_with("    fact: exam.sign_a\n    patterns: [x]\n"
			    "  - id: e1\n    fact: exam.sign_b\n    patterns: [y]\n"),
	       "duplicate-id", 9, 9, "entry 'e1' is already defined in this lexicon");
}

static void duplicate_lexicon_name_across_files(void **state)
{
	loaded l;
	char first[8192];
	(void)state;
	snprintf(first, sizeof(first), "%s", lexicon_with("    fact: exam.sign_a\n    patterns: [x]\n"));
	imr_diags_init(&l.diags);
	l.rules = (imr_rules *)1;
	l.status = imr_test_load_min(&l.rules, &l.diags, "lex-a.yaml", first, "lex-b.yaml", first, NULL);
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.rules);
	assert_non_null(strstr(find_diag(&l.diags, "duplicate-id", 2, 7)->message,
			       "lexicon 'test' is already defined in "));
	dispose(&l);
}


/* ---- also: one list of patterns for a value and for a set ---- */

static const char *const region_set_vocab =
	"kind: vocabulary\nfacts:\n"
	"  request.regions: {type: set, of: region, description: Every region named.}\n";

/* rules-min plus a vocabulary and a lexicon file */
static void load_three(loaded *l, const char *vocab, const char *lexicon)
{
	imr_rules_options opts = IMR_RULES_OPTIONS_INIT;
	char min[4096], vfile[4096], lfile[4096];
	const char *paths[3];
	snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
	snprintf(vfile, sizeof(vfile), "%s", imr_test_write_temp("vocab2.yaml", vocab));
	snprintf(lfile, sizeof(lfile), "%s", imr_test_write_temp("lex.yaml", lexicon));
	paths[0] = min;
	paths[1] = vfile;
	paths[2] = lfile;
	imr_diags_init(&l->diags);
	l->rules = (imr_rules *)1;
	l->status = imr_rules_load_paths(&l->rules, paths, 3, &opts, &l->diags);
}

static void read_service(const imr_rules *rules, const char *service, const char *fact,
			 const char *want)
{
	imr_worker *w = NULL;
	imr_facts *facts = NULL;
	imr_diags diags;
	char got[256];
	imr_diags_init(&diags);
	assert_int_equal(imr_worker_new(&w, rules, NULL), IMR_OK);
	assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
	assert_int_equal(imr_extract_service(NULL, w, service, facts, &diags), IMR_OK);
	imr_facts_value_text(facts, fact, got, sizeof(got));
	assert_string_equal(got, want);
	imr_facts_free(facts);
	imr_worker_free(w);
	imr_diags_dispose(&diags);
}

static void also_sets_every_member_of_a_set(void **state)
{
	loaded l;
	(void)state;
	load_three(&l, region_set_vocab,
		   "kind: lexicon\nname: sites\ndescription: Sites.\ntarget: service\nentries:\n"
		   "  - {id: neck, fact: request.region, value: cervical, combine: first, also: request.regions, patterns: ['\\bneck\\b']}\n"
		   "  - {id: back, fact: request.region, value: lumbar, combine: first, also: request.regions, patterns: ['\\bback\\b']}\n");
	assert_loaded(&l);
	read_service(l.rules, "therapy for the back and the neck", "request.region", "lumbar");
	read_service(l.rules, "therapy for the back and the neck", "request.regions", "[lumbar, cervical]");
	read_service(l.rules, "therapy for the neck", "request.regions", "[cervical]");
	dispose(&l);
}

static void also_must_name_a_set_of_the_same_enum(void **state)
{
	loaded l;
	(void)state;
	load_three(&l, region_set_vocab,
		   "kind: lexicon\nname: sites\ndescription: Sites.\ntarget: service\nentries:\n"
		   "  - id: neck\n"
		   "    fact: request.region\n"
		   "    value: cervical\n"
		   "    also: request.levels\n"
		   "    patterns: ['\\bneck\\b']\n");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_non_null(find_diag(&l.diags, "wrong-type", 9, 11));
	dispose(&l);
}

/* An inference that reads a fact runs after the inferences that set it,
 * whatever their order in the files. */
static void inferences_run_after_those_they_read(void **state)
{
	loaded l;
	(void)state;
	load_three(&l, region_set_vocab,
		   "kind: lexicon\nname: chain\ndescription: Chain.\ntarget: service\nentries:\n"
		   "  - {id: unclear, fact: request.flags, value: vague, patterns: ['\\bunclear\\b']}\n"
		   "infer:\n"
		   "  - {fact: request.purpose, value: diagnostic, when: request.region = lumbar}\n"
		   "  - {fact: request.region, value: lumbar, when: vague in request.flags}\n");
	assert_loaded(&l);
	read_service(l.rules, "an unclear injection", "request.region", "lumbar");
	read_service(l.rules, "an unclear injection", "request.purpose", "diagnostic");
	dispose(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_lexicon_is_compiled),
		cmocka_unit_test(also_sets_every_member_of_a_set),
		cmocka_unit_test(also_must_name_a_set_of_the_same_enum),
		cmocka_unit_test(inferences_run_after_those_they_read),
		cmocka_unit_test(notes_target_is_recorded),
		cmocka_unit_test(patterns_are_caseless_unless_case_sensitive),
		cmocka_unit_test(bad_regex_in_plain_scalar_points_at_the_character),
		cmocka_unit_test(bad_regex_in_single_quoted_scalar_points_at_the_character),
		cmocka_unit_test(bad_regex_in_flow_sequence_points_at_the_character),
		cmocka_unit_test(every_bad_pattern_is_reported),
		cmocka_unit_test(bad_regex_after_an_escaped_quote_points_at_the_character),
		cmocka_unit_test(bad_regex_after_a_multibyte_character_points_at_the_character),
		cmocka_unit_test(pattern_longer_than_the_limit),
		cmocka_unit_test(pattern_at_the_limit_is_accepted),
		cmocka_unit_test(empty_pattern_list_and_empty_pattern),
		cmocka_unit_test(missing_patterns),
		cmocka_unit_test(unknown_fact_suggests),
		cmocka_unit_test(unknown_fact_without_suggestion),
		cmocka_unit_test(group_reference_beyond_the_pattern_groups),
		cmocka_unit_test(capture_group_on_a_boolean),
		cmocka_unit_test(group_reference_must_be_1_to_99),
		cmocka_unit_test(enum_value_suggests_a_member),
		cmocka_unit_test(number_fact_needs_a_value),
		cmocka_unit_test(number_value_must_be_a_number),
		cmocka_unit_test(boolean_value_must_be_true_false_or_absent),
		cmocka_unit_test(date_value_must_be_a_date),
		cmocka_unit_test(number_value_outside_the_fact_range),
		cmocka_unit_test(unknown_entry_key_suggests),
		cmocka_unit_test(unknown_lexicon_key_suggests),
		cmocka_unit_test(bad_target_suggests),
		cmocka_unit_test(case_sensitive_must_be_boolean),
		cmocka_unit_test(entry_id_must_be_an_identifier),
		cmocka_unit_test(duplicate_entry_id),
		cmocka_unit_test(duplicate_lexicon_name_across_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
