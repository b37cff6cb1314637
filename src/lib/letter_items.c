/* letter_items.c - decision statements and item fields (letter_items.h).
 *
 * Finding walks the lines once, keeping track of the section it is in and
 * of whether an item's fields are open (a field label seen since the last
 * statement): word forms ("X: Upheld") count anywhere items may be; a
 * sentence counts where decisions are listed (outside any item's fields)
 * when it is numbered or opened by an opener or request word, and inside
 * an item's fields only when an item field label follows it directly,
 * since a rationale's last sentence ("... is not medically necessary.")
 * reads like a decision too. A field label that repeats one of the
 * current item's (or comes after its rationale) means a new item began
 * just before it: the sentence before the label must be its statement, or
 * the item's decision is in a form the words do not know, which is an
 * error at the label.
 *
 * Invariants: statements are kept in letter order; every line is looked
 * at a bounded number of times (a statement reads at most
 * MAX_STATEMENT_LINES lines forward, a service at most MAX_SERVICE_LINES
 * back). */
#include "letter_items.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "letter_cite.h"

/* A wrapped service name or a partial-overturn sentence spans at most a
 * few lines (four in the 2016-17 corpus); the cap keeps a letter without
 * sentence ends from making the backward walk long. */
#define MAX_SERVICE_LINES 8u
/* A decision sentence wraps over at most a few lines. */
#define MAX_STATEMENT_LINES 8u
/* An item heading wraps over at most a few lines before its colon. */
#define MAX_HEADING_LINES 4u
/* How many times a letter may state one decision (the 2013 notice does
 * it twice before the item's own section). */
#define MAX_STATEMENTS_PER_ITEM 4u

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

/* ---- words for messages ---- */

/* "'<service>: Upheld' or '<service>: Overturned'" */
static void word_forms(const imr_lparser *p, char *out, size_t n)
{
	const imr_lphrases *w = imr__lwords(p, IMR_LL_DECISION_WORDS);
	const imr_lphrase *u = imr__layout_first(w, IMR_LOUT_UPHELD);
	const imr_lphrase *o = imr__layout_first(w, IMR_LOUT_OVERTURNED);
	snprintf(out, n, "'<service>: %s' or '<service>: %s'", u ? u->text : "?", o ? o->text : "?");
}

/* "'... is medically necessary and appropriate' or '... is not medically
 * necessary and appropriate'" */
static void phrase_forms(const imr_lparser *p, char *out, size_t n)
{
	const imr_lphrases *w = imr__lwords(p, IMR_LL_DECISION_PHRASES);
	const imr_lphrase *u = imr__layout_first(w, IMR_LOUT_UPHELD);
	const imr_lphrase *o = imr__layout_first(w, IMR_LOUT_OVERTURNED);
	snprintf(out, n, "'... %s' or '... %s'", o ? o->text : "?", u ? u->text : "?");
}

static const char *first_text(const imr_lparser *p, imr_llist which)
{
	const imr_lphrases *l = imr__lwords(p, which);
	return l->count ? l->items[0].text : "";
}

/* ---- shapes ---- */

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

/* "1." / "2)" and a space at the start of line @p i: returns the text
 * after the number and sets *number, or NULL. */
static const char *numbered(const imr_lparser *p, size_t i, unsigned *number)
{
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *q = s;
	unsigned n = 0;
	while (q < e && imr__is_digit((unsigned char)*q) && q - s < 3)
		n = n * 10 + (unsigned)(*q++ - '0');
	if (q == s || q >= e || (*q != '.' && *q != ')'))
		return NULL;
	q++;
	if (q >= e || *q != ' ')
		return NULL;
	if (number)
		*number = n;
	return skip_spaces(q, e);
}

/* A phrase of @p which at @p s that a space follows (the longest): the
 * first byte after the spaces, or NULL. */
static const char *led_by(const imr_lparser *p, imr_llist which, const char *s, const char *e,
			  const imr_lphrase **w)
{
	const imr_lphrases *l = imr__lwords(p, which);
	const char *best = NULL;
	size_t k;
	*w = NULL;
	if (s >= e || !l->first[imr__lower((unsigned char)*s)])
		return NULL;
	for (k = 0; k < l->count; k++) {
		const char *m = imr__layout_match_at(s, e, l->items[k].text);
		if (m && m < e && imr__is_space((unsigned char)*m) && (!best || m > best)) {
			best = m;
			*w = &l->items[k];
		}
	}
	return best ? skip_spaces(best, e) : NULL;
}

/* Whether a statement may be opened at @p s: an opener or a request word. */
static int opens_statement(const imr_lparser *p, const char *s, const char *e)
{
	const imr_lphrase *w;
	return led_by(p, IMR_LL_OPENERS, s, e, &w) || led_by(p, IMR_LL_REQUESTS, s, e, &w);
}

/* The end of a sentence, or of an introduction, or of a rationale's
 * closing "... is not medically necessary" without its period: where a
 * wrapped service cannot reach back past. */
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

/* "Decision: Upheld": the text after the decision label's colon, or NULL. */
static const char *decision_label(const imr_lparser *p, const char *s, const char *e)
{
	const imr_lphrase *w;
	const char *m = imr__layout_prefix(imr__lwords(p, IMR_LL_DECISION_LABELS), s, e, &w);
	if (!m)
		return NULL;
	m = skip_spaces(m, e);
	return m < e && *m == ':' ? skip_spaces(m + 1, e) : NULL;
}

/* An item heading at line @p i: "N) <item heading> ...", up to the line
 * that ends with a colon (at most MAX_HEADING_LINES; without a colon the
 * heading is one line). Sets *number and *last. */
static int item_heading_at(const imr_lparser *p, size_t i, unsigned *number, size_t *last)
{
	const imr_lphrase *w;
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *q = s;
	size_t j, n;
	unsigned num = 0;
	while (q < e && imr__is_digit((unsigned char)*q) && q - s < 3)
		num = num * 10 + (unsigned)(*q++ - '0');
	if (q == s || q >= e || *q != ')')
		return 0;
	q = skip_spaces(q + 1, e);
	if (!imr__layout_prefix(imr__lwords(p, IMR_LL_ITEM_HEADINGS), q, e, &w))
		return 0;
	*number = num;
	*last = i;
	for (j = i, n = 0; j < p->nlines && n < MAX_HEADING_LINES; j++) {
		if (!imr__ltext(p, j))
			continue;
		if (j > i && p->lines[j].flags)
			break;
		n++;
		if (imr__lend(p, j)[-1] == ':') {
			*last = j;
			break;
		}
	}
	return 1;
}

/* ---- word forms ---- */

/* Whether line @p i holds a decision word form; fills @p f: the decision
 * and the line where the service ends (f->last, f->to). */
static int word_form_at(const imr_lparser *p, size_t i, imr_lstmt *f)
{
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *ws, *q, *m;
	int upheld;
	size_t j;
	if (p->lines[i].flags & (IMR_LF_HEADING | IMR_LF_LABEL))
		return 0;
	if ((m = decision_label(p, s, e)) != NULL) {
		/* the decision on its own labelled line, after the service lines */
		if (!imr__items_decision_word(p, m, e, &ws, &upheld) || ws != m)
			return 0;
		j = imr__lines_prev_text(p, i, NONE);
		if (j == NONE || (p->lines[j].flags & (IMR_LF_HEADING | IMR_LF_LABEL | IMR_LF_ITEM)))
			return 0;
		f->last = j;
		f->to = (size_t)(trim_end(imr__lstart(p, j), imr__lend(p, j)) - p->s);
		if (p->s[f->to - 1] == ':')
			f->to--;
		goto found;
	}
	if (!imr__items_decision_word(p, s, e, &ws, &upheld))
		return 0;
	if (ws == s) {
		/* the decision alone on its line, after "<service>:" */
		j = imr__lines_prev_text(p, i, NONE);
		if (j == NONE || (p->lines[j].flags & (IMR_LF_HEADING | IMR_LF_LABEL | IMR_LF_ITEM)))
			return 0;
		q = imr__lend(p, j);
		if (q[-1] != ':')
			return 0;
		f->last = j;
		f->to = (size_t)(q - 1 - p->s);
		goto found;
	}
	q = trim_end(s, ws);
	if (q == s || q[-1] != ':' || q - 1 == s)
		return 0;
	f->last = i;
	f->to = (size_t)(q - 1 - p->s);
found:
	f->dline = i;
	f->dstart = (size_t)(ws - p->s);
	f->dend = (size_t)(trim_end(ws, e) - p->s);
	f->upheld = upheld;
	return 1;
}

/* Walk back from the service's last line to its first: over at most
 * MAX_SERVICE_LINES lines, to a numbered line or to the line after a
 * boundary. */
static void service_start(const imr_lparser *p, imr_lstmt *f)
{
	size_t first = f->last, n;
	const char *num = numbered(p, first, &f->number);
	if (!num) {
		for (n = 1; n < MAX_SERVICE_LINES; n++) {
			size_t j = imr__lines_prev_text(p, first, NONE);
			if (j == NONE || boundary(p, j))
				break;
			first = j;
			if ((num = numbered(p, j, &f->number)) != NULL)
				break;
		}
	}
	f->first = first;
	f->from = num ? (size_t)(num - p->s) : p->lines[first].start;
}

/* ---- sentence forms ---- */

/* A decision sentence read from its wording. */
typedef struct sentence {
	const char *svc, *svc_end;   /* in p->sb */
	const char *dec, *dec_end;   /* in p->sb */
	int upheld;
	int opener_outcome;          /* IMR_LOUT_*: what its opener says */
} sentence;

/* Whether @p s..e holds a sentence end before a capitalised word (". X",
 * the word before the stop longer than an abbreviation like "Inc." or
 * "Dr."): a service never does. */
static int has_sentence_break(const char *s, const char *e)
{
	const char *q;
	for (q = s; q + 2 < e; q++) {
		const char *w = q;
		if (*q != '.' || q[1] != ' ' || !(q[2] >= 'A' && q[2] <= 'Z'))
			continue;
		while (w > s && imr__is_alpha((unsigned char)w[-1]))
			w--;
		if (q - w > 3)
			return 1;
	}
	return 0;
}

/* Split the joined wording [s, e) into opener, request, service and
 * phrase. Returns 1 when it is a decision sentence. */
static int parse_sentence(const imr_lparser *p, const char *s, const char *e, sentence *out)
{
	const imr_lphrase *op = NULL, *rq = NULL, *ph;
	const char *q, *ps;
	while (e > s && (e[-1] == '.' || e[-1] == ' '))
		e--;
	if (!imr__layout_suffix(imr__lwords(p, IMR_LL_DECISION_PHRASES), s, e, &ps, &ph))
		return 0;
	if (ps <= s || !imr__is_space((unsigned char)ps[-1]))
		return 0;
	out->opener_outcome = IMR_LOUT_NONE;
	if ((q = led_by(p, IMR_LL_OPENERS, s, ps, &op)) != NULL) {
		const char *r;
		s = q;
		out->opener_outcome = op->value;
		/* words may stand between an opener and the request ("has
		 * determined that, on review, the request for ...") */
		for (r = s; r < ps && !rq; r++)
			if ((r == s || imr__is_space((unsigned char)r[-1])) &&
			    (q = led_by(p, IMR_LL_REQUESTS, r, ps, &rq)) != NULL)
				s = q;
	} else {
		const char *r, *re;
		/* the subject names a service; a rationale's conclusion names the
		 * request ("The request is ...", "Therefore, the request for ...") */
		if (imr__layout_prefix(imr__lwords(p, IMR_LL_REFERENCES), s, ps, &rq) == trim_end(s, ps))
			return 0;
		if ((q = led_by(p, IMR_LL_REQUESTS, s, ps, &rq)) != NULL)
			s = q;
		else if ((r = imr__layout_find(imr__lwords(p, IMR_LL_REQUESTS), s, ps, &re, &rq)) != NULL &&
			 (r == s || !imr__is_alnum((unsigned char)r[-1])))
			return 0;
	}
	out->svc = s;
	out->svc_end = trim_end(s, ps);
	if (out->svc_end <= out->svc || has_sentence_break(out->svc, out->svc_end))
		return 0;
	out->dec = ps;
	out->dec_end = e;
	out->upheld = ph->value == IMR_LOUT_UPHELD;
	return 1;
}

/* Lines that end a sentence's reach: headings, labels, other items,
 * numbered lines and item headings. */
static int blocks_sentence(const imr_lparser *p, size_t j)
{
	unsigned n;
	size_t last;
	return (p->lines[j].flags & (IMR_LF_HEADING | IMR_LF_LABEL | IMR_LF_ITEM)) ||
	       numbered(p, j, NULL) || item_heading_at(p, j, &n, &last);
}

/* Read a decision sentence whose wording starts at @p from on line @p i:
 * line by line (at most MAX_STATEMENT_LINES, not past a blocking line or
 * a line ending with a colon) until the wording so far ends with a
 * decision phrase. With @p end_at set, the sentence must end on that
 * line. Fills @p f (lines, wording bytes, outcome) and @p sn (from the
 * joined wording in p->sb). */
static int read_sentence(imr_lparser *p, size_t i, const char *from, size_t end_at, imr_lstmt *f,
			 sentence *sn)
{
	size_t j, n = 0, len, found = NONE;
	for (j = i; j < p->nlines && n < MAX_STATEMENT_LINES; j++) {
		const char *e = imr__lend(p, j), *ps;
		const imr_lphrase *w;
		if (!imr__ltext(p, j))
			continue;
		if (j > i && blocks_sentence(p, j))
			break;
		n++;
		while (e > from && (e[-1] == '.' || e[-1] == ' '))
			e--;
		if (imr__layout_suffix(imr__lwords(p, IMR_LL_DECISION_PHRASES), from, e, &ps, &w)) {
			found = j;
			/* a phrase can go on over the line end ("is medically
			 * necessary" + "and appropriate."): the sentence ends where
			 * its full stop is */
			if (imr__lend(p, j)[-1] == '.' && (end_at == NONE || j >= end_at))
				break;
		} else if (found != NONE && end_at == NONE) {
			break;
		}
		if (end_at != NONE && j >= end_at)
			break;
		if (imr__lend(p, j)[-1] == ':')
			break;
	}
	if (found == NONE || (end_at != NONE && found != end_at))
		return 0;
	f->first = i;
	f->last = f->dline = found;
	f->from = (size_t)(from - p->s);
	f->to = p->lines[found].end;
	f->sentence = 1;
	len = imr__lines_join_scratch(p, f->from, f->to);
	if (p->err || !parse_sentence(p, p->sb, p->sb + len, sn))
		return 0;
	f->upheld = sn->upheld;
	return 1;
}

/* The sentence ending on line @p k, just before an item field label: walk
 * back to where it starts (a numbered line, or the line after a boundary)
 * and read it from there. A line that ends with "medically necessary"
 * may be a rationale that lost its full stop or the first half of this
 * sentence ("X is medically necessary" + "and appropriate."): the walk
 * stops there first, and passes it when that reading fails. */
static int sentence_before(imr_lparser *p, size_t k, imr_lstmt *f, sentence *sn)
{
	int strict;
	if (p->lines[k].flags & (IMR_LF_HEADING | IMR_LF_LABEL | IMR_LF_ITEM))
		return 0;
	for (strict = 1; strict >= 0; strict--) {
		size_t first = k, n;
		const char *from = NULL;
		unsigned num = 0;
		for (n = 0; n < MAX_STATEMENT_LINES; n++) {
			size_t j;
			const char *e;
			if ((from = numbered(p, first, &num)) != NULL)
				break;
			j = imr__lines_prev_text(p, first, NONE);
			if (j == NONE)
				break;
			e = imr__lend(p, j);
			if (strict ? boundary(p, j) || e[-1] == ':'
				   : p->lines[j].flags || e[-1] == '.' || e[-1] == '?' || e[-1] == '!' ||
					     e[-1] == ':')
				break;
			first = j;
		}
		if (!from)
			from = imr__lstart(p, first);
		if (read_sentence(p, first, from, k, f, sn)) {
			f->number = num;
			return 1;
		}
		if (p->err)
			return 0;
	}
	return 0;
}

/* ---- finding ---- */

typedef struct finder {
	imr_lparser *p;
	imr_lpieces *pc;
	int role;                    /* section of the line: IMR_LROLE_*, -1 before any */
	size_t section;              /* its heading line, NONE before any */
	size_t cur;                  /* the statement whose fields may follow, or NONE */
	int in_head;                 /* in the fields of an item heading */
	int open;                    /* the current statement's fields are open */
	int seen[IMR_IF_COUNT];      /* its field labels so far */
	size_t run;                  /* statements of the current numbered run */
	char forms[160];
} finder;

static int push_stmt(finder *fd, const imr_lstmt *f)
{
	imr_lparser *p = fd->p;
	imr_lpieces *pc = fd->pc;
	void *items = pc->st;
	size_t i;
	/* a numbered 1 after a numbered statement starts the list again (the
	 * 2013 notice repeats its summary) */
	if (f->number == 1 && pc->nst && pc->st[pc->nst - 1].number)
		fd->run = 0;
	/* a letter states each decision a few times at most (a summary, its
	 * repetition, the item itself): past that many statements in all, or
	 * past the limit in one list, it is over the limit */
	if (fd->run >= p->lim.items || pc->nst >= (size_t)p->lim.items * MAX_STATEMENTS_PER_ITEM) {
		if (!p->err)
			imr__lines_diag(p, "limit", f->sentence ? f->from : p->lines[f->first].start, IMR_ELIMIT,
					"more than %u disputed items (the limit)", p->lim.items);
		return -1;
	}
	if (imr__grow(&items, &pc->capst, pc->nst + 1, sizeof(imr_lstmt)) < 0) {
		p->err = IMR_ENOMEM;
		return -1;
	}
	pc->st = items;
	pc->st[pc->nst] = *f;
	pc->st[pc->nst++].section = fd->section;
	fd->run++;
	for (i = f->first; i <= f->dline; i++)
		p->lines[i].flags |= IMR_LF_ITEM;
	fd->cur = pc->nst - 1;
	fd->in_head = 0;
	fd->open = 0;
	memset(fd->seen, 0, sizeof(fd->seen));
	return 0;
}

static int push_head(finder *fd, size_t line, size_t last, unsigned number)
{
	imr_lpieces *pc = fd->pc;
	void *items = pc->hd;
	if (imr__grow(&items, &pc->caphd, pc->nhd + 1, sizeof(imr_lhead)) < 0) {
		fd->p->err = IMR_ENOMEM;
		return -1;
	}
	pc->hd = items;
	pc->hd[pc->nhd].line = line;
	pc->hd[pc->nhd].last = last;
	pc->hd[pc->nhd].number = number;
	pc->nhd++;
	fd->cur = NONE;
	fd->in_head = 1;
	fd->open = 0;
	memset(fd->seen, 0, sizeof(fd->seen));
	return 0;
}

/* Opener and phrase contradict each other ("No, the request for X is
 * medically necessary"). */
static int contradicts(finder *fd, const imr_lstmt *f, const sentence *sn)
{
	if (sn->opener_outcome == IMR_LOUT_NONE ||
	    sn->opener_outcome == (sn->upheld ? IMR_LOUT_UPHELD : IMR_LOUT_OVERTURNED))
		return 0;
	imr__lines_diag(fd->p, "inconsistent-decision", f->from, IMR_EINVALID,
			"decision statement opens with a decision that its end contradicts: the request "
			"%s medically necessary",
			sn->upheld ? "is not" : "is");
	return 1;
}

/* Line @p k, just before an item's fields, has the shape of a word form
 * with a word the letter-layout words do not know ("<service>:
 * Non-certified", "Decision: Denied"): an error at that word. Returns 1
 * when it reported one. */
static int unknown_word(finder *fd, size_t k)
{
	imr_lparser *p = fd->p;
	const char *s = imr__lstart(p, k), *e = imr__lend(p, k), *w = e, *c;
	size_t words = 0;
	char q[IMR_LQUOTE_BYTES + 4], forms[160];
	if (p->lines[k].flags)
		return 0;
	if (w > s && w[-1] == '.')
		w--;
	/* one to three words after the last colon */
	for (c = w; c > s && c[-1] != ':'; c--) {
		if (!(imr__is_alpha((unsigned char)c[-1]) || c[-1] == '-' || c[-1] == ' '))
			return 0;
		if (c[-1] == ' ' && c < w && c[0] != ' ')
			words++;
	}
	if (c == s || c == w)
		return 0;
	c = skip_spaces(c, w);
	if (c >= w || words > 3 || !imr__is_alpha((unsigned char)*c))
		return 0;
	imr__lines_quote(q, c, (size_t)(w - c));
	word_forms(p, forms, sizeof(forms));
	imr__lines_diag(p, "unknown-decision", (size_t)(c - p->s), IMR_EINVALID,
			"disputed item with a decision the letter-layout words do not know: '%s' (expected "
			"%s)",
			q, forms);
	return 1;
}

/* An item field label at line @p i. */
static void field_label(finder *fd, size_t i)
{
	imr_lparser *p = fd->p;
	imr_lpieces *pc = fd->pc;
	int lab = p->lines[i].field;
	imr_lstmt f;
	sentence sn;
	size_t k;
	if (fd->in_head) {
		fd->open = 1; /* the item's fields; imr__items_build checks them */
		return;
	}
	if (fd->cur != NONE && !fd->seen[IMR_IF_RAT] && !fd->seen[lab]) {
		pc->st[fd->cur].has_fields = 1;
		fd->seen[lab] = 1;
		fd->open = 1;
		return;
	}
	/* a new item began just before this label */
	memset(&f, 0, sizeof(f));
	k = imr__lines_prev_text(p, i, NONE);
	if (k != NONE && sentence_before(p, k, &f, &sn)) {
		if (contradicts(fd, &f, &sn) || push_stmt(fd, &f) < 0)
			return;
		pc->st[fd->cur].has_fields = 1;
		fd->seen[lab] = 1;
		fd->open = 1;
		return;
	}
	if (p->err)
		return;
	if (k != NONE && unknown_word(fd, k))
		return;
	{
		char q[IMR_LQUOTE_BYTES + 4];
		const char *ls = imr__lstart(p, i);
		imr__lines_quote(q, ls, (size_t)(p->lines[i].after - ls));
		if (!pc->nst)
			imr__lines_diag(p, "missing-decision", p->lines[i].start, IMR_EINVALID,
					"disputed item without a decision: '%s' comes before the first %s line",
					q, fd->forms);
		else
			imr__lines_diag(p, "missing-decision", p->lines[i].start, IMR_EINVALID,
					"disputed item without a decision: '%s' follows item %zu with no %s line "
					"before it",
					q, pc->nst, fd->forms);
	}
}

/* A numbered line that states a decision (or has an opener and fails to):
 * returns the line the statement ends on, or NONE. */
static size_t numbered_sentence(finder *fd, size_t i, const char *after, unsigned number)
{
	imr_lparser *p = fd->p;
	imr_lstmt f;
	sentence sn;
	const imr_lphrase *w;
	memset(&f, 0, sizeof(f));
	if (number != fd->run + 1 && number != 1)
		return NONE; /* "3)" in some other list */
	if (read_sentence(p, i, after, NONE, &f, &sn)) {
		f.number = number;
		if (contradicts(fd, &f, &sn) || push_stmt(fd, &f) < 0)
			return NONE;
		return f.last;
	}
	if (p->err || !led_by(p, IMR_LL_OPENERS, after, imr__lend(p, i), &w))
		return NONE;
	{
		/* an opener promises a decision this statement never states */
		char q[IMR_LQUOTE_BYTES + 4], forms[200];
		size_t j, n = 0, last = i;
		phrase_forms(p, forms, sizeof(forms));
		for (j = i; j < p->nlines && n < MAX_STATEMENT_LINES; j++) {
			if (!imr__ltext(p, j))
				continue;
			if (j > i && blocks_sentence(p, j))
				break;
			n++;
			last = j;
		}
		imr__lines_quote(q, after, (size_t)(imr__lend(p, i) - after));
		if (imr__lines_last_text(p) <= last)
			imr__lines_diag(p, "truncated", p->lines[last].end, IMR_EINVALID,
					"letter ends in mid-item: decision statement %u has no decision (%s)",
					number, forms);
		else
			imr__lines_diag(p, "missing-decision", (size_t)(after - p->s), IMR_EINVALID,
					"decision statement '%s' has no decision (%s)", q, forms);
	}
	return NONE;
}

/* Whether line @p i starts a sentence: the first content of its section,
 * or after a line that ends a sentence or an introduction. */
static int sentence_start(const imr_lparser *p, size_t i)
{
	size_t j = imr__lines_prev_text(p, i, NONE);
	return j == NONE || p->lines[j].heading || boundary(p, j) || imr__lend(p, j)[-1] == ':';
}

void imr__items_find(imr_lparser *p, imr_lpieces *pc)
{
	finder fd;
	size_t i;
	memset(&fd, 0, sizeof(fd));
	fd.p = p;
	fd.pc = pc;
	fd.role = -1;
	fd.section = NONE;
	fd.cur = NONE;
	word_forms(p, fd.forms, sizeof(fd.forms));
	for (i = 0; i < p->nlines && !p->err; i++) {
		const imr_lline *l = &p->lines[i];
		imr_lstmt f;
		unsigned number;
		size_t last;
		const char *after;
		if (l->kind != IMR_LK_TEXT)
			continue;
		if (l->heading) {
			fd.role = l->heading->value;
			fd.section = i;
			fd.cur = NONE;
			fd.in_head = fd.open = 0;
			memset(fd.seen, 0, sizeof(fd.seen));
			continue;
		}
		if (fd.role == IMR_LROLE_HOW || fd.role == IMR_LROLE_CREDENTIALS ||
		    fd.role == IMR_LROLE_DOCUMENTS)
			continue; /* sections that hold no items */
		if (item_heading_at(p, i, &number, &last)) {
			if (push_head(&fd, i, last, number) < 0)
				return;
			i = last;
			continue;
		}
		if (l->field >= 0) {
			field_label(&fd, i);
			continue;
		}
		if (l->flags & IMR_LF_LABEL)
			continue;
		memset(&f, 0, sizeof(f));
		if (word_form_at(p, i, &f)) {
			service_start(p, &f);
			if (push_stmt(&fd, &f) < 0)
				return;
			i = f.dline;
			continue;
		}
		/* sentences only where decisions are listed */
		if (fd.role == IMR_LROLE_SUMMARY || fd.in_head || fd.open)
			continue;
		if ((after = numbered(p, i, &number)) != NULL) {
			if ((last = numbered_sentence(&fd, i, after, number)) != NONE)
				i = last;
			continue;
		}
		if (sentence_start(p, i) && opens_statement(p, imr__lstart(p, i), imr__lend(p, i))) {
			sentence sn;
			if (read_sentence(p, i, imr__lstart(p, i), NONE, &f, &sn)) {
				if (contradicts(&fd, &f, &sn) || push_stmt(&fd, &f) < 0)
					return;
				i = f.last;
			}
		}
	}
}

size_t imr__items_first_after(const imr_lpieces *pc, size_t line)
{
	/* both lists are in letter order: binary search each */
	size_t lo = 0, hi = pc->nst, best = NONE;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pc->st[mid].first > line)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < pc->nst)
		best = pc->st[lo].first;
	lo = 0;
	hi = pc->nhd;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pc->hd[mid].line > line)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < pc->nhd && pc->hd[lo].line < best)
		best = pc->hd[lo].line;
	return best;
}

void imr__items_dispose(imr_lpieces *pc)
{
	imr__free(pc->st);
	imr__free(pc->hd);
	memset(pc, 0, sizeof(*pc));
}

/* ---- building ---- */

/* The service and decision of a word form. A partial overturn names the
 * remaining IMR-eligible portion after "original request," and ends in
 * "is"; that portion is the disputed item. */
static void word_service(imr_lparser *p, imr_letter_item *it, const imr_lstmt *f)
{
	size_t n = imr__lines_join_scratch(p, f->from, f->to);
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
	it->service_span = imr__lines_span(p, f->from, f->to);
	it->decision_text = imr__lines_strndup(p, p->s + f->dstart, f->dend - f->dstart);
	it->decision_span = imr__lines_span(p, f->dstart, f->dend);
}

/* The service and decision of a sentence: from its joined wording. */
static void sentence_service(imr_lparser *p, imr_letter_item *it, const imr_lstmt *f)
{
	size_t n = imr__lines_join_scratch(p, f->from, f->to);
	sentence sn;
	if (p->err)
		return;
	if (!parse_sentence(p, p->sb, p->sb + n, &sn)) {
		p->err = IMR_ERROR; /* it parsed when it was found */
		return;
	}
	it->service = imr__lines_strndup(p, sn.svc, (size_t)(sn.svc_end - sn.svc));
	it->decision_text = imr__lines_strndup(p, sn.dec, (size_t)(sn.dec_end - sn.dec));
	it->service_span = imr__lines_span(p, f->from, f->to);
	it->decision_span = it->service_span;
}

/* The labelled fields of one item in lines [from, to). */
static void build_fields(imr_lparser *p, imr_letter_item *it, size_t from, size_t to, int last_item,
			 size_t num)
{
	size_t at[IMR_IF_COUNT], i;
	int k;
	char *texts[IMR_IF_COUNT] = { NULL, NULL, NULL };
	for (k = 0; k < IMR_IF_COUNT; k++)
		at[k] = NONE;
	for (i = from; i < to && !p->err; i++) {
		int lab = p->lines[i].field;
		if (!imr__ltext(p, i) || lab < 0)
			continue;
		if (at[IMR_IF_RAT] != NONE || at[lab] != NONE) {
			/* the fields of an item whose decision is missing */
			char q[IMR_LQUOTE_BYTES + 4], forms[160];
			const char *ls = imr__lstart(p, i);
			imr__lines_quote(q, ls, (size_t)(p->lines[i].after - ls));
			word_forms(p, forms, sizeof(forms));
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

/* The line before which the text of a piece starting after @p line ends:
 * the next heading, or @p next when it comes first. */
static size_t until(const imr_lparser *p, size_t line, size_t next)
{
	size_t h = imr__lines_section_end(p, line);
	return next < h ? next : h;
}

/* Runs of statements: a list of decisions stated once, or again. A
 * statement numbered 1 after a numbered one starts a new run ("1) ... 2)
 * ... 1) ... 2) ..."), and so does one in a later section after a run
 * whose statements have no fields (a summary list under the title, the
 * items under the decisions heading). Writes each statement's run;
 * returns how many. */
static size_t number_runs(const imr_lpieces *pc, size_t *run)
{
	size_t k, r = 0, start = 0, j;
	for (k = 0; k < pc->nst; k++) {
		int restart = 0;
		if (k && pc->st[k].number == 1 && pc->st[k - 1].number)
			restart = 1;
		else if (k && pc->st[k].section != pc->st[k - 1].section) {
			restart = 1;
			for (j = start; j < k && restart; j++)
				restart = !pc->st[j].has_fields;
		}
		if (restart) {
			r++;
			start = k;
		}
		run[k] = r;
	}
	return pc->nst ? r + 1 : 0;
}

/* A later statement @p st of a summary must say what item @p orig says. */
static int agrees(imr_lparser *p, const imr_lstmt *st, const imr_lstmt *orig, size_t number)
{
	if (orig->upheld == st->upheld)
		return 1;
	imr__lines_diag(p, "inconsistent-decision", st->sentence ? st->from : p->lines[st->first].start,
			IMR_EINVALID,
			"decision statement %zu says the request %s medically necessary, but the "
			"summary said it %s",
			number, st->upheld ? "is not" : "is", orig->upheld ? "is not" : "is");
	imr__lines_relate(p, orig->sentence ? orig->from : p->lines[orig->first].start);
	return 0;
}

/* Which statements are the items. With item headings (@p by_heads), the
 * first run; without, the last run when it has fields and the runs before
 * it (a summary list) have none; every statement when runs before the
 * last have fields of their own. The runs that are not the items must
 * agree with them, position by position. Fills @p pick (indices) and
 * returns how many, or 0 with p->err. */
static size_t choose_items(imr_lparser *p, const imr_lpieces *pc, const size_t *run, size_t nruns,
			   int by_heads, size_t *pick)
{
	size_t k, n = 0, item_run = 0;
	int all = 0;
	if (!by_heads && nruns > 1) {
		int earlier_have = 0, last_has = 0;
		for (k = 0; k < pc->nst; k++) {
			if (run[k] + 1 < nruns && pc->st[k].has_fields)
				earlier_have = 1;
			if (run[k] + 1 == nruns && pc->st[k].has_fields)
				last_has = 1;
		}
		if (earlier_have)
			all = 1;
		else if (last_has)
			item_run = nruns - 1;
	}
	for (k = 0; k < pc->nst; k++)
		if (all || run[k] == item_run)
			pick[n++] = k;
	if (all)
		return n;
	/* the other runs repeat the items */
	{
		size_t pos = 0, prev = (size_t)-1;
		for (k = 0; k < pc->nst; k++) {
			if (run[k] == item_run)
				continue;
			if (run[k] != prev)
				pos = 0, prev = run[k];
			pos++;
			if (pos <= n && !agrees(p, &pc->st[k], &pc->st[pick[pos - 1]], pos))
				return 0;
		}
	}
	return n;
}

static void no_summary_statements(imr_lparser *p, const imr_lpieces *pc)
{
	size_t title = p->first[IMR_LROLE_TITLE];
	size_t at = title != NONE ? title : pc->hd[0].line;
	imr__lines_diag(p, "missing-section", p->lines[at].start, IMR_EINVALID,
			"no numbered decision summary ('1) %s %s ...') %s", first_text(p, IMR_LL_OPENERS),
			first_text(p, IMR_LL_REQUESTS),
			title != NONE ? "after the title" : "before the item headings");
}

/* With item headings: the heading of each item, in order of numbers. */
static int match_heads(imr_lparser *p, const imr_lpieces *pc, size_t n, const imr_lstmt *const *items,
		       size_t *head)
{
	size_t want = 1, later = NONE, k;
	const char *ihead = first_text(p, IMR_LL_ITEM_HEADINGS);
	for (k = 0; k < pc->nhd && want <= n; k++) {
		if (pc->hd[k].number == want)
			head[want++ - 1] = k;
		else if (pc->hd[k].number > want && later == NONE)
			later = pc->hd[k].line;
	}
	if (want <= n && later != NONE) {
		imr__lines_diag(p, "missing-section", p->lines[later].start, IMR_EINVALID,
				"no section '%zu) %s ...:' before this one", want, ihead);
		return -1;
	}
	if (want <= n) {
		size_t ll = imr__lines_last_text(p);
		const imr_lstmt *st = items[want - 1];
		imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends before the section of item %zu ('%zu) %s ...:')", want, want, ihead);
		imr__lines_relate(p, st->sentence ? st->from : p->lines[st->first].start);
		return -1;
	}
	return 0;
}

void imr__items_build(imr_lparser *p, imr_lpieces *pc)
{
	imr_letter *l = &p->box->pub;
	size_t *run = NULL, *pick = NULL, *head = NULL, nruns, n, k;
	const imr_lstmt **items_st = NULL;
	int by_heads;
	imr_letter_item *items;

	if (!pc->nst)
		return;
	run = imr__calloc(pc->nst, sizeof(size_t));
	pick = imr__calloc(pc->nst, sizeof(size_t));
	items_st = imr__calloc(pc->nst, sizeof(*items_st));
	head = imr__calloc(pc->nst, sizeof(size_t));
	if (!run || !pick || !items_st || !head) {
		p->err = IMR_ENOMEM;
		goto done;
	}
	nruns = number_runs(pc, run);
	/* fields under item headings: there are some, or the statements are a
	 * numbered summary with no fields of their own, whose headings the
	 * letter lost */
	by_heads = pc->nhd > 0;
	if (!by_heads && pc->st[0].number) {
		by_heads = 1;
		for (k = 0; k < pc->nst && by_heads; k++)
			by_heads = !pc->st[k].has_fields;
	}
	n = choose_items(p, pc, run, nruns, by_heads, pick);
	if (p->err || !n)
		goto done;
	for (k = 0; k < n; k++)
		items_st[k] = &pc->st[pick[k]];
	if (n > p->lim.items) {
		const imr_lstmt *over = items_st[p->lim.items];
		imr__lines_diag(p, "limit", over->sentence ? over->from : p->lines[over->first].start, IMR_ELIMIT,
				"more than %u disputed items (the limit)", p->lim.items);
		goto done;
	}
	if (by_heads && match_heads(p, pc, n, items_st, head) < 0)
		goto done;
	items = imr__arena_alloc(p->arena, n * sizeof(*items));
	if (!items) {
		p->err = IMR_ENOMEM;
		goto done;
	}
	for (k = 0; k < n && !p->err; k++) {
		const imr_lstmt *f = items_st[k];
		imr_letter_item *it = &items[k];
		size_t from, to;
		it->number = (unsigned)(k + 1);
		it->decision = f->upheld ? IMR_OUTCOME_UPHELD : IMR_OUTCOME_OVERTURNED;
		if (f->sentence)
			sentence_service(p, it, f);
		else
			word_service(p, it, f);
		if (p->err)
			break;
		if (by_heads) {
			const imr_lhead *h = &pc->hd[head[k]];
			from = h->last + 1;
			to = until(p, h->last, k + 1 < n ? pc->hd[head[k + 1]].line : NONE);
		} else {
			from = f->dline + 1;
			to = until(p, f->dline, imr__items_first_after(pc, f->dline));
		}
		build_fields(p, it, from, to, k + 1 == n, k + 1);
	}
	l->items = items;
	l->item_count = n;
done:
	imr__free(run);
	imr__free(pick);
	imr__free(items_st);
	imr__free(head);
}

/* For letter.c: the error when item headings exist but no statement does. */
void imr__items_no_statements(imr_lparser *p, const imr_lpieces *pc)
{
	no_summary_statements(p, pc);
}
