/* ruletest.c - running the test cases embedded in rule files.
 *
 * Each case is evaluated against its own rule alone: no precedence, no
 * other rules. A case fails when the rule does not apply to its request,
 * is not in effect on its date, or any expectation differs; the diff
 * names every difference, with the facts behind an unexpected status. */
#include "imrcheck/ruletest.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "eval_internal.h"
#include "imrcheck/date.h"

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

static int run_case(imr_ruletest_case *tc, const imr_rules *rules, const imr_rule *rule,
		    const imr_rtest *t)
{
	imr_arena arena = IMR_ARENA_INIT;
	imr_buf diff = IMR_BUF_INIT;
	imr_facts *attrs = NULL;
	imr_criterion_result *crits = NULL;
	imr_env env;
	size_t i;
	int sat = 0, err = 0;

	if (imr_facts_new(&attrs, rules) < 0 || imr__facts_copy(attrs, t->request) < 0 ||
	    imr__facts_set_value(attrs, rules->f_date, IMR_FACT_PRESENT, t->date, NULL, 0) < 0) {
		err = IMR_ENOMEM;
		goto done;
	}
	memset(&env, 0, sizeof(env));
	env.rules = rules;
	env.case_facts = t->facts;
	env.item_facts = attrs;
	env.primary_facts = t->primary;
	env.date = t->date;
	env.has_date = 1;
	if (!imr__eval_in_effect(rule, t->date)) {
		char d[11];
		imr_date_format(d, t->date);
		err = imr_buf_printf(&diff, "  the rule is not in effect on the test date %s\n", d);
	}
	if (!err && rule->applies && imr__expr_eval(rule->applies, &env) != IMR_TRI_TRUE)
		err = imr_buf_printf(&diff, "  the rule does not apply to this request (applies: %s)\n",
				     rule->applies->text);
	crits = imr__arena_alloc(&arena, (rule->ncrits + 1) * sizeof(*crits));
	if (!err && !crits)
		err = IMR_ENOMEM;
	if (!err && (sat = imr__eval_rule(&arena, rule, &env, crits)) < 0)
		err = sat;
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
	imr__arena_dispose(&arena);
	return err;
}

int imr_ruletest_run(imr_ruletest_report *out, const imr_rules *rules, const char *name_filter)
{
	size_t r, i, total = 0;
	int err = IMR_OK;

	memset(out, 0, sizeof(*out));
	for (r = 0; r < rules->nrules; r++)
		total += rules->rules[r].ntests;
	out->cases = imr__calloc(total + 1, sizeof(imr_ruletest_case));
	if (!out->cases)
		return IMR_ENOMEM;
	for (r = 0; r < rules->nrules && !err; r++) {
		const imr_rule *rule = &rules->rules[r];
		for (i = 0; i < rule->ntests && !err; i++) {
			const imr_rtest *t = &rule->tests[i];
			imr_ruletest_case *tc = &out->cases[out->count];
			if (name_filter) {
				imr_buf full = IMR_BUF_INIT;
				int keep;
				if (imr_buf_printf(&full, "%s: %s", rule->id, t->name ? t->name : "") < 0) {
					err = IMR_ENOMEM;
					break;
				}
				keep = strstr(full.ptr, name_filter) != NULL;
				imr_buf_dispose(&full);
				if (!keep)
					continue;
			}
			tc->rule_id = rule->id;
			tc->name = t->name;
			tc->file = rule->file;
			tc->line = t->line;
			tc->col = t->col;
			out->count++;
			err = run_case(tc, rules, rule, t);
			if (!err) {
				if (tc->passed)
					out->passed++;
				else
					out->failed++;
			}
		}
	}
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
	memset(report, 0, sizeof(*report));
}
