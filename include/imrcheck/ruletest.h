/* imrcheck/ruletest.h - running the test cases carried by rule files.
 *
 * Each test case gives a request, facts and the expected decision and
 * criterion statuses of one rule; it is evaluated against that rule alone.
 * The report lists every case with what differed, for `imrcheck test`, and
 * the rule coverage: for every criterion of every rule, how often its
 * cases left it met, not met, not documented and not applicable. Nothing
 * here prints; the render functions write JUnit XML, coverage text and
 * JSON into an imr_buf. */
#ifndef IMRCHECK_RULETEST_H
#define IMRCHECK_RULETEST_H

#include <stddef.h>
#include "buf.h"
#include "common.h"
#include "diag.h"
#include "limits.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_ruletest_case {
	const char *rule_id;
	const char *name;
	const char *file;
	unsigned line, col;
	int passed;
	const char *diff;   /* readable differences, NULL when passed */
} imr_ruletest_case;

/** How the cases of one rule left one criterion. Only cases for which the
 *  rule applies and is in effect count: in the others the statuses mean
 *  nothing (and the case fails anyway). A status is also counted as
 *  checked when the case expects it: the case lists the criterion with
 *  that status in expect.criteria, or, for met, expects the service to be
 *  medically necessary (which every criterion must then be met or not
 *  applicable for). */
typedef struct imr_ruletest_criterion_coverage {
	const char *id;           /* local criterion id */
	unsigned line, col;       /* the criterion in its rule file */
	size_t met, not_met, not_documented, not_applicable;  /* number of cases */
	size_t met_checked, not_met_checked;                  /* ... that expected it */
} imr_ruletest_criterion_coverage;

typedef struct imr_ruletest_rule_coverage {
	const char *rule_id;
	const char *file;
	unsigned line, col;
	size_t cases;             /* cases of this rule that ran */
	size_t counted;           /* of which the rule applied and was in effect */
	imr_ruletest_criterion_coverage *criteria;
	size_t count;
} imr_ruletest_rule_coverage;

typedef struct imr_ruletest_report {
	imr_ruletest_case *cases;
	size_t count;
	size_t passed, failed;
	imr_ruletest_rule_coverage *rules;  /* one per rule, in load order */
	size_t nrules;
} imr_ruletest_report;

typedef struct imr_ruletest_options {
	/* PCRE2 regular expression searched (unanchored, case-sensitive) in
	 * "rule-id: name"; only matching cases run. NULL: every case. */
	const char *run;
	const imr_limits *limits;   /* NULL: the defaults of limits.h */
} imr_ruletest_options;

#define IMR_RULETEST_OPTIONS_INIT { NULL, NULL }

/** Run the test cases of every rule. The caller releases the report with
 *  imr_ruletest_report_dispose() (also after a failure: it is then empty).
 *  @p opts may be NULL.
 *  @return IMR_OK (failing cases are in the report, not an error),
 *  IMR_EINVALID when opts->run is not a valid regular expression (one
 *  "bad-regex" diagnostic in @p diags with PCRE2's message; its column is
 *  the 1-based position of the problem in the pattern), IMR_ELIMIT when
 *  matching it hit a PCRE2 limit ("limit" diagnostic), IMR_ENOMEM. */
IMR_API int imr_ruletest_run(imr_ruletest_report *out, const imr_rules *rules,
			     const imr_ruletest_options *opts, imr_diags *diags);

IMR_API void imr_ruletest_report_dispose(imr_ruletest_report *report);

/** Bits for imr_ruletest_seen(): which statuses a criterion was left in. */
enum {
	IMR_RULETEST_SEEN_MET = 1,
	IMR_RULETEST_SEEN_NOT_MET = 2,
	IMR_RULETEST_SEEN_NOT_DOCUMENTED = 4,
	IMR_RULETEST_SEEN_NOT_APPLICABLE = 8
};

IMR_API unsigned imr_ruletest_seen(const imr_ruletest_criterion_coverage *cov);

/* ---- rendering ---- */

/** A JUnit XML document: <testsuites> with one <testsuite> per rule that
 *  had cases run (name = rule id, file = rule file), one <testcase> per
 *  case (classname = rule id), and a <failure> carrying the readable diff
 *  for every failing case. Text is escaped for XML 1.0; characters XML
 *  cannot carry are replaced by U+FFFD. */
IMR_API int imr_ruletest_render_junit(imr_buf *out, const imr_ruletest_report *report);

/** The coverage table of `imrcheck test --coverage`: per rule, each
 *  criterion with the number of cases that left it met, not met, not
 *  documented and not applicable, and what was never seen. */
IMR_API int imr_ruletest_render_coverage_text(imr_buf *out, const imr_ruletest_report *report);

/** Cases and coverage as one JSON document (`imrcheck test --format json`). */
IMR_API int imr_ruletest_render_json(imr_buf *out, const imr_ruletest_report *report, int coverage);

#ifdef __cplusplus
}
#endif
#endif
