/* report_drug.c - what the rule set knows of one drug, for
 * `imrcheck explain --drug`, as text and as JSON.
 *
 * Besides the drug data (names, ingredients, classes, forms, routes and the
 * morphine equivalent factor of an opioid ingredient), the report lists the
 * rules that govern the drug: the drug's first name is read as a service
 * line, the way a request naming it would be, once for each of its routes,
 * and each rule's `applies` is evaluated on the attributes that result.
 * A rule whose `applies` is true governs the drug; one whose `applies` is
 * unknown depends on something else of the request (a post-operative
 * request, the body region), which the report names. */
#include "imrcheck/report.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "drugs.h"
#include "expr.h"
#include "imrcheck/date.h"
#include "imrcheck/extract.h"
#include "jsonb.h"
#include "model.h"

/* ---- which rules govern the drug ---- */

typedef struct governing {
	size_t rule;
	int depends;            /* applies is unknown, not true */
	int route;              /* member of 'route', or -1 for any */
	char depends_on[256];   /* facts left undocumented, ", "-separated */
} governing;

typedef struct gov_list {
	governing *items;
	size_t count, cap;
} gov_list;

static int gov_add(gov_list *g, size_t rule, int depends, int route, const imr_trace *trace,
		   const imr_rules *rules)
{
	void *items = g->items;
	governing *it;
	size_t i, used = 0;
	for (i = 0; i < g->count; i++) {
		if (g->items[i].rule != rule)
			continue;
		/* one entry per rule: "governs" wins over "depends", routes merge */
		if (g->items[i].depends && !depends) {
			g->items[i].depends = 0;
			g->items[i].route = route;
		} else if (g->items[i].depends == depends && g->items[i].route != route) {
			g->items[i].route = -1;
		}
		return 0;
	}
	if (imr__grow(&items, &g->cap, g->count + 1, sizeof(governing)) < 0)
		return IMR_ENOMEM;
	g->items = items;
	it = &g->items[g->count++];
	memset(it, 0, sizeof(*it));
	it->rule = rule;
	it->depends = depends;
	it->route = route;
	for (i = 0; depends && trace && i < trace->count; i++) {
		const char *name = rules->facts[trace->items[i].fact].name;
		if (trace->items[i].raw != IMR_TRI_UNKNOWN || strstr(it->depends_on, name))
			continue;
		used += (size_t)snprintf(it->depends_on + used, used < sizeof(it->depends_on) ? sizeof(it->depends_on) - used : 0,
					 "%s%s", used ? ", " : "", name);
		if (used >= sizeof(it->depends_on))
			break;
	}
	return 0;
}

/* The request a service line naming the drug makes, with route @p route
 * preset (-1: as the drug data gives it). */
static int read_as_service(imr_facts **out, imr_worker *w, const imr_rules *rules, const char *name, int route)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_facts *attrs = NULL;
	int err = imr_facts_new(&attrs, rules);
	if (!err && route >= 0) {
		int f = imr__vocab_fact(rules, "request.route", 13);
		if (f >= 0)
			err = imr__facts_set_value(attrs, f, IMR_FACT_PRESENT, route, NULL, 0);
	}
	if (!err)
		err = imr_extract_service(NULL, w, name, attrs, &diags);
	imr_diags_dispose(&diags);
	if (err) {
		imr_facts_free(attrs);
		return err;
	}
	*out = attrs;
	return 0;
}

static int find_governing(gov_list *g, const imr_rules *rules, size_t drug)
{
	const imr_drugs *d = rules->drugs;
	imr_worker *w = NULL;
	imr_facts *none = NULL;
	int routes[16];
	size_t nroutes = imr__drugs_routes(rules, drug, routes, 16), v, r;
	int err = imr_worker_new(&w, rules, NULL);
	if (!err)
		err = imr_facts_new(&none, rules);
	if (nroutes > 16)
		nroutes = 16;
	/* one reading per route when the drug has several, else one */
	for (v = 0; !err && v < (nroutes > 1 ? nroutes : 1); v++) {
		int route = nroutes > 1 ? routes[v] : -1;
		imr_facts *attrs = NULL;
		err = read_as_service(&attrs, w, rules, d->drugs[drug].names[0], route);
		for (r = 0; !err && r < rules->nrules; r++) {
			imr_trace trace;
			imr_env env;
			imr_tri t;
			memset(&trace, 0, sizeof(trace));
			memset(&env, 0, sizeof(env));
			env.rules = rules;
			env.case_facts = none;
			env.item_facts = attrs;
			env.trace = &trace;
			t = imr__expr_eval(rules->rules[r].applies, &env);
			if (trace.oom)
				err = IMR_ENOMEM;
			else if (t != IMR_TRI_FALSE)
				err = gov_add(g, r, t == IMR_TRI_UNKNOWN, route, &trace, rules);
			imr__trace_dispose(&trace);
		}
		imr_facts_free(attrs);
	}
	imr_facts_free(none);
	imr_worker_free(w);
	return err;
}

static const char *route_name(const imr_rules *rules, int route)
{
	return route >= 0 && rules->drugs->e_route >= 0 ? rules->enums[rules->drugs->e_route].members[route] : NULL;
}

static void effective_text(char *out, size_t size, const imr_rule *rule)
{
	char from[11] = "", to[11] = "";
	if (rule->has_from)
		imr_date_format(from, rule->from);
	if (rule->has_to)
		imr_date_format(to, rule->to);
	if (rule->has_from && rule->has_to)
		snprintf(out, size, "%s to %s", from, to);
	else if (rule->has_from)
		snprintf(out, size, "from %s", from);
	else if (rule->has_to)
		snprintf(out, size, "until %s", to);
	else
		snprintf(out, size, "always");
}

/* ---- text ---- */

static int put_list(imr_buf *out, const char *label, const char *const *items, size_t n)
{
	size_t i;
	int err = imr_buf_printf(out, "  %-13s", label);
	for (i = 0; i < n && !err; i++)
		err = imr_buf_printf(out, "%s%s", i ? ", " : "", items[i]);
	if (!err && !n)
		err = imr_buf_puts(out, "-");
	return err ? err : imr_buf_puts(out, "\n");
}

static int put_mme(imr_buf *out, const imr_ingredient_info *in)
{
	size_t t;
	int err;
	if (!in->has_mme)
		return in->no_mme ? imr_buf_printf(out, "      MME: no conversion factor: %s\n", in->no_mme) : 0;
	if (!in->ntiers) {
		err = imr_buf_printf(out, "      MME: %g morphine mg per %s%s\n", in->mme_factor, in->mme_per,
				     in->mme_continuous ? " (a rate: MED = rate x factor)" : "");
	} else {
		err = imr_buf_printf(out, "      MME: by daily dose in %s:", in->mme_per);
		for (t = 0; t < in->ntiers && !err; t++) {
			if (in->tiers[t].has_up_to)
				err = imr_buf_printf(out, " up to %g: %g;", in->tiers[t].up_to, in->tiers[t].factor);
			else
				err = imr_buf_printf(out, " above: %g", in->tiers[t].factor);
		}
		if (!err)
			err = imr_buf_puts(out, "\n");
	}
	if (!err && in->mme_citation.document)
		err = imr_buf_printf(out, "           %s%s%s%s%s%s\n", in->mme_citation.document,
				     in->mme_citation.section ? ", " : "",
				     in->mme_citation.section ? in->mme_citation.section : "",
				     in->mme_citation.confidence ? " (confidence " : "",
				     in->mme_citation.confidence ? in->mme_citation.confidence : "",
				     in->mme_citation.confidence ? ")" : "");
	return err;
}

int imr_report_drug_text(imr_buf *out, const imr_rules *rules, size_t drug)
{
	imr_drug_info info;
	gov_list g = { NULL, 0, 0 };
	size_t i, pass;
	int err;

	if ((err = imr_drugs_get(&info, rules, drug)) < 0)
		return err;
	err = imr_buf_printf(out, "%s: %s (%s)\n", info.id, info.names[0],
			     info.product ? "product" : "generic ingredient");
	if (!err && info.description)
		err = imr_buf_printf(out, "  %-13s%s\n", "Description:", info.description);
	if (!err)
		err = put_list(out, "Names:", info.names, info.nnames);
	if (!err)
		err = imr_buf_puts(out, "  Ingredients:\n");
	for (i = 0; i < info.ningredients && !err; i++) {
		imr_ingredient_info in;
		if ((err = imr_drugs_ingredient(&in, rules, info.ingredients[i])) < 0)
			break;
		err = imr_buf_printf(out, "    %s (", in.id);
		for (pass = 0; pass < in.nclasses && !err; pass++)
			err = imr_buf_printf(out, "%s%s", pass ? ", " : "", in.classes[pass]);
		if (!err)
			err = imr_buf_puts(out, ")\n");
		if (!err)
			err = put_mme(out, &in);
	}
	if (!err && !info.ningredients)
		err = imr_buf_puts(out, "    - (composition not listed)\n");
	if (!err)
		err = put_list(out, "Classes:", info.classes, info.nclasses);
	if (!err)
		err = put_list(out, "Forms:", info.forms, info.nforms);
	if (!err)
		err = put_list(out, "Routes:", info.routes, info.nroutes);
	if (!err && (info.compounded || info.extended_release))
		err = imr_buf_printf(out, "  %-13s%s%s%s\n", "Kind:", info.compounded ? "compounded" : "",
				     info.compounded && info.extended_release ? ", " : "",
				     info.extended_release ? "extended release" : "");
	if (!err && info.note)
		err = imr_buf_printf(out, "  %-13s%s\n", "Note:", info.note);
	if (!err)
		err = imr_buf_printf(out, "  %-13s%s:%u\n", "Defined in:", info.file, info.line);
	if (!err)
		err = find_governing(&g, rules, drug);
	/* rules that govern it, then rules that depend on the rest of the request */
	for (pass = 0; pass < 2 && !err; pass++) {
		size_t shown = 0;
		for (i = 0; i < g.count && !err; i++) {
			const governing *it = &g.items[i];
			const imr_rule *rule = &rules->rules[it->rule];
			char when[40];
			if (it->depends != (int)pass)
				continue;
			if (!shown++)
				err = imr_buf_puts(out, pass ? "  Rules that may govern it, depending on the request:\n"
							     : "  Rules that govern it:\n");
			effective_text(when, sizeof(when), rule);
			if (!err)
				err = imr_buf_printf(out, "    %s (%s, %s)%s%s\n      %s\n", rule->id, rule->guideline, when,
						     route_name(rules, it->route) ? ", when " : "",
						     route_name(rules, it->route) ? route_name(rules, it->route) : "",
						     rule->title);
			if (!err && pass && it->depends_on[0])
				err = imr_buf_printf(out, "      depends on: %s\n", it->depends_on);
		}
		if (!err && !shown && !pass)
			err = imr_buf_puts(out, "  Rules that govern it: none encoded\n");
	}
	imr__free(g.items);
	return err;
}

/* ---- JSON ---- */

static json_t *str_array(jb *b, const char *const *items, size_t n)
{
	json_t *arr = json_array();
	size_t i;
	for (i = 0; i < n; i++)
		jpush(b, arr, jstr(b, items[i]));
	return arr;
}

static json_t *mme_json(jb *b, const imr_ingredient_info *in)
{
	json_t *o;
	size_t t;
	if (!in->has_mme)
		return json_null();
	o = jobj(b);
	if (!in->ntiers) {
		jset(b, o, "factor", json_real(in->mme_factor));
	} else {
		json_t *tiers = json_array();
		for (t = 0; t < in->ntiers; t++) {
			json_t *tier = jobj(b);
			jset(b, tier, "up_to", in->tiers[t].has_up_to ? json_real(in->tiers[t].up_to) : json_null());
			jset(b, tier, "factor", json_real(in->tiers[t].factor));
			jpush(b, tiers, tier);
		}
		jset(b, o, "tiers", tiers);
	}
	jset(b, o, "per", jstr(b, in->mme_per));
	jset(b, o, "continuous", json_boolean(in->mme_continuous));
	if (in->mme_citation.document) {
		json_t *c = jobj(b);
		jset(b, c, "document", jstr(b, in->mme_citation.document));
		jset(b, c, "section", jstr(b, in->mme_citation.section));
		jset(b, c, "confidence", jstr(b, in->mme_citation.confidence));
		jset(b, c, "note", jstr(b, in->mme_citation.note));
		jset(b, o, "citation", c);
	}
	return o;
}

int imr_report_drug_json(imr_buf *out, const imr_rules *rules, size_t drug)
{
	imr_drug_info info;
	gov_list g = { NULL, 0, 0 };
	jb b = { 0 };
	json_t *doc, *ingr, *list;
	size_t i;
	int err;

	if ((err = imr_drugs_get(&info, rules, drug)) < 0)
		return err;
	if ((err = find_governing(&g, rules, drug)) < 0) {
		imr__free(g.items);
		return err;
	}
	doc = jobj(&b);
	jset(&b, doc, "drug", jstr(&b, info.id));
	jset(&b, doc, "product", json_boolean(info.product));
	jset(&b, doc, "names", str_array(&b, info.names, info.nnames));
	ingr = json_array();
	for (i = 0; i < info.ningredients; i++) {
		imr_ingredient_info in;
		json_t *o = jobj(&b);
		if (imr_drugs_ingredient(&in, rules, info.ingredients[i]) < 0)
			continue;
		jset(&b, o, "id", jstr(&b, in.id));
		jset(&b, o, "names", str_array(&b, in.names, in.nnames));
		jset(&b, o, "classes", str_array(&b, in.classes, in.nclasses));
		jset(&b, o, "mme", mme_json(&b, &in));
		jset(&b, o, "no_mme", jstr(&b, in.no_mme));
		jpush(&b, ingr, o);
	}
	jset(&b, doc, "ingredients", ingr);
	jset(&b, doc, "classes", str_array(&b, info.classes, info.nclasses));
	jset(&b, doc, "forms", str_array(&b, info.forms, info.nforms));
	jset(&b, doc, "routes", str_array(&b, info.routes, info.nroutes));
	jset(&b, doc, "compounded", json_boolean(info.compounded));
	jset(&b, doc, "extended_release", json_boolean(info.extended_release));
	jset(&b, doc, "description", jstr(&b, info.description));
	jset(&b, doc, "note", jstr(&b, info.note));
	jset(&b, doc, "file", jstr(&b, info.file));
	jset(&b, doc, "line", jint(&b, info.line));
	list = json_array();
	for (i = 0; i < g.count; i++) {
		const imr_rule *rule = &rules->rules[g.items[i].rule];
		json_t *o = jobj(&b);
		char date[11];
		jset(&b, o, "rule", jstr(&b, rule->id));
		jset(&b, o, "guideline", jstr(&b, rule->guideline));
		jset(&b, o, "title", jstr(&b, rule->title));
		if (rule->has_from)
			imr_date_format(date, rule->from);
		jset(&b, o, "from", rule->has_from ? jstr(&b, date) : json_null());
		if (rule->has_to)
			imr_date_format(date, rule->to);
		jset(&b, o, "to", rule->has_to ? jstr(&b, date) : json_null());
		jset(&b, o, "governs", jstr(&b, g.items[i].depends ? "depends" : "yes"));
		jset(&b, o, "route", jstr(&b, route_name(rules, g.items[i].route)));
		jset(&b, o, "depends_on", g.items[i].depends ? jstr(&b, g.items[i].depends_on) : json_null());
		jpush(&b, list, o);
	}
	jset(&b, doc, "rules", list);
	imr__free(g.items);
	/* factors such as 0.1 print as written, not as 0.10000000000000001 */
	return imr__jb_dump(out, doc, &b, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
}
