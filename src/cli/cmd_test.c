/* cmd_test.c - `imrcheck test [PATH...]`: run the test cases in rule files.
 *
 * The library runs the cases (imr_ruletest_run) and renders JUnit XML,
 * coverage and JSON; this file parses options, prints the readable report
 * and picks the exit status. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "exitcode.h"

static void test_usage(FILE *out)
{
	fputs("usage: imrcheck test [OPTIONS] [PATH...]\n\n"
	      "Runs the test cases carried by rule files (default: the installed rules),\n"
	      "each against its own rule, and reports every difference.\n\n"
	      "Options:\n"
	      "  --run REGEX      only the cases whose \"rule-id: name\" matches REGEX (PCRE2)\n"
	      "  --format FORMAT  text (default), junit (JUnit XML) or json\n"
	      "  --output FILE    write the report to FILE instead of standard output\n"
	      "  --coverage       per rule, how often each criterion was met, not met,\n"
	      "                   not documented and not applicable (with junit: on stderr)\n"
	      "  --rules DIR      the rules to test when no PATH is given\n"
	      "  --verbose        list passing cases too\n"
	      "  --version        show the version and the rules directory in use\n"
	      "  --help           show this help\n\n"
	      "Exit status: 0 all passed, 1 some failed, 2 usage error or invalid rules.\n",
	      out);
}

/* The readable report: failing cases with their diff, then the summary. */
static int render_text(imr_buf *out, const imr_ruletest_report *report, int verbose, int coverage)
{
	size_t i;
	int err = 0;
	for (i = 0; i < report->count && !err; i++) {
		const imr_ruletest_case *tc = &report->cases[i];
		if (tc->passed) {
			if (verbose)
				err = imr_buf_printf(out, "PASS %s: %s\n", tc->rule_id, tc->name ? tc->name : "");
			continue;
		}
		err = imr_buf_printf(out, "FAIL %s: %s\n  at %s:%u:%u\n%s", tc->rule_id, tc->name ? tc->name : "",
				     tc->file, tc->line, tc->col, tc->diff);
	}
	if (!err && coverage) {
		if (report->count)
			err = imr_buf_puts(out, "\n");
		if (!err)
			err = imr_ruletest_render_coverage_text(out, report);
	}
	if (!err)
		err = imr_buf_printf(out, "%zu passed, %zu failed\n", report->passed, report->failed);
	return err;
}

int cmd_test(int argc, char **argv)
{
	static const struct option longopts[] = { { "run", required_argument, NULL, 'R' },
						  { "rules", required_argument, NULL, 'r' },
						  { "format", required_argument, NULL, 'f' },
						  { "output", required_argument, NULL, 'o' },
						  { "coverage", no_argument, NULL, 'c' },
						  { "verbose", no_argument, NULL, 'v' },
						  { "version", no_argument, NULL, 'V' },
						  { "help", no_argument, NULL, 'h' },
						  { NULL, 0, NULL, 0 } };
	static const char *const formats[] = { "text", "junit", "json" };
	const char *rules_opt = NULL, *output = NULL;
	const char *def[1];
	const char *const *paths;
	size_t count, i;
	int version = 0, c, err, verbose = 0, coverage = 0, format = 0, status;
	imr_rules *rules = NULL;
	imr_diags diags;
	imr_ruletest_report report;
	imr_ruletest_options opts = IMR_RULETEST_OPTIONS_INIT;
	imr_buf out = IMR_BUF_INIT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "R:r:f:o:cvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'R': opts.run = optarg; break;
		case 'r': rules_opt = optarg; break;
		case 'f':
			if ((format = cli_format(optarg, formats, 3)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'o': output = optarg; break;
		case 'c': coverage = 1; break;
		case 'v': verbose = 1; break;
		case 'V': version = 1; break;
		case 'h': test_usage(stdout); return IMR_EXIT_OK;
		default: test_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (version)
		return cli_version(rules_opt);
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
	if (err < 0) {
		cli_print_diags(&diags, 1);
		imr_diags_dispose(&diags);
		cli_error("the rules do not load; run 'imrcheck lint' for details");
		return IMR_EXIT_USAGE;
	}
	imr_diags_dispose(&diags);
	imr_diags_init(&diags);
	err = imr_ruletest_run(&report, rules, &opts, &diags);
	if (err < 0) {
		for (i = 0; i < diags.count; i++)
			cli_error("--run: %s", diags.items[i].message);
		if (!diags.count)
			cli_error("cannot run the tests: %s", imr_strerror(err));
		imr_diags_dispose(&diags);
		imr_ruletest_report_dispose(&report);
		imr_rules_free(rules);
		return IMR_EXIT_USAGE;
	}
	imr_diags_dispose(&diags);
	if (format == 1)
		err = imr_ruletest_render_junit(&out, &report);
	else if (format == 2)
		err = imr_ruletest_render_json(&out, &report, coverage);
	else
		err = render_text(&out, &report, verbose, coverage);
	status = report.failed ? IMR_EXIT_FAILURES : IMR_EXIT_OK;
	if (err < 0) {
		cli_error("cannot render the report: %s", imr_strerror(err));
		status = IMR_EXIT_USAGE;
	} else if (cli_write_output(output, &out) < 0) {
		status = IMR_EXIT_USAGE;
	} else if (format != 0) {
		/* machine-readable output keeps standard output clean; JUnit has
		 * no place for coverage, so it goes with the summary */
		imr_buf cov = IMR_BUF_INIT;
		if (format == 1 && coverage && imr_ruletest_render_coverage_text(&cov, &report) == 0)
			fputs(imr_buf_cstr(&cov), stderr);
		imr_buf_dispose(&cov);
		fprintf(stderr, "%zu passed, %zu failed\n", report.passed, report.failed);
	}
	imr_buf_dispose(&out);
	imr_ruletest_report_dispose(&report);
	imr_rules_free(rules);
	return status;
}
