/* cmd_lint.c - `imrcheck lint [PATH...]`: validate rule files. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "exitcode.h"

static void lint_usage(FILE *out)
{
	fputs("usage: imrcheck lint [OPTIONS] [PATH...]\n\n"
	      "Validates rule files (default: the installed rules) and reports every\n"
	      "problem as FILE:LINE:COL: error|warning: MESSAGE [check].\n\n"
	      "Options:\n"
	      "  --strict   warnings fail the run too\n"
	      "  --help     show this help\n\n"
	      "Exit status: 0 clean, 1 errors found (or warnings with --strict), 2 usage error.\n",
	      out);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option longopts[] = { { "strict", no_argument, NULL, 's' },
						  { "rules", required_argument, NULL, 'r' },
						  { "help", no_argument, NULL, 'h' },
						  { NULL, 0, NULL, 0 } };
	const char *rules_opt = NULL;
	const char *def[1];
	const char *const *paths;
	size_t count, i, warnings = 0;
	int strict = 0, c, err;
	imr_rules *rules = NULL;
	imr_diags diags;

	optind = 1;
	while ((c = getopt_long(argc, argv, "sr:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': strict = 1; break;
		case 'r': rules_opt = optarg; break;
		case 'h': lint_usage(stdout); return IMR_EXIT_OK;
		default: lint_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		paths = (const char *const *)argv + optind;
		count = (size_t)(argc - optind);
	} else {
		def[0] = cli_rules_dir(rules_opt);
		if (!def[0]) {
			cli_error("cannot find the rules directory; pass --rules DIR or paths");
			return IMR_EXIT_USAGE;
		}
		paths = def;
		count = 1;
	}
	imr_diags_init(&diags);
	err = imr_rules_load_paths(&rules, paths, count, NULL, &diags);
	imr_diags_sort(&diags);
	for (i = 0; i < diags.count; i++) {
		imr_buf line = IMR_BUF_INIT;
		warnings += diags.items[i].severity == IMR_SEVERITY_WARNING;
		if (imr_diag_format(&line, &diags.items[i], 1) == 0)
			printf("%s\n", imr_buf_cstr(&line));
		imr_buf_dispose(&line);
	}
	if (err == 0)
		fprintf(stderr, "%zu rule%s, %zu file%s: %zu error%s, %zu warning%s\n",
			imr_rules_count(rules), imr_rules_count(rules) == 1 ? "" : "s",
			imr_rules_file_count(rules), imr_rules_file_count(rules) == 1 ? "" : "s", (size_t)0,
			"s", warnings, warnings == 1 ? "" : "s");
	else
		fprintf(stderr, "%zu error%s, %zu warning%s\n", diags.errors, diags.errors == 1 ? "" : "s",
			warnings, warnings == 1 ? "" : "s");
	imr_diags_dispose(&diags);
	imr_rules_free(rules);
	if (err == IMR_ENOMEM) {
		cli_error("out of memory");
		return IMR_EXIT_USAGE;
	}
	return err < 0 || (strict && warnings) ? IMR_EXIT_FAILURES : IMR_EXIT_OK;
}
