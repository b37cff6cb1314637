/* test_wordfreq.c - word counts as occurrences per byte of short strings
 * (wordfreq.c): whole words, word starts and ends, strings inside words
 * summed over the words that hold them, the limits of a lookup, every
 * loader error at its place, and the choice of atoms the figures change
 * (atoms.c), with the shipped table loaded by the rules loader. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "atoms.h"
#include "wordfreq.h"

typedef struct loaded {
	imr_wordfreq *wf;
	imr_diags diags;
	imr_ydoc *doc[2];
	int status;
} loaded;

/* Load one document, or two when @p second is not NULL. */
static void load2(loaded *l, const char *yaml, const char *second)
{
	imr_wordfreq_src src[2];
	size_t n = second ? 2 : 1, i;
	memset(l, 0, sizeof(*l));
	imr_diags_init(&l->diags);
	for (i = 0; i < n; i++) {
		const char *text = i ? second : yaml;
		assert_int_equal(imr__yaml_parse(&l->doc[i], i ? "w2.yaml" : "w.yaml", text, strlen(text), NULL,
						 &l->diags),
				 IMR_OK);
		src[i].file = i ? "w2.yaml" : "w.yaml";
		src[i].root = imr__ydoc_root(l->doc[i]);
	}
	l->status = imr__wordfreq_load(&l->wf, src, n, &l->diags);
}

static void load(loaded *l, const char *yaml)
{
	load2(l, yaml, NULL);
}

static void unload(loaded *l)
{
	imr__wordfreq_free(l->wf);
	imr__ydoc_free(l->doc[0]);
	imr__ydoc_free(l->doc[1]);
	imr_diags_dispose(&l->diags);
}

/* Occurrences in the 1,000 bytes counted (the figure times the size). */
static double per_1000(const imr_wordfreq *wf, const char *s, unsigned where)
{
	return imr__wordfreq_of(wf, s, strlen(s), where) * 1000;
}

#define ANY 0u
#define START IMR_WORDFREQ_START
#define END IMR_WORDFREQ_END
#define WHOLE (IMR_WORDFREQ_START | IMR_WORDFREQ_END)

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-5 * (1 + fabs(want))) /* sums are floats */
		fail_msg("got %.12g, expected %.12g", got, want);
}

static void strings_inside_words(void **state)
{
	loaded l;
	(void)state;
	load(&l, "kind: word-frequency\n"
		 "description: a made-up count\n"
		 "bytes: 1000\n"
		 "words:\n"
		 "  the: 40\n"
		 "  he: 6\n"
		 "  she: 5\n"
		 "  assess: 2\n"
		 "  electrodiagnostic: 1\n");
	assert_int_equal(l.status, IMR_OK);
	assert_int_equal(imr__wordfreq_words(l.wf), 5);
	/* a whole word counts that word alone */
	assert_near(per_1000(l.wf, "he", WHOLE), 6);
	assert_near(per_1000(l.wf, "the", WHOLE), 40);
	/* anywhere: every word that holds it */
	assert_near(per_1000(l.wf, "he", ANY), 40 + 6 + 5);
	/* at a word's end, at its start */
	assert_near(per_1000(l.wf, "he", END), 40 + 6 + 5);
	assert_near(per_1000(l.wf, "he", START), 6);
	assert_near(per_1000(l.wf, "t", START), 40);
	assert_near(per_1000(l.wf, "e", ANY), 40 + 6 + 5 + 2 + 1 * 2);
	/* a word holding it twice counts twice */
	assert_near(per_1000(l.wf, "ss", ANY), 2 * 2);
	assert_near(per_1000(l.wf, "ss", END), 2);
	/* strings of a word longer than a lookup's limit, up to the limit */
	assert_near(per_1000(l.wf, "electrodiagnosti", START), 1);
	assert_near(per_1000(l.wf, "lectrodiagnostic", END), 1);
	assert_near(per_1000(l.wf, "electrodiagnostic", ANY), 0);
	/* what no counted word holds, and empty or NULL */
	assert_near(per_1000(l.wf, "knee", ANY), 0);
	assert_near(per_1000(l.wf, "he ", ANY), 0);
	assert_near(per_1000(l.wf, "she", START | END), 5);
	assert_near(imr__wordfreq_of(l.wf, "he", 0, ANY), 0);
	assert_near(imr__wordfreq_of(NULL, "he", 2, ANY), 0);
	assert_int_equal(imr__wordfreq_words(NULL), 0);
	unload(&l);
}

static void no_file_no_table(void **state)
{
	imr_wordfreq *wf = (imr_wordfreq *)1;
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr__wordfreq_load(&wf, NULL, 0, &diags), IMR_OK);
	assert_null(wf);
	assert_int_equal(diags.count, 0);
	imr_diags_dispose(&diags);
}

static void loader_errors(void **state)
{
	loaded l;
	(void)state;
	load(&l, "kind: word-frequency\n"
		 "bytes: 100\n"
		 "words:\n"
		 "  pain: 3\n"
		 "  Knee: 2\n"                 /* 5:3 upper case */
		 "  follow-up: 1\n"            /* 6:3 a hyphen */
		 "  lumbar: 0\n"               /* 7:11 no count */
		 "  spine: -4\n"               /* 8:10 negative */
		 "  back: 2.5\n"               /* 9:9 not whole */
		 "  the: 40\n"                 /* 10:8 more than 100 bytes hold */
		 "  '': 1\n"                   /* 11:3 an empty word */
		 "  12.5: 1\n"                 /* 12:3 a stop */
		 "  neuropathy: often\n"       /* 13:15 not a number */
		 "colour: blue\n");            /* 14:1 unknown key */
	if (getenv("IMR_TEST_VERBOSE"))
		imr_test_print_diags(&l.diags);
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.wf);
	assert_true(imr_test_has_diag(&l.diags, "bad-value", 5, 3));
	assert_true(imr_test_has_diag(&l.diags, "bad-value", 6, 3));
	assert_true(imr_test_has_diag(&l.diags, "out-of-range", 7, 11));
	assert_true(imr_test_has_diag(&l.diags, "out-of-range", 8, 10));
	assert_true(imr_test_has_diag(&l.diags, "wrong-type", 9, 9));
	assert_true(imr_test_has_diag(&l.diags, "out-of-range", 10, 8));
	assert_true(imr_test_has_diag(&l.diags, "bad-value", 11, 3));
	assert_true(imr_test_has_diag(&l.diags, "bad-value", 12, 3));
	assert_true(imr_test_has_diag(&l.diags, "wrong-type", 13, 15));
	assert_true(imr_test_has_diag(&l.diags, "unknown-key", 14, 1));
	unload(&l);

	/* the required keys, and their types */
	load(&l, "kind: word-frequency\n");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_true(imr_test_has_diag(&l.diags, "missing-key", 1, 1));
	assert_int_equal(l.diags.count, 2);
	unload(&l);
	load(&l, "kind: word-frequency\nbytes: 0\nwords: {pain: 1}\n");
	assert_true(imr_test_has_diag(&l.diags, "out-of-range", 2, 8));
	unload(&l);
	load(&l, "kind: word-frequency\nbytes: many\nwords: {pain: 1}\n");
	assert_true(imr_test_has_diag(&l.diags, "wrong-type", 2, 8));
	unload(&l);
	load(&l, "kind: word-frequency\nbytes: 100\nwords: [pain, back]\n");
	assert_true(imr_test_has_diag(&l.diags, "wrong-type", 3, 8));
	unload(&l);
	/* a word longer than the text counted */
	load(&l, "kind: word-frequency\nbytes: 3\nwords: {pain: 1}\n");
	assert_true(imr_test_has_diag(&l.diags, "out-of-range", 3, 9));
	unload(&l);
	/* a second file */
	load2(&l, "kind: word-frequency\nbytes: 100\nwords: {pain: 1}\n",
	      "kind: word-frequency\nbytes: 100\nwords: {back: 1}\n");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_true(imr_test_has_diag(&l.diags, "duplicate-word-frequency", 1, 1));
	unload(&l);
}

/* The atoms of @p pattern as "a|b", sorted, read with @p words. */
static char *atoms_with(const char *pattern, const imr_wordfreq *words)
{
	imr_atoms_reader reader;
	imr_atoms a;
	char *out = calloc(1, 4096);
	char *items[64];
	size_t i, j, o = 0;
	memset(&reader, 0, sizeof(reader));
	reader.words = words;
	assert_int_equal(imr__atoms_extract(&a, pattern, strlen(pattern), 1, &reader), IMR_OK);
	assert_true(a.count < 64);
	for (i = 0; i < a.count; i++)
		items[i] = imr__strndup(a.lits[i], a.lens[i]);
	for (i = 1; i < a.count; i++)
		for (j = i; j > 0 && strcmp(items[j - 1], items[j]) > 0; j--) {
			char *t = items[j];
			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	for (i = 0; i < a.count; i++) {
		o += (size_t)snprintf(out + o, 4096 - o, "%s%s", i ? "|" : "", items[i]);
		imr__free(items[i]);
	}
	imr__atoms_dispose(&a);
	imr__atoms_reader_dispose(&reader);
	return out;
}

static void expect_atoms(const char *pattern, const imr_wordfreq *words, const char *want)
{
	char *got = atoms_with(pattern, words);
	if (strcmp(got, want) != 0)
		fail_msg("atoms of %s: got '%s', expected '%s'", pattern, got, want);
	free(got);
}

static void counts_choose_atoms(void **state)
{
	static const char pattern[] = "\\b(?:found|deemed|judged)\\s+not\\s+medically\\s+necessary\\b";
	loaded l;
	(void)state;
	/* by letters alone, "medically" is the rarest string a match holds */
	expect_atoms(pattern, NULL, "medically");
	/* counted where it is everywhere, the three verbs together are rarer */
	load(&l, "kind: word-frequency\nbytes: 10000\n"
		 "words: {medically: 40, necessary: 40, not: 60, found: 2, deemed: 1}\n");
	assert_int_equal(l.status, IMR_OK);
	expect_atoms(pattern, l.wf, "deemed|found|judged");
	unload(&l);
	/* counts of words that hold none of the pattern's strings change nothing */
	load(&l, "kind: word-frequency\nbytes: 10000\nwords: {knee: 5, lumbar: 9}\n");
	expect_atoms(pattern, l.wf, "medically");
	unload(&l);
	/* a counted word is commoner than an uncounted one of as many letters */
	load(&l, "kind: word-frequency\nbytes: 10000\nwords: {medically: 3}\n");
	expect_atoms(pattern, l.wf, "necessary");
	unload(&l);
	/* a verb far commoner than "medically" makes the three dearer than it,
	 * though they start the match and it lies further in */
	load(&l, "kind: word-frequency\nbytes: 10000\nwords: {medically: 40, necessary: 40, found: 400}\n");
	expect_atoms(pattern, l.wf, "medically");
	unload(&l);
}

static void shipped_table(void **state)
{
	char path[4096];
	imr_wordfreq_src src;
	imr_wordfreq *wf = NULL;
	imr_diags diags;
	imr_ydoc *doc = NULL;
	(void)state;
	imr_diags_init(&diags);
	snprintf(path, sizeof(path), "%s/word-frequency.yaml", imr_test_rules_dir());
	assert_int_equal(imr__yaml_parse_file(&doc, path, NULL, &diags), IMR_OK);
	src.file = path;
	src.root = imr__ydoc_root(doc);
	assert_int_equal(imr__wordfreq_load(&wf, &src, 1, &diags), IMR_OK);
	assert_true(imr__wordfreq_words(wf) >= 500);
	/* the commonest English word, then the letters' own words */
	assert_true(imr__wordfreq_of(wf, "the", 3, WHOLE) > imr__wordfreq_of(wf, "medically", 9, WHOLE));
	assert_true(imr__wordfreq_of(wf, "medically", 9, WHOLE) > 1e-4);
	assert_true(imr__wordfreq_of(wf, "medical", 7, START) > imr__wordfreq_of(wf, "medically", 9, WHOLE));
	imr__wordfreq_free(wf);
	imr__ydoc_free(doc);
	imr_diags_dispose(&diags);
}

static void rule_set_with_bad_counts(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr_test_load_min(&rules, &diags, "words.yaml",
					   "kind: word-frequency\nbytes: 100\nwords:\n  pain: 3\n  Back: 1\n", NULL),
			 IMR_EINVALID);
	assert_diag(&diags, "bad-value", 5, 3);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);

	imr_diags_init(&diags);
	assert_int_equal(imr_test_load_min(&rules, &diags, "a-words.yaml",
					   "kind: word-frequency\nbytes: 100\nwords: {pain: 3}\n", "b-words.yaml",
					   "kind: word-frequency\nbytes: 100\nwords: {back: 3}\n", NULL),
			 IMR_EINVALID);
	assert_diag(&diags, "duplicate-word-frequency", 1, 1);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);

	/* a sound one loads */
	imr_diags_init(&diags);
	assert_int_equal(imr_test_load_min(&rules, &diags, "words.yaml",
					   "kind: word-frequency\nbytes: 100\nwords: {pain: 3}\n", NULL),
			 IMR_OK);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_inside_words),
		cmocka_unit_test(no_file_no_table),
		cmocka_unit_test(loader_errors),
		cmocka_unit_test(counts_choose_atoms),
		cmocka_unit_test(shipped_table),
		cmocka_unit_test(rule_set_with_bad_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
