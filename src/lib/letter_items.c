/* letter_items.c - decision statements and item fields (letter_items.h). */
#include "letter_items.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "letter_cite.h"
#include "letter_header.h"

/* A wrapped service name or a partial-overturn sentence spans at most a
 * few lines (four in the 2016-17 corpus); the cap keeps a letter without
 * sentence ends from making the backward walk long. */
#define MAX_SERVICE_LINES 8u
/* A numbered 2013 summary statement wraps over at most a few lines. */
#define MAX_STATEMENT_LINES 8u

#define NONE IMR_LNONE

static const char *skip_spaces(const char *s, const char *e)
{
	while (s < e && imr__is_space((unsigned char)*s))
		s++;
	return s;
}

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && imr__is_space((unsigned char)e[-1]))
		e--;
	return e;
}

/* '<service>: Upheld' or '<service>: Overturned' for messages. */
static void decision_forms(const imr_lparser *p, char *out, size_t n)
{
	const imr_lphrases *w = imr__lwords(p, IMR_LL_DECISION_WORDS);
	const imr_lphrase *u = imr__layout_first(w, IMR_LOUT_UPHELD);
	const imr_lphrase *o = imr__layout_first(w, IMR_LOUT_OVERTURNED);
	snprintf(out, n, "'<service>: %s' or '<service>: %s'", u ? u->text : "?", o ? o->text : "?");
}

/* "('... is medically necessary and appropriate' or '... is not medically
 * necessary and appropriate')" for messages. */
static void phrase_forms(const imr_lparser *p, char *out, size_t n)
{
	const imr_lphrases *w = imr__lwords(p, IMR_LL_DECISION_PHRASES);
	const imr_lphrase *u = imr__layout_first(w, IMR_LOUT_UPHELD);
	const imr_lphrase *o = imr__layout_first(w, IMR_LOUT_OVERTURNED);
	snprintf(out, n, "'... %s' or '... %s'", o ? o->text : "?", u ? u->text : "?");
}

/* ---- decision words and statements ---- */

int imr__items_decision_word(const imr_lparser *p, const char *s, const char *e, const char **ws,
			     int *upheld)
{
	const imr_lphrase *w;
	const char *start;
	if (e > s && e[-1] == '.')
		e--;
	if (!imr__layout_suffix(imr__lwords(p, IMR_LL_DECISION_WORDS), s, e, &start, &w))
		return 0;
	if (start > s && imr__is_alnum((unsigned char)start[-1]))
		return 0; /* the end of a longer word */
	*ws = start;
	*upheld = w->value == IMR_LOUT_UPHELD;
	return 1;
}

/* Whether the line is a numbered item start "1." / "2)": returns the text
 * after the number. */
static const char *numbered(const imr_lparser *p, size_t i)
{
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *q = s;
	while (q < e && imr__is_digit((unsigned char)*q) && q - s < 3)
		q++;
	if (q == s || q >= e || (*q != '.' && *q != ')'))
		return NULL;
	q++;
	if (q >= e || *q != ' ')
		return NULL;
	return skip_spaces(q, e);
}

/* One item as found in the text, before its strings are built. */
typedef struct found {
	size_t first, last;         /* lines of the service wording */
	size_t svc_start, svc_end;  /* its bytes */
	size_t dline;               /* line of the decision */
	size_t dstart, dend;        /* the decision words */
	int upheld;
} found;

typedef struct found_vec {
	found *items;
	size_t count, cap;
} found_vec;

/* The end of a sentence, or of the intro line, or of a rationale's closing
 * "... is not medically necessary" without its period: where a wrapped
 * service name cannot reach back past. */
static int boundary(const imr_lparser *p, size_t i)
{
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *x;
	const imr_lphrase *w;
	if (p->lines[i].flags)
		return 1;
	while (e > s && (e[-1] == '"' || e[-1] == '\'' || e[-1] == ')'))
		e--;
	if (e > s && (e[-1] == '.' || e[-1] == '?' || e[-1] == '!'))
		return 1;
	return imr__layout_suffix(imr__lwords(p, IMR_LL_SENTENCE_ENDS), s, imr__lend(p, i), &x, &w);
}

/* "Decision: Upheld": the decision on its own labelled line. */
static const char *decision_label(const imr_lparser *p, const char *s, const char *e)
{
	const imr_lphrase *w;
	const char *m = imr__layout_prefix(imr__lwords(p, IMR_LL_DECISION_LABELS), s, e, &w);
	if (!m)
		return NULL;
	m = skip_spaces(m, e);
	return m < e && *m == ':' ? skip_spaces(m + 1, e) : NULL;
}

/* Whether line @p i holds a decision; fills @p f (service end, decision). */
static int decision_at(imr_lparser *p, size_t i, size_t floor, found *f)
{
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *ws, *q;
	int upheld;
	if (p->lines[i].flags & (IMR_LF_HEADING | IMR_LF_LABEL))
		return 0;
	if (p->layout == IMR_LAYOUT_DECISIONS) {
		const char *m = decision_label(p, s, e);
		if (m) {
			size_t j;
			if (!imr__items_decision_word(p, m, e, &ws, &upheld) || ws != m)
				return 0;
			j = imr__lines_prev_text(p, i, floor);
			if (j == NONE || (p->lines[j].flags & (IMR_LF_HEADING | IMR_LF_LABEL | IMR_LF_ITEM)))
				return 0;
			f->last = j;
			f->svc_end = (size_t)(trim_end(imr__lstart(p, j), imr__lend(p, j)) - p->s);
			if (p->s[f->svc_end - 1] == ':')
				f->svc_end--;
			goto found;
		}
	}
	if (!imr__items_decision_word(p, s, e, &ws, &upheld))
		return 0;
	if (ws == s) {
		/* the decision alone on its line, after "<service>:" */
		size_t j = imr__lines_prev_text(p, i, floor);
		if (j == NONE || (p->lines[j].flags & (IMR_LF_HEADING | IMR_LF_LABEL | IMR_LF_ITEM)))
			return 0;
		q = imr__lend(p, j);
		if (q[-1] != ':')
			return 0;
		f->last = j;
		f->svc_end = (size_t)(q - 1 - p->s);
		goto found;
	}
	q = trim_end(s, ws);
	if (q == s || q[-1] != ':' || q - 1 == s)
		return 0;
	f->last = i;
	f->svc_end = (size_t)(q - 1 - p->s);
found:
	f->dline = i;
	f->dstart = (size_t)(ws - p->s);
	f->dend = (size_t)(trim_end(ws, e) - p->s);
	f->upheld = upheld;
	return 1;
}

/* Walk back from the service's last line to its first. */
static void service_start(imr_lparser *p, found *f, size_t floor)
{
	size_t first = f->last, n;
	const char *num = p->layout == IMR_LAYOUT_DECISIONS ? numbered(p, first) : NULL;
	if (!num) {
		for (n = 1; n < MAX_SERVICE_LINES; n++) {
			size_t j = imr__lines_prev_text(p, first, floor);
			if (j == NONE || boundary(p, j))
				break;
			first = j;
			if (p->layout == IMR_LAYOUT_DECISIONS && (num = numbered(p, j)) != NULL)
				break;
		}
	}
	f->first = first;
	f->svc_start = num ? (size_t)(num - p->s) : p->lines[first].start;
}

static int push_found(found_vec *v, const found *f)
{
	void *items = v->items;
	if (imr__grow(&items, &v->cap, v->count + 1, sizeof(found)) < 0)
		return IMR_ENOMEM;
	v->items = items;
	v->items[v->count++] = *f;
	return IMR_OK;
}

static void mark_item_lines(imr_lparser *p, const found *f)
{
	size_t i;
	for (i = f->first; i <= f->dline; i++)
		p->lines[i].flags |= IMR_LF_ITEM;
}

/* Build the service strings of item @p it from its wording. A partial
 * overturn names the remaining IMR-eligible portion after "original
 * request," and ends in "is"; that portion is the disputed item. */
static void build_service(imr_lparser *p, imr_letter_item *it, const found *f)
{
	size_t n = imr__lines_join_scratch(p, f->svc_start, f->svc_end);
	const char *s = p->sb, *e = p->sb + n, *m, *m_end;
	const imr_lphrase *w;
	if (p->err)
		return;
	e = trim_end(s, e);
	m = imr__layout_find_last(imr__lwords(p, IMR_LL_PARTIAL), s, e, &m_end, &w);
	if (m && m_end < e && imr__is_space((unsigned char)*m_end)) {
		it->partial = 1;
		it->service_sentence = imr__lines_strndup(p, s, (size_t)(e - s));
		s = skip_spaces(m_end, e);
		if (e - s >= 3 && imr__layout_match_at(e - 3, e, " is") == e)
			e = trim_end(s, e - 3);
	}
	it->service = imr__lines_strndup(p, s, (size_t)(e - s));
	it->service_span = imr__lines_span(p, f->svc_start, f->svc_end);
}

/* The labelled fields of one item in lines [from, to). */
static void build_fields(imr_lparser *p, imr_letter_item *it, size_t from, size_t to, int last_item,
			 size_t num)
{
	size_t at[IMR_IF_COUNT], i;
	int k;
	char *texts[IMR_IF_COUNT] = { NULL, NULL, NULL };
	char forms[160];
	for (k = 0; k < IMR_IF_COUNT; k++)
		at[k] = NONE;
	for (i = from; i < to && !p->err; i++) {
		int lab = p->lines[i].field;
		if (!imr__ltext(p, i) || lab < 0)
			continue;
		if (at[IMR_IF_RAT] != NONE || at[lab] != NONE) {
			/* the fields of an item whose decision line is missing */
			char q[IMR_LQUOTE_BYTES + 4];
			const char *ls = imr__lstart(p, i);
			imr__lines_quote(q, ls, (size_t)(p->lines[i].after - ls));
			decision_forms(p, forms, sizeof(forms));
			imr__lines_diag(p, "missing-decision", p->lines[i].start, IMR_EINVALID,
					"disputed item without a decision: '%s' follows item %zu "
					"with no %s line before it",
					q, num, forms);
			return;
		}
		at[lab] = i;
	}
	for (k = 0; k < IMR_IF_COUNT; k++) {
		size_t j, start, stop = to, end;
		if (at[k] == NONE)
			continue;
		i = at[k];
		/* the field runs to the next label of this item */
		for (j = i + 1; j < to; j++)
			if (p->lines[j].field >= 0 && imr__ltext(p, j)) {
				stop = j;
				break;
			}
		start = (size_t)(p->lines[i].after - p->s);
		end = imr__lines_raw(p, stop);
		texts[k] = imr__lines_join(p, start, end);
		if (k == IMR_IF_RAT)
			it->rationale_span = imr__lines_span(p, start, end);
	}
	if (p->err)
		return;
	imr__cite_basis(p, &it->claims_administrator, texts[IMR_IF_CA]);
	imr__cite_basis(p, &it->reviewer, texts[IMR_IF_REV]);
	imr__cite_share(p, it);
	it->rationale = texts[IMR_IF_RAT];
	if (!it->rationale) {
		char q[IMR_LQUOTE_BYTES + 4];
		imr__lines_quote(q, it->service ? it->service : "", it->service ? strlen(it->service) : 0);
		if (last_item) {
			size_t ll = imr__lines_last_text(p);
			imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
					"letter ends in mid-item: item %zu ('%s') has no decision rationale",
					num, q);
		} else {
			imr__lines_diag(p, "missing-rationale", it->decision_span.start, IMR_EINVALID,
					"item %zu ('%s') has no decision rationale", num, q);
		}
		imr__lines_relate(p, it->service_span.start);
	}
}

static void check_limit(imr_lparser *p, size_t count, size_t offset)
{
	if (count > p->lim.items && !p->err)
		imr__lines_diag(p, "limit", offset, IMR_ELIMIT, "more than %u disputed items (the limit)",
				p->lim.items);
}

static imr_letter_item *alloc_items(imr_lparser *p, size_t n)
{
	imr_letter_item *items = imr__arena_alloc(p->arena, (n ? n : 1) * sizeof(*items));
	if (!items)
		p->err = IMR_ENOMEM;
	return items;
}

void imr__items_read(imr_lparser *p, size_t sec)
{
	size_t i, k, hi = p->nlines;
	imr_letter_item *items;
	imr_letter *l = &p->box->pub;
	found_vec v = { NULL, 0, 0 };
	char forms[160];

	decision_forms(p, forms, sizeof(forms));
	for (i = sec + 1; i < hi && !p->err; i++) {
		found f;
		if (!imr__ltext(p, i))
			continue;
		memset(&f, 0, sizeof(f));
		if (!decision_at(p, i, sec, &f))
			continue;
		service_start(p, &f, sec);
		if (v.count >= p->lim.items) {
			check_limit(p, v.count + 1, p->lines[f.first].start);
			goto done;
		}
		if (push_found(&v, &f) < 0) {
			p->err = IMR_ENOMEM;
			goto done;
		}
		mark_item_lines(p, &f);
	}
	if (p->err)
		goto done;
	if (!v.count) {
		size_t ll = imr__lines_last_text(p);
		imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends before its first disputed item (no %s line after '%s')", forms,
				p->lines[sec].heading->text);
		imr__lines_relate(p, p->lines[sec].start);
		goto done;
	}
	/* fields before the first item belong to an item whose decision is lost */
	for (i = sec + 1; i < v.items[0].first; i++)
		if (imr__ltext(p, i) && p->lines[i].field >= 0) {
			char q[IMR_LQUOTE_BYTES + 4];
			const char *ls = imr__lstart(p, i);
			imr__lines_quote(q, ls, (size_t)(p->lines[i].after - ls));
			imr__lines_diag(p, "missing-decision", p->lines[i].start, IMR_EINVALID,
					"disputed item without a decision: '%s' comes before the first "
					"%s line",
					q, forms);
			goto done;
		}
	items = alloc_items(p, v.count);
	if (!items)
		goto done;
	for (k = 0; k < v.count && !p->err; k++) {
		found *f = &v.items[k];
		imr_letter_item *it = &items[k];
		size_t to = k + 1 < v.count ? v.items[k + 1].first : hi;
		it->number = (unsigned)(k + 1);
		it->decision = f->upheld ? IMR_OUTCOME_UPHELD : IMR_OUTCOME_OVERTURNED;
		it->decision_text = imr__lines_strndup(p, p->s + f->dstart, f->dend - f->dstart);
		it->decision_span = imr__lines_span(p, f->dstart, f->dend);
		build_service(p, it, f);
		if (!p->err)
			build_fields(p, it, f->dline + 1, to, k + 1 == v.count, k + 1);
	}
	l->items = items;
	l->item_count = v.count;
done:
	imr__free(v.items);
}

/* ---- 2013 notices ---- */

/* A numbered line "1) <opener> ..." whose opener says a decision follows:
 * returns where the opener starts. */
static const char *statement_at(const imr_lparser *p, size_t i, unsigned *number)
{
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *q = s;
	const imr_lphrase *w;
	unsigned n = 0;
	while (q < e && imr__is_digit((unsigned char)*q) && q - s < 3)
		n = n * 10 + (unsigned)(*q++ - '0');
	if (q == s || q >= e || *q != ')')
		return NULL;
	q = skip_spaces(q + 1, e);
	if (!imr__layout_prefix(imr__lwords(p, IMR_LL_OPENERS), q, e, &w))
		return NULL;
	*number = n;
	return q;
}

static const char *regarding_at(const imr_lparser *p, size_t i, unsigned *number)
{
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *q = s;
	const imr_lphrase *w;
	unsigned n = 0;
	while (q < e && imr__is_digit((unsigned char)*q) && q - s < 3)
		n = n * 10 + (unsigned)(*q++ - '0');
	if (q == s || q >= e || *q != ')')
		return NULL;
	q = skip_spaces(q + 1, e);
	if (!imr__layout_prefix(imr__lwords(p, IMR_LL_ITEM_HEADINGS), q, e, &w))
		return NULL;
	*number = n;
	return q;
}

typedef struct statement {
	size_t line, last;        /* first and last line */
	size_t start, end;        /* bytes of the statement after "N) " */
	size_t svc_start, svc_end; /* in the scratch join: recomputed on build */
	unsigned number;
	int upheld, ok;
} statement;

/* Read the statement starting at line @p i; it ends at the line that
 * closes the sentence after "medically necessary". */
static void read_statement(imr_lparser *p, size_t i, const char *from, statement *st)
{
	const imr_lphrases *phrases = imr__lwords(p, IMR_LL_DECISION_PHRASES);
	const imr_lphrases *requests = imr__lwords(p, IMR_LL_REQUESTS);
	size_t j = i, n = 0;
	const char *s, *e, *m = NULL, *dec, *dec_end;
	const imr_lphrase *w;
	st->line = i;
	st->start = (size_t)(from - p->s);
	st->ok = 0;
	for (; j < p->nlines && n < MAX_STATEMENT_LINES; j++) {
		unsigned dummy;
		if (!imr__ltext(p, j))
			continue;
		if (j > i && (p->lines[j].heading || statement_at(p, j, &dummy) || regarding_at(p, j, &dummy)))
			break;
		n++;
		st->last = j;
		if (imr__lend(p, j)[-1] == '.' && imr__layout_any(phrases, from, imr__lend(p, j)))
			break;
	}
	st->end = p->lines[st->last].end;
	n = imr__lines_join_scratch(p, st->start, st->end);
	s = p->sb;
	e = p->sb + n;
	{
		const char *r = imr__layout_find(requests, s, e, &m, &w);
		if (r)
			m = skip_spaces(m, e);
		else
			m = NULL;
	}
	if (!m)
		return;
	dec = imr__layout_find_last(phrases, m, e, &dec_end, &w);
	if (!dec || dec == m || !imr__is_space((unsigned char)dec[-1]))
		return;
	st->upheld = w->value == IMR_LOUT_UPHELD;
	st->svc_start = (size_t)(m - s);
	st->svc_end = (size_t)(dec - 1 - s);
	st->ok = 1;
}

void imr__items_read_notice(imr_lparser *p)
{
	imr_letter *l = &p->box->pub;
	size_t i, title = p->first[IMR_LROLE_TITLE], dr = p->first[IMR_LROLE_OTHER];
	size_t quals = p->first[IMR_LROLE_HOW], cs = p->first[IMR_LROLE_SUMMARY];
	statement *run = NULL, st;
	size_t nrun = 0, cap = 0, nrepeat = 0, k;
	size_t *regarding = NULL;
	imr_letter_item *items;
	int in_first = 1;
	char forms[200];

	phrase_forms(p, forms, sizeof(forms));
	/* the numbered summary, then its repetition */
	{
		/* header fields ("Dated:", case number, dates) sit above the summary */
		size_t stop = dr != NONE ? dr : p->nlines;
		for (i = title + 1; i < stop; i++) {
			unsigned number;
			if (imr__ltext(p, i) && statement_at(p, i, &number)) {
				stop = i;
				break;
			}
		}
		imr__header_read(p, 0, stop);
	}
	for (i = title + 1; i < p->nlines && !p->err; i++) {
		unsigned number;
		const char *from;
		if (!imr__ltext(p, i) || !(from = statement_at(p, i, &number)))
			continue;
		if (number == 1 && nrun)
			in_first = 0;
		memset(&st, 0, sizeof(st));
		read_statement(p, i, from, &st);
		st.number = number;
		if (!st.ok) {
			char q[IMR_LQUOTE_BYTES + 4];
			imr__lines_quote(q, from, (size_t)(imr__lend(p, i) - from));
			if (imr__lines_last_text(p) <= st.last)
				imr__lines_diag(p, "truncated", p->lines[st.last].end, IMR_EINVALID,
						"letter ends in mid-item: decision statement %u has no "
						"decision (%s)",
						number, forms);
			else
				imr__lines_diag(p, "missing-decision", st.start, IMR_EINVALID,
						"decision statement '%s' has no decision (%s)", q, forms);
			break;
		}
		if (in_first) {
			void *grown = run;
			if (number != nrun + 1)
				continue; /* "1)" in some other list */
			if (nrun >= p->lim.items) {
				check_limit(p, nrun + 1, st.start);
				break;
			}
			if (imr__grow(&grown, &cap, nrun + 1, sizeof(statement)) < 0) {
				p->err = IMR_ENOMEM;
				break;
			}
			run = grown;
			run[nrun++] = st;
		} else if (number == nrepeat + 1 && number <= nrun) {
			/* the repetition must say the same */
			statement *orig = &run[number - 1];
			if (orig->upheld != st.upheld) {
				imr__lines_diag(p, "inconsistent-decision", st.start, IMR_EINVALID,
						"decision statement %u says the request %s medically "
						"necessary, but the summary said it %s",
						number, st.upheld ? "is not" : "is",
						orig->upheld ? "is not" : "is");
				imr__lines_relate(p, orig->start);
				break;
			}
			nrepeat++;
		}
		i = st.last;
	}
	if (p->err)
		goto done;
	if (!nrun) {
		const imr_lphrase *op = imr__lwords(p, IMR_LL_OPENERS)->count
						? &imr__lwords(p, IMR_LL_OPENERS)->items[0]
						: NULL;
		const imr_lphrase *rq = imr__lwords(p, IMR_LL_REQUESTS)->count
						? &imr__lwords(p, IMR_LL_REQUESTS)->items[0]
						: NULL;
		/* the sections after it are there (check_sections), so it is missing
		 * rather than cut off */
		imr__lines_diag(p, "missing-section", p->lines[title].start, IMR_EINVALID,
				"no numbered decision summary ('1) %s %s ...') after the title",
				op ? op->text : "", rq ? rq->text : "");
		goto done;
	}
	/* per-item sections "N) Regarding the request for ...:" */
	regarding = imr__calloc(nrun, sizeof(size_t));
	if (!regarding) {
		p->err = IMR_ENOMEM;
		goto done;
	}
	{
		size_t want = 1, later = NONE;
		const imr_lphrases *ih = imr__lwords(p, IMR_LL_ITEM_HEADINGS);
		const char *ihead = ih->count ? ih->items[0].text : "";
		for (i = cs + 1; i < p->nlines && want <= nrun; i++) {
			unsigned number;
			if (!imr__ltext(p, i) || !regarding_at(p, i, &number))
				continue;
			if (number == want)
				regarding[want++ - 1] = i;
			else if (number > want && later == NONE)
				later = i;
		}
		if (want <= nrun && later != NONE) {
			imr__lines_diag(p, "missing-section", p->lines[later].start, IMR_EINVALID,
					"no section '%zu) %s ...:' before this one", want, ihead);
			goto done;
		}
		if (want <= nrun) {
			size_t ll = imr__lines_last_text(p);
			imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
					"letter ends before the section of item %zu ('%zu) %s ...:')", want,
					want, ihead);
			imr__lines_relate(p, run[want - 1].start);
			goto done;
		}
	}
	items = alloc_items(p, nrun);
	if (!items)
		goto done;
	for (k = 0; k < nrun && !p->err; k++) {
		imr_letter_item *it = &items[k];
		statement *s = &run[k];
		size_t n, to, body;
		const char *dec;
		it->number = (unsigned)(k + 1);
		it->decision = s->upheld ? IMR_OUTCOME_UPHELD : IMR_OUTCOME_OVERTURNED;
		n = imr__lines_join_scratch(p, s->start, s->end);
		if (p->err)
			break;
		it->service = imr__lines_strndup(p, p->sb + s->svc_start, s->svc_end - s->svc_start);
		dec = p->sb + s->svc_end + 1; /* after the space before the phrase */
		{
			const char *e = p->sb + n;
			while (e > dec && (e[-1] == '.' || e[-1] == ' '))
				e--;
			it->decision_text = imr__lines_strndup(p, dec, (size_t)(e - dec));
		}
		it->service_span = imr__lines_span(p, s->start, s->end);
		it->decision_span = it->service_span;
		/* the section starts after its heading, which ends with ':' and
		 * may wrap; without the colon the heading is one line */
		body = regarding[k];
		{
			size_t j;
			size_t limit = k + 1 < nrun ? regarding[k + 1] : p->nlines;
			for (j = body, n = 0; j < limit && n < 4; j++) {
				if (!imr__ltext(p, j))
					continue;
				n++;
				if (imr__lend(p, j)[-1] == ':') {
					body = j;
					break;
				}
			}
		}
		to = k + 1 < nrun ? regarding[k + 1] : p->nlines;
		build_fields(p, it, body + 1, to, k + 1 == nrun, k + 1);
	}
	l->items = items;
	l->item_count = nrun;
	/* the qualifications paragraph names the board certification */
	if (quals != NONE && !p->err) {
		size_t end = cs != NONE && cs > quals ? p->lines[cs].raw : p->lines[regarding[0]].raw;
		char *text = imr__lines_join(p, (size_t)(p->lines[quals].after - p->s), end);
		imr__header_credentials_prose(p, text);
	}
	if (cs != NONE && !p->err) {
		const char *after = p->lines[cs].after;
		size_t end = p->lines[regarding[0]].raw;
		l->summary = imr__lines_join(p, (size_t)(after - p->s), end);
		l->summary_span = imr__lines_span(p, (size_t)(after - p->s), end);
	}
done:
	imr__free(run);
	imr__free(regarding);
}
