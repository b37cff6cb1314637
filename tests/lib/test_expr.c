/* test_expr.c - rule expressions, through rule files written as text:
 * every atom form and combinator in three-valued logic, the type checks
 * and parse errors at their exact line:column, scopes, derived facts and
 * the date and count functions.
 *
 * Each case adds one rule, x.expr, to fixtures/rules-min. Its single
 * criterion "c" holds the expression under test on line 14, starting at
 * column 14, so an error at byte k of a plain expression is at 14:(14+k).
 * The rule is a complete tier-one rule for other_injection; a request with
 * one other_injection item decides the criterion, and its status is the
 * expression's value: met = true, not_met = false, not_documented =
 * unknown. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "model.h"

#define EXPR_LINE 14
#define EXPR_COL 14

static const char rule_head[] =
	"kind: rule\n"                                   /* 1 */
	"id: x.expr\n"                                   /* 2 */
	"title: Expression under test\n"                 /* 3 */
	"guideline: MTUS\n"                              /* 4 */
	"citation: {document: Test}\n"                   /* 5 */
	"applies: request.procedure = other_injection\n" /* 6 */
	"complete: true\n"                               /* 7 */
	"recommendation: conditional\n"                  /* 8 */
	"summary: One criterion.\n"                      /* 9 */
	"criteria:\n"                                    /* 10 */
	"  - id: c\n"                                    /* 11 */
	"    text: The expression holds.\n"              /* 12 */
	"    advice: Make it hold.\n";                   /* 13 */

/* ---- loading ---- */

static int load_expr_with(imr_rules **rules, imr_diags *diags, const char *expr,
			  const imr_limits *limits)
{
	static char text[8192];
	const char *paths[2];
	char min[4096];
	snprintf(text, sizeof(text), "%s    require: %s\n", rule_head, expr);
	if (!limits)
		return imr_test_load_min(rules, diags, "expr.yaml", text, NULL);
	{
		imr_rules_options opts = IMR_RULES_OPTIONS_INIT;
		char file[4096];
		opts.limits = limits;
		snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
		snprintf(file, sizeof(file), "%s", imr_test_write_temp("expr.yaml", text));
		paths[0] = min;
		paths[1] = file;
		return imr_rules_load_paths(rules, paths, 2, &opts, diags);
	}
}

static int load_expr(imr_rules **rules, imr_diags *diags, const char *expr)
{
	return load_expr_with(rules, diags, expr, NULL);
}

/* The expression must be rejected with a diagnostic @p code at line:col
 * whose message contains @p text (NULL: any message). */
static void expect_error_msg(const char *expr, const char *code, unsigned line, unsigned col,
			     const char *text)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	int err = load_expr(&rules, &diags, expr);
	if (err != IMR_EINVALID) {
		imr_test_print_diags(&diags);
		fail_msg("expression '%s': expected IMR_EINVALID, got %d", expr, err);
	}
	assert_null(rules);
	assert_diag(&diags, code, line, col);
	if (text) {
		size_t i;
		int found = 0;
		for (i = 0; i < diags.count; i++)
			found |= strcmp(diags.items[i].code, code) == 0 && diags.items[i].line == line &&
				 diags.items[i].col == col && strstr(diags.items[i].message, text) != NULL;
		if (!found) {
			imr_test_print_diags(&diags);
			fail_msg("no %s message containing \"%s\"", code, text);
		}
	}
	imr_diags_dispose(&diags);
}

/* The message of the first diagnostic with @p code. */
static const char *find_message(const imr_diags *diags, const char *code)
{
	size_t i;
	for (i = 0; i < diags->count; i++)
		if (strcmp(diags->items[i].code, code) == 0)
			return diags->items[i].message;
	imr_test_print_diags(diags);
	fail_msg("no diagnostic %s", code);
	return "";
}

/* The expression must be rejected at byte @p offset of line 14. */
static void expect_error(const char *expr, const char *code, unsigned offset)
{
	expect_error_msg(expr, code, EXPR_LINE, EXPR_COL + offset, NULL);
}

static size_t error_count(const char *expr)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	size_t n;
	assert_int_equal(load_expr(&rules, &diags, expr), IMR_EINVALID);
	n = diags.errors;
	imr_diags_dispose(&diags);
	return n;
}

static void expect_accepted(const char *expr)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	int err = load_expr(&rules, &diags, expr);
	if (err != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("expression '%s' should load, got %d", expr, err);
	}
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

/* ---- evaluating ---- */

typedef struct ev {
	imr_rules *rules;
	imr_diags diags;
	imr_request *req;
	imr_facts *item;   /* request.* attributes of the one item */
	imr_facts *facts;  /* case facts */
	imr_result *res;
} ev;

static int32_t day(const char *text)
{
	int32_t d;
	if (imr_date_parse(&d, text, strlen(text)) != IMR_OK)
		fail_msg("bad date in test: %s", text);
	return d;
}

/* Load the expression and make a request on 2015-06-01 with one
 * other_injection item and no facts. */
static void ev_setup(ev *e, const char *expr)
{
	memset(e, 0, sizeof(*e));
	imr_diags_init(&e->diags);
	if (load_expr(&e->rules, &e->diags, expr) != IMR_OK) {
		imr_test_print_diags(&e->diags);
		fail_msg("expression '%s' should load", expr);
	}
	assert_int_equal(imr_request_new(&e->req, e->rules, day("2015-06-01")), IMR_OK);
	assert_int_equal(imr_request_add_item(e->req, "item", "Test service", &e->item), IMR_OK);
	assert_int_equal(imr_facts_set_enum(e->item, "request.procedure", "other_injection"), IMR_OK);
	e->facts = imr_request_facts(e->req);
}

static void ev_free(ev *e)
{
	imr_result_free(e->res);
	imr_request_free(e->req);
	imr_rules_free(e->rules);
	imr_diags_dispose(&e->diags);
}

static const imr_criterion_result *ev_criterion(ev *e)
{
	const imr_criterion_result *cr;
	imr_result_free(e->res);
	e->res = NULL;
	assert_int_equal(imr_eval_request(&e->res, e->rules, e->req, NULL), IMR_OK);
	cr = imr_test_criterion(e->res, 0, "x.expr/c");
	if (!cr)
		fail_msg("criterion x.expr/c was not evaluated");
	return cr;
}

#define T IMR_STATUS_MET
#define F IMR_STATUS_NOT_MET
#define U IMR_STATUS_NOT_DOCUMENTED

static void check(ev *e, imr_status expected, const char *what)
{
	imr_status got = ev_criterion(e)->status;
	if (got != expected)
		fail_msg("%s: expected %s, got %s", what, imr_status_name(expected), imr_status_name(got));
}

/* Set a boolean case fact to T (true), F (false) or U (not documented). */
static void set_tri(ev *e, const char *name, imr_status v)
{
	if (v == U)
		assert_int_equal(imr_facts_clear(e->facts, name), IMR_OK);
	else
		assert_int_equal(imr_facts_set_bool(e->facts, name, v == T), IMR_OK);
}

static const char *tri_name(imr_status v)
{
	return v == T ? "T" : v == F ? "F" : "U";
}

/* Check a two-input boolean table: table[a][b] for a, b in T, F, U. */
static void check_table2(const char *expr, const imr_status table[3][3])
{
	static const imr_status vals[3] = { T, F, U };
	ev e;
	size_t a, b;
	char what[128];
	ev_setup(&e, expr);
	for (a = 0; a < 3; a++)
		for (b = 0; b < 3; b++) {
			set_tri(&e, "exam.sign_a", vals[a]);
			set_tri(&e, "exam.sign_b", vals[b]);
			snprintf(what, sizeof(what), "%s with a=%s b=%s", expr, tri_name(vals[a]),
				 tri_name(vals[b]));
			check(&e, table[a][b], what);
		}
	ev_free(&e);
}

/* ---- atoms: booleans ---- */

static void boolean_atom_is_three_valued(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "exam.sign_a");
	check(&e, U, "not documented");
	set_tri(&e, "exam.sign_a", T);
	check(&e, T, "true");
	set_tri(&e, "exam.sign_a", F);
	check(&e, F, "false (documented absent)");
	ev_free(&e);
}

static void boolean_compared_with_true(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "exam.sign_a = true");
	check(&e, U, "not documented");
	set_tri(&e, "exam.sign_a", T);
	check(&e, T, "true = true");
	set_tri(&e, "exam.sign_a", F);
	check(&e, F, "false = true");
	ev_free(&e);
}

static void boolean_not_equal_true_holds_when_absent(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "exam.sign_a != true");
	check(&e, U, "not documented");
	set_tri(&e, "exam.sign_a", F);
	check(&e, T, "absent != true");
	set_tri(&e, "exam.sign_a", T);
	check(&e, F, "true != true");
	ev_free(&e);
}

/* ---- atoms: numbers ---- */

static void number_comparisons_at_the_boundary(void **state)
{
	static const struct { const char *expr; imr_status at49, at50, at51; } cases[] = {
		{ "prior.relief_percent >= 50", F, T, T }, { "prior.relief_percent > 50", F, F, T },
		{ "prior.relief_percent <= 50", T, T, F }, { "prior.relief_percent < 50", T, F, F },
		{ "prior.relief_percent = 50", F, T, F },  { "prior.relief_percent == 50", F, T, F },
		{ "prior.relief_percent != 50", T, F, T },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ev e;
		ev_setup(&e, cases[i].expr);
		check(&e, U, cases[i].expr);
		assert_int_equal(imr_facts_set_number(e.facts, "prior.relief_percent", 49), IMR_OK);
		check(&e, cases[i].at49, cases[i].expr);
		assert_int_equal(imr_facts_set_number(e.facts, "prior.relief_percent", 50), IMR_OK);
		check(&e, cases[i].at50, cases[i].expr);
		assert_int_equal(imr_facts_set_number(e.facts, "prior.relief_percent", 51), IMR_OK);
		check(&e, cases[i].at51, cases[i].expr);
		ev_free(&e);
	}
}

static void decimal_literals_compare_exactly(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "prior.relief_percent >= 49.5");
	assert_int_equal(imr_facts_set_number(e.facts, "prior.relief_percent", 49.4), IMR_OK);
	check(&e, F, "49.4 >= 49.5");
	assert_int_equal(imr_facts_set_number(e.facts, "prior.relief_percent", 49.5), IMR_OK);
	check(&e, T, "49.5 >= 49.5");
	ev_free(&e);
}

static void absent_number_makes_comparisons_false_and_ne_true(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "prior.relief_percent < 50");
	assert_int_equal(imr_facts_set_absent(e.facts, "prior.relief_percent"), IMR_OK);
	check(&e, F, "absent < 50");
	ev_free(&e);
	ev_setup(&e, "prior.relief_percent != 50");
	assert_int_equal(imr_facts_set_absent(e.facts, "prior.relief_percent"), IMR_OK);
	check(&e, T, "absent != 50");
	ev_free(&e);
}

static void present_non_boolean_fact_alone_is_true(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "prior.count");
	check(&e, U, "not documented");
	assert_int_equal(imr_facts_set_number(e.facts, "prior.count", 0), IMR_OK);
	check(&e, T, "present, even when zero");
	assert_int_equal(imr_facts_set_absent(e.facts, "prior.count"), IMR_OK);
	check(&e, F, "absent");
	ev_free(&e);
}

/* ---- atoms: dates ---- */

static void date_comparisons(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "prior.date < 2015-01-01");
	check(&e, U, "not documented");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2014-12-31")), IMR_OK);
	check(&e, T, "2014-12-31 < 2015-01-01");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2015-01-01")), IMR_OK);
	check(&e, F, "2015-01-01 < 2015-01-01");
	ev_free(&e);
	ev_setup(&e, "prior.date = 2016-02-29");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2016-02-29")), IMR_OK);
	check(&e, T, "leap day equality");
	ev_free(&e);
}

/* ---- atoms: enums ---- */

static void enum_equality_and_inequality(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "request.region = lumbar");
	check(&e, U, "region not documented");
	assert_int_equal(imr_facts_set_enum(e.item, "request.region", "lumbar"), IMR_OK);
	check(&e, T, "lumbar = lumbar");
	assert_int_equal(imr_facts_set_enum(e.item, "request.region", "cervical"), IMR_OK);
	check(&e, F, "cervical = lumbar");
	ev_free(&e);
	ev_setup(&e, "request.region != lumbar");
	assert_int_equal(imr_facts_set_enum(e.item, "request.region", "cervical"), IMR_OK);
	check(&e, T, "cervical != lumbar");
	assert_int_equal(imr_facts_set_absent(e.item, "request.region"), IMR_OK);
	check(&e, T, "absent != lumbar");
	ev_free(&e);
}

static void enum_in_list(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "request.purpose in [therapeutic, diagnostic]");
	check(&e, U, "not documented");
	assert_int_equal(imr_facts_set_enum(e.item, "request.purpose", "diagnostic"), IMR_OK);
	check(&e, T, "diagnostic in list");
	assert_int_equal(imr_facts_set_absent(e.item, "request.purpose"), IMR_OK);
	check(&e, F, "absent in list");
	ev_free(&e);
	ev_setup(&e, "request.region in [cervical]");
	assert_int_equal(imr_facts_set_enum(e.item, "request.region", "lumbar"), IMR_OK);
	check(&e, F, "lumbar in [cervical]");
	ev_free(&e);
}

/* ---- atoms: sets ---- */

/* Set a set fact to the members @p a and @p b (either may be NULL).
 * Written through the internal setter: imr_facts_add_member() cannot
 * start an empty set without undefined behaviour (see test_facts.c). */
static void set_members(imr_facts *facts, const char *name, const char *a, const char *b)
{
	int idx = imr__vocab_fact(facts->rules, name, strlen(name));
	const imr_enum *en;
	uint16_t m[2];
	size_t n = 0;
	assert_true(idx >= 0);
	en = &facts->rules->enums[facts->rules->facts[idx].enum_index];
	if (a) {
		assert_true(imr__vocab_member(en, a, strlen(a)) >= 0);
		m[n++] = (uint16_t)imr__vocab_member(en, a, strlen(a));
	}
	if (b) {
		assert_true(imr__vocab_member(en, b, strlen(b)) >= 0);
		m[n++] = (uint16_t)imr__vocab_member(en, b, strlen(b));
	}
	if (n == 2 && m[0] > m[1]) {
		uint16_t t = m[0];
		m[0] = m[1];
		m[1] = t;
	}
	assert_int_equal(imr__facts_set_value(facts, idx, IMR_FACT_PRESENT, 0, m, n), IMR_OK);
}

static void add_levels(ev *e, const char *a, const char *b)
{
	set_members(e->item, "request.levels", a, b);
}

static void set_equality_ignores_order(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "request.levels = [L5-S1, L4-L5]");
	check(&e, U, "not documented");
	add_levels(&e, "L4-L5", "L5-S1");
	check(&e, T, "same members");
	add_levels(&e, "L4-L5", NULL);
	check(&e, F, "subset is not equal");
	add_levels(&e, "L4-L5", "L3-L4");
	check(&e, F, "different members");
	ev_free(&e);
	ev_setup(&e, "request.levels != [L4-L5]");
	add_levels(&e, "L4-L5", "L5-S1");
	check(&e, T, "superset != list");
	add_levels(&e, "L4-L5", NULL);
	check(&e, F, "equal set != list");
	ev_free(&e);
}

static void set_in_list_is_subset(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "request.levels in [L4-L5, L5-S1]");
	check(&e, U, "not documented");
	add_levels(&e, "L5-S1", NULL);
	check(&e, T, "one member of the list");
	add_levels(&e, "L4-L5", "L5-S1");
	check(&e, T, "exactly the list");
	add_levels(&e, "L4-L5", "L3-L4");
	check(&e, F, "a member outside the list");
	ev_free(&e);
}

static void value_in_set_is_membership(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "L5-S1 in request.levels");
	check(&e, U, "not documented");
	add_levels(&e, "L4-L5", "L5-S1");
	check(&e, T, "member present");
	add_levels(&e, "L4-L5", "L3-L4");
	check(&e, F, "member missing");
	assert_int_equal(imr_facts_set_absent(e.item, "request.levels"), IMR_OK);
	check(&e, F, "absent set");
	ev_free(&e);
}

static void value_in_case_set_fact(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "cervical in pain.sites");
	set_members(e.facts, "pain.sites", "cervical", NULL);
	check(&e, T, "cervical in pain.sites");
	ev_free(&e);
}

/* ---- functions ---- */

static void count_of_set_members(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "count(request.levels) <= 1");
	check(&e, U, "not documented");
	add_levels(&e, "L4-L5", NULL);
	check(&e, T, "one level");
	add_levels(&e, "L4-L5", "L5-S1");
	check(&e, F, "two levels");
	assert_int_equal(imr_facts_set_absent(e.item, "request.levels"), IMR_OK);
	check(&e, T, "absent counts as zero");
	ev_free(&e);
}

static void count_of_absent_set_is_zero(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "count(request.levels) = 0");
	assert_int_equal(imr_facts_set_absent(e.item, "request.levels"), IMR_OK);
	check(&e, T, "absent set has zero members");
	ev_free(&e);
}

static void days_since_counts_to_the_request_date(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "days_since(prior.date) >= 30"); /* request date 2015-06-01 */
	check(&e, U, "not documented");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2015-05-02")), IMR_OK);
	check(&e, T, "30 days");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2015-05-03")), IMR_OK);
	check(&e, F, "29 days");
	assert_int_equal(imr_facts_set_absent(e.facts, "prior.date"), IMR_OK);
	check(&e, F, "absent date");
	ev_free(&e);
}

static void weeks_since_counts_whole_weeks(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "weeks_since(prior.date) >= 2");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2015-05-19")), IMR_OK);
	check(&e, F, "13 days is one whole week");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2015-05-18")), IMR_OK);
	check(&e, T, "14 days is two weeks");
	ev_free(&e);
}

static void months_since_counts_once_the_day_is_reached(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "months_since(prior.date) >= 3");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2015-03-02")), IMR_OK);
	check(&e, F, "2015-03-02 to 2015-06-01 is 2 months");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2015-03-01")), IMR_OK);
	check(&e, T, "2015-03-01 to 2015-06-01 is 3 months");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2014-06-01")), IMR_OK);
	check(&e, T, "a year is 12 months");
	ev_free(&e);
}

static void months_since_across_a_year_end(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "months_since(prior.date) = 7");
	assert_int_equal(imr_facts_set_date(e.facts, "prior.date", day("2014-11-01")), IMR_OK);
	check(&e, T, "2014-11-01 to 2015-06-01");
	ev_free(&e);
}

static void item_date_is_the_reference_for_intervals(void **state)
{
	ev e;
	imr_request *req;
	imr_facts *item;
	(void)state;
	ev_setup(&e, "days_since(prior.date) = 10");
	/* a second request dated ten days after the fact */
	imr_request_free(e.req);
	assert_int_equal(imr_request_new(&req, e.rules, day("2015-01-11")), IMR_OK);
	assert_int_equal(imr_request_add_item(req, NULL, NULL, &item), IMR_OK);
	assert_int_equal(imr_facts_set_enum(item, "request.procedure", "other_injection"), IMR_OK);
	assert_int_equal(imr_facts_set_date(imr_request_facts(req), "prior.date", day("2015-01-01")),
			 IMR_OK);
	e.req = req;
	check(&e, T, "ten days before the request date");
	ev_free(&e);
}

/* ---- combinators ---- */

static void all_follows_kleene_logic(void **state)
{
	static const imr_status table[3][3] = {
		/*        b=T  b=F  b=U */
		/* a=T */ { T, F, U },
		/* a=F */ { F, F, F },
		/* a=U */ { U, F, U },
	};
	(void)state;
	check_table2("{all: [exam.sign_a, exam.sign_b]}", table);
}

static void any_follows_kleene_logic(void **state)
{
	static const imr_status table[3][3] = {
		/*        b=T  b=F  b=U */
		/* a=T */ { T, T, T },
		/* a=F */ { T, F, U },
		/* a=U */ { T, U, U },
	};
	(void)state;
	check_table2("{any: [exam.sign_a, exam.sign_b]}", table);
}

static void not_swaps_true_and_false_and_keeps_unknown(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "{not: exam.sign_a}");
	check(&e, U, "not unknown");
	set_tri(&e, "exam.sign_a", T);
	check(&e, F, "not true");
	set_tri(&e, "exam.sign_a", F);
	check(&e, T, "not false");
	ev_free(&e);
}

static void double_negation(void **state)
{
	static const imr_status table[3][3] = {
		{ T, T, T },
		{ F, F, F },
		{ U, U, U },
	};
	(void)state;
	check_table2("{not: {not: exam.sign_a}}", table);
}

static void not_of_all_is_any_of_nots(void **state)
{
	static const imr_status table[3][3] = {
		{ F, T, U },
		{ T, T, T },
		{ U, T, U },
	};
	(void)state;
	check_table2("{not: {all: [exam.sign_a, exam.sign_b]}}", table);
}

static void at_least_counts_true_and_possible_parts(void **state)
{
	static const struct { imr_status a, b, c, expected; } rows[] = {
		{ T, T, F, T }, { T, T, U, T }, { T, T, T, T }, { T, U, U, U }, { T, F, U, U },
		{ U, U, U, U }, { T, F, F, F }, { F, F, U, F }, { F, F, F, F },
	};
	ev e;
	size_t i;
	char what[96];
	(void)state;
	ev_setup(&e, "{at_least: 2, of: [exam.sign_a, exam.sign_b, exam.sign_c]}");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		set_tri(&e, "exam.sign_a", rows[i].a);
		set_tri(&e, "exam.sign_b", rows[i].b);
		set_tri(&e, "exam.sign_c", rows[i].c);
		snprintf(what, sizeof(what), "at_least 2 of %s %s %s", tri_name(rows[i].a),
			 tri_name(rows[i].b), tri_name(rows[i].c));
		check(&e, rows[i].expected, what);
	}
	ev_free(&e);
}

static void at_least_equal_to_list_length_is_all(void **state)
{
	static const imr_status table[3][3] = {
		{ T, F, U },
		{ F, F, F },
		{ U, F, U },
	};
	(void)state;
	check_table2("{at_least: 2, of: [exam.sign_a, exam.sign_b]}", table);
}

static void nested_combinators_in_block_style(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "\n"
		     "      all:\n"
		     "        - exam.sign_a\n"
		     "        - any: [prior.relief_percent >= 50, {not: red_flag.alarm}]\n");
	set_tri(&e, "exam.sign_a", T);
	check(&e, U, "second part unknown");
	set_tri(&e, "red_flag.alarm", F);
	check(&e, T, "no alarm");
	set_tri(&e, "red_flag.alarm", T);
	assert_int_equal(imr_facts_set_number(e.facts, "prior.relief_percent", 20), IMR_OK);
	check(&e, F, "alarm and poor relief");
	assert_int_equal(imr_facts_set_number(e.facts, "prior.relief_percent", 80), IMR_OK);
	check(&e, T, "alarm but good relief");
	ev_free(&e);
}

/* ---- derived facts ---- */

static void derived_fact_is_used_when_not_documented(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "exam.signs"); /* derive: any [exam.sign_a, exam.sign_b] */
	check(&e, U, "inputs not documented");
	set_tri(&e, "exam.sign_b", T);
	check(&e, T, "derived true from sign_b");
	set_tri(&e, "exam.sign_a", F);
	set_tri(&e, "exam.sign_b", F);
	check(&e, F, "derived false from both inputs");
	ev_free(&e);
}

static void directly_documented_value_wins_over_derivation(void **state)
{
	ev e;
	(void)state;
	ev_setup(&e, "exam.signs");
	set_tri(&e, "exam.sign_a", T);
	set_tri(&e, "exam.signs", F);
	check(&e, F, "documented false beats a true derivation");
	set_tri(&e, "exam.sign_a", F);
	set_tri(&e, "exam.sign_b", F);
	set_tri(&e, "exam.signs", T);
	check(&e, T, "documented true beats a false derivation");
	ev_free(&e);
}

static const imr_fact_use *find_use(const imr_criterion_result *cr, const char *fact)
{
	size_t i;
	for (i = 0; i < cr->evidence_count; i++)
		if (strcmp(cr->evidence[i].fact, fact) == 0)
			return &cr->evidence[i];
	return NULL;
}

static void derived_evidence_names_its_inputs(void **state)
{
	ev e;
	const imr_criterion_result *cr;
	const imr_fact_use *u;
	(void)state;
	ev_setup(&e, "exam.signs");
	set_tri(&e, "exam.sign_a", T);
	cr = ev_criterion(&e);
	assert_int_equal(cr->status, IMR_STATUS_MET);
	u = find_use(cr, "exam.signs");
	assert_non_null(u);
	assert_true(u->derived);
	assert_string_equal(u->value, "true");
	u = find_use(cr, "exam.sign_a");
	assert_non_null(u);
	assert_false(u->derived);
	assert_null(find_use(cr, "exam.sign_b")); /* not documented: decided nothing */
	ev_free(&e);
}

static void undocumented_derived_fact_lists_its_inputs_as_missing(void **state)
{
	ev e;
	const imr_criterion_result *cr;
	size_t i;
	int a = 0, b = 0, derived = 0;
	(void)state;
	ev_setup(&e, "exam.signs");
	cr = ev_criterion(&e);
	assert_int_equal(cr->status, IMR_STATUS_NOT_DOCUMENTED);
	for (i = 0; i < cr->missing_count; i++) {
		a += strcmp(cr->missing[i], "exam.sign_a") == 0;
		b += strcmp(cr->missing[i], "exam.sign_b") == 0;
		derived += strcmp(cr->missing[i], "exam.signs") == 0;
	}
	assert_int_equal(a, 1);
	assert_int_equal(b, 1);
	assert_int_equal(derived, 0);
	ev_free(&e);
}

/* The rule under test's criterion, evaluated directly with a trace and a
 * memo as the evaluator does, over the case facts and the item. */
static imr_tri eval_traced(ev *e, imr_trace *trace, unsigned char *memo)
{
	const imr_rules *rules = e->rules;
	const imr_expr *require = NULL;
	imr_env env;
	size_t i;
	for (i = 0; i < rules->nrules; i++)
		if (strcmp(rules->rules[i].id, "x.expr") == 0)
			require = rules->rules[i].crits[0].require;
	assert_non_null(require);
	memset(&env, 0, sizeof(env));
	env.rules = rules;
	env.case_facts = e->facts;
	env.item_facts = e->item;
	env.date = day("2015-06-01");
	env.has_date = 1;
	env.memo = memo;
	env.trace = trace;
	return imr__expr_eval(require, &env);
}

static int fact_index(const imr_rules *rules, const char *name)
{
	int idx = imr__vocab_fact(rules, name, strlen(name));
	assert_true(idx >= 0);
	return idx;
}

static void traced_derived_atom_precedes_its_derivation(void **state)
{
	ev e;
	imr_trace trace;
	unsigned char *memo;
	int signs, a, b;
	(void)state;
	ev_setup(&e, "{not: exam.signs}"); /* derive: any [exam.sign_a, exam.sign_b] */
	set_tri(&e, "exam.sign_a", T);
	signs = fact_index(e.rules, "exam.signs");
	a = fact_index(e.rules, "exam.sign_a");
	b = fact_index(e.rules, "exam.sign_b");
	memo = calloc(e.rules->nfacts, 1);
	memset(&trace, 0, sizeof(trace));
	assert_int_equal(eval_traced(&e, &trace, memo), IMR_TRI_FALSE);
	assert_false(trace.oom);
	assert_int_equal(trace.count, 3);
	/* the atom first, with the value its derivation gave */
	assert_int_equal(trace.items[0].fact, signs);
	assert_int_equal(trace.items[0].raw, IMR_TRI_TRUE);
	assert_true(trace.items[0].negated);
	assert_true(trace.items[0].derived);
	assert_int_equal(trace.items[0].value->status, IMR_FACT_PRESENT);
	/* then the derivation's own atoms, under the same negation */
	assert_int_equal(trace.items[1].fact, a);
	assert_int_equal(trace.items[1].raw, IMR_TRI_TRUE);
	assert_true(trace.items[1].negated);
	assert_false(trace.items[1].derived);
	assert_ptr_equal(trace.items[1].value, imr__facts_value(e.facts, a));
	assert_int_equal(trace.items[2].fact, b);
	assert_int_equal(trace.items[2].raw, IMR_TRI_UNKNOWN);
	assert_int_equal(trace.items[2].value->status, IMR_FACT_NOT_DOCUMENTED);
	/* the traced derivation settled the memo: read again, the value is
	 * the memo's, even once the inputs change underneath it */
	assert_int_equal(memo[signs], 1 + IMR_TRI_TRUE);
	set_tri(&e, "exam.sign_a", F);
	trace.count = 0;
	assert_int_equal(eval_traced(&e, &trace, memo), IMR_TRI_FALSE);
	assert_int_equal(trace.items[0].raw, IMR_TRI_TRUE);
	/* without a memo or a trace the derivation is evaluated afresh */
	assert_int_equal(eval_traced(&e, NULL, NULL), IMR_TRI_UNKNOWN);
	imr__trace_dispose(&trace);
	free(memo);
	ev_free(&e);
}

static void derived_values_read_without_a_trace_are_memoised(void **state)
{
	ev e;
	unsigned char *memo;
	int signs;
	(void)state;
	ev_setup(&e, "{all: [exam.signs, {not: exam.sign_b}]}");
	set_tri(&e, "exam.sign_b", F);
	signs = fact_index(e.rules, "exam.signs");
	memo = calloc(e.rules->nfacts, 1);
	assert_int_equal(eval_traced(&e, NULL, memo), IMR_TRI_UNKNOWN);
	assert_int_equal(memo[signs], 1 + IMR_TRI_UNKNOWN);
	set_tri(&e, "exam.sign_a", F);
	assert_int_equal(eval_traced(&e, NULL, NULL), IMR_TRI_FALSE);
	free(memo);
	ev_free(&e);
}

/* ---- parse errors at their exact location ---- */

static void unknown_fact_suggests_the_closest_name(void **state)
{
	(void)state;
	expect_error_msg("exam.sign_d", "unknown-fact", EXPR_LINE, EXPR_COL,
			 "unknown fact 'exam.sign_d' (did you mean 'exam.sign_a'?)");
}

static void unknown_fact_far_from_any_name_has_no_suggestion(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	assert_int_equal(load_expr(&rules, &diags, "zzzzzz"), IMR_EINVALID);
	assert_diag(&diags, "unknown-fact", EXPR_LINE, EXPR_COL);
	assert_string_equal(find_message(&diags, "unknown-fact"), "unknown fact 'zzzzzz'");
	imr_diags_dispose(&diags);
}

static void unknown_fact_inside_a_comparison_is_located(void **state)
{
	(void)state;
	expect_error("prior.cont >= 1", "unknown-fact", 0);
	expect_error_msg("{all: [exam.sign_a, exam.sgn_b]}", "unknown-fact", EXPR_LINE, EXPR_COL + 20,
			 "did you mean 'exam.sign_b'?");
}

static void unknown_enum_value_suggests_a_member(void **state)
{
	(void)state;
	expect_error_msg("request.region = lumbr", "unknown-value", EXPR_LINE, EXPR_COL + 17,
			 "'lumbr' is not a value of 'region' (did you mean 'lumbar'?)");
}

static void unknown_value_in_a_list_is_located(void **state)
{
	(void)state;
	expect_error("request.levels in [L4-L5, L9-S9]", "unknown-value", 26);
}

static void unknown_member_before_in_is_located(void **state)
{
	(void)state;
	expect_error("L6-S1 in request.levels", "unknown-value", 0);
}

static void relational_operator_on_enum_is_wrong_type(void **state)
{
	(void)state;
	expect_error_msg("request.region > lumbar", "wrong-type", EXPR_LINE, EXPR_COL + 15,
			 "operator '>' needs a number or a date");
}

static void in_on_boolean_is_wrong_type(void **state)
{
	(void)state;
	expect_error_msg("exam.sign_a in [true]", "wrong-type", EXPR_LINE, EXPR_COL + 12,
			 "'in' needs an enum or set fact");
}

static void list_compared_with_number_is_wrong_type(void **state)
{
	(void)state;
	expect_error("prior.count = [L4-L5]", "wrong-type", 14);
}

static void list_after_relational_operator_on_enum_is_wrong_type(void **state)
{
	(void)state;
	expect_error("request.region = [lumbar]", "wrong-type", 17);
}

/* BUG (src/lib/expr.c, parse_atom): a list is allowed after '=' and '!='
 * whenever the fact is a set, even when the left side is count(SET); the
 * list is then ignored and the atom compares the count with 0, so
 * "count(request.levels) = [L4-L5]" loads and is true exactly when no
 * level is requested. Expected wrong-type at the '[' (offset 24).
 * Excluded until fixed. */
static void list_after_a_function_comparison_is_wrong_type(void **state)
{
	(void)state;
	expect_error("count(request.levels) = [L4-L5]", "wrong-type", 24);
}

/* BUG (src/lib/expr.c, parse_list / eval_atom): repeated members of a list
 * literal are kept, so a set compared with "[L4-L5, L4-L5]" has 1 member
 * against a 2-member list and '=' can never hold. Expected the repeat to
 * be reported at load time or ignored (met for the set {L4-L5}); actual:
 * loads and evaluates not_met. Excluded until fixed. */
static void repeated_list_members_do_not_break_set_equality(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	ev e;
	(void)state;
	if (load_expr(&rules, &diags, "request.levels = [L4-L5, L4-L5]") != IMR_OK) {
		imr_diags_dispose(&diags); /* reported at load time: fine */
		return;
	}
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
	ev_setup(&e, "request.levels = [L4-L5, L4-L5]");
	add_levels(&e, "L4-L5", NULL);
	check(&e, T, "{L4-L5} = [L4-L5, L4-L5]");
	ev_free(&e);
}

static void set_compared_with_a_single_value_is_wrong_type(void **state)
{
	(void)state;
	expect_error("request.levels = L4-L5", "wrong-type", 17);
}

static void value_in_non_set_fact_is_wrong_type(void **state)
{
	(void)state;
	expect_error_msg("lumbar in request.region", "wrong-type", EXPR_LINE, EXPR_COL + 10,
			 "needs a set fact");
}

static void boolean_compared_with_number_is_wrong_type(void **state)
{
	(void)state;
	expect_error("exam.sign_a = 1", "wrong-type", 14);
}

static void number_compared_with_a_name_or_date_is_wrong_type(void **state)
{
	(void)state;
	expect_error("prior.count >= many", "wrong-type", 15);
	expect_error("prior.count > 2015-01-01", "wrong-type", 14);
}

static void number_outside_min_max_is_out_of_range(void **state)
{
	(void)state;
	expect_error_msg("prior.relief_percent >= 150", "out-of-range", EXPR_LINE, EXPR_COL + 24,
			 "150 is outside the range of 'prior.relief_percent'");
	expect_error("prior.relief_percent >= -1", "out-of-range", 24);
	expect_error("prior.count >= -1", "out-of-range", 15);
}

static void number_at_min_and_max_is_accepted(void **state)
{
	(void)state;
	expect_accepted("prior.relief_percent >= 0");
	expect_accepted("prior.relief_percent <= 100");
}

static void function_compared_with_negative_number_is_out_of_range(void **state)
{
	(void)state;
	expect_error("count(request.levels) >= -1", "out-of-range", 25);
}

static void impossible_date_literal_is_bad_date(void **state)
{
	(void)state;
	expect_error_msg("prior.date > 2016-02-30", "bad-date", EXPR_LINE, EXPR_COL + 13,
			 "invalid date '2016-02-30'");
	expect_error("prior.date > 2015-13-01", "bad-date", 13);
}

static void date_compared_with_a_number_is_an_error(void **state)
{
	(void)state;
	expect_error("prior.date > 5", "bad-date", 13);
}

static void date_compared_with_a_name_is_wrong_type(void **state)
{
	(void)state;
	expect_error("prior.date > yesterday", "wrong-type", 13);
}

static void unknown_function_lists_the_functions(void **state)
{
	(void)state;
	expect_error_msg("frobnicate(prior.date) > 3", "bad-expression", EXPR_LINE, EXPR_COL,
			 "unknown function 'frobnicate'");
}

static void count_of_a_non_set_is_wrong_type(void **state)
{
	(void)state;
	expect_error("count(exam.sign_a) > 1", "wrong-type", 6);
}

static void interval_of_a_non_date_is_wrong_type(void **state)
{
	(void)state;
	expect_error("days_since(prior.count) > 1", "wrong-type", 11);
	expect_error("months_since(request.levels) > 1", "wrong-type", 13);
}

static void function_result_alone_is_an_error(void **state)
{
	(void)state;
	expect_error_msg("count(request.levels)", "bad-expression", EXPR_LINE, EXPR_COL + 21,
			 "must be compared with a number");
}

static void function_without_closing_paren_is_an_error(void **state)
{
	(void)state;
	expect_error("count(request.levels > 1", "bad-expression", 21);
}

static void empty_expression_is_an_error(void **state)
{
	(void)state;
	expect_error_msg("\"\"", "bad-expression", EXPR_LINE, EXPR_COL, "empty expression");
	expect_error_msg("\"   \"", "bad-expression", EXPR_LINE, EXPR_COL, "empty expression");
}

static void null_expression_is_wrong_type(void **state)
{
	(void)state;
	expect_error("~", "wrong-type", 0);
}

static void trailing_junk_is_located(void **state)
{
	(void)state;
	expect_error_msg("prior.count >= 1 junk", "bad-expression", EXPR_LINE, EXPR_COL + 17,
			 "unexpected 'junk' after the comparison");
	expect_error("exam.sign_a exam.sign_b", "bad-expression", 12);
}

static void missing_operator_and_value_are_located(void **state)
{
	(void)state;
	expect_error("exam.sign_a & exam.sign_b", "bad-expression", 12);
	expect_error("prior.count >=", "bad-expression", 14);
	expect_error("request.region in lumbar", "bad-expression", 18);
}

static void bad_lists_are_located(void **state)
{
	(void)state;
	expect_error_msg("request.region in [lumbar,", "bad-expression", EXPR_LINE, EXPR_COL + 26,
			 "unterminated list");
	expect_error_msg("request.region in [lumbar", "bad-expression", EXPR_LINE, EXPR_COL + 25,
			 "expected ',' or ']'");
	expect_error_msg("request.region in []", "bad-expression", EXPR_LINE, EXPR_COL + 19,
			 "empty list");
	expect_error("request.region in [lumbar cervical]", "bad-expression", 26);
}

static void expression_must_start_with_a_name(void **state)
{
	(void)state;
	expect_error_msg("5", "bad-expression", EXPR_LINE, EXPR_COL, "expected a fact name");
	expect_error("\"= 5\"", "bad-expression", 1);
}

static void quoted_expression_columns_skip_the_quote(void **state)
{
	(void)state;
	expect_error("\"exam.sign_x\"", "unknown-fact", 1);
	expect_error("'prior.count >= many'", "wrong-type", 16);
}

static void unknown_combinator_key_suggests(void **state)
{
	(void)state;
	expect_error_msg("{alll: [exam.sign_a]}", "unknown-key", EXPR_LINE, EXPR_COL + 1,
			 "unknown key 'alll' in an expression (did you mean 'all'?)");
	expect_error_msg("{nto: exam.sign_a}", "unknown-key", EXPR_LINE, EXPR_COL + 1,
			 "did you mean 'not'?");
}

static void unknown_combinator_key_is_the_only_error(void **state)
{
	(void)state;
	assert_int_equal(error_count("{alll: [exam.sign_a]}"), 1);
}

static void unrelated_combinator_key_lists_the_keys(void **state)
{
	(void)state;
	expect_error_msg("{every: [exam.sign_a]}", "unknown-key", EXPR_LINE, EXPR_COL + 1,
			 "expected all, any, not, or at_least with of");
}

static void two_combinators_in_one_mapping(void **state)
{
	(void)state;
	expect_error_msg("{not: exam.sign_a, all: [exam.sign_b]}", "bad-expression", EXPR_LINE,
			 EXPR_COL, "exactly one of");
}

static void mapping_without_combinator(void **state)
{
	(void)state;
	expect_error_msg("{of: [exam.sign_a]}", "bad-expression", EXPR_LINE, EXPR_COL,
			 "needs one of all, any, not, at_least");
}

static void at_least_larger_than_its_list(void **state)
{
	(void)state;
	expect_error_msg("{at_least: 3, of: [exam.sign_a, exam.sign_b]}", "bad-expression", EXPR_LINE,
			 EXPR_COL + 11, "'at_least: 3' can never hold with 2 expressions");
}

static void at_least_needs_a_positive_whole_number(void **state)
{
	(void)state;
	expect_error("{at_least: 0, of: [exam.sign_a]}", "wrong-type", 11);
	expect_error("{at_least: 1.5, of: [exam.sign_a]}", "wrong-type", 11);
	expect_error("{at_least: two, of: [exam.sign_a]}", "wrong-type", 11);
}

static void at_least_needs_of(void **state)
{
	(void)state;
	expect_error_msg("{at_least: 1}", "bad-expression", EXPR_LINE, EXPR_COL + 1, "needs 'of");
}

static void combinator_needs_a_non_empty_list(void **state)
{
	(void)state;
	expect_error_msg("{all: exam.sign_a}", "wrong-type", EXPR_LINE, EXPR_COL + 6,
			 "'all' needs a list of expressions, found a string");
	expect_error_msg("{any: []}", "bad-expression", EXPR_LINE, EXPR_COL + 6,
			 "'any' needs at least one expression");
}

static void sequence_is_not_an_expression(void **state)
{
	(void)state;
	expect_error("[exam.sign_a]", "wrong-type", 0);
}

static void every_error_in_an_expression_is_reported(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	assert_int_equal(load_expr(&rules, &diags,
				   "{all: [exam.sign_q, prior.count > x, request.region = lumbr]}"),
			 IMR_EINVALID);
	assert_diag(&diags, "unknown-fact", EXPR_LINE, EXPR_COL + 7);
	assert_diag(&diags, "wrong-type", EXPR_LINE, EXPR_COL + 34);
	assert_diag(&diags, "unknown-value", EXPR_LINE, EXPR_COL + 54);
	assert_int_equal(diags.errors, 3);
	imr_diags_dispose(&diags);
}

static void errors_in_block_style_are_on_their_own_lines(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	assert_int_equal(load_expr(&rules, &diags,
				   "\n"
				   "      any:\n"                       /* 15 */
				   "        - exam.sign_a\n"            /* 16 */
				   "        - prior.count >= lots\n"    /* 17 */
				   "        - not: exam.bogus\n"),      /* 18 */
			 IMR_EINVALID);
	assert_diag(&diags, "wrong-type", 17, 26);
	assert_diag(&diags, "unknown-fact", 18, 16);
	imr_diags_dispose(&diags);
}

/* BUG (src/lib/expr.c, col_at): a plain scalar that continues on the next
 * line is folded by YAML into one line ("prior.count >= -5"), so it holds
 * no '\n' and col_at() adds the byte offset to the first line's column:
 * the error is reported at 14:29, a column past the end of line 14
 * ("    require: prior.count >=" has 27 characters). The comment in col_at
 * says multi-line scalars report the start of the scalar: expected 14:14.
 * Excluded until fixed. */
static void multiline_plain_expression_reports_the_scalar_start(void **state)
{
	(void)state;
	expect_error("prior.count >=\n      -5", "out-of-range", 0);
}

static void multiline_literal_expression_reports_the_scalar_start(void **state)
{
	(void)state;
	expect_error("|\n      prior.count >=\n      -5", "out-of-range", 0);
}

/* ---- scopes ---- */

static void case_fact_in_applies_is_wrong_scope(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	static const char text[] = "kind: rule\n"
				   "id: x.scope\n"
				   "title: Scope\n"
				   "guideline: ODG\n"
				   "citation: {document: D}\n"
				   "applies: {all: [request.procedure = injection, exam.sign_a]}\n"
				   "recommendation: not_recommended\n"
				   "summary: S.\n";
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, "scope.yaml", text, NULL), IMR_EINVALID);
	assert_null(rules);
	assert_diag(&diags, "wrong-scope", 6, 48);
	assert_non_null(strstr(find_message(&diags, "wrong-scope"),
			       "'exam.sign_a' cannot be used in 'applies'"));
	imr_diags_dispose(&diags);
}

static void primary_attribute_in_applies_is_allowed(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	static const char text[] = "kind: rule\n"
				   "id: x.scope\n"
				   "title: Scope\n"
				   "guideline: ODG\n"
				   "citation: {document: D}\n"
				   "applies: {all: [request.procedure = guidance, primary.procedure = injection]}\n"
				   "recommendation: not_recommended\n"
				   "summary: S.\n";
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, "scope.yaml", text, NULL), IMR_OK);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

static void primary_attribute_in_unencoded_applies_is_wrong_scope(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	const char *paths[6];
	char dir[4096];
	size_t n = 0;
	static const char *const names[] = { "vocabulary.yaml", "injection.yaml", "other.yaml",
					     "guidance.yaml" };
	static const char prec[] = "kind: precedence\n"
				   "order:\n"
				   "  - {guideline: MTUS, title: One, basis: First.}\n"
				   "  - {guideline: ODG, title: Two, basis: Second.}\n"
				   "unencoded:\n"
				   "  - guideline: MTUS\n"
				   "    title: Not encoded\n"
				   "    applies: primary.procedure = injection\n";
	char copies[4][4096];
	size_t i;
	(void)state;
	for (i = 0; i < 4; i++) {
		snprintf(dir, sizeof(dir), "rules-min/%s", names[i]);
		snprintf(copies[i], sizeof(copies[i]), "%s", imr_test_fixture(dir));
		paths[n++] = copies[i];
	}
	paths[n++] = imr_test_write_temp("precedence.yaml", prec);
	assert_int_equal(imr_rules_load_paths(&rules, paths, n, NULL, &diags), IMR_EINVALID);
	assert_diag(&diags, "wrong-scope", 8, 14);
	imr_diags_dispose(&diags);
}

static void request_attribute_in_derive_is_wrong_scope(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	static const char vocab[] = "kind: vocabulary\n"
				    "facts:\n"
				    "  exam.lumbar_sign:\n"
				    "    type: boolean\n"
				    "    description: Derived from the request.\n"
				    "    derive: request.region = lumbar\n";
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, "vocab2.yaml", vocab, NULL), IMR_EINVALID);
	assert_diag(&diags, "wrong-scope", 6, 13);
	imr_diags_dispose(&diags);
}

/* ---- limits ---- */

static void nesting_at_the_expression_depth_limit_is_accepted(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	(void)state;
	lim.expr_depth = 3;
	assert_int_equal(load_expr_with(&rules, &diags, "{not: {not: {not: exam.sign_a}}}", &lim),
			 IMR_OK);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

static void nesting_beyond_the_expression_depth_limit_is_located(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	(void)state;
	lim.expr_depth = 3;
	assert_int_not_equal(
		load_expr_with(&rules, &diags, "{not: {not: {not: {not: exam.sign_a}}}}", &lim), IMR_OK);
	assert_null(rules);
	assert_diag(&diags, "limit", EXPR_LINE, EXPR_COL + 24);
	imr_diags_dispose(&diags);
}

static void default_expression_depth_limit_applies(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	char expr[2048] = "";
	size_t i;
	(void)state;
	for (i = 0; i < IMR_LIMIT_EXPR_DEPTH + 1; i++)
		strcat(expr, "{not: ");
	strcat(expr, "exam.sign_a");
	for (i = 0; i < IMR_LIMIT_EXPR_DEPTH + 1; i++)
		strcat(expr, "}");
	assert_int_not_equal(load_expr(&rules, &diags, expr), IMR_OK);
	assert_null(rules);
	assert_diag(&diags, "limit", EXPR_LINE, 0);
	imr_diags_dispose(&diags);
}

/* ---- explain text of expressions ---- */

static void combinators_are_rendered_for_explain(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_criterion_info ci;
	int idx;
	(void)state;
	assert_int_equal(load_expr(&rules, &diags,
				   "{all: [exam.sign_a, {any: [exam.sign_b, {not: red_flag.alarm}]}, "
				   "{at_least: 1, of: [prior.count >= 1]}]}"),
			 IMR_OK);
	idx = imr_rules_find(rules, "x.expr");
	assert_true(idx >= 0);
	assert_int_equal(imr_rules_criterion(&ci, rules, (size_t)idx, 0), IMR_OK);
	assert_string_equal(ci.require, "all(exam.sign_a, any(exam.sign_b, not(red_flag.alarm)), "
					"at_least 1 of(prior.count >= 1))");
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

/* ---- gates: which procedures an applies can be true for ---- */

/* The members of request.procedure (injection, other_injection, guidance)
 * that imr__expr_gate() allows for @p applies, as "ioG" letters ("-" for
 * no limit). */
static void expect_gate(const char *applies, const char *want)
{
	static char text[2048];
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	unsigned char allowed[8];
	char got[8];
	const imr_rule *rule = NULL;
	size_t i, n;
	int limited;
	snprintf(text, sizeof(text),
		 "kind: rule\nid: x.gate\ntitle: Gate\nguideline: MTUS\ncitation: {document: Test}\n"
		 "applies: %s\ncomplete: true\nrecommendation: conditional\nsummary: Gate.\n"
		 "criteria:\n  - id: c\n    text: T.\n    advice: A.\n    require: exam.sign_a\n",
		 applies);
	if (imr_test_load_min(&rules, &diags, "gate.yaml", text, NULL) != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("applies '%s' did not load", applies);
	}
	for (i = 0; i < rules->nrules; i++)
		if (strcmp(rules->rules[i].id, "x.gate") == 0)
			rule = &rules->rules[i];
	assert_non_null(rule);
	n = rules->enums[rules->facts[rules->f_procedure].enum_index].count;
	assert_int_equal(n, 3);
	limited = imr__expr_gate(rule->applies, rules->f_procedure, n, allowed);
	assert_true(limited >= 0);
	if (!limited) {
		snprintf(got, sizeof(got), "-");
	} else {
		for (i = 0; i < n; i++)
			got[i] = allowed[i] ? "ioG"[i] : '.';
		got[n] = '\0';
	}
	if (strcmp(got, want) != 0)
		fail_msg("applies '%s': gate %s, expected %s", applies, got, want);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

static void gate_follows_the_logic_of_applies(void **state)
{
	(void)state;
	expect_gate("request.procedure = injection", "i..");
	expect_gate("request.procedure in [injection, guidance]", "i.G");
	expect_gate("{all: [request.procedure = injection, request.region = lumbar]}", "i..");
	expect_gate("{all: ['request.procedure in [injection, guidance]', 'request.procedure in [guidance, other_injection]']}",
		    "..G");
	expect_gate("{any: [request.procedure = injection, request.procedure = guidance]}", "i.G");
	expect_gate("{at_least: 1, of: [request.procedure = injection, request.procedure = guidance]}", "i.G");
	/* what can be true without the procedure is not limited */
	expect_gate("{any: [request.procedure = injection, request.region = lumbar]}", "-");
	expect_gate("{not: request.procedure = injection}", "-");
	expect_gate("request.procedure != injection", "-");
	expect_gate("known(request.procedure)", "-");
	expect_gate("request.region = lumbar", "-");
	expect_gate("{all: [request.region = lumbar, {not: request.purpose = diagnostic}]}", "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boolean_atom_is_three_valued),
		cmocka_unit_test(boolean_compared_with_true),
		cmocka_unit_test(boolean_not_equal_true_holds_when_absent),
		cmocka_unit_test(number_comparisons_at_the_boundary),
		cmocka_unit_test(decimal_literals_compare_exactly),
		cmocka_unit_test(absent_number_makes_comparisons_false_and_ne_true),
		cmocka_unit_test(present_non_boolean_fact_alone_is_true),
		cmocka_unit_test(date_comparisons),
		cmocka_unit_test(enum_equality_and_inequality),
		cmocka_unit_test(enum_in_list),
		cmocka_unit_test(set_equality_ignores_order),
		cmocka_unit_test(set_in_list_is_subset),
		cmocka_unit_test(value_in_set_is_membership),
		cmocka_unit_test(value_in_case_set_fact),
		cmocka_unit_test(count_of_set_members),
		cmocka_unit_test(count_of_absent_set_is_zero),
		cmocka_unit_test(days_since_counts_to_the_request_date),
		cmocka_unit_test(weeks_since_counts_whole_weeks),
		cmocka_unit_test(months_since_counts_once_the_day_is_reached),
		cmocka_unit_test(months_since_across_a_year_end),
		cmocka_unit_test(item_date_is_the_reference_for_intervals),
		cmocka_unit_test(all_follows_kleene_logic),
		cmocka_unit_test(any_follows_kleene_logic),
		cmocka_unit_test(not_swaps_true_and_false_and_keeps_unknown),
		cmocka_unit_test(double_negation),
		cmocka_unit_test(not_of_all_is_any_of_nots),
		cmocka_unit_test(at_least_counts_true_and_possible_parts),
		cmocka_unit_test(at_least_equal_to_list_length_is_all),
		cmocka_unit_test(nested_combinators_in_block_style),
		cmocka_unit_test(derived_fact_is_used_when_not_documented),
		cmocka_unit_test(directly_documented_value_wins_over_derivation),
		cmocka_unit_test(derived_evidence_names_its_inputs),
		cmocka_unit_test(traced_derived_atom_precedes_its_derivation),
		cmocka_unit_test(derived_values_read_without_a_trace_are_memoised),
		cmocka_unit_test(undocumented_derived_fact_lists_its_inputs_as_missing),
		cmocka_unit_test(unknown_fact_suggests_the_closest_name),
		cmocka_unit_test(unknown_fact_far_from_any_name_has_no_suggestion),
		cmocka_unit_test(unknown_fact_inside_a_comparison_is_located),
		cmocka_unit_test(unknown_enum_value_suggests_a_member),
		cmocka_unit_test(unknown_value_in_a_list_is_located),
		cmocka_unit_test(unknown_member_before_in_is_located),
		cmocka_unit_test(relational_operator_on_enum_is_wrong_type),
		cmocka_unit_test(in_on_boolean_is_wrong_type),
		cmocka_unit_test(list_compared_with_number_is_wrong_type),
		cmocka_unit_test(list_after_relational_operator_on_enum_is_wrong_type),
		cmocka_unit_test(list_after_a_function_comparison_is_wrong_type),
		cmocka_unit_test(repeated_list_members_do_not_break_set_equality),
		cmocka_unit_test(set_compared_with_a_single_value_is_wrong_type),
		cmocka_unit_test(value_in_non_set_fact_is_wrong_type),
		cmocka_unit_test(boolean_compared_with_number_is_wrong_type),
		cmocka_unit_test(number_compared_with_a_name_or_date_is_wrong_type),
		cmocka_unit_test(number_outside_min_max_is_out_of_range),
		cmocka_unit_test(number_at_min_and_max_is_accepted),
		cmocka_unit_test(function_compared_with_negative_number_is_out_of_range),
		cmocka_unit_test(impossible_date_literal_is_bad_date),
		cmocka_unit_test(date_compared_with_a_number_is_an_error),
		cmocka_unit_test(date_compared_with_a_name_is_wrong_type),
		cmocka_unit_test(unknown_function_lists_the_functions),
		cmocka_unit_test(count_of_a_non_set_is_wrong_type),
		cmocka_unit_test(interval_of_a_non_date_is_wrong_type),
		cmocka_unit_test(function_result_alone_is_an_error),
		cmocka_unit_test(function_without_closing_paren_is_an_error),
		cmocka_unit_test(empty_expression_is_an_error),
		cmocka_unit_test(null_expression_is_wrong_type),
		cmocka_unit_test(trailing_junk_is_located),
		cmocka_unit_test(missing_operator_and_value_are_located),
		cmocka_unit_test(bad_lists_are_located),
		cmocka_unit_test(expression_must_start_with_a_name),
		cmocka_unit_test(quoted_expression_columns_skip_the_quote),
		cmocka_unit_test(unknown_combinator_key_suggests),
		cmocka_unit_test(unknown_combinator_key_is_the_only_error),
		cmocka_unit_test(unrelated_combinator_key_lists_the_keys),
		cmocka_unit_test(two_combinators_in_one_mapping),
		cmocka_unit_test(mapping_without_combinator),
		cmocka_unit_test(at_least_larger_than_its_list),
		cmocka_unit_test(at_least_needs_a_positive_whole_number),
		cmocka_unit_test(at_least_needs_of),
		cmocka_unit_test(combinator_needs_a_non_empty_list),
		cmocka_unit_test(sequence_is_not_an_expression),
		cmocka_unit_test(every_error_in_an_expression_is_reported),
		cmocka_unit_test(errors_in_block_style_are_on_their_own_lines),
		cmocka_unit_test(multiline_plain_expression_reports_the_scalar_start),
		cmocka_unit_test(multiline_literal_expression_reports_the_scalar_start),
		cmocka_unit_test(case_fact_in_applies_is_wrong_scope),
		cmocka_unit_test(primary_attribute_in_applies_is_allowed),
		cmocka_unit_test(primary_attribute_in_unencoded_applies_is_wrong_scope),
		cmocka_unit_test(request_attribute_in_derive_is_wrong_scope),
		cmocka_unit_test(nesting_at_the_expression_depth_limit_is_accepted),
		cmocka_unit_test(nesting_beyond_the_expression_depth_limit_is_located),
		cmocka_unit_test(default_expression_depth_limit_applies),
		cmocka_unit_test(combinators_are_rendered_for_explain),
		cmocka_unit_test(gate_follows_the_logic_of_applies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
