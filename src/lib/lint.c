/* lint.c - the semantic checks of `imrcheck lint` and the check table.
 *
 * Loading a rule set (rules_load.c) validates each file against the rule
 * language: shapes, names, types, literals. This module looks at what a
 * loaded rule set means:
 *
 *   - expressions that can never be true or never be false, found by a
 *     small satisfiability search over the three-valued logic of expr.c
 *     (see "satisfiability" below): a rule that never applies, a `when`
 *     that contradicts the rule's own `applies`, a `require` never met or
 *     never not met, an atom no value of its fact satisfies;
 *   - complete rules of one guideline that both apply to some request on
 *     some date (two editions of one position left overlapping);
 *   - citations that do not say where in their document the position is;
 *   - rules whose test cases leave a criterion never met or never not met
 *     (the test cases run through ruletest.c, which counts the statuses);
 *   - lexicon and context patterns that match the empty string or repeat
 *     a repeating group (catastrophic backtracking), read from the YAML
 *     again because the compiled lexicon keeps no positions per pattern.
 *
 * Every check has an entry in checks[] below: a stable name (the
 * diagnostic code), its severity and its description. The table is public
 * (lint.h) so that SARIF output can describe each check and docs/lint.md
 * can be checked against it. The loader's own codes are in the table too:
 * lint reports them, so SARIF needs their metadata as well.
 *
 * Soundness: every "can never" finding is proved by exhausting the search;
 * when the search runs out of budget, or a fact's domain is too large to
 * enumerate, the answer is "unknown" and nothing is reported. */
#include "imrcheck/lint.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "expr.h"
#include "imrcheck/date.h"
#include "imrcheck/ruletest.h"
#include "model.h"
#include "regex.h"
#include "yamltree.h"

/* ---- the check table ---- */

#define LOAD "load"
#define LINT "lint"
#define E IMR_SEVERITY_ERROR
#define W IMR_SEVERITY_WARNING

static const imr_lint_check checks[] = {
	/* YAML and files (yamltree.c, fileio.c, rules_load.c) */
	{ "io", E, LOAD, "A rule file or directory cannot be read.",
	  "The path does not exist, is not readable, or is a directory where a file was expected. Check the path given to lint, test or --rules." },
	{ "limit", E, LOAD, "A resource limit was reached.",
	  "A file is larger than the YAML file limit, an expression nests deeper than the expression depth limit, a pattern is longer than the pattern limit or nests parentheses deeper than the parenthesis limit, an enum has more than 65535 values, or directories nest deeper than the directory depth limit (include/imrcheck/limits.h, docs/security.md). Split the file, flatten the expression or shorten the pattern." },
	{ "empty-rules", E, LOAD, "No rule files (*.yaml) were found.",
	  "The directory given holds no *.yaml or *.yml file. Point lint at the rules directory." },
	{ "yaml-syntax", E, LOAD, "The file is not well-formed YAML.",
	  "libyaml could not parse the file; the message and position are libyaml's. Fix the indentation, quoting or bracket it points at." },
	{ "yaml-anchor", E, LOAD, "YAML anchors (&name) are not allowed.",
	  "Anchors and aliases make one value appear in several places, which hides what a rule says from its reader and from diffs. Write the value out where it is used." },
	{ "yaml-alias", E, LOAD, "YAML aliases (*name) are not allowed.",
	  "Write the aliased value out where it is used." },
	{ "yaml-tag", E, LOAD, "YAML tags (!tag) are not allowed.",
	  "Values are typed by the rule language, not by YAML tags. Remove the tag." },
	{ "yaml-merge", E, LOAD, "YAML merge keys (<<) are not allowed.",
	  "Write the merged keys out in the mapping." },
	{ "yaml-documents", E, LOAD, "A file holds more than one YAML document.",
	  "Each rule file holds exactly one document. Move the second document (after ---) to a file of its own." },
	{ "yaml-limit", E, LOAD, "The YAML nests too deeply, has too many nodes or too many errors.",
	  "The document exceeds the YAML depth, node or error limit (include/imrcheck/limits.h); past the error limit (an alias bomb) the rest of the file is not read. Real rule files stay far below them; the file is probably generated or damaged." },
	{ "duplicate-key", E, LOAD, "A mapping repeats a key.",
	  "YAML parsers disagree about which of two equal keys wins, so a repeated key is an error at both places. Keep one." },
	{ "empty-file", E, LOAD, "A rule file is empty.",
	  "Every file must be a mapping with a 'kind'. Delete the file or fill it in." },
	/* the schema (rules_load.c, lexicon.c, expr.c, factsio.c) */
	{ "unknown-kind", E, LOAD, "A file's 'kind' is not one of the known kinds.",
	  "kind is one of vocabulary, precedence, rule, lexicon, context, letter-layout, drugs, audit-mute, specialties, word-frequency." },
	{ "missing-key", E, LOAD, "A required key is missing.",
	  "Add the key; docs/rule-language.md lists the required keys of every mapping." },
	{ "unknown-key", E, LOAD, "A mapping has a key the rule language does not define.",
	  "Usually a typo ('requre' for 'require'); the message suggests the closest known key. Unknown keys are errors so that a misspelt key is never silently ignored." },
	{ "wrong-type", E, LOAD, "A value, a fact or an operator has the wrong type.",
	  "A key needs text, a number, a date, a list or a mapping and got something else, or an expression compares a fact with a value or operator its type does not support (a boolean with a number, a set with '<', 'in' on a number)." },
	{ "bad-value", E, LOAD, "A value is not one of those allowed.",
	  "The value of a key with a fixed set of values (recommendation, if_undocumented, a criterion status, confidence, negation, combine, target) is not one of them, or a rule without criteria is conditional." },
	{ "bad-id", E, LOAD, "An identifier is not valid.",
	  "Identifiers are ASCII letters, digits, '_', '-' and '.', starting with a letter." },
	{ "bad-date", E, LOAD, "A date is not a valid YYYY-MM-DD date, or a range ends before it starts.",
	  "Write dates as YYYY-MM-DD; an effective 'to' must not be before 'from'." },
	{ "duplicate-id", E, LOAD, "An id is defined twice.",
	  "Rule ids, enum names, fact names, criterion ids within a rule, test case names within a rule, lexicon names and entry ids within a lexicon, drug ids across the drug files and their citation ids are unique; the enums 'drug' and 'ingredient' are made from the drug files and may not be declared." },
	{ "duplicate-name", E, LOAD, "Two drugs of the drug files share a name.",
	  "A text naming it would name both drugs. Names are compared ignoring case and the spaces, dashes and slashes between words. Keep the name on one drug." },
	{ "unknown-type", E, LOAD, "A fact's type is not one of the known types.",
	  "type is one of boolean, number, date, enum, set." },
	{ "unknown-enum", E, LOAD, "A fact's 'of' names no enum, or the vocabulary lacks an enum the drug files need.",
	  "Declare the enum under 'enums' of a vocabulary file, or fix the name. Drug files need the enums drug_class, dose_form, route and strength_unit for their classes, forms, routes and units." },
	{ "unknown-fact", E, LOAD, "A name is not a fact of the vocabulary.",
	  "Every fact an expression, a test case or a lexicon uses is declared under 'facts' of a vocabulary file. Declare it or fix the name." },
	{ "unknown-value", E, LOAD, "A value is not a member of the fact's enum.",
	  "Enum and set facts take members of their enum. Fix the member or add it to the enum." },
	{ "out-of-range", E, LOAD, "A number is outside the fact's min/max, or a count is negative.",
	  "A literal compared with a number fact, a value in a test case or a lexicon value lies outside the fact's declared range." },
	{ "wrong-scope", E, LOAD, "A fact is used where its scope is not allowed.",
	  "'applies' may use only request.* and primary.* attributes; request and primary attributes cannot be derived." },
	{ "bad-expression", E, LOAD, "An expression is malformed.",
	  "An atom does not parse (a missing operator or value, an unknown function, an unterminated list) or a combinator is misused (two of all/any/not/at_least in one mapping, at_least larger than its list)." },
	{ "derive-cycle", E, LOAD, "A derived fact is derived from itself.",
	  "Follow the derive expressions from the reported fact back to itself and break the cycle." },
	{ "missing-fact", E, LOAD, "The vocabulary lacks a fact the engine needs.",
	  "request.procedure (enum) and request.date (date) must be declared." },
	{ "missing-precedence", E, LOAD, "No precedence file was loaded.",
	  "A rule set has exactly one file of kind precedence." },
	{ "duplicate-precedence", E, LOAD, "More than one precedence file was loaded.",
	  "A rule set has exactly one file of kind precedence; merge them." },
	{ "unknown-guideline", E, LOAD, "A rule names a guideline that is not in the precedence order.",
	  "Add the guideline to precedence.order or fix the name." },
	{ "unknown-criterion", E, LOAD, "A test case expects a criterion the rule does not have.",
	  "Fix the criterion id in the test case's expect.criteria." },
	{ "bad-regex", E, LOAD, "A lexicon or context pattern does not compile.",
	  "The message is PCRE2's, with the offset of the problem in the pattern." },
	{ "duplicate-context", E, LOAD, "More than one context file was loaded.",
	  "A rule set has at most one file of kind context." },
	{ "duplicate-word-frequency", E, LOAD, "More than one word-frequency file was loaded.",
	  "A rule set has at most one file of kind word-frequency (rules/word-frequency.yaml); keep the one counted from the larger corpus." },
	{ "duplicate-phrase", E, LOAD, "A letter-layout file lists a phrase twice in one list.",
	  "Each phrase of a letter-layout list has one meaning (a heading one role, a header label one field); the message gives the first place it is listed. Keep one." },
	{ "duplicate-variant", E, LOAD, "A specialties file matches one folded name twice.",
	  "Names and variants are matched with case, '&'/'and', punctuation and white space folded; two that fold alike are one, and two specialties cannot claim it. The message gives the first place. Keep one." },
	{ "unknown-specialty", E, LOAD, "A joined entry of a specialties file names no specialty of the file.",
	  "The names of a 'joined' entry are canonical names of 'specialties'; fix the name or add the specialty." },
	{ "no-decisive-criterion", E, LOAD, "Every criterion of a rule is advisory.",
	  "An advisory criterion gives advice without deciding the service, so a rule whose criteria are all advisory finds every request medically necessary. Mark the criteria the guideline makes conditions of the service 'role: decisive' (the default); keep 'advisory' for technique and documentation advice a reviewer would give without denying (docs/rule-language.md, Criteria)." },
	{ "no-tests", W, LOAD, "A rule has no test cases.",
	  "Every rule carries test cases that show it met and not met; add a 'tests' list (docs/rule-language.md, Test cases)." },
	{ "unknown-finding-code", E, LOAD, "A mute entry names a finding code an audit does not raise.",
	  "The 'code' of an entry of a mute file (rules/audit-mute.yaml, `imrcheck audit --mute`) is one of the codes docs/audit.md lists, such as rationale-contradicted; the message suggests the closest one. An unknown code would mute nothing." },
	{ "mute-matches-everything", E, LOAD, "A mute entry would mute every finding.",
	  "An entry of a mute file names no 'code', 'phrase' or 'regex', or its regex matches the empty string. Say which findings it mutes." },
	/* semantic checks (this file) */
	{ "applies-never", E, LINT, "A rule's 'applies' can never be true.",
	  "No request can make the expression true (for example a procedure required to be two different services), so the rule is dead. Fix the expression." },
	{ "when-never-applies", E, LINT, "A criterion's 'when' can never be true where the rule applies.",
	  "The 'when' contradicts itself or the rule's own 'applies' (a when that asks for request.procedure = X in a rule that applies only to Y), so the criterion is never applicable and never checked. Fix the 'when' or move the criterion to the rule it belongs to." },
	{ "require-never-met", E, LINT, "A criterion's 'require' can never be true where the criterion applies.",
	  "Whatever the record documents, the criterion is never met, so the rule can never find the service necessary. The expression contradicts itself, the rule's 'applies' or the criterion's 'when'." },
	{ "require-always-holds", W, LINT, "A criterion's 'require' can never be false where the criterion applies.",
	  "The criterion is met or not documented but never not met: it is a tautology (x or not x), or the rule's 'applies' or the criterion's 'when' already guarantees it. It cannot tell cases apart; remove it or fix it. Not reported when if_undocumented is not_met (then documentation itself is what is required)." },
	{ "impossible-comparison", E, LINT, "An atom can never be true for any value of its fact.",
	  "The comparison asks for a value the fact cannot take: a percentage above 100, a count below 0, more members than the set's enum has, or two literals in an 'in' list that no value matches. Fix the literal or the fact's min/max." },
	{ "trivial-comparison", W, LINT, "An atom can never be false for any value of its fact.",
	  "The comparison holds for every value the fact can take (count(SET) >= 0), so it says nothing. Remove it or fix the literal." },
	{ "overlapping-rules", E, LINT, "Two complete rules of one guideline apply to the same request on the same date.",
	  "A complete rule fully states its guideline's position on a service; two at once are two editions of one position whose effective ranges overlap. End the older rule's effective range the day before the newer one starts, or make their 'applies' exclusive. Rules with complete: false supplement others and are not compared." },
	{ "citation-incomplete", W, LINT, "A citation does not locate the position within its document.",
	  "A rule citation (and a criterion citation naming its own document) gives a 'section' or 'pages'; a citation with pages names the 'chapter' or 'section' they belong to. Online guidelines such as ODG are cited by section, since their page numbers differ between editions." },
	{ "citation-pages", W, LINT, "A citation's pages are not a list of pages or page ranges.",
	  "Write pages as page numbers and ranges separated by commas: \"46\", \"45-46\", \"300, 309\"; roman numerals are allowed; a range must not run backwards." },
	{ "criterion-coverage", W, LINT, "A rule's test cases never leave a criterion met, or never leave it not met.",
	  "Every criterion is exercised both ways by its rule's test cases (cases whose rule applies and is in effect; `imrcheck test --coverage` shows the counts). Add a case that meets it and one that does not. A criterion whose 'require' can never be false only needs to be seen met." },
	{ "test-without-expectations", W, LINT, "A test case expects nothing.",
	  "A case whose expect gives neither medically_necessary nor any criterion status always passes. Add what the case shows." },
	{ "regex-empty-match", E, LINT, "A pattern can match the empty string.",
	  "PCRE2 reports a minimum match length of zero: the pattern matches at every position of every text, so its fact would be set by any letter. Make some part of it mandatory." },
	{ "regex-no-literal", W, LINT, "A pattern has no literal text that every match must contain.",
	  "The prefilter (docs/performance.md) scans each text once for the literal text every match of a pattern must contain, and runs a pattern only where that text occurs. A pattern without any (every part optional, a character class or an escape everywhere, a caseless non-ASCII letter, or syntax the prefilter does not read such as \\G, (?x) or verbs) is run over every text in full instead: correct, but slower, and more so as the lexicons grow. Give every alternative a word it must contain, spell a non-ASCII character without case as (?-i:...), or name the construct the message points at differently." },
	{ "regex-backtracking", W, LINT, "A pattern repeats a group that can match the same text in many ways.",
	  "A group repeated without bound contains a part that is itself repeated without bound ((a+)+, (\\w+\\s?)+) or has alternatives that overlap ((a|aa)+, (\\w|\\d)+); on text that almost matches, backtracking tries exponentially many splits. Not reported when every repetition must consume a delimiter the inner repeats cannot match ((?:\\s*,\\s*\\w+)+), or for atomic groups and possessive quantifiers. Matching always runs under PCRE2's match, depth and heap limits, so a pattern this heuristic misses fails fast with a limit error instead of hanging." },
};

#undef E
#undef W

size_t imr_lint_check_count(void)
{
	return sizeof(checks) / sizeof(checks[0]);
}

const imr_lint_check *imr_lint_check_at(size_t index)
{
	return index < imr_lint_check_count() ? &checks[index] : NULL;
}

int imr_lint_check_index(const char *name)
{
	size_t i;
	for (i = 0; name && i < imr_lint_check_count(); i++)
		if (strcmp(checks[i].name, name) == 0)
			return (int)i;
	return IMR_ENOTFOUND;
}

const imr_lint_check *imr_lint_check_find(const char *name)
{
	int i = imr_lint_check_index(name);
	return i < 0 ? NULL : &checks[i];
}

/* ---- lint state ---- */

typedef struct lint {
	const imr_rules *rules;
	imr_diags *diags;
	imr_limits lim;
	int oom;
} lint;

static void report(lint *L, const char *code, const char *file, unsigned line, unsigned col,
		   const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 6, 7)))
#endif
	;

static void report(lint *L, const char *code, const char *file, unsigned line, unsigned col,
		   const char *fmt, ...)
{
	const imr_lint_check *chk = imr_lint_check_find(code);
	imr_buf msg = IMR_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	if (imr_buf_vprintf(&msg, fmt, ap) < 0 ||
	    imr_diags_add(L->diags, chk ? chk->severity : IMR_SEVERITY_ERROR, code, file, line, col, "%s",
			  imr_buf_cstr(&msg)) < 0)
		L->oom = 1;
	va_end(ap);
	imr_buf_dispose(&msg);
}

/* ---- satisfiability ----
 *
 * The question is always: is there a record (a status and value for every
 * fact) under which each expression of a list evaluates to a given truth
 * value, true or false? Kleene's connectives decompose exactly for those
 * two targets: all(...) is true iff every part is true and false iff some
 * part is false; any mirrors it; not swaps; at_least N of n is true iff N
 * parts are true and false iff n-N+1 parts are false. A backtracking search
 * applies these rules until only atoms remain, each with a wanted truth (a
 * literal), and prunes as soon as the literals on one fact cannot all hold
 * together. Whether they can is decided per fact, exactly, by trying each
 * status (not documented, documented absent, present) and, for present,
 * every value that matters: every member of an enum, the points around
 * every constant of a number or date, every subset of the set members the
 * literals mention. Facts are independent of each other, so per-fact
 * consistency is global consistency.
 *
 * Derived facts are free variables here: a record may document them
 * directly, and then their derivation is not used (expr.c). Where the
 * search simplifies (more than 12 set members mentioned, or the same date
 * seen through days_since and weeks_since at once) it over-approximates,
 * so it can miss a contradiction but never invents one; and a budget of
 * search steps bounds it, after which the answer is "unknown". */

enum { SAT_NO = 0, SAT_YES = 1, SAT_UNKNOWN = 2 };

#define SAT_BUDGET 200000L   /* search steps per question; real rules use < 1000 */
#define SET_ENUM_MAX 12      /* set members enumerated exactly (2^12 subsets) */

typedef struct lit {
	const imr_expr *atom;
	int truth;
} lit;

typedef struct goal {
	const imr_expr *e;
	int truth;
	const struct goal *next;
} goal;

typedef struct solver {
	const imr_rules *rules;
	lit *lits;
	size_t nlits, cap;
	long budget;
	int exhausted;      /* budget spent or out of memory: answer unknown */
	int assumed;        /* literals on the stack whose consistency was assumed */
	int witness_approx; /* the witness found rests on an assumption */
} solver;

static int cmp_num(imr_op op, double a, double b)
{
	switch (op) {
	case IMR_OP_EQ: return a == b;
	case IMR_OP_NE: return a != b;
	case IMR_OP_LT: return a < b;
	case IMR_OP_LE: return a <= b;
	case IMR_OP_GT: return a > b;
	case IMR_OP_GE: return a >= b;
	default: return 0;
	}
}

static int in_list(const imr_expr *a, unsigned v)
{
	size_t i;
	for (i = 0; i < a->nlist; i++)
		if (a->list[i] == v)
			return 1;
	return 0;
}

/* An atom's truth when its fact is documented absent (expr.c eval_atom). */
static int absent_truth(const imr_rules *r, const imr_expr *a)
{
	const imr_factdef *def = &r->facts[a->fact];
	if (a->fn == IMR_FN_KNOWN)
		return 1;
	if (a->fn == IMR_FN_COUNT)
		return cmp_num(a->op, 0, a->num);
	if (a->fn != IMR_FN_NONE)
		return 0;
	if (def->type == IMR_TYPE_BOOLEAN && a->op != IMR_OP_TRUTHY)
		return cmp_num(a->op, 0, a->num);
	return a->op == IMR_OP_NE;
}

/* An atom's truth for a present scalar (boolean, number, date, enum) v. */
static int scalar_truth(const imr_rules *r, const imr_expr *a, double v)
{
	const imr_factdef *def = &r->facts[a->fact];
	switch (a->op) {
	case IMR_OP_TRUTHY: return def->type == IMR_TYPE_BOOLEAN ? v != 0 : 1;
	case IMR_OP_IN: return in_list(a, (unsigned)v);
	default: return cmp_num(a->op, v, a->num);
	}
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Whether one number satisfies every literal of @p ls (all comparisons of
 * one variable): tries the constants, the points between and beyond them,
 * within [lo, hi]. @p integer restricts the variable to whole numbers.
 * Returns 1 or 0; 2 when there are too many literals to try. */
static int numeric_consistent(const imr_rules *r, const lit *const *ls, size_t n, int integer,
			      int has_lo, double lo, int has_hi, double hi)
{
	double pts[68], cand[300];
	size_t np = 0, nc = 0, i, j;

	if (n > 64)
		return 2;
	for (i = 0; i < n; i++)
		pts[np++] = ls[i]->atom->num;
	if (has_lo)
		pts[np++] = lo;
	if (has_hi)
		pts[np++] = hi;
	if (!np)
		return 1;
	qsort(pts, np, sizeof(double), compare_double);
	for (i = 0; i < np; i++) {
		if (integer) {
			double f = floor(pts[i]);
			cand[nc++] = f - 1;
			cand[nc++] = f;
			cand[nc++] = f + 1;
			cand[nc++] = f + 2;
		} else {
			cand[nc++] = pts[i];
			if (i == 0)
				cand[nc++] = pts[i] - 1;
			if (i + 1 < np)
				cand[nc++] = (pts[i] + pts[i + 1]) / 2;
			else
				cand[nc++] = pts[i] + 1;
		}
	}
	for (j = 0; j < nc; j++) {
		double v = cand[j];
		int ok = (!has_lo || v >= lo) && (!has_hi || v <= hi);
		for (i = 0; ok && i < n; i++)
			ok = scalar_truth(r, ls[i]->atom, v) == ls[i]->truth;
		if (ok)
			return 1;
	}
	return 0;
}

/* Set facts: membership, subset, equality and count literals together. The
 * members the literals mention are enumerated as subsets; the others are
 * interchangeable, so only how many of them are in the set matters. */
static int set_consistent(const imr_rules *r, const imr_factdef *def, const lit *const *ls, size_t n)
{
	const imr_enum *en = &r->enums[def->enum_index];
	unsigned rel[SET_ENUM_MAX];
	size_t nrel = 0, i, j, others, kmax = 1;
	unsigned long mask, nmask;

	for (i = 0; i < n; i++) {
		const imr_expr *a = ls[i]->atom;
		size_t nvals = a->op == IMR_OP_CONTAINS ? 1 : a->nlist;
		for (j = 0; j < nvals; j++) {
			unsigned v = a->op == IMR_OP_CONTAINS ? (unsigned)a->num : a->list[j];
			size_t k;
			for (k = 0; k < nrel && rel[k] != v; k++)
				;
			if (k < nrel)
				continue;
			if (nrel == SET_ENUM_MAX)
				return 2;
			rel[nrel++] = v;
		}
		if (a->fn == IMR_FN_COUNT && a->num + 2 > (double)kmax)
			kmax = a->num + 2 > 1e6 ? 1000000 : (size_t)(a->num + 2);
	}
	others = en->count > nrel ? en->count - nrel : 0;
	if (kmax > others)
		kmax = others;
	nmask = 1ul << nrel;
	for (mask = 0; mask < nmask; mask++) {
		size_t k, pop = 0;
		for (i = 0; i < nrel; i++)
			pop += (mask >> i) & 1u;
		for (k = 0; k <= kmax; k++) {
			int ok = 1;
			for (i = 0; ok && i < n; i++) {
				const imr_expr *a = ls[i]->atom;
				int t = 1;
				if (a->fn == IMR_FN_COUNT) {
					t = cmp_num(a->op, (double)(pop + k), a->num);
				} else if (a->op == IMR_OP_CONTAINS) {
					for (j = 0; j < nrel && rel[j] != (unsigned)a->num; j++)
						;
					t = (int)((mask >> j) & 1u);
				} else if (a->op == IMR_OP_IN || a->op == IMR_OP_EQ || a->op == IMR_OP_NE) {
					int subset = k == 0, equal;
					size_t inlist = 0;
					for (j = 0; j < nrel; j++) {
						int member = (int)((mask >> j) & 1u), listed = in_list(a, rel[j]);
						if (member && !listed)
							subset = 0;
						inlist += member && listed;
					}
					equal = subset && inlist == a->nlist;
					t = a->op == IMR_OP_IN ? subset : a->op == IMR_OP_EQ ? equal : !equal;
				}
				ok = t == ls[i]->truth;
			}
			if (ok)
				return 1;
		}
	}
	return 0;
}

/* Whether the literals on @p fact can all hold: 1 yes, 0 no, 2 assumed. */
static int fact_consistent(solver *s, int fact)
{
	const imr_rules *r = s->rules;
	const imr_factdef *def = &r->facts[fact];
	const lit *ls[256], *plain[256], *since[4][256];
	size_t n = 0, np = 0, ns[4] = { 0, 0, 0, 0 }, i, groups = 0;
	int ok, result = 0;

	for (i = 0; i < s->nlits; i++) {
		if (s->lits[i].atom->fact != fact)
			continue;
		if (n == 256)
			return 2;
		ls[n++] = &s->lits[i];
	}
	/* not documented: every atom is unknown except known(), which is false */
	for (ok = 1, i = 0; ok && i < n; i++)
		ok = ls[i]->atom->fn == IMR_FN_KNOWN && !ls[i]->truth;
	if (ok)
		return 1;
	/* documented absent */
	for (ok = 1, i = 0; ok && i < n; i++)
		ok = absent_truth(r, ls[i]->atom) == ls[i]->truth;
	if (ok)
		return 1;
	/* present: known() is true; split the rest by what they look at */
	for (i = 0; i < n; i++) {
		const imr_expr *a = ls[i]->atom;
		if (a->fn == IMR_FN_KNOWN) {
			if (!ls[i]->truth)
				return 0;
		} else if (a->fn == IMR_FN_DAYS_SINCE || a->fn == IMR_FN_WEEKS_SINCE ||
			   a->fn == IMR_FN_MONTHS_SINCE) {
			int g = a->fn == IMR_FN_DAYS_SINCE ? 1 : a->fn == IMR_FN_WEEKS_SINCE ? 2 : 3;
			since[g][ns[g]++] = ls[i];
		} else {
			plain[np++] = ls[i];
		}
	}
	switch (def->type) {
	case IMR_TYPE_BOOLEAN:
		/* a present boolean is true: false is stored as absent */
		for (ok = 1, i = 0; ok && i < np; i++)
			ok = scalar_truth(r, plain[i]->atom, 1) == plain[i]->truth;
		return ok;
	case IMR_TYPE_ENUM: {
		size_t m, count = r->enums[def->enum_index].count;
		for (m = 0; m < count; m++) {
			for (ok = 1, i = 0; ok && i < np; i++)
				ok = scalar_truth(r, plain[i]->atom, (double)m) == plain[i]->truth;
			if (ok)
				return 1;
		}
		return 0;
	}
	case IMR_TYPE_SET:
		return set_consistent(r, def, plain, np);
	case IMR_TYPE_NUMBER:
		return numeric_consistent(r, plain, np, 0, def->has_min, def->min, def->has_max, def->max);
	case IMR_TYPE_DATE:
		/* The date itself and each interval since it are solved apart;
		 * when more than one is constrained their link is ignored, which
		 * only ever admits more. */
		groups = (np > 0) + (ns[1] > 0) + (ns[2] > 0) + (ns[3] > 0);
		result = numeric_consistent(r, plain, np, 1, 0, 0, 0, 0);
		for (i = 1; i < 4 && result; i++) {
			int g = numeric_consistent(r, since[i], ns[i], 1, 0, 0, 0, 0);
			result = !g ? 0 : g == 2 ? 2 : result;
		}
		return result && groups > 1 ? 2 : result;
	}
	return 2;
}

static int solve(solver *s, const goal *g);

/* Make @p k of the kids of @p e (from index @p start on) take @p truth,
 * then solve the rest. */
static int choose(solver *s, const imr_expr *e, int truth, size_t start, size_t k, const goal *rest)
{
	size_t i;
	if (!k)
		return solve(s, rest);
	for (i = start; i + k <= e->nkids; i++) {
		goal n = { e->kids[i], truth, rest };
		if (choose(s, e, truth, i + 1, k - 1, &n) || s->exhausted)
			return 1;
	}
	return 0;
}

static int solve(solver *s, const goal *g)
{
	const imr_expr *e;
	if (s->exhausted || --s->budget < 0) {
		s->exhausted = 1;
		return 1;
	}
	if (!g) {
		if (s->assumed)
			s->witness_approx = 1;
		return 1;
	}
	e = g->e;
	switch (e->kind) {
	case IMR_EX_ATOM: {
		void *items = s->lits;
		int c, found = 0;
		if (imr__grow(&items, &s->cap, s->nlits + 1, sizeof(lit)) < 0) {
			s->exhausted = 1;
			return 1;
		}
		s->lits = items;
		s->lits[s->nlits].atom = e;
		s->lits[s->nlits].truth = g->truth;
		s->nlits++;
		c = fact_consistent(s, e->fact);
		if (c) {
			s->assumed += c == 2;
			found = solve(s, g->next);
			s->assumed -= c == 2;
		}
		s->nlits--;
		return found;
	}
	case IMR_EX_NOT: {
		goal n = { e->kids[0], !g->truth, g->next };
		return solve(s, &n);
	}
	case IMR_EX_ALL:
	case IMR_EX_ANY:
		/* all-true and any-false need every kid; the others need one */
		if ((e->kind == IMR_EX_ALL) == (g->truth != 0))
			return choose(s, e, g->truth, 0, e->nkids, g->next);
		return choose(s, e, g->truth, 0, 1, g->next);
	case IMR_EX_AT_LEAST: {
		size_t need = (size_t)e->at_least;
		if (!g->truth)
			need = e->nkids - need + 1;
		return choose(s, e, g->truth, 0, need, g->next);
	}
	}
	return 1;
}

/* Can every goal of the chain @p g hold at once? */
static int sat_query(solver *s, const goal *g)
{
	int found;
	s->nlits = 0;
	s->budget = SAT_BUDGET;
	s->exhausted = 0;
	s->assumed = 0;
	s->witness_approx = 0;
	found = solve(s, g);
	if (s->exhausted)
		return SAT_UNKNOWN;
	if (!found)
		return SAT_NO;
	return s->witness_approx ? SAT_UNKNOWN : SAT_YES;
}

/* ---- expression checks ---- */

/* Whether an expression can never be true (SAT_NO for truth 1) or never
 * false (SAT_NO for truth 0) given that every expression of @p ctx (up to
 * two, NULL-terminated chains allowed) is true. */
static int can_be(solver *s, const imr_expr *e, int truth, const imr_expr *ctx1, const imr_expr *ctx2)
{
	goal g2 = { ctx2, 1, NULL };
	goal g1 = { ctx1, 1, ctx2 ? &g2 : NULL };
	goal g = { e, truth, ctx1 ? &g1 : ctx2 ? &g2 : NULL };
	return sat_query(s, &g);
}

/* "request.level_count (0 and up)" style detail for impossible atoms. */
static void fact_detail(char *out, size_t size, const imr_rules *r, const imr_expr *a)
{
	const imr_factdef *def = &r->facts[a->fact];
	if (a->fn == IMR_FN_COUNT)
		snprintf(out, size, " (a set of at most %zu '%s' values)", r->enums[def->enum_index].count,
			 r->enums[def->enum_index].name);
	else if (a->fn == IMR_FN_NONE && def->type == IMR_TYPE_NUMBER && (def->has_min || def->has_max))
		snprintf(out, size, " (%s)", imr__fact_range_text(def));
	else
		out[0] = '\0';
}

typedef struct atom_list {
	const imr_expr **items;
	size_t count, cap;
} atom_list;

static int collect_atoms(atom_list *al, const imr_expr *e)
{
	size_t i;
	if (!e)
		return 0;
	if (e->kind == IMR_EX_ATOM) {
		void *items = al->items;
		if (imr__grow(&items, &al->cap, al->count + 1, sizeof(*al->items)) < 0)
			return -1;
		al->items = items;
		al->items[al->count++] = e;
		return 0;
	}
	for (i = 0; i < e->nkids; i++)
		if (collect_atoms(al, e->kids[i]) < 0)
			return -1;
	return 0;
}

/* Report every atom of @p e that no value of its fact makes true (or
 * false). Returns how many were impossible. */
static size_t check_atoms(lint *L, solver *s, const char *file, const imr_expr *e)
{
	atom_list al = { NULL, 0, 0 };
	size_t i, bad = 0;
	if (collect_atoms(&al, e) < 0) {
		L->oom = 1;
		imr__free(al.items);
		return 0;
	}
	for (i = 0; i < al.count; i++) {
		const imr_expr *a = al.items[i];
		const char *fact = s->rules->facts[a->fact].name;
		char detail[160];
		fact_detail(detail, sizeof(detail), s->rules, a);
		if (can_be(s, a, 1, NULL, NULL) == SAT_NO) {
			report(L, "impossible-comparison", file, a->line, a->col,
			       "'%s' can never be true for any value of '%s'%s", a->text, fact, detail);
			bad++;
		} else if (can_be(s, a, 0, NULL, NULL) == SAT_NO) {
			report(L, "trivial-comparison", file, a->line, a->col,
			       "'%s' can never be false for any value of '%s'%s", a->text, fact, detail);
		}
	}
	imr__free(al.items);
	return bad;
}

/* Per criterion: whether its tests need to show it not met (its require
 * can be false) and whether it is dead (reported already). */
typedef struct crit_state {
	int dead;
	int never_false;
} crit_state;

static void check_rule_logic(lint *L, solver *s, const imr_rule *rule, crit_state *cs)
{
	const imr_expr *applies = rule->applies;
	size_t i;
	int applies_ok = 1;

	if (applies) {
		size_t bad = check_atoms(L, s, rule->file, applies);
		if (!bad && can_be(s, applies, 1, NULL, NULL) == SAT_NO) {
			report(L, "applies-never", rule->file, applies->line, applies->col,
			       "'applies' can never be true: rule '%s' applies to no request", rule->id);
			applies_ok = 0;
		} else if (bad) {
			applies_ok = 0;
		}
	}
	for (i = 0; i < rule->ncrits; i++) {
		const imr_crit *c = &rule->crits[i];
		size_t bad_when = c->when ? check_atoms(L, s, rule->file, c->when) : 0;
		size_t bad_req = check_atoms(L, s, rule->file, c->require);
		const imr_expr *ctx = applies_ok ? applies : NULL;
		if (!applies_ok) {
			cs[i].dead = 1;
			continue;
		}
		if (c->when && !bad_when && can_be(s, c->when, 1, ctx, NULL) == SAT_NO) {
			if (ctx && can_be(s, c->when, 1, NULL, NULL) != SAT_NO)
				report(L, "when-never-applies", rule->file, c->when->line, c->when->col,
				       "'when' can never be true where rule '%s' applies (applies: %s): criterion '%s' is never applicable",
				       rule->id, applies->text, c->id);
			else
				report(L, "when-never-applies", rule->file, c->when->line, c->when->col,
				       "'when' can never be true: criterion '%s' is never applicable", c->id);
			cs[i].dead = 1;
			continue;
		}
		if (bad_when || bad_req) {
			cs[i].dead = 1;
			continue;
		}
		if (can_be(s, c->require, 1, ctx, c->when) == SAT_NO) {
			if ((ctx || c->when) && can_be(s, c->require, 1, NULL, NULL) != SAT_NO)
				report(L, "require-never-met", rule->file, c->require->line, c->require->col,
				       "'require' can never be true where criterion '%s' applies: it is never met", c->id);
			else
				report(L, "require-never-met", rule->file, c->require->line, c->require->col,
				       "'require' can never be true: criterion '%s' is never met", c->id);
			cs[i].dead = 1;
			continue;
		}
		if (can_be(s, c->require, 0, ctx, c->when) == SAT_NO) {
			cs[i].never_false = 1;
			if (c->if_undocumented == IMR_UNDOC_NOT_MET)
				continue;
			if ((ctx || c->when) && can_be(s, c->require, 0, NULL, NULL) != SAT_NO)
				report(L, "require-always-holds", rule->file, c->require->line, c->require->col,
				       "'require' can never be false where criterion '%s' applies: it is never not met",
				       c->id);
			else
				report(L, "require-always-holds", rule->file, c->require->line, c->require->col,
				       "'require' can never be false: criterion '%s' is never not met", c->id);
		}
	}
}

/* Atoms of the vocabulary's derivations, lexicon inferences and unencoded
 * entries: the same impossible comparisons can hide there. */
static void check_other_expressions(lint *L, solver *s)
{
	const imr_rules *r = L->rules;
	size_t i, j;
	for (i = 0; i < r->nfacts; i++)
		if (r->facts[i].derive)
			check_atoms(L, s, r->facts[i].file, r->facts[i].derive);
	for (i = 0; i < r->nlexicons; i++)
		for (j = 0; j < r->lexicons[i].ninfers; j++)
			check_atoms(L, s, r->lexicons[i].file, r->lexicons[i].infers[j].when);
}

/* ---- overlapping complete rules ---- */

static void date_range_text(char *out, size_t size, int has_from, int32_t from, int has_to, int32_t to)
{
	char a[11], b[11];
	imr_date_format(a, from);
	imr_date_format(b, to);
	if (has_from && has_to)
		snprintf(out, size, "from %s to %s", a, b);
	else if (has_from)
		snprintf(out, size, "from %s on", a);
	else if (has_to)
		snprintf(out, size, "until %s", b);
	else
		snprintf(out, size, "at all times");
}

static void check_overlaps(lint *L, solver *s)
{
	const imr_rules *r = L->rules;
	size_t i, j;
	for (j = 0; j < r->nrules; j++) {
		const imr_rule *b = &r->rules[j];
		if (!b->complete || !b->guideline)
			continue;
		for (i = 0; i < j; i++) {
			const imr_rule *a = &r->rules[i];
			int has_from = a->has_from || b->has_from, has_to = a->has_to || b->has_to;
			int32_t from, to;
			char when[64];
			if (!a->complete || !a->guideline || strcmp(a->guideline, b->guideline) != 0)
				continue;
			from = !a->has_from ? b->from : !b->has_from ? a->from : a->from > b->from ? a->from : b->from;
			to = !a->has_to ? b->to : !b->has_to ? a->to : a->to < b->to ? a->to : b->to;
			if (has_from && has_to && from > to)
				continue;
			if (a->applies && b->applies && can_be(s, a->applies, 1, b->applies, NULL) != SAT_YES)
				continue;
			date_range_text(when, sizeof(when), has_from, from, has_to, to);
			report(L, "overlapping-rules", b->file, b->eff_line ? b->eff_line : b->applies ? b->applies->line : b->line,
			       b->eff_line ? b->eff_col : b->applies ? b->applies->col : b->col,
			       "complete %s rule '%s' overlaps complete rule '%s' (%s:%u): both apply to the same requests %s",
			       b->guideline, b->id, a->id, a->file, a->line, when);
			if (a->file == b->file)
				imr_diags_relate(L->diags, a->line, a->col);
		}
	}
}

/* ---- citations ---- */

static int is_roman(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strchr("ivxlcdmIVXLCDM", s[i]))
			return 0;
	return n > 0;
}

/* "46", "45-46", "300, 309", "xii-xiv": page numbers or ranges separated by
 * commas. Returns 0 when well-formed, 1 when malformed, 2 when a range runs
 * backwards. */
static int parse_pages(const char *pages)
{
	const char *p = pages;
	int any = 0;
	while (*p) {
		const char *a, *b = NULL;
		size_t alen, blen = 0;
		while (*p == ' ')
			p++;
		a = p;
		while (*p && *p != ',' && *p != '-' && *p != ' ')
			p++;
		alen = (size_t)(p - a);
		while (*p == ' ')
			p++;
		if (*p == '-') {
			p++;
			while (*p == ' ')
				p++;
			b = p;
			while (*p && *p != ',' && *p != ' ')
				p++;
			blen = (size_t)(p - b);
			while (*p == ' ')
				p++;
		}
		if (!alen || (b && !blen))
			return 1;
		{
			int adig = strspn(a, "0123456789") >= alen, bdig = b && strspn(b, "0123456789") >= blen;
			if (!adig && !is_roman(a, alen))
				return 1;
			if (b && !bdig && !is_roman(b, blen))
				return 1;
			if (b && adig && bdig && strtol(a, NULL, 10) > strtol(b, NULL, 10))
				return 2;
		}
		any = 1;
		if (*p == ',') {
			p++;
			if (!p[strspn(p, " ")])
				return 1; /* a trailing comma */
		} else if (*p) {
			return 1;
		}
	}
	return any ? 0 : 1;
}

static void check_citation(lint *L, const char *file, const imr_cit *cit, const imr_cit *rule_cit,
			   const char *whose)
{
	if (cit->pages) {
		int bad = parse_pages(cit->pages);
		if (bad == 1)
			report(L, "citation-pages", file, cit->pages_line, cit->pages_col,
			       "pages '%s' is not a list of pages or page ranges such as '46', '45-46' or '300, 309'",
			       cit->pages);
		else if (bad == 2)
			report(L, "citation-pages", file, cit->pages_line, cit->pages_col,
			       "page range '%s' runs backwards", cit->pages);
	}
	/* A criterion citation that names no document of its own refines the
	 * rule's, which is checked on its own. */
	if (rule_cit && !cit->document)
		return;
	if (!cit->section && !cit->pages)
		report(L, "citation-incomplete", file, cit->line, cit->col,
		       "the citation of %s does not say where in '%s' the position is: give a section or pages", whose,
		       cit->document ? cit->document : "its document");
	else if (cit->pages && !cit->section && !cit->chapter)
		report(L, "citation-incomplete", file, cit->line, cit->col,
		       "the citation of %s gives pages but no chapter or section they belong to", whose);
}

static void check_citations(lint *L, const imr_rule *rule)
{
	size_t i;
	char whose[300];
	snprintf(whose, sizeof(whose), "rule '%s'", rule->id);
	if (rule->cit.line)
		check_citation(L, rule->file, &rule->cit, NULL, whose);
	for (i = 0; i < rule->ncrits; i++) {
		if (!rule->crits[i].cit.line)
			continue;
		snprintf(whose, sizeof(whose), "criterion '%s'", rule->crits[i].id);
		check_citation(L, rule->file, &rule->crits[i].cit, &rule->cit, whose);
	}
}

/* ---- test cases and coverage ---- */

static void check_tests(lint *L, const imr_rule *rule)
{
	size_t i;
	for (i = 0; i < rule->ntests; i++) {
		const imr_rtest *t = &rule->tests[i];
		if (t->expect_necessary < 0 && !t->nexpect)
			report(L, "test-without-expectations", rule->file, t->line, t->col,
			       "test case '%s' expects nothing: give medically_necessary or criterion statuses",
			       t->name ? t->name : "?");
	}
}

/* "met" or "not met" gap of one criterion: never seen, or seen but never
 * expected by the case that produced it. */
static void coverage_gap(lint *L, const imr_rule *rule, const imr_crit *c, const char *status,
			 size_t seen, size_t checked)
{
	if (!seen)
		report(L, "criterion-coverage", rule->file, c->line, c->col,
		       "no test case of rule '%s' leaves criterion '%s' %s", rule->id, c->id, status);
	else if (!checked)
		report(L, "criterion-coverage", rule->file, c->line, c->col,
		       "test cases of rule '%s' leave criterion '%s' %s but none expects it (add '%s: %s' to its expect.criteria)",
		       rule->id, c->id, status, c->id, strcmp(status, "met") == 0 ? "met" : "not_met");
}

static void check_coverage(lint *L, const imr_rule *rule, const imr_ruletest_rule_coverage *rc,
			   const crit_state *cs)
{
	size_t i;
	if (!rule->ntests)
		return; /* no-tests says it already */
	for (i = 0; i < rule->ncrits && i < rc->count; i++) {
		const imr_ruletest_criterion_coverage *cc = &rc->criteria[i];
		const imr_crit *c = &rule->crits[i];
		int need_not_met = !cs[i].never_false || c->if_undocumented == IMR_UNDOC_NOT_MET;
		if (cs[i].dead)
			continue;
		if (!cc->met_checked && !cc->not_met_checked && !cc->met && !cc->not_met && need_not_met) {
			report(L, "criterion-coverage", rule->file, c->line, c->col,
			       "no test case of rule '%s' leaves criterion '%s' met or not met", rule->id, c->id);
			continue;
		}
		coverage_gap(L, rule, c, "met", cc->met, cc->met_checked);
		if (need_not_met)
			coverage_gap(L, rule, c, "not met", cc->not_met, cc->not_met_checked);
	}
}

/* ---- patterns ----
 *
 * regex-backtracking is a heuristic over the pattern text, not a proof.
 * The pattern is parsed into a small tree (characters and classes, groups
 * with their alternatives, zero-width assertions) with quantifiers, and
 * every character item gets the set of ASCII characters it can match
 * (letters in both cases; anything beyond ASCII is one coarse flag). A
 * group repeated without bound (*, +, {n,}) is reported when
 *   - it holds an item that is itself repeated without bound, and some
 *     alternative of the group has no mandatory item that can only match
 *     characters those inner repeats cannot: such a delimiter fixes where
 *     each repetition ends, so the text splits one way only
 *     ((?:\s*,\s*\w+)+ is fine, (\w+\s?)+ is not); or
 *   - two of its alternatives overlap: one literal is a prefix of the
 *     other ((a|aa)+), or both are single characters from overlapping
 *     sets ((\w|\d)+).
 * Atomic groups (?>...), possessive quantifiers and lookarounds never
 * backtrack into a repetition and are not reported. */

/* Beyond ASCII only three coarse kinds are told apart: enough to know
 * that \w and \s never overlap, whatever the script. */
enum { U_WORD = 1, U_SPACE = 2, U_OTHER = 4, U_ALL = 7 };

typedef struct cset {
	uint64_t lo, hi;  /* ASCII 0-63, 64-127 */
	unsigned other;   /* U_* kinds beyond ASCII it may match */
} cset;

static cset cs_none(void)
{
	cset s = { 0, 0, 0 };
	return s;
}

static cset cs_all(void)
{
	cset s = { ~(uint64_t)0, ~(uint64_t)0, U_ALL };
	return s;
}

static void cs_add(cset *s, int c)
{
	if (c < 0 || c > 127) {
		s->other |= U_WORD | U_OTHER;
		return;
	}
	if (c < 64)
		s->lo |= (uint64_t)1 << c;
	else
		s->hi |= (uint64_t)1 << (c - 64);
	/* letters in both cases: most patterns are caseless, and more
	 * overlap only makes the check more cautious */
	if (c >= 'a' && c <= 'z')
		s->hi |= (uint64_t)1 << (c - 'a' + 'A' - 64);
	else if (c >= 'A' && c <= 'Z')
		s->hi |= (uint64_t)1 << (c - 'A' + 'a' - 64);
}

static void cs_range(cset *s, int a, int b)
{
	int c;
	if (b > 127) {
		s->other |= U_WORD | U_OTHER;
		b = 127;
	}
	for (c = a; c <= b; c++)
		cs_add(s, c);
}

static cset cs_union(cset a, cset b)
{
	cset s = { a.lo | b.lo, a.hi | b.hi, a.other | b.other };
	return s;
}

static cset cs_not(cset a)
{
	cset s = { ~a.lo, ~a.hi, U_ALL & ~a.other };
	return s;
}

static int cs_empty(cset a)
{
	return !a.lo && !a.hi && !a.other;
}

static int cs_disjoint(cset a, cset b)
{
	return !(a.lo & b.lo) && !(a.hi & b.hi) && !(a.other & b.other);
}

/* \d \w \s and their complements; PCRE2_UCP makes them Unicode-aware, so
 * each may also match beyond ASCII. */
static cset cs_escape(int e, int *known)
{
	cset s = cs_none();
	*known = 1;
	switch (e) {
	case 'd': case 'D': cs_range(&s, '0', '9'); s.other = U_WORD; break;
	case 'w': case 'W':
		cs_range(&s, '0', '9');
		cs_range(&s, 'a', 'z');
		cs_add(&s, '_');
		s.other = U_WORD;
		break;
	case 's': case 'S': case 'h': case 'H': case 'v': case 'V': case 'R':
		cs_range(&s, '\t', '\r');
		cs_add(&s, ' ');
		s.other = U_SPACE;
		break;
	default: *known = 0; return s;
	}
	if (e == 'D')
		return cs_all(); /* other digits are words too: stay coarse */
	if (e == 'W' || e == 'S' || e == 'H' || e == 'V')
		return cs_not(s);
	return s;
}

enum { RX_CHARS, RX_ZERO, RX_GROUP, RX_ALT };

typedef struct rxn {
	int kind;
	cset cs;          /* RX_CHARS: what the item matches */
	int lit;          /* RX_CHARS: a plain literal character (lower case), or -1 */
	long min, max;    /* quantifier; max -1: no bound */
	int possessive, atomic, lookaround;
	size_t off;       /* byte offset in the pattern */
	int kid, last, next;
} rxn;

typedef struct rx_finding {
	size_t off;
	int kind;         /* 1 nested repeat, 2 overlapping alternatives */
	char a[65], b[65];
} rx_finding;

typedef struct rx {
	const char *p;
	size_t n, i;
	unsigned depth;
	rxn *nodes;
	size_t count, cap;
	rx_finding found[4];
	size_t nfound;
} rx;

static int rx_node(rx *x, int kind, int parent)
{
	rxn *nd;
	if (x->count == x->cap)
		return -1;
	nd = &x->nodes[x->count];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	nd->lit = -1;
	nd->min = nd->max = 1;
	nd->kid = nd->last = nd->next = -1;
	nd->off = x->i;
	if (parent >= 0) {
		if (x->nodes[parent].last >= 0)
			x->nodes[x->nodes[parent].last].next = (int)x->count;
		else
			x->nodes[parent].kid = (int)x->count;
		x->nodes[parent].last = (int)x->count;
	}
	return (int)x->count++;
}

static void rx_skip_past(rx *x, char close)
{
	while (x->i < x->n && x->p[x->i] != close)
		x->i++;
	if (x->i < x->n)
		x->i++;
}

/* A character class [...] at x->i. */
static cset rx_class(rx *x)
{
	cset s = cs_none();
	int negated = 0, first = 1;
	x->i++;
	if (x->i < x->n && x->p[x->i] == '^') {
		negated = 1;
		x->i++;
	}
	while (x->i < x->n && (x->p[x->i] != ']' || first)) {
		int c = (unsigned char)x->p[x->i], lo = c, known;
		first = 0;
		if (c == '[' && x->i + 1 < x->n && x->p[x->i + 1] == ':') {
			/* [:alpha:] and friends: taken as anything */
			const char *end = strstr(x->p + x->i + 2, ":]");
			s = cs_union(s, cs_all());
			x->i = end && (size_t)(end - x->p) < x->n ? (size_t)(end - x->p) + 2 : x->n;
			continue;
		}
		x->i++;
		if (c == '\\' && x->i < x->n) {
			int e = (unsigned char)x->p[x->i++];
			cset esc = cs_escape(e, &known);
			if (known) {
				s = cs_union(s, esc);
				continue;
			}
			lo = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'f' ? '\f' : e;
			if (((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) &&
			    lo == e) {
				s = cs_union(s, cs_all()); /* \x.., \p{..}, octal: not decoded */
				continue;
			}
		}
		if (x->i + 1 < x->n && x->p[x->i] == '-' && x->p[x->i + 1] != ']') {
			int hi = (unsigned char)x->p[x->i + 1];
			x->i += 2;
			if (hi == '\\') {
				s = cs_union(s, cs_all());
				if (x->i < x->n)
					x->i++;
				continue;
			}
			cs_range(&s, lo, hi);
			continue;
		}
		cs_add(&s, lo);
	}
	if (x->i < x->n)
		x->i++; /* ] */
	return negated ? cs_not(s) : s;
}

/* An escape at x->i into @p nd (an RX_CHARS or RX_ZERO node). */
static void rx_escape(rx *x, rxn *nd)
{
	int e = x->i + 1 < x->n ? (unsigned char)x->p[x->i + 1] : '\\', known;
	cset esc = cs_escape(e, &known);
	x->i += 2;
	if (known) {
		nd->cs = esc;
		return;
	}
	switch (e) {
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
		nd->kind = RX_ZERO;
		return;
	case 't': case 'n': case 'r': case 'f':
		nd->lit = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : '\f';
		cs_add(&nd->cs, nd->lit);
		return;
	case 'Q': {
		/* \Q...\E: quoted text, taken as one item of its characters */
		const char *end = strstr(x->p + x->i, "\\E");
		size_t stop = end && (size_t)(end - x->p) < x->n ? (size_t)(end - x->p) : x->n;
		for (; x->i < stop; x->i++)
			cs_add(&nd->cs, (unsigned char)x->p[x->i]);
		x->i = stop < x->n ? stop + 2 : x->n;
		if (cs_empty(nd->cs))
			nd->kind = RX_ZERO;
		return;
	}
	case 'x': case 'o': case 'p': case 'P': case 'g': case 'k':
		/* \x{..}, \p{..}, \g{..}, \k<..>: skip the braces; back references
		 * and properties are taken as anything */
		if (x->i < x->n && strchr("{<'", x->p[x->i]))
			rx_skip_past(x, x->p[x->i] == '{' ? '}' : x->p[x->i] == '<' ? '>' : '\'');
		else
			while (x->i < x->n && strchr("0123456789abcdefABCDEF-+", x->p[x->i]))
				x->i++;
		nd->cs = cs_all();
		return;
	case 'c':
		if (x->i < x->n)
			x->i++;
		nd->cs = cs_all();
		return;
	default:
		if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
			while (e >= '0' && e <= '9' && x->i < x->n && x->p[x->i] >= '0' && x->p[x->i] <= '9')
				x->i++;
			nd->cs = cs_all(); /* \X, \N, \C, \e, back references \1, ... */
			return;
		}
		nd->lit = e;
		cs_add(&nd->cs, e);
		return;
	}
}

/* A quantifier at x->i, if any, into @p nd. Returns 0 when there is none. */
static int rx_quantifier(rx *x, rxn *nd)
{
	const char *p = x->p;
	size_t i = x->i;
	long a = 0, b;
	if (i >= x->n)
		return 0;
	if (p[i] == '*' || p[i] == '+' || p[i] == '?') {
		a = p[i] == '+';
		b = p[i] == '?' ? 1 : -1;
		i++;
	} else if (p[i] == '{') {
		size_t j = i + 1;
		int digits = 0;
		while (j < x->n && p[j] >= '0' && p[j] <= '9') {
			a = a < 100000 ? a * 10 + (p[j] - '0') : a;
			j++;
			digits = 1;
		}
		if (!digits)
			return 0; /* "{,m}" and "{x" are literal text in PCRE2 10.42 */
		b = a;
		if (j < x->n && p[j] == ',') {
			j++;
			b = -1;
			if (j < x->n && p[j] >= '0' && p[j] <= '9')
				for (b = 0; j < x->n && p[j] >= '0' && p[j] <= '9'; j++)
					b = b < 100000 ? b * 10 + (p[j] - '0') : b;
		}
		if (j >= x->n || p[j] != '}')
			return 0;
		i = j + 1;
	} else {
		return 0;
	}
	nd->min = a;
	nd->max = b;
	if (i < x->n && p[i] == '+') {
		nd->possessive = 1;
		i++;
	} else if (i < x->n && p[i] == '?') {
		i++; /* lazy: backtracks all the same */
	}
	x->i = i;
	return 1;
}

static void rx_alts(rx *x, int group);

/* A group at x->i ('('): fills node @p g, or turns it into an RX_ZERO
 * node for option settings, comments and verbs. */
static void rx_group(rx *x, int g)
{
	const char *p = x->p;
	x->i++;
	if (x->i < x->n && p[x->i] == '*') {
		rx_skip_past(x, ')'); /* (*VERB) */
		x->nodes[g].kind = RX_ZERO;
		return;
	}
	if (x->i < x->n && p[x->i] == '?') {
		x->i++;
		if (x->i >= x->n) {
			x->nodes[g].kind = RX_ZERO;
			return;
		}
		switch (p[x->i]) {
		case '#': rx_skip_past(x, ')'); x->nodes[g].kind = RX_ZERO; return;
		case ':': case '|': x->i++; break;
		case '>': x->i++; x->nodes[g].atomic = 1; break;
		case '=': case '!': x->i++; x->nodes[g].lookaround = 1; break;
		case '<':
			if (x->i + 1 < x->n && (p[x->i + 1] == '=' || p[x->i + 1] == '!')) {
				x->i += 2;
				x->nodes[g].lookaround = 1;
			} else {
				rx_skip_past(x, '>'); /* (?<name> */
			}
			break;
		case '\'': x->i++; rx_skip_past(x, '\''); break;
		case '(': rx_skip_past(x, ')'); break; /* conditional: skip the condition */
		case 'P':
			if (x->i + 1 < x->n && p[x->i + 1] == '<') {
				rx_skip_past(x, '>');
				break;
			}
			rx_skip_past(x, ')'); /* (?P>name), (?P=name): anything */
			x->nodes[g].kind = RX_CHARS;
			x->nodes[g].cs = cs_all();
			return;
		default:
			if (strchr("RP&+-0123456789", p[x->i])) {
				rx_skip_past(x, ')'); /* recursion or reference: anything */
				x->nodes[g].kind = RX_CHARS;
				x->nodes[g].cs = cs_all();
				return;
			}
			/* options: (?i) alone, or (?i:...) as a group */
			while (x->i < x->n && p[x->i] != ')' && p[x->i] != ':')
				x->i++;
			if (x->i >= x->n || p[x->i++] == ')') {
				x->nodes[g].kind = RX_ZERO;
				return;
			}
			break;
		}
	}
	x->depth++;
	rx_alts(x, g);
	x->depth--;
	if (x->i < x->n && p[x->i] == ')')
		x->i++;
}

/* Items up to '|', ')' or the end, as children of @p alt. */
static void rx_seq(rx *x, int alt)
{
	while (x->i < x->n && x->p[x->i] != '|' && x->p[x->i] != ')') {
		int c = (unsigned char)x->p[x->i];
		int it = rx_node(x, RX_CHARS, alt);
		rxn *nd;
		if (it < 0) {
			x->i = x->n;
			return;
		}
		nd = &x->nodes[it];
		if (c == '(') {
			if (x->depth >= 64) { /* deeper than PCRE2 compiles */
				x->i = x->n;
				return;
			}
			nd->kind = RX_GROUP;
			rx_group(x, it);
			nd = &x->nodes[it];
		} else if (c == '[') {
			nd->cs = rx_class(x);
		} else if (c == '\\') {
			rx_escape(x, nd);
		} else if (c == '.') {
			nd->cs = cs_all();
			x->i++;
		} else if (c == '^' || c == '$') {
			nd->kind = RX_ZERO;
			x->i++;
		} else if (c >= 0x80) {
			/* one UTF-8 sequence: one character beyond ASCII */
			x->i++;
			while (x->i < x->n && ((unsigned char)x->p[x->i] & 0xC0) == 0x80)
				x->i++;
			nd->cs.other = U_WORD | U_OTHER;
		} else {
			nd->lit = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
			cs_add(&nd->cs, c);
			x->i++;
		}
		(void)rx_quantifier(x, nd);
	}
}

static void rx_alts(rx *x, int group)
{
	for (;;) {
		int alt = rx_node(x, RX_ALT, group);
		if (alt < 0) {
			x->i = x->n;
			return;
		}
		rx_seq(x, alt);
		if (x->i < x->n && x->p[x->i] == '|') {
			x->i++;
			continue;
		}
		return;
	}
}

/* ---- analysis of the tree ---- */

static cset rx_chars(const rx *x, int n)
{
	const rxn *nd = &x->nodes[n];
	cset s = cs_none();
	int k;
	if (nd->kind == RX_CHARS)
		return nd->cs;
	if (nd->kind == RX_ZERO || nd->lookaround)
		return s;
	for (k = nd->kid; k >= 0; k = x->nodes[k].next)
		s = cs_union(s, rx_chars(x, k));
	return s;
}

/* What the items repeated without bound inside @p n match (and @p n
 * itself when it is), leaving out what cannot be backtracked into. */
static cset rx_unbounded(const rx *x, int n, int self, int *any)
{
	const rxn *nd = &x->nodes[n];
	cset s = cs_none();
	int k;
	if (nd->possessive || nd->atomic || nd->lookaround || nd->kind == RX_ZERO)
		return s;
	for (k = nd->kid; k >= 0; k = x->nodes[k].next)
		s = cs_union(s, rx_unbounded(x, k, 1, any));
	if (self && nd->kind != RX_ALT && nd->max < 0) {
		*any = 1;
		s = cs_union(s, rx_chars(x, n));
	}
	return s;
}

static int rx_nullable(const rx *x, int n)
{
	const rxn *nd = &x->nodes[n];
	int k;
	if (nd->kind == RX_ZERO || nd->lookaround || (nd->kind != RX_ALT && nd->min == 0))
		return 1;
	if (nd->kind == RX_CHARS)
		return 0;
	for (k = nd->kid; k >= 0; k = x->nodes[k].next) {
		int kn = rx_nullable(x, k);
		if (nd->kind == RX_GROUP && kn)
			return 1;  /* an alternative that can be empty */
		if (nd->kind == RX_ALT && !kn)
			return 0;  /* an item that cannot */
	}
	return nd->kind == RX_ALT;
}

/* The characters a match of @p n can start with. */
static cset rx_first(const rx *x, int n)
{
	const rxn *nd = &x->nodes[n];
	cset s = cs_none();
	int k;
	if (nd->kind == RX_CHARS)
		return nd->cs;
	if (nd->kind == RX_ZERO || nd->lookaround)
		return s;
	for (k = nd->kid; k >= 0; k = x->nodes[k].next) {
		s = cs_union(s, rx_first(x, k));
		if (nd->kind == RX_ALT && !rx_nullable(x, k))
			break;
	}
	return s;
}

/* What the items repeated without bound inside @p n can start with. */
static cset rx_unbounded_first(const rx *x, int n, int self)
{
	const rxn *nd = &x->nodes[n];
	cset s = cs_none();
	int k;
	if (nd->possessive || nd->atomic || nd->lookaround || nd->kind == RX_ZERO)
		return s;
	for (k = nd->kid; k >= 0; k = x->nodes[k].next)
		s = cs_union(s, rx_unbounded_first(x, k, 1));
	if (self && nd->kind != RX_ALT && nd->max < 0)
		s = cs_union(s, rx_first(x, n));
	return s;
}

/* Whether alternative @p alt must consume a character outside @p u. */
static int rx_delimited(const rx *x, int alt, cset u)
{
	int k;
	for (k = x->nodes[alt].kid; k >= 0; k = x->nodes[k].next) {
		const rxn *nd = &x->nodes[k];
		int a, all = 1;
		if (nd->min < 1 || nd->kind == RX_ZERO || nd->lookaround)
			continue;
		if (nd->kind == RX_CHARS) {
			if (!cs_empty(nd->cs) && cs_disjoint(nd->cs, u))
				return 1;
			continue;
		}
		for (a = nd->kid; a >= 0 && all; a = x->nodes[a].next)
			all = rx_delimited(x, a, u);
		if (all && nd->kid >= 0)
			return 1;
	}
	return 0;
}

/* An alternative as literal text (@p buf, at most 64 bytes) or as a single
 * character item (*single). Returns the text length, 0 when not literal. */
static size_t rx_alt_literal(const rx *x, int alt, char *buf, const rxn **single)
{
	size_t len = 0, items = 0;
	int k, literal = 1;
	*single = NULL;
	for (k = x->nodes[alt].kid; k >= 0; k = x->nodes[k].next) {
		const rxn *nd = &x->nodes[k];
		if (nd->kind == RX_ZERO)
			continue;
		items++;
		*single = nd;
		if (nd->kind != RX_CHARS || nd->lit < 0 || nd->min != 1 || nd->max != 1 || len >= 64)
			literal = 0;
		else
			buf[len++] = (char)nd->lit;
	}
	if (items != 1 || (*single)->kind != RX_CHARS || (*single)->min != 1 || (*single)->max != 1)
		*single = NULL;
	buf[literal ? len : 0] = '\0';
	return literal ? len : 0;
}

static void rx_add(rx *x, size_t off, int kind, const char *a, const char *b)
{
	rx_finding *f;
	if (x->nfound == sizeof(x->found) / sizeof(x->found[0]))
		return;
	f = &x->found[x->nfound++];
	f->off = off;
	f->kind = kind;
	snprintf(f->a, sizeof(f->a), "%s", a ? a : "");
	snprintf(f->b, sizeof(f->b), "%s", b ? b : "");
}

static void rx_check_group(rx *x, int g)
{
	const rxn *nd = &x->nodes[g];
	int inner = 0, a, b;
	cset u = cs_none();
	for (a = nd->kid; a >= 0; a = x->nodes[a].next)
		u = cs_union(u, rx_unbounded(x, a, 1, &inner));
	if (inner) {
		/* Safe when a repetition cannot start where an inner repeat could
		 * go on (the group starts with characters no inner repeat starts
		 * with), or when every alternative has a delimiter. */
		cset first = cs_none(), ufirst = cs_none();
		int nullable = 0, delimited = 1;
		for (a = nd->kid; a >= 0; a = x->nodes[a].next) {
			first = cs_union(first, rx_first(x, a));
			ufirst = cs_union(ufirst, rx_unbounded_first(x, a, 1));
			nullable |= rx_nullable(x, a);
			delimited &= rx_delimited(x, a, u);
		}
		if (!delimited && (nullable || !cs_disjoint(first, ufirst))) {
			rx_add(x, nd->off, 1, NULL, NULL);
			return;
		}
	}
	for (a = nd->kid; a >= 0; a = x->nodes[a].next) {
		char ta[65];
		const rxn *sa;
		size_t la = rx_alt_literal(x, a, ta, &sa);
		for (b = x->nodes[a].next; b >= 0; b = x->nodes[b].next) {
			char tb[65];
			const rxn *sb;
			size_t lb = rx_alt_literal(x, b, tb, &sb);
			int overlap = 0;
			if (la && lb)
				overlap = strncmp(ta, tb, la < lb ? la : lb) == 0;
			else if (sa && sb)
				overlap = !cs_disjoint(sa->cs, sb->cs);
			if (overlap) {
				rx_add(x, nd->off, 2, la ? ta : NULL, lb ? tb : NULL);
				return;
			}
		}
	}
}

static void rx_scan(rx *x)
{
	size_t n;
	for (n = 0; n < x->count; n++) {
		const rxn *nd = &x->nodes[n];
		if (nd->kind == RX_GROUP && nd->max < 0 && !nd->possessive && !nd->atomic && !nd->lookaround)
			rx_check_group(x, (int)n);
	}
}

/* Parse and check one pattern; findings in x->found. Returns IMR_ENOMEM
 * or 0. */
static int rx_analyse(rx *x, const char *pattern, size_t len)
{
	int root;
	memset(x, 0, sizeof(*x));
	x->p = pattern;
	x->n = len;
	x->cap = 3 * len + 8; /* an item per character, plus groups and alternatives */
	x->nodes = imr__calloc(x->cap, sizeof(rxn));
	if (!x->nodes)
		return IMR_ENOMEM;
	root = rx_node(x, RX_GROUP, -1);
	while (x->i < x->n) {
		rx_alts(x, root);
		if (x->i < x->n)
			x->i++; /* a stray ')' */
	}
	rx_scan(x);
	imr__free(x->nodes);
	x->nodes = NULL;
	return 0;
}

static void check_pattern(lint *L, const char *file, const imr_ynode *node, int caseless)
{
	imr_regex *re = NULL;
	char msg[256];
	size_t off = 0, i;
	rx x;
	if (node->kind != IMR_Y_SCALAR || !node->len)
		return;
	if (imr__regex_compile(&re, node->str, node->len, caseless ? IMR_REGEX_CASELESS : 0, &L->lim, msg,
			       sizeof(msg), &off) == IMR_ENOMEM) {
		L->oom = 1;
		return;
	}
	if (!re)
		return; /* the loader reported it */
	if (imr__regex_matches_empty(re)) {
		report(L, "regex-empty-match", file, node->line, node->col,
		       "pattern '%s' can match the empty string, so it matches everywhere", node->str);
	} else if (!imr__regex_atoms(re)->count) {
		const imr_atoms *a = imr__regex_atoms(re);
		report(L, "regex-no-literal", file, node->line, imr__ynode_column(node, a->why_at),
		       "pattern '%s' has no literal text every match must contain (%s), so the prefilter cannot skip it: it runs over every text in full",
		       node->str, a->why);
	}
	imr__regex_free(re);
	if (rx_analyse(&x, node->str, node->len) < 0) {
		L->oom = 1;
		return;
	}
	for (i = 0; i < x.nfound; i++) {
		const rx_finding *f = &x.found[i];
		unsigned col = imr__ynode_column(node, f->off);
		if (f->kind == 1)
			report(L, "regex-backtracking", file, node->line, col,
			       "the group at offset %zu repeats without bound and holds a part that does too, with no delimiter between repetitions: catastrophic backtracking on text that almost matches",
			       f->off);
		else if (f->a[0] && f->b[0])
			report(L, "regex-backtracking", file, node->line, col,
			       "alternatives '%s' and '%s' of the repeated group at offset %zu overlap: catastrophic backtracking on text that almost matches",
			       f->a, f->b, f->off);
		else
			report(L, "regex-backtracking", file, node->line, col,
			       "alternatives of the repeated group at offset %zu can match the same character: catastrophic backtracking on text that almost matches",
			       f->off);
	}
}

/* The lexicon and context files again, for the position of each pattern:
 * the compiled lexicon keeps patterns, not where they were written. */
static void check_pattern_file(lint *L, const char *file, int context)
{
	imr_diags scratch = IMR_DIAGS_INIT;
	imr_ydoc *doc = NULL;
	const imr_ynode *root, *list;
	size_t i, j;
	int err = imr__yaml_parse_file(&doc, file, &L->lim, &scratch);
	imr_diags_dispose(&scratch);
	if (err == IMR_ENOMEM)
		L->oom = 1;
	if (err < 0 || !(root = imr__ydoc_root(doc)) || root->kind != IMR_Y_MAP) {
		imr__ydoc_free(doc);
		return;
	}
	if (context) {
		/* every list of a context file is a list of trigger patterns */
		for (i = 0; i < root->count; i++) {
			list = root->kids[2 * i + 1];
			for (j = 0; list->kind == IMR_Y_SEQ && j < list->count; j++)
				check_pattern(L, file, list->kids[j], 1);
		}
	} else if ((list = imr__ymap_get(root, "entries", NULL)) && list->kind == IMR_Y_SEQ) {
		for (i = 0; i < list->count; i++) {
			const imr_ynode *entry = list->kids[i], *pats, *cs;
			int sensitive = 0;
			if (entry->kind != IMR_Y_MAP)
				continue;
			if ((cs = imr__ymap_get(entry, "case_sensitive", NULL)))
				(void)imr__ynode_as_bool(cs, &sensitive);
			pats = imr__ymap_get(entry, "patterns", NULL);
			for (j = 0; pats && pats->kind == IMR_Y_SEQ && j < pats->count; j++)
				check_pattern(L, file, pats->kids[j], !sensitive);
		}
	}
	imr__ydoc_free(doc);
}

/* ---- entry points ---- */

int imr_lint_rules(imr_diags *diags, const imr_rules *rules, const imr_lint_options *opts)
{
	lint L;
	solver s;
	size_t r, errors_before = diags->errors;
	crit_state *cs = NULL;
	imr_ruletest_report report_ = { 0 };
	int have_report = 0, err;

	memset(&L, 0, sizeof(L));
	memset(&s, 0, sizeof(s));
	L.rules = rules;
	L.diags = diags;
	L.lim = imr_limits_resolve(opts ? opts->limits : NULL);
	s.rules = rules;

	if (!opts || !opts->no_coverage) {
		imr_ruletest_options topts = IMR_RULETEST_OPTIONS_INIT;
		topts.limits = opts ? opts->limits : NULL;
		err = imr_ruletest_run(&report_, rules, &topts, NULL);
		if (err == IMR_ENOMEM)
			L.oom = 1;
		have_report = err == IMR_OK;
	}
	for (r = 0; r < rules->nrules && !L.oom; r++) {
		const imr_rule *rule = &rules->rules[r];
		imr__free(cs);
		cs = imr__calloc(rule->ncrits + 1, sizeof(*cs));
		if (!cs) {
			L.oom = 1;
			break;
		}
		check_rule_logic(&L, &s, rule, cs);
		check_citations(&L, rule);
		check_tests(&L, rule);
		if (have_report && r < report_.nrules)
			check_coverage(&L, rule, &report_.rules[r], cs);
	}
	imr__free(cs);
	if (!L.oom)
		check_other_expressions(&L, &s);
	if (!L.oom)
		check_overlaps(&L, &s);
	for (r = 0; r < rules->nlexicons && !L.oom; r++)
		check_pattern_file(&L, rules->lexicons[r].file, 0);
	if (!L.oom && rules->context.file)
		check_pattern_file(&L, rules->context.file, 1);
	imr_ruletest_report_dispose(&report_);
	imr__free(s.lits);
	if (L.oom || diags->oom) {
		diags->oom = 1;
		return IMR_ENOMEM;
	}
	return diags->errors > errors_before ? IMR_EINVALID : IMR_OK;
}

int imr_lint_paths(imr_lint_stats *stats, imr_diags *diags, const char *const *paths, size_t count,
		   const imr_lint_options *opts)
{
	imr_rules_options ropts = IMR_RULES_OPTIONS_INIT;
	imr_rules *rules = NULL;
	size_t i, errors_before = diags->errors;
	int err;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	ropts.limits = opts ? opts->limits : NULL;
	err = imr_rules_load_paths(&rules, paths, count, &ropts, diags);
	if (err == IMR_OK) {
		if (stats) {
			stats->loaded = 1;
			stats->files = imr_rules_file_count(rules);
			stats->rules = imr_rules_count(rules);
		}
		err = imr_lint_rules(diags, rules, opts);
		imr_rules_free(rules);
	}
	imr_diags_sort(diags);
	if (stats) {
		for (i = 0; i < diags->count; i++) {
			stats->errors += diags->items[i].severity == IMR_SEVERITY_ERROR;
			stats->warnings += diags->items[i].severity == IMR_SEVERITY_WARNING;
		}
	}
	if (err == IMR_OK && diags->errors > errors_before)
		err = IMR_EINVALID;
	return err;
}
