/* imrcheck/lint.h - checking rule files beyond what loading them checks.
 *
 * imr_lint_paths() loads a rule set (every problem the loader finds) and,
 * when it loads, runs the semantic checks over it: expressions that can
 * never be true or never be false (a small satisfiability analysis in
 * three-valued logic), comparisons no value of a fact can satisfy, complete
 * rules of one guideline that overlap in service and time, citations that
 * do not locate their position, rules and criteria their own test cases do
 * not exercise, and lexicon patterns that match the empty string or invite
 * catastrophic backtracking. Every problem is an imr_diag whose `code` is
 * the stable name of a check in the table below; the table also feeds the
 * SARIF rule metadata and docs/lint.md.
 *
 * Nothing here prints: the render functions write text, JSON or SARIF
 * 2.1.0 into an imr_buf for the caller to put somewhere. */
#ifndef IMRCHECK_LINT_H
#define IMRCHECK_LINT_H

#include <stddef.h>
#include "buf.h"
#include "common.h"
#include "diag.h"
#include "limits.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One check: its stable name (the diagnostic code), the severity it
 *  reports at, and what it is about. Static storage. */
typedef struct imr_lint_check {
	const char *name;        /* "when-never-applies" */
	imr_severity severity;   /* default severity of its diagnostics */
	const char *phase;       /* "load" (the loader reports it) or "lint" */
	const char *summary;     /* one line */
	const char *help;        /* what it detects and how to fix it */
} imr_lint_check;

/** Number of checks in the table. */
IMR_API size_t imr_lint_check_count(void);

/** Check @p index (0-based, stable order) or NULL when out of range. */
IMR_API const imr_lint_check *imr_lint_check_at(size_t index);

/** The check named @p name, or NULL. */
IMR_API const imr_lint_check *imr_lint_check_find(const char *name);

/** Index of the check named @p name, or IMR_ENOTFOUND. */
IMR_API int imr_lint_check_index(const char *name);

typedef struct imr_lint_options {
	const imr_limits *limits;   /* NULL: the defaults of limits.h */
	int no_coverage;            /* skip running the test cases (no coverage checks) */
} imr_lint_options;

#define IMR_LINT_OPTIONS_INIT { NULL, 0 }

/** What a lint run looked at. */
typedef struct imr_lint_stats {
	int loaded;      /* the rule set loaded, so the semantic checks ran */
	size_t files;    /* rule files loaded (0 when the load failed) */
	size_t rules;
	size_t errors;   /* diagnostics of each severity in @p diags after the run */
	size_t warnings;
} imr_lint_stats;

/** Load @p count files and directories as one rule set and, when it loads,
 *  run every semantic check on it. Every problem is appended to @p diags,
 *  which is sorted by file, line and column on return.
 *  @p stats may be NULL.
 *  @return IMR_OK when there are no errors (warnings may have been added),
 *  IMR_EINVALID when there are, IMR_EIO, IMR_ELIMIT (with diagnostics),
 *  IMR_ENOMEM. */
IMR_API int imr_lint_paths(imr_lint_stats *stats, imr_diags *diags, const char *const *paths,
			   size_t count, const imr_lint_options *opts);

/** Run the semantic checks on a rule set that loaded. Diagnostics are
 *  appended (not sorted). @return IMR_OK, IMR_EINVALID when an error was
 *  added, IMR_ENOMEM. */
IMR_API int imr_lint_rules(imr_diags *diags, const imr_rules *rules, const imr_lint_options *opts);

/* ---- rendering ---- */

/** "FILE:LINE:COL: error|warning: MESSAGE [check]" per diagnostic, one per
 *  line, in list order. */
IMR_API int imr_lint_render_text(imr_buf *out, const imr_diags *diags);

/** The JSON document of `imrcheck lint --format json` (docs/lint.md). */
IMR_API int imr_lint_render_json(imr_buf *out, const imr_diags *diags, const imr_lint_stats *stats);

/** A SARIF 2.1.0 log with one run: the tool with every check as a
 *  reportingDescriptor, and one result per diagnostic. File paths below
 *  @p root (an absolute directory, normally the working directory; NULL:
 *  none) become URIs relative to the base id %SRCROOT%; other relative
 *  paths stay relative; other absolute paths become file:// URIs. */
IMR_API int imr_lint_render_sarif(imr_buf *out, const imr_diags *diags, const char *root);

/** The check table as a plain list: "NAME  SEVERITY  SUMMARY" per line. */
IMR_API int imr_lint_render_checks(imr_buf *out);

#ifdef __cplusplus
}
#endif
#endif
