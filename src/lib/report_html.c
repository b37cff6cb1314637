/* report_html.c - the audit report as one self-contained HTML page.
 *
 * Written as the letters stream by (imr_audit_writer): each letter's rows
 * of findings, its row per item and its section (facts, case summary,
 * items with their rationales and findings) are spooled, and the finished
 * audit's statistics put them in a page: the run, a summary, four charts
 * drawn as inline SVG, tables of agreement by guideline and specialty,
 * finding rates by reviewer, the table of items, one table of findings per
 * finding type, the letters' sections, the letters that could not be read
 * and the duplicates. The page needs nothing outside itself (CSS and one
 * script inline, no fonts or images); the script only filters and sorts
 * the table of items.
 *
 * Invariants:
 * - The page is well-formed XML as well as HTML5: every element is closed,
 *   every attribute quoted, and the only entities are &amp; &lt; &gt;
 *   &quot; and &#39;. Text that did not come from a literal in this file
 *   goes through put_text(), which escapes those five characters and
 *   replaces what XML forbids (invalid UTF-8, control characters,
 *   surrogates, noncharacters) with U+FFFD; fmt() is for numbers and
 *   literals only.
 * - The bytes depend only on the audit, the rules (digest, specialties)
 *   and opts->input and opts->run_date: no clock, and no floating point
 *   through printf (whose decimal point follows the locale); percentages
 *   and coordinates are integer arithmetic, rounded half up.
 * - Memory does not grow with the letters: what is kept across them is a
 *   row per distinct specialty and licensure (the rates).
 * - Charts and tally tables have one row per tally of the statistics;
 *   the findings and failed-letter tables are a pass over their lists per
 *   table. The work is linear in the size of the audit.
 * - Write errors are sticky in the writer; on failure the buffer is cut
 *   back to where it was. */
#include "imrcheck/report_audit.h"

#include "alloc.h"
#include "audit_writer.h"
#include "model.h"
#include "specialty.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- writer ---- */

typedef struct html {
	imr_buf *out;
	int err;
} html;

static void put(html *h, const char *s, size_t n)
{
	if (!h->err && n)
		h->err = imr_buf_put(h->out, s, n);
}

static void lit(html *h, const char *s)
{
	put(h, s, strlen(s));
}

/* Numbers and literals only: never text from the audit. */
static void fmt(html *h, const char *format, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void fmt(html *h, const char *format, ...)
{
	va_list ap;
	if (h->err)
		return;
	va_start(ap, format);
	h->err = imr_buf_vprintf(h->out, format, ap);
	va_end(ap);
}

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define ELLIPSIS "\xE2\x80\xA6"    /* U+2026 */
#define NO_LIMIT ((size_t)-1)

/* The length of the character at @p s: 1 to 4 bytes of valid UTF-8, or 1
 * for a byte that starts none. *ok tells whether it may appear in both XML
 * and HTML text: valid, and not a control character other than tab, line
 * feed and carriage return, a surrogate or a noncharacter. A terminating
 * NUL is never a continuation byte, so this never reads past the string. */
static size_t next_char(const unsigned char *s, int *ok)
{
	unsigned c = s[0];
	uint32_t cp;
	size_t n, i;

	*ok = 0;
	if (c < 0x80) {
		*ok = (c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' || c == '\r';
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 1; /* overlong, or beyond Unicode */
	*ok = !(cp <= 0x9F ||                           /* C1 controls */
		(cp >= 0xD800 && cp <= 0xDFFF) ||       /* surrogates */
		(cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE); /* noncharacters */
	return n;
}

/* Append @p str (NULL appends nothing) escaped for element content and for
 * quoted attribute values alike, cut after @p max characters with an
 * ellipsis. The one escaping function of this file. */
static void put_text_max(html *h, const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str, *run;
	size_t chars = 0;

	if (!str)
		return;
	for (run = s; *s; chars++) {
		const char *rep = NULL;
		size_t n = 1;
		int ok = 1;
		if (chars == max) {
			put(h, (const char *)run, (size_t)(s - run));
			lit(h, ELLIPSIS);
			return;
		}
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: n = next_char(s, &ok);
		}
		if (!ok)
			rep = REPLACEMENT; /* one for each stray byte or forbidden character */
		if (rep) {
			put(h, (const char *)run, (size_t)(s - run));
			lit(h, rep);
			run = s + n;
		}
		s += n;
	}
	put(h, (const char *)run, (size_t)(s - run));
}

static void put_text(html *h, const char *str)
{
	put_text_max(h, str, NO_LIMIT);
}

/* put_text(), or @p fallback (a literal) when @p str is NULL or empty. */
static void put_text_or(html *h, const char *str, const char *fallback)
{
	if (str && *str)
		put_text(h, str);
	else
		lit(h, fallback);
}

static void put_num(html *h, size_t n)
{
	fmt(h, "%zu", n);
}

/* num/den in tenths of a percent, rounded half up. */
static unsigned long long permille(size_t num, size_t den)
{
	return ((unsigned long long)num * 2000u + den) / (2u * (unsigned long long)den);
}

/* "62.5%", or "-" when @p den is 0. */
static void put_pct(html *h, size_t num, size_t den)
{
	unsigned long long t;
	if (!den) {
		lit(h, "-");
		return;
	}
	t = permille(num, den);
	fmt(h, "%llu.%llu%%", t / 10, t % 10);
}

/* @p v of @p max as a length of @p px pixels, rounded half up. */
static unsigned scale(size_t v, size_t max, unsigned px)
{
	if (!max)
		return 0;
	return (unsigned)(((unsigned long long)v * px * 2u + max) / (2u * (unsigned long long)max));
}

static size_t agreement_base(const imr_tally *t)
{
	return t->agree + t->disagree;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ---- page frame ---- */

static const char CSS[] =
	"body{margin:0;background:#f6f8fa;color:#1f2328;"
	"font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,Arial,sans-serif}\n"
	"main{max-width:1400px;margin:0 auto;padding:20px 24px 40px}\n"
	"header h1{font-size:24px;margin:8px 0 2px}\n"
	".meta{color:#57606a;margin:0}\n"
	"nav{margin:12px 0 4px;font-size:13px}\n"
	"nav a{color:#0969da;text-decoration:none;margin-right:14px}\n"
	"section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:4px 20px 16px;margin:16px 0}\n"
	"h2{font-size:18px;margin:14px 0 10px;padding-bottom:4px;border-bottom:1px solid #d8dee4}\n"
	"h3{font-size:15px;margin:20px 0 6px}\n"
	"h3::first-letter{text-transform:uppercase}\n"
	"p.note{color:#57606a;font-size:13px;margin:6px 0}\n"
	"dl.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:0}\n"
	"dl.cards div{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px}\n"
	"dl.cards dt{color:#57606a;font-size:12px;text-transform:uppercase;letter-spacing:.03em}\n"
	"dl.cards dd{margin:0;font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}\n"
	"dl.cards dd.sub{font-size:12px;font-weight:400;color:#57606a}\n"
	"table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0 8px}\n"
	"th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}\n"
	"thead th{background:#f6f8fa;border-bottom:1px solid #d0d7de;white-space:nowrap}\n"
	"th.n,td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"td.file{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}\n"
	"td.ev{color:#57606a;overflow-wrap:anywhere}\n"
	"td.none{color:#57606a;font-style:italic}\n"
	"code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}\n"
	"details{margin:6px 0}\n"
	"summary{cursor:pointer;color:#0969da;font-size:13px}\n"
	"svg{display:block;max-width:100%;height:auto;margin:8px 0}\n"
	"svg.mini{display:inline-block;margin:2px 0;vertical-align:middle}\n"
	"svg text{font:12px system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,Arial,sans-serif;fill:#1f2328}\n"
	"svg text.muted{fill:#57606a}\n"
	"svg text.light{fill:#fff}\n"
	"svg text.big{font-size:16px;font-weight:600}\n"
	".agree{fill:#1a7f37}\n"
	".disagree{fill:#cf222e}\n"
	".indet{fill:#afb8c1}\n"
	".bar{fill:#0969da}\n"
	".track{fill:#f6f8fa}\n"
	".cell{fill:#0969da}\n"
	".diag{fill:none;stroke:#1a7f37;stroke-width:3}\n"
	"footer{color:#57606a;font-size:12px;margin-top:24px}\n"
	"dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0;font-size:13px}\n"
	"dl.run dt{color:#57606a}\n"
	"dl.run dd{margin:0;overflow-wrap:anywhere}\n"
	"form.filters{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:8px 0;font-size:13px}\n"
	"form.filters select,form.filters input{font:inherit;font-size:13px}\n"
	"div.scroll{overflow-x:auto}\n"
	"table.items{font-size:12px}\n"
	"table.items td.file{word-break:normal;overflow-wrap:anywhere;min-width:10em}\n"
	"table.items td code{font-size:11px;overflow-wrap:anywhere}\n"
	"table.items th[data-key]{cursor:pointer}\n"
	"table.items th[aria-sort=ascending]::after{content:\" \\25B2\"}\n"
	"table.items th[aria-sort=descending]::after{content:\" \\25BC\"}\n"
	"tr[hidden]{display:none}\n"
	"a{color:#0969da}\n"
	"section.letter{padding:4px 16px 10px}\n"
	"section.letter h3{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;"
	"word-break:break-all}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0;font-size:13px}\n"
	"dl.facts dt{color:#57606a}\n"
	"dl.facts dd{margin:0}\n"
	"div.item{border-top:1px solid #eaeef2;padding:6px 0}\n"
	"div.item h4{font-size:14px;margin:4px 0}\n"
	"div.text{white-space:pre-wrap;font-size:13px;background:#f6f8fa;border-radius:6px;padding:8px 10px;"
	"max-height:32em;overflow:auto}\n"
	"section.letter h3::first-letter{text-transform:none}\n"
	"ul.item-findings{margin:4px 0;padding-left:20px;font-size:13px}\n"
	"ul.item-findings span.ev{display:block;color:#57606a}\n"
	":target{outline:2px solid #bf8700;outline-offset:2px}\n"
	"@media print{body{background:#fff}section{border:0;padding:0}nav,form.filters{display:none}"
	"tr,svg{break-inside:avoid}details>div.text{max-height:none}}\n";

/* The table of items made interactive: filters (built from the rows'
 * data-* attributes) and sorting (a click on a column heading), both kept
 * in the address's fragment ("#category=imaging&sort=-file"), so that a
 * view can be bookmarked and shared and a test can ask for one. Without it
 * the table is a plain table. The script sits in a CDATA section, so that
 * XML tools read it as text; its markers are JavaScript comments, so that
 * an HTML parser ignores them. It must never hold "]]>" (the end of the
 * section) or "</" (the end of the element, to an HTML parser). */
static const char SCRIPT[] =
	"//<![CDATA[\n"
	"(function () {\n"
	"\"use strict\";\n"
	"var table = document.getElementById(\"items\");\n"
	"if (!table || !table.tBodies.length || !window.history) return;\n"
	"var rows = [].slice.call(table.tBodies[0].rows).filter(function (r) { return r.hasAttribute(\"data-category\"); });\n"
	"var heads = [].slice.call(table.tHead.rows[0].cells);\n"
	"var fields = [[\"category\", \"Category\"], [\"decision\", \"Decision\"], [\"prediction\", \"Prediction\"],\n"
	"  [\"strength\", \"Strength\"], [\"agreement\", \"Agreement\"], [\"finding\", \"Findings\"]];\n"
	"var state = {}, controls = {}, order = rows.slice();\n"
	"var form = document.createElement(\"form\"), count = document.createElement(\"output\");\n"
	"form.id = \"item-filters\";\n"
	"form.className = \"filters\";\n"
	"form.setAttribute(\"role\", \"search\");\n"
	"form.addEventListener(\"submit\", function (e) { e.preventDefault(); });\n"
	"function attr(r, k) { return r.getAttribute(k === \"finding\" ? \"data-findings\" : \"data-\" + k) || \"\"; }\n"
	"fields.forEach(function (f) {\n"
	"  var k = f[0], seen = {}, sel = document.createElement(\"select\"), label = document.createElement(\"label\");\n"
	"  var opts = [[\"\", \"any\"]];\n"
	"  rows.forEach(function (r) {\n"
	"    attr(r, k).split(k === \"finding\" ? \" \" : \"\\n\").forEach(function (v) { if (v) seen[v] = 1; });\n"
	"  });\n"
	"  if (k === \"finding\") opts.push([\"+\", \"with findings\"], [\"-\", \"without findings\"]);\n"
	"  Object.keys(seen).sort().forEach(function (v) { opts.push([v, v]); });\n"
	"  opts.forEach(function (o) {\n"
	"    var e = document.createElement(\"option\");\n"
	"    e.value = o[0];\n"
	"    e.textContent = o[1];\n"
	"    sel.appendChild(e);\n"
	"  });\n"
	"  sel.name = k;\n"
	"  sel.addEventListener(\"change\", function () { state[k] = sel.value; apply(true); });\n"
	"  label.textContent = f[1] + \" \";\n"
	"  label.appendChild(sel);\n"
	"  form.appendChild(label);\n"
	"  controls[k] = sel;\n"
	"});\n"
	"(function () {\n"
	"  var label = document.createElement(\"label\"), q = document.createElement(\"input\");\n"
	"  q.type = \"search\";\n"
	"  q.name = \"q\";\n"
	"  q.placeholder = \"service, rule, file...\";\n"
	"  q.addEventListener(\"input\", function () { state.q = q.value; apply(true); });\n"
	"  label.textContent = \"Text \";\n"
	"  label.appendChild(q);\n"
	"  form.appendChild(label);\n"
	"  controls.q = q;\n"
	"})();\n"
	"form.appendChild(count);\n"
	"var box = table.parentNode.className === \"scroll\" ? table.parentNode : table;\n"
	"box.parentNode.insertBefore(form, box);\n"
	"function matches(r) {\n"
	"  for (var i = 0; i < fields.length; i++) {\n"
	"    var k = fields[i][0], want = state[k], have = attr(r, k);\n"
	"    if (!want) continue;\n"
	"    if (k !== \"finding\") { if (have !== want) return false; }\n"
	"    else if (want === \"+\") { if (!have) return false; }\n"
	"    else if (want === \"-\") { if (have) return false; }\n"
	"    else if ((\" \" + have + \" \").indexOf(\" \" + want + \" \") === -1) return false;\n"
	"  }\n"
	"  return !state.q || r.textContent.toLowerCase().indexOf(state.q.toLowerCase()) !== -1;\n"
	"}\n"
	"function sortKey(r, col, numeric) {\n"
	"  var c = r.cells[col], v = c ? (c.getAttribute(\"data-sort\") || c.textContent) : \"\";\n"
	"  return numeric ? parseFloat(v) || 0 : v.toLowerCase();\n"
	"}\n"
	"function sortRows() {\n"
	"  var key = state.sort || \"\", desc = key.charAt(0) === \"-\", name = desc ? key.slice(1) : key, col = -1;\n"
	"  heads.forEach(function (h, i) {\n"
	"    var on = h.getAttribute(\"data-key\") === name;\n"
	"    if (on) col = i;\n"
	"    if (h.hasAttribute(\"data-key\")) h.setAttribute(\"aria-sort\", on ? (desc ? \"descending\" : \"ascending\") : \"none\");\n"
	"  });\n"
	"  var sorted = order.slice();\n"
	"  if (col >= 0) {\n"
	"    var numeric = heads[col].className.indexOf(\"n\") !== -1;\n"
	"    sorted = order.map(function (r, i) { return [sortKey(r, col, numeric), i, r]; });\n"
	"    sorted.sort(function (a, b) {\n"
	"      var d = a[0] === b[0] ? 0 : a[0] > b[0] ? 1 : -1;\n"
	"      return (desc ? -d : d) || a[1] - b[1];\n"
	"    });\n"
	"    sorted = sorted.map(function (x) { return x[2]; });\n"
	"  }\n"
	"  sorted.forEach(function (r) { r.parentNode.appendChild(r); });\n"
	"}\n"
	"function writeHash() {\n"
	"  var parts = [];\n"
	"  fields.concat([[\"q\"], [\"sort\"]]).forEach(function (f) {\n"
	"    if (state[f[0]]) parts.push(f[0] + \"=\" + encodeURIComponent(state[f[0]]));\n"
	"  });\n"
	"  try {\n"
	"    history.replaceState(null, \"\", parts.length ? \"#\" + parts.join(\"&\") : location.pathname + location.search);\n"
	"  } catch (e) { /* a page opened where the address cannot change */ }\n"
	"}\n"
	"function apply(write) {\n"
	"  var shown = 0;\n"
	"  rows.forEach(function (r) {\n"
	"    var ok = matches(r);\n"
	"    r.hidden = !ok;\n"
	"    if (ok) shown++;\n"
	"  });\n"
	"  sortRows();\n"
	"  count.textContent = shown + \" of \" + rows.length + \" items\";\n"
	"  table.setAttribute(\"data-shown\", String(shown));\n"
	"  if (write) writeHash();\n"
	"}\n"
	"function readHash() {\n"
	"  var h = location.hash.slice(1);\n"
	"  if (h.indexOf(\"=\") === -1) return false;\n"
	"  state = {};\n"
	"  h.split(\"&\").forEach(function (p) {\n"
	"    var i = p.indexOf(\"=\");\n"
	"    if (i > 0) {\n"
	"      try { state[p.slice(0, i)] = decodeURIComponent(p.slice(i + 1).replace(/\\+/g, \" \")); } catch (e) { }\n"
	"    }\n"
	"  });\n"
	"  Object.keys(controls).forEach(function (k) { controls[k].value = state[k] || \"\"; });\n"
	"  return true;\n"
	"}\n"
	"heads.forEach(function (h) {\n"
	"  var k = h.getAttribute(\"data-key\");\n"
	"  if (!k) return;\n"
	"  h.tabIndex = 0;\n"
	"  h.title = \"Sort by this column\";\n"
	"  function toggle() {\n"
	"    state.sort = state.sort === k ? \"-\" + k : k;\n"
	"    apply(true);\n"
	"  }\n"
	"  h.addEventListener(\"click\", toggle);\n"
	"  h.addEventListener(\"keydown\", function (e) { if (e.key === \"Enter\" || e.key === \" \") { e.preventDefault(); toggle(); } });\n"
	"});\n"
	"window.addEventListener(\"hashchange\", function () { if (readHash()) apply(false); });\n"
	"var asked = readHash();\n"
	"apply(false);\n"
	"if (asked && form.scrollIntoView) form.scrollIntoView();\n"
	"table.setAttribute(\"data-script\", \"ready\");\n"
	"})();\n"
	"//]]>\n";

static void page_head(html *h, const imr_report_options *opts, const imr_rules *rules)
{
	const char *input = opts ? opts->input : NULL, *date = opts ? opts->run_date : NULL;
	lit(h, "<!DOCTYPE html>\n"
	       "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	       "<head>\n"
	       "<meta charset=\"utf-8\"/>\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	       "<meta name=\"generator\" content=\"imrcheck ");
	put_text(h, imr_version());
	/* the title is the same for a run and for a merge of its shards; the
	 * inputs are named once, below */
	lit(h, "\"/>\n<title>IMR audit report</title>\n<style>\n");
	lit(h, CSS);
	lit(h, "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>IMR audit report</h1>\n"
	       "<p class=\"meta\">Independent Medical Review determination letters compared with the "
	       "outcomes the rules predict.</p>\n<dl class=\"run\" id=\"run\">\n");
	/* one line each: a merge names its shards where one run names its
	 * paths, and tests/cli/run_merge.sh sets that line aside */
	lit(h, "<dt>Inputs</dt><dd id=\"run-inputs\"><code>");
	put_text_or(h, input, "-");
	lit(h, "</code></dd>\n<dt>Run date</dt><dd id=\"run-date\">");
	put_text_or(h, date, "not stated");
	lit(h, "</dd>\n<dt>Rule set</dt><dd id=\"run-rules\"><code>");
	put_text_or(h, rules ? imr_rules_digest(rules) : NULL, "not stated");
	lit(h, "</code></dd>\n<dt>Program</dt><dd>imrcheck ");
	put_text(h, imr_version());
	lit(h, "</dd>\n</dl>\n</header>\n"
	       "<nav><a href=\"#summary\">Summary</a><a href=\"#agreement\">Agreement by procedure</a>"
	       "<a href=\"#confusion\">Decisions and predictions</a><a href=\"#unmet\">Unmet criteria</a>"
	       "<a href=\"#coverage\">Coverage</a><a href=\"#rates\">Findings by reviewer</a>"
	       "<a href=\"#all-items\">Items</a><a href=\"#findings\">Findings</a>"
	       "<a href=\"#letters\">Letters</a><a href=\"#failed\">Failed letters</a>"
	       "<a href=\"#duplicates\">Duplicates</a></nav>\n");
}

static void page_foot(html *h, const imr_rules *rules)
{
	lit(h, "<footer>Generated by imrcheck ");
	put_text(h, imr_version());
	if (rules) {
		lit(h, " with the rule set <code>");
		put_text(h, imr_rules_digest(rules));
		lit(h, "</code>");
	}
	lit(h, ". Agreement is counted over governed items (those a rule decided); "
	       "indeterminate predictions are never guessed.</footer>\n</main>\n<script>\n");
	lit(h, SCRIPT);
	lit(h, "</script>\n</body>\n</html>\n");
}

/* ---- summary ---- */

static void card(html *h, const char *label, size_t value)
{
	lit(h, "<div><dt>");
	lit(h, label);
	lit(h, "</dt><dd>");
	put_num(h, value);
	lit(h, "</dd></div>\n");
}

static void summary(html *h, const imr_audit_stats *st, size_t findings)
{
	const imr_tally *o = &st->overall;
	lit(h, "<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"cards\">\n");
	card(h, "Letters", st->letters);
	card(h, "Parsed", st->parsed);
	card(h, "Failed", st->failed);
	card(h, "Duplicates", st->duplicates);
	card(h, "Items", st->items);
	lit(h, "<div><dt>Governed</dt><dd>");
	put_num(h, st->governed);
	lit(h, "</dd><dd class=\"sub\">");
	put_pct(h, st->governed, st->items);
	lit(h, " of items</dd></div>\n");
	card(h, "Ungoverned", st->ungoverned);
	lit(h, "<div><dt>Agreement</dt><dd>");
	put_pct(h, o->agree, agreement_base(o));
	lit(h, "</dd><dd class=\"sub\">");
	put_num(h, o->agree);
	lit(h, " of ");
	put_num(h, agreement_base(o));
	lit(h, " governed items</dd></div>\n");
	card(h, "Findings", findings);
	lit(h, "</dl>\n<p class=\"note\">");
	put_num(h, o->agree);
	lit(h, " agree, ");
	put_num(h, o->disagree);
	lit(h, " disagree, ");
	put_num(h, o->indeterminate);
	lit(h, " indeterminate (no rule governs the service, or it could not be classified). "
	       "The agreement rate is agree / (agree + disagree).</p>\n</section>\n");
}

/* ---- SVG pieces ---- */

#define CHART_W 720u

static void svg_open(html *h, const char *id, const char *cls, unsigned w, unsigned ht, const char *title,
		     const char *desc)
{
	fmt(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" class=\"%s\" width=\"%u\" height=\"%u\" "
	       "viewBox=\"0 0 %u %u\" role=\"img\" aria-labelledby=\"%s-title %s-desc\">\n",
	    id, cls, w, ht, w, ht, id, id);
	fmt(h, "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, title, id, desc);
}

static void svg_empty(html *h, const char *id, const char *title, const char *message)
{
	svg_open(h, id, "chart", CHART_W, 40, title, message);
	fmt(h, "<text x=\"8\" y=\"24\" class=\"muted\">%s</text>\n</svg>\n", message);
}

/* A label at the left of a row, right-aligned at @p x, cut at @p chars. */
static void row_label(html *h, unsigned x, unsigned y, const char *label, size_t chars)
{
	fmt(h, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">", x, y);
	put_text_max(h, label, chars);
	lit(h, "</text>");
}

static void legend(html *h, unsigned x, unsigned y)
{
	static const char *const cls[3] = { "agree", "disagree", "indet" };
	static const char *const name[3] = { "agree", "disagree", "indeterminate" };
	static const unsigned off[3] = { 0, 80, 172 };
	unsigned i;
	lit(h, "<g>");
	for (i = 0; i < 3; i++)
		fmt(h, "<rect x=\"%u\" y=\"%u\" width=\"12\" height=\"12\" class=\"%s\"/>"
		       "<text x=\"%u\" y=\"%u\">%s</text>",
		    x + off[i], y, cls[i], x + off[i] + 17, y + 10, name[i]);
	lit(h, "</g>\n");
}

/* One stacked segment from count @p from to @p to of @p max on a bar of
 * @p px pixels starting at @p x0; nothing when empty. */
static void segment(html *h, unsigned x0, unsigned y, unsigned height, size_t from, size_t to, size_t max,
		    unsigned px, const char *cls, const char *key, const char *what)
{
	unsigned a = scale(from, max, px), b = scale(to, max, px);
	if (to <= from || b <= a)
		return;
	fmt(h, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"%s\"><title>", x0 + a, y, b - a,
	    height, cls);
	put_text(h, key);
	lit(h, ": ");
	put_num(h, to - from);
	fmt(h, " %s</title></rect>", what);
}

static void tally_title(html *h, const imr_tally *t)
{
	put_text(h, t->key);
	lit(h, ": ");
	put_num(h, t->items);
	fmt(h, " %s; ", plural(t->items, "item", "items"));
	put_num(h, t->agree);
	lit(h, " agree, ");
	put_num(h, t->disagree);
	lit(h, " disagree, ");
	put_num(h, t->indeterminate);
	lit(h, " indeterminate; agreement ");
	put_pct(h, t->agree, agreement_base(t));
}

/* ---- chart 1: agreement by procedure ---- */

#define PROC_LABEL_X 196u
#define PROC_BAR_X 204u
#define PROC_BAR_W 340u
#define PROC_ROW 24u
#define PROC_TOP 30u

static void chart_procedure(html *h, const imr_audit_stats *st)
{
	const char *id = "chart-procedure", *title = "Agreement by procedure";
	size_t i, max = 0;
	unsigned height;

	if (!st->by_procedure_count) {
		svg_empty(h, id, title, "No items to chart.");
		return;
	}
	for (i = 0; i < st->by_procedure_count; i++)
		if (st->by_procedure[i].items > max)
			max = st->by_procedure[i].items;
	height = PROC_TOP + (unsigned)st->by_procedure_count * PROC_ROW + 6;
	svg_open(h, id, "chart", CHART_W, height, title,
		 "Items per procedure class as stacked bars: predictions that agree with the reviewer, "
		 "that disagree, and that are indeterminate; at the right the items and the agreement rate.");
	legend(h, PROC_BAR_X, 4);
	for (i = 0; i < st->by_procedure_count; i++) {
		const imr_tally *t = &st->by_procedure[i];
		unsigned y = PROC_TOP + (unsigned)i * PROC_ROW;
		lit(h, "<g><title>");
		tally_title(h, t);
		lit(h, "</title>");
		row_label(h, PROC_LABEL_X, y + 13, t->key, 30);
		segment(h, PROC_BAR_X, y + 2, 16, 0, t->agree, max, PROC_BAR_W, "agree", t->key, "agree");
		segment(h, PROC_BAR_X, y + 2, 16, t->agree, t->agree + t->disagree, max, PROC_BAR_W, "disagree",
			t->key, "disagree");
		segment(h, PROC_BAR_X, y + 2, 16, t->agree + t->disagree, t->items, max, PROC_BAR_W, "indet",
			t->key, "indeterminate");
		fmt(h, "<text x=\"%u\" y=\"%u\" class=\"muted\">", PROC_BAR_X + scale(t->items, max, PROC_BAR_W) + 6,
		    y + 13);
		put_num(h, t->items);
		lit(h, plural(t->items, " item", " items"));
		if (agreement_base(t)) {
			lit(h, ", ");
			put_pct(h, t->agree, agreement_base(t));
			lit(h, " agree");
		}
		lit(h, "</text></g>\n");
	}
	lit(h, "</svg>\n");
}

/* ---- chart 2: the confusion matrix ---- */

#define CM_LEFT 190u
#define CM_TOP 50u
#define CM_W 150u
#define CM_H 58u

static void chart_confusion(html *h, const imr_audit_stats *st)
{
	/* shown with the agreements on the diagonal: predicted upheld,
	 * overturned, indeterminate (stats order: overturned, upheld, ...) */
	static const unsigned col_of[3] = { 1, 0, 2 };
	static const char *const col_name[3] = { "upheld", "overturned", "indeterminate" };
	static const char *const row_name[2] = { "upheld", "overturned" };
	size_t max = 0, row_total[2] = { 0, 0 };
	unsigned r, c, height = CM_TOP + 2 * CM_H + 28;

	for (r = 0; r < 2; r++)
		for (c = 0; c < 3; c++) {
			row_total[r] += st->confusion[r][c];
			if (st->confusion[r][c] > max)
				max = st->confusion[r][c];
		}
	svg_open(h, "chart-confusion", "chart", CHART_W, height, "Reviewer decisions against predictions",
		 "A grid of item counts: rows are the reviewer's decision (upheld, overturned), columns the "
		 "predicted outcome (upheld, overturned, indeterminate); darker cells hold more items, and the "
		 "outlined cells on the diagonal are agreements.");
	fmt(h, "<text x=\"%u\" y=\"16\" text-anchor=\"middle\" class=\"muted\">predicted outcome</text>\n",
	    CM_LEFT + 3 * CM_W / 2);
	for (c = 0; c < 3; c++)
		fmt(h, "<text x=\"%u\" y=\"40\" text-anchor=\"middle\">%s</text>\n", CM_LEFT + c * CM_W + CM_W / 2,
		    col_name[c]);
	fmt(h, "<text x=\"%u\" y=\"40\" text-anchor=\"end\" class=\"muted\">reviewer&#39;s decision</text>\n",
	    CM_LEFT - 10);
	for (r = 0; r < 2; r++) {
		unsigned y = CM_TOP + r * CM_H;
		fmt(h, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">%s</text>\n", CM_LEFT - 10, y + CM_H / 2 + 4,
		    row_name[r]);
		for (c = 0; c < 3; c++) {
			unsigned k = col_of[c], x = CM_LEFT + c * CM_W;
			size_t n = st->confusion[r][k];
			/* opacity in hundredths: a faint floor so empty cells still show */
			unsigned op = n ? 12 + scale(n, max, 88) : 4;
			fmt(h, "<g><title>reviewer %s, predicted %s: ", row_name[r], col_name[c]);
			put_num(h, n);
			fmt(h, " %s (", plural(n, "item", "items"));
			put_pct(h, n, row_total[r]);
			fmt(h, " of the items the reviewer %s)</title>", row_name[r]);
			fmt(h, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"cell\" "
			       "fill-opacity=\"%u.%02u\"/>",
			    x + 1, y + 1, CM_W - 2, CM_H - 2, op / 100, op % 100);
			if (r == c)
				fmt(h, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"diag\"/>",
				    x + 2, y + 2, CM_W - 4, CM_H - 4);
			fmt(h, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\" class=\"big%s\">", x + CM_W / 2,
			    y + CM_H / 2, op >= 55 ? " light" : "");
			put_num(h, n);
			fmt(h, "</text><text x=\"%u\" y=\"%u\" text-anchor=\"middle\" class=\"%s\">", x + CM_W / 2,
			    y + CM_H / 2 + 17, op >= 55 ? "light" : "muted");
			put_pct(h, n, row_total[r]);
			lit(h, "</text></g>\n");
		}
	}
	fmt(h, "<text x=\"%u\" y=\"%u\" class=\"muted\">Percentages are of the row; outlined cells "
	       "are agreements.</text>\n",
	    CM_LEFT, CM_TOP + 2 * CM_H + 20);
	lit(h, "</svg>\n");
}

/* ---- simple bar charts: unmet criteria, uncovered items ---- */

typedef struct bars {
	const char *id;
	unsigned label_x, bar_x, bar_w;
	size_t label_chars;
	const char *unit, *units;
	size_t max;
} bars;

#define BAR_ROW 22u
#define BAR_TOP 6u

static void bars_open(html *h, bars *b, size_t rows, const char *title, const char *desc)
{
	svg_open(h, b->id, "chart", CHART_W, BAR_TOP + (unsigned)rows * BAR_ROW + 6, title, desc);
}

static void bar_row(html *h, const bars *b, size_t row, const char *label, size_t value, const char *context)
{
	unsigned y = BAR_TOP + (unsigned)row * BAR_ROW, w = scale(value, b->max, b->bar_w);
	lit(h, "<g><title>");
	put_text(h, label);
	lit(h, ": ");
	put_num(h, value);
	fmt(h, " %s%s</title>", plural(value, b->unit, b->units), context);
	row_label(h, b->label_x, y + 13, label, b->label_chars);
	fmt(h, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"15\" class=\"track\"/>", b->bar_x, y + 2, b->bar_w);
	if (w)
		fmt(h, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"15\" class=\"bar\"/>", b->bar_x, y + 2, w);
	fmt(h, "<text x=\"%u\" y=\"%u\">", b->bar_x + b->bar_w + 8, y + 13);
	put_num(h, value);
	lit(h, "</text></g>\n");
}

static void chart_unmet(html *h, const imr_audit_stats *st)
{
	bars b = { "chart-unmet", 340, 348, 300, 52, "upheld item", "upheld items", 0 };
	size_t i;
	if (!st->top_unmet_count) {
		svg_empty(h, b.id, "Criteria most often unmet among upheld items",
			  "No upheld item with a governing rule has an unmet criterion.");
		return;
	}
	for (i = 0; i < st->top_unmet_count; i++)
		if (st->top_unmet[i].count > b.max)
			b.max = st->top_unmet[i].count;
	bars_open(h, &b, st->top_unmet_count, "Criteria most often unmet among upheld items",
		  "For each criterion (rule/criterion), the number of upheld items, decided by a rule, "
		  "on which it was not met or not documented; most frequent first.");
	for (i = 0; i < st->top_unmet_count; i++)
		bar_row(h, &b, i, st->top_unmet[i].criterion, st->top_unmet[i].count,
			" with it not met or not documented");
	lit(h, "</svg>\n");
}

static void chart_uncovered(html *h, const imr_audit_stats *st)
{
	bars b = { "chart-uncovered", 196, 204, 400, 30, "item", "items", 0 };
	size_t i;
	if (!st->uncovered_count) {
		svg_empty(h, b.id, "Ungoverned items by service category", "Every item is governed by a rule.");
		return;
	}
	for (i = 0; i < st->uncovered_count; i++)
		if (st->uncovered[i].items > b.max)
			b.max = st->uncovered[i].items;
	bars_open(h, &b, st->uncovered_count, "Ungoverned items by service category",
		  "For each service category, the number of items no rule governs (indeterminate predictions); "
		  "most frequent first.");
	for (i = 0; i < st->uncovered_count; i++)
		bar_row(h, &b, i, st->uncovered[i].key, st->uncovered[i].items, " without a governing rule");
	lit(h, "</svg>\n");
}

/* ---- tally tables ---- */

#define MINI_W 120u

static void mini_bar(html *h, const imr_tally *t)
{
	lit(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mini\" width=\"120\" height=\"12\" "
	       "viewBox=\"0 0 120 12\" role=\"img\"><title>");
	tally_title(h, t);
	lit(h, "</title>");
	fmt(h, "<rect x=\"0\" y=\"0\" width=\"%u\" height=\"12\" class=\"track\"/>", MINI_W);
	/* each segment has its own <title> as in the large charts */
	segment(h, 0, 0, 12, 0, t->agree, t->items, MINI_W, "agree", t->key, "agree");
	segment(h, 0, 0, 12, t->agree, t->agree + t->disagree, t->items, MINI_W, "disagree", t->key, "disagree");
	segment(h, 0, 0, 12, t->agree + t->disagree, t->items, t->items, MINI_W, "indet", t->key, "indeterminate");
	lit(h, "</svg>");
}

static void tally_table(html *h, const char *id, const char *heading, const imr_tally *t, size_t n)
{
	size_t i;
	fmt(h, "<table id=\"%s\">\n<thead><tr><th>%s</th><th class=\"n\">Items</th><th class=\"n\">Agree</th>"
	       "<th class=\"n\">Disagree</th><th class=\"n\">Indeterminate</th><th class=\"n\">Agreement</th>"
	       "<th>Distribution</th></tr></thead>\n<tbody>\n",
	    id, heading);
	if (!n)
		lit(h, "<tr><td colspan=\"7\" class=\"none\">No items.</td></tr>\n");
	for (i = 0; i < n; i++) {
		lit(h, "<tr><td>");
		put_text(h, t[i].key);
		lit(h, "</td><td class=\"n\">");
		put_num(h, t[i].items);
		lit(h, "</td><td class=\"n\">");
		put_num(h, t[i].agree);
		lit(h, "</td><td class=\"n\">");
		put_num(h, t[i].disagree);
		lit(h, "</td><td class=\"n\">");
		put_num(h, t[i].indeterminate);
		lit(h, "</td><td class=\"n\">");
		put_pct(h, t[i].agree, agreement_base(&t[i]));
		lit(h, "</td><td>");
		mini_bar(h, &t[i]);
		lit(h, "</td></tr>\n");
	}
	lit(h, "</tbody>\n</table>\n");
}

/* ---- sections of charts ---- */

static void charts(html *h, const imr_audit_stats *st)
{
	lit(h, "<section id=\"agreement\">\n<h2>Agreement by procedure</h2>\n"
	       "<p class=\"note\">Each bar is one procedure class; its length is the number of items.</p>\n");
	chart_procedure(h, st);
	lit(h, "<details><summary>Agreement by procedure as a table</summary>\n");
	tally_table(h, "table-procedure", "Procedure", st->by_procedure, st->by_procedure_count);
	lit(h, "</details>\n</section>\n");

	lit(h, "<section id=\"confusion\">\n<h2>Reviewer decisions against predictions</h2>\n");
	chart_confusion(h, st);
	lit(h, "</section>\n");

	lit(h, "<section id=\"unmet\">\n<h2>Criteria most often unmet among upheld items</h2>\n"
	       "<p class=\"note\">Why denials were upheld, as the rules see it: the criteria not met or not "
	       "documented on items the reviewer upheld and a rule decided.</p>\n");
	chart_unmet(h, st);
	lit(h, "</section>\n");

	lit(h, "<section id=\"coverage\">\n<h2>Coverage</h2>\n<p class=\"note\">");
	put_num(h, st->governed);
	lit(h, " of ");
	put_num(h, st->items);
	fmt(h, " %s (", plural(st->items, "item", "items"));
	put_pct(h, st->governed, st->items);
	lit(h, ") are governed by a rule; ");
	put_num(h, st->ungoverned);
	lit(h, " are not, by service category below.</p>\n");
	chart_uncovered(h, st);
	lit(h, "<h3>Agreement by governing guideline</h3>\n");
	tally_table(h, "table-guideline", "Guideline", st->by_guideline, st->by_guideline_count);
	lit(h, "<h3>Agreement by reviewer specialty</h3>\n");
	tally_table(h, "table-specialty", "Specialty", st->by_specialty, st->by_specialty_count);
	tally_table(h, "table-strength", "Strength of the prediction", st->by_strength, st->by_strength_count);
	lit(h, "</section>\n");
}

/* ---- anchors ---- */

/* The ids links point at: a letter's section, an item's part of it, and
 * the item's row in the table of items. Letters are numbered by their
 * place among the inputs, which a merge keeps. */
static void letter_href(html *h, size_t letter)
{
	fmt(h, "#letter-%zu", letter);
}

static void item_href(html *h, size_t letter, size_t number)
{
	fmt(h, "#letter-%zu-item-%zu", letter, number);
}

/* ---- findings, failed letters ---- */

static const char *const FINDING_ID[4] = { "findings-discordance", "findings-rationale", "findings-citation",
					   "findings-inconsistency" };

/* " The same phrase makes it on items 3 and 5 too." after a finding
 * collapsed from several items. */
static void also_items(html *h, const imr_finding *f)
{
	size_t i;
	if (!f->also_count)
		return;
	lit(h, f->also_count == 1 ? " <span class=\"also\">The same phrase makes it on item "
				  : " <span class=\"also\">The same phrase makes it on items ");
	for (i = 0; i < f->also_count; i++) {
		lit(h, i == 0 ? "" : i + 1 == f->also_count ? " and " : ", ");
		put_num(h, f->also[i] + 1);
	}
	lit(h, " too.</span>");
}

/* A finding's row; @p letter is the number of its letter, @p l the letter
 * as far as it is known (its file, the item's number and service). */
static void finding_row(html *h, size_t letter, const imr_audit_letter *l, const imr_finding *f)
{
	const imr_audit_item *it = l && f->item < l->item_count ? &l->items[f->item] : NULL;
	lit(h, "<tr><td class=\"file\">");
	if (l && l->file) {
		lit(h, "<a href=\"");
		letter_href(h, letter);
		lit(h, "\">");
		put_text(h, l->file);
		lit(h, "</a>");
	} else {
		lit(h, "-");
	}
	lit(h, "</td><td class=\"n\">");
	if (it) {
		lit(h, "<a href=\"");
		item_href(h, letter, it->number);
		lit(h, "\">");
		put_num(h, it->number);
		lit(h, "</a>");
	} else {
		lit(h, "-");
	}
	lit(h, "</td><td>");
	put_text_or(h, it ? it->service : NULL, "-");
	lit(h, "</td><td><code>");
	put_text(h, f->code);
	lit(h, f->experimental ? "</code> (experimental)</td><td class=\"sev\">" : "</code></td><td class=\"sev\">");
	lit(h, imr_finding_severity_name(f->severity));
	lit(h, "</td><td>");
	put_text(h, f->message);
	also_items(h, f);
	lit(h, "</td><td class=\"ev\">");
	put_text(h, f->evidence);
	lit(h, "</td></tr>\n");
}

/* The page's spools: the rows of the letters' own findings by type (the
 * findings across letters come at the end), the failed letters, the
 * duplicates, the rows of the table of items and the letters' sections. */
enum { HTML_FAILED = 3, HTML_DUPLICATES = 4, HTML_ITEMS = 5, HTML_LETTERS = 6 };

static int spool_html(imr_audit_writer *w, int k, html *h)
{
	int err = h->err;
	if (!err)
		err = imr__spool_put(&w->spool[k], imr_buf_cstr(h->out), h->out->size);
	w->count[k]++;
	imr_buf_clear(h->out);
	return err;
}

/* ---- the table of items ---- */

static const char *agreement_name(int agrees)
{
	return agrees < 0 ? "indeterminate" : agrees ? "agree" : "disagree";
}

/* The codes of the findings of item @p k of @p l, separated by @p sep
 * (each put with @p before and @p after around it). */
static void item_codes(html *h, const imr_audit_letter *l, size_t k, const char *sep, const char *before,
		       const char *after)
{
	size_t i;
	int first = 1;
	for (i = 0; i < l->finding_count; i++) {
		if (!imr_finding_on_item(&l->findings[i], k))
			continue;
		if (!first)
			lit(h, sep);
		lit(h, before);
		put_text(h, l->findings[i].code);
		lit(h, after);
		first = 0;
	}
}

static const char ITEMS_HEAD[] =
	"<thead><tr><th data-key=\"file\">Letter</th><th class=\"n\" data-key=\"item\">Item</th>"
	"<th data-key=\"service\">Service</th><th data-key=\"category\">Category</th>"
	"<th data-key=\"decision\">Decision</th><th data-key=\"prediction\">Prediction</th>"
	"<th data-key=\"strength\">Strength</th><th data-key=\"agreement\">Agreement</th>"
	"<th data-key=\"rule\">Governing rule</th><th data-key=\"reasons\">Reviewer&#39;s reasons</th>"
	"<th data-key=\"findings\">Findings</th></tr></thead>\n";
#define ITEMS_COLUMNS 11

/* The last component of @p path. */
static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash && slash[1] ? slash + 1 : path;
}

/* One row of the table of items. Its data-* attributes are what the
 * script filters on; the cells are what it sorts and searches. */
static void item_row(html *h, const imr_audit_letter *l, size_t k)
{
	const imr_audit_item *it = &l->items[k];
	size_t i;
	fmt(h, "<tr id=\"item-%zu-%zu\" data-category=\"", l->index, it->number);
	put_text(h, it->category);
	fmt(h, "\" data-decision=\"%s\" data-prediction=\"%s\" data-strength=\"%s\" data-agreement=\"%s\" "
	       "data-findings=\"",
	    imr_outcome_name(it->actual), imr_outcome_name(it->predicted), imr_strength_name(it->strength),
	    agreement_name(it->agrees));
	item_codes(h, l, k, " ", "", "");
	lit(h, "\" data-reasons=\"");
	for (i = 0; i < it->reason_count; i++) {
		lit(h, i ? " " : "");
		put_text(h, it->reasons[i]);
	}
	/* the file's name, its whole path in the title and the letter's section */
	lit(h, "\"><td class=\"file\" title=\"");
	put_text(h, l->file);
	lit(h, "\"><a href=\"");
	letter_href(h, l->index);
	lit(h, "\">");
	put_text(h, base_name(l->file));
	lit(h, "</a></td><td class=\"n\"><a href=\"");
	item_href(h, l->index, it->number);
	lit(h, "\">");
	put_num(h, it->number);
	lit(h, "</a></td><td>");
	put_text_or(h, it->service, "-");
	lit(h, "</td><td>");
	put_text_or(h, it->category, "-");
	fmt(h, "</td><td>%s</td><td>%s</td><td data-sort=\"%d\">%s</td><td>%s</td><td>",
	    imr_outcome_name(it->actual), imr_outcome_name(it->predicted), (int)it->strength,
	    it->agrees < 0 ? "-" : imr_strength_name(it->strength), agreement_name(it->agrees));
	if (it->rule) {
		lit(h, "<code>");
		put_text(h, it->rule);
		lit(h, "</code>");
	} else {
		lit(h, "-");
	}
	lit(h, "</td><td>");
	for (i = 0; i < it->reason_count; i++) {
		lit(h, i ? " <code>" : "<code>");
		put_text(h, it->reasons[i]);
		lit(h, "</code>");
	}
	lit(h, "</td><td>");
	item_codes(h, l, k, " ", "<code>", "</code>");
	lit(h, "</td></tr>\n");
}

/* ---- a letter's section ---- */

static void fact(html *h, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	lit(h, "<dt>");
	lit(h, label);
	lit(h, "</dt><dd>");
	put_text(h, value);
	lit(h, "</dd>\n");
}

/* Text shown on demand: a disclosure with @p label, or a note that the
 * letter has none. */
static void on_demand(html *h, const char *label, const char *text, const char *none)
{
	if (!text || !*text) {
		fmt(h, "<p class=\"note\">%s</p>\n", none);
		return;
	}
	fmt(h, "<details><summary>%s</summary><div class=\"text\">", label);
	put_text(h, text);
	lit(h, "</div></details>\n");
}

static void finding_item(html *h, const imr_finding *f)
{
	lit(h, "<li><code>");
	put_text(h, f->code);
	lit(h, f->experimental ? "</code> (experimental, " : "</code> (");
	lit(h, imr_finding_severity_name(f->severity));
	lit(h, "): ");
	put_text(h, f->message);
	if (f->evidence && *f->evidence) {
		lit(h, " <span class=\"ev\">");
		put_text(h, f->evidence);
		lit(h, "</span>");
	}
	also_items(h, f);
	if (f->phrase_file) {
		lit(h, " <span class=\"ev\">The same phrase made this finding first in ");
		put_text(h, f->phrase_file);
		lit(h, ", item ");
		put_num(h, f->phrase_item + 1);
		lit(h, " (stock phrases).</span>");
	}
	lit(h, "</li>\n");
}

static void item_part(html *h, const imr_audit_letter *l, size_t k)
{
	const imr_audit_item *it = &l->items[k];
	size_t i;
	int any = 0;

	fmt(h, "<div class=\"item\" id=\"letter-%zu-item-%zu\">\n<h4>Item ", l->index, it->number);
	put_num(h, it->number);
	lit(h, ": ");
	put_text_or(h, it->service, "(no service named)");
	fmt(h, "</h4>\n<p>Reviewer&#39;s decision: <strong>%s</strong>. Prediction: <strong>%s</strong>",
	    imr_outcome_name(it->actual), imr_outcome_name(it->predicted));
	if (it->agrees >= 0) {
		fmt(h, " (%s)", imr_strength_name(it->strength));
		if (it->rule) {
			lit(h, " by <code>");
			put_text(h, it->rule);
			lit(h, "</code>");
		}
		fmt(h, "; they %s.", it->agrees ? "agree" : "disagree");
	} else {
		lit(h, ": ");
		put_text_or(h, it->reason, "no rule governs the service");
		lit(h, ".");
	}
	lit(h, " <a href=\"#item-");
	fmt(h, "%zu-%zu\">In the table of items</a></p>\n", l->index, it->number);
	if (it->unmet_count) {
		lit(h, "<p class=\"note\">Not met or not documented: ");
		for (i = 0; i < it->unmet_count; i++) {
			lit(h, i ? ", <code>" : "<code>");
			put_text(h, it->unmet[i]);
			lit(h, "</code>");
		}
		lit(h, "</p>\n");
	}
	for (i = 0; i < l->finding_count; i++) {
		if (!imr_finding_on_item(&l->findings[i], k))
			continue;
		if (!any)
			lit(h, "<ul class=\"item-findings\">\n");
		finding_item(h, &l->findings[i]);
		any = 1;
	}
	if (any)
		lit(h, "</ul>\n");
	on_demand(h, "Rationale", it->rationale, "The letter gives no rationale for this item.");
	lit(h, "</div>\n");
}

/* The section of a letter that was read: what it states of the case and
 * the reviewer, the case summary on demand, then each item. */
static int letter_section(html *h, const imr_audit_writer *w, const imr_audit_letter *l)
{
	imr_buf canon = IMR_BUF_INIT;
	size_t k;
	int err = imr__specialty_canonical(&canon, w->rules ? w->rules->specialties : NULL, l->specialty);

	fmt(h, "<section class=\"letter\" id=\"letter-%zu\" aria-labelledby=\"letter-%zu-h\">\n<h3 id=\"letter-%zu-h\">",
	    l->index, l->index, l->index);
	put_text(h, l->file);
	lit(h, "</h3>\n<dl class=\"facts\">\n");
	fact(h, "Case number", l->case_number);
	fact(h, "Decision date", l->decision_date);
	fact(h, "Request date", l->request_date);
	fact(h, "Reviewer&#39;s specialty", l->specialty);
	if (!err && canon.size && (!l->specialty || strcmp(canon.ptr, l->specialty) != 0))
		fact(h, "Counted as", canon.ptr);
	fact(h, "Reviewer&#39;s licensure", l->licensure);
	lit(h, "</dl>\n");
	on_demand(h, "Case summary", l->summary, "The letter has no case summary.");
	if (!l->item_count)
		lit(h, "<p class=\"note\">No disputed item was found in this letter.</p>\n");
	for (k = 0; k < l->item_count; k++)
		item_part(h, l, k);
	lit(h, "</section>\n");
	imr_buf_dispose(&canon);
	return err;
}

/* ---- finding rates by reviewer ---- */

typedef struct rate {
	char *key;
	size_t letters, items, findings, agree, disagree;
} rate;

typedef struct rates {
	rate *rows;
	size_t count, cap;
} rates;

struct imr__html_rates {
	rates by[2];      /* specialty, licensure */
	imr_buf key;
};

static int rate_by_key(const void *a, const void *b)
{
	return strcmp(((const rate *)a)->key, ((const rate *)b)->key);
}

/* The row of @p key, added in key order when new; NULL when out of memory. */
static rate *rate_row(rates *r, const char *key)
{
	size_t lo = 0, hi = r->count;
	void *grown = r->rows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, r->rows[mid].key);
		if (!c)
			return &r->rows[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (imr__grow(&grown, &r->cap, r->count + 1, sizeof(rate)) < 0)
		return NULL;
	r->rows = grown;
	memmove(&r->rows[lo + 1], &r->rows[lo], (r->count - lo) * sizeof(rate));
	memset(&r->rows[lo], 0, sizeof(rate));
	if (!(r->rows[lo].key = imr__strdup(key))) {
		memmove(&r->rows[lo], &r->rows[lo + 1], (r->count - lo) * sizeof(rate));
		return NULL;
	}
	r->count++;
	return &r->rows[lo];
}

/* Count letter @p l under its specialty (canonical names) and licensure
 * (as stated, its parts with case and white space folded). */
static int count_rates(imr_audit_writer *w, const imr_audit_letter *l)
{
	struct imr__html_rates *hr = w->rates;
	int b, err = 0;
	size_t k;
	if (!hr && !(hr = w->rates = imr__calloc(1, sizeof(*hr))))
		return IMR_ENOMEM;
	for (b = 0; b < 2 && !err; b++) {
		rate *r;
		err = imr__specialty_canonical(&hr->key, b == 0 && w->rules ? w->rules->specialties : NULL,
					       b == 0 ? l->specialty : l->licensure);
		if (err)
			break;
		if (!(r = rate_row(&hr->by[b], hr->key.size ? hr->key.ptr : "not stated")))
			return IMR_ENOMEM;
		r->letters++;
		r->items += l->item_count;
		r->findings += l->finding_count;
		for (k = 0; k < l->item_count; k++) {
			r->agree += l->items[k].agrees == 1;
			r->disagree += l->items[k].agrees == 0;
		}
	}
	return err;
}

void imr__html_writer_dispose(imr_audit_writer *w)
{
	struct imr__html_rates *hr = w->rates;
	size_t i;
	int b;
	if (!hr)
		return;
	for (b = 0; b < 2; b++) {
		for (i = 0; i < hr->by[b].count; i++)
			imr__free(hr->by[b].rows[i].key);
		imr__free(hr->by[b].rows);
	}
	imr_buf_dispose(&hr->key);
	imr__free(hr);
	w->rates = NULL;
}

static int rate_order(const void *a, const void *b)
{
	const rate *x = a, *y = b;
	if (x->items != y->items)
		return x->items > y->items ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* "12.5" findings per 100 items, or "-" without items. */
static void put_per_100(html *h, size_t findings, size_t items)
{
	unsigned long long t;
	if (!items) {
		lit(h, "-");
		return;
	}
	t = ((unsigned long long)findings * 2000u + items) / (2u * (unsigned long long)items);
	fmt(h, "%llu.%llu", t / 10, t % 10);
}

static void rates_table(html *h, const char *id, const char *heading, rates *r)
{
	size_t i;
	if (r->count) /* qsort() wants a non-null array even for no elements */
		qsort(r->rows, r->count, sizeof(rate), rate_order);
	fmt(h, "<table id=\"%s\">\n<thead><tr><th>%s</th><th class=\"n\">Letters</th><th class=\"n\">Items</th>"
	       "<th class=\"n\">Findings</th><th class=\"n\">Per 100 items</th><th class=\"n\">Agree</th>"
	       "<th class=\"n\">Disagree</th><th class=\"n\">Agreement</th></tr></thead>\n<tbody>\n",
	    id, heading);
	if (!r->count)
		lit(h, "<tr><td colspan=\"8\" class=\"none\">No letters were read.</td></tr>\n");
	for (i = 0; i < r->count; i++) {
		const rate *x = &r->rows[i];
		lit(h, "<tr><td>");
		put_text(h, x->key);
		lit(h, "</td><td class=\"n\">");
		put_num(h, x->letters);
		lit(h, "</td><td class=\"n\">");
		put_num(h, x->items);
		lit(h, "</td><td class=\"n\">");
		put_num(h, x->findings);
		lit(h, "</td><td class=\"n\">");
		put_per_100(h, x->findings, x->items);
		lit(h, "</td><td class=\"n\">");
		put_num(h, x->agree);
		lit(h, "</td><td class=\"n\">");
		put_num(h, x->disagree);
		lit(h, "</td><td class=\"n\">");
		put_pct(h, x->agree, x->agree + x->disagree);
		lit(h, "</td></tr>\n");
	}
	lit(h, "</tbody>\n</table>\n");
	if (r->count)
		qsort(r->rows, r->count, sizeof(rate), rate_by_key); /* back to key order */
}

static void rates_section(html *h, imr_audit_writer *w)
{
	static rates none;
	struct imr__html_rates *hr = w->rates;
	lit(h, "<section id=\"rates\">\n<h2>Findings by reviewer</h2>\n<p class=\"note\">The letters read, "
	       "their items and the findings on them (each letter&#39;s own; inconsistencies across letters are "
	       "not counted here), and the agreement of the predictions with the reviewers&#39; decisions, by "
	       "the reviewer&#39;s credentials as the letters state them. Specialties are counted under one "
	       "name each (rules/letter/specialties.yaml): &quot;Physical Medicine &amp; Rehabilitation&quot; "
	       "and &quot;Physical Medicine and Rehabilitation&quot; are one.</p>\n<h3>By specialty</h3>\n");
	rates_table(h, "rates-specialty", "Specialty", hr ? &hr->by[0] : &none);
	lit(h, "<h3>By licensure</h3>\n");
	rates_table(h, "rates-licensure", "Licensure", hr ? &hr->by[1] : &none);
	lit(h, "</section>\n");
}

/* ---- a letter's parts ---- */

int imr__html_writer_letter(imr_audit_writer *w, const imr_audit_letter *l)
{
	html h = { &w->scratch, 0 };
	size_t i;
	int err = 0;
	for (i = 0; i < l->finding_count && !err; i++) {
		const imr_finding *f = &l->findings[i];
		if ((unsigned)f->type >= IMR_FINDING_INCONSISTENCY || f->phrase_file)
			continue; /* across letters at the end; a stock phrase once */
		finding_row(&h, l->index, l, f);
		err = spool_html(w, (int)f->type, &h);
	}
	if (!err && l->failed) {
		lit(&h, "<tr><td class=\"file\">");
		put_text_or(&h, l->file, "-");
		lit(&h, "</td><td>");
		put_text_or(&h, l->error, "unknown reason");
		lit(&h, "</td></tr>\n");
		err = spool_html(w, HTML_FAILED, &h);
	}
	if (!err && l->duplicate_of) {
		lit(&h, "<tr><td class=\"file\">");
		put_text(&h, l->file);
		lit(&h, "</td><td class=\"file\">");
		put_text(&h, l->duplicate_of);
		lit(&h, "</td><td>");
		if (l->case_number) {
			lit(&h, "case number ");
			put_text(&h, l->case_number);
		} else {
			lit(&h, "the same text (no case number)");
		}
		lit(&h, "</td></tr>\n");
		err = spool_html(w, HTML_DUPLICATES, &h);
	}
	if (err || l->failed || l->duplicate_of)
		return err;
	for (i = 0; i < l->item_count && !err; i++) {
		item_row(&h, l, i);
		err = spool_html(w, HTML_ITEMS, &h);
	}
	if (!err)
		err = letter_section(&h, w, l);
	if (!err)
		err = spool_html(w, HTML_LETTERS, &h);
	if (!err)
		err = count_rates(w, l);
	return err;
}

/* What @p h holds so far, to the sink. */
static int flush_html(imr_audit_writer *w, html *h)
{
	int err = h->err ? h->err : imr__writer_emit(w, imr_buf_cstr(h->out), h->out->size);
	imr_buf_clear(h->out);
	return err;
}

static int spool_out(void *ctx, const char *data, size_t len)
{
	return imr__writer_emit(ctx, data, len);
}

/* The phrases that made the same finding in several letters: each finding
 * of theirs is in the tables above once, under its first letter. */
static void stock_phrases(html *h, const imr_audit_stats *st)
{
	size_t i;
	lit(h, "<h3 id=\"stock-phrases-heading\">Stock phrases (");
	put_num(h, st->by_phrase_count);
	lit(h, ")</h3>\n<p class=\"note\">A phrase pasted into several letters makes the same finding in each. "
	       "The tables above list it once, under the first letter; ");
	put_num(h, st->phrase_repeats);
	fmt(h, " %s in later letters are counted here, and shown in their letters&#39; sections.</p>\n",
	    plural(st->phrase_repeats, "finding", "findings"));
	lit(h, "<table id=\"stock-phrases\" class=\"findings\" aria-labelledby=\"stock-phrases-heading\">\n"
	       "<thead><tr><th>Code</th><th class=\"n\">Letters</th><th class=\"n\">Items</th><th>First letter</th>"
	       "<th>Message</th><th>Phrase</th></tr></thead>\n<tbody>\n");
	if (!st->by_phrase_count)
		lit(h, "<tr><td colspan=\"6\" class=\"none\">No phrase made a finding in more than one letter.</td></tr>\n");
	for (i = 0; i < st->by_phrase_count; i++) {
		const imr_phrase_group *g = &st->by_phrase[i];
		lit(h, "<tr><td><code>");
		put_text(h, g->code);
		lit(h, "</code></td><td class=\"n\">");
		put_num(h, g->letters);
		lit(h, "</td><td class=\"n\">");
		put_num(h, g->items);
		lit(h, "</td><td class=\"file\"><a href=\"");
		item_href(h, g->first_letter, g->first_item + 1);
		lit(h, "\">");
		put_text(h, g->first_file);
		lit(h, "</a>, item ");
		put_num(h, g->first_item + 1);
		lit(h, "</td><td>");
		put_text(h, g->message);
		lit(h, "</td><td class=\"ev\">");
		put_text(h, g->phrase);
		lit(h, "</td></tr>\n");
	}
	lit(h, "</tbody>\n</table>\n");
}

/* What each entry of the mute files left out, 0 too: an entry that mutes
 * nothing any more is seen and can go. */
static void muted_table(html *h, const imr_audit_stats *st)
{
	size_t i;
	lit(h, "<h3 id=\"muted-heading\">Muted (");
	put_num(h, st->muted);
	fmt(h, " %s)</h3>\n<p class=\"note\">Findings the mute files leave out, by entry; they are in no table "
	       "or count above.</p>\n",
	    plural(st->muted, "finding", "findings"));
	lit(h, "<table id=\"muted\" aria-labelledby=\"muted-heading\">\n<thead><tr><th>Entry</th><th>Where</th>"
	       "<th>Why</th><th class=\"n\">Muted</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < st->by_mute_count; i++) {
		const imr_mute_entry *e = st->by_mute[i].entry;
		lit(h, "<tr><td>");
		put_text_or(h, e->id, "-");
		lit(h, "</td><td class=\"file\">");
		put_text(h, e->file);
		fmt(h, ":%u</td><td>", e->line);
		put_text_or(h, e->why, "-");
		lit(h, "</td><td class=\"n\">");
		put_num(h, st->by_mute[i].count);
		lit(h, "</td></tr>\n");
	}
	lit(h, "</tbody>\n</table>\n");
}

static int findings(imr_audit_writer *w, html *h, const imr_audit *audit, const imr_audit_stats *st)
{
	size_t i, n = 0;
	unsigned t;
	int err = 0;

	for (t = 0; t < 4; t++)
		n += st->findings_by_type[t];
	lit(h, "<section id=\"findings\">\n<h2>Findings</h2>\n<p class=\"note\">");
	put_num(h, n);
	fmt(h, " %s: where a reviewer&#39;s decision differs from the prediction, where the rationale is "
	       "contradicted by or missing from the case summary, where a citation does not fit the service, and "
	       "where items alike were decided differently across letters.</p>\n",
	    plural(n, "finding", "findings"));
	for (t = 0; t < 4 && !err; t++) {
		size_t count = st->findings_by_type[t];
		fmt(h, "<h3 id=\"%s-heading\">", FINDING_ID[t]);
		put_text(h, imr_finding_type_name((imr_finding_type)t));
		lit(h, " (");
		put_num(h, count);
		fmt(h, ")</h3>\n<table id=\"%s\" class=\"findings\" aria-labelledby=\"%s-heading\">\n"
		       "<thead><tr><th>Letter</th><th class=\"n\">Item</th><th>Service</th><th>Code</th><th>Severity</th>"
		       "<th>Message</th><th>Evidence</th></tr></thead>\n<tbody>\n",
		    FINDING_ID[t], FINDING_ID[t]);
		if (!count)
			lit(h, "<tr><td colspan=\"7\" class=\"none\">No findings of this type.</td></tr>\n");
		if (t < IMR_FINDING_INCONSISTENCY) {
			err = flush_html(w, h);
			if (!err)
				err = imr__spool_copy(&w->spool[t], spool_out, w);
		}
		for (i = 0; t == IMR_FINDING_INCONSISTENCY && i < imr_audit_finding_count(audit) && !h->err; i++) {
			const imr_finding *f = imr_audit_finding_get(audit, i);
			if (f->type == IMR_FINDING_INCONSISTENCY)
				finding_row(h, f->letter, imr_audit_letter_get(audit, f->letter), f);
		}
		lit(h, "</tbody>\n</table>\n");
	}
	if (!err)
		stock_phrases(h, st);
	if (!err && st->by_mute_count)
		muted_table(h, st);
	lit(h, "</section>\n");
	return err;
}

static int failed_letters(imr_audit_writer *w, html *h, const imr_audit_stats *st)
{
	int err;
	lit(h, "<section id=\"failed\">\n<h2>Letters that could not be read (");
	put_num(h, st->failed);
	lit(h, ")</h2>\n<table id=\"failed-letters\">\n<thead><tr><th>Letter</th><th>Reason</th></tr></thead>\n"
	       "<tbody>\n");
	if (!st->failed)
		lit(h, "<tr><td colspan=\"2\" class=\"none\">Every letter was read.</td></tr>\n");
	err = flush_html(w, h);
	if (!err)
		err = imr__spool_copy(&w->spool[HTML_FAILED], spool_out, w);
	lit(h, "</tbody>\n</table>\n</section>\n");
	return err;
}

/* Letters that repeat a case given before: counted once, under the first. */
static int duplicate_letters(imr_audit_writer *w, html *h, const imr_audit_stats *st)
{
	int err;
	lit(h, "<section id=\"duplicates\">\n<h2>Letters that repeat a case given before (");
	put_num(h, st->duplicates);
	lit(h, ")</h2>\n<p class=\"note\">Each case is counted once, under its first letter in input order.</p>\n"
	       "<table id=\"duplicate-letters\">\n<thead><tr><th>Letter</th><th>Same case as</th><th>Told by</th>"
	       "</tr></thead>\n<tbody>\n");
	if (!st->duplicates)
		lit(h, "<tr><td colspan=\"3\" class=\"none\">No case was given twice.</td></tr>\n");
	err = flush_html(w, h);
	if (!err)
		err = imr__spool_copy(&w->spool[HTML_DUPLICATES], spool_out, w);
	lit(h, "</tbody>\n</table>\n</section>\n");
	return err;
}

/* Every item, one row each, with the filters the script adds. */
static int items_section(imr_audit_writer *w, html *h, const imr_audit_stats *st)
{
	int err;
	lit(h, "<section id=\"all-items\">\n<h2>Items (");
	put_num(h, st->items);
	lit(h, ")</h2>\n<p class=\"note\">Every disputed item of the letters read. With scripts on, the filters "
	       "above the table narrow it (by category, decision, prediction, strength, agreement, finding code "
	       "and any text of the row) and a click on a column heading sorts it; the view is kept in the "
	       "address (<code>#category=imaging&amp;finding=%2B&amp;sort=-file</code>), so it can be "
	       "bookmarked. The letter and the item number lead to the letter&#39;s section, with its case "
	       "summary and the item&#39;s rationale.</p>\n<div class=\"scroll\">\n<table id=\"items\" class=\"items\">\n");
	lit(h, ITEMS_HEAD);
	lit(h, "<tbody>\n");
	if (!w->count[HTML_ITEMS])
		fmt(h, "<tr><td colspan=\"%d\" class=\"none\">No items.</td></tr>\n", ITEMS_COLUMNS);
	err = flush_html(w, h);
	if (!err)
		err = imr__spool_copy(&w->spool[HTML_ITEMS], spool_out, w);
	lit(h, "</tbody>\n</table>\n</div>\n</section>\n");
	return err;
}

/* Each letter read: its facts, case summary, items, rationales and findings. */
static int letters_section(imr_audit_writer *w, html *h)
{
	int err;
	lit(h, "<section id=\"letters\">\n<h2>Letters (");
	put_num(h, w->count[HTML_LETTERS]);
	lit(h, ")</h2>\n<p class=\"note\">Each letter read, in input order: the case and the reviewer as the "
	       "letter states them, the case summary and each item&#39;s rationale (open them to read), the "
	       "criteria the rules found not met or not documented, and the findings.</p>\n");
	if (!w->count[HTML_LETTERS])
		lit(h, "<p class=\"note\">No letter was read.</p>\n");
	err = flush_html(w, h);
	if (!err)
		err = imr__spool_copy(&w->spool[HTML_LETTERS], spool_out, w);
	lit(h, "</section>\n");
	return err;
}

/* ---- public API ---- */

int imr__html_writer_finish(imr_audit_writer *w, const imr_audit *audit)
{
	html h = { &w->scratch, 0 };
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	size_t t, n = 0;
	int err;

	for (t = 0; t < 4; t++)
		n += st->findings_by_type[t];
	page_head(&h, w->opts, w->rules);
	summary(&h, st, n);
	charts(&h, st);
	rates_section(&h, w);
	err = items_section(w, &h, st);
	if (!err)
		err = findings(w, &h, audit, st);
	if (!err)
		err = letters_section(w, &h);
	if (!err)
		err = failed_letters(w, &h, st);
	if (!err)
		err = duplicate_letters(w, &h, st);
	if (!err) {
		page_foot(&h, w->rules);
		err = flush_html(w, &h);
	}
	return err;
}

int imr_report_audit_html(imr_buf *out, const imr_rules *rules, const imr_audit *audit,
			  const imr_report_options *opts)
{
	return imr__report_audit_whole(out, IMR_AUDIT_FORMAT_HTML, rules, audit, opts);
}
