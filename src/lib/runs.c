/* runs.c - the longest run of bytes of a class in a text.
 *
 * Both ways count without branches on the bytes (a run's end is a coin
 * toss at every word's edge): the count goes up by one and is cleared by
 * an AND with the byte's membership, all ones or zero. One class alone is
 * read as two halves in turn, whose counts depend on their own bytes only,
 * so the two chains of additions overlap; the run that crosses the middle
 * is the first half's last run and the second half's first, counted
 * after. A lane set keeps sixteen 16-bit counts in two SSE2 registers
 * (every x86-64 has them), so a byte costs two loads and six operations
 * for all its classes; elsewhere the same loop runs lane by lane. */
#include "runs.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t imr__runs_longest(const unsigned char *in, const unsigned char *p, size_t len)
{
	size_t half = len / 2, i, cur0 = 0, cur1 = 0, best0 = 0, best1 = 0, head, best;
	for (i = 0; i < half; i++) {
		cur0 = (cur0 + 1) & ((size_t)0 - in[p[i]]);
		best0 = cur0 > best0 ? cur0 : best0;
		cur1 = (cur1 + 1) & ((size_t)0 - in[p[half + i]]);
		best1 = cur1 > best1 ? cur1 : best1;
	}
	for (i = 2 * half; i < len; i++) { /* an odd length's last byte */
		cur1 = (cur1 + 1) & ((size_t)0 - in[p[i]]);
		best1 = cur1 > best1 ? cur1 : best1;
	}
	/* the second half's first run, joined to the first half's last */
	for (head = 0; half + head < len && in[p[half + head]]; head++)
		;
	best = best0 > best1 ? best0 : best1;
	return cur0 + head > best ? cur0 + head : best;
}

int imr__runs_lanes_add(imr_runs_lanes *l, const unsigned char *in)
{
	unsigned c;
	if (l->count >= IMR_RUNS_LANES)
		return -1;
	for (c = 0; c < 256; c++)
		l->tab[c][l->count] = in[c] ? (int16_t)-1 : 0;
	return (int)l->count++;
}

#if defined(__SSE2__)
void imr__runs_longest_lanes(const imr_runs_lanes *l, const unsigned char *p, size_t len,
			     size_t out[IMR_RUNS_LANES])
{
	__m128i cur0 = _mm_setzero_si128(), cur1 = cur0, best0 = cur0, best1 = cur0, one = _mm_set1_epi16(1);
	int16_t best[IMR_RUNS_LANES];
	size_t i;
	unsigned k;
	_Static_assert(IMR_RUNS_LANES == 16, "two vectors of eight lanes");
	for (i = 0; i < len; i++) {
		const int16_t *row = l->tab[p[i]];
		cur0 = _mm_and_si128(_mm_add_epi16(cur0, one), _mm_loadu_si128((const __m128i *)(const void *)row));
		cur1 = _mm_and_si128(_mm_add_epi16(cur1, one), _mm_loadu_si128((const __m128i *)(const void *)(row + 8)));
		best0 = _mm_max_epi16(best0, cur0);
		best1 = _mm_max_epi16(best1, cur1);
	}
	_mm_storeu_si128((__m128i *)(void *)best, best0);
	_mm_storeu_si128((__m128i *)(void *)(best + 8), best1);
	for (k = 0; k < l->count; k++)
		out[k] = (size_t)(uint16_t)best[k];
}
#else
void imr__runs_longest_lanes(const imr_runs_lanes *l, const unsigned char *p, size_t len,
			     size_t out[IMR_RUNS_LANES])
{
	size_t i, cur[IMR_RUNS_LANES] = { 0 };
	unsigned k;
	for (k = 0; k < l->count; k++)
		out[k] = 0;
	for (i = 0; i < len; i++)
		for (k = 0; k < l->count; k++) {
			cur[k] = (cur[k] + 1) & (size_t)(int64_t)l->tab[p[i]][k];
			out[k] = cur[k] > out[k] ? cur[k] : out[k];
		}
}
#endif
