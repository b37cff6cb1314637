/* imrcheck/report.h - rendering results as text or JSON into a buffer.
 *
 * Nothing here writes to a file or a stream: the caller decides where the
 * rendered bytes go. JSON is produced with jansson (never hand-escaped) and
 * documented in docs/output-json.md. */
#ifndef IMRCHECK_REPORT_H
#define IMRCHECK_REPORT_H

#include "buf.h"
#include "common.h"
#include "eval.h"
#include "facts.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_report_options {
	const char *input;       /* name of the input file, for the header */
	int date_assumed;        /* the request date was the day of the run */
	int verbose;             /* text: show evidence under every criterion */
	const char *run_date;    /* when the run was, as the caller writes it
				  * ("2026-12-05 10:38 UTC"), shown by the audit's
				  * HTML page; NULL shows none. The library never
				  * reads the clock: the same date, the same bytes */
} imr_report_options;

#define IMR_REPORT_OPTIONS_INIT { NULL, 0, 0, NULL }

/** The readable checklist of `imrcheck check`. */
IMR_API int imr_report_check_text(imr_buf *out, const imr_rules *rules, const imr_result *result,
				  const imr_report_options *opts);

/** The JSON document of `imrcheck check --format json` (one object, with a
 *  trailing newline). */
IMR_API int imr_report_check_json(imr_buf *out, const imr_rules *rules, const imr_result *result,
				  const imr_report_options *opts);

/** A rule as a readable checklist (`imrcheck explain RULE-ID`). */
IMR_API int imr_report_rule_text(imr_buf *out, const imr_rules *rules, size_t rule);

/** The rule list (`imrcheck explain --list`), as text or JSON. */
IMR_API int imr_report_rule_list_text(imr_buf *out, const imr_rules *rules);
IMR_API int imr_report_rule_list_json(imr_buf *out, const imr_rules *rules);

/** One rule as JSON (`imrcheck explain RULE-ID --format json`). */
IMR_API int imr_report_rule_json(imr_buf *out, const imr_rules *rules, size_t rule);

/** What the rule set knows of drug @p drug (an index, imrcheck/drugs.h):
 *  names, ingredients with their classes and morphine equivalent factors,
 *  classes, forms, routes, and the rules that govern it or may govern it
 *  depending on the rest of the request (`imrcheck explain --drug NAME`).
 *  @return IMR_OK, IMR_ENOTFOUND for a drug out of range, IMR_ENOMEM. */
IMR_API int imr_report_drug_text(imr_buf *out, const imr_rules *rules, size_t drug);
IMR_API int imr_report_drug_json(imr_buf *out, const imr_rules *rules, size_t drug);

/* ---- extraction (`imrcheck extract`) ---- */

typedef struct imr_extraction imr_extraction;

/** The facts documented in @p facts with their evidence, then every match
 *  of @p ex (which may be NULL) with its context and whether it counted. */
IMR_API int imr_report_extraction_text(imr_buf *out, const imr_rules *rules, const imr_facts *facts,
				       const imr_extraction *ex, const char *input);
IMR_API int imr_report_extraction_json(imr_buf *out, const imr_rules *rules, const imr_facts *facts,
				       const imr_extraction *ex, const char *input);

/* ---- letters (`imrcheck letter`) ---- */

typedef struct imr_letter_outcome imr_letter_outcome;

/** Each letter: its header, reviewer and request date, then per item the
 *  reviewer's decision, the prediction and whether they agree, how the
 *  service was read, the citations, the checklist and the rationale; a
 *  summary line at the end. */
IMR_API int imr_report_letters_text(imr_buf *out, const imr_rules *rules,
				    const imr_letter_outcome *letters, size_t count,
				    const imr_report_options *opts);

/** The same as one JSON document (docs/output-json.md). */
IMR_API int imr_report_letters_json(imr_buf *out, const imr_rules *rules,
				    const imr_letter_outcome *letters, size_t count,
				    const imr_report_options *opts);

/* ---- corpus audits (`imrcheck audit`, see audit.h and docs/audit.md) ---- */

typedef struct imr_audit imr_audit;
typedef struct imr_audit_letter imr_audit_letter;

/** The audit summary: coverage, agreement, confusion matrix, most frequent
 *  unmet criteria, findings, failed letters. */
IMR_API int imr_report_audit_text(imr_buf *out, const imr_audit *audit, const imr_report_options *opts);

/** The whole audit as one JSON document. */
IMR_API int imr_report_audit_json(imr_buf *out, const imr_rules *rules, const imr_audit *audit,
				  const imr_report_options *opts);

/** JSON Lines, streamed: one line per item of @p letter (one line with an
 *  "error" for a failed letter), each with its own findings... */
IMR_API int imr_report_audit_jsonl_letter(imr_buf *out, const imr_audit_letter *letter);

/** ...then, after the last letter, one line per inconsistency across
 *  letters and a final summary line. */
IMR_API int imr_report_audit_jsonl_tail(imr_buf *out, const imr_rules *rules, const imr_audit *audit);

/** RFC 4180 CSV: a header row, then one row per item (and one per failed
 *  letter, with its error). */
IMR_API int imr_report_audit_csv(imr_buf *out, const imr_audit *audit);

#ifdef __cplusplus
}
#endif
#endif
