/* atoms.h - the literal text every match of a pattern must contain (internal).
 *
 * Before a pattern is run over a text, the prefilter (prefilter.h) checks
 * whether the text contains one of the pattern's atoms: literals such that
 * every match of the pattern contains at least one of them. A text with none
 * cannot match, so the pattern is not run on it at all; a text with some is
 * searched only around them, within the bounds given here.
 *
 * An atom a positive lookahead requires counts too: it lies in the text
 * after the match's start, which is all the prefilter needs.
 *
 * Atoms are found by reading the pattern's syntax (the way YARA picks atoms
 * from its strings, or a trigram index its query): literal runs, small
 * alternations and character classes give sets of strings, which combine
 * through concatenation (a prefix and suffix set of every part), alternation
 * (unions) and repetition. Where the reading is unsure (backreferences,
 * recursion, conditionals, \G, verbs, extended syntax, unusual escapes) the
 * pattern gets no atoms and runs everywhere, as if there were no prefilter.
 *
 * Atoms are folded to lower case ('A'-'Z' only): the scan ignores ASCII case,
 * which finds a superset of what a case-sensitive pattern needs. A caseless
 * non-ASCII character is never part of an atom (its case partners are other
 * bytes). Two non-ASCII characters match ASCII letters without case
 * (U+212A KELVIN SIGN 'k', U+017F LATIN SMALL LETTER LONG S 's'): a text
 * holding either is searched without the prefilter (imr__atoms_text_safe).
 *
 * Where the pattern puts \b right before or after an atom, the atom says so
 * (edges): an occurrence inside a word ("he" in "the") is then no candidate,
 * which the prefilter checks from the bytes around it. */
#ifndef IMR_ATOMS_H
#define IMR_ATOMS_H

#include <stddef.h>
#include <stdint.h>

#define IMR_ATOMS_UNBOUNDED ((size_t)-1)
#define IMR_ATOMS_RUNS 4  /* run classes one pattern's bounds may use */

/* A length that depends on the text: c + sum of coef[i] * run(i) bytes,
 * where run(i) is the longest run of bytes of class i in the text (ASCII
 * bytes among the class's members, and every byte from 0x80 up, so runs of
 * multi-byte characters count whole). "\s+" can match at most the longest
 * run of whitespace: that bounds patterns that a fixed number cannot. c is
 * IMR_ATOMS_UNBOUNDED when there is no bound. */
typedef struct imr_atoms_bound {
	size_t c;
	uint32_t coef[IMR_ATOMS_RUNS];
} imr_atoms_bound;

/* Edges of an atom occurrence that a match needs: a word boundary (\b)
 * right before its first byte, or right after its last. */
enum { IMR_ATOMS_WORD_BEFORE = 1, IMR_ATOMS_WORD_AFTER = 2 };

typedef struct imr_atoms {
	char **lits;         /* atoms, folded; count 0 when the pattern has none */
	size_t *lens;
	unsigned char *edges;  /* IMR_ATOMS_WORD_* of each atom */
	size_t count;
	imr_atoms_bound pre; /* a match starts at most this many bytes before the
			      * first byte of an atom occurrence it contains */
	imr_atoms_bound reach; /* matching from a start position reads at most
				* this many bytes from it (lookahead, \b) */
	unsigned nclasses;   /* run classes used by pre and reach */
	uint64_t classes[IMR_ATOMS_RUNS][2];  /* their ASCII members, bit c of
					       * word c / 64 */
	/* A second set of atoms (ccount 0 when there is none): every match
	 * also contains an occurrence of one of these, which starts at or
	 * after the match's start and at most cpre bytes after it. A window
	 * of starts with no such occurrence from its first start to cpre
	 * bytes past its last holds no match: the prefilter skips it. With
	 * each, its expected occurrences per byte of English text (cfreqs),
	 * by which the prefilter judges whether listing them pays. */
	char **clits;
	size_t *clens;
	unsigned char *cedges;
	float *cfreqs;
	size_t ccount;
	imr_atoms_bound cpre;
	/* Second atoms read from a lookbehind that opens the pattern, as in
	 * "(?<=\bnegative),", start before the match does: at most cback
	 * bytes before its start (and cpre is 0). 0 for any other second
	 * atoms. */
	size_t cback;
	int has_k;           /* the pattern uses \K (reported start != start) */
	const char *why;     /* when count is 0: why, in words (static) */
	size_t why_at;       /* and the byte offset in the pattern it concerns */
} imr_atoms;

/* Working memory kept from one reading to the next, for a caller that
 * reads many patterns (a rule set's lexicons): the reader's parts are
 * large, and allocating them afresh for each pattern costs more than the
 * reading. Zero-initialise it before the first use; dispose of it after
 * the last. Not for two threads at once. */
typedef struct imr_atoms_reader {
	struct imr__atoms_info *spares;
	/* How often words occur in the text searched (wordfreq.h), which the
	 * choice of atoms weighs; NULL: a model of English letters alone.
	 * Borrowed: it must outlive the reading of every pattern. */
	const struct imr_wordfreq *words;
} imr_atoms_reader;

void imr__atoms_reader_dispose(imr_atoms_reader *reader);

/* Find the atoms of @p pattern (@p len bytes), compiled caseless or not,
 * using @p reader's memory (NULL: memory of its own, released before it
 * returns). Always fills *out (count 0 and a reason when there are no
 * usable atoms). Returns IMR_OK or IMR_ENOMEM. The caller disposes *out
 * with imr__atoms_dispose(). */
int imr__atoms_extract(imr_atoms *out, const char *pattern, size_t len, int caseless,
		       imr_atoms_reader *reader);

void imr__atoms_dispose(imr_atoms *atoms);

/* Whether the prefilter may be used on [text, text+len): 0 when the text
 * holds a character that a caseless ASCII letter of a pattern matches. */
int imr__atoms_text_safe(const char *text, size_t len);

#endif
