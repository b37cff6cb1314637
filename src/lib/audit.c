/* audit.c - a corpus of letters: discovery, worker threads, records, findings.
 *
 * Inputs are listed once, in a fixed order. Worker threads take the next
 * input index from an atomic counter, review that letter with their own
 * imr_worker, and leave a compact record (strings in the record's own
 * arena) in the slot of that index; the calling thread hands records to
 * the streaming callback strictly in index order. Everything after the
 * threads (inconsistencies across letters, statistics) is computed from
 * the slots in index order, so the result does not depend on scheduling. */
#include "imrcheck/audit.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "alloc.h"
#include "arena.h"
#include "audit.h"
#include "imrcheck/date.h"
#include "imrcheck/extract.h"
#include "imrcheck/letter.h"
#include "imrcheck/pdf.h"
#include "imrcheck/review.h"
#include "model.h"
#include "sentence.h"

/* ---- inputs ---- */

struct imr_audit_inputs {
	imr_arena arena;
	imr_audit_input *items;
	size_t count, cap;
	int failed;   /* an allocation failed */
};

typedef struct dir_id {
	dev_t dev;
	ino_t ino;
} dir_id;

static void add_input(imr_audit_inputs *in, const char *path, const char *error)
{
	void *items = in->items;
	imr_audit_input *it;
	if (imr__grow(&items, &in->cap, in->count + 1, sizeof(imr_audit_input)) < 0) {
		in->failed = 1;
		return;
	}
	in->items = items;
	it = &in->items[in->count++];
	it->path = imr__arena_strdup(&in->arena, path);
	it->error = imr__arena_strdup(&in->arena, error);
	if (!it->path)
		in->failed = 1;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* In a directory, letters are the *.txt and *.pdf files (any case). */
static int is_letter_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && (strcasecmp(name + n - 4, ".txt") == 0 || strcasecmp(name + n - 4, ".pdf") == 0);
}

/* State of one imr_audit_collect(): the directories being walked (to
 * refuse a symlink back into one of them) and every directory read so far
 * (a directory reached again through another link is not read twice, so
 * links fanning out to the same directories cannot multiply the walk). */
typedef struct walker {
	imr_audit_inputs *in;
	unsigned max_depth;
	dir_id *stack;          /* max_depth entries */
	dir_id *seen;
	size_t nseen, capseen;
} walker;

static int same_dir(const dir_id *a, const struct stat *st)
{
	return a->dev == st->st_dev && a->ino == st->st_ino;
}

/* Remember @p st as read; 0 when it was read before, -1 on failure. */
static int first_visit(walker *wk, const struct stat *st)
{
	size_t i;
	void *grown = wk->seen;
	for (i = 0; i < wk->nseen; i++)
		if (same_dir(&wk->seen[i], st))
			return 0;
	if (imr__grow(&grown, &wk->capseen, wk->nseen + 1, sizeof(dir_id)) < 0) {
		wk->in->failed = 1;
		return -1;
	}
	wk->seen = grown;
	wk->seen[wk->nseen].dev = st->st_dev;
	wk->seen[wk->nseen].ino = st->st_ino;
	wk->nseen++;
	return 1;
}

/* Walk @p dir (whose stat is @p dst) at @p depth (its ancestors are
 * wk->stack[0, depth)). */
static void walk(walker *wk, const char *dir, const struct stat *dst, size_t depth)
{
	imr_audit_inputs *in = wk->in;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	char msg[300];

	if (depth >= wk->max_depth) {
		snprintf(msg, sizeof(msg), "directories nested deeper than %u levels (the limit)", wk->max_depth);
		add_input(in, dir, msg);
		return;
	}
	if (first_visit(wk, dst) <= 0)
		return; /* already read through another path (or out of memory) */
	wk->stack[depth].dev = dst->st_dev;
	wk->stack[depth].ino = dst->st_ino;
	d = opendir(dir);
	if (!d) {
		snprintf(msg, sizeof(msg), "cannot open directory: %s", strerror(errno));
		add_input(in, dir, msg);
		return;
	}
	while ((de = readdir(d))) {
		void *grown = names;
		if (de->d_name[0] == '.')
			continue; /* hidden files and . and .. */
		if (imr__grow(&grown, &cap, n + 1, sizeof(char *)) < 0) {
			in->failed = 1;
			break;
		}
		names = grown;
		if (!(names[n] = imr__strdup(de->d_name))) {
			in->failed = 1;
			break;
		}
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(char *), compare_names);
	for (i = 0; i < n && !in->failed; i++) {
		char path[4096];
		struct stat st;
		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path)) {
			add_input(in, names[i], "path too long");
			continue;
		}
		if (stat(path, &st) != 0) {
			struct stat lst;
			if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
				snprintf(msg, sizeof(msg), "broken or looping symbolic link: %s", strerror(errno));
			else
				snprintf(msg, sizeof(msg), "cannot read: %s", strerror(errno));
			add_input(in, path, msg);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t k;
			int loop = 0;
			for (k = 0; k <= depth; k++)
				loop |= same_dir(&wk->stack[k], &st);
			if (loop) {
				add_input(in, path, "symbolic link loop: this directory is already being read");
				continue;
			}
			walk(wk, path, &st, depth + 1);
		} else if (!is_letter_name(names[i])) {
			continue; /* manifests, golden outputs, notes beside the letters */
		} else if (S_ISREG(st.st_mode)) {
			add_input(in, path, NULL);
		} else {
			add_input(in, path, "not a regular file");
		}
	}
	for (i = 0; i < n; i++)
		imr__free(names[i]);
	imr__free(names);
}

int imr_audit_collect(imr_audit_inputs **out, const char *const *paths, size_t count,
		      const imr_limits *limits)
{
	imr_limits lim = imr_limits_resolve(limits);
	imr_audit_inputs *in = imr__calloc(1, sizeof(*in));
	walker wk;
	size_t i;

	*out = NULL;
	if (!in)
		return IMR_ENOMEM;
	memset(&wk, 0, sizeof(wk));
	wk.in = in;
	wk.max_depth = lim.dir_depth;
	if (!(wk.stack = imr__calloc(lim.dir_depth, sizeof(dir_id))))
		in->failed = 1;
	for (i = 0; i < count && !in->failed; i++) {
		struct stat st;
		char msg[300];
		if (stat(paths[i], &st) != 0) {
			snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
			add_input(in, paths[i], msg);
		} else if (S_ISDIR(st.st_mode)) {
			walk(&wk, paths[i], &st, 0);
		} else if (S_ISREG(st.st_mode)) {
			add_input(in, paths[i], NULL);
		} else {
			add_input(in, paths[i], "not a regular file");
		}
	}
	imr__free(wk.stack);
	imr__free(wk.seen);
	if (in->failed || in->arena.failed) {
		imr_audit_inputs_free(in);
		return IMR_ENOMEM;
	}
	*out = in;
	return IMR_OK;
}

size_t imr_audit_inputs_count(const imr_audit_inputs *inputs)
{
	return inputs->count;
}

const imr_audit_input *imr_audit_inputs_get(const imr_audit_inputs *inputs, size_t index)
{
	return index < inputs->count ? &inputs->items[index] : NULL;
}

void imr_audit_inputs_free(imr_audit_inputs *inputs)
{
	if (!inputs)
		return;
	imr__arena_dispose(&inputs->arena);
	imr__free(inputs->items);
	imr__free(inputs);
}

/* ---- the audit object ---- */

typedef struct slot {
	imr_audit_letter letter;
	imr_arena arena;
	imr_finding *findings;
	size_t nfindings, capfindings;
	int ready;
} slot;

struct imr_audit {
	const imr_rules *rules;
	const imr_audit_inputs *inputs;
	imr_limits limits;
	imr_eval_options eval_opts;
	slot *slots;
	size_t count;
	imr_arena arena;              /* statistics and cross-letter findings */
	imr_finding *findings;        /* all findings, letter order then cross-letter */
	size_t nfindings;
	imr_audit_stats stats;
	int f_category, f_procedure;
	/* threads */
	atomic_size_t next;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t done, failed;
	int error;                    /* a worker could not even start */
	atomic_ulong regex_calls;     /* pcre2_match() calls of every worker */
};

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

/* ---- per-letter work ---- */

static imr_finding *new_finding(slot *s, imr_finding_type type, const char *code, size_t item)
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

/* "MTUS", "ODG", "MTUS+ODG", "none": the guidelines a party cited. */
static const char *guidelines_of(imr_arena *arena, const imr_basis *b)
{
	imr_buf buf = IMR_BUF_INIT;
	size_t i, j;
	const char *out;
	if (!b->cited || !b->cite_count)
		return b->outside_mtus ? "outside MTUS" : "none";
	for (i = 0; i < b->cite_count; i++) {
		const char *g = b->cites[i].guideline ? b->cites[i].guideline : "other";
		int seen = 0;
		for (j = 0; j < i; j++)
			seen |= strcmp(b->cites[j].guideline ? b->cites[j].guideline : "other", g) == 0;
		if (!seen)
			imr_buf_printf(&buf, "%s%s", buf.size ? "+" : "", g);
	}
	out = imr__arena_strdup(arena, imr_buf_cstr(&buf));
	imr_buf_dispose(&buf);
	return out;
}

static int guidelines_overlap(const imr_basis *a, const imr_basis *b)
{
	size_t i, j;
	for (i = 0; i < a->cite_count; i++)
		for (j = 0; j < b->cite_count; j++)
			if (a->cites[i].guideline && b->cites[j].guideline &&
			    strcmp(a->cites[i].guideline, b->cites[j].guideline) == 0)
				return 1;
	return 0;
}

static void fill_item(imr_audit *au, slot *s, imr_audit_item *ai, const imr_review_item *ri, size_t k)
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
	if (ir->rule) {
		ai->rule = imr__arena_strdup(arena, ir->rule->id);
		ai->guideline = imr__arena_strdup(arena, ir->rule->guideline);
		ai->rule_citation = imr__arena_strdup(arena, ir->rule->citation);
	}
	ai->reviewer_guideline = guidelines_of(arena, &ri->letter->reviewer);
	ai->reviewer_citation = imr__arena_strdup(arena, ri->letter->reviewer.text);
	ai->rationale = imr__arena_strdup(arena, ri->letter->rationale);
	unmet = imr__arena_alloc(arena, (ir->criteria_count + 1) * sizeof(char *));
	for (c = 0; c < ir->criteria_count; c++) {
		const imr_criterion_result *cr = &ir->criteria[c];
		imr_buf_printf(&sig, "%s%s=%s", c ? ";" : "", cr->id, imr_status_name(cr->status));
		if (unmet && (cr->status == IMR_STATUS_NOT_MET || cr->status == IMR_STATUS_NOT_DOCUMENTED))
			unmet[nunmet++] = imr__arena_strdup(arena, cr->id);
	}
	ai->signature = imr__arena_strdup(arena, imr_buf_cstr(&sig));
	ai->unmet = unmet;
	ai->unmet_count = nunmet;
	imr_buf_dispose(&sig);
}

static void discordance(slot *s, const imr_audit_item *ai, size_t k)
{
	imr_finding *f;
	imr_buf ev = IMR_BUF_INIT;
	size_t c;
	if (ai->agrees != 0)
		return;
	f = new_finding(s, IMR_FINDING_DISCORDANCE, "decision-discordance", k);
	if (!f)
		return;
	f->message = imr__arena_printf(&s->arena, "the reviewer %s the denial; the rules predict it would be %s%s%s",
				       ai->actual == IMR_OUTCOME_UPHELD ? "upheld" : "overturned",
				       imr_outcome_name(ai->predicted), ai->rule ? " under " : "",
				       ai->rule ? ai->rule : "");
	for (c = 0; c < ai->unmet_count; c++)
		imr_buf_printf(&ev, "%s%s", c ? ", " : "unmet: ", ai->unmet[c]);
	if (ai->rationale)
		imr_buf_printf(&ev, "%srationale: %.300s%s", ev.size ? "; " : "", ai->rationale,
			       strlen(ai->rationale) > 300 ? "..." : "");
	f->evidence = imr__arena_strdup(&s->arena, imr_buf_cstr(&ev));
	imr_buf_dispose(&ev);
}

/* The first evidence sentence of a fact in the summary. */
static const char *summary_evidence(const imr_facts *facts, int fact)
{
	const imr_value *v = imr__facts_value(facts, fact);
	return v->nev && v->ev[0].text ? v->ev[0].text : "";
}

/* Compare one extraction of rationale text with the summary's facts. */
static int compare_rationale(imr_audit *au, slot *s, imr_worker *w, const imr_review *r, size_t k,
			     const imr_extraction *ex, int need_case_check)
{
	const imr_rules *rules = au->rules;
	size_t i;
	for (i = 0; i < imr_extraction_count(ex); i++) {
		const imr_match *m = imr_extraction_match(ex, i);
		int fact = imr__vocab_fact(rules, m->fact, strlen(m->fact));
		const imr_value *known;
		int negated = m->absent, is_case = 1;
		imr_finding *f;
		size_t j;
		if (!m->counted || fact < 0 || rules->facts[fact].type != IMR_TYPE_BOOLEAN)
			continue;
		/* only facts of the record (findings, treatments, history), not
		 * plans or descriptions, are held against the summary */
		if (rules->facts[fact].finding == IMR_FINDING_KIND_NONE)
			continue;
		/* one finding per fact and item */
		for (j = 0; j < i; j++) {
			const imr_match *prev = imr_extraction_match(ex, j);
			if (prev->counted && strcmp(prev->fact, m->fact) == 0)
				break;
		}
		if (j < i)
			continue;
		if (need_case_check) {
			is_case = imr__extract_is_case_sentence(w, m->sentence, strlen(m->sentence));
			if (is_case < 0)
				return is_case;
			if (is_case == 0)
				continue;
		}
		known = imr__facts_value(r->facts, fact);
		if (negated && known->status == IMR_FACT_PRESENT) {
			f = new_finding(s, IMR_FINDING_RATIONALE, "rationale-contradicted", k);
			if (!f)
				break;
			f->message = imr__arena_printf(&s->arena,
						       "the rationale says %s is not documented or absent, but the case summary documents it",
						       m->fact);
			f->evidence = imr__arena_printf(&s->arena, "rationale: \"%s\"; summary: \"%s\"", m->sentence,
							summary_evidence(r->facts, fact));
		} else if (!negated && known->status == IMR_FACT_ABSENT) {
			f = new_finding(s, IMR_FINDING_RATIONALE, "rationale-contradicted", k);
			if (!f)
				break;
			f->message = imr__arena_printf(&s->arena,
						       "the rationale relies on %s, which the case summary documents as absent",
						       m->fact);
			f->evidence = imr__arena_printf(&s->arena, "rationale: \"%s\"; summary: \"%s\"", m->sentence,
							summary_evidence(r->facts, fact));
		} else if (!negated && known->status == IMR_FACT_NOT_DOCUMENTED && is_case == 1 &&
			   rules->facts[fact].finding == IMR_FINDING_KIND_OBJECTIVE && !rules->facts[fact].derive) {
			f = new_finding(s, IMR_FINDING_RATIONALE, "rationale-unsupported", k);
			if (!f)
				break;
			f->message = imr__arena_printf(&s->arena,
						       "the rationale asserts %s, which the case summary does not contain",
						       m->fact);
			f->evidence = imr__arena_printf(&s->arena, "rationale: \"%s\"", m->sentence);
		}
	}
	return 0;
}

/* Facts the rationale states about the case, against the summary's facts.
 * Only sentences that speak of the case are read (guideline text restated
 * in a rationale is not a statement about the patient), and consecutive
 * ones are read together, so the lexicons scan a fraction of the text. */
static int rationale_findings(imr_audit *au, slot *s, imr_worker *w, const imr_text *text,
			      const imr_review *r, size_t k)
{
	const imr_letter_item *li = r->items[k].letter;
	imr_sentences sents = { NULL, 0, 0 };
	size_t len, i, run_start = 0, run_end = 0;
	const char *data = imr_text_data(text, &len);
	int err = 0, is_case = 1, in_run = 0;

	if (li->rationale_span.end <= li->rationale_span.start || li->rationale_span.end > len)
		return 0;
	err = imr__sentences_split(&sents, data, li->rationale_span.start, li->rationale_span.end);
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
			imr_extraction *ex = NULL;
			imr_facts *said = NULL;
			imr_diags diags;
			imr_diags_init(&diags);
			err = imr_facts_new(&said, au->rules);
			if (!err)
				err = imr_extract_notes(&ex, w, text, run_start, run_end, "decision rationale", said,
							&diags);
			/* a context file without case references (2) reads every
			 * sentence, and checks each match's sentence instead */
			if (!err)
				err = compare_rationale(au, s, w, r, k, ex, is_case == 2);
			imr_extraction_free(ex);
			imr_facts_free(said);
			imr_diags_dispose(&diags);
			in_run = 0;
		}
	}
	imr__sentences_dispose(&sents);
	return err < 0 ? err : 0;
}

static int citation_findings(imr_audit *au, slot *s, imr_worker *w, const imr_review_item *ri,
			     const imr_audit_item *ai, size_t k)
{
	const imr_rules *rules = au->rules;
	const imr_basis *rev = &ri->letter->reviewer, *ca = &ri->letter->claims_administrator;
	imr_finding *f;

	if (rev->cited && rev->text && ai->procedure && au->f_procedure >= 0) {
		uint16_t topics[32];
		int n = imr__extract_topics(w, rev->text, au->f_procedure, topics, 32), i, fits = 0;
		const imr_enum *en = &rules->enums[rules->facts[au->f_procedure].enum_index];
		int proc = imr__vocab_member(en, ai->procedure, strlen(ai->procedure));
		if (n < 0)
			return n;
		for (i = 0; i < n; i++)
			fits |= topics[i] == proc;
		/* associated services are decided on their primary's citation */
		if (n > 0 && !fits && proc >= 0 && !en->associated[proc]) {
			imr_buf names = IMR_BUF_INIT;
			for (i = 0; i < n; i++)
				imr_buf_printf(&names, "%s%s", i ? ", " : "", en->members[topics[i]]);
			f = new_finding(s, IMR_FINDING_CITATION, "citation-topic", k);
			if (f) {
				f->message = imr__arena_printf(&s->arena,
							       "the reviewer decided a %s request on guidance about %s",
							       ai->procedure, imr_buf_cstr(&names));
				f->evidence = imr__arena_printf(&s->arena, "reviewer: \"%s\"", rev->text);
			}
			imr_buf_dispose(&names);
		}
	}
	if (rev->cited && ca->cited && rev->cite_count && ca->cite_count && !guidelines_overlap(rev, ca)) {
		f = new_finding(s, IMR_FINDING_CITATION, "citation-guidelines-differ", k);
		if (f) {
			f->message = imr__arena_printf(&s->arena,
						       "the claims administrator relied on %s and the reviewer on %s",
						       guidelines_of(&s->arena, ca), guidelines_of(&s->arena, rev));
			f->evidence = imr__arena_printf(&s->arena, "claims administrator: \"%s\"; reviewer: \"%s\"",
							ca->text ? ca->text : "", rev->text ? rev->text : "");
		}
	}
	return 0;
}

static void fail_letter(slot *s, const char *error)
{
	s->letter.failed = 1;
	s->letter.error = imr__arena_strdup(&s->arena, error);
}

static void first_error(slot *s, const imr_diags *diags, int err, const char *path)
{
	imr_buf msg = IMR_BUF_INIT;
	if (diags->count)
		imr_diag_format(&msg, &diags->items[0], 0);
	else
		imr_buf_printf(&msg, "%s: %s", path, imr_strerror(err));
	fail_letter(s, imr_buf_cstr(&msg));
	imr_buf_dispose(&msg);
}

static void process(imr_audit *au, imr_worker *w, size_t index)
{
	slot *s = &au->slots[index];
	const imr_audit_input *in = imr_audit_inputs_get(au->inputs, index);
	imr_text *text = NULL;
	imr_letter *letter = NULL;
	imr_review *review = NULL;
	imr_diags diags;
	imr_audit_item *items;
	char date[11];
	size_t k;
	int err = 0;

	s->letter.index = index;
	s->letter.file = imr__arena_strdup(&s->arena, in->path);
	if (in->error) {
		fail_letter(s, imr__arena_printf(&s->arena, "%s: %s", in->path, in->error));
		return;
	}
	imr_diags_init(&diags);
	err = imr_pdf_load_text(&text, in->path, &au->limits, &diags);
	if (!err)
		err = imr_letter_parse(&letter, text, &au->limits, &diags);
	if (!err)
		err = imr_review_letter_opts(&review, w, text, letter, &au->eval_opts, &diags);
	if (err) {
		imr_diags_sort(&diags);
		first_error(s, &diags, err, in->path);
		goto done;
	}
	s->letter.case_number = imr__arena_strdup(&s->arena, letter->header.case_number);
	s->letter.layout = imr__arena_strdup(&s->arena, letter->layout_name);
	s->letter.specialty = imr__arena_strdup(&s->arena, letter->specialty);
	s->letter.decision_date = imr__arena_strdup(&s->arena, letter->header.decision_date);
	if (review->request_date != IMR_DATE_NONE) {
		imr_date_format(date, review->request_date);
		s->letter.request_date = imr__arena_strdup(&s->arena, date);
	}
	items = imr__arena_alloc(&s->arena, (review->item_count + 1) * sizeof(imr_audit_item));
	if (!items)
		goto done;
	for (k = 0; k < review->item_count && !err; k++) {
		fill_item(au, s, &items[k], &review->items[k], k);
		discordance(s, &items[k], k);
		err = rationale_findings(au, s, w, text, review, k);
		if (!err)
			err = citation_findings(au, s, w, &review->items[k], &items[k], k);
	}
	s->letter.items = items;
	s->letter.item_count = review->item_count;
	if (err) {
		s->letter.items = NULL;
		s->letter.item_count = 0;
		s->nfindings = 0;
		first_error(s, &diags, err, in->path);
	}
done:
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
		s->letter.file = imr__arena_strdup(&s->arena, in->path);
		s->letter.error = "out of memory while reading this letter";
	}
	s->letter.findings = s->findings;
	s->letter.finding_count = s->nfindings;
}

static void *worker_main(void *arg)
{
	imr_audit *au = arg;
	imr_worker *w = NULL;
	if (imr_worker_new(&w, au->rules, &au->limits) < 0) {
		pthread_mutex_lock(&au->lock);
		au->error = IMR_ENOMEM;
		pthread_cond_broadcast(&au->cond);
		pthread_mutex_unlock(&au->lock);
		return NULL;
	}
	for (;;) {
		size_t i = atomic_fetch_add(&au->next, 1);
		if (i >= au->count)
			break;
		process(au, w, i);
		pthread_mutex_lock(&au->lock);
		au->slots[i].ready = 1;
		au->done++;
		au->failed += au->slots[i].letter.failed;
		pthread_cond_broadcast(&au->cond);
		pthread_mutex_unlock(&au->lock);
	}
	atomic_fetch_add(&au->regex_calls, imr__worker_regex_calls(w));
	imr_worker_free(w);
	return NULL;
}

/* ---- across letters ---- */

typedef struct keyed {
	const char *key;
	size_t letter, item;
	imr_outcome actual;
} keyed;

static int compare_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if (x->letter != y->letter)
		return x->letter < y->letter ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

static const imr_audit_item *item_at(const imr_audit *au, size_t letter, size_t item)
{
	return &au->slots[letter].letter.items[item];
}

/* Items with the same procedure and the same criterion statuses should be
 * decided alike; each item decided against the majority of its group is
 * a finding, pointing at the first item of the majority. */
static int inconsistencies(imr_audit *au, imr_finding **out, size_t *nout)
{
	keyed *keys = NULL;
	size_t n = 0, cap = 0, i, j, nf = 0, capf = 0;
	imr_finding *fs = NULL;
	int err = 0;

	for (i = 0; i < au->count; i++) {
		const imr_audit_letter *l = &au->slots[i].letter;
		for (j = 0; j < l->item_count; j++) {
			const imr_audit_item *it = &l->items[j];
			void *grown = keys;
			if (it->agrees < 0 || !it->procedure)
				continue;
			if (imr__grow(&grown, &cap, n + 1, sizeof(keyed)) < 0) {
				err = IMR_ENOMEM;
				goto done;
			}
			keys = grown;
			keys[n].key = imr__arena_printf(&au->arena, "%s|%s", it->procedure, it->signature);
			if (!keys[n].key) {
				err = IMR_ENOMEM;
				goto done;
			}
			keys[n].letter = i;
			keys[n].item = j;
			keys[n].actual = it->actual;
			n++;
		}
	}
	if (keys)
		qsort(keys, n, sizeof(keyed), compare_keyed);
	for (i = 0; i < n;) {
		size_t end = i, upheld = 0, overturned = 0, k;
		imr_outcome majority;
		size_t first_major = (size_t)-1;
		while (end < n && strcmp(keys[end].key, keys[i].key) == 0) {
			upheld += keys[end].actual == IMR_OUTCOME_UPHELD;
			overturned += keys[end].actual == IMR_OUTCOME_OVERTURNED;
			end++;
		}
		if (upheld && overturned) {
			/* a tie counts the guideline-conform decision as the majority */
			majority = upheld > overturned ? IMR_OUTCOME_UPHELD
				   : overturned > upheld ? IMR_OUTCOME_OVERTURNED
				   : item_at(au, keys[i].letter, keys[i].item)->predicted;
			for (k = i; k < end && first_major == (size_t)-1; k++)
				if (keys[k].actual == majority)
					first_major = k;
			for (k = i; k < end; k++) {
				imr_finding *f;
				const imr_audit_item *it = item_at(au, keys[k].letter, keys[k].item);
				const imr_audit_item *other = item_at(au, keys[first_major].letter, keys[first_major].item);
				void *grown = fs;
				if (keys[k].actual == majority)
					continue;
				if (imr__grow(&grown, &capf, nf + 1, sizeof(imr_finding)) < 0) {
					err = IMR_ENOMEM;
					goto done;
				}
				fs = grown;
				f = &fs[nf++];
				memset(f, 0, sizeof(*f));
				f->type = IMR_FINDING_INCONSISTENCY;
				f->code = "cross-letter-inconsistency";
				f->letter = keys[k].letter;
				f->item = keys[k].item;
				f->other_letter = keys[first_major].letter;
				f->other_item = keys[first_major].item;
				f->message = imr__arena_printf(&au->arena,
							       "%s request %s although %zu item(s) with the same criterion statuses were %s",
							       it->procedure, keys[k].actual == IMR_OUTCOME_UPHELD ? "upheld" : "overturned",
							       keys[k].actual == IMR_OUTCOME_UPHELD ? overturned : upheld,
							       majority == IMR_OUTCOME_UPHELD ? "upheld" : "overturned");
				{
					/* the statuses are the same by construction: show the
					 * ones that matter, the criteria not met */
					imr_buf unmet = IMR_BUF_INIT;
					size_t u;
					for (u = 0; u < it->unmet_count; u++)
						imr_buf_printf(&unmet, "%s%s", u ? ", " : "", it->unmet[u]);
					f->evidence = imr__arena_printf(&au->arena, "for example %s item %zu (%s); %s%s",
									au->slots[f->other_letter].letter.file, other->number,
									other->service,
									it->unmet_count ? "criteria not met in both: "
											: "every applicable criterion met in both",
									imr_buf_cstr(&unmet));
					imr_buf_dispose(&unmet);
				}
			}
		}
		i = end;
	}
done:
	imr__free(keys);
	if (err) {
		imr__free(fs);
		return err;
	}
	*out = fs;
	*nout = nf;
	return au->arena.failed ? IMR_ENOMEM : 0;
}

/* ---- statistics ---- */

typedef struct tally_set {
	imr_tally *items;
	size_t count, cap;
} tally_set;

static imr_tally *tally_for(imr_audit *au, tally_set *set, const char *key)
{
	size_t i;
	void *grown = set->items;
	for (i = 0; i < set->count; i++)
		if (strcmp(set->items[i].key, key) == 0)
			return &set->items[i];
	if (imr__grow(&grown, &set->cap, set->count + 1, sizeof(imr_tally)) < 0)
		return NULL;
	set->items = grown;
	memset(&set->items[set->count], 0, sizeof(imr_tally));
	set->items[set->count].key = imr__arena_strdup(&au->arena, key);
	return &set->items[set->count++];
}

static void count_into(imr_tally *t, const imr_audit_item *it)
{
	if (!t)
		return;
	t->items++;
	if (it->agrees > 0)
		t->agree++;
	else if (it->agrees == 0)
		t->disagree++;
	else
		t->indeterminate++;
}

static int compare_tally(const void *a, const void *b)
{
	const imr_tally *x = a, *y = b;
	if (x->items != y->items)
		return x->items > y->items ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int compare_unmet(const void *a, const void *b)
{
	const imr_unmet_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->criterion, y->criterion);
}

/* Copy a tally set into the arena, sorted. */
static const imr_tally *finish_tallies(imr_audit *au, tally_set *set, size_t *count)
{
	imr_tally *out = imr__arena_alloc(&au->arena, (set->count + 1) * sizeof(imr_tally));
	if (out && set->count) {
		memcpy(out, set->items, set->count * sizeof(imr_tally));
		qsort(out, set->count, sizeof(imr_tally), compare_tally);
	}
	*count = out ? set->count : 0;
	imr__free(set->items);
	memset(set, 0, sizeof(*set));
	return out;
}

static int compute_stats(imr_audit *au)
{
	imr_audit_stats *st = &au->stats;
	tally_set proc = { 0 }, guide = { 0 }, spec = { 0 }, uncov = { 0 };
	imr_unmet_count *unmet = NULL;
	size_t nunmet = 0, capunmet = 0, i, j, k;

	memset(st, 0, sizeof(*st));
	st->overall.key = "all";
	for (i = 0; i < au->count; i++) {
		const imr_audit_letter *l = &au->slots[i].letter;
		st->letters++;
		if (l->failed) {
			st->failed++;
			continue;
		}
		st->parsed++;
		for (j = 0; j < l->item_count; j++) {
			const imr_audit_item *it = &l->items[j];
			int a = it->actual == IMR_OUTCOME_OVERTURNED;
			int p = it->predicted == IMR_OUTCOME_OVERTURNED ? 0 : it->predicted == IMR_OUTCOME_UPHELD ? 1 : 2;
			st->items++;
			if (it->agrees < 0)
				st->ungoverned++;
			else
				st->governed++;
			st->confusion[a][p]++;
			count_into(&st->overall, it);
			count_into(tally_for(au, &proc, it->procedure ? it->procedure : "unclassified"), it);
			count_into(tally_for(au, &guide, it->guideline ? it->guideline : "none"), it);
			count_into(tally_for(au, &spec, l->specialty ? l->specialty : "not stated"), it);
			if (it->agrees < 0)
				count_into(tally_for(au, &uncov, it->category), it);
			if (it->actual != IMR_OUTCOME_UPHELD || it->agrees < 0)
				continue;
			for (k = 0; k < it->unmet_count; k++) {
				size_t m;
				for (m = 0; m < nunmet && strcmp(unmet[m].criterion, it->unmet[k]) != 0; m++)
					;
				if (m == nunmet) {
					void *grown = unmet;
					if (imr__grow(&grown, &capunmet, nunmet + 1, sizeof(imr_unmet_count)) < 0) {
						imr__free(unmet);
						return IMR_ENOMEM;
					}
					unmet = grown;
					unmet[nunmet].criterion = it->unmet[k];
					unmet[nunmet].count = 0;
					nunmet++;
				}
				unmet[m].count++;
			}
		}
	}
	st->by_procedure = finish_tallies(au, &proc, &st->by_procedure_count);
	st->by_guideline = finish_tallies(au, &guide, &st->by_guideline_count);
	st->by_specialty = finish_tallies(au, &spec, &st->by_specialty_count);
	st->uncovered = finish_tallies(au, &uncov, &st->uncovered_count);
	if (unmet)
		qsort(unmet, nunmet, sizeof(imr_unmet_count), compare_unmet);
	if (nunmet > 10)
		nunmet = 10;
	{
		imr_unmet_count *top = imr__arena_alloc(&au->arena, (nunmet + 1) * sizeof(imr_unmet_count));
		if (top && nunmet)
			memcpy(top, unmet, nunmet * sizeof(imr_unmet_count));
		st->top_unmet = top;
		st->top_unmet_count = top ? nunmet : 0;
	}
	imr__free(unmet);
	for (i = 0; i < au->nfindings; i++)
		st->findings_by_type[au->findings[i].type]++;
	return au->arena.failed ? IMR_ENOMEM : 0;
}

/* ---- running ---- */

static int emit_in_order(imr_audit *au, const imr_audit_options *opts, size_t *emitted)
{
	while (*emitted < au->count && au->slots[*emitted].ready) {
		if (opts->on_letter) {
			int rc = opts->on_letter(&au->slots[*emitted].letter, opts->letter_ctx);
			if (rc < 0)
				return rc;
		}
		(*emitted)++;
	}
	return 0;
}

static int run_threads(imr_audit *au, const imr_audit_options *opts, unsigned jobs)
{
	pthread_t *threads = imr__calloc(jobs, sizeof(pthread_t));
	size_t emitted = 0, last_done = (size_t)-1;
	unsigned started = 0, t;
	int err = 0;

	if (!threads)
		return IMR_ENOMEM;
	for (t = 0; t < jobs; t++) {
		if (pthread_create(&threads[t], NULL, worker_main, au) != 0)
			break;
		started++;
	}
	if (!started) {
		imr__free(threads);
		return IMR_ERROR;
	}
	pthread_mutex_lock(&au->lock);
	while (emitted < au->count && !au->error) {
		if (au->done != last_done && opts->progress) {
			last_done = au->done;
			opts->progress(au->done, au->count, au->failed, opts->progress_ctx);
		}
		pthread_mutex_unlock(&au->lock);
		err = emit_in_order(au, opts, &emitted);
		pthread_mutex_lock(&au->lock);
		if (err)
			break;
		if (emitted < au->count && !au->slots[emitted].ready && au->done == last_done)
			pthread_cond_wait(&au->cond, &au->lock);
	}
	if (err || au->error)
		atomic_store(&au->next, au->count); /* let the workers stop early */
	pthread_mutex_unlock(&au->lock);
	for (t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	imr__free(threads);
	if (!err && au->error)
		err = au->error;
	if (!err && opts->progress)
		opts->progress(au->done, au->count, au->failed, opts->progress_ctx);
	return err;
}

static int run_inline(imr_audit *au, const imr_audit_options *opts)
{
	imr_worker *w = NULL;
	size_t i, emitted = 0;
	int err;
	if (imr_worker_new(&w, au->rules, &au->limits) < 0)
		return IMR_ENOMEM;
	for (i = 0, err = 0; i < au->count && !err; i++) {
		process(au, w, i);
		au->slots[i].ready = 1;
		au->done++;
		au->failed += au->slots[i].letter.failed;
		if (opts->progress)
			opts->progress(au->done, au->count, au->failed, opts->progress_ctx);
		err = emit_in_order(au, opts, &emitted);
	}
	atomic_fetch_add(&au->regex_calls, imr__worker_regex_calls(w));
	imr_worker_free(w);
	return err;
}

int imr_audit_run(imr_audit **out, const imr_rules *rules, const imr_audit_inputs *inputs,
		  const imr_audit_options *opts)
{
	imr_audit_options defaults = IMR_AUDIT_OPTIONS_INIT;
	imr_audit *au;
	imr_finding *cross = NULL;
	size_t i, ncross = 0, total;
	unsigned jobs;
	int err;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	au = imr__calloc(1, sizeof(*au));
	if (!au)
		return IMR_ENOMEM;
	au->rules = rules;
	au->inputs = inputs;
	au->limits = imr_limits_resolve(opts->limits);
	au->eval_opts.strict_dates = opts->strict_dates;
	au->count = inputs->count;
	au->f_category = imr__vocab_fact(rules, "request.category", strlen("request.category"));
	au->f_procedure = rules->f_procedure;
	atomic_init(&au->next, 0);
	atomic_init(&au->regex_calls, 0);
	pthread_mutex_init(&au->lock, NULL);
	pthread_cond_init(&au->cond, NULL);
	au->slots = imr__calloc(au->count + 1, sizeof(slot));
	if (!au->slots) {
		imr_audit_free(au);
		return IMR_ENOMEM;
	}
	jobs = opts->jobs ? opts->jobs : 1;
	if (jobs > au->count)
		jobs = au->count ? (unsigned)au->count : 1;
	err = jobs > 1 ? run_threads(au, opts, jobs) : run_inline(au, opts);
	if (!err)
		err = inconsistencies(au, &cross, &ncross);
	if (!err) {
		total = ncross;
		for (i = 0; i < au->count; i++)
			total += au->slots[i].nfindings;
		au->findings = imr__calloc(total + 1, sizeof(imr_finding));
		if (!au->findings)
			err = IMR_ENOMEM;
		for (i = 0; !err && i < au->count; i++) {
			if (!au->slots[i].nfindings)
				continue;
			memcpy(au->findings + au->nfindings, au->slots[i].findings,
			       au->slots[i].nfindings * sizeof(imr_finding));
			au->nfindings += au->slots[i].nfindings;
		}
		if (!err && ncross) {
			memcpy(au->findings + au->nfindings, cross, ncross * sizeof(imr_finding));
			au->nfindings += ncross;
		}
	}
	imr__free(cross);
	if (!err)
		err = compute_stats(au);
	if (err) {
		imr_audit_free(au);
		return err;
	}
	*out = au;
	return IMR_OK;
}

void imr_audit_free(imr_audit *au)
{
	size_t i;
	if (!au)
		return;
	for (i = 0; au->slots && i < au->count; i++) {
		imr__arena_dispose(&au->slots[i].arena);
		imr__free(au->slots[i].findings);
	}
	imr__free(au->slots);
	imr__free(au->findings);
	imr__arena_dispose(&au->arena);
	pthread_mutex_destroy(&au->lock);
	pthread_cond_destroy(&au->cond);
	imr__free(au);
}

size_t imr_audit_letter_count(const imr_audit *audit)
{
	return audit->count;
}

const imr_audit_letter *imr_audit_letter_get(const imr_audit *audit, size_t index)
{
	return index < audit->count ? &audit->slots[index].letter : NULL;
}

size_t imr_audit_finding_count(const imr_audit *audit)
{
	return audit->nfindings;
}

const imr_finding *imr_audit_finding_get(const imr_audit *audit, size_t index)
{
	return index < audit->nfindings ? &audit->findings[index] : NULL;
}

const imr_audit_stats *imr_audit_get_stats(const imr_audit *audit)
{
	return &audit->stats;
}

unsigned long imr__audit_regex_calls(const imr_audit *audit)
{
	return atomic_load(&audit->regex_calls);
}
