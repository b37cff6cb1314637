/* extract.c - lexicon matching, context, combination into facts.
 *
 * For one text: split sentences, index the context triggers once, run
 * every pattern of every lexicon of the target over the text (JIT, under
 * match limits), decide for each match whether it counts in its context,
 * combine the counted matches of each fact (docs/lexicon.md, "combine"),
 * record evidence, then run the lexicons' inferences. Facts that were
 * already documented are never overwritten: a request file or an earlier
 * section wins over what the text suggests. */
#include "imrcheck/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "arena.h"
#include "context.h"
#include "drugs.h"
#include "expr.h"
#include "imrcheck/date.h"
#include "imrcheck/text.h"
#include "model.h"
#include "prefilter.h"
#include "regex.h"
#include "scan.h"
#include "sentence.h"
#include "text.h"

/* ---- worker ---- */

/* Spans whose sentences a worker remembers: an audit's letter splits its
 * summary and, per item, the rationale and the part of it read for the
 * conclusion, each several times over. */
#define SPLIT_MEMO 8

typedef struct raw_match {
	const imr_lexentry *entry;
	size_t start, end;
	long sentence;
	unsigned flags;
	int counted;
	int readable;              /* the value could be read */
	imr_fact_status status;    /* PRESENT or ABSENT */
	double num;
	uint16_t members[32];      /* as many as imr__scan_levels() reads */
	size_t nmembers;
} raw_match;

struct imr_worker {
	const imr_rules *rules;
	imr_limits lim;
	imr_matcher *m;
	imr_hits *hits;            /* atom occurrences in the text last scanned... */
	uint64_t serial;           /* ...which is this one (imr__text_serial) */
	imr_hits *tmp;             /* and in a short string (service, citation) */
	imr_sentences sents;
	imr_ctx_index ctx;
	raw_match *raw;
	size_t nraw, capraw;
	raw_match *spare;          /* raw sorted into here, then swapped */
	size_t capspare;
	uint32_t *order;           /* 2 * capraw: the sort's indices */
	size_t caporder;
	size_t found;              /* matches found in this text, for limits.matches */
	int lean;                  /* extractions list no matches (imr__worker_lean) */
	imr_span_match *views;     /* imr__extract_spans() */
	size_t capviews;
	unsigned char *entry_mark; /* per lexicon entry number: listed in entry_todo */
	uint32_t *entry_todo;      /* the entries one search visits (find_matches) */
	unsigned char *sent_mark;  /* per sentence of sents: a match lies in it */
	size_t capsent_mark;
	imr_ctx_range *ranges;     /* the sentences whose context triggers are indexed */
	size_t capranges;
	struct split_memo {        /* the spans split last (imr__worker_sentences) */
		uint64_t serial;   /* of the text; 0 for an empty slot */
		size_t start, end;
		imr_sentences sents;
	} memo[SPLIT_MEMO];
	unsigned memo_next;        /* the slot to fill next */
};

struct imr_extraction {
	imr_arena arena;
	imr_match *items;
	size_t count;
};

int imr_worker_new(imr_worker **out, const imr_rules *rules, const imr_limits *limits)
{
	imr_worker *w = imr__calloc(1, sizeof(*w));
	*out = NULL;
	if (!w)
		return IMR_ENOMEM;
	w->rules = rules;
	w->lim = imr_limits_resolve(limits);
	if (imr__matcher_new(&w->m, &w->lim) < 0 || imr__hits_new(&w->hits, rules->prefilter) < 0 ||
	    imr__hits_new(&w->tmp, rules->prefilter) < 0 ||
	    !(w->entry_mark = imr__calloc(rules->nentry_list + 1, 1)) ||
	    !(w->entry_todo = imr__calloc(rules->nentry_list + 1, sizeof(uint32_t)))) {
		imr_worker_free(w);
		return IMR_ENOMEM;
	}
	*out = w;
	return IMR_OK;
}

const imr_rules *imr__worker_rules(const imr_worker *worker)
{
	return worker->rules;
}

void imr_worker_free(imr_worker *w)
{
	size_t i;
	if (!w)
		return;
	imr__matcher_free(w->m);
	imr__hits_free(w->hits);
	imr__hits_free(w->tmp);
	imr__sentences_dispose(&w->sents);
	imr__context_index_dispose(&w->ctx);
	imr__free(w->raw);
	imr__free(w->spare);
	imr__free(w->order);
	imr__free(w->views);
	imr__free(w->entry_mark);
	imr__free(w->entry_todo);
	imr__free(w->sent_mark);
	imr__free(w->ranges);
	for (i = 0; i < SPLIT_MEMO; i++)
		imr__sentences_dispose(&w->memo[i].sents);
	imr__free(w);
}

const char *imr_context_name(unsigned flag)
{
	switch (flag) {
	case IMR_CONTEXT_NEGATED: return "negated";
	case IMR_CONTEXT_UNCERTAIN: return "uncertain";
	case IMR_CONTEXT_HISTORICAL: return "historical";
	case IMR_CONTEXT_HYPOTHETICAL: return "hypothetical";
	case IMR_CONTEXT_PLANNED: return "planned";
	case IMR_CONTEXT_OTHER_PERSON: return "other_person";
	case IMR_CONTEXT_RECORD: return "record";
	case IMR_CONTEXT_QUALIFIED: return "qualified";
	}
	return "?";
}

/* ---- reading values ---- */

static int member_ci(const imr_enum *en, const char *s, size_t len)
{
	char buf[128];
	size_t i, n = 0;
	/* "Left" -> "left", "intra articular" -> "intra_articular" */
	for (i = 0; i < len && n + 1 < sizeof(buf); i++)
		buf[n++] = s[i] == ' ' || s[i] == '-' ? '_' : s[i];
	buf[n] = '\0';
	for (i = 0; i < en->count; i++)
		if (strcasecmp(en->members[i], buf) == 0)
			return (int)i;
	return -1;
}

static int add_member(raw_match *r, int m)
{
	size_t i;
	if (m < 0)
		return -1;
	for (i = 0; i < r->nmembers; i++)
		if (r->members[i] == m)
			return 0;
	if (r->nmembers < sizeof(r->members) / sizeof(r->members[0]))
		r->members[r->nmembers++] = (uint16_t)m;
	return 0;
}

/* Read the value of a match from its capture group, by the fact's type. */
static int read_value(const imr_rules *rules, raw_match *r, const char *s, size_t len)
{
	const imr_factdef *def = &rules->facts[r->entry->fact];
	const imr_enum *en = def->enum_index >= 0 ? &rules->enums[def->enum_index] : NULL;
	int32_t date;
	switch (def->type) {
	case IMR_TYPE_NUMBER:
		if (imr__scan_number(s, len, &r->num) < 0)
			return -1;
		r->num *= r->entry->scale;
		if ((def->has_min && r->num < def->min) || (def->has_max && r->num > def->max))
			return -1;
		return 0;
	case IMR_TYPE_DATE:
		if (imr__scan_date(s, len, &date) < 0)
			return -1;
		r->num = date;
		return 0;
	case IMR_TYPE_ENUM: {
		int m = member_ci(en, s, len);
		if (m < 0)
			return -1;
		r->num = m;
		return 0;
	}
	case IMR_TYPE_SET: {
		char levels[32][8];
		size_t n = imr__scan_levels(s, len, levels, 32), i;
		for (i = 0; i < n; i++)
			add_member(r, imr__vocab_member(en, levels[i], strlen(levels[i])));
		if (!n)
			add_member(r, member_ci(en, s, len));
		return r->nmembers ? 0 : -1;
	}
	case IMR_TYPE_BOOLEAN:
		break;
	}
	return -1;
}

/* ---- matching ---- */

static int push_raw(imr_worker *w, const raw_match *r)
{
	void *items = w->raw;
	if (imr__grow(&items, &w->capraw, w->nraw + 1, sizeof(raw_match)) < 0)
		return IMR_ENOMEM;
	w->raw = items;
	w->raw[w->nraw++] = *r;
	return 0;
}

/* Whether the sorted, non-overlapping matches raw[lo, hi) of one pattern
 * overlap [start, end): only the last one starting before end can. */
static int overlaps_run(const raw_match *raw, size_t lo, size_t hi, size_t start, size_t end)
{
	size_t a = lo, b = hi;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (raw[mid].start < end)
			a = mid + 1;
		else
			b = mid;
	}
	return a > lo && raw[a - 1].end > start;
}

/* A second pattern of the same entry matching the same words adds
 * nothing. @p runs[q] is where pattern q's matches start in w->raw; each
 * run is sorted by position, so each check is a binary search. */
static int duplicate_match(const imr_worker *w, const size_t *runs, size_t p, size_t start, size_t end)
{
	size_t q;
	for (q = 0; q < p; q++)
		if (overlaps_run(w->raw, runs[q], runs[q + 1], start, end))
			return 1;
	return 0;
}

static int decide_counted(raw_match *r)
{
	const imr_lexentry *e = r->entry;
	/* a qualifier only narrows what a statement says (the rationale reader
	 * uses it); it never decides whether a match counts */
	unsigned ctx = r->flags & ~(unsigned)(IMR_CTX_NEGATED | IMR_CTX_QUALIFIED);
	if (!r->readable)
		return 0;
	if (ctx == 0 ? !(e->accept & IMR_CTX_AFFIRMED) : (ctx & ~e->accept) != 0)
		return 0;
	if (r->flags & IMR_CTX_NEGATED) {
		/* Negation says "not there" only of a yes/no fact. */
		if (e->negation_ignore)
			return 0;
		if (e->absent)
			return 0; /* "no denial of ..." is not a finding */
		return 2;
	}
	return 1;
}

typedef struct scan_ctx {
	imr_worker *w;
	const char *text;
	size_t start, end;
	imr_lex_target target;
	int also_rationale;    /* the rationale lexicons run too (a decision rationale) */
	int use_sentences;
	const char *name;
	const imr_text *src;   /* for locating limit errors; NULL for service text */
	imr_diags *diags;
	imr_hits *hits;        /* atom occurrences in the text */
	int one_fact;          /* 1 + the only fact whose entries are searched; 0: all */
	const unsigned char *want; /* per fact: 1 when its entries are searched; NULL: all */
} scan_ctx;

/* Whether the entries of @p e are searched here (the target aside). */
static int entry_wanted(const scan_ctx *sc, const imr_lexentry *e)
{
	return e->fact >= 0 && (!sc->one_fact || e->fact == sc->one_fact - 1) && (!sc->want || sc->want[e->fact]);
}

static unsigned line_of(const scan_ctx *sc, size_t offset)
{
	return sc->src ? imr_text_line(sc->src, offset) : 1;
}

/* Column of @p offset: in the original line for a text, in characters
 * from the start of a service text. */
static unsigned col_of(const scan_ctx *sc, size_t offset)
{
	unsigned col = 1;
	size_t i;
	if (sc->src)
		return imr_text_column(sc->src, offset);
	for (i = 0; i < offset && sc->text[i]; i++)
		col += ((unsigned char)sc->text[i] & 0xC0) != 0x80;
	return col;
}

static int match_entry(scan_ctx *sc, const imr_lexentry *e)
{
	imr_worker *w = sc->w;
	size_t ovec[2 * 10], p, runs[65];
	for (p = 0; p < e->npatterns; p++) {
		size_t pos = sc->start;
		/* an entry rarely has many patterns; past 64 the extra ones are
		 * checked against the first 64 only */
		if (p < 64)
			runs[p] = w->nraw;
		runs[p < 64 ? p + 1 : 64] = w->nraw;
		if (!imr__hits_may_match_nth(sc->hits, e->patterns[p], e->pattern_base + (uint32_t)p))
			continue; /* none of its atoms is in the text */
		while (pos < sc->end) {
			raw_match r;
			int rc = imr__prefilter_find_nth(w->m, e->patterns[p], e->pattern_base + (uint32_t)p, sc->hits,
							 sc->text, sc->end, pos, ovec, 20);
			if (rc == IMR_ELIMIT) {
				/* located where the failed search started */
				imr_diags_add(sc->diags, IMR_SEVERITY_ERROR, "limit", sc->name, line_of(sc, pos),
					      col_of(sc, pos),
					      "pattern %zu of lexicon entry '%s' hit the PCRE2 match limit in a search that started here; the text was not fully searched",
					      p + 1, e->qualified ? e->qualified : e->id);
				return IMR_ELIMIT;
			}
			if (rc < 0)
				return rc == IMR_ENOMEM ? IMR_ENOMEM : IMR_ERROR;
			if (rc == 0)
				break;
			if (++w->found > w->lim.matches) {
				imr_diags_add(sc->diags, IMR_SEVERITY_ERROR, "limit", sc->name, line_of(sc, ovec[0]),
					      col_of(sc, ovec[0]),
					      "more than %zu lexicon matches in this text (the limit); the text was not fully searched",
					      w->lim.matches);
				return IMR_ELIMIT;
			}
			pos = ovec[1] > ovec[0] ? ovec[1] : ovec[0] + 1;
			if (duplicate_match(w, runs, p < 64 ? p : 64, ovec[0], ovec[1]))
				continue;
			memset(&r, 0, sizeof(r));
			r.entry = e;
			r.start = ovec[0];
			r.end = ovec[1];
			r.readable = 1;
			r.status = e->absent ? IMR_FACT_ABSENT : IMR_FACT_PRESENT;
			r.num = e->num;
			if (e->group) {
				size_t gs = e->group < 10 ? ovec[2 * e->group] : (size_t)-1;
				size_t ge = e->group < 10 ? ovec[2 * e->group + 1] : (size_t)-1;
				r.readable = gs != (size_t)-1 &&
					     read_value(w->rules, &r, sc->text + gs, ge - gs) == 0;
			} else if (w->rules->facts[e->fact].type == IMR_TYPE_SET) {
				add_member(&r, (int)e->num);
			}
			/* the context and whether it counts: once every match
			 * is found (add_context) */
			r.sentence = sc->use_sentences ? imr__sentences_find(&w->sents, r.start) : -1;
			if (push_raw(w, &r) < 0)
				return IMR_ENOMEM;
		}
	}
	return 0;
}

static int compare_raw(const raw_match *x, const raw_match *y)
{
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return strcmp(x->entry->qualified ? x->entry->qualified : "", y->entry->qualified ? y->entry->qualified : "");
}

/* w->raw in text order (start, end, entry name), stable: a merge sort of
 * indices (the matches are large, and each pattern's own come in order),
 * then one move of each match. */
static int sort_raw(imr_worker *w)
{
	size_t n = w->nraw, width, i;
	uint32_t *a, *b;
	raw_match *sorted;
	if (n < 2)
		return 0;
	if (2 * n > w->caporder) {
		void *grown = w->order;
		if (imr__grow(&grown, &w->caporder, 2 * n, sizeof(uint32_t)) < 0)
			return IMR_ENOMEM;
		w->order = grown;
	}
	if (n > w->capspare) {
		void *grown = w->spare;
		if (imr__grow(&grown, &w->capspare, n, sizeof(raw_match)) < 0)
			return IMR_ENOMEM;
		w->spare = grown;
	}
	a = w->order;
	b = w->order + n;
	for (i = 0; i < n; i++)
		a[i] = (uint32_t)i;
	for (width = 1; width < n; width *= 2) {
		size_t lo;
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t x = lo, y = mid, k = lo;
			if (mid == hi || compare_raw(&w->raw[a[mid - 1]], &w->raw[a[mid]]) <= 0) {
				/* already in order: copy the pair of runs as it is */
				memcpy(b + lo, a + lo, (hi - lo) * sizeof(uint32_t));
				continue;
			}
			while (x < mid && y < hi)
				b[k++] = compare_raw(&w->raw[a[y]], &w->raw[a[x]]) < 0 ? a[y++] : a[x++];
			while (x < mid)
				b[k++] = a[x++];
			while (y < hi)
				b[k++] = a[y++];
		}
		{
			uint32_t *t = a;
			a = b;
			b = t;
		}
	}
	for (i = 0; i < n; i++)
		w->spare[i] = w->raw[a[i]];
	sorted = w->spare;
	w->spare = w->raw;
	w->raw = sorted;
	{
		size_t cap = w->capspare;
		w->capspare = w->capraw;
		w->capraw = cap;
	}
	return 0;
}

/* ---- combining ---- */

static imr_combine combine_mode(const imr_rules *rules, const imr_lexentry *e)
{
	imr_fact_type t = rules->facts[e->fact].type;
	if (e->combine != IMR_COMBINE_DEFAULT)
		return e->combine;
	return t == IMR_TYPE_BOOLEAN || t == IMR_TYPE_SET ? IMR_COMBINE_ANY : IMR_COMBINE_LAST;
}

/* Runs of whitespace in [s, s+len) become one space; leading and trailing
 * whitespace goes. Each run of other bytes is copied in one piece. Returns
 * 0 or IMR_ENOMEM (the text is then cut short). */
static int collapse(imr_buf *out, const char *s, size_t len)
{
	/* white space as isspace() has it in the C locale; the text is copied
	 * once and squeezed in place (a run of spaces becomes at most one
	 * byte, so writing never overtakes reading) */
	size_t base = out->size, i, n = 0;
	char *d;
	int space = 0;
	if (imr_buf_put(out, s, len) < 0)
		return IMR_ENOMEM;
	d = out->ptr + base;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)d[i];
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			space = base + n > 0;
			continue;
		}
		if (space)
			d[n++] = ' ';
		space = 0;
		d[n++] = (char)c;
	}
	out->size = base + n;
	out->ptr[out->size] = '\0';
	return IMR_OK;
}

/* The sentence around a match, clipped to limits.evidence_window bytes on
 * each side of the match when the sentence is longer than twice that (a
 * run-on list, or text without stops), so that evidence stays readable and
 * memory stays proportional to the matches. */
static void sentence_span(const scan_ctx *sc, const raw_match *r, size_t *s, size_t *e)
{
	size_t window = sc->w->lim.evidence_window;
	if (r->sentence >= 0) {
		*s = sc->w->sents.items[r->sentence].start;
		*e = sc->w->sents.items[r->sentence].end;
	} else {
		*s = sc->start;
		*e = sc->end;
	}
	if (*e - *s > 2 * window) {
		size_t lo = r->start > *s + window ? r->start - window : *s;
		size_t hi = r->end + window < *e ? r->end + window : *e;
		/* do not cut a UTF-8 character in two */
		while (lo > *s && ((unsigned char)sc->text[lo] & 0xC0) == 0x80)
			lo--;
		while (hi < *e && ((unsigned char)sc->text[hi] & 0xC0) == 0x80)
			hi++;
		*s = lo;
		*e = hi;
	}
}

static int add_evidence(const scan_ctx *sc, imr_facts *facts, const raw_match *r, const char *source)
{
	imr_evidence ev;
	imr_buf sentence = IMR_BUF_INIT;
	size_t s, e;
	int err;
	sentence_span(sc, r, &s, &e);
	collapse(&sentence, sc->text + s, e - s);
	memset(&ev, 0, sizeof(ev));
	ev.text = imr_buf_cstr(&sentence);
	ev.source = source;
	ev.line = line_of(sc, r->start);
	ev.start = sc->src ? imr_text_original_offset(sc->src, r->start) : r->start;
	ev.end = sc->src ? imr_text_original_offset(sc->src, r->end) : r->end;
	ev.flags = r->flags;
	err = imr__facts_add_ev(facts, r->entry->fact, &ev);
	imr_buf_dispose(&sentence);
	return err;
}

/* Combine the counted matches of fact @p fact into its value. The value is
 * decided from every counted match; the evidence list keeps the first
 * limits.evidence matches that agree with it and counts the rest. */
static int combine_fact(const scan_ctx *sc, imr_facts *facts, int fact, const char *source)
{
	const imr_rules *rules = sc->w->rules;
	const imr_factdef *def = &rules->facts[fact];
	size_t i, chosen = (size_t)-1, nev = 0, more = 0, limit = sc->w->lim.evidence;
	int any_present = 0, any = 0, err = 0;
	uint16_t *members = NULL;
	size_t nmembers = 0, cap = 0;
	imr_combine mode = IMR_COMBINE_ANY;

	if (def->type == IMR_TYPE_SET) {
		/* each member at most once: the enum's size bounds the set */
		cap = def->enum_index >= 0 ? rules->enums[def->enum_index].count : 0;
		if (!(members = imr__malloc((cap ? cap : 1) * sizeof(uint16_t))))
			return IMR_ENOMEM;
	}
	for (i = 0; i < sc->w->nraw; i++) {
		const raw_match *r = &sc->w->raw[i];
		if (r->entry->fact != fact || !r->counted)
			continue;
		any = 1;
		mode = combine_mode(rules, r->entry);
		if (r->status == IMR_FACT_PRESENT)
			any_present = 1;
		if (r->status != IMR_FACT_PRESENT)
			continue;
		if (def->type == IMR_TYPE_SET) {
			size_t k, j;
			for (k = 0; k < r->nmembers; k++) {
				for (j = 0; j < nmembers && members[j] != r->members[k]; j++)
					;
				if (j == nmembers && nmembers < cap)
					members[nmembers++] = r->members[k];
			}
			continue;
		}
		if (chosen == (size_t)-1 || mode == IMR_COMBINE_LAST ||
		    (mode == IMR_COMBINE_MAX && r->num > sc->w->raw[chosen].num) ||
		    (mode == IMR_COMBINE_MIN && r->num < sc->w->raw[chosen].num))
			chosen = i;
	}
	if (!any) {
		imr__free(members);
		return 0;
	}
	if (!any_present) {
		err = imr__facts_set_value(facts, fact, IMR_FACT_ABSENT, 0, NULL, 0);
	} else if (def->type == IMR_TYPE_SET) {
		/* keep members sorted, as the evaluator expects */
		size_t a, b;
		for (a = 1; a < nmembers; a++)
			for (b = a; b > 0 && members[b - 1] > members[b]; b--) {
				uint16_t t = members[b];
				members[b] = members[b - 1];
				members[b - 1] = t;
			}
		err = imr__facts_set_value(facts, fact, IMR_FACT_PRESENT, 0, members, nmembers);
	} else {
		double v = def->type == IMR_TYPE_BOOLEAN ? 1 : sc->w->raw[chosen].num;
		err = imr__facts_set_value(facts, fact, IMR_FACT_PRESENT, v, NULL, 0);
	}
	imr__free(members);
	if (err)
		return err;
	/* evidence: the matches that agree with the value chosen */
	for (i = 0; i < sc->w->nraw && !err; i++) {
		const raw_match *r = &sc->w->raw[i];
		int agrees;
		if (r->entry->fact != fact || !r->counted)
			continue;
		if (!any_present)
			agrees = 1;
		else if (r->status != IMR_FACT_PRESENT)
			agrees = 0;
		else if (def->type == IMR_TYPE_BOOLEAN || def->type == IMR_TYPE_SET)
			agrees = 1;
		else
			agrees = r->num == sc->w->raw[chosen].num;
		if (!agrees)
			continue;
		if (nev < limit) {
			err = add_evidence(sc, facts, r, source);
			nev++;
		} else {
			more++;
		}
	}
	if (!err)
		imr__facts_set_more(facts, fact, more);
	return err;
}

static int run_infers(const imr_rules *rules, imr_lex_target target, imr_facts *facts,
		      imr_facts *case_facts)
{
	size_t j;
	imr_env env;
	memset(&env, 0, sizeof(env));
	env.rules = rules;
	env.case_facts = case_facts;
	env.item_facts = facts;
	{
		for (j = 0; j < rules->ninfer_order[target]; j++) {
			const imr_infer *inf = rules->infer_order[target][j];
			const imr_value *v = imr__facts_value(facts, inf->fact);
			const imr_factdef *def = &rules->facts[inf->fact];
			imr_evidence ev;
			int err;
			if (v->status != IMR_FACT_NOT_DOCUMENTED && def->type != IMR_TYPE_SET)
				continue;
			if (imr__expr_eval(inf->when, &env) != IMR_TRI_TRUE)
				continue;
			if (def->type == IMR_TYPE_SET) {
				uint16_t *members;
				size_t n = v->status == IMR_FACT_PRESENT ? v->nmembers : 0, k;
				uint16_t m = (uint16_t)inf->num;
				for (k = 0; k < n && v->members[k] != m; k++)
					;
				if (k < n)
					continue;
				if (!(members = imr__malloc((n + 1) * sizeof(uint16_t))))
					return IMR_ENOMEM;
				if (n)
					memcpy(members, v->members, n * sizeof(uint16_t));
				for (k = n; k > 0 && members[k - 1] > m; k--)
					members[k] = members[k - 1];
				members[k] = m;
				err = imr__facts_set_value(facts, inf->fact, IMR_FACT_PRESENT, 0, members, n + 1);
				imr__free(members);
			} else {
				err = imr__facts_set_value(facts, inf->fact,
							   inf->absent ? IMR_FACT_ABSENT : IMR_FACT_PRESENT,
							   inf->num, NULL, 0);
			}
			if (err)
				return err;
			memset(&ev, 0, sizeof(ev));
			ev.text = inf->when->text;
			ev.source = "inferred";
			if ((err = imr__facts_add_ev(facts, inf->fact, &ev)) < 0)
				return err;
		}
	}
	return 0;
}

/* ---- reporting ---- */

static void value_text(const imr_rules *rules, const raw_match *r, char *out, size_t size)
{
	imr_value v;
	memset(&v, 0, sizeof(v));
	if (!r->readable) {
		snprintf(out, size, "unreadable");
		return;
	}
	v.status = r->status;
	v.num = r->num;
	v.members = (uint16_t *)(uintptr_t)r->members;
	v.nmembers = r->nmembers;
	imr__value_text(rules, r->entry->fact, &v, out, size);
}

static int build_extraction(imr_extraction **out, const scan_ctx *sc)
{
	imr_worker *w = sc->w;
	imr_extraction *ex = imr__calloc(1, sizeof(*ex));
	size_t i;
	if (!ex)
		return IMR_ENOMEM;
	ex->items = imr__arena_alloc(&ex->arena, (w->nraw + 1) * sizeof(imr_match));
	for (i = 0; ex->items && i < w->nraw; i++) {
		const raw_match *r = &w->raw[i];
		imr_match *m = &ex->items[ex->count++];
		imr_buf sentence = IMR_BUF_INIT;
		char value[256];
		size_t s, e;
		sentence_span(sc, r, &s, &e);
		collapse(&sentence, sc->text + s, e - s);
		value_text(w->rules, r, value, sizeof(value));
		m->entry = r->entry->qualified;
		m->fact = w->rules->facts[r->entry->fact].name;
		m->value = imr__arena_strdup(&ex->arena, value);
		m->matched = imr__arena_strndup(&ex->arena, sc->text + r->start, r->end - r->start);
		m->flags = r->flags;
		m->counted = r->counted;
		m->absent = r->status == IMR_FACT_ABSENT;
		m->start = r->start;
		m->end = r->end;
		m->orig_start = sc->src ? imr_text_original_offset(sc->src, r->start) : r->start;
		m->orig_end = sc->src ? imr_text_original_offset(sc->src, r->end) : r->end;
		m->line = line_of(sc, r->start);
		m->sentence = imr__arena_strdup(&ex->arena, imr_buf_cstr(&sentence));
		imr_buf_dispose(&sentence);
	}
	if (ex->arena.failed || !ex->items) {
		imr_extraction_free(ex);
		return IMR_ENOMEM;
	}
	*out = ex;
	return IMR_OK;
}

/* ---- driver ---- */

/* Every match of the target's lexicons in the span, with its context and
 * whether it counts, into w->raw in text order. */
/* Whether the entries of lexicons of @p target are searched in this text. */
static int searched_here(const scan_ctx *sc, int target)
{
	return target == (int)sc->target || (sc->also_rationale && target == IMR_LEX_RATIONALE);
}

/* entry_wanted() and searched_here() for entry number @p e, from the
 * rules' tables rather than the entry. */
static int fact_wanted(const scan_ctx *sc, int fact, int target)
{
	return fact >= 0 && (!sc->one_fact || fact == sc->one_fact - 1) && (!sc->want || sc->want[fact]) &&
	       searched_here(sc, target);
}

static int number_wanted(const scan_ctx *sc, uint32_t e)
{
	return fact_wanted(sc, sc->w->rules->entry_fact[e], sc->w->rules->entry_target[e]);
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Search only the entries that can match here: those with a pattern whose
 * atoms the scan found in the span, and those with a pattern that has no
 * atoms, in entry order (the order of the matches found is sorted out
 * later, but the match limit counts in this order). Skipping the others
 * changes nothing: match_entry() would skip each of their patterns. Returns
 * 1 when done, 0 when the hits do not say (search every entry), or an
 * error. */
static int match_candidates(scan_ctx *sc)
{
	imr_worker *w = sc->w;
	const imr_rules *rules = w->rules;
	const uint32_t *cand;
	size_t ncand, n = 0, i;
	int err = 0;

	if (!rules->entry_list || !imr__hits_candidates(sc->hits, &cand, &ncand))
		return 0;
	for (i = 0; i < ncand + rules->natomless_entries; i++) {
		uint32_t e;
		if (i < ncand) {
			uint32_t p = cand[i];
			if (p >= rules->npattern_entry)
				continue; /* a context trigger */
			/* its entry's fact and target, by the pattern */
			if (!fact_wanted(sc, rules->pattern_fact[p], rules->pattern_target[p]))
				continue;
			e = rules->pattern_entry[p];
		} else {
			e = rules->atomless_entries[i - ncand];
		}
		if (!w->entry_mark[e] && number_wanted(sc, e)) {
			w->entry_mark[e] = 1;
			w->entry_todo[n++] = e;
		}
	}
	if (n > 1 && n * 64 < rules->nentry_list) {
		qsort(w->entry_todo, n, sizeof(uint32_t), compare_u32);
	} else if (n > 1) {
		/* more than a few: reading the marks in entry order (a few
		 * instructions per entry of the rule set) costs less than
		 * sorting (some 25 per comparison) */
		size_t e, k = 0;
		for (e = 0; e < rules->nentry_list && k < n; e++)
			if (w->entry_mark[e])
				w->entry_todo[k++] = (uint32_t)e;
	}
	for (i = 0; i < n; i++) {
		w->entry_mark[w->entry_todo[i]] = 0;
		if (!err)
			err = match_entry(sc, rules->entry_list[w->entry_todo[i]]);
	}
	return err < 0 ? err : 1;
}

/* The context triggers a span's matches are judged by: those of the
 * sentences holding a match, when the span is read by sentences (a match's
 * context never reaches past its sentence, and most sentences of a summary
 * hold none), else those of the whole span. */
static int index_context(scan_ctx *sc, size_t *at)
{
	imr_worker *w = sc->w;
	const imr_rules *rules = w->rules;
	size_t i, n = 0;
	void *grown;
	if (!sc->use_sentences || !w->sents.count)
		return imr__context_index(&w->ctx, &rules->context, w->m, sc->hits, sc->text, sc->start, sc->end, at);
	grown = w->sent_mark;
	if (imr__grow(&grown, &w->capsent_mark, w->sents.count, 1) < 0)
		return IMR_ENOMEM;
	w->sent_mark = grown;
	grown = w->ranges;
	if (imr__grow(&grown, &w->capranges, w->sents.count, sizeof(imr_ctx_range)) < 0)
		return IMR_ENOMEM;
	w->ranges = grown;
	memset(w->sent_mark, 0, w->sents.count);
	for (i = 0; i < w->nraw; i++)
		if (w->raw[i].sentence >= 0)
			w->sent_mark[w->raw[i].sentence] = 1;
	for (i = 0; i < w->sents.count; i++) {
		if (!w->sent_mark[i])
			continue;
		w->ranges[n].start = w->sents.items[i].start;
		w->ranges[n].end = w->sents.items[i].end;
		n++;
	}
	return imr__context_index_ranges(&w->ctx, &rules->context, w->m, sc->hits, sc->text, sc->end, w->ranges, n,
					 at);
}

/* The context of each match found, and whether it counts. The context
 * triggers are indexed only when there is a match to judge: a span where
 * no entry matches (most services, many runs of sentences) costs no
 * index. Returns 0 or an error (a trigger hit a match limit). */
static int add_context(scan_ctx *sc)
{
	imr_worker *w = sc->w;
	const imr_rules *rules = w->rules;
	size_t i, at = 0;
	int err;
	if (!w->nraw)
		return 0;
	if (rules->context.loaded) {
		err = index_context(sc, &at);
		if (err == IMR_ELIMIT)
			imr_diags_add(sc->diags, IMR_SEVERITY_ERROR, "limit", sc->name, line_of(sc, at),
				      col_of(sc, at),
				      "a context trigger pattern hit the PCRE2 match limit in a search that started here; the text was not fully searched");
		if (err < 0)
			return err;
	}
	for (i = 0; i < w->nraw; i++) {
		raw_match *r = &w->raw[i];
		if (!rules->context.loaded)
			r->flags = 0;
		else if (r->sentence >= 0)
			r->flags = imr__context_flags(&w->ctx, &rules->context, sc->text, w->sents.items[r->sentence].start,
						      w->sents.items[r->sentence].end, r->start, r->end);
		else if (!sc->use_sentences)
			r->flags = imr__context_flags(&w->ctx, &rules->context, sc->text, sc->start, sc->end, r->start,
						      r->end);
		r->counted = decide_counted(r);
		if (r->counted == 2) {
			r->status = IMR_FACT_ABSENT;
			r->counted = rules->facts[r->entry->fact].type == IMR_TYPE_BOOLEAN;
		}
	}
	return 0;
}

static int find_matches(scan_ctx *sc)
{
	imr_worker *w = sc->w;
	const imr_rules *rules = w->rules;
	size_t i, j;
	int err = 0;

	w->nraw = 0;
	w->found = 0;
	/* only patterns with an atom in this span are searched */
	if ((err = imr__hits_focus(sc->hits, sc->text, sc->end, sc->start)) < 0)
		return err;
	if (sc->use_sentences && sc->src && imr_text_data(sc->src, NULL) == sc->text)
		err = imr__worker_sentences(w, sc->src, sc->start, sc->end, &w->sents);
	else if (sc->use_sentences)
		err = imr__sentences_split(&w->sents, sc->text, sc->start, sc->end);
	if (err < 0)
		return err;
	if (!(err = match_candidates(sc))) {
		for (i = 0; i < rules->nlexicons && !err; i++) {
			const imr_lexicon *lx = &rules->lexicons[i];
			if (!searched_here(sc, (int)lx->target))
				continue;
			for (j = 0; j < lx->nentries && !err; j++)
				if (entry_wanted(sc, &lx->entries[j]))
					err = match_entry(sc, &lx->entries[j]);
		}
	} else if (err == 1) {
		err = 0;
	}
	if (!err)
		err = add_context(sc);
	if (!err)
		err = sort_raw(w);
	return err;
}

static int run(scan_ctx *sc, imr_facts *facts, imr_facts *case_facts, const char *source,
	       imr_extraction **out)
{
	imr_worker *w = sc->w;
	const imr_rules *rules = w->rules;
	unsigned char *done = NULL;
	size_t i;
	int err;

	if (out)
		*out = NULL;
	if ((err = find_matches(sc)) < 0)
		return err;
	done = imr__calloc(rules->nfacts + 1, 1);
	if (!done)
		return IMR_ENOMEM;
	for (i = 0; i < w->nraw && !err; i++) {
		int fact = w->raw[i].entry->fact;
		if (done[fact])
			continue;
		done[fact] = 1;
		/* a fact documented before this text (a request file) is kept */
		if (imr__facts_value(facts, fact)->status != IMR_FACT_NOT_DOCUMENTED)
			continue;
		err = combine_fact(sc, facts, fact, source);
	}
	imr__free(done);
	/* what drug names imply: ingredients and classes before the
	 * inferences, the opioid's strength and factor after them */
	if (!err)
		err = imr__drugs_resolve(rules, sc->target, facts, IMR_DRUGS_NAMES);
	if (!err)
		err = run_infers(rules, sc->target, facts, case_facts);
	if (!err && sc->also_rationale)
		err = run_infers(rules, IMR_LEX_RATIONALE, facts, case_facts);
	if (!err)
		err = imr__drugs_resolve(rules, sc->target, facts, IMR_DRUGS_DOSES);
	if (!err)
		err = imr__facts_compute(facts);
	if (!err && out) {
		/* a worker that only needs the facts (an audit) lists nothing */
		if (w->lean)
			w->nraw = 0;
		err = build_extraction(out, sc);
	}
	return err;
}

/* Copy the sentences of @p from into @p to. */
static int copy_sentences(imr_sentences *to, const imr_sentences *from)
{
	void *grown = to->items;
	to->count = 0;
	if (imr__grow(&grown, &to->cap, from->count ? from->count : 1, sizeof(imr_sentence)) < 0)
		return IMR_ENOMEM;
	to->items = grown;
	if (from->count)
		memcpy(to->items, from->items, from->count * sizeof(imr_sentence));
	to->count = from->count;
	return 0;
}

int imr__worker_sentences(imr_worker *w, const imr_text *text, size_t start, size_t end, imr_sentences *out)
{
	uint64_t serial = imr__text_serial(text);
	size_t len;
	const char *data = imr_text_data(text, &len);
	struct split_memo *slot;
	unsigned i;
	int err;
	for (i = 0; i < SPLIT_MEMO; i++) {
		slot = &w->memo[i];
		if (slot->serial == serial && slot->start == start && slot->end == end)
			return copy_sentences(out, &slot->sents);
	}
	if ((err = imr__sentences_split(out, data, start, end)) < 0)
		return err;
	slot = &w->memo[w->memo_next];
	w->memo_next = (w->memo_next + 1) % SPLIT_MEMO;
	slot->serial = 0;
	if (copy_sentences(&slot->sents, out) < 0)
		return 0; /* not remembered: the caller has its sentences */
	slot->serial = serial;
	slot->start = start;
	slot->end = end;
	return 0;
}

int imr__worker_scan_ranges(imr_worker *w, const imr_text *text, const imr_hits_range *ranges, size_t n)
{
	size_t len;
	const char *data = imr_text_data(text, &len);
	int err;
	w->serial = 0;
	if ((err = imr__hits_scan_ranges(w->hits, data, len, ranges, n)) < 0)
		return err;
	w->serial = imr__text_serial(text);
	return 0;
}

int imr__worker_scan(imr_worker *w, const imr_text *text)
{
	size_t len;
	const char *data = imr_text_data(text, &len);
	int err;
	/* one scan per text, whatever number of spans of it are read */
	if (w->serial == imr__text_serial(text))
		return 0;
	w->serial = 0;
	if ((err = imr__hits_scan(w->hits, data, len)) < 0)
		return err;
	w->serial = imr__text_serial(text);
	return 0;
}

static int extract_span(imr_extraction **out, imr_worker *worker, const imr_text *text, size_t start,
			size_t end, const char *source, imr_facts *facts, imr_diags *diags, int rationale,
			const unsigned char *want)
{
	scan_ctx sc;
	size_t len;
	const char *data = imr_text_data(text, &len);
	int err;
	if (!end || end > len)
		end = len;
	if (start > end)
		start = end;
	if ((err = imr__worker_scan(worker, text)) < 0)
		return err;
	memset(&sc, 0, sizeof(sc));
	sc.w = worker;
	sc.text = data;
	sc.start = start;
	sc.end = end;
	sc.target = IMR_LEX_NOTES;
	sc.also_rationale = rationale;
	sc.use_sentences = 1;
	sc.name = imr_text_name(text);
	sc.src = text;
	sc.diags = diags;
	sc.hits = worker->hits;
	sc.want = want;
	return run(&sc, facts, facts, source ? source : imr_text_name(text), out);
}

int imr_extract_notes(imr_extraction **out, imr_worker *worker, const imr_text *text, size_t start,
		      size_t end, const char *source, imr_facts *facts, imr_diags *diags)
{
	return extract_span(out, worker, text, start, end, source, facts, diags, 0, NULL);
}

int imr__extract_notes_of(imr_extraction **out, imr_worker *worker, const imr_text *text, size_t start,
			  size_t end, const char *source, imr_facts *facts, const unsigned char *want,
			  imr_diags *diags)
{
	return extract_span(out, worker, text, start, end, source, facts, diags, 0, want);
}

int imr_extract_rationale(imr_extraction **out, imr_worker *worker, const imr_text *text, size_t start,
			  size_t end, imr_facts *facts, imr_diags *diags)
{
	return extract_span(out, worker, text, start, end, "decision rationale", facts, diags, 1, NULL);
}

int imr__extract_rationale_fact(imr_extraction **out, imr_worker *w, const imr_text *text, size_t start,
				size_t end, int fact, imr_diags *diags)
{
	scan_ctx sc;
	size_t len;
	const char *data = imr_text_data(text, &len);
	int err;
	*out = NULL;
	if (!end || end > len)
		end = len;
	if (start > end)
		start = end;
	if ((err = imr__worker_scan(w, text)) < 0)
		return err;
	/* the scan of imr_extract_rationale(), narrowed to one fact's
	 * entries: each of their matches, its context and whether it counts
	 * are decided by the entry, the span and the context triggers alone */
	memset(&sc, 0, sizeof(sc));
	sc.w = w;
	sc.text = data;
	sc.start = start;
	sc.end = end;
	sc.target = IMR_LEX_NOTES;
	sc.also_rationale = 1;
	sc.use_sentences = 1;
	sc.name = imr_text_name(text);
	sc.src = text;
	sc.diags = diags;
	sc.hits = w->hits;
	sc.one_fact = fact + 1;
	if (fact < 0) {
		w->nraw = 0; /* no such fact: nothing */
		return build_extraction(out, &sc);
	}
	if ((err = find_matches(&sc)) < 0)
		return err;
	return build_extraction(out, &sc);
}

/* The scan context of a service text, normalised into *norm (the caller
 * frees it), with the text scanned for atoms. */
static int service_ctx(scan_ctx *sc, imr_text **norm, imr_worker *worker, const char *service, imr_diags *diags)
{
	int err;
	*norm = NULL;
	/* the same Unicode normalisation as notes and letters (dashes, quotes,
	 * non-breaking spaces), whichever way the service text arrived */
	if ((err = imr_text_new(norm, "service", service, strlen(service), &worker->lim, diags)) < 0)
		return err;
	memset(sc, 0, sizeof(*sc));
	sc->w = worker;
	sc->text = imr_text_data(*norm, &sc->end);
	sc->start = 0;
	sc->target = IMR_LEX_SERVICE;
	sc->name = "service";
	sc->src = *norm; /* evidence and matches point into the service as given */
	sc->diags = diags;
	sc->hits = worker->tmp;
	/* the prefilter scans the same normalised text the patterns run on */
	return imr__hits_scan(worker->tmp, sc->text, sc->end);
}

int imr__extract_service_values(imr_worker *worker, const char *service, imr_diags *diags, imr_value_fn fn,
				void *ctx)
{
	imr_text *norm = NULL;
	scan_ctx sc;
	size_t i;
	int err = service_ctx(&sc, &norm, worker, service, diags);
	if (!err)
		err = find_matches(&sc);
	for (i = 0; !err && i < worker->nraw; i++) {
		char value[256];
		value_text(worker->rules, &worker->raw[i], value, sizeof(value));
		err = fn(ctx, worker->raw[i].entry->fact, value);
	}
	imr_text_free(norm);
	return err;
}

int imr_extract_service(imr_extraction **out, imr_worker *worker, const char *service,
			imr_facts *attrs, imr_diags *diags)
{
	const imr_rules *rules = worker->rules;
	imr_text *norm = NULL;
	scan_ctx sc;
	int err = service_ctx(&sc, &norm, worker, service, diags);

	if (!err)
		err = run(&sc, attrs, NULL, "service text", out);
	imr_text_free(norm);
	if (!err && rules->f_levels >= 0 && rules->f_level_count >= 0) {
		const imr_value *lv = imr__facts_value(attrs, rules->f_levels);
		if (lv->status == IMR_FACT_PRESENT &&
		    imr__facts_value(attrs, rules->f_level_count)->status == IMR_FACT_NOT_DOCUMENTED)
			err = imr__facts_set_value(attrs, rules->f_level_count, IMR_FACT_PRESENT,
						   (double)lv->nmembers, NULL, 0);
	}
	return err;
}

size_t imr_extraction_count(const imr_extraction *ex)
{
	return ex ? ex->count : 0;
}

const imr_match *imr_extraction_match(const imr_extraction *ex, size_t index)
{
	return ex && index < ex->count ? &ex->items[index] : NULL;
}

void imr_extraction_free(imr_extraction *ex)
{
	if (!ex)
		return;
	imr__arena_dispose(&ex->arena);
	imr__free(ex);
}

/* ---- helpers for the audit ---- */

void imr__worker_lean(imr_worker *w, int lean)
{
	w->lean = lean;
}

int imr__extract_spans(imr_worker *w, const imr_text *text, const imr_text_span *spans, size_t n,
		       const unsigned char *want, imr_diags *diags, imr_span_fn fn, void *ctx)
{
	size_t len, k, i;
	const char *data = imr_text_data(text, &len);
	int err = 0;

	if ((err = imr__worker_scan(w, text)) < 0)
		return err;
	for (k = 0; k < n && !err; k++) {
		scan_ctx sc;
		size_t end = spans[k].end <= len ? spans[k].end : len;
		memset(&sc, 0, sizeof(sc));
		sc.w = w;
		sc.text = data;
		sc.start = spans[k].start <= end ? spans[k].start : end;
		sc.end = end;
		sc.target = IMR_LEX_NOTES;
		sc.use_sentences = 1;
		sc.name = imr_text_name(text);
		sc.src = text;
		sc.diags = diags;
		sc.hits = w->hits;
		sc.want = want;
		if ((err = find_matches(&sc)) < 0)
			break;
		if (w->nraw > w->capviews) {
			void *grown = w->views;
			if (imr__grow(&grown, &w->capviews, w->nraw, sizeof(imr_span_match)) < 0)
				return IMR_ENOMEM;
			w->views = grown;
		}
		for (i = 0; i < w->nraw; i++) {
			const raw_match *r = &w->raw[i];
			imr_span_match *v = &w->views[i];
			v->fact = r->entry->fact;
			v->counted = r->counted;
			v->absent = r->status == IMR_FACT_ABSENT;
			v->flags = r->flags;
			v->text = data;
			sentence_span(&sc, r, &v->sent_start, &v->sent_end);
		}
		err = fn(ctx, k, w->views, w->nraw);
	}
	return err;
}

int imr__extract_rationale_facts(imr_worker *w, const imr_text *text, size_t start, size_t end,
				 unsigned char *found, imr_diags *diags)
{
	size_t len, i;
	const char *data = imr_text_data(text, &len);
	scan_ctx sc;
	int err, marked = 0;

	if ((err = imr__worker_scan(w, text)) < 0)
		return err;
	if (end > len)
		end = len;
	if (start >= end)
		return 0;
	memset(&sc, 0, sizeof(sc));
	sc.w = w;
	sc.text = data;
	sc.start = start;
	sc.end = end;
	/* the rationale lexicons alone: each match is found, and its context
	 * decided, exactly as when they run beside the notes lexicons */
	sc.target = IMR_LEX_RATIONALE;
	sc.use_sentences = 1;
	sc.name = imr_text_name(text);
	sc.src = text;
	sc.diags = diags;
	sc.hits = w->hits;
	if ((err = find_matches(&sc)) < 0)
		return err;
	for (i = 0; i < w->nraw; i++) {
		const raw_match *r = &w->raw[i];
		if (!r->counted || r->status == IMR_FACT_ABSENT || found[r->entry->fact])
			continue;
		found[r->entry->fact] = 1;
		marked++;
	}
	w->nraw = 0;
	return marked;
}

int imr__span_match_sentence(const imr_span_match *m, imr_buf *out)
{
	return collapse(out, m->text + m->sent_start, m->sent_end - m->sent_start);
}

int imr__extract_sentence_has(imr_worker *w, int list, const char *s, size_t len)
{
	const imr_context_rules *cr = &w->rules->context;
	imr_hits *hits = w->hits;
	size_t i, ovec[2];
	if (!cr->ntriggers[list])
		return 2;
	if (!imr__hits_cover(hits, s, len)) {
		int err = imr__hits_scan(w->tmp, s, len);
		if (err < 0)
			return err;
		hits = w->tmp;
	}
	/* A few patterns over a sentence: each search looks up where its own
	 * atoms occur in the sentence, which costs less than focusing the
	 * hits on it (that marks every pattern with an atom there), and
	 * leaves the hits' focus to the extraction that set it. */
	for (i = 0; i < cr->ntriggers[list]; i++) {
		const imr_regex *re = cr->triggers[list][i];
		int rc = imr__prefilter_find_nth(w->m, re, cr->trigger_base[list] + (uint32_t)i, hits, s, len, 0, ovec, 2);
		if (rc)
			return rc < 0 ? rc : 1;
	}
	return 0;
}

int imr__extract_is_case_sentence(imr_worker *w, const char *s, size_t len)
{
	return imr__extract_sentence_has(w, IMR_TRIG_CASE, s, len);
}

int imr__extract_topics(imr_worker *w, const char *text, int fact, uint16_t *out, size_t max)
{
	const imr_rules *rules = w->rules;
	size_t i, j, p, n = 0, len = strlen(text), ovec[2];
	int err = imr__hits_scan(w->tmp, text, len);
	if (err < 0)
		return err;
	for (i = 0; i < rules->nlexicons; i++) {
		const imr_lexicon *lx = &rules->lexicons[i];
		if (lx->target != IMR_LEX_CITATION)
			continue;
		for (j = 0; j < lx->nentries; j++) {
			const imr_lexentry *e = &lx->entries[j];
			size_t k;
			int found = 0;
			if (e->fact != fact || e->group || e->absent)
				continue;
			for (p = 0; p < e->npatterns && !found; p++) {
				int rc;
				if (!imr__hits_may_match_nth(w->tmp, e->patterns[p], e->pattern_base + (uint32_t)p))
					continue;
				rc = imr__prefilter_find_nth(w->m, e->patterns[p], e->pattern_base + (uint32_t)p, w->tmp, text,
							     len, 0, ovec, 2);
				if (rc < 0)
					return rc;
				found = rc > 0;
			}
			if (!found)
				continue;
			for (k = 0; k < n && out[k] != (uint16_t)e->num; k++)
				;
			if (k == n && n < max)
				out[n++] = (uint16_t)e->num;
		}
	}
	return (int)n;
}

/* What to do with one pattern of an entry (each_saying_pattern): nonzero
 * stops the walk with that value. */
typedef int (*pattern_fn)(imr_worker *w, const imr_lexentry *e, size_t p, void *ctx);

/* @p fn on each pattern of the entries of the lexicons of @p target that
 * set @p fact or @p other (either may be -1) and are no absence entries,
 * in the rule set's order, until one returns nonzero (returned). */
static int each_saying_pattern(imr_worker *w, int target, int fact, int other, pattern_fn fn, void *ctx)
{
	const imr_rules *rules = w->rules;
	size_t i, j, p;
	for (i = 0; i < rules->nlexicons; i++) {
		const imr_lexicon *lx = &rules->lexicons[i];
		if ((int)lx->target != target)
			continue;
		for (j = 0; j < lx->nentries; j++) {
			const imr_lexentry *e = &lx->entries[j];
			if (e->fact < 0 || (e->fact != fact && e->fact != other) || e->absent)
				continue;
			for (p = 0; p < e->npatterns; p++) {
				int rc = fn(w, e, p, ctx);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

/* A subject and its length, for the pattern functions. */
typedef struct subject {
	const char *s;
	size_t len;
} subject;

/* 1 when the pattern matches the subject the scratch scan holds, 0 not,
 * negative on a match error. */
static int matches_scanned(imr_worker *w, const imr_lexentry *e, size_t p, void *ctx)
{
	const subject *sub = ctx;
	size_t ovec[2];
	int rc;
	if (!imr__hits_may_match_nth(w->tmp, e->patterns[p], e->pattern_base + (uint32_t)p))
		return 0;
	rc = imr__prefilter_find_nth(w->m, e->patterns[p], e->pattern_base + (uint32_t)p, w->tmp, sub->s, sub->len, 0,
				     ovec, 2);
	return rc < 0 ? rc : rc > 0;
}

/* 1 when an atom of the pattern lies in the subject (of the worker's
 * scanned text), or the hits cannot tell. */
static int atom_within(imr_worker *w, const imr_lexentry *e, size_t p, void *ctx)
{
	const subject *sub = ctx;
	return imr__hits_atom_within(w->hits, e->patterns[p], e->pattern_base + (uint32_t)p, sub->s, sub->len);
}

int imr__extract_says(imr_worker *w, int target, const char *text, int fact)
{
	return imr__extract_says_either(w, target, text, fact, -1);
}

int imr__extract_says_either(imr_worker *w, int target, const char *text, int fact, int other)
{
	subject sub;
	int err, rc = 0;
	if (fact < 0 && other < 0)
		return 0;
	sub.s = text;
	sub.len = strlen(text);
	/* one scan for both */
	if ((err = imr__hits_scan(w->tmp, text, sub.len)) < 0)
		return err;
	if (fact >= 0)
		rc = each_saying_pattern(w, target, fact, -1, matches_scanned, &sub);
	if (rc == 0 && other >= 0)
		rc = each_saying_pattern(w, target, other, -1, matches_scanned, &sub);
	return rc;
}

int imr__extract_may_say_either(imr_worker *w, int target, const char *s, size_t len, int fact, int other)
{
	subject sub;
	sub.s = s;
	sub.len = len;
	return each_saying_pattern(w, target, fact, other, atom_within, &sub);
}

int imr__citation_topic_known(const imr_rules *rules, int fact, int member)
{
	size_t i, j;
	for (i = 0; i < rules->nlexicons; i++) {
		const imr_lexicon *lx = &rules->lexicons[i];
		if (lx->target != IMR_LEX_CITATION)
			continue;
		for (j = 0; j < lx->nentries; j++) {
			const imr_lexentry *e = &lx->entries[j];
			if (e->fact == fact && !e->group && !e->absent && (int)e->num == member)
				return 1;
		}
	}
	return 0;
}

unsigned long imr__worker_regex_calls(const imr_worker *w)
{
	return imr__matcher_calls(w->m);
}
