/* cmd_test.c - `imrcheck test [PATH...]`: run the test cases in rule files. */
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
	      "  --run TEXT  only the cases whose \"rule-id: name\" contains TEXT\n"
	      "  --verbose   list passing cases too\n"
	      "  --help      show this help\n\n"
	      "Exit status: 0 all passed, 1 some failed, 2 usage error or invalid rules.\n",
	      out);
}

int cmd_test(int argc, char **argv)
{
	static const struct option longopts[] = { { "run", required_argument, NULL, 'R' },
						  { "rules", required_argument, NULL, 'r' },
						  { "verbose", no_argument, NULL, 'v' },
						  { "help", no_argument, NULL, 'h' },
						  { NULL, 0, NULL, 0 } };
	const char *filter = NULL, *rules_opt = NULL;
	const char *def[1];
	const char *const *paths;
	size_t count, i;
	int c, err, verbose = 0;
	imr_rules *rules = NULL;
	imr_diags diags;
	imr_ruletest_report report;

	optind = 1;
	while ((c = getopt_long(argc, argv, "R:r:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'R': filter = optarg; break;
		case 'r': rules_opt = optarg; break;
		case 'v': verbose = 1; break;
		case 'h': test_usage(stdout); return IMR_EXIT_OK;
		default: test_usage(stderr); return IMR_EXIT_USAGE;
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
	if (err < 0) {
		cli_print_diags(&diags, 1);
		imr_diags_dispose(&diags);
		cli_error("the rules do not load; run 'imrcheck lint' for details");
		return IMR_EXIT_USAGE;
	}
	imr_diags_dispose(&diags);
	err = imr_ruletest_run(&report, rules, filter);
	if (err < 0) {
		cli_error("cannot run the tests: %s", imr_strerror(err));
		imr_rules_free(rules);
		return IMR_EXIT_USAGE;
	}
	for (i = 0; i < report.count; i++) {
		const imr_ruletest_case *tc = &report.cases[i];
		if (tc->passed) {
			if (verbose)
				printf("PASS %s: %s\n", tc->rule_id, tc->name ? tc->name : "");
			continue;
		}
		printf("FAIL %s: %s\n  at %s:%u:%u\n%s", tc->rule_id, tc->name ? tc->name : "", tc->file,
		       tc->line, tc->col, tc->diff);
	}
	printf("%zu passed, %zu failed\n", report.passed, report.failed);
	err = report.failed ? IMR_EXIT_FAILURES : IMR_EXIT_OK;
	imr_ruletest_report_dispose(&report);
	imr_rules_free(rules);
	return err;
}
