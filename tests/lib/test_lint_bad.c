/* test_lint_bad.c - every deliberately broken case in fixtures/lint-bad is
 * linted (imr_lint_paths: load, then the semantic checks) and its
 * diagnostics, sorted and formatted as `imrcheck lint` prints them, must
 * equal fixtures/lint-bad/<case>.expected line for line.
 *
 * A case is a file <case>.yaml or a directory <case>/ of files. It is
 * linted together with fixtures/rules-min, unless the directory holds a
 * file named STANDALONE; diagnostics about rules-min itself are left out,
 * so each .expected shows only its own case. Paths are written relative
 * to the fixtures directory. A case is named after the check it shows,
 * optionally followed by "--variant": that check must be among its
 * diagnostics. Finally, every check of the lint table must be shown by
 * some case here or in fixtures/rules-bad.
 *
 * To draft the .expected of a new case, run with IMR_UPDATE_EXPECTED=1 and
 * review every line before committing it. */
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct lint_case {
	char name[256];
	int is_dir;
} lint_case;

static lint_case *cases;
static size_t ncases;
static char root[4096];

static int compare_case(const void *a, const void *b)
{
	return strcmp(((const lint_case *)a)->name, ((const lint_case *)b)->name);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

static void collect_cases(void)
{
	const char *env = getenv("IMR_FIXTURES");
	char dir[4400];
	DIR *d;
	struct dirent *de;
	size_t cap = 0;
	if (!env) {
		fprintf(stderr, "IMR_FIXTURES is not set; run the tests through ctest\n");
		exit(1);
	}
	snprintf(root, sizeof(root), "%s", env);
	snprintf(dir, sizeof(dir), "%s/lint-bad", root);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", dir);
		exit(1);
	}
	while ((de = readdir(d))) {
		char path[4700];
		struct stat st;
		size_t len;
		int is_dir;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
		if (!is_dir && !ends_with(de->d_name, ".yaml"))
			continue;
		if (ncases == cap) {
			cap = cap ? 2 * cap : 64;
			cases = realloc(cases, cap * sizeof(*cases));
			if (!cases)
				exit(1);
		}
		len = strlen(de->d_name) - (is_dir ? 0 : strlen(".yaml"));
		if (len >= sizeof(cases[0].name))
			continue;
		memcpy(cases[ncases].name, de->d_name, len);
		cases[ncases].name[len] = '\0';
		cases[ncases].is_dir = is_dir;
		ncases++;
	}
	closedir(d);
	qsort(cases, ncases, sizeof(*cases), compare_case);
}

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

/* Lint the case and render its own diagnostics; the codes seen go to
 * @p codes (a " code " list). */
static char *actual_output(const lint_case *c, imr_buf *codes, int *status)
{
	char min[4400], path[4700], standalone[4800], prefix[4400];
	const char *paths[2];
	size_t n = 0, i;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_buf out = IMR_BUF_INIT;
	struct stat st;
	char *text, *relative;

	snprintf(min, sizeof(min), "%s/rules-min", root);
	snprintf(path, sizeof(path), "%s/lint-bad/%s%s", root, c->name, c->is_dir ? "" : ".yaml");
	snprintf(standalone, sizeof(standalone), "%s/STANDALONE", path);
	snprintf(prefix, sizeof(prefix), "%s/", root);
	if (!(c->is_dir && stat(standalone, &st) == 0))
		paths[n++] = min;
	paths[n++] = path;
	*status = imr_lint_paths(NULL, &diags, paths, n, NULL);
	for (i = 0; i < diags.count; i++) {
		const imr_diag *d = &diags.items[i];
		if (d->file && strncmp(d->file, min, strlen(min)) == 0)
			continue;
		assert_int_equal(imr_diag_format(&out, d, 1), IMR_OK);
		imr_buf_puts(&out, "\n");
		imr_buf_printf(codes, " %s ", d->code);
	}
	imr_diags_dispose(&diags);
	text = imr_buf_detach(&out);
	relative = replace_all(text, prefix, "");
	free(text);
	return relative;
}

static char *read_expected(const char *name)
{
	char path[4700];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/lint-bad/%s.expected", root, name);
	fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fclose(fp);
	return imr_test_read_file(path, NULL);
}

static void write_expected(const char *name, const char *text)
{
	char path[4700];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/lint-bad/%s.expected", root, name);
	fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s", path);
	fputs(text, fp);
	fclose(fp);
}

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

/* The check a case is named after: its name up to "--". */
static void case_check(char *out, size_t size, const char *name)
{
	const char *cut = strstr(name, "--");
	size_t len = cut ? (size_t)(cut - name) : strlen(name);
	snprintf(out, size, "%.*s", (int)len, name);
}

static void check_case(void **state)
{
	const lint_case *c = *state;
	imr_buf codes = IMR_BUF_INIT;
	char check[256], needle[300];
	int status;
	char *actual = actual_output(c, &codes, &status), *expected;

	if (getenv("IMR_UPDATE_EXPECTED")) {
		write_expected(c->name, actual);
		print_message("wrote lint-bad/%s.expected; review it\n", c->name);
	}
	expected = read_expected(c->name);
	if (!expected) {
		print_message("actual output:\n%s", actual);
		fail_msg("lint-bad/%s.expected is missing", c->name);
	}
	if (strcmp(expected, actual) != 0) {
		print_diff(expected, actual);
		fail_msg("lint-bad/%s: diagnostics differ from lint-bad/%s.expected", c->name, c->name);
	}
	case_check(check, sizeof(check), c->name);
	assert_non_null(imr_lint_check_find(check));
	snprintf(needle, sizeof(needle), " %s ", check);
	if (!strstr(imr_buf_cstr(&codes), needle))
		fail_msg("lint-bad/%s shows no [%s] diagnostic", c->name, check);
	/* errors make the run fail; a case of a warning check may pass */
	if (imr_lint_check_find(check)->severity == IMR_SEVERITY_ERROR)
		assert_int_not_equal(status, IMR_OK);
	imr_buf_dispose(&codes);
	free(expected);
	free(actual);
}

/* Every .expected belongs to a case. */
static void every_expected_file_has_a_case(void **state)
{
	char dir[4400];
	DIR *d;
	struct dirent *de;
	(void)state;
	snprintf(dir, sizeof(dir), "%s/lint-bad", root);
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
			fail_msg("lint-bad/%s has no case", de->d_name);
		}
	}
	closedir(d);
}

/* Add the "[code]" of every line of every .expected in @p sub to @p seen. */
static void codes_in(imr_buf *seen, const char *sub)
{
	char dir[4400];
	DIR *d;
	struct dirent *de;
	snprintf(dir, sizeof(dir), "%s/%s", root, sub);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[4700];
		char *text, *line;
		if (!ends_with(de->d_name, ".expected"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		text = imr_test_read_file(path, NULL);
		for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
			char *open = strrchr(line, '[');
			size_t len = strlen(line);
			if (open && len && line[len - 1] == ']')
				imr_buf_printf(seen, " %.*s ", (int)(line + len - 1 - open - 1), open + 1);
		}
		free(text);
	}
	closedir(d);
}

static void every_check_has_a_case(void **state)
{
	imr_buf seen = IMR_BUF_INIT;
	size_t i;
	(void)state;
	codes_in(&seen, "rules-bad");
	codes_in(&seen, "lint-bad");
	for (i = 0; i < imr_lint_check_count(); i++) {
		char needle[300];
		snprintf(needle, sizeof(needle), " %s ", imr_lint_check_at(i)->name);
		if (!strstr(imr_buf_cstr(&seen), needle)) {
			imr_buf_dispose(&seen);
			fail_msg("check '%s' is shown by no case in fixtures/rules-bad or fixtures/lint-bad",
				 imr_lint_check_at(i)->name);
		}
	}
	imr_buf_dispose(&seen);
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
	tests[0].name = "every_expected_file_has_a_case";
	tests[0].test_func = every_expected_file_has_a_case;
	tests[1].name = "every_check_has_a_case";
	tests[1].test_func = every_check_has_a_case;
	for (i = 0; i < ncases; i++) {
		tests[i + 2].name = cases[i].name;
		tests[i + 2].test_func = check_case;
		tests[i + 2].initial_state = &cases[i];
	}
	failed = _cmocka_run_group_tests("lint_bad", tests, n, NULL, NULL);
	free(tests);
	free(cases);
	return failed;
}
