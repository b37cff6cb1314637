/* imrcheck/ruletest.h - running the test cases carried by rule files.
 *
 * Each test case gives a request, facts and the expected decision and
 * criterion statuses of one rule; it is evaluated against that rule alone.
 * The result lists every case with what differed, for `imrcheck test`. */
#ifndef IMRCHECK_RULETEST_H
#define IMRCHECK_RULETEST_H

#include <stddef.h>
#include "buf.h"
#include "common.h"
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

typedef struct imr_ruletest_report {
	imr_ruletest_case *cases;
	size_t count;
	size_t passed, failed;
} imr_ruletest_report;

/** Run every test case of every rule; @p name_filter (NULL: all) keeps the
 *  cases whose "rule-id: name" contains it. The caller releases the report
 *  with imr_ruletest_report_dispose(). */
IMR_API int imr_ruletest_run(imr_ruletest_report *out, const imr_rules *rules,
			     const char *name_filter);

IMR_API void imr_ruletest_report_dispose(imr_ruletest_report *report);

#ifdef __cplusplus
}
#endif
#endif
