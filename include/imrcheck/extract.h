/* imrcheck/extract.h - facts from free text, with evidence for each one.
 *
 * Clinical text is split into sentences; the lexicons of the rule set
 * (docs/lexicon.md) are matched against it; each match is placed in its
 * context (negated, uncertain, historical, hypothetical, planned, about
 * another person); the matches that count set facts, and every fact keeps
 * the sentences that document it. The same machinery reads a requested
 * service ("Caudal ESI with fluoroscopy at L5-S1") into request attributes.
 *
 * An imr_worker holds the per-thread scratch space (PCRE2 match data, JIT
 * stack, buffers). One worker per thread; workers share the rule set. */
#ifndef IMRCHECK_EXTRACT_H
#define IMRCHECK_EXTRACT_H

#include <stddef.h>
#include "common.h"
#include "diag.h"
#include "facts.h"
#include "limits.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Context flags of a match (imr_evidence.flags and imr_match.flags). */
enum {
	IMR_CONTEXT_NEGATED = 1,
	IMR_CONTEXT_UNCERTAIN = 2,
	IMR_CONTEXT_HISTORICAL = 4,
	IMR_CONTEXT_HYPOTHETICAL = 8,
	IMR_CONTEXT_PLANNED = 16,
	IMR_CONTEXT_OTHER_PERSON = 32,
	IMR_CONTEXT_RECORD = 128,     /* a statement about the record ("the records do not
				       * include ..."), not about the patient */
	IMR_CONTEXT_QUALIFIED = 256   /* named with a qualifier that narrows what is said of
				       * it (its notes, its result, its completion, the
				       * response to it); never decides whether it counts */
};
/* (64 is used internally for "affirmed" in accept lists.) */

typedef struct imr_worker imr_worker;

/** A worker for @p rules (which must outlive it). The caller owns *out and
 *  releases it with imr_worker_free(). */
IMR_API int imr_worker_new(imr_worker **out, const imr_rules *rules, const imr_limits *limits);
IMR_API void imr_worker_free(imr_worker *worker);

/** One lexicon match, counted or not. Strings live as long as the
 *  extraction. Offsets are into the normalised text (text.h). */
typedef struct imr_match {
	const char *entry;       /* "<lexicon>/<entry>" */
	const char *fact;
	const char *value;       /* what it would set: "true", "absent", "60", ... */
	const char *matched;     /* the matched words */
	unsigned flags;          /* IMR_CONTEXT_* */
	int counted;             /* it set (or joined in setting) the fact */
	int absent;              /* it documents the fact as absent (negated, or an
				  * entry whose value is absent) */
	size_t start, end;       /* normalised offsets */
	size_t orig_start, orig_end;  /* offsets in the original input */
	unsigned line;           /* original line of start */
	const char *sentence;    /* its sentence, whitespace collapsed */
} imr_match;

typedef struct imr_extraction imr_extraction;

/** Extract facts from bytes [start, end) of @p text (end 0: to the end)
 *  with the `notes` lexicons, into @p facts (facts already documented keep
 *  their value; new ones are set with evidence whose source is @p source).
 *  *out, when not NULL, receives every match for reporting (the caller
 *  frees it with imr_extraction_free()). @return IMR_OK, IMR_ELIMIT with a
 *  located diagnostic when a pattern hits a PCRE2 limit, IMR_ENOMEM. */
IMR_API int imr_extract_notes(imr_extraction **out, imr_worker *worker, const imr_text *text,
			      size_t start, size_t end, const char *source, imr_facts *facts,
			      imr_diags *diags);

/** imr_extract_notes() for a reviewer's decision rationale: the `notes`
 *  lexicons and the `rationale` lexicons (the reasons given and the
 *  conclusion; docs/audit.md) both run over [start, end), with their
 *  inferences; evidence is sourced "decision rationale". Same ownership
 *  and errors as imr_extract_notes(). */
IMR_API int imr_extract_rationale(imr_extraction **out, imr_worker *worker, const imr_text *text,
				  size_t start, size_t end, imr_facts *facts, imr_diags *diags);

/** Read a requested service's text into request attributes (@p attrs) with
 *  the `service` lexicons and their inferences. Also sets level_count from
 *  the levels. *out as above (may be NULL). The text is normalised like
 *  notes (imr_text_new()), so binary data (a control character) is
 *  IMR_EINVALID and a text over the limits IMR_ELIMIT, each with a
 *  diagnostic. */
IMR_API int imr_extract_service(imr_extraction **out, imr_worker *worker, const char *service,
				imr_facts *attrs, imr_diags *diags);

IMR_API size_t imr_extraction_count(const imr_extraction *ex);
IMR_API const imr_match *imr_extraction_match(const imr_extraction *ex, size_t index);
IMR_API void imr_extraction_free(imr_extraction *ex);

/** "negated", "uncertain", ... for one IMR_CONTEXT_* bit. */
IMR_API const char *imr_context_name(unsigned flag);

#ifdef __cplusplus
}
#endif
#endif
