/* testutil.c - fixture paths, temporary files and assertion helpers. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *imr_test_fixture(const char *relative)
{
	static char path[4096];
	const char *root = getenv("IMR_FIXTURES");
	if (!root)
		fail_msg("IMR_FIXTURES is not set; run the tests through ctest");
	snprintf(path, sizeof(path), "%s/%s", root, relative);
	return path;
}

const char *imr_test_rules_dir(void)
{
	const char *dir = getenv("IMR_RULES");
	if (!dir)
		fail_msg("IMR_RULES is not set; run the tests through ctest");
	return dir;
}

static imr_rules *shipped_rules;

static void free_shipped_rules(void)
{
	imr_rules_free(shipped_rules);
	shipped_rules = NULL;
}

const imr_rules *imr_test_shipped_rules(void)
{
	imr_diags diags = IMR_DIAGS_INIT;
	if (shipped_rules)
		return shipped_rules;
	if (imr_rules_load_dir(&shipped_rules, imr_test_rules_dir(), NULL, &diags) != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("cannot load the shipped rules");
	}
	imr_diags_dispose(&diags);
	atexit(free_shipped_rules);
	return shipped_rules;
}

imr_letter *imr_test_parse_letter(const char *text, imr_diags *diags, int *status)
{
	const imr_rules *rules = imr_test_shipped_rules();
	imr_text *t = NULL;
	imr_letter *l = NULL;
	int err = imr_text_new(&t, "letter.txt", text, strlen(text), NULL, diags);
	if (err == IMR_OK)
		err = imr_letter_parse(&l, rules, t, NULL, diags);
	imr_text_free(t); /* the letter must not need the text */
	*status = err;
	return l;
}

char *imr_test_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	long size;
	if (!fp)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)size + 1);
	assert_non_null(data);
	if (fread(data, 1, (size_t)size, fp) != (size_t)size)
		fail_msg("cannot read %s", path);
	fclose(fp);
	data[size] = '\0';
	if (len)
		*len = (size_t)size;
	return data;
}

static const char *temp_dir(void)
{
	static char dir[256];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/imrtest.XXXXXX");
		if (!mkdtemp(dir))
			fail_msg("cannot create a temporary directory");
	}
	return dir;
}

const char *imr_test_write_temp(const char *name, const char *text)
{
	static char path[512];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", temp_dir(), name);
	fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s", path);
	fputs(text, fp);
	fclose(fp);
	return path;
}

int imr_test_load_min(imr_rules **out, imr_diags *diags, ...)
{
	const char *paths[64];
	char *copies[64];
	size_t n = 0, ncopies = 0, i;
	va_list ap;
	const char *name;
	int err;

	copies[ncopies] = strdup(imr_test_fixture("rules-min"));
	paths[n++] = copies[ncopies++];
	va_start(ap, diags);
	while ((name = va_arg(ap, const char *)) != NULL && n < 64) {
		const char *text = va_arg(ap, const char *);
		char *p = strdup(imr_test_write_temp(name, text));
		copies[ncopies++] = p;
		paths[n++] = p;
	}
	va_end(ap);
	err = imr_rules_load_paths(out, paths, n, NULL, diags);
	for (i = 0; i < ncopies; i++)
		free(copies[i]);
	return err;
}

int imr_test_has_diag(const imr_diags *diags, const char *code, unsigned line, unsigned col)
{
	size_t i;
	for (i = 0; i < diags->count; i++) {
		const imr_diag *d = &diags->items[i];
		if (strcmp(d->code, code) == 0 && (!line || d->line == line) && (!col || d->col == col))
			return 1;
	}
	return 0;
}

void imr_test_print_diags(const imr_diags *diags)
{
	size_t i;
	for (i = 0; i < diags->count; i++) {
		imr_buf line = IMR_BUF_INIT;
		imr_diag_format(&line, &diags->items[i], 1);
		print_message("  %s\n", imr_buf_cstr(&line));
		imr_buf_dispose(&line);
	}
}

const imr_criterion_result *imr_test_criterion(const imr_result *result, size_t item,
					       const char *id)
{
	const imr_item_result *ir = imr_result_item(result, item);
	size_t i;
	if (!ir)
		return NULL;
	for (i = 0; i < ir->criteria_count; i++)
		if (strcmp(ir->criteria[i].id, id) == 0)
			return &ir->criteria[i];
	return NULL;
}
