/* regex.c - PCRE2 wrapper: limited compile, JIT, limited matching.
 *
 * Every PCRE2 object is made through a general context whose allocator is
 * the library's seam (alloc.h): compile contexts, compiled code (and the
 * JIT's bookkeeping, which uses the code's allocator), match contexts,
 * match data and JIT stacks. Only the JIT's executable memory comes from
 * PCRE2's own mmap allocator. A limit hit while compiling or matching is
 * IMR_ELIMIT, an allocation failure IMR_ENOMEM, never "no match".
 *
 * Each pattern also carries what the prefilter needs (prefilter.h): its
 * atoms, and a twin compiled without PCRE2_UCP for patterns whose \b, \d,
 * \s, \w or POSIX classes UCP changes. On a subject whose inspected part
 * is pure ASCII the twin gives the same matches (UCP only changes how
 * non-ASCII characters are classified) and runs faster. The twin is
 * compiled without UTF as well: on ASCII a character is a byte either
 * way, and byte code is a third smaller once JIT-compiled (7.3 MB of
 * machine code instead of 10.4 for the twins the dev letters need), which
 * is most of an audit's memory that does not grow. Patterns are
 * compiled with PCRE2_USE_OFFSET_LIMIT, so a search can be told the last
 * position at which a match may start.
 *
 * The JIT compiles a pattern (and its twin) when it is first matched, not
 * when it is loaded: with the prefilter most patterns of a rule set are
 * never run on a given corpus, and compiling all of them up front cost
 * more time and memory than reading a thousand letters. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "atoms.h"
#include "imrcheck/common.h"

struct imr_regex {
	pcre2_code *code;
	pcre2_code *ascii;      /* non-UCP twin, or NULL when UCP changes nothing */
	unsigned groups;
	int jit_allowed;        /* the JIT was on when the pattern was compiled */
	atomic_int jit_done[2]; /* code, twin: 0 until JIT compilation is tried,
				 * then JIT_READY or JIT_NONE (see ready()); the
				 * one part changed after loading, written once,
				 * and beside the code it is read with on every
				 * search (the object is seldom in cache then) */
	size_t lookbehind;      /* longest lookbehind, in characters */
	imr_atoms atoms;
	uint32_t *lit_ids;      /* the prefilter's ids (prefilter.c): of the atoms,
				 * their run classes, the pattern, and the second
				 * atoms */
	char *source;           /* the pattern as written */
};

struct imr_matcher {
	pcre2_general_context *gctx;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	pcre2_jit_stack *stack;
	unsigned md_pairs;
	unsigned long calls;    /* pcre2_match() calls, for the benchmark */
};

static atomic_int no_jit; /* test hook: imr__regex_use_jit(0) */

/* Serialises the first JIT compilation of a pattern: the one change made
 * to a compiled pattern after loading, while threads share it. */
static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

/* What the ASCII twin is compiled without (see the top of this file). */
#define ASCII_TWIN_DROPS ((uint32_t)(PCRE2_UCP | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF))

void imr__regex_use_jit(int on)
{
	atomic_store(&no_jit, !on);
}

static void *pcre_malloc(PCRE2_SIZE size, void *data)
{
	(void)data;
	return imr__malloc(size);
}

static void pcre_free(void *ptr, void *data)
{
	(void)data;
	imr__free(ptr);
}

/* Whether UCP can change what @p pattern matches: it uses \b, \B, \d,
 * \D, \s, \S, \w, \W or a POSIX class (an over-estimate is harmless). */
static int uses_classes(const char *pattern, size_t len)
{
	size_t i;
	for (i = 0; i + 1 < len; i++) {
		if (pattern[i] == '[' && pattern[i + 1] == ':')
			return 1;
		if (pattern[i] == '\\') {
			if (strchr("bBdDsSwW", pattern[i + 1]))
				return 1;
			i++;
		}
	}
	return 0;
}

int imr__regex_compile(imr_regex **out, const char *pattern, size_t len, unsigned flags,
		       const imr_limits *limits, char *err, size_t errsize, size_t *erroffset)
{
	return imr__regex_compile_with(out, pattern, len, flags, limits, NULL, err, errsize, erroffset);
}

int imr__regex_compile_with(imr_regex **out, const char *pattern, size_t len, unsigned flags,
			    const imr_limits *limits, imr_atoms_reader *reader, char *err,
			    size_t errsize, size_t *erroffset)
{
	imr_limits lim = imr_limits_resolve(limits);
	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	imr_regex *re;
	int errcode = 0;
	PCRE2_SIZE off = 0;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_UCP |
			PCRE2_USE_OFFSET_LIMIT;
	uint32_t lb = 0;

	*out = NULL;
	*erroffset = 0;
	if (len > lim.pattern_bytes) {
		snprintf(err, errsize, "pattern is longer than the limit of %zu bytes", lim.pattern_bytes);
		*erroffset = lim.pattern_bytes;
		return IMR_ELIMIT;
	}
	if (flags & IMR_REGEX_CASELESS)
		opts |= PCRE2_CASELESS;
	gctx = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
	if (!gctx)
		return IMR_ENOMEM;
	cctx = pcre2_compile_context_create(gctx);
	if (!cctx) {
		pcre2_general_context_free(gctx);
		return IMR_ENOMEM;
	}
	pcre2_set_max_pattern_length(cctx, lim.pattern_bytes);
	pcre2_set_parens_nest_limit(cctx, lim.pattern_parens);
	re = imr__calloc(1, sizeof(*re));
	if (!re) {
		pcre2_compile_context_free(cctx);
		pcre2_general_context_free(gctx);
		return IMR_ENOMEM;
	}
	re->code = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &errcode, &off, cctx);
	if (re->code && uses_classes(pattern, len)) {
		re->ascii = pcre2_compile((PCRE2_SPTR)pattern, len, opts & ~ASCII_TWIN_DROPS, &errcode, &off, cctx);
		if (!re->ascii && errcode != PCRE2_ERROR_HEAPLIMIT && errcode != PCRE2_ERROR_NOMEMORY)
			/* a code point above U+00FF (\x{2019}) needs UTF: keep it */
			re->ascii = pcre2_compile((PCRE2_SPTR)pattern, len, opts & ~(uint32_t)PCRE2_UCP, &errcode,
						  &off, cctx);
	}
	pcre2_compile_context_free(cctx);
	pcre2_general_context_free(gctx);
	if (re->code && uses_classes(pattern, len) && !re->ascii) {
		/* the same pattern compiled once; only memory can fail now */
		imr__regex_free(re);
		return IMR_ENOMEM;
	}
	if (!re->code) {
		PCRE2_UCHAR msg[256];
		imr__free(re);
		if (errcode == PCRE2_ERROR_HEAPLIMIT || errcode == PCRE2_ERROR_NOMEMORY)
			return IMR_ENOMEM;
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		/* PCRE2 10.42 can point one past the end ("(*LIMIT_MATCH=1") */
		*erroffset = off < len ? off : len;
		if (errcode == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP) {
			snprintf(err, errsize, "parentheses are nested deeper than the limit of %u",
				 lim.pattern_parens);
			return IMR_ELIMIT;
		}
		snprintf(err, errsize, "%s", (const char *)msg);
		/* PCRE2's own fixed bounds (pattern too large or complicated) are
		 * limits too, not mistakes in the pattern */
		return errcode == PCRE2_ERROR_PATTERN_TOO_LARGE ||
				       errcode == PCRE2_ERROR_PATTERN_TOO_COMPLICATED ||
				       errcode == PCRE2_ERROR_PATTERN_STRING_TOO_LONG
			       ? IMR_ELIMIT
			       : IMR_EINVALID;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->groups);
	pcre2_pattern_info(re->code, PCRE2_INFO_MAXLOOKBEHIND, &lb);
	re->lookbehind = lb;
	re->jit_allowed = !atomic_load(&no_jit);
	atomic_init(&re->jit_done[0], 0);
	atomic_init(&re->jit_done[1], 0);
	if (!(re->source = imr__strndup(pattern, len)) ||
	    imr__atoms_extract(&re->atoms, pattern, len, (flags & IMR_REGEX_CASELESS) != 0, reader) < 0 ||
	    !(re->lit_ids = imr__calloc(re->atoms.count + re->atoms.nclasses + 1 + re->atoms.ccount,
					sizeof(uint32_t)))) {
		imr__regex_free(re);
		return IMR_ENOMEM;
	}
	*out = re;
	return IMR_OK;
}

void imr__regex_free(imr_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_code_free(re->ascii);
	imr__atoms_dispose(&re->atoms);
	imr__free(re->lit_ids);
	imr__free(re->source);
	imr__free(re);
}

unsigned imr__regex_groups(const imr_regex *re)
{
	return re->groups;
}

int imr__regex_matches_empty(const imr_regex *re)
{
	uint32_t minlen = 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_MINLENGTH, &minlen);
	return minlen == 0;
}

int imr__matcher_new(imr_matcher **out, const imr_limits *limits)
{
	imr_limits lim = imr_limits_resolve(limits);
	imr_matcher *m = imr__calloc(1, sizeof(*m));
	uint32_t have_jit = 0;
	*out = NULL;
	if (!m)
		return IMR_ENOMEM;
	m->gctx = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
	if (!m->gctx) {
		imr__free(m);
		return IMR_ENOMEM;
	}
	m->mctx = pcre2_match_context_create(m->gctx);
	m->md_pairs = 32;
	m->md = pcre2_match_data_create(m->md_pairs, m->gctx);
	/* 32 KiB is PCRE2's default JIT stack; our limits allow deeper work,
	 * so give each matcher a bounded stack of its own that grows on
	 * demand up to the limit. */
	pcre2_config(PCRE2_CONFIG_JIT, &have_jit);
	if (have_jit)
		m->stack = pcre2_jit_stack_create(32 * 1024, (size_t)lim.jit_stack_kib * 1024, m->gctx);
	if (!m->mctx || !m->md || (have_jit && !m->stack)) {
		imr__matcher_free(m);
		return IMR_ENOMEM;
	}
	pcre2_set_match_limit(m->mctx, lim.pcre2_match_limit);
	pcre2_set_depth_limit(m->mctx, lim.pcre2_depth_limit);
	pcre2_set_heap_limit(m->mctx, lim.pcre2_heap_limit_kib);
	if (m->stack)
		pcre2_jit_stack_assign(m->mctx, NULL, m->stack);
	*out = m;
	return IMR_OK;
}

void imr__matcher_free(imr_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->stack);
	pcre2_general_context_free(m->gctx);
	imr__free(m);
}

/* The code to run (the pattern, or its non-UCP twin), JIT-compiled on
 * first use. Every match goes through here, so no thread runs a code
 * before its JIT compilation has finished; after that the flag is read
 * without the lock. The JIT is an optimisation: a platform without it (or
 * without memory for it) still matches, through the interpreter;
 * *jitted says which. */
enum { JIT_READY = 1, JIT_NONE = 2 };

static pcre2_code *ready(const imr_regex *re, int twin, int *jitted)
{
	pcre2_code *code = twin ? re->ascii : re->code;
	int done = atomic_load_explicit(&re->jit_done[twin], memory_order_acquire);
	if (!done) {
		pthread_mutex_lock(&jit_lock);
		done = atomic_load_explicit(&re->jit_done[twin], memory_order_relaxed);
		if (!done) {
			size_t jit_size = 0;
			/* a pattern that starts with (*NO_JIT) "compiles" with no
			 * code: only code that exists may go to pcre2_jit_match() */
			done = re->jit_allowed && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0 &&
					       pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jit_size) == 0 && jit_size > 0
				       ? JIT_READY
				       : JIT_NONE;
			/* the object is allocated, never defined const: the
			 * first search may note what JIT compilation gave */
			atomic_store_explicit((atomic_int *)(uintptr_t)&re->jit_done[twin], done, memory_order_release);
		}
		pthread_mutex_unlock(&jit_lock);
	}
	*jitted = done == JIT_READY;
	return code;
}

int imr__regex_find_in(imr_matcher *m, const imr_regex *re, const char *subject, size_t len,
		       size_t start, size_t start_limit, int ascii, size_t *ovec, size_t ovec_count)
{
	int rc, jitted;
	PCRE2_SIZE *pv;
	pcre2_code *code;
	size_t i, pairs;

	if (re->groups + 1 > m->md_pairs) {
		pcre2_match_data *md = pcre2_match_data_create(re->groups + 1, m->gctx);
		if (!md)
			return IMR_ENOMEM;
		pcre2_match_data_free(m->md);
		m->md = md;
		m->md_pairs = re->groups + 1;
	}
	m->calls++;
	/* (PCRE2_ANCHORED here would bypass the JIT: an offset limit equal to
	 * the start tries that one start as well) */
	pcre2_set_offset_limit(m->mctx, start_limit == (size_t)-1 ? PCRE2_UNSET : start_limit);
	code = ready(re, ascii && re->ascii, &jitted);
	/* compiled code needs none of the checks pcre2_match() makes first
	 * (the subject's UTF validity is never checked here anyway) */
	if (jitted)
		rc = pcre2_jit_match(code, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
	else
		rc = pcre2_match(code, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return IMR_ELIMIT;
	if (rc == PCRE2_ERROR_NOMEMORY)
		return IMR_ENOMEM; /* the interpreter's backtracking frames */
	if (rc < 0)
		return IMR_ERROR;
	pv = pcre2_get_ovector_pointer(m->md);
	pairs = ovec_count / 2;
	if (pairs > re->groups + 1)
		pairs = re->groups + 1;
	for (i = 0; i < pairs; i++) {
		ovec[2 * i] = i < (size_t)rc ? pv[2 * i] : (size_t)-1;
		ovec[2 * i + 1] = i < (size_t)rc ? pv[2 * i + 1] : (size_t)-1;
	}
	return 1;
}

int imr__regex_find(imr_matcher *m, const imr_regex *re, const char *subject, size_t len,
		    size_t start, size_t *ovec, size_t ovec_count)
{
	return imr__regex_find_in(m, re, subject, len, start, (size_t)-1, 0, ovec, ovec_count);
}

const char *imr__regex_source(const imr_regex *re)
{
	return re->source;
}

const imr_atoms *imr__regex_atoms(const imr_regex *re)
{
	return &re->atoms;
}

uint32_t *imr__regex_lit_ids(const imr_regex *re)
{
	return re->lit_ids;
}

size_t imr__regex_lookbehind(const imr_regex *re)
{
	return re->lookbehind;
}

int imr__regex_has_ascii_twin(const imr_regex *re)
{
	return re->ascii != NULL;
}

unsigned long imr__matcher_calls(const imr_matcher *m)
{
	return m->calls;
}
