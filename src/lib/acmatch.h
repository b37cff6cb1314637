/* acmatch.h - many literals found in one pass over a text (internal).
 *
 * An Aho-Corasick automaton over ASCII-case-folded bytes: 'A'-'Z' and
 * 'a'-'z' are the same byte to it, every other byte is itself. It is built
 * once from a list of literals, is read-only afterwards (threads share it),
 * and reports every occurrence of every literal, overlapping ones included,
 * in one left-to-right pass whose cost does not depend on how many literals
 * there are. The prefilter (prefilter.h) uses it to find where the required
 * literals of the lexicon patterns occur in a letter. */
#ifndef IMR_ACMATCH_H
#define IMR_ACMATCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct imr_ac imr_ac;

/* Conditions on the bytes around an occurrence (imr__ac_build's @p edges):
 * a word boundary right before it, or right after it. Word bytes are ASCII
 * letters, digits and '_'; a non-ASCII byte might be a letter, so next to
 * one the boundary is taken to hold; the ends of the text are non-word. */
enum { IMR_AC_WORD_BEFORE = 1, IMR_AC_WORD_AFTER = 2 };

/* Build an automaton for @p count literals; literal i is lits[i] of
 * lens[i] bytes (at least 1) and is reported as id i, and only where the
 * conditions edges[i] hold (@p edges may be NULL: none). Equal literals
 * (after folding) are allowed; each is reported under its own id. The
 * caller owns *out (imr__ac_free()). Returns IMR_OK, IMR_ENOMEM, or
 * IMR_ELIMIT when the automaton would have more than 2^31 states or a
 * literal is 2^30 bytes long or longer. */
int imr__ac_build(imr_ac **out, const char *const *lits, const size_t *lens, const unsigned char *edges,
		  size_t count);

void imr__ac_free(imr_ac *ac);

typedef struct imr_ac_hit {
	uint32_t id;      /* the literal */
	uint32_t start;   /* its first byte */
} imr_ac_hit;

/* Every occurrence of every literal in [text, text+len) (which must be
 * shorter than 4 GiB), in order of their end offsets (occurrences ending at
 * the same byte: longest first). At most @p cap are stored in @p out; the
 * return value is how many there are, so a caller whose array was too
 * small can tell. */
size_t imr__ac_scan(const imr_ac *ac, const char *text, size_t len, imr_ac_hit *out, size_t cap);

/* The same for the occurrences that lie wholly inside [from, to) of the
 * text, their word boundaries judged by the bytes around them in the whole
 * text (imr__ac_scan of [0, len) lists the same ones there). Starts are
 * offsets in the whole text. */
size_t imr__ac_scan_window(const imr_ac *ac, const char *text, size_t len, size_t from, size_t to, imr_ac_hit *out,
			   size_t cap);

/* Number of states and bytes of memory used (for the benchmark notes). */
size_t imr__ac_states(const imr_ac *ac);
size_t imr__ac_bytes(const imr_ac *ac);

#endif
