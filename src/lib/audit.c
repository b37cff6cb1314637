/* audit.c - a corpus of letters: worker threads, records in input order.
 *
 * Inputs are listed once, in a fixed order (audit_inputs.c). Worker
 * threads take the next input index from an atomic counter, review that
 * letter with their own imr_worker (audit_letter.c), and leave a compact
 * record (strings in the record's own arena) in the slot of that index;
 * the calling thread counts records (audit_stats.c) and hands them to the
 * streaming callback strictly in index order. Everything after the
 * threads (inconsistencies across letters, audit_cross.c, and statistics)
 * is computed in index order, so the result does not depend on
 * scheduling. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "audit_impl.h"
#include "imrcheck/review.h"
#include "model.h"

static void set_error(imr_audit *au, int err)
{
	pthread_mutex_lock(&au->lock);
	au->error = err;
	pthread_cond_broadcast(&au->cond);
	pthread_mutex_unlock(&au->lock);
}

static void *worker_main(void *arg)
{
	imr_audit *au = arg;
	imr_worker *w = NULL;
	if (imr_worker_new(&w, au->rules, &au->limits) < 0) {
		set_error(au, IMR_ENOMEM);
		return NULL;
	}
	imr__worker_lean(w, 1); /* the reviews' facts, not their listings */
	for (;;) {
		size_t i = atomic_fetch_add(&au->next, 1);
		imr__audit_slot *s;
		if (i >= au->count)
			break;
		if (!(s = imr__calloc(1, sizeof(imr__audit_slot)))) {
			set_error(au, IMR_ENOMEM);
			break;
		}
		imr__audit_process(au, w, s, i);
		pthread_mutex_lock(&au->lock);
		au->slots[i] = s;
		au->done++;
		au->failed += s->letter.failed;
		pthread_cond_broadcast(&au->cond);
		pthread_mutex_unlock(&au->lock);
	}
	atomic_fetch_add(&au->regex_calls, imr__worker_regex_calls(w));
	imr_worker_free(w);
	return NULL;
}

static void slot_free(imr__audit_slot *s)
{
	if (!s)
		return;
	imr__arena_dispose(&s->arena);
	imr__free(s->findings);
	imr__free(s->muted);
	imr__free(s);
}

/* The name of letter @p index as the reports show it. */
const char *imr__audit_letter_file(imr_audit *au, size_t index)
{
	imr_audit_input in;
	imr_buf scratch = IMR_BUF_INIT;
	const char *name = NULL;
	if (au->slots[index])
		return au->slots[index]->letter.file;
	if (imr_audit_inputs_get(au->inputs, index, &in, &scratch) == 0)
		/* fed letters: their names are as shown already */
		name = au->own_inputs ? imr__arena_strdup(&au->arena, in.path)
				      : imr__audit_shown_name(&au->arena, in.path);
	imr_buf_dispose(&scratch);
	return name;
}

/* ---- running ---- */

/* Hand letters [*emitted, upto) to the callback, count them, and release
 * their records when asked to. */
static int emit_in_order(imr_audit *au, const imr_audit_options *opts, size_t *emitted, size_t upto)
{
	while (*emitted < upto) {
		imr__audit_slot *s = au->slots[*emitted];
		int rc = imr__audit_account_letter(au, s);
		if (!rc && opts->on_letter)
			rc = opts->on_letter(&s->letter, opts->letter_ctx);
		if (rc < 0)
			return rc;
		if (au->release) {
			slot_free(s);
			au->slots[*emitted] = NULL;
		}
		(*emitted)++;
	}
	return 0;
}

static int run_threads(imr_audit *au, const imr_audit_options *opts, unsigned jobs)
{
	pthread_t *threads = imr__calloc(jobs, sizeof(pthread_t));
	size_t emitted = 0, last_done = (size_t)-1, upto = 0;
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
		while (upto < au->count && au->slots[upto])
			upto++;
		pthread_mutex_unlock(&au->lock);
		err = emit_in_order(au, opts, &emitted, upto);
		pthread_mutex_lock(&au->lock);
		if (err)
			break;
		if (emitted < au->count && !au->slots[emitted] && au->done == last_done && !au->error)
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
	imr__worker_lean(w, 1);
	for (i = 0, err = 0; i < au->count && !err; i++) {
		imr__audit_slot *s = imr__calloc(1, sizeof(imr__audit_slot));
		if (!s) {
			err = IMR_ENOMEM;
			break;
		}
		imr__audit_process(au, w, s, i);
		au->slots[i] = s;
		au->done++;
		au->failed += s->letter.failed;
		if (opts->progress)
			opts->progress(au->done, au->count, au->failed, opts->progress_ctx);
		err = emit_in_order(au, opts, &emitted, i + 1);
	}
	atomic_fetch_add(&au->regex_calls, imr__worker_regex_calls(w));
	imr_worker_free(w);
	return err;
}

/* Member @p name of enum fact @p fact, or -1. */
static int enum_member(const imr_rules *rules, int fact, const char *name)
{
	if (fact < 0 || rules->facts[fact].type != IMR_TYPE_ENUM)
		return -1;
	return imr__vocab_member(&rules->enums[rules->facts[fact].enum_index], name, strlen(name));
}

static imr_audit *audit_new(const imr_rules *rules, const imr_audit_options *opts)
{
	imr_audit *au = imr__calloc(1, sizeof(*au));
	if (!au)
		return NULL;
	au->rules = rules;
	au->limits = imr_limits_resolve(opts->limits);
	au->eval_opts.strict_dates = opts->strict_dates;
	au->release = opts->release_letters;
	au->all_findings = opts->all_findings;
	au->f_category = imr__vocab_fact(rules, "request.category", strlen("request.category"));
	au->f_procedure = rules->f_procedure;
	au->f_mtus_not_applicable = imr__vocab_fact(rules, "rationale.mtus_not_applicable",
						    strlen("rationale.mtus_not_applicable"));
	au->f_source_kind = imr__vocab_fact(rules, "citation.source_kind", strlen("citation.source_kind"));
	au->m_source_guideline = enum_member(rules, au->f_source_kind, "guideline");
	au->m_source_peer_reviewed = enum_member(rules, au->f_source_kind, "peer_reviewed");
	au->f_request_statement = imr__vocab_fact(rules, "rationale.request_statement",
						  strlen("rationale.request_statement"));
	au->f_conclusion = imr__vocab_fact(rules, "rationale.conclusion", strlen("rationale.conclusion"));
	au->f_regions = imr__vocab_fact(rules, "request.regions", strlen("request.regions"));
	if (!(au->held = imr__audit_held_facts(rules))) {
		imr__free(au);
		return NULL;
	}
	au->stats.overall.key = "all";
	au->mutes[0] = imr_rules_mute(rules);
	au->mutes[1] = opts->mute;
	au->nmutes = imr_mute_count(au->mutes[0]) + imr_mute_count(au->mutes[1]);
	if (au->nmutes) {
		size_t k, i, n = 0;
		if (!(au->mute_counts = imr__calloc(au->nmutes, sizeof(imr_mute_tally))) ||
		    imr__matcher_new(&au->mute_matcher, &au->limits) < 0) {
			imr__free(au->mute_counts);
			imr__free(au->held);
			imr__free(au);
			return NULL;
		}
		for (k = 0; k < 2; k++)
			for (i = 0; i < imr_mute_count(au->mutes[k]); i++)
				au->mute_counts[n++].entry = imr_mute_get(au->mutes[k], i);
	}
	atomic_init(&au->next, 0);
	atomic_init(&au->regex_calls, 0);
	pthread_mutex_init(&au->lock, NULL);
	pthread_cond_init(&au->cond, NULL);
	return au;
}

/* After the last letter: the findings across letters, every finding in
 * order, and the statistics. */
static int audit_finish(imr_audit *au)
{
	imr_finding *cross = NULL, *copied = NULL;
	size_t i, ncross = 0, ncopied = 0, total;
	int err = imr__audit_inconsistencies(au, &cross, &ncross);
	if (!err)
		err = imr__audit_copied_rationales(au, &copied, &ncopied);
	if (!err && au->nmutes) {
		size_t n = 0;
		for (i = 0; i < ncross; i++)
			if (!imr__audit_mute(au, &cross[i]))
				cross[n++] = cross[i];
		ncross = n;
		for (i = 0, n = 0; i < ncopied; i++)
			if (!imr__audit_mute(au, &copied[i]))
				copied[n++] = copied[i];
		ncopied = n;
	}
	if (!err) {
		total = ncross + ncopied;
		for (i = 0; i < au->count; i++)
			total += au->slots[i] ? au->slots[i]->nfindings : 0;
		au->findings = imr__calloc(total + 1, sizeof(imr_finding));
		if (!au->findings)
			err = IMR_ENOMEM;
		for (i = 0; !err && i < au->count; i++) {
			if (!au->slots[i] || !au->slots[i]->nfindings)
				continue;
			memcpy(au->findings + au->nfindings, au->slots[i]->findings,
			       au->slots[i]->nfindings * sizeof(imr_finding));
			au->nfindings += au->slots[i]->nfindings;
		}
		if (!err && ncross) {
			memcpy(au->findings + au->nfindings, cross, ncross * sizeof(imr_finding));
			au->nfindings += ncross;
		}
		if (!err && ncopied) {
			memcpy(au->findings + au->nfindings, copied, ncopied * sizeof(imr_finding));
			au->nfindings += ncopied;
		}
	}
	imr__free(cross);
	imr__free(copied);
	if (!err)
		err = imr__audit_finish_stats(au, ncross + ncopied);
	return err;
}

int imr_audit_run(imr_audit **out, const imr_rules *rules, const imr_audit_inputs *inputs,
		  const imr_audit_options *opts)
{
	imr_audit_options defaults = IMR_AUDIT_OPTIONS_INIT;
	imr_audit *au;
	unsigned jobs;
	int err;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!(au = audit_new(rules, opts)))
		return IMR_ENOMEM;
	au->inputs = inputs;
	au->count = imr_audit_inputs_count(inputs);
	au->slots = imr__calloc(au->count + 1, sizeof(imr__audit_slot *));
	if (!au->slots) {
		imr_audit_free(au);
		return IMR_ENOMEM;
	}
	jobs = opts->jobs ? opts->jobs : 1;
	if (jobs > au->count)
		jobs = au->count ? (unsigned)au->count : 1;
	err = jobs > 1 ? run_threads(au, opts, jobs) : run_inline(au, opts);
	if (!err)
		err = audit_finish(au);
	if (err) {
		imr_audit_free(au);
		return err;
	}
	*out = au;
	return IMR_OK;
}

/* ---- letters fed by the caller ---- */

int imr__audit_open(imr_audit **out, const imr_rules *rules, const imr_audit_options *opts)
{
	imr_audit_options defaults = IMR_AUDIT_OPTIONS_INIT;
	imr_audit *au;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!(au = audit_new(rules, opts)))
		return IMR_ENOMEM;
	au->opts = opts;
	if (imr_audit_inputs_new(&au->own_inputs, NULL) < 0) {
		imr_audit_free(au);
		return IMR_ENOMEM;
	}
	au->inputs = au->own_inputs;
	*out = au;
	return IMR_OK;
}

static void record_dispose(imr__audit_record *rec)
{
	imr__arena_dispose(&rec->arena);
	imr__free(rec->findings);
	memset(rec, 0, sizeof(*rec));
}

int imr__audit_feed(imr_audit *au, imr__audit_record *rec)
{
	imr__audit_slot *s;
	void *grown = au->slots;
	size_t cap = au->count + 1, i, link_len;
	const char *file = rec->letter.file ? rec->letter.file : "", *link = rec->letter.link;
	int put;

	if (au->count >= UINT32_MAX || imr__grow(&grown, &cap, au->count + 2, sizeof(imr__audit_slot *)) < 0 ||
	    !(s = imr__calloc(1, sizeof(imr__audit_slot)))) {
		record_dispose(rec);
		return au->count >= UINT32_MAX ? IMR_ELIMIT : IMR_ENOMEM;
	}
	au->slots = grown;
	/* the name, as the reports show it, for the findings across letters */
	link_len = link && strncmp(file, link, strlen(link)) == 0 ? strlen(link) : 0;
	put = imr__audit_inputs_put(au->own_inputs, file, NULL, link_len);
	s->arena = rec->arena;
	s->letter = rec->letter;
	s->findings = rec->findings;
	s->nfindings = s->capfindings = rec->finding_count;
	memset(rec, 0, sizeof(*rec));
	if (put < 0) {
		slot_free(s);
		return IMR_ENOMEM;
	}
	s->letter.index = au->count;
	for (i = 0; i < s->nfindings; i++) {
		s->findings[i].letter = au->count;
		s->findings[i].other_letter = s->findings[i].other_item = (size_t)-1;
	}
	s->letter.findings = s->findings;
	s->letter.finding_count = s->nfindings;
	au->slots[au->count++] = s;
	au->slots[au->count] = NULL;
	au->done++;
	au->failed += s->letter.failed;
	return emit_in_order(au, au->opts, &au->emitted, au->count);
}

int imr__audit_close(imr_audit *au)
{
	return audit_finish(au);
}

void imr_audit_free(imr_audit *au)
{
	size_t i;
	if (!au)
		return;
	for (i = 0; au->slots && i < au->count; i++)
		slot_free(au->slots[i]);
	imr__free(au->slots);
	imr__free(au->findings);
	imr__strtab_dispose(&au->strings);
	imr__free(au->kept);
	imr__free(au->prints);
	imr__free(au->key_procedure);
	imr__free(au->key_unmet);
	imr__tally_set_dispose(&au->proc);
	imr__tally_set_dispose(&au->guide);
	imr__tally_set_dispose(&au->spec);
	imr__tally_set_dispose(&au->uncov);
	imr__tally_set_dispose(&au->why);
	imr__tally_set_dispose(&au->strength);
	imr__free(au->unmet_count);
	imr__free(au->unmet_ids);
	imr__free(au->reasons);
	imr__audit_phrases_dispose(au);
	imr__free(au->mute_counts);
	imr__free(au->held);
	imr__matcher_free(au->mute_matcher);
	imr__casekeys_dispose(&au->cases);
	imr__arena_dispose(&au->arena);
	imr_audit_inputs_free(au->own_inputs);
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
	return index < audit->count && audit->slots[index] ? &audit->slots[index]->letter : NULL;
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
