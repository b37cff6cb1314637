/* imrcheck/report_audit.h - rendering an audit of a letter corpus.
 *
 * The audit report is one self-contained HTML page: inline CSS, charts as
 * inline SVG, no scripts, fonts, images or links outside the page, so it
 * can be mailed, archived and opened offline. The page is also well-formed
 * XML (XHTML-compatible HTML5), so XML tools can read it, and it is the same
 * byte for byte for the same audit: nothing in it depends on the clock, the
 * locale or the number of threads the audit ran on. */
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
 *  The page holds a summary (letters read and failed, items, governed and
 *  ungoverned, the agreement rate among governed items), the charts as
 *  inline SVG (agreement by procedure, the confusion matrix of the
 *  reviewers' decisions against the predictions, the criteria most often
 *  unmet among upheld items, ungoverned items by service category), the
 *  agreement by governing guideline and by reviewer specialty, one table
 *  of findings per finding type, and the letters that could not be read
 *  with their reasons. Every piece of text from the letters is escaped.
 *
 *  @param out    buffer the page is appended to; owned by the caller.
 *  @param rules  the rule set the audit ran with, for the stamp at the foot
 *                of the page (its digest); may be NULL.
 *  @param audit  the audit to render; only read.
 *  @param opts   opts->input, when set, names the corpus in the title; may
 *                be NULL.
 *  @return IMR_OK, or IMR_ENOMEM, in which case @p out is left as it was. */
IMR_API int imr_report_audit_html(imr_buf *out, const imr_rules *rules, const imr_audit *audit,
				  const imr_report_options *opts);

#ifdef __cplusplus
}
#endif
#endif
