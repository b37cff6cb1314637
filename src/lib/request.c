/* request.c - request files (YAML or JSON) -> imr_request.
 *
 * JSON is first checked with jansson, so that text which is not valid JSON
 * gets a JSON error at its line and column rather than being accepted as
 * YAML; the tree is then built by the YAML reader, which keeps the marks
 * (JSON is a subset of YAML's flow style). */
#include "imrcheck/request.h"

#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#include "alloc.h"
#include "factsio.h"
#include "fileio.h"
#include "imrcheck/date.h"
#include "imrcheck/extract.h"
#include "model.h"
#include "strutil.h"
#include "yamltree.h"

/* ---- building ---- */

int imr_request_new(imr_request **out, const imr_rules *rules, int32_t date)
{
	imr_request *req = imr__calloc(1, sizeof(*req));
	*out = NULL;
	if (!req)
		return IMR_ENOMEM;
	req->rules = rules;
	req->date = date;
	req->date_given = 1;
	if (imr_facts_new(&req->facts, rules) < 0) {
		imr__free(req);
		return IMR_ENOMEM;
	}
	*out = req;
	return IMR_OK;
}

void imr_request_free(imr_request *req)
{
	size_t i;
	if (!req)
		return;
	for (i = 0; i < req->nitems; i++) {
		imr__free(req->items[i].id);
		imr__free(req->items[i].service);
		imr__free(req->items[i].primary_id);
		imr_facts_free(req->items[i].attrs);
	}
	imr__free(req->items);
	imr_facts_free(req->facts);
	imr__free(req);
}

static imr_req_item *push_item(imr_request *req)
{
	void *items = req->items;
	imr_req_item *it;
	if (imr__grow(&items, &req->cap, req->nitems + 1, sizeof(imr_req_item)) < 0)
		return NULL;
	req->items = items;
	it = &req->items[req->nitems];
	memset(it, 0, sizeof(*it));
	if (imr_facts_new(&it->attrs, req->rules) < 0)
		return NULL;
	req->nitems++;
	return it;
}

int imr_request_add_item(imr_request *req, const char *id, const char *service,
			 imr_facts **item_facts)
{
	imr_req_item *it = push_item(req);
	if (!it)
		return IMR_ENOMEM;
	if (id && !(it->id = imr__strdup(id)))
		return IMR_ENOMEM;
	if (!id) {
		char name[32];
		snprintf(name, sizeof(name), "item-%zu", req->nitems);
		if (!(it->id = imr__strdup(name)))
			return IMR_ENOMEM;
	}
	if (service && !(it->service = imr__strdup(service)))
		return IMR_ENOMEM;
	if (item_facts)
		*item_facts = it->attrs;
	return IMR_OK;
}

int imr_request_set_primary(imr_request *req, const char *primary_id)
{
	imr_req_item *it;
	if (!req->nitems)
		return IMR_ERROR;
	it = &req->items[req->nitems - 1];
	imr__free(it->primary_id);
	it->primary_id = imr__strdup(primary_id);
	return it->primary_id ? IMR_OK : IMR_ENOMEM;
}

size_t imr_request_item_count(const imr_request *req)
{
	return req->nitems;
}

int32_t imr_request_date(const imr_request *req)
{
	return req->date;
}

int imr_request_date_given(const imr_request *req)
{
	return req->date_given;
}

imr_facts *imr_request_facts(imr_request *req)
{
	return req->facts;
}

/* ---- reading ---- */

typedef struct reader {
	imr_request *req;
	const char *file;
	const char *data;       /* the file as read, for the comment check */
	size_t len;
	imr_diags *diags;
	imr_limits lim;
	imr_worker *worker;     /* reads service text; made for the first one */
	int errors;
} reader;

static void rerr(reader *rd, const char *code, const imr_ynode *at, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void rerr(reader *rd, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	imr_diags_vadd(rd->diags, IMR_SEVERITY_ERROR, code, rd->file, at ? at->line : 0, at ? at->col : 0,
		       fmt, ap);
	va_end(ap);
	rd->errors++;
}

static const char *const top_keys[] = { "date", "facts", "items" };
static const char *const item_keys[] = { "id", "service", "primary", "date" };

static int read_date(reader *rd, const imr_ynode *v, int32_t *out)
{
	if (v->kind != IMR_Y_SCALAR || imr_date_parse(out, v->str, v->len) < 0) {
		rerr(rd, "bad-date", v, "invalid date '%s' (%s)",
		     v->kind == IMR_Y_SCALAR ? v->str : imr__ynode_describe(v),
		     v->kind == IMR_Y_SCALAR ? imr_date_problem(v->str, v->len) : "expected YYYY-MM-DD");
		return -1;
	}
	return 0;
}

/* YAML reads "service: Norco 10/325 #120" as "Norco 10/325" and a comment.
 * A '#' straight before a digit after a plain service value is almost
 * always a quantity, not a comment: warn and say how to keep it. */
static void warn_cut_by_comment(reader *rd, const imr_ynode *v)
{
	const char *p = rd->data, *end = rd->data + rd->len, *hit;
	unsigned line = 1;
	if (!p || v->kind != IMR_Y_SCALAR || v->style != 0 || v->line != v->end_line)
		return;
	while (p < end && line < v->line)
		if (*p++ == '\n')
			line++;
	hit = p;
	while (hit < end && *hit != '\n' && (size_t)(end - hit) >= v->len &&
	       memcmp(hit, v->str, v->len) != 0)
		hit++;
	if (hit >= end || *hit == '\n' || (size_t)(end - hit) < v->len)
		return;
	for (p = hit + v->len; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == hit + v->len || p + 1 >= end || *p != '#' || p[1] < '0' || p[1] > '9')
		return;
	imr_diags_add(rd->diags, IMR_SEVERITY_WARNING, "yaml-comment", rd->file, v->line, v->col,
		      "YAML reads ' #' as the start of a comment, so the service was read as '%s'; "
		      "quote the whole value to keep what follows the '#'", v->str);
}

/* Read the service text into the item's attributes: what the file gives
 * as structured attributes wins over what the text says. */
static void read_service(reader *rd, imr_req_item *it)
{
	int err;
	if (!rd->worker && (err = imr_worker_new(&rd->worker, rd->req->rules, &rd->lim)) < 0) {
		rd->diags->oom = 1;
		return;
	}
	err = imr_extract_service(NULL, rd->worker, it->service, it->attrs, rd->diags);
	if (err == IMR_ENOMEM)
		rd->diags->oom = 1;
	else if (err < 0)
		rd->errors++;
}

/* A date fact of the case later than the request date (an injury dated
 * after the request) is a typo in one of them or a request about another
 * case: evaluated as given, but said, at the fact. */
static void warn_later_dates(reader *rd, const imr_ynode *facts)
{
	const imr_rules *rules = rd->req->rules;
	char when[11], req[11];
	size_t i;
	if (facts->kind != IMR_Y_MAP || rd->req->date == IMR_DATE_NONE)
		return;
	for (i = 0; i < facts->count; i++) {
		const imr_ynode *k = facts->kids[2 * i], *v = facts->kids[2 * i + 1];
		int idx = imr__vocab_fact(rules, k->str, k->len);
		const imr_value *val;
		if (idx < 0 || rules->facts[idx].type != IMR_TYPE_DATE)
			continue;
		val = imr__facts_value(rd->req->facts, idx);
		if (val->status != IMR_FACT_PRESENT || val->num <= rd->req->date)
			continue;
		imr_date_format(when, (int32_t)val->num);
		imr_date_format(req, rd->req->date);
		imr_diags_add(rd->diags, IMR_SEVERITY_WARNING, "date-after-request", rd->file, v->line, v->col,
			      "'%s' is %s, after the request date %s; the record a request rests on "
			      "cannot be later than the request", k->str, when, req);
	}
}

static void read_item(reader *rd, const imr_ynode *node)
{
	imr_request *req = rd->req;
	const imr_rules *rules = req->rules;
	imr_req_item *it;
	const imr_ynode *v;
	size_t i;

	if (node->kind != IMR_Y_MAP) {
		rerr(rd, "wrong-type", node, "each item must be a mapping, found %s%s", imr__ynode_describe(node), "");
		return;
	}
	it = push_item(req);
	if (!it) {
		rd->diags->oom = 1;
		return;
	}
	it->line = node->line;
	it->col = node->col;
	if ((v = imr__ymap_get(node, "id", NULL))) {
		if (v->kind != IMR_Y_SCALAR || !imr__is_identifier(v->str, v->len))
			rerr(rd, "bad-id", v, "item id '%s' is not a valid identifier%s",
			     v->kind == IMR_Y_SCALAR ? v->str : imr__ynode_describe(v), "");
		else
			it->id = imr__strdup(v->str);
		for (i = 0; it->id && i + 1 < req->nitems; i++)
			if (strcmp(req->items[i].id, it->id) == 0)
				rerr(rd, "duplicate-id", v, "item id '%s' is used twice%s", it->id, "");
	}
	if (!it->id) {
		char id[32];
		snprintf(id, sizeof(id), "item-%zu", req->nitems);
		it->id = imr__strdup(id);
	}
	if ((v = imr__ymap_get(node, "service", NULL))) {
		if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v))
			rerr(rd, "wrong-type", v, "'service' must be text, found %s%s", imr__ynode_describe(v), "");
		else if (!v->len)
			rerr(rd, "bad-value", v, "'service' is empty%s%s", "", "");
		else {
			it->service = imr__strdup(v->str);
			warn_cut_by_comment(rd, v);
		}
	}
	if ((v = imr__ymap_get(node, "primary", NULL))) {
		if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v))
			rerr(rd, "wrong-type", v, "'primary' must be an item id, found %s%s", imr__ynode_describe(v), "");
		else {
			it->primary_id = imr__strdup(v->str);
			it->primary_line = v->line;
			it->primary_col = v->col;
		}
	}
	if ((v = imr__ymap_get(node, "date", NULL)) && read_date(rd, v, &it->date) == 0)
		it->has_date = 1;
	rd->errors += imr__facts_read_map(it->attrs, node, "request.", item_keys, 4, rd->file, rd->diags);
	if (it->service && !rd->diags->oom)
		read_service(rd, it);
	/* level_count follows from the levels unless given */
	if (rules->f_levels >= 0 && rules->f_level_count >= 0) {
		const imr_value *lv = imr__facts_value(it->attrs, rules->f_levels);
		const imr_value *lc = imr__facts_value(it->attrs, rules->f_level_count);
		if (lv->status == IMR_FACT_PRESENT && lc->status == IMR_FACT_NOT_DOCUMENTED &&
		    imr__facts_set_value(it->attrs, rules->f_level_count, IMR_FACT_PRESENT,
					 (double)lv->nmembers, NULL, 0) < 0)
			rd->diags->oom = 1;
	}
	if (!it->id)
		rd->diags->oom = 1;
}

static void check_primaries(reader *rd)
{
	imr_request *req = rd->req;
	size_t i, j;
	for (i = 0; i < req->nitems; i++) {
		const imr_req_item *it = &req->items[i];
		int found = 0;
		if (!it->primary_id)
			continue;
		for (j = 0; j < req->nitems; j++)
			found |= j != i && strcmp(req->items[j].id, it->primary_id) == 0;
		if (!found) {
			imr_diags_add(rd->diags, IMR_SEVERITY_ERROR, "unknown-item", rd->file, it->primary_line,
				      it->primary_col, "primary '%s' is not the id of another item", it->primary_id);
			rd->errors++;
		}
	}
}

static int check_json(reader *rd, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *json;
	/* a UTF-8 byte-order mark is not JSON, but editors write one */
	if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
	    (unsigned char)data[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	json = json_loadb(data, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	/* not a verdict on the JSON: jansson ran out of memory (it leaves the
	 * message empty when that happens before it starts reading) */
	if (!json && (json_error_code(&jerr) == json_error_out_of_memory || !jerr.text[0]))
		return IMR_ENOMEM;
	if (!json) {
		/* jansson also reports running out of memory inside its lexer as
		 * a syntax error; when not even the diagnostic can be recorded,
		 * memory is what failed */
		if (imr_diags_add(rd->diags, IMR_SEVERITY_ERROR, "json-syntax", rd->file,
				  jerr.line > 0 ? (unsigned)jerr.line : 0,
				  jerr.column > 0 ? (unsigned)jerr.column : 0, "%s", jerr.text) == IMR_ENOMEM)
			return IMR_ENOMEM;
		rd->errors++;
		return -1;
	}
	json_decref(json);
	return 0;
}

static int is_json(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
	    (unsigned char)data[2] == 0xBF)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '{';
}

int imr_request_load_buffer(imr_request **out, const imr_rules *rules, const char *name,
			    const char *data, size_t len, int32_t default_date,
			    const imr_limits *limits, imr_diags *diags)
{
	reader rd;
	imr_ydoc *doc = NULL;
	const imr_ynode *root, *v, *items;
	size_t i;
	int err;

	*out = NULL;
	memset(&rd, 0, sizeof(rd));
	rd.file = name;
	rd.data = data;
	rd.len = len;
	rd.diags = diags;
	rd.lim = imr_limits_resolve(limits);
	if (is_json(data, len) && (err = check_json(&rd, data, len)) < 0) {
		if (err == IMR_ENOMEM)
			diags->oom = 1;
		return err == IMR_ENOMEM ? IMR_ENOMEM : IMR_EINVALID;
	}
	err = imr__yaml_parse(&doc, name, data, len, &rd.lim, diags);
	if (err < 0)
		return err;
	err = imr_request_new(&rd.req, rules, default_date);
	if (err < 0) {
		imr__ydoc_free(doc);
		return err;
	}
	rd.req->date_given = 0;
	root = imr__ydoc_root(doc);
	if (!root || root->kind != IMR_Y_MAP) {
		rerr(&rd, root ? "wrong-type" : "empty-file", root,
		     root ? "a request must be a mapping with date, facts and items, found %s%s"
			  : "file is empty; a request needs 'items'%s%s",
		     root ? imr__ynode_describe(root) : "", "");
		goto done;
	}
	for (i = 0; i < root->count; i++) {
		const imr_ynode *k = root->kids[2 * i];
		if (strcmp(k->str, "date") && strcmp(k->str, "facts") && strcmp(k->str, "items")) {
			const char *best = imr__suggest(k->str, top_keys, 3);
			rerr(&rd, "unknown-key", k,
			     best ? "unknown key '%s' in a request (did you mean '%s'?)"
				  : "unknown key '%s' in a request (expected date, facts, items)%s",
			     k->str, best ? best : "");
		}
	}
	if ((v = imr__ymap_get(root, "date", NULL)) && read_date(&rd, v, &rd.req->date) == 0)
		rd.req->date_given = 1;
	if (!rd.req->date_given && default_date == IMR_DATE_NONE && !imr__ymap_get(root, "date", NULL))
		rerr(&rd, "missing-key", root, "the request needs a 'date'%s%s", "", "");
	if ((v = imr__ymap_get(root, "facts", NULL))) {
		rd.errors += imr__facts_read_map(rd.req->facts, v, NULL, NULL, 0, name, diags);
		warn_later_dates(&rd, v);
	}
	items = imr__ymap_get(root, "items", NULL);
	if (!items) {
		rerr(&rd, "missing-key", root, "a request needs 'items', a list of requested services%s%s", "", "");
	} else if (items->kind != IMR_Y_SEQ || !items->count) {
		rerr(&rd, "wrong-type", items, "'items' must be a non-empty list, found %s%s",
		     items->kind == IMR_Y_SEQ ? "an empty list" : imr__ynode_describe(items), "");
	} else if (items->count > rd.lim.items) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", name, items->line, items->col,
			      "more than %u items in one request", rd.lim.items);
		rd.errors++;
	} else {
		for (i = 0; i < items->count && !diags->oom; i++)
			read_item(&rd, items->kids[i]);
		check_primaries(&rd);
	}
done:
	imr__ydoc_free(doc);
	imr_worker_free(rd.worker);
	if (diags->oom) {
		imr_request_free(rd.req);
		return IMR_ENOMEM;
	}
	if (rd.errors) {
		imr_request_free(rd.req);
		return IMR_EINVALID;
	}
	*out = rd.req;
	return IMR_OK;
}

int imr_request_load_file(imr_request **out, const imr_rules *rules, const char *path,
			  int32_t default_date, const imr_limits *limits, imr_diags *diags)
{
	imr_limits lim = imr_limits_resolve(limits);
	char *data;
	size_t len;
	int err;

	*out = NULL;
	err = imr__file_read(&data, &len, path, lim.yaml_file_bytes, diags);
	if (err < 0)
		return err;
	err = imr_request_load_buffer(out, rules, path, data, len, default_date, &lim, diags);
	imr__free(data);
	return err;
}
