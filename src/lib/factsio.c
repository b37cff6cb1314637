/* factsio.c - fact values from YAML: short form, long form, evidence. */
#include "factsio.h"

#include "imrcheck/buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/date.h"
#include "strutil.h"

static int fail(imr_diags *diags, const char *code, const char *file, const imr_ynode *node,
		const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;

static int fail(imr_diags *diags, const char *code, const char *file, const imr_ynode *node,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	imr_diags_vadd(diags, IMR_SEVERITY_ERROR, code, file, node->line, node->col, fmt, ap);
	va_end(ap);
	return -1;
}

static int member_index(imr_facts *facts, const imr_factdef *def, const imr_ynode *node,
			const char *file, imr_diags *diags)
{
	const imr_enum *en = &facts->rules->enums[def->enum_index];
	int m;
	const char *best;
	if (node->kind != IMR_Y_SCALAR || imr__ynode_is_null(node))
		return fail(diags, "wrong-type", file, node, "expected a value of '%s', found %s", en->name,
			    imr__ynode_describe(node));
	m = imr__vocab_member(en, node->str, node->len);
	if (m >= 0)
		return m;
	best = imr__suggest(node->str, (const char *const *)en->members, en->count);
	{
		/* name every value of a short enum; point a long one at the
		 * command that lists them */
		imr_buf values = IMR_BUF_INIT;
		size_t i;
		if (en->count <= 20)
			for (i = 0; i < en->count; i++)
				imr_buf_printf(&values, "%s%s", i ? ", " : "valid values: ", en->members[i]);
		else
			imr_buf_printf(&values, "'imrcheck explain --values' lists its %zu values", en->count);
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "unknown-value", file, node->line, node->col,
			      "'%s' is not a value of '%s' (%s%s%s%s)", node->str, en->name,
			      best ? "did you mean '" : "", best ? best : "", best ? "'? " : "",
			      imr_buf_cstr(&values));
		imr_buf_dispose(&values);
	}
	return -1;
}

static int read_short(imr_facts *facts, int fact, const imr_ynode *node, const char *file,
		      imr_diags *diags)
{
	const imr_factdef *def = &facts->rules->facts[fact];
	int flag, err = 0;
	double num;
	int32_t date;

	switch (def->type) {
	case IMR_TYPE_BOOLEAN:
		if (imr__ynode_as_bool(node, &flag) < 0)
			return fail(diags, "wrong-type", file, node, "'%s' is a boolean; expected true or false, found %s",
				    def->name, imr__ynode_describe(node));
		err = imr__facts_set_value(facts, fact, flag ? IMR_FACT_PRESENT : IMR_FACT_ABSENT, flag, NULL, 0);
		break;
	case IMR_TYPE_NUMBER:
		if (imr__ynode_as_number(node, &num) < 0)
			return fail(diags, "wrong-type", file, node, "'%s' is a number; found %s", def->name,
				    imr__ynode_describe(node));
		if ((def->has_min && num < def->min) || (def->has_max && num > def->max)) {
			imr_diags_add(diags, IMR_SEVERITY_ERROR, "out-of-range", file, node->line, node->col,
				      "%s is outside the range of '%s' (%s)", node->str, def->name,
				      imr__fact_range_text(def));
			return -1;
		}
		/* unit "count" declares a number of things (injections, levels,
		 * sessions): a fraction of one is a mistake, not a value */
		if (def->unit && strcmp(def->unit, "count") == 0 && num != floor(num)) {
			imr_diags_add(diags, IMR_SEVERITY_ERROR, "wrong-type", file, node->line, node->col,
				      "'%s' is a count, a whole number; found %s", def->name, node->str);
			return -1;
		}
		err = imr__facts_set_value(facts, fact, IMR_FACT_PRESENT, num, NULL, 0);
		break;
	case IMR_TYPE_DATE:
		if (node->kind != IMR_Y_SCALAR || imr_date_parse(&date, node->str, node->len) < 0) {
			if (node->kind == IMR_Y_SCALAR)
				imr_diags_add(diags, IMR_SEVERITY_ERROR, "bad-date", file, node->line, node->col,
					      "invalid date '%s' for '%s' (%s)", node->str, def->name,
					      imr_date_problem(node->str, node->len));
			else
				fail(diags, "wrong-type", file, node, "'%s' is a date; found %s", def->name,
				     imr__ynode_describe(node));
			return -1;
		}
		err = imr__facts_set_value(facts, fact, IMR_FACT_PRESENT, date, NULL, 0);
		break;
	case IMR_TYPE_ENUM: {
		int m = member_index(facts, def, node, file, diags);
		if (m < 0)
			return -1;
		err = imr__facts_set_value(facts, fact, IMR_FACT_PRESENT, m, NULL, 0);
		break;
	}
	case IMR_TYPE_SET: {
		uint16_t members[1024];
		size_t n = 0, i, j;
		int bad = 0;
		if (node->kind == IMR_Y_SCALAR && !imr__ynode_is_null(node)) {
			int m = member_index(facts, def, node, file, diags);
			if (m < 0)
				return -1;
			members[n++] = (uint16_t)m;
		} else if (node->kind == IMR_Y_SEQ) {
			if (node->count > sizeof(members) / sizeof(members[0]))
				return fail(diags, "limit", file, node, "too many values for '%s'%s", def->name, "");
			for (i = 0; i < node->count; i++) {
				int m = member_index(facts, def, node->kids[i], file, diags);
				if (m < 0) {
					bad = 1;
					continue;
				}
				/* insert sorted, dropping repeats */
				for (j = n; j > 0 && members[j - 1] > m; j--)
					members[j] = members[j - 1];
				if (j > 0 && members[j - 1] == m) {
					memmove(members + j, members + j + 1, (n - j) * sizeof(uint16_t));
					continue;
				}
				members[j] = (uint16_t)m;
				n++;
			}
			if (bad)
				return -1;
		} else {
			return fail(diags, "wrong-type", file, node, "'%s' is a set; expected a list of values, found %s",
				    def->name, imr__ynode_describe(node));
		}
		err = imr__facts_set_value(facts, fact, n ? IMR_FACT_PRESENT : IMR_FACT_ABSENT, 0, members, n);
		break;
	}
	}
	if (err < 0) {
		diags->oom = 1;
		return -1;
	}
	return 0;
}

static const char *const long_keys[] = { "value", "status", "evidence", "source", "line" };

static int read_long(imr_facts *facts, int fact, const imr_ynode *map, const char *file,
		     imr_diags *diags)
{
	const imr_ynode *value = imr__ymap_get(map, "value", NULL);
	const imr_ynode *status = imr__ymap_get(map, "status", NULL);
	const imr_ynode *evidence = imr__ymap_get(map, "evidence", NULL);
	const imr_ynode *source = imr__ymap_get(map, "source", NULL);
	const imr_ynode *line = imr__ymap_get(map, "line", NULL);
	size_t i;
	int bad = 0;
	imr_evidence ev;

	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i];
		size_t j;
		int known = 0;
		for (j = 0; j < 5; j++)
			known |= strcmp(k->str, long_keys[j]) == 0;
		if (!known) {
			const char *best = imr__suggest(k->str, long_keys, 5);
			if (best)
				imr_diags_add(diags, IMR_SEVERITY_ERROR, "unknown-key", file, k->line, k->col,
					      "unknown key '%s' in a fact value (did you mean '%s'?)", k->str, best);
			else
				imr_diags_add(diags, IMR_SEVERITY_ERROR, "unknown-key", file, k->line, k->col,
					      "unknown key '%s' in a fact value (expected value, status, evidence, source, line)",
					      k->str);
			bad = 1;
		}
	}
	if (status) {
		if (status->kind != IMR_Y_SCALAR ||
		    (strcmp(status->str, "absent") && strcmp(status->str, "not_documented") &&
		     strcmp(status->str, "present"))) {
			fail(diags, "wrong-type", file, status,
			     "status must be present, absent or not_documented, found '%s'%s",
			     status->kind == IMR_Y_SCALAR ? status->str : imr__ynode_describe(status), "");
			return -1;
		}
		if (strcmp(status->str, "present") != 0 && value) {
			fail(diags, "bad-value", file, value, "a fact with status '%s' takes no value%s",
			     status->str, "");
			return -1;
		}
		if (strcmp(status->str, "present") == 0 && !value) {
			fail(diags, "missing-key", file, map, "status 'present' needs a 'value'%s%s", "", "");
			return -1;
		}
	} else if (!value) {
		fail(diags, "missing-key", file, map, "a fact value needs 'value' or 'status'%s%s", "", "");
		return -1;
	}
	if (bad)
		return -1;
	if (value) {
		if (read_short(facts, fact, value, file, diags) < 0)
			return -1;
	} else if (strcmp(status->str, "absent") == 0) {
		if (imr__facts_set_value(facts, fact, IMR_FACT_ABSENT, 0, NULL, 0) < 0) {
			diags->oom = 1;
			return -1;
		}
	} else {
		imr__facts_set_value(facts, fact, IMR_FACT_NOT_DOCUMENTED, 0, NULL, 0);
		return 0;
	}
	if (!evidence && !source)
		return 0;
	if ((evidence && evidence->kind != IMR_Y_SCALAR) || (source && source->kind != IMR_Y_SCALAR)) {
		fail(diags, "wrong-type", file, evidence && evidence->kind != IMR_Y_SCALAR ? evidence : source,
		     "evidence and source must be strings%s%s", "", "");
		return -1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.text = evidence ? evidence->str : NULL;
	ev.source = source ? source->str : NULL;
	if (line) {
		long n;
		if (imr__ynode_as_int(line, &n) < 0 || n < 1) {
			fail(diags, "wrong-type", file, line, "line must be a positive whole number%s%s", "", "");
			return -1;
		}
		ev.line = (unsigned)n;
	}
	if (imr__facts_add_ev(facts, fact, &ev) < 0) {
		diags->oom = 1;
		return -1;
	}
	return 0;
}

int imr__facts_read_value(imr_facts *facts, int fact, const imr_ynode *node, const char *file,
			  imr_diags *diags)
{
	if (node->kind == IMR_Y_MAP)
		return read_long(facts, fact, node, file, diags);
	if (imr__ynode_is_null(node)) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "bad-value", file, node->line, node->col,
			      "empty value for '%s'; leave a fact out when it is not documented",
			      facts->rules->facts[fact].name);
		return -1;
	}
	return read_short(facts, fact, node, file, diags);
}

static int skipped(const char *key, const char *const *skip, size_t nskip)
{
	size_t i;
	for (i = 0; i < nskip; i++)
		if (strcmp(key, skip[i]) == 0)
			return 1;
	return 0;
}

/* Report an unknown key, suggesting the closest fact name of the scope or
 * one of the other keys the mapping takes (@p skip). */
static void unknown_name(const imr_rules *rules, const imr_ynode *k, const char *name,
			 const char *prefix, const char *const *skip, size_t nskip, const char *file,
			 imr_diags *diags)
{
	const char *best = NULL;
	size_t i, plen = prefix ? strlen(prefix) : 0;
	size_t best_d = (strlen(name) / 3 ? strlen(name) / 3 : 1) + 1;
	for (i = 0; i < nskip; i++) {
		size_t d = imr__edit_distance(name, skip[i], best_d);
		if (d < best_d) {
			best_d = d;
			best = skip[i];
		}
	}
	for (i = 0; i < rules->nfacts; i++) {
		const char *cand = rules->facts[i].name;
		size_t d;
		if (prefix ? strncmp(cand, prefix, plen) != 0 : rules->facts[i].scope != IMR_SCOPE_CASE)
			continue;
		d = imr__edit_distance(name, cand + plen, best_d);
		if (d < best_d) {
			best_d = d;
			best = cand + plen;
		}
	}
	if (best)
		imr_diags_add(diags, IMR_SEVERITY_ERROR, nskip ? "unknown-key" : "unknown-fact", file, k->line,
			      k->col, "unknown %s '%s' (did you mean '%s'?)", nskip ? "item key" : prefix ? "attribute" : "fact",
			      name, best);
	else
		imr_diags_add(diags, IMR_SEVERITY_ERROR, nskip ? "unknown-key" : "unknown-fact", file, k->line,
			      k->col, "unknown %s '%s'", nskip ? "item key" : prefix ? "attribute" : "fact", name);
}

int imr__facts_read_map(imr_facts *facts, const imr_ynode *map, const char *prefix,
			const char *const *skip, size_t nskip, const char *file, imr_diags *diags)
{
	size_t i;
	int problems = 0;
	char name[256];

	if (map->kind != IMR_Y_MAP) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "wrong-type", file, map->line, map->col,
			      "expected a mapping of %s, found %s", prefix ? "attributes" : "facts",
			      imr__ynode_describe(map));
		return 1;
	}
	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i], *v = map->kids[2 * i + 1];
		int idx;
		if (skipped(k->str, skip, nskip))
			continue;
		if (snprintf(name, sizeof(name), "%s%s", prefix ? prefix : "", k->str) >= (int)sizeof(name))
			idx = -1;
		else
			idx = imr__vocab_fact(facts->rules, name, strlen(name));
		if (idx < 0 || (!prefix && facts->rules->facts[idx].scope != IMR_SCOPE_CASE)) {
			if (idx >= 0)
				imr_diags_add(diags, IMR_SEVERITY_ERROR, "wrong-scope", file, k->line, k->col,
					      "'%s' is a request attribute; give it on the item, without the prefix",
					      k->str);
			else
				unknown_name(facts->rules, k, k->str, prefix, skip, nskip, file, diags);
			problems++;
			continue;
		}
		if (imr__facts_read_value(facts, idx, v, file, diags) < 0)
			problems++;
	}
	return problems;
}
