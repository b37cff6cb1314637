/* common.c - helpers shared by the commands: rules path, output, errors. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("imrcheck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_rules_dir(const char *option)
{
	static char found[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n;
	const char *env;

	if (option)
		return option;
	env = getenv("IMRCHECK_RULES");
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(found, sizeof(found), "%s/../share/imrcheck/rules", exe) <
				    (int)sizeof(found) && is_dir(found))
				return found;
		}
	}
#ifdef IMR_SOURCE_RULES_DIR
	if (is_dir(IMR_SOURCE_RULES_DIR))
		return IMR_SOURCE_RULES_DIR;
#endif
	return NULL;
}

void cli_print_diags(const imr_diags *diags, int with_code)
{
	size_t i;
	imr_buf line = IMR_BUF_INIT;
	for (i = 0; i < diags->count; i++) {
		imr_buf_clear(&line);
		if (imr_diag_format(&line, &diags->items[i], with_code) == 0)
			fprintf(stderr, "%s\n", imr_buf_cstr(&line));
	}
	imr_buf_dispose(&line);
	if (diags->oom)
		cli_error("out of memory while reporting problems; some are not shown");
}

imr_rules *cli_load_rules(const char *dir)
{
	imr_rules *rules = NULL;
	imr_diags diags;
	int err;

	if (!dir) {
		cli_error("cannot find the rules directory; pass --rules DIR");
		return NULL;
	}
	imr_diags_init(&diags);
	err = imr_rules_load_dir(&rules, dir, NULL, &diags);
	imr_diags_sort(&diags);
	if (err < 0) {
		cli_print_diags(&diags, 0);
		cli_error("cannot load the rules in %s: %s", dir, imr_strerror(err));
	}
	imr_diags_dispose(&diags);
#ifdef __GLIBC__
	/* Loading builds and drops many small pieces (the YAML trees, the
	 * atoms' working sets); give the freed pages back to the system
	 * rather than keep them resident for the whole run. */
	malloc_trim(0);
#endif
	return rules;
}

int cli_write_output(const char *path, const imr_buf *buf)
{
	cli_out o;
	if (cli_out_open(&o, path) < 0)
		return -1;
	if (cli_out_write(&o, buf) < 0) {
		cli_out_abort(&o);
		return -1;
	}
	return cli_out_commit(&o);
}

int32_t cli_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	int32_t date = 0;
	localtime_r(&now, &tm);
	imr_date_from_ymd(&date, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return date;
}

const char **cli_push(const char **list, size_t *count, const char *item)
{
	const char **grown = realloc(list, (*count + 1) * sizeof(*list));
	if (!grown) {
		free(list);
		cli_error("out of memory");
		return NULL;
	}
	grown[(*count)++] = item;
	return grown;
}

int cli_format(const char *value, const char *const *names, int count)
{
	int i;
	for (i = 0; i < count; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	fprintf(stderr, "imrcheck: unknown format '%s' (expected", value);
	for (i = 0; i < count; i++)
		fprintf(stderr, "%s%s", i ? ", " : " ", names[i]);
	fputs(")\n", stderr);
	return -1;
}

/* Text that is empty or only whitespace is refused: reading facts from
 * nothing is a wrong path or a failed conversion, not a case with no
 * findings. */
static int require_text(imr_text **text, imr_diags *diags)
{
	size_t len, i;
	const char *s = imr_text_data(*text, &len);
	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n')
			return IMR_OK;
	imr_diags_add(diags, IMR_SEVERITY_ERROR, "empty", imr_text_name(*text), 1, 1,
		      "empty text (nothing but whitespace)");
	imr_text_free(*text);
	*text = NULL;
	return IMR_EINVALID;
}

int cli_read_stdin(imr_buf *out, size_t max_bytes, imr_diags *diags)
{
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (out->size + got > max_bytes) {
			imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", "<stdin>", 0, 0,
				      "input is larger than the limit of %zu bytes", max_bytes);
			return IMR_ELIMIT;
		}
		if (imr_buf_put(out, chunk, got) < 0)
			return IMR_ENOMEM;
	}
	if (ferror(stdin)) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", "<stdin>", 0, 0, "read error: %s",
			      strerror(errno));
		return IMR_EIO;
	}
	return IMR_OK;
}

int cli_read_text(imr_text **out, const char *path, imr_diags *diags)
{
	imr_buf data = IMR_BUF_INIT;
	int err;

	if (strcmp(path, "-") != 0) {
		err = imr_pdf_load_text(out, path, NULL, diags);
		return err < 0 ? err : require_text(out, diags);
	}
	/* standard input: read it all, bounded by the text limit */
	err = cli_read_stdin(&data, IMR_LIMIT_TEXT_BYTES, diags);
	if (err == IMR_OK)
		err = imr_text_new(out, "<stdin>", imr_buf_cstr(&data), data.size, NULL, diags);
	imr_buf_dispose(&data);
	return err < 0 ? err : require_text(out, diags);
}

int cli_version(const char *rules_opt)
{
	const char *dir = cli_rules_dir(rules_opt);
	printf("imrcheck %s\nrules: %s\n", imr_version(), dir ? dir : "(not found; pass --rules DIR)");
	return 0;
}
