/* test_limits.c - every limit of include/imrcheck/limits.h, lowered.
 *
 * One case per limit: the limit is lowered through imr_limits, an input
 * just over it is given, and the case checks the status (IMR_ELIMIT), the
 * diagnostic's code, message and location, and that nothing hangs (each
 * case runs in well under a second; the PDF case kills a child that would
 * sleep for a minute). Cases at the edge check that an input exactly at a
 * limit is still accepted, so an off-by-one shows. */
#include "test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "imrcheck/audit.h"
#include "imrcheck/pdf.h"
#include "model.h"
#include "regex.h"

/* ---- helpers ---- */

/* The one diagnostic with @p code: fail unless it has @p line, @p col and
 * exactly @p message. */
static void expect_diag(const imr_diags *diags, const char *code, unsigned line, unsigned col,
			const char *message)
{
	size_t i;
	for (i = 0; i < diags->count; i++) {
		const imr_diag *d = &diags->items[i];
		if (strcmp(d->code, code) != 0)
			continue;
		if (d->line != line || d->col != col || strcmp(d->message, message) != 0) {
			imr_test_print_diags(diags);
			fail_msg("expected %s at %u:%u '%s', got %u:%u '%s'", code, line, col, message,
				 d->line, d->col, d->message);
		}
		return;
	}
	imr_test_print_diags(diags);
	fail_msg("no diagnostic %s", code);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A fresh directory under the test's temporary directory. */
static const char *fresh_dir(const char *name)
{
	static char path[512];
	char *slash;
	snprintf(path, sizeof(path), "%s", imr_test_write_temp("anchor", ""));
	slash = strrchr(path, '/');
	snprintf(slash + 1, sizeof(path) - (size_t)(slash + 1 - path), "%s", name);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		fail_msg("cannot create %s", path);
	return path;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s", path);
	fputs(text, fp);
	fclose(fp);
}

/* rules-min plus one extra rule file (@p name, @p text), under @p lim. */
static int load_min_with(imr_rules **out, imr_diags *diags, const imr_limits *lim, const char *name,
			 const char *text)
{
	imr_rules_options opts = IMR_RULES_OPTIONS_INIT;
	const char *paths[2];
	char min[1024], extra[1024];
	snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
	snprintf(extra, sizeof(extra), "%s", imr_test_write_temp(name, text));
	paths[0] = min;
	paths[1] = extra;
	opts.limits = lim;
	return imr_rules_load_paths(out, paths, 2, &opts, diags);
}

static imr_text *text_of(const char *data)
{
	imr_text *t = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	assert_int_equal(imr_text_new(&t, "notes.txt", data, strlen(data), NULL, &diags), IMR_OK);
	imr_diags_dispose(&diags);
	return t;
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t n = strlen(unit), i;
	char *s = malloc(n * times + strlen(tail) + 1);
	assert_non_null(s);
	for (i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	strcpy(s + n * times, tail);
	return s;
}

static const char signs_lexicon[] =
	"kind: lexicon\n"
	"name: signs\n"
	"description: Signs for the limit tests.\n"
	"target: notes\n"
	"entries:\n"
	"  - id: a\n"
	"    fact: exam.sign_a\n"
	"    patterns: ['\\bsign a\\b']\n"
	"  - id: relief\n"
	"    fact: prior.relief_percent\n"
	"    value: $1\n"
	"    combine: max\n"
	"    patterns: ['(\\d+)% relief']\n";

/* ---- YAML ---- */

static void yaml_file_bytes(void **state)
{
	imr_request *req = (imr_request *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_rules *rules = NULL;
	char path[1024];
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	lim.yaml_file_bytes = 16;
	snprintf(path, sizeof(path), "%s", imr_test_write_temp("big-request.yaml", "date: 2016-01-01\nitems: []\n"));
	assert_int_equal(imr_request_load_file(&req, rules, path, IMR_DATE_NONE, &lim, &diags), IMR_ELIMIT);
	assert_null(req);
	assert_string_equal(diags.items[0].file, path);
	expect_diag(&diags, "limit", 0, 0, "file is larger than the limit of 16 bytes");
	imr_diags_dispose(&diags);
	imr_rules_free(rules);
}

static void yaml_depth(void **state)
{
	imr_request *req = (imr_request *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_rules *rules = NULL;
	const char *yaml = "date: 2016-01-01\nitems: [[[x]]]\n";
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	lim.yaml_depth = 3;
	assert_int_equal(imr_request_load_buffer(&req, rules, "deep.yaml", yaml, strlen(yaml), IMR_DATE_NONE,
						 &lim, &diags),
			 IMR_ELIMIT);
	assert_null(req);
	expect_diag(&diags, "yaml-limit", 2, 10, "nesting deeper than 3 levels");
	imr_diags_dispose(&diags);
	imr_rules_free(rules);
}

static void yaml_nodes(void **state)
{
	imr_request *req = (imr_request *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_rules *rules = NULL;
	const char *yaml = "date: 2016-01-01\nitems: [a, b, c, d]\n";
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	lim.yaml_nodes = 6; /* root, 2 keys, 1 value, the sequence, a */
	assert_int_equal(imr_request_load_buffer(&req, rules, "wide.yaml", yaml, strlen(yaml), IMR_DATE_NONE,
						 &lim, &diags),
			 IMR_ELIMIT);
	assert_null(req);
	expect_diag(&diags, "yaml-limit", 2, 12, "document has more than 6 nodes");
	imr_diags_dispose(&diags);
	imr_rules_free(rules);
}

static void yaml_errors(void **state)
{
	imr_request *req = (imr_request *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_rules *rules = NULL;
	const char *yaml = "a: &a x\nb: [*a, *a, *a, *a]\n";
	size_t i, aliases = 0;
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	lim.yaml_errors = 3;
	assert_int_equal(imr_request_load_buffer(&req, rules, "bomb.yaml", yaml, strlen(yaml), IMR_DATE_NONE,
						 &lim, &diags),
			 IMR_ELIMIT);
	assert_null(req);
	/* the anchor and two aliases are reported, then the parser gives up */
	for (i = 0; i < diags.count; i++)
		aliases += strcmp(diags.items[i].code, "yaml-alias") == 0;
	assert_int_equal(aliases, 2);
	expect_diag(&diags, "yaml-limit", 2, 13, "more than 3 errors; the rest of the file was not read");
	imr_diags_dispose(&diags);
	imr_rules_free(rules);
}

static void expr_depth(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	const char *rule =
		"kind: rule\n"
		"id: t9.deep\n"
		"title: Deep\n"
		"guideline: ODG\n"
		"citation: {document: D, section: S}\n"
		"applies: request.procedure = other_injection\n"
		"complete: false\n"
		"recommendation: conditional\n"
		"summary: S.\n"
		"criteria:\n"
		"  - {id: c, text: T., advice: A., require: {not: {not: {not: exam.sign_a}}}}\n";
	(void)state;
	lim.expr_depth = 2;
	/* in a rule file a limit is one of the file's problems: IMR_EINVALID */
	assert_int_equal(load_min_with(&rules, &diags, &lim, "deep-rule.yaml", rule), IMR_EINVALID);
	assert_null(rules);
	expect_diag(&diags, "limit", 11, 62, "expression nested deeper than 2 levels");
	imr_diags_dispose(&diags);
}

static void dir_depth_in_a_rules_directory(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_rules_options opts = IMR_RULES_OPTIONS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	char root[512], deep[1024], msg[64];
	const char *paths[2];
	(void)state;
	snprintf(root, sizeof(root), "%s", fresh_dir("rules-deep"));
	snprintf(deep, sizeof(deep), "%s/a", root);
	mkdir(deep, 0755);
	snprintf(deep, sizeof(deep), "%s/a/b", root);
	mkdir(deep, 0755);
	lim.dir_depth = 2;
	opts.limits = &lim;
	paths[0] = imr_test_fixture("rules-min");
	paths[0] = strdup(paths[0]);
	paths[1] = root;
	assert_int_equal(imr_rules_load_paths(&rules, paths, 2, &opts, &diags), IMR_ELIMIT);
	assert_null(rules);
	snprintf(msg, sizeof(msg), "directories nested deeper than 2 levels (the limit)");
	expect_diag(&diags, "limit", 0, 0, msg);
	assert_string_equal(diags.items[0].file, deep);
	free((char *)(uintptr_t)paths[0]);
	imr_diags_dispose(&diags);
}

static void dir_depth_in_an_audit(void **state)
{
	imr_audit_inputs *in = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	char root[512], deep[1024];
	const char *paths[1];
	imr_audit_input it;
	imr_buf scratch = IMR_BUF_INIT;
	(void)state;
	snprintf(root, sizeof(root), "%s", fresh_dir("corpus-deep"));
	snprintf(deep, sizeof(deep), "%s/a", root);
	mkdir(deep, 0755);
	snprintf(deep, sizeof(deep), "%s/a/b", root);
	mkdir(deep, 0755);
	lim.dir_depth = 2;
	paths[0] = root;
	assert_int_equal(imr_audit_collect(&in, paths, 1, &lim), IMR_OK);
	assert_int_equal(imr_audit_inputs_count(in), 1);
	assert_int_equal(imr_audit_inputs_get(in, 0, &it, &scratch), IMR_OK);
	assert_string_equal(it.path, deep);
	assert_string_equal(it.error, "directories nested deeper than 2 levels (the limit)");
	assert_int_equal(imr_audit_inputs_get(in, 1, &it, &scratch), IMR_EINVALID);
	imr_buf_dispose(&scratch);
	imr_audit_inputs_free(in);
}

/* Not a limit but what the depth limit used to stand in for: links back
 * into the tree and links fanning out to one directory end quickly. */
static void symlink_loops_and_fan_out_do_not_multiply_a_walk(void **state)
{
	imr_rules *rules = NULL;
	imr_audit_inputs *in = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	char root[512], link[1024], target[1024];
	const char *paths[2];
	long start = now_ms();
	size_t i, loops = 0;
	int k;
	(void)state;
	/* d0 holds l0a and l0b -> d1, d1 holds l1a and l1b -> d2, ... : 2^20
	 * paths to d20 if every link were followed */
	snprintf(root, sizeof(root), "%s", fresh_dir("fan"));
	for (k = 0; k <= 20; k++) {
		snprintf(target, sizeof(target), "%s/d%d", root, k);
		mkdir(target, 0755);
	}
	for (k = 0; k < 20; k++) {
		snprintf(target, sizeof(target), "../d%d", k + 1);
		snprintf(link, sizeof(link), "%s/d%d/l%da", root, k, k);
		assert_int_equal(symlink(target, link), 0);
		snprintf(link, sizeof(link), "%s/d%d/l%db", root, k, k);
		assert_int_equal(symlink(target, link), 0);
	}
	snprintf(link, sizeof(link), "%s/d20/back", root);
	assert_int_equal(symlink("..", link), 0); /* back into the tree: a loop */
	snprintf(target, sizeof(target), "%s/d20/letter.txt", root);
	write_file(target, "text\n");
	snprintf(target, sizeof(target), "%s/d0", root);
	paths[0] = target;
	assert_int_equal(imr_audit_collect(&in, paths, 1, NULL), IMR_OK);
	for (i = 0; i < imr_audit_inputs_count(in); i++) {
		imr_audit_input it;
		imr_buf scratch = IMR_BUF_INIT;
		assert_int_equal(imr_audit_inputs_get(in, i, &it, &scratch), IMR_OK);
		loops += it.error != NULL;
		imr_buf_dispose(&scratch);
	}
	/* the letter once; the loop back reported where it is first met */
	assert_int_equal(imr_audit_inputs_count(in) - loops, 1);
	assert_true(loops >= 1);
	imr_audit_inputs_free(in);

	paths[0] = strdup(imr_test_fixture("rules-min"));
	paths[1] = target;
	assert_int_not_equal(imr_rules_load_paths(&rules, paths, 2, NULL, &diags), IMR_OK);
	assert_null(rules);
	assert_diag(&diags, "io", 0, 0);
	free((char *)(uintptr_t)paths[0]);
	imr_diags_dispose(&diags);
	assert_true(now_ms() - start < 5000);
}

/* ---- regular expressions ---- */

static void pattern_bytes(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	const char *lexicon =
		"kind: lexicon\n"
		"name: long\n"
		"description: A long pattern.\n"
		"target: notes\n"
		"entries:\n"
		"  - id: a\n"
		"    fact: exam.sign_a\n"
		"    patterns: ['sign a', 'sign number a']\n";
	(void)state;
	lim.pattern_bytes = 8;
	assert_int_equal(load_min_with(&rules, &diags, &lim, "long-pattern.yaml", lexicon), IMR_EINVALID);
	assert_null(rules);
	/* located at the offset within the pattern */
	expect_diag(&diags, "limit", 8, 35,
		    "invalid pattern: pattern is longer than the limit of 8 bytes at offset 8");
	imr_diags_dispose(&diags);
}

static void pattern_parens(void **state)
{
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	const char *lexicon =
		"kind: lexicon\n"
		"name: nested\n"
		"description: A nested pattern.\n"
		"target: notes\n"
		"entries:\n"
		"  - id: a\n"
		"    fact: exam.sign_a\n"
		"    patterns: ['((sign)) a', '(((sign))) b']\n";
	(void)state;
	lim.pattern_parens = 2;
	assert_int_equal(load_min_with(&rules, &diags, &lim, "nested-pattern.yaml", lexicon), IMR_EINVALID);
	assert_null(rules);
	expect_diag(&diags, "limit", 8, 34,
		    "invalid pattern: parentheses are nested deeper than the limit of 2 at offset 3");
	imr_diags_dispose(&diags);
}

/* A rule set whose one lexicon pattern backtracks catastrophically. */
static imr_rules *slow_rules(void)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	const char *lexicon =
		"kind: lexicon\n"
		"name: slow\n"
		"description: Backtracks.\n"
		"target: notes\n"
		"entries:\n"
		"  - id: a\n"
		"    fact: exam.sign_a\n"
		"    patterns: ['(?:a|aa)+$']\n";
	if (load_min_with(&rules, &diags, NULL, "slow-lexicon.yaml", lexicon) != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("the slow rule set does not load");
	}
	imr_diags_dispose(&diags);
	return rules;
}

static int extract_with(const imr_rules *rules, const imr_limits *lim, const char *data, imr_diags *diags,
			imr_facts **facts_out, imr_extraction **ex_out)
{
	imr_worker *w = NULL;
	imr_text *t = text_of(data);
	imr_facts *facts = NULL;
	int err;
	assert_int_equal(imr_worker_new(&w, rules, lim), IMR_OK);
	assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
	err = imr_extract_notes(ex_out, w, t, 0, 0, NULL, facts, diags);
	imr_worker_free(w);
	imr_text_free(t);
	if (facts_out)
		*facts_out = facts;
	else
		imr_facts_free(facts);
	return err;
}

static void pcre2_match_limit(void **state)
{
	imr_rules *rules = slow_rules();
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	char *data = repeat("a", 40, "b\n");
	char *text = malloc(strlen(data) + 20);
	long start = now_ms();
	(void)state;
	sprintf(text, "Line one.\nxy %s", data);
	lim.pcre2_match_limit = 10000;
	assert_int_equal(extract_with(rules, &lim, text, &diags, NULL, NULL), IMR_ELIMIT);
	expect_diag(&diags, "limit", 1, 1,
		    "pattern 1 of lexicon entry 'slow/a' hit the PCRE2 match limit in a search that started here; the text was not fully searched");
	assert_string_equal(diags.items[0].file, "notes.txt");
	assert_true(now_ms() - start < 2000);
	imr_diags_dispose(&diags);
	/* the default limit stops it too, quickly */
	start = now_ms();
	free(data);
	data = repeat("a", 5000, "b\n");
	assert_int_equal(extract_with(rules, NULL, data, &diags, NULL, NULL), IMR_ELIMIT);
	assert_diag(&diags, "limit", 1, 1);
	assert_true(now_ms() - start < 2000);
	imr_diags_dispose(&diags);
	free(data);
	free(text);
	imr_rules_free(rules);
}

/* The depth and heap limits apply in PCRE2's interpreter, which runs when
 * the JIT is not there; the test hook compiles without it. */
static void pcre2_depth_limit(void **state)
{
	imr_regex *re = NULL;
	imr_matcher *m = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256];
	size_t off, ovec[2];
	char *subject = repeat("ab", 5000, "cX");
	(void)state;
	imr__regex_use_jit(0);
	assert_int_equal(imr__regex_compile(&re, "(?:a|b)*c$", 10, 0, NULL, err, sizeof(err), &off), IMR_OK);
	imr__regex_use_jit(1);
	lim.pcre2_depth_limit = 100;
	assert_int_equal(imr__matcher_new(&m, &lim), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, subject, strlen(subject), 0, ovec, 2), IMR_ELIMIT);
	/* the same search at the default depth limit is decided: no match */
	imr__matcher_free(m);
	assert_int_equal(imr__matcher_new(&m, NULL), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, subject + 9800, strlen(subject + 9800), 0, ovec, 2), 0);
	imr__matcher_free(m);
	imr__regex_free(re);
	free(subject);
}

static void pcre2_heap_limit(void **state)
{
	imr_regex *re = NULL;
	imr_matcher *m = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256];
	size_t off, ovec[2];
	char *subject = repeat("ab", 5000, "cX");
	(void)state;
	imr__regex_use_jit(0);
	assert_int_equal(imr__regex_compile(&re, "(?:(a)|b)*c$", 12, 0, NULL, err, sizeof(err), &off), IMR_OK);
	imr__regex_use_jit(1);
	lim.pcre2_heap_limit_kib = 1;
	assert_int_equal(imr__matcher_new(&m, &lim), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, subject, strlen(subject), 0, ovec, 2), IMR_ELIMIT);
	imr__matcher_free(m);
	/* with the default heap limit the same search is decided */
	lim.pcre2_heap_limit_kib = 0;
	lim.pcre2_depth_limit = 100000;
	assert_int_equal(imr__matcher_new(&m, &lim), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, subject, strlen(subject), 0, ovec, 2), 0);
	imr__matcher_free(m);
	imr__regex_free(re);
	free(subject);
}

static void jit_stack_kib(void **state)
{
	imr_regex *re = NULL;
	imr_matcher *m = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256];
	size_t off, ovec[2];
	char *subject;
	long start = now_ms();
	uint32_t have_jit = 0;
	(void)state;
	pcre2_config(PCRE2_CONFIG_JIT, &have_jit);
	if (!have_jit)
		skip(); /* no JIT on this platform: the interpreter's limits apply */
	subject = repeat("ab", 2000, "cX");
	assert_int_equal(imr__regex_compile(&re, "(?:(a)|b)*c$", 12, 0, NULL, err, sizeof(err), &off), IMR_OK);
	lim.jit_stack_kib = 8;
	/* 2,000 iterations of a capturing group need more than 8 KiB */
	assert_int_equal(imr__matcher_new(&m, &lim), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, subject, strlen(subject), 0, ovec, 2), IMR_ELIMIT);
	/* and the matcher is still usable */
	assert_int_equal(imr__regex_find(m, re, "abc", 3, 0, ovec, 2), 1);
	imr__matcher_free(m);
	/* with the default stack the same search is decided: it was the stack */
	assert_int_equal(imr__matcher_new(&m, NULL), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, subject, strlen(subject), 0, ovec, 2), 0);
	assert_true(now_ms() - start < 2000);
	imr__matcher_free(m);
	imr__regex_free(re);
	free(subject);
}

/* ---- letters and notes ---- */

static void text_bytes(void **state)
{
	imr_text *t = (imr_text *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	const char *data = "first line\nsecond line\n";
	(void)state;
	lim.text_bytes = 15;
	assert_int_equal(imr_text_new(&t, "big.txt", data, strlen(data), &lim, &diags), IMR_ELIMIT);
	assert_null(t);
	expect_diag(&diags, "limit", 2, 5, "text is larger than the limit of 15 bytes");
	imr_diags_dispose(&diags);
	/* exactly at the limit is fine */
	lim.text_bytes = strlen(data);
	assert_int_equal(imr_text_new(&t, "big.txt", data, strlen(data), &lim, &diags), IMR_OK);
	imr_text_free(t);
}

static void text_line_bytes(void **state)
{
	imr_text *t = (imr_text *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	const char *data = "short\r\n0123456789\r\nnext line is long: 0123456789abc\n";
	(void)state;
	lim.text_line_bytes = 10;
	assert_int_equal(imr_text_new(&t, "long.txt", data, strlen(data), &lim, &diags), IMR_ELIMIT);
	assert_null(t);
	/* line 2 has exactly 10 bytes before its CRLF; line 3 is too long */
	expect_diag(&diags, "limit", 3, 11, "line 3 is longer than the limit of 10 bytes");
	imr_diags_dispose(&diags);
	/* a carriage return alone ends a line too; the last line needs no end */
	assert_int_equal(imr_text_new(&t, "cr.txt", "0123456789\rab\r0123456789a", 25, &lim, &diags), IMR_ELIMIT);
	expect_diag(&diags, "limit", 3, 11, "line 3 is longer than the limit of 10 bytes");
	imr_diags_dispose(&diags);
	assert_int_equal(imr_text_new(&t, "cr.txt", "0123456789\rab\r0123456789", 24, &lim, &diags), IMR_OK);
	imr_text_free(t);
	/* UTF-16 counts bytes as read, two per unit */
	{
		const char u16[] = "\xff\xfe" "a\0b\0\n\0" "a\0b\0c\0d\0\n\0";
		lim.text_line_bytes = 6;
		assert_int_equal(imr_text_new(&t, "u16.txt", u16, sizeof(u16) - 1, &lim, &diags), IMR_ELIMIT);
		expect_diag(&diags, "limit", 2, 4, "line 2 is longer than the limit of 6 bytes");
		imr_diags_dispose(&diags);
	}
	/* the default: a line of 1 MB is refused, one of 64 KiB is not */
	{
		char *big = repeat("x", IMR_LIMIT_TEXT_LINE_BYTES, "\n");
		assert_int_equal(imr_text_new(&t, "ok.txt", big, strlen(big), NULL, &diags), IMR_OK);
		imr_text_free(t);
		free(big);
		big = repeat("x", 1024 * 1024, "\n");
		assert_int_equal(imr_text_new(&t, "long.txt", big, strlen(big), NULL, &diags), IMR_ELIMIT);
		expect_diag(&diags, "limit", 1, IMR_LIMIT_TEXT_LINE_BYTES + 1,
			    "line 1 is longer than the limit of 65536 bytes");
		imr_diags_dispose(&diags);
		free(big);
	}
}

static void items_in_a_letter(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_text *t = NULL;
	imr_letter *l = (imr_letter *)1;
	(void)state;
	lim.items = 5;
	assert_int_equal(imr_text_load_file(&t, imr_test_fixture("letters/seeds/003_f22448475d8fce90.txt"), NULL,
					    &diags),
			 IMR_OK);
	assert_int_equal(imr_letter_parse(&l, imr_test_shipped_rules(), t, &lim, &diags), IMR_ELIMIT);
	assert_null(l);
	expect_diag(&diags, "limit", 171, 1, "more than 5 disputed items (the limit)");
	imr_diags_dispose(&diags);
	imr_text_free(t);
	/* the numbered statements of a 2013 notice */
	lim.items = 1;
	assert_int_equal(imr_text_load_file(&t, imr_test_fixture("letters/layouts/notice-2013-si-joint.txt"), NULL,
					    &diags),
			 IMR_OK);
	assert_int_equal(imr_letter_parse(&l, imr_test_shipped_rules(), t, &lim, &diags), IMR_ELIMIT);
	assert_null(l);
	assert_diag(&diags, "limit", 0, 0);
	assert_string_equal(diags.items[0].message, "more than 1 disputed items (the limit)");
	assert_true(diags.items[0].line > 0 && diags.items[0].col > 0);
	imr_diags_dispose(&diags);
	imr_text_free(t);
}

static void items_in_a_request(void **state)
{
	imr_request *req = (imr_request *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_rules *rules = NULL;
	const char *yaml = "date: 2016-01-01\nitems:\n  - procedure: injection\n  - procedure: injection\n";
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	lim.items = 1;
	/* like every problem of a request file: IMR_EINVALID, code "limit" */
	assert_int_equal(imr_request_load_buffer(&req, rules, "two.yaml", yaml, strlen(yaml), IMR_DATE_NONE, &lim,
						 &diags),
			 IMR_EINVALID);
	assert_null(req);
	expect_diag(&diags, "limit", 3, 3, "more than 1 items in one request");
	imr_diags_dispose(&diags);
	imr_rules_free(rules);
}

static void pdf_timeout_ms(void **state)
{
	char bin[512], script[1024], pdf[1024], *old_path, *path;
	const char *old;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_diags diags = IMR_DIAGS_INIT;
	char *text = NULL;
	size_t len = 0;
	long start;
	(void)state;
	/* a pdftotext that never finishes, first on PATH */
	snprintf(bin, sizeof(bin), "%s", fresh_dir("slow-bin"));
	snprintf(script, sizeof(script), "%s/pdftotext", bin);
	write_file(script, "#!/bin/sh\nexec sleep 60\n");
	chmod(script, 0755);
	snprintf(pdf, sizeof(pdf), "%s", imr_test_write_temp("slow.pdf", "%PDF-1.4\n"));
	old = getenv("PATH");
	old_path = strdup(old ? old : "/usr/bin:/bin");
	path = malloc(strlen(bin) + strlen(old_path) + 2);
	sprintf(path, "%s:%s", bin, old_path);
	setenv("PATH", path, 1);
	lim.pdf_timeout_ms = 200;
	start = now_ms();
	assert_int_equal(imr_pdf_to_text(&text, &len, pdf, &lim, &diags), IMR_ELIMIT);
	setenv("PATH", old_path, 1);
	assert_true(now_ms() - start < 5000);
	assert_null(text);
	expect_diag(&diags, "limit", 0, 0, "cannot read PDF: pdftotext ran longer than the limit of 200 ms");
	assert_string_equal(diags.items[0].file, pdf);
	imr_diags_dispose(&diags);
	free(path);
	free(old_path);
}

/* ---- fact extraction ---- */

static imr_rules *signs_rules(void)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	if (load_min_with(&rules, &diags, NULL, "signs-lexicon.yaml", signs_lexicon) != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("the signs rule set does not load");
	}
	imr_diags_dispose(&diags);
	return rules;
}

static void matches(void **state)
{
	imr_rules *rules = signs_rules();
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_extraction *ex = NULL;
	(void)state;
	lim.matches = 3;
	assert_int_equal(extract_with(rules, &lim, "Sign a. Sign a.\nSign a. Sign a. Sign a.\n", &diags, NULL, &ex),
			 IMR_ELIMIT);
	assert_null(ex);
	expect_diag(&diags, "limit", 2, 9,
		    "more than 3 lexicon matches in this text (the limit); the text was not fully searched");
	imr_diags_dispose(&diags);
	/* at the limit every match is kept */
	assert_int_equal(extract_with(rules, &lim, "Sign a. Sign a.\nSign a.\n", &diags, NULL, &ex), IMR_OK);
	assert_int_equal(imr_extraction_count(ex), 3);
	imr_extraction_free(ex);
	imr_rules_free(rules);
}

static void evidence(void **state)
{
	imr_rules *rules = signs_rules();
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_facts *facts = NULL;
	imr_extraction *ex = NULL;
	imr_buf out = IMR_BUF_INIT;
	const imr_value *v;
	int relief = -1;
	char value[32];
	(void)state;
	lim.evidence = 2;
	assert_int_equal(extract_with(rules, &lim,
				      "Sign a. Sign a. Sign a. Sign a. Sign a.\n"
				      "10% relief. 80% relief. 30% relief. 80% relief. 80% relief. 80% relief.\n",
				      &diags, &facts, &ex),
			 IMR_OK);
	/* five matches, two listed, three counted */
	v = imr__facts_value(facts, imr__vocab_fact(rules, "exam.sign_a", 11));
	assert_int_equal(v->nev, 2);
	assert_int_equal(v->ev_more, 3);
	/* the value is decided from all six matches, not from the first two */
	relief = imr__vocab_fact(rules, "prior.relief_percent", 20);
	imr_facts_value_text(facts, "prior.relief_percent", value, sizeof(value));
	assert_string_equal(value, "80");
	v = imr__facts_value(facts, relief);
	assert_int_equal(v->nev, 2);
	assert_int_equal(v->ev_more, 2); /* four say 80% */
	assert_int_equal(imr_extraction_count(ex), 11);
	assert_int_equal(imr_report_extraction_text(&out, rules, facts, ex, "notes.txt"), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "    and 3 more matching passages, not listed\n"));
	imr_buf_clear(&out);
	assert_int_equal(imr_report_extraction_json(&out, rules, facts, ex, "notes.txt"), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "\"evidence_more\": 3"));
	imr_buf_dispose(&out);
	imr_extraction_free(ex);
	imr_facts_free(facts);
	imr_rules_free(rules);
}

static void evidence_window(void **state)
{
	imr_rules *rules = signs_rules();
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_facts *facts = NULL;
	imr_extraction *ex = NULL;
	const imr_value *v;
	char *text = repeat("word ", 100, "sign a ");
	char *full;
	(void)state;
	full = malloc(strlen(text) + 600);
	sprintf(full, "%s%s", text, "and more words after it without any stop at all\n");
	lim.evidence_window = 10;
	assert_int_equal(extract_with(rules, &lim, full, &diags, &facts, &ex), IMR_OK);
	v = imr__facts_value(facts, imr__vocab_fact(rules, "exam.sign_a", 11));
	assert_int_equal(v->nev, 1);
	/* ten bytes either side of "sign a", whitespace collapsed */
	assert_string_equal(v->ev[0].text, "word word sign a and more");
	assert_string_equal(imr_extraction_match(ex, 0)->sentence, "word word sign a and more");
	imr_extraction_free(ex);
	imr_facts_free(facts);
	free(text);
	free(full);
	imr_rules_free(rules);
}

static void resolve_fills_every_new_field(void **state)
{
	imr_limits in = IMR_LIMITS_INIT, out;
	(void)state;
	out = imr_limits_resolve(&in);
	assert_int_equal(out.text_line_bytes, IMR_LIMIT_TEXT_LINE_BYTES);
	assert_int_equal(out.yaml_errors, IMR_LIMIT_YAML_ERRORS);
	assert_int_equal(out.dir_depth, IMR_LIMIT_DIR_DEPTH);
	assert_int_equal(out.pattern_parens, IMR_LIMIT_PATTERN_PARENS);
	assert_int_equal(out.jit_stack_kib, IMR_LIMIT_JIT_STACK_KIB);
	assert_int_equal(out.pdf_timeout_ms, IMR_LIMIT_PDF_TIMEOUT_MS);
	assert_int_equal(out.matches, IMR_LIMIT_MATCHES);
	assert_int_equal(out.evidence, IMR_LIMIT_EVIDENCE);
	assert_int_equal(out.evidence_window, IMR_LIMIT_EVIDENCE_WINDOW);
	in.evidence = 3;
	out = imr_limits_resolve(&in);
	assert_int_equal(out.evidence, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolve_fills_every_new_field),
		cmocka_unit_test(yaml_file_bytes),
		cmocka_unit_test(yaml_depth),
		cmocka_unit_test(yaml_nodes),
		cmocka_unit_test(yaml_errors),
		cmocka_unit_test(expr_depth),
		cmocka_unit_test(dir_depth_in_a_rules_directory),
		cmocka_unit_test(dir_depth_in_an_audit),
		cmocka_unit_test(symlink_loops_and_fan_out_do_not_multiply_a_walk),
		cmocka_unit_test(pattern_bytes),
		cmocka_unit_test(pattern_parens),
		cmocka_unit_test(pcre2_match_limit),
		cmocka_unit_test(pcre2_depth_limit),
		cmocka_unit_test(pcre2_heap_limit),
		cmocka_unit_test(jit_stack_kib),
		cmocka_unit_test(text_bytes),
		cmocka_unit_test(text_line_bytes),
		cmocka_unit_test(items_in_a_letter),
		cmocka_unit_test(items_in_a_request),
		cmocka_unit_test(pdf_timeout_ms),
		cmocka_unit_test(matches),
		cmocka_unit_test(evidence),
		cmocka_unit_test(evidence_window),
	};
	return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
