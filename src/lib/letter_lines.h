/* letter_lines.h - the lines of a letter being parsed (internal).
 *
 * The letter parser is split by concept: this module holds the parser
 * state every part shares and the line model (content bounds, page debris,
 * headings and labels found from the letter-layout words, joining lines
 * into strings); letter_header.c reads header fields and credentials,
 * letter_cite.c guideline bases and citations, letter_items.c decision
 * statements and the fields of each item, letter.c the sections and the
 * public API. docs/letters.md describes the reading rules.
 *
 * Invariants: every string handed out is copied into the letter's arena;
 * the first error sets p->err and stops the parse, whose letter is then
 * freed whole; every line is looked at a bounded number of times. */
#ifndef IMR_LETTER_LINES_H
#define IMR_LETTER_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "imrcheck/letter.h"
#include "letter_layout.h"

/* Services quoted in messages are cut to this many bytes. */
#define IMR_LQUOTE_BYTES 60

#define IMR_LNONE ((size_t)-1)

/* What a line is. */
enum { IMR_LK_TEXT = 0, IMR_LK_BLANK, IMR_LK_DEBRIS };

/* Flags: what stops the backward walk over a wrapped service. */
enum {
	IMR_LF_HEADING = 1,
	IMR_LF_LABEL = 2, /* an item field or credentials label */
	IMR_LF_ITEM = 4   /* part of an item's service or decision */
};

typedef struct imr_lline {
	size_t raw;                  /* first byte of the line */
	size_t start, end;           /* content without leading and trailing spaces */
	unsigned char kind;          /* IMR_LK_* */
	unsigned char flags;         /* IMR_LF_* */
	signed char field;           /* item field label IMR_IF_*, or -1 */
	signed char cred;            /* credentials label IMR_CRED_*, or -1 */
	const imr_lphrase *heading;  /* the heading the line is, or NULL */
	const char *after;           /* headings and labels: the text after them */
} imr_lline;

/* One distinct word of the letter (case folded), for rejoining words
 * hyphenated across lines. */
typedef struct imr_lword {
	size_t off;
	uint32_t len, hash; /* len 0: empty slot */
} imr_lword;

typedef struct imr_letter_box {
	imr_letter pub; /* first: imr_letter_free() casts back */
	imr_arena arena;
} imr_letter_box;

typedef struct imr_lparser {
	const imr_text *text;
	const char *s;
	size_t len;
	const char *name;
	imr_limits lim;
	imr_diags *diags;
	const imr_layout *words;               /* the letter-layout lexicon */
	imr_lline *lines;
	size_t nlines;
	size_t first[IMR_LROLE_COUNT];         /* first heading line of each role */
	char *sb;                              /* scratch for joining lines */
	size_t sblen, sbcap;
	imr_lword *dict;                       /* built on the first line-end hyphen only */
	size_t dcap;
	int dict_built;
	imr_letter_layout layout;              /* what the headings mark */
	imr_letter_box *box;
	imr_arena *arena;
	int err;
} imr_lparser;

/* ---- lines ---- */

static inline const char *imr__lstart(const imr_lparser *p, size_t i)
{
	return p->s + p->lines[i].start;
}

static inline const char *imr__lend(const imr_lparser *p, size_t i)
{
	return p->s + p->lines[i].end;
}

static inline int imr__ltext(const imr_lparser *p, size_t i)
{
	return p->lines[i].kind == IMR_LK_TEXT;
}

/* The list @p which of the parser's words. */
static inline const imr_lphrases *imr__lwords(const imr_lparser *p, imr_llist which)
{
	return imr__layout_list(p->words, which);
}

/* Split the text into lines (content bounds trimmed). IMR_ENOMEM. */
int imr__lines_build(imr_lparser *p);

/* Mark heading lines (role, first line of each role) and label lines. */
void imr__lines_classify(imr_lparser *p);

/* Page numbers and running headers and footers become debris. */
int imr__lines_mark_debris(imr_lparser *p);

/* Previous content line after @p floor (exclusive), or IMR_LNONE. */
size_t imr__lines_prev_text(const imr_lparser *p, size_t i, size_t floor);

/* Next content line before @p limit, or IMR_LNONE. */
size_t imr__lines_next_text(const imr_lparser *p, size_t i, size_t limit);

/* The last content line of the letter, or IMR_LNONE. */
size_t imr__lines_last_text(const imr_lparser *p);

/* Index of the line holding byte @p off. */
size_t imr__lines_at(const imr_lparser *p, size_t off);

/* First byte of line @p line, or the text's length past the last line. */
size_t imr__lines_raw(const imr_lparser *p, size_t line);

/* The line after which a section's text ends: the next heading line. */
size_t imr__lines_section_end(const imr_lparser *p, size_t head);

/* ---- strings ---- */

/* The content of bytes [from, to) with debris lines left out, lines joined
 * by one space (none after a hyphen that ends a word, "L4-" + "L5"; the
 * hyphen goes too when it broke a word of the letter), runs of spaces
 * collapsed, in the scratch buffer p->sb; returns its length. */
size_t imr__lines_join_scratch(imr_lparser *p, size_t from, size_t to);

/* imr__lines_join_scratch() copied into the arena; NULL when empty (or
 * on OOM, with p->err set). */
char *imr__lines_join(imr_lparser *p, size_t from, size_t to);

/* A copy of @p n bytes in the letter's arena (p->err on OOM). */
char *imr__lines_strndup(imr_lparser *p, const char *s, size_t n);

/* The span of [from, to) without the spaces around it. */
imr_span imr__lines_span(const imr_lparser *p, size_t from, size_t to);

/* ---- diagnostics ---- */

/* An error at byte @p offset of the text; the first one sets p->err. */
void imr__lines_diag(imr_lparser *p, const char *code, size_t offset, int status, const char *fmt,
		     ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* Give the last diagnostic the related location of byte @p offset. */
void imr__lines_relate(imr_lparser *p, size_t offset);

/* A short quotable copy of @p n bytes of @p s for messages. */
void imr__lines_quote(char out[IMR_LQUOTE_BYTES + 4], const char *s, size_t n);

#endif
