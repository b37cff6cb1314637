/* audit_scope.c - a rationale that judges another service than the item.
 *
 * A rationale that judges a thoracic x-ray by the criteria of a cervical
 * MRI, or an elbow MRI as a shoulder MRI, decided on the wrong criteria.
 * The services a rationale names are read with the service lexicons (as
 * `imrcheck extract --rationale` lists them), but only in the sentences
 * that say what is requested or judged: its conclusion ("the request for
 * ... is not medically necessary") and the sentences the
 * rationale.request_statement lexicon marks ("the request is for ...",
 * "criteria for ... have not been met"). History ("she had a prior lumbar
 * MRI") and restated guideline text about other services are never read.
 *
 * A region or a procedure is set against the item's only when both are of
 * one `family` of the vocabulary (the regions of the spine, of one limb;
 * the imaging modalities): a rationale that speaks of the knee and the
 * lumbar spine may simply judge a request that names both. And it is a
 * finding only when no such sentence names the item's own region (or
 * procedure): a rationale that names both judged the item too. */
#include <string.h>

#include "alloc.h"
#include "audit_impl.h"
#include "imrcheck/facts.h"
#include "model.h"
#include "sentence.h"

/* What the request sentences of a rationale name, against the item. */
typedef struct scope {
	const imr_enum *proc_en, *region_en;
	int proc;                  /* the item's procedure, or -1 */
	const uint16_t *regions;   /* the item's regions */
	size_t nregions;
	uint16_t one_region;       /* its only region, when read as request.region alone */
	int own_region, own_proc;  /* a request sentence names the item's */
	uint64_t other_regions;    /* members of the item's families it names instead */
	int other_proc;            /* an imaging modality (say) other than the item's, or -1 */
	long region_sentence, proc_sentence;  /* the first sentence naming them */
} scope;

static const char *family_of(const imr_enum *en, int m)
{
	return m >= 0 && en->family && (size_t)m < en->count ? en->family[m] : NULL;
}

static int same_family(const imr_enum *en, int a, int b)
{
	const char *fa = family_of(en, a), *fb = family_of(en, b);
	return fa && fb && strcmp(fa, fb) == 0;
}

static void note_region(scope *sc, int r, long sentence)
{
	size_t i;
	int related = 0;
	for (i = 0; i < sc->nregions; i++) {
		if (sc->regions[i] == r) {
			sc->own_region = 1;
			return;
		}
		related |= same_family(sc->region_en, sc->regions[i], r);
	}
	if (!related || r >= 64)
		return;
	if (!sc->other_regions)
		sc->region_sentence = sentence;
	sc->other_regions |= 1ull << r;
}

static void note_procedure(scope *sc, int p, long sentence)
{
	if (p == sc->proc) {
		sc->own_proc = 1;
		return;
	}
	if (sc->other_proc < 0 && same_family(sc->proc_en, sc->proc, p)) {
		sc->other_proc = p;
		sc->proc_sentence = sentence;
	}
}

/* What read_sentence() notes one match against. */
typedef struct sentence_reading {
	imr_audit *au;
	scope *sc;
	long k;
} sentence_reading;

static int note_value(void *ctx, int fact, const char *value)
{
	sentence_reading *rd = ctx;
	const imr_rules *rules = rd->au->rules;
	scope *sc = rd->sc;
	if (fact == rules->f_region || fact == rd->au->f_regions) {
		int r = imr__vocab_member(sc->region_en, value, strlen(value));
		if (r >= 0)
			note_region(sc, r, rd->k);
	} else if (fact == rules->f_procedure && sc->proc >= 0) {
		int p = imr__vocab_member(sc->proc_en, value, strlen(value));
		if (p >= 0)
			note_procedure(sc, p, rd->k);
	}
	return 0;
}

/* The procedures and regions the service lexicons read in @p sentence:
 * the values of its matches, as a service text's extraction lists them
 * (every match, whatever its context), without combining any facts. */
static int read_sentence(imr_audit *au, imr_worker *w, scope *sc, const char *sentence, long k)
{
	sentence_reading rd;
	imr_diags diags;
	int err;
	rd.au = au;
	rd.sc = sc;
	rd.k = k;
	imr_diags_init(&diags);
	err = imr__extract_service_values(w, sentence, &diags, note_value, &rd);
	imr_diags_dispose(&diags);
	return err;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Sentence [start, end) of @p data with its white space collapsed. */
static void collapse(imr_buf *out, const char *data, size_t start, size_t end)
{
	size_t i = start, j;
	int space = 0;
	imr_buf_clear(out);
	while (i < end) {
		if (is_blank(data[i])) {
			space = out->size > 0;
			i++;
			continue;
		}
		/* each run of other bytes in one piece */
		for (j = i; j < end && !is_blank(data[j]); j++)
			;
		if (space)
			imr_buf_put(out, " ", 1);
		imr_buf_put(out, data + i, j - i);
		space = 0;
		i = j;
	}
}

/* Whether @p sentence states what is requested or concludes on it. */
static int is_request_sentence(imr_audit *au, imr_worker *w, const char *sentence)
{
	return imr__extract_says_either(w, IMR_LEX_RATIONALE, sentence, au->f_request_statement, au->f_conclusion);
}

static void member_words(imr_buf *out, const imr_enum *en, int m)
{
	const char *p;
	for (p = en->members[m]; *p; p++)
		imr_buf_printf(out, "%c", *p == '_' ? ' ' : *p);
}

/* "thoracic xray", "cervical or lumbar": what one side names. */
static void describe(imr_buf *out, const scope *sc, uint64_t regions, int proc)
{
	size_t m, n = 0;
	for (m = 0; m < sc->region_en->count && m < 64; m++) {
		if (!(regions & (1ull << m)))
			continue;
		if (n++)
			imr_buf_printf(out, " or ");
		member_words(out, sc->region_en, (int)m);
	}
	if (proc >= 0) {
		if (n)
			imr_buf_printf(out, " ");
		member_words(out, sc->proc_en, proc);
	}
}

static int item_scope(imr_audit *au, const imr_review_item *ri, scope *sc)
{
	const imr_rules *rules = au->rules;
	const imr_value *v;
	int with_family = 0;
	size_t i;

	memset(sc, 0, sizeof(*sc));
	sc->proc = sc->other_proc = -1;
	sc->region_sentence = sc->proc_sentence = -1;
	if (rules->f_procedure < 0 || rules->f_region < 0)
		return 0;
	sc->proc_en = &rules->enums[rules->facts[rules->f_procedure].enum_index];
	sc->region_en = &rules->enums[rules->facts[rules->f_region].enum_index];
	v = imr__facts_value(ri->attrs, rules->f_procedure);
	if (v->status == IMR_FACT_PRESENT && !sc->proc_en->associated[(int)v->num])
		sc->proc = (int)v->num;
	else if (v->status == IMR_FACT_PRESENT)
		return 0; /* an associated service is judged with its primary */
	if (au->f_regions >= 0 && (v = imr__facts_value(ri->attrs, au->f_regions))->status == IMR_FACT_PRESENT) {
		sc->regions = v->members;
		sc->nregions = v->nmembers;
	} else if ((v = imr__facts_value(ri->attrs, rules->f_region))->status == IMR_FACT_PRESENT) {
		sc->one_region = (uint16_t)v->num;
		sc->regions = &sc->one_region;
		sc->nregions = 1;
	}
	for (i = 0; i < sc->nregions; i++)
		with_family |= family_of(sc->region_en, sc->regions[i]) != NULL;
	return with_family || family_of(sc->proc_en, sc->proc) != NULL;
}

int imr__audit_scope_findings(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_text *text,
			      const imr_review_item *ri, size_t k)
{
	const imr_letter_item *li = ri->letter;
	imr_sentences sents = { NULL, 0, 0 };
	imr_buf sentence = IMR_BUF_INIT, other = IMR_BUF_INIT, own = IMR_BUF_INIT;
	const char *data;
	size_t len, i;
	int err = 0, wrong_region, wrong_proc;
	long at;
	scope sc;
	imr_finding *f;

	if (au->f_request_statement < 0 || !item_scope(au, ri, &sc))
		return 0;
	data = imr_text_data(text, &len);
	if (li->rationale_span.end <= li->rationale_span.start || li->rationale_span.end > len)
		return 0;
	/* the letter's atoms, for the look before each sentence (a scan made
	 * already, unless the caller scanned another text since) */
	err = imr__worker_scan(w, text);
	if (!err)
		err = imr__worker_sentences(w, text, li->rationale_span.start, li->rationale_span.end, &sents);
	for (i = 0; !err && i < sents.count; i++) {
		int rc;
		/* most sentences hold no atom of either lexicon: no copy, no scan */
		if (!imr__extract_may_say_either(w, IMR_LEX_RATIONALE, data + sents.items[i].start,
						 sents.items[i].end - sents.items[i].start, au->f_request_statement,
						 au->f_conclusion))
			continue;
		collapse(&sentence, data, sents.items[i].start, sents.items[i].end);
		if (!sentence.size)
			continue;
		if ((rc = is_request_sentence(au, w, imr_buf_cstr(&sentence))) < 0)
			err = rc;
		else if (rc)
			err = read_sentence(au, w, &sc, imr_buf_cstr(&sentence), (long)i);
	}
	wrong_region = sc.other_regions && !sc.own_region;
	wrong_proc = sc.other_proc >= 0 && !sc.own_proc;
	if (!err && (wrong_region || wrong_proc)) {
		size_t r;
		uint64_t mine = 0;
		at = wrong_region ? sc.region_sentence : sc.proc_sentence;
		if (wrong_proc && sc.proc_sentence < at)
			at = sc.proc_sentence;
		for (r = 0; r < sc.nregions; r++)
			if (sc.regions[r] < 64)
				mine |= 1ull << sc.regions[r];
		describe(&other, &sc, wrong_region ? sc.other_regions : 0, wrong_proc ? sc.other_proc : -1);
		describe(&own, &sc, wrong_region ? mine : 0, wrong_proc ? sc.proc : -1);
		collapse(&sentence, data, sents.items[at].start, sents.items[at].end);
		f = imr__audit_new_finding(s, IMR_FINDING_RATIONALE, "rationale-other-service", k);
		if (f) {
			/* the decision rests on another service's criteria */
			f->severity = IMR_FINDING_SEVERITY_HIGH;
			f->message = imr__arena_printf(&s->arena,
						       "the rationale judges the request as the %s; the disputed item is the %s, "
						       "which no statement of the request in the rationale names",
						       imr_buf_cstr(&other), imr_buf_cstr(&own));
			f->evidence = imr__arena_printf(&s->arena,
							"rationale of item %zu, line %u: \"%s\"; disputed item %zu, line %u: \"%s\"",
							k + 1, imr_text_line(text, sents.items[at].start), imr_buf_cstr(&sentence),
							k + 1, li->service_span.line, li->service ? li->service : "");
			f->phrase = imr__arena_strdup(&s->arena, imr_buf_cstr(&sentence));
		}
	}
	imr__sentences_dispose(&sents);
	imr_buf_dispose(&sentence);
	imr_buf_dispose(&other);
	imr_buf_dispose(&own);
	return err;
}
