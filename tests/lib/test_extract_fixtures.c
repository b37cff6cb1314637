/* test_extract_fixtures.c - every text fixture yields the facts it expects.
 *
 * fixtures/text/<case>.txt is clinical text and <case>.expect.yaml says
 * which facts must come out of it and with what value (`facts:`), and
 * which must not be set at all (`not_documented:`). fixtures/text/service/
 * holds requested-service lines whose expectations are request attributes
 * (written with or without the "request." prefix). The shipped rules and
 * lexicons are used, so this is the lexicons' regression suite. */
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imrcheck/letter.h"
#include "model.h"
#include "sentence.h"
#include "yamltree.h"

static imr_rules *rules;
static imr_worker *worker;

static int setup(void **state)
{
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	if (imr_rules_load_dir(&rules, imr_test_rules_dir(), NULL, &diags) < 0) {
		imr_test_print_diags(&diags);
		imr_diags_dispose(&diags);
		return -1;
	}
	imr_diags_dispose(&diags);
	return imr_worker_new(&worker, rules, NULL);
}

static int teardown(void **state)
{
	(void)state;
	imr_worker_free(worker);
	imr_rules_free(rules);
	return 0;
}

static void full_name(char *out, size_t size, const char *key, int service)
{
	if (service && !strchr(key, '.'))
		snprintf(out, size, "request.%s", key);
	else
		snprintf(out, size, "%s", key);
}

/* Render an expected value the way imr_facts_value_text() renders facts:
 * sets as "[a, b]" with members in vocabulary order. */
static void expected_text(const imr_ynode *v, int fact, char *out, size_t size)
{
	const imr_factdef *def = &rules->facts[fact];
	if (v->kind == IMR_Y_SEQ) {
		const imr_enum *en = &rules->enums[def->enum_index];
		size_t m, k, used = (size_t)snprintf(out, size, "[");
		int first = 1;
		for (m = 0; m < en->count; m++)
			for (k = 0; k < v->count; k++)
				if (strcmp(v->kids[k]->str, en->members[m]) == 0) {
					used += (size_t)snprintf(out + used, size - used, "%s%s", first ? "" : ", ",
								 en->members[m]);
					first = 0;
					break;
				}
		snprintf(out + used, size - used, "]");
		return;
	}
	if (strcmp(v->str, "absent") == 0 || strcmp(v->str, "false") == 0) {
		snprintf(out, size, def->type == IMR_TYPE_BOOLEAN ? "false" : "absent");
		return;
	}
	if (def->type == IMR_TYPE_SET) {
		snprintf(out, size, "[%s]", v->str);
		return;
	}
	snprintf(out, size, "%s", v->str);
}

/* Compare @p facts with an expectation mapping (`facts:` values and the
 * `not_documented:` list); returns the number of failed expectations. */
static int check_expectations(const imr_ynode *root, const imr_facts *facts, const char *label,
			      int service)
{
	char name[256], want[512], got[512];
	const imr_ynode *list;
	size_t i;
	int failures = 0;

	list = imr__ymap_get(root, "facts", NULL);
	for (i = 0; list && i < list->count; i++) {
		const imr_ynode *k = list->kids[2 * i], *v = list->kids[2 * i + 1];
		int fact;
		full_name(name, sizeof(name), k->str, service);
		fact = imr__vocab_fact(rules, name, strlen(name));
		if (fact < 0) {
			print_message("%s: unknown fact %s in the expectation\n", label, name);
			failures++;
			continue;
		}
		expected_text(v, fact, want, sizeof(want));
		imr_facts_value_text(facts, name, got, sizeof(got));
		if (strcmp(want, got) != 0) {
			print_message("%s: %s = %s, expected %s\n", label, name, got, want);
			failures++;
		}
	}
	list = imr__ymap_get(root, "not_documented", NULL);
	for (i = 0; list && i < list->count; i++) {
		full_name(name, sizeof(name), list->kids[i]->str, service);
		if (imr_facts_status(facts, name) != IMR_FACT_NOT_DOCUMENTED) {
			imr_facts_value_text(facts, name, got, sizeof(got));
			print_message("%s: %s = %s, expected not documented\n", label, name, got);
			failures++;
		}
	}
	return failures;
}

static imr_ydoc *read_yaml(const char *path)
{
	imr_ydoc *doc = NULL;
	imr_diags diags;
	imr_diags_init(&diags);
	if (imr__yaml_parse_file(&doc, path, NULL, &diags) < 0) {
		imr_test_print_diags(&diags);
		fail_msg("cannot read %s", path);
	}
	imr_diags_dispose(&diags);
	return doc;
}

/* Check one fixture; returns the number of failed expectations. */
static int check_case(const char *dir, const char *base, int service)
{
	char path[2048], expect_path[2048];
	imr_text *text = NULL;
	imr_facts *facts = NULL;
	imr_ydoc *doc;
	imr_diags diags;
	const imr_ynode *root;
	int failures;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, base);
	snprintf(expect_path, sizeof(expect_path), "%s/%s.expect.yaml", dir, base);
	imr_diags_init(&diags);
	assert_int_equal(imr_text_load_file(&text, path, NULL, &diags), IMR_OK);
	assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
	if (service)
		assert_int_equal(imr_extract_service(NULL, worker, imr_text_data(text, NULL), facts, &diags), IMR_OK);
	else
		assert_int_equal(imr_extract_notes(NULL, worker, text, 0, 0, NULL, facts, &diags), IMR_OK);
	doc = read_yaml(expect_path);
	root = imr__ydoc_root(doc);
	assert_non_null(root);
	failures = check_expectations(root, facts, base, service);
	imr__ydoc_free(doc);
	imr_facts_free(facts);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	return failures;
}

static size_t run_dir(const char *relative, int service, int *failures)
{
	char dir[1024];
	DIR *d;
	struct dirent *de;
	size_t cases = 0;

	snprintf(dir, sizeof(dir), "%s", imr_test_fixture(relative));
	d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char base[512];
		if (len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		snprintf(base, sizeof(base), "%.*s", (int)(len - 4), de->d_name);
		*failures += check_case(dir, base, service);
		cases++;
	}
	closedir(d);
	return cases;
}

static void notes_fixtures(void **state)
{
	int failures = 0;
	size_t cases;
	(void)state;
	cases = run_dir("text", 0, &failures);
	print_message("%zu note fixtures, %d failed expectations\n", cases, failures);
	assert_true(cases >= 40);
	assert_int_equal(failures, 0);
}

static void service_fixtures(void **state)
{
	int failures = 0;
	size_t cases;
	(void)state;
	cases = run_dir("text/service", 1, &failures);
	print_message("%zu service fixtures, %d failed expectations\n", cases, failures);
	assert_true(cases >= 10);
	assert_int_equal(failures, 0);
}

/* fixtures/text/service-corpus.yaml: the service lines of real letters,
 * each with the attributes it must yield. */
static void service_corpus(void **state)
{
	imr_ydoc *doc;
	const imr_ynode *cases;
	size_t i;
	int failures = 0;
	(void)state;
	doc = read_yaml(imr_test_fixture("text/service-corpus.yaml"));
	cases = imr__ymap_get(imr__ydoc_root(doc), "cases", NULL);
	assert_non_null(cases);
	for (i = 0; i < cases->count; i++) {
		const imr_ynode *c = cases->kids[i];
		const imr_ynode *service = imr__ymap_get(c, "service", NULL);
		imr_facts *facts = NULL;
		imr_diags diags;
		assert_non_null(service);
		imr_diags_init(&diags);
		assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
		assert_int_equal(imr_extract_service(NULL, worker, service->str, facts, &diags), IMR_OK);
		failures += check_expectations(c, facts, service->str, 1);
		imr_facts_free(facts);
		imr_diags_dispose(&diags);
	}
	print_message("%zu service lines of real letters, %d failed expectations\n", cases->count,
		      failures);
	assert_true(cases->count >= 150);
	imr__ydoc_free(doc);
	assert_int_equal(failures, 0);
}

/* The (fact, value) pairs a service text's matches give, as a string. */
static int add_value(void *ctx, int fact, const char *value)
{
	imr_buf *out = ctx;
	return imr_buf_printf(out, "%s=%s;", rules->facts[fact].name, value);
}

/* imr__extract_service_values() reports what the listing of
 * imr_extract_service() holds, match for match, on every service line of
 * the corpus. */
static void service_values_are_the_listing(void **state)
{
	imr_ydoc *doc;
	const imr_ynode *cases;
	size_t i, k, matches = 0;
	(void)state;
	doc = read_yaml(imr_test_fixture("text/service-corpus.yaml"));
	cases = imr__ymap_get(imr__ydoc_root(doc), "cases", NULL);
	assert_non_null(cases);
	for (i = 0; i < cases->count; i++) {
		const imr_ynode *service = imr__ymap_get(cases->kids[i], "service", NULL);
		imr_buf listed = IMR_BUF_INIT, reported = IMR_BUF_INIT;
		imr_extraction *ex = NULL;
		imr_facts *facts = NULL;
		imr_diags diags;
		imr_diags_init(&diags);
		assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
		assert_int_equal(imr_extract_service(&ex, worker, service->str, facts, &diags), IMR_OK);
		for (k = 0; k < imr_extraction_count(ex); k++) {
			const imr_match *m = imr_extraction_match(ex, k);
			assert_int_equal(imr_buf_printf(&listed, "%s=%s;", m->fact, m->value), IMR_OK);
		}
		matches += imr_extraction_count(ex);
		assert_int_equal(imr__extract_service_values(worker, service->str, &diags, add_value, &reported), 0);
		assert_string_equal(imr_buf_cstr(&reported), imr_buf_cstr(&listed));
		imr_buf_dispose(&listed);
		imr_buf_dispose(&reported);
		imr_extraction_free(ex);
		imr_facts_free(facts);
		imr_diags_dispose(&diags);
	}
	assert_true(matches > cases->count); /* lines with several matches among them */
	imr__ydoc_free(doc);
}

/* Span matches as a string, the facts marked in @p keep alone. */
typedef struct span_listing {
	imr_buf out;
	const unsigned char *keep;
	size_t n;
} span_listing;

static int list_span(void *ctx, size_t span, const imr_span_match *m, size_t count)
{
	span_listing *l = ctx;
	size_t i;
	for (i = 0; i < count; i++) {
		if (l->keep && !l->keep[m[i].fact])
			continue;
		l->n++;
		if (imr_buf_printf(&l->out, "%zu:%s:%d%d:%x:%zu-%zu;", span, rules->facts[m[i].fact].name,
				   m[i].counted, m[i].absent, m[i].flags, m[i].sent_start, m[i].sent_end) < 0)
			return IMR_ENOMEM;
	}
	return 0;
}

/* imr__extract_spans() searching some facts' entries finds, in every
 * rationale of the development letters, exactly the matches of those facts
 * a search of every entry finds: each match is its entry's alone (its
 * context comes from the triggers, its sentence from the span). */
static void span_matches_of_some_facts_are_theirs_in_a_full_search(void **state)
{
	char dir[1024], path[1400];
	unsigned char *some = calloc(rules->nfacts + 1, 1);
	DIR *d;
	struct dirent *de;
	size_t f, letters = 0, kept = 0, all = 0;
	(void)state;
	assert_non_null(some);
	/* every other fact, and the booleans an audit holds against a summary */
	for (f = 0; f < rules->nfacts; f++)
		some[f] = f % 2 || (rules->facts[f].type == IMR_TYPE_BOOLEAN && rules->facts[f].finding);
	snprintf(dir, sizeof(dir), "%s", imr_test_fixture("letters/dwc-imr-2016/txt"));
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d))) {
		imr_diags diags = IMR_DIAGS_INIT;
		imr_text *text = NULL;
		imr_letter *letter = NULL;
		imr_text_span spans[32];
		span_listing full = { IMR_BUF_INIT, NULL, 0 }, part = { IMR_BUF_INIT, NULL, 0 };
		size_t n = 0, k, len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(imr_text_load_file(&text, path, NULL, &diags), 0);
		assert_int_equal(imr_letter_parse(&letter, rules, text, NULL, &diags), 0);
		for (k = 0; k < letter->item_count && n < 32; k++)
			if (letter->items[k].rationale_span.end > letter->items[k].rationale_span.start) {
				spans[n].start = letter->items[k].rationale_span.start;
				spans[n++].end = letter->items[k].rationale_span.end;
			}
		full.keep = some;
		assert_int_equal(imr__extract_spans(worker, text, spans, n, NULL, &diags, list_span, &full), 0);
		assert_int_equal(imr__extract_spans(worker, text, spans, n, some, &diags, list_span, &part), 0);
		assert_string_equal(imr_buf_cstr(&part.out), imr_buf_cstr(&full.out));
		kept += part.n;
		/* and without a filter, the other facts' matches come too */
		full.keep = NULL;
		full.n = 0;
		assert_int_equal(imr__extract_spans(worker, text, spans, n, NULL, &diags, list_span, &full), 0);
		all += full.n;
		imr_buf_dispose(&full.out);
		imr_buf_dispose(&part.out);
		imr_letter_free(letter);
		imr_text_free(text);
		imr_diags_dispose(&diags);
		letters++;
	}
	closedir(d);
	free(some);
	print_message("%zu letters: %zu rationale matches of the facts searched, of %zu\n", letters, kept, all);
	assert_true(letters >= 80);
	assert_true(kept > 100 && kept < all);
}

/* Whether the worker's sentences of [start, end) of @p text are the
 * splitter's. */
static void same_sentences(const imr_text *text, size_t start, size_t end)
{
	imr_sentences want = { NULL, 0, 0 }, got = { NULL, 0, 0 };
	size_t len, i;
	const char *data = imr_text_data(text, &len);
	assert_int_equal(imr__sentences_split(&want, data, start, end), 0);
	assert_int_equal(imr__worker_sentences(worker, text, start, end, &got), 0);
	assert_int_equal(got.count, want.count);
	for (i = 0; i < want.count; i++) {
		assert_int_equal(got.items[i].start, want.items[i].start);
		assert_int_equal(got.items[i].end, want.items[i].end);
	}
	imr__sentences_dispose(&want);
	imr__sentences_dispose(&got);
}

/* A worker's remembered sentences are the splitter's: the same span asked
 * again, more spans than it remembers, the same offsets of another text
 * at the same address, empty spans. */
static void sentences_remembered_are_the_splitters(void **state)
{
	static const char first[] = "The patient has low back pain. She had an MRI on 3/4/2015.\nPLAN\n"
				    "1. Lumbar ESI. No red flags were noted. Dr. Smith agreed.";
	static const char second[] = "Neck pain since 2014. A cervical MRI was requested! Denied? Yes.\n"
				     "HISTORY\nNo prior surgery. Physical therapy helped a little.";
	imr_text *text = NULL;
	imr_diags diags;
	size_t round, k;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr_text_new(&text, "first", first, sizeof(first) - 1, NULL, &diags), IMR_OK);
	for (round = 0; round < 3; round++)
		for (k = 0; k < 12; k++)
			same_sentences(text, k * 7, sizeof(first) - 1 - k);
	same_sentences(text, 5, 5);
	same_sentences(text, 0, 0);
	imr_text_free(text);
	/* a new text, likely at the old one's address: nothing carries over */
	assert_int_equal(imr_text_new(&text, "second", second, sizeof(second) - 1, NULL, &diags), IMR_OK);
	for (k = 0; k < 12; k++)
		same_sentences(text, k * 7, sizeof(second) - 1 - k);
	imr_text_free(text);
	imr_diags_dispose(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notes_fixtures),
		cmocka_unit_test(sentences_remembered_are_the_splitters),
		cmocka_unit_test(service_fixtures),
		cmocka_unit_test(service_corpus),
		cmocka_unit_test(service_values_are_the_listing),
		cmocka_unit_test(span_matches_of_some_facts_are_theirs_in_a_full_search),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
