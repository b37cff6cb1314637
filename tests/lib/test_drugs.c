/* test_drugs.c - drug files: loading with located errors, the generated
 * enums and lexicons, names matched whole (longest name wins), and what a
 * drug name implies - ingredients, classes, the opioid's strength in the
 * right position, conversion factors (fixed, by daily dose, per hour for a
 * patch) and the daily MED computed with its arithmetic. Each case loads
 * fixtures/rules-min plus a small vocabulary, a service lexicon and a drug
 * file of its own, so the shipped drug data can change freely. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "model.h"

/* ---- a small rule set ---- */

static const char vocab[] =
	"kind: vocabulary\n"
	"enums:\n"
	"  drug_class:\n"
	"    description: Classes.\n"
	"    values: {opioid: Opioid, long_acting_opioid: Long-acting opioid, analgesic: Analgesic,\n"
	"             muscle_relaxant: Muscle relaxant}\n"
	"  dose_form:\n"
	"    description: Forms.\n"
	"    values: {tablet: Tablet, patch: Patch, gel: Gel}\n"
	"  route:\n"
	"    description: Routes.\n"
	"    values: {oral: Oral, topical: Topical, transdermal: Transdermal}\n"
	"  strength_unit:\n"
	"    description: Units.\n"
	"    values: {mg: Milligrams, mcg_per_hour: Micrograms an hour, mg_per_ml: Milligrams per ml}\n"
	"facts:\n"
	"  request.drug: {type: enum, of: drug, description: Drug named first.}\n"
	"  request.drugs: {type: set, of: drug, description: Drugs named.}\n"
	"  request.ingredients: {type: set, of: ingredient, description: Ingredients.}\n"
	"  request.drug_classes: {type: set, of: drug_class, description: Classes.}\n"
	"  request.dose_form: {type: enum, of: dose_form, description: Form.}\n"
	"  request.route: {type: enum, of: route, description: Route.}\n"
	"  request.extended_release: {type: boolean, description: Extended release.}\n"
	"  request.strength: {type: number, min: 0, description: First strength.}\n"
	"  request.strength_2: {type: number, min: 0, description: Second strength.}\n"
	"  request.strength_unit: {type: enum, of: strength_unit, description: Unit.}\n"
	"  request.units_per_dose: {type: number, min: 0, description: Units a dose.}\n"
	"  request.doses_per_day: {type: number, min: 0, description: Doses a day.}\n"
	"  request.opioid_strength: {type: number, min: 0, description: Opioid mg a unit.}\n"
	"  request.opioid_rate: {type: number, min: 0, description: Opioid mcg an hour.}\n"
	"  request.mme_factor: {type: number, min: 0, description: Factor.}\n"
	"  request.daily_med:\n"
	"    type: number\n"
	"    min: 0\n"
	"    description: MED a day.\n"
	"    compute:\n"
	"      - product: [request.opioid_strength, request.units_per_dose, request.doses_per_day, request.mme_factor]\n"
	"      - product: [request.opioid_rate, request.mme_factor]\n"
	"  medication.drugs: {type: set, of: drug, description: Drugs taken.}\n"
	"  medication.classes: {type: set, of: drug_class, description: Classes taken.}\n";

static const char lexicon[] =
	"kind: lexicon\n"
	"name: med\n"
	"description: Strengths and frequencies.\n"
	"target: service\n"
	"entries:\n"
	"  - id: strength\n"
	"    fact: request.strength\n"
	"    value: $1\n"
	"    combine: first\n"
	"    patterns: ['(?<![\\d./])(\\d+(?:\\.\\d+)?)\\s*(?:mg|mcg|/)']\n"
	"  - id: strength-2\n"
	"    fact: request.strength_2\n"
	"    value: $1\n"
	"    combine: first\n"
	"    patterns: ['\\d\\s*/\\s*(\\d+)']\n"
	"  - id: mg\n"
	"    fact: request.strength_unit\n"
	"    value: mg\n"
	"    combine: first\n"
	"    patterns: ['\\d\\s*mg\\b(?!/ml)', '\\d/\\d+\\s*mg\\b']\n"
	"  - id: mg-per-ml\n"
	"    fact: request.strength_unit\n"
	"    value: mg_per_ml\n"
	"    combine: first\n"
	"    patterns: ['\\dmg/ml']\n"
	"  - id: mcg-hour\n"
	"    fact: request.strength_unit\n"
	"    value: mcg_per_hour\n"
	"    combine: first\n"
	"    patterns: ['\\d\\s*mcg/hr']\n"
	"  - id: one\n"
	"    fact: request.units_per_dose\n"
	"    value: 1\n"
	"    patterns: ['\\b1 tab']\n"
	"  - id: q6h\n"
	"    fact: request.doses_per_day\n"
	"    value: 4\n"
	"    patterns: ['\\bq6h\\b']\n"
	"  - id: bid\n"
	"    fact: request.doses_per_day\n"
	"    value: 2\n"
	"    patterns: ['\\bBID\\b']\n"
	"  - id: tid\n"
	"    fact: request.doses_per_day\n"
	"    value: 3\n"
	"    patterns: ['\\bTID\\b']\n";

/* Line numbers matter to the error cases: ingredients start on line 9. */
static const char drugs[] =
	"kind: drugs\n"                                                               /* 1 */
	"description: Test drugs.\n"                                                  /* 2 */
	"citations:\n"                                                                /* 3 */
	"  cdc:\n"                                                                    /* 4 */
	"    document: CDC 2016\n"                                                    /* 5 */
	"    section: MME table\n"                                                    /* 6 */
	"notes_exclude: ['\\s+was\\s+requested\\b']\n"                                /* 7 */
	"ingredients:\n"                                                              /* 8 */
	"  hydrocodone: {names: [hydrocodone], classes: [opioid], mme: {factor: 1, per: mg, citation: cdc}}\n"
	"  apap: {names: [acetaminophen, APAP], classes: [analgesic]}\n"            /* 10 */
	"  codeine: {names: [codeine], classes: [opioid], mme: {factor: 0.15, per: mg, citation: cdc}}\n"
	"  tramadol: {names: [tramadol], classes: [opioid], mme: {factor: 0.1, per: mg, citation: cdc}}\n"
	"  fentanyl: {names: [fentanyl], classes: [opioid], mme: {factor: 2.4, per: mcg_per_hour, continuous: true, citation: cdc}}\n"
	"  methadone:\n"                                                              /* 14 */
	"    names: [methadone]\n"
	"    classes: [opioid]\n"
	"    mme:\n"
	"      per: mg\n"
	"      citation: cdc\n"
	"      tiers: [{up_to: 20, factor: 4}, {up_to: 40, factor: 8}, {up_to: 60, factor: 10}, {factor: 12}]\n"
	"  carisoprodol: {names: [carisoprodol], classes: [muscle_relaxant]}\n"    /* 21 */
	"products:\n"                                                                 /* 22 */
	"  norco: {names: [Norco, Vicodin], ingredients: [hydrocodone, apap], forms: [tablet], routes: [oral]}\n"
	"  ultram: {names: [Ultram], ingredients: [tramadol], forms: [tablet], routes: [oral]}\n"
	"  ultram_er:\n"                                                              /* 25 */
	"    names: [Ultram ER, tramadol ER]\n"
	"    ingredients: [tramadol]\n"
	"    classes: [long_acting_opioid]\n"
	"    extended_release: true\n"
	"  soma: {names: [Soma], ingredients: [carisoprodol], forms: [tablet], routes: [oral]}\n"
	"  fenpatch: {names: [Duragesic], ingredients: [fentanyl], forms: [patch], routes: [transdermal]}\n"
	"  diclo: {names: [Voltaren], ingredients: [], classes: [analgesic], forms: [tablet, gel], routes: [oral, topical]}\n";

typedef struct loaded {
	imr_rules *rules;
	imr_diags diags;
	int status;
} loaded;

static void load(loaded *l, const char *drug_text, const char *vocab_text)
{
	imr_diags_init(&l->diags);
	l->rules = (imr_rules *)1;
	l->status = imr_test_load_min(&l->rules, &l->diags, "v.yaml", vocab_text ? vocab_text : vocab, "l.yaml",
				      lexicon, "drugs.yaml", drug_text ? drug_text : drugs, NULL);
}

static void dispose(loaded *l)
{
	imr_rules_free(l->rules);
	imr_diags_dispose(&l->diags);
}

static void assert_loaded(loaded *l)
{
	if (l->status != IMR_OK) {
		imr_test_print_diags(&l->diags);
		fail_msg("expected the rules to load, got %d", l->status);
	}
}

/* The drug file with line @p line (1-based) replaced by @p text. */
static const char *drugs_with_line(unsigned line, const char *text)
{
	static char out[8192];
	const char *p = drugs;
	size_t used = 0;
	unsigned n = 1;
	while (*p && used + 1 < sizeof(out)) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) + 1 : strlen(p);
		if (n == line)
			used += (size_t)snprintf(out + used, sizeof(out) - used, "%s\n", text);
		else if (used + len < sizeof(out)) {
			memcpy(out + used, p, len);
			used += len;
		}
		p += len;
		n++;
	}
	out[used] = '\0';
	return out;
}

/* Loading must fail with @p code at @p line:@p col, the message holding
 * @p msg (NULL: any). */
static void expect_error(const char *drug_text, const char *vocab_text, const char *code, unsigned line,
			 unsigned col, const char *msg)
{
	loaded l;
	size_t i;
	const imr_diag *d = NULL;
	load(&l, drug_text, vocab_text);
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.rules);
	for (i = 0; i < l.diags.count && !d; i++)
		if (strcmp(l.diags.items[i].code, code) == 0 && l.diags.items[i].line == line &&
		    l.diags.items[i].col == col)
			d = &l.diags.items[i];
	if (!d) {
		imr_test_print_diags(&l.diags);
		fail_msg("no %s at %u:%u", code, line, col);
	}
	if (msg && !strstr(d->message, msg))
		fail_msg("message \"%s\" lacks \"%s\"", d->message, msg);
	dispose(&l);
}

/* Read @p service with the loaded rules into a fresh attribute set. */
static imr_facts *read_service(const imr_rules *rules, const char *service)
{
	imr_worker *w = NULL;
	imr_facts *attrs = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	assert_int_equal(imr_worker_new(&w, rules, NULL), IMR_OK);
	assert_int_equal(imr_facts_new(&attrs, rules), IMR_OK);
	assert_int_equal(imr_extract_service(NULL, w, service, attrs, &diags), IMR_OK);
	imr_diags_dispose(&diags);
	imr_worker_free(w);
	return attrs;
}

static void assert_value(const imr_facts *f, const char *name, const char *want)
{
	char got[256];
	imr_facts_value_text(f, name, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("%s: expected %s, got %s", name, want, got);
}

/* ---- loading ---- */

static void drug_files_make_enums_and_table(void **state)
{
	loaded l;
	imr_drug_info info;
	imr_ingredient_info in;
	int i;
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	/* seven ingredients (generic drugs) then six products */
	assert_int_equal(imr_drugs_count(l.rules), 13);
	i = imr_drugs_find(l.rules, "NORCO");
	assert_true(i >= 0);
	assert_int_equal(imr_drugs_get(&info, l.rules, (size_t)i), IMR_OK);
	assert_string_equal(info.id, "norco");
	assert_true(info.product);
	assert_int_equal(info.ningredients, 2);
	assert_string_equal(info.ingredients[0], "hydrocodone");
	assert_int_equal(info.nclasses, 2);
	/* ids, names, case and separators */
	assert_int_equal(imr_drugs_find(l.rules, "vicodin"), i);
	assert_int_equal(imr_drugs_find(l.rules, "Tramadol-ER"), imr_drugs_find(l.rules, "ultram_er"));
	assert_int_equal(imr_drugs_find(l.rules, "no such drug"), IMR_ENOTFOUND);
	/* a tiered factor and its citation */
	assert_int_equal(imr_drugs_ingredient(&in, l.rules, "methadone"), IMR_OK);
	assert_true(in.has_mme);
	assert_int_equal(in.ntiers, 4);
	assert_true(in.tiers[1].has_up_to);
	assert_true(in.tiers[1].up_to == 40 && in.tiers[1].factor == 8);
	assert_false(in.tiers[3].has_up_to);
	assert_string_equal(in.mme_citation.document, "CDC 2016");
	assert_string_equal(in.mme_per, "mg");
	assert_int_equal(imr_drugs_ingredient(&in, l.rules, "nothing"), IMR_ENOTFOUND);
	dispose(&l);
}

static void errors_are_located(void **state)
{
	(void)state;
	/* a class the vocabulary does not have, with a suggestion */
	expect_error(drugs_with_line(21, "  carisoprodol: {names: [carisoprodol], classes: [muscle_relaxnt]}"), NULL,
		     "unknown-value", 21, 51, "did you mean 'muscle_relaxant'");
	/* names are required */
	expect_error(drugs_with_line(10, "  apap: {classes: [analgesic]}"), NULL, "missing-key", 10, 9, "'names'");
	/* two drugs may not share a name */
	expect_error(drugs_with_line(24, "  ultram: {names: [Ultram, vicodin], ingredients: [tramadol]}"), NULL,
		     "duplicate-name", 24, 28, "already a name of 'norco'");
	/* a product's ingredient must exist */
	expect_error(drugs_with_line(27, "    ingredients: [tramadl]"), NULL, "unknown-value", 27, 19,
		     "did you mean 'tramadol'");
	/* tiers by increasing dose, the last one open */
	expect_error(drugs_with_line(20, "      tiers: [{up_to: 20, factor: 4}, {up_to: 10, factor: 8}, {factor: 12}]"),
		     NULL, "bad-value", 20, 47, "increasing");
	expect_error(drugs_with_line(20, "      tiers: [{up_to: 20, factor: 4}]"), NULL, "missing-key", 20, 15,
		     "must omit 'up_to'");
	/* a factor needs its source, and a unit */
	expect_error(drugs_with_line(9, "  hydrocodone: {names: [hydrocodone], classes: [opioid], mme: {factor: 1, per: mg}}"),
		     NULL, "missing-key", 9, 63, "'citation'");
	expect_error(drugs_with_line(9, "  hydrocodone: {names: [hydrocodone], classes: [opioid], mme: {factor: 1, per: mg, citation: cdx}}"),
		     NULL, "unknown-value", 9, 94, "not a citation");
	expect_error(drugs_with_line(9, "  hydrocodone: {names: [hydrocodone], classes: [opioid], no_mme: None given., mme: {factor: 1, per: mg, citation: cdc}}"),
		     NULL, "bad-value", 9, 84, "not both");
	/* misspelt keys */
	expect_error(drugs_with_line(29, "    extended_relase: true"), NULL, "unknown-key", 29, 5,
		     "did you mean 'extended_release'");
	/* ids are unique across ingredients and products */
	expect_error(drugs_with_line(24, "  codeine: {names: [Ultram], ingredients: [tramadol]}"), NULL, "duplicate-id", 24,
		     3, "already defined");
	/* the generated enums may not be declared */
	expect_error(NULL, "kind: vocabulary\nenums:\n  drug:\n    description: Mine.\n    values: {a: A}\n",
		     "duplicate-id", 3, 3, "made from the drug files");
}

static void bound_facts_must_have_their_types(void **state)
{
	char v[8192];
	const char *at = strstr(vocab, "  request.drug: ");
	(void)state;
	assert_non_null(at);
	snprintf(v, sizeof(v), "%.*s  request.drug: {type: boolean, description: Wrong.}\n%s", (int)(at - vocab), vocab,
		 strchr(at, '\n') + 1);
	expect_error(NULL, v, "wrong-type", 17, 3, "must be an enum of drug");
}

static void long_names_hit_the_pattern_limit(void **state)
{
	imr_limits lim = IMR_LIMITS_INIT;
	imr_rules_options opts = IMR_RULES_OPTIONS_INIT;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_rules *rules = (imr_rules *)1;
	char min[4096], v[4096], lx[4096], d[4096];
	const char *paths[4];
	(void)state;
	lim.pattern_bytes = 60;
	opts.limits = &lim;
	snprintf(min, sizeof(min), "%s", imr_test_fixture("rules-min"));
	snprintf(v, sizeof(v), "%s", imr_test_write_temp("v.yaml", vocab));
	snprintf(lx, sizeof(lx), "%s",
		 imr_test_write_temp("l.yaml", "kind: lexicon\nname: x\ndescription: X.\ntarget: service\n"
					       "entries: [{id: a, fact: request.units_per_dose, value: 1, patterns: ['\\bone\\b']}]\n"));
	snprintf(d, sizeof(d), "%s",
		 imr_test_write_temp("d.yaml", "kind: drugs\ndescription: D.\ningredients:\n"
					       "  a: {names: [alphaprofen, betaprofen, gammaprofen, deltaprofen], classes: [analgesic]}\n"));
	paths[0] = min;
	paths[1] = v;
	paths[2] = lx;
	paths[3] = d;
	assert_int_equal(imr_rules_load_paths(&rules, paths, 4, &opts, &diags), IMR_EINVALID);
	assert_null(rules);
	assert_diag(&diags, "limit", 4, 14);
	imr_diags_dispose(&diags);
}

/* ---- what a service line implies ---- */

static void a_brand_name_brings_its_ingredients_and_med(void **state)
{
	loaded l;
	imr_facts *f;
	const imr_value *v;
	int idx;
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	f = read_service(l.rules, "Norco 10/325 mg 1 tab q6h #120");
	assert_value(f, "request.drug", "norco");
	assert_value(f, "request.ingredients", "[hydrocodone, apap]");
	assert_value(f, "request.drug_classes", "[opioid, analgesic]");
	assert_value(f, "request.dose_form", "tablet");
	assert_value(f, "request.route", "oral");
	assert_value(f, "request.opioid_strength", "10");
	assert_value(f, "request.mme_factor", "1");
	assert_value(f, "request.daily_med", "40");
	/* the arithmetic is the evidence */
	idx = imr__vocab_fact(l.rules, "request.daily_med", strlen("request.daily_med"));
	v = imr__facts_value(f, idx);
	assert_int_equal(v->nev, 1);
	assert_non_null(strstr(v->ev[0].text, "10 x 1 x 4 x 1 = 40"));
	assert_string_equal(v->ev[0].source, "computed");
	imr_facts_free(f);
	dispose(&l);
}

static void the_longest_name_wins(void **state)
{
	loaded l;
	imr_facts *f;
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	f = read_service(l.rules, "Ultram ER 100mg #60");
	assert_value(f, "request.drug", "ultram_er");
	assert_value(f, "request.drugs", "[ultram_er]");
	assert_value(f, "request.extended_release", "true");
	assert_value(f, "request.drug_classes", "[opioid, long_acting_opioid]");
	imr_facts_free(f);
	f = read_service(l.rules, "tramadol 50mg TID");
	assert_value(f, "request.drug", "tramadol");
	assert_value(f, "request.extended_release", "not documented");
	assert_value(f, "request.daily_med", "not documented"); /* units per dose not written */
	imr_facts_free(f);
	/* a name inside a word is not the name */
	f = read_service(l.rules, "Somatic therapy");
	assert_value(f, "request.drug", "not documented");
	imr_facts_free(f);
	dispose(&l);
}

static void generic_names_give_the_strength_in_written_order(void **state)
{
	loaded l;
	imr_facts *f;
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	/* the opioid written second: its strength is the second one */
	f = read_service(l.rules, "APAP/codeine 300/30 mg 1 tab q6h");
	assert_value(f, "request.ingredients", "[apap, codeine]");
	assert_value(f, "request.opioid_strength", "30");
	assert_value(f, "request.daily_med", "18");
	imr_facts_free(f);
	f = read_service(l.rules, "hydrocodone/APAP 5/325 mg 1 tab q6h");
	assert_value(f, "request.opioid_strength", "5");
	assert_value(f, "request.daily_med", "20");
	imr_facts_free(f);
	/* a liquid's strength is not a tablet's */
	f = read_service(l.rules, "codeine 6mg/ml 1 tab q6h");
	assert_value(f, "request.mme_factor", "0.15");
	assert_value(f, "request.opioid_strength", "not documented");
	imr_facts_free(f);
	dispose(&l);
}

static void methadone_factor_follows_the_daily_dose(void **state)
{
	loaded l;
	imr_facts *f;
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	f = read_service(l.rules, "methadone 5mg 1 tab BID");
	assert_value(f, "request.mme_factor", "4");
	assert_value(f, "request.daily_med", "40");
	imr_facts_free(f);
	f = read_service(l.rules, "methadone 10mg 1 tab TID");
	assert_value(f, "request.mme_factor", "8");
	assert_value(f, "request.daily_med", "240");
	imr_facts_free(f);
	f = read_service(l.rules, "methadone 25mg 1 tab TID");
	assert_value(f, "request.mme_factor", "12");
	imr_facts_free(f);
	/* without the daily dose no tier, so no factor */
	f = read_service(l.rules, "methadone 10mg #90");
	assert_value(f, "request.mme_factor", "not documented");
	imr_facts_free(f);
	dispose(&l);
}

static void a_patch_rate_gives_the_med(void **state)
{
	loaded l;
	imr_facts *f;
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	f = read_service(l.rules, "Duragesic 25 mcg/hr #10");
	assert_value(f, "request.route", "transdermal");
	assert_value(f, "request.opioid_rate", "25");
	assert_value(f, "request.opioid_strength", "not documented");
	assert_value(f, "request.daily_med", "60");
	imr_facts_free(f);
	dispose(&l);
}

static void several_forms_leave_the_form_to_the_text(void **state)
{
	loaded l;
	imr_facts *f;
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	f = read_service(l.rules, "Voltaren 1% #1");
	assert_value(f, "request.dose_form", "not documented");
	assert_value(f, "request.route", "not documented");
	assert_value(f, "request.ingredients", "not documented"); /* composition not listed */
	assert_value(f, "request.drug_classes", "[analgesic]");
	imr_facts_free(f);
	dispose(&l);
}

/* ---- notes ---- */

static void drugs_taken_count_requests_do_not(void **state)
{
	loaded l;
	imr_worker *w = NULL;
	imr_facts *f = NULL;
	imr_text *t = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	static const char text[] = "Current medications include Norco and Soma. Ultram was requested.\n";
	(void)state;
	load(&l, NULL, NULL);
	assert_loaded(&l);
	assert_int_equal(imr_worker_new(&w, l.rules, NULL), IMR_OK);
	assert_int_equal(imr_facts_new(&f, l.rules), IMR_OK);
	assert_int_equal(imr_text_new(&t, "notes", text, strlen(text), NULL, &diags), IMR_OK);
	assert_int_equal(imr_extract_notes(NULL, w, t, 0, 0, "notes", f, &diags), IMR_OK);
	assert_value(f, "medication.drugs", "[norco, soma]");
	assert_value(f, "medication.classes", "[opioid, analgesic, muscle_relaxant]");
	imr_text_free(t);
	imr_facts_free(f);
	imr_worker_free(w);
	imr_diags_dispose(&diags);
	dispose(&l);
}

/* ---- explain --drug ---- */

static void the_report_names_ingredients_factors_and_rules(void **state)
{
	loaded l;
	imr_buf out = IMR_BUF_INIT;
	static const char rule[] =
		"kind: rule\nid: t.opioids\ntitle: Opioids\nguideline: MTUS\n"
		"citation: {document: Test guideline, section: Opioids}\n"
		"applies: opioid in request.drug_classes\ncomplete: false\nrecommendation: conditional\n"
		"summary: Test.\ncriteria:\n  - {id: a, text: A., require: exam.sign_a, advice: Document A.}\n"
		"tests:\n  - name: a\n    request: {drug_classes: [opioid]}\n    facts: {exam.sign_a: true}\n"
		"    expect: {medically_necessary: true}\n";
	int i;
	(void)state;
	imr_diags_init(&l.diags);
	l.rules = (imr_rules *)1;
	l.status = imr_test_load_min(&l.rules, &l.diags, "v.yaml", vocab, "l.yaml", lexicon, "drugs.yaml", drugs,
				     "r.yaml", rule, NULL);
	assert_loaded(&l);
	i = imr_drugs_find(l.rules, "Norco");
	assert_int_equal(imr_report_drug_text(&out, l.rules, (size_t)i), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "hydrocodone (opioid)"));
	assert_non_null(strstr(imr_buf_cstr(&out), "MME: 1 morphine mg per mg"));
	assert_non_null(strstr(imr_buf_cstr(&out), "Rules that govern it:\n    t.opioids (MTUS, always)"));
	imr_buf_clear(&out);
	i = imr_drugs_find(l.rules, "Soma");
	assert_int_equal(imr_report_drug_text(&out, l.rules, (size_t)i), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "Rules that govern it: none encoded"));
	imr_buf_clear(&out);
	i = imr_drugs_find(l.rules, "Norco");
	assert_int_equal(imr_report_drug_json(&out, l.rules, (size_t)i), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "\"rule\": \"t.opioids\""));
	assert_non_null(strstr(imr_buf_cstr(&out), "\"factor\": 1.0"));
	assert_int_equal(imr_report_drug_text(&out, l.rules, 999), IMR_ENOTFOUND);
	imr_buf_dispose(&out);
	dispose(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drug_files_make_enums_and_table),
		cmocka_unit_test(errors_are_located),
		cmocka_unit_test(bound_facts_must_have_their_types),
		cmocka_unit_test(long_names_hit_the_pattern_limit),
		cmocka_unit_test(a_brand_name_brings_its_ingredients_and_med),
		cmocka_unit_test(the_longest_name_wins),
		cmocka_unit_test(generic_names_give_the_strength_in_written_order),
		cmocka_unit_test(methadone_factor_follows_the_daily_dose),
		cmocka_unit_test(a_patch_rate_gives_the_med),
		cmocka_unit_test(several_forms_leave_the_form_to_the_text),
		cmocka_unit_test(drugs_taken_count_requests_do_not),
		cmocka_unit_test(the_report_names_ingredients_factors_and_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
