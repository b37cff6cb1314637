/* letter.c - IMR final determination letters: sections and the public API (letter.h).
 *
 * The parse: lines and their classification (letter_lines.c), page
 * debris, the layout the headings mark, the sections in order, header
 * fields and credentials (letter_header.c), the summary, the items
 * (letter_items.c, with their citations from letter_cite.c), and a last
 * look at how the letter ends. The words of every step come from the
 * letter-layout files of the rule set; docs/letters.md describes the
 * reading rules.
 *
 * Invariants: a letter is returned whole or not at all; nothing is
 * compiled per letter; no string of the letter points into the text or
 * the rule set. */
#include "imrcheck/letter.h"

#include <string.h>

#include "alloc.h"
#include "imrcheck/date.h"
#include "letter_header.h"
#include "letter_items.h"
#include "letter_lines.h"
#include "model.h"

#define NONE IMR_LNONE

/* The name of a role's first heading in the words, for messages. */
static const char *role_name(const imr_lparser *p, int role)
{
	const imr_lphrase *h = imr__layout_first(imr__lwords(p, IMR_LL_HEADINGS), role);
	return h ? h->text : "?";
}

/* The heading text of line @p i as the words write it. */
static const char *heading_name(const imr_lparser *p, size_t i)
{
	return p->lines[i].heading->text;
}

/* The first heading line of @p role with @p layout (-1: any), or NONE. */
static size_t first_of(const imr_lparser *p, int role, int layout)
{
	size_t i;
	if (layout < 0)
		return p->first[role];
	for (i = p->first[role]; i != NONE && i < p->nlines; i++)
		if (p->lines[i].heading && p->lines[i].heading->value == role &&
		    p->lines[i].heading->layout == layout)
			return i;
	return NONE;
}

/* Check that the sections at lines @p at (n of them, NONE when absent,
 * named @p names) are all present and in order. Returns 0 when they are. */
static int check_sections(imr_lparser *p, const size_t *at, const char *const *names, size_t n)
{
	size_t k, ll = imr__lines_last_text(p);
	for (k = 0; k < n; k++) {
		size_t later;
		if (at[k] != NONE)
			continue;
		for (later = k + 1; later < n && at[later] == NONE; later++)
			;
		if (later < n) {
			imr__lines_diag(p, "missing-section", p->lines[at[later]].start, IMR_EINVALID,
					"missing section '%s' before '%s'", names[k], names[later]);
		} else {
			imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
					"letter ends before section '%s'", names[k]);
		}
		return -1;
	}
	for (k = 1; k < n; k++) {
		if (at[k] < at[k - 1]) {
			imr__lines_diag(p, "section-order", p->lines[at[k - 1]].start, IMR_EINVALID,
					"section '%s' is out of order: it must come before '%s'", names[k - 1],
					names[k]);
			imr__lines_relate(p, p->lines[at[k]].start);
			return -1;
		}
	}
	return 0;
}

static void parse_standard(imr_lparser *p)
{
	imr_letter *l = &p->box->pub;
	int decisions = p->layout == IMR_LAYOUT_DECISIONS;
	size_t at[4], how, sum, sec, cred, end, n = 0;
	const char *names[4];
	char *text;

	at[n] = p->first[IMR_LROLE_HOW];
	names[n++] = at[0] != NONE ? heading_name(p, at[0]) : role_name(p, IMR_LROLE_HOW);
	if (decisions) {
		at[n] = p->first[IMR_LROLE_DOCUMENTS];
		names[n] = at[n] != NONE ? heading_name(p, at[n]) : role_name(p, IMR_LROLE_DOCUMENTS);
		n++;
	}
	at[n] = p->first[IMR_LROLE_SUMMARY];
	names[n] = at[n] != NONE ? heading_name(p, at[n]) : role_name(p, IMR_LROLE_SUMMARY);
	n++;
	at[n] = first_of(p, IMR_LROLE_DECISIONS, decisions ? IMR_LAYOUT_DECISIONS : IMR_LAYOUT_STANDARD);
	{
		const imr_lphrases *hs = imr__lwords(p, IMR_LL_HEADINGS);
		size_t k;
		names[n] = role_name(p, IMR_LROLE_DECISIONS);
		for (k = 0; k < hs->count; k++)
			if (hs->items[k].value == IMR_LROLE_DECISIONS &&
			    hs->items[k].layout == (decisions ? IMR_LAYOUT_DECISIONS : IMR_LAYOUT_STANDARD)) {
				names[n] = hs->items[k].text;
				break;
			}
	}
	n++;
	if (check_sections(p, at, names, n) < 0)
		return;
	how = p->first[IMR_LROLE_HOW];
	sum = p->first[IMR_LROLE_SUMMARY];
	sec = at[n - 1];
	imr__header_read(p, 0, how);

	/* the HOW paragraph; the credentials block when it follows */
	cred = p->first[IMR_LROLE_CREDENTIALS];
	end = imr__lines_section_end(p, how);
	text = imr__lines_join(p, imr__lines_raw(p, how + 1), imr__lines_raw(p, end));
	if (cred != NONE && cred > how && cred < sum)
		imr__header_credentials(p, cred + 1, imr__lines_section_end(p, cred));
	imr__header_credentials_prose(p, text);

	if (decisions) {
		size_t docs = p->first[IMR_LROLE_DOCUMENTS];
		l->documents_reviewed = imr__lines_join(p, imr__lines_raw(p, docs + 1),
							imr__lines_raw(p, imr__lines_section_end(p, docs)));
	}

	/* the summary, without its stock opening sentence */
	{
		size_t from = imr__lines_raw(p, sum + 1), to = imr__lines_raw(p, imr__lines_section_end(p, sum));
		const char *s = p->s + from, *m;
		const imr_lphrase *w;
		while (s < p->s + to && imr__is_space((unsigned char)*s))
			s++;
		m = imr__layout_prefix(imr__lwords(p, IMR_LL_SUMMARY_OPENERS), s, p->s + to, &w);
		if (m) {
			const char *colon = memchr(m, ':', (size_t)(p->s + to - m));
			if (colon && colon - m < 200)
				from = (size_t)(colon + 1 - p->s);
		}
		l->summary = imr__lines_join(p, from, to);
		l->summary_span = imr__lines_span(p, from, to);
	}
	if (!p->err)
		imr__items_read(p, sec);
}

/* A letter that stops in mid-sentence was cut off, whatever its layout:
 * the last line ends with a comma, colon or hyphen, or with a word that
 * cannot end an English sentence. */
static void check_ending(imr_lparser *p)
{
	static const char *const words[] = { "the", "a", "an", "of", "to", "and", "or", "for",
					     "with", "in", "on", "at", "by", "from", "is", "was",
					     "are", "be", "that", "which", "as", "than" };
	size_t ll = imr__lines_last_text(p), k;
	const char *s, *e, *w;
	if (ll == NONE)
		return;
	s = imr__lstart(p, ll);
	e = imr__lend(p, ll);
	if (e[-1] == ',' || e[-1] == ';' || e[-1] == ':' ||
	    (e[-1] == '-' && !(e - s >= 2 && e[-2] == '-'))) {
		imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID, "letter ends in mid-sentence");
		return;
	}
	w = e;
	while (w > s && imr__is_alpha((unsigned char)w[-1]))
		w--;
	if (w > s && !imr__is_space((unsigned char)w[-1]))
		return;
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if ((size_t)(e - w) == strlen(words[k]) && imr__layout_match_at(w, e, words[k]) == e) {
			imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
					"letter ends in mid-sentence");
			return;
		}
	/* Any other last word may end a sentence that lost its full stop (a
	 * real letter does that), or be where the text was cut ("... does not
	 * clearly"): the letter is read, with a warning that says so. */
	if (!strchr(".!?)\"'", e[-1]))
		imr_diags_add(p->diags, IMR_SEVERITY_WARNING, "truncated", p->name,
			      imr_text_line(p->text, p->lines[ll].end),
			      imr_text_column(p->text, p->lines[ll].end),
			      "the letter's last sentence has no full stop; the letter may be cut off");
}

/* The layout the headings mark: notice-2013 before decisions before
 * standard. */
static int marked_layout(const imr_lparser *p, int *any)
{
	size_t i;
	int best = -1;
	*any = 0;
	for (i = 0; i < p->nlines; i++) {
		const imr_lphrase *h = p->lines[i].heading;
		if (!h)
			continue;
		if ((h->value == IMR_LROLE_HOW && !h->is_inline) || h->value == IMR_LROLE_TITLE ||
		    h->value == IMR_LROLE_DECISIONS)
			*any = 1;
		if (h->layout == IMR_LAYOUT_NOTICE_2013)
			best = IMR_LAYOUT_NOTICE_2013;
		else if (h->layout == IMR_LAYOUT_DECISIONS && best != IMR_LAYOUT_NOTICE_2013)
			best = IMR_LAYOUT_DECISIONS;
	}
	return best < 0 ? IMR_LAYOUT_STANDARD : best;
}

/* ---- public API ---- */

const char *imr_letter_layout_name(imr_letter_layout layout)
{
	switch (layout) {
	case IMR_LAYOUT_STANDARD: return "standard";
	case IMR_LAYOUT_DECISIONS: return "decisions";
	case IMR_LAYOUT_NOTICE_2013: return "notice-2013";
	default: return "unknown";
	}
}

void imr_letter_free(imr_letter *letter)
{
	imr_letter_box *box = (imr_letter_box *)letter;
	if (!box)
		return;
	imr__arena_dispose(&box->arena);
	imr__free(box);
}

int imr_letter_parse(imr_letter **out, const imr_rules *rules, const imr_text *text,
		     const imr_limits *limits, imr_diags *diags)
{
	imr_lparser p;
	imr_letter *l;
	size_t first_text;
	int err, any;

	*out = NULL;
	if (!rules->layout) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "no-letter-layout", imr_text_name(text), 0, 0,
			      "cannot read letters: the rule set has no file of kind 'letter-layout'");
		return IMR_EINVALID;
	}
	memset(&p, 0, sizeof(p));
	p.text = text;
	p.s = imr_text_data(text, &p.len);
	p.name = imr_text_name(text);
	p.lim = imr_limits_resolve(limits);
	p.diags = diags;
	p.words = rules->layout;
	p.box = imr__calloc(1, sizeof(imr_letter_box));
	if (!p.box)
		return IMR_ENOMEM;
	p.arena = &p.box->arena;
	l = &p.box->pub;
	l->header.assigned = l->header.injury = l->header.decided = IMR_DATE_NONE;
	l->header.ur_denied = l->header.received = IMR_DATE_NONE;
	l->pages = imr_text_page_count(text);

	if ((err = imr__lines_build(&p)) < 0)
		goto done;
	imr__lines_classify(&p);
	if ((err = imr__lines_mark_debris(&p)) < 0)
		goto done;

	first_text = NONE;
	{
		size_t i;
		for (i = 0; i < p.nlines && first_text == NONE; i++)
			if (p.lines[i].kind == IMR_LK_TEXT)
				first_text = i;
	}
	if (first_text == NONE) {
		/* nothing but whitespace (page numbers alone count as nothing too) */
		imr__lines_diag(&p, "empty", 0, IMR_EINVALID, "empty letter");
		goto fail;
	}
	p.layout = (imr_letter_layout)marked_layout(&p, &any);
	if (!any) {
		imr__lines_diag(&p, "unknown-layout", p.lines[first_text].start, IMR_EINVALID,
				"not an IMR determination letter: no known layout (expected '%s' or '%s')",
				role_name(&p, IMR_LROLE_HOW), role_name(&p, IMR_LROLE_TITLE));
		goto fail;
	}
	l->layout = p.layout;
	l->layout_name = imr_letter_layout_name(p.layout);

	if (p.layout == IMR_LAYOUT_NOTICE_2013) {
		size_t at[4];
		const char *names[4];
		static const int roles[] = { IMR_LROLE_TITLE, IMR_LROLE_OTHER, IMR_LROLE_HOW, IMR_LROLE_SUMMARY };
		size_t k;
		for (k = 0; k < 4; k++) {
			at[k] = p.first[roles[k]];
			names[k] = at[k] != NONE ? heading_name(&p, at[k]) : role_name(&p, roles[k]);
		}
		if (check_sections(&p, at, names, 4) == 0)
			imr__items_read_notice(&p);
	} else {
		parse_standard(&p);
	}
	if (!p.err)
		check_ending(&p);
	if (!p.err && p.arena->failed)
		p.err = IMR_ENOMEM; /* an arena failure not caught where it happened */
	if (p.err)
		goto fail;
	err = IMR_OK;
	*out = l;
	p.box = NULL;
	goto done;
fail:
	err = p.err;
done:
	if (p.box) {
		imr__arena_dispose(&p.box->arena);
		imr__free(p.box);
	}
	imr__free(p.lines);
	imr__free(p.sb);
	imr__free(p.dict);
	return err;
}
