/* ruletest.c - running the test cases embedded in rule files.
 *
 * Each case is evaluated against its own rule alone: no precedence, no
 * other rules. A case fails when the rule does not apply to its request,
 * is not in effect on its date, or any expectation differs; the diff
 * names every difference, with the facts behind an unexpected status.
 *
 * While the cases run, every criterion's status is counted per rule (the
 * rule coverage): lint asks every criterion to be seen both met and not
 * met, and `imrcheck test --coverage` prints the counts. A case counts only
 * when its rule applies and is in effect, since otherwise the statuses
 * describe a request the rule would never see. */
#include "imrcheck/ruletest.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "eval_internal.h"
#include "imrcheck/date.h"
#include "regex.h"

static int append_missing(imr_buf *diff, const imr_criterion_result *cr)
{
	size_t i;
	int err = 0;
	if (cr->missing_count)
		err = imr_buf_puts(diff, " (not documented:");
	for (i = 0; i < cr->missing_count && !err; i++)
		err = imr_buf_printf(diff, " %s", cr->missing[i]);
	if (!err && cr->missing_count)
		err = imr_buf_puts(diff, ")");
	for (i = 0; i < cr->evidence_count && !err; i++)
		err = imr_buf_printf(diff, "%s%s = %s", i ? ", " : " (", cr->evidence[i].fact,
				     cr->evidence[i].value);
	if (!err && cr->evidence_count)
		err = imr_buf_puts(diff, ")");
	return err;
}

/* Whether case @p t expects criterion @p crit to be left in @p status:
 * listed with it, or (for met) implied by an expected and obtained
 * medically necessary decision. */
static int expected(const imr_rtest *t, size_t crit, imr_status status, int sat)
{
	size_t i;
	for (i = 0; i < t->nexpect; i++)
		if (t->expect[i].crit == crit)
			return t->expect[i].status == (int)status;
	return status == IMR_STATUS_MET && t->expect_necessary == 1 && sat == 1;
}

static void count_status(imr_ruletest_criterion_coverage *cov, imr_status status, int checked)
{
	switch (status) {
	case IMR_STATUS_MET:
		cov->met++;
		cov->met_checked += checked != 0;
		break;
	case IMR_STATUS_NOT_MET:
		cov->not_met++;
		cov->not_met_checked += checked != 0;
		break;
	case IMR_STATUS_NOT_DOCUMENTED: cov->not_documented++; break;
	case IMR_STATUS_NOT_APPLICABLE: cov->not_applicable++; break;
	}
}

static int run_case(imr_ruletest_case *tc, imr_ruletest_rule_coverage *cov,
		    const imr_rules *rules, const imr_rule *rule, const imr_rtest *t)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_buf diff = IMR_BUF_INIT;
	imr_facts *attrs = NULL, *case_facts = NULL, *primary = NULL;
	imr_criterion_result *crits = NULL;
	imr_env env;
	size_t i;
	int sat = 0, err = 0, counts = 1;

	if (imr_facts_new(&attrs, rules) < 0 || imr__facts_unpack(attrs, &t->request) < 0 ||
	    imr__facts_set_value(attrs, rules->f_date, IMR_FACT_PRESENT, t->date, NULL, 0) < 0 ||
	    imr_facts_new(&case_facts, rules) < 0 || imr__facts_unpack(case_facts, &t->facts) < 0 ||
	    imr_facts_new(&primary, rules) < 0 || imr__facts_unpack(primary, &t->primary) < 0) {
		err = IMR_ENOMEM;
		goto done;
	}
	memset(&env, 0, sizeof(env));
	env.rules = rules;
	env.case_facts = case_facts;
	env.item_facts = attrs;
	env.primary_facts = primary;
	env.date = t->date;
	env.has_date = 1;
	if (!imr__eval_in_effect(rule, t->date)) {
		char d[11];
		imr_date_format(d, t->date);
		err = imr_buf_printf(&diff, "  the rule is not in effect on the test date %s\n", d);
		counts = 0;
	}
	if (!err && rule->applies && imr__expr_eval(rule->applies, &env) != IMR_TRI_TRUE) {
		counts = 0;
		err = imr_buf_printf(&diff, "  the rule does not apply to this request (applies: %s)\n",
				     rule->applies->text);
	}
	crits = imr__arena_alloc(&arena, (rule->ncrits + 1) * sizeof(*crits));
	if (!err && !crits)
		err = IMR_ENOMEM;
	if (!err && (sat = imr__eval_rule(&arena, rule, &env, crits)) < 0)
		err = sat;
	if (!err && counts) {
		cov->counted++;
		for (i = 0; i < rule->ncrits && i < cov->count; i++)
			count_status(&cov->criteria[i], crits[i].status,
				     expected(t, i, crits[i].status, sat));
	}
	if (!err && t->expect_necessary >= 0 && t->expect_necessary != sat)
		err = imr_buf_printf(&diff, "  medically_necessary: expected %s, got %s\n",
				     t->expect_necessary ? "true" : "false", sat ? "true" : "false");
	for (i = 0; !err && i < t->nexpect; i++) {
		const imr_expect *ex = &t->expect[i];
		const imr_criterion_result *cr = &crits[ex->crit];
		if ((int)cr->status == ex->status)
			continue;
		err = imr_buf_printf(&diff, "  %s: expected %s, got %s", cr->local_id,
				     imr_status_name((imr_status)ex->status), imr_status_name(cr->status));
		if (!err)
			err = append_missing(&diff, cr);
		if (!err)
			err = imr_buf_puts(&diff, "\n");
	}
	if (!err) {
		tc->passed = diff.size == 0;
		tc->diff = tc->passed ? NULL : imr_buf_detach(&diff);
		if (!tc->passed && !tc->diff)
			err = IMR_ENOMEM;
	}
done:
	imr_buf_dispose(&diff);
	imr_facts_free(attrs);
	imr_facts_free(case_facts);
	imr_facts_free(primary);
	imr__arena_dispose(&arena);
	return err;
}

/* ---- the run ---- */

static int init_coverage(imr_ruletest_report *out, const imr_rules *rules)
{
	size_t r, i;
	out->rules = imr__calloc(rules->nrules + 1, sizeof(*out->rules));
	if (!out->rules)
		return IMR_ENOMEM;
	for (r = 0; r < rules->nrules; r++) {
		const imr_rule *rule = &rules->rules[r];
		imr_ruletest_rule_coverage *rc = &out->rules[r];
		rc->rule_id = rule->id;
		rc->file = rule->file;
		rc->line = rule->line;
		rc->col = rule->col;
		rc->criteria = imr__calloc(rule->ncrits + 1, sizeof(*rc->criteria));
		if (!rc->criteria)
			return IMR_ENOMEM;
		out->nrules++;
		for (i = 0; i < rule->ncrits; i++) {
			rc->criteria[i].id = rule->crits[i].id;
			rc->criteria[i].line = rule->crits[i].line;
			rc->criteria[i].col = rule->crits[i].col;
		}
		rc->count = rule->ncrits;
	}
	return IMR_OK;
}

/* Whether the case named "rule-id: name" is selected by @p re. */
static int selected(int *keep, imr_matcher *m, const imr_regex *re, const imr_rule *rule,
		    const imr_rtest *t)
{
	imr_buf full = IMR_BUF_INIT;
	size_t ovec[2];
	int rc;
	if (imr_buf_printf(&full, "%s: %s", rule->id, t->name ? t->name : "") < 0)
		return IMR_ENOMEM;
	rc = imr__regex_find(m, re, full.ptr, full.size, 0, ovec, 2);
	imr_buf_dispose(&full);
	if (rc < 0)
		return rc;
	*keep = rc == 1;
	return IMR_OK;
}

static int compile_filter(imr_regex **re, imr_matcher **m, const char *pattern,
			  const imr_limits *limits, imr_diags *diags)
{
	char msg[256];
	size_t off = 0;
	int err = imr__regex_compile(re, pattern, strlen(pattern), 0, limits, msg, sizeof(msg), &off);
	if (err == IMR_EINVALID || err == IMR_ELIMIT) {
		if (diags)
			imr_diags_add(diags, IMR_SEVERITY_ERROR, err == IMR_ELIMIT ? "limit" : "bad-regex", NULL, 0,
				      (unsigned)off + 1, "invalid pattern '%s': %s at offset %zu", pattern, msg, off);
		return err;
	}
	if (err < 0)
		return err;
	return imr__matcher_new(m, limits);
}

int imr_ruletest_run(imr_ruletest_report *out, const imr_rules *rules,
		     const imr_ruletest_options *opts, imr_diags *diags)
{
	size_t r, i, total = 0;
	imr_regex *re = NULL;
	imr_matcher *m = NULL;
	const imr_limits *limits = opts ? opts->limits : NULL;
	int err = IMR_OK;

	memset(out, 0, sizeof(*out));
	if (opts && opts->run && (err = compile_filter(&re, &m, opts->run, limits, diags)) < 0)
		goto done;
	for (r = 0; r < rules->nrules; r++)
		total += rules->rules[r].ntests;
	out->cases = imr__calloc(total + 1, sizeof(imr_ruletest_case));
	if (!out->cases || init_coverage(out, rules) < 0) {
		err = IMR_ENOMEM;
		goto done;
	}
	for (r = 0; r < rules->nrules && !err; r++) {
		const imr_rule *rule = &rules->rules[r];
		for (i = 0; i < rule->ntests && !err; i++) {
			const imr_rtest *t = &rule->tests[i];
			imr_ruletest_case *tc = &out->cases[out->count];
			if (re) {
				int keep = 0;
				err = selected(&keep, m, re, rule, t);
				if (err == IMR_ELIMIT && diags)
					imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", NULL, 0, 0,
						      "the pattern '%s' hit a PCRE2 match limit on '%s: %s'", opts->run,
						      rule->id, t->name ? t->name : "");
				if (err || !keep)
					continue;
			}
			tc->rule_id = rule->id;
			tc->name = t->name;
			tc->file = rule->file;
			tc->line = t->line;
			tc->col = t->col;
			out->count++;
			out->rules[r].cases++;
			err = run_case(tc, &out->rules[r], rules, rule, t);
			if (!err) {
				if (tc->passed)
					out->passed++;
				else
					out->failed++;
			}
		}
	}
done:
	imr__matcher_free(m);
	imr__regex_free(re);
	if (err)
		imr_ruletest_report_dispose(out);
	return err;
}

void imr_ruletest_report_dispose(imr_ruletest_report *report)
{
	size_t i;
	if (!report)
		return;
	for (i = 0; i < report->count; i++)
		imr__free((void *)(uintptr_t)report->cases[i].diff);
	imr__free(report->cases);
	for (i = 0; i < report->nrules; i++)
		imr__free(report->rules[i].criteria);
	imr__free(report->rules);
	memset(report, 0, sizeof(*report));
}

unsigned imr_ruletest_seen(const imr_ruletest_criterion_coverage *cov)
{
	return (cov->met ? IMR_RULETEST_SEEN_MET : 0u) | (cov->not_met ? IMR_RULETEST_SEEN_NOT_MET : 0u) |
	       (cov->not_documented ? IMR_RULETEST_SEEN_NOT_DOCUMENTED : 0u) |
	       (cov->not_applicable ? IMR_RULETEST_SEEN_NOT_APPLICABLE : 0u);
}
