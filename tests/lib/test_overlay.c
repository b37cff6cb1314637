/* test_overlay.c - a fact set seen through a few changed values: reading
 * through to the base, replacing without touching it, evidence copied,
 * growth, computed facts the same as on a whole set, and running out of
 * memory. Uses fixtures/rules-min plus a vocabulary of computed numbers. */
#include "test.h"

#include <string.h>

#include "alloc.h"
#include "model.h"
#include "overlay.h"

static const char computed_vocab[] =
	"kind: vocabulary\n"
	"facts:\n"
	"  request.units: {type: number, min: 0, description: Units a dose.}\n"
	"  request.per_day: {type: number, min: 0, description: Doses a day.}\n"
	"  request.daily: {type: number, min: 0, max: 100, description: Units a day.,\n"
	"    compute: {product: [request.units, request.per_day]}}\n"
	"  request.weekly: {type: number, min: 0, description: Units a week.,\n"
	"    compute: {product: [request.daily, 7]}}\n";

static imr_rules *rules;

static int setup(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	int err = imr_test_load_min(&rules, &diags, "computed.yaml", computed_vocab, NULL);
	if (err != IMR_OK)
		imr_test_print_diags(&diags);
	imr_diags_dispose(&diags);
	*state = NULL;
	return err == IMR_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	imr_rules_free(rules);
	return 0;
}

static int fact(const char *name)
{
	int f = imr__vocab_fact(rules, name, strlen(name));
	assert_true(f >= 0);
	return f;
}

static imr_facts *base_with_level(void)
{
	imr_facts *base = NULL;
	assert_int_equal(imr_facts_new(&base, rules), IMR_OK);
	assert_int_equal(imr_facts_set_enum(base, "request.procedure", "injection"), IMR_OK);
	assert_int_equal(imr_facts_add_member(base, "request.levels", "L5-S1"), IMR_OK);
	return base;
}

/* ---- reading ---- */

static void test_reads_through_to_the_base(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_facts *base = base_with_level();
	imr_overlay o, empty;
	(void)state;
	imr__overlay_init(&o, rules, base, &arena);
	assert_ptr_equal(imr__overlay_value(&o, fact("request.levels")),
			 imr__facts_value(base, fact("request.levels")));
	assert_int_equal(imr__overlay_value(&o, fact("request.region"))->status, IMR_FACT_NOT_DOCUMENTED);
	/* out of range reads as undocumented, as a whole set does */
	assert_int_equal(imr__overlay_value(&o, -1)->status, IMR_FACT_NOT_DOCUMENTED);
	assert_int_equal(imr__overlay_value(&o, (int)rules->nfacts)->status, IMR_FACT_NOT_DOCUMENTED);
	imr__overlay_init(&empty, rules, NULL, &arena);
	assert_int_equal(imr__overlay_value(&empty, fact("request.procedure"))->status,
			 IMR_FACT_NOT_DOCUMENTED);
	assert_null(arena.chunks); /* reading allocates nothing */
	imr_facts_free(base);
	imr__arena_dispose(&arena);
}

/* ---- changing ---- */

static void test_set_replaces_without_touching_the_base(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_facts *base = base_with_level();
	int proc = fact("request.procedure");
	uint16_t members[2] = { 0, 2 };
	imr_overlay o;
	const imr_value *v;
	(void)state;
	imr__overlay_init(&o, rules, base, &arena);
	assert_int_equal(imr__overlay_set(&o, proc, IMR_FACT_PRESENT, 1, NULL, 0), IMR_OK);
	assert_int_equal(imr__overlay_set(&o, proc, IMR_FACT_ABSENT, 0, NULL, 0), IMR_OK);
	assert_int_equal(o.count, 1); /* one entry per fact */
	assert_int_equal(imr__overlay_value(&o, proc)->status, IMR_FACT_ABSENT);
	assert_int_equal(imr__facts_value(base, proc)->status, IMR_FACT_PRESENT);
	assert_int_equal(imr__facts_value(base, proc)->num, 0);
	/* members are copied */
	assert_int_equal(imr__overlay_set(&o, fact("request.levels"), IMR_FACT_PRESENT, 0, members, 2), IMR_OK);
	members[0] = 1;
	v = imr__overlay_value(&o, fact("request.levels"));
	assert_int_equal(v->nmembers, 2);
	assert_int_equal(v->members[0], 0);
	assert_int_equal(v->members[1], 2);
	assert_int_equal(imr__facts_value(base, fact("request.levels"))->nmembers, 1);
	imr_facts_free(base);
	imr__arena_dispose(&arena);
}

static void test_evidence_is_copied_and_cleared_by_set(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	int region = fact("request.region");
	char text[] = "lumbar, from the service line";
	imr_evidence ev;
	imr_overlay o;
	const imr_value *v;
	(void)state;
	imr__overlay_init(&o, rules, NULL, &arena);
	memset(&ev, 0, sizeof(ev));
	ev.text = text;
	ev.source = "service";
	ev.line = 3;
	assert_int_equal(imr__overlay_add_ev(&o, region, &ev), IMR_EINVALID); /* no entry yet */
	assert_int_equal(imr__overlay_set(&o, region, IMR_FACT_PRESENT, 0, NULL, 0), IMR_OK);
	assert_int_equal(imr__overlay_add_ev(&o, region, &ev), IMR_OK);
	assert_int_equal(imr__overlay_add_ev(&o, region, &ev), IMR_OK);
	text[0] = 'L';
	v = imr__overlay_value(&o, region);
	assert_int_equal(v->nev, 2);
	assert_string_equal(v->ev[0].text, "lumbar, from the service line");
	assert_string_equal(v->ev[1].source, "service");
	assert_int_equal(v->ev[1].line, 3);
	assert_int_equal(imr__overlay_set(&o, region, IMR_FACT_PRESENT, 1, NULL, 0), IMR_OK);
	assert_int_equal(imr__overlay_value(&o, region)->nev, 0);
	imr__arena_dispose(&arena);
}

static void test_grows_past_its_first_block(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_overlay o;
	size_t i;
	(void)state;
	imr__overlay_init(&o, rules, NULL, &arena);
	for (i = 0; i < rules->nfacts; i++)
		assert_int_equal(imr__overlay_set(&o, (int)i, IMR_FACT_PRESENT, (double)i, NULL, 0), IMR_OK);
	assert_int_equal(o.count, rules->nfacts);
	for (i = 0; i < rules->nfacts; i++)
		assert_true(imr__overlay_value(&o, (int)i)->num == (double)i);
	imr__arena_dispose(&arena);
}

/* ---- computed facts ---- */

/* The computed facts of the vocabulary, in vocabulary order. */
static size_t computed_list(int *out)
{
	size_t i, n = 0;
	for (i = 0; i < rules->nfacts; i++)
		if (rules->facts[i].ncompute)
			out[n++] = (int)i;
	return n;
}

static void expect_same_as_whole_set(double units, double per_day)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_facts *base = NULL, *whole = NULL;
	int computed[64];
	size_t n = computed_list(computed), i;
	imr_overlay o;
	assert_int_equal(imr_facts_new(&base, rules), IMR_OK);
	assert_int_equal(imr_facts_new(&whole, rules), IMR_OK);
	assert_int_equal(imr_facts_set_number(base, "request.units", units), IMR_OK);
	if (per_day >= 0)
		assert_int_equal(imr_facts_set_number(base, "request.per_day", per_day), IMR_OK);
	assert_int_equal(imr__facts_copy(whole, base), IMR_OK);
	assert_int_equal(imr__facts_compute(whole), IMR_OK);
	imr__overlay_init(&o, rules, base, &arena);
	assert_int_equal(imr__overlay_compute(&o, computed, n), IMR_OK);
	for (i = 0; i < rules->nfacts; i++) {
		const imr_value *a = imr__facts_value(whole, (int)i), *b = imr__overlay_value(&o, (int)i);
		size_t k;
		assert_int_equal(a->status, b->status);
		assert_true(a->num == b->num);
		assert_int_equal(a->nev, b->nev);
		for (k = 0; k < a->nev; k++) {
			assert_string_equal(a->ev[k].text, b->ev[k].text);
			assert_string_equal(a->ev[k].source, b->ev[k].source);
		}
	}
	/* the base is left as it was */
	assert_int_equal(imr_facts_status(base, "request.daily"), IMR_FACT_NOT_DOCUMENTED);
	imr_facts_free(base);
	imr_facts_free(whole);
	imr__arena_dispose(&arena);
}

static void test_computes_as_a_whole_set_does(void **state)
{
	(void)state;
	expect_same_as_whole_set(2, 3);    /* daily 6, then weekly from daily */
	expect_same_as_whole_set(2.5, 4);  /* a fraction in the evidence */
	expect_same_as_whole_set(20, 10);  /* 200 is out of range: neither is set */
	expect_same_as_whole_set(2, -1);   /* an input missing: nothing computed */
}

static void test_computed_value_and_evidence(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_facts *base = NULL;
	int computed[64];
	size_t n = computed_list(computed);
	imr_overlay o;
	const imr_value *v;
	(void)state;
	assert_int_equal(imr_facts_new(&base, rules), IMR_OK);
	assert_int_equal(imr_facts_set_number(base, "request.units", 2), IMR_OK);
	assert_int_equal(imr_facts_set_number(base, "request.per_day", 3), IMR_OK);
	imr__overlay_init(&o, rules, base, &arena);
	assert_int_equal(imr__overlay_compute(&o, computed, n), IMR_OK);
	v = imr__overlay_value(&o, fact("request.weekly"));
	assert_int_equal(v->status, IMR_FACT_PRESENT);
	assert_true(v->num == 42);
	assert_int_equal(v->nev, 1);
	assert_string_equal(v->ev[0].text, "6 x 7 = 42 (request.daily x 7)");
	assert_string_equal(v->ev[0].source, "computed");
	imr_facts_free(base);
	imr__arena_dispose(&arena);
}

/* ---- out of memory ---- */

static void test_out_of_memory_leaves_it_unchanged(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_overlay o;
	uint16_t member = 1;
	imr_evidence ev;
	static char big[10000];
	(void)state;
	imr__overlay_init(&o, rules, NULL, &arena);
	imr__alloc_fail_after(1);
	assert_int_equal(imr__overlay_set(&o, fact("request.levels"), IMR_FACT_PRESENT, 0, &member, 1),
			 IMR_ENOMEM);
	imr__alloc_fail_after(0);
	assert_int_equal(o.count, 0);
	assert_int_equal(imr__overlay_value(&o, fact("request.levels"))->status, IMR_FACT_NOT_DOCUMENTED);
	imr__arena_dispose(&arena);
	/* evidence that cannot be stored is not counted */
	imr__overlay_init(&o, rules, NULL, &arena);
	assert_int_equal(imr__overlay_set(&o, fact("request.region"), IMR_FACT_PRESENT, 0, NULL, 0), IMR_OK);
	memset(&ev, 0, sizeof(ev));
	/* a text longer than an arena block needs a block of its own */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ev.text = big;
	imr__alloc_fail_after(1);
	assert_int_equal(imr__overlay_add_ev(&o, fact("request.region"), &ev), IMR_ENOMEM);
	imr__alloc_fail_after(0);
	assert_int_equal(imr__overlay_value(&o, fact("request.region"))->nev, 0);
	imr__arena_dispose(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_through_to_the_base),
		cmocka_unit_test(test_set_replaces_without_touching_the_base),
		cmocka_unit_test(test_evidence_is_copied_and_cleared_by_set),
		cmocka_unit_test(test_grows_past_its_first_block),
		cmocka_unit_test(test_computes_as_a_whole_set_does),
		cmocka_unit_test(test_computed_value_and_evidence),
		cmocka_unit_test(test_out_of_memory_leaves_it_unchanged),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
