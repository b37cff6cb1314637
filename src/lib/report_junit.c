/* report_junit.c - rule test results as JUnit XML, coverage as text and JSON.
 *
 * JUnit XML has no formal schema everybody agrees on; this writes the
 * common subset that Jenkins, GitLab, GitHub test reporters and Azure read:
 * <testsuites> with totals, one <testsuite> per rule, one <testcase> per
 * case, a <failure> with the readable diff as its text. Strings come from
 * rule files, so every one goes through xml_escape(), which also replaces
 * what XML 1.0 cannot carry at all (control characters, invalid UTF-8) by
 * U+FFFD: a report must stay well-formed whatever a rule file holds.
 *
 * The JSON form is built with jansson, never by hand. */
#include "jsonb.h"
#include "imrcheck/ruletest.h"

#include <stdlib.h>
#include <string.h>

/* ---- XML ---- */

/* Length of the valid UTF-8 sequence at @p s (at most @p n bytes) and its
 * code point, or 0 when the bytes there are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;
	unsigned long c;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1Fu;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0Fu;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0u) != 0x80u)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* The Char production of XML 1.0 (5th edition), section 2.2. */
static int xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Append @p text escaped for XML character data or, with @p attr, for a
 * double- or single-quoted attribute value (where tabs and line breaks are
 * written as character references, since attribute-value normalisation
 * would turn them into spaces). NULL appends nothing. */
static int xml_escape(imr_buf *out, const char *text, int attr)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = text ? strlen(text) : 0, i = 0;
	int err = 0;
	while (i < n && !err) {
		unsigned long c = 0;
		size_t len = utf8_decode(s + i, n - i, &c);
		if (!len || !xml_char(c)) {
			err = imr_buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
			i += len ? len : 1;
			continue;
		}
		switch (c) {
		case '&': err = imr_buf_puts(out, "&amp;"); break;
		case '<': err = imr_buf_puts(out, "&lt;"); break;
		case '>': err = imr_buf_puts(out, "&gt;"); break;
		case '"': err = imr_buf_puts(out, "&quot;"); break;
		case '\'': err = imr_buf_puts(out, "&apos;"); break;
		case '\t': err = attr ? imr_buf_puts(out, "&#9;") : imr_buf_put(out, "\t", 1); break;
		case '\n': err = attr ? imr_buf_puts(out, "&#10;") : imr_buf_put(out, "\n", 1); break;
		case '\r': err = imr_buf_puts(out, "&#13;"); break; /* a raw CR would become LF */
		default: err = imr_buf_put(out, s + i, len); break;
		}
		i += len;
	}
	return err;
}

/* name="value" with the value escaped; a leading space separates it from
 * what came before. */
static int xml_attr(imr_buf *out, const char *name, const char *value)
{
	int err = imr_buf_printf(out, " %s=\"", name);
	if (!err)
		err = xml_escape(out, value, 1);
	return err ? err : imr_buf_puts(out, "\"");
}

static int xml_attr_size(imr_buf *out, const char *name, size_t value)
{
	return imr_buf_printf(out, " %s=\"%zu\"", name, value);
}

/* Number of differences in a diff: its lines. */
static size_t diff_lines(const char *diff)
{
	size_t n = 0;
	for (; diff && *diff; diff++)
		n += *diff == '\n';
	return n;
}

static int junit_case(imr_buf *out, const imr_ruletest_case *tc)
{
	int err = imr_buf_puts(out, "    <testcase");
	if (!err)
		err = xml_attr(out, "name", tc->name ? tc->name : "");
	if (!err)
		err = xml_attr(out, "classname", tc->rule_id ? tc->rule_id : "");
	if (!err)
		err = xml_attr(out, "file", tc->file);
	if (!err)
		err = imr_buf_printf(out, " line=\"%u\"", tc->line);
	if (!err && tc->passed)
		return imr_buf_puts(out, "/>\n");
	if (!err)
		err = imr_buf_printf(out, ">\n      <failure type=\"mismatch\" message=\"%zu difference%s\">",
				     diff_lines(tc->diff), diff_lines(tc->diff) == 1 ? "" : "s");
	if (!err)
		err = imr_buf_printf(out, "at %s:%u:%u\n", tc->file ? tc->file : "?", tc->line, tc->col);
	/* the location is repeated in the text because many viewers show only it */
	if (!err)
		err = xml_escape(out, tc->diff, 0);
	if (!err)
		err = imr_buf_puts(out, "</failure>\n    </testcase>\n");
	return err;
}

int imr_ruletest_render_junit(imr_buf *out, const imr_ruletest_report *report)
{
	size_t i, j;
	int err = imr_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	if (!err)
		err = xml_attr(out, "name", "imrcheck test");
	if (!err)
		err = xml_attr_size(out, "tests", report->count);
	if (!err)
		err = xml_attr_size(out, "failures", report->failed);
	if (!err)
		err = imr_buf_puts(out, " errors=\"0\">\n");
	/* Cases are stored rule by rule, so each rule's cases are one run of
	 * consecutive entries with the same rule id. */
	for (i = 0; i < report->count && !err; i = j) {
		size_t failed = 0;
		const char *rule = report->cases[i].rule_id;
		for (j = i; j < report->count && report->cases[j].rule_id == rule; j++)
			failed += !report->cases[j].passed;
		err = imr_buf_puts(out, "  <testsuite");
		if (!err)
			err = xml_attr(out, "name", rule ? rule : "");
		if (!err)
			err = xml_attr_size(out, "tests", j - i);
		if (!err)
			err = xml_attr_size(out, "failures", failed);
		if (!err)
			err = imr_buf_puts(out, " errors=\"0\" skipped=\"0\"");
		if (!err)
			err = xml_attr(out, "file", report->cases[i].file);
		if (!err)
			err = imr_buf_puts(out, ">\n");
		for (size_t k = i; k < j && !err; k++)
			err = junit_case(out, &report->cases[k]);
		if (!err)
			err = imr_buf_puts(out, "  </testsuite>\n");
	}
	return err ? err : imr_buf_puts(out, "</testsuites>\n");
}

/* ---- coverage as text ----
 *
 * Counts are of cases that left the criterion in each status; the marker
 * after a row names what no case showed, or showed without expecting it
 * (lint's criterion-coverage asks for both met and not met, expected). */

/* What the cases never showed (or never expected), or NULL. */
static const char *gap_text(const imr_ruletest_criterion_coverage *cc)
{
	if (!cc->met && !cc->not_met)
		return "never met, never not met";
	if (!cc->met)
		return "never met";
	if (!cc->not_met)
		return "never not met";
	if (!cc->met_checked)
		return "met but never expected met";
	if (!cc->not_met_checked)
		return "not met but never expected not met";
	return NULL;
}

int imr_ruletest_render_coverage_text(imr_buf *out, const imr_ruletest_report *report)
{
	size_t r, i, crits = 0, both = 0, rules_run = 0;
	int err = 0;
	for (r = 0; r < report->nrules && !err; r++) {
		const imr_ruletest_rule_coverage *rc = &report->rules[r];
		size_t width = 9;
		if (!rc->cases)
			continue;
		rules_run++;
		for (i = 0; i < rc->count; i++)
			if (rc->criteria[i].id && strlen(rc->criteria[i].id) > width)
				width = strlen(rc->criteria[i].id);
		err = imr_buf_printf(out, "%s  %s:%u  %zu case%s, %zu counted\n", rc->rule_id ? rc->rule_id : "?",
				     rc->file ? rc->file : "?", rc->line, rc->cases, rc->cases == 1 ? "" : "s",
				     rc->counted);
		if (!err && rc->count)
			err = imr_buf_printf(out, "  %-*s  %5s  %7s  %14s  %14s\n", (int)width, "criterion", "met",
					     "not_met", "not_documented", "not_applicable");
		for (i = 0; i < rc->count && !err; i++) {
			const imr_ruletest_criterion_coverage *cc = &rc->criteria[i];
			const char *gap = gap_text(cc);
			crits++;
			both += !gap;
			err = imr_buf_printf(out, "  %-*s  %5zu  %7zu  %14zu  %14zu%s%s\n", (int)width,
					     cc->id ? cc->id : "?", cc->met, cc->not_met, cc->not_documented,
					     cc->not_applicable, gap ? "  <- " : "", gap ? gap : "");
		}
		if (!err)
			err = imr_buf_puts(out, "\n");
	}
	if (!err)
		err = imr_buf_printf(out, "coverage: %zu rule%s, %zu criteri%s, %zu seen both met and not met\n",
				     rules_run, rules_run == 1 ? "" : "s", crits, crits == 1 ? "on" : "a", both);
	return err;
}

/* ---- JSON ---- */






static json_t *case_json(jb *b, const imr_ruletest_case *tc)
{
	json_t *o = json_object();
	jset(b, o, "rule", jstr(b, tc->rule_id));
	jset(b, o, "name", jstr(b, tc->name));
	jset(b, o, "file", jstr(b, tc->file));
	jset(b, o, "line", jint(b, tc->line));
	jset(b, o, "column", jint(b, tc->col));
	jset(b, o, "passed", json_boolean(tc->passed));
	jset(b, o, "diff", jstr(b, tc->diff));
	return o;
}

static json_t *coverage_json(jb *b, const imr_ruletest_rule_coverage *rc)
{
	json_t *o = json_object(), *list = json_array();
	size_t i;
	jset(b, o, "rule", jstr(b, rc->rule_id));
	jset(b, o, "file", jstr(b, rc->file));
	jset(b, o, "line", jint(b, rc->line));
	jset(b, o, "cases", jint(b, rc->cases));
	jset(b, o, "counted", jint(b, rc->counted));
	for (i = 0; i < rc->count; i++) {
		const imr_ruletest_criterion_coverage *cc = &rc->criteria[i];
		json_t *c = json_object();
		jset(b, c, "id", jstr(b, cc->id));
		jset(b, c, "line", jint(b, cc->line));
		jset(b, c, "column", jint(b, cc->col));
		jset(b, c, "met", jint(b, cc->met));
		jset(b, c, "not_met", jint(b, cc->not_met));
		jset(b, c, "met_checked", jint(b, cc->met_checked));
		jset(b, c, "not_met_checked", jint(b, cc->not_met_checked));
		jset(b, c, "not_documented", jint(b, cc->not_documented));
		jset(b, c, "not_applicable", jint(b, cc->not_applicable));
		jpush(b, list, c);
	}
	jset(b, o, "criteria", list);
	return o;
}

int imr_ruletest_render_json(imr_buf *out, const imr_ruletest_report *report, int coverage)
{
	jb b = { 0 };
	json_t *root = json_object(), *cases = json_array();
	size_t i;

	jset(&b, root, "passed", jint(&b, report->passed));
	jset(&b, root, "failed", jint(&b, report->failed));
	for (i = 0; i < report->count; i++)
		jpush(&b, cases, case_json(&b, &report->cases[i]));
	jset(&b, root, "cases", cases);
	if (coverage) {
		json_t *cov = json_array();
		for (i = 0; i < report->nrules; i++)
			if (report->rules[i].cases)
				jpush(&b, cov, coverage_json(&b, &report->rules[i]));
		jset(&b, root, "coverage", cov);
	}
	return imr__jb_dump(out, root, &b, JSON_INDENT(2));
}
