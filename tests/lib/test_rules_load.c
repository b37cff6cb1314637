/* test_rules_load.c - loading and validating rule sets: schema errors at
 * their exact line:column with their check names, completeness of the
 * reports, no rule set on error, warnings, the digest, file collection and
 * the inspection API. */
#include "test.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"

/* ---- helpers ---- */

typedef struct loaded {
	imr_rules *rules;
	imr_diags diags;
	int status;
} loaded;

/* Load fixtures/rules-min plus one extra file. */
static void load_min_plus(loaded *l, const char *name, const char *text)
{
	imr_diags_init(&l->diags);
	l->rules = (imr_rules *)1; /* must be reset by the loader */
	l->status = imr_test_load_min(&l->rules, &l->diags, name, text, NULL);
}

static void load_min_plus2(loaded *l, const char *n1, const char *t1, const char *n2, const char *t2)
{
	imr_diags_init(&l->diags);
	l->rules = (imr_rules *)1;
	l->status = imr_test_load_min(&l->rules, &l->diags, n1, t1, n2, t2, NULL);
	free((void *)(uintptr_t)t1);
	free((void *)(uintptr_t)t2);
}

/* A heap copy of @p text, for load_min_plus2() (which frees it). */
static const char *copy(const char *text)
{
	char *c = strdup(text);
	assert_non_null(c);
	return c;
}

static void dispose(loaded *l)
{
	imr_rules_free(l->rules);
	imr_diags_dispose(&l->diags);
}

/* The load must fail: IMR_EINVALID and no rule set. */
static void assert_rejected(loaded *l)
{
	if (l->status != IMR_EINVALID) {
		imr_test_print_diags(&l->diags);
		fail_msg("expected IMR_EINVALID, got %d", l->status);
	}
	assert_null(l->rules);
	assert_true(l->diags.errors > 0);
}

static void assert_loaded(loaded *l)
{
	if (l->status != IMR_OK) {
		imr_test_print_diags(&l->diags);
		fail_msg("expected the rule set to load, got %d", l->status);
	}
	assert_non_null(l->rules);
	assert_int_equal(l->diags.errors, 0);
}

/* A diagnostic with @p code at line:col whose message contains @p text. */
static void assert_diag_msg(const imr_diags *diags, const char *code, unsigned line, unsigned col,
			    const char *text)
{
	size_t i;
	for (i = 0; i < diags->count; i++) {
		const imr_diag *d = &diags->items[i];
		if (strcmp(d->code, code) == 0 && d->line == line && d->col == col &&
		    (!text || strstr(d->message, text)))
			return;
	}
	imr_test_print_diags(diags);
	fail_msg("no %s at %u:%u with \"%s\"", code, line, col, text ? text : "");
}

/* The message of the first diagnostic with @p code. */
static const char *message_of(const imr_diags *diags, const char *code)
{
	size_t i;
	for (i = 0; i < diags->count; i++)
		if (strcmp(diags->items[i].code, code) == 0)
			return diags->items[i].message;
	imr_test_print_diags(diags);
	fail_msg("no diagnostic %s", code);
	return "";
}

/* The first diagnostic with @p code. */
static const imr_diag *diag_of(const imr_diags *diags, const char *code)
{
	size_t i;
	for (i = 0; i < diags->count; i++)
		if (strcmp(diags->items[i].code, code) == 0)
			return &diags->items[i];
	imr_test_print_diags(diags);
	fail_msg("no diagnostic %s", code);
	return NULL;
}

static size_t count_code(const imr_diags *diags, const char *code)
{
	size_t i, n = 0;
	for (i = 0; i < diags->count; i++)
		n += strcmp(diags->items[i].code, code) == 0;
	return n;
}

/* Load one extra file that must be rejected with @p code at line:col
 * (message containing @p text when not NULL). */
static void expect(const char *text, const char *code, unsigned line, unsigned col, const char *msg)
{
	loaded l;
	load_min_plus(&l, "case.yaml", text);
	assert_rejected(&l);
	assert_diag_msg(&l.diags, code, line, col, msg);
	dispose(&l);
}

/* A valid rule; cases below are copies with one thing broken. */
static const char good_rule[] = "kind: rule\n"                           /* 1 */
				"id: x.rule\n"                           /* 2 */
				"title: A rule\n"                        /* 3 */
				"guideline: ODG\n"                       /* 4 */
				"citation: {document: Doc}\n"            /* 5 */
				"applies: request.procedure = injection\n" /* 6 */
				"recommendation: conditional\n"          /* 7 */
				"summary: S.\n"                          /* 8 */
				"criteria:\n"                            /* 9 */
				"  - id: a\n"                            /* 10 */
				"    text: T.\n"                         /* 11 */
				"    require: exam.sign_a\n"             /* 12 */
				"    advice: A.\n"                       /* 13 */
				"tests:\n"                               /* 14 */
				"  - name: t\n"                          /* 15 */
				"    request: {procedure: injection}\n"  /* 16 */
				"    facts: {exam.sign_a: true}\n"       /* 17 */
				"    expect: {medically_necessary: true, criteria: {a: met}}\n"; /* 18 */

/* good_rule with line @p n (1-based) replaced by @p line (which may hold
 * several lines or be empty). */
static const char *rule_with_line(unsigned n, const char *line)
{
	static char out[8192];
	const char *p = good_rule;
	unsigned i;
	out[0] = '\0';
	for (i = 1; *p; i++) {
		const char *eol = strchr(p, '\n');
		size_t len = (size_t)(eol - p) + 1;
		if (i == n)
			strcat(out, line);
		else
			strncat(out, p, len);
		p += len;
	}
	return out;
}

/* ---- temporary rule directories ---- */

static void make_dir(char *dir, size_t size)
{
	snprintf(dir, size, "/tmp/imrtest-rules.XXXXXX");
	if (!mkdtemp(dir))
		fail_msg("cannot create a temporary directory");
}

static void write_in(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s", path);
	fputs(text, fp);
	fclose(fp);
}

/* A fresh directory holding a copy of fixtures/rules-min. */
static void copy_rules_min(char *dir, size_t size)
{
	static const char *const names[] = { "vocabulary.yaml", "precedence.yaml", "injection.yaml",
					     "other.yaml", "guidance.yaml" };
	size_t i;
	make_dir(dir, size);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char rel[256];
		char *text;
		snprintf(rel, sizeof(rel), "rules-min/%s", names[i]);
		text = imr_test_read_file(imr_test_fixture(rel), NULL);
		write_in(dir, names[i], text);
		free(text);
	}
}

/* Remove a flat directory and the files in it. */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int load_dir(imr_rules **rules, imr_diags *diags, const char *dir)
{
	*rules = (imr_rules *)1;
	return imr_rules_load_dir(rules, dir, NULL, diags);
}

/* ---- the good rule ---- */

static void good_rule_loads_cleanly(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "case.yaml", good_rule);
	assert_loaded(&l);
	assert_int_equal(l.diags.count, 0);
	assert_int_equal(imr_rules_count(l.rules), 4);
	assert_true(imr_rules_find(l.rules, "x.rule") >= 0);
	dispose(&l);
}

/* ---- keys ---- */

static void unknown_criterion_key_suggests_the_right_one(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "case.yaml", rule_with_line(12, "    requre: exam.sign_a\n"));
	assert_rejected(&l);
	assert_diag_msg(&l.diags, "unknown-key", 12, 5,
			"unknown key 'requre' in a criterion (did you mean 'require'?)");
	assert_diag_msg(&l.diags, "missing-key", 10, 5,
			"a criterion is missing required key 'require'");
	dispose(&l);
}

static void unknown_rule_key_suggests_the_right_one(void **state)
{
	(void)state;
	expect(rule_with_line(8, "summary: S.\nsumary: typo\n"), "unknown-key", 9, 1,
	       "unknown key 'sumary' in a rule (did you mean 'summary'?)");
}

static void unknown_key_without_a_close_match(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "case.yaml", rule_with_line(8, "summary: S.\nxyzzy: 1\n"));
	assert_rejected(&l);
	assert_diag_msg(&l.diags, "unknown-key", 9, 1, "unknown key 'xyzzy' in a rule");
	assert_null(strstr(message_of(&l.diags, "unknown-key"), "did you mean"));
	dispose(&l);
}

static void missing_required_rule_key(void **state)
{
	(void)state;
	expect(rule_with_line(3, ""), "missing-key", 1, 1, "a rule is missing required key 'title'");
}

static void missing_citation_document(void **state)
{
	(void)state;
	expect(rule_with_line(5, "citation: {pages: \"3\"}\n"), "missing-key", 5, 11,
	       "a citation is missing required key 'document'");
}

static void every_missing_key_is_reported(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "case.yaml", "kind: rule\nid: x.bare\n");
	assert_rejected(&l);
	assert_diag_msg(&l.diags, "missing-key", 1, 1, "'title'");
	assert_diag_msg(&l.diags, "missing-key", 1, 1, "'guideline'");
	assert_diag_msg(&l.diags, "missing-key", 1, 1, "'citation'");
	assert_diag_msg(&l.diags, "missing-key", 1, 1, "'applies'");
	assert_diag_msg(&l.diags, "missing-key", 1, 1, "'recommendation'");
	assert_diag_msg(&l.diags, "missing-key", 1, 1, "'summary'");
	assert_int_equal(count_code(&l.diags, "missing-key"), 6);
	dispose(&l);
}

/* ---- types and values ---- */

static void text_key_with_a_list_is_wrong_type(void **state)
{
	(void)state;
	expect(rule_with_line(3, "title: [a, b]\n"), "wrong-type", 3, 8,
	       "'title' must be text, found a sequence");
}

static void boolean_key_with_a_word_is_wrong_type(void **state)
{
	(void)state;
	expect(rule_with_line(8, "summary: S.\ncomplete: maybe\n"), "wrong-type", 9, 11,
	       "'complete' must be true or false, found a string");
}

static void criteria_as_a_mapping_is_wrong_type(void **state)
{
	(void)state;
	expect("kind: rule\nid: x.r\ntitle: T\nguideline: ODG\ncitation: {document: D}\n"
	       "applies: request.procedure = injection\nrecommendation: not_recommended\n"
	       "summary: S.\ncriteria: {a: 1}\n",
	       "wrong-type", 9, 11, "'criteria' must be a list, found a mapping");
}

static void bad_recommendation_suggests(void **state)
{
	(void)state;
	expect(rule_with_line(7, "recommendation: conditionl\n"), "bad-value", 7, 17,
	       "'conditionl' is not a valid recommendation (did you mean 'conditional'?)");
}

static void bad_confidence_lists_the_choices(void **state)
{
	(void)state;
	expect(rule_with_line(5, "citation: {document: Doc, confidence: sure}\n"), "bad-value", 5, 39,
	       "'sure' is not a valid confidence (expected one of high, medium, low)");
}

static void bad_if_undocumented_value(void **state)
{
	(void)state;
	expect(rule_with_line(13, "    advice: A.\n    if_undocumented: maybe\n"), "bad-value", 14, 22,
	       "'maybe' is not a valid if_undocumented value");
}

static void conditional_rule_with_no_criteria(void **state)
{
	(void)state;
	expect("kind: rule\nid: x.r\ntitle: T\nguideline: ODG\ncitation: {document: D}\n"
	       "applies: request.procedure = injection\nrecommendation: conditional\n"
	       "summary: S.\ncriteria: []\n",
	       "bad-value", 9, 11, "a conditional rule needs at least one criterion");
}

/* ---- identifiers and duplicates ---- */

static void rule_id_must_be_an_identifier(void **state)
{
	(void)state;
	expect(rule_with_line(2, "id: 9bad\n"), "bad-id", 2, 5, "'9bad' is not a valid identifier");
}

static void criterion_id_must_be_an_identifier(void **state)
{
	(void)state;
	expect(rule_with_line(10, "  - id: b c\n"), "bad-id", 10, 9, "'b c' is not a valid identifier");
}

static void duplicate_rule_id_across_files(void **state)
{
	(void)state;
	expect(rule_with_line(2, "id: t1.injection\n"), "duplicate-id", 2, 5,
	       "rule 't1.injection' is already defined in ");
}

static void duplicate_rule_id_names_the_first_definition(void **state)
{
	loaded l;
	char expected[4096];
	(void)state;
	load_min_plus(&l, "case.yaml", rule_with_line(2, "id: t2.other\n"));
	assert_rejected(&l);
	snprintf(expected, sizeof(expected), "rule 't2.other' is already defined in %s:1:1",
		 imr_test_fixture("rules-min/other.yaml"));
	assert_diag_msg(&l.diags, "duplicate-id", 2, 5, expected);
	dispose(&l);
}

static void duplicate_rule_id_in_two_new_files(void **state)
{
	loaded l;
	(void)state;
	load_min_plus2(&l, "a.yaml", copy(good_rule), "b.yaml", copy(good_rule));
	assert_rejected(&l);
	assert_int_equal(count_code(&l.diags, "duplicate-id"), 1);
	assert_diag_msg(&l.diags, "duplicate-id", 2, 5, "rule 'x.rule' is already defined in ");
	assert_non_null(strstr(diag_of(&l.diags, "duplicate-id")->file, "b.yaml"));
	dispose(&l);
}

static void duplicate_criterion_id_relates_to_the_first(void **state)
{
	loaded l;
	size_t i;
	(void)state;
	load_min_plus(&l, "case.yaml",
		      rule_with_line(13, "    advice: A.\n"
					 "  - id: a\n"                 /* 14 */
					 "    text: Again.\n"
					 "    require: exam.sign_b\n"
					 "    advice: A.\n"));
	assert_rejected(&l);
	assert_diag_msg(&l.diags, "duplicate-id", 14, 9,
			"criterion 'a' is already defined in this rule at line 10");
	for (i = 0; i < l.diags.count; i++)
		if (strcmp(l.diags.items[i].code, "duplicate-id") == 0) {
			assert_int_equal(l.diags.items[i].rel_line, 10);
			assert_int_equal(l.diags.items[i].rel_col, 5);
		}
	dispose(&l);
}

static void duplicate_test_name(void **state)
{
	(void)state;
	expect(rule_with_line(18, "    expect: {medically_necessary: true}\n"
				  "  - name: t\n"
				  "    expect: {medically_necessary: true}\n"),
	       "duplicate-id", 19, 11, "test case 't' is already defined in this rule at line 15");
}

/* ---- dates ---- */

static void impossible_effective_date(void **state)
{
	(void)state;
	expect(rule_with_line(8, "summary: S.\neffective: {from: 2016-02-30}\n"), "bad-date", 9, 19,
	       "invalid date '2016-02-30' for 'from'");
}

static void effective_date_of_wrong_shape(void **state)
{
	(void)state;
	expect(rule_with_line(8, "summary: S.\neffective: {to: soon}\n"), "bad-date", 9, 17,
	       "invalid date 'soon' for 'to'");
	expect(rule_with_line(8, "summary: S.\neffective: {to: [2015-01-01]}\n"), "wrong-type", 9, 17,
	       "'to' must be a date");
}

static void effective_to_before_from(void **state)
{
	(void)state;
	expect(rule_with_line(8, "summary: S.\neffective: {from: 2015-01-01, to: 2014-12-31}\n"),
	       "bad-date", 9, 35, "'to' is before 'from'");
}

static void effective_from_equal_to_is_accepted(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "case.yaml",
		      rule_with_line(8, "summary: S.\neffective: {from: 2015-01-01, to: 2015-01-01}\n"));
	assert_loaded(&l);
	dispose(&l);
}

static void unknown_effective_key(void **state)
{
	(void)state;
	expect(rule_with_line(8, "summary: S.\neffective: {form: 2015-01-01}\n"), "unknown-key", 9, 13,
	       "did you mean 'from'?");
}

static void impossible_test_date(void **state)
{
	(void)state;
	expect(rule_with_line(15, "  - name: t\n    date: 2015-02-29\n"), "bad-date", 16, 11,
	       "invalid date '2015-02-29' for 'date'");
}

/* ---- guidelines and kinds ---- */

static void unknown_guideline_suggests(void **state)
{
	(void)state;
	expect(rule_with_line(4, "guideline: ODGG\n"), "unknown-guideline", 4, 12,
	       "unknown guideline 'ODGG' (did you mean 'ODG'?)");
}

static void unknown_guideline_without_close_match(void **state)
{
	(void)state;
	expect(rule_with_line(4, "guideline: ACOEM\n"), "unknown-guideline", 4, 12,
	       "guideline 'ACOEM' is not in the precedence order");
}

static void unknown_kind_suggests(void **state)
{
	(void)state;
	expect(rule_with_line(1, "kind: rules\n"), "unknown-kind", 1, 7,
	       "unknown kind 'rules' (did you mean 'rule'?)");
}

static void unknown_kind_lists_the_kinds(void **state)
{
	(void)state;
	expect("kind: policy\n", "unknown-kind", 1, 7, "unknown kind 'policy' (expected vocabulary, ");
	expect("kind: [rule]\n", "unknown-kind", 1, 7, "unknown kind a sequence");
}

static void missing_kind(void **state)
{
	(void)state;
	expect(rule_with_line(1, ""), "missing-key", 1, 1, "missing 'kind'");
}

static void empty_file(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "case.yaml", "# nothing here\n");
	assert_rejected(&l);
	assert_diag(&l.diags, "empty-file", 0, 0);
	assert_non_null(strstr(diag_of(&l.diags, "empty-file")->file, "case.yaml"));
	dispose(&l);
}

static void top_level_sequence(void **state)
{
	(void)state;
	expect("- kind: rule\n", "wrong-type", 1, 1, "expected a mapping with 'kind' at the top, found a sequence");
}

static void yaml_errors_in_a_rule_file_reject_the_set(void **state)
{
	(void)state;
	expect(rule_with_line(3, "title: A rule\ntitle: Again\n"), "duplicate-key", 4, 1,
	       "duplicate key 'title'");
	expect(rule_with_line(3, "title: &t A rule\n"), "yaml-anchor", 3, 8, NULL);
}

/* ---- vocabulary ---- */

static void duplicate_enum_across_files(void **state)
{
	char expected[4096];
	(void)state;
	snprintf(expected, sizeof(expected), "enum 'region' is already defined at %s:12:3",
		 imr_test_fixture("rules-min/vocabulary.yaml"));
	expect("kind: vocabulary\nenums:\n  region:\n    description: Again.\n    values: {hip: Hip}\n",
	       "duplicate-id", 3, 3, expected);
}

/* Within one directory the later file in byte order is the duplicate. */
static void duplicate_fact_in_a_later_file(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	char dir[256], expected[512];
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	write_in(dir, "zz-vocabulary.yaml",
		 "kind: vocabulary\nfacts:\n  exam.sign_a: {type: boolean, description: Again.}\n");
	assert_int_equal(load_dir(&rules, &diags, dir), IMR_EINVALID);
	assert_null(rules);
	snprintf(expected, sizeof(expected), "fact 'exam.sign_a' is already defined at %s/vocabulary.yaml:44:3",
		 dir);
	assert_diag_msg(&diags, "duplicate-id", 3, 3, expected);
	assert_non_null(strstr(diag_of(&diags, "duplicate-id")->file, "zz-vocabulary.yaml"));
	imr_diags_dispose(&diags);
	remove_dir(dir);
}

/* BUG (src/lib/rules_load.c, load_facts): of two definitions of a fact,
 * the "later" one is chosen by comparing file paths with strcmp(), not by
 * load order. When files are given as separate paths (rules-min first,
 * then a file in /tmp that sorts before it), the error lands on the
 * original definition in rules-min/vocabulary.yaml:44:3 and names the new
 * file as the first definition. Duplicate enums (load_enum) and rules
 * (load_rule) are reported at the later file in load order. Expected the
 * error at case.yaml:3:3; actual at rules-min/vocabulary.yaml:44:3.
 * Excluded until fixed. */
static void duplicate_fact_across_files(void **state)
{
	char expected[4096];
	(void)state;
	snprintf(expected, sizeof(expected), "fact 'exam.sign_a' is already defined at %s:44:3",
		 imr_test_fixture("rules-min/vocabulary.yaml"));
	expect("kind: vocabulary\nfacts:\n  exam.sign_a: {type: boolean, description: Again.}\n",
	       "duplicate-id", 3, 3, expected);
}

static void fact_of_unknown_enum_suggests(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.where: {type: enum, of: regon, description: W.}\n",
	       "unknown-enum", 3, 32, "unknown enum 'regon' (did you mean 'region'?)");
}

static void set_fact_without_of(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.where:\n    type: set\n    description: W.\n",
	       "missing-key", 4, 5, "fact 'exam.where' of type set needs 'of: ENUM'");
}

static void unknown_fact_type(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.n: {type: integer, description: N.}\n", "unknown-type",
	       3, 18, "unknown type 'integer'");
	expect("kind: vocabulary\nfacts:\n  exam.n: {type: bolean, description: N.}\n", "unknown-type",
	       3, 18, "did you mean 'boolean'?");
}

static void min_above_max(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.n: {type: number, min: 10, max: 5, description: N.}\n",
	       "bad-value", 3, 31, "min 10 is above max 5");
}

static void min_on_a_boolean(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.b: {type: boolean, min: 1, description: B.}\n",
	       "wrong-type", 3, 32, "min and max apply to number facts only");
}

static void derive_on_a_number(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.n: {type: number, derive: exam.sign_a, description: N.}\n",
	       "wrong-type", 3, 34, "only boolean facts can be derived");
}

static void enum_value_needs_a_description(void **state)
{
	(void)state;
	expect("kind: vocabulary\nenums:\n  colour:\n    description: C.\n    values:\n      red:\n",
	       "wrong-type", 6, 11, "enum value 'red' needs a description, found null");
}

static void enum_value_must_be_an_identifier(void **state)
{
	(void)state;
	expect("kind: vocabulary\nenums:\n  colour:\n    description: C.\n    values: {9red: Red}\n",
	       "bad-id", 5, 14, "'9red' is not a valid enum value");
}

static void derive_cycle_through_two_facts(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n"
	       "  exam.x: {type: boolean, description: X., derive: {any: [exam.y, exam.sign_a]}}\n"
	       "  exam.y: {type: boolean, description: Y., derive: {not: exam.x}}\n",
	       "derive-cycle", 3, 3, "fact 'exam.x' is derived from itself");
}

static void derive_from_itself(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.z: {type: boolean, description: Z., derive: exam.z}\n",
	       "derive-cycle", 3, 3, "fact 'exam.z' is derived from itself");
}

static void derive_chain_without_cycle_is_accepted(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "vocab2.yaml",
		      "kind: vocabulary\nfacts:\n"
		      "  exam.x: {type: boolean, description: X., derive: exam.signs}\n"
		      "  exam.y: {type: boolean, description: Y., derive: {all: [exam.x, exam.signs]}}\n");
	assert_loaded(&l);
	dispose(&l);
}


/* ---- computed number facts ---- */

static const char *const compute_vocab =
	"kind: vocabulary\nfacts:\n"
	"  prior.a: {type: number, description: A.}\n"
	"  prior.b: {type: number, description: B.}\n"
	"  prior.total:\n"
	"    type: number\n"
	"    max: 100\n"
	"    description: Total.\n"
	"    compute:\n"
	"      - product: [prior.a, prior.b]\n"
	"      - sum: [prior.a, prior.count]\n";

static void compute_on_a_boolean(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  exam.x: {type: boolean, description: X., compute: {sum: [prior.count, prior.count]}}\n",
	       "wrong-type", 3, 53, "only number facts can be computed");
}

static void compute_from_an_unknown_fact(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  prior.x: {type: number, description: X., compute: {sum: [prior.count, prior.nope]}}\n",
	       "unknown-fact", 3, 73, "unknown fact 'prior.nope' in compute of 'prior.x'");
}

static void compute_from_another_scope(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  prior.x: {type: number, description: X., compute: {sum: [prior.count, request.level_count]}}\n",
	       "wrong-scope", 3, 73, "'prior.x' is computed from facts of its own scope");
}

static void compute_with_an_unknown_operation(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  prior.x: {type: number, description: X., compute: {ratio: [prior.count, prior.count]}}\n",
	       "bad-value", 3, 54, "'ratio' is not a valid compute operation");
}

static void compute_cycle(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n"
	       "  prior.x: {type: number, description: X., compute: {sum: [prior.y, prior.count]}}\n"
	       "  prior.y: {type: number, description: Y., compute: {sum: [prior.x, prior.count]}}\n",
	       "derive-cycle", 3, 3, "fact 'prior.x' is computed from itself");
}

static void computed_value(loaded *l, double a, double b, int set_b, const char *want)
{
	imr_facts *facts = NULL;
	char got[128];
	assert_int_equal(imr_facts_new(&facts, l->rules), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.a", a), IMR_OK);
	if (set_b)
		assert_int_equal(imr_facts_set_number(facts, "prior.b", b), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.count", 3), IMR_OK);
	assert_int_equal(imr__facts_compute(facts), IMR_OK);
	imr_facts_value_text(facts, "prior.total", got, sizeof(got));
	assert_string_equal(got, want);
	imr_facts_free(facts);
}

static void compute_takes_the_first_applicable_form(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "vocab2.yaml", compute_vocab);
	assert_loaded(&l);
	computed_value(&l, 2, 6, 1, "12");            /* product */
	computed_value(&l, 2, 0, 0, "5");             /* b missing: the sum */
	computed_value(&l, 20, 6, 1, "23");           /* 120 is above max: the sum */
	dispose(&l);
}

static void compute_keeps_a_documented_value_and_shows_its_arithmetic(void **state)
{
	loaded l;
	imr_facts *facts = NULL;
	const imr_value *v;
	int fact;
	(void)state;
	load_min_plus(&l, "vocab2.yaml", compute_vocab);
	assert_loaded(&l);
	assert_int_equal(imr_facts_new(&facts, l.rules), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.a", 2), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.b", 6), IMR_OK);
	assert_int_equal(imr__facts_compute(facts), IMR_OK);
	fact = imr__vocab_fact(l.rules, "prior.total", strlen("prior.total"));
	v = imr__facts_value(facts, fact);
	assert_int_equal(v->nev, 1);
	assert_string_equal(v->ev[0].text, "2 x 6 = 12 (prior.a x prior.b)");
	assert_string_equal(v->ev[0].source, "computed");
	assert_int_equal(imr_facts_set_number(facts, "prior.total", 7), IMR_OK);
	assert_int_equal(imr__facts_compute(facts), IMR_OK);
	assert_true(imr__facts_value(facts, fact)->num == 7);
	imr_facts_free(facts);
	dispose(&l);
}

static const char *const compute_ops_vocab =
	"kind: vocabulary\nfacts:\n"
	"  prior.a: {type: number, description: A.}\n"
	"  prior.b: {type: number, description: B.}\n"
	"  prior.diff: {type: number, min: 0, description: A - B., compute: {difference: [prior.a, prior.b]}}\n"
	"  prior.share: {type: number, description: Diff / A., compute: {quotient: [prior.diff, prior.a]}}\n"
	"  prior.percent: {type: number, description: Share as percent., compute: {product: [prior.share, 100]}}\n";

static void compute_difference_quotient_and_constants(void **state)
{
	loaded l;
	imr_facts *facts = NULL;
	const imr_value *v;
	char got[64];
	(void)state;
	load_min_plus(&l, "vocab3.yaml", compute_ops_vocab);
	assert_loaded(&l);
	assert_int_equal(imr_facts_new(&facts, l.rules), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.a", 8), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.b", 2), IMR_OK);
	assert_int_equal(imr__facts_compute(facts), IMR_OK);
	imr_facts_value_text(facts, "prior.percent", got, sizeof(got));
	assert_string_equal(got, "75");
	v = imr__facts_value(facts, imr__vocab_fact(l.rules, "prior.diff", strlen("prior.diff")));
	assert_string_equal(v->ev[0].text, "8 - 2 = 6 (prior.a - prior.b)");
	v = imr__facts_value(facts, imr__vocab_fact(l.rules, "prior.share", strlen("prior.share")));
	assert_string_equal(v->ev[0].text, "6 / 8 = 0.75 (prior.diff / prior.a)");
	v = imr__facts_value(facts, imr__vocab_fact(l.rules, "prior.percent", strlen("prior.percent")));
	assert_string_equal(v->ev[0].text, "0.75 x 100 = 75 (prior.share x 100)");
	imr_facts_free(facts);
	/* a negative difference is out of range, a zero divisor gives nothing */
	assert_int_equal(imr_facts_new(&facts, l.rules), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.a", 0), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.b", 2), IMR_OK);
	assert_int_equal(imr__facts_compute(facts), IMR_OK);
	imr_facts_value_text(facts, "prior.diff", got, sizeof(got));
	assert_string_equal(got, "not documented");
	imr_facts_free(facts);
	assert_int_equal(imr_facts_new(&facts, l.rules), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.a", 0), IMR_OK);
	assert_int_equal(imr_facts_set_number(facts, "prior.diff", 3), IMR_OK);
	assert_int_equal(imr__facts_compute(facts), IMR_OK);
	imr_facts_value_text(facts, "prior.share", got, sizeof(got));
	assert_string_equal(got, "not documented");
	imr_facts_free(facts);
	dispose(&l);
}

static void compute_forms_are_checked(void **state)
{
	(void)state;
	expect("kind: vocabulary\nfacts:\n  prior.x: {type: number, description: X., compute: {difference: [prior.count, prior.count, prior.count]}}\n",
	       "bad-expression", 3, 66, "'difference' takes exactly two inputs, found 3");
	expect("kind: vocabulary\nfacts:\n  prior.x: {type: number, description: X., compute: {quotient: [prior.count, 0]}}\n",
	       "out-of-range", 3, 78, "'prior.x' divides by zero");
	expect("kind: vocabulary\nfacts:\n  prior.x: {type: number, description: X., compute: {sum: [1, 2]}}\n",
	       "bad-expression", 3, 59, "has only constants");
}

static void vocabulary_must_declare_request_date(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	char dir[256], *vocab, *cut;
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	vocab = imr_test_read_file(imr_test_fixture("rules-min/vocabulary.yaml"), NULL);
	cut = strstr(vocab, "  request.date:");
	assert_non_null(cut);
	memmove(cut, strchr(cut, '\n') + 1, strlen(strchr(cut, '\n') + 1) + 1);
	write_in(dir, "vocabulary.yaml", vocab);
	free(vocab);
	assert_int_equal(load_dir(&rules, &diags, dir), IMR_EINVALID);
	assert_null(rules);
	assert_diag_msg(&diags, "missing-fact", 0, 0, "the vocabulary must declare 'request.date' (date)");
	imr_diags_dispose(&diags);
	remove_dir(dir);
}

static void well_known_fact_of_wrong_type(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	char dir[256], *vocab, *at, *grown;
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	vocab = imr_test_read_file(imr_test_fixture("rules-min/vocabulary.yaml"), NULL);
	grown = realloc(vocab, strlen(vocab) + 8);
	assert_non_null(grown);
	vocab = grown;
	at = strstr(vocab, "request.date: {type: date");
	assert_non_null(at);
	memcpy(at + strlen("request.date: {type: "), "bool", 4); /* date -> boolean */
	memmove(at + strlen("request.date: {type: bool") + 3, at + strlen("request.date: {type: bool"),
		strlen(at + strlen("request.date: {type: bool")) + 1);
	memcpy(at + strlen("request.date: {type: bool"), "ean", 3);
	write_in(dir, "vocabulary.yaml", vocab);
	free(vocab);
	assert_int_equal(load_dir(&rules, &diags, dir), IMR_EINVALID);
	assert_null(rules);
	assert_diag_msg(&diags, "wrong-type", 35, 3, "'request.date' must be of type date");
	imr_diags_dispose(&diags);
	remove_dir(dir);
}

/* ---- precedence ---- */

static void second_precedence_file(void **state)
{
	(void)state;
	expect("kind: precedence\norder:\n  - {guideline: MTUS, title: T, basis: B.}\n",
	       "duplicate-precedence", 1, 1, "a rule set has one precedence file");
}

static void missing_precedence_file(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	char vocab[4096];
	const char *paths[1];
	(void)state;
	snprintf(vocab, sizeof(vocab), "%s", imr_test_fixture("rules-min/vocabulary.yaml"));
	paths[0] = vocab;
	assert_int_equal(imr_rules_load_paths(&rules, paths, 1, NULL, &diags), IMR_EINVALID);
	assert_null(rules);
	assert_diag_msg(&diags, "missing-precedence", 0, 0, "no file of kind 'precedence'");
	imr_diags_dispose(&diags);
}

static void precedence_entry_problems(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	char dir[256];
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	write_in(dir, "precedence.yaml",
		 "kind: precedence\n"
		 "order:\n"
		 "  - {guideline: MTUS, title: One}\n"                   /* 3 */
		 "  - {guideline: ODG, title: Two, basis: B.}\n"
		 "  - {guideline: MTUS, title: Again, basis: B.}\n"      /* 5 */
		 "unencoded:\n"
		 "  - {guideline: MTU, title: X, applies: request.procedure = injection}\n"); /* 7 */
	assert_int_equal(load_dir(&rules, &diags, dir), IMR_EINVALID);
	assert_null(rules);
	assert_diag_msg(&diags, "missing-key", 3, 5, "a precedence entry is missing required key 'basis'");
	assert_diag_msg(&diags, "duplicate-id", 5, 17, "guideline 'MTUS' appears twice in 'order'");
	assert_diag_msg(&diags, "unknown-guideline", 7, 17, "did you mean 'MTUS'?");
	imr_diags_dispose(&diags);
	remove_dir(dir);
}

/* ---- test cases in rule files ---- */

static void test_expecting_an_unknown_criterion_suggests(void **state)
{
	(void)state;
	expect(rule_with_line(18, "    expect: {criteria: {b: met}}\n"), "unknown-criterion", 18, 25,
	       "unknown criterion 'b' (did you mean 'a'?)");
}

static void test_expecting_an_unknown_far_criterion(void **state)
{
	(void)state;
	expect(rule_with_line(18, "    expect: {criteria: {zzz: met}}\n"), "unknown-criterion", 18, 25,
	       "unknown criterion 'zzz' in this rule");
}

static void test_expecting_a_bad_status_suggests(void **state)
{
	(void)state;
	expect(rule_with_line(18, "    expect: {criteria: {a: mett}}\n"), "bad-value", 18, 28,
	       "'mett' is not a valid criterion status (did you mean 'met'?)");
	expect(rule_with_line(18, "    expect: {criteria: {a: passed}}\n"), "bad-value", 18, 28,
	       "(expected one of met, not_met, not_documented, not_applicable)");
}

static void test_expecting_a_non_boolean_decision(void **state)
{
	(void)state;
	expect(rule_with_line(18, "    expect: {medically_necessary: yes}\n"), "wrong-type", 18, 35,
	       "'medically_necessary' must be true or false");
}

static void test_without_expect(void **state)
{
	(void)state;
	expect(rule_with_line(18, ""), "missing-key", 15, 5, "a test case is missing required key 'expect'");
}

static void test_with_an_unknown_fact_suggests(void **state)
{
	(void)state;
	expect(rule_with_line(17, "    facts: {exam.sign_q: true}\n"), "unknown-fact", 17, 13,
	       "unknown fact 'exam.sign_q' (did you mean 'exam.sign_a'?)");
}

static void test_with_an_unknown_request_attribute_suggests(void **state)
{
	(void)state;
	expect(rule_with_line(16, "    request: {procedur: injection}\n"), "unknown-fact", 16, 15,
	       "unknown attribute 'procedur' (did you mean 'procedure'?)");
}

static void test_with_a_request_attribute_among_facts(void **state)
{
	(void)state;
	expect(rule_with_line(17, "    facts: {request.region: lumbar}\n"), "wrong-scope", 17, 13, NULL);
}

static void test_with_a_value_of_the_wrong_type(void **state)
{
	(void)state;
	expect(rule_with_line(17, "    facts: {exam.sign_a: 5}\n"), "wrong-type", 17, 26,
	       "'exam.sign_a' is a boolean; expected true or false, found a number");
	expect(rule_with_line(16, "    request: {procedure: injektion}\n"), "unknown-value", 16, 26,
	       "did you mean 'injection'?");
}

/* ---- completeness and outcome ---- */

static void every_error_of_a_file_is_reported(void **state)
{
	loaded l;
	(void)state;
	load_min_plus(&l, "case.yaml",
		      "kind: rule\n"                                      /* 1 */
		      "id: 9bad\n"                                        /* 2 */
		      "title: T\n"                                        /* 3 */
		      "guideline: ODGG\n"                                 /* 4 */
		      "citation: {document: D, confidence: hi}\n"         /* 5 */
		      "effective: {from: 2016-02-30}\n"                   /* 6 */
		      "applies: request.procedure = injection\n"          /* 7 */
		      "complete: maybe\n"                                 /* 8 */
		      "recommendation: conditionl\n"                      /* 9 */
		      "summary: S.\n"                                     /* 10 */
		      "criteria:\n"                                       /* 11 */
		      "  - id: a\n"                                       /* 12 */
		      "    text: T.\n"                                    /* 13 */
		      "    requre: exam.sign_a\n"                         /* 14 */
		      "    advice: A.\n"                                  /* 15 */
		      "  - id: c\n"                                       /* 16 */
		      "    text: T.\n"                                    /* 17 */
		      "    require: exam.sign_q\n"                        /* 18 */
		      "    advice: A.\n"                                  /* 19 */
		      "tests:\n"                                          /* 20 */
		      "  - name: t\n"                                     /* 21 */
		      "    expect: {criteria: {a: mett}}\n");             /* 22 */
	assert_rejected(&l);
	assert_diag(&l.diags, "bad-id", 2, 5);
	assert_diag(&l.diags, "unknown-guideline", 4, 12);
	assert_diag(&l.diags, "bad-value", 5, 37);
	assert_diag(&l.diags, "bad-date", 6, 19);
	assert_diag(&l.diags, "wrong-type", 8, 11);
	assert_diag(&l.diags, "bad-value", 9, 17);
	assert_diag(&l.diags, "missing-key", 12, 5);
	assert_diag(&l.diags, "unknown-key", 14, 5);
	assert_diag(&l.diags, "unknown-fact", 18, 14);
	assert_diag(&l.diags, "bad-value", 22, 28);
	assert_int_equal(l.diags.errors, 10);
	dispose(&l);
}

static void errors_in_several_files_are_all_reported(void **state)
{
	loaded l;
	const char *a = copy(rule_with_line(4, "guideline: ODGG\n"));
	const char *b = copy(rule_with_line(2, "id: y.rule\nsumary: typo\n"));
	(void)state;
	load_min_plus2(&l, "a.yaml", a, "b.yaml", b);
	assert_rejected(&l);
	assert_diag(&l.diags, "unknown-guideline", 4, 12);
	assert_diag(&l.diags, "unknown-key", 3, 1);
	assert_non_null(strstr(diag_of(&l.diags, "unknown-guideline")->file, "a.yaml"));
	assert_non_null(strstr(diag_of(&l.diags, "unknown-key")->file, "b.yaml"));
	dispose(&l);
}

/* BUG (src/lib/rules_load.c, imr_rules_load_paths): load_precedence() and
 * load_rules() run only when no error was found before them, so one rule
 * file that is not valid YAML (here a duplicate key in b.yaml) hides every
 * schema error of every other rule file (the unknown guideline of a.yaml
 * is never reported). rules.h promises "every problem of every file is
 * reported"; the vocabulary guard is meant for vocabulary errors only.
 * Expected both diagnostics; actual only the duplicate-key one. Excluded
 * until fixed. */
static void yaml_error_in_one_rule_file_hides_nothing_else(void **state)
{
	loaded l;
	const char *a = copy(rule_with_line(4, "guideline: ODGG\n"));
	const char *b = copy(rule_with_line(2, "id: y.rule\nsummary: again\n"));
	(void)state;
	load_min_plus2(&l, "a.yaml", a, "b.yaml", b);
	assert_rejected(&l);
	assert_diag(&l.diags, "duplicate-key", 9, 1);
	assert_diag(&l.diags, "unknown-guideline", 4, 12);
	dispose(&l);
}

static void rule_set_with_errors_is_never_returned(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, "case.yaml", rule_with_line(4, "guideline: X\n"),
					   NULL),
			 IMR_EINVALID);
	assert_null(rules);
	imr_diags_dispose(&diags);
}

static void warning_for_a_rule_without_tests_does_not_fail(void **state)
{
	loaded l;
	char text[8192];
	(void)state;
	snprintf(text, sizeof(text), "%s", good_rule);
	*strstr(text, "tests:") = '\0';
	load_min_plus(&l, "case.yaml", text);
	assert_loaded(&l);
	assert_int_equal(l.diags.count, 1);
	assert_int_equal(l.diags.items[0].severity, IMR_SEVERITY_WARNING);
	assert_diag_msg(&l.diags, "no-tests", 1, 1, "rule 'x.rule' has no test cases");
	dispose(&l);
}

static void vocabulary_errors_hold_back_rule_errors(void **state)
{
	loaded l;
	/* a broken vocabulary would make every rule repeat unknown facts */
	const char *a = copy("kind: vocabulary\nfacts:\n  exam.n: {type: integer, description: N.}\n");
	const char *b = copy(rule_with_line(12, "    require: exam.n\n"));
	(void)state;
	load_min_plus2(&l, "a.yaml", a, "b.yaml", b);
	assert_rejected(&l);
	assert_diag(&l.diags, "unknown-type", 3, 18);
	assert_int_equal(count_code(&l.diags, "unknown-fact"), 0);
	dispose(&l);
}

/* ---- collecting files ---- */

static void file_order_does_not_matter(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	char a[4096], b[4096], c[4096];
	const char *paths[3];
	(void)state;
	snprintf(a, sizeof(a), "%s", imr_test_fixture("rules-min/injection.yaml"));
	snprintf(b, sizeof(b), "%s", imr_test_fixture("rules-min/precedence.yaml"));
	snprintf(c, sizeof(c), "%s", imr_test_fixture("rules-min/vocabulary.yaml"));
	paths[0] = a;
	paths[1] = b;
	paths[2] = c;
	assert_int_equal(imr_rules_load_paths(&rules, paths, 3, NULL, &diags), IMR_OK);
	assert_int_equal(imr_rules_count(rules), 1);
	assert_int_equal(imr_rules_file_count(rules), 3);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

static void hidden_and_non_yaml_files_are_skipped(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	char dir[256];
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	write_in(dir, ".hidden.yaml", "this: [is not valid\n");
	write_in(dir, "README.md", "kind: nonsense\n");
	assert_int_equal(load_dir(&rules, &diags, dir), IMR_OK);
	assert_int_equal(imr_rules_file_count(rules), 5);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
	remove_dir(dir);
}

static void missing_path_is_reported(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	assert_int_not_equal(load_dir(&rules, &diags, "/nonexistent/imrcheck-rules"), IMR_OK);
	assert_null(rules);
	assert_diag_msg(&diags, "io", 0, 0, "cannot open");
	assert_string_equal(diags.items[0].file, "/nonexistent/imrcheck-rules");
	imr_diags_dispose(&diags);
}

/* BUG (src/lib/rules_load.c, imr_rules_load_paths/collect): a rules path
 * that does not exist is recorded as an ordinary error and the load
 * returns IMR_EINVALID; rules.h documents IMR_EIO for files that cannot be
 * read. Expected IMR_EIO, actual IMR_EINVALID. Excluded until fixed. */
static void missing_path_is_an_io_error(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	assert_int_equal(load_dir(&rules, &diags, "/nonexistent/imrcheck-rules"), IMR_EIO);
	imr_diags_dispose(&diags);
}

static void empty_directory_has_no_rules(void **state)
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	char dir[256];
	(void)state;
	make_dir(dir, sizeof(dir));
	assert_int_equal(load_dir(&rules, &diags, dir), IMR_EINVALID);
	assert_null(rules);
	assert_diag_msg(&diags, "empty-rules", 0, 0, "no rule files (*.yaml) found");
	imr_diags_dispose(&diags);
	remove_dir(dir);
}

static void file_over_the_size_limit_is_reported(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_rules_options opts = IMR_RULES_OPTIONS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	const char *paths[2];
	char min[4096], extra[4096];
	(void)state;
	lim.yaml_file_bytes = 4096;
	opts.limits = &lim;
	snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
	{
		char big[6000];
		memset(big, '#', sizeof(big) - 2);
		big[sizeof(big) - 2] = '\n';
		big[sizeof(big) - 1] = '\0';
		snprintf(extra, sizeof(extra), "%s", imr_test_write_temp("big.yaml", big));
	}
	paths[0] = min;
	paths[1] = extra;
	assert_int_not_equal(imr_rules_load_paths(&rules, paths, 2, &opts, &diags), IMR_OK);
	assert_null(rules);
	assert_diag_msg(&diags, "limit", 0, 0, "larger than the limit of 4096 bytes");
	imr_diags_dispose(&diags);
}

/* ---- digest ---- */

static void load_digest(const char *dir, char out[65])
{
	imr_rules *rules;
	imr_diags diags = IMR_DIAGS_INIT;
	if (load_dir(&rules, &diags, dir) != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("rules in %s should load", dir);
	}
	snprintf(out, 65, "%s", imr_rules_digest(rules));
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

static void digest_is_64_hex_digits(void **state)
{
	char digest[65];
	size_t i;
	(void)state;
	load_digest(imr_test_fixture("rules-min"), digest);
	assert_int_equal(strlen(digest), 64);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", digest[i]));
}

static void digest_is_stable_across_loads(void **state)
{
	char a[65], b[65];
	(void)state;
	load_digest(imr_test_fixture("rules-min"), a);
	load_digest(imr_test_fixture("rules-min"), b);
	assert_string_equal(a, b);
}

static void digest_does_not_depend_on_the_directory_location(void **state)
{
	char dir[256], a[65], b[65];
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	load_digest(imr_test_fixture("rules-min"), a);
	load_digest(dir, b);
	assert_string_equal(a, b);
	remove_dir(dir);
}

static void digest_changes_when_a_file_changes(void **state)
{
	char dir[256], before[65], after[65];
	char *text;
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	load_digest(dir, before);
	text = imr_test_read_file(imr_test_fixture("rules-min/other.yaml"), NULL);
	*strstr(text, "Not recommended.") = 'n';
	write_in(dir, "other.yaml", text);
	free(text);
	load_digest(dir, after);
	assert_string_not_equal(before, after);
	remove_dir(dir);
}

static void digest_changes_when_a_file_is_renamed(void **state)
{
	char dir[256], before[65], after[65], from[512], to[512];
	(void)state;
	copy_rules_min(dir, sizeof(dir));
	load_digest(dir, before);
	snprintf(from, sizeof(from), "%s/other.yaml", dir);
	snprintf(to, sizeof(to), "%s/other2.yaml", dir);
	assert_int_equal(rename(from, to), 0);
	load_digest(dir, after);
	assert_string_not_equal(before, after);
	remove_dir(dir);
}

/* ---- inspection ---- */

static void inspection_of_rules_min(void **state)
{
	loaded l;
	imr_rule_info info;
	imr_criterion_info ci;
	imr_fact_info fi;
	const char *title, *basis;
	char *cit = NULL;
	int idx;
	size_t i;
	int derived_seen = 0;
	(void)state;
	load_min_plus(&l, "case.yaml", good_rule);
	assert_loaded(&l);
	idx = imr_rules_find(l.rules, "t1.injection");
	assert_true(idx >= 0);
	assert_int_equal(imr_rules_get(&info, l.rules, (size_t)idx), IMR_OK);
	assert_string_equal(info.id, "t1.injection");
	assert_string_equal(info.guideline, "MTUS");
	assert_int_equal(info.recommendation, IMR_CONDITIONAL);
	assert_true(info.complete);
	assert_true(info.has_from);
	assert_true(info.has_to);
	assert_int_equal(info.criteria, 4);
	assert_int_equal(info.tests, 2);
	assert_string_equal(info.applies, "request.procedure = injection");
	assert_string_equal(info.citation.pages, "10");
	assert_int_equal(imr_citation_format(&cit, &info.citation), IMR_OK);
	assert_string_equal(cit, "Tier one document, p. 10");
	free(cit);
	assert_int_equal(imr_rules_criterion(&ci, l.rules, (size_t)idx, 2), IMR_OK);
	assert_string_equal(ci.id, "repeat");
	assert_string_equal(ci.when, "prior.count >= 1");
	assert_string_equal(ci.require, "prior.relief_percent >= 50");
	assert_int_equal(imr_rules_criterion(&ci, l.rules, (size_t)idx, 3), IMR_OK);
	assert_true(ci.contraindication);
	assert_int_equal(imr_rules_criterion(&ci, l.rules, (size_t)idx, 4), IMR_ENOTFOUND);
	assert_int_equal(imr_rules_find(l.rules, "no.such.rule"), IMR_ENOTFOUND);
	assert_int_equal(imr_rules_get(&info, l.rules, 99), IMR_ENOTFOUND);
	assert_string_equal(imr_rules_guideline(l.rules, 0, &title, &basis), "MTUS");
	assert_string_equal(title, "Tier one");
	assert_string_equal(imr_rules_guideline(l.rules, 1, NULL, NULL), "ODG");
	assert_null(imr_rules_guideline(l.rules, 2, NULL, NULL));
	assert_int_equal(imr_rules_fact_count(l.rules), 23);
	for (i = 0; i < imr_rules_fact_count(l.rules); i++) {
		assert_int_equal(imr_rules_fact(&fi, l.rules, i), IMR_OK);
		if (strcmp(fi.name, "exam.signs") == 0) {
			assert_true(fi.derived);
			assert_string_equal(fi.type, "boolean");
			derived_seen = 1;
		}
		if (strcmp(fi.name, "request.levels") == 0) {
			assert_string_equal(fi.type, "set");
			assert_string_equal(fi.of, "level");
		}
	}
	assert_true(derived_seen);
	dispose(&l);
}

static void citation_format_uses_pp_for_ranges(void **state)
{
	imr_citation c = { "Doc", "Ch. 12", "Injections", "45-46", NULL, NULL };
	char *text = NULL;
	(void)state;
	assert_int_equal(imr_citation_format(&text, &c), IMR_OK);
	assert_string_equal(text, "Doc, Ch. 12, Injections, pp. 45-46");
	free(text);
}

/* ---- the shipped rules ---- */

static void shipped_rules_load_without_errors(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	int err;
	(void)state;
	err = imr_rules_load_dir(&rules, imr_test_rules_dir(), NULL, &diags);
	if (err != IMR_OK || diags.errors) {
		imr_test_print_diags(&diags);
		fail_msg("the shipped rules do not load: %d", err);
	}
	assert_true(imr_rules_count(rules) > 0);
	assert_non_null(imr_rules_guideline(rules, 0, NULL, NULL));
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_rule_loads_cleanly),
		cmocka_unit_test(unknown_criterion_key_suggests_the_right_one),
		cmocka_unit_test(unknown_rule_key_suggests_the_right_one),
		cmocka_unit_test(unknown_key_without_a_close_match),
		cmocka_unit_test(missing_required_rule_key),
		cmocka_unit_test(missing_citation_document),
		cmocka_unit_test(every_missing_key_is_reported),
		cmocka_unit_test(text_key_with_a_list_is_wrong_type),
		cmocka_unit_test(boolean_key_with_a_word_is_wrong_type),
		cmocka_unit_test(criteria_as_a_mapping_is_wrong_type),
		cmocka_unit_test(bad_recommendation_suggests),
		cmocka_unit_test(bad_confidence_lists_the_choices),
		cmocka_unit_test(bad_if_undocumented_value),
		cmocka_unit_test(conditional_rule_with_no_criteria),
		cmocka_unit_test(rule_id_must_be_an_identifier),
		cmocka_unit_test(criterion_id_must_be_an_identifier),
		cmocka_unit_test(duplicate_rule_id_across_files),
		cmocka_unit_test(duplicate_rule_id_names_the_first_definition),
		cmocka_unit_test(duplicate_rule_id_in_two_new_files),
		cmocka_unit_test(duplicate_criterion_id_relates_to_the_first),
		cmocka_unit_test(duplicate_test_name),
		cmocka_unit_test(impossible_effective_date),
		cmocka_unit_test(effective_date_of_wrong_shape),
		cmocka_unit_test(effective_to_before_from),
		cmocka_unit_test(effective_from_equal_to_is_accepted),
		cmocka_unit_test(unknown_effective_key),
		cmocka_unit_test(impossible_test_date),
		cmocka_unit_test(unknown_guideline_suggests),
		cmocka_unit_test(unknown_guideline_without_close_match),
		cmocka_unit_test(unknown_kind_suggests),
		cmocka_unit_test(unknown_kind_lists_the_kinds),
		cmocka_unit_test(missing_kind),
		cmocka_unit_test(empty_file),
		cmocka_unit_test(top_level_sequence),
		cmocka_unit_test(yaml_errors_in_a_rule_file_reject_the_set),
		cmocka_unit_test(duplicate_enum_across_files),
		cmocka_unit_test(duplicate_fact_in_a_later_file),
		cmocka_unit_test(duplicate_fact_across_files),
		cmocka_unit_test(fact_of_unknown_enum_suggests),
		cmocka_unit_test(set_fact_without_of),
		cmocka_unit_test(unknown_fact_type),
		cmocka_unit_test(min_above_max),
		cmocka_unit_test(min_on_a_boolean),
		cmocka_unit_test(derive_on_a_number),
		cmocka_unit_test(enum_value_needs_a_description),
		cmocka_unit_test(enum_value_must_be_an_identifier),
		cmocka_unit_test(derive_cycle_through_two_facts),
		cmocka_unit_test(derive_from_itself),
		cmocka_unit_test(derive_chain_without_cycle_is_accepted),
		cmocka_unit_test(compute_on_a_boolean),
		cmocka_unit_test(compute_from_an_unknown_fact),
		cmocka_unit_test(compute_from_another_scope),
		cmocka_unit_test(compute_with_an_unknown_operation),
		cmocka_unit_test(compute_cycle),
		cmocka_unit_test(compute_takes_the_first_applicable_form),
		cmocka_unit_test(compute_keeps_a_documented_value_and_shows_its_arithmetic),
		cmocka_unit_test(compute_difference_quotient_and_constants),
		cmocka_unit_test(compute_forms_are_checked),
		cmocka_unit_test(vocabulary_must_declare_request_date),
		cmocka_unit_test(well_known_fact_of_wrong_type),
		cmocka_unit_test(second_precedence_file),
		cmocka_unit_test(missing_precedence_file),
		cmocka_unit_test(precedence_entry_problems),
		cmocka_unit_test(test_expecting_an_unknown_criterion_suggests),
		cmocka_unit_test(test_expecting_an_unknown_far_criterion),
		cmocka_unit_test(test_expecting_a_bad_status_suggests),
		cmocka_unit_test(test_expecting_a_non_boolean_decision),
		cmocka_unit_test(test_without_expect),
		cmocka_unit_test(test_with_an_unknown_fact_suggests),
		cmocka_unit_test(test_with_an_unknown_request_attribute_suggests),
		cmocka_unit_test(test_with_a_request_attribute_among_facts),
		cmocka_unit_test(test_with_a_value_of_the_wrong_type),
		cmocka_unit_test(every_error_of_a_file_is_reported),
		cmocka_unit_test(errors_in_several_files_are_all_reported),
		cmocka_unit_test(yaml_error_in_one_rule_file_hides_nothing_else),
		cmocka_unit_test(rule_set_with_errors_is_never_returned),
		cmocka_unit_test(warning_for_a_rule_without_tests_does_not_fail),
		cmocka_unit_test(vocabulary_errors_hold_back_rule_errors),
		cmocka_unit_test(file_order_does_not_matter),
		cmocka_unit_test(hidden_and_non_yaml_files_are_skipped),
		cmocka_unit_test(missing_path_is_reported),
		cmocka_unit_test(missing_path_is_an_io_error),
		cmocka_unit_test(empty_directory_has_no_rules),
		cmocka_unit_test(file_over_the_size_limit_is_reported),
		cmocka_unit_test(digest_is_64_hex_digits),
		cmocka_unit_test(digest_is_stable_across_loads),
		cmocka_unit_test(digest_does_not_depend_on_the_directory_location),
		cmocka_unit_test(digest_changes_when_a_file_changes),
		cmocka_unit_test(digest_changes_when_a_file_is_renamed),
		cmocka_unit_test(inspection_of_rules_min),
		cmocka_unit_test(citation_format_uses_pp_for_ranges),
		cmocka_unit_test(shipped_rules_load_without_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
