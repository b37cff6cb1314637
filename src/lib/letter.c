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

#include <stdio.h>
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

/* The name of the decisions heading a letter of @p layout would have. */
static const char *decisions_name(const imr_lparser *p, int layout)
{
	const imr_lphrases *hs = imr__lwords(p, IMR_LL_HEADINGS);
	size_t k;
	for (k = 0; k < hs->count; k++)
		if (hs->items[k].value == IMR_LROLE_DECISIONS && hs->items[k].layout == layout)
			return hs->items[k].text;
	return role_name(p, IMR_LROLE_DECISIONS);
}

/* Sections come in the order of their roles (title, a restatement, how
 * the review was made, credentials, documents, summary, decisions): the
 * first heading of each role present must follow those of the roles
 * before it. Returns 0 when they do. */
static int check_order(imr_lparser *p)
{
	size_t r, prev = NONE;
	for (r = 0; r < IMR_LROLE_COUNT; r++) {
		size_t at = p->first[r];
		if (at == NONE)
			continue;
		if (prev != NONE && at < p->first[prev]) {
			imr__lines_diag(p, "section-order", p->lines[p->first[prev]].start, IMR_EINVALID,
					"section '%s' is out of order: it must come before '%s'",
					heading_name(p, p->first[prev]), heading_name(p, at));
			imr__lines_relate(p, p->lines[at].start);
			return -1;
		}
		prev = r;
	}
	return 0;
}

/* The first line of an item piece that has fields after it, or NONE: a
 * statement followed by fields, or an item heading. */
static size_t first_item_with_fields(const imr_lpieces *pc)
{
	size_t k, best = NONE;
	for (k = 0; k < pc->nst; k++)
		if (pc->st[k].has_fields && pc->st[k].first < best)
			best = pc->st[k].first;
	for (k = 0; k < pc->nhd; k++)
		if (pc->hd[k].line < best)
			best = pc->hd[k].line;
	return best;
}

/* A letter needs its clinical case summary: missing while the items (or
 * their section) are there, or cut off before it. */
static int check_summary(imr_lparser *p, const imr_lpieces *pc)
{
	size_t dec = p->first[IMR_LROLE_DECISIONS], item = first_item_with_fields(pc);
	if (p->first[IMR_LROLE_SUMMARY] != NONE)
		return 0;
	if (dec != NONE)
		imr__lines_diag(p, "missing-section", p->lines[dec].start, IMR_EINVALID,
				"missing section '%s' before '%s'", role_name(p, IMR_LROLE_SUMMARY),
				heading_name(p, dec));
	else if (item != NONE)
		imr__lines_diag(p, "missing-section", p->lines[item].start, IMR_EINVALID,
				"missing section '%s' before the first disputed item",
				role_name(p, IMR_LROLE_SUMMARY));
	else
		imr__lines_diag(p, "truncated", p->lines[imr__lines_last_text(p)].end, IMR_EINVALID,
				"letter ends before section '%s'", role_name(p, IMR_LROLE_SUMMARY));
	return -1;
}

/* Past the introduction of a decisions section ("The Final Determination
 * was based on decisions for the disputed items/services set forth
 * below:"): the first content line after the heading's first sentence
 * when that sentence ends with a colon, else the first content line. */
static size_t after_intro(const imr_lparser *p, size_t head)
{
	size_t end = imr__lines_section_end(p, head), i, n = 0;
	size_t first = imr__lines_next_text(p, head, end);
	for (i = first; i != NONE && i < end && n < 4; i = imr__lines_next_text(p, i, end), n++) {
		char c = imr__lend(p, i)[-1];
		if (c == ':')
			return imr__lines_next_text(p, i, end);
		if (c == '.' || c == '?' || c == '!')
			break;
	}
	return first;
}

/* No disputed item was found: say what is missing or unknown, where. */
static void no_items(imr_lparser *p, const imr_lpieces *pc)
{
	size_t dec = p->first[IMR_LROLE_DECISIONS], ll = imr__lines_last_text(p), at;
	char forms[160];
	const imr_lphrases *w = imr__lwords(p, IMR_LL_DECISION_WORDS);
	const imr_lphrase *u = imr__layout_first(w, IMR_LOUT_UPHELD);
	const imr_lphrase *o = imr__layout_first(w, IMR_LOUT_OVERTURNED);
	snprintf(forms, sizeof(forms), "'<service>: %s' or '<service>: %s'", u ? u->text : "?",
		 o ? o->text : "?");
	if (pc->nhd || (p->first[IMR_LROLE_TITLE] != NONE && dec == NONE)) {
		if (pc->nhd)
			imr__items_no_statements(p, pc);
		else
			imr__lines_diag(p, "missing-section", p->lines[p->first[IMR_LROLE_TITLE]].start,
					IMR_EINVALID,
					"no numbered decision summary ('1) %s %s ...') after the title",
					imr__lwords(p, IMR_LL_OPENERS)->count
						? imr__lwords(p, IMR_LL_OPENERS)->items[0].text
						: "",
					imr__lwords(p, IMR_LL_REQUESTS)->count
						? imr__lwords(p, IMR_LL_REQUESTS)->items[0].text
						: "");
		return;
	}
	if (dec == NONE) {
		imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends before section '%s'", decisions_name(p, (int)p->layout));
		return;
	}
	at = after_intro(p, dec);
	if (at == NONE || at > ll) {
		imr__lines_diag(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends before its first disputed item (no %s line after '%s')", forms,
				heading_name(p, dec));
		imr__lines_relate(p, p->lines[dec].start);
		return;
	}
	{
		char q[IMR_LQUOTE_BYTES + 4];
		imr__lines_quote(q, imr__lstart(p, at), (size_t)(imr__lend(p, at) - imr__lstart(p, at)));
		imr__lines_diag(p, "unknown-decision", p->lines[at].start, IMR_EINVALID,
				"no disputed item with a decision the letter-layout words know: '%s' is "
				"neither a %s line nor a decision sentence",
				q, forms);
	}
}

/* The text of the section of heading line @p head: from after the
 * heading (its own line's rest for an inline heading) to the next heading
 * or to @p stop when that comes first. */
static void section_text(imr_lparser *p, size_t head, size_t stop, size_t *from, size_t *to)
{
	size_t end = imr__lines_section_end(p, head);
	const imr_lline *h = &p->lines[head];
	if (stop != NONE && stop < end)
		end = stop;
	*from = h->heading->is_inline && h->after ? (size_t)(h->after - p->s) : imr__lines_raw(p, head + 1);
	*to = imr__lines_raw(p, end);
}

/* Header fields, credentials, documents reviewed and the summary: each
 * read from the sections that hold it, wherever they are. */
static void read_sections(imr_lparser *p, const imr_lpieces *pc)
{
	imr_letter *l = &p->box->pub;
	size_t i, header_end = NONE, from, to, sum = p->first[IMR_LROLE_SUMMARY];
	int r;

	/* the header: above the first section of substance and above the
	 * first decision statement (a notice states its decisions under the
	 * title) */
	for (r = IMR_LROLE_HOW; r < IMR_LROLE_COUNT; r++)
		if (p->first[r] < header_end)
			header_end = p->first[r];
	if (pc->nst && pc->st[0].first < header_end)
		header_end = pc->st[0].first;
	imr__header_read(p, 0, header_end == NONE ? p->nlines : header_end);

	/* the credentials blocks (their values may wrap); then the prose of
	 * every how section for what the labels did not give */
	for (i = 0; i < p->nlines && !p->err; i++)
		if (p->lines[i].heading && p->lines[i].heading->value == IMR_LROLE_CREDENTIALS)
			imr__header_credentials(p, i + 1, imr__lines_section_end(p, i));
	for (i = 0; i < p->nlines && !p->err; i++) {
		if (!p->lines[i].heading || p->lines[i].heading->value != IMR_LROLE_HOW)
			continue;
		section_text(p, i, imr__items_first_after(pc, i), &from, &to);
		imr__header_credentials_prose(p, imr__lines_join(p, from, to));
	}
	if (p->first[IMR_LROLE_DOCUMENTS] != NONE) {
		section_text(p, p->first[IMR_LROLE_DOCUMENTS], NONE, &from, &to);
		l->documents_reviewed = imr__lines_join(p, from, to);
	}

	/* the summary, up to the first item in it, without its stock opening
	 * sentence */
	section_text(p, sum, imr__items_first_after(pc, sum), &from, &to);
	{
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
	}
	l->summary = imr__lines_join(p, from, to);
	l->summary_span = imr__lines_span(p, from, to);
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
 * standard. *any tells whether the text has a heading of a letter at all. */
static int marked_layout(const imr_lparser *p, int *any)
{
	size_t i;
	int best = -1;
	*any = 0;
	for (i = 0; i < p->nlines; i++) {
		const imr_lphrase *h = p->lines[i].heading;
		if (!h)
			continue;
		/* a heading of its own line is a letter's; an inline one
		 * ("Case Summary: ...") could open a line of any text */
		if (!h->is_inline)
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
	imr_lpieces pieces = IMR_LPIECES_INIT;
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

	imr__items_find(&p, &pieces);
	if (!p.err && check_order(&p) == 0 && check_summary(&p, &pieces) == 0) {
		if (!pieces.nst)
			no_items(&p, &pieces);
		else
			read_sections(&p, &pieces);
	}
	if (!p.err)
		imr__items_build(&p, &pieces);
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
	imr__items_dispose(&pieces);
	imr__free(p.lines);
	imr__free(p.sb);
	imr__free(p.dict);
	return err;
}
