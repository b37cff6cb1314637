/* test_oom.c - every allocation fails once, in turn.
 *
 * Each case first runs its work once with the allocation hook counting
 * (imr__alloc_fail_after(LONG_MAX) counts calls and fails none), then for
 * N = 1, 2, ... up to one past that count runs it again with the Nth
 * allocation and every later one failing. Every run must end in IMR_OK
 * (the failure fell on an allocation whose loss is tolerated, such as the
 * JIT's) or IMR_ENOMEM, never another status, never a crash, and must leave
 * nothing behind: the ASan build's LeakSanitizer checks that when the
 * program exits. The last run, with no failure, must succeed.
 *
 * jansson allocates through its own functions; for the JSON paths to be
 * covered too, this program (and only this program: the setting is global
 * to a process, see docs/security.md) points them at the library's seam.
 *
 * The cases:
 *   rules   load fixtures/rules-min with a small lexicon and context file;
 *   letter  with the shipped rules loaded beforehand: normalise a seed
 *           letter, parse it, review it (extraction and evaluation), and
 *           render the review as text and JSON;
 *   request with the shipped rules: read a request file (YAML, then JSON),
 *           evaluate it, render the result as text and JSON. */
#include "test.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static imr_rules *shipped;

static void *json_malloc(size_t size)
{
	return imr__malloc(size);
}

static void json_free(void *ptr)
{
	imr__free(ptr);
}

static int setup(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	json_set_alloc_funcs(json_malloc, json_free);
	if (imr_rules_load_dir(&shipped, imr_test_rules_dir(), NULL, &diags) != IMR_OK) {
		imr_test_print_diags(&diags);
		return -1;
	}
	imr_diags_dispose(&diags);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	imr_rules_free(shipped);
	return 0;
}

/* Errors recorded in @p diags (the count also includes those that could
 * not be stored for want of memory). */
static size_t stored_errors(const imr_diags *diags)
{
	size_t i, n = 0;
	for (i = 0; i < diags->count; i++)
		if (diags->items[i].severity == IMR_SEVERITY_ERROR) {
			imr_test_print_diags(diags);
			n++;
		}
	return n;
}

/* Run @p work(ctx) under every allocation failure in turn; see the top. */
typedef int (*work_fn)(void *ctx);

static void fail_each_allocation(const char *name, work_fn work, void *ctx)
{
	long total, n;
	int err;
	imr__alloc_fail_after(LONG_MAX);
	err = work(ctx);
	total = imr__alloc_calls();
	imr__alloc_fail_after(0);
	if (err != IMR_OK)
		fail_msg("%s: the run without failures returned %d", name, err);
	for (n = 1; n <= total + 1; n++) {
		imr__alloc_fail_after(n);
		err = work(ctx);
		imr__alloc_fail_after(0);
		if (err != IMR_OK && err != IMR_ENOMEM)
			fail_msg("%s: allocation %ld of %ld failed and the status was %d (%s), not IMR_ENOMEM",
				 name, n, total, err, imr_strerror(err));
	}
	print_message("%s: %ld allocations, each failed once\n", name, total);
}

/* ---- loading rules ---- */

static const char lexicon_yaml[] =
	"kind: lexicon\n"
	"name: oom\n"
	"description: A small lexicon for the allocation test.\n"
	"target: notes\n"
	"entries:\n"
	"  - id: a\n"
	"    fact: exam.sign_a\n"
	"    patterns: ['\\bsign a\\b', '\\bfirst sign\\b']\n"
	"  - id: relief\n"
	"    fact: prior.relief_percent\n"
	"    value: $1\n"
	"    patterns: ['(\\d+)% relief']\n"
	"infer:\n"
	"  - {fact: exam.sign_b, value: true, when: exam.sign_a}\n";

static const char context_yaml[] =
	"kind: context\n"
	"name: oom-context\n"
	"description: Triggers for the allocation test.\n"
	"negation_before: ['\\bno\\b']\n"
	"terminators: ['\\bbut\\b']\n"
	"uncertain: ['\\bpossible\\b']\n"
	"window: 4\n";

typedef struct rules_job {
	const char *paths[3];
} rules_job;

static int load_rules(void *ctx)
{
	rules_job *job = ctx;
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	int err = imr_rules_load_paths(&rules, job->paths, 3, NULL, &diags);
	if (err == IMR_OK) {
		assert_non_null(rules);
		/* a rule set that loads is whole */
		assert_int_equal(imr_rules_count(rules), 3);
	} else {
		assert_null(rules);
	}
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
	return err;
}

static void rules_load(void **state)
{
	rules_job job;
	(void)state;
	job.paths[0] = strdup(imr_test_fixture("rules-min"));
	job.paths[1] = strdup(imr_test_write_temp("oom-lexicon.yaml", lexicon_yaml));
	job.paths[2] = strdup(imr_test_write_temp("oom-context.yaml", context_yaml));
	fail_each_allocation("rules", load_rules, &job);
	free((char *)(uintptr_t)job.paths[0]);
	free((char *)(uintptr_t)job.paths[1]);
	free((char *)(uintptr_t)job.paths[2]);
}

/* ---- a letter: text, layout, extraction, evaluation, reports ---- */

typedef struct letter_job {
	const char *name;
	char *data;
	size_t len;
} letter_job;

static int review_letter(void *ctx)
{
	letter_job *job = ctx;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *text = NULL;
	imr_letter *letter = NULL;
	imr_worker *worker = NULL;
	imr_review *review = NULL;
	imr_buf out = IMR_BUF_INIT;
	imr_letter_outcome outcome;
	int err;

	err = imr_text_new(&text, job->name, job->data, job->len, NULL, &diags);
	if (!err)
		err = imr_letter_parse(&letter, shipped, text, NULL, &diags);
	if (!err)
		err = imr_worker_new(&worker, shipped, NULL);
	if (!err)
		err = imr_review_letter(&review, worker, text, letter, &diags);
	if (!err) {
		assert_non_null(review);
		assert_int_equal(review->item_count, letter->item_count);
		memset(&outcome, 0, sizeof(outcome));
		outcome.file = job->name;
		outcome.review = review;
		err = imr_report_letters_text(&out, shipped, &outcome, 1, NULL);
		imr_buf_clear(&out);
		if (!err)
			err = imr_report_letters_json(&out, shipped, &outcome, 1, NULL);
	}
	/* a failure is out of memory, and says so: nothing else in these
	 * inputs is wrong */
	if (err == IMR_ENOMEM)
		assert_int_equal(stored_errors(&diags), 0);
	imr_buf_dispose(&out);
	imr_review_free(review);
	imr_worker_free(worker);
	imr_letter_free(letter);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	return err;
}

static void letter_review(void **state)
{
	letter_job job;
	(void)state;
	job.name = "001_761f33d4263bd4f6.txt";
	job.data = imr_test_read_file(imr_test_fixture("letters/seeds/001_761f33d4263bd4f6.txt"), &job.len);
	fail_each_allocation("letter", review_letter, &job);
	free(job.data);
}

/* ---- a request: reading, evaluation, reports ---- */

typedef struct request_job {
	const char *path;
} request_job;

static int evaluate_request(void *ctx)
{
	request_job *job = ctx;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_request *req = NULL;
	imr_result *result = NULL;
	imr_buf out = IMR_BUF_INIT;
	int err;

	err = imr_request_load_file(&req, shipped, job->path, IMR_DATE_NONE, NULL, &diags);
	if (!err)
		err = imr_eval_request(&result, shipped, req, NULL);
	if (!err)
		err = imr_report_check_text(&out, shipped, result, NULL);
	if (!err) {
		imr_buf_clear(&out);
		err = imr_report_check_json(&out, shipped, result, NULL);
	}
	if (err == IMR_ENOMEM)
		assert_int_equal(stored_errors(&diags), 0);
	imr_buf_dispose(&out);
	imr_result_free(result);
	imr_request_free(req);
	imr_diags_dispose(&diags);
	return err;
}

static void request_yaml(void **state)
{
	request_job job;
	(void)state;
	job.path = strdup(imr_test_fixture("requests/001-bilateral-si-joint.yaml"));
	fail_each_allocation("request (YAML)", evaluate_request, &job);
	free((char *)(uintptr_t)job.path);
}

static void request_json(void **state)
{
	request_job job;
	(void)state;
	job.path = strdup(imr_test_write_temp(
		"oom-request.json",
		"{\"date\": \"2016-05-01\",\n"
		" \"facts\": {\"pain.radicular\": true, \"exam.straight_leg_raise\": true},\n"
		" \"items\": [{\"id\": \"esi\", \"service\": \"Right L5-S1 transforaminal epidural steroid "
		"injection\"},\n"
		"           {\"id\": \"fluoro\", \"service\": \"Fluoroscopic guidance\", \"primary\": \"esi\"}]}\n"));
	fail_each_allocation("request (JSON)", evaluate_request, &job);
	free((char *)(uintptr_t)job.path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules_load),
		cmocka_unit_test(letter_review),
		cmocka_unit_test(request_yaml),
		cmocka_unit_test(request_json),
	};
	return cmocka_run_group_tests_name("oom", tests, setup, teardown);
}
