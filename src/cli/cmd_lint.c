/* cmd_lint.c - `imrcheck lint [PATH...]`: validate rule files.
 *
 * The library loads and checks (imr_lint_paths) and renders (text, JSON,
 * SARIF); this file only parses options, writes the rendering and picks
 * the exit status. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "exitcode.h"

static void lint_usage(FILE *out)
{
	fputs("usage: imrcheck lint [OPTIONS] [PATH...]\n\n"
	      "Validates rule files (default: the installed rules): everything the loader\n"
	      "checks, then expressions that can never hold or never fail, overlapping\n"
	      "rules, citations, test coverage of every criterion, and lexicon patterns.\n"
	      "Each problem is FILE:LINE:COL: error|warning: MESSAGE [check].\n\n"
	      "Options:\n"
	      "  --strict          warnings fail the run too\n"
	      "  --format FORMAT   text (default), json, or sarif (SARIF 2.1.0)\n"
	      "  --output FILE     write the report to FILE instead of standard output\n"
	      "  --rules DIR       the rules to check when no PATH is given\n"
	      "  --mute FILE       check an audit mute file too (repeatable; the rules'\n"
	      "                    own rules/audit-mute.yaml is checked with them)\n"
	      "  --list-checks     list every check with its severity and exit\n"
	      "  --version         show the version and the rules directory in use\n"
	      "  --help            show this help\n\n"
	      "Checks and examples: docs/lint.md.\n"
	      "Exit status: 0 clean, 1 errors found (or warnings with --strict), 2 usage error.\n",
	      out);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option longopts[] = { { "strict", no_argument, NULL, 's' },
						  { "rules", required_argument, NULL, 'r' },
						  { "format", required_argument, NULL, 'f' },
						  { "output", required_argument, NULL, 'o' },
						  { "list-checks", no_argument, NULL, 'L' },
						  { "mute", required_argument, NULL, 'm' },
						  { "version", no_argument, NULL, 'V' },
						  { "help", no_argument, NULL, 'h' },
						  { NULL, 0, NULL, 0 } };
	static const char *const formats[] = { "text", "json", "sarif" };
	const char *rules_opt = NULL, *output = NULL;
	const char *def[1];
	const char *const *paths;
	const char **mutes = NULL;
	char cwd[PATH_MAX];
	size_t count, nmutes = 0, i;
	int version = 0, strict = 0, list = 0, format = 0, c, err, status;
	imr_diags diags;
	imr_lint_stats stats;
	imr_buf out = IMR_BUF_INIT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "sr:f:o:Lh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': strict = 1; break;
		case 'r': rules_opt = optarg; break;
		case 'f':
			if ((format = cli_format(optarg, formats, 3)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'o': output = optarg; break;
		case 'L': list = 1; break;
		case 'm':
			if (!(mutes = cli_push(mutes, &nmutes, optarg)))
				return IMR_EXIT_USAGE;
			break;
		case 'V': version = 1; break;
		case 'h': lint_usage(stdout); return IMR_EXIT_OK;
		default: lint_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (version)
		return cli_version(rules_opt);
	if (list) {
		err = imr_lint_render_checks(&out);
		if (err == 0 && cli_write_output(output, &out) < 0)
			err = -1;
		imr_buf_dispose(&out);
		return err ? IMR_EXIT_USAGE : IMR_EXIT_OK;
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
	err = imr_lint_paths(&stats, &diags, paths, count, NULL);
	if (err != IMR_ENOMEM && nmutes) {
		/* mute files are checked on their own: they are no rule set */
		imr_mute *mute = NULL;
		size_t errors = diags.errors, all = diags.count;
		err = imr_mute_new(&mute);
		for (i = 0; i < nmutes && err != IMR_ENOMEM; i++)
			err = imr_mute_add_file(mute, mutes[i], NULL, &diags);
		imr_mute_free(mute);
		stats.errors += diags.errors - errors;
		stats.warnings += (diags.count - all) - (diags.errors - errors);
		imr_diags_sort(&diags);
	}
	free(mutes);
	if (err == IMR_ENOMEM) {
		imr_diags_dispose(&diags);
		cli_error("out of memory");
		return IMR_EXIT_USAGE;
	}
	if (format == 1)
		err = imr_lint_render_json(&out, &diags, &stats);
	else if (format == 2)
		err = imr_lint_render_sarif(&out, &diags, getcwd(cwd, sizeof(cwd)) ? cwd : NULL);
	else
		err = imr_lint_render_text(&out, &diags);
	status = stats.errors || (strict && stats.warnings) ? IMR_EXIT_FAILURES : IMR_EXIT_OK;
	if (err < 0) {
		cli_error("cannot render the report: %s", imr_strerror(err));
		status = IMR_EXIT_USAGE;
	} else if (cli_write_output(output, &out) < 0) {
		status = IMR_EXIT_USAGE;
	}
	if (diags.oom)
		cli_error("out of memory while reporting problems; some are not shown");
	if (stats.loaded)
		fprintf(stderr, "%zu rule%s, %zu file%s: %zu error%s, %zu warning%s\n", stats.rules,
			stats.rules == 1 ? "" : "s", stats.files, stats.files == 1 ? "" : "s", stats.errors,
			stats.errors == 1 ? "" : "s", stats.warnings, stats.warnings == 1 ? "" : "s");
	else
		fprintf(stderr, "%zu error%s, %zu warning%s\n", stats.errors, stats.errors == 1 ? "" : "s",
			stats.warnings, stats.warnings == 1 ? "" : "s");
	imr_buf_dispose(&out);
	imr_diags_dispose(&diags);
	return status;
}
