/* atoms_impl.h - what atoms.c and atoms_read.c share: string sets, the
 * info of a pattern part, the reader's state, and the operations on infos
 * the reader calls (internal to those two files; see atoms.c for what an
 * info holds). */
#ifndef IMR_ATOMS_IMPL_H
#define IMR_ATOMS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "atoms.h"
#include "wordfreq.h"

#define SETMAX 256    /* strings in one set (long alternations of names) */
#define MINCUT 3      /* a set shortened below this many bytes says nothing */
#define LITMAX 16     /* bytes kept of one string */
#define CLASSMAX 6    /* characters a class may have and still count as literal */
#define UNB IMR_ATOMS_UNBOUNDED
#define NRUN IMR_ATOMS_RUNS
#define MARK '\x01'  /* in a string: a word boundary (\b) holds here */

typedef struct lit {
	unsigned char len;
	unsigned char bytes;   /* of text: len without the marks (lit_bytes) */
	char s[LITMAX];
	float freq;            /* atom_frequency(), kept to choose covers fast */
} lit;

typedef struct set {
	int n;
	lit v[SETMAX];
} set;

typedef enum mode { EXACT, PREFIX, SUFFIX, COVER } mode;

typedef imr_atoms_bound len_t;

typedef struct imr__atoms_info {
	struct imr__atoms_info *next_spare; /* in the parser's list of infos to reuse */
	int can_empty;
	int exact_known;
	set exact, prefix, suffix, cover;
	len_t pre;             /* of cover */
	set cover2;            /* a second cover, the runner-up (a match holds
				* an occurrence of it too), or the empty string */
	len_t pre2;            /* of cover2 */
	len_t maxlen, reach;
	int one_char;          /* matches exactly one character of... */
	uint64_t members[2];   /* ...these ASCII characters (or any non-ASCII one) */
} info;

typedef struct parser {
	const char *p;
	size_t len, pos;
	int caseless;
	int has_k;
	int failed;
	int nomem;
	const char *why;
	size_t why_at;
	unsigned nclasses;
	uint64_t classes[NRUN][2];
	struct imr__atoms_info *spares; /* freed infos, reused before any is allocated */
	const imr_wordfreq *words;      /* how often words occur, or NULL */
	/* the body of a lookbehind that opens the pattern, kept for second
	 * atoms (read_atoms), and where the pattern goes on after it */
	struct imr__atoms_info *behind;
	size_t behind_end;
} parser;

/* ---- infos (atoms.c) ---- */

/* @p x or @p y (both consumed). */
info *imr__atoms_alternate(parser *ps, info *x, info *y);
/* The cheaper of a part's cover and its runner-up, with its pre. */
void imr__atoms_best_cover(const info *in, set *out, len_t *pre);
/* @p x then @p y (both consumed). */
info *imr__atoms_concat(parser *ps, info *x, info *y);
/* Text of at most @p bytes about which nothing literal is known. */
info *imr__atoms_info_any(parser *ps, size_t bytes, int can_empty);
/* The literal text @p s. */
info *imr__atoms_info_bytes(parser *ps, const char *s, size_t len);
/* One of @p n characters, the class @p members as a set of strings. */
info *imr__atoms_info_chars(parser *ps, const unsigned char *chars, int n, const uint64_t members[2]);
/* One character of an ASCII class (@p members) taking @p bytes. */
info *imr__atoms_info_class(parser *ps, const uint64_t members[2], size_t bytes);
/* Give @p in back to the reader's spares (NULL: nothing). */
void imr__atoms_info_free(parser *ps, info *in);
/* \b: no text, a word boundary next to the atoms around it. */
info *imr__atoms_info_mark(parser *ps);
/* A part that matches the empty string and reads @p reach bytes. */
info *imr__atoms_info_zero(parser *ps, size_t reach);
/* @p x repeated @p min to @p max times (consumed). */
info *imr__atoms_repeat(parser *ps, info *x, size_t min, size_t max);
/* @p dst = @p src. */
void imr__atoms_set_copy(set *dst, const set *src);

/* ---- the reader (atoms_read.c) ---- */

/* The whole pattern of @p ps read into an info (NULL when the reader
 * failed or ran out of memory: ps->failed, ps->nomem); *alternatives
 * tells whether its top level has alternatives. */
info *imr__atoms_read_pattern(parser *ps, int *alternatives);

#endif
