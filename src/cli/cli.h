/* cli.h - shared pieces of the imrcheck command-line program.
 *
 * The CLI is the only code that prints or exits. Each command lives in
 * its own cmd_<name>.c and returns an exit status from exitcode.h. */
#ifndef IMR_CLI_H
#define IMR_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "imrcheck.h"

typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cli_command;

int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_letter(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* The rules directory: --rules, else $IMRCHECK_RULES, else the rules
 * installed beside the program (<prefix>/share/imrcheck/rules relative to
 * the executable), else the source tree the program was built from.
 * Returns a string owned by the CLI (static storage) or NULL. */
const char *cli_rules_dir(const char *option);

/* Load the rule set at @p dir, printing diagnostics; NULL on failure. */
imr_rules *cli_load_rules(const char *dir);

/* Print every diagnostic to stderr, "FILE:LINE:COL: error: MESSAGE". */
void cli_print_diags(const imr_diags *diags, int with_code);

/* An output: standard output, a special file written through, or a
 * regular file replaced whole by cli_out_commit() (outfile.c says which
 * and why; docs/security.md states the promises). */
typedef struct cli_out {
	FILE *fp;
	char *buffer;             /* fp's buffer where it has one of ours (freed after fclose) */
	char path[4096];          /* as given, for messages */
	char target[4096];        /* the file written: path with links followed */
	char tmp[4096 + 32];      /* the named temporary file, or "" */
	int kind;                 /* standard output, direct, or atomic */
	int slot;                 /* signal-handler slot of the temporary file, or -1 */
	int anonymous;            /* the temporary file is O_TMPFILE, still nameless */
	int failed;
} cli_out;

int cli_out_open(cli_out *o, const char *path);
int cli_out_write(cli_out *o, const imr_buf *buf);
int cli_out_put(cli_out *o, const char *data, size_t len);  /* 0, or -1 after a message */
int cli_out_commit(cli_out *o);     /* flush, close, rename; 0 or -1 after a message */
void cli_out_abort(cli_out *o);     /* drop the temporary file; a no-op after commit */

/* Once, before anything else: read the umask, install the handler that
 * removes named temporary files on a fatal signal (SIGINT, SIGTERM,
 * SIGPIPE, ...; signals already ignored or handled are left alone). */
void cli_output_init(void);

/* Flush standard output; on a write error print it (once) and return -1. */
int cli_flush_stdout(void);

/* Write @p buf to @p path (as cli_out_open() decides) or to stdout when
 * @p path is NULL or "-". Returns 0, or -1 after a message. */
int cli_write_output(const char *path, const imr_buf *buf);

/* Print "imrcheck: MESSAGE" to stderr. */
void cli_error(const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* Read @p path ("-": standard input) as normalised text; a PDF goes
 * through pdftotext. Empty or whitespace-only text is an error ("empty").
 * Diagnostics go to @p diags. */
int cli_read_text(imr_text **out, const char *path, imr_diags *diags);

/* Read all of standard input into @p out, at most @p max_bytes (more is
 * IMR_ELIMIT with a diagnostic for "<stdin>"). */
int cli_read_stdin(imr_buf *out, size_t max_bytes, imr_diags *diags);

/* Print the version and the rules directory --rules (@p rules_opt, may be
 * NULL) or the defaults select; returns exit status 0. */
int cli_version(const char *rules_opt);

/* Today's date as a day number, from the local clock. */
int32_t cli_today(void);

/* "text" -> 0, "json" -> 1, ... index in @p names, or -1 after a message. */
/* @p list with @p item appended (*count grows by one), for repeatable
 * options; NULL after a message when memory runs out (@p list is freed).
 * Release with free(). */
const char **cli_push(const char **list, size_t *count, const char *item);

int cli_format(const char *value, const char *const *names, int count);

#endif
