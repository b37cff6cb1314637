/* audit_letter.c - one letter of an audit: its record and its own findings.
 *
 * Runs on a worker thread with that thread's imr_worker. The letter is
 * read, parsed and reviewed; each item gets its compact record, and the
 * findings of the letter itself (a decision against the prediction, a
 * rationale against the case summary) are drawn from the review and from
 * one reading of every rationale; those of its citations (audit_citation.c)
 * and of the services its rationale judges (audit_scope.c) item by item. All
 * strings go to the slot's arena, released with the record. */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "audit_impl.h"
#include "imrcheck/date.h"
#include "imrcheck/letter.h"
#include "imrcheck/pdf.h"
#include "imrcheck/review.h"
#include "model.h"
#include "prefilter.h"
#include "review.h"
#include "sentence.h"
#include "strutil.h"

const char *imr_finding_type_name(imr_finding_type type)
{
	switch (type) {
	case IMR_FINDING_DISCORDANCE: return "decision discordance";
	case IMR_FINDING_RATIONALE: return "rationale contradicted by the record";
	case IMR_FINDING_CITATION: return "citation inconsistency";
	case IMR_FINDING_INCONSISTENCY: return "inconsistency across letters";
	}
	return "finding";
}

const char *imr_finding_severity_name(imr_finding_severity severity)
{
	switch (severity) {
	case IMR_FINDING_SEVERITY_LOW: return "low";
	case IMR_FINDING_SEVERITY_MEDIUM: return "medium";
	case IMR_FINDING_SEVERITY_HIGH: return "high";
	}
	return "low";
}

int imr_finding_severity_from_name(const char *name)
{
	int s;
	for (s = IMR_FINDING_SEVERITY_LOW; name && s <= IMR_FINDING_SEVERITY_HIGH; s++)
		if (strcmp(name, imr_finding_severity_name((imr_finding_severity)s)) == 0)
			return s;
	return -1;
}

/* Every code an audit can raise, in the order of docs/audit.md. */
static const char *const finding_codes[] = {
	"decision-discordance",
	"rationale-contradicted",
	"rationale-unsupported",
	"citation-topic",
	"citation-mtus-set-aside",
	"citation-guidelines-differ",
	"cross-letter-inconsistency",
	"rationale-self-contradiction",
	"rationale-pasted",
	"rationale-copied-across-letters",
	"citation-non-guideline",
	"rationale-other-service",
};

size_t imr_finding_code_count(void)
{
	return sizeof(finding_codes) / sizeof(finding_codes[0]);
}

const char *imr_finding_code_at(size_t index)
{
	return index < imr_finding_code_count() ? finding_codes[index] : NULL;
}

int imr_finding_code_known(const char *code)
{
	size_t i;
	for (i = 0; code && i < imr_finding_code_count(); i++)
		if (strcmp(code, finding_codes[i]) == 0)
			return 1;
	return 0;
}

/* Codes whose judged precision on the development letters is below 80%
 * (tests/audit/judged-findings.tsv holds every judgement and the test that
 * keeps the default codes above the bar). A code leaves this list only
 * with judgements that show it worth raising. */
static const char *const experimental_codes[] = {
	"citation-guidelines-differ",  /* mostly the normal order: ODG at first
					* review, the MTUS at IMR */
	"decision-discordance",        /* as good as the rules: a rule that misses
					* an indication or reads a request as done
					* makes a wrong one */
	"cross-letter-inconsistency",  /* rests on the same predictions */
	"rationale-unsupported",       /* true, but often a side remark: the summary
					* is a summary */
	"rationale-copied-across-letters", /* no such copy among the development
					    * letters to judge it by */
};

int imr_finding_code_experimental(const char *code)
{
	size_t i;
	for (i = 0; code && i < sizeof(experimental_codes) / sizeof(experimental_codes[0]); i++)
		if (strcmp(code, experimental_codes[i]) == 0)
			return 1;
	return 0;
}

/* Drop the experimental findings of a letter, or mark them when they are
 * wanted. */
static void sort_out_experimental(imr__audit_slot *s, int keep)
{
	size_t i, n = 0;
	for (i = 0; i < s->nfindings; i++) {
		int exp = imr_finding_code_experimental(s->findings[i].code);
		if (exp && !keep)
			continue;
		s->findings[n] = s->findings[i];
		s->findings[n++].experimental = exp;
	}
	s->nfindings = n;
}

/* ---- per-letter work ---- */

imr_finding *imr__audit_new_finding(imr__audit_slot *s, imr_finding_type type, const char *code, size_t item)
{
	void *items = s->findings;
	imr_finding *f;
	if (imr__grow(&items, &s->capfindings, s->nfindings + 1, sizeof(imr_finding)) < 0) {
		s->arena.failed = 1;
		return NULL;
	}
	s->findings = items;
	f = &s->findings[s->nfindings++];
	memset(f, 0, sizeof(*f));
	f->type = type;
	f->code = code;
	f->letter = s->letter.index;
	f->item = item;
	f->other_letter = f->other_item = (size_t)-1;
	return f;
}

static const char *member(const imr_rules *rules, const imr_facts *facts, int fact)
{
	const imr_value *v;
	if (fact < 0)
		return NULL;
	v = imr__facts_value(facts, fact);
	if (v->status != IMR_FACT_PRESENT || rules->facts[fact].type != IMR_TYPE_ENUM)
		return NULL;
	return rules->enums[rules->facts[fact].enum_index].members[(int)v->num];
}

static void fill_item(imr_audit *au, imr__audit_slot *s, imr_audit_item *ai, const imr_review_item *ri, size_t k)
{
	imr_arena *arena = &s->arena;
	const imr_item_result *ir = ri->result;
	imr_buf sig = IMR_BUF_INIT;
	size_t c, nunmet = 0;
	const char *category = member(au->rules, ri->attrs, au->f_category);
	const char **unmet;

	ai->number = k + 1;
	ai->service = imr__arena_strdup(arena, ri->letter->service);
	ai->category = imr__arena_strdup(arena, category ? category : "other");
	ai->procedure = imr__arena_strdup(arena, ir->procedure);
	ai->region = imr__arena_strdup(arena, ir->region);
	ai->actual = ri->letter->decision;
	ai->predicted = ir->outcome;
	ai->agrees = ri->agrees;
	ai->reason = imr__arena_strdup(arena, ir->reason);
	ai->undecided = ir->undecided;
	ai->strength = ir->strength;
	if (ir->rule) {
		ai->rule = imr__arena_strdup(arena, ir->rule->id);
		ai->guideline = imr__arena_strdup(arena, ir->rule->guideline);
		ai->rule_citation = imr__arena_strdup(arena, ir->rule->citation);
	}
	ai->reviewer_guideline = imr__audit_guidelines_of(arena, &ri->letter->reviewer);
	ai->reviewer_citation = imr__arena_strdup(arena, ri->letter->reviewer.text);
	ai->rationale = imr__arena_strdup(arena, ri->letter->rationale);
	unmet = imr__arena_alloc(arena, (ir->criteria_count + 1) * sizeof(char *));
	for (c = 0; c < ir->criteria_count; c++) {
		const imr_criterion_result *cr = &ir->criteria[c];
		/* put, not printf: a letter signs some twenty criteria */
		if (c)
			imr_buf_puts(&sig, ";");
		imr_buf_puts(&sig, cr->id);
		imr_buf_puts(&sig, "=");
		imr_buf_puts(&sig, imr_status_name(cr->status));
		if (unmet && (cr->status == IMR_STATUS_NOT_MET || cr->status == IMR_STATUS_NOT_DOCUMENTED))
			unmet[nunmet++] = imr__arena_strdup(arena, cr->id);
	}
	ai->signature = imr__arena_strdup(arena, imr_buf_cstr(&sig));
	ai->unmet = unmet;
	ai->unmet_count = nunmet;
	imr_buf_dispose(&sig);
}

static void discordance(imr__audit_slot *s, const imr_audit_item *ai, size_t k, unsigned rationale_line)
{
	imr_finding *f;
	imr_buf ev = IMR_BUF_INIT;
	size_t c;
	if (ai->agrees != 0)
		return;
	f = imr__audit_new_finding(s, IMR_FINDING_DISCORDANCE, "decision-discordance", k);
	if (!f)
		return;
	/* against a prediction resting on documented facts, the decision
	 * itself is in question; on missing documentation, less so */
	f->severity = ai->strength == IMR_STRENGTH_DOCUMENTED ? IMR_FINDING_SEVERITY_HIGH : IMR_FINDING_SEVERITY_MEDIUM;
	f->message = imr__arena_printf(&s->arena, "the reviewer %s the denial; the rules predict it would be %s%s%s",
				       ai->actual == IMR_OUTCOME_UPHELD ? "upheld" : "overturned",
				       imr_outcome_name(ai->predicted), ai->rule ? " under " : "",
				       ai->rule ? ai->rule : "");
	for (c = 0; c < ai->unmet_count; c++)
		imr_buf_printf(&ev, "%s%s", c ? ", " : "unmet: ", ai->unmet[c]);
	if (ai->rationale)
		imr_buf_printf(&ev, "%srationale of item %zu, line %u: %.300s%s", ev.size ? "; " : "", k + 1,
			       rationale_line, ai->rationale, strlen(ai->rationale) > 300 ? "..." : "");
	f->evidence = imr__arena_strdup(&s->arena, imr_buf_cstr(&ev));
	imr_buf_dispose(&ev);
}

/* The first sentence of the summary that states a fact, or NULL when the
 * fact was only inferred or computed by the program from others (its
 * "evidence" is then an expression, and the letter never says it). */
static const imr_evidence *summary_evidence(const imr_facts *facts, int fact)
{
	const imr_value *v = imr__facts_value(facts, fact);
	size_t i;
	for (i = 0; i < v->nev; i++)
		if (v->ev[i].text && !(v->ev[i].source && (strcmp(v->ev[i].source, "inferred") == 0 ||
							  strcmp(v->ev[i].source, "computed") == 0)))
			return &v->ev[i];
	return NULL;
}

/* ---- rationales ---- */

/* The rationale matches a finding can come from: counted matches of
 * boolean facts of the record, with the run they were found in. Everything
 * else a rationale says is not compared. */
typedef struct said {
	size_t run;
	int fact, absent;
	unsigned flags;
	imr_span_match where;
} said;

/* The runs of case sentences of every item's rationale, and what was
 * found in them, for one letter. */
typedef struct rationales {
	const imr_rules *rules;
	const unsigned char *held; /* imr__audit_held_facts() */
	imr_text_span *runs;
	size_t *run_item;         /* the item of each run */
	unsigned char *check_each; /* each match's sentence still needs a case check */
	size_t nruns, capruns;
	said *said;
	size_t nsaid, capsaid;
	int failed;
} rationales;

static void rationales_dispose(rationales *rt)
{
	imr__free(rt->runs);
	imr__free(rt->run_item);
	imr__free(rt->check_each);
	imr__free(rt->said);
}

static int add_run(rationales *rt, size_t item, size_t start, size_t end, int check_each)
{
	size_t cap = rt->capruns;
	void *a = rt->runs, *b = rt->run_item, *c = rt->check_each;
	if (rt->nruns == cap) {
		size_t c1 = cap, c2 = cap, c3 = cap;
		if (imr__grow(&a, &c1, rt->nruns + 1, sizeof(imr_text_span)) < 0)
			return IMR_ENOMEM;
		rt->runs = a;
		if (imr__grow(&b, &c2, rt->nruns + 1, sizeof(size_t)) < 0)
			return IMR_ENOMEM;
		rt->run_item = b;
		if (imr__grow(&c, &c3, rt->nruns + 1, 1) < 0)
			return IMR_ENOMEM;
		rt->check_each = c;
		rt->capruns = c1;
	}
	rt->runs[rt->nruns].start = start;
	rt->runs[rt->nruns].end = end;
	rt->run_item[rt->nruns] = item;
	rt->check_each[rt->nruns] = (unsigned char)check_each;
	rt->nruns++;
	return 0;
}

/* Item k's rationale, cut into runs of consecutive sentences that speak of
 * the case (guideline text restated in a rationale is not a statement
 * about the patient): the lexicons read only these. */
static int collect_runs(rationales *rt, imr_worker *w, const imr_text *text, const imr_letter_item *li, size_t k)
{
	imr_sentences sents = { NULL, 0, 0 };
	size_t len, i, run_start = 0, run_end = 0;
	const char *data = imr_text_data(text, &len);
	int err = 0, is_case = 1, in_run = 0;

	if (li->rationale_span.end <= li->rationale_span.start || li->rationale_span.end > len)
		return 0;
	err = imr__worker_sentences(w, text, li->rationale_span.start, li->rationale_span.end, &sents);
	for (i = 0; !err && i <= sents.count; i++) {
		if (i < sents.count) {
			is_case = imr__extract_is_case_sentence(w, data + sents.items[i].start,
								sents.items[i].end - sents.items[i].start);
			if (is_case < 0) {
				err = is_case;
				break;
			}
		}
		if (i < sents.count && is_case) {
			if (!in_run)
				run_start = sents.items[i].start;
			run_end = sents.items[i].end;
			in_run = 1;
			continue;
		}
		if (in_run) {
			/* a context file without case references (2) reads every
			 * sentence, and checks each match's sentence instead */
			err = add_run(rt, k, run_start, run_end, is_case == 2);
			in_run = 0;
		}
	}
	imr__sentences_dispose(&sents);
	return err;
}

/* Whether a counted match of a rationale states something of the record
 * that can be held against the summary. Not: plans, hypotheticals,
 * statements about other people or uncertain ones; a negation inside a
 * statement about the record ("no indication the patient is not able to
 * tolerate pills" says nothing either way); and an absence said of part of
 * a thing ("no physical therapy notes", "has not completed physical
 * therapy", "no improvement from chiropractic care"), which is no claim
 * that the thing itself is absent. */
static int is_claim(const imr_span_match *m)
{
	unsigned f = m->flags;
	if (f & (IMR_CONTEXT_HYPOTHETICAL | IMR_CONTEXT_OTHER_PERSON | IMR_CONTEXT_PLANNED))
		return 0;
	if ((f & IMR_CONTEXT_RECORD) && (f & IMR_CONTEXT_NEGATED))
		return 0;
	if ((f & IMR_CONTEXT_UNCERTAIN) && !(f & IMR_CONTEXT_RECORD))
		return 0;
	if (m->absent && (f & IMR_CONTEXT_QUALIFIED))
		return 0;
	return 1;
}

unsigned char *imr__audit_held_facts(const imr_rules *rules)
{
	unsigned char *held = imr__calloc(rules->nfacts + 1, 1);
	size_t f;
	for (f = 0; held && f < rules->nfacts; f++)
		held[f] = rules->facts[f].type == IMR_TYPE_BOOLEAN &&
			  rules->facts[f].finding != IMR_FINDING_KIND_NONE;
	return held;
}

static int keep_said(void *ctx, size_t run, const imr_span_match *m, size_t count)
{
	rationales *rt = ctx;
	size_t i;
	for (i = 0; i < count; i++) {
		said *sd;
		/* only facts of the record (findings, treatments, history), not
		 * plans or descriptions, are held against the summary (the
		 * search looked for those alone) */
		if (!m[i].counted || !rt->held[m[i].fact])
			continue;
		if (!is_claim(&m[i]))
			continue;
		if (rt->nsaid == rt->capsaid) {
			void *grown = rt->said;
			if (imr__grow(&grown, &rt->capsaid, rt->nsaid + 1, sizeof(said)) < 0)
				return IMR_ENOMEM;
			rt->said = grown;
		}
		sd = &rt->said[rt->nsaid++];
		sd->run = run;
		sd->fact = m[i].fact;
		sd->absent = m[i].absent;
		sd->flags = m[i].flags;
		sd->where = m[i];
	}
	return 0;
}

/* The letter's text scanned for atoms where the audit reads it: the
 * summary and each item's rationale, not the header, addresses and notices
 * around them (a third of a letter). A letter without a summary is read
 * whole, so scanned whole. */
static int scan_read_parts(imr_worker *w, const imr_text *text, const imr_letter *letter)
{
	imr_hits_range *ranges;
	size_t k, n = 0;
	int err;
	if (letter->summary_span.end <= letter->summary_span.start)
		return imr__worker_scan(w, text);
	if (!(ranges = imr__malloc((letter->item_count + 1) * sizeof(*ranges))))
		return IMR_ENOMEM;
	ranges[n].start = letter->summary_span.start;
	ranges[n++].end = letter->summary_span.end;
	for (k = 0; k < letter->item_count; k++) {
		ranges[n].start = letter->items[k].rationale_span.start;
		ranges[n++].end = letter->items[k].rationale_span.end;
	}
	err = imr__worker_scan_ranges(w, text, ranges, n);
	imr__free(ranges);
	return err;
}

/* The rationale of every item, read in one pass over the letter's text:
 * the runs of case sentences of all items, then the lexicons over all of
 * them at once (extract.c scans the text for atoms once, for the summary
 * and these runs alike). */
static int read_rationales(rationales *rt, imr_worker *w, const imr_text *text, const imr_letter *letter)
{
	imr_diags diags;
	size_t k;
	/* the case-sentence checks read the worker's scan, which must be of
	 * this text */
	int err = imr__worker_scan(w, text);
	for (k = 0; k < letter->item_count && !err; k++)
		err = collect_runs(rt, w, text, &letter->items[k], k);
	if (err || !rt->nruns)
		return err;
	imr_diags_init(&diags);
	err = imr__extract_spans(w, text, rt->runs, rt->nruns, rt->held, &diags, keep_said, rt);
	imr_diags_dispose(&diags);
	return err;
}

/* What item k's rationale says about the case, against the summary's facts. */
static int rationale_findings(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_text *text,
			      const imr_review *r, size_t k, const rationales *rt)
{
	const imr_rules *rules = au->rules;
	imr_buf sentence = IMR_BUF_INIT;
	size_t i, j;
	int err = 0;
	for (i = 0; i < rt->nsaid && !err; i++) {
		const said *m = &rt->said[i];
		const imr_factdef *def = &rules->facts[m->fact];
		const imr_value *known;
		const imr_evidence *stated;
		unsigned line;
		int is_case = 1;
		imr_finding *f;
		if (rt->run_item[m->run] != k)
			continue;
		/* one finding per fact and run */
		for (j = i; j-- > 0 && rt->said[j].run == m->run;)
			if (rt->said[j].fact == m->fact)
				break;
		if (j != (size_t)-1 && rt->said[j].run == m->run)
			continue;
		imr_buf_clear(&sentence);
		if ((err = imr__span_match_sentence(&m->where, &sentence)) < 0)
			break;
		if (rt->check_each[m->run]) {
			is_case = imr__extract_is_case_sentence(w, imr_buf_cstr(&sentence), sentence.size);
			if (is_case < 0) {
				err = is_case;
				break;
			}
			if (is_case == 0)
				continue;
		}
		known = imr__facts_value(r->facts, m->fact);
		stated = summary_evidence(r->facts, m->fact);
		if (known->status != IMR_FACT_NOT_DOCUMENTED && !stated)
			continue; /* the program's inference, not the letter's word */
		line = imr_text_line(text, m->where.sent_start);
		if (m->absent && known->status == IMR_FACT_PRESENT) {
			f = imr__audit_new_finding(s, IMR_FINDING_RATIONALE, "rationale-contradicted", k);
			if (!f)
				break;
			f->message = imr__arena_printf(&s->arena,
						       "the reviewer says it is absent or not documented; the case summary documents it (%s: %s)",
						       def->name, def->description ? def->description : "");
		} else if (!m->absent && known->status == IMR_FACT_ABSENT) {
			f = imr__audit_new_finding(s, IMR_FINDING_RATIONALE, "rationale-contradicted", k);
			if (!f)
				break;
			f->message = imr__arena_printf(&s->arena,
						       "the reviewer relies on something the case summary documents as absent (%s: %s)",
						       def->name, def->description ? def->description : "");
		} else if (!m->absent && known->status == IMR_FACT_NOT_DOCUMENTED && is_case == 1 &&
			   def->finding == IMR_FINDING_KIND_OBJECTIVE && !def->derive) {
			f = imr__audit_new_finding(s, IMR_FINDING_RATIONALE, "rationale-unsupported", k);
			if (!f)
				break;
			f->message = imr__arena_printf(&s->arena,
						       "the reviewer states a finding the case summary does not contain (%s: %s)",
						       def->name, def->description ? def->description : "");
			/* searched and not found: say where */
			f->evidence = imr__arena_printf(&s->arena,
							"rationale of item %zu, line %u: \"%s\"; case summary: nothing the %s lexicons read",
							k + 1, line, imr_buf_cstr(&sentence), def->name);
			f->phrase = imr__arena_strdup(&s->arena, imr_buf_cstr(&sentence));
			f->severity = r->items[k].letter->decision == IMR_OUTCOME_UPHELD ? IMR_FINDING_SEVERITY_MEDIUM
											 : IMR_FINDING_SEVERITY_LOW;
			continue;
		} else {
			continue;
		}
		/* a denial upheld on a reading the record contradicts rests on it */
		f->severity = r->items[k].letter->decision == IMR_OUTCOME_UPHELD ? IMR_FINDING_SEVERITY_HIGH : IMR_FINDING_SEVERITY_MEDIUM;
		f->evidence = imr__arena_printf(&s->arena,
						"rationale of item %zu, line %u: \"%s\"; case summary, line %u: \"%s\"",
						k + 1, line, imr_buf_cstr(&sentence), stated->line, stated->text);
		f->phrase = imr__arena_strdup(&s->arena, imr_buf_cstr(&sentence));
	}
	imr_buf_dispose(&sentence);
	return err < 0 ? err : 0;
}

/* @p path as the reports show it (imr__path_escape()), in @p arena. */
const char *imr__audit_shown_name(imr_arena *arena, const char *path)
{
	imr_buf b = IMR_BUF_INIT;
	const char *out = NULL;
	if (!path)
		return NULL;
	if (imr__path_escape(&b, path) == 0)
		out = imr__arena_strndup(arena, imr_buf_cstr(&b), b.size);
	else
		arena->failed = 1;
	imr_buf_dispose(&b);
	return out;
}

static void fail_letter(imr__audit_slot *s, const char *error)
{
	s->letter.failed = 1;
	s->letter.error = imr__arena_strdup(&s->arena, error);
}

/* The letter's first error as one line, under the letter's name as the
 * reports show it (@p name: escaped, strutil.h) rather than the raw path
 * the diagnostics carry. */
static void first_error(imr__audit_slot *s, const imr_diags *diags, int err, const char *name)
{
	imr_buf msg = IMR_BUF_INIT;
	if (diags->count) {
		imr_diag d = diags->items[0];
		d.file = (char *)(uintptr_t)name;
		imr_diag_format(&msg, &d, 0);
	} else {
		imr_buf_printf(&msg, "%s: %s", name, imr_strerror(err));
	}
	fail_letter(s, imr_buf_cstr(&msg));
	imr_buf_dispose(&msg);
}

/* Every item's rationale read on its own (rationale.h), as far as the
 * audit needs it: the conclusion, from the last two sentences (where a
 * rationale states it; reading the whole rationale again would cost as
 * much as the rest of the letter), and the fingerprints of the whole text
 * and of its case sentences (the runs @p rt found). *out has one entry per
 * item, NULL for an item without a rationale. */
static int read_each_rationale(imr_rationale ***out, imr_worker *w, const imr_text *text, const imr_review *r,
			       const rationales *rt, imr_diags *diags)
{
	imr_rationale **ras = imr__calloc(r->item_count + 1, sizeof(imr_rationale *));
	size_t k, i, len;
	const char *data = imr_text_data(text, &len);
	int err = 0;
	*out = ras;
	if (!ras)
		return IMR_ENOMEM;
	/* the reading is made from the extraction's listing of matches, which
	 * the audit's lean worker leaves out of the reviews */
	imr__worker_lean(w, 0);
	for (k = 0; k < r->item_count && !err; k++) {
		const imr_span *span = &r->items[k].letter->rationale_span;
		imr_sentences sents = { NULL, 0, 0 };
		size_t from = span->start;
		imr_text_span whole;
		if (span->end <= span->start || span->end > len)
			continue;
		err = imr__worker_sentences(w, text, span->start, span->end, &sents);
		if (!err && sents.count > 2)
			from = sents.items[sents.count - 2].start;
		imr__sentences_dispose(&sents);
		if (!err)
			err = imr__rationale_read_opts(&ras[k], w, text, from, span->end,
						       IMR__RATIONALE_SERVICES_LATER | IMR__RATIONALE_CONCLUSION_ONLY, diags);
		if (err)
			break;
		whole.start = span->start;
		whole.end = span->end;
		imr__rationale_fingerprint(data, &whole, 1, &ras[k]->whole_hash, &ras[k]->whole_simhash);
		ras[k]->hash = ras[k]->simhash = 0;
		for (i = 0; i < rt->nruns && rt->run_item[i] != k; i++)
			;
		if (i < rt->nruns) { /* an item's runs are consecutive */
			size_t n = 0;
			while (i + n < rt->nruns && rt->run_item[i + n] == k)
				n++;
			imr__rationale_fingerprint(data, rt->runs + i, n, &ras[k]->hash, &ras[k]->simhash);
		}
	}
	imr__worker_lean(w, 1);
	return err;
}

static void free_each_rationale(imr_rationale **ras, size_t n)
{
	size_t k;
	for (k = 0; ras && k < n; k++)
		imr__rationale_free(ras[k]);
	imr__free(ras);
}

/* ---- the reasons a rationale gives ---- */

/* Reasons are the facts named denial.* (for upholding the denial) and
 * approval.* (for overturning it), the rationale lexicons' convention. */
static int is_reason(const char *name)
{
	return imr__starts_with(name, "denial.") || imr__starts_with(name, "approval.");
}

const char *imr__audit_reason_name(const imr_rules *rules, const char *name)
{
	int f = name ? imr__vocab_fact(rules, name, strlen(name)) : -1;
	return f >= 0 && is_reason(rules->facts[f].name) ? rules->facts[f].name : NULL;
}

/* The reasons item @p li's rationale gives, from one search of the
 * rationale lexicons over it (@p found: rules->nfacts bytes of scratch),
 * as fact names in vocabulary order. */
static int read_reasons(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_text *text,
			const imr_letter_item *li, unsigned char *found, imr_audit_item *ai, imr_diags *diags)
{
	const imr_rules *rules = au->rules;
	const char **names;
	size_t f, n = 0, len;
	int marked;

	imr_text_data(text, &len);
	if (li->rationale_span.end <= li->rationale_span.start || li->rationale_span.end > len)
		return 0;
	memset(found, 0, rules->nfacts);
	marked = imr__extract_rationale_facts(w, text, li->rationale_span.start, li->rationale_span.end, found,
					      diags);
	if (marked <= 0)
		return marked;
	if (!(names = imr__arena_alloc(&s->arena, (size_t)marked * sizeof(char *))))
		return 0; /* the arena is marked failed: the letter is recorded as such */
	for (f = 0; f < rules->nfacts; f++)
		if (found[f] && is_reason(rules->facts[f].name))
			names[n++] = rules->facts[f].name;
	ai->reasons = names;
	ai->reason_count = n;
	return 0;
}

/* The review of @p letter, its summary searched for what its items' rules
 * read and for the facts its rationales state (@p rt). */
static int review_for_audit(imr_review **out, imr_audit *au, imr_worker *w, const imr_text *text,
			    const imr_letter *letter, const rationales *rt, imr_diags *diags)
{
	unsigned char *said_facts = imr__calloc(au->rules->nfacts + 1, 1);
	size_t i;
	int err;
	if (!said_facts)
		return IMR_ENOMEM;
	for (i = 0; i < rt->nsaid; i++)
		said_facts[rt->said[i].fact] = 1;
	err = imr__review_letter_for_audit(out, w, text, letter, &au->eval_opts, said_facts, diags);
	imr__free(said_facts);
	return err;
}

static void process_input(imr_audit *au, imr_worker *w, imr__audit_slot *s, size_t index,
			  const imr_audit_input *in)
{
	imr_text *text = NULL;
	imr_letter *letter = NULL;
	imr_review *review = NULL;
	imr_diags diags;
	imr_audit_item *items;
	rationales rt;
	imr_rationale **ras = NULL;
	unsigned char *found = NULL; /* facts found in a rationale */
	char date[11];
	size_t k;
	int err = 0, rt_err = 0;

	memset(&rt, 0, sizeof(rt));
	s->letter.index = index;
	s->letter.file = imr__audit_shown_name(&s->arena, in->path);
	s->letter.link = imr__audit_shown_name(&s->arena, in->link);
	if (in->error) {
		fail_letter(s, imr__arena_printf(&s->arena, "%s: %s", s->letter.file, in->error));
		return;
	}
	imr_diags_init(&diags);
	err = imr_pdf_load_text(&text, in->path, &au->limits, &diags);
	if (!err)
		err = imr_letter_parse(&letter, au->rules, text, &au->limits, &diags);
	/* the rationales first: the summary is searched only for what the
	 * items' rules read and what the rationales say (rationale_findings()) */
	rt.rules = au->rules;
	rt.held = au->held;
	if (!err)
		err = scan_read_parts(w, text, letter);
	if (!err)
		rt_err = read_rationales(&rt, w, text, letter);
	if (!err && !rt_err)
		err = review_for_audit(&review, au, w, text, letter, &rt, &diags);
	else if (!err)
		err = imr_review_letter_opts(&review, w, text, letter, &au->eval_opts, &diags);
	if (err) {
		imr_diags_sort(&diags);
		first_error(s, &diags, err, s->letter.file);
		goto done;
	}
	s->letter.case_number = imr__arena_strdup(&s->arena, letter->header.case_number);
	if (!s->letter.case_number) {
		/* no case number to tell a copy of this letter by: its text */
		char digest[IMR__CASEKEY_DIGEST_HEX + 1];
		size_t len;
		const char *data = imr_text_data(text, &len);
		imr__casekey_digest(digest, data, len);
		s->letter.text_digest = imr__arena_strdup(&s->arena, digest);
	}
	s->letter.layout = imr__arena_strdup(&s->arena, letter->layout_name);
	s->letter.specialty = imr__arena_strdup(&s->arena, letter->specialty);
	s->letter.licensure = imr__arena_strdup(&s->arena, letter->licensure);
	s->letter.summary = imr__arena_strdup(&s->arena, letter->summary);
	s->letter.decision_date = imr__arena_strdup(&s->arena, letter->header.decision_date);
	if (review->request_date != IMR_DATE_NONE) {
		imr_date_format(date, review->request_date);
		s->letter.request_date = imr__arena_strdup(&s->arena, date);
	}
	items = imr__arena_alloc(&s->arena, (review->item_count + 1) * sizeof(imr_audit_item));
	if (!items)
		goto done;
	err = rt_err;
	if (!err)
		err = read_each_rationale(&ras, w, text, review, &rt, &diags);
	if (!err && !(found = imr__malloc(au->rules->nfacts + 1)))
		err = IMR_ENOMEM;
	for (k = 0; k < review->item_count && !err; k++) {
		fill_item(au, s, &items[k], &review->items[k], k);
		items[k].rationale_line = review->items[k].letter->rationale_span.line;
		if (ras[k]) {
			items[k].case_print = ras[k]->hash;
			items[k].case_simprint = ras[k]->simhash;
		}
		err = read_reasons(au, s, w, text, review->items[k].letter, found, &items[k], &diags);
		if (err)
			break;
		discordance(s, &items[k], k, review->items[k].letter->rationale_span.line);
		err = rationale_findings(au, s, w, text, review, k, &rt);
		if (!err)
			err = imr__audit_citation_findings(au, s, w, &review->items[k], &items[k], k);
		if (!err)
			err = imr__audit_consistency(au, s, w, text, review, ras, items, k, &diags);
		if (!err)
			err = imr__audit_scope_findings(au, s, w, text, &review->items[k], k);
	}
	s->letter.items = items;
	s->letter.item_count = review->item_count;
	sort_out_experimental(s, au->all_findings);
	if (!err)
		err = imr__audit_collapse(s);
	if (err) {
		s->letter.items = NULL;
		s->letter.item_count = 0;
		s->nfindings = 0;
		first_error(s, &diags, err, s->letter.file);
	}
done:
	rationales_dispose(&rt);
	free_each_rationale(ras, review ? review->item_count : 0);
	imr__free(found);
	imr_review_free(review);
	imr_letter_free(letter);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	if (s->arena.failed) {
		/* out of memory for this letter: record that much, if anything */
		imr__arena_dispose(&s->arena);
		memset(&s->letter, 0, sizeof(s->letter));
		s->nfindings = 0;
		s->letter.index = index;
		s->letter.failed = 1;
		s->letter.file = imr__audit_shown_name(&s->arena, in->path);
		s->letter.link = imr__audit_shown_name(&s->arena, in->link);
		s->letter.error = "out of memory while reading this letter";
	}
	s->letter.findings = s->findings;
	s->letter.finding_count = s->nfindings;
}

void imr__audit_process(imr_audit *au, imr_worker *w, imr__audit_slot *s, size_t index)
{
	imr_audit_input in;
	imr_buf scratch = IMR_BUF_INIT;
	if (imr_audit_inputs_get(au->inputs, index, &in, &scratch) == 0) {
		process_input(au, w, s, index, &in);
	} else {
		s->letter.index = index;
		s->letter.failed = 1;
		s->letter.error = "out of memory while reading the name of this letter";
	}
	imr_buf_dispose(&scratch);
}
