/* cmd_letter.c - `imrcheck letter FILE...`: parse and evaluate determination letters. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exitcode.h"

static void letter_usage(FILE *out)
{
	fputs("usage: imrcheck letter [OPTIONS] FILE...\n\n"
	      "Parses IMR final determination letters (text as extracted from the PDF, or\n"
	      "the PDF itself through poppler's pdftotext) and, for every disputed item,\n"
	      "prints the reviewer's decision, the predicted one and whether they agree,\n"
	      "how the service was read, the citations, the criteria with evidence from\n"
	      "the clinical case summary, and the reviewer's rationale. A FILE of '-' is\n"
	      "a letter (as text) on standard input.\n\n"
	      "Options:\n"
	      "  --rules DIR       rule set to use (default: the installed rules)\n"
	      "  --format FORMAT   text (default) or json\n"
	      "  --output FILE     write to FILE instead of standard output\n"
	      "  --verbose         show the source sentence of every piece of evidence\n"
	      "  --strict-dates    leave an item indeterminate when the guideline in force on\n"
	      "                    its date is not encoded (default: evaluate it under the\n"
	      "                    most recent encoded version and say so)\n"
	      "  --version         show the version and the rules directory in use\n"
	      "  --help            show this help\n\n"
	      "Exit status: 0 every letter read and every prediction agrees or is\n"
	      "indeterminate; 1 some prediction disagrees with the reviewer; 2 usage error\n"
	      "or some letter could not be read (the others are still reported).\n",
	      out);
}

/* Read, parse and review one letter; on failure record the first error. */
static imr_review *review_one(const char *path, const imr_rules *rules, const imr_eval_options *eopts,
			      imr_worker *worker,
			      imr_text **text_out, imr_letter **letter_out, char **error)
{
	imr_diags diags;
	imr_text *text = NULL;
	imr_letter *letter = NULL;
	imr_review *review = NULL;
	int err;

	imr_diags_init(&diags);
	if (strcmp(path, "-") == 0) {
		imr_buf data = IMR_BUF_INIT;
		err = cli_read_stdin(&data, IMR_LIMIT_TEXT_BYTES, &diags);
		if (!err)
			err = imr_text_new(&text, "<stdin>", imr_buf_cstr(&data), data.size, NULL, &diags);
		imr_buf_dispose(&data);
	} else {
		err = imr_pdf_load_text(&text, path, NULL, &diags);
	}
	if (!err)
		err = imr_letter_parse(&letter, rules, text, NULL, &diags);
	if (!err)
		err = imr_review_letter_opts(&review, worker, text, letter, eopts, &diags);
	imr_diags_sort(&diags);
	cli_print_diags(&diags, 0);
	if (err < 0) {
		imr_buf msg = IMR_BUF_INIT;
		if (diags.count)
			imr_diag_format(&msg, &diags.items[0], 0);
		else
			imr_buf_printf(&msg, "%s: %s", path, imr_strerror(err));
		*error = imr_buf_detach(&msg);
		imr_letter_free(letter);
		imr_text_free(text);
		letter = NULL;
		text = NULL;
	}
	imr_diags_dispose(&diags);
	*text_out = text;
	*letter_out = letter;
	return review;
}

int cmd_letter(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' }, { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "verbose", no_argument, NULL, 'v' },
		{ "strict-dates", no_argument, NULL, 'S' },
		{ "version", no_argument, NULL, 'V' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json" };
	const char *rules_opt = NULL, *output = NULL;
	int version = 0, format = 0, verbose = 0, c, status = IMR_EXIT_OK, err;
	size_t n, i;
	imr_rules *rules;
	imr_worker *worker = NULL;
	imr_letter_outcome *outcomes = NULL;
	imr_text **texts = NULL;
	imr_letter **letters = NULL;
	char **errors = NULL;
	imr_buf out = IMR_BUF_INIT;
	imr_report_options ropts = IMR_REPORT_OPTIONS_INIT;
	imr_eval_options eopts = IMR_EVAL_OPTIONS_INIT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'S': eopts.strict_dates = 1; break;
		case 'r': rules_opt = optarg; break;
		case 'o': output = optarg; break;
		case 'v': verbose = 1; break;
		case 'f':
			if ((format = cli_format(optarg, formats, 2)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'V': version = 1; break;
		case 'h': letter_usage(stdout); return IMR_EXIT_OK;
		default: letter_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (version)
		return cli_version(rules_opt);
	if (optind >= argc) {
		letter_usage(stderr);
		return IMR_EXIT_USAGE;
	}
	for (i = optind, n = 0; i < (size_t)argc; i++)
		n += strcmp(argv[i], "-") == 0;
	if (n > 1) {
		cli_error("'-' (standard input) can be read only once");
		return IMR_EXIT_USAGE;
	}
	rules = cli_load_rules(cli_rules_dir(rules_opt));
	if (!rules)
		return IMR_EXIT_USAGE;
	n = (size_t)(argc - optind);
	outcomes = calloc(n, sizeof(*outcomes));
	texts = calloc(n, sizeof(*texts));
	letters = calloc(n, sizeof(*letters));
	errors = calloc(n, sizeof(*errors));
	if (!outcomes || !texts || !letters || !errors || imr_worker_new(&worker, rules, NULL) < 0) {
		cli_error("out of memory");
		status = IMR_EXIT_USAGE;
		goto done;
	}
	for (i = 0; i < n; i++) {
		outcomes[i].file = argv[optind + (int)i];
		outcomes[i].review = review_one(outcomes[i].file, rules, &eopts, worker, &texts[i], &letters[i], &errors[i]);
		if (strcmp(outcomes[i].file, "-") == 0)
			outcomes[i].file = "<stdin>";
		outcomes[i].error = errors[i];
		if (!outcomes[i].review)
			status = IMR_EXIT_USAGE;
		else {
			size_t k;
			for (k = 0; k < outcomes[i].review->item_count; k++)
				if (outcomes[i].review->items[k].agrees == 0 && status == IMR_EXIT_OK)
					status = IMR_EXIT_FAILURES;
		}
	}
	ropts.verbose = verbose;
	err = format == 1 ? imr_report_letters_json(&out, rules, outcomes, n, &ropts)
			  : imr_report_letters_text(&out, rules, outcomes, n, &ropts);
	if (err < 0) {
		cli_error("cannot render: %s", imr_strerror(err));
		status = IMR_EXIT_USAGE;
	} else if (cli_write_output(output, &out) < 0) {
		status = IMR_EXIT_USAGE;
	}
done:
	for (i = 0; outcomes && i < n; i++) {
		imr_review_free((imr_review *)(uintptr_t)outcomes[i].review);
		imr_letter_free(letters[i]);
		imr_text_free(texts[i]);
		free(errors[i]);
	}
	free(outcomes);
	free(texts);
	free(letters);
	free(errors);
	imr_buf_dispose(&out);
	imr_worker_free(worker);
	imr_rules_free(rules);
	return status;
}
