/* cmd_explain.c - `imrcheck explain`: rules as checklists, rule and fact
 * lists, and what the drug files say of a drug. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "exitcode.h"

static void explain_usage(FILE *out)
{
	fputs("usage: imrcheck explain [OPTIONS] RULE-ID\n"
	      "       imrcheck explain --list [OPTIONS]\n"
	      "       imrcheck explain --facts [OPTIONS]\n"
	      "       imrcheck explain --values [OPTIONS]\n"
	      "       imrcheck explain --drug NAME [OPTIONS]\n\n"
	      "Prints a rule as a checklist with its citations, every rule with its\n"
	      "guideline and citation (--list), the fact vocabulary (--facts), every\n"
	      "enum with its values (--values): what request files and rules may write,\n"
	      "or what the drug files say of a drug (--drug: a brand or generic name or\n"
	      "a drug id; its ingredients, classes, forms, routes, morphine equivalent\n"
	      "factor and the rules that govern it).\n\n"
	      "Options:\n"
	      "  --list           list every rule with its guideline and citation\n"
	      "  --facts          list the fact vocabulary with types and units\n"
	      "  --values         list every enum with its values\n"
	      "  --rules DIR      rule set to use (default: the installed rules)\n"
	      "  --format FORMAT  text (default) or json\n"
	      "  --version        show the version and the rules directory in use\n"
	      "  --help           show this help\n",
	      out);
}

static int render_values(imr_buf *out, const imr_rules *rules)
{
	size_t i, m;
	int err = 0;
	for (i = 0; i < imr_rules_enum_count(rules) && !err; i++) {
		imr_enum_info ei;
		imr_rules_enum(&ei, rules, i);
		err = imr_buf_printf(out, "%s%s: %s\n", i ? "\n" : "", ei.name, ei.description);
		for (m = 0; m < ei.values && !err; m++) {
			const char *desc;
			const char *value = imr_rules_enum_value(rules, i, m, &desc);
			err = imr_buf_printf(out, "  %-28s %s\n", value, desc ? desc : "");
		}
	}
	return err;
}

static int render_facts(imr_buf *out, const imr_rules *rules)
{
	size_t i;
	int err = 0;
	for (i = 0; i < imr_rules_fact_count(rules) && !err; i++) {
		imr_fact_info fi;
		imr_rules_fact(&fi, rules, i);
		err = imr_buf_printf(out, "%-48s %s%s%s%s%s%s\n    %s\n", fi.name, fi.type,
				     fi.of ? " of " : "", fi.of ? fi.of : "", fi.unit ? " (" : "",
				     fi.unit ? fi.unit : "", fi.unit ? ")" : "", fi.description);
	}
	return err;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' }, { "format", required_argument, NULL, 'f' },
		{ "list", no_argument, NULL, 'l' },	    { "facts", no_argument, NULL, 'F' },
		{ "values", no_argument, NULL, 'V' },	    { "drug", required_argument, NULL, 'D' },
		{ "version", no_argument, NULL, 'W' },	    { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json" };
	const char *rules_opt = NULL, *drug = NULL;
	int version = 0, format = 0, list = 0, facts = 0, values = 0, c, status = IMR_EXIT_USAGE, err, index;
	imr_rules *rules;
	imr_buf out = IMR_BUF_INIT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:lFVD:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rules_opt = optarg; break;
		case 'D': drug = optarg; break;
		case 'l': list = 1; break;
		case 'F': facts = 1; break;
		case 'V': values = 1; break;
		case 'f':
			if ((format = cli_format(optarg, formats, 2)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'W': version = 1; break;
		case 'h': explain_usage(stdout); return IMR_EXIT_OK;
		default: explain_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (version)
		return cli_version(rules_opt);
	if ((list || facts || values || drug) ? optind != argc : optind != argc - 1) {
		explain_usage(stderr);
		return IMR_EXIT_USAGE;
	}
	if ((facts || values) && format == 1) {
		cli_error("--facts and --values have no JSON form; the vocabulary files are the machine-readable source");
		return IMR_EXIT_USAGE;
	}
	rules = cli_load_rules(cli_rules_dir(rules_opt));
	if (!rules)
		return IMR_EXIT_USAGE;
	if (drug) {
		index = imr_drugs_find(rules, drug);
		if (index < 0) {
			cli_error(imr_drugs_count(rules) ? "no drug named '%s' in the drug files of the rule set"
							 : "no drug named '%s': the rule set has no drug files",
				  drug);
			goto done;
		}
		err = format == 1 ? imr_report_drug_json(&out, rules, (size_t)index)
				  : imr_report_drug_text(&out, rules, (size_t)index);
	} else if (values) {
		err = render_values(&out, rules);
	} else if (facts) {
		err = render_facts(&out, rules);
	} else if (list) {
		err = format == 1 ? imr_report_rule_list_json(&out, rules)
				  : imr_report_rule_list_text(&out, rules);
	} else {
		index = imr_rules_find(rules, argv[optind]);
		if (index < 0) {
			cli_error("no rule with id '%s'; 'imrcheck explain --list' lists them", argv[optind]);
			goto done;
		}
		err = format == 1 ? imr_report_rule_json(&out, rules, (size_t)index)
				  : imr_report_rule_text(&out, rules, (size_t)index);
	}
	if (err < 0) {
		cli_error("cannot render: %s", imr_strerror(err));
		goto done;
	}
	if (cli_write_output(NULL, &out) == 0)
		status = IMR_EXIT_OK;
done:
	imr_buf_dispose(&out);
	imr_rules_free(rules);
	return status;
}
