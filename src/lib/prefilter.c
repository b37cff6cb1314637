/* prefilter.c - atom occurrences per text, and searches limited to them.
 *
 * Build: the atoms of every pattern are deduplicated into one literal
 * table and one automaton; each pattern learns the literal id of each of
 * its atoms and the rule-set-wide id of each run class its bounds use.
 *
 * Scan: the automaton reports (literal, start) pairs; a counting sort by
 * literal leaves, for each literal hit in this text, its starts in order
 * (pos[lo[id] .. hi[id])). Only the literals touched are reset before the
 * next scan, so scanning a short string costs what the string costs, not
 * what the rule set has. The scan also lists the non-ASCII bytes (for the
 * ASCII twins); the longest run of each class bounds use is measured when
 * a bound first needs it.
 *
 * Invariants: lo[id] == hi[id] == 0 for every literal not in touched[];
 * pos[] ranges of touched literals are sorted; runs[] entries are valid
 * where run_known[] is set, for the text last scanned. */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "acmatch.h"
#include "alloc.h"
#include "imrcheck/common.h"
#include "runs.h"

#define GAP 32            /* windows this close are searched as one */
#define MAX_ATOMS 256     /* atoms of one pattern (SETMAX in atoms.c) */
#define UNSET ((size_t)-1)
/* Second atoms that no pattern has as atoms are worth listing only when
 * rare: at most this many expected occurrences per byte together (six in
 * a letter of 6 KB). Those of a common word would cost more to list at
 * every scan than the searches they save; literals that are some
 * pattern's atoms are listed anyway and cost nothing more. On the dev
 * letters 0.0003 to 0.003 do equally well. */
#define CONFIRM_FREQ 0.001
#define NOWHERE ((size_t)-2) /* a cpre bound: no second atom occurs */

struct imr_prefilter {
	imr_ac *ac;
	uint32_t *lit_len;
	size_t nlits;
	uint32_t *lit_first;      /* patterns of literal i: lit_pats[lit_first[i] .. lit_first[i+1]) */
	uint32_t *lit_pats;
	size_t npatterns;
	uint64_t (*classes)[2];   /* run classes, rule-set wide */
	size_t nclasses;
	unsigned char *members;   /* members[k * 256 + c]: byte c is in class k */
	unsigned char *confirm_on;  /* per pattern: its second atoms are used */
	unsigned char *atomless;    /* per pattern: it has no atoms (may match anywhere) */
	unsigned char *blank_atom;  /* per pattern: an atom of it holds white space */
	size_t max_cback;           /* the largest cback of a pattern: a range scan
				     * also lists this much before each range */
	/* What a search reads of each pattern, by pattern number (key), with
	 * its words in one pool, each pattern's together: a search of a
	 * pattern used to read four or five cache lines scattered over the
	 * pattern object, its atoms and its literal ids, seldom in cache when a
	 * text's searches go through hundreds of patterns. */
	struct pattern_key *key;
	uint32_t *pool;
};

/* A pattern as its searches see it. Its words in the pool, from `at`:
 * the literal ids of its atoms (count), its run classes (nclasses), the
 * ids of its second atoms in use (ccount), each atom's length << 2 | its
 * edges (count), the same for the second atoms (ccount), and its bounds
 * pre, reach and cpre, each as the constant (BOUND_NONE: unbounded)
 * followed by a coefficient per run class. */
struct pattern_key {
	const imr_regex *re;     /* the pattern this number stands for */
	uint32_t at;
	uint32_t count;          /* atoms: 0 when it has none */
	uint16_t ccount;         /* second atoms in use */
	uint16_t nclasses;
	uint32_t lookbehind;     /* longest lookbehind, in characters */
	uint32_t cback;          /* second atoms may start this far before a match */
	uint8_t twin;            /* it has an ASCII twin (imr__regex_has_ascii_twin) */
};

#define BOUND_NONE UINT32_MAX

/* The parts of a pattern's words in the pool. */
typedef struct pattern_view {
	const struct pattern_key *k;
	const uint32_t *ids, *classes, *cids, *lens, *clens, *bound;
	uint32_t index;
} pattern_view;

static void view_of(const imr_prefilter *pf, uint32_t index, pattern_view *v)
{
	const struct pattern_key *k = &pf->key[index];
	v->k = k;
	v->index = index;
	v->ids = pf->pool + k->at;
	v->classes = v->ids + k->count;
	v->cids = v->classes + k->nclasses;
	v->lens = v->cids + k->ccount;
	v->clens = v->lens + k->count;
	v->bound = v->clens + k->ccount;
}

/* Bound @p which (0 pre, 1 reach, 2 cpre) of a viewed pattern: its
 * constant, then its coefficients. */
static const uint32_t *bound_words(const pattern_view *v, unsigned which)
{
	return v->bound + which * (1u + v->k->nclasses);
}

struct imr_hits {
	const imr_prefilter *pf;
	const char *base;         /* the text last scanned */
	size_t len;
	int usable;               /* the prefilter applies to it */
	/* occurrences as found, then by literal */
	imr_ac_hit *raw;          /* by end offset */
	size_t nraw, capraw;
	uint32_t *pos;
	size_t cappos;
	uint32_t *lo, *hi;        /* per literal */
	uint32_t *touched;        /* each literal at most once: room for all */
	size_t ntouched;
	/* non-ASCII bytes, in order */
	uint32_t *nonascii;
	size_t nnonascii, capnon;
	/* the parts of the text scanned, by offset, in order and apart
	 * (imr__hits_scan_ranges): none for a whole text */
	imr_hits_range *ranges;
	size_t nranges, capranges;
	/* longest runs per class */
	size_t *runs;
	unsigned char *run_known;
	/* the classes long texts asked for, measured together in the next
	 * long text when it first needs one (allocated at the first) */
	imr_runs_lanes *lanes;
	uint32_t lane_class[IMR_RUNS_LANES];
	unsigned char *in_lane;   /* per class */
	int lanes_read;           /* for the text last scanned */

	/* per pattern, for this text (pattern_text), valid where its stamp
	 * equals generation; one record per pattern, since a search reads them
	 * all and the patterns of a text are scattered over the rule set */
	struct pattern_text {
		size_t pre, reach, cpre; /* its bounds, and its second atoms' pre */
		uint32_t stamp;
		uint32_t present_at;     /* which of its atoms occur in the text: */
		uint16_t npresent;       /* present[at .. at + n), atom indices */
		uint8_t reach_known;     /* reach is computed when first needed */
	} *pt;
	unsigned char *present;   /* (most patterns with many atoms have few of them in one text) */
	size_t npool, cappool;
	uint32_t generation;
	/* patterns with an atom in this text, listed when first asked for
	 * (marked): a text read only through spans in focus never needs them */
	int marked;
	unsigned char *may;
	uint32_t *maylist;
	size_t nmay;
	/* ...and in the part of it in focus (imr__hits_focus). Each list holds
	 * a pattern or a literal at most once (the byte arrays mark them), so
	 * the lists are allocated whole, for every pattern and literal, and
	 * filled without checks */
	int focused;
	unsigned char *fmay, *lit_seen;
	uint32_t *fmaylist, *seenlist;
	size_t nfmay, nseen;
};

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* ---- building ---- */

typedef struct litref {
	const char *s;
	size_t len;
	uint32_t id;
} litref;

static int compare_lits(const void *a, const void *b)
{
	const litref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

void imr__prefilter_free(imr_prefilter *pf)
{
	if (!pf)
		return;
	imr__ac_free(pf->ac);
	imr__free(pf->confirm_on);
	imr__free(pf->atomless);
	imr__free(pf->blank_atom);
	imr__free(pf->lit_len);
	imr__free(pf->lit_first);
	imr__free(pf->lit_pats);
	imr__free(pf->key);
	imr__free(pf->pool);

	imr__free(pf->classes);
	imr__free(pf->members);
	imr__free(pf);
}

/* Whether byte @p b is in run class @p c (every byte from 0x80 up is). */
static int in_class(const imr_prefilter *pf, size_t c, unsigned b)
{
	return b >= 128 || ((pf->classes[c][b >> 6] >> (b & 63)) & 1);
}

/* The rule-set-wide id of a run class, added when new. */
static int class_id(imr_prefilter *pf, const uint64_t members[2], size_t *cap, uint32_t *out)
{
	size_t i;
	for (i = 0; i < pf->nclasses; i++)
		if (pf->classes[i][0] == members[0] && pf->classes[i][1] == members[1]) {
			*out = (uint32_t)i;
			return 0;
		}
	if (pf->nclasses == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *grown = imr__realloc(pf->classes, ncap * sizeof(*pf->classes));
		if (!grown)
			return IMR_ENOMEM;
		pf->classes = grown;
		*cap = ncap;
	}
	pf->classes[pf->nclasses][0] = members[0];
	pf->classes[pf->nclasses][1] = members[1];
	*out = (uint32_t)pf->nclasses++;
	return 0;
}

/* Where a pattern's second atoms (atoms.h) sit in its literal ids: after
 * its atoms, its run classes and its own index. */
static size_t confirm_base(const imr_atoms *a)
{
	return a->count + a->nclasses + 1;
}

/* The second atoms of @p re in use: all of them, or none when listing
 * them would not pay (confirm_worth). */
static size_t confirm_count(const imr_prefilter *pf, const imr_regex *re)
{
	const imr_atoms *a = imr__regex_atoms(re);
	return a->ccount && pf->confirm_on[imr__regex_lit_ids(re)[a->count + a->nclasses]] ? a->ccount : 0;
}

/* Whether @p s holds a byte of white space (of any kind the text may
 * hold where another text has a space). */
static int has_blank(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))
			return 1;
	return 0;
}

static unsigned char ac_edges(unsigned char atom_edges)
{
	return (unsigned char)(((atom_edges & IMR_ATOMS_WORD_BEFORE) ? IMR_AC_WORD_BEFORE : 0) |
			       ((atom_edges & IMR_ATOMS_WORD_AFTER) ? IMR_AC_WORD_AFTER : 0));
}

/* The word boundaries an occurrence of each literal needs for every
 * pattern that has it as an atom or a second atom: the scan leaves out
 * the others. */
static int literal_edges(const imr_prefilter *pf, imr_regex *const *patterns, size_t count,
			 unsigned char **out)
{
	unsigned char *edges = imr__malloc(pf->nlits + 1);
	size_t i, j;
	if (!edges)
		return IMR_ENOMEM;
	memset(edges, IMR_AC_WORD_BEFORE | IMR_AC_WORD_AFTER, pf->nlits + 1);
	for (i = 0; i < count; i++) {
		const imr_atoms *a = patterns[i] ? imr__regex_atoms(patterns[i]) : NULL;
		const uint32_t *ids = a ? imr__regex_lit_ids(patterns[i]) : NULL;
		for (j = 0; a && j < a->count; j++)
			edges[ids[j]] &= ac_edges(a->edges[j]);
		for (j = 0; a && pf->confirm_on[i] && j < a->ccount; j++)
			edges[ids[confirm_base(a) + j]] &= ac_edges(a->cedges[j]);
	}
	*out = edges;
	return 0;
}

/* Which patterns each literal belongs to. */
static int reverse_index(imr_prefilter *pf, imr_regex *const *patterns, size_t count)
{
	size_t i, j, total = 0;
	uint32_t *fill;
	pf->lit_first = imr__calloc(pf->nlits + 2, sizeof(uint32_t));
	if (!pf->lit_first)
		return IMR_ENOMEM;
	for (i = 0; i < count; i++) {
		const imr_atoms *a = patterns[i] ? imr__regex_atoms(patterns[i]) : NULL;
		for (j = 0; a && j < a->count; j++) {
			pf->lit_first[imr__regex_lit_ids(patterns[i])[j] + 1]++;
			total++;
		}
	}
	for (i = 0; i < pf->nlits; i++)
		pf->lit_first[i + 1] += pf->lit_first[i];
	pf->lit_pats = imr__calloc(total + 1, sizeof(uint32_t));
	fill = imr__calloc(pf->nlits + 1, sizeof(uint32_t));
	if (!pf->lit_pats || !fill) {
		imr__free(fill);
		return IMR_ENOMEM;
	}
	for (i = 0; i < count; i++) {
		const imr_atoms *a = patterns[i] ? imr__regex_atoms(patterns[i]) : NULL;
		for (j = 0; a && j < a->count; j++) {
			uint32_t id = imr__regex_lit_ids(patterns[i])[j];
			pf->lit_pats[pf->lit_first[id] + fill[id]++] = (uint32_t)i;
		}
	}
	imr__free(fill);
	return 0;
}

/* The id of a literal: its index among the distinct literals. */
static uint32_t literal_id(size_t nlits, const char **strs, const size_t *lens, const char *s, size_t len)
{
	litref key;
	size_t lo = 0, hi = nlits;
	key.s = s;
	key.len = len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		litref probe;
		probe.s = strs[mid];
		probe.len = lens[mid];
		if (compare_lits(&probe, &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

/* Sort @p refs and keep each distinct literal once, in @p strs and
 * @p lens; their number. */
static size_t unique_literals(litref *refs, size_t n, const char **strs, size_t *lens)
{
	size_t i, k = 0;
	if (n)
		qsort(refs, n, sizeof(litref), compare_lits);
	for (i = 0; i < n; i++) {
		if (!k || compare_lits(&refs[i], &refs[i - 1]) != 0) {
			strs[k] = refs[i].s;
			lens[k] = refs[i].len;
			k++;
		}
	}
	return k;
}

/* Whether the second atoms of @p a are worth their occurrences: those
 * that are no pattern's atoms (not among the @p n sorted literals) are
 * rare together. */
static int confirm_worth(const imr_atoms *a, const char **strs, const size_t *lens, size_t n)
{
	double extra = 0;
	size_t j;
	if (!a->ccount)
		return 0;
	for (j = 0; j < a->ccount; j++) {
		uint32_t at = literal_id(n, strs, lens, a->clits[j], a->clens[j]);
		if (at < n && lens[at] == a->clens[j] && memcmp(strs[at], a->clits[j], a->clens[j]) == 0)
			continue; /* listed anyway */
		extra += a->cfreqs[j];
	}
	return extra <= CONFIRM_FREQ;
}

/* Words of one bound: its constant, then a coefficient per class. */
static void put_bound(uint32_t *w, const imr_atoms_bound *b, unsigned nclasses)
{
	unsigned i;
	w[0] = b->c == IMR_ATOMS_UNBOUNDED || b->c >= BOUND_NONE ? BOUND_NONE : (uint32_t)b->c;
	for (i = 0; i < nclasses; i++)
		w[1 + i] = b->coef[i];
}

/* The keys and pool of every pattern (struct pattern_key), once their
 * literal ids are known. A bound too large for a word is dropped (a
 * larger window is never wrong), and so is an ASCII twin whose lookbehind
 * is (the pattern itself is always right). Returns 0, IMR_ENOMEM, or
 * IMR_ELIMIT for an atom too long for the automaton to report anyway. */
static int build_keys(imr_prefilter *pf, imr_regex *const *patterns, size_t count)
{
	size_t i, j, words = 0;
	if (!(pf->key = imr__calloc(count + 1, sizeof(*pf->key))))
		return IMR_ENOMEM;
	for (i = 0; i < count; i++)
		if (patterns[i]) {
			const imr_atoms *a = imr__regex_atoms(patterns[i]);
			size_t cc = pf->confirm_on[i] ? a->ccount : 0;
			words += 2 * (a->count + cc) + a->nclasses + 3 * (1 + (size_t)a->nclasses);
		}
	if (words >= UINT32_MAX)
		return IMR_ELIMIT;
	if (!(pf->pool = imr__malloc((words + 1) * sizeof(uint32_t))))
		return IMR_ENOMEM;
	for (i = 0, words = 0; i < count; i++) {
		const imr_atoms *a;
		const uint32_t *ids;
		struct pattern_key *k = &pf->key[i];
		uint32_t *w;
		size_t lb;
		if (!patterns[i])
			continue;
		a = imr__regex_atoms(patterns[i]);
		ids = imr__regex_lit_ids(patterns[i]);
		lb = imr__regex_lookbehind(patterns[i]);
		if (a->ccount > UINT16_MAX || a->nclasses > UINT16_MAX)
			return IMR_ELIMIT;
		k->re = patterns[i];
		k->at = (uint32_t)words;
		k->count = (uint32_t)a->count;
		k->ccount = (uint16_t)(pf->confirm_on[i] && a->cback < UINT32_MAX ? a->ccount : 0);
		k->cback = (uint32_t)(k->ccount ? a->cback : 0);
		if (k->cback > pf->max_cback)
			pf->max_cback = k->cback;
		k->nclasses = (uint16_t)a->nclasses;
		k->lookbehind = lb < UINT32_MAX / 8 ? (uint32_t)lb : 0;
		k->twin = imr__regex_has_ascii_twin(patterns[i]) && lb < UINT32_MAX / 8;
		w = pf->pool + words;
		for (j = 0; j < a->count; j++)
			*w++ = ids[j];
		for (j = 0; j < a->nclasses; j++)
			*w++ = ids[a->count + j];
		for (j = 0; j < k->ccount; j++)
			*w++ = ids[confirm_base(a) + j];
		for (j = 0; j < a->count; j++) {
			if (a->lens[j] >= (size_t)1 << 30)
				return IMR_ELIMIT;
			*w++ = (uint32_t)(a->lens[j] << 2 | (a->edges[j] & 3u));
		}
		for (j = 0; j < k->ccount; j++) {
			if (a->clens[j] >= (size_t)1 << 30)
				return IMR_ELIMIT;
			*w++ = (uint32_t)(a->clens[j] << 2 | (a->cedges[j] & 3u));
		}
		put_bound(w, &a->pre, a->nclasses);
		w += 1 + a->nclasses;
		put_bound(w, &a->reach, a->nclasses);
		w += 1 + a->nclasses;
		put_bound(w, &a->cpre, a->nclasses);
		w += 1 + a->nclasses;
		words = (size_t)(w - pf->pool);
	}
	return 0;
}

int imr__prefilter_build(imr_prefilter **out, imr_regex *const *patterns, size_t count)
{
	imr_prefilter *pf = imr__calloc(1, sizeof(*pf));
	litref *refs = NULL;
	const char **strs = NULL;
	size_t *lens = NULL, total = 0, i, j, n = 0, capclasses = 0;
	unsigned char *edges = NULL;
	int err = 0;

	*out = NULL;
	if (!pf)
		return IMR_ENOMEM;
	for (i = 0; i < count; i++)
		if (patterns[i])
			total += imr__regex_atoms(patterns[i])->count + imr__regex_atoms(patterns[i])->ccount;
	refs = imr__calloc(total + 1, sizeof(litref));
	strs = imr__calloc(total + 1, sizeof(char *));
	lens = imr__calloc(total + 1, sizeof(size_t));
	pf->lit_len = imr__calloc(total + 1, sizeof(uint32_t));
	pf->confirm_on = imr__calloc(count + 1, 1);
	pf->atomless = imr__calloc(count + 1, 1);
	pf->blank_atom = imr__calloc(count + 1, 1);
	if (!refs || !strs || !lens || !pf->lit_len || !pf->confirm_on || !pf->atomless || !pf->blank_atom) {
		err = IMR_ENOMEM;
		goto done;
	}
	for (i = 0; i < count; i++) {
		const imr_atoms *a;
		if (!patterns[i])
			continue;
		a = imr__regex_atoms(patterns[i]);
		pf->atomless[i] = !a->count;
		for (j = 0; j < a->count; j++) {
			pf->blank_atom[i] |= has_blank(a->lits[j], a->lens[j]);
			refs[n].s = a->lits[j];
			refs[n].len = a->lens[j];
			n++;
		}
	}
	/* the atoms first: which second atoms are worth listing depends on
	 * whether they are listed anyway */
	pf->nlits = unique_literals(refs, n, strs, lens);
	for (i = 0; i < count; i++)
		if (patterns[i] && confirm_worth(imr__regex_atoms(patterns[i]), strs, lens, pf->nlits)) {
			const imr_atoms *a = imr__regex_atoms(patterns[i]);
			pf->confirm_on[i] = 1;
			for (j = 0; j < a->ccount; j++) {
				refs[n].s = a->clits[j];
				refs[n].len = a->clens[j];
				n++;
			}
		}
	/* equal atoms of different patterns share one literal */
	pf->nlits = unique_literals(refs, n, strs, lens);
	for (i = 0; i < pf->nlits; i++)
		pf->lit_len[i] = (uint32_t)lens[i];
	for (i = 0; i < count && !err; i++) {
		const imr_atoms *a;
		uint32_t *ids;
		if (!patterns[i])
			continue;
		a = imr__regex_atoms(patterns[i]);
		ids = imr__regex_lit_ids(patterns[i]);
		for (j = 0; j < a->count; j++)
			ids[j] = literal_id(pf->nlits, strs, lens, a->lits[j], a->lens[j]);
		for (j = 0; pf->confirm_on[i] && j < a->ccount; j++)
			ids[confirm_base(a) + j] = literal_id(pf->nlits, strs, lens, a->clits[j], a->clens[j]);
		for (j = 0; j < a->nclasses && !err; j++)
			err = class_id(pf, a->classes[j], &capclasses, &ids[a->count + j]);
		ids[a->count + a->nclasses] = (uint32_t)i;
	}
	pf->npatterns = count;
	if (!err)
		err = build_keys(pf, patterns, count);
	if (!err && !(pf->members = imr__malloc(pf->nclasses * 256 + 1)))
		err = IMR_ENOMEM;
	for (j = 0; !err && j < pf->nclasses; j++)
		for (i = 0; i < 256; i++)
			pf->members[j * 256 + i] = (unsigned char)in_class(pf, j, (unsigned)i);
	if (!err)
		err = reverse_index(pf, patterns, count);
	if (!err)
		err = literal_edges(pf, patterns, count, &edges);
	if (!err)
		err = imr__ac_build(&pf->ac, strs, lens, edges, pf->nlits);
done:
	imr__free(refs);
	imr__free(strs);
	imr__free(lens);
	imr__free(edges);
	if (err) {
		imr__prefilter_free(pf);
		return err;
	}
	*out = pf;
	return IMR_OK;
}

int imr__prefilter_confirms(const imr_prefilter *pf, size_t index)
{
	return pf && index < pf->npatterns && pf->confirm_on[index];
}

size_t imr__prefilter_literals(const imr_prefilter *pf)
{
	return pf ? pf->nlits : 0;
}

size_t imr__prefilter_bytes(const imr_prefilter *pf)
{
	return pf ? imr__ac_bytes(pf->ac) + pf->nlits * sizeof(uint32_t) : 0;
}

/* ---- hits ---- */

int imr__hits_new(imr_hits **out, const imr_prefilter *pf)
{
	imr_hits *h = imr__calloc(1, sizeof(*h));
	*out = NULL;
	if (!h)
		return IMR_ENOMEM;
	h->pf = pf;
	if (pf) {
		h->lo = imr__calloc(pf->nlits + 1, sizeof(uint32_t));
		h->hi = imr__calloc(pf->nlits + 1, sizeof(uint32_t));
		h->runs = imr__calloc(pf->nclasses + 1, sizeof(size_t));
		h->run_known = imr__calloc(pf->nclasses + 1, 1);
		h->in_lane = imr__calloc(pf->nclasses + 1, 1);
		h->may = imr__calloc(pf->npatterns + 1, 1);
		h->fmay = imr__calloc(pf->npatterns + 1, 1);
		h->lit_seen = imr__calloc(pf->nlits + 1, 1);
		h->maylist = imr__malloc((pf->npatterns + 1) * sizeof(uint32_t));
		h->touched = imr__malloc((pf->nlits + 1) * sizeof(uint32_t));
		h->fmaylist = imr__malloc((pf->npatterns + 1) * sizeof(uint32_t));
		h->seenlist = imr__malloc((pf->nlits + 1) * sizeof(uint32_t));
		h->pt = imr__calloc(pf->npatterns + 1, sizeof(*h->pt));
		if (!h->lo || !h->hi || !h->runs || !h->run_known || !h->in_lane || !h->may || !h->pt ||
		    !h->fmay || !h->lit_seen || !h->maylist || !h->fmaylist || !h->seenlist ||
		    !h->touched) {
			imr__hits_free(h);
			return IMR_ENOMEM;
		}
	}
	*out = h;
	return IMR_OK;
}

void imr__hits_free(imr_hits *h)
{
	if (!h)
		return;
	imr__free(h->raw);
	imr__free(h->pos);
	imr__free(h->lo);
	imr__free(h->hi);
	imr__free(h->touched);
	imr__free(h->nonascii);
	imr__free(h->runs);
	imr__free(h->run_known);
	imr__free(h->in_lane);
	imr__free(h->lanes);
	imr__free(h->ranges);
	imr__free(h->may);
	imr__free(h->maylist);
	imr__free(h->pt);
	imr__free(h->present);
	imr__free(h->fmay);
	imr__free(h->lit_seen);
	imr__free(h->fmaylist);
	imr__free(h->seenlist);

	imr__free(h);
}

static int list_nonascii(imr_hits *h, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i;
	h->nnonascii = 0;
	for (i = 0; i < len; i++) {
		/* eight ASCII bytes at a time: most of a letter */
		uint64_t w;
		while (i + 8 <= len && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ull)))
			i += 8;
		if (i == len)
			break;
		if (p[i] < 0x80)
			continue;
		if (h->nnonascii == h->capnon) {
			void *grown = h->nonascii;
			if (imr__grow(&grown, &h->capnon, h->nnonascii + 1, sizeof(uint32_t)) < 0)
				return IMR_ENOMEM;
			h->nonascii = grown;
		}
		h->nonascii[h->nnonascii++] = (uint32_t)i;
	}
	return 0;
}

/* Occurrences by literal: counting sort of the raw pairs. */
static int sort_hits(imr_hits *h)
{
	size_t i, acc = 0;
	for (i = 0; i < h->nraw; i++) {
		/* a literal's first occurrence lists it (touched[] has room for
		 * every literal): by the count, not a branch, as often taken
		 * as not */
		uint32_t id = h->raw[i].id;
		h->touched[h->ntouched] = id;
		h->ntouched += h->hi[id] == 0;
		h->hi[id]++;
	}
	if (h->nraw > h->cappos) {
		void *grown = h->pos;
		if (imr__grow(&grown, &h->cappos, h->nraw, sizeof(uint32_t)) < 0)
			return IMR_ENOMEM;
		h->pos = grown;
	}
	for (i = 0; i < h->ntouched; i++) {
		uint32_t id = h->touched[i], n = h->hi[id];
		h->lo[id] = h->hi[id] = (uint32_t)acc;
		acc += n;
	}
	for (i = 0; i < h->nraw; i++)
		h->pos[h->hi[h->raw[i].id]++] = h->raw[i].start;
	return 0;
}

/* The patterns that have an atom in this text. */
static void mark_patterns(imr_hits *h)
{
	const imr_prefilter *pf = h->pf;
	size_t i, k;
	for (i = 0; i < h->ntouched; i++) {
		uint32_t id = h->touched[i];
		for (k = pf->lit_first[id]; k < pf->lit_first[id + 1]; k++) {
			uint32_t p = pf->lit_pats[k];
			if (h->may[p])
				continue;
			h->may[p] = 1;
			h->maylist[h->nmay++] = p;
		}
	}
}

static void unfocus(imr_hits *h)
{
	size_t i;
	for (i = 0; i < h->nfmay; i++)
		h->fmay[h->fmaylist[i]] = 0;
	for (i = 0; i < h->nseen; i++)
		h->lit_seen[h->seenlist[i]] = 0;
	h->nfmay = h->nseen = 0;
	h->focused = 0;
}

static void forget(imr_hits *h)
{
	size_t i;
	unfocus(h);
	for (i = 0; i < h->ntouched; i++)
		h->lo[h->touched[i]] = h->hi[h->touched[i]] = 0;
	h->ntouched = 0;
	for (i = 0; i < h->nmay; i++)
		h->may[h->maylist[i]] = 0;
	h->nmay = 0;
	h->marked = 0;
	h->nraw = 0;
	h->npool = 0;
	h->usable = 0;
	h->lanes_read = 0;
	h->nranges = 0;
	h->base = NULL;
	h->len = 0;
}

static int cover_from(const imr_hits *h, const char *s, size_t len, size_t start, size_t back);

static int compare_ranges(const void *a, const void *b)
{
	const imr_hits_range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The ranges of a text of @p len bytes to scan into h->ranges: each from
 * max_cback bytes before it (second atoms from a lookbehind may lie there),
 * in order, merged where they meet; none when they would cover nine tenths
 * of the text (it is scanned whole). */
static int set_ranges(imr_hits *h, size_t len, const imr_hits_range *r, size_t n)
{
	void *grown = h->ranges;
	size_t i, k = 0, bytes = 0;
	if (imr__grow(&grown, &h->capranges, n ? n : 1, sizeof(imr_hits_range)) < 0)
		return IMR_ENOMEM;
	h->ranges = grown;
	for (i = 0; i < n; i++) {
		size_t end = r[i].end < len ? r[i].end : len, start = r[i].start;
		if (start >= end)
			continue;
		h->ranges[k].start = start > h->pf->max_cback ? start - h->pf->max_cback : 0;
		h->ranges[k].end = end;
		k++;
	}
	qsort(h->ranges, k, sizeof(imr_hits_range), compare_ranges);
	for (i = 0, n = 0; i < k; i++) {
		if (n && h->ranges[i].start <= h->ranges[n - 1].end) {
			if (h->ranges[i].end > h->ranges[n - 1].end)
				h->ranges[n - 1].end = h->ranges[i].end;
			continue;
		}
		h->ranges[n++] = h->ranges[i];
	}
	for (i = 0; i < n; i++)
		bytes += h->ranges[i].end - h->ranges[i].start;
	h->nranges = (size_t)10 * bytes >= (size_t)9 * len ? 0 : n;
	return 0;
}

/* Whether [from, to) (offsets) lies in one scanned range: always, for a
 * text scanned whole. */
static int in_ranges(const imr_hits *h, size_t from, size_t to)
{
	size_t i;
	if (!h->nranges)
		return 1;
	for (i = 0; i < h->nranges; i++)
		if (h->ranges[i].start <= from && to <= h->ranges[i].end)
			return 1;
	return 0;
}

/* The automaton over the text, or over its ranges, into raw[]; returns
 * the number of occurrences, which may exceed capraw. */
static size_t scan_parts(imr_hits *h, const char *text, size_t len)
{
	size_t n = 0, i;
	if (!h->nranges)
		return imr__ac_scan(h->pf->ac, text, len, h->raw, h->capraw);
	for (i = 0; i < h->nranges; i++)
		n += imr__ac_scan_window(h->pf->ac, text, len, h->ranges[i].start, h->ranges[i].end,
					 h->raw + (n < h->capraw ? n : 0), n < h->capraw ? h->capraw - n : 0);
	return n;
}

static int scan_text(imr_hits *h, const char *text, size_t len, const imr_hits_range *ranges, size_t nranges)
{
	int rc;
	forget(h);
	if (!h->pf || len >= UINT32_MAX || !imr__atoms_text_safe(text, len))
		return 0;
	if (!h->capraw && imr__grow((void **)&h->raw, &h->capraw, len / 2 + 256, sizeof(imr_ac_hit)) < 0)
		return IMR_ENOMEM;
	if (ranges && (rc = set_ranges(h, len, ranges, nranges)) < 0)
		return rc;
	if (h->pf->nclasses)
		memset(h->run_known, 0, h->pf->nclasses);

	if (++h->generation == 0) {
		/* after 2^32 texts, stamps could repeat: start afresh */
		size_t p;
		for (p = 0; p <= h->pf->npatterns; p++)
			h->pt[p].stamp = 0;
		h->generation = 1;
	}
	/* a text where atoms occur more than twice per byte is searched as it
	 * always was, rather than listing every occurrence */
	for (;;) {
		size_t n = scan_parts(h, text, len);
		if (n <= h->capraw) {
			h->nraw = n;
			break;
		}
		if (n > 2 * len + 4096) {
			h->nranges = 0;
			return 0;
		}
		if (imr__grow((void **)&h->raw, &h->capraw, n, sizeof(imr_ac_hit)) < 0)
			return IMR_ENOMEM;
	}
	if ((rc = sort_hits(h)) < 0 || (rc = list_nonascii(h, text, len)) < 0) {
		forget(h);
		return rc;
	}
	h->base = text;
	h->len = len;
	h->usable = 1;
	return 0;
}

int imr__hits_scan(imr_hits *h, const char *text, size_t len)
{
	return scan_text(h, text, len, NULL, 0);
}

int imr__hits_scan_ranges(imr_hits *h, const char *text, size_t len, const imr_hits_range *ranges, size_t n)
{
	return scan_text(h, text, len, ranges, n);
}

/* Whether one of the literals @p ids (@p n of them) occurs in the text. */
static int any_occurs(const imr_hits *h, const uint32_t *ids, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (h->lo[ids[i]] != h->hi[ids[i]])
			return 1;
	return 0;
}

int imr__hits_may_match(imr_hits *h, const imr_regex *re)
{
	const imr_atoms *a;
	const uint32_t *ids;
	if (!h || !h->usable)
		return 1;
	a = imr__regex_atoms(re);
	if (!a->count)
		return 1;
	if (h->focused == 2 || (!h->focused && h->nranges))
		return 1; /* the whole text's answer: not known for a range scan */
	ids = imr__regex_lit_ids(re);
	if (h->focused)
		return h->fmay[ids[a->count + a->nclasses]];
	/* the whole text: its atoms, and its second atoms if it has any */
	return any_occurs(h, ids, a->count) &&
	       (!confirm_count(h->pf, re) || any_occurs(h, ids + confirm_base(a), a->ccount));
}

int imr__hits_may_match_nth(imr_hits *h, const imr_regex *re, uint32_t index)
{
	if (!h || !h->usable || h->focused == 2 || (!h->focused && h->nranges))
		return 1;
	if (h->focused && index < h->pf->npatterns) {
		/* a pattern listed twice (an entry's 'also' copy) has its
		 * literals under both numbers, which focus marks together */
		return h->pf->atomless[index] || h->fmay[index];
	}
	if (!h->focused && h->marked && index < h->pf->npatterns && !h->pf->atomless[index] && !h->may[index])
		return 0; /* none of its atoms is in the text */
	if (!h->focused && index < h->pf->npatterns && h->pf->key[index].re == re) {
		/* the whole text, from the pattern's key: as imr__hits_may_match() */
		pattern_view v;
		view_of(h->pf, index, &v);
		return !v.k->count ||
		       (any_occurs(h, v.ids, v.k->count) && (!v.k->ccount || any_occurs(h, v.cids, v.k->ccount)));
	}
	return imr__hits_may_match(h, re);
}

void imr__hits_may_match_each(imr_hits *h, imr_regex *const *pats, uint32_t base, size_t n, unsigned char *out)
{
	size_t i;
	if (h && h->usable && h->focused == 1 && base <= h->pf->npatterns && n <= h->pf->npatterns - base) {
		/* in focus: table looks per pattern, in one loop */
		const unsigned char *atomless = h->pf->atomless + base, *fmay = h->fmay + base;
		for (i = 0; i < n; i++)
			out[i] = (unsigned char)(atomless[i] | fmay[i]);
		return;
	}
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)imr__hits_may_match_nth(h, pats[i], base + (uint32_t)i);
}

int imr__hits_candidates(imr_hits *h, const uint32_t **list, size_t *n)
{
	if (!h || !h->usable || h->focused == 2 || (!h->focused && h->nranges))
		return 0;
	if (!h->focused && !h->marked) {
		mark_patterns(h);
		h->marked = 1;
	}
	*list = h->focused ? h->fmaylist : h->maylist;
	*n = h->focused ? h->nfmay : h->nmay;
	return 1;
}

int imr__hits_focus(imr_hits *h, const char *subject, size_t len, size_t start)
{
	const imr_prefilter *pf;
	size_t from, to, lo = 0, hi, i;
	if (!h)
		return 0;
	unfocus(h);
	if (!h->usable)
		return 0;
	if (!subject || start > len || !cover_from(h, subject, len, start, 0)) {
		/* occurrences the scan left out may count here: every pattern may */
		h->focused = 2;
		return 0;
	}
	pf = h->pf;
	from = (size_t)(subject - h->base) + start;
	to = (size_t)(subject - h->base) + len;
	if (from == 0 && to == h->len && !h->nranges)
		return 0; /* the whole text: what it answers unfocused */
	/* occurrences are listed by where they end: the first one ending
	 * after `from`, up to the last one ending by `to` */
	hi = h->nraw;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->raw[mid].start + pf->lit_len[h->raw[mid].id] <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < h->nraw && h->raw[i].start + pf->lit_len[h->raw[i].id] <= to; i++) {
		uint32_t id = h->raw[i].id, k;
		if (h->raw[i].start < from || h->lit_seen[id])
			continue;
		h->seenlist[h->nseen++] = id;
		h->lit_seen[id] = 1;
		for (k = pf->lit_first[id]; k < pf->lit_first[id + 1]; k++) {
			uint32_t p = pf->lit_pats[k];
			if (h->fmay[p])
				continue;
			h->fmaylist[h->nfmay++] = p;
			h->fmay[p] = 1;
		}
	}
	h->focused = 1;
	return 0;
}

/* imr__hits_cover() for a search of [start, len) of the subject [s,
 * s+len): the subject's ends, and the part searched, from @p back bytes
 * before it (not before the subject), in a scanned range. */
static int cover_from(const imr_hits *h, const char *s, size_t len, size_t start, size_t back)
{
	size_t off;
	if (!h || !h->usable || s < h->base || (size_t)(s - h->base) > h->len || len > h->len - (size_t)(s - h->base) ||
	    start > len)
		return 0;
	/* the scan judged word boundaries by the text around an occurrence; at
	 * an end of a subject that cuts a word of the text, the subject's own
	 * judgement differs, and an occurrence there may have been left out */
	off = (size_t)(s - h->base);
	if (off > 0 && word_byte((unsigned char)h->base[off - 1]))
		return 0;
	if (off + len < h->len && word_byte((unsigned char)h->base[off + len]))
		return 0;
	return in_ranges(h, off + (start > back ? start - back : 0), off + len);
}

int imr__hits_cover(const imr_hits *h, const char *s, size_t len)
{
	return cover_from(h, s, len, 0, 0);
}

/* ---- searching ---- */

/* Texts this long measure their classes in lanes (runs.h): a letter asks
 * for about ten of the rule set's two dozen classes, a service text for
 * one or two. */
#define LANES_MIN_LEN 1024

/* The runs of the classes earlier long texts asked for, measured together
 * into runs[] (once per text); the class @p id joins them for the next
 * long text when there is a lane left. A long text's first class is thus
 * measured alone, the others it shares with the texts before come free.
 * Returns IMR_ENOMEM or 0 (then the runs are measured one by one). */
static int read_lanes(imr_hits *h, uint32_t id)
{
	size_t out[IMR_RUNS_LANES];
	unsigned k;
	if (!h->lanes_read) {
		h->lanes_read = 1;
		if (h->lanes && h->lanes->count) {
			size_t i, r, parts = h->nranges ? h->nranges : 1;
			for (k = 0; k < h->lanes->count; k++)
				h->runs[h->lane_class[k]] = 0;
			for (i = 0; i < parts; i++) {
				size_t from = h->nranges ? h->ranges[i].start : 0, to = h->nranges ? h->ranges[i].end : h->len;
				imr__runs_longest_lanes(h->lanes, (const unsigned char *)h->base + from, to - from, out);
				for (k = 0; k < h->lanes->count; k++) {
					r = h->lane_class[k];
					h->runs[r] = out[k] > h->runs[r] ? out[k] : h->runs[r];
				}
			}
			for (k = 0; k < h->lanes->count; k++)
				h->run_known[h->lane_class[k]] = 1;
		}
	}
	if (h->in_lane[id])
		return 0;
	if (!h->lanes && !(h->lanes = imr__calloc(1, sizeof(*h->lanes))))
		return IMR_ENOMEM;
	k = (unsigned)imr__runs_lanes_add(h->lanes, h->pf->members + (size_t)id * 256);
	if (k < IMR_RUNS_LANES) {
		h->lane_class[k] = id;
		h->in_lane[id] = 1;
	}
	return 0;
}

/* Longest run of class @p id in the scanned text, measured when a bound
 * first needs it. A text scanned in ranges is measured in them alone: a
 * search with the hits lies inside one (cover_from()), and so does any
 * match it finds, so a run outside them or across the gap between two
 * cannot be part of one. */
static size_t run_of(imr_hits *h, uint32_t id)
{
	const unsigned char *in = h->pf->members + (size_t)id * 256;
	size_t i, r;
	if (h->run_known[id])
		return h->runs[id];
	if (h->len >= LANES_MIN_LEN && h->len <= IMR_RUNS_LANES_MAX_LEN) {
		read_lanes(h, id); /* without memory for lanes, one by one */
		if (h->run_known[id])
			return h->runs[id];
	}
	if (!h->nranges) {
		h->runs[id] = imr__runs_longest(in, (const unsigned char *)h->base, h->len);
	} else {
		h->runs[id] = 0;
		for (i = 0; i < h->nranges; i++) {
			r = imr__runs_longest(in, (const unsigned char *)h->base + h->ranges[i].start,
					      h->ranges[i].end - h->ranges[i].start);
			h->runs[id] = r > h->runs[id] ? r : h->runs[id];
		}
	}
	h->run_known[id] = 1;
	return h->runs[id];
}

size_t imr__prefilter_classes(const imr_prefilter *pf)
{
	return pf ? pf->nclasses : 0;
}

size_t imr__hits_run(imr_hits *h, uint32_t id)
{
	if (!h->usable || id >= h->pf->nclasses)
		return 0;
	return run_of(h, id);
}

int imr__prefilter_in_class(const imr_prefilter *pf, uint32_t id, unsigned char c)
{
	return pf && id < pf->nclasses && in_class(pf, id, c);
}

/* A bound (bound_words) in bytes for the scanned text; UNSET when
 * unbounded. */
static size_t bound_of(imr_hits *h, const pattern_view *v, const uint32_t *b)
{
	size_t val = b[0], i;
	if (b[0] == BOUND_NONE)
		return UNSET;
	for (i = 0; i < v->k->nclasses; i++) {
		size_t r, t;
		if (!b[1 + i])
			continue;
		r = run_of(h, v->classes[i]);
		if (r && b[1 + i] > UNSET / r)
			return UNSET;
		t = r * b[1 + i];
		if (t >= UNSET - val)
			return UNSET;
		val += t;
	}
	return val;
}

/* The cpre bound of a pattern for the scanned text, or NOWHERE when none
 * of its second atoms occurs in it. */
static size_t confirm_bound(imr_hits *h, const pattern_view *v)
{
	size_t i;
	for (i = 0; i < v->k->ccount; i++)
		if (h->lo[v->cids[i]] != h->hi[v->cids[i]])
			return bound_of(h, v, bound_words(v, 2));
	return NOWHERE;
}

/* The record of a pattern for the scanned text (its pre and reach bounds,
 * its cpre bound and the atoms of it that occur), computed when first
 * asked for. NULL when out of memory. */
static struct pattern_text *text_record(imr_hits *h, const pattern_view *v)
{
	struct pattern_text *t = &h->pt[v->index];
	if (t->stamp != h->generation) {
		size_t i;
		if (h->npool + v->k->count > h->cappool) {
			void *grown = h->present;
			if (imr__grow(&grown, &h->cappool, h->npool + v->k->count, 1) < 0)
				return NULL;
			h->present = grown;
		}
		t->present_at = (uint32_t)h->npool;
		for (i = 0; i < v->k->count && i < MAX_ATOMS; i++)
			if (h->lo[v->ids[i]] != h->hi[v->ids[i]])
				h->present[h->npool++] = (unsigned char)i;
		t->npresent = (uint16_t)(h->npool - t->present_at);
		t->pre = bound_of(h, v, bound_words(v, 0));
		t->reach_known = 0; /* needed only next to non-ASCII text (twin_ok) */
		t->cpre = v->k->ccount ? confirm_bound(h, v) : UNSET;
		t->stamp = h->generation;
	}
	return t;
}

/* Whether every byte of [from, to) of the scanned text is ASCII. */
static int all_ascii(const imr_hits *h, size_t from, size_t to)
{
	size_t lo = 0, hi = h->nnonascii;
	if (!h->nnonascii)
		return 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->nonascii[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == h->nnonascii || h->nonascii[lo] >= to;
}

/* Whether the ASCII twin may run for starts [lo, limit] of a subject at
 * @p off in the text, @p len bytes long: everything those starts can read
 * (their lookbehinds, one character before for \b, their reach) is ASCII. */
static int twin_ok(imr_hits *h, const pattern_view *v, size_t off, size_t len, size_t lo, size_t limit)
{
	size_t back = 4 * ((size_t)v->k->lookbehind + 1), reach, from, to;
	struct pattern_text *t;
	if (!v->k->twin)
		return 0;
	if (!h->nnonascii)
		return 1;
	if (!(t = text_record(h, v)))
		return 0; /* out of memory: the pattern itself, which is always right */
	if (!t->reach_known) {
		t->reach = bound_of(h, v, bound_words(v, 1));
		t->reach_known = 1;
	}
	reach = t->reach;
	from = off + (lo > back ? lo - back : 0);
	to = reach == UNSET || reach > len - limit ? off + len : off + limit + reach;
	return all_ascii(h, from, to);
}

/* The same for a pattern the prefilter does not search by its atoms. */
static int twin_ok_plain(imr_hits *h, const imr_regex *re, size_t off, size_t len, size_t lo)
{
	size_t back = 4 * (imr__regex_lookbehind(re) + 1);
	if (!imr__regex_has_ascii_twin(re))
		return 0;
	return !h->nnonascii || all_ascii(h, off + (lo > back ? lo - back : 0), off + len);
}

/* The first index in [lo, hi) of the sorted @p items whose value is at
 * least @p value (hi when none is). Without branches on the values: which
 * half the answer lies in is a coin toss for the processor's predictor,
 * and these searches run thousands of times a letter over lists of
 * hundreds of positions. The answer stays in [base, base + n]. */
static size_t lower_bound(const uint32_t *items, size_t lo, size_t hi, size_t value)
{
	const uint32_t *base = items + lo;
	size_t n = hi - lo;
	if (!n)
		return lo;
	while (n > 1) {
		size_t half = n / 2;
		base += base[half - 1] < value ? half : 0;
		n -= half;
	}
	return (size_t)(base - items) + (*base < value);
}

/* Whether \b can hold between the byte before @p at and the byte at it
 * (either may be the subject's edge, read as a non-word character). A
 * non-ASCII byte may be a letter under UCP: then it can. */
static int boundary_possible(const char *subject, size_t len, size_t at)
{
	unsigned char a = at ? (unsigned char)subject[at - 1] : ' ';
	unsigned char b = at < len ? (unsigned char)subject[at] : ' ';
	if (a >= 0x80 || b >= 0x80)
		return 1;
	return word_byte(a) != word_byte(b);
}

/* The next atom occurrence (subject offset) among the cursors of the
 * atoms still in @p act (*nact of them), or UNSET; *which receives its
 * atom. An occurrence that would end past the subject cannot be inside a
 * match, nor can any later one of its atom: the atom leaves @p act.
 * Occurrences without the word boundaries their atom needs are skipped. */
static size_t next_occurrence(const imr_hits *h, const pattern_view *v, size_t *cur, unsigned char *act,
			      size_t *nact, const char *subject, size_t off, size_t len, size_t *which)
{
	size_t best = UNSET, k = 0;
	while (k < *nact) {
		size_t i = act[k], p = UNSET, alen = v->lens[i] >> 2;
		unsigned edges = v->lens[i] & 3u;
		while (cur[i] < h->hi[v->ids[i]]) {
			p = h->pos[cur[i]] - off;
			if (p + alen > len) {
				p = UNSET;
				break;
			}
			if ((!(edges & IMR_ATOMS_WORD_BEFORE) || boundary_possible(subject, len, p)) &&
			    (!(edges & IMR_ATOMS_WORD_AFTER) || boundary_possible(subject, len, p + alen)))
				break;
			cur[i]++;
			p = UNSET;
		}
		if (p == UNSET) {
			act[k] = act[--*nact];
			continue;
		}
		if (p < best) {
			best = p;
			*which = i;
		}
		k++;
	}
	return best;
}

/* Whether one of the second atoms of a pattern occurs where a match
 * starting in [lo, limit] of the subject would hold one: at or after lo
 * (or cback bytes before it, for a lookbehind's), at most cpre bytes after
 * limit, wholly inside the subject, with the word boundaries it needs. 1
 * too when the pattern has no second atoms in use. */
static int confirmed(imr_hits *h, const pattern_view *v, size_t cpre, const char *subject, size_t off, size_t len,
		     size_t lo, size_t limit)
{
	size_t i, last;
	if (!v->k->ccount)
		return 1;
	if (cpre == NOWHERE)
		return 0;
	last = cpre == UNSET || cpre > len - limit ? len : limit + cpre;
	for (i = 0; i < v->k->ccount; i++) {
		uint32_t id = v->cids[i];
		size_t k, clen = v->clens[i] >> 2;
		unsigned edges = v->clens[i] & 3u;
		if (h->lo[id] == h->hi[id])
			continue;
		k = lower_bound(h->pos, h->lo[id], h->hi[id], off + (lo > v->k->cback ? lo - v->k->cback : 0));
		for (; k < h->hi[id]; k++) {
			size_t p = h->pos[k] - off;
			if (p > last || p + clen > len)
				break;
			if ((!(edges & IMR_ATOMS_WORD_BEFORE) || boundary_possible(subject, len, p)) &&
			    (!(edges & IMR_ATOMS_WORD_AFTER) || boundary_possible(subject, len, p + clen)))
				return 1;
		}
	}
	return 0;
}

int imr__hits_atom_within(imr_hits *h, const imr_regex *re, uint32_t index, const char *s, size_t len)
{
	pattern_view v;
	size_t off, i;
	if (!imr__hits_cover(h, s, len) || index >= h->pf->npatterns || h->pf->key[index].re != re ||
	    !h->pf->key[index].count || h->pf->blank_atom[index])
		return 1;
	off = (size_t)(s - h->base);
	view_of(h->pf, index, &v);
	for (i = 0; i < v.k->count; i++) {
		uint32_t id = v.ids[i];
		size_t at;
		if (h->lo[id] == h->hi[id])
			continue;
		at = lower_bound(h->pos, h->lo[id], h->hi[id], off);
		if (at < h->hi[id] && h->pos[at] + h->pf->lit_len[id] <= off + len)
			return 1;
	}
	return 0;
}

int imr__prefilter_find_nth(imr_matcher *m, const imr_regex *re, uint32_t index, imr_hits *h,
			    const char *subject, size_t len, size_t start, size_t *ovec, size_t ovec_count)
{
	const struct pattern_text *t;
	pattern_view v;
	size_t cur[MAX_ATOMS], off, pre, pos, p, i, k, which = 0, nact = 0;
	unsigned char act[MAX_ATOMS];

	if (start > len || !cover_from(h, subject, len, start, 0))
		return imr__regex_find_in(m, re, subject, len, start, UNSET, 0, ovec, ovec_count);
	off = (size_t)(subject - h->base);
	if (index >= h->pf->npatterns || h->pf->key[index].re != re || !h->pf->key[index].count ||
	    h->pf->key[index].count > MAX_ATOMS ||
	    (h->nranges && h->pf->key[index].cback && !cover_from(h, subject, len, start, h->pf->key[index].cback)))
		return imr__regex_find_in(m, re, subject, len, start, UNSET, twin_ok_plain(h, re, off, len, start),
					  ovec, ovec_count);
	view_of(h->pf, index, &v);
	if (!(t = text_record(h, &v)))
		return IMR_ENOMEM;
	if (t->cpre == NOWHERE)
		return 0; /* none of its second atoms is in the text */
	pre = t->pre;
	/* only the atoms that occur in the text at all */
	for (k = 0; k < t->npresent; k++) {
		i = h->present[t->present_at + k];
		cur[i] = lower_bound(h->pos, h->lo[v.ids[i]], h->hi[v.ids[i]], off + start);
		act[nact++] = (unsigned char)i;
	}
	pos = start;
	p = next_occurrence(h, &v, cur, act, &nact, subject, off, len, &which);
	if (p == UNSET)
		return 0;
	for (;;) {
		size_t lo = pre == UNSET || p - pos < pre ? pos : p - pre, limit = p, q;
		int rc;
		cur[which]++;
		/* occurrences whose windows start near this one's end join it */
		for (;;) {
			q = next_occurrence(h, &v, cur, act, &nact, subject, off, len, &which);
			if (q == UNSET || (pre != UNSET && q > limit + GAP + pre))
				break;
			limit = q;
			cur[which]++;
		}
		rc = !confirmed(h, &v, t->cpre, subject, off, len, lo, limit)
			     ? 0
			     : imr__regex_find_in(m, re, subject, len, lo, limit, twin_ok(h, &v, off, len, lo, limit),
						  ovec, ovec_count);
		if (rc || q == UNSET)
			return rc;
		pos = limit + 1;
		p = q; /* its atom is still `which`, its cursor not yet moved */
	}
}

int imr__prefilter_find(imr_matcher *m, const imr_regex *re, imr_hits *h, const char *subject, size_t len,
			size_t start, size_t *ovec, size_t ovec_count)
{
	const imr_atoms *a = imr__regex_atoms(re);
	uint32_t index = a->count ? imr__regex_lit_ids(re)[a->count + a->nclasses] : UINT32_MAX;
	return imr__prefilter_find_nth(m, re, index, h, subject, len, start, ovec, ovec_count);
}
