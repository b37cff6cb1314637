/* regex.h - PCRE2 (8-bit, UTF, JIT) behind a small interface (internal).
 *
 * Patterns are compiled once, with a compile context that limits pattern
 * length and parenthesis nesting, and JIT-compiled, when the JIT is
 * available, the first time they are matched. Matching always runs under match, depth and heap limits; a
 * limit hit is reported as IMR_ELIMIT, never as "no match". Compiled
 * patterns are shared by threads (read-only but for that first JIT
 * compilation, which is serialised); each thread matches with
 * its own imr_matcher (match context, match data and JIT stack). */
#ifndef IMR_REGEX_H
#define IMR_REGEX_H

#include <stddef.h>
#include <stdint.h>

#include "atoms.h"
#include "imrcheck/limits.h"

typedef struct imr_regex imr_regex;
typedef struct imr_matcher imr_matcher;

enum { IMR_REGEX_CASELESS = 1 };

/* Compile @p pattern. On failure returns IMR_EINVALID with a PCRE2 message
 * in @p err (size @p errsize) and the byte offset of the problem in
 * *erroffset; IMR_ELIMIT when the pattern is longer than the limit. */
int imr__regex_compile(imr_regex **out, const char *pattern, size_t len, unsigned flags,
		       const imr_limits *limits, char *err, size_t errsize, size_t *erroffset);

/* imr__regex_compile() reading the pattern's atoms with @p reader's
 * memory (atoms.h), for callers that compile many patterns. */
int imr__regex_compile_with(imr_regex **out, const char *pattern, size_t len, unsigned flags,
			    const imr_limits *limits, imr_atoms_reader *reader, char *err,
			    size_t errsize, size_t *erroffset);

void imr__regex_free(imr_regex *re);

/* Number of capture groups of the pattern. */
unsigned imr__regex_groups(const imr_regex *re);

/* Whether the pattern can match the empty string. */
int imr__regex_matches_empty(const imr_regex *re);

/* Test hook: compile patterns without the JIT from now on (0), or with it
 * when the platform has one (1, the default), to reach the interpreter's
 * depth and heap limits, which the JIT does not use. */
void imr__regex_use_jit(int on);

int imr__matcher_new(imr_matcher **out, const imr_limits *limits);
void imr__matcher_free(imr_matcher *m);

/* Find the first match of @p re in @p subject at or after @p start.
 * Returns 1 with the spans of the match (ovec[0], ovec[1]) and its groups
 * (ovec[2k], ovec[2k+1], or PCRE2_UNSET = (size_t)-1), 0 for no match,
 * IMR_ELIMIT when a match limit was hit, IMR_ERROR otherwise. @p ovec must
 * hold 2 * (groups + 1) entries. The subject must be valid UTF-8 (checked
 * once by the caller). */
int imr__regex_find(imr_matcher *m, const imr_regex *re, const char *subject, size_t len,
		    size_t start, size_t *ovec, size_t ovec_count);

/* imr__regex_find() with more control: no match may start after
 * @p start_limit ((size_t)-1: anywhere), and @p ascii set runs the non-UCP
 * twin, which the caller may ask for only when every byte the search can
 * read is ASCII (prefilter.c decides). */
int imr__regex_find_in(imr_matcher *m, const imr_regex *re, const char *subject, size_t len,
		       size_t start, size_t start_limit, int ascii, size_t *ovec, size_t ovec_count);

/* The pattern as written (NUL-terminated). */
const char *imr__regex_source(const imr_regex *re);

/* The pattern's atoms (atoms.h), read when it was compiled. */
const imr_atoms *imr__regex_atoms(const imr_regex *re);

/* The prefilter's literal id of each atom (atoms.count of them), then its
 * id of each run class (atoms.nclasses), then the pattern's own index,
 * filled in by imr__prefilter_build() while the rule set is being loaded. */
uint32_t *imr__regex_lit_ids(const imr_regex *re);

/* The longest lookbehind of the pattern, in characters. */
size_t imr__regex_lookbehind(const imr_regex *re);

/* Whether a non-UCP twin exists (UCP changes something in the pattern). */
int imr__regex_has_ascii_twin(const imr_regex *re);

/* pcre2_match() calls made through @p m so far. */
unsigned long imr__matcher_calls(const imr_matcher *m);

#endif
