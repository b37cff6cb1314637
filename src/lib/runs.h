/* runs.h - the longest run of bytes of a class in a text (internal).
 *
 * A class is a table of 256 bytes, 1 where the byte is a member. The
 * prefilter bounds how far before an atom a match can start by the
 * longest runs of the classes its patterns repeat ("\\s+", "\\w*"), so a
 * letter needs the runs of several classes. imr__runs_longest() measures
 * one class; a lane set measures up to IMR_RUNS_LANES classes in one pass,
 * which costs about what measuring two of them alone does. */
#ifndef IMR_RUNS_H
#define IMR_RUNS_H

#include <stddef.h>
#include <stdint.h>

#define IMR_RUNS_LANES 16
/* The longest text a lane set measures: its counts are 16 bits. */
#define IMR_RUNS_LANES_MAX_LEN 32767

/* The longest run in [p, p + len) of bytes whose entry in @p in is set. */
size_t imr__runs_longest(const unsigned char *in, const unsigned char *p, size_t len);

/* Up to IMR_RUNS_LANES classes measured together: tab[c][k] is all ones
 * where byte c is in lane k's class. Plain data: zeroed, it has no lanes. */
typedef struct imr_runs_lanes {
	int16_t tab[256][IMR_RUNS_LANES];
	unsigned count;
} imr_runs_lanes;

/* Add the class @p in as the next lane; returns its lane number, or -1
 * when every lane is taken. */
int imr__runs_lanes_add(imr_runs_lanes *l, const unsigned char *in);

/* The longest run of each lane's class in [p, p + len) into out[lane], for
 * len <= IMR_RUNS_LANES_MAX_LEN (longer texts: imr__runs_longest per
 * class). The same numbers as imr__runs_longest() gives. */
void imr__runs_longest_lanes(const imr_runs_lanes *l, const unsigned char *p, size_t len,
			     size_t out[IMR_RUNS_LANES]);

#endif
