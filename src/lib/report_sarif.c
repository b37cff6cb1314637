/* report_sarif.c - lint diagnostics as text, JSON and SARIF 2.1.0.
 *
 * SARIF (OASIS Static Analysis Results Interchange Format 2.1.0) is what
 * code-scanning services read to show problems inline in a diff. A log
 * here is one run: tool.driver describes imrcheck and every check of the
 * lint table as a reportingDescriptor (id, short and full description,
 * help, default level), and each diagnostic is a result pointing at its
 * rule by ruleId and ruleIndex, with its file as a URI and its line and
 * column as a region. Columns count characters, as imr_diag's do, which
 * SARIF calls "unicodeCodePoints".
 *
 * All JSON is built with jansson (never by hand) and keys are kept in
 * insertion order, so output is reproducible. */
#include "jsonb.h"
#include "imrcheck/lint.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"







/* {"text": s} */
static json_t *jmessage(jb *b, const char *text)
{
	json_t *o = jobj(b);
	jset(b, o, "text", jstr(b, text));
	return o;
}


/* ---- text ---- */

int imr_lint_render_text(imr_buf *out, const imr_diags *diags)
{
	size_t i;
	int err = 0;
	for (i = 0; i < diags->count && !err; i++) {
		err = imr_diag_format(out, &diags->items[i], 1);
		if (!err)
			err = imr_buf_puts(out, "\n");
	}
	return err;
}

int imr_lint_render_checks(imr_buf *out)
{
	size_t i, width = 0;
	int err = 0;
	for (i = 0; i < imr_lint_check_count(); i++)
		if (strlen(imr_lint_check_at(i)->name) > width)
			width = strlen(imr_lint_check_at(i)->name);
	for (i = 0; i < imr_lint_check_count() && !err; i++) {
		const imr_lint_check *c = imr_lint_check_at(i);
		err = imr_buf_printf(out, "%-*s  %-7s  %-4s  %s\n", (int)width, c->name,
				     imr_severity_name(c->severity), c->phase, c->summary);
	}
	return err;
}

/* ---- JSON ---- */

int imr_lint_render_json(imr_buf *out, const imr_diags *diags, const imr_lint_stats *stats)
{
	jb b = { 0 };
	json_t *root = jobj(&b), *list = json_array();
	size_t i, errors = 0, warnings = 0;

	if (!list)
		b.failed = 1;
	for (i = 0; i < diags->count; i++) {
		const imr_diag *d = &diags->items[i];
		json_t *o = jobj(&b);
		errors += d->severity == IMR_SEVERITY_ERROR;
		warnings += d->severity == IMR_SEVERITY_WARNING;
		jset(&b, o, "file", jstr(&b, d->file));
		jset(&b, o, "line", jint(&b, d->line));
		jset(&b, o, "column", jint(&b, d->col));
		jset(&b, o, "severity", jstr(&b, imr_severity_name(d->severity)));
		jset(&b, o, "check", jstr(&b, d->code));
		jset(&b, o, "message", jstr(&b, d->message));
		if (d->rel_line) {
			json_t *rel = jobj(&b);
			jset(&b, rel, "line", jint(&b, d->rel_line));
			jset(&b, rel, "column", jint(&b, d->rel_col));
			jset(&b, o, "related", rel);
		}
		jpush(&b, list, o);
	}
	jset(&b, root, "tool", jstr(&b, "imrcheck"));
	jset(&b, root, "version", jstr(&b, imr_version()));
	jset(&b, root, "loaded", json_boolean(stats && stats->loaded));
	jset(&b, root, "files", jint(&b, stats ? stats->files : 0));
	jset(&b, root, "rules", jint(&b, stats ? stats->rules : 0));
	jset(&b, root, "errors", jint(&b, errors));
	jset(&b, root, "warnings", jint(&b, warnings));
	jset(&b, root, "diagnostics", list);
	return imr__jb_dump(out, root, &b, JSON_INDENT(2));
}

/* ---- SARIF ---- */

/* Percent-encode a path for a URI: everything but RFC 3986 unreserved
 * characters and '/' (so spaces, '%', '#', '?' and non-ASCII survive). */
static int uri_append(imr_buf *out, const char *path, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	int err = 0;
	for (i = 0; i < len && !err; i++) {
		unsigned char c = (unsigned char)path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~' || c == '/')
			err = imr_buf_put(out, &path[i], 1);
		else
			err = imr_buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
	return err;
}

/* The artifactLocation of @p file: relative to %SRCROOT% when below
 * @p root or already relative; a file:// URI when absolute elsewhere. */
static json_t *artifact_location(jb *b, const char *file, const char *root)
{
	json_t *o = jobj(b);
	imr_buf uri = IMR_BUF_INIT;
	size_t rlen = root ? strlen(root) : 0;
	int relative = 1, err;

	while (rlen > 1 && root[rlen - 1] == '/')
		rlen--;
	if (file[0] == '/') {
		if (root && rlen && strncmp(file, root, rlen) == 0 && file[rlen] == '/')
			file += rlen + 1;
		else
			relative = 0;
	}
	while (relative && file[0] == '.' && file[1] == '/')
		file += 2;
	err = relative ? 0 : imr_buf_puts(&uri, "file://");
	if (!err)
		err = uri_append(&uri, file, strlen(file));
	if (err)
		b->failed = 1;
	jset(b, o, "uri", jstr(b, imr_buf_cstr(&uri)));
	if (relative && root)
		jset(b, o, "uriBaseId", jstr(b, SRCROOT));
	imr_buf_dispose(&uri);
	return o;
}

static json_t *physical_location(jb *b, const char *file, const char *root, unsigned line, unsigned col)
{
	json_t *o = jobj(b);
	jset(b, o, "artifactLocation", artifact_location(b, file, root));
	if (line) {
		json_t *region = jobj(b);
		jset(b, region, "startLine", jint(b, line));
		if (col)
			jset(b, region, "startColumn", jint(b, col));
		jset(b, o, "region", region);
	}
	return o;
}

static const char *sarif_level(imr_severity sev)
{
	return sev == IMR_SEVERITY_ERROR ? "error" : sev == IMR_SEVERITY_WARNING ? "warning" : "note";
}

static json_t *rule_descriptor(jb *b, const imr_lint_check *c)
{
	json_t *o = jobj(b), *conf = jobj(b), *props = jobj(b), *tags = json_array();
	imr_buf md = IMR_BUF_INIT;
	jset(b, o, "id", jstr(b, c->name));
	jset(b, o, "name", jstr(b, c->name));
	jset(b, o, "shortDescription", jmessage(b, c->summary));
	jset(b, o, "fullDescription", jmessage(b, c->help));
	/* help carries the same text; markdown adds where the examples are */
	if (imr_buf_printf(&md, "%s\n\nExamples of a bad and a good rule file: docs/lint.md, section `%s`.",
			   c->help, c->name) < 0)
		b->failed = 1;
	{
		json_t *help = jobj(b);
		jset(b, help, "text", jstr(b, c->help));
		jset(b, help, "markdown", jstr(b, imr_buf_cstr(&md)));
		jset(b, o, "help", help);
	}
	imr_buf_dispose(&md);
	jset(b, conf, "level", jstr(b, sarif_level(c->severity)));
	jset(b, o, "defaultConfiguration", conf);
	if (!tags)
		b->failed = 1;
	jpush(b, tags, jstr(b, c->phase));
	jset(b, props, "tags", tags);
	jset(b, o, "properties", props);
	return o;
}

static json_t *result_json(jb *b, const imr_diag *d, const char *root)
{
	json_t *o = jobj(b);
	int index = imr_lint_check_index(d->code);
	jset(b, o, "ruleId", jstr(b, d->code ? d->code : "unknown"));
	if (index >= 0)
		jset(b, o, "ruleIndex", jint(b, (size_t)index));
	jset(b, o, "level", jstr(b, sarif_level(d->severity)));
	jset(b, o, "message", jmessage(b, d->message));
	if (d->file) {
		json_t *locs = json_array(), *loc = jobj(b);
		if (!locs)
			b->failed = 1;
		jset(b, loc, "physicalLocation", physical_location(b, d->file, root, d->line, d->col));
		jpush(b, locs, loc);
		jset(b, o, "locations", locs);
		if (d->rel_line) {
			json_t *rels = json_array(), *rel = jobj(b);
			if (!rels)
				b->failed = 1;
			jset(b, rel, "id", jint(b, 1));
			jset(b, rel, "physicalLocation",
			     physical_location(b, d->file, root, d->rel_line, d->rel_col));
			jset(b, rel, "message", jmessage(b, "related location"));
			jpush(b, rels, rel);
			jset(b, o, "relatedLocations", rels);
		}
	}
	return o;
}

int imr_lint_render_sarif(imr_buf *out, const imr_diags *diags, const char *root)
{
	jb b = { 0 };
	json_t *log = jobj(&b), *runs = json_array(), *run = jobj(&b), *tool = jobj(&b);
	json_t *driver = jobj(&b), *rules = json_array(), *results = json_array();
	size_t i;

	if (!runs || !rules || !results)
		b.failed = 1;
	jset(&b, log, "$schema", jstr(&b, SARIF_SCHEMA));
	jset(&b, log, "version", jstr(&b, "2.1.0"));
	jset(&b, driver, "name", jstr(&b, "imrcheck"));
	jset(&b, driver, "version", jstr(&b, imr_version()));
	jset(&b, driver, "semanticVersion", jstr(&b, imr_version()));
	for (i = 0; i < imr_lint_check_count(); i++)
		jpush(&b, rules, rule_descriptor(&b, imr_lint_check_at(i)));
	jset(&b, driver, "rules", rules);
	jset(&b, tool, "driver", driver);
	jset(&b, run, "tool", tool);
	if (root && root[0] == '/') {
		json_t *bases = jobj(&b), *base = jobj(&b);
		imr_buf uri = IMR_BUF_INIT;
		size_t len = strlen(root);
		if (imr_buf_puts(&uri, "file://") < 0 || uri_append(&uri, root, len) < 0 ||
		    (len && root[len - 1] != '/' && imr_buf_puts(&uri, "/") < 0))
			b.failed = 1;
		jset(&b, base, "uri", jstr(&b, imr_buf_cstr(&uri)));
		imr_buf_dispose(&uri);
		jset(&b, bases, SRCROOT, base);
		jset(&b, run, "originalUriBaseIds", bases);
	}
	for (i = 0; i < diags->count; i++)
		jpush(&b, results, result_json(&b, &diags->items[i], root && root[0] == '/' ? root : NULL));
	jset(&b, run, "results", results);
	jset(&b, run, "columnKind", jstr(&b, "unicodeCodePoints"));
	jpush(&b, runs, run);
	jset(&b, log, "runs", runs);
	return imr__jb_dump(out, log, &b, JSON_INDENT(2));
}
