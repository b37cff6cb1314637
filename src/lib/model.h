/* model.h - the in-memory rule set model shared by the library (internal).
 *
 * Layout of a loaded rule set:
 *   vocabulary: enums (members with optional "associated" flag) and fact
 *               definitions, sorted by name for binary search;
 *   precedence: guideline tiers, highest first, and unencoded MTUS topics;
 *   rules:      each with an applies expression, criteria and test cases.
 * Everything is allocated once at load time and read-only afterwards; the
 * evaluator keeps its scratch state elsewhere, so threads may share it. */
#ifndef IMR_MODEL_H
#define IMR_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "imrcheck/buf.h"
#include "imrcheck/facts.h"
#include "imrcheck/rules.h"
#include "imrcheck/text.h"

/* The drug files, loaded (drugs.c); NULL without drug files. */
typedef struct imr_drugs imr_drugs;

/* ---- vocabulary ---- */

/* A member that names a wide area of which other members are parts ("arm"
 * against "shoulder"): an audit never sets it against a narrower member.
 * Kept as a bit of imr_enum.associated. */
#define IMR_MEMBER_BROAD 2

typedef struct imr_enum {
	char *name;
	char *description;
	char **members;
	char **member_descriptions;
	unsigned char *associated;  /* per member: 1 associated; IMR_MEMBER_BROAD */
	imr_facts **gives;          /* per member: request.* attributes an associated
				     * item of this procedure gives its primary, or NULL */
	char **family;              /* per member: the `family` it belongs to (regions of one
				     * limb or of the spine, imaging modalities), or NULL; the
				     * array itself is NULL for enums made without one */
	size_t count;
	const char *file;
	unsigned line, col;
} imr_enum;

typedef enum imr_scope {
	IMR_SCOPE_CASE = 0,   /* clinical facts of the case */
	IMR_SCOPE_REQUEST,    /* request.*: attributes of the item */
	IMR_SCOPE_PRIMARY     /* primary.*: set by the evaluator */
} imr_scope;

typedef struct imr_expr imr_expr;

/* The `finding` key of a fact: an objective finding of the record (exam,
 * imaging, diagnosis) or a part of its history (treatments, injections). */
enum { IMR_FINDING_KIND_NONE = 0, IMR_FINDING_KIND_OBJECTIVE, IMR_FINDING_KIND_HISTORY };

/* One way of computing a number fact from other number facts of its
 * scope: the product or the sum of all of them, or the difference or
 * quotient of two, when all are present. An input may be a constant. */
typedef enum imr_compute_op {
	IMR_COMPUTE_PRODUCT = 0, IMR_COMPUTE_SUM, IMR_COMPUTE_DIFFERENCE, IMR_COMPUTE_QUOTIENT
} imr_compute_op;

typedef struct imr_compute {
	imr_compute_op op;
	int *inputs;            /* vocabulary indexes; -1: the constant consts[k] */
	double *consts;         /* per input; used where inputs[k] is -1 */
	size_t ninputs;
} imr_compute;

typedef struct imr_factdef {
	char *name;
	imr_fact_type type;
	char *description;
	char *unit;
	char *of;               /* enum name (enum, set) */
	int enum_index;         /* resolved index into vocabulary enums, or -1 */
	int has_min, has_max;
	double min, max;
	imr_expr *derive;       /* boolean facts only; NULL if none */
	imr_compute *compute;   /* number facts: alternatives, first applicable wins */
	size_t ncompute;
	int finding;            /* IMR_FINDING_KIND_*: what an audit may check a rationale against */
	int describe;           /* shown when an item is described (request attributes) */
	imr_scope scope;
	const char *file;
	unsigned line, col;
	size_t order;           /* position in load order, for "first defined" */
} imr_factdef;

/* ---- fact values ---- */

typedef struct imr_ev_store {
	char *text, *source;
	unsigned line;
	size_t start, end;
	unsigned flags;
} imr_ev_store;

typedef struct imr_value {
	imr_fact_status status;
	double num;             /* boolean 0/1, number, date (days), enum member */
	uint16_t *members;      /* set: sorted member indices */
	size_t nmembers;
	imr_evidence *ev;       /* evidence views (strings owned by ev_store) */
	imr_ev_store *ev_store;
	size_t nev;
	size_t ev_more;         /* agreeing matches beyond the evidence limit */
} imr_value;

struct imr_facts {
	const imr_rules *rules;
	/* One slot per vocabulary fact, of which a letter's sets write a few
	 * dozen out of hundreds: only slots whose bit in @c written is set hold
	 * a value, the others are uninitialised and read as undocumented
	 * (imr__facts_value()). Zeroing every slot of every new set took a
	 * thirtieth of an audit's instructions. Every write goes through
	 * facts.c, which sets the bit. */
	imr_value *values;
	size_t count;
	uint64_t *written;
	/* bit i set: values[i] may own memory (members, evidence); a subset of
	 * @c written. Freeing reads these few words, not the hundreds of
	 * values. */
	uint64_t *owns;
};

/* The value every unwritten slot reads as: not documented, no evidence. */
extern const imr_value imr__undocumented;

/* Fact @p fact of @p facts, or an undocumented value when @p facts is NULL,
 * the fact is out of range or its slot was never written: never NULL.
 * Inline: evaluating a criterion reads a fact for every atom. */
static inline const imr_value *imr__facts_value(const imr_facts *facts, int fact)
{
	size_t i = (size_t)fact;
	if (!facts || fact < 0 || i >= facts->count || !(facts->written[i / 64] >> (i % 64) & 1))
		return &imr__undocumented;
	return &facts->values[i];
}

/* The documented values of a fact set, kept apart from it: what a rule's
 * test case states takes a few entries, where a whole imr_facts takes one
 * slot per vocabulary fact (hundreds of tests times the vocabulary). */
typedef struct imr_fact_pack {
	int *facts;             /* fact numbers, ascending */
	imr_value *values;      /* owned: members and evidence */
	size_t count;
} imr_fact_pack;

/* ---- expressions ---- */

typedef enum imr_expr_kind {
	IMR_EX_ALL, IMR_EX_ANY, IMR_EX_NOT, IMR_EX_AT_LEAST, IMR_EX_ATOM
} imr_expr_kind;

typedef enum imr_op {
	IMR_OP_TRUTHY, IMR_OP_EQ, IMR_OP_NE, IMR_OP_LT, IMR_OP_LE, IMR_OP_GT, IMR_OP_GE,
	IMR_OP_IN,        /* fact in [list]: enum membership, or set subset */
	IMR_OP_CONTAINS   /* member in fact: set membership */
} imr_op;

typedef enum imr_fn {
	IMR_FN_NONE, IMR_FN_COUNT, IMR_FN_DAYS_SINCE, IMR_FN_WEEKS_SINCE, IMR_FN_MONTHS_SINCE,
	IMR_FN_KNOWN   /* known(NAME): documented, never unknown */
} imr_fn;

struct imr_expr {
	imr_expr_kind kind;
	unsigned line, col;
	char *text;             /* source text: the atom, or a rendering */
	/* combinators */
	imr_expr **kids;
	size_t nkids;
	long at_least;
	/* atoms */
	int fact;               /* vocabulary index */
	imr_scope scope;        /* the fact's scope and type, copied from its */
	imr_fact_type type;     /* definition so that evaluation reads the atom only */
	imr_fn fn;
	imr_op op;
	double num;             /* number, date, boolean or enum member */
	uint16_t *list;         /* enum members of a list literal, sorted */
	size_t nlist;
	int list_literal;       /* the literal was a list */
};

/* ---- rules ---- */

typedef struct imr_cit {
	char *document, *chapter, *section, *pages, *confidence, *note;
	char *text;                    /* as results give it, with what a
					* criterion inherits from its rule
					* (imr__cit_format), made at load */
	unsigned line, col;            /* the citation mapping; 0 when not written */
	unsigned pages_line, pages_col; /* the pages value (for lint) */
} imr_cit;

typedef enum imr_undoc {
	IMR_UNDOC_NOT_DOCUMENTED = 0, IMR_UNDOC_MET, IMR_UNDOC_NOT_MET
} imr_undoc;

typedef struct imr_crit {
	char *id;
	char *full_id;          /* "<rule>/<id>" */
	char *text, *advice;
	imr_expr *when, *require;
	imr_undoc if_undocumented;
	int contraindication;
	int advisory;           /* role: advisory (advice only) rather than decisive */
	imr_cit cit;            /* fields NULL when inherited from the rule */
	unsigned line, col;
} imr_crit;

typedef struct imr_expect {
	size_t crit;            /* criterion index */
	int status;             /* imr_status */
	unsigned line, col;
} imr_expect;

typedef struct imr_rtest {
	char *name;
	int32_t date;
	imr_fact_pack request;  /* request.* attributes */
	imr_fact_pack primary;  /* primary.* attributes (same vocabulary) */
	imr_fact_pack facts;    /* case facts */
	int expect_necessary;   /* 1, 0, -1 when not given */
	imr_expect *expect;
	size_t nexpect;
	unsigned line, col;
} imr_rtest;

typedef struct imr_rule {
	char *id, *title, *guideline, *summary;
	int tier;               /* index in precedence order */
	imr_cit cit;
	int has_from, has_to;
	int32_t from, to;
	char from_text[11], to_text[11]; /* YYYY-MM-DD, made at load */
	unsigned eff_line, eff_col; /* the effective mapping; 0 when not written */
	imr_expr *applies;
	int complete;
	imr_recommendation rec;
	imr_crit *crits;
	size_t ncrits;
	imr_rtest *tests;
	size_t ntests;
	const char *file;
	unsigned line, col;
} imr_rule;

typedef struct imr_tier {
	char *guideline, *title, *basis;
} imr_tier;

typedef struct imr_unencoded {
	char *guideline, *title;
	int tier;
	int has_from, has_to;
	int32_t from, to;
	imr_expr *applies;
} imr_unencoded;

/* ---- lexicons ---- */

typedef struct imr_regex imr_regex;

/* What text a lexicon reads: requested services, clinical notes, guideline
 * citations, or decision rationales (which are also read with the notes
 * lexicons). */
typedef enum imr_lex_target {
	IMR_LEX_SERVICE = 0, IMR_LEX_NOTES, IMR_LEX_CITATION, IMR_LEX_RATIONALE, IMR_LEX_TARGETS
} imr_lex_target;

/* Contexts of a match (see docs/lexicon.md); the bits are public as
 * IMR_CONTEXT_* in extract.h. */
enum {
	IMR_CTX_NEGATED = 1, IMR_CTX_UNCERTAIN = 2, IMR_CTX_HISTORICAL = 4,
	IMR_CTX_HYPOTHETICAL = 8, IMR_CTX_PLANNED = 16, IMR_CTX_OTHER_PERSON = 32,
	IMR_CTX_AFFIRMED = 64,  /* only in accept masks: no other context */
	IMR_CTX_RECORD = 128,   /* a statement about the record, not the patient */
	IMR_CTX_QUALIFIED = 256 /* named with a qualifier (its notes, its result, its
				 * completion): informational, never decides counting */
};

typedef enum imr_combine {
	IMR_COMBINE_DEFAULT = 0, IMR_COMBINE_ANY, IMR_COMBINE_FIRST, IMR_COMBINE_LAST,
	IMR_COMBINE_MAX, IMR_COMBINE_MIN
} imr_combine;

typedef struct imr_lexentry {
	char *id;
	char *qualified;        /* "<lexicon>/<entry>" */
	int fact;               /* vocabulary index of the fact it sets */
	int absent;             /* sets the fact as documented absent */
	double num;             /* value: boolean 1, number, enum member */
	unsigned group;         /* value from this capture group; 0: fixed */
	double scale;           /* a number read from a group is multiplied by it (1) */
	int negation_ignore;    /* a negated match sets nothing */
	unsigned accept;        /* IMR_CTX_* contexts in which a match counts */
	imr_combine combine;
	imr_regex **patterns;
	char **sources;         /* pattern text, for messages */
	size_t npatterns;
	unsigned line, col;
	int shared;             /* an 'also' copy: id, name and patterns belong to
				 * the entry it copies */
	int target;             /* imr_lex_target of its lexicon (set by
				 * imr__lexicon_index) */
	uint32_t pattern_base;  /* the prefilter's number of patterns[0]; the
				 * others follow (set by imr__lexicon_index) */
} imr_lexentry;

typedef struct imr_infer {
	int fact;
	double num;
	int absent;
	imr_expr *when;
} imr_infer;

typedef struct imr_lexicon {
	char *name, *description;
	imr_lex_target target;
	imr_lexentry *entries;
	size_t nentries;
	imr_infer *infers;
	size_t ninfers;
	const char *file;
} imr_lexicon;

/* The trigger lists of the context file. Each list is its patterns, kept
 * apart so that each has its own atoms (prefilter.h); a search of a list
 * takes, at each position, the first pattern of the list that matches
 * there, as one alternation of them would. A list with a \K pattern is one
 * joined alternation instead (its starts could not be compared). */
enum {
	IMR_TRIG_NEG_BEFORE, IMR_TRIG_NEG_AFTER, IMR_TRIG_PSEUDO, IMR_TRIG_TERMINATOR,
	IMR_TRIG_UNCERTAIN, IMR_TRIG_HISTORICAL, IMR_TRIG_HYPOTHETICAL, IMR_TRIG_PLANNED,
	IMR_TRIG_OTHER, IMR_TRIG_RECORD, IMR_TRIG_QUAL_BEFORE, IMR_TRIG_QUAL_AFTER, IMR_TRIG_CASE,
	IMR_TRIG_COUNT
};

typedef struct imr_context_rules {
	int loaded;
	imr_regex **triggers[IMR_TRIG_COUNT];
	size_t ntriggers[IMR_TRIG_COUNT];
	unsigned window;        /* words */
	uint32_t trigger_base[IMR_TRIG_COUNT]; /* the prefilter's number of each
						* list's first pattern (imr__lexicon_index) */
	const char *file;
} imr_context_rules;

struct imr_rules {
	char **files;           /* loaded files, in load order */
	size_t nfiles;
	struct imr_mute *mute;   /* audit-mute files, or NULL when there are none */
	imr_enum *enums;
	size_t nenums;
	imr_factdef *facts;     /* sorted by name */
	size_t nfacts;
	int *describe_order;    /* the facts with 'describe', in load order */
	size_t ndescribe;
	imr_tier *tiers;
	size_t ntiers;
	imr_unencoded *unencoded;
	size_t nunencoded;
	imr_rule *rules;
	size_t nrules;
	imr_lexicon *lexicons;
	size_t nlexicons;
	/* every inference of one lexicon target, ordered so that an inference
	 * runs after those that set a fact its condition reads (file order
	 * otherwise); borrowed from the lexicons */
	const imr_infer **infer_order[IMR_LEX_TARGETS];
	size_t ninfer_order[IMR_LEX_TARGETS];
	imr_context_rules context;
	struct imr_prefilter *prefilter;  /* the atoms of every pattern above */
	/* Lexicon entries by number (lexicon order), the number of the entry of
	 * each lexicon pattern as the prefilter numbers patterns, and the
	 * entries with a pattern that has no atoms (searched on every text):
	 * an extraction searches the entries of the patterns a text's scan
	 * found atoms of, not every entry (imr__lexicon_index) */
	const imr_lexentry **entry_list;
	uint32_t *pattern_entry;
	uint32_t *atomless_entries;
	size_t nentry_list, npattern_entry, natomless_entries;
	/* each entry's fact and target by number, so that an extraction passes
	 * over the candidate entries of other targets and facts without
	 * reading the entries themselves (seldom in cache) */
	int *entry_fact;
	unsigned char *entry_target;
	/* the same by the prefilter's pattern number (the fact and target of
	 * the pattern's entry): a candidate pattern of another fact is passed
	 * over without reading which entry it belongs to */
	int *pattern_fact;
	unsigned char *pattern_target;
	struct imr_layout *layout; /* the words of determination letters, or NULL
				    * when no letter-layout file was loaded */
	struct imr_specialties *specialties; /* reviewers' specialties by name
					      * (specialty.h), or NULL when no
					      * specialties file was loaded */
	char digest[65];
	/* well-known facts, resolved after loading (-1 when the vocabulary
	 * does not declare them) */
	int f_procedure, f_region, f_date, f_levels, f_level_count, f_associated_with, f_category;
	int f_primary_necessary, f_primary_procedure, f_primary_purpose, f_primary_region;
	imr_drugs *drugs;       /* drug data (drugs.c), or NULL */
	struct imr_eval_index *eval_index; /* the evaluator's lookups (eval.c) */
	struct imr_demand *demand; /* the facts each procedure's rules read (demand.c) */
};

/* ---- requests ---- */

typedef struct imr_req_item {
	char *id;
	char *service;
	char *primary_id;       /* named primary, or NULL */
	unsigned primary_line, primary_col;  /* where it is named */
	int has_date;
	int32_t date;
	imr_facts *attrs;       /* request.* attributes */
	unsigned line, col;
} imr_req_item;

struct imr_request {
	const imr_rules *rules;
	int32_t date;
	int date_given;
	imr_facts *facts;       /* case facts */
	imr_req_item *items;
	size_t nitems, cap;
};

/* The rule set a worker was made for (extract.c). */
typedef struct imr_worker imr_worker;
const imr_rules *imr__worker_rules(const imr_worker *worker);

/* Scan @p text for the prefilter's atoms into the worker, unless the
 * worker's last scan was of it: every extraction of the text's spans
 * reads that scan. Returns 0 or IMR_ENOMEM (extract.c). */
int imr__worker_scan(imr_worker *worker, const imr_text *text);

/* imr__worker_scan() of only the @p n ranges of @p text that will be read
 * (imr__hits_scan_ranges): searches elsewhere in the text are plain ones.
 * Returns 0 or IMR_ENOMEM (extract.c). */
struct imr_hits_range;
int imr__worker_scan_ranges(imr_worker *worker, const imr_text *text, const struct imr_hits_range *ranges,
			    size_t n);

/* The sentences of [start, end) of @p text into @p out (cleared first), as
 * imr__sentences_split() gives them, from the worker's memo of the spans
 * it split last: an audit splits each rationale several times (its runs
 * of case sentences, its reasons, its conclusion, the scope check).
 * Returns 0 or IMR_ENOMEM (extract.c). */
struct imr_sentences;
int imr__worker_sentences(imr_worker *worker, const imr_text *text, size_t start, size_t end,
			  struct imr_sentences *out);

/* Whether [s, s+len) speaks of the case at hand (a case_reference trigger
 * of the context file matches): 1 yes, 0 no, 2 when the context file has
 * no case_reference list, negative on a match error (extract.c). The
 * worker's scan is read when it covers [s, s+len) by address, so a
 * sentence of a text must come after imr__worker_scan() of that text (an
 * earlier text, since freed, may have had the same addresses). */
int imr__extract_is_case_sentence(imr_worker *worker, const char *s, size_t len);

/* Whether a trigger of context list @p list (IMR_TRIG_*) occurs in
 * [s, s+len): 1 yes, 0 no, 2 when the list is empty, negative on a match
 * error (extract.c). */
int imr__extract_sentence_has(imr_worker *worker, int list, const char *s, size_t len);

/* An audit's worker needs facts, not the listing of every match: its
 * extractions come back empty (extract.c). */
void imr__worker_lean(imr_worker *worker, int lean);

struct imr_extraction; /* imrcheck/extract.h */

/* imr_extract_notes() searching only the entries of the facts marked in
 * @p want (rules->nfacts bytes; NULL: all): every fact marked gets the
 * value a search of every entry gives it when the marks are closed over
 * what facts are made from (demand.h); the others stay undocumented. The
 * match limit counts the matches of the entries searched. */
int imr__extract_notes_of(struct imr_extraction **out, imr_worker *worker, const imr_text *text, size_t start,
			  size_t end, const char *source, imr_facts *facts, const unsigned char *want,
			  imr_diags *diags);

/* A part of a text. */
typedef struct imr_text_span {
	size_t start, end;
} imr_text_span;

/* A match of a span, as imr__extract_spans() reports it. */
typedef struct imr_span_match {
	int fact;               /* vocabulary index */
	int counted;            /* it counts in its context */
	int absent;             /* it documents the fact absent */
	unsigned flags;         /* its context (IMR_CONTEXT_* bits) */
	const char *text;       /* the text, for its sentence: */
	size_t sent_start, sent_end;  /* clipped as evidence is */
} imr_span_match;

typedef int (*imr_span_fn)(void *ctx, size_t span, const imr_span_match *matches, size_t count);

/* The matches of the `notes` lexicons in each of @p n spans of @p text,
 * found exactly as imr_extract_notes() finds them for that span (its own
 * sentences, context and subject end), in text order, handed to @p fn
 * span by span; nothing is combined into facts and no listing is built.
 * Only the entries of the facts marked in @p want are searched (NULL:
 * all); the match limit counts their matches.
 * The text is scanned for atoms once for all of them (and not again when
 * the worker already scanned it). Returns 0, the first negative return of
 * @p fn, or the extraction's IMR_ELIMIT (with a diagnostic) / IMR_ENOMEM. */
int imr__extract_spans(imr_worker *worker, const imr_text *text, const imr_text_span *spans, size_t n,
		       const unsigned char *want, imr_diags *diags, imr_span_fn fn, void *ctx);

/* The facts the `rationale` lexicons find in bytes [start, end) of
 * @p text, read as imr_extract_rationale() reads them (the span's own
 * sentences, the context triggers, whether each match counts): found[f]
 * is set to 1 for each fact f with a counted match that does not document
 * it absent (@p found holds rules->nfacts bytes; marks already there are
 * kept). One search of the rationale lexicons over the span; nothing is
 * combined and no listing is built, and the text is scanned for atoms
 * once however many of its spans are read. Returns the number of facts
 * newly marked, or IMR_ELIMIT (with a diagnostic) / IMR_ENOMEM. */
int imr__extract_rationale_facts(imr_worker *worker, const imr_text *text, size_t start, size_t end,
				 unsigned char *found, imr_diags *diags);

/* The listing imr_extract_rationale() would make of [start, end) of @p
 * text, cut down to the matches of fact @p fact: the same matches, values,
 * contexts and sentences, from a search of that fact's entries alone, and
 * no facts combined. The caller owns *out (imr_extraction_free()). Returns
 * 0, or IMR_ELIMIT (with a diagnostic) / IMR_ENOMEM. */
int imr__extract_rationale_fact(struct imr_extraction **out, imr_worker *worker, const imr_text *text, size_t start,
				size_t end, int fact, imr_diags *diags);

/* A match of a service text, as imr__extract_service_values() reports it:
 * its fact (vocabulary index) and its value as imr_match.value has it. */
typedef int (*imr_value_fn)(void *ctx, int fact, const char *value);

/* The matches imr_extract_service() would list for @p service, in the
 * same order (its normalisation, scan, context and values), each handed to
 * @p fn as its fact and value; nothing is combined into facts and no
 * evidence or listing is built, which is most of the cost of a short
 * text. Returns 0, the first negative return of @p fn, or IMR_ELIMIT
 * (with a diagnostic) / IMR_ENOMEM / IMR_EINVALID (the text). */
int imr__extract_service_values(imr_worker *worker, const char *service, imr_diags *diags, imr_value_fn fn,
				void *ctx);

/* Append a match's sentence, whitespace collapsed, to @p out (as
 * imr_match.sentence has it). Returns 0 or IMR_ENOMEM. */
int imr__span_match_sentence(const imr_span_match *m, imr_buf *out);

/* pcre2_match() calls the worker has made (extract.c; for the benchmark). */
unsigned long imr__worker_regex_calls(const imr_worker *worker);

/* Whether a pattern of an entry setting @p fact, in a lexicon of target
 * @p target (IMR_LEX_*), occurs anywhere in @p text, context aside: 1 yes,
 * 0 no (or @p fact < 0), negative on a match error (extract.c). */
int imr__extract_says(imr_worker *worker, int target, const char *text, int fact);

/* Whether @p text says @p fact or else @p other (either may be -1), as
 * imr__extract_says() of one and then the other would say, with one scan
 * of the text. */
int imr__extract_says_either(imr_worker *worker, int target, const char *text, int fact, int other);

/* 0 when no entry of a lexicon of @p target setting @p fact or @p other
 * (either may be -1) can match [s, s+len) of the text the worker last
 * scanned, with its runs of white space made one space or not (no atom of
 * their patterns occurs there: imr__hits_atom_within); 1 when one may. A
 * cheap look before imr__extract_says_either() over such a sentence. */
int imr__extract_may_say_either(imr_worker *worker, int target, const char *s, size_t len, int fact, int other);

/* Whether any citation lexicon can name member @p member of enum fact
 * @p fact as a citation's topic: only then can a citation be said to be
 * about another topic than the request (extract.c). */
int imr__citation_topic_known(const imr_rules *rules, int fact, int member);

/* The values of enum fact @p fact that the `citation` lexicons find in
 * @p text, each once, in order of first match. Returns the count (at most
 * @p max) or a negative status. */
int imr__extract_topics(imr_worker *worker, const char *text, int fact, uint16_t *out, size_t max);

/* Vocabulary lookups (facts.c). */
int imr__vocab_fact(const imr_rules *rules, const char *name, size_t len);
int imr__vocab_enum(const imr_rules *rules, const char *name, size_t len);
int imr__vocab_member(const imr_enum *en, const char *name, size_t len);
const char *imr__fact_type_name(imr_fact_type type);
const char *imr__fact_type_phrase(imr_fact_type type);
/* "0 to 100", "at least 0", "at most 10": a number fact's range, for
 * messages (thread-local storage, valid until the next call). */
const char *imr__fact_range_text(const imr_factdef *def);  /* "a boolean", "an enum" */

/* Fact values (facts.c). */
/* Note @p more agreeing matches of fact @p fact beyond its evidence. */
void imr__facts_set_more(imr_facts *facts, int fact, size_t more);
int imr__facts_set_value(imr_facts *facts, int fact, imr_fact_status status, double num,
			 const uint16_t *members, size_t nmembers);
int imr__facts_add_ev(imr_facts *facts, int fact, const imr_evidence *ev);

/* Set every undocumented number fact that has a 'compute' from the facts
 * it is computed from, when they are present, with the arithmetic as its
 * evidence ("2 x 6 = 12"). Computed facts may feed others. Returns 0 or
 * IMR_ENOMEM. */
int imr__facts_compute(imr_facts *facts);
/* A fact's value as some store of values holds it (a whole set, an
 * overlay): never NULL. */
typedef const imr_value *(*imr__value_fn)(const void *ctx, int fact);
/* The value of number fact @p def by its first 'compute' alternative whose
 * inputs (read through @p get) are all present and whose result is in the
 * fact's range, with the arithmetic appended to @p text ("2 x 6 = 12 (a x
 * b)"). Returns 1 with *out set, 0 when no alternative applies, or
 * IMR_ENOMEM. Shared by imr__facts_compute() and the overlays (overlay.c). */
int imr__compute_fact(const imr_rules *rules, const imr_factdef *def, imr__value_fn get, const void *ctx,
		      double *out, imr_buf *text);
int imr__facts_copy(imr_facts *dst, const imr_facts *src);
/* Move every documented value of @p from into @p out (which must be
 * empty), leaving @p from with nothing documented, ready to be filled
 * again. On IMR_ENOMEM both are unchanged. */
int imr__facts_pack(imr_fact_pack *out, imr_facts *from);
/* Copy the values of @p pack into @p dst (a set of the same rules). */
int imr__facts_unpack(imr_facts *dst, const imr_fact_pack *pack);
void imr__fact_pack_dispose(imr_fact_pack *pack);
/* Render a stored value into @p out (size bytes). */
void imr__value_text(const imr_rules *rules, int fact, const imr_value *v, char *out, size_t size);
/* The same text as imr__value_text() with room for 512 bytes, without
 * formatting where the value names a string of the rules ("true", "absent",
 * an enum member): those are returned as they are (static or owned by
 * @p rules); numbers, dates and sets are written into @p arena. NULL when
 * the arena fails. */
struct imr_arena;
/* "%.0f" of an integral @p num below 1e15 in magnitude, without printf:
 * the digits, with the sign "%.0f" gives (-0 included), and a NUL. Returns
 * the length. */
size_t imr__integer_text(char out[24], double num);
const char *imr__value_string(struct imr_arena *arena, const imr_rules *rules, int fact, const imr_value *v);

/* imr_rules_load_paths() over @p paths plus one in-memory rule file of
 * @p len bytes at @p data, loaded last under the name @p name as if read
 * from a file of that name (rules_load.c; for the fuzz targets). */
int imr__rules_load_buffer(imr_rules **out, const char *const *paths, size_t count,
			   const char *name, const char *data, size_t len,
			   const imr_rules_options *opts, imr_diags *diags);

/* Citation rendering (rules.c); *out owned by the caller. */
int imr__cit_format(char **out, const imr_cit *cit, const imr_cit *fallback);

#endif
