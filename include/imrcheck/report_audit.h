/* imrcheck/report_audit.h - rendering an audit of a letter corpus.
 *
 * The audit report is one self-contained HTML page: inline CSS, charts as
 * inline SVG, one small inline script (filters and sorting for the table
 * of items; the page reads whole without it), no fonts, images or links
 * outside the page, so it can be mailed, archived and opened offline. The
 * page is also well-formed XML (XHTML-compatible HTML5), so XML tools can
 * read it, and it is the same byte for byte for the same audit and
 * options: nothing in it depends on the clock (the run date is an option),
 * the locale or the number of threads the audit ran on. */
#ifndef IMRCHECK_REPORT_AUDIT_H
#define IMRCHECK_REPORT_AUDIT_H

#include "audit.h"
#include "buf.h"
#include "common.h"
#include "report.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Append the HTML report of @p audit to @p out.
 *
 *  The page holds the run (inputs, date, rule-set digest), a summary
 *  (letters read and failed, items, governed and ungoverned, the agreement
 *  rate among governed items), the charts as inline SVG (agreement by
 *  procedure, the confusion matrix of the reviewers' decisions against the
 *  predictions, the criteria most often unmet among upheld items,
 *  ungoverned items by service category), the agreement by governing
 *  guideline and by reviewer specialty, finding rates by the reviewer's
 *  specialty and licensure, a table of every item (with filters and
 *  sorting from the script), one table of findings per finding type, a
 *  section per letter (its case summary and each item's rationale shown on
 *  demand, its findings), the letters that could not be read with their
 *  reasons and the duplicates. Specialties are counted under the names of
 *  the rule set's specialties file. Every piece of text from the letters
 *  is escaped.
 *
 *  @param out    buffer the page is appended to; owned by the caller.
 *  @param rules  the rule set the audit ran with, for the stamp at the foot
 *                of the page (its digest); may be NULL.
 *  @param audit  the audit to render; only read.
 *  @param opts   opts->input names the inputs and opts->run_date dates the
 *                run, each shown as given (NULL: "-" and "not stated");
 *                may be NULL.
 *  @return IMR_OK, or IMR_ENOMEM, in which case @p out is left as it was. */
IMR_API int imr_report_audit_html(imr_buf *out, const imr_rules *rules, const imr_audit *audit,
				  const imr_report_options *opts);

/* ---- reports written while the letters stream by ---- */

typedef enum imr_audit_format {
	IMR_AUDIT_FORMAT_TEXT = 0,
	IMR_AUDIT_FORMAT_JSON,
	IMR_AUDIT_FORMAT_JSONL,
	IMR_AUDIT_FORMAT_CSV,
	IMR_AUDIT_FORMAT_HTML
} imr_audit_format;

/** Where a writer's bytes go: 0, or a negative status that stops it. */
typedef int (*imr_audit_sink_fn)(void *ctx, const char *data, size_t len);

/** A report of an audit, written as its letters complete instead of from
 *  the finished audit, so that a corpus of any size is reported in flat
 *  memory (imr_audit_options.release_letters). The bytes are exactly
 *  those of imr_report_audit_text(), _json(), _jsonl_letter() and _tail(),
 *  _csv() and _html() for the same audit (which are written with it).
 *  What comes before the per-letter part in a format (statistics, counts)
 *  is only known at the end, so the per-letter parts of text, JSON, CSV
 *  and HTML are set aside in unnamed temporary files (tmpfile(): the
 *  system's temporary directory) and copied out by
 *  imr_audit_writer_finish(); JSON Lines goes to the sink at once. */
typedef struct imr_audit_writer imr_audit_writer;

/** A writer of @p format to @p sink. @p rules (for the digest and the
 *  specialties) and @p opts (the HTML page's inputs and run date) must
 *  outlive the writer; either may be NULL. The caller owns *out
 *  (imr_audit_writer_free()). @return IMR_OK or IMR_ENOMEM. */
IMR_API int imr_audit_writer_new(imr_audit_writer **out, imr_audit_format format, const imr_rules *rules,
				 const imr_report_options *opts, imr_audit_sink_fn sink, void *ctx);

/** The part of the report of @p letter, which is the next letter in input
 *  order (as imr_audit_options.on_letter gives them). @return IMR_OK,
 *  IMR_ENOMEM, IMR_EIO (the temporary file), or the sink's status; after
 *  a failure the writer only returns it again. */
IMR_API int imr_audit_writer_letter(imr_audit_writer *w, const imr_audit_letter *letter);

/** The rest of the report, from the finished @p audit (its statistics and
 *  cross-letter findings), with the spooled parts in their places.
 *  @return as imr_audit_writer_letter(). */
IMR_API int imr_audit_writer_finish(imr_audit_writer *w, const imr_audit *audit);

IMR_API void imr_audit_writer_free(imr_audit_writer *w);

#ifdef __cplusplus
}
#endif
#endif
