/* cmd_audit.c - `imrcheck audit PATH...`: audit a corpus of letters. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "exitcode.h"
#include "imrcheck/report_audit.h"

static void audit_usage(FILE *out)
{
	fputs("usage: imrcheck audit [OPTIONS] PATH...\n"
	      "       imrcheck audit [OPTIONS] -        (paths read from standard input)\n"
	      "       imrcheck audit [OPTIONS] --merge SHARD.jsonl...\n\n"
	      "Reads every letter under the given files and directories (text or PDF),\n"
	      "predicts each disputed item, and reports where reviewers and guidelines\n"
	      "disagree, how much of the corpus the rules cover, and agreement statistics.\n"
	      "Every input is accounted for: unreadable files are reported, never skipped,\n"
	      "and a case given twice (as .txt and .pdf, or two copies) is counted once.\n\n"
	      "Options:\n"
	      "  --rules DIR       rule set to use (default: the installed rules)\n"
	      "  --jobs N          worker threads (default: the number of processors)\n"
	      "  --format FORMAT   text (default), json, jsonl (one line per item, streamed)\n"
	      "                    or csv (RFC 4180, one row per item)\n"
	      "  --output FILE     write to FILE instead of standard output (a regular\n"
	      "                    file is replaced only once the report is complete)\n"
	      "  --html FILE       also write a self-contained HTML report with charts, a\n"
	      "                    table of every item to filter and sort, and each letter's\n"
	      "                    case summary and rationales (dated by SOURCE_DATE_EPOCH\n"
	      "                    when it is set, else by the clock)\n"
	      "  --null, -0        with '-': the list is NUL-separated (find -print0), not\n"
	      "                    one path per line\n"
	      "  --quiet           nothing on standard error but errors: no progress line,\n"
	      "                    and no summary at the end when the reports go to files\n"
	      "  --findings SET    default: the finding codes that reach 80% precision on\n"
	      "                    judged letters; all: also the experimental ones, marked\n"
	      "                    as such in every format\n"
	      "  --mute FILE       leave out the findings a mute file names (repeatable; the\n"
	      "                    rules' own audit-mute.yaml is always read), and count what\n"
	      "                    each of its entries muted\n"
	      "  --merge           the arguments are the JSON Lines outputs of audits of the\n"
	      "                    parts of a corpus (--format jsonl), in corpus order: report\n"
	      "                    them as one audit of the whole corpus\n"
	      "  --strict-dates    leave an item indeterminate when the guideline in force on\n"
	      "                    its date is not encoded (default: evaluate it under the\n"
	      "                    most recent encoded version, at a lower strength)\n"
	      "  --version         show the version and the rules directory in use\n"
	      "  --help            show this help\n\n"
	      "Exit status: 0 every letter read; 1 some letters could not be read (they are\n"
	      "listed in the report); 2 usage error or the output could not be written.\n",
	      out);
}

typedef struct progress_state {
	int enabled;
	struct timespec start;
	long last_ms;
} progress_state;

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

static void on_progress(size_t done, size_t total, size_t failed, void *ctx)
{
	progress_state *ps = ctx;
	long ms;
	if (!ps->enabled)
		return;
	ms = elapsed_ms(&ps->start);
	if (done != total && ms - ps->last_ms < 200)
		return; /* a few updates a second is enough */
	ps->last_ms = ms;
	fprintf(stderr, "\r%zu/%zu letters, %.1f/s, %zu failed%s", done, total,
		ms > 0 ? 1000.0 * (double)done / (double)ms : 0.0, failed, done == total ? "\n" : "   ");
	fflush(stderr);
}

/* The reports, written as the letters complete: the main one (--format)
 * and the HTML page (--html), each to its output. */
typedef struct stream_state {
	imr_audit_writer *main, *html;
	int warn;          /* say on standard error which letters repeat a case */
} stream_state;

static int to_out(void *ctx, const char *data, size_t len)
{
	return cli_out_put(ctx, data, len) < 0 ? IMR_EIO : 0;
}

static int on_letter(const imr_audit_letter *letter, void *ctx)
{
	stream_state *ss = ctx;
	int err;
	if (ss->warn && letter->duplicate_of) {
		if (letter->case_number)
			fprintf(stderr, "%s: warning: the same case as %s (case number %s); counted once, under the first\n",
				letter->file, letter->duplicate_of, letter->case_number);
		else
			fprintf(stderr, "%s: warning: the same text as %s (no case number); counted once, under the first\n",
				letter->file, letter->duplicate_of);
	}
	err = imr_audit_writer_letter(ss->main, letter);
	if (!err && ss->html)
		err = imr_audit_writer_letter(ss->html, letter);
	return err;
}

/* ---- what the HTML page says of the run ---- */

#define INPUTS_SHOWN 20 /* paths named on the page; the rest are counted */

/* The inputs as the page names them: the paths given (the first
 * INPUTS_SHOWN of them), the list on standard input, or the shards of a
 * merge. The caller frees the result; NULL when out of memory. */
static char *describe_inputs(char **paths, int count, int merge, const imr_audit_inputs *inputs)
{
	size_t len = 128, used = 0;
	char *out;
	int i;
	for (i = 0; i < count && i < INPUTS_SHOWN; i++)
		len += strlen(paths[i]) + 2;
	if (!(out = malloc(len)))
		return NULL;
	out[0] = '\0';
	if (!merge && count == 1 && strcmp(paths[0], "-") == 0) {
		snprintf(out, len, "the %zu paths listed on standard input", imr_audit_inputs_count(inputs));
		return out;
	}
	if (merge)
		used += (size_t)snprintf(out, len, "the merge of %d %s: ", count, count == 1 ? "shard" : "shards");
	for (i = 0; i < count && i < INPUTS_SHOWN; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? ", " : "", paths[i]);
	if (count > INPUTS_SHOWN)
		snprintf(out + used, len - used, " and %d more", count - INPUTS_SHOWN);
	return out;
}

/* The date of the run for the HTML page, from SOURCE_DATE_EPOCH (seconds
 * since 1970, UTC) when it is set, so that a page can be made again byte
 * for byte, and otherwise the clock. -1 (and a message) when the variable
 * does not hold such a number. */
static int run_date(char *out, size_t size)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;
	if (env) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(env, &end, 10);
		if (!*env || strspn(env, "0123456789") != strlen(env) || *end || errno || (long long)(time_t)v != v) {
			cli_error("SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970-01-01", env);
			return -1;
		}
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	if (!gmtime_r(&t, &tm) || !strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm)) {
		cli_error("SOURCE_DATE_EPOCH='%s' is out of range", env ? env : "");
		return -1;
	}
	return 0;
}

/* A line of the list that cannot be a path: why, in @p why, or NULL. */
static const char *bad_line(const char *line, size_t len, char *why, size_t size)
{
	const char *nul = memchr(line, '\0', len);
	size_t i;
	if (nul) {
		snprintf(why, size, "a NUL byte in the path at byte %zu; a list of paths has one per "
				    "line (use --null for a NUL-separated list)", (size_t)(nul - line));
		return why;
	}
	for (i = 0; i < len; i++)
		if (!strchr(" \t\v\f\r", line[i]))
			return NULL;
	return "a line of white space only, not a path";
}

/* Paths from standard input into @p inputs: one per line, or with
 * @p nul_separated one per NUL-terminated record (find -print0), where
 * any other byte, newlines too, belongs to the name. A line that cannot
 * be a path (it holds a NUL, or only white space) becomes a failed input
 * named "<stdin>:LINE", so that it is reported rather than dropped; empty
 * lines are skipped. Returns 0, or -1 after a message when memory runs
 * out or standard input cannot be read, rather than a list cut short. */
static int read_path_list(imr_audit_inputs *inputs, int nul_separated)
{
	char *line = NULL, why[160], name[48];
	const char *bad;
	size_t linecap = 0, lineno = 0;
	ssize_t len;
	int err = 0, delim = nul_separated ? '\0' : '\n';

	while (!err && (len = getdelim(&line, &linecap, delim, stdin)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == delim)
			len--;
		if (!nul_separated && len > 0 && line[len - 1] == '\r')
			len--;
		line[len] = '\0';
		if (!len)
			continue;
		if (!nul_separated && (bad = bad_line(line, (size_t)len, why, sizeof(why)))) {
			snprintf(name, sizeof(name), "<stdin>:%zu", lineno);
			err = imr_audit_inputs_add_failed(inputs, name, bad);
		} else {
			err = imr_audit_inputs_add(inputs, line);
		}
	}
	free(line);
	if (err < 0 || ferror(stdin)) {
		cli_error("cannot read the list of paths: %s", err < 0 ? "out of memory" : strerror(errno));
		return -1;
	}
	return 0;
}

static double percent(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* The end of a run whose reports went to files: a few lines on standard
 * error that say what was read, what the rules cover, what was found and
 * where the reports are, for someone who has not read docs/audit.md. */
static void print_summary(const imr_rules *rules, const imr_audit *audit, const char *output,
			  const char *html)
{
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	const char *seen[16];
	size_t nseen = 0, i, j, judged = st->overall.agree + st->overall.disagree;
	imr_rule_info ri;

	fprintf(stderr, "\nSummary\n  Read %zu letter%s (%zu parsed, %zu could not be read) with %zu disputed item%s.\n",
		st->letters, st->letters == 1 ? "" : "s", st->parsed, st->failed, st->items,
		st->items == 1 ? "" : "s");
	if (st->duplicates)
		fprintf(stderr, "  %zu letter%s repeated a case given before and %s counted once, under the first.\n",
			st->duplicates, st->duplicates == 1 ? "" : "s", st->duplicates == 1 ? "was" : "were");
	for (i = 0; i < imr_rules_count(rules) && nseen < 16; i++) {
		if (imr_rules_get(&ri, rules, i) < 0 || !ri.guideline)
			continue;
		for (j = 0; j < nseen && strcmp(seen[j], ri.guideline) != 0; j++)
			;
		if (j == nseen)
			seen[nseen++] = ri.guideline;
	}
	fprintf(stderr, "  The %zu rules (from ", imr_rules_count(rules));
	for (j = 0; j < nseen; j++)
		fprintf(stderr, "%s%s", j ? (j + 1 == nseen ? " and " : ", ") : "", seen[j]);
	fprintf(stderr, ") govern %zu of the %zu items (%.1f%%);\n", st->governed, st->items,
		percent(st->governed, st->items));
	fprintf(stderr, "  where they decide, the prediction agrees with the reviewer %zu times of %zu (%.1f%%).\n",
		st->overall.agree, judged, percent(st->overall.agree, judged));
	if (st->uncovered_count) {
		fprintf(stderr, "  Items no rule governs are mostly");
		for (i = 0; i < st->uncovered_count && i < 3; i++)
			fprintf(stderr, "%s%s (%zu)", i ? (i + 1 == st->uncovered_count || i == 2 ? " and " : ", ") : " ",
				st->uncovered[i].key, st->uncovered[i].items);
		fputs(".\n", stderr);
	}
	fprintf(stderr, "  Findings: %zu decision discordance, %zu rationale, %zu citation, %zu across letters.\n",
		st->findings_by_type[0], st->findings_by_type[1], st->findings_by_type[2], st->findings_by_type[3]);
	if (st->failed)
		fputs("  The letters that could not be read are listed, with the reason, in the report.\n", stderr);
	if (output && strcmp(output, "-") != 0)
		fprintf(stderr, "  Report: %s\n", output);
	if (html)
		fprintf(stderr, "  HTML report with charts: %s (open it in a browser)\n", html);
}

/* The mute files given with --mute, read before any letter: every problem
 * is printed at its file:line:column and the run does not start. */
static int load_mutes(imr_mute **out, const char **paths, size_t count)
{
	imr_diags diags;
	size_t i;
	int err = imr_mute_new(out);
	imr_diags_init(&diags);
	for (i = 0; i < count && err != IMR_ENOMEM; i++) {
		int rc = imr_mute_add_file(*out, paths[i], NULL, &diags);
		if (rc < 0)
			err = rc;
	}
	imr_diags_sort(&diags);
	cli_print_diags(&diags, 1);
	if (err == IMR_ENOMEM)
		cli_error("out of memory while reading the mute files");
	imr_diags_dispose(&diags);
	return err < 0 ? -1 : 0;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' }, { "jobs", required_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' }, { "output", required_argument, NULL, 'o' },
		{ "html", required_argument, NULL, 'H' },  { "quiet", no_argument, NULL, 'q' },
		{ "strict-dates", no_argument, NULL, 'S' }, { "null", no_argument, NULL, '0' },
		{ "findings", required_argument, NULL, 'F' },
		{ "merge", no_argument, NULL, 'M' },       { "mute", required_argument, NULL, 'm' },
		{ "version", no_argument, NULL, 'V' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json", "jsonl", "csv" };
	const char *rules_opt = NULL, *output = NULL, *html = NULL;
	int version = 0, format = 0, quiet = 0, nul = 0, merge = 0, c, status = IMR_EXIT_USAGE, err;
	int first_path = 0; /* the first of the paths given as arguments */
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	imr_rules *rules = NULL;
	imr_audit_inputs *inputs = NULL;
	imr_audit *audit = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	imr_mute *mute = NULL;
	const char **mutes = NULL;
	size_t nmutes = 0;
	progress_state ps;
	stream_state ss = { NULL, NULL, 0 };
	cli_out out, hout;
	imr_report_options hopts = IMR_REPORT_OPTIONS_INIT;
	char date[64], *described = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:j:f:o:H:q0h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rules_opt = optarg; break;
		case 'o': output = optarg; break;
		case 'H': html = optarg; break;
		case 'q': quiet = 1; break;
		case 'S': opts.strict_dates = 1; break;
		case 'F': {
			if (strcmp(optarg, "default") != 0 && strcmp(optarg, "all") != 0) {
				cli_error("unknown --findings '%s' (expected default or all)", optarg);
				return IMR_EXIT_USAGE;
			}
			opts.all_findings = strcmp(optarg, "all") == 0;
			break;
		}
		case '0': nul = 1; break;
		case 'M': merge = 1; break;
		case 'm':
			if (!(mutes = cli_push(mutes, &nmutes, optarg)))
				return IMR_EXIT_USAGE;
			break;
		case 'j': {
			char *end;
			jobs = strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 256) {
				cli_error("invalid --jobs '%s' (a number from 1 to 256)", optarg);
				return IMR_EXIT_USAGE;
			}
			break;
		}
		case 'f':
			if ((format = cli_format(optarg, formats, 4)) < 0)
				return IMR_EXIT_USAGE;
			break;
		case 'V': version = 1; break;
		case 'h': audit_usage(stdout); return IMR_EXIT_OK;
		default: audit_usage(stderr); return IMR_EXIT_USAGE;
		}
	}
	if (version)
		return cli_version(rules_opt);
	if (optind >= argc) {
		audit_usage(stderr);
		return IMR_EXIT_USAGE;
	}
	if (jobs < 1)
		jobs = 1;
	if (nul && (argc - optind != 1 || strcmp(argv[optind], "-") != 0)) {
		cli_error("--null reads the list of paths from standard input: give '-' as the only path");
		return IMR_EXIT_USAGE;
	}
	if (merge && nul) {
		cli_error("--merge reads shard files named as arguments, not a list of paths");
		return IMR_EXIT_USAGE;
	}
	if (!merge && imr_audit_inputs_new(&inputs, NULL) < 0) {
		cli_error("out of memory while listing the inputs");
		return IMR_EXIT_USAGE;
	}
	if (merge) {
		/* the shards are read by imr_audit_merge() below */
	} else if (argc - optind == 1 && strcmp(argv[optind], "-") == 0) {
		if (read_path_list(inputs, nul) < 0)
			goto cleanup;
	} else {
		first_path = optind;
		for (; optind < argc; optind++)
			if (imr_audit_inputs_add(inputs, argv[optind]) < 0) {
				cli_error("out of memory while listing the inputs");
				goto cleanup;
			}
	}
	if (html) {
		int first = merge || (argc - optind == 1 && strcmp(argv[optind], "-") == 0) ? optind : first_path;
		if (run_date(date, sizeof(date)) < 0)
			goto cleanup;
		if (!(described = describe_inputs(argv + first, argc - first, merge, inputs))) {
			cli_error("out of memory");
			goto cleanup;
		}
		hopts.input = described;
		hopts.run_date = date;
	}
	rules = cli_load_rules(cli_rules_dir(rules_opt));
	if (!rules)
		goto cleanup;
	if (nmutes && load_mutes(&mute, mutes, nmutes) < 0)
		goto cleanup;
	opts.mute = mute;
	if (cli_out_open(&out, output) < 0)
		goto cleanup;
	/* the HTML file too is opened (as a temporary file) before the run, so
	 * that a path that cannot be written fails now, not after the audit */
	if (html && cli_out_open(&hout, html) < 0) {
		cli_out_abort(&out);
		goto cleanup;
	}
	memset(&ps, 0, sizeof(ps));
	ps.enabled = !quiet && isatty(2);
	clock_gettime(CLOCK_MONOTONIC, &ps.start);
	ps.last_ms = -1000;
	memset(&ss, 0, sizeof(ss));
	ss.warn = !quiet;
	/* the reports are written as the letters complete, and each letter's
	 * record is released once written: memory does not grow with the
	 * corpus but by a small key per item */
	if (imr_audit_writer_new(&ss.main, (imr_audit_format)format, rules, NULL, to_out, &out) < 0 ||
	    (html && imr_audit_writer_new(&ss.html, IMR_AUDIT_FORMAT_HTML, rules, &hopts, to_out, &hout) < 0)) {
		cli_error("out of memory");
		goto abort;
	}
	opts.jobs = (unsigned)jobs;
	opts.progress = on_progress;
	opts.progress_ctx = &ps;
	opts.on_letter = on_letter;
	opts.letter_ctx = &ss;
	opts.release_letters = 1;
	if (merge) {
		imr_diags diags;
		imr_diags_init(&diags);
		err = imr_audit_merge(&audit, rules, (const char *const *)(argv + optind), (size_t)(argc - optind),
				      &opts, &diags);
		cli_print_diags(&diags, 0);
		if (err == IMR_EINVALID || (diags.count && err < 0)) {
			imr_diags_dispose(&diags);
			goto abort;
		}
		imr_diags_dispose(&diags);
	} else {
		err = imr_audit_run(&audit, rules, inputs, &opts);
	}
	if (err < 0) {
		/* an output that could not be written has said so already */
		if (err != IMR_EIO || !(out.failed || (html && hout.failed)))
			cli_error("the audit stopped: %s", imr_strerror(err));
		goto abort;
	}
	if ((err = imr_audit_writer_finish(ss.main, audit)) < 0) {
		if (!out.failed)
			cli_error("cannot write the report: %s", imr_strerror(err));
		goto abort;
	}
	if (cli_out_commit(&out) < 0) {
		if (html)
			cli_out_abort(&hout);
		goto cleanup;
	}
	if (html) {
		if ((err = imr_audit_writer_finish(ss.html, audit)) < 0) {
			if (!hout.failed)
				cli_error("cannot write the HTML report: %s", imr_strerror(err));
			cli_out_abort(&hout);
			goto cleanup;
		}
		if (cli_out_commit(&hout) < 0)
			goto cleanup;
	}
	status = imr_audit_get_stats(audit)->failed ? IMR_EXIT_FAILURES : IMR_EXIT_OK;
	if (!quiet && ((output && strcmp(output, "-") != 0) || html))
		print_summary(rules, audit, output, html);
	goto cleanup;
abort:
	cli_out_abort(&out);
	if (html)
		cli_out_abort(&hout);
cleanup:
	imr_audit_writer_free(ss.main);
	imr_audit_writer_free(ss.html);
	imr_audit_free(audit);
	imr_audit_inputs_free(inputs);
	imr_mute_free(mute);
	free(mutes);
	imr_rules_free(rules);
	free(described);
	return status;
}
