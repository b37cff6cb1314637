/* bench_audit.c - PCRE2 calls per letter of an audit, for tools/bench/bench.sh.
 *
 * Audits the letters of a path list (one path per line) the way
 * `imrcheck audit` does, without rendering a report, and prints the letters,
 * the disputed items, and the pcre2_match() calls the workers made, in
 * total and per letter. Time and memory are measured from outside
 * (bench.sh runs the real program under /usr/bin/time).
 *
 *   bench_audit RULES-DIR PATH-LIST [JOBS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "imrcheck.h"

static char **read_lines(const char *path, size_t *count)
{
	FILE *fp = fopen(path, "r");
	char **lines = NULL, buf[4096];
	size_t n = 0, cap = 0;
	if (!fp)
		return NULL;
	while (fgets(buf, sizeof(buf), fp)) {
		size_t len = strcspn(buf, "\r\n");
		buf[len] = '\0';
		if (!len)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			lines = realloc(lines, cap * sizeof(char *));
			if (!lines)
				exit(2);
		}
		lines[n++] = strdup(buf);
	}
	fclose(fp);
	*count = n;
	return lines;
}

int main(int argc, char **argv)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_audit_inputs *inputs = NULL;
	imr_audit *audit = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	const imr_audit_stats *st;
	char **paths;
	size_t npaths = 0, i;
	unsigned long calls;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_audit RULES-DIR PATH-LIST [JOBS]\n");
		return 2;
	}
	if (imr_rules_load_dir(&rules, argv[1], NULL, &diags) < 0) {
		fprintf(stderr, "bench_audit: the rules in %s do not load\n", argv[1]);
		return 2;
	}
	if (!(paths = read_lines(argv[2], &npaths))) {
		fprintf(stderr, "bench_audit: cannot read %s\n", argv[2]);
		return 2;
	}
	opts.jobs = argc > 3 ? (unsigned)atoi(argv[3]) : 1;
	if (imr_audit_collect(&inputs, (const char *const *)paths, npaths, NULL) < 0 ||
	    imr_audit_run(&audit, rules, inputs, &opts) < 0) {
		fprintf(stderr, "bench_audit: the audit failed\n");
		return 2;
	}
	st = imr_audit_get_stats(audit);
	calls = imr__audit_regex_calls(audit);
	printf("letters %zu items %zu failed %zu pcre2_calls %lu per_letter %.1f\n", st->letters, st->items,
	       st->failed, calls, st->letters ? (double)calls / (double)st->letters : 0.0);
	imr_audit_free(audit);
	imr_audit_inputs_free(inputs);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	return 0;
}
