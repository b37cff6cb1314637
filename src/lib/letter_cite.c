/* letter_cite.c - guideline bases and citations (letter_cite.h).
 *
 * Each citation lead-in ("Decision based on") starts a citation that runs
 * to the next one; in a 2013 notice each sentence lead-in ("based its
 * decision on the ...") starts one that ends at a clause end (", which",
 * ", a nationally recognized") or at the end of its sentence. Then:
 * "MTUS ..." is an MTUS citation and "Non-MTUS Citation ..." is not; one
 * MTUS citation naming several parts joined by ", and" and a year gives
 * one citation per part; pages follow a page keyword; document and section
 * are either side of "Section(s):", else an MTUS document ends at its
 * document-end word ("Guidelines") and any other at its first comma or
 * colon outside brackets. */
#include "letter_cite.h"

#include <string.h>

#include "alloc.h"

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

static const imr_lphrases *words(const imr_lparser *p, imr_llist which)
{
	return imr__lwords(p, which);
}

static int any(const imr_lparser *p, imr_llist which, const char *s, const char *e)
{
	return imr__layout_any(words(p, which), s, e);
}

/* The longest phrase of @p which at @p s that a space follows: returns
 * the first byte after the spaces, or NULL. */
static const char *lead(const imr_lparser *p, imr_llist which, const char *s, const char *e)
{
	const imr_lphrases *l = words(p, which);
	const char *best = NULL;
	size_t k;
	if (s >= e || !l->first[imr__lower((unsigned char)*s)])
		return NULL;
	for (k = 0; k < l->count; k++) {
		const char *m = imr__layout_match_at(s, e, l->items[k].text);
		if (m && m < e && imr__is_space((unsigned char)*m) && (!best || m > best))
			best = m;
	}
	return best ? skip_spaces(best, e) : NULL;
}

/* The next citation lead-in in [s, e): returns its start and sets *body
 * and *form (0: a citation lead-in, 1: a 2013 sentence lead-in). */
static const char *next_marker(const imr_lparser *p, const char *s, const char *e,
			       const char **body, int *form)
{
	const imr_lphrases *l0 = words(p, IMR_LL_CITE_LEADINS);
	const imr_lphrases *l1 = words(p, IMR_LL_CITE_SENTENCE_LEADINS);
	for (; s < e; s++) {
		int c = imr__lower((unsigned char)*s);
		const char *m;
		if (l0->first[c] && (m = lead(p, IMR_LL_CITE_LEADINS, s, e)) != NULL) {
			*body = m;
			*form = 0;
			return s;
		}
		/* "based their decision on recommendation(s) outside of the
		 * MTUS" says where the decision came from, not a citation */
		if (l1->first[c] && (m = lead(p, IMR_LL_CITE_SENTENCE_LEADINS, s, e)) != NULL) {
			const imr_lphrase *w;
			if (imr__layout_prefix(words(p, IMR_LL_CITE_NOT_CITATIONS), m, e, &w))
				continue;
			*body = m;
			*form = 1;
			return s;
		}
	}
	return NULL;
}

static const char *dup_trim(imr_lparser *p, const char *s, const char *e, const char *strip)
{
	while (s < e && (imr__is_space((unsigned char)*s) || (*s && strchr(strip, *s))))
		s++;
	while (e > s && (imr__is_space((unsigned char)e[-1]) || (e[-1] && strchr(strip, e[-1]))))
		e--;
	return e > s ? imr__lines_strndup(p, s, (size_t)(e - s)) : NULL;
}

/* Pages of a citation: after the earliest page keyword that starts a word
 * and is followed by a number, the run of numbers, ranges and "of". Sets
 * *kw to where the keyword starts. */
static const char *find_pages(imr_lparser *p, const char *s, const char *e, const char **kw)
{
	const imr_lphrases *keys = words(p, IMR_LL_CITE_PAGES);
	const char *at, *v = NULL, *q, *last, *r;
	*kw = NULL;
	for (at = s; at < e && !*kw; at++) {
		size_t k;
		if (!keys->first[imr__lower((unsigned char)*at)] ||
		    (at > s && imr__is_alpha((unsigned char)at[-1])))
			continue; /* part of a word */
		for (k = 0; k < keys->count; k++) {
			const char *m = imr__layout_match_at(at, e, keys->items[k].text), *d;
			if (!m)
				continue;
			d = skip_spaces(m, e);
			/* "pages" needs its space ("pages 12"), "pg." and "Page(s):" do not */
			if (imr__is_alnum((unsigned char)keys->items[k].text[keys->items[k].len - 1]) && d == m)
				continue;
			if (d < e && imr__is_digit((unsigned char)*d)) {
				*kw = at;
				v = d;
				break;
			}
		}
	}
	if (!*kw)
		return NULL;
	q = last = v;
	while (q < e) {
		if (imr__is_digit((unsigned char)*q)) {
			q++;
			last = q;
		} else if (*q == '-' || *q == ',' || *q == ' ') {
			q++;
		} else if (q > v && q[-1] == ' ' &&
			   ((r = imr__layout_match_at(q, e, "of ")) != NULL ||
			    (r = imr__layout_match_at(q, e, "to ")) != NULL ||
			    (r = imr__layout_match_at(q, e, "and ")) != NULL)) {
			/* "46 of 127", "12 to 14": only between numbers */
			if (r >= e || !imr__is_digit((unsigned char)*r))
				break;
			q = r;
		} else {
			break;
		}
	}
	return imr__lines_strndup(p, v, (size_t)(last - v));
}

static void classify_cite(const imr_lparser *p, imr_cite *c, const char *s, const char *e)
{
	const imr_lphrases *gl = words(p, IMR_LL_CITE_GUIDELINES);
	const char *first[IMR_GL_COUNT] = { NULL, NULL };
	size_t k;
	for (k = 0; k < gl->count; k++) {
		const char *m = imr__layout_find_lit(s, e, gl->items[k].text);
		int g = gl->items[k].value;
		if (m && (!first[g] || m < first[g]))
			first[g] = m;
	}
	if (c->mtus)
		c->guideline = first[IMR_GL_ACOEM] ? "ACOEM" : "MTUS";
	else if (first[IMR_GL_ODG] && (!first[IMR_GL_ACOEM] || first[IMR_GL_ODG] < first[IMR_GL_ACOEM]))
		c->guideline = "ODG";
	else if (first[IMR_GL_ACOEM])
		c->guideline = "ACOEM";
	else
		c->guideline = "other";
}

/* Fill document, section and pages of @p c from its body [s, e). */
static void cite_fields(imr_lparser *p, imr_cite *c, const char *s, const char *e)
{
	const char *kw = NULL, *sec, *sec_end, *doc_end;
	const imr_lphrase *w;
	c->pages = find_pages(p, s, e, &kw);
	doc_end = c->pages ? kw : e;
	classify_cite(p, c, s, doc_end);
	if ((sec = imr__layout_find(words(p, IMR_LL_CITE_SECTIONS), s, doc_end, &sec_end, &w)) != NULL) {
		c->document = dup_trim(p, s, sec, ",.:");
		c->section = dup_trim(p, sec_end, doc_end, ",.:");
		return;
	}
	if (c->mtus) {
		const char *g_end;
		const char *g = imr__layout_find(words(p, IMR_LL_CITE_DOCUMENT_ENDS), s, doc_end, &g_end, &w);
		if (g) {
			const char *rest = g_end;
			while (rest < doc_end && (*rest == ' ' || *rest == ','))
				rest++;
			if (rest < doc_end && imr__is_alpha((unsigned char)*rest)) {
				c->document = dup_trim(p, s, g_end, ",.:");
				c->section = dup_trim(p, rest, doc_end, ",.:");
				return;
			}
		}
		c->document = dup_trim(p, s, doc_end, ",.:");
		return;
	}
	{
		const char *comma = NULL, *q;
		int depth = 0;
		for (q = s; q + 1 < doc_end; q++) {
			if (*q == '(')
				depth++;
			else if (*q == ')' && depth)
				depth--;
			else if (!depth && (*q == ',' || *q == ':') && q[1] == ' ') {
				comma = q;
				break;
			}
		}
		if (comma && comma > s) {
			c->document = dup_trim(p, s, comma, ",.:");
			c->section = dup_trim(p, comma + 1, doc_end, ",.:");
		} else {
			c->document = dup_trim(p, s, doc_end, ",.:");
		}
	}
}

/* Where one MTUS citation names another MTUS part: ", and " followed by
 * words and a year ("Chronic Pain Medical Treatment 2016"), once the
 * current part already has its year. Returns the ", and " or NULL. */
static const char *next_mtus_part(const char *s, const char *e)
{
	const char *q;
	int have_year = 0;
	for (q = s; q < e; q++) {
		if (q + 4 <= e && imr__is_digit((unsigned char)q[0]) && imr__is_digit((unsigned char)q[1]) &&
		    imr__is_digit((unsigned char)q[2]) && imr__is_digit((unsigned char)q[3]) &&
		    (q == s || !imr__is_alnum((unsigned char)q[-1])) &&
		    (q + 4 == e || !imr__is_alnum((unsigned char)q[4])))
			have_year = 1;
		if (have_year && *q == ',' && imr__layout_match_at(q, e, ", and ")) {
			const char *r = imr__layout_match_at(q, e, ", and "), *t = r;
			/* the next part: words, then a year, then ',' '.' or the end */
			while (t < e && *t != ',' && *t != '.')
				t++;
			t = trim_end(r, t);
			if (t - r > 5 && imr__is_digit((unsigned char)t[-1]) &&
			    imr__is_digit((unsigned char)t[-4]) && t[-5] == ' ')
				return q;
		}
	}
	return NULL;
}

typedef struct cite_vec {
	imr_cite *items;
	size_t count, cap;
} cite_vec;

static imr_cite *push_cite(imr_lparser *p, cite_vec *v)
{
	void *items = v->items;
	if (imr__grow(&items, &v->cap, v->count + 1, sizeof(imr_cite)) < 0) {
		p->err = IMR_ENOMEM;
		return NULL;
	}
	v->items = items;
	memset(&v->items[v->count], 0, sizeof(imr_cite));
	return &v->items[v->count++];
}

/* "Decision based on MTUS ...": one citation per MTUS part. */
static void mtus_parts(imr_lparser *p, cite_vec *v, const char *body, const char *fields,
		       const char *cend)
{
	const char *part = body;
	for (;;) {
		const char *split = next_mtus_part(fields, cend);
		const char *pend = split ? split : cend;
		imr_cite *c = push_cite(p, v);
		if (!c)
			return;
		c->mtus = 1;
		c->text = dup_trim(p, part, pend, ".");
		cite_fields(p, c, fields, trim_end(fields, pend));
		if (!split)
			return;
		part = fields = imr__layout_match_at(split, cend, ", and ");
	}
}

/* "... based its decision on the Chronic Pain Medical Treatment
 * Guidelines, page 46, which is part of the MTUS." The name ends at the
 * MTUS clause (", which"), at a name end (", a nationally recognized") or
 * at the end of its sentence; the MTUS clause, up to the end of its own
 * sentence, says whether the citation is part of the MTUS. */
static void sentence_cite(imr_lparser *p, cite_vec *v, const char *body, const char *cend)
{
	const imr_lphrase *w;
	const char *which = NULL, *stop, *q, *clause_end, *m, *ne_end;
	const char *ne;
	imr_cite *c;
	for (q = body; q < cend && !which; q++)
		if (lead(p, IMR_LL_CITE_MTUS_CLAUSES, q, cend))
			which = q;
	stop = which ? which : cend;
	if ((ne = imr__layout_find(words(p, IMR_LL_CITE_NAME_ENDS), body, stop, &ne_end, &w)) != NULL)
		stop = ne;
	for (q = body; q + 1 < stop; q++)
		if (*q == '.' && q[1] == ' ' && q + 2 < stop && !imr__is_digit((unsigned char)q[2]) &&
		    q - body > 3 && !(q[-2] == ' ' || q[-3] == ' ')) {
			stop = q;
			break;
		}
	clause_end = stop;
	if (which) {
		const char *dot = imr__layout_find_lit(which, cend, ". ");
		clause_end = dot ? dot : cend;
	}
	c = push_cite(p, v);
	if (!c)
		return;
	if ((m = imr__layout_match_at(body, stop, "the ")) != NULL)
		body = m;
	c->mtus = (which && any(p, IMR_LL_CITE_PART_OF_MTUS, which, clause_end) &&
		   !any(p, IMR_LL_CITE_NOT_PART_OF_MTUS, which, clause_end)) ||
		  any(p, IMR_LL_CITE_MTUS_MARKS, body, stop);
	c->text = dup_trim(p, body, stop, ".");
	cite_fields(p, c, body, trim_end(body, stop));
}

void imr__cite_basis(imr_lparser *p, imr_basis *b, char *text)
{
	cite_vec v = { NULL, 0, 0 };
	const char *s, *e, *body, *mk;
	int form;

	memset(b, 0, sizeof(*b));
	b->text = text;
	b->cited = 1;
	if (!text)
		return;
	s = text;
	e = text + strlen(text);
	if (any(p, IMR_LL_CITE_NO_EVIDENCE, s, e))
		b->cited = 0;
	b->outside_mtus = any(p, IMR_LL_CITE_OUTSIDE_MTUS, s, e);
	mk = next_marker(p, s, e, &body, &form);
	while (mk && !p->err) {
		const char *nbody = NULL, *next, *cend, *m;
		int nform = 0;
		next = next_marker(p, body, e, &nbody, &nform);
		cend = next ? next : e;
		if (form == 1) {
			sentence_cite(p, &v, body, cend);
		} else if ((m = lead(p, IMR_LL_CITE_MTUS, body, cend)) != NULL) {
			mtus_parts(p, &v, body, m, cend);
		} else {
			const char *from = body;
			imr_cite *c = push_cite(p, &v);
			if (!c)
				break;
			if ((m = lead(p, IMR_LL_CITE_NON_MTUS, body, cend)) != NULL)
				from = m;
			c->text = dup_trim(p, body, cend, ".");
			cite_fields(p, c, from, trim_end(from, cend));
		}
		mk = next;
		body = nbody;
		form = nform;
	}
	/* a lead-in with nothing after it ("Decision based on Decision
	 * based on ...", "Decision based on .") cites nothing */
	{
		size_t i, kept = 0;
		for (i = 0; i < v.count; i++)
			if (v.items[i].text)
				v.items[kept++] = v.items[i];
		v.count = kept;
	}
	if (v.count && !p->err) {
		imr_cite *arr = imr__arena_alloc(p->arena, v.count * sizeof(imr_cite));
		if (!arr)
			p->err = IMR_ENOMEM;
		else
			memcpy(arr, v.items, v.count * sizeof(imr_cite));
		b->cites = arr;
		b->cite_count = arr ? v.count : 0;
	}
	imr__free(v.items);
}

void imr__cite_share(imr_lparser *p, imr_letter_item *it)
{
	const char *t = it->reviewer.text;
	if (t && !it->reviewer.cite_count && any(p, IMR_LL_CITE_SAME, t, t + strlen(t))) {
		it->reviewer.cites = it->claims_administrator.cites;
		it->reviewer.cite_count = it->claims_administrator.cite_count;
		it->reviewer.cited = it->claims_administrator.cited;
	}
}
