/* rationale.h - what a reviewer's decision rationale says (internal).
 *
 * A rationale is read with the same machinery as clinical notes
 * (imr_extract_rationale(): sentences, lexicons, context), and what it
 * says is sorted into three kinds of statement:
 *
 *   claims      facts of the record (vocabulary `finding:` facts) the
 *               rationale states of the patient, states not to be so, or
 *               says the record does not show. Plans, hypotheticals,
 *               uncertain statements, statements about other people and
 *               double negatives ("no indication the patient is not ...")
 *               are not claims. A claim keeps whether it was qualified
 *               ("no physical therapy notes", "has not completed physical
 *               therapy") and whether its sentence speaks of this case;
 *   reasons     the reasons the rationale gives for upholding or
 *               overturning (facts named denial.* and approval.*, from the
 *               `rationale` lexicons), each with the sentence that gives it;
 *   conclusion  what its last statement of medical necessity says.
 *
 * It also names services: the procedures and body regions the service
 * lexicons find in each sentence, so an audit can tell a rationale that
 * speaks of another service than the one requested.
 *
 * Everything lives in the imr_rationale's own arena; nothing points into
 * the text. Offsets are into the normalised text; lines are original lines. */
#ifndef IMR_RATIONALE_H
#define IMR_RATIONALE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "imrcheck/diag.h"
#include "imrcheck/eval.h"
#include "imrcheck/extract.h"
#include "imrcheck/text.h"
#include "model.h"

typedef enum imr_claim_kind {
	IMR_CLAIM_ASSERTED = 0,    /* "the patient had physical therapy" */
	IMR_CLAIM_DENIED,          /* "the patient has not had physical therapy" */
	IMR_CLAIM_NOT_IN_RECORD    /* "there is no documentation of physical therapy" */
} imr_claim_kind;

/* One statement of the rationale about a fact of the record. */
typedef struct imr_claim {
	int fact;                  /* vocabulary index */
	imr_claim_kind kind;
	int qualified;             /* said of part of it (IMR_CONTEXT_QUALIFIED) */
	int about_case;            /* its sentence speaks of this case (case_reference) */
	const char *matched;       /* the words matched */
	const char *sentence;      /* its sentence, whitespace collapsed */
	unsigned line;
	size_t start, end;
} imr_claim;

/* A reason the rationale gives (its first statement). */
typedef struct imr_stated_reason {
	int fact;                  /* a denial.* or approval.* fact */
	const char *name;          /* the fact's name, "denial.no_red_flags" */
	int denial;                /* 1 for denial.*, 0 for approval.* */
	const char *sentence;
	unsigned line;
} imr_stated_reason;

/* A service the rationale names: a procedure or a body region. */
typedef struct imr_named_service {
	const char *procedure;     /* request.procedure member, or NULL */
	const char *region;        /* request.region member, or NULL */
	int in_conclusion;         /* named in the sentence of the conclusion */
	int elsewhere;             /* named in another sentence */
	const char *sentence;
	unsigned line;
} imr_named_service;

typedef struct imr_rationale {
	imr_arena arena;
	const imr_claim *claims;
	size_t claim_count;
	const imr_stated_reason *reasons;   /* each reason once, in order of first statement */
	size_t reason_count;
	const imr_named_service *services;
	size_t service_count;
	imr_outcome conclusion;    /* UPHELD: concludes not medically necessary;
				    * OVERTURNED: necessary; INDETERMINATE: says neither */
	const char *conclusion_sentence;
	unsigned conclusion_line;
	size_t conclusion_start;   /* offset of the conclusion's match */
	int services_read;         /* services holds what the rationale names */
	size_t sentences, case_sentences;
	/* Fingerprints of what the rationale says of this case (its case
	 * sentences, lower-cased, digits and punctuation dropped), for finding
	 * the same rationale under other items: 0 when it says too little of
	 * the case to compare (fewer than IMR__RATIONALE_MIN_WORDS words). */
	uint64_t hash;             /* exact: FNV-1a 64 */
	uint64_t simhash;          /* near: 64-bit SimHash of word trigrams */
	/* The same of the whole rationale, guideline text and all: within one
	 * letter the case is the same, so what tells a pasted rationale there
	 * is the rest */
	uint64_t whole_hash, whole_simhash;
} imr_rationale;

/* Fewer words of case sentences than this give no fingerprint. */
#define IMR__RATIONALE_MIN_WORDS 25

/* Read bytes [start, end) of @p text as a decision rationale. The caller
 * owns *out (imr__rationale_free()). Returns 0, IMR_ELIMIT (a pattern limit,
 * with a diagnostic) or IMR_ENOMEM. */
int imr__rationale_read(imr_rationale **out, imr_worker *worker, const imr_text *text, size_t start,
			size_t end, imr_diags *diags);

/* Flags of imr__rationale_read_opts(). */
enum {
	/* leave the services named for imr__rationale_services(): reading them
	 * is most of the cost, and an audit needs them for a few items only */
	IMR__RATIONALE_SERVICES_LATER = 1u,
	/* the conclusion alone (with the sentence count): no claims, reasons
	 * or fingerprints, and only the conclusion's lexicon entries searched;
	 * the conclusion found is the one a full reading finds */
	IMR__RATIONALE_CONCLUSION_ONLY = 2u
};

/* imr__rationale_read() with @p flags. */
int imr__rationale_read_opts(imr_rationale **out, imr_worker *worker, const imr_text *text, size_t start,
			     size_t end, unsigned flags, imr_diags *diags);

/* Read the services named of @p r, read from bytes [start, end) of @p text
 * with IMR__RATIONALE_SERVICES_LATER; nothing when they are read already.
 * Returns 0, IMR_ELIMIT (with a diagnostic) or IMR_ENOMEM. */
int imr__rationale_services(imr_rationale *r, imr_worker *worker, const imr_text *text, size_t start, size_t end,
			    imr_diags *diags);

/* NULL is a no-op. */
void imr__rationale_free(imr_rationale *r);

/* The fingerprints of the words of @p spans of @p data (hash and simhash
 * as imr_rationale has them; both 0 for too few words, or when memory runs
 * out, which only leaves a rationale uncompared). */
void imr__rationale_fingerprint(const char *data, const imr_text_span *spans, size_t n, uint64_t *hash,
				uint64_t *simhash);

/* Bits in which two SimHashes differ. */
unsigned imr__rationale_distance(uint64_t a, uint64_t b);

#endif
