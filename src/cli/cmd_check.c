/* cmd_check.c - `imrcheck check REQUEST`: evaluate a request file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "exitcode.h"

static void check_usage(FILE *out)
{
	fputs("usage: imrcheck check [OPTIONS] REQUEST.yaml|REQUEST.json|-\n"
	      "       imrcheck check [OPTIONS] --service TEXT [--service TEXT...] --notes FILE\n\n"
	      "Evaluates each requested item against the guideline rules and prints a\n"
	      "checklist: the decision, the governing rule and citation, each criterion\n"
	      "with its status and evidence, and what to document for unmet ones. A\n"
	      "REQUEST of '-' is read from standard input (YAML or JSON).\n\n"
	      "Options:\n"
	      "  --rules DIR        rule set to use (default: the installed rules)\n"
	      "  --format FORMAT    text (default) or json\n"
	      "  --output FILE      write to FILE instead of standard output\n"
	      "  --date YYYY-MM-DD  request date when the file gives none (default: today)\n"
	      "  --service TEXT     a requested service as written (repeat for several)\n"
	      "  --notes FILE       clinical notes as text or PDF ('-': standard input)\n"
	      "  --verbose          show the source text of every piece of evidence\n"
	      "  --strict-dates     leave an item indeterminate when the guideline in force on\n"
	      "                     its date is not encoded (default: evaluate it under the\n"
	      "                     most recent encoded version and say so)\n"
	      "  --version          show the version and the rules directory in use\n"
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

/* A request from free text: each service line read by the service
 * lexicons, the case facts read from the notes. */
static int request_from_text(imr_request **out, const imr_rules *rules, const char *const *services,
			     size_t nservices, const char *notes, int32_t date, imr_diags *diags)
{
	imr_text *text = NULL;
	imr_worker *worker = NULL;
	imr_request *req = NULL;
	size_t i;
	int err;

	*out = NULL;
	err = cli_read_text(&text, notes, diags);
	if (!err)
		err = imr_worker_new(&worker, rules, NULL);
	if (!err)
		err = imr_request_new(&req, rules, date);
	if (!err)
		err = imr_extract_notes(NULL, worker, text, 0, 0, "clinical notes", imr_request_facts(req), diags);
	for (i = 0; !err && i < nservices; i++) {
		imr_facts *attrs;
		char id[32];
		snprintf(id, sizeof(id), "item-%zu", i + 1);
		err = imr_request_add_item(req, id, services[i], &attrs);
		if (!err)
			err = imr_extract_service(NULL, worker, services[i], attrs, diags);
	}
	imr_worker_free(worker);
	imr_text_free(text);
	if (err) {
		imr_request_free(req);
		return err;
	}
	*out = req;
	return IMR_OK;
}

/* A request file on standard input ('-'), named "<stdin>" in messages. */
static int request_from_stdin(imr_request **out, const imr_rules *rules, int32_t date, imr_diags *diags)
{
	imr_buf data = IMR_BUF_INIT;
	int err = cli_read_stdin(&data, IMR_LIMIT_YAML_FILE_BYTES, diags);
	*out = NULL;
	if (err == IMR_OK)
		err = imr_request_load_buffer(out, rules, "<stdin>", imr_buf_cstr(&data), data.size, date, NULL,
					      diags);
	imr_buf_dispose(&data);
	return err;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' }, { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "date", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' }, { "help", no_argument, NULL, 'h' },
		{ "service", required_argument, NULL, 's' }, { "notes", required_argument, NULL, 'n' },
		{ "strict-dates", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json" };
	const char *rules_opt = NULL, *output = NULL, *notes = NULL, *input;
	const char *services[64];
	size_t nservices = 0;
	int version = 0, format = 0, verbose = 0, c, status = IMR_EXIT_USAGE, err;
	int32_t date = IMR_DATE_NONE;
	imr_rules *rules = NULL;
	imr_request *req = NULL;
	imr_result *result = NULL;
	imr_diags diags;
	imr_buf out = IMR_BUF_INIT;
	imr_report_options ropts = IMR_REPORT_OPTIONS_INIT;
	imr_eval_options eopts = IMR_EVAL_OPTIONS_INIT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:o:d:vhs:n:", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (nservices == sizeof(services) / sizeof(services[0])) {
				cli_error("at most %zu --service options", nservices);
				return IMR_EXIT_USAGE;
			}
			if (!optarg[strspn(optarg, " \t\r\n\v\f")]) {
				cli_error("--service '%s' is empty; give the service as written", optarg);
				return IMR_EXIT_USAGE;
			}
			services[nservices++] = optarg;
			break;
		case 'n': notes = optarg; break;
		case 'S': eopts.strict_dates = 1; break;
		case 'r': rules_opt = optarg; break;
		case 'o': output = optarg; break;
		case 'v': verbose = 1; break;
		case 'f':
			if ((format = cli_format(optarg, formats, 2)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'd':
			if (imr_date_parse(&date, optarg, strlen(optarg)) < 0) {
				cli_error("invalid --date '%s' (%s)", optarg,
					  imr_date_problem(optarg, strlen(optarg)));
				return IMR_EXIT_USAGE;
			}
			break;
		case 'V': version = 1; break;
		case 'h': check_usage(stdout); return IMR_EXIT_OK;
		default: check_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (version)
		return cli_version(rules_opt);
	if (nservices || notes) {
		if (!nservices || !notes || optind != argc) {
			cli_error("--service and --notes go together, without a request file");
			return IMR_EXIT_USAGE;
		}
	} else if (optind != argc - 1) {
		check_usage(stderr);
		return IMR_EXIT_USAGE;
	}
	rules = cli_load_rules(cli_rules_dir(rules_opt));
	if (!rules)
		return IMR_EXIT_USAGE;
	imr_diags_init(&diags);
	input = nservices ? notes : argv[optind];
	if (nservices)
		err = request_from_text(&req, rules, services, nservices, notes,
					date != IMR_DATE_NONE ? date : cli_today(), &diags);
	else if (strcmp(input, "-") == 0)
		err = request_from_stdin(&req, rules, date != IMR_DATE_NONE ? date : cli_today(), &diags);
	else
		err = imr_request_load_file(&req, rules, input, date != IMR_DATE_NONE ? date : cli_today(), NULL,
					    &diags);
	if (strcmp(input, "-") == 0)
		input = "<stdin>";
	imr_diags_sort(&diags);
	cli_print_diags(&diags, 0);
	imr_diags_dispose(&diags);
	if (err < 0) {
		cli_error("cannot read the request %s: %s", input, imr_strerror(err));
		goto done;
	}
	if ((err = imr_eval_request(&result, rules, req, &eopts)) < 0) {
		cli_error("evaluation failed: %s", imr_strerror(err));
		goto done;
	}
	ropts.input = input;
	ropts.date_assumed = nservices ? date == IMR_DATE_NONE : !imr_request_date_given(req);
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
