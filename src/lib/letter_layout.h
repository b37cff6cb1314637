/* letter_layout.h - the words of determination letters, from YAML (internal).
 *
 * Files of kind `letter-layout` (rules/letter/letter-layout.yaml) list the
 * section headings, header and field labels, decision words and phrases
 * and citation lead-ins of IMR letters. The rules loader hands every such
 * file to imr__layout_load(); their lists are concatenated in load order
 * into one imr_layout held by the rule set, read-only afterwards. The
 * letter parser (letter*.c) knows the shapes and asks this module whether
 * a phrase of a list stands at a place in the text.
 *
 * Matching (docs/letters.md): case is ignored, and a space in a phrase
 * matches any run of spaces and line ends. Phrases carry no leading or
 * trailing spaces; where a shape needs a word after a phrase ("Decision
 * based on" + citation) the parser asks for the space itself. */
#ifndef IMR_LETTER_LAYOUT_H
#define IMR_LETTER_LAYOUT_H

#include <stddef.h>

#include "arena.h"
#include "imrcheck/diag.h"
#include "imrcheck/limits.h"
#include "yamltree.h"

/* What a section holds. */
typedef enum imr_lrole {
	IMR_LROLE_TITLE = 0,   /* the letter's title (the 2013 notice) */
	IMR_LROLE_OTHER,       /* bounds sections; its text is read for decisions only */
	IMR_LROLE_HOW,         /* how the review was made: credentials in prose */
	IMR_LROLE_CREDENTIALS, /* the labelled credentials block */
	IMR_LROLE_DOCUMENTS,   /* documents reviewed */
	IMR_LROLE_SUMMARY,     /* the clinical case summary */
	IMR_LROLE_DECISIONS,   /* the disputed items with their decisions */
	IMR_LROLE_COUNT
} imr_lrole;

/* Header fields (imr_letter_header), in the order of the YAML keys. */
enum {
	IMR_HF_CASE = 0, IMR_HF_ASSIGNED, IMR_HF_INJURY, IMR_HF_DECIDED, IMR_HF_UR, IMR_HF_RECEIVED,
	IMR_HF_PRIORITY, IMR_HF_COUNT
};

/* Credentials. */
enum { IMR_CRED_LICENSURE = 0, IMR_CRED_SPECIALTY, IMR_CRED_COUNT };

/* The labelled fields of an item, in the order they appear. */
enum { IMR_IF_CA = 0, IMR_IF_REV, IMR_IF_RAT, IMR_IF_COUNT };

/* Outcomes a phrase states (values of imr_outcome). */
enum { IMR_LOUT_NONE = -1, IMR_LOUT_UPHELD = 0, IMR_LOUT_OVERTURNED = 1 };

/* Guidelines a citation may name outside the MTUS. */
enum { IMR_GL_ODG = 0, IMR_GL_ACOEM, IMR_GL_COUNT };

/* Every list of the file. */
typedef enum imr_llist {
	IMR_LL_HEADINGS = 0,       /* value: imr_lrole */
	IMR_LL_HEADER_LABELS,      /* value: IMR_HF_* */
	IMR_LL_PRIORITIES,
	IMR_LL_CRED_LABELS,        /* value: IMR_CRED_* */
	IMR_LL_CRED_PROSE,         /* value: IMR_CRED_* */
	IMR_LL_SUMMARY_OPENERS,
	IMR_LL_FIELD_LABELS,       /* value: IMR_IF_* */
	IMR_LL_ITEM_HEADINGS,
	IMR_LL_PARTIAL,
	IMR_LL_SENTENCE_ENDS,
	IMR_LL_DECISION_WORDS,     /* value: IMR_LOUT_* */
	IMR_LL_DECISION_PHRASES,   /* value: IMR_LOUT_* */
	IMR_LL_DECISION_LABELS,
	IMR_LL_OPENERS,            /* value: IMR_LOUT_* (NONE: says no outcome) */
	IMR_LL_REQUESTS,
	IMR_LL_REFERENCES,
	IMR_LL_CITE_LEADINS,
	IMR_LL_CITE_SENTENCE_LEADINS,
	IMR_LL_CITE_NOT_CITATIONS,
	IMR_LL_CITE_MTUS,
	IMR_LL_CITE_NON_MTUS,
	IMR_LL_CITE_NO_EVIDENCE,
	IMR_LL_CITE_OUTSIDE_MTUS,
	IMR_LL_CITE_PART_OF_MTUS,
	IMR_LL_CITE_NOT_PART_OF_MTUS,
	IMR_LL_CITE_MTUS_MARKS,
	IMR_LL_CITE_SAME,
	IMR_LL_CITE_MTUS_CLAUSES,
	IMR_LL_CITE_NAME_ENDS,
	IMR_LL_CITE_SECTIONS,
	IMR_LL_CITE_PAGES,
	IMR_LL_CITE_DOCUMENT_ENDS,
	IMR_LL_CITE_GUIDELINES,    /* value: IMR_GL_* */
	IMR_LL_COUNT
} imr_llist;

typedef struct imr_lphrase {
	const char *text;      /* as written, NUL-terminated */
	size_t len;
	int value;             /* what the phrase means in its list (see imr_llist) */
	int layout;            /* headings: the imr_letter_layout it marks, or -1 */
	int is_inline;         /* headings: the section's text may follow on its line */
	const char *file;      /* where it is written */
	unsigned line, col;
} imr_lphrase;

typedef struct imr_lphrases {
	const imr_lphrase *items;
	size_t count;
	unsigned char first[256]; /* 1 for each byte (lower case) a phrase may start with */
} imr_lphrases;

typedef struct imr_layout {
	imr_lphrases lists[IMR_LL_COUNT];
	size_t files;          /* files loaded */
	imr_arena arena;       /* every phrase and string */
} imr_layout;

typedef struct imr_layout_src {
	const char *file;
	const imr_ynode *root;
} imr_layout_src;

/* Load the @p count files of kind letter-layout into *out. Every problem
 * of every file is reported at its line and column (unknown or missing
 * keys, wrong types, unknown roles, layouts and outcomes, empty or
 * space-padded phrases, a phrase listed twice in one list, a file without
 * headings or decisions). Returns IMR_OK (*out is NULL when @p count is
 * 0), IMR_EINVALID or IMR_ENOMEM; on failure *out is NULL. The caller owns
 * *out and releases it with imr__layout_free(). */
int imr__layout_load(imr_layout **out, const imr_layout_src *srcs, size_t count,
		     const imr_limits *limits, imr_diags *diags);

void imr__layout_free(imr_layout *layout);   /* NULL is a no-op */

/* The list @p which of @p layout. */
const imr_lphrases *imr__layout_list(const imr_layout *layout, imr_llist which);

/* "standard", "decisions", "notice-2013": the layout names of the file. */
int imr__layout_from_name(const char *name);

/* ---- matching ---- */

/* Match the literal @p lit at @p s (bounded by @p e) ignoring case, a
 * space in @p lit matching any run of spaces and line ends. Returns the
 * end of the match, or NULL. */
const char *imr__layout_match_at(const char *s, const char *e, const char *lit);

/* First match of @p lit in [s, e), or NULL. */
const char *imr__layout_find_lit(const char *s, const char *e, const char *lit);

/* The longest phrase of @p list that matches at @p s: returns its end and
 * sets *which (NULL when none matches). */
const char *imr__layout_prefix(const imr_lphrases *list, const char *s, const char *e,
			       const imr_lphrase **which);

/* The earliest occurrence of any phrase of @p list in [s, e) (the longest
 * phrase when several start there): returns its start, sets *end and
 * *which; NULL when none occurs. */
const char *imr__layout_find(const imr_lphrases *list, const char *s, const char *e,
			     const char **end, const imr_lphrase **which);

/* The last occurrence, as imr__layout_find(). */
const char *imr__layout_find_last(const imr_lphrases *list, const char *s, const char *e,
				  const char **end, const imr_lphrase **which);

/* Whether any phrase of @p list occurs in [s, e). */
int imr__layout_any(const imr_lphrases *list, const char *s, const char *e);

/* Whether [s, e) ends with a phrase of @p list; sets *start and *which. */
int imr__layout_suffix(const imr_lphrases *list, const char *s, const char *e, const char **start,
		       const imr_lphrase **which);

/* The first phrase of @p list whose value is @p value, or NULL: the name
 * messages use ("'<service>: Upheld'"). */
const imr_lphrase *imr__layout_first(const imr_lphrases *list, int value);

/* Character classes of the letter scanners: ASCII only, since every
 * phrase boundary the parser tests is ASCII. */
static inline int imr__lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static inline int imr__is_space(int c)
{
	return c == ' ' || c == '\n';
}

static inline int imr__is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int imr__is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int imr__is_alnum(int c)
{
	return imr__is_digit(c) || imr__is_alpha(c);
}

#endif
