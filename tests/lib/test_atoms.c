/* test_atoms.c - required literals read from pattern syntax: literal runs,
 * alternations, classes, repeats, word-boundary edges, distance bounds with
 * run classes, what makes a pattern have none, and the two characters that
 * keep a text from the prefilter (checked against PCRE2 itself). */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "alloc.h"
#include "atoms.h"

/* The atoms of @p pattern as "a|b|c" with < and > for word edges, sorted
 * by text, or "NONE: reason", read with @p reader's memory (or none). */
static const char *atoms_read(const char *pattern, int caseless, imr_atoms_reader *reader, imr_atoms *keep)
{
	static char out[4096];
	imr_atoms a;
	char *items[256];
	size_t i, o = 0;
	assert_int_equal(imr__atoms_extract(&a, pattern, strlen(pattern), caseless, reader), IMR_OK);
	if (!a.count) {
		snprintf(out, sizeof(out), "NONE: %s", a.why);
	} else {
		for (i = 0; i < a.count; i++) {
			items[i] = malloc(a.lens[i] + 3);
			snprintf(items[i], a.lens[i] + 3, "%s%.*s%s", a.edges[i] & IMR_ATOMS_WORD_BEFORE ? "<" : "",
				 (int)a.lens[i], a.lits[i], a.edges[i] & IMR_ATOMS_WORD_AFTER ? ">" : "");
		}
		/* a stable order for comparison */
		for (i = 1; i < a.count; i++) {
			size_t j;
			for (j = i; j > 0 && strcmp(items[j - 1] + (items[j - 1][0] == '<'), items[j] + (items[j][0] == '<')) > 0; j--) {
				char *t = items[j];
				items[j] = items[j - 1];
				items[j - 1] = t;
			}
		}
		out[0] = '\0';
		for (i = 0; i < a.count; i++) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", i ? "|" : "", items[i]);
			free(items[i]);
		}
	}
	if (keep)
		*keep = a;
	else
		imr__atoms_dispose(&a);
	return out;
}

static const char *atoms_of(const char *pattern, int caseless, imr_atoms *keep)
{
	return atoms_read(pattern, caseless, NULL, keep);
}

#define assert_atoms(pattern, want) assert_string_equal(atoms_of((pattern), 1, NULL), (want))

static void literal_runs_are_atoms(void **state)
{
	(void)state;
	assert_atoms("sciatica", "sciatica");
	assert_atoms("\\bsciatica\\b", "<sciatica>");
	assert_atoms("SI\\s+joint\\b", "joint>");
	/* longer than an atom keeps: 16 of its bytes */
	assert_atoms("electrodiagnostically", "rodiagnostically");
	assert_atoms("\\Qp. 46\\E", "p. 46");
	assert_atoms("Page\\(s\\):", "page(s):");
}

static void alternations_give_one_atom_per_branch(void **state)
{
	(void)state;
	assert_atoms("\\b(?:ESI|epidural)\\b", "<epidural>|<esi>");
	assert_atoms("(?:lumbar|cervical) fusion", "cervical fusion|lumbar fusion");
	/* a branch with nothing literal makes the alternation say nothing */
	assert_atoms("(?:\\d+|left)\\s+side", "side");
	/* suffixes and prefixes are combined where they meet */
	assert_atoms("(?:ante|retro)listhesis", "antelisthesis|retrolisthesis");
}

static void small_classes_and_options_multiply(void **state)
{
	(void)state;
	assert_atoms("dis[ck]ectomy", "discectomy|diskectomy");
	assert_atoms("re-?evaluation", "re-evaluation|reevaluation");
	assert_atoms("\\bx-?rays?\\b", "<x-ray>|<x-rays>|<xray>|<xrays>");
	assert_atoms("L[1-5]-S1", "l1-s1|l2-s1|l3-s1|l4-s1|l5-s1");
	/* a class too wide to spell out ends the literal */
	assert_atoms("L[0-9]-S1", "-s1");
}

static void repeats_keep_the_first_copy(void **state)
{
	(void)state;
	assert_atoms("(?:pain\\s+)+level", "pain");
	assert_atoms("(?:nerve){2,3}", "nerve");
	/* an optional part is not required */
	assert_atoms("(?:severe\\s+)?stenosis", "stenosis");
}

static void caseless_non_ascii_is_not_an_atom(void **state)
{
	imr_atoms a;
	(void)state;
	/* è has case partners: the atom stops before it */
	assert_string_equal(atoms_of("\\bLas[eè]gue\\b", 1, NULL), "gue>");
	/* case-sensitive, it is a byte like any other */
	assert_string_equal(atoms_of("Lasègue", 0, &a), "las\xc3\xa8gue");
	imr__atoms_dispose(&a);
}

static void what_the_reader_does_not_read_has_none(void **state)
{
	(void)state;
	assert_atoms("\\Gfoo", "NONE: \\G ties a match to where the search starts");
	assert_atoms("(?x) foo bar", "NONE: extended syntax (?x) is not read by the prefilter");
	assert_atoms("(*SKIP)foo", "NONE: verbs such as (*SKIP) are not read by the prefilter");
	assert_atoms("(a)(?1)", "NONE: a group the prefilter does not read");
	assert_atoms("(?(1)a|b)", "NONE: a group the prefilter does not read");
	assert_atoms("\\d+\\s*(?:mm|cm)?", "NONE: no literal text is common to every match");
	assert_atoms("\\w+", "NONE: no literal text is common to every match");
}

static void back_references_match_anything(void **state)
{
	(void)state;
	assert_atoms("(\\w+) and \\1", " and ");
	assert_atoms("(?<w>\\w+)\\k<w>", "NONE: no literal text is common to every match");
}

static void lookaheads_may_give_atoms_lookbehinds_do_not(void **state)
{
	imr_atoms a;
	(void)state;
	assert_atoms("(?<!Dr )\\bPatrick\\b", "<patrick>");
	assert_atoms("(?<=\\bnegative),", ",");
	/* what a lookahead requires lies after the start of the match */
	assert_string_equal(atoms_of("pain(?=\\s+radiating)", 1, &a), "radiating");
	assert_int_equal(a.pre.c, 4);
	imr__atoms_dispose(&a);
	assert_atoms("\\s+(?=rule\\s+out\\b)", "rule");
	/* what a negative one forbids is nowhere */
	assert_atoms("pain(?!\\s+free)", "pain");
}

/* The second atoms of @p pattern (caseless) as "a|b" with < and > for
 * word edges, in the order kept, or "" when it has none. */
static const char *second_atoms_of(const char *pattern, imr_atoms *keep)
{
	static char out[4096];
	imr_atoms a;
	size_t i, o = 0;
	assert_int_equal(imr__atoms_extract(&a, pattern, strlen(pattern), 1, NULL), IMR_OK);
	out[0] = '\0';
	for (i = 0; i < a.ccount; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s%.*s%s", i ? "|" : "",
				      a.cedges[i] & IMR_ATOMS_WORD_BEFORE ? "<" : "", (int)a.clens[i], a.clits[i],
				      a.cedges[i] & IMR_ATOMS_WORD_AFTER ? ">" : "");
	if (keep)
		*keep = a;
	else
		imr__atoms_dispose(&a);
	return out;
}

static void a_runner_up_cover_gives_second_atoms(void **state)
{
	imr_atoms a;
	(void)state;
	/* the nearer name is the atom; the farther one, at most 10 + 60
	 * bytes from the start, confirms a window */
	assert_atoms("\\bgabapentin\\b[ -~]{0,60}\\bpregabalin\\b", "<gabapentin>");
	assert_string_equal(second_atoms_of("\\bgabapentin\\b[ -~]{0,60}\\bpregabalin\\b", &a), "<pregabalin>");
	assert_int_equal(a.cpre.c, 70);
	assert_int_equal(a.cpre.coef[0], 0);
	imr__atoms_dispose(&a);
	/* what a lookahead requires can confirm too */
	assert_string_equal(second_atoms_of("\\bradiculopathy(?=\\s+(?:\\w+\\s+){0,3}?confirmed\\b)", NULL),
			    "confirmed>");
	/* each side of an alternation brings its own: one name of each pair
	 * is an atom, the other a second atom */
	{
		static const char pairs[] = "\\bgabapentin\\s+pregabalin\\b|\\bduloxetine\\s+venlafaxine\\b";
		char first[256], second[256];
		snprintf(second, sizeof(second), "%s", second_atoms_of(pairs, NULL));
		snprintf(first, sizeof(first), "%s", atoms_of(pairs, 1, NULL));
		assert_true((strstr(first, "gabapentin") && strstr(first, "duloxetine") && strstr(second, "pregabalin") &&
			     strstr(second, "venlafaxine")) ||
			    (strstr(first, "pregabalin") && strstr(first, "venlafaxine") && strstr(second, "gabapentin") &&
			     strstr(second, "duloxetine")));
	}
	/* one side without any: none */
	assert_string_equal(second_atoms_of("\\bgabapentin\\s+pregabalin\\b|\\bduloxetine\\b", NULL), "");
	/* each comes with how common it is, for the prefilter to judge */
	assert_string_equal(second_atoms_of("\\bkyphoplasty\\s+(?:of|at)\\b", &a), "of>|at>");
	assert_true(a.cfreqs[0] > 0.001 && a.cfreqs[1] > 0.001);
	imr__atoms_dispose(&a);
	second_atoms_of("\\bgabapentin\\b[ -~]{0,60}\\bpregabalin\\b", &a);
	assert_true(a.cfreqs[0] < 0.0001);
	imr__atoms_dispose(&a);
	/* a single literal has no runner-up */
	assert_string_equal(second_atoms_of("\\bkyphoplasty\\b", NULL), "");
}

/* A lookbehind that opens the pattern lies just before every match: its
 * cover gives second atoms that may start up to its length before the
 * match (cback), when nothing lets the lookbehind be skipped. */
static void a_leading_lookbehind_gives_second_atoms(void **state)
{
	imr_atoms a;
	(void)state;
	assert_string_equal(second_atoms_of("(?<=\\bnegative),", &a), "<negative");
	assert_int_equal(a.cback, 8);
	assert_int_equal(a.cpre.c, 0);
	imr__atoms_dispose(&a);
	assert_string_equal(second_atoms_of("(?<=\\b(?:positive|negative)\\s)for\\b", &a), "<positive|<negative");
	assert_int_equal(a.cback, 12); /* a \s may be a character of up to 4 bytes */
	imr__atoms_dispose(&a);
	/* not when a top-level alternative goes without it, a quantifier
	 * lets it be skipped, its length is not fixed, it is negative, or it
	 * is not first */
	assert_string_equal(second_atoms_of("(?<=\\bnegative),|;", NULL), "");
	assert_string_equal(second_atoms_of("(?<=\\bnegative)?,", NULL), "");
	assert_string_equal(second_atoms_of("(?<=\\bnegative\\s+),", NULL), "");
	assert_string_equal(second_atoms_of("(?<!\\bnegative),", NULL), "");
	assert_string_equal(second_atoms_of(",(?<=\\bnegative,)", NULL), "");
	/* a pattern's own second atoms come first */
	assert_string_equal(second_atoms_of("(?<=\\bnegative\\s)\\bgabapentin\\b[ -~]{0,60}\\bpregabalin\\b", &a),
			    "<pregabalin>");
	assert_int_equal(a.cback, 0);
	imr__atoms_dispose(&a);
}

static void bounds_follow_the_pattern(void **state)
{
	imr_atoms a;
	(void)state;
	/* the atom starts the match */
	atoms_of("\\bepidural\\b", 1, &a);
	assert_int_equal(a.pre.c, 0);
	assert_int_equal(a.nclasses, 0);
	imr__atoms_dispose(&a);
	/* two characters of up to 4 bytes before it */
	atoms_of("\\d{2} stenosis", 1, &a);
	assert_int_equal(a.count, 1);
	assert_memory_equal(a.lits[0], " stenosis", 9);
	assert_int_equal(a.pre.c, 8);
	imr__atoms_dispose(&a);
	/* \s+ before it: as long as the longest run of whitespace */
	atoms_of("\\bno\\s+stenosis", 1, &a);
	assert_int_equal(a.pre.c, 2);
	assert_int_equal(a.nclasses, 1);
	assert_int_equal(a.pre.coef[0], 1);
	assert_true((a.classes[0][0] >> ' ') & 1);
	assert_false((a.classes[0][1] >> ('a' - 64)) & 1);
	imr__atoms_dispose(&a);
	/* a repeated group of unbounded parts has no bound... */
	atoms_of("(?:\\w+\\s+)+stenosis", 1, &a);
	assert_int_equal(a.pre.c, IMR_ATOMS_UNBOUNDED);
	imr__atoms_dispose(&a);
	/* ...but a counted one has */
	atoms_of("(?:\\w+\\s+){0,3}stenosis", 1, &a);
	assert_int_equal(a.pre.c, 0);
	assert_int_equal(a.nclasses, 2);
	assert_int_equal(a.pre.coef[0], 3);
	assert_int_equal(a.pre.coef[1], 3);
	imr__atoms_dispose(&a);
	/* \K moves the reported start, not the match's */
	atoms_of("\\bprior\\s+\\Kinjection", 1, &a);
	assert_true(a.has_k);
	imr__atoms_dispose(&a);
}

static void common_words_give_way_to_rarer_ones(void **state)
{
	(void)state;
	/* "the" or "his" would be tried all over a letter; the relatives rarely */
	assert_atoms("\\b(?:his|her|the)\\s+(?:mother|father)\\b", "father>|mother>");
	assert_atoms("\\b(?:the|this)\\s+(?:claimant|applicant)\\b", "applicant>|claimant>");
}

static void texts_with_long_s_or_kelvin_sign_are_not_safe(void **state)
{
	(void)state;
	assert_true(imr__atoms_text_safe("plain text, caf\xc3\xa9", 16));
	assert_false(imr__atoms_text_safe("e\xc5\xbfi", 4));         /* U+017F */
	assert_false(imr__atoms_text_safe("\xe2\x84\xaa" "emp", 6)); /* U+212A */
	assert_true(imr__atoms_text_safe("\xc5", 1));                 /* cut short */
}

/* The claim the prefilter rests on, asked of PCRE2: a caseless ASCII letter
 * matches its two ASCII cases and, beyond ASCII, only U+212A for k and
 * U+017F for s. */
static void only_two_characters_fold_to_ascii_letters(void **state)
{
	static char subject[5 * 0x110000];
	size_t len = 0;
	uint32_t cp;
	int letter;
	(void)state;
	for (cp = 0x80; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp < 0x800) {
			subject[len++] = (char)(0xC0 | (cp >> 6));
		} else if (cp < 0x10000) {
			subject[len++] = (char)(0xE0 | (cp >> 12));
			subject[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		} else {
			subject[len++] = (char)(0xF0 | (cp >> 18));
			subject[len++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			subject[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		}
		subject[len++] = (char)(0x80 | (cp & 0x3F));
	}
	for (letter = 'a'; letter <= 'z'; letter++) {
		char pattern[2] = { (char)letter, 0 };
		int err;
		PCRE2_SIZE off, start = 0;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, 1, PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
		pcre2_match_data *md = pcre2_match_data_create(1, NULL);
		int found = 0;
		assert_non_null(re);
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
		while (pcre2_match(re, (PCRE2_SPTR)subject, len, start, 0, md, NULL) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			const unsigned char *m = (const unsigned char *)subject + ov[0];
			if (letter == 'k')
				assert_true(m[0] == 0xE2 && m[1] == 0x84 && m[2] == 0xAA);
			else if (letter == 's')
				assert_true(m[0] == 0xC5 && m[1] == 0xBF);
			else
				fail_msg("'%c' matches a non-ASCII character", letter);
			found++;
			start = ov[1];
		}
		assert_int_equal(found, letter == 'k' || letter == 's');
		pcre2_match_data_free(md);
		pcre2_code_free(re);
	}
}

static void allocation_failures_are_enomem(void **state)
{
	long n;
	(void)state;
	for (n = 1;; n++) {
		imr_atoms a;
		int err;
		imr__alloc_fail_after(n);
		err = imr__atoms_extract(&a, "\\b(?:lumbar|cervical)\\s+(?:ESI|epidural)s?\\b", 44, 1, NULL);
		imr__alloc_fail_after(0);
		if (err == IMR_OK) {
			imr__atoms_dispose(&a);
			break;
		}
		assert_int_equal(err, IMR_ENOMEM);
		assert_int_equal(a.count, 0);
	}
}

/* A reader's memory carried from pattern to pattern, through patterns
 * with atoms, without, and unreadable ones, changes no result. */
static void a_reused_reader_reads_as_a_fresh_one(void **state)
{
	static const char *const patterns[] = {
		"\\b(?:lumbar|cervical)\\s+(?:ESI|epidural)s?\\b",
		"(?:MRI|magnetic resonance)(?:\\s+scan)?\\s+of\\s+the\\s+(?:knee|shoulder)",
		".*",
		"(a)\\1",
		"\\b(?:gabapentin|pregabalin|neurontin|lyrica)\\b",
		"(?x) a b c",
		"\\bno\\s+(?:numbness|tingling)\\b(?=\\s+in\\s+the\\s+(?:hands?|feet))",
		"x{2,5}y+z?",
	};
	imr_atoms_reader reader;
	size_t round, i;
	(void)state;
	memset(&reader, 0, sizeof(reader));
	for (round = 0; round < 2; round++) {
		for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
			char fresh[4096];
			snprintf(fresh, sizeof(fresh), "%s", atoms_of(patterns[i], 1, NULL));
			assert_string_equal(atoms_read(patterns[i], 1, &reader, NULL), fresh);
		}
	}
	assert_non_null(reader.spares);
	imr__atoms_reader_dispose(&reader);
	assert_null(reader.spares);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_runs_are_atoms),
		cmocka_unit_test(alternations_give_one_atom_per_branch),
		cmocka_unit_test(small_classes_and_options_multiply),
		cmocka_unit_test(repeats_keep_the_first_copy),
		cmocka_unit_test(caseless_non_ascii_is_not_an_atom),
		cmocka_unit_test(what_the_reader_does_not_read_has_none),
		cmocka_unit_test(back_references_match_anything),
		cmocka_unit_test(lookaheads_may_give_atoms_lookbehinds_do_not),
		cmocka_unit_test(bounds_follow_the_pattern),
		cmocka_unit_test(a_runner_up_cover_gives_second_atoms),
		cmocka_unit_test(a_leading_lookbehind_gives_second_atoms),
		cmocka_unit_test(common_words_give_way_to_rarer_ones),
		cmocka_unit_test(texts_with_long_s_or_kelvin_sign_are_not_safe),
		cmocka_unit_test(only_two_characters_fold_to_ascii_letters),
		cmocka_unit_test(allocation_failures_are_enomem),
		cmocka_unit_test(a_reused_reader_reads_as_a_fresh_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
