/* main.c - imrcheck: command dispatch, --help and --version. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "exitcode.h"

static const cli_command commands[] = {
	{ "check", cmd_check, "evaluate a treatment request against the guideline rules" },
	{ "audit", cmd_audit, "audit a corpus of letters: disagreements, coverage, statistics" },
	{ "letter", cmd_letter, "parse and evaluate IMR determination letters (text or PDF)" },
	{ "extract", cmd_extract, "facts found in clinical or service text, with evidence" },
	{ "explain", cmd_explain, "show a rule as a checklist, or list the rules and facts" },
	{ "lint", cmd_lint, "validate rule files" },
	{ "test", cmd_test, "run the test cases carried by rule files" },
};

static void usage(FILE *out)
{
	size_t i;
	fputs("usage: imrcheck COMMAND [OPTIONS] [ARGS]\n\n"
	      "Predicts and explains Independent Medical Review outcomes of California\n"
	      "workers' compensation treatment requests from MTUS, ACOEM and ODG rules.\n\n"
	      "Commands:\n",
	      out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\nCommon options: --rules DIR, --format FORMAT, --output FILE, --version, --help.\n"
	      "Run 'imrcheck COMMAND --help' for a command's options.\n\n"
	      "Exit status (check): 0 every item medically necessary, 1 some item not\n"
	      "medically necessary, 3 none denied but some indeterminate, 2 usage or input\n"
	      "error. lint and test: 0 clean, 1 problems found, 2 usage error.\n",
	      out);
}

static int run(int argc, char **argv)
{
	size_t i;
	const char *name;

	if (argc < 2) {
		usage(stderr);
		return IMR_EXIT_USAGE;
	}
	name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return IMR_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0)
		return cli_version(NULL);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	cli_error("unknown command '%s'; run 'imrcheck --help' for the list", name);
	return IMR_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int status;

	cli_output_init();
	status = run(argc, argv);
	/* whatever went to standard output (a report, --help, --version) must
	 * have been written: a full disk or a closed pipe is a failure */
	if (cli_flush_stdout() < 0)
		return IMR_EXIT_USAGE;
	if (fclose(stdout) != 0) {
		cli_error("standard output: cannot write: %s", strerror(errno));
		return IMR_EXIT_USAGE;
	}
	return status;
}
