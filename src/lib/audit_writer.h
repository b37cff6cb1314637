/* audit_writer.h - the state of a streamed audit report (internal).
 *
 * Shared by report_audit.c (text, JSON, JSON Lines, CSV and the writer
 * itself) and report_html.c (the HTML page's parts). */
#ifndef IMR_AUDIT_WRITER_H
#define IMR_AUDIT_WRITER_H

#include "imrcheck/report_audit.h"
#include "spool.h"

/* the most any format needs: text has the failed letters, the links,
 * findings by severity and strength (3 x 6), the duplicates; each is a
 * temporary file only once something is set aside in it */
#define IMR__WRITER_SPOOLS 24

struct imr_audit_writer {
	imr_audit_format format;
	const imr_rules *rules;
	const imr_report_options *opts;
	imr_audit_sink_fn sink;
	void *ctx;
	imr__spool spool[IMR__WRITER_SPOOLS]; /* per-letter parts, by format */
	size_t count[IMR__WRITER_SPOOLS];     /* entries in each */
	imr_buf scratch;
	char *link;                  /* text: the link of the current run of letters */
	size_t run, links;           /* its letters; letters reached through links */
	struct imr__html_rates *rates; /* HTML: findings by reviewer (report_html.c) */
	int err;                     /* the first failure, returned from then on */
};

/* The sink, for the writer's own bytes. */
int imr__writer_emit(imr_audit_writer *w, const char *data, size_t len);

/* The HTML page: a letter's rows, then the page around them. */
int imr__html_writer_letter(imr_audit_writer *w, const imr_audit_letter *letter);
int imr__html_writer_finish(imr_audit_writer *w, const imr_audit *audit);
/* What the HTML page kept across letters, freed. */
void imr__html_writer_dispose(imr_audit_writer *w);

/* The report of a finished audit in @p format appended to @p out (left
 * as it was on failure): its letters fed to a writer. */
int imr__report_audit_whole(imr_buf *out, imr_audit_format format, const imr_rules *rules,
			    const imr_audit *audit, const imr_report_options *opts);

#endif
