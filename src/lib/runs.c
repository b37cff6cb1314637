/* runs.c - the longest run of bytes of a class in a text.
 *
 * Both ways count without branches on the bytes (a run's end is a coin
 * toss at every word's edge): the count goes up by one and is cleared by
 * an AND with the byte's membership, all ones or zero. One class alone is
 * read as two halves in turn, whose counts depend on their own bytes only,
 * so the two chains of additions overlap; the run that crosses the middle
 * is the first half's last run and the second half's first, counted
 * after. A lane set keeps sixteen 16-bit counts in one vector (GCC's
 * vector extensions: two SSE2 registers on x86-64 without further
 * options), so a byte costs one table load and four operations for all
 * its classes; a compiler without them gets the same loop lane by lane. */
#include "runs.h"

#include <string.h>

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

#if defined(__GNUC__)
/* eight lanes a vector: the width of SSE2, which every x86-64 has */
typedef int16_t lanes_v __attribute__((vector_size(16)));

static lanes_v max_of(lanes_v a, lanes_v b)
{
	lanes_v a_longer = a > b;
	return (a & a_longer) | (b & ~a_longer);
}

void imr__runs_longest_lanes(const imr_runs_lanes *l, const unsigned char *p, size_t len,
			     size_t out[IMR_RUNS_LANES])
{
	lanes_v cur0 = { 0 }, cur1 = { 0 }, best0 = { 0 }, best1 = { 0 }, m0, m1;
	size_t i;
	unsigned k;
	_Static_assert(IMR_RUNS_LANES == 16, "two vectors of eight lanes");
	for (i = 0; i < len; i++) {
		/* the table's rows are not aligned for the vectors: copied in */
		memcpy(&m0, &l->tab[p[i]][0], sizeof(m0));
		memcpy(&m1, &l->tab[p[i]][8], sizeof(m1));
		cur0 = (cur0 + 1) & m0;
		cur1 = (cur1 + 1) & m1;
		best0 = max_of(best0, cur0);
		best1 = max_of(best1, cur1);
	}
	for (k = 0; k < l->count; k++)
		out[k] = (size_t)(uint16_t)(k < 8 ? best0[k] : best1[k - 8]);
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
