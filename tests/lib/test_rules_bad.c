/* test_rules_bad.c - every deliberately broken rule file in
 * fixtures/rules-bad is loaded together with fixtures/rules-min and its
 * diagnostics, sorted and formatted as imr_diag_format(with_code = 1)
 * prints them, must equal fixtures/rules-bad/<case>.expected line for
 * line. Paths under the fixtures directory are written relative to it
 * ("rules-bad/<case>.yaml", "rules-min/injection.yaml"), so the expected
 * files do not depend on where the tree is checked out.
 *
 * Adding a case needs no code: drop <case>.yaml and <case>.expected into
 * fixtures/rules-bad. To draft the .expected of a new case, run this test
 * with IMR_UPDATE_EXPECTED=1 (it writes the actual output), then review
 * every line before committing it. */
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_CASES 25

typedef struct bad_case {
	char name[256];      /* file name without .yaml */
} bad_case;

static bad_case *cases;
static size_t ncases;

/* ---- collecting the cases ---- */

static int compare_case(const void *a, const void *b)
{
	return strcmp(((const bad_case *)a)->name, ((const bad_case *)b)->name);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

static char *fixtures_root(void)
{
	const char *root = getenv("IMR_FIXTURES");
	char *copy;
	if (!root) {
		fprintf(stderr, "IMR_FIXTURES is not set; run the tests through ctest\n");
		exit(1);
	}
	copy = strdup(root);
	if (!copy)
		exit(1);
	return copy;
}

static void collect_cases(void)
{
	char *root = fixtures_root();
	char dir[4096];
	DIR *d;
	struct dirent *de;
	size_t cap = 0;
	snprintf(dir, sizeof(dir), "%s/rules-bad", root);
	free(root);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", dir);
		exit(1);
	}
	while ((de = readdir(d))) {
		size_t len;
		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".yaml"))
			continue;
		if (ncases == cap) {
			cap = cap ? 2 * cap : 64;
			cases = realloc(cases, cap * sizeof(*cases));
			if (!cases)
				exit(1);
		}
		len = strlen(de->d_name) - strlen(".yaml");
		if (len >= sizeof(cases[0].name))
			continue;
		memcpy(cases[ncases].name, de->d_name, len);
		cases[ncases].name[len] = '\0';
		ncases++;
	}
	closedir(d);
	qsort(cases, ncases, sizeof(*cases), compare_case);
}

/* ---- rendering the diagnostics ---- */

/* Replace every occurrence of @p from in @p text by @p to (new string). */
static char *replace_all(const char *text, const char *from, const char *to)
{
	imr_buf out = IMR_BUF_INIT;
	size_t flen = strlen(from);
	const char *p = text, *hit;
	while ((hit = strstr(p, from))) {
		imr_buf_put(&out, p, (size_t)(hit - p));
		imr_buf_puts(&out, to);
		p = hit + flen;
	}
	imr_buf_puts(&out, p);
	return imr_buf_detach(&out);
}

/* Load rules-min plus the case file and render its diagnostics. The load
 * status goes to *status. */
static char *actual_output(const char *name, int *status)
{
	char *root = fixtures_root();
	char min[4096], file[4096], prefix[4096];
	const char *paths[2];
	imr_rules *rules = (imr_rules *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_buf out = IMR_BUF_INIT;
	char *text, *relative;
	size_t i;

	snprintf(min, sizeof(min), "%s/rules-min", root);
	snprintf(file, sizeof(file), "%s/rules-bad/%s.yaml", root, name);
	snprintf(prefix, sizeof(prefix), "%s/", root);
	free(root);
	paths[0] = min;
	paths[1] = file;
	*status = imr_rules_load_paths(&rules, paths, 2, NULL, &diags);
	if (*status == IMR_OK)
		imr_rules_free(rules);
	else
		assert_null(rules);
	imr_diags_sort(&diags);
	for (i = 0; i < diags.count; i++) {
		assert_int_equal(imr_diag_format(&out, &diags.items[i], 1), IMR_OK);
		imr_buf_puts(&out, "\n");
	}
	imr_diags_dispose(&diags);
	text = imr_buf_detach(&out);
	relative = replace_all(text, prefix, "");
	free(text);
	return relative;
}

static char *read_expected(const char *name)
{
	char *root = fixtures_root();
	char path[4096];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/rules-bad/%s.expected", root, name);
	free(root);
	fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fclose(fp);
	return imr_test_read_file(path, NULL);
}

static void write_expected(const char *name, const char *text)
{
	char *root = fixtures_root();
	char path[4096];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/rules-bad/%s.expected", root, name);
	free(root);
	fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s", path);
	fputs(text, fp);
	fclose(fp);
}

/* Print "-expected" / "+actual" for every differing line. */
static void print_diff(const char *expected, const char *actual)
{
	const char *e = expected, *a = actual;
	unsigned line = 1;
	print_message("--- expected\n+++ actual\n");
	while (*e || *a) {
		const char *ee = strchr(e, '\n'), *ae = strchr(a, '\n');
		size_t el = ee ? (size_t)(ee - e) : strlen(e);
		size_t al = ae ? (size_t)(ae - a) : strlen(a);
		if (el != al || memcmp(e, a, el) != 0) {
			if (*e)
				print_message("%3u -%.*s\n", line, (int)el, e);
			if (*a)
				print_message("%3u +%.*s\n", line, (int)al, a);
		}
		e += el + (ee ? 1 : 0);
		a += al + (ae ? 1 : 0);
		line++;
	}
}

/* ---- the tests ---- */

static void check_case(void **state)
{
	const bad_case *c = *state;
	int status;
	char *actual = actual_output(c->name, &status);
	char *expected;

	if (getenv("IMR_UPDATE_EXPECTED")) {
		write_expected(c->name, actual);
		print_message("wrote rules-bad/%s.expected; review it\n", c->name);
	}
	expected = read_expected(c->name);
	if (!expected) {
		print_message("actual output:\n%s", actual);
		free(actual);
		fail_msg("rules-bad/%s.expected is missing", c->name);
	}
	if (status == IMR_OK) {
		print_message("%s", actual);
		fail_msg("rules-bad/%s.yaml loaded without errors; a bad case must be rejected", c->name);
	}
	if (strcmp(expected, actual) != 0) {
		print_diff(expected, actual);
		free(expected);
		free(actual);
		fail_msg("rules-bad/%s: diagnostics differ from rules-bad/%s.expected", c->name, c->name);
	}
	if (!strstr(actual, ": error: ")) {
		free(expected);
		free(actual);
		fail_msg("rules-bad/%s: no error line", c->name);
	}
	free(expected);
	free(actual);
}

static void there_are_enough_cases(void **state)
{
	(void)state;
	if (ncases < MIN_CASES)
		fail_msg("only %zu cases in fixtures/rules-bad, expected at least %d", ncases, MIN_CASES);
}

/* Every .expected belongs to a case (a renamed case leaves none behind). */
static void every_expected_file_has_a_case(void **state)
{
	char *root = fixtures_root();
	char dir[4096];
	DIR *d;
	struct dirent *de;
	(void)state;
	snprintf(dir, sizeof(dir), "%s/rules-bad", root);
	free(root);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		char name[256];
		size_t len, i;
		int found = 0;
		if (!ends_with(de->d_name, ".expected"))
			continue;
		len = strlen(de->d_name) - strlen(".expected");
		if (len >= sizeof(name))
			continue;
		memcpy(name, de->d_name, len);
		name[len] = '\0';
		for (i = 0; i < ncases; i++)
			found |= strcmp(cases[i].name, name) == 0;
		if (!found) {
			closedir(d);
			fail_msg("rules-bad/%s has no %s.yaml", de->d_name, name);
		}
	}
	closedir(d);
}

int main(void)
{
	struct CMUnitTest *tests;
	size_t i, n;
	int failed;

	collect_cases();
	n = ncases + 2;
	tests = calloc(n, sizeof(*tests));
	if (!tests)
		return 1;
	tests[0].name = "there_are_enough_cases";
	tests[0].test_func = there_are_enough_cases;
	tests[1].name = "every_expected_file_has_a_case";
	tests[1].test_func = every_expected_file_has_a_case;
	for (i = 0; i < ncases; i++) {
		tests[i + 2].name = cases[i].name;
		tests[i + 2].test_func = check_case;
		tests[i + 2].initial_state = &cases[i];
	}
	failed = _cmocka_run_group_tests("rules_bad", tests, n, NULL, NULL);
	free(tests);
	free(cases);
	return failed;
}
