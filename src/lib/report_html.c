/* report_html.c - the audit report as one self-contained HTML page.
 *
 * Reads a finished imr_audit (statistics, findings, failed letters) and
 * appends a page to an imr_buf: a summary, four charts drawn as inline SVG,
 * tables of agreement by guideline and specialty, one table of findings per
 * finding type and the letters that could not be read. The page needs
 * nothing outside itself (CSS inline, no scripts, fonts or images).
 *
 * Invariants:
 * - The page is well-formed XML as well as HTML5: every element is closed,
 *   every attribute quoted, and the only entities are &amp; &lt; &gt;
 *   &quot; and &#39;. Text that did not come from a literal in this file
 *   goes through put_text(), which escapes those five characters and
 *   replaces what XML forbids (invalid UTF-8, control characters,
 *   surrogates, noncharacters) with U+FFFD; fmt() is for numbers and
 *   literals only.
 * - The bytes depend only on the audit, the rules' digest and opts->input:
 *   no clock, and no floating point through printf (whose decimal point
 *   follows the locale); percentages and coordinates are integer
 *   arithmetic, rounded half up.
 * - Charts and tally tables have one row per tally of the statistics;
 *   the findings and failed-letter tables are a pass over their lists per
 *   table. The work is linear in the size of the audit.
 * - Write errors are sticky in the writer; on failure the buffer is cut
 *   back to where it was. */
#include "imrcheck/report_audit.h"

#include "audit_writer.h"

#include <stdarg.h>
#include <stdint.h>
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
	"main{max-width:1120px;margin:0 auto;padding:20px 24px 40px}\n"
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
	"@media print{body{background:#fff}section{border:0;padding:0}nav{display:none}"
	"tr,svg{break-inside:avoid}}\n";

static void page_head(html *h, const imr_report_options *opts)
{
	const char *input = opts ? opts->input : NULL;
	lit(h, "<!DOCTYPE html>\n"
	       "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	       "<head>\n"
	       "<meta charset=\"utf-8\"/>\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	       "<meta name=\"generator\" content=\"imrcheck ");
	put_text(h, imr_version());
	lit(h, "\"/>\n<title>IMR audit report");
	if (input && *input) {
		lit(h, ": ");
		put_text(h, input);
	}
	lit(h, "</title>\n<style>\n");
	lit(h, CSS);
	lit(h, "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>IMR audit report</h1>\n");
	if (input && *input) {
		lit(h, "<p class=\"meta\">Corpus: <code>");
		put_text(h, input);
		lit(h, "</code></p>\n");
	}
	lit(h, "<p class=\"meta\">Independent Medical Review determination letters compared with the "
	       "outcomes the rules predict.</p>\n</header>\n"
	       "<nav><a href=\"#summary\">Summary</a><a href=\"#agreement\">Agreement by procedure</a>"
	       "<a href=\"#confusion\">Decisions and predictions</a><a href=\"#unmet\">Unmet criteria</a>"
	       "<a href=\"#coverage\">Coverage</a><a href=\"#findings\">Findings</a>"
	       "<a href=\"#failed\">Failed letters</a><a href=\"#duplicates\">Duplicates</a></nav>\n");
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
	       "indeterminate predictions are never guessed.</footer>\n</main>\n</body>\n</html>\n");
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

/* ---- findings and failed letters ---- */

static const char *const FINDING_ID[4] = { "findings-discordance", "findings-rationale", "findings-citation",
					   "findings-inconsistency" };

static void finding_row(html *h, const imr_audit_letter *l, const imr_finding *f)
{
	const imr_audit_item *it = l && f->item < l->item_count ? &l->items[f->item] : NULL;
	lit(h, "<tr><td class=\"file\">");
	put_text_or(h, l ? l->file : NULL, "-");
	lit(h, "</td><td class=\"n\">");
	if (it)
		put_num(h, it->number);
	else
		lit(h, "-");
	lit(h, "</td><td>");
	put_text_or(h, it ? it->service : NULL, "-");
	lit(h, "</td><td><code>");
	put_text(h, f->code);
	lit(h, f->experimental ? "</code> (experimental)</td><td class=\"sev\">" : "</code></td><td class=\"sev\">");
	lit(h, imr_finding_severity_name(f->severity));
	lit(h, "</td><td>");
	put_text(h, f->message);
	lit(h, "</td><td class=\"ev\">");
	put_text(h, f->evidence);
	lit(h, "</td></tr>\n");
}

/* The page's spools: the rows of the letters' own findings by type (the
 * findings across letters come at the end), then the failed letters. */
enum { HTML_FAILED = 3, HTML_DUPLICATES = 4 };

static int spool_html(imr_audit_writer *w, int k, html *h)
{
	int err = h->err;
	if (!err)
		err = imr__spool_put(&w->spool[k], imr_buf_cstr(h->out), h->out->size);
	w->count[k]++;
	imr_buf_clear(h->out);
	return err;
}

int imr__html_writer_letter(imr_audit_writer *w, const imr_audit_letter *l)
{
	html h = { &w->scratch, 0 };
	size_t i;
	int err = 0;
	for (i = 0; i < l->finding_count && !err; i++) {
		const imr_finding *f = &l->findings[i];
		if ((unsigned)f->type >= IMR_FINDING_INCONSISTENCY)
			continue;
		finding_row(&h, l, f);
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
				finding_row(h, imr_audit_letter_get(audit, f->letter), f);
		}
		lit(h, "</tbody>\n</table>\n");
	}
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

/* ---- public API ---- */

int imr__html_writer_finish(imr_audit_writer *w, const imr_audit *audit)
{
	html h = { &w->scratch, 0 };
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	size_t t, n = 0;
	int err;

	for (t = 0; t < 4; t++)
		n += st->findings_by_type[t];
	page_head(&h, w->opts);
	summary(&h, st, n);
	charts(&h, st);
	err = findings(w, &h, audit, st);
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
