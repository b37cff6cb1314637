/* rationale.c - what a reviewer's decision rationale says.
 *
 * One pass of imr_extract_rationale() over the rationale gives every
 * lexicon match with its context; this file sorts them into claims,
 * reasons and the conclusion (rationale.h), finds the services the
 * rationale names with the service lexicons, and fingerprints the
 * sentences that speak of the case. The only wording known here is the
 * naming of facts (denial.*, approval.*, rationale.conclusion): every
 * phrase is in the lexicons and the context file. */
#include "rationale.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "model.h"
#include "sentence.h"

/* ---- claims ---- */

/* What a match of a record fact says, or -1 when it is no claim. */
static int claim_kind(const imr_match *m)
{
	unsigned f = m->flags;
	if (f & (IMR_CONTEXT_HYPOTHETICAL | IMR_CONTEXT_OTHER_PERSON | IMR_CONTEXT_PLANNED))
		return -1;
	if (f & IMR_CONTEXT_RECORD)
		/* "no indication the patient is not able to ...": a negation
		 * inside a statement about the record says nothing either way */
		return f & IMR_CONTEXT_NEGATED ? -1 : IMR_CLAIM_NOT_IN_RECORD;
	if (f & IMR_CONTEXT_UNCERTAIN)
		return -1;
	if (f & IMR_CONTEXT_NEGATED)
		/* a negated "denies X" entry is no denial of anything */
		return m->counted && m->absent ? IMR_CLAIM_DENIED : -1;
	if (m->absent)
		return m->counted ? IMR_CLAIM_DENIED : -1;
	return IMR_CLAIM_ASSERTED;
}

typedef struct reader {
	imr_rationale *r;
	const imr_rules *rules;
	imr_worker *w;
	const char *data;
	imr_sentences sents;
	signed char *is_case;      /* per sentence: 1, 0, or -1 not yet known */
	imr_claim *claims;
	size_t nclaims;
	imr_stated_reason *reasons;
	size_t nreasons;
	imr_named_service *services;
	size_t nservices, capservices;
	long conclusion_sentence;
} reader;

/* Whether sentence @p k speaks of the case; negative on a match error. */
static int sentence_is_case(reader *rd, long k)
{
	int rc;
	if (k < 0)
		return 0;
	if (rd->is_case[k] >= 0)
		return rd->is_case[k];
	rc = imr__extract_is_case_sentence(rd->w, rd->data + rd->sents.items[k].start,
					   rd->sents.items[k].end - rd->sents.items[k].start);
	if (rc < 0)
		return rc;
	/* a context file without case references treats every sentence as one */
	rd->is_case[k] = (signed char)(rc != 0);
	return rd->is_case[k];
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int read_matches(reader *rd, const imr_extraction *ex)
{
	const imr_rules *rules = rd->rules;
	imr_arena *arena = &rd->r->arena;
	size_t n = imr_extraction_count(ex), i, j;
	int f_conclusion = imr__vocab_fact(rules, "rationale.conclusion", strlen("rationale.conclusion"));

	rd->claims = imr__arena_alloc(arena, (n + 1) * sizeof(imr_claim));
	rd->reasons = imr__arena_alloc(arena, (n + 1) * sizeof(imr_stated_reason));
	if (!rd->claims || !rd->reasons)
		return IMR_ENOMEM;
	for (i = 0; i < n; i++) {
		const imr_match *m = imr_extraction_match(ex, i);
		int fact = imr__vocab_fact(rules, m->fact, strlen(m->fact));
		long k = imr__sentences_find(&rd->sents, m->start);
		const imr_factdef *def;
		int kind, is_case;
		if (fact < 0)
			continue;
		def = &rules->facts[fact];
		if (fact == f_conclusion) {
			if (m->counted) {
				rd->r->conclusion = strcmp(m->value, "necessary") == 0 ? IMR_OUTCOME_OVERTURNED
											: IMR_OUTCOME_UPHELD;
				rd->r->conclusion_sentence = imr__arena_strdup(arena, m->sentence);
				rd->r->conclusion_line = m->line;
				rd->r->conclusion_start = m->start;
				rd->conclusion_sentence = k;
			}
			continue;
		}
		if (has_prefix(def->name, "denial.") || has_prefix(def->name, "approval.")) {
			if (!m->counted || m->absent)
				continue;
			for (j = 0; j < rd->nreasons && rd->reasons[j].fact != fact; j++)
				;
			if (j < rd->nreasons)
				continue; /* its first statement is kept */
			rd->reasons[j].fact = fact;
			rd->reasons[j].name = def->name;
			rd->reasons[j].denial = has_prefix(def->name, "denial.");
			rd->reasons[j].sentence = imr__arena_strdup(arena, m->sentence);
			rd->reasons[j].line = m->line;
			rd->nreasons++;
			continue;
		}
		if (def->type != IMR_TYPE_BOOLEAN || def->finding == IMR_FINDING_KIND_NONE || def->derive)
			continue;
		if ((kind = claim_kind(m)) < 0)
			continue;
		if ((is_case = sentence_is_case(rd, k)) < 0)
			return is_case;
		{
			imr_claim *c = &rd->claims[rd->nclaims++];
			c->fact = fact;
			c->kind = (imr_claim_kind)kind;
			c->qualified = (m->flags & IMR_CONTEXT_QUALIFIED) != 0;
			c->about_case = is_case;
			c->matched = imr__arena_strdup(arena, m->matched);
			c->sentence = imr__arena_strdup(arena, m->sentence);
			c->line = m->line;
			c->start = m->start;
			c->end = m->end;
		}
	}
	return arena->failed ? IMR_ENOMEM : 0;
}

/* ---- services named ---- */

static int add_service(reader *rd, const char *procedure, const char *region, long k, unsigned line)
{
	imr_arena *arena = &rd->r->arena;
	imr_named_service *s;
	void *grown = rd->services;
	size_t i;
	for (i = 0; i < rd->nservices; i++) {
		s = &rd->services[i];
		if (((!s->procedure && !procedure) || (s->procedure && procedure && strcmp(s->procedure, procedure) == 0)) &&
		    ((!s->region && !region) || (s->region && region && strcmp(s->region, region) == 0))) {
			s->in_conclusion |= k >= 0 && k == rd->conclusion_sentence;
			s->elsewhere |= !(k >= 0 && k == rd->conclusion_sentence);
			return 0;
		}
	}
	if (imr__grow(&grown, &rd->capservices, rd->nservices + 1, sizeof(imr_named_service)) < 0)
		return IMR_ENOMEM;
	rd->services = grown;
	s = &rd->services[rd->nservices++];
	memset(s, 0, sizeof(*s));
	s->procedure = imr__arena_strdup(arena, procedure);
	s->region = imr__arena_strdup(arena, region);
	s->in_conclusion = k >= 0 && k == rd->conclusion_sentence;
	s->elsewhere = !s->in_conclusion;
	if (k >= 0)
		s->sentence = imr__arena_strndup(arena, rd->data + rd->sents.items[k].start,
						 rd->sents.items[k].end - rd->sents.items[k].start);
	s->line = line;
	return arena->failed ? IMR_ENOMEM : 0;
}

/* The procedures and regions the service lexicons find in the rationale,
 * each once, with the first sentence that names it. */
static int read_services(reader *rd, const imr_text *text, size_t start, size_t end, imr_diags *diags)
{
	imr_facts *attrs = NULL;
	imr_extraction *ex = NULL;
	char *copy = imr__strndup(rd->data + start, end - start);
	size_t i;
	int err;

	if (!copy)
		return IMR_ENOMEM;
	err = imr_facts_new(&attrs, rd->rules);
	if (!err)
		err = imr_extract_service(&ex, rd->w, copy, attrs, diags);
	for (i = 0; !err && i < imr_extraction_count(ex); i++) {
		const imr_match *m = imr_extraction_match(ex, i);
		int proc = strcmp(m->fact, "request.procedure") == 0;
		int region = strcmp(m->fact, "request.region") == 0;
		long k;
		if ((!proc && !region) || strcmp(m->value, "unreadable") == 0)
			continue;
		/* the service text is this span normalised again: offsets agree
		 * but for the rare character the normaliser rewrites */
		k = imr__sentences_find(&rd->sents, start + (m->start < end - start ? m->start : end - start - 1));
		err = add_service(rd, proc ? m->value : NULL, region ? m->value : NULL, k,
				  k >= 0 ? imr_text_line(text, rd->sents.items[k].start) : 0);
	}
	imr_extraction_free(ex);
	imr_facts_free(attrs);
	imr__free(copy);
	return err;
}

/* ---- fingerprints ---- */

#define FNV_OFFSET 1469598103934665603ull
#define FNV_PRIME 1099511628211ull

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* A word of a fingerprint: its letters in lower case, at @c at of
 * words.lower. Lowered once as read rather than at each of the four times
 * a word is hashed (once whole, three times in trigrams). */
typedef struct word {
	size_t at, len;
} word;

typedef struct words {
	word *items;
	size_t count, cap;
	char *lower;
	size_t len, lcap;
} words;

/* Letters and their lower case by ASCII alone, whatever locale the
 * program using the library has set: a fingerprint must not depend on it
 * (and the C library's functions cost a call per byte). */
static int ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static uint64_t hash_word(uint64_t h, const words *ws, size_t i)
{
	return fnv(fnv(h, ws->lower + ws->items[i].at, ws->items[i].len), " ", 1);
}

static void words_dispose(words *ws)
{
	imr__free(ws->items);
	imr__free(ws->lower);
}

/* Append the words of letters of [s, e) to @p ws. */
static int add_words(words *ws, const char *s, const char *e)
{
	void *grown = ws->lower;
	/* the letters of [s, e) take at most its bytes */
	if (imr__grow(&grown, &ws->lcap, ws->len + (size_t)(e - s), 1) < 0)
		return IMR_ENOMEM;
	ws->lower = grown;
	while (s < e) {
		size_t at;
		while (s < e && !ascii_letter((unsigned char)*s))
			s++;
		if (s == e)
			break;
		if (ws->count == ws->cap) {
			grown = ws->items;
			if (imr__grow(&grown, &ws->cap, ws->count + 1, sizeof(word)) < 0)
				return IMR_ENOMEM;
			ws->items = grown;
		}
		at = ws->len;
		while (s < e && ascii_letter((unsigned char)*s))
			ws->lower[ws->len++] = (char)ascii_lower((unsigned char)*s++);
		ws->items[ws->count].at = at;
		ws->items[ws->count++].len = ws->len - at;
	}
	return 0;
}

/* The exact hash and the SimHash of word trigrams of @p words, or 0 and
 * 0 for fewer than IMR__RATIONALE_MIN_WORDS words. */
static void hash_words(const words *ws, uint64_t *hash, uint64_t *simhash)
{
	size_t nwords = ws->count;
	size_t ones[64] = { 0 }, ntri = 0, i, j, k;
	uint64_t h = FNV_OFFSET, sim = 0, lanes[8] = { 0 };
	unsigned pending = 0;
	*hash = *simhash = 0;
	if (nwords < IMR__RATIONALE_MIN_WORDS)
		return;
	for (i = 0; i < nwords; i++)
		h = hash_word(h, ws, i);
	/* bit b of each trigram's hash is counted in byte lane b / 8 of
	 * lanes[b % 8], eight bits to an addition; the lanes are emptied
	 * into ones[] before a byte can overflow */
	for (i = 0; i + 2 < nwords; i++) {
		uint64_t t = hash_word(hash_word(hash_word(FNV_OFFSET, ws, i), ws, i + 1), ws, i + 2);
		for (j = 0; j < 8; j++)
			lanes[j] += (t >> j) & 0x0101010101010101ull;
		ntri++;
		if (++pending == 255 || i + 3 >= nwords) {
			for (j = 0; j < 8; j++) {
				for (k = 0; k < 8; k++)
					ones[8 * k + j] += (size_t)((lanes[j] >> (8 * k)) & 0xff);
				lanes[j] = 0;
			}
			pending = 0;
		}
	}
	/* a bit is set where more trigrams have it than not */
	for (i = 0; i < 64; i++)
		if (2 * ones[i] > ntri)
			sim |= 1ull << i;
	*hash = h ? h : 1;
	*simhash = sim;
}

void imr__rationale_fingerprint(const char *data, const imr_text_span *spans, size_t n, uint64_t *hash,
				uint64_t *simhash)
{
	words ws = { 0 };
	size_t i;
	int err = 0;
	for (i = 0; i < n && !err; i++)
		err = add_words(&ws, data + spans[i].start, data + spans[i].end);
	if (err)
		*hash = *simhash = 0;
	else
		hash_words(&ws, hash, simhash);
	words_dispose(&ws);
}

/* Lower-case words of letters (digits, dates and punctuation dropped, so a
 * rationale pasted with another date or count still matches), hashed
 * exactly and as a SimHash of word trigrams: of the case sentences, and of
 * the whole rationale. */
static int fingerprint(reader *rd, size_t start, size_t end)
{
	words ws = { 0 };
	size_t k;
	int err = 0;

	for (k = 0; k < rd->sents.count && !err; k++) {
		int rc = sentence_is_case(rd, (long)k);
		if (rc <= 0) {
			err = rc;
			continue;
		}
		rd->r->case_sentences++;
		err = add_words(&ws, rd->data + rd->sents.items[k].start, rd->data + rd->sents.items[k].end);
	}
	if (!err)
		hash_words(&ws, &rd->r->hash, &rd->r->simhash);
	ws.count = ws.len = 0;
	if (!err)
		err = add_words(&ws, rd->data + start, rd->data + end);
	if (!err)
		hash_words(&ws, &rd->r->whole_hash, &rd->r->whole_simhash);
	words_dispose(&ws);
	return err;
}

unsigned imr__rationale_distance(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ b;
	unsigned n = 0;
	while (x) {
		x &= x - 1;
		n++;
	}
	return n;
}

/* ---- public ---- */

int imr__rationale_read(imr_rationale **out, imr_worker *worker, const imr_text *text, size_t start,
			size_t end, imr_diags *diags)
{
	return imr__rationale_read_opts(out, worker, text, start, end, 0, diags);
}

/* Keep the services named, found in @p rd, in the rationale's arena. */
static void keep_services(reader *rd)
{
	imr_named_service *copy;
	if (!rd->nservices)
		return;
	copy = imr__arena_alloc(&rd->r->arena, rd->nservices * sizeof(imr_named_service));
	if (copy)
		memcpy(copy, rd->services, rd->nservices * sizeof(imr_named_service));
	rd->r->services = copy;
	rd->r->service_count = copy ? rd->nservices : 0;
}

int imr__rationale_services(imr_rationale *r, imr_worker *worker, const imr_text *text, size_t start, size_t end,
			    imr_diags *diags)
{
	reader rd;
	size_t len;
	int err;
	if (r->services_read)
		return 0;
	memset(&rd, 0, sizeof(rd));
	rd.r = r;
	rd.w = worker;
	rd.rules = imr__worker_rules(worker);
	rd.data = imr_text_data(text, &len);
	if (end > len)
		end = len;
	if (start > end)
		start = end;
	err = imr__worker_sentences(worker, text, start, end, &rd.sents);
	rd.conclusion_sentence = r->conclusion_sentence ? imr__sentences_find(&rd.sents, r->conclusion_start) : -1;
	if (!err && end > start)
		err = read_services(&rd, text, start, end, diags);
	if (!err)
		keep_services(&rd);
	if (!err && r->arena.failed)
		err = IMR_ENOMEM;
	r->services_read = !err;
	imr__sentences_dispose(&rd.sents);
	imr__free(rd.services);
	return err;
}

int imr__rationale_read_opts(imr_rationale **out, imr_worker *worker, const imr_text *text, size_t start,
			     size_t end, unsigned flags, imr_diags *diags)
{
	reader rd;
	imr_facts *said = NULL;
	imr_extraction *ex = NULL;
	size_t len;
	int err;

	*out = NULL;
	memset(&rd, 0, sizeof(rd));
	rd.w = worker;
	rd.rules = imr__worker_rules(worker);
	rd.data = imr_text_data(text, &len);
	rd.conclusion_sentence = -1;
	if (end > len)
		end = len;
	if (start > end)
		start = end;
	if (!(rd.r = imr__calloc(1, sizeof(imr_rationale))))
		return IMR_ENOMEM;
	rd.r->conclusion = IMR_OUTCOME_INDETERMINATE;
	err = imr__worker_sentences(worker, text, start, end, &rd.sents);
	if (!err && !(rd.is_case = imr__malloc(rd.sents.count + 1)))
		err = IMR_ENOMEM;
	if (!err) {
		memset(rd.is_case, -1, rd.sents.count + 1);
		rd.r->sentences = rd.sents.count;
		if (!(flags & IMR__RATIONALE_CONCLUSION_ONLY))
			err = imr_facts_new(&said, rd.rules);
	}
	if (!err && end > start && (flags & IMR__RATIONALE_CONCLUSION_ONLY))
		err = imr__extract_rationale_fact(&ex, worker, text, start, end,
						  imr__vocab_fact(rd.rules, "rationale.conclusion",
								  strlen("rationale.conclusion")),
						  diags);
	else if (!err && end > start)
		err = imr_extract_rationale(&ex, worker, text, start, end, said, diags);
	if (!err)
		err = read_matches(&rd, ex);
	if (!err && end > start && !(flags & IMR__RATIONALE_SERVICES_LATER))
		err = read_services(&rd, text, start, end, diags);
	rd.r->services_read = !(flags & IMR__RATIONALE_SERVICES_LATER);
	if (!err && !(flags & IMR__RATIONALE_CONCLUSION_ONLY))
		err = fingerprint(&rd, start, end);
	if (!err)
		keep_services(&rd);
	rd.r->claims = rd.claims;
	rd.r->claim_count = rd.nclaims;
	rd.r->reasons = rd.reasons;
	rd.r->reason_count = rd.nreasons;
	if (!err && rd.r->arena.failed)
		err = IMR_ENOMEM;
	imr_extraction_free(ex);
	imr_facts_free(said);
	imr__sentences_dispose(&rd.sents);
	imr__free(rd.is_case);
	imr__free(rd.services);
	if (err) {
		imr__rationale_free(rd.r);
		return err;
	}
	*out = rd.r;
	return 0;
}

void imr__rationale_free(imr_rationale *r)
{
	if (!r)
		return;
	imr__arena_dispose(&r->arena);
	imr__free(r);
}
