/* cmd_check.c - `imrcheck check REQUEST`: evaluate a request file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "exitcode.h"

static void check_usage(FILE *out)
{
	fputs("usage: imrcheck check [OPTIONS] REQUEST.yaml|REQUEST.json\n\n"
	      "Evaluates each requested item against the guideline rules and prints a\n"
	      "checklist: the decision, the governing rule and citation, each criterion\n"
	      "with its status and evidence, and what to document for unmet ones.\n\n"
	      "Options:\n"
	      "  --rules DIR        rule set to use (default: the installed rules)\n"
	      "  --format FORMAT    text (default) or json\n"
	      "  --output FILE      write to FILE instead of standard output\n"
	      "  --date YYYY-MM-DD  request date when the file gives none (default: today)\n"
	      "  --verbose          show the source text of every piece of evidence\n"
	      "  --help             show this help\n\n"
	      "Exit status: 0 every item medically necessary; 1 some item not medically\n"
	      "necessary; 3 none denied but some indeterminate; 2 usage or input error.\n",
	      out);
}

static int exit_for(const imr_result *result)
{
	size_t i;
	int denied = 0, unknown = 0;
	for (i = 0; i < imr_result_item_count(result); i++) {
		imr_outcome o = imr_result_item(result, i)->outcome;
		denied |= o == IMR_OUTCOME_UPHELD;
		unknown |= o == IMR_OUTCOME_INDETERMINATE;
	}
	return denied ? IMR_EXIT_NOT_NECESSARY : unknown ? IMR_EXIT_INDETERMINATE : IMR_EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' }, { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "date", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },      { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json" };
	const char *rules_opt = NULL, *output = NULL;
	int format = 0, verbose = 0, c, status = IMR_EXIT_USAGE, err;
	int32_t date = IMR_DATE_NONE;
	imr_rules *rules = NULL;
	imr_request *req = NULL;
	imr_result *result = NULL;
	imr_diags diags;
	imr_buf out = IMR_BUF_INIT;
	imr_report_options ropts = IMR_REPORT_OPTIONS_INIT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:o:d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rules_opt = optarg; break;
		case 'o': output = optarg; break;
		case 'v': verbose = 1; break;
		case 'f':
			if ((format = cli_format(optarg, formats, 2)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'd':
			if (imr_date_parse(&date, optarg, strlen(optarg)) < 0) {
				cli_error("invalid --date '%s' (expected YYYY-MM-DD)", optarg);
				return IMR_EXIT_USAGE;
			}
			break;
		case 'h': check_usage(stdout); return IMR_EXIT_OK;
		default: check_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		check_usage(stderr);
		return IMR_EXIT_USAGE;
	}
	rules = cli_load_rules(cli_rules_dir(rules_opt));
	if (!rules)
		return IMR_EXIT_USAGE;
	imr_diags_init(&diags);
	err = imr_request_load_file(&req, rules, argv[optind], date != IMR_DATE_NONE ? date : cli_today(),
				    NULL, &diags);
	imr_diags_sort(&diags);
	cli_print_diags(&diags, 0);
	imr_diags_dispose(&diags);
	if (err < 0) {
		cli_error("cannot read the request %s: %s", argv[optind], imr_strerror(err));
		goto done;
	}
	if ((err = imr_eval_request(&result, rules, req, NULL)) < 0) {
		cli_error("evaluation failed: %s", imr_strerror(err));
		goto done;
	}
	ropts.input = argv[optind];
	ropts.date_assumed = !imr_request_date_given(req);
	ropts.verbose = verbose;
	err = format == 1 ? imr_report_check_json(&out, rules, result, &ropts)
			  : imr_report_check_text(&out, rules, result, &ropts);
	if (err < 0) {
		cli_error("cannot render the report: %s", imr_strerror(err));
		goto done;
	}
	if (cli_write_output(output, &out) < 0)
		goto done;
	status = exit_for(result);
done:
	imr_buf_dispose(&out);
	imr_result_free(result);
	imr_request_free(req);
	imr_rules_free(rules);
	return status;
}
