/* acmatch.c - Aho-Corasick automaton over ASCII-case-folded bytes.
 *
 * The automaton is a complete DFA: delta[state * stride + class] is the
 * next state for every state and every byte class, so a scan costs one
 * table load per byte. Bytes that occur in no literal form class 0, whose
 * column leads every state back to the root. The high bit of a delta entry
 * marks a state at which some literal ends (directly or as a suffix), so
 * the scan loop tests one bit to know whether to report.
 *
 * The table is megabytes for the shipped lexicons and a scan's next load
 * depends on the one before, so a long text is scanned as several streams
 * of consecutive bytes advanced in turn (scan_streams): their loads are
 * independent and wait for memory together. Each stream starts the length
 * of the longest literal before its own bytes, which brings it to the
 * state a single pass would have there (a state stands for the longest
 * suffix of the text read that begins some literal, never longer than the
 * longest literal). Streams note the ends they meet and report them round
 * by round into their own part of the output, which is closed up at the
 * end: the order is that of a single pass.
 *
 * Invariants after imr__ac_build():
 *  - state 0 is the root; states are numbered in breadth-first order;
 *  - own[s] is the first literal ending exactly at s (NONE if none), and
 *    same_next[id] chains the literals equal to it;
 *  - out_link[s] is the nearest proper suffix state of s that has own
 *    literals (NONE if none): the dictionary suffix link;
 *  - outs[out_first[s] .. out_first[s + 1]) lists every literal that ends
 *    at s, its own and those of its suffix states, in that order: the
 *    chains above laid out flat, since following them at each report
 *    costs a cache miss per link on a large automaton. */
#include "acmatch.h"

#include <assert.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"

#define NONE UINT32_MAX
#define TERM 0x80000000u  /* in a delta entry: literals end at that state */
#define MAX_STATES 0x7fffffffu

struct imr_ac {
	uint8_t cls[256];      /* byte -> class, 0 for bytes in no literal */
	unsigned nclass;       /* classes 1..nclass */
	size_t stride;         /* nclass + 1: a row per state, class 0 first */
	size_t maxlen;         /* the longest literal */
	uint32_t *delta;       /* nstates * stride entries */
	uint32_t *own;         /* per state */
	uint32_t *out_link;    /* per state */
	uint32_t *same_next;   /* per literal */
	uint32_t *lens;        /* per literal */
	unsigned char *edges;  /* per literal, IMR_AC_WORD_* */
	uint32_t *out_first;   /* per state, and one more */
	struct ac_out {
		uint32_t id;
		uint32_t len_edges; /* the literal's length << 2 | its edges */
	} *outs;
	size_t nstates, nlits;
};

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

void imr__ac_free(imr_ac *ac)
{
	if (!ac)
		return;
	imr__free(ac->delta);
	imr__free(ac->own);
	imr__free(ac->out_link);
	imr__free(ac->same_next);
	imr__free(ac->lens);
	imr__free(ac->edges);
	imr__free(ac->out_first);
	imr__free(ac->outs);
	imr__free(ac);
}

/* Byte classes: one per distinct folded byte used by a literal. */
static void make_classes(imr_ac *ac, const char *const *lits, const size_t *lens, size_t count)
{
	size_t i, j;
	unsigned c;
	memset(ac->cls, 0, sizeof(ac->cls));
	for (i = 0; i < count; i++)
		for (j = 0; j < lens[i]; j++)
			ac->cls[fold((unsigned char)lits[i][j])] = 1;
	ac->nclass = 0;
	for (c = 0; c < 256; c++)
		if (ac->cls[c] && fold((unsigned char)c) == c)
			ac->cls[c] = (uint8_t)++ac->nclass;
	for (c = 'A'; c <= 'Z'; c++)
		ac->cls[c] = ac->cls[c + 32];
}

/* The trie of the literals in delta (0 = no child yet; the root is never a
 * child), with own[] and same_next[] filled. */
static int build_trie(imr_ac *ac, const char *const *lits, const size_t *lens, size_t count)
{
	size_t i, j, total = 1;
	for (i = 0; i < count; i++) {
		if (lens[i] > MAX_STATES - total)
			return IMR_ELIMIT;
		total += lens[i];
	}
	ac->stride = (size_t)ac->nclass + 1;
	if (total > MAX_STATES / ac->stride)
		return IMR_ELIMIT;
	ac->delta = imr__calloc(total * ac->stride, sizeof(uint32_t));
	ac->own = imr__malloc(total * sizeof(uint32_t));
	ac->same_next = imr__malloc((count ? count : 1) * sizeof(uint32_t));
	ac->lens = imr__malloc((count ? count : 1) * sizeof(uint32_t));
	if (!ac->delta || !ac->own || !ac->same_next || !ac->lens)
		return IMR_ENOMEM;
	memset(ac->own, 0xff, total * sizeof(uint32_t));
	ac->nstates = 1;
	for (i = 0; i < count; i++) {
		uint32_t s = 0;
		ac->lens[i] = (uint32_t)lens[i];
		if (lens[i] > ac->maxlen)
			ac->maxlen = lens[i];
		ac->same_next[i] = NONE;
		for (j = 0; j < lens[i]; j++) {
			uint32_t *slot = &ac->delta[(size_t)s * ac->stride + ac->cls[(unsigned char)lits[i][j]]];
			if (!*slot)
				*slot = (uint32_t)ac->nstates++;
			s = *slot;
		}
		if (ac->own[s] == NONE) {
			ac->own[s] = (uint32_t)i;
		} else {
			/* an equal literal: chain it after the first */
			uint32_t k = ac->own[s];
			while (ac->same_next[k] != NONE)
				k = ac->same_next[k];
			ac->same_next[k] = (uint32_t)i;
		}
	}
	if (ac->nstates < total) {
		/* shared prefixes left states unused: give them back */
		uint32_t *d = imr__realloc(ac->delta, ac->nstates * ac->stride * sizeof(uint32_t));
		uint32_t *o = imr__realloc(ac->own, ac->nstates * sizeof(uint32_t));
		if (d)
			ac->delta = d;
		if (o)
			ac->own = o;
	}
	return IMR_OK;
}

/* The literals ending at each state, flat (out_first, outs). */
static int flatten_outputs(imr_ac *ac)
{
	size_t s, n = 0;
	if (!(ac->out_first = imr__malloc((ac->nstates + 1) * sizeof(uint32_t))))
		return IMR_ENOMEM;
	for (s = 0; s < ac->nstates; s++) {
		uint32_t t, id;
		ac->out_first[s] = (uint32_t)n;
		for (t = (uint32_t)s; t != NONE; t = ac->out_link[t])
			for (id = ac->own[t]; id != NONE; id = ac->same_next[id])
				n++;
		if (n > UINT32_MAX)
			return IMR_ELIMIT;
	}
	ac->out_first[ac->nstates] = (uint32_t)n;
	if (!(ac->outs = imr__malloc((n ? n : 1) * sizeof(*ac->outs))))
		return IMR_ENOMEM;
	for (s = 0, n = 0; s < ac->nstates; s++) {
		uint32_t t, id;
		for (t = (uint32_t)s; t != NONE; t = ac->out_link[t])
			for (id = ac->own[t]; id != NONE; id = ac->same_next[id]) {
				ac->outs[n].id = id;
				ac->outs[n].len_edges = ac->lens[id] << 2 | (ac->edges[id] & 3u);
				n++;
			}
	}
	return IMR_OK;
}

/* Breadth-first: failure links, completed transitions and the dictionary
 * suffix links. */
static int complete(imr_ac *ac)
{
	uint32_t *queue = imr__malloc(ac->nstates * sizeof(uint32_t));
	uint32_t *fail = imr__malloc(ac->nstates * sizeof(uint32_t));
	size_t head = 0, tail = 0, k = ac->stride;
	unsigned c;

	ac->out_link = imr__malloc(ac->nstates * sizeof(uint32_t));
	if (!queue || !fail || !ac->out_link) {
		imr__free(queue);
		imr__free(fail);
		return IMR_ENOMEM;
	}
	fail[0] = 0;
	ac->out_link[0] = NONE;
	for (c = 1; c < k; c++) {
		uint32_t t = ac->delta[c];
		if (t) {
			fail[t] = 0;
			ac->out_link[t] = NONE;
			queue[tail++] = t;
		}
	}
	while (head < tail) {
		uint32_t s = queue[head++];
		for (c = 1; c < k; c++) {
			uint32_t *slot = &ac->delta[(size_t)s * k + c];
			uint32_t via_fail = ac->delta[(size_t)fail[s] * k + c];
			if (*slot) {
				uint32_t t = *slot, f = via_fail;
				fail[t] = f;
				ac->out_link[t] = ac->own[f] != NONE ? f : ac->out_link[f];
				queue[tail++] = t;
			} else {
				*slot = via_fail;
			}
		}
	}
	/* mark the states at which something ends, in the entries leading to them */
	for (head = 0; head < ac->nstates * k; head++) {
		uint32_t t = ac->delta[head];
		if (ac->own[t] != NONE || ac->out_link[t] != NONE)
			ac->delta[head] = t | TERM;
	}
	imr__free(queue);
	imr__free(fail);
	return IMR_OK;
}

int imr__ac_build(imr_ac **out, const char *const *lits, const size_t *lens, const unsigned char *edges,
		  size_t count)
{
	imr_ac *ac = imr__calloc(1, sizeof(*ac));
	size_t i;
	int err;

	*out = NULL;
	if (!ac)
		return IMR_ENOMEM;
	for (i = 0; i < count; i++) {
		assert(lens[i] > 0);
		if (lens[i] >= (size_t)1 << 30) {
			imr__free(ac);
			return IMR_ELIMIT; /* longer than a reported length can say */
		}
	}
	make_classes(ac, lits, lens, count);
	ac->nlits = count;
	if (!(ac->edges = imr__calloc(count + 1, 1))) {
		imr__ac_free(ac);
		return IMR_ENOMEM;
	}
	if (edges && count)
		memcpy(ac->edges, edges, count);
	err = build_trie(ac, lits, lens, count);
	if (!err)
		err = complete(ac);
	if (!err)
		err = flatten_outputs(ac);
	if (err) {
		imr__ac_free(ac);
		return err;
	}
	*out = ac;
	return IMR_OK;
}

/* Each byte's kind for word boundaries: 1 a word byte (ASCII letter,
 * digit, '_'), 2 a non-ASCII byte (it might be part of a letter), 0 any
 * other. */
static const unsigned char byte_kind[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
	['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
	['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
	['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	[0x80] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* Whether a word boundary may hold at @p at of [p, p+len): the ends of the
 * text are non-word, and next to a non-ASCII byte it may always hold. */
static unsigned boundary(const unsigned char *p, size_t len, size_t at)
{
	unsigned a = at ? byte_kind[p[at - 1]] : 0, b = at < len ? byte_kind[p[at]] : 0;
	return ((a | b) >> 1 | (a != b)) & 1u;
}

/* Record the literals ending at state @p s, byte @p end. Whether an
 * occurrence has the edges it needs decides only whether the count moves
 * on past what was written, not which way the code goes: an occurrence
 * inside a word ("he" in "the") is as common as one that counts, and a
 * branch on it is mispredicted every other time. */
static size_t report(const imr_ac *ac, const unsigned char *p, size_t len, uint32_t s, size_t end,
		     imr_ac_hit *out, size_t cap, size_t n)
{
	const struct ac_out *o = ac->outs + ac->out_first[s], *last = ac->outs + ac->out_first[s + 1];
	unsigned after = boundary(p, len, end);
	for (; o < last; o++) {
		size_t start = end - (o->len_edges >> 2);
		unsigned free_before = (o->len_edges & IMR_AC_WORD_BEFORE) ? 0u : 1u;
		unsigned free_after = (o->len_edges & IMR_AC_WORD_AFTER) ? 0u : 1u;
		unsigned ok = (free_before | boundary(p, len, start)) & (free_after | after);
		if (n < cap) {
			out[n].id = o->id;
			out[n].start = (uint32_t)start;
		}
		n += ok;
	}
	return n;
}

/* The state after reading [from, to) from state @p s, reporting nothing. */
static uint32_t advance(const imr_ac *ac, const unsigned char *p, size_t from, size_t to, uint32_t s)
{
	for (; from < to; from++)
		s = ac->delta[(size_t)s * ac->stride + ac->cls[p[from]]] & ~TERM;
	return s;
}

/* Read [from, to) of the text @p p (@p len bytes) from state *s, reporting
 * what ends there into @p out after the @p n hits so far; returns the new
 * count and leaves the state in *s. */
static size_t scan_range(const imr_ac *ac, const unsigned char *p, size_t len, size_t from, size_t to, uint32_t *s,
			 imr_ac_hit *out, size_t cap, size_t n)
{
	uint32_t st = *s;
	for (; from < to; from++) {
		uint32_t t = ac->delta[(size_t)st * ac->stride + ac->cls[p[from]]];
		st = t & ~TERM;
		if (t & TERM)
			n = report(ac, p, len, st, from + 1, out, cap, n);
	}
	*s = st;
	return n;
}

/* Streams of a long text, bytes each stream reads between reports (its
 * notes of ends fit a small array), and the shortest stream worth its
 * start-up reading. The round loop in scan_streams is written out for
 * four streams. */
enum { STREAMS = 4, ROUND = 128, MIN_STREAM = 96 };
_Static_assert(STREAMS == 4, "scan_streams advances four streams by name");

/* One step of stream @p k: read its byte, note the position if literals
 * end there (without a branch: the count moves by the entry's high bit). */
#define STREAM_STEP(k)                                                               \
	do {                                                                          \
		uint32_t t_ = delta[(size_t)s##k * stride + cls[p[at[k] + j]]];       \
		s##k = t_ & ~TERM;                                                    \
		note_at[k][nnote[k]] = (uint16_t)j;                                   \
		note_state[k][nnote[k]] = s##k;                                       \
		nnote[k] += t_ >> 31;                                                 \
	} while (0)

/* Scan [from, to) of @p p (@p len bytes) as STREAMS streams, each
 * reporting into its share of @p out. Returns the number of hits, all
 * stored in @p out in the order of a single pass, or (size_t)-1 when a
 * share was too small (the caller scans again in one pass). */
static size_t scan_streams(const imr_ac *ac, const unsigned char *p, size_t len, size_t from, size_t to,
			   imr_ac_hit *out, size_t cap)
{
	const uint32_t *delta = ac->delta;
	const uint8_t *cls = ac->cls;
	size_t stride = ac->stride, chunk = (to - from) / STREAMS, share = cap / STREAMS, at[STREAMS], n[STREAMS],
	       room[STREAMS], nnote[STREAMS], done, total, j, k;
	uint16_t note_at[STREAMS][ROUND];
	uint32_t note_state[STREAMS][ROUND], s0, s1, s2, s3;
	imr_ac_hit *part[STREAMS];

	for (k = 0; k < STREAMS; k++) {
		at[k] = from + k * chunk;
		part[k] = out + k * share;
		room[k] = k + 1 < STREAMS ? share : cap - k * share;
		n[k] = 0;
	}
	s0 = 0;
	s1 = advance(ac, p, at[1] + 1 - ac->maxlen, at[1], 0);
	s2 = advance(ac, p, at[2] + 1 - ac->maxlen, at[2], 0);
	s3 = advance(ac, p, at[3] + 1 - ac->maxlen, at[3], 0);
	for (done = 0; done < chunk;) {
		size_t step = chunk - done < ROUND ? chunk - done : ROUND;
		memset(nnote, 0, sizeof(nnote));
		for (j = 0; j < step; j++) {
			STREAM_STEP(0);
			STREAM_STEP(1);
			STREAM_STEP(2);
			STREAM_STEP(3);
		}
		for (k = 0; k < STREAMS; k++) {
			for (j = 0; j < nnote[k]; j++)
				n[k] = report(ac, p, len, note_state[k][j], at[k] + note_at[k][j] + 1, part[k], room[k],
					      n[k]);
			at[k] += step;
		}
		done += step;
	}
	/* the last stream also reads the few bytes len / STREAMS left over */
	n[STREAMS - 1] = scan_range(ac, p, len, at[STREAMS - 1], to, &s3, part[STREAMS - 1], room[STREAMS - 1],
				    n[STREAMS - 1]);
	for (k = 0; k < STREAMS; k++)
		if (n[k] > room[k])
			return (size_t)-1;
	for (k = 0, total = 0; k < STREAMS; k++) {
		if (n[k] && part[k] != out + total)
			memmove(out + total, part[k], n[k] * sizeof(*out));
		total += n[k];
	}
	return total;
}

#undef STREAM_STEP

size_t imr__ac_scan_window(const imr_ac *ac, const char *text, size_t len, size_t from, size_t to, imr_ac_hit *out,
			   size_t cap)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t bytes;
	uint32_t s = 0;

	assert(len < UINT32_MAX && from <= to && to <= len);
	bytes = to - from;
	if (bytes / STREAMS >= MIN_STREAM && bytes / STREAMS >= ac->maxlen && cap >= STREAMS) {
		size_t n = scan_streams(ac, p, len, from, to, out, cap);
		if (n != (size_t)-1)
			return n;
	}
	return scan_range(ac, p, len, from, to, &s, out, cap, 0);
}

size_t imr__ac_scan(const imr_ac *ac, const char *text, size_t len, imr_ac_hit *out, size_t cap)
{
	return imr__ac_scan_window(ac, text, len, 0, len, out, cap);
}

size_t imr__ac_states(const imr_ac *ac)
{
	return ac->nstates;
}

size_t imr__ac_bytes(const imr_ac *ac)
{
	return sizeof(*ac) + ac->nstates * (ac->stride + 3) * sizeof(uint32_t) + ac->nlits * 2 * sizeof(uint32_t) +
	       (ac->out_first ? ac->out_first[ac->nstates] : 0) * sizeof(*ac->outs);
}
