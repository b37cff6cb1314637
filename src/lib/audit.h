/* audit.h - what the benchmark reads of an audit beyond imrcheck/audit.h (internal). */
#ifndef IMR_AUDIT_INTERNAL_H
#define IMR_AUDIT_INTERNAL_H

#include "imrcheck/audit.h"
#include "arena.h"

/* ---- an audit of letters fed one by one (merging shards) ---- */

/* A letter's record handed to imr__audit_feed(): the letter (its index is
 * set there), whose strings and items live in @p arena, and its own
 * findings (allocated with imr__malloc; their letter is set there too). */
typedef struct imr__audit_record {
	imr_audit_letter letter;
	imr_arena arena;
	imr_finding *findings;
	size_t finding_count;
} imr__audit_record;

/* An empty audit that takes letters from imr__audit_feed() instead of
 * reading inputs; @p opts (on_letter, release_letters) must outlive it. */
int imr__audit_open(imr_audit **out, const imr_rules *rules, const imr_audit_options *opts);

/* The next letter: counted, handed to on_letter, released when asked;
 * @p rec is taken (and zeroed) whatever the result. */
int imr__audit_feed(imr_audit *au, imr__audit_record *rec);

/* After the last letter: the findings across letters and the statistics. */
int imr__audit_close(imr_audit *au);

/* The rule set's string for reason @p name (a denial.* or approval.*
 * fact), or NULL when it names none (audit_letter.c). */
const char *imr__audit_reason_name(const imr_rules *rules, const char *name);

/* pcre2_match() calls the audit's workers made (tools/bench). */
unsigned long imr__audit_regex_calls(const imr_audit *audit);

#endif
