/* audit_impl.h - the parts of an audit shared by its source files (internal).
 *
 * An audit is split by concept: audit_inputs.c lists the inputs,
 * audit_letter.c reads one letter into its record and findings (on a
 * worker thread), audit_stats.c counts emitted letters into the
 * statistics, audit_cross.c keeps the compact keys and finds the
 * inconsistencies across letters, and audit.c runs the threads and hands
 * records out in input order. Only those files include this header. */
#ifndef IMR_AUDIT_IMPL_H
#define IMR_AUDIT_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "arena.h"
#include "audit.h"
#include "casekey.h"
#include "imrcheck/audit.h"
#include "imrcheck/extract.h"
#include "imrcheck/letter.h"
#include "imrcheck/review.h"
#include "rationale.h"
#include "regex.h"


typedef struct imr__audit_slot {
	imr_audit_letter letter;
	imr_arena arena;
	imr_finding *findings;
	size_t nfindings, capfindings;
	imr_finding *muted;      /* findings a mute entry left out */
	size_t nmuted, capmuted;
} imr__audit_slot;

/* Strings held by number in the compact keys: the same procedure,
 * service, criterion or signature is stored once however many items
 * carry it. */
typedef struct imr__strtab {
	const char **strs;   /* by id */
	size_t count, cap;
	uint32_t *index;     /* open addressing: id + 1, or 0 for empty */
	size_t nindex;
} imr__strtab;

/* What the cross-letter pass needs of a governed item with a procedure,
 * once its letter's record is released. */
typedef struct imr__kept_item {
	uint32_t letter, item;  /* the item's number is item + 1 */
	uint32_t key;        /* "procedure|signature" */
	uint32_t service;
	unsigned char actual, predicted;
} imr__kept_item;

/* What the comparison of rationales across letters needs of an item whose
 * rationale says enough of its case to compare (imr_audit_item.case_print). */
typedef struct imr__kept_print {
	uint64_t print, simprint;
	uint32_t letter, item, service, line;
} imr__kept_print;

/* A finding's phrase key (audit_phrase.c) and what was counted of it:
 * the letters with it, their items, the first finding's place, and the
 * group (position + 1 in imr_audit.groups) once a second letter has it. */
typedef struct imr__phrase_entry {
	uint64_t key;           /* 0: an empty slot */
	uint32_t letters, items;
	uint32_t first_letter, first_item;
	uint32_t group;
} imr__phrase_entry;

/* The statistics' tallies, filled as letters are emitted: where[id] is
 * the position + 1 of the tally of string id. */
typedef struct imr__tally_set {
	imr_tally *items;
	size_t count, cap;
	size_t *where;
	size_t capwhere;
} imr__tally_set;

struct imr_audit {
	const imr_rules *rules;
	const imr_audit_inputs *inputs;
	imr_limits limits;
	imr_eval_options eval_opts;
	int release;                  /* free each record once emitted */
	const imr_audit_options *opts; /* while letters are fed (imr__audit_feed) */
	imr_audit_inputs *own_inputs; /* the names of fed letters, as shown */
	size_t emitted;
	imr__audit_slot **slots;                 /* by input index; NULL before its letter is
				       * done, and after it is released */
	size_t count;
	imr_arena arena;              /* statistics, keys and cross-letter findings */
	imr_finding *findings;        /* all findings, letter order then cross-letter */
	size_t nfindings;
	imr_audit_stats stats;
	int f_category, f_procedure;
	int f_mtus_not_applicable;    /* the rationale says why it leaves the MTUS */
	int f_source_kind;            /* citation.source_kind, and two of its members */
	int m_source_guideline, m_source_peer_reviewed;
	int f_request_statement;      /* rationale.request_statement */
	int f_conclusion;             /* rationale.conclusion */
	int f_regions;                /* request.regions */
	unsigned char *held;          /* per fact: what a rationale says of it is held
				       * against the summary (imr__audit_held_facts) */
	int all_findings;             /* keep the experimental codes too */
	/* what is kept of every emitted letter */
	imr__strtab strings;
	imr__kept_item *kept;
	size_t nkept, capkept;
	imr__kept_print *prints;      /* in the order letters were counted */
	size_t nprints, capprints;
	uint32_t *key_procedure, *key_unmet;  /* by key id: procedure, unmet criteria */
	size_t capkeyproc, capkeyunmet;
	imr__tally_set proc, guide, spec, uncov, why, strength;
	imr__casekeys cases;          /* the case of every letter counted, with its first letter */
	size_t *unmet_count;          /* by criterion id */
	size_t capunmet;
	uint32_t *unmet_ids;          /* criteria counted, first seen first */
	size_t nunmet_ids, capunmet_ids;
	imr_reason_tally *reasons;    /* by fact index: the items giving each reason */
	imr__phrase_entry *phrases;   /* open addressing by phrase key */
	size_t nphrases, capphrases;
	imr_phrase_group *groups;     /* phrases that repeat, first repeated first */
	size_t ngroups, capgroups;
	const imr_mute *mutes[2];     /* the rule set's entries, then the options' */
	imr_mute_tally *mute_counts;  /* by entry, in that order */
	size_t nmutes;
	imr_matcher *mute_matcher;    /* the emitting thread's, for the mute regexes */
	/* threads */
	atomic_size_t next;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t done, failed;
	int error;                    /* a worker could not even start */
	atomic_ulong regex_calls;     /* pcre2_match() calls of every worker */
};

/* ---- audit_inputs.c ---- */

/* Add an input named @p path (a prefix of @p link_len bytes is the link
 * it was reached through) with @p error, or NULL. @return IMR_OK or
 * IMR_ENOMEM (the list is then marked failed). */
int imr__audit_inputs_put(imr_audit_inputs *in, const char *path, const char *error, size_t link_len);

/* ---- audit_letter.c ---- */

/* Read input @p index into @p s (zeroed by the caller) with worker @p w:
 * its record, items and findings, or why it failed. Never fails itself:
 * a letter that cannot be read is a failed letter. */
void imr__audit_process(imr_audit *au, imr_worker *w, imr__audit_slot *s, size_t index);

/* @p path as the reports show it (imr__path_escape()), in @p arena; NULL
 * for NULL or when memory runs out (the arena is then marked failed). */
const char *imr__audit_shown_name(imr_arena *arena, const char *path);

/* A new finding of item @p item of the letter of @p s (zeroed but for
 * its type, code, letter and item), or NULL when memory runs out (the
 * slot's arena is then marked failed). */
imr_finding *imr__audit_new_finding(imr__audit_slot *s, imr_finding_type type, const char *code, size_t item);

/* ---- audit_consistency.c ---- */

/* The findings of item @p k from its rationale's own words (@p ras[k],
 * read by rationale.h; NULL when it has none) and against the rationales
 * of the letter's earlier items: a conclusion that is not the decision, a
 * rationale pasted under another service. The services a rationale names
 * are read (with @p w, from @p text) only for a rationale that is a copy.
 * @return 0, IMR_ELIMIT (a diagnostic in @p diags) or IMR_ENOMEM. */
int imr__audit_consistency(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_text *text,
			   const imr_review *r, imr_rationale *const *ras, const imr_audit_item *items, size_t k,
			   imr_diags *diags);

/* ---- audit_citation.c ---- */

/* "MTUS", "ODG", "MTUS+ODG", "none": the guidelines a party cited, in
 * @p arena. */
const char *imr__audit_guidelines_of(imr_arena *arena, const imr_basis *b);

/* The facts what a rationale says of is held against the case summary
 * (rationale-contradicted, rationale-unsupported): booleans that are an
 * objective finding or a part of the history. One byte per fact; the
 * caller frees it. NULL when out of memory (audit_letter.c). */
unsigned char *imr__audit_held_facts(const imr_rules *rules);

/* The findings of item @p k's citations (@p ai its record): a citation
 * about another procedure, a decision resting on sources that are no
 * evidence, the MTUS set aside, the parties' guidelines differing.
 * Returns 0 or a negative status (a match error). */
int imr__audit_citation_findings(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_review_item *ri,
				 const imr_audit_item *ai, size_t k);

/* ---- audit_scope.c ---- */

/* The finding of a rationale that judges item @p k as another service (a
 * region or an imaging modality of the same family as the item's, and
 * never the item's own) in the sentences that state what is requested.
 * Returns 0 or a negative status. */
int imr__audit_scope_findings(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_text *text,
			      const imr_review_item *ri, size_t k);

/* ---- audit_phrase.c ---- */

/* Whether phrases @p a and @p b are the same but for ASCII case and runs
 * of white space (0 when either is NULL). */
int imr__phrase_same(const char *a, const char *b);

/* The key of @p f's code, message and phrase (never 0). */
uint64_t imr__phrase_key(const imr_finding *f);

/* Make the findings of the letter of @p s with the same code, message
 * and phrase one finding, on the first one's item, the others' items in
 * its also[] (in the slot's arena). @return 0 or IMR_ENOMEM. */
int imr__audit_collapse(imr__audit_slot *s);

/* Count the phrases of an emitted letter's findings, and point each
 * finding whose phrase an earlier letter's finding had at that one
 * (imr_finding.phrase_file). @return 0 or IMR_ENOMEM. */
int imr__audit_note_phrases(imr_audit *au, imr__audit_slot *s);

/* The statistics' phrases (imr_audit_stats.by_phrase). */
int imr__audit_finish_phrases(imr_audit *au);
void imr__audit_phrases_dispose(imr_audit *au);

/* ---- audit_stats.c ---- */

/* The id of @p str, copied into @p arena when new; -1 when memory runs out. */
long imr__strtab_intern(imr__strtab *t, imr_arena *arena, const char *str);
void imr__strtab_dispose(imr__strtab *t);
void imr__tally_set_dispose(imr__tally_set *set);

/* Room for @p id in an array of @p size-byte elements indexed by string
 * id, new elements zeroed. */
int imr__audit_grow_by_id(void *array, size_t *cap, size_t id, size_t size);

/* Count an emitted letter into the statistics and keep what the pass
 * across letters needs of it; a letter repeating a case is marked so. */
int imr__audit_account_letter(imr_audit *au, imr__audit_slot *s);

/* Whether finding @p f is muted: the entry's counter is bumped and 1 is
 * returned, or 0 (audit_stats.c). */
int imr__audit_mute(imr_audit *au, const imr_finding *f);

/* The statistics from what was counted, with @p ncross findings across
 * letters. */
int imr__audit_finish_stats(imr_audit *au, size_t ncross);

/* ---- audit_cross.c ---- */

/* Keep the compact key of item @p j of @p l (governed, with a procedure). */
int imr__audit_keep_item(imr_audit *au, const imr_audit_letter *l, size_t j);

/* Keep the fingerprints of item @p j of @p l (its case_print is set). */
int imr__audit_keep_print(imr_audit *au, const imr_audit_letter *l, size_t j);

/* The rationales whose statements about their case are, word for word or
 * nearly, those of a rationale of an earlier letter: findings in a new
 * array as imr__audit_inconsistencies() gives them. */
int imr__audit_copied_rationales(imr_audit *au, imr_finding **out, size_t *nout);

/* The inconsistencies across letters, in a new array (*out, the caller
 * frees it) of *nout findings whose strings live in the audit's arena. */
int imr__audit_inconsistencies(imr_audit *au, imr_finding **out, size_t *nout);

/* ---- audit.c ---- */

/* The name of letter @p index as the reports show it. */
const char *imr__audit_letter_file(imr_audit *au, size_t index);

#endif
