/* report_audit.c - audit results as text, JSON, JSON Lines and CSV.
 *
 * All four read only the audit's records, in letter order, so their bytes
 * do not depend on how many threads produced the audit. JSON goes through
 * jansson; CSV quoting follows RFC 4180 (quotes doubled, fields with
 * commas, quotes or line breaks quoted, CRLF line ends). */
#include "jsonb.h"
#include "imrcheck/report.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "strutil.h"

#include "imrcheck/audit.h"

/* ---- helpers ---- */

static double percent(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static int put_tallies(imr_buf *out, const char *title, const imr_tally *t, size_t n)
{
	size_t i;
	int err = imr_buf_printf(out, "  by %s:\n", title);
	for (i = 0; i < n && !err; i++) {
		size_t governed = t[i].agree + t[i].disagree;
		err = imr_buf_printf(out, "    %-40s %4zu item%s, %zu governed, %zu agree (%.1f%%)\n", t[i].key,
				     t[i].items, t[i].items == 1 ? " " : "s", governed, t[i].agree,
				     percent(t[i].agree, governed));
	}
	return err;
}

static const imr_audit_item *finding_item(const imr_audit *au, size_t letter, size_t item)
{
	const imr_audit_letter *l = imr_audit_letter_get(au, letter);
	return l && item < l->item_count ? &l->items[item] : NULL;
}

/* ---- text ---- */

/* The symbolic links letters were reached through, one line per link with
 * how many letters it led to (a link's letters are consecutive in walk
 * order, so runs are counted). */
static int put_links(imr_buf *out, const imr_audit *au)
{
	size_t i, n = imr_audit_letter_count(au), total = 0, run;
	int err = 0;
	for (i = 0; i < n; i++)
		total += imr_audit_letter_get(au, i)->link != NULL;
	if (!total)
		return 0;
	err = imr_buf_printf(out, "\nLetters reached through symbolic links (%zu):\n", total);
	for (i = 0; i < n && !err; i += run) {
		const char *link = imr_audit_letter_get(au, i)->link;
		for (run = 1; i + run < n; run++) {
			const char *next = imr_audit_letter_get(au, i + run)->link;
			if (!link || !next || strcmp(link, next) != 0)
				break;
		}
		if (link)
			err = imr_buf_printf(out, "  %s: %zu letter%s\n", link, run, run == 1 ? "" : "s");
	}
	return err;
}

/* What an imr_undecided name means, for the coverage lines. */
static const char *undecided_words(const char *name)
{
	static const char *const words[][2] = {
		{ "unread", "the service text could not be read" },
		{ "no_rule", "no rule is encoded for the service" },
		{ "not_in_effect", "no rule in effect on the date" },
		{ "unencoded", "the guideline in force is not encoded" },
		{ "no_date", "the request has no date" },
		{ "primary", "the service it rides on is undecided" },
	};
	size_t i;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(name, words[i][0]) == 0)
			return words[i][1];
	return name;
}

/* The order findings are listed in: discordances by the strength of the
 * prediction they contradict, then every other finding. */
static int finding_rank(const imr_finding *f, const imr_audit_item *it)
{
	if (f->type != IMR_FINDING_DISCORDANCE || !it)
		return IMR_STRENGTH_NONE + 1;
	return (int)it->strength;
}

static int put_finding(imr_buf *out, const imr_audit *au, const imr_finding *f, const imr_audit_item *it)
{
	const imr_audit_letter *l = imr_audit_letter_get(au, f->letter);
	int err;
	if (f->type == IMR_FINDING_DISCORDANCE && it)
		err = imr_buf_printf(out, "  [%s%s] %s item %zu (%s): %s (prediction %s)\n", f->code,
				     f->experimental ? ", experimental" : "", l->file, it->number, it->service,
				     f->message, imr_strength_name(it->strength));
	else
		err = imr_buf_printf(out, "  [%s%s] %s item %zu (%s): %s\n", f->code,
				     f->experimental ? ", experimental" : "", l->file, it ? it->number : 0,
				     it ? it->service : "", f->message);
	if (!err && f->evidence && *f->evidence)
		err = imr_buf_printf(out, "      %s\n", f->evidence);
	return err;
}

int imr_report_audit_text(imr_buf *out, const imr_audit *au, const imr_report_options *opts)
{
	const imr_audit_stats *st = imr_audit_get_stats(au);
	size_t i, governed = st->overall.agree + st->overall.disagree;
	int err, rank;

	(void)opts;
	err = imr_buf_printf(out, "imrcheck %s audit: %zu letter%s (%zu parsed, %zu failed), %zu items\n\n",
			     imr_version(), st->letters, st->letters == 1 ? "" : "s", st->parsed, st->failed, st->items);
	if (!err)
		err = imr_buf_printf(out, "Coverage: %zu item%s governed by a rule (%.1f%%), %zu not\n", st->governed,
				     st->governed == 1 ? "" : "s", percent(st->governed, st->items), st->ungoverned);
	for (i = 0; i < st->uncovered_count && !err; i++)
		err = imr_buf_printf(out, "  not covered: %-28s %zu\n", st->uncovered[i].key, st->uncovered[i].items);
	for (i = 0; i < st->by_undecided_count && !err; i++)
		err = imr_buf_printf(out, "  indeterminate because %-20s %zu (%s)\n", st->by_undecided[i].key,
				     st->by_undecided[i].items, undecided_words(st->by_undecided[i].key));
	if (!err)
		err = imr_buf_printf(out, "\nAgreement with the reviewers: %zu of %zu governed items (%.1f%%)\n",
				     st->overall.agree, governed, percent(st->overall.agree, governed));
	if (!err)
		err = put_tallies(out, "procedure", st->by_procedure, st->by_procedure_count);
	if (!err)
		err = put_tallies(out, "governing guideline", st->by_guideline, st->by_guideline_count);
	if (!err)
		err = put_tallies(out, "reviewer specialty", st->by_specialty, st->by_specialty_count);
	if (!err)
		err = put_tallies(out, "strength of the prediction", st->by_strength, st->by_strength_count);
	if (!err)
		err = imr_buf_printf(out,
				     "\nActual versus predicted:\n"
				     "                      predicted overturned   upheld   indeterminate\n"
				     "  actual upheld      %20zu %8zu %15zu\n"
				     "  actual overturned  %20zu %8zu %15zu\n",
				     st->confusion[0][0], st->confusion[0][1], st->confusion[0][2], st->confusion[1][0],
				     st->confusion[1][1], st->confusion[1][2]);
	if (!err && st->top_unmet_count)
		err = imr_buf_puts(out, "\nMost frequent unmet criteria among upheld items:\n");
	for (i = 0; i < st->top_unmet_count && !err; i++)
		err = imr_buf_printf(out, "  %5zu  %s\n", st->top_unmet[i].count, st->top_unmet[i].criterion);
	if (!err)
		err = imr_buf_printf(out, "\nFindings: %zu decision discordance, %zu rationale, %zu citation, %zu across letters\n",
				     st->findings_by_type[0], st->findings_by_type[1], st->findings_by_type[2],
				     st->findings_by_type[3]);
	/* discordances first, those resting on documented facts before those
	 * resting on missing documentation: the first are the ones to read */
	for (rank = IMR_STRENGTH_DOCUMENTED; rank <= IMR_STRENGTH_NONE + 1 && !err; rank++)
		for (i = 0; i < imr_audit_finding_count(au) && !err; i++) {
			const imr_finding *f = imr_audit_finding_get(au, i);
			const imr_audit_item *it = finding_item(au, f->letter, f->item);
			if (finding_rank(f, it) == rank)
				err = put_finding(out, au, f, it);
		}
	if (!err && st->failed)
		err = imr_buf_printf(out, "\nLetters that could not be read (%zu):\n", st->failed);
	for (i = 0; i < imr_audit_letter_count(au) && !err; i++) {
		const imr_audit_letter *l = imr_audit_letter_get(au, i);
		if (l->failed)
			err = imr_buf_printf(out, "  %s\n", l->error ? l->error : l->file);
	}
	if (!err)
		err = put_links(out, au);
	return err;
}

/* ---- JSON ---- */






static json_t *finding_json(jb *b, const imr_audit *au, const imr_finding *f)
{
	json_t *o = json_object();
	jset(b, o, "type", jstr(b, imr_finding_type_name(f->type)));
	jset(b, o, "code", jstr(b, f->code));
	if (f->experimental)
		jset(b, o, "experimental", json_true());
	if (au) {
		const imr_audit_letter *l = imr_audit_letter_get(au, f->letter);
		jset(b, o, "file", jstr(b, l->file));
	}
	jset(b, o, "item", jint(b, f->item + 1));
	if (au && f->other_letter != (size_t)-1) {
		json_t *other = json_object();
		jset(b, other, "file", jstr(b, imr_audit_letter_get(au, f->other_letter)->file));
		jset(b, other, "item", jint(b, f->other_item + 1));
		jset(b, o, "contrast", other);
	}
	jset(b, o, "message", jstr(b, f->message));
	jset(b, o, "evidence", jstr(b, f->evidence));
	return o;
}

static json_t *item_json(jb *b, const imr_audit_letter *l, const imr_audit_item *it, int with_letter)
{
	json_t *o = json_object(), *unmet = json_array(), *codes = json_array();
	size_t i;
	if (with_letter) {
		jset(b, o, "file", jstr(b, l->file));
		if (l->link)
			jset(b, o, "link", jstr(b, l->link));
		jset(b, o, "case_number", jstr(b, l->case_number));
		jset(b, o, "specialty", jstr(b, l->specialty));
	}
	jset(b, o, "item", jint(b, it->number));
	jset(b, o, "service", jstr(b, it->service));
	jset(b, o, "category", jstr(b, it->category));
	jset(b, o, "procedure", jstr(b, it->procedure));
	jset(b, o, "region", jstr(b, it->region));
	jset(b, o, "actual", jstr(b, imr_outcome_name(it->actual)));
	jset(b, o, "predicted_outcome", jstr(b, imr_outcome_name(it->predicted)));
	jset(b, o, "agrees", it->agrees < 0 ? json_null() : json_boolean(it->agrees));
	jset(b, o, "reason", jstr(b, it->reason));
	jset(b, o, "undecided", it->agrees < 0 ? jstr(b, imr_undecided_name(it->undecided)) : json_null());
	jset(b, o, "strength", jstr(b, imr_strength_name(it->strength)));
	jset(b, o, "rule", jstr(b, it->rule));
	jset(b, o, "guideline", jstr(b, it->guideline));
	jset(b, o, "reviewer_guideline", jstr(b, it->reviewer_guideline));
	for (i = 0; i < it->unmet_count; i++)
		jpush(b, unmet, jstr(b, it->unmet[i]));
	jset(b, o, "unmet", unmet);
	for (i = 0; i < l->finding_count; i++)
		if (l->findings[i].item + 1 == it->number)
			jpush(b, codes, jstr(b, l->findings[i].code));
	jset(b, o, "findings", codes);
	return o;
}

static json_t *tallies_json(jb *b, const imr_tally *t, size_t n)
{
	json_t *a = json_array();
	size_t i;
	for (i = 0; i < n; i++) {
		json_t *o = json_object();
		jset(b, o, "key", jstr(b, t[i].key));
		jset(b, o, "items", jint(b, t[i].items));
		jset(b, o, "agree", jint(b, t[i].agree));
		jset(b, o, "disagree", jint(b, t[i].disagree));
		jset(b, o, "indeterminate", jint(b, t[i].indeterminate));
		jpush(b, a, o);
	}
	return a;
}

static json_t *stats_json(jb *b, const imr_audit_stats *st)
{
	json_t *o = json_object(), *conf = json_object(), *unmet = json_array(), *fbt = json_object();
	static const char *const actual[] = { "upheld", "overturned" };
	static const char *const predicted[] = { "overturned", "upheld", "indeterminate" };
	size_t i, j;
	jset(b, o, "letters", jint(b, st->letters));
	jset(b, o, "parsed", jint(b, st->parsed));
	jset(b, o, "failed", jint(b, st->failed));
	jset(b, o, "items", jint(b, st->items));
	jset(b, o, "governed", jint(b, st->governed));
	jset(b, o, "ungoverned", jint(b, st->ungoverned));
	jset(b, o, "agree", jint(b, st->overall.agree));
	jset(b, o, "disagree", jint(b, st->overall.disagree));
	jset(b, o, "by_procedure", tallies_json(b, st->by_procedure, st->by_procedure_count));
	jset(b, o, "by_guideline", tallies_json(b, st->by_guideline, st->by_guideline_count));
	jset(b, o, "by_specialty", tallies_json(b, st->by_specialty, st->by_specialty_count));
	jset(b, o, "uncovered_by_category", tallies_json(b, st->uncovered, st->uncovered_count));
	jset(b, o, "uncovered_by_reason", tallies_json(b, st->by_undecided, st->by_undecided_count));
	jset(b, o, "by_strength", tallies_json(b, st->by_strength, st->by_strength_count));
	for (i = 0; i < 2; i++) {
		json_t *row = json_object();
		for (j = 0; j < 3; j++)
			jset(b, row, predicted[j], jint(b, st->confusion[i][j]));
		jset(b, conf, actual[i], row);
	}
	jset(b, o, "confusion", conf);
	for (i = 0; i < st->top_unmet_count; i++) {
		json_t *u = json_object();
		jset(b, u, "criterion", jstr(b, st->top_unmet[i].criterion));
		jset(b, u, "count", jint(b, st->top_unmet[i].count));
		jpush(b, unmet, u);
	}
	jset(b, o, "top_unmet", unmet);
	for (i = 0; i < 4; i++)
		jset(b, fbt, imr_finding_type_name((imr_finding_type)i), jint(b, st->findings_by_type[i]));
	jset(b, o, "findings", fbt);
	return o;
}


int imr_report_audit_json(imr_buf *out, const imr_rules *rules, const imr_audit *au,
			  const imr_report_options *opts)
{
	jb b = { 0 };
	json_t *doc = json_object(), *letters = json_array(), *findings = json_array(), *stamp = json_object();
	size_t i, j;
	(void)opts;
	jset(&b, doc, "summary", stats_json(&b, imr_audit_get_stats(au)));
	for (i = 0; i < imr_audit_letter_count(au); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(au, i);
		json_t *lo = json_object(), *items;
		jset(&b, lo, "file", jstr(&b, l->file));
		if (l->link)
			jset(&b, lo, "link", jstr(&b, l->link));
		if (l->failed) {
			jset(&b, lo, "error", jstr(&b, l->error));
			jpush(&b, letters, lo);
			continue;
		}
		items = json_array(); /* made after the failed case, or it leaks */
		jset(&b, lo, "case_number", jstr(&b, l->case_number));
		jset(&b, lo, "layout", jstr(&b, l->layout));
		jset(&b, lo, "specialty", jstr(&b, l->specialty));
		jset(&b, lo, "decision_date", jstr(&b, l->decision_date));
		jset(&b, lo, "request_date", jstr(&b, l->request_date));
		for (j = 0; j < l->item_count; j++)
			jpush(&b, items, item_json(&b, l, &l->items[j], 0));
		jset(&b, lo, "items", items);
		jpush(&b, letters, lo);
	}
	jset(&b, doc, "letters", letters);
	for (i = 0; i < imr_audit_finding_count(au); i++)
		jpush(&b, findings, finding_json(&b, au, imr_audit_finding_get(au, i)));
	jset(&b, doc, "findings", findings);
	jset(&b, stamp, "program", jstr(&b, "imrcheck"));
	jset(&b, stamp, "version", jstr(&b, imr_version()));
	jset(&b, stamp, "rules_digest", jstr(&b, imr_rules_digest(rules)));
	jset(&b, doc, "stamp", stamp);
	return imr__jb_dump(out, doc, &b, JSON_INDENT(2));
}

/* ---- JSON Lines ---- */

int imr_report_audit_jsonl_letter(imr_buf *out, const imr_audit_letter *l)
{
	size_t i;
	int err = 0;
	if (l->failed) {
		jb b = { 0 };
		json_t *o = json_object();
		jset(&b, o, "record", jstr(&b, "letter"));
		jset(&b, o, "file", jstr(&b, l->file));
		if (l->link)
			jset(&b, o, "link", jstr(&b, l->link));
		jset(&b, o, "error", jstr(&b, l->error));
		return imr__jb_dump(out, o, &b, JSON_COMPACT);
	}
	for (i = 0; i < l->item_count && !err; i++) {
		jb b = { 0 };
		json_t *o = json_object(), *item = item_json(&b, l, &l->items[i], 1), *fs = json_array();
		size_t k;
		jset(&b, o, "record", jstr(&b, "item"));
		json_object_update(o, item);
		json_decref(item);
		for (k = 0; k < l->finding_count; k++)
			if (l->findings[k].item == i)
				jpush(&b, fs, finding_json(&b, NULL, &l->findings[k]));
		jset(&b, o, "findings", fs);
		err = imr__jb_dump(out, o, &b, JSON_COMPACT);
	}
	return err;
}

int imr_report_audit_jsonl_tail(imr_buf *out, const imr_rules *rules, const imr_audit *au)
{
	size_t i;
	int err = 0;
	for (i = 0; i < imr_audit_finding_count(au) && !err; i++) {
		const imr_finding *f = imr_audit_finding_get(au, i);
		jb b = { 0 };
		json_t *o;
		if (f->type != IMR_FINDING_INCONSISTENCY)
			continue;
		o = finding_json(&b, au, f);
		jset(&b, o, "record", jstr(&b, "finding"));
		err = imr__jb_dump(out, o, &b, JSON_COMPACT);
	}
	if (!err) {
		jb b = { 0 };
		json_t *o = stats_json(&b, imr_audit_get_stats(au));
		jset(&b, o, "record", jstr(&b, "summary"));
		jset(&b, o, "rules_digest", jstr(&b, imr_rules_digest(rules)));
		err = imr__jb_dump(out, o, &b, JSON_COMPACT);
	}
	return err;
}

/* ---- CSV ---- */

static int csv_field(imr_buf *out, const char *s, int last)
{
	int err = 0;
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		const char *p;
		err = imr_buf_puts(out, "\"");
		for (p = s; *p && !err; p++)
			err = *p == '"' ? imr_buf_puts(out, "\"\"") : imr_buf_put(out, p, 1);
		if (!err)
			err = imr_buf_puts(out, "\"");
	} else {
		err = imr_buf_puts(out, s);
	}
	if (!err)
		err = imr_buf_puts(out, last ? "\r\n" : ",");
	return err;
}

static int compare_finding_position(const void *a, const void *b)
{
	const imr_finding *x = *(const imr_finding *const *)a, *y = *(const imr_finding *const *)b;
	if (x->letter != y->letter)
		return x->letter < y->letter ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

int imr_report_audit_csv(imr_buf *out, const imr_audit *au)
{
	static const char *const header[] = { "file", "case_number", "specialty", "item", "service",
					      "category", "procedure", "actual", "predicted", "agrees",
					      "rule", "guideline", "reviewer_guideline", "unmet", "findings",
					      "strength", "undecided", "error" };
	size_t i, j, k, n = sizeof(header) / sizeof(header[0]), ncross = 0, next = 0;
	const imr_finding **cross;
	int err = 0;

	/* inconsistencies across letters, in letter order, merged below */
	cross = imr__calloc(imr_audit_finding_count(au) + 1, sizeof(*cross));
	if (!cross)
		return IMR_ENOMEM;
	for (k = 0; k < imr_audit_finding_count(au); k++)
		if (imr_audit_finding_get(au, k)->type == IMR_FINDING_INCONSISTENCY)
			cross[ncross++] = imr_audit_finding_get(au, k);
	qsort(cross, ncross, sizeof(*cross), compare_finding_position);
	for (i = 0; i < n && !err; i++)
		err = csv_field(out, header[i], i + 1 == n);
	for (i = 0; i < imr_audit_letter_count(au) && !err; i++) {
		const imr_audit_letter *l = imr_audit_letter_get(au, i);
		if (l->failed) {
			for (k = 0; k < n && !err; k++)
				err = csv_field(out, k == 0 ? l->file : k == n - 1 ? l->error : "", k + 1 == n);
			continue;
		}
		for (j = 0; j < l->item_count && !err; j++) {
			const imr_audit_item *it = &l->items[j];
			imr_buf unmet = IMR_BUF_INIT, codes = IMR_BUF_INIT;
			char number[32];
			for (k = 0; k < it->unmet_count; k++)
				imr_buf_printf(&unmet, "%s%s", k ? " " : "", it->unmet[k]);
			for (k = 0; k < l->finding_count; k++)
				if (l->findings[k].item == j)
					imr_buf_printf(&codes, "%s%s", codes.size ? " " : "", l->findings[k].code);
			while (next < ncross && (cross[next]->letter < i || (cross[next]->letter == i && cross[next]->item < j)))
				next++;
			for (; next < ncross && cross[next]->letter == i && cross[next]->item == j; next++)
				imr_buf_printf(&codes, "%s%s", codes.size ? " " : "", cross[next]->code);
			snprintf(number, sizeof(number), "%zu", it->number);
			err = csv_field(out, l->file, 0);
			if (!err) err = csv_field(out, l->case_number, 0);
			if (!err) err = csv_field(out, l->specialty, 0);
			if (!err) err = csv_field(out, number, 0);
			if (!err) err = csv_field(out, it->service, 0);
			if (!err) err = csv_field(out, it->category, 0);
			if (!err) err = csv_field(out, it->procedure, 0);
			if (!err) err = csv_field(out, imr_outcome_name(it->actual), 0);
			if (!err) err = csv_field(out, imr_outcome_name(it->predicted), 0);
			if (!err) err = csv_field(out, it->agrees < 0 ? "" : it->agrees ? "yes" : "no", 0);
			if (!err) err = csv_field(out, it->rule, 0);
			if (!err) err = csv_field(out, it->guideline, 0);
			if (!err) err = csv_field(out, it->reviewer_guideline, 0);
			if (!err) err = csv_field(out, imr_buf_cstr(&unmet), 0);
			if (!err) err = csv_field(out, imr_buf_cstr(&codes), 0);
			if (!err) err = csv_field(out, imr_strength_name(it->strength), 0);
			if (!err) err = csv_field(out, it->agrees < 0 ? imr_undecided_name(it->undecided) : "", 0);
			if (!err) err = csv_field(out, "", 1);
			imr_buf_dispose(&unmet);
			imr_buf_dispose(&codes);
		}
	}
	imr__free(cross);
	return err;
}
