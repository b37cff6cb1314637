/* prefilter.h - one literal scan per text, PCRE2 only where it can match (internal).
 *
 * Every pattern of a rule set (lexicon entries and context triggers) has
 * atoms: literals one of which every match contains (atoms.h). The rule set
 * keeps one automaton over all of them (acmatch.h). A worker scans a text
 * with it once, which gives where each atom occurs; a search for a pattern
 * then runs PCRE2 only over the starts that could lead to one of its atom
 * occurrences (no more than the atoms' `pre` bytes before one), with a
 * PCRE2 offset limit so that no other start is tried. A pattern whose atoms
 * do not occur costs nothing. A pattern with no atoms, or a text on which
 * the prefilter is unsafe (atoms.h), is searched as it always was.
 *
 * The result of imr__prefilter_find() is exactly that of imr__regex_find()
 * from the same start: the first match at or after it. Why: every match
 * has an occurrence of one of its atoms at some p at or after its start and
 * at most `pre` bytes after it (inside the match, or where a lookahead of
 * it reads), wholly inside the subject, with the word boundaries the atom
 * asks for. So no start earlier than the first such occurrence minus `pre`
 * can match; the search tries the starts that remain, in order, each on
 * the full subject (an offset limit stops PCRE2 at the last start a window
 * allows), and moves from window to window the same way.
 *
 * Where everything the search can read is ASCII, the pattern's non-UCP twin
 * runs instead (regex.h). */
#ifndef IMR_PREFILTER_H
#define IMR_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "regex.h"

typedef struct imr_prefilter imr_prefilter;
typedef struct imr_hits imr_hits;

/* Build the automaton over the atoms of @p patterns (NULL entries are
 * skipped) and give each pattern its literal ids. Patterns must not be in
 * use by any thread yet. The caller owns *out (imr__prefilter_free()).
 * Returns IMR_OK, IMR_ENOMEM or IMR_ELIMIT. */
int imr__prefilter_build(imr_prefilter **out, imr_regex *const *patterns, size_t count);

void imr__prefilter_free(imr_prefilter *pf);

/* Whether the prefilter uses the second atoms of @p re (atoms.h), the
 * pattern at @p index of those it was built from: only where listing their
 * occurrences pays (rare ones, or ones that are atoms of some pattern). */
int imr__prefilter_confirms(const imr_prefilter *pf, size_t index);

/* For the tests: the run classes of the rule set, whether byte @p c is in
 * class @p id, and the longest run of class @p id in the text last
 * scanned (in its ranges alone, for a range scan), as the bounds use it. */
size_t imr__prefilter_classes(const imr_prefilter *pf);
int imr__prefilter_in_class(const imr_prefilter *pf, uint32_t id, unsigned char c);
size_t imr__hits_run(imr_hits *hits, uint32_t id);

/* Literals and states of the automaton, for the benchmark notes. */
size_t imr__prefilter_literals(const imr_prefilter *pf);
size_t imr__prefilter_bytes(const imr_prefilter *pf);

/* Scratch space for the occurrences in one text. @p pf may be NULL (a rule
 * set without patterns): the hits then never apply. The lists of patterns
 * and literals a text or a focus touches are allocated here for all of
 * them (some 8 bytes per pattern and per literal each), so that marking
 * them later needs no allocation. */
int imr__hits_new(imr_hits **out, const imr_prefilter *pf);
void imr__hits_free(imr_hits *hits);

/* Find every atom occurrence in [text, text+len), replacing the previous
 * text's. The text must stay unchanged while the hits are used. Returns 0
 * or IMR_ENOMEM. */
int imr__hits_scan(imr_hits *hits, const char *text, size_t len);

/* A part of a text: [start, end), byte offsets. */
typedef struct imr_hits_range {
	size_t start, end;
} imr_hits_range;

/* The same, but listing only the occurrences in the @p n ranges of the
 * text (in any order; they may overlap): for a text of which only some
 * parts are read, such as a letter's summary and rationales. The hits
 * then describe a subject only where the part searched lies in a range
 * (imr__hits_cover); every other search is a plain one, with the same
 * result. Ranges that cover most of the text scan all of it. Returns as
 * imr__hits_scan(). */
int imr__hits_scan_ranges(imr_hits *hits, const char *text, size_t len, const imr_hits_range *ranges, size_t n);

/* Whether @p re can match in the text last scanned (or the part of it in
 * focus): 0 only when it has atoms and none of them occurs there (or, for
 * the whole text, none of its second atoms). Constant time in focus, and
 * otherwise a look at each of its atoms, for skipping most patterns
 * before any search. */
int imr__hits_may_match(imr_hits *hits, const imr_regex *re);

/* The same answer for @p re, which the prefilter numbers @p index (the
 * order imr__prefilter_build() was given the patterns in). In focus it is
 * read from a table of the hits without touching the pattern, whose memory
 * is seldom in cache when a text's thousands of patterns are asked about. */
int imr__hits_may_match_nth(imr_hits *hits, const imr_regex *re, uint32_t index);

/* imr__hits_may_match_nth() for @p n patterns numbered from @p base
 * (pats[i] is number base + i): out[i] is 1 where it may match. */
void imr__hits_may_match_each(imr_hits *hits, imr_regex *const *pats, uint32_t base, size_t n,
			      unsigned char *out);

/* The patterns that may match where imr__hits_may_match() answers now,
 * as the prefilter numbers them (the order imr__prefilter_build() was
 * given them), in no particular order, each once: those with an atom
 * occurrence there. Patterns without atoms are not listed; they may match
 * anywhere. Returns 1 with the list in *list (valid until the hits change)
 * and its length in *n, or 0 when every pattern may match (the text is not
 * one the prefilter can be used on, or not covered). */
int imr__hits_candidates(imr_hits *hits, const uint32_t **list, size_t *n);

/* From now on, imr__hits_may_match() answers for searches of @p subject
 * (@p len bytes, inside the scanned text) from @p start: only patterns with
 * an atom occurrence wholly inside [start, len) may match there. A subject
 * the hits do not cover (imr__hits_cover) lets every pattern through.
 * Costs what the occurrences in the part cost, and allocates nothing (the
 * hits hold room for every pattern and literal). Returns 0. */
int imr__hits_focus(imr_hits *hits, const char *subject, size_t len, size_t start);

/* Whether @p hits describe the subject [s, s+len): it lies inside the
 * scanned text (in one of its ranges, for imr__hits_scan_ranges), and does
 * not cut a word of it (where the scan judged word boundaries, atoms.h,
 * differently from how a search of the subject would). */
int imr__hits_cover(const imr_hits *hits, const char *s, size_t len);

/* Whether an occurrence of one of the atoms of @p re (numbered @p index)
 * lies wholly inside [s, s+len) of the scanned text. 0 only when none does
 * and none of its atoms holds white space: then @p re matches neither that
 * subject nor the same bytes with each run of white space made one space
 * (a sentence as the audit reads it). 1 when one does, or when the hits
 * cannot tell (a subject they do not cover, a pattern without atoms or one
 * with white space in an atom, an index that is not of @p re). */
int imr__hits_atom_within(imr_hits *hits, const imr_regex *re, uint32_t index, const char *s, size_t len);

/* The first match of @p re in @p subject (@p len bytes) at or after
 * @p start, as imr__regex_find() gives it. @p hits may be NULL, or describe
 * a text that holds the subject; otherwise the search is a plain one. */
int imr__prefilter_find(imr_matcher *m, const imr_regex *re, imr_hits *hits, const char *subject,
			size_t len, size_t start, size_t *ovec, size_t ovec_count);

/* The same for @p re, which the prefilter numbers @p index (as in
 * imr__hits_may_match_nth): the search then reads what it needs of the
 * pattern from the prefilter's own compact tables rather than from the
 * pattern object. An index that does not stand for @p re gives a plain
 * search (the same result, without the prefilter's help). */
int imr__prefilter_find_nth(imr_matcher *m, const imr_regex *re, uint32_t index, imr_hits *hits,
			    const char *subject, size_t len, size_t start, size_t *ovec, size_t ovec_count);

#endif
