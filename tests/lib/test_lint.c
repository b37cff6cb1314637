/* test_lint.c - the semantic checks of lint and their rendering.
 *
 * The satisfiability analysis is tested through small rules loaded beside
 * fixtures/rules-min: each case says whether a criterion's require (or
 * when) is reported as never true, never false, or not at all; a long list
 * of expressions that can hold both ways guards against false alarms. The
 * check table, JSON and SARIF output are checked for shape. */
#include "test.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"

/* ---- helpers ---- */

/* A rule lint.t with one criterion c (its when and require as YAML flow
 * values) and test cases that leave it met and not met when possible. */
static const char *rule_text(const char *applies, const char *when, const char *require)
{
	static char text[8192];
	snprintf(text, sizeof(text),
		 "kind: rule\n"
		 "id: lint.t\n"
		 "title: T\n"
		 "guideline: ODG\n"
		 "citation: {document: D, section: S}\n"
		 "applies: %s\n"
		 "complete: false\n"
		 "recommendation: conditional\n"
		 "summary: S.\n"
		 "criteria:\n"
		 "  - id: c\n"
		 "    text: T.\n"
		 "%s%s%s"
		 "    require: %s\n"
		 "    advice: A.\n"
		 "tests:\n"
		 "  - name: t\n"
		 "    request: {procedure: injection}\n"
		 "    expect: {medically_necessary: false}\n",
		 applies ? applies : "request.procedure = injection", when ? "    when: " : "",
		 when ? when : "", when ? "\n" : "", require);
	return text;
}

typedef struct linted {
	imr_rules *rules;
	imr_diags diags;
	int status;
} linted;

static void lint_text(linted *l, const char *name, const char *text)
{
	imr_lint_options opts = IMR_LINT_OPTIONS_INIT;
	memset(l, 0, sizeof(*l));
	imr_diags_init(&l->diags);
	if (imr_test_load_min(&l->rules, &l->diags, name, text, NULL) != IMR_OK) {
		imr_test_print_diags(&l->diags);
		fail_msg("%s should load", name);
	}
	opts.no_coverage = 1;
	l->status = imr_lint_rules(&l->diags, l->rules, &opts);
}

static void release(linted *l)
{
	imr_rules_free(l->rules);
	imr_diags_dispose(&l->diags);
}

/* Diagnostics of @p code about the case file (rules-min's are left out). */
static size_t count_code(const linted *l, const char *code)
{
	size_t i, n = 0;
	for (i = 0; i < l->diags.count; i++)
		if (strcmp(l->diags.items[i].code, code) == 0 && l->diags.items[i].file &&
		    !strstr(l->diags.items[i].file, "rules-min"))
			n++;
	return n;
}

static const char *const logic_codes[] = { "applies-never", "when-never-applies", "require-never-met",
					   "require-always-holds", "impossible-comparison",
					   "trivial-comparison" };

/* Lint a rule and expect exactly one diagnostic of @p code among the logic
 * checks (NULL: none). */
static void expect_logic(const char *applies, const char *when, const char *require, const char *code)
{
	linted l;
	size_t i;
	lint_text(&l, "t.yaml", rule_text(applies, when, require));
	for (i = 0; i < sizeof(logic_codes) / sizeof(logic_codes[0]); i++) {
		size_t want = code && strcmp(code, logic_codes[i]) == 0 ? 1 : 0;
		if (count_code(&l, logic_codes[i]) != want) {
			imr_test_print_diags(&l.diags);
			fail_msg("when: %s, require: %s: expected %zu [%s], got %zu", when ? when : "-", require, want,
				 logic_codes[i], count_code(&l, logic_codes[i]));
		}
	}
	release(&l);
}

/* ---- the check table ---- */

static void check_table_is_well_formed(void **state)
{
	size_t i, j, n = imr_lint_check_count();
	(void)state;
	assert_true(n >= 45);
	for (i = 0; i < n; i++) {
		const imr_lint_check *c = imr_lint_check_at(i);
		assert_non_null(c->name);
		assert_true(strlen(c->summary) > 10);
		assert_true(strlen(c->help) > 20);
		assert_true(strcmp(c->phase, "load") == 0 || strcmp(c->phase, "lint") == 0);
		assert_ptr_equal(imr_lint_check_find(c->name), c);
		assert_int_equal(imr_lint_check_index(c->name), (int)i);
		for (j = 0; c->name[j]; j++)
			assert_true((c->name[j] >= 'a' && c->name[j] <= 'z') || c->name[j] == '-' ||
				    (c->name[j] >= '0' && c->name[j] <= '9'));
		for (j = i + 1; j < n; j++)
			assert_string_not_equal(c->name, imr_lint_check_at(j)->name);
	}
	assert_null(imr_lint_check_at(n));
	assert_null(imr_lint_check_find("no-such-check"));
	assert_int_equal(imr_lint_check_index("no-such-check"), IMR_ENOTFOUND);
}

/* Every code a broken rule file can produce is described in the table. */
static void every_fixture_code_is_in_the_table(void **state)
{
	const char *subs[] = { "rules-bad", "lint-bad" };
	size_t s;
	(void)state;
	for (s = 0; s < 2; s++) {
		char cmd[4400];
		FILE *fp;
		char line[4096];
		snprintf(cmd, sizeof(cmd), "cat %s/*.expected", imr_test_fixture(subs[s]));
		fp = popen(cmd, "r");
		assert_non_null(fp);
		while (fgets(line, sizeof(line), fp)) {
			char *open = strrchr(line, '['), *close = strrchr(line, ']');
			if (!open || !close || close < open)
				continue;
			*close = '\0';
			if (!imr_lint_check_find(open + 1))
				fail_msg("code [%s] of %s is not in the lint table", open + 1, subs[s]);
		}
		pclose(fp);
	}
}

/* docs/lint.md has a section for every check, and no other. */
static void docs_list_every_check(void **state)
{
	char path[4096];
	char *doc, *p;
	size_t i, sections = 0;
	(void)state;
	snprintf(path, sizeof(path), "%s/docs/lint.md", getenv("IMR_SOURCE"));
	doc = imr_test_read_file(path, NULL);
	for (i = 0; i < imr_lint_check_count(); i++) {
		char heading[300];
		snprintf(heading, sizeof(heading), "\n### `%s`\n", imr_lint_check_at(i)->name);
		if (!strstr(doc, heading))
			fail_msg("docs/lint.md has no section '### `%s`'", imr_lint_check_at(i)->name);
	}
	for (p = doc; (p = strstr(p, "\n### `")); p++)
		sections++;
	assert_int_equal(sections, imr_lint_check_count());
	free(doc);
}

/* ---- satisfiability: findings ---- */

static void applies_that_contradicts_itself(void **state)
{
	(void)state;
	expect_logic("{all: [request.procedure = injection, request.procedure = other_injection]}", NULL,
		     "imaging.positive", "applies-never");
	expect_logic("{all: ['request.procedure in [injection, guidance]', request.procedure != injection, request.procedure != guidance]}",
		     NULL, "imaging.positive", "applies-never");
}

static void when_against_applies(void **state)
{
	(void)state;
	expect_logic(NULL, "request.procedure = other_injection", "imaging.positive", "when-never-applies");
	expect_logic(NULL, "request.procedure in [other_injection, guidance]", "imaging.positive",
		     "when-never-applies");
	expect_logic("{all: [request.procedure = injection, request.region = lumbar]}", "request.region = cervical",
		     "imaging.positive", "when-never-applies");
}

static void when_against_itself(void **state)
{
	(void)state;
	expect_logic(NULL, "{all: [prior.count >= 2, prior.count < 1]}", "imaging.positive", "when-never-applies");
	expect_logic(NULL, "{all: [known(prior.count), {not: known(prior.count)}]}", "imaging.positive",
		     "when-never-applies");
	expect_logic(NULL, "{all: [prior.date >= 2015-01-01, prior.date < 2015-01-01]}", "imaging.positive",
		     "when-never-applies");
}

static void require_never_true(void **state)
{
	(void)state;
	expect_logic(NULL, NULL, "{all: [imaging.positive, {not: imaging.positive}]}", "require-never-met");
	expect_logic(NULL, NULL, "{all: [prior.relief_percent >= 60, prior.relief_percent < 50]}",
		     "require-never-met");
	expect_logic(NULL, "request.region = lumbar", "request.region = cervical", "require-never-met");
	expect_logic(NULL, "prior.count <= 1", "prior.count >= 2", "require-never-met");
	/* at_least 2 of three where two exclude each other and the third is false */
	expect_logic(NULL, NULL,
		     "{all: [{not: exam.sign_c}, {at_least: 2, of: [request.region = lumbar, request.region = cervical, exam.sign_c]}]}",
		     "require-never-met");
	/* sets: a member the set must hold but a subset list excludes */
	expect_logic(NULL, NULL, "{all: [L4-L5 in request.levels, 'request.levels in [L5-S1]']}", "require-never-met");
	expect_logic(NULL, NULL, "{all: ['request.levels = [L4-L5]', count(request.levels) >= 2]}",
		     "require-never-met");
	expect_logic(NULL, NULL, "{all: [L4-L5 in request.levels, L5-S1 in request.levels, count(request.levels) <= 1]}",
		     "require-never-met");
}

static void require_never_false(void **state)
{
	(void)state;
	expect_logic(NULL, NULL, "{any: [imaging.positive, {not: imaging.positive}]}", "require-always-holds");
	expect_logic(NULL, "prior.count >= 2", "prior.count >= 1", "require-always-holds");
	expect_logic(NULL, NULL, "{any: [known(prior.count), {not: known(prior.count)}]}", "require-always-holds");
	expect_logic(NULL, NULL, "{not: {all: [request.region = lumbar, request.region = cervical]}}",
		     "require-always-holds");
	/* the rule's own applies already guarantees it */
	expect_logic(NULL, NULL, "request.procedure = injection", "require-always-holds");
}

static void impossible_and_trivial_atoms(void **state)
{
	(void)state;
	expect_logic(NULL, NULL, "prior.relief_percent > 100", "impossible-comparison");
	expect_logic(NULL, NULL, "{any: [imaging.positive, prior.count < 0]}", "impossible-comparison");
	expect_logic(NULL, NULL, "{any: [imaging.positive, count(request.levels) >= 4]}", "impossible-comparison");
	expect_logic(NULL, NULL, "{all: [imaging.positive, count(request.levels) >= 0]}", "trivial-comparison");
}

/* ---- satisfiability: no false alarms ---- */

static void expressions_that_can_go_both_ways(void **state)
{
	static const char *const requires[] = {
		"imaging.positive",
		"{not: imaging.positive}",
		"prior.relief_percent >= 50",
		"prior.relief_percent = 100",
		"prior.relief_percent <= 0",
		"{all: [prior.relief_percent >= 50, prior.relief_percent <= 50]}",
		"{all: [prior.count > 1, prior.count < 2]}", /* numbers are real */
		"request.level_count != 0",
		"count(request.levels) <= 2",
		"count(request.levels) = 0",
		"count(request.levels) = 3",
		"request.levels = [L4-L5, L5-S1]",
		"request.levels != [L4-L5]",
		"L4-L5 in request.levels",
		"{not: L4-L5 in request.levels}",
		"request.levels in [L4-L5, L5-S1, L3-L4]",
		"{all: [L4-L5 in request.levels, 'request.levels in [L4-L5, L5-S1]', count(request.levels) = 2]}",
		"request.region in [lumbar, cervical]",
		"request.region != lumbar",
		"known(prior.count)",
		"{not: known(prior.count)}",
		"exam.signs",
		"{all: [exam.signs, {not: exam.sign_a}, {not: exam.sign_b}]}", /* documented directly */
		"{at_least: 2, of: [exam.sign_a, exam.sign_b, exam.sign_c]}",
		"{at_least: 3, of: [exam.sign_a, exam.sign_b, exam.sign_c]}",
		"days_since(prior.date) >= 7",
		"{all: [days_since(prior.date) >= 7, weeks_since(prior.date) < 1]}", /* link not modelled */
		"months_since(prior.date) <= 12",
		"prior.date >= 2015-06-01",
		"request.purpose = diagnostic",
		"primary.medically_necessary",
		"{any: [{not: red_flag.alarm}, imaging.positive]}",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(requires) / sizeof(requires[0]); i++)
		expect_logic(NULL, NULL, requires[i], NULL);
	/* a when that narrows applies without contradicting it */
	expect_logic("request.procedure in [injection, other_injection]", "request.procedure = injection",
		     "imaging.positive", NULL);
	expect_logic(NULL, "request.region = lumbar", "request.levels in [L4-L5, L5-S1]", NULL);
	expect_logic(NULL, "prior.count >= 1", "prior.relief_percent >= 50", NULL);
}

static void atoms_in_derivations_and_inferences_are_checked(void **state)
{
	linted l;
	(void)state;
	lint_text(&l, "lex.yaml",
		  "kind: lexicon\nname: lx\ndescription: D.\ntarget: notes\n"
		  "entries:\n  - id: a\n    fact: exam.sign_c\n    patterns: ['\\bsign c\\b']\n"
		  "infer:\n  - fact: exam.sign_a\n    when: {all: [exam.sign_c, prior.relief_percent > 100]}\n");
	assert_int_equal(count_code(&l, "impossible-comparison"), 1);
	assert_diag(&l.diags, "impossible-comparison", 11, 31);
	release(&l);
}

/* ---- overlapping rules ---- */

static const char *edition(const char *id, const char *guideline, const char *effective, const char *applies,
			   const char *complete)
{
	static char text[4][2048];
	static int slot;
	char *t = text[slot++ % 4];
	snprintf(t, sizeof(text[0]),
		 "kind: rule\nid: %s\ntitle: T\nguideline: %s\ncitation: {document: D, section: S}\n"
		 "effective: %s\napplies: %s\ncomplete: %s\nrecommendation: recommended\nsummary: S.\n"
		 "tests:\n  - name: t\n    date: 2016-06-01\n    request: {procedure: other_injection, region: lumbar}\n"
		 "    expect: {medically_necessary: true}\n",
		 id, guideline, effective, applies, complete);
	return t;
}

static size_t overlaps(const char *a, const char *b)
{
	linted l;
	size_t n, i;
	memset(&l, 0, sizeof(l));
	imr_diags_init(&l.diags);
	if (imr_test_load_min(&l.rules, &l.diags, "a.yaml", a, "b.yaml", b, NULL) != IMR_OK) {
		imr_test_print_diags(&l.diags);
		fail_msg("editions should load");
	}
	l.status = imr_lint_rules(&l.diags, l.rules, NULL);
	/* only overlaps between the two editions (rules-min has rules too) */
	for (i = 0, n = 0; i < l.diags.count; i++)
		n += strcmp(l.diags.items[i].code, "overlapping-rules") == 0 &&
		     strstr(l.diags.items[i].message, "'e.a'") && strstr(l.diags.items[i].message, "'e.b'");
	release(&l);
	return n;
}

static void overlapping_editions(void **state)
{
	const char *proc = "request.procedure = other_injection";
	(void)state;
	/* two complete MTUS positions in 2016 */
	assert_int_equal(overlaps(edition("e.a", "MTUS", "{from: 2010-01-01, to: 2016-12-31}", proc, "true"),
				  edition("e.b", "MTUS", "{from: 2016-01-01}", proc, "true")),
			 1);
	/* no effective range at all overlaps everything */
	assert_int_equal(overlaps(edition("e.a", "MTUS", "{}", proc, "true"),
				  edition("e.b", "MTUS", "{to: 2000-01-01}", proc, "true")),
			 1);
	/* consecutive editions */
	assert_int_equal(overlaps(edition("e.a", "MTUS", "{from: 2010-01-01, to: 2015-12-31}", proc, "true"),
				  edition("e.b", "MTUS", "{from: 2016-01-01}", proc, "true")),
			 0);
	/* a supplement */
	assert_int_equal(overlaps(edition("e.a", "MTUS", "{from: 2010-01-01}", proc, "true"),
				  edition("e.b", "MTUS", "{from: 2016-01-01}", proc, "false")),
			 0);
	/* different guidelines: precedence decides */
	assert_int_equal(overlaps(edition("e.a", "MTUS", "{from: 2010-01-01}", proc, "true"),
				  edition("e.b", "ODG", "{from: 2016-01-01}", "request.procedure = other_injection",
					  "true")),
			 0);
	/* exclusive applies */
	assert_int_equal(overlaps(edition("e.a", "MTUS", "{}", "{all: [request.procedure = other_injection, request.region = lumbar]}", "true"),
				  edition("e.b", "MTUS", "{}", "{all: [request.procedure = other_injection, request.region = cervical]}", "true")),
			 0);
	assert_int_equal(overlaps(edition("e.a", "MTUS", "{}", "{all: [request.procedure = other_injection, request.region = lumbar]}", "true"),
				  edition("e.b", "MTUS", "{}", "request.procedure in [other_injection, guidance]", "true")),
			 1);
}

/* ---- citations, tests and coverage ---- */

static void citation_pages_forms(void **state)
{
	static const struct {
		const char *pages;
		int ok;
	} forms[] = { { "46", 1 },   { "45-46", 1 },   { "300, 309", 1 }, { "308-310, 312", 1 },
		      { "xii", 1 },  { "xii-xiv", 1 }, { "46 - 47", 1 },  { "p. 46", 0 },
		      { "46-", 0 },  { "50-46", 0 },   { "46,", 0 },      { "forty", 0 },
		      { "46;47", 0 } };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char text[1024];
		linted l;
		snprintf(text, sizeof(text),
			 "kind: rule\nid: lint.p\ntitle: T\nguideline: ODG\n"
			 "citation: {document: D, section: S, pages: \"%s\"}\n"
			 "applies: request.procedure = injection\ncomplete: false\nrecommendation: recommended\n"
			 "summary: S.\ntests:\n  - name: t\n    request: {procedure: injection}\n"
			 "    expect: {medically_necessary: true}\n",
			 forms[i].pages);
		lint_text(&l, "p.yaml", text);
		if ((count_code(&l, "citation-pages") == 0) != forms[i].ok) {
			imr_test_print_diags(&l.diags);
			fail_msg("pages '%s' should be %s", forms[i].pages, forms[i].ok ? "accepted" : "reported");
		}
		release(&l);
	}
}

static void coverage_needs_met_and_not_met(void **state)
{
	linted l;
	imr_lint_options opts = IMR_LINT_OPTIONS_INIT;
	(void)state;
	memset(&l, 0, sizeof(l));
	imr_diags_init(&l.diags);
	assert_int_equal(imr_test_load_min(&l.rules, &l.diags, "cov.yaml",
					   "kind: rule\nid: lint.cov\ntitle: T\nguideline: ODG\n"
					   "citation: {document: D, section: S}\n"
					   "applies: request.procedure = injection\ncomplete: false\n"
					   "recommendation: conditional\nsummary: S.\ncriteria:\n"
					   "  - {id: both, text: T., require: imaging.positive, advice: A.}\n"
					   "  - {id: tautology, text: T., require: {any: [exam.sign_c, {not: exam.sign_c}]}, advice: A.}\n"
					   "  - {id: dead, text: T., when: request.procedure = guidance, require: exam.sign_a, advice: A.}\n"
					   "tests:\n"
					   "  - name: yes\n    request: {procedure: injection}\n"
					   "    facts: {imaging.positive: true, exam.sign_c: true}\n"
					   "    expect: {medically_necessary: true}\n"
					   "  - name: no\n    request: {procedure: injection}\n"
					   "    facts: {imaging.positive: false}\n"
					   "    expect: {criteria: {both: not_met}}\n",
					   NULL),
			 IMR_OK);
	assert_int_equal(imr_lint_rules(&l.diags, l.rules, &opts), IMR_EINVALID); /* dead: an error */
	/* both: met (implied by medically_necessary) and not met (listed);
	 * tautology: never false, so met is enough; dead: not asked */
	assert_int_equal(count_code(&l, "criterion-coverage"), 0);
	assert_int_equal(count_code(&l, "require-always-holds"), 1);
	assert_int_equal(count_code(&l, "when-never-applies"), 1);
	release(&l);
}

/* ---- lint_paths and rendering ---- */

static void lint_paths_sorts_and_counts(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_lint_stats stats;
	const char *paths[2];
	char min[4096];
	size_t i;
	(void)state;
	snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
	paths[0] = min;
	paths[1] = imr_test_fixture("lint-bad/criterion-coverage.yaml");
	assert_int_equal(imr_lint_paths(&stats, &diags, paths, 2, NULL), IMR_OK);
	assert_true(stats.loaded);
	assert_int_equal(stats.files, 6);
	assert_int_equal(stats.rules, 4);
	assert_int_equal(stats.errors, 0);
	assert_int_equal(stats.warnings, diags.count);
	for (i = 1; i < diags.count; i++) {
		int cmp = strcmp(diags.items[i - 1].file, diags.items[i].file);
		assert_true(cmp < 0 || (cmp == 0 && diags.items[i - 1].line <= diags.items[i].line));
	}
	imr_diags_dispose(&diags);

	/* a load error: no semantic checks, the loader's diagnostics */
	imr_diags_init(&diags);
	paths[1] = imr_test_fixture("rules-bad/unknown-fact.yaml");
	assert_int_equal(imr_lint_paths(&stats, &diags, paths, 2, NULL), IMR_EINVALID);
	assert_false(stats.loaded);
	assert_int_equal(stats.errors, 1);
	assert_diag(&diags, "unknown-fact", 0, 0);
	imr_diags_dispose(&diags);

	/* a missing path */
	imr_diags_init(&diags);
	paths[1] = "/nonexistent/rules";
	assert_int_equal(imr_lint_paths(NULL, &diags, paths, 2, NULL), IMR_EIO);
	assert_diag(&diags, "io", 0, 0);
	imr_diags_dispose(&diags);
}

static imr_diags sample_diags(void)
{
	imr_diags d = IMR_DIAGS_INIT;
	imr_diags_add(&d, IMR_SEVERITY_ERROR, "require-never-met", "/work/tree/rules/a b.yaml", 12, 7,
		      "'require' can never be true: criterion \"x\" <is> never met");
	imr_diags_relate(&d, 3, 1);
	imr_diags_add(&d, IMR_SEVERITY_WARNING, "criterion-coverage", "rules/rel.yaml", 4, 5, "w");
	imr_diags_add(&d, IMR_SEVERITY_ERROR, "missing-precedence", NULL, 0, 0, "no precedence");
	imr_diags_add(&d, IMR_SEVERITY_ERROR, "io", "/elsewhere/x.yaml", 0, 0, "cannot open");
	return d;
}

static void text_and_checks_rendering(void **state)
{
	imr_diags d = sample_diags();
	imr_buf out = IMR_BUF_INIT;
	(void)state;
	assert_int_equal(imr_lint_render_text(&out, &d), IMR_OK);
	assert_string_equal(imr_buf_cstr(&out),
			    "/work/tree/rules/a b.yaml:12:7: error: 'require' can never be true: criterion \"x\" <is> never met [require-never-met]\n"
			    "rules/rel.yaml:4:5: warning: w [criterion-coverage]\n"
			    "error: no precedence [missing-precedence]\n"
			    "/elsewhere/x.yaml: error: cannot open [io]\n");
	imr_buf_clear(&out);
	assert_int_equal(imr_lint_render_checks(&out), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "require-never-met"));
	assert_non_null(strstr(imr_buf_cstr(&out), "regex-backtracking"));
	imr_buf_dispose(&out);
	imr_diags_dispose(&d);
}

static void json_rendering(void **state)
{
	imr_diags d = sample_diags();
	imr_buf out = IMR_BUF_INIT;
	imr_lint_stats stats = { 1, 3, 2, 3, 1 };
	json_error_t jerr;
	json_t *doc, *list;
	(void)state;
	assert_int_equal(imr_lint_render_json(&out, &d, &stats), IMR_OK);
	doc = json_loads(imr_buf_cstr(&out), 0, &jerr);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "errors")), 3);
	assert_int_equal(json_integer_value(json_object_get(doc, "warnings")), 1);
	assert_int_equal(json_integer_value(json_object_get(doc, "rules")), 2);
	list = json_object_get(doc, "diagnostics");
	assert_int_equal(json_array_size(list), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "check")),
			    "require-never-met");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_array_get(list, 0), "related"), "line")),
			 3);
	assert_true(json_is_null(json_object_get(json_array_get(list, 2), "file")));
	json_decref(doc);
	imr_buf_dispose(&out);
	imr_diags_dispose(&d);
}

/* The properties SARIF 2.1.0 requires (sarif-schema-2.1.0.json): version,
 * runs[].tool.driver.name, results[].message.text; and what code-scanning
 * services need on top: ruleId, rule metadata, physical locations. */
static void sarif_rendering(void **state)
{
	imr_diags d = sample_diags();
	imr_buf out = IMR_BUF_INIT;
	json_error_t jerr;
	json_t *doc, *run, *driver, *rules, *results, *r0, *loc;
	size_t i;
	(void)state;
	assert_int_equal(imr_lint_render_sarif(&out, &d, "/work/tree"), IMR_OK);
	doc = json_loads(imr_buf_cstr(&out), 0, &jerr);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "version")), "2.1.0");
	assert_non_null(strstr(json_string_value(json_object_get(doc, "$schema")), "sarif-schema-2.1.0.json"));
	assert_int_equal(json_array_size(json_object_get(doc, "runs")), 1);
	run = json_array_get(json_object_get(doc, "runs"), 0);
	driver = json_object_get(json_object_get(run, "tool"), "driver");
	assert_string_equal(json_string_value(json_object_get(driver, "name")), "imrcheck");
	assert_string_equal(json_string_value(json_object_get(driver, "version")), imr_version());
	rules = json_object_get(driver, "rules");
	assert_int_equal(json_array_size(rules), imr_lint_check_count());
	for (i = 0; i < json_array_size(rules); i++) {
		json_t *rule = json_array_get(rules, i);
		const char *level;
		assert_string_equal(json_string_value(json_object_get(rule, "id")), imr_lint_check_at(i)->name);
		assert_non_null(json_string_value(json_object_get(json_object_get(rule, "shortDescription"), "text")));
		assert_non_null(json_string_value(json_object_get(json_object_get(rule, "fullDescription"), "text")));
		assert_non_null(json_string_value(json_object_get(json_object_get(rule, "help"), "text")));
		level = json_string_value(json_object_get(json_object_get(rule, "defaultConfiguration"), "level"));
		assert_string_equal(level, imr_lint_check_at(i)->severity == IMR_SEVERITY_ERROR ? "error" : "warning");
	}
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(run, "originalUriBaseIds"),
									      "%SRCROOT%"),
							      "uri")),
			    "file:///work/tree/");
	results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), 4);
	r0 = json_array_get(results, 0);
	assert_string_equal(json_string_value(json_object_get(r0, "ruleId")), "require-never-met");
	assert_int_equal(json_integer_value(json_object_get(r0, "ruleIndex")),
			 imr_lint_check_index("require-never-met"));
	assert_string_equal(json_string_value(json_object_get(r0, "level")), "error");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(r0, "message"), "text")), "\"x\" <is>"));
	loc = json_object_get(json_array_get(json_object_get(r0, "locations"), 0), "physicalLocation");
	assert_string_equal(json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uri")),
			    "rules/a%20b.yaml");
	assert_string_equal(json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uriBaseId")),
			    "%SRCROOT%");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(loc, "region"), "startLine")), 12);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(loc, "region"), "startColumn")), 7);
	assert_int_equal(json_array_size(json_object_get(r0, "relatedLocations")), 1);
	/* a relative path stays relative; a file elsewhere becomes a file URI;
	 * no file, no location; no line, no region */
	loc = json_object_get(json_array_get(json_object_get(json_array_get(results, 1), "locations"), 0),
			      "physicalLocation");
	assert_string_equal(json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uri")),
			    "rules/rel.yaml");
	assert_string_equal(json_string_value(json_object_get(json_array_get(results, 1), "level")), "warning");
	assert_null(json_object_get(json_array_get(results, 2), "locations"));
	loc = json_object_get(json_array_get(json_object_get(json_array_get(results, 3), "locations"), 0),
			      "physicalLocation");
	assert_string_equal(json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uri")),
			    "file:///elsewhere/x.yaml");
	assert_null(json_object_get(json_object_get(loc, "artifactLocation"), "uriBaseId"));
	assert_null(json_object_get(loc, "region"));
	assert_string_equal(json_string_value(json_object_get(run, "columnKind")), "unicodeCodePoints");
	json_decref(doc);
	imr_buf_dispose(&out);
	imr_diags_dispose(&d);
}

/* ---- the shipped rules ---- */

static void shipped_rules_are_lint_clean(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_lint_stats stats;
	const char *path = imr_test_rules_dir();
	(void)state;
	assert_int_equal(imr_lint_paths(&stats, &diags, &path, 1, NULL), IMR_OK);
	if (diags.count) {
		imr_test_print_diags(&diags);
		fail_msg("the shipped rules have lint findings");
	}
	assert_true(stats.rules >= 20);
	imr_diags_dispose(&diags);
}

/* Every allocation failure in a lint run ends in IMR_ENOMEM (or success),
 * without a leak. */
static void out_of_memory_is_reported(void **state)
{
	const char *paths[2];
	char min[4096];
	imr_diags first = IMR_DIAGS_INIT;
	long n, total, step;
	(void)state;
	snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
	paths[0] = min;
	paths[1] = imr_test_fixture("lint-bad/criterion-coverage.yaml");
	imr__alloc_fail_after(LONG_MAX); /* counts, never fails */
	assert_int_equal(imr_lint_paths(NULL, &first, paths, 2, NULL), IMR_OK);
	total = imr__alloc_calls();
	imr__alloc_fail_after(0);
	imr_diags_dispose(&first);
	step = total / 400 + 1; /* about 400 runs, each failing at a different point */
	for (n = 1;; n += n < 300 ? 1 : step) {
		imr_diags diags = IMR_DIAGS_INIT;
		int err;
		imr__alloc_fail_after(n);
		err = imr_lint_paths(NULL, &diags, paths, 2, NULL);
		imr__alloc_fail_after(0);
		imr_diags_dispose(&diags);
		if (err == IMR_OK)
			break;
		assert_true(err == IMR_ENOMEM || err == IMR_EINVALID || err == IMR_EIO);
		assert_true(n < 200000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_table_is_well_formed),
		cmocka_unit_test(every_fixture_code_is_in_the_table),
		cmocka_unit_test(docs_list_every_check),
		cmocka_unit_test(applies_that_contradicts_itself),
		cmocka_unit_test(when_against_applies),
		cmocka_unit_test(when_against_itself),
		cmocka_unit_test(require_never_true),
		cmocka_unit_test(require_never_false),
		cmocka_unit_test(impossible_and_trivial_atoms),
		cmocka_unit_test(expressions_that_can_go_both_ways),
		cmocka_unit_test(atoms_in_derivations_and_inferences_are_checked),
		cmocka_unit_test(overlapping_editions),
		cmocka_unit_test(citation_pages_forms),
		cmocka_unit_test(coverage_needs_met_and_not_met),
		cmocka_unit_test(lint_paths_sorts_and_counts),
		cmocka_unit_test(text_and_checks_rendering),
		cmocka_unit_test(json_rendering),
		cmocka_unit_test(sarif_rendering),
		cmocka_unit_test(shipped_rules_are_lint_clean),
		cmocka_unit_test(out_of_memory_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
