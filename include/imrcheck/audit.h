/* imrcheck/audit.h - auditing a corpus of determination letters.
 *
 * An audit reads every letter of a corpus (files and directories, PDFs or
 * text) on worker threads, reviews each one (review.h), keeps a compact
 * record per letter, and then looks across the corpus: where reviewers and
 * guidelines disagree (findings), how much of the corpus the rules govern
 * (coverage), and how often predictions agree (statistics).
 *
 * Every input is accounted for: a file that cannot be read or parsed is a
 * failed letter with its reason, and the run goes on. Results are kept by
 * input index and everything is computed from them in input order, so the
 * audit is the same byte for byte whatever the number of threads. A case
 * given twice (as .txt and .pdf, or two copies) is counted once, under
 * its first letter in input order; the others are reported as its
 * duplicates. */
#ifndef IMRCHECK_AUDIT_H
#define IMRCHECK_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "common.h"
#include "diag.h"
#include "eval.h"
#include "limits.h"
#include "mute.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- inputs ---- */

/** One input file, or a path that could not be listed. */
typedef struct imr_audit_input {
	const char *path;
	const char *error;   /* why it cannot be read (symlink loop, unreadable
			      * directory, not a regular file), or NULL */
	const char *link;    /* the symbolic link it was reached through, below
			      * a path given (a prefix of path), or NULL */
} imr_audit_input;

typedef struct imr_audit_inputs imr_audit_inputs;

/** Expand @p paths into input files: a file is itself; a directory gives
 *  every *.txt and *.pdf file below it (recursively, in byte order of the
 *  path, skipping hidden names), following symlinks but never a loop. A
 *  directory or file reached again through another link is read once,
 *  under the first path in that order. Paths that cannot be listed are
 *  kept as inputs with an error, so the audit reports them: a symbolic
 *  link back into a directory being read ("symbolic link loop: ..."), a
 *  broken or looping link, an unreadable directory, a file that is not a
 *  regular file (it is never opened), directories nested deeper than
 *  limits->dir_depth. @p limits may be NULL (the defaults). The caller owns
 *  *out (imr_audit_inputs_free()). The same as imr_audit_inputs_new() and
 *  imr_audit_inputs_add() for each path.
 *  @return IMR_OK or IMR_ENOMEM. */
IMR_API int imr_audit_collect(imr_audit_inputs **out, const char *const *paths, size_t count,
			      const imr_limits *limits);

/** An empty list of inputs, to fill one path at a time. The caller owns
 *  *out (imr_audit_inputs_free()). @return IMR_OK or IMR_ENOMEM. */
IMR_API int imr_audit_inputs_new(imr_audit_inputs **out, const imr_limits *limits);

/** Add @p path as imr_audit_collect() does: a file, or the letters below
 *  a directory; what was already added through another path is not added
 *  again. @return IMR_OK or IMR_ENOMEM. */
IMR_API int imr_audit_inputs_add(imr_audit_inputs *inputs, const char *path);

/** Add an input that is known not to be readable, named @p name (for
 *  example "<stdin>:3" for a bad line of a list of paths), with the
 *  reason @p error: the audit reports it as a failed letter, in its place.
 *  @return IMR_OK or IMR_ENOMEM. */
IMR_API int imr_audit_inputs_add_failed(imr_audit_inputs *inputs, const char *name,
					const char *error);

IMR_API size_t imr_audit_inputs_count(const imr_audit_inputs *inputs);

/** Input @p index (0-based, in the order of the audit) into @p out. The
 *  list is kept compact (about 30 bytes a path for a corpus whose paths
 *  share their directories), so the path is decoded on each call: out's
 *  path and link point into @p scratch, which the caller owns (initialised,
 *  imr_buf_dispose() when done) and which stays valid until its next use;
 *  out->error points into @p inputs. Threads may read one list at once,
 *  each with its own scratch, while nothing is added to it.
 *  @return IMR_OK, IMR_EINVALID (no such input) or IMR_ENOMEM. */
IMR_API int imr_audit_inputs_get(const imr_audit_inputs *inputs, size_t index, imr_audit_input *out,
				 imr_buf *scratch);
IMR_API void imr_audit_inputs_free(imr_audit_inputs *inputs);

typedef struct imr_finding imr_finding;

/* ---- per-letter records ---- */

typedef struct imr_audit_item {
	size_t number;            /* 1-based within its letter */
	const char *service;
	const char *category;     /* request.category, or "other" */
	const char *procedure;    /* request.procedure, or NULL when unclassified */
	const char *region;
	imr_outcome actual;       /* the reviewer's decision */
	imr_outcome predicted;
	int agrees;               /* 1, 0, or -1 when the prediction is indeterminate */
	const char *reason;       /* why indeterminate, or NULL */
	imr_undecided undecided;  /* the kind of reason, IMR_UNDECIDED_NONE when decided */
	imr_strength strength;    /* what the prediction rests on (IMR_STRENGTH_NONE when
				   * indeterminate) */
	const char *rule;         /* governing rule id, or NULL */
	const char *guideline;    /* governing rule's guideline, or NULL */
	const char *rule_citation;
	const char *reviewer_guideline;  /* "MTUS", "ODG", "MTUS+ODG", ..., or "none" */
	const char *reviewer_citation;   /* the reviewer's guideline line as written */
	const char *signature;    /* the criterion statuses, "id=status;..." */
	const char *const *unmet; /* criteria not met or not documented */
	size_t unmet_count;
	const char *rationale;    /* the reviewer's rationale */
	unsigned rationale_line;  /* its first line in the letter */
	/* Fingerprints of what the rationale says of this case (its case
	 * sentences, letters only): exact, and a SimHash of word trigrams; 0
	 * when it says too little of the case to compare. Two letters about
	 * different cases should never share them (the comparison across
	 * letters, rationale-copied-across-letters). */
	uint64_t case_print, case_simprint;
	const char *const *reasons; /* the reasons the rationale gives for its decision
				   * (docs/audit.md, "Reading a rationale"): names of
				   * denial.* and approval.* facts, in vocabulary order,
				   * each once; the strings are the rule set's */
	size_t reason_count;
} imr_audit_item;

typedef struct imr_audit_letter {
	size_t index;             /* position among the inputs */
	const char *file;
	int failed;               /* could not be read or parsed */
	const char *error;        /* why, when failed */
	const char *case_number, *layout, *specialty, *decision_date, *request_date;
	const imr_audit_item *items;
	size_t item_count;
	const imr_finding *findings;  /* this letter's own findings (all but inconsistency) */
	size_t finding_count;
	const char *link;         /* the symbolic link the file was reached through
				   * (a prefix of file), or NULL */
	const char *text_digest;  /* for a letter that states no case number: a
				   * digest of its text with white space runs
				   * collapsed (32 hex digits), what tells a copy
				   * of it; NULL otherwise */
	const imr_finding *muted; /* the findings of this letter a mute entry left
				   * out (imr_audit_options.mute), kept so that JSON
				   * Lines can carry them and a merge mute them again */
	size_t muted_count;
	const char *duplicate_of; /* the file of the first letter (in input order)
				   * of the same case, when this letter repeats it:
				   * the same case number, or without one the same
				   * text. Such a letter is counted once, under the
				   * first: the audit sets this before on_letter sees
				   * the letter and leaves it no items or findings */
	const char *licensure;    /* the reviewer's licensure as the letter states it
				   * ("California,North Carolina"), or NULL */
	const char *summary;      /* the clinical case summary, or NULL: for the
				   * reports that show it (HTML); released with the
				   * rest of the record (release_letters) */
} imr_audit_letter;

/* ---- findings ---- */

typedef enum imr_finding_type {
	IMR_FINDING_DISCORDANCE = 0, /* the reviewer's decision differs from the prediction */
	IMR_FINDING_RATIONALE,       /* the rationale is contradicted by, or not found in, the summary */
	IMR_FINDING_CITATION,        /* the citation does not fit the service, or the parties differ */
	IMR_FINDING_INCONSISTENCY    /* same procedure and criterion statuses, different decisions */
} imr_finding_type;

/** How much a finding matters to the outcome of its item, highest last so
 *  that a zeroed finding is of the least. */
typedef enum imr_finding_severity {
	IMR_FINDING_SEVERITY_LOW = 0,     /* a side remark: true, but the decision does not rest on it */
	IMR_FINDING_SEVERITY_MEDIUM,      /* a flaw in the review that may bear on the decision */
	IMR_FINDING_SEVERITY_HIGH         /* bears on the outcome: the decision rests on what is wrong */
} imr_finding_severity;

struct imr_finding {
	imr_finding_type type;
	imr_finding_severity severity;
	const char *code;         /* stable name, e.g. "rationale-contradicted" (docs/audit.md) */
	size_t letter;            /* index of the letter */
	size_t item;              /* 0-based item within the letter */
	size_t other_letter, other_item;  /* the contrasting item (inconsistency), or (size_t)-1 */
	const char *message;      /* one line */
	const char *evidence;     /* the text that shows it */
	int experimental;         /* a code below the precision bar (imr_finding_code_experimental()),
				   * present only when imr_audit_options.all_findings is set */
	/* The reviewer's words the finding rests on (a sentence of the
	 * rationale, a guideline line), or NULL when it is about the item as a
	 * whole. A stock phrase pasted under several items of a letter makes
	 * the same finding on each: they are one finding, on its first item,
	 * with the others in also[] (0-based, ascending). */
	const char *phrase;
	const size_t *also;
	size_t also_count;
	/* When an earlier letter (in input order) has a finding of the same
	 * code, message and phrase: that letter's file and the finding's
	 * 0-based item (the stock phrase is counted in
	 * imr_audit_stats.by_phrase); NULL otherwise. */
	const char *phrase_file;
	size_t phrase_item;
};

/** Whether finding @p f is on item @p item (0-based): its own, or one
 *  collapsed into it (also[]). */
IMR_API int imr_finding_on_item(const imr_finding *f, size_t item);

/* ---- statistics ---- */

typedef struct imr_tally {
	const char *key;          /* procedure, guideline, specialty or category */
	size_t items, agree, disagree, indeterminate;
} imr_tally;

/** The items whose rationale gives one reason, and how they were decided
 *  and predicted. */
typedef struct imr_reason_tally {
	const char *reason;       /* a denial.* or approval.* fact name */
	size_t items;
	size_t upheld, overturned;  /* the reviewer's decision */
	size_t predicted_upheld, predicted_overturned, indeterminate;  /* the rules' */
	size_t agree;             /* governed, and the prediction is the decision */
} imr_reason_tally;

/** How many findings one mute entry left out. */
typedef struct imr_mute_tally {
	const imr_mute_entry *entry;  /* borrowed from the imr_mute it came from */
	size_t count;
} imr_mute_tally;

typedef struct imr_unmet_count {
	const char *criterion;    /* "<rule>/<criterion>" */
	size_t count;             /* upheld items with it not met or not documented */
} imr_unmet_count;

/** A phrase of the reviewers that made the same finding (code, message)
 *  in several letters: a stock sentence. */
typedef struct imr_phrase_group {
	const char *code, *message, *phrase;
	const char *first_file;   /* the first letter with it, in input order */
	size_t first_letter;      /* that letter's index */
	size_t first_item;        /* 0-based, in that letter */
	size_t letters;           /* letters with a finding from it */
	size_t items;             /* the items of those findings (a finding of a
				   * letter may stand for several, imr_finding.also) */
} imr_phrase_group;

typedef struct imr_audit_stats {
	size_t letters, parsed, failed, items;
	/* letters = parsed + failed + duplicates: a duplicate is a letter that
	 * repeats the case of one before it (imr_audit_letter.duplicate_of),
	 * counted in nothing else */
	size_t governed, ungoverned;        /* items a rule decided / indeterminate */
	imr_tally overall;
	const imr_tally *by_procedure;  size_t by_procedure_count;
	const imr_tally *by_guideline;  size_t by_guideline_count;
	const imr_tally *by_specialty;  size_t by_specialty_count;
	const imr_tally *uncovered;     size_t uncovered_count;   /* ungoverned items by category */
	const imr_tally *by_undecided;  size_t by_undecided_count; /* ungoverned items by the kind of
								    * reason (imr_undecided_name) */
	const imr_tally *by_strength;   size_t by_strength_count;  /* governed items by what the
								    * prediction rests on, strongest first */
	size_t confusion[2][3];             /* [actual upheld, overturned][predicted overturned, upheld, indeterminate] */
	const imr_unmet_count *top_unmet; size_t top_unmet_count;  /* most frequent first */
	size_t findings_by_type[4];
	size_t duplicates;
	size_t muted;                       /* findings left out by a mute entry (in no
					     * other count) */
	const imr_mute_tally *by_mute; size_t by_mute_count;  /* every mute entry, in order,
							       * with what it muted (0 too) */
	size_t with_reasons;                /* items whose rationale gives a reason */
	const imr_reason_tally *by_reason; size_t by_reason_count;  /* every reason given,
								     * most items first */
	size_t phrase_repeats;              /* findings repeating a phrase of an earlier
					     * letter's (imr_finding.phrase_file) */
	const imr_phrase_group *by_phrase; size_t by_phrase_count;  /* phrases with findings
								     * in two letters or more,
								     * most letters first */
} imr_audit_stats;

/* ---- running ---- */

typedef struct imr_audit imr_audit;

/** Called on the calling thread as letters complete. */
typedef void (*imr_audit_progress_fn)(size_t done, size_t total, size_t failed, void *ctx);

/** Called on the calling thread for each letter in input order, as soon as
 *  it and every letter before it are done (for streamed output). A
 *  negative return stops the audit with that status. */
typedef int (*imr_audit_letter_fn)(const imr_audit_letter *letter, void *ctx);

typedef struct imr_audit_options {
	unsigned jobs;                     /* worker threads; 0 means 1 */
	const imr_limits *limits;          /* NULL: defaults */
	imr_audit_progress_fn progress;
	void *progress_ctx;
	imr_audit_letter_fn on_letter;
	void *letter_ctx;
	int strict_dates;                  /* imr_eval_options.strict_dates */
	int all_findings;                  /* also raise the experimental finding codes */
	int release_letters;               /* free each letter's record once on_letter
					    * has seen it (below) */
	const imr_mute *mute;              /* findings to leave out, after those of the
					    * rule set's own mute files (imr_rules_mute());
					    * NULL: only those. Must outlive the audit */
} imr_audit_options;

#define IMR_AUDIT_OPTIONS_INIT { 1, NULL, NULL, NULL, NULL, NULL, 0, 0 }

/** Whether finding @p code is experimental: judged against the letters it
 *  was raised on, fewer than 80% of its findings were worth an auditor's
 *  time (docs/audit.md, "Precision"), so an audit raises it only when asked
 *  for every finding. 0 for the other codes and for unknown ones. */
IMR_API int imr_finding_code_experimental(const char *code);

/** Whether @p code names a finding an audit can raise (0 for NULL). */
IMR_API int imr_finding_code_known(const char *code);

/** The number of finding codes, and code @p index of them (NULL past the
 *  end), in the order docs/audit.md describes them. */
IMR_API size_t imr_finding_code_count(void);
IMR_API const char *imr_finding_code_at(size_t index);

/** Audit @p inputs with @p rules. Failed letters do not fail the audit.
 *
 *  Memory: the statistics and the pass across letters need of each item
 *  only a compact key (its procedure and criterion statuses, decisions,
 *  category, guideline, the letter's specialty, the unmet criteria, its
 *  number and service, strings stored once however many items share
 *  them). With opts->release_letters, each letter's full record (items,
 *  rationale, findings with their evidence) is freed as soon as on_letter
 *  has returned for it, so a corpus of any size is read in memory that
 *  grows only by those keys; the reports are then written while the
 *  letters stream by (imr_audit_writer, report_audit.h). After such a run,
 *  imr_audit_letter_get() gives only the letters a cross-letter finding
 *  names (their file, link and, for the items named, number and service;
 *  NULL for the others), and imr_audit_finding_count()/get() only the
 *  cross-letter findings; the statistics count every finding.
 *
 *  @return IMR_OK, IMR_ENOMEM, IMR_ERROR (threads could not start), or a
 *  negative status returned by on_letter. The caller owns *out
 *  (imr_audit_free()); it does not point into @p inputs. */
IMR_API int imr_audit_run(imr_audit **out, const imr_rules *rules, const imr_audit_inputs *inputs,
			  const imr_audit_options *opts);

/** The audit of a corpus cut into shards, from the shards' outputs: the
 *  files @p shards written by `imrcheck audit --format jsonl` (an
 *  imr_report_audit_jsonl_letter() line per item or failed letter, then
 *  imr_report_audit_jsonl_tail()), in the order of the corpus. The letters
 *  are read back and go through the same counting, comparison across
 *  letters, opts->on_letter and release as imr_audit_run(), so statistics,
 *  findings and every report are those of one run over all the shards'
 *  letters in that order (opts->jobs is not used: nothing is re-read).
 *  Every shard must end with its summary line (a shard cut short is an
 *  error) and have been audited with @p rules (the digest). Problems are
 *  appended to @p diags (code "bad-shard" with the shard and line, or
 *  "io").
 *  @return IMR_OK, IMR_EINVALID, IMR_EIO, IMR_ENOMEM, or on_letter's
 *  status. The caller owns *out. */
IMR_API int imr_audit_merge(imr_audit **out, const imr_rules *rules, const char *const *shards, size_t count,
			    const imr_audit_options *opts, imr_diags *diags);

IMR_API void imr_audit_free(imr_audit *audit);

IMR_API size_t imr_audit_letter_count(const imr_audit *audit);
IMR_API const imr_audit_letter *imr_audit_letter_get(const imr_audit *audit, size_t index);
/** Every finding: each letter's own, in letter order, then the
 *  inconsistencies across letters. */
IMR_API size_t imr_audit_finding_count(const imr_audit *audit);
IMR_API const imr_finding *imr_audit_finding_get(const imr_audit *audit, size_t index);
IMR_API const imr_audit_stats *imr_audit_get_stats(const imr_audit *audit);

/** "decision discordance", ... for a finding type. */
IMR_API const char *imr_finding_type_name(imr_finding_type type);

/** "low", "medium" or "high". */
IMR_API const char *imr_finding_severity_name(imr_finding_severity severity);

/** The severity named @p name, or -1 for a name that is none. */
IMR_API int imr_finding_severity_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif
