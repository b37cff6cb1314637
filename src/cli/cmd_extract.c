/* cmd_extract.c - `imrcheck extract FILE|-`: facts found in text, with evidence. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exitcode.h"

static void extract_usage(FILE *out)
{
	fputs("usage: imrcheck extract [OPTIONS] FILE|-\n\n"
	      "Reads clinical text (a file, or standard input with '-') and prints the\n"
	      "facts the lexicons find, each with the sentence, line, byte span and\n"
	      "context (negated, uncertain, historical, hypothetical, planned, about\n"
	      "someone else) of every match, counted or not.\n\n"
	      "Options:\n"
	      "  --rules DIR       rule set to use (default: the installed rules)\n"
	      "  --format FORMAT   text (default) or json\n"
	      "  --service         read the text as a requested service, not as notes\n"
	      "  --rationale       read the text as a reviewer's decision rationale: the\n"
	      "                    notes lexicons and the reasons and conclusion lexicons\n"
	      "  --output FILE     write to FILE instead of standard output\n"
	      "  --version         show the version and the rules directory in use\n"
	      "  --help            show this help\n\n"
	      "Exit status: 0 success, 2 usage or input error.\n",
	      out);
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' }, { "format", required_argument, NULL, 'f' },
		{ "service", no_argument, NULL, 's' },	    { "output", required_argument, NULL, 'o' },
		{ "rationale", no_argument, NULL, 'R' },
		{ "version", no_argument, NULL, 'V' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json" };
	const char *rules_opt = NULL, *output = NULL, *name;
	int version = 0, format = 0, service = 0, rationale = 0, c, status = IMR_EXIT_USAGE, err;
	imr_rules *rules = NULL;
	imr_text *text = NULL;
	imr_worker *worker = NULL;
	imr_facts *facts = NULL;
	imr_extraction *ex = NULL;
	imr_diags diags;
	imr_buf out = IMR_BUF_INIT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:so:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rules_opt = optarg; break;
		case 's': service = 1; break;
		case 'R': rationale = 1; break;
		case 'o': output = optarg; break;
		case 'f':
			if ((format = cli_format(optarg, formats, 2)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'V': version = 1; break;
		case 'h': extract_usage(stdout); return IMR_EXIT_OK;
		default: extract_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (version)
		return cli_version(rules_opt);
	if (service && rationale) {
		cli_error("--service and --rationale cannot be used together");
		return IMR_EXIT_USAGE;
	}
	if (optind != argc - 1) {
		extract_usage(stderr);
		return IMR_EXIT_USAGE;
	}
	rules = cli_load_rules(cli_rules_dir(rules_opt));
	if (!rules)
		return IMR_EXIT_USAGE;
	imr_diags_init(&diags);
	err = cli_read_text(&text, argv[optind], &diags);
	if (err >= 0)
		err = imr_worker_new(&worker, rules, NULL);
	if (err >= 0)
		err = imr_facts_new(&facts, rules);
	if (err >= 0) {
		if (service)
			err = imr_extract_service(&ex, worker, imr_text_data(text, NULL), facts, &diags);
		else if (rationale)
			err = imr_extract_rationale(&ex, worker, text, 0, 0, facts, &diags);
		else
			err = imr_extract_notes(&ex, worker, text, 0, 0, NULL, facts, &diags);
	}
	imr_diags_sort(&diags);
	cli_print_diags(&diags, 0);
	imr_diags_dispose(&diags);
	if (err < 0) {
		cli_error("cannot extract from %s: %s", argv[optind], imr_strerror(err));
		goto done;
	}
	name = strcmp(argv[optind], "-") == 0 ? "<stdin>" : argv[optind];
	err = format == 1 ? imr_report_extraction_json(&out, rules, facts, ex, name)
			  : imr_report_extraction_text(&out, rules, facts, ex, name);
	if (err < 0) {
		cli_error("cannot render: %s", imr_strerror(err));
		goto done;
	}
	if (cli_write_output(output, &out) == 0)
		status = IMR_EXIT_OK;
done:
	imr_buf_dispose(&out);
	imr_extraction_free(ex);
	imr_facts_free(facts);
	imr_worker_free(worker);
	imr_text_free(text);
	imr_rules_free(rules);
	return status;
}
