/* test_report_html.c - the audit report as HTML (report_html.c).
 *
 * One audit over the seed and layout letters plus a temporary directory
 * (an empty file, a binary file with a hostile name, and a letter whose
 * service line is markup) is rendered once; the page must be well-formed
 * XML to libxml2's strict parser, hold the charts and tables by id, the
 * table of every item with what its filters read, a section per letter
 * with the case summary and rationales, the run's inputs, date and rule
 * set, and show hostile text as text. The script that filters and sorts
 * is checked in a browser (tests/cli/run_html_browser.sh). Set
 * IMR_TEST_HTML_OUT=FILE to keep the page for a look in a browser. */
#include "test.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/report_audit.h"

#define SEED_SERVICE_LINE "OUTPATIENT BILATERAL SACROILIAC JOINT INJECTIONS:  Upheld"
#define HOSTILE_SERVICE "OUTPATIENT <script>alert(\"x\")</script> & 'SI' JOINT INJECTIONS"
#define SEED_CA_CITATION                                                                   \
	"Claims Administrator guideline: Decision based on MTUS ACOEM Chapter 12 Low Back \n\n" \
	"Complaints Page(s): 300."
#define HOSTILE_CA_CITATION                                                                        \
	"Claims Administrator guideline: Decision based on Non-MTUS Official Disability Guidelines \n\n" \
	"(ODG), Hip & Pelvis Chapter \xC2\x85 \xEF\xBF\xBE, Sacroiliac joint blocks."
/* a file name with markup, quotes, a control character, a byte that is not
 * UTF-8, a C1 control (U+0085) and a noncharacter (U+FFFE): shown in the
 * failed-letter table as every report shows file names, each byte of the
 * last four as \xHH (docs/audit.md, "File names"), the markup escaped */
#define HOSTILE_NAME "binary <b>&\"'\x01\xff\xC2\x85\xEF\xBF\xBE.txt"
#define SHOWN_NAME "binary <b>&\"'\\x01\\xFF\\xC2\\x85\\xEF\\xBF\\xBE.txt"
#define RUN_DATE "2026-12-05 10:38:46 UTC"
#define CORPUS "seeds & layouts <corpus>"

typedef struct fixture {
	imr_rules *rules;
	imr_audit *audit;
	imr_buf page;
	xmlDocPtr doc;
	xmlXPathContextPtr xpath;
	char dir[512];
	char errors[2048];
	int nerrors;
} fixture;

static fixture fx;

/* ---- helpers ---- */

static void xml_error(void *ctx, const char *msg, ...)
{
	fixture *f = ctx;
	size_t used = strlen(f->errors);
	va_list ap;
	f->nerrors++;
	va_start(ap, msg);
	vsnprintf(f->errors + used, sizeof(f->errors) - used, msg, ap);
	va_end(ap);
}

static void write_bytes(const char *name, const char *data, size_t len)
{
	char path[1024];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", fx.dir, name);
	fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s", path);
	if (len)
		assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

/* @p text with the first @p from replaced by @p to; the caller frees. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t head, len;
	char *out;
	if (!at)
		fail_msg("the seed letter has no '%s'", from);
	head = (size_t)(at - text);
	len = strlen(text) - strlen(from) + strlen(to);
	out = malloc(len + 1);
	assert_non_null(out);
	memcpy(out, text, head);
	strcpy(out + head, to);
	strcat(out, at + strlen(from));
	return out;
}

/* The seed letter 001 with its service line turned into markup, and the
 * claims administrator citing another guideline than the reviewer, so the
 * item has a finding (citation-guidelines-differ) that shows the service.
 * The citation carries a C1 control (U+0085) and a noncharacter (U+FFFE),
 * which XML does not allow in a document. */
static void write_hostile_letter(void)
{
	char *seed = imr_test_read_file(imr_test_fixture("letters/seeds/001_761f33d4263bd4f6.txt"), NULL);
	char *a = replace(seed, SEED_SERVICE_LINE, HOSTILE_SERVICE ":  Upheld");
	char *b = replace(a, SEED_CA_CITATION, HOSTILE_CA_CITATION);
	write_bytes("hostile.txt", b, strlen(b));
	free(b);
	free(a);
	free(seed);
}

static int run_audit(imr_audit **out, unsigned jobs)
{
	char seeds[1024], layouts[1024], phrases[1024];
	const char *paths[4];
	imr_audit_inputs *inputs = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	int err;

	snprintf(seeds, sizeof(seeds), "%s", imr_test_fixture("letters/seeds"));
	snprintf(layouts, sizeof(layouts), "%s", imr_test_fixture("letters/layouts"));
	paths[0] = seeds;
	paths[1] = layouts;
	/* one reviewer's line pasted under three items of two letters */
	snprintf(phrases, sizeof(phrases), "%s", imr_test_fixture("letters/audit-phrases"));
	paths[2] = phrases;
	paths[3] = fx.dir;
	err = imr_audit_collect(&inputs, paths, 4, NULL);
	if (err)
		return err;
	opts.jobs = jobs;
	/* the page shows the experimental codes too, marked, when asked */
	opts.all_findings = 1;
	err = imr_audit_run(out, fx.rules, inputs, &opts);
	imr_audit_inputs_free(inputs);
	return err;
}

static xmlXPathObjectPtr query(const char *expr)
{
	xmlXPathObjectPtr obj = xmlXPathEvalExpression((const xmlChar *)expr, fx.xpath);
	if (!obj)
		fail_msg("bad XPath %s", expr);
	return obj;
}

static int count(const char *expr)
{
	xmlXPathObjectPtr obj = query(expr);
	int n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(obj);
	return n;
}

/* The text content of the first node matching @p expr; the caller frees. */
static char *text_of(const char *expr)
{
	xmlXPathObjectPtr obj = query(expr);
	char *text;
	if (!obj->nodesetval || !obj->nodesetval->nodeNr)
		fail_msg("nothing matches %s", expr);
	text = (char *)xmlNodeGetContent(obj->nodesetval->nodeTab[0]);
	xmlXPathFreeObject(obj);
	return text;
}

/* Whether some node matching @p expr has exactly the text @p want. */
static int has_text(const char *expr, const char *want)
{
	xmlXPathObjectPtr obj = query(expr);
	int i, found = 0;
	for (i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr && !found; i++) {
		xmlChar *text = xmlNodeGetContent(obj->nodesetval->nodeTab[i]);
		found = text && strcmp((const char *)text, want) == 0;
		xmlFree(text);
	}
	xmlXPathFreeObject(obj);
	return found;
}

/* Whether some node matching @p expr has a text containing @p want. */
static int contains_text(const char *expr, const char *want)
{
	xmlXPathObjectPtr obj = query(expr);
	int i, found = 0;
	for (i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr && !found; i++) {
		xmlChar *text = xmlNodeGetContent(obj->nodesetval->nodeTab[i]);
		found = text && strstr((const char *)text, want) != NULL;
		xmlFree(text);
	}
	xmlXPathFreeObject(obj);
	return found;
}

static void remove_temp(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", fx.dir, name);
	remove(path);
}

/* ---- setup ---- */

static int group_setup(void **state)
{
	static const char binary[] = { 0x00, 0x01, (char)0xff, (char)0xfe, 'P', 'K', 0x03, 0x04, 0x00, 0x7f };
	imr_diags diags;
	xmlParserCtxtPtr ctxt;
	const char *marker;

	(void)state;
	memset(&fx, 0, sizeof(fx));
	imr_diags_init(&diags);
	if (imr_rules_load_dir(&fx.rules, imr_test_rules_dir(), NULL, &diags) != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("cannot load the shipped rules");
	}
	imr_diags_dispose(&diags);

	/* a temporary directory beside the helper's own temporary files */
	marker = imr_test_write_temp("empty.txt", "");
	snprintf(fx.dir, sizeof(fx.dir), "%s", marker);
	*strrchr(fx.dir, '/') = '\0';
	write_bytes(HOSTILE_NAME, binary, sizeof(binary));
	write_hostile_letter();

	assert_int_equal(run_audit(&fx.audit, 2), IMR_OK);
	imr_buf_init(&fx.page);
	{
		imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
		opts.input = CORPUS;
		opts.run_date = RUN_DATE;
		assert_int_equal(imr_report_audit_html(&fx.page, fx.rules, fx.audit, &opts), IMR_OK);
	}
	if (getenv("IMR_TEST_HTML_OUT")) {
		FILE *fp = fopen(getenv("IMR_TEST_HTML_OUT"), "wb");
		if (fp) {
			fwrite(fx.page.ptr, 1, fx.page.size, fp);
			fclose(fp);
		}
	}

	/* strict: no recovery, no network, errors and warnings counted */
	xmlSetGenericErrorFunc(&fx, xml_error);
	ctxt = xmlNewParserCtxt();
	assert_non_null(ctxt);
	fx.doc = xmlCtxtReadMemory(ctxt, fx.page.ptr, (int)fx.page.size, "audit.html", NULL, XML_PARSE_NONET);
	if (!fx.doc || !ctxt->wellFormed || fx.nerrors)
		fail_msg("the page is not well-formed XML: %s", fx.errors);
	xmlFreeParserCtxt(ctxt);
	fx.xpath = xmlXPathNewContext(fx.doc);
	assert_non_null(fx.xpath);
	xmlXPathRegisterNs(fx.xpath, (const xmlChar *)"h", (const xmlChar *)"http://www.w3.org/1999/xhtml");
	xmlXPathRegisterNs(fx.xpath, (const xmlChar *)"s", (const xmlChar *)"http://www.w3.org/2000/svg");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	xmlXPathFreeContext(fx.xpath);
	xmlFreeDoc(fx.doc);
	xmlCleanupParser();
	imr_buf_dispose(&fx.page);
	imr_audit_free(fx.audit);
	imr_rules_free(fx.rules);
	remove_temp("empty.txt");
	remove_temp("hostile.txt");
	remove_temp(HOSTILE_NAME);
	remove(fx.dir);
	return 0;
}

/* ---- tests ---- */

static void test_well_formed_xhtml(void **state)
{
	xmlNodePtr root = xmlDocGetRootElement(fx.doc);
	(void)state;
	assert_int_equal(fx.nerrors, 0);
	assert_non_null(root);
	assert_string_equal((const char *)root->name, "html");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href, "http://www.w3.org/1999/xhtml");
	assert_true(strncmp(fx.page.ptr, "<!DOCTYPE html>\n", 16) == 0);
	assert_int_equal(count("/h:html/h:head/h:meta[@charset='utf-8']"), 1);
	assert_int_equal(count("/h:html/h:head/h:style"), 1);
	/* self-contained: one inline script (the filters), no external resources */
	assert_int_equal(count("//*[local-name()='link' or local-name()='img' or local-name()='iframe' "
			       "or local-name()='object']"),
			 0);
	assert_int_equal(count("//*[local-name()='script']"), 1);
	assert_int_equal(count("/h:html/h:body/h:script[not(@src)]"), 1);
	assert_int_equal(count("//@src | //@*[local-name()='href' and not(starts-with(., '#'))]"), 0);
	assert_null(strstr(fx.page.ptr, "url("));
	/* ids are unique, so fragment links and aria-labelledby work */
	assert_int_equal(count("//*[@id = preceding::*/@id or @id = ancestor::*/@id]"), 0);
	assert_int_equal(count("//*[@href]"), count("//*[@href][//*/@id = substring(@href, 2)]"));
	assert_non_null(strstr(fx.page.ptr, "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">"));
}

static void test_charts(void **state)
{
	(void)state;
	assert_true(count("//s:svg") >= 3);
	assert_int_equal(count("//s:svg[@id='chart-procedure']"), 1);
	assert_int_equal(count("//s:svg[@id='chart-confusion']"), 1);
	assert_int_equal(count("//s:svg[@id='chart-unmet']"), 1);
	assert_int_equal(count("//s:svg[@id='chart-uncovered']"), 1);
	/* accessible: every svg has a title, and every chart a fixed width */
	assert_int_equal(count("//s:svg[not(s:title)]"), 0);
	assert_int_equal(count("//s:svg[@class='chart' and @width!='720']"), 0);
	/* the confusion matrix: six cells, each with its count */
	assert_int_equal(count("//s:svg[@id='chart-confusion']//s:rect[@class='cell']"), 6);
	assert_int_equal(count("//s:svg[@id='chart-confusion']/s:g[s:title]"), 6);
	/* one row per procedure class, each titled */
	assert_int_equal(count("//s:svg[@id='chart-procedure']/s:g[s:title]"),
			 (int)imr_audit_get_stats(fx.audit)->by_procedure_count);
	assert_true(imr_audit_get_stats(fx.audit)->by_procedure_count > 0);
	assert_int_equal(count("//s:svg[@id='chart-unmet']/s:g[s:title]"),
			 (int)imr_audit_get_stats(fx.audit)->top_unmet_count);
}

static void test_confusion_counts(void **state)
{
	const imr_audit_stats *st = imr_audit_get_stats(fx.audit);
	char want[32], *got;
	(void)state;
	/* the first cell is reviewer upheld, predicted upheld: confusion[0][1] */
	got = text_of("(//s:svg[@id='chart-confusion']/s:g)[1]/s:text[1]");
	snprintf(want, sizeof(want), "%zu", st->confusion[0][1]);
	assert_string_equal(got, want);
	xmlFree(got);
	got = text_of("(//s:svg[@id='chart-confusion']/s:g)[6]/s:text[1]");
	snprintf(want, sizeof(want), "%zu", st->confusion[1][2]);
	assert_string_equal(got, want);
	xmlFree(got);
}

static void test_summary(void **state)
{
	const imr_audit_stats *st = imr_audit_get_stats(fx.audit);
	char want[32], *got;
	(void)state;
	got = text_of("//h:section[@id='summary']//h:dt[.='Letters']/following-sibling::h:dd[1]");
	snprintf(want, sizeof(want), "%zu", st->letters);
	assert_string_equal(got, want);
	xmlFree(got);
	got = text_of("//h:section[@id='summary']//h:dt[.='Failed']/following-sibling::h:dd[1]");
	snprintf(want, sizeof(want), "%zu", st->failed);
	assert_string_equal(got, want);
	xmlFree(got);
	got = text_of("//h:section[@id='summary']//h:dt[.='Items']/following-sibling::h:dd[1]");
	snprintf(want, sizeof(want), "%zu", st->items);
	assert_string_equal(got, want);
	xmlFree(got);
	/* a percentage with one decimal */
	got = text_of("//h:section[@id='summary']//h:dt[.='Agreement']/following-sibling::h:dd[1]");
	assert_true(strlen(got) >= 4 && strchr(got, '.') && got[strlen(got) - 1] == '%' &&
		    strchr(got, '.')[2] == '%');
	xmlFree(got);
}

static void test_findings_tables(void **state)
{
	static const char *const ids[4] = { "findings-discordance", "findings-rationale", "findings-citation",
					    "findings-inconsistency" };
	size_t total = imr_audit_finding_count(fx.audit);
	char expr[256];
	int i, rows = 0;
	(void)state;
	assert_true(total > 0);
	for (i = 0; i < 4; i++) {
		snprintf(expr, sizeof(expr), "//h:section[@id='findings']//h:table[@id='%s']", ids[i]);
		assert_int_equal(count(expr), 1);
		snprintf(expr, sizeof(expr), "//h:table[@id='%s']/h:thead/h:tr/h:th", ids[i]);
		assert_int_equal(count(expr), 7);
		snprintf(expr, sizeof(expr), "//h:table[@id='%s']/h:tbody/h:tr[count(h:td)=7]", ids[i]);
		rows += count(expr);
	}
	/* every finding is one row, in the table of its type, but for those
	 * repeating the phrase of an earlier letter's finding, which the table
	 * of stock phrases counts */
	assert_true(imr_audit_get_stats(fx.audit)->phrase_repeats > 0);
	assert_int_equal(rows, (int)(total - imr_audit_get_stats(fx.audit)->phrase_repeats));
	assert_int_equal(count("//h:section[@id='findings']//h:table[@id='stock-phrases']/h:tbody/h:tr[count(h:td)=6]"),
			 (int)imr_audit_get_stats(fx.audit)->by_phrase_count);
	assert_true(contains_text("//h:table[@id='stock-phrases']/h:tbody/h:tr[1]/h:td[6]",
				  "health information page"));
	/* a finding collapsed from two items of its letter says so */
	assert_true(count("//h:table[@id='findings-citation']//h:span[@class='also']"
			  "[.='The same phrase makes it on item 2 too.']") >= 1);
	snprintf(expr, sizeof(expr), "//h:table[@id='findings-discordance']/h:tbody/h:tr[count(h:td)=7]");
	assert_int_equal(count(expr), (int)imr_audit_get_stats(fx.audit)->findings_by_type[IMR_FINDING_DISCORDANCE]);
	/* every row names its severity */
	snprintf(expr, sizeof(expr), "//h:table[starts-with(@id,'findings-')]/h:tbody/h:tr/h:td[@class='sev']"
		 "[.='low' or .='medium' or .='high']");
	assert_int_equal(count(expr), (int)(total - imr_audit_get_stats(fx.audit)->phrase_repeats));
	assert_int_equal(count("//h:table[@id='table-guideline']"), 1);
	assert_int_equal(count("//h:table[@id='table-specialty']"), 1);
}

static void test_failed_letters(void **state)
{
	const imr_audit_stats *st = imr_audit_get_stats(fx.audit);
	char name[1024];
	(void)state;
	assert_true(st->failed >= 2);
	assert_int_equal(count("//h:table[@id='failed-letters']/h:tbody/h:tr[count(h:td)=2]"), (int)st->failed);
	snprintf(name, sizeof(name), "%s/empty.txt", fx.dir);
	assert_true(has_text("//h:table[@id='failed-letters']//h:td", name));
	/* the control characters, the stray byte and the noncharacter escaped */
	snprintf(name, sizeof(name), "%s/" SHOWN_NAME, fx.dir);
	assert_true(has_text("//h:table[@id='failed-letters']//h:td", name));
	assert_int_equal(count("//h:table[@id='failed-letters']//h:b"), 0);
}

static void test_hostile_text_escaped(void **state)
{
	const char *script;
	(void)state;
	/* the one script is the page's own, and it is last */
	assert_int_equal(count("//*[local-name()='script']"), 1);
	script = strstr(fx.page.ptr, "<script");
	assert_non_null(script);
	assert_true(strncmp(script, "<script>\n//<![CDATA[\n", 21) == 0);
	assert_null(strstr(script + 1, "<script"));
	{
		/* its text cannot end the CDATA section or, to an HTML parser,
		 * the element before its end */
		const char *from = script + 21, *to = strstr(from, "//]]>\n</script>\n</body>");
		char *body;
		assert_non_null(to);
		body = strndup(from, (size_t)(to - from));
		assert_non_null(body);
		assert_null(strstr(body, "]]>"));
		assert_null(strstr(body, "</"));
		assert_non_null(strstr(body, "getElementById(\"items\")"));
		free(body);
	}
	assert_non_null(strstr(fx.page.ptr, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;SI&#39;"));
	/* the service survives as text in the findings */
	assert_true(has_text("//h:section[@id='findings']//h:td", HOSTILE_SERVICE));
	assert_true(has_text("//h:table[@id='findings-citation']//h:td", HOSTILE_SERVICE));
	/* an experimental code says so beside its name */
	assert_non_null(strstr(fx.page.ptr, "</code> (experimental)</td>"));
	/* characters XML forbids in the evidence are gone (the text module
	 * may already have replaced them; the page never shows them) */
	assert_true(contains_text("//h:table[@id='findings-citation']//h:td", "Hip & Pelvis Chapter"));
	assert_null(strstr(fx.page.ptr, "\xC2\x85"));
	assert_null(strstr(fx.page.ptr, "\xEF\xBF\xBE"));
	/* and the corpus name among the run's facts */
	assert_true(has_text("//h:dd[@id='run-inputs']", CORPUS));
}

/* The number of items and of findings of the letters read (not repeats),
 * and how many times the findings are shown under an item. */
static void corpus_counts(size_t *letters, size_t *items, size_t *findings, size_t *shown)
{
	size_t i, k;
	*letters = *items = *findings = 0;
	*shown = 0;
	for (i = 0; i < imr_audit_letter_count(fx.audit); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(fx.audit, i);
		if (l->failed || l->duplicate_of)
			continue;
		(*letters)++;
		*items += l->item_count;
		*findings += l->finding_count;
		for (k = 0; k < l->finding_count; k++) /* shown under each item it stands for */
			*shown += l->findings[k].also_count;
	}
}

static void test_run_facts(void **state)
{
	char *got;
	(void)state;
	assert_true(has_text("//h:dl[@id='run']/h:dd[@id='run-inputs']", CORPUS));
	assert_true(has_text("//h:dl[@id='run']/h:dd[@id='run-date']", RUN_DATE));
	got = text_of("//h:dl[@id='run']/h:dd[@id='run-rules']");
	assert_string_equal(got, imr_rules_digest(fx.rules));
	xmlFree(got);
	/* the inputs on one line of their own (a merge names its shards there) */
	assert_non_null(strstr(fx.page.ptr, "\n<dt>Inputs</dt><dd id=\"run-inputs\"><code>seeds &amp; layouts "
					    "&lt;corpus&gt;</code></dd>\n"));
}

static void test_items_table(void **state)
{
	const imr_audit_stats *st = imr_audit_get_stats(fx.audit);
	size_t letters, items, findings, shown, i;
	char expr[512];
	(void)state;
	corpus_counts(&letters, &items, &findings, &shown);
	assert_int_equal(items, st->items);
	assert_int_equal(count("//h:table[@id='items']/h:thead/h:tr/h:th"), 11);
	assert_int_equal(count("//h:table[@id='items']/h:thead/h:tr/h:th[@data-key]"), 11);
	/* one row per item, each with what the filters read */
	assert_int_equal(count("//h:table[@id='items']/h:tbody/h:tr[count(h:td)=11]"), (int)st->items);
	assert_int_equal(count("//h:table[@id='items']/h:tbody/h:tr[@data-category and @data-decision and "
			       "@data-prediction and @data-strength and @data-agreement and @data-findings]"),
			 (int)st->items);
	assert_int_equal(count("//h:table[@id='items']/h:tbody/h:tr[@data-decision!='upheld' and "
			       "@data-decision!='overturned']"),
			 0);
	assert_int_equal(count("//h:table[@id='items']/h:tbody/h:tr[@data-agreement='disagree']"),
			 (int)st->overall.disagree);
	assert_int_equal(count("//h:table[@id='items']/h:tbody/h:tr[@data-agreement='indeterminate']"),
			 (int)st->ungoverned);
	/* the items of each letter, with their finding codes */
	for (i = 0; i < imr_audit_letter_count(fx.audit); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(fx.audit, i);
		size_t k, f;
		if (l->failed || l->duplicate_of)
			continue;
		for (k = 0; k < l->item_count; k++) {
			const imr_audit_item *it = &l->items[k];
			snprintf(expr, sizeof(expr), "//h:tr[@id='item-%zu-%zu' and @data-category='%s']", l->index,
				 it->number, it->category);
			assert_int_equal(count(expr), 1);
			for (f = 0; f < l->finding_count; f++) {
				if (l->findings[f].item != k)
					continue;
				snprintf(expr, sizeof(expr),
					 "//h:tr[@id='item-%zu-%zu' and contains(concat(' ', @data-findings, ' '), ' %s ')]"
					 "/h:td[11]/h:code[.='%s']",
					 l->index, it->number, l->findings[f].code, l->findings[f].code);
				assert_int_equal(count(expr), 1);
			}
			/* the reasons the rationale gives, as the audit has them */
			snprintf(expr, sizeof(expr), "//h:tr[@id='item-%zu-%zu']/h:td[10]/h:code", l->index, it->number);
			assert_int_equal(count(expr), (int)it->reason_count);
			if (it->reason_count) {
				snprintf(expr, sizeof(expr), "//h:tr[@id='item-%zu-%zu']/h:td[10]/h:code[1]", l->index,
					 it->number);
				assert_true(has_text(expr, it->reasons[0]));
			}
			/* the row leads to the item in its letter's section, and back */
			snprintf(expr, sizeof(expr), "//h:tr[@id='item-%zu-%zu']/h:td[2]/h:a[@href='#letter-%zu-item-%zu']",
				 l->index, it->number, l->index, it->number);
			assert_int_equal(count(expr), 1);
			snprintf(expr, sizeof(expr), "//h:div[@id='letter-%zu-item-%zu']//h:a[@href='#item-%zu-%zu']",
				 l->index, it->number, l->index, it->number);
			assert_int_equal(count(expr), 1);
		}
	}
	/* the hostile service is a cell's text, not markup */
	assert_true(has_text("//h:table[@id='items']//h:td", HOSTILE_SERVICE));
	/* the filters are the script's: the page has no form without it */
	assert_int_equal(count("//h:form"), 0);
}

static void test_letter_sections(void **state)
{
	size_t letters, items, findings, shown, i;
	char expr[512];
	(void)state;
	corpus_counts(&letters, &items, &findings, &shown);
	assert_int_equal(count("//h:section[@id='letters']/h:section[@class='letter']"), (int)letters);
	assert_int_equal(count("//h:section[@class='letter']//h:div[@class='item']"), (int)items);
	assert_int_equal(count("//h:section[@class='letter']//h:ul[@class='item-findings']/h:li"), (int)(findings + shown));
	for (i = 0; i < imr_audit_letter_count(fx.audit); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(fx.audit, i);
		size_t k;
		if (l->failed || l->duplicate_of)
			continue;
		snprintf(expr, sizeof(expr), "//h:section[@id='letter-%zu']/h:h3", l->index);
		assert_true(has_text(expr, l->file));
		/* the case summary and each rationale on demand, as the letter has them */
		snprintf(expr, sizeof(expr), "//h:section[@id='letter-%zu']/h:details[h:summary='Case summary']/h:div",
			 l->index);
		if (l->summary && *l->summary)
			assert_true(has_text(expr, l->summary));
		else
			assert_int_equal(count(expr), 0);
		for (k = 0; k < l->item_count; k++) {
			const imr_audit_item *it = &l->items[k];
			snprintf(expr, sizeof(expr),
				 "//h:div[@id='letter-%zu-item-%zu']/h:details[h:summary='Rationale']/h:div", l->index,
				 it->number);
			if (it->rationale && *it->rationale)
				assert_true(has_text(expr, it->rationale));
			else
				assert_int_equal(count(expr), 0);
		}
		if (l->specialty) {
			snprintf(expr, sizeof(expr),
				 "//h:section[@id='letter-%zu']/h:dl/h:dt[.=\"Reviewer's specialty\"]"
				 "/following-sibling::h:dd[1]",
				 l->index);
			assert_true(has_text(expr, l->specialty));
		}
	}
	/* every finding row of the tables leads to its letter */
	assert_int_equal(count("//h:table[@class='findings']/h:tbody/h:tr[count(h:td)=7]"),
			 count("//h:table[@class='findings']/h:tbody/h:tr/h:td[1]/h:a[starts-with(@href, '#letter-')]"));
}

/* The sum of column @p col of the rows of table @p id. */
static size_t column_sum(const char *id, int col)
{
	char expr[256];
	xmlXPathObjectPtr obj;
	size_t sum = 0;
	int i;
	snprintf(expr, sizeof(expr), "//h:table[@id='%s']/h:tbody/h:tr/h:td[%d]", id, col);
	obj = query(expr);
	for (i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
		xmlChar *text = xmlNodeGetContent(obj->nodesetval->nodeTab[i]);
		sum += (size_t)strtoul((const char *)text, NULL, 10);
		xmlFree(text);
	}
	xmlXPathFreeObject(obj);
	return sum;
}

static void test_rates_by_reviewer(void **state)
{
	size_t letters, items, findings, shown;
	(void)state;
	corpus_counts(&letters, &items, &findings, &shown);
	assert_true(count("//h:table[@id='rates-specialty']/h:tbody/h:tr") > 1);
	assert_true(count("//h:table[@id='rates-licensure']/h:tbody/h:tr") > 1);
	/* every letter read, item and finding counted once in each table */
	assert_int_equal(column_sum("rates-specialty", 2), letters);
	assert_int_equal(column_sum("rates-specialty", 3), items);
	assert_int_equal(column_sum("rates-specialty", 4), findings);
	assert_int_equal(column_sum("rates-licensure", 2), letters);
	assert_int_equal(column_sum("rates-licensure", 3), items);
	assert_int_equal(column_sum("rates-licensure", 4), findings);
	/* the seeds' specialties under their canonical names, never as stated */
	assert_int_equal(count("//h:table[@id='rates-specialty']//h:td[contains(., '&')]"), 0);
	assert_int_equal(count("//h:table[@id='table-specialty']//h:td[contains(., '&')]"), 0);
}

/* The page counts what each mute entry left out, an entry that mutes
 * nothing at 0, as the other reports do. */
static void test_muted_counts(void **state)
{
	static const char yaml[] = "kind: audit-mute\n"
				   "mute:\n"
				   "  - id: set-aside\n"
				   "    code: citation-mtus-set-aside\n"
				   "    why: read and judged\n"
				   "  - phrase: no such words in any finding\n"
				   "    why: kept to show an entry at zero\n";
	char path[1024];
	const char *paths[1];
	imr_mute *mute = NULL;
	imr_audit_inputs *inputs = NULL;
	imr_audit *audit = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	imr_report_options ropts = IMR_REPORT_OPTIONS_INIT;
	imr_buf page = IMR_BUF_INIT;
	imr_diags diags;
	const char *html, *table;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr_mute_new(&mute), IMR_OK);
	assert_int_equal(imr_mute_add_buffer(mute, "test-mute.yaml", yaml, sizeof(yaml) - 1, NULL, &diags), IMR_OK);
	snprintf(path, sizeof(path), "%s", imr_test_fixture("letters/audit-phrases"));
	paths[0] = path;
	assert_int_equal(imr_audit_collect(&inputs, paths, 1, NULL), IMR_OK);
	opts.mute = mute;
	assert_int_equal(imr_audit_run(&audit, fx.rules, inputs, &opts), IMR_OK);
	ropts.run_date = RUN_DATE;
	assert_int_equal(imr_report_audit_html(&page, fx.rules, audit, &ropts), IMR_OK);
	html = imr_buf_cstr(&page);
	assert_non_null(strstr(html, "<h3 id=\"muted-heading\">Muted (2 findings)</h3>"));
	table = strstr(html, "<table id=\"muted\"");
	assert_non_null(table);
	assert_non_null(strstr(table, "<tr><td>set-aside</td><td class=\"file\">test-mute.yaml:3</td><td>read and judged</td>"
				      "<td class=\"n\">2</td></tr>"));
	assert_non_null(strstr(table, "<tr><td>-</td><td class=\"file\">test-mute.yaml:6</td>"));
	assert_non_null(strstr(table, "<td class=\"n\">0</td></tr>"));
	imr_buf_dispose(&page);
	imr_audit_free(audit);
	imr_audit_inputs_free(inputs);
	imr_mute_free(mute);
	imr_diags_dispose(&diags);
}

static void test_deterministic(void **state)
{
	imr_audit *again = NULL;
	imr_buf page = IMR_BUF_INIT;
	imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
	(void)state;
	opts.input = CORPUS;
	opts.run_date = RUN_DATE;
	/* another audit of the same corpus on one thread renders the same bytes */
	assert_int_equal(run_audit(&again, 1), IMR_OK);
	assert_int_equal(imr_report_audit_html(&page, fx.rules, again, &opts), IMR_OK);
	assert_int_equal(page.size, fx.page.size);
	assert_memory_equal(page.ptr, fx.page.ptr, page.size);
	imr_buf_dispose(&page);
	imr_audit_free(again);
}

static void test_out_of_memory_leaves_buffer(void **state)
{
	imr_buf page = IMR_BUF_INIT;
	long n;
	int rc = IMR_ENOMEM;
	(void)state;
	assert_int_equal(imr_buf_puts(&page, "prefix"), IMR_OK);
	/* every one of the first allocations, then more and more spaced out:
	 * rendering the page takes hundreds (a buffer per letter's specialty) */
	for (n = 1; n < 100000 && rc != IMR_OK; n = n < 100 ? n + 1 : n + n / 8) {
		imr__alloc_fail_after(n);
		rc = imr_report_audit_html(&page, fx.rules, fx.audit, NULL);
		imr__alloc_fail_after(0);
		if (rc != IMR_OK) {
			assert_int_equal(rc, IMR_ENOMEM);
			assert_int_equal(page.size, 6);
			assert_string_equal(page.ptr, "prefix");
		}
	}
	assert_int_equal(rc, IMR_OK);
	assert_true(page.size > 6 && strncmp(page.ptr, "prefix<!DOCTYPE html>", 21) == 0);
	imr_buf_dispose(&page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed_xhtml),
		cmocka_unit_test(test_charts),
		cmocka_unit_test(test_confusion_counts),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_findings_tables),
		cmocka_unit_test(test_failed_letters),
		cmocka_unit_test(test_hostile_text_escaped),
		cmocka_unit_test(test_run_facts),
		cmocka_unit_test(test_items_table),
		cmocka_unit_test(test_letter_sections),
		cmocka_unit_test(test_rates_by_reviewer),
		cmocka_unit_test(test_muted_counts),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_out_of_memory_leaves_buffer),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
