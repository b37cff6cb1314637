/* facts.c - fact values with status and evidence, and vocabulary lookups.
 *
 * Invariant: an imr_facts has one imr_value per vocabulary fact, indexed
 * like imr_rules.facts. A value's evidence strings are owned by the value
 * and released when the value is replaced or the set is freed. */
#include "imrcheck/date.h"
#include "imrcheck/facts.h"
#include "imrcheck/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "model.h"

/* ---- vocabulary lookups ---- */

int imr__vocab_fact(const imr_rules *rules, const char *name, size_t len)
{
	size_t lo = 0, hi = rules->nfacts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *cand = rules->facts[mid].name;
		int cmp = strncmp(cand, name, len);
		if (cmp == 0 && cand[len] != '\0')
			cmp = 1;
		if (cmp == 0)
			return (int)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int imr__vocab_enum(const imr_rules *rules, const char *name, size_t len)
{
	size_t i;
	for (i = 0; i < rules->nenums; i++)
		if (strlen(rules->enums[i].name) == len && memcmp(rules->enums[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

int imr__vocab_member(const imr_enum *en, const char *name, size_t len)
{
	size_t i;
	for (i = 0; i < en->count; i++)
		if (strlen(en->members[i]) == len && memcmp(en->members[i], name, len) == 0)
			return (int)i;
	return -1;
}

static void format_number(char *out, size_t size, double num);

const char *imr__fact_range_text(const imr_factdef *def)
{
	static _Thread_local char buf[96];
	char lo[40], hi[40];
	format_number(lo, sizeof(lo), def->min);
	format_number(hi, sizeof(hi), def->max);
	if (def->has_min && def->has_max)
		snprintf(buf, sizeof(buf), "%s to %s", lo, hi);
	else if (def->has_min)
		snprintf(buf, sizeof(buf), "at least %s", lo);
	else if (def->has_max)
		snprintf(buf, sizeof(buf), "at most %s", hi);
	else
		snprintf(buf, sizeof(buf), "any number");
	return buf;
}

const char *imr__fact_type_phrase(imr_fact_type type)
{
	switch (type) {
	case IMR_TYPE_BOOLEAN: return "a boolean";
	case IMR_TYPE_NUMBER: return "a number";
	case IMR_TYPE_DATE: return "a date";
	case IMR_TYPE_ENUM: return "an enum";
	case IMR_TYPE_SET: return "a set";
	}
	return "?";
}

const char *imr__fact_type_name(imr_fact_type type)
{
	switch (type) {
	case IMR_TYPE_BOOLEAN: return "boolean";
	case IMR_TYPE_NUMBER: return "number";
	case IMR_TYPE_DATE: return "date";
	case IMR_TYPE_ENUM: return "enum";
	case IMR_TYPE_SET: return "set";
	}
	return "?";
}

/* ---- values ---- */

static void value_dispose(imr_value *v)
{
	size_t i;
	/* an item's text and source are one block (imr__facts_add_ev) */
	for (i = 0; i < v->nev; i++)
		imr__free(v->ev_store[i].text ? v->ev_store[i].text : v->ev_store[i].source);
	imr__free(v->ev_store);
	imr__free(v->ev);
	imr__free(v->members);
	memset(v, 0, sizeof(*v));
}

int imr_facts_new(imr_facts **out, const imr_rules *rules)
{
	imr_facts *facts;
	*out = NULL;
	facts = imr__calloc(1, sizeof(*facts));
	if (!facts)
		return IMR_ENOMEM;
	facts->rules = rules;
	facts->count = rules->nfacts;
	/* not zeroed: a slot is initialised when first written (slot()) */
	facts->values = imr__malloc((rules->nfacts ? rules->nfacts : 1) * sizeof(imr_value));
	facts->written = imr__calloc(2 * (rules->nfacts / 64 + 1), sizeof(uint64_t));
	if (!facts->values || !facts->written) {
		imr__free(facts->values);
		imr__free(facts->written);
		imr__free(facts);
		return IMR_ENOMEM;
	}
	facts->owns = facts->written + rules->nfacts / 64 + 1;
	*out = facts;
	return IMR_OK;
}

void imr_facts_free(imr_facts *facts)
{
	size_t w, b;
	if (!facts)
		return;
	for (w = 0; w <= facts->count / 64; w++) {
		uint64_t bits = facts->owns[w];
		for (b = 0; bits; b++, bits >>= 1)
			if (bits & 1)
				value_dispose(&facts->values[w * 64 + b]);
	}
	imr__free(facts->written);
	imr__free(facts->values);
	imr__free(facts);
}

/* Note that value @p fact may own memory from now on (imr_facts_free()). */
static void mark_owner(imr_facts *facts, int fact)
{
	facts->owns[(size_t)fact / 64] |= (uint64_t)1 << ((size_t)fact % 64);
}

const imr_value imr__undocumented;

/* Slot @p fact of @p facts for writing, initialised to undocumented when it
 * is written for the first time. */
static imr_value *slot(imr_facts *facts, int fact)
{
	size_t w = (size_t)fact / 64;
	uint64_t bit = (uint64_t)1 << ((size_t)fact % 64);
	if (!(facts->written[w] & bit)) {
		memset(&facts->values[fact], 0, sizeof(imr_value));
		facts->written[w] |= bit;
	}
	return &facts->values[fact];
}

/* Fact @p fact of @p facts when it is documented, else NULL. */
static imr_value *documented(const imr_facts *facts, size_t fact)
{
	if (!(facts->written[fact / 64] >> (fact % 64) & 1) ||
	    facts->values[fact].status == IMR_FACT_NOT_DOCUMENTED)
		return NULL;
	return &facts->values[fact];
}

int imr__facts_set_value(imr_facts *facts, int fact, imr_fact_status status, double num,
			 const uint16_t *members, size_t nmembers)
{
	imr_value *v = slot(facts, fact);
	uint16_t *copy = NULL;
	if (nmembers) {
		copy = imr__malloc(nmembers * sizeof(uint16_t));
		if (!copy)
			return IMR_ENOMEM;
		memcpy(copy, members, nmembers * sizeof(uint16_t));
	}
	value_dispose(v);
	v->status = status;
	v->num = num;
	v->members = copy;
	v->nmembers = nmembers;
	if (copy)
		mark_owner(facts, fact);
	return IMR_OK;
}

void imr__facts_set_more(imr_facts *facts, int fact, size_t more)
{
	if (more || imr__facts_value(facts, fact) != &imr__undocumented)
		slot(facts, fact)->ev_more = more;
}

/* Room in *@p items (@p n of @p size bytes each) for one more: the
 * capacity is the smallest power of two not below @p n, so an array is
 * grown, to twice its items, only when @p n is a power of two (or 0). A
 * fact gathers its evidence one item at a time. */
static int room_for_one(void **items, size_t n, size_t size)
{
	void *grown;
	if (n & (n - 1))
		return IMR_OK;
	grown = imr__realloc(*items, (n ? 2 * n : 1) * size);
	if (!grown)
		return IMR_ENOMEM;
	*items = grown;
	return IMR_OK;
}

int imr__facts_add_ev(imr_facts *facts, int fact, const imr_evidence *ev)
{
	imr_value *v = slot(facts, fact);
	size_t tlen = ev->text ? strlen(ev->text) + 1 : 0, slen = ev->source ? strlen(ev->source) + 1 : 0;
	char *block = NULL;
	void *grown;
	imr_ev_store *item;
	imr_evidence *view;

	/* the text and the source in one block: one allocation an item */
	if (tlen + slen && !(block = imr__malloc(tlen + slen)))
		return IMR_ENOMEM;
	grown = v->ev_store;
	if (room_for_one(&grown, v->nev, sizeof(*v->ev_store)) < 0)
		goto oom;
	v->ev_store = grown;
	mark_owner(facts, fact); /* it owns the room, even if the views fail */
	grown = v->ev;
	if (room_for_one(&grown, v->nev, sizeof(*v->ev)) < 0)
		goto oom;
	v->ev = grown;
	item = &v->ev_store[v->nev];
	item->text = tlen ? memcpy(block, ev->text, tlen) : NULL;
	item->source = slen ? memcpy(block + tlen, ev->source, slen) : NULL;
	item->line = ev->line;
	item->start = ev->start;
	item->end = ev->end;
	item->flags = ev->flags;
	view = &v->ev[v->nev++];
	view->text = item->text;
	view->source = item->source;
	view->line = item->line;
	view->start = item->start;
	view->end = item->end;
	view->flags = item->flags;
	return IMR_OK;
oom:
	imr__free(block);
	return IMR_ENOMEM;
}

/* Copy one stored value into fact @p i of @p dst. */
static int copy_value(imr_facts *dst, int i, const imr_value *v)
{
	size_t j;
	int err = imr__facts_set_value(dst, i, v->status, v->num, v->members, v->nmembers);
	for (j = 0; !err && j < v->nev; j++)
		err = imr__facts_add_ev(dst, i, &v->ev[j]);
	if (!err)
		imr__facts_set_more(dst, i, v->ev_more);
	return err;
}

int imr__facts_copy(imr_facts *dst, const imr_facts *src)
{
	size_t i;
	for (i = 0; i < src->count && i < dst->count; i++) {
		const imr_value *v = documented(src, i);
		int err;
		if (v && (err = copy_value(dst, (int)i, v)) < 0)
			return err;
	}
	return IMR_OK;
}

int imr__facts_pack(imr_fact_pack *out, imr_facts *from)
{
	size_t i, n = 0;
	for (i = 0; i < from->count; i++)
		n += documented(from, i) != NULL;
	memset(out, 0, sizeof(*out));
	if (!n)
		return IMR_OK;
	out->facts = imr__calloc(n, sizeof(*out->facts));
	out->values = imr__calloc(n, sizeof(*out->values));
	if (!out->facts || !out->values) {
		imr__fact_pack_dispose(out);
		return IMR_ENOMEM;
	}
	for (i = 0; i < from->count; i++) {
		imr_value *v = documented(from, i);
		if (!v)
			continue;
		out->facts[out->count] = (int)i;
		out->values[out->count++] = *v; /* its blocks move too */
		memset(v, 0, sizeof(*v));
	}
	return IMR_OK;
}

int imr__facts_unpack(imr_facts *dst, const imr_fact_pack *pack)
{
	size_t i;
	for (i = 0; i < pack->count; i++) {
		int err = copy_value(dst, pack->facts[i], &pack->values[i]);
		if (err)
			return err;
	}
	return IMR_OK;
}

void imr__fact_pack_dispose(imr_fact_pack *pack)
{
	size_t i;
	for (i = 0; i < pack->count; i++)
		value_dispose(&pack->values[i]);
	imr__free(pack->facts);
	imr__free(pack->values);
	memset(pack, 0, sizeof(*pack));
}

/* ---- public setters ---- */

static int lookup(const imr_facts *facts, const char *name, imr_fact_type type)
{
	int idx = imr__vocab_fact(facts->rules, name, strlen(name));
	if (idx < 0)
		return IMR_ENOTFOUND;
	if (facts->rules->facts[idx].type != type)
		return IMR_EINVALID;
	return idx;
}

int imr_facts_set_bool(imr_facts *facts, const char *name, int value)
{
	int idx = lookup(facts, name, IMR_TYPE_BOOLEAN);
	if (idx < 0)
		return idx;
	return imr__facts_set_value(facts, idx, value ? IMR_FACT_PRESENT : IMR_FACT_ABSENT,
				    value ? 1 : 0, NULL, 0);
}

int imr_facts_set_number(imr_facts *facts, const char *name, double value)
{
	int idx = lookup(facts, name, IMR_TYPE_NUMBER);
	const imr_factdef *def;
	if (idx < 0)
		return idx;
	def = &facts->rules->facts[idx];
	if (!isfinite(value) || (def->has_min && value < def->min) ||
	    (def->has_max && value > def->max))
		return IMR_EINVALID;
	return imr__facts_set_value(facts, idx, IMR_FACT_PRESENT, value, NULL, 0);
}

int imr_facts_set_date(imr_facts *facts, const char *name, int32_t date)
{
	int idx = lookup(facts, name, IMR_TYPE_DATE);
	if (idx < 0)
		return idx;
	return imr__facts_set_value(facts, idx, IMR_FACT_PRESENT, date, NULL, 0);
}

static int member_of(const imr_facts *facts, int idx, const char *member)
{
	const imr_factdef *def = &facts->rules->facts[idx];
	return imr__vocab_member(&facts->rules->enums[def->enum_index], member, strlen(member));
}

int imr_facts_set_enum(imr_facts *facts, const char *name, const char *member)
{
	int idx = lookup(facts, name, IMR_TYPE_ENUM), m;
	if (idx < 0)
		return idx;
	if ((m = member_of(facts, idx, member)) < 0)
		return IMR_EINVALID;
	return imr__facts_set_value(facts, idx, IMR_FACT_PRESENT, m, NULL, 0);
}

int imr_facts_add_member(imr_facts *facts, const char *name, const char *member)
{
	int idx = lookup(facts, name, IMR_TYPE_SET), m;
	const imr_value *v;
	uint16_t *members;
	size_t i, n;
	int err;

	if (idx < 0)
		return idx;
	if ((m = member_of(facts, idx, member)) < 0)
		return IMR_EINVALID;
	v = imr__facts_value(facts, idx);
	n = v->status == IMR_FACT_PRESENT ? v->nmembers : 0;
	members = imr__malloc((n + 1) * sizeof(uint16_t));
	if (!members)
		return IMR_ENOMEM;
	for (i = 0; i < n && v->members[i] < m; i++)
		members[i] = v->members[i];
	if (i < n && v->members[i] == m) {
		imr__free(members);
		return IMR_OK;
	}
	members[i] = (uint16_t)m;
	if (n > i)
		memcpy(members + i + 1, v->members + i, (n - i) * sizeof(uint16_t));
	err = imr__facts_set_value(facts, idx, IMR_FACT_PRESENT, 0, members, n + 1);
	imr__free(members);
	return err;
}

int imr_facts_set_absent(imr_facts *facts, const char *name)
{
	int idx = imr__vocab_fact(facts->rules, name, strlen(name));
	if (idx < 0)
		return IMR_ENOTFOUND;
	return imr__facts_set_value(facts, idx, IMR_FACT_ABSENT, 0, NULL, 0);
}

int imr_facts_clear(imr_facts *facts, const char *name)
{
	int idx = imr__vocab_fact(facts->rules, name, strlen(name));
	if (idx < 0)
		return IMR_ENOTFOUND;
	value_dispose(slot(facts, idx));
	return IMR_OK;
}

int imr_facts_add_evidence(imr_facts *facts, const char *name, const imr_evidence *ev)
{
	int idx = imr__vocab_fact(facts->rules, name, strlen(name));
	if (idx < 0)
		return IMR_ENOTFOUND;
	if (imr__facts_value(facts, idx)->status == IMR_FACT_NOT_DOCUMENTED)
		return IMR_EINVALID;
	return imr__facts_add_ev(facts, idx, ev);
}

imr_fact_status imr_facts_status(const imr_facts *facts, const char *name)
{
	int idx = imr__vocab_fact(facts->rules, name, strlen(name));
	return imr__facts_value(facts, idx)->status;
}

/* ---- rendering ---- */

static void format_number(char *out, size_t size, double num)
{
	if (num == floor(num) && fabs(num) < 1e15)
		snprintf(out, size, "%.0f", num);
	else
		snprintf(out, size, "%g", num);
}

void imr__value_text(const imr_rules *rules, int fact, const imr_value *v, char *out, size_t size)
{
	const imr_factdef *def = &rules->facts[fact];
	const imr_enum *en = def->enum_index >= 0 ? &rules->enums[def->enum_index] : NULL;
	size_t i, used;

	if (!size)
		return;
	if (v->status == IMR_FACT_NOT_DOCUMENTED) {
		snprintf(out, size, "not documented");
		return;
	}
	if (v->status == IMR_FACT_ABSENT) {
		snprintf(out, size, def->type == IMR_TYPE_BOOLEAN ? "false" : "absent");
		return;
	}
	switch (def->type) {
	case IMR_TYPE_BOOLEAN:
		snprintf(out, size, "%s", v->num != 0 ? "true" : "false");
		break;
	case IMR_TYPE_NUMBER:
		format_number(out, size, v->num);
		break;
	case IMR_TYPE_DATE:
		if (size >= 11)
			imr_date_format(out, (int32_t)v->num);
		else
			out[0] = '\0';
		break;
	case IMR_TYPE_ENUM:
		snprintf(out, size, "%s", en ? en->members[(int)v->num] : "?");
		break;
	case IMR_TYPE_SET:
		used = (size_t)snprintf(out, size, "[");
		for (i = 0; i < v->nmembers && used < size; i++)
			used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "",
						 en ? en->members[v->members[i]] : "?");
		if (used < size)
			snprintf(out + used, size - used, "]");
		break;
	}
}

size_t imr__integer_text(char out[24], double num)
{
	char rev[24];
	size_t n = 0, k = 0;
	uint64_t mag = (uint64_t)fabs(num);
	if (signbit(num))
		out[k++] = '-';
	do {
		rev[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	while (n)
		out[k++] = rev[--n];
	out[k] = '\0';
	return k;
}

/* "[a, b]" of a set's members when it fits @p size bytes; 0 when not. */
static size_t set_text(char *out, size_t size, const imr_enum *en, const imr_value *v)
{
	size_t i, k = 0;
	out[k++] = '[';
	for (i = 0; i < v->nmembers; i++) {
		const char *m = en ? en->members[v->members[i]] : "?";
		size_t len = strlen(m);
		if (k + len + 4 >= size)
			return 0;
		if (i) {
			out[k++] = ',';
			out[k++] = ' ';
		}
		memcpy(out + k, m, len);
		k += len;
	}
	out[k++] = ']';
	out[k] = '\0';
	return k;
}

/* imr__value_string() of a present value that is written out: numbers,
 * dates, sets and long enum members. Apart, so that the common readings
 * above it need no buffer. */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static const char *value_string_written(imr_arena *arena, const imr_rules *rules, int fact,
					const imr_value *v)
{
	const imr_factdef *def = &rules->facts[fact];
	const imr_enum *en = def->enum_index >= 0 ? &rules->enums[def->enum_index] : NULL;
	char text[512];

	switch (def->type) {
	case IMR_TYPE_BOOLEAN:
	case IMR_TYPE_ENUM:
		break;
	case IMR_TYPE_NUMBER:
		if (v->num == floor(v->num) && fabs(v->num) < 1e15) {
			imr__integer_text(text, v->num);
			return imr__arena_strdup(arena, text);
		}
		break;
	case IMR_TYPE_DATE:
		imr_date_format(text, (int32_t)v->num);
		return imr__arena_strdup(arena, text);
	case IMR_TYPE_SET:
		if (set_text(text, sizeof(text), en, v))
			return imr__arena_strdup(arena, text);
		break;
	}
	imr__value_text(rules, fact, v, text, sizeof(text));
	return imr__arena_strdup(arena, text);
}

const char *imr__value_string(imr_arena *arena, const imr_rules *rules, int fact, const imr_value *v)
{
	const imr_factdef *def = &rules->facts[fact];
	const char *name;

	if (v->status == IMR_FACT_NOT_DOCUMENTED)
		return "not documented";
	if (v->status == IMR_FACT_ABSENT)
		return def->type == IMR_TYPE_BOOLEAN ? "false" : "absent";
	if (def->type == IMR_TYPE_BOOLEAN)
		return v->num != 0 ? "true" : "false";
	if (def->type == IMR_TYPE_ENUM) {
		name = def->enum_index >= 0 ? rules->enums[def->enum_index].members[(int)v->num] : "?";
		/* a member too long for the written form's buffer is written
		 * (cut) as before */
		if (strlen(name) < 512)
			return name;
	}
	return value_string_written(arena, rules, fact, v);
}

void imr_facts_value_text(const imr_facts *facts, const char *name, char *out, size_t size)
{
	int idx = imr__vocab_fact(facts->rules, name, strlen(name));
	if (idx < 0) {
		if (size)
			snprintf(out, size, "unknown fact");
		return;
	}
	imr__value_text(facts->rules, idx, imr__facts_value(facts, idx), out, size);
}

/* ---- computed facts ---- */

static const char *compute_op_text(imr_compute_op op)
{
	switch (op) {
	case IMR_COMPUTE_PRODUCT: return " x ";
	case IMR_COMPUTE_SUM: return " + ";
	case IMR_COMPUTE_DIFFERENCE: return " - ";
	case IMR_COMPUTE_QUOTIENT: return " / ";
	}
	return " ? ";
}

/* Append "a OP b OP c" of the inputs' values (names when @p names);
 * a constant is written as its value either way. */
static int put_terms(imr_buf *text, const imr_rules *rules, const imr_compute *c, imr__value_fn get,
		     const void *ctx, int names)
{
	const char *op = compute_op_text(c->op);
	size_t k;
	int err = 0;
	for (k = 0; k < c->ninputs && !err; k++) {
		int in = c->inputs[k];
		if (in < 0)
			err = imr_buf_printf(text, "%s%g", k ? op : "", c->consts[k]);
		else if (names)
			err = imr_buf_printf(text, "%s%s", k ? op : "", rules->facts[in].name);
		else
			err = imr_buf_printf(text, "%s%g", k ? op : "", get(ctx, in)->num);
	}
	return err;
}

/* The value of form @p c over present inputs; 0 when an input is not
 * present or a divisor is zero. */
static int compute_form(const imr_compute *c, imr__value_fn get, const void *ctx, double *out)
{
	size_t k;
	double result = 0;
	for (k = 0; k < c->ninputs; k++) {
		double v;
		if (c->inputs[k] < 0) {
			v = c->consts[k];
		} else {
			const imr_value *iv = get(ctx, c->inputs[k]);
			if (iv->status != IMR_FACT_PRESENT)
				return 0;
			v = iv->num;
		}
		if (k == 0) {
			result = v;
			continue;
		}
		switch (c->op) {
		case IMR_COMPUTE_PRODUCT: result *= v; break;
		case IMR_COMPUTE_SUM: result += v; break;
		case IMR_COMPUTE_DIFFERENCE: result -= v; break;
		case IMR_COMPUTE_QUOTIENT:
			if (v == 0)
				return 0;
			result /= v;
			break;
		}
	}
	*out = result;
	return 1;
}

int imr__compute_fact(const imr_rules *rules, const imr_factdef *def, imr__value_fn get, const void *ctx,
		      double *out, imr_buf *text)
{
	size_t a;
	for (a = 0; a < def->ncompute; a++) {
		const imr_compute *c = &def->compute[a];
		double result;
		int err;
		if (!compute_form(c, get, ctx, &result))
			continue;
		/* out of range: an input was misread; leave the fact undocumented */
		if ((def->has_max && result > def->max) || (def->has_min && result < def->min))
			continue;
		err = put_terms(text, rules, c, get, ctx, 0);
		if (!err)
			err = imr_buf_printf(text, " = %g (", result);
		if (!err)
			err = put_terms(text, rules, c, get, ctx, 1);
		if (!err)
			err = imr_buf_puts(text, ")");
		if (err)
			return err < 0 ? err : IMR_ENOMEM;
		*out = result;
		return 1;
	}
	return 0;
}

static const imr_value *facts_get(const void *ctx, int fact)
{
	return imr__facts_value(ctx, fact);
}

/* Apply the first alternative of @p def whose inputs are all present. */
static int compute_one(imr_facts *facts, int fact, const imr_factdef *def, int *changed)
{
	imr_buf text = IMR_BUF_INIT;
	imr_evidence ev;
	double result;
	int err = imr__compute_fact(facts->rules, def, facts_get, facts, &result, &text);
	if (err <= 0) {
		imr_buf_dispose(&text);
		return err;
	}
	err = imr__facts_set_value(facts, fact, IMR_FACT_PRESENT, result, NULL, 0);
	memset(&ev, 0, sizeof(ev));
	ev.text = imr_buf_cstr(&text);
	ev.source = "computed";
	if (!err)
		err = imr__facts_add_ev(facts, fact, &ev);
	imr_buf_dispose(&text);
	if (err)
		return err < 0 ? err : IMR_ENOMEM;
	*changed = 1;
	return 0;
}

int imr__facts_compute(imr_facts *facts)
{
	const imr_rules *rules = facts->rules;
	size_t i, pass;
	/* computed facts may feed each other (the loader refuses cycles), so
	 * repeat until nothing changes; each pass but the last sets a fact */
	for (pass = 0; pass <= rules->nfacts; pass++) {
		int changed = 0;
		for (i = 0; i < rules->nfacts; i++) {
			const imr_factdef *def = &rules->facts[i];
			int err;
			if (!def->ncompute || documented(facts, i))
				continue;
			if ((err = compute_one(facts, (int)i, def, &changed)) < 0)
				return err;
		}
		if (!changed)
			break;
	}
	return 0;
}
