/* report_audit.c - audit results as text, JSON, JSON Lines and CSV.
 *
 * All four read only the audit's records, in letter order, so their bytes
 * do not depend on how many threads produced the audit. JSON goes through
 * jansson; CSV quoting follows RFC 4180 (quotes doubled, fields with
 * commas, quotes or line breaks quoted, CRLF line ends).
 *
 * Every format is written by an imr_audit_writer (report_audit.h): a
 * letter's part as the letter completes, spooled where what comes first
 * (statistics, counts, the findings across letters) is known only at the
 * end; the functions that render a finished audit feed its letters to a
 * writer, so both give the same bytes. */
#include "jsonb.h"
#include "jsonw.h"
#include "imrcheck/report.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "audit_writer.h"
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

static const imr_audit_item *finding_item(const imr_audit_letter *l, size_t item)
{
	return l && item < l->item_count ? &l->items[item] : NULL;
}

/* ---- the writer ---- */

int imr__writer_emit(imr_audit_writer *w, const char *data, size_t len)
{
	if (!w->err && len)
		w->err = w->sink(w->ctx, data, len);
	return w->err;
}

static int emit_buf(imr_audit_writer *w, imr_buf *b)
{
	int err = imr__writer_emit(w, imr_buf_cstr(b), b->size);
	imr_buf_clear(b);
	return err;
}

static int spool_sink(void *ctx, const char *data, size_t len)
{
	return imr__writer_emit(ctx, data, len);
}

/* Spooled part @p k, to the sink. */
static int emit_spool(imr_audit_writer *w, int k)
{
	if (!w->err)
		w->err = imr__spool_copy(&w->spool[k], spool_sink, w);
	return w->err;
}

/* @p b's bytes to spool @p k, as one more entry. */
static int spool_buf(imr_audit_writer *w, int k, imr_buf *b)
{
	if (!w->err)
		w->err = imr__spool_put(&w->spool[k], imr_buf_cstr(b), b->size);
	w->count[k]++;
	imr_buf_clear(b);
	return w->err;
}

/* ---- text ---- */

/* Spools: failed letters, links, then the findings by rank (below). */
enum { TEXT_RANKS_PER_SEVERITY = IMR_STRENGTH_NONE + 2 };
enum { TEXT_FAILED, TEXT_LINKS, TEXT_RANKS,
       TEXT_DUPLICATES = TEXT_RANKS + (IMR_FINDING_SEVERITY_HIGH + 1) * TEXT_RANKS_PER_SEVERITY };
_Static_assert(TEXT_DUPLICATES < IMR__WRITER_SPOOLS, "a spool for every part of the text report");

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
 * prediction they contradict (those resting on documented facts first:
 * they are the ones to read), then every other finding. */
static int finding_rank(const imr_finding *f, const imr_audit_item *it)
{
	int within = f->type != IMR_FINDING_DISCORDANCE || !it ? IMR_STRENGTH_NONE + 1 : (int)it->strength;
	return (IMR_FINDING_SEVERITY_HIGH - (int)f->severity) * TEXT_RANKS_PER_SEVERITY + within;
}

/* "      the same phrase makes it on items 3 and 5 too" */
static int also_items(imr_buf *out, const imr_finding *f)
{
	size_t i;
	int err = imr_buf_printf(out, "      the same phrase makes it on item%s ", f->also_count == 1 ? "" : "s");
	for (i = 0; i < f->also_count && !err; i++)
		err = imr_buf_printf(out, "%s%zu", i == 0 ? "" : i + 1 == f->also_count ? " and " : ", ", f->also[i] + 1);
	return err ? err : imr_buf_puts(out, " too\n");
}

static int text_finding(imr_buf *out, const imr_audit_letter *l, const imr_finding *f)
{
	const imr_audit_item *it = finding_item(l, f->item);
	int err;
	if (f->type == IMR_FINDING_DISCORDANCE && it)
		err = imr_buf_printf(out, "  [%s, %s%s] %s item %zu (%s): %s (prediction %s)\n", f->code,
				     imr_finding_severity_name(f->severity), f->experimental ? ", experimental" : "",
				     l->file, it->number, it->service, f->message, imr_strength_name(it->strength));
	else
		err = imr_buf_printf(out, "  [%s, %s%s] %s item %zu (%s): %s\n", f->code,
				     imr_finding_severity_name(f->severity), f->experimental ? ", experimental" : "",
				     l ? l->file : "", it ? it->number : 0, it ? it->service : "", f->message);
	if (!err && f->evidence && *f->evidence)
		err = imr_buf_printf(out, "      %s\n", f->evidence);
	if (!err && f->also_count)
		err = also_items(out, f);
	return err;
}

/* The symbolic links letters were reached through, one line per link with
 * how many letters it led to (a link's letters are consecutive in walk
 * order, so runs are counted): the end of the current run. */
static int text_link_run(imr_audit_writer *w)
{
	imr_buf *b = &w->scratch;
	int err = 0;
	if (w->link) {
		err = imr_buf_printf(b, "  %s: %zu letter%s\n", w->link, w->run, w->run == 1 ? "" : "s");
		if (!err)
			err = spool_buf(w, TEXT_LINKS, b);
		imr__free(w->link);
		w->link = NULL;
	}
	w->run = 0;
	return err;
}

static int text_letter(imr_audit_writer *w, const imr_audit_letter *l)
{
	imr_buf *b = &w->scratch;
	size_t i;
	int err = 0;
	for (i = 0; i < l->finding_count && !err; i++) {
		if (l->findings[i].phrase_file)
			continue; /* listed once, under its first letter (stock phrases) */
		if (!(err = text_finding(b, l, &l->findings[i])))
			err = spool_buf(w, TEXT_RANKS + finding_rank(&l->findings[i], finding_item(l, l->findings[i].item)), b);
	}
	if (!err && l->failed && !(err = imr_buf_printf(b, "  %s\n", l->error ? l->error : l->file)))
		err = spool_buf(w, TEXT_FAILED, b);
	if (!err && l->duplicate_of) {
		if (l->case_number)
			err = imr_buf_printf(b, "  %s: the same case as %s (case number %s)\n", l->file, l->duplicate_of,
					     l->case_number);
		else
			err = imr_buf_printf(b, "  %s: the same text as %s (no case number)\n", l->file, l->duplicate_of);
		if (!err)
			err = spool_buf(w, TEXT_DUPLICATES, b);
	}
	if (!err && (!l->link || !w->link || strcmp(l->link, w->link) != 0))
		err = text_link_run(w);
	if (!err && l->link) {
		if (!w->link && !(w->link = imr__strdup(l->link)))
			err = IMR_ENOMEM;
		w->run++;
		w->links++;
	}
	return err;
}

static int text_head(imr_buf *out, const imr_audit_stats *st)
{
	size_t i, governed = st->overall.agree + st->overall.disagree;
	int err;

	err = imr_buf_printf(out, "imrcheck %s audit: %zu letter%s (%zu parsed, %zu failed", imr_version(),
			     st->letters, st->letters == 1 ? "" : "s", st->parsed, st->failed);
	if (!err && st->duplicates)
		err = imr_buf_printf(out, ", %zu duplicate%s", st->duplicates, st->duplicates == 1 ? "" : "s");
	if (!err)
		err = imr_buf_printf(out, "), %zu items\n\n", st->items);
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
	if (!err && st->items)
		err = imr_buf_printf(out, "\nReasons the rationales give: %zu of %zu items (%.1f%%) give at least one\n",
				     st->with_reasons, st->items, percent(st->with_reasons, st->items));
	if (!err && st->by_reason_count)
		err = imr_buf_puts(out, "                                                      decided            predicted\n"
					"  reason                                 items   upheld overturned  upheld overturned indet.  agree\n");
	for (i = 0; i < st->by_reason_count && !err; i++) {
		const imr_reason_tally *t = &st->by_reason[i];
		err = imr_buf_printf(out, "  %-38s %5zu %8zu %10zu %7zu %10zu %6zu %6zu\n", t->reason, t->items, t->upheld,
				     t->overturned, t->predicted_upheld, t->predicted_overturned, t->indeterminate, t->agree);
	}
	if (!err)
		err = imr_buf_printf(out, "\nFindings: %zu decision discordance, %zu rationale, %zu citation, %zu across letters\n",
				     st->findings_by_type[0], st->findings_by_type[1], st->findings_by_type[2],
				     st->findings_by_type[3]);
	if (!err && st->phrase_repeats)
		err = imr_buf_printf(out,
				     "  %zu of them repeat a phrase an earlier letter's finding rests on: each phrase is listed "
				     "once, under its first letter, and counted under \"Stock phrases\" below\n",
				     st->phrase_repeats);
	if (!err && st->by_mute_count)
		err = imr_buf_printf(out, "Muted: %zu finding%s, by entry of the mute files (an entry at 0 mutes nothing now):\n",
				     st->muted, st->muted == 1 ? "" : "s");
	for (i = 0; i < st->by_mute_count && !err; i++) {
		const imr_mute_entry *e = st->by_mute[i].entry;
		err = imr_buf_printf(out, "  %5zu  %s%s%s:%u\n", st->by_mute[i].count, e->id ? e->id : "",
				     e->id ? " at " : "", e->file, e->line);
	}
	return err;
}

/* The phrases that made the same finding in several letters. */
static int text_phrases(imr_buf *out, const imr_audit_stats *st)
{
	size_t i;
	int err = imr_buf_printf(out, "\nStock phrases: the same finding from one phrase in several letters (%zu):\n",
				 st->by_phrase_count);
	for (i = 0; i < st->by_phrase_count && !err; i++) {
		const imr_phrase_group *g = &st->by_phrase[i];
		err = imr_buf_printf(out, "  [%s] %zu letters, %zu items, first %s item %zu: %s\n      \"%s\"\n", g->code,
				     g->letters, g->items, g->first_file, g->first_item + 1, g->message, g->phrase);
	}
	return err;
}

static int text_finish(imr_audit_writer *w, const imr_audit *au)
{
	const imr_audit_stats *st = imr_audit_get_stats(au);
	imr_buf *b = &w->scratch;
	size_t i;
	int err = text_head(b, st);
	if (!err)
		err = emit_buf(w, b);
	for (i = 0; i < (IMR_FINDING_SEVERITY_HIGH + 1) * TEXT_RANKS_PER_SEVERITY && !err; i++)
		err = emit_spool(w, TEXT_RANKS + (int)i);
	/* the findings across letters are of the last rank */
	for (i = 0; i < imr_audit_finding_count(au) && !err; i++) {
		const imr_finding *f = imr_audit_finding_get(au, i);
		if (f->type == IMR_FINDING_INCONSISTENCY &&
		    !(err = text_finding(b, imr_audit_letter_get(au, f->letter), f)))
			err = emit_buf(w, b);
	}
	if (!err && st->by_phrase_count)
		err = text_phrases(b, st);
	if (!err && st->by_phrase_count)
		err = emit_buf(w, b);
	if (!err && st->failed && !(err = imr_buf_printf(b, "\nLetters that could not be read (%zu):\n", st->failed)))
		err = emit_buf(w, b);
	if (!err && st->failed)
		err = emit_spool(w, TEXT_FAILED);
	if (!err && st->duplicates &&
	    !(err = imr_buf_printf(b, "\nLetters that repeat a case given before, counted once (%zu):\n",
				   st->duplicates)))
		err = emit_buf(w, b);
	if (!err && st->duplicates)
		err = emit_spool(w, TEXT_DUPLICATES);
	if (!err)
		err = text_link_run(w);
	if (!err && w->links &&
	    !(err = imr_buf_printf(b, "\nLetters reached through symbolic links (%zu):\n", w->links)))
		err = emit_buf(w, b);
	if (!err && w->links)
		err = emit_spool(w, TEXT_LINKS);
	return err;
}

/* ---- JSON ---- */

enum { JSON_LETTERS, JSON_FINDINGS };

/* A finding's members: with the file of its letter @p l unless NULL, and
 * the contrasting item's, @p other, for an inconsistency. */
static void finding_members(imr__jw *w, const imr_audit_letter *l, const imr_audit_letter *other_letter,
			    const imr_finding *f)
{
	size_t i;
	imr__jw_kstr(w, "type", imr_finding_type_name(f->type));
	imr__jw_kstr(w, "code", f->code);
	imr__jw_kstr(w, "severity", imr_finding_severity_name(f->severity));
	if (f->experimental) {
		imr__jw_key(w, "experimental");
		imr__jw_bool(w, 1);
	}
	if (l)
		imr__jw_kstr(w, "file", l->file);
	imr__jw_kint(w, "item", (long long)f->item + 1);
	if (other_letter && f->other_letter != (size_t)-1) {
		imr__jw_key(w, "contrast");
		imr__jw_open_object(w);
		imr__jw_kstr(w, "file", other_letter->file);
		imr__jw_kint(w, "item", (long long)f->other_item + 1);
		imr__jw_close(w);
	}
	imr__jw_kstr(w, "message", f->message);
	imr__jw_kstr(w, "evidence", f->evidence);
	if (f->phrase)
		imr__jw_kstr(w, "phrase", f->phrase);
	if (f->also_count) {
		imr__jw_key(w, "also_items");
		imr__jw_open_array(w);
		for (i = 0; i < f->also_count; i++)
			imr__jw_int(w, (long long)f->also[i] + 1);
		imr__jw_close(w);
	}
	if (l && f->phrase_file) {
		/* a letter's finding stands alone in JSON Lines, for shards */
		imr__jw_key(w, "same_phrase_as");
		imr__jw_open_object(w);
		imr__jw_kstr(w, "file", f->phrase_file);
		imr__jw_kint(w, "item", (long long)f->phrase_item + 1);
		imr__jw_close(w);
	}
}

static void finding_object(imr__jw *w, const imr_audit_letter *l, const imr_audit_letter *other_letter,
			   const imr_finding *f)
{
	imr__jw_open_object(w);
	finding_members(w, l, other_letter, f);
	imr__jw_close(w);
}

/* What a letter that repeats a case has: the first letter of the case,
 * and the key that tells it (a merge of shards reads it back). */
static void duplicate_members(imr__jw *w, const imr_audit_letter *l)
{
	imr__jw_kstr(w, "duplicate_of", l->duplicate_of);
	imr__jw_kstr(w, "case_number", l->case_number);
	if (l->text_digest)
		imr__jw_kstr(w, "text_digest", l->text_digest);
}

static void string_array(imr__jw *w, const char *key, const char *const *strings, size_t count)
{
	size_t i;
	imr__jw_key(w, key);
	imr__jw_open_array(w);
	for (i = 0; i < count; i++)
		imr__jw_str(w, strings[i]);
	imr__jw_close(w);
}

/* The letter's own members that an item of JSON Lines repeats, so that
 * each line stands alone (and a merge of shards, audit_merge.c, reads the
 * letter back from its first line). */
static void item_letter_members(imr__jw *w, const imr_audit_letter *l)
{
	imr__jw_kstr(w, "file", l->file);
	if (l->link)
		imr__jw_kstr(w, "link", l->link);
	imr__jw_kstr(w, "case_number", l->case_number);
	if (l->text_digest) /* what tells a copy of a letter without a case number */
		imr__jw_kstr(w, "text_digest", l->text_digest);
	imr__jw_kstr(w, "specialty", l->specialty);
	imr__jw_kstr(w, "layout", l->layout);
	imr__jw_kstr(w, "decision_date", l->decision_date);
	imr__jw_kstr(w, "request_date", l->request_date);
}

/* An item's members. With @p with_letter (a line of JSON Lines, which
 * stands alone) the letter's members come first and "findings" holds the
 * item's findings whole; otherwise (an item of a letter of the JSON
 * report, whose findings are listed apart) the codes of those on it. */
static void item_members(imr__jw *w, const imr_audit_letter *l, const imr_audit_item *it, int with_letter)
{
	size_t i;
	if (with_letter)
		item_letter_members(w, l);
	imr__jw_kint(w, "item", (long long)it->number);
	imr__jw_kstr(w, "service", it->service);
	imr__jw_kstr(w, "category", it->category);
	imr__jw_kstr(w, "procedure", it->procedure);
	imr__jw_kstr(w, "region", it->region);
	imr__jw_kstr(w, "actual", imr_outcome_name(it->actual));
	imr__jw_kstr(w, "predicted_outcome", imr_outcome_name(it->predicted));
	imr__jw_key(w, "agrees");
	if (it->agrees < 0)
		imr__jw_null(w);
	else
		imr__jw_bool(w, it->agrees);
	imr__jw_kstr(w, "reason", it->reason);
	imr__jw_kstr(w, "undecided", it->agrees < 0 ? imr_undecided_name(it->undecided) : NULL);
	imr__jw_kstr(w, "strength", imr_strength_name(it->strength));
	imr__jw_kstr(w, "rule", it->rule);
	imr__jw_kstr(w, "guideline", it->guideline);
	imr__jw_kstr(w, "reviewer_guideline", it->reviewer_guideline);
	string_array(w, "unmet", it->unmet, it->unmet_count);
	string_array(w, "reasons", it->reasons, it->reason_count);
	if (with_letter) { /* what the comparisons across letters group by */
		char print[40];
		imr__jw_kstr(w, "signature", it->signature);
		imr__jw_kint(w, "rationale_line", (long long)it->rationale_line);
		if (it->case_print) {
			snprintf(print, sizeof(print), "%016llx-%016llx", (unsigned long long)it->case_print,
				 (unsigned long long)it->case_simprint);
			imr__jw_kstr(w, "case_print", print);
		}
	}
	imr__jw_key(w, "findings");
	imr__jw_open_array(w);
	for (i = 0; i < l->finding_count; i++) {
		if (with_letter && l->findings[i].item == it->number - 1)
			finding_object(w, NULL, NULL, &l->findings[i]); /* each line stands alone */
		else if (!with_letter && imr_finding_on_item(&l->findings[i], it->number - 1))
			imr__jw_str(w, l->findings[i].code);
	}
	imr__jw_close(w);
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

static json_t *phrases_json(jb *b, const imr_audit_stats *st)
{
	json_t *a = json_array();
	size_t i;
	for (i = 0; i < st->by_phrase_count; i++) {
		const imr_phrase_group *g = &st->by_phrase[i];
		json_t *o = json_object(), *first = json_object();
		jset(b, o, "code", jstr(b, g->code));
		jset(b, o, "message", jstr(b, g->message));
		jset(b, o, "phrase", jstr(b, g->phrase));
		jset(b, o, "letters", jint(b, g->letters));
		jset(b, o, "items", jint(b, g->items));
		jset(b, first, "file", jstr(b, g->first_file));
		jset(b, first, "item", jint(b, g->first_item + 1));
		jset(b, o, "first", first);
		jpush(b, a, o);
	}
	return a;
}

static json_t *stats_json(jb *b, const imr_audit_stats *st)
{
	json_t *o = json_object(), *conf = json_object(), *unmet = json_array(), *fbt = json_object();
	json_t *by_reason = json_array(), *muted = json_array();
	static const char *const actual[] = { "upheld", "overturned" };
	static const char *const predicted[] = { "overturned", "upheld", "indeterminate" };
	size_t i, j;
	jset(b, o, "letters", jint(b, st->letters));
	jset(b, o, "parsed", jint(b, st->parsed));
	jset(b, o, "failed", jint(b, st->failed));
	jset(b, o, "duplicates", jint(b, st->duplicates));
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
	jset(b, o, "with_reasons", jint(b, st->with_reasons));
	for (i = 0; i < st->by_reason_count; i++) {
		const imr_reason_tally *t = &st->by_reason[i];
		json_t *r = json_object();
		jset(b, r, "reason", jstr(b, t->reason));
		jset(b, r, "items", jint(b, t->items));
		jset(b, r, "upheld", jint(b, t->upheld));
		jset(b, r, "overturned", jint(b, t->overturned));
		jset(b, r, "predicted_upheld", jint(b, t->predicted_upheld));
		jset(b, r, "predicted_overturned", jint(b, t->predicted_overturned));
		jset(b, r, "indeterminate", jint(b, t->indeterminate));
		jset(b, r, "agree", jint(b, t->agree));
		jpush(b, by_reason, r);
	}
	jset(b, o, "by_reason", by_reason);
	for (i = 0; i < 4; i++)
		jset(b, fbt, imr_finding_type_name((imr_finding_type)i), jint(b, st->findings_by_type[i]));
	jset(b, o, "findings", fbt);
	jset(b, o, "muted_findings", jint(b, st->muted));
	for (i = 0; i < st->by_mute_count; i++) {
		const imr_mute_entry *e = st->by_mute[i].entry;
		json_t *m = json_object();
		jset(b, m, "id", jstr(b, e->id));
		jset(b, m, "file", jstr(b, e->file));
		jset(b, m, "line", jint(b, e->line));
		jset(b, m, "count", jint(b, st->by_mute[i].count));
		jpush(b, muted, m);
	}
	jset(b, o, "muted", muted);
	jset(b, o, "phrase_repeats", jint(b, st->phrase_repeats));
	jset(b, o, "stock_phrases", phrases_json(b, st));
	return o;
}


/* @p value (whose reference is taken) as JSON_INDENT(2) would write it
 * @p depth levels down in a document: every line after the first indented
 * by 2 * depth more spaces (strings never hold a raw line break). */
static int dump_at(imr_buf *out, json_t *value, jb *b, size_t depth)
{
	imr_buf tmp = IMR_BUF_INIT;
	const char *p, *end;
	int err = imr__jb_dump(&tmp, value, b, JSON_INDENT(2));
	size_t k;
	if (err) {
		imr_buf_dispose(&tmp);
		return err;
	}
	p = imr_buf_cstr(&tmp);
	end = p + tmp.size - 1; /* without the trailing newline */
	while (!err && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		err = imr_buf_put(out, p, n);
		for (k = 0; nl && k < depth && !err; k++)
			err = imr_buf_puts(out, "  ");
		p += n;
	}
	imr_buf_dispose(&tmp);
	return err;
}

/* The start of one more element of a spooled array two levels down. */
static void json_element_open(imr_audit_writer *w, int k, imr__jw *jw)
{
	imr__jw_init(jw, &w->scratch, 1, 2);
	if (w->count[k] && imr_buf_puts(&w->scratch, ",\n    ") < 0)
		jw->failed = 1;
}

/* ... and its end: to the spool. */
static int json_element_close(imr_audit_writer *w, int k, imr__jw *jw)
{
	int err = imr__jw_finish(jw);
	if (err) {
		imr_buf_clear(&w->scratch);
		return err;
	}
	return spool_buf(w, k, &w->scratch);
}

static int json_letter(imr_audit_writer *w, const imr_audit_letter *l)
{
	imr__jw jw;
	size_t j;
	int err;
	json_element_open(w, JSON_LETTERS, &jw);
	imr__jw_open_object(&jw);
	imr__jw_kstr(&jw, "file", l->file);
	if (l->link)
		imr__jw_kstr(&jw, "link", l->link);
	if (l->failed) {
		imr__jw_kstr(&jw, "error", l->error);
	} else if (l->duplicate_of) {
		duplicate_members(&jw, l);
	} else {
		imr__jw_kstr(&jw, "case_number", l->case_number);
		if (l->text_digest)
			imr__jw_kstr(&jw, "text_digest", l->text_digest);
		imr__jw_kstr(&jw, "layout", l->layout);
		imr__jw_kstr(&jw, "specialty", l->specialty);
		imr__jw_kstr(&jw, "decision_date", l->decision_date);
		imr__jw_kstr(&jw, "request_date", l->request_date);
		imr__jw_key(&jw, "items");
		imr__jw_open_array(&jw);
		for (j = 0; j < l->item_count; j++) {
			imr__jw_open_object(&jw);
			item_members(&jw, l, &l->items[j], 0);
			imr__jw_close(&jw);
		}
		imr__jw_close(&jw);
	}
	imr__jw_close(&jw);
	err = json_element_close(w, JSON_LETTERS, &jw);
	for (j = 0; j < l->finding_count && !err; j++) {
		json_element_open(w, JSON_FINDINGS, &jw);
		finding_object(&jw, l, NULL, &l->findings[j]);
		err = json_element_close(w, JSON_FINDINGS, &jw);
	}
	return err;
}

/* "KEY": [ the spooled elements, then @p au's cross-letter findings ] */
static int json_array_of(imr_audit_writer *w, const char *key, int k, const imr_audit *cross)
{
	imr_buf *b = &w->scratch;
	size_t i, n = w->count[k];
	int err = imr_buf_printf(b, "  \"%s\": [", key);
	for (i = 0; cross && i < imr_audit_finding_count(cross); i++)
		n += imr_audit_finding_get(cross, i)->type == IMR_FINDING_INCONSISTENCY;
	if (!err && n)
		err = imr_buf_puts(b, "\n    ");
	if (!err)
		err = emit_buf(w, b);
	if (!err)
		err = emit_spool(w, k);
	for (i = 0; cross && i < imr_audit_finding_count(cross) && !err; i++) {
		const imr_finding *f = imr_audit_finding_get(cross, i);
		imr__jw jw;
		if (f->type != IMR_FINDING_INCONSISTENCY)
			continue;
		err = imr_buf_puts(b, w->count[k] ? ",\n    " : "");
		w->count[k]++;
		imr__jw_init(&jw, b, 1, 2);
		finding_object(&jw, imr_audit_letter_get(cross, f->letter), imr_audit_letter_get(cross, f->other_letter),
			       f);
		if (!err)
			err = imr__jw_finish(&jw);
		if (!err)
			err = emit_buf(w, b);
	}
	if (!err)
		err = imr_buf_puts(b, n ? "\n  ],\n" : "],\n");
	return err ? err : emit_buf(w, b);
}

static int json_finish(imr_audit_writer *w, const imr_audit *au)
{
	imr_buf *b = &w->scratch;
	jb sb = { 0 }, tb = { 0 };
	json_t *stamp = json_object();
	int err = imr_buf_puts(b, "{\n  \"summary\": ");
	if (!err)
		err = dump_at(b, stats_json(&sb, imr_audit_get_stats(au)), &sb, 1);
	if (!err)
		err = imr_buf_puts(b, ",\n");
	if (!err)
		err = emit_buf(w, b);
	if (!err)
		err = json_array_of(w, "letters", JSON_LETTERS, NULL);
	if (!err)
		err = json_array_of(w, "findings", JSON_FINDINGS, au);
	jset(&tb, stamp, "program", jstr(&tb, "imrcheck"));
	jset(&tb, stamp, "version", jstr(&tb, imr_version()));
	jset(&tb, stamp, "rules_digest", jstr(&tb, w->rules ? imr_rules_digest(w->rules) : NULL));
	if (!err)
		err = imr_buf_puts(b, "  \"stamp\": ");
	if (!err)
		err = dump_at(b, stamp, &tb, 1);
	else
		json_decref(stamp);
	if (!err)
		err = imr_buf_puts(b, "\n}\n");
	return err ? err : emit_buf(w, b);
}

/* ---- JSON Lines ---- */

/* One line of JSON Lines written by @p jw. */
static int jsonl_line(imr_buf *out, imr__jw *jw)
{
	int err = imr__jw_finish(jw);
	return err ? err : imr_buf_put(out, "\n", 1);
}

int imr_report_audit_jsonl_letter(imr_buf *out, const imr_audit_letter *l)
{
	imr__jw jw;
	size_t i, k;
	int err = 0;
	if (l->failed || l->duplicate_of) {
		imr__jw_init(&jw, out, 0, 0);
		imr__jw_open_object(&jw);
		imr__jw_kstr(&jw, "record", "letter");
		imr__jw_kstr(&jw, "file", l->file);
		if (l->link)
			imr__jw_kstr(&jw, "link", l->link);
		if (l->failed)
			imr__jw_kstr(&jw, "error", l->error);
		else
			duplicate_members(&jw, l);
		imr__jw_close(&jw);
		return jsonl_line(out, &jw);
	}
	for (i = 0; i < l->item_count && !err; i++) {
		size_t muted = 0;
		imr__jw_init(&jw, out, 0, 0);
		imr__jw_open_object(&jw);
		imr__jw_kstr(&jw, "record", "item");
		item_members(&jw, l, &l->items[i], 1);
		/* the texts the HTML page shows on demand, so a merge shows them
		 * too: the reviewer's credentials and the case summary once, on
		 * the letter's first line, the rationale on each */
		if (i == 0) {
			imr__jw_kstr(&jw, "licensure", l->licensure);
			imr__jw_kstr(&jw, "summary", l->summary);
		}
		imr__jw_kstr(&jw, "rationale", l->items[i].rationale);
		for (k = 0; k < l->muted_count; k++)
			muted += l->muted[k].item == i;
		if (muted) {
			/* so that a merge counts them, and mutes them again as its
			 * own mute files say */
			imr__jw_key(&jw, "muted");
			imr__jw_open_array(&jw);
			for (k = 0; k < l->muted_count; k++)
				if (l->muted[k].item == i)
					finding_object(&jw, NULL, NULL, &l->muted[k]);
			imr__jw_close(&jw);
		}
		imr__jw_close(&jw);
		err = jsonl_line(out, &jw);
	}
	return err;
}

static int jsonl_letter(imr_audit_writer *w, const imr_audit_letter *l)
{
	int err = imr_report_audit_jsonl_letter(&w->scratch, l);
	return err ? err : emit_buf(w, &w->scratch);
}

int imr_report_audit_jsonl_tail(imr_buf *out, const imr_rules *rules, const imr_audit *au)
{
	size_t i;
	int err = 0;
	for (i = 0; i < imr_audit_finding_count(au) && !err; i++) {
		const imr_finding *f = imr_audit_finding_get(au, i);
		imr__jw jw;
		if (f->type != IMR_FINDING_INCONSISTENCY)
			continue;
		imr__jw_init(&jw, out, 0, 0);
		imr__jw_open_object(&jw);
		finding_members(&jw, imr_audit_letter_get(au, f->letter), imr_audit_letter_get(au, f->other_letter), f);
		imr__jw_kstr(&jw, "record", "finding");
		imr__jw_close(&jw);
		err = jsonl_line(out, &jw);
	}
	if (!err) {
		jb b = { 0 };
		json_t *o = stats_json(&b, imr_audit_get_stats(au));
		jset(&b, o, "record", jstr(&b, "summary"));
		jset(&b, o, "rules_digest", jstr(&b, rules ? imr_rules_digest(rules) : NULL));
		err = imr__jb_dump(out, o, &b, JSON_COMPACT);
	}
	return err;
}

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

/* ---- CSV ---- */

/* Each item's row is spooled as a record: its letter and item, the row up
 * to its findings, and its own finding codes; the cross-letter codes join
 * those at the end. A failed letter's row is whole. */
typedef struct csv_record {
	size_t letter, item;      /* item (size_t)-1: a whole row */
	size_t nrow, ncodes, nrest;   /* the row to its findings, its codes, the fields after */
} csv_record;

static const char *const CSV_HEADER[] = { "file", "case_number", "specialty", "item", "service",
					  "category", "procedure", "actual", "predicted", "agrees",
					  "rule", "guideline", "reviewer_guideline", "unmet", "findings",
					  "strength", "undecided", "reasons", "error", "duplicate_of" };
#define CSV_COLUMNS (sizeof(CSV_HEADER) / sizeof(CSV_HEADER[0]))

static int csv_spool(imr_audit_writer *w, size_t letter, size_t item, const imr_buf *row, const imr_buf *codes,
		     const imr_buf *rest)
{
	csv_record r;
	int err;
	memset(&r, 0, sizeof(r));
	r.letter = letter;
	r.item = item;
	r.nrow = row->size;
	r.ncodes = codes ? codes->size : 0;
	r.nrest = rest ? rest->size : 0;
	err = imr__spool_put(&w->spool[0], &r, sizeof(r));
	if (!err)
		err = imr__spool_put(&w->spool[0], imr_buf_cstr(row), row->size);
	if (!err && codes)
		err = imr__spool_put(&w->spool[0], imr_buf_cstr(codes), codes->size);
	if (!err && rest)
		err = imr__spool_put(&w->spool[0], imr_buf_cstr(rest), rest->size);
	return err;
}

static int csv_letter(imr_audit_writer *w, const imr_audit_letter *l)
{
	imr_buf row = IMR_BUF_INIT, codes = IMR_BUF_INIT, rest = IMR_BUF_INIT;
	size_t j, k, n = CSV_COLUMNS;
	int err = 0;
	if (l->failed || l->duplicate_of) {
		/* a whole row: the error of a failed letter, the first letter of
		 * the case of a duplicate */
		for (k = 0; k < n && !err; k++)
			err = csv_field(&row, k == 0 ? l->file
					      : k == 1 ? l->case_number
					      : k == n - 2 ? l->error
					      : k == n - 1 ? l->duplicate_of : "",
					k + 1 == n);
		if (!err)
			err = csv_spool(w, l->index, (size_t)-1, &row, NULL, NULL);
	}
	for (j = 0; !l->failed && j < l->item_count && !err; j++) {
		const imr_audit_item *it = &l->items[j];
		imr_buf unmet = IMR_BUF_INIT, reasons = IMR_BUF_INIT;
		char number[32];
		imr_buf_clear(&row);
		imr_buf_clear(&codes);
		for (k = 0; k < it->unmet_count && !err; k++)
			err = imr_buf_printf(&unmet, "%s%s", k ? " " : "", it->unmet[k]);
		for (k = 0; k < l->finding_count && !err; k++)
			if (imr_finding_on_item(&l->findings[k], j))
				err = imr_buf_printf(&codes, "%s%s", codes.size ? " " : "", l->findings[k].code);
		snprintf(number, sizeof(number), "%zu", it->number);
		if (!err) err = csv_field(&row, l->file, 0);
		if (!err) err = csv_field(&row, l->case_number, 0);
		if (!err) err = csv_field(&row, l->specialty, 0);
		if (!err) err = csv_field(&row, number, 0);
		if (!err) err = csv_field(&row, it->service, 0);
		if (!err) err = csv_field(&row, it->category, 0);
		if (!err) err = csv_field(&row, it->procedure, 0);
		if (!err) err = csv_field(&row, imr_outcome_name(it->actual), 0);
		if (!err) err = csv_field(&row, imr_outcome_name(it->predicted), 0);
		if (!err) err = csv_field(&row, it->agrees < 0 ? "" : it->agrees ? "yes" : "no", 0);
		if (!err) err = csv_field(&row, it->rule, 0);
		if (!err) err = csv_field(&row, it->guideline, 0);
		if (!err) err = csv_field(&row, it->reviewer_guideline, 0);
		if (!err) err = csv_field(&row, imr_buf_cstr(&unmet), 0);
		imr_buf_clear(&rest);
		if (!err) err = csv_field(&rest, imr_strength_name(it->strength), 0);
		if (!err) err = csv_field(&rest, it->agrees < 0 ? imr_undecided_name(it->undecided) : "", 0);
		for (k = 0; k < it->reason_count && !err; k++)
			err = imr_buf_printf(&reasons, "%s%s", k ? ";" : "", it->reasons[k]);
		if (!err) err = csv_field(&rest, imr_buf_cstr(&reasons), 0);
		if (!err) err = csv_field(&rest, "", 0);
		if (!err) err = csv_field(&rest, "", 1);
		if (!err)
			err = csv_spool(w, l->index, j, &row, &codes, &rest);
		imr_buf_dispose(&unmet);
		imr_buf_dispose(&reasons);
	}
	imr_buf_dispose(&row);
	imr_buf_dispose(&codes);
	imr_buf_dispose(&rest);
	return err;
}

static int compare_finding_position(const void *a, const void *b)
{
	const imr_finding *x = *(const imr_finding *const *)a, *y = *(const imr_finding *const *)b;
	if (x->letter != y->letter)
		return x->letter < y->letter ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* The spooled rows, each item's with the codes of its findings across
 * letters after its own. */
static int csv_rows(imr_audit_writer *w, const imr_finding **cross, size_t ncross)
{
	imr_buf *b = &w->scratch, codes = IMR_BUF_INIT;
	csv_record r;
	void *bytes = NULL;
	size_t next = 0, cap = 0;
	int err = 0, more;
	while (!err && (more = imr__spool_read(&w->spool[0], &r, sizeof(r))) != 0) {
		if (more < 0 || imr__grow(&bytes, &cap, r.nrow + r.ncodes + r.nrest + 1, 1) < 0) {
			err = more < 0 ? more : IMR_ENOMEM;
			break;
		}
		if (imr__spool_read(&w->spool[0], bytes, r.nrow + r.ncodes + r.nrest) != 1) {
			err = IMR_EIO;
			break;
		}
		imr_buf_clear(&codes);
		err = imr_buf_put(b, bytes, r.nrow);
		if (!err)
			err = imr_buf_put(&codes, (char *)bytes + r.nrow, r.ncodes);
		if (!err && r.item != (size_t)-1) {
			while (next < ncross && (cross[next]->letter < r.letter ||
						 (cross[next]->letter == r.letter && cross[next]->item < r.item)))
				next++;
			for (; next < ncross && cross[next]->letter == r.letter && cross[next]->item == r.item && !err; next++)
				err = imr_buf_printf(&codes, "%s%s", codes.size ? " " : "", cross[next]->code);
			if (!err)
				err = csv_field(b, imr_buf_cstr(&codes), 0);
			if (!err)
				err = imr_buf_put(b, (char *)bytes + r.nrow + r.ncodes, r.nrest);
		}
		if (!err)
			err = emit_buf(w, b);
	}
	imr__free(bytes);
	imr_buf_dispose(&codes);
	return err;
}

static int csv_finish(imr_audit_writer *w, const imr_audit *au)
{
	const imr_finding **cross;
	size_t k, ncross = 0;
	int err = 0;
	/* inconsistencies across letters, in letter order, merged into the rows */
	cross = imr__calloc(imr_audit_finding_count(au) + 1, sizeof(*cross));
	if (!cross)
		return IMR_ENOMEM;
	for (k = 0; k < imr_audit_finding_count(au); k++)
		if (imr_audit_finding_get(au, k)->type == IMR_FINDING_INCONSISTENCY)
			cross[ncross++] = imr_audit_finding_get(au, k);
	qsort(cross, ncross, sizeof(*cross), compare_finding_position);
	for (k = 0; k < CSV_COLUMNS && !err; k++)
		err = csv_field(&w->scratch, CSV_HEADER[k], k + 1 == CSV_COLUMNS);
	if (!err)
		err = emit_buf(w, &w->scratch);
	if (!err)
		err = csv_rows(w, cross, ncross);
	imr__free(cross);
	return err;
}

/* ---- the writer's entry points ---- */

int imr_audit_writer_new(imr_audit_writer **out, imr_audit_format format, const imr_rules *rules,
			 const imr_report_options *opts, imr_audit_sink_fn sink, void *ctx)
{
	imr_audit_writer *w = imr__calloc(1, sizeof(*w));
	*out = w;
	if (!w)
		return IMR_ENOMEM;
	w->format = format;
	w->rules = rules;
	w->opts = opts;
	w->sink = sink;
	w->ctx = ctx;
	return IMR_OK;
}

int imr_audit_writer_letter(imr_audit_writer *w, const imr_audit_letter *l)
{
	int err;
	if (w->err)
		return w->err;
	switch (w->format) {
	case IMR_AUDIT_FORMAT_TEXT: err = text_letter(w, l); break;
	case IMR_AUDIT_FORMAT_JSON: err = json_letter(w, l); break;
	case IMR_AUDIT_FORMAT_JSONL: err = jsonl_letter(w, l); break;
	case IMR_AUDIT_FORMAT_CSV: err = csv_letter(w, l); break;
	default: err = imr__html_writer_letter(w, l); break;
	}
	if (err && !w->err)
		w->err = err;
	imr_buf_clear(&w->scratch);
	return w->err;
}

int imr_audit_writer_finish(imr_audit_writer *w, const imr_audit *au)
{
	int err;
	if (w->err)
		return w->err;
	switch (w->format) {
	case IMR_AUDIT_FORMAT_TEXT: err = text_finish(w, au); break;
	case IMR_AUDIT_FORMAT_JSON: err = json_finish(w, au); break;
	case IMR_AUDIT_FORMAT_JSONL: err = imr_report_audit_jsonl_tail(&w->scratch, w->rules, au);
		if (!err)
			err = emit_buf(w, &w->scratch);
		break;
	case IMR_AUDIT_FORMAT_CSV: err = csv_finish(w, au); break;
	default: err = imr__html_writer_finish(w, au); break;
	}
	if (err && !w->err)
		w->err = err;
	imr_buf_clear(&w->scratch);
	return w->err;
}

void imr_audit_writer_free(imr_audit_writer *w)
{
	int k;
	if (!w)
		return;
	for (k = 0; k < IMR__WRITER_SPOOLS; k++)
		imr__spool_dispose(&w->spool[k]);
	imr__html_writer_dispose(w);
	imr_buf_dispose(&w->scratch);
	imr__free(w->link);
	imr__free(w);
}

/* ---- a finished audit, whole ---- */

static int buf_sink(void *ctx, const char *data, size_t len)
{
	return imr_buf_put(ctx, data, len);
}

/* The report of a finished audit in @p format, appended to @p out (left
 * as it was on failure): its letters through a writer. */
int imr__report_audit_whole(imr_buf *out, imr_audit_format format, const imr_rules *rules,
			    const imr_audit *au, const imr_report_options *opts)
{
	imr_audit_writer *w;
	size_t i, start = out->size;
	int err = imr_audit_writer_new(&w, format, rules, opts, buf_sink, out);
	for (i = 0; !err && i < imr_audit_letter_count(au); i++)
		err = imr_audit_writer_letter(w, imr_audit_letter_get(au, i));
	if (!err)
		err = imr_audit_writer_finish(w, au);
	imr_audit_writer_free(w);
	if (err) {
		out->size = start;
		if (out->ptr)
			out->ptr[start] = '\0';
	}
	return err;
}

int imr_report_audit_text(imr_buf *out, const imr_audit *au, const imr_report_options *opts)
{
	return imr__report_audit_whole(out, IMR_AUDIT_FORMAT_TEXT, NULL, au, opts);
}

int imr_report_audit_json(imr_buf *out, const imr_rules *rules, const imr_audit *au,
			  const imr_report_options *opts)
{
	return imr__report_audit_whole(out, IMR_AUDIT_FORMAT_JSON, rules, au, opts);
}

int imr_report_audit_csv(imr_buf *out, const imr_audit *au)
{
	return imr__report_audit_whole(out, IMR_AUDIT_FORMAT_CSV, NULL, au, NULL);
}
