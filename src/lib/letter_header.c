/* letter_header.c - header fields and credentials (letter_header.h).
 *
 * Two forms of header, read by one pass: label and value on one line
 * ("Case Number: CM16-0213037", several to a line when the PDF kept
 * columns, a new label starting after a gap of two spaces), and a column
 * of labels followed by a column of values, which pdftotext prints for the
 * 2016-17 first page. A label without a value waits; a value line goes to
 * the first waiting label of its kind (case number, date, priority), so
 * the order of the columns decides, as it does on the page. */
#include "letter_header.h"

#include <string.h>

#include "imrcheck/date.h"

/* How many labels may wait for their values (a header has seven). */
#define MAX_PENDING 32

enum { T_CASE, T_DATE, T_PRIORITY, T_TEXT };

/* Credentials read as header fields (a label in the header block): their
 * field numbers follow the header's. */
#define HF_CRED(c) (IMR_HF_COUNT + (c))

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

static int field_type(int field)
{
	if (field >= IMR_HF_COUNT)
		return T_TEXT;
	return field == IMR_HF_CASE ? T_CASE : field == IMR_HF_PRIORITY ? T_PRIORITY : T_DATE;
}

/* A header or credentials label followed by ':' at @p s (the longest):
 * returns the field (HF_CRED() for credentials) and sets *after past the
 * colon, or -1. */
static int label_at(const imr_lparser *p, const char *s, const char *e, const char **after)
{
	static const imr_llist lists[] = { IMR_LL_HEADER_LABELS, IMR_LL_CRED_LABELS };
	const char *best_end = NULL;
	int best = -1;
	size_t k, l;
	for (l = 0; l < 2; l++) {
		const imr_lphrases *labels = imr__lwords(p, lists[l]);
		if (s >= e || !labels->first[imr__lower((unsigned char)*s)])
			continue;
		for (k = 0; k < labels->count; k++) {
			const char *m = imr__layout_match_at(s, e, labels->items[k].text);
			if (!m)
				continue;
			m = skip_spaces(m, e);
			if (m >= e || *m != ':')
				continue;
			if (!best_end || m > best_end) {
				best = l ? HF_CRED(labels->items[k].value) : labels->items[k].value;
				best_end = m;
			}
		}
	}
	if (best >= 0)
		*after = best_end + 1;
	return best;
}

int imr__header_parse_mdy(const char *s, const char *e, int32_t *out)
{
	int v[3] = { 0, 0, 0 }, n[3] = { 0, 0, 0 }, k = 0;
	char sep = 0;
	for (; s < e && k < 3; s++) {
		if (imr__is_digit((unsigned char)*s)) {
			v[k] = v[k] * 10 + (*s - '0');
			if (++n[k] > 4)
				return -1;
		} else if ((*s == '/' || *s == '-') && k < 2 && n[k] && (!sep || sep == *s)) {
			sep = *s;
			k++;
		} else {
			return -1;
		}
	}
	if (s != e || k != 2 || n[0] > 2 || n[1] > 2 || (n[2] != 4 && n[2] != 2))
		return -1;
	if (n[2] == 2)
		v[2] += 2000; /* IMR began in 2013: two-digit years are this century */
	return imr_date_from_ymd(out, v[2], v[0], v[1]) == IMR_OK ? 0 : -1;
}

/* The kind of a value line: a date, a priority of the words, or a case
 * number (letters, digits, a hyphen, digits: "CM16-0213037",
 * "CM16 - 0240524"); -1 for anything else. */
static int value_type(const imr_lparser *p, const char *s, const char *e)
{
	const imr_lphrase *which;
	int32_t d;
	const char *q = s;
	if (imr__header_parse_mdy(s, e, &d) == 0)
		return T_DATE;
	if (imr__layout_prefix(imr__lwords(p, IMR_LL_PRIORITIES), s, e, &which) == e)
		return T_PRIORITY;
	while (q < e && imr__is_alpha((unsigned char)*q))
		q++;
	if (q > s && q < e && imr__is_digit((unsigned char)*q)) {
		while (q < e && imr__is_digit((unsigned char)*q))
			q++;
		q = skip_spaces(q, e);
		if (q < e && *q == '-') {
			q = skip_spaces(q + 1, e);
			if (q < e && imr__is_digit((unsigned char)*q)) {
				while (q < e && imr__is_digit((unsigned char)*q))
					q++;
				if (q == e)
					return T_CASE;
			}
		}
	}
	return -1;
}

static void set_field(imr_lparser *p, int field, const char *s, const char *e)
{
	imr_letter_header *h = &p->box->pub.header;
	const char **slot = NULL;
	int32_t *day = NULL;
	char *v;
	if (field >= IMR_HF_COUNT) {
		slot = field == HF_CRED(IMR_CRED_LICENSURE) ? &p->box->pub.licensure : &p->box->pub.specialty;
		if (!*slot && s < e)
			*slot = imr__lines_strndup(p, s, (size_t)(e - s));
		return;
	}
	switch (field) {
	case IMR_HF_CASE: slot = &h->case_number; break;
	case IMR_HF_ASSIGNED: slot = &h->date_assigned; day = &h->assigned; break;
	case IMR_HF_INJURY: slot = &h->date_of_injury; day = &h->injury; break;
	case IMR_HF_DECIDED: slot = &h->decision_date; day = &h->decided; break;
	case IMR_HF_UR: slot = &h->ur_denial_date; day = &h->ur_denied; break;
	case IMR_HF_RECEIVED: slot = &h->application_received; day = &h->received; break;
	default: slot = &h->priority; break;
	}
	if (*slot || s >= e)
		return; /* the first value given wins */
	if (field == IMR_HF_CASE) {
		/* drop the spaces PDF extraction puts around the hyphen */
		size_t n = 0;
		v = imr__arena_alloc(p->arena, (size_t)(e - s) + 1);
		if (!v) {
			p->err = IMR_ENOMEM;
			return;
		}
		for (; s < e; s++)
			if (*s != ' ')
				v[n++] = *s;
	} else {
		v = imr__lines_strndup(p, s, (size_t)(e - s));
		if (!v)
			return;
		if (day && imr__header_parse_mdy(s, e, day) < 0)
			*day = IMR_DATE_NONE;
	}
	*slot = v;
}

typedef struct pending {
	int fields[MAX_PENDING];
	size_t count;
} pending;

static void wait_for(pending *w, int field)
{
	if (w->count < MAX_PENDING)
		w->fields[w->count++] = field;
}

/* One or more "label: value" pairs on line @p s..e, the first label (field
 * @p k) ending at @p after. */
static void label_pairs(imr_lparser *p, int k, const char *after, const char *e, pending *w)
{
	while (k >= 0) {
		const char *v = skip_spaces(after, e), *q = v, *vend = e, *next_after = NULL;
		int next = -1;
		/* the next label starts after two spaces (a column gap) */
		while (q + 2 < e) {
			if (q[0] == ' ' && q[1] == ' ') {
				const char *r = skip_spaces(q, e);
				next = label_at(p, r, e, &next_after);
				if (next >= 0) {
					vend = trim_end(v, q);
					break;
				}
				q = r; /* past the gap: each space is looked at once */
				continue;
			}
			q++;
		}
		if (v < vend)
			set_field(p, k, v, vend);
		else
			wait_for(w, k);
		k = next;
		after = next_after;
	}
}

/* A value line: to the first waiting label of its kind; a line of no
 * other kind is text, the value of a waiting credentials label. */
static void value_line(imr_lparser *p, const char *s, const char *e, pending *w)
{
	int type = value_type(p, s, e);
	size_t j;
	if (type < 0)
		type = T_TEXT;
	for (j = 0; j < w->count; j++) {
		if (field_type(w->fields[j]) != type)
			continue;
		set_field(p, w->fields[j], s, e);
		memmove(w->fields + j, w->fields + j + 1, (w->count - j - 1) * sizeof(int));
		w->count--;
		return;
	}
}

/* A label that pdftotext split over two lines ("Application" then
 * "Received:"): the label words of line @p i and the next line joined
 * form a label with its colon. Returns the next line's index and the
 * field, or IMR_LNONE. */
static size_t split_label(const imr_lparser *p, size_t i, size_t to, int *field, const char **after,
			  const char **end)
{
	const imr_lphrases *labels = imr__lwords(p, IMR_LL_HEADER_LABELS);
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i);
	size_t j = imr__lines_next_text(p, i, to), k;
	if (j == IMR_LNONE || p->lines[j].heading)
		return IMR_LNONE;
	for (k = 0; k < labels->count; k++) {
		const char *lit = labels->items[k].text, *m, *sp = strrchr(lit, ' ');
		/* the line holds the label's first words, the next line the rest */
		if (!sp)
			continue;
		while (sp) {
			size_t head = (size_t)(sp - lit);
			char first[256];
			if (head < sizeof(first)) {
				memcpy(first, lit, head);
				first[head] = '\0';
				if (imr__layout_match_at(s, e, first) == e &&
				    (m = imr__layout_match_at(imr__lstart(p, j), imr__lend(p, j), sp + 1)) != NULL) {
					m = skip_spaces(m, imr__lend(p, j));
					if (m < imr__lend(p, j) && *m == ':') {
						*field = labels->items[k].value;
						*after = skip_spaces(m + 1, imr__lend(p, j));
						*end = imr__lend(p, j);
						return j;
					}
				}
			}
			while (sp > lit && sp[-1] != ' ')
				sp--;
			sp = sp > lit ? sp - 1 : NULL;
		}
	}
	return IMR_LNONE;
}

void imr__header_read(imr_lparser *p, size_t from, size_t to)
{
	pending w;
	size_t i;
	w.count = 0;
	for (i = from; i < to && i < p->nlines && !p->err; i++) {
		const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *after, *vend;
		int k;
		size_t j;
		if (!imr__ltext(p, i))
			continue;
		if (p->lines[i].heading) {
			w.count = 0; /* values answer labels of their own section */
			continue;
		}
		if ((k = label_at(p, s, e, &after)) >= 0) {
			label_pairs(p, k, after, e, &w);
			continue;
		}
		if ((j = split_label(p, i, to, &k, &after, &vend)) != IMR_LNONE) {
			if (after < vend)
				set_field(p, k, after, vend);
			else
				wait_for(&w, k);
			i = j;
			continue;
		}
		value_line(p, s, e, &w);
	}
}

/* ---- credentials ---- */

void imr__header_credentials(imr_lparser *p, size_t from, size_t to)
{
	size_t i;
	for (i = from; i < to && i < p->nlines && !p->err; i++) {
		int lab = p->lines[i].cred;
		size_t j, stop;
		char *v;
		if (!imr__ltext(p, i) || lab < 0)
			continue;
		for (j = i + 1, stop = to; j < to; j++)
			if (p->lines[j].flags & (IMR_LF_LABEL | IMR_LF_HEADING)) {
				stop = j;
				break;
			}
		v = imr__lines_join(p, (size_t)(p->lines[i].after - p->s), imr__lines_raw(p, stop));
		if (lab == IMR_CRED_LICENSURE && !p->box->pub.licensure)
			p->box->pub.licensure = v;
		else if (lab == IMR_CRED_SPECIALTY && !p->box->pub.specialty)
			p->box->pub.specialty = v;
	}
}

/* Where a name in prose ends: the clause boundaries of English after
 * "Board Certified in X" ("..., and is licensed", "... who has"). */
static const char *prose_end(const char *m, const char *e, int cred)
{
	static const char *const specialty_stops[] = { ", and ", " and is ", " and has ", ", is ",
						       ", has ", ", who ", " who ", ".", ";",
						       " in the State" };
	static const char *const licensure_stops[] = { ".", ",", ";", " and " };
	const char *const *stops = cred == IMR_CRED_SPECIALTY ? specialty_stops : licensure_stops;
	size_t n = cred == IMR_CRED_SPECIALTY ? sizeof(specialty_stops) / sizeof(specialty_stops[0])
					      : sizeof(licensure_stops) / sizeof(licensure_stops[0]);
	const char *end = e;
	size_t k;
	for (k = 0; k < n; k++) {
		const char *x = imr__layout_find_lit(m, end, stops[k]);
		if (x)
			end = x;
	}
	return end;
}

void imr__header_credentials_prose(imr_lparser *p, const char *text)
{
	imr_letter *l = &p->box->pub;
	const imr_lphrases *prose = imr__lwords(p, IMR_LL_CRED_PROSE);
	const char *e;
	int cred;
	if (!text)
		return;
	e = text + strlen(text);
	for (cred = 0; cred < IMR_CRED_COUNT; cred++) {
		const char **slot = cred == IMR_CRED_SPECIALTY ? &l->specialty : &l->licensure;
		const char *m = NULL, *end;
		size_t k;
		if (*slot)
			continue;
		/* the phrases in the file's order: the first one found wins
		 * ("licensed to practice in" before "licensed in") */
		for (k = 0; k < prose->count && !m; k++) {
			const char *at, *q;
			if (prose->items[k].value != cred)
				continue;
			at = imr__layout_find_lit(text, e, prose->items[k].text);
			if (at && (q = imr__layout_match_at(at, e, prose->items[k].text)) != NULL && q < e &&
			    imr__is_space((unsigned char)*q))
				m = skip_spaces(q, e);
		}
		if (!m)
			continue;
		end = prose_end(m, e, cred);
		if (end > m)
			*slot = imr__lines_strndup(p, m, (size_t)(end - m));
	}
}
