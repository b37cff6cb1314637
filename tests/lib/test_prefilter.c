/* test_prefilter.c - the prefilter finds exactly what plain PCRE2 finds.
 *
 * Every pattern of the shipped rules (lexicon entries and context
 * triggers) runs both ways over every bundled letter (fixtures/letters:
 * the dev corpus, the seeds and the layout and audit letters; every fourth
 * of them under the sanitizers): once as
 * imr__regex_find() from each position, the way the extractor used to,
 * and once through the atom scan, the skip of patterns whose atoms are
 * absent, the windows around occurrences, the word-edge checks and the
 * ASCII twins. The sequences of matches (spans and capture groups) must be
 * the same, on the whole text, on a part of it, and on a sentence taken as
 * its own subject. The trigger lists, searched one pattern at a time, must
 * give what one alternation of each list gives. Written texts cover what
 * the letters may not: a long s, a Kelvin sign, a subject that cuts a word,
 * non-ASCII text around matches, and second atoms (atoms.h) just inside,
 * just outside and cut off at the end of the reach of a window. */
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context.h"
#include "model.h"
#include "prefilter.h"
#include "regex.h"
#include "sentence.h"

#define GROUPS 10

static imr_rules *rules;
static imr_matcher *matcher;
static imr_hits *hits;
static imr_regex **patterns;
static size_t npatterns;

typedef struct found {
	size_t ovec[2 * GROUPS];
} found;

typedef struct found_list {
	found *items;
	size_t count, cap;
} found_list;

static void push(found_list *l, const size_t *ovec)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = realloc(l->items, l->cap * sizeof(found));
		assert_non_null(l->items);
	}
	memcpy(l->items[l->count++].ovec, ovec, sizeof(l->items[0].ovec));
}

static int setup(void **state)
{
	imr_diags diags;
	size_t i, j, k;
	(void)state;
	imr_diags_init(&diags);
	if (imr_rules_load_dir(&rules, imr_test_rules_dir(), NULL, &diags) < 0) {
		imr_test_print_diags(&diags);
		return -1;
	}
	imr_diags_dispose(&diags);
	if (imr__matcher_new(&matcher, NULL) < 0 || imr__hits_new(&hits, rules->prefilter) < 0)
		return -1;
	for (i = 0; i < rules->nlexicons; i++)
		for (j = 0; j < rules->lexicons[i].nentries; j++)
			npatterns += rules->lexicons[i].entries[j].npatterns;
	for (i = 0; i < IMR_TRIG_COUNT; i++)
		npatterns += rules->context.ntriggers[i];
	patterns = calloc(npatterns, sizeof(imr_regex *));
	npatterns = 0;
	for (i = 0; i < rules->nlexicons; i++)
		for (j = 0; j < rules->lexicons[i].nentries; j++)
			for (k = 0; k < rules->lexicons[i].entries[j].npatterns; k++)
				patterns[npatterns++] = rules->lexicons[i].entries[j].patterns[k];
	for (i = 0; i < IMR_TRIG_COUNT; i++)
		for (j = 0; j < rules->context.ntriggers[i]; j++)
			patterns[npatterns++] = rules->context.triggers[i][j];
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(patterns);
	imr__hits_free(hits);
	imr__matcher_free(matcher);
	imr_rules_free(rules);
	return 0;
}

/* How walk() searches: plainly; with the prefilter, by the pattern; by
 * its number (as the extractor does); by a number that stands for another
 * pattern (a plain search, the same matches). */
enum { PLAIN, BY_PATTERN, BY_NUMBER, BY_WRONG_NUMBER };

/* Every match from @p start on, left to right, as the extractor walks them. */
static void walk(found_list *out, const imr_regex *re, size_t index, int how, const char *subject, size_t len,
		 size_t start)
{
	int prefiltered = how != PLAIN;
	uint32_t number = (uint32_t)(how == BY_WRONG_NUMBER ? (index + 1) % npatterns : index);
	size_t pos = start, ovec[2 * GROUPS];
	out->count = 0;
	if (prefiltered) {
		int may;
		const uint32_t *list;
		size_t n;
		assert_int_equal(imr__hits_focus(hits, subject, len, start), 0);
		/* by the pattern's number, without reading it: the same answer,
		 * once the candidates are listed too */
		may = imr__hits_may_match(hits, re);
		assert_int_equal(imr__hits_may_match_nth(hits, re, (uint32_t)index), may);
		(void)imr__hits_candidates(hits, &list, &n);
		assert_int_equal(imr__hits_may_match_nth(hits, re, (uint32_t)index), may);
		if (!may)
			return;
	}
	while (pos < len) {
		int rc = how == PLAIN	   ? imr__regex_find(matcher, re, subject, len, pos, ovec, 2 * GROUPS)
			 : how == BY_PATTERN ? imr__prefilter_find(matcher, re, hits, subject, len, pos, ovec, 2 * GROUPS)
					     : imr__prefilter_find_nth(matcher, re, number, hits, subject, len, pos, ovec,
								       2 * GROUPS);
		assert_true(rc >= 0);
		if (!rc)
			break;
		push(out, ovec);
		pos = ovec[1] > ovec[0] ? ovec[1] : ovec[0] + 1;
	}
}

/* Both ways over one subject; returns the matches found. */
static size_t compare(const char *name, const char *subject, size_t len, size_t start)
{
	found_list plain = { 0 }, fast = { 0 };
	size_t p, total = 0;
	int how;
	unsigned char *each = malloc(npatterns + 1);
	/* the answers for every pattern at once are the answers one by one */
	assert_non_null(each);
	assert_int_equal(imr__hits_focus(hits, subject, len, start), 0);
	imr__hits_may_match_each(hits, patterns, 0, npatterns, each);
	for (p = 0; p < npatterns; p++)
		assert_int_equal(each[p], imr__hits_may_match_nth(hits, patterns[p], (uint32_t)p));
	free(each);
	for (p = 0; p < npatterns; p++) {
		const imr_regex *re = patterns[p];
		walk(&plain, re, p, PLAIN, subject, len, start);
		/* a wrong number only now and then: it is a plain search */
		for (how = BY_PATTERN; how <= (p % 16 ? BY_NUMBER : BY_WRONG_NUMBER); how++) {
			walk(&fast, re, p, how, subject, len, start);
			if (plain.count != fast.count ||
			    (plain.count && memcmp(plain.items, fast.items, plain.count * sizeof(found)) != 0)) {
				const imr_atoms *a = imr__regex_atoms(re);
				fail_msg("%s [%zu, %zu): pattern %zu (atom 0 '%.*s') finds %zu matches plainly, %zu "
					 "prefiltered (way %d)",
					 name, start, len, p, a->count ? (int)a->lens[0] : 0, a->count ? a->lits[0] : "",
					 plain.count, fast.count, how);
			}
		}
		total += plain.count;
	}
	free(plain.items);
	free(fast.items);
	return total;
}

/* A sentence-sized piece of @p data around @p at that starts and ends at
 * spaces. */
static void piece(const char *data, size_t len, size_t at, size_t *s, size_t *e)
{
	size_t a = at < len ? at : len, b;
	while (a > 0 && data[a - 1] != ' ' && data[a - 1] != '\n')
		a--;
	b = a + 300 < len ? a + 300 : len;
	while (b < len && data[b] != ' ' && data[b] != '\n')
		b++;
	*s = a;
	*e = b;
}

static size_t compare_text(const char *name, const char *data, size_t len)
{
	size_t total, s, e;
	assert_int_equal(imr__hits_scan(hits, data, len), 0);
	/* the whole text; a part of it read with the text before it visible */
	total = compare(name, data, len, 0);
	total += compare(name, data, len * 2 / 3, len / 3);
	/* a sentence as a subject of its own */
	piece(data, len, len / 2, &s, &e);
	total += compare(name, data + s, e - s, 0);
	return total;
}

static size_t compare_file(const char *path)
{
	char *raw;
	size_t rawlen, len, total;
	imr_text *text = NULL;
	imr_diags diags;
	const char *data;
	imr_diags_init(&diags);
	raw = imr_test_read_file(path, &rawlen);
	assert_int_equal(imr_text_new(&text, path, raw, rawlen, NULL, &diags), IMR_OK);
	data = imr_text_data(text, &len);
	total = compare_text(path, data, len);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	free(raw);
	return total;
}

/* Under the sanitizers this test is about memory, which a quarter of the
 * letters exercises as well as all of them, at a quarter of a cost that
 * the sanitizers multiply; the plain build compares every letter. */
#if defined(__SANITIZE_ADDRESS__)
#define LETTER_STRIDE 4
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LETTER_STRIDE 4
#endif
#endif
#ifndef LETTER_STRIDE
#define LETTER_STRIDE 1
#endif

static void walk_dir(const char *dir, size_t *files, size_t *matches)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[4096];
		struct stat st;
		size_t n = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			walk_dir(path, files, matches);
		} else if (n > 4 && strcmp(de->d_name + n - 4, ".txt") == 0) {
			if ((*files)++ % LETTER_STRIDE == 0)
				*matches += compare_file(path);
		}
	}
	closedir(d);
}

static void every_pattern_on_every_bundled_letter(void **state)
{
	size_t files = 0, matches = 0;
	(void)state;
	walk_dir(imr_test_fixture("letters"), &files, &matches);
	/* the comparison means something only if there was much to compare */
	assert_true(files >= 100);
	assert_true(matches > 10000 / LETTER_STRIDE);
}

static void texts_the_letters_may_not_have(void **state)
{
	static const char *const texts[] = {
		/* a long s and a Kelvin sign: the prefilter steps aside */
		"The patient received an e\xc5\xbfi at L4-5. No relief.",
		"Temperature 300 \xe2\x84\xaa, he denies fever; SLR positive on the left.",
		/* non-ASCII around and inside matches: the UCP patterns run */
		"Caf\xc3\xa9 na\xc3\xafve \xe2\x80\x9c" "epidural steroid injection\xe2\x80\x9d was performed on 10/02/2015 "
		"with 60% relief for six weeks; Las\xc3\xa8gue\xe2\x80\x99" "s sign was negative.",
		/* a letter outside ASCII before or after a word: a word boundary
		 * under UCP, where the ASCII twins would see none */
		"\xc3\xa9" "ESI \xc3\xb1" "no \xc3\xa9" "pain radiculopathy\xc3\xa9 caudal\xc3\xa9 \xc3\xbc" "epidural",
		/* atoms at the very edges of the text */
		"ESI", "no", "pain", ",",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		compare_text(texts[i], texts[i], strlen(texts[i]));
}

static void subjects_that_cut_a_word(void **state)
{
	const char *text = "She had caudally placed epidurals; the patient's mothers had MRIs, xnaropin naropins.";
	size_t len = strlen(text), cut;
	(void)state;
	assert_int_equal(imr__hits_scan(hits, text, len), 0);
	/* every end and every start inside the text, words cut or not */
	for (cut = 1; cut < len; cut++) {
		compare("end cut", text, cut, 0);
		compare("start cut", text + cut, len - cut, 0);
	}
}

/* A second atom decides whether a window is searched at all: at the edge
 * of where a match could hold it, an occurrence must count, and one past
 * the edge, or cut off by the end of the subject, must not. */
static void second_atoms_at_the_edges_of_a_window(void **state)
{
	static const char *const sources[] = {
		"\\bgabapentin\\b[ -~]{0,20}\\bpregabalin\\b",
		"\\bradiculopathy(?=\\s+(?:\\w+\\s+){0,3}?confirmed\\b)",
	};
	static const char *const texts[] = {
		"gabapentin then pregabalin.",
		"gabapentin 1234567890123456789pregabalin",   /* no boundary: no match */
		"gabapentin 123456789012345678 pregabalin",   /* 20 between: a match */
		"gabapentin 1234567890123456789 pregabalin",  /* 21 between: none */
		"pregabalin, then gabapentin; gabapentin and pregabalin",
		"gabapentin and pregabali",
		"gabapentin \xc3\xa9\xc3\xa9 pregabalin",      /* not ASCII between: none */
		"radiculopathy is now confirmed. radiculopathy was not confirmed here, radiculopathy one two three four confirmed",
		"radiculopathy confirmedx; radiculopathy  confirmed",
	};
	imr_regex *own[2] = { 0 };
	imr_prefilter *pf = NULL;
	imr_hits *own_hits = NULL, *saved_hits = hits;
	imr_regex **saved = patterns;
	size_t saved_n = npatterns, i, off, len, cut, nfound = 0;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256];
	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(imr__regex_compile(&own[i], sources[i], strlen(sources[i]), IMR_REGEX_CASELESS, &lim,
						    err, sizeof(err), &off),
				 IMR_OK);
		/* the test is void unless the second atoms are there */
		assert_true(imr__regex_atoms(own[i])->ccount > 0);
	}
	assert_int_equal(imr__prefilter_build(&pf, own, 2), IMR_OK);
	/* rare names: listed for their own sake */
	assert_true(imr__prefilter_confirms(pf, 0) && imr__prefilter_confirms(pf, 1));
	assert_int_equal(imr__hits_new(&own_hits, pf), 0);
	hits = own_hits;
	patterns = own;
	npatterns = 2;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		len = strlen(texts[i]);
		assert_int_equal(imr__hits_scan(hits, texts[i], len), 0);
		/* the whole text, and every end: a second atom cut off or not */
		for (cut = len; cut > 0; cut--)
			nfound += compare("second atoms", texts[i], cut, 0);
	}
	assert_true(nfound > 10);
	hits = saved_hits;
	patterns = saved;
	npatterns = saved_n;
	imr__hits_free(own_hits);
	imr__prefilter_free(pf);
	imr__regex_free(own[0]);
	imr__regex_free(own[1]);
}

/* Second atoms from a lookbehind that opens the pattern may lie before
 * the start a search is given, and before the window of starts, but not
 * before the subject (the search cannot see there): searches find what
 * plain ones do from every start, for every end, and for subjects that
 * begin anywhere in the text. */
static void lookbehind_second_atoms_before_the_window(void **state)
{
	static const char *const sources[] = {
		"(?<=\\bnegative),",
		"(?<=\\b(?:positive|negative)\\s)for\\b",
	};
	static const char *const texts[] = {
		"Spurling negative, SLR positive, negative for radiculopathy",
		"nonnegative, negativex, negative , negatively, negative,negative,,",
		"positive for pain; negative\tfor; negative  for, positive\nfor",
		"negative\xc2\xa0" "for a non-breaking space, negative, done",
	};
	imr_regex *own[2] = { 0 };
	imr_prefilter *pf = NULL;
	imr_hits *own_hits = NULL, *saved_hits = hits;
	imr_regex **saved = patterns;
	size_t saved_n = npatterns, i, off, len, cut, start, nfound = 0;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256];
	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(imr__regex_compile(&own[i], sources[i], strlen(sources[i]), IMR_REGEX_CASELESS, &lim,
						    err, sizeof(err), &off),
				 IMR_OK);
		/* the test is void unless the lookbehind gives second atoms */
		assert_true(imr__regex_atoms(own[i])->ccount > 0 && imr__regex_atoms(own[i])->cback > 0);
	}
	assert_int_equal(imr__prefilter_build(&pf, own, 2), IMR_OK);
	assert_true(imr__prefilter_confirms(pf, 0) && imr__prefilter_confirms(pf, 1));
	assert_int_equal(imr__hits_new(&own_hits, pf), 0);
	hits = own_hits;
	patterns = own;
	npatterns = 2;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		len = strlen(texts[i]);
		assert_int_equal(imr__hits_scan(hits, texts[i], len), 0);
		for (cut = len; cut > 0; cut--)
			nfound += compare("lookbehind", texts[i], cut, 0);
		for (start = 1; start < len; start++) {
			nfound += compare("lookbehind", texts[i], len, start);
			nfound += compare("lookbehind", texts[i] + start, len - start, 0);
		}
	}
	assert_true(nfound > 20);
	hits = saved_hits;
	patterns = saved;
	npatterns = saved_n;
	imr__hits_free(own_hits);
	imr__prefilter_free(pf);
	imr__regex_free(own[0]);
	imr__regex_free(own[1]);
}

/* Common second atoms are used only where they are some pattern's atoms
 * anyway, and then the searches find what plain ones do. */
/* The answers for a run of patterns at once, in focus: a pattern without
 * atoms may match anywhere; one whose atoms occur only outside the focus
 * may not. */
static void may_match_each_in_focus(void **state)
{
	static const char *const sources[] = { "\\bpain\\b", "\\d+", "\\brelief\\b" };
	static const char text[] = "pain 12 then relief";
	imr_regex *own[3] = { 0 };
	imr_prefilter *pf = NULL;
	imr_hits *own_hits = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	unsigned char each[3];
	char err[256];
	size_t i, off, len = strlen(text);
	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(imr__regex_compile(&own[i], sources[i], strlen(sources[i]), IMR_REGEX_CASELESS, &lim,
						    err, sizeof(err), &off),
				 IMR_OK);
	assert_int_equal(imr__regex_atoms(own[1])->count, 0);
	assert_int_equal(imr__prefilter_build(&pf, own, 3), IMR_OK);
	assert_int_equal(imr__hits_new(&own_hits, pf), 0);
	assert_int_equal(imr__hits_scan(own_hits, text, len), 0);
	assert_int_equal(imr__hits_focus(own_hits, text, len, 4), 0);
	imr__hits_may_match_each(own_hits, own, 0, 3, each);
	assert_int_equal(each[0], 0);
	assert_int_equal(each[1], 1);
	assert_int_equal(each[2], 1);
	for (i = 0; i < 3; i++)
		assert_int_equal(each[i], imr__hits_may_match_nth(own_hits, own[i], (uint32_t)i));
	/* a run from the middle */
	imr__hits_may_match_each(own_hits, own + 1, 1, 2, each);
	assert_int_equal(each[0], 1);
	assert_int_equal(each[1], 1);
	imr__hits_free(own_hits);
	imr__prefilter_free(pf);
	for (i = 0; i < 3; i++)
		imr__regex_free(own[i]);
}

static void common_second_atoms_only_when_listed_anyway(void **state)
{
	static const char *const sources[] = {
		"\\bkyphoplasty\\s+(?:of|at)\\b",
		"\\b(?:of|at)\\b",
	};
	static const char *const texts[] = {
		"kyphoplasty of L1; kyphoplasty at T12, kyphoplasty to T11 and of at",
		"kyphoplastyof kyphoplasty  at",
	};
	imr_regex *own[2] = { 0 };
	imr_prefilter *pf = NULL;
	imr_hits *own_hits = NULL, *saved_hits = hits;
	imr_regex **saved = patterns;
	size_t saved_n = npatterns, i, off, cut, nfound = 0;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256];
	(void)state;
	for (i = 0; i < 2; i++)
		assert_int_equal(imr__regex_compile(&own[i], sources[i], strlen(sources[i]), IMR_REGEX_CASELESS, &lim,
						    err, sizeof(err), &off),
				 IMR_OK);
	assert_true(imr__regex_atoms(own[0])->ccount == 2);
	/* alone, "of" and "at" would be listed for it only: not used */
	assert_int_equal(imr__prefilter_build(&pf, own, 1), IMR_OK);
	assert_false(imr__prefilter_confirms(pf, 0));
	imr__prefilter_free(pf);
	/* with a pattern whose atoms they are: used */
	assert_int_equal(imr__prefilter_build(&pf, own, 2), IMR_OK);
	assert_true(imr__prefilter_confirms(pf, 0));
	assert_int_equal(imr__hits_new(&own_hits, pf), 0);
	hits = own_hits;
	patterns = own;
	npatterns = 2;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t len = strlen(texts[i]);
		assert_int_equal(imr__hits_scan(hits, texts[i], len), 0);
		for (cut = len; cut > 0; cut--)
			nfound += compare("common second atoms", texts[i], cut, 0);
	}
	assert_true(nfound > 10);
	hits = saved_hits;
	patterns = saved;
	npatterns = saved_n;
	imr__hits_free(own_hits);
	imr__prefilter_free(pf);
	imr__regex_free(own[0]);
	imr__regex_free(own[1]);
}

/* The longest run of @p id in @p text, byte by byte. */
static size_t naive_run(uint32_t id, const char *text, size_t len)
{
	size_t i, cur = 0, best = 0;
	for (i = 0; i < len; i++) {
		if (imr__prefilter_in_class(rules->prefilter, id, (unsigned char)text[i]))
			cur++;
		else
			cur = 0;
		if (cur > best)
			best = cur;
	}
	return best;
}

/* The longest runs of the rule set's classes, as the bounds measure them,
 * are those a byte-by-byte count gives, on every bundled letter and on
 * texts made of runs that begin and end together or apart; and asked
 * again, the same. */
static void runs_of_each_class(void **state)
{
	static const char *const texts[] = {
		"", " ", "a", "the  patient's e-mail: x.y@z, 10/12/2015;  L4-5\n\n\tC5-6...",
		"aaaa-bbbb_cccc dddd,eeee. ffff/gggg llll%", "1-2-3-4-5-6-7-8-9 x", "\xc3\xa9t\xc3\xa9 caf\xc3\xa9 gl",
	};
	size_t nclasses = imr__prefilter_classes(rules->prefilter), i, letters = 0;
	uint32_t k;
	DIR *d;
	struct dirent *ent;
	char path[4096];
	(void)state;
	assert_true(nclasses > 4);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(imr__hits_scan(hits, texts[i], strlen(texts[i])), 0);
		for (k = 0; k < nclasses; k++) {
			assert_int_equal(imr__hits_run(hits, k), naive_run(k, texts[i], strlen(texts[i])));
			assert_int_equal(imr__hits_run(hits, k), naive_run(k, texts[i], strlen(texts[i])));
		}
	}
	/* one run, or two around a space, over every length and place of the
	 * space: runs that cross the parts a text is read in, or fill them */
	for (i = 1; i <= 41; i++) {
		char text[64];
		size_t b;
		for (b = 0; b <= i; b++) {
			memset(text, 'a', i);
			if (b < i)
				text[b] = ' ';
			assert_int_equal(imr__hits_scan(hits, text, i), 0);
			for (k = 0; k < nclasses; k++)
				assert_int_equal(imr__hits_run(hits, k), naive_run(k, text, i));
		}
	}
	snprintf(path, sizeof(path), "%s", imr_test_fixture("letters/dwc-imr-2016/txt"));
	d = opendir(path);
	assert_non_null(d);
	while ((ent = readdir(d)) != NULL) {
		char file[8192];
		char *raw;
		size_t rawlen;
		if (!strstr(ent->d_name, ".txt") || (letters++ % LETTER_STRIDE))
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, ent->d_name);
		raw = imr_test_read_file(file, &rawlen);
		assert_int_equal(imr__hits_scan(hits, raw, rawlen), 0);
		for (k = 0; k < nclasses; k++)
			assert_int_equal(imr__hits_run(hits, k), naive_run(k, raw, rawlen));
		free(raw);
	}
	closedir(d);
	assert_true(letters > 50);
}

/* Words and single spaces, a line end every 40 bytes or so, into
 * @p out (@p n bytes, no terminator). */
static void words_into(char *out, size_t n)
{
	static const char words[] = "the patient had pain in the low back 12 weeks ";
	size_t i;
	for (i = 0; i < n; i++)
		out[i] = i % 40 == 39 ? '\n' : words[i % (sizeof(words) - 1)];
}

/* A text scanned in ranges measures its runs in the ranges alone (a
 * search with the hits lies in one): long runs of spaces, letters and
 * digits between two ranges do not count, on a text measured in lanes
 * (twice, so that every class is in them the second time) and a short one
 * measured class by class. The ranges begin up to the longest lookbehind
 * before where they are asked to, which the padding before the second
 * allows for. */
static void runs_of_ranges(void **state)
{
	static const size_t longs[] = { 1000, 150 };
	size_t nclasses = imr__prefilter_classes(rules->prefilter), li, round, longer = 0;
	uint32_t k;
	(void)state;
	for (li = 0; li < 2; li++)
		for (round = 0; round < 2; round++) {
			size_t n = longs[li], p0 = 60, pad = 150, p1 = 60, len = p0 + 3 * n + pad + p1 + pad;
			char *text = malloc(len);
			imr_hits_range ranges[2];
			assert_non_null(text);
			words_into(text, len);
			text[p0 - 1] = ' ';
			memset(text + p0, ' ', n);
			memset(text + p0 + n, 'a', n);
			memset(text + p0 + 2 * n, '7', n);
			ranges[0].start = 0;
			ranges[0].end = p0;
			ranges[1].start = p0 + 3 * n + pad;
			ranges[1].end = ranges[1].start + p1;
			text[ranges[1].start - 1] = text[ranges[1].end] = ' ';
			assert_int_equal(imr__hits_scan_ranges(hits, text, len, ranges, 2), 0);
			for (k = 0; k < nclasses; k++) {
				size_t run = imr__hits_run(hits, k);
				size_t lo = naive_run(k, text, p0), hi = lo, whole = naive_run(k, text, len);
				size_t r1 = naive_run(k, text + ranges[1].start, p1);
				size_t r1_wide = naive_run(k, text + p0 + 3 * n, pad + p1);
				lo = r1 > lo ? r1 : lo;
				hi = r1_wide > hi ? r1_wide : hi;
				if (run < lo || run > hi)
					fail_msg("class %u: run %zu, expected %zu to %zu", (unsigned)k, run, lo, hi);
				longer += hi < whole;
			}
			free(text);
		}
	assert_true(longer >= 3 * 4); /* spaces, letters, digits at least */
}

/* The first space at or after @p at (or the end). */
static size_t at_space(const char *data, size_t len, size_t at)
{
	while (at < len && data[at] != ' ')
		at++;
	return at;
}

/* A letter scanned in two ranges (the parts an audit reads): searches
 * inside a range find what plain searches find, by the range's atoms;
 * searches reaching outside find it too, as plain searches. */
static void range_scans_search_as_plain(void **state)
{
	static const char name[] = "letters/dwc-imr-2016/txt/CM16-0213037.txt";
	char *raw;
	size_t rawlen, len, s, e, total = 0, k, ruled_out;
	imr_text *text = NULL;
	imr_diags diags;
	imr_hits_range ranges[2];
	const char *data;
	(void)state;
	imr_diags_init(&diags);
	raw = imr_test_read_file(imr_test_fixture(name), &rawlen);
	assert_int_equal(imr_text_new(&text, name, raw, rawlen, NULL, &diags), IMR_OK);
	data = imr_text_data(text, &len);
	/* given out of order, each from and to a space */
	ranges[0].start = at_space(data, len, 3 * len / 5);
	ranges[0].end = at_space(data, len, 4 * len / 5);
	ranges[1].start = at_space(data, len, len / 5);
	ranges[1].end = at_space(data, len, 2 * len / 5);
	assert_int_equal(imr__hits_scan_ranges(hits, data, len, ranges, 2), 0);
	/* in a range, the focus rules patterns out */
	assert_int_equal(imr__hits_focus(hits, data, ranges[1].end, ranges[1].start), 0);
	for (k = 0, ruled_out = 0; k < npatterns; k++)
		ruled_out += !imr__hits_may_match_nth(hits, patterns[k], (uint32_t)k);
	assert_true(ruled_out > npatterns / 2);
	piece(data, len, len / 2, &s, &e);
	assert_false(imr__hits_cover(hits, data + s, e - s)); /* between the ranges */
	piece(data, len, 7 * len / 10, &s, &e);
	assert_true(e <= 4 * len / 5);
	assert_true(imr__hits_cover(hits, data + s, e - s));
	total += compare(name, data + s, e - s, 0);
	total += compare(name, data, ranges[1].end, ranges[1].start);
	total += compare(name, data, len, len / 2);
	assert_true(total > 20);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	free(raw);
}

/* ---- trigger lists ---- */

/* The normalised text of the fixture letter @p name. */
static imr_text *read_letter(const char *name)
{
	char *raw;
	size_t rawlen;
	imr_text *text = NULL;
	imr_diags diags;
	imr_diags_init(&diags);
	raw = imr_test_read_file(imr_test_fixture(name), &rawlen);
	assert_int_equal(imr_text_new(&text, name, raw, rawlen, NULL, &diags), IMR_OK);
	imr_diags_dispose(&diags);
	free(raw);
	return text;
}

/* A list's patterns joined into the one alternation they act as. */
static imr_regex *joined(size_t list)
{
	static char buf[65536];
	size_t o = 0, i, off;
	imr_regex *re = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256];
	for (i = 0; i < rules->context.ntriggers[list]; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s(?:%s)", i ? "|" : "",
				      imr__regex_source(rules->context.triggers[list][i]));
	lim.pattern_bytes = o + 1;
	assert_int_equal(imr__regex_compile(&re, buf, o, IMR_REGEX_CASELESS, &lim, err, sizeof(err), &off), IMR_OK);
	return re;
}

static void trigger_lists_act_as_one_alternation(void **state)
{
	static const char *const letters[] = { "letters/seeds/000_d94f8ca5ff25fe6f.txt",
					       "letters/seeds/003_f22448475d8fce90.txt",
					       "letters/dwc-imr-2016/txt/CM16-0213037.txt",
					       "letters/audit/rationale-denies-documented-mri.txt" };
	imr_regex *alt[IMR_TRIG_COUNT] = { 0 };
	imr_ctx_index idx;
	size_t t, f, compared = 0;
	(void)state;
	memset(&idx, 0, sizeof(idx));
	for (t = 0; t < IMR_TRIG_COUNT; t++)
		if (rules->context.ntriggers[t])
			alt[t] = joined(t);
	for (f = 0; f < sizeof(letters) / sizeof(letters[0]); f++) {
		size_t len, at = 0;
		imr_text *text = read_letter(letters[f]);
		const char *data = imr_text_data(text, &len);
		assert_int_equal(imr__hits_scan(hits, data, len), 0);
		assert_int_equal(imr__hits_focus(hits, data, len, 0), 0);
		assert_int_equal(imr__context_index(&idx, &rules->context, matcher, hits, data, 0, len, &at), 0);
		for (t = 0; t < IMR_TRIG_COUNT; t++) {
			found_list want = { 0 };
			size_t k;
			if (!alt[t] || t == IMR_TRIG_CASE)
				continue;
			walk(&want, alt[t], 0, 0, data, len, 0);
			assert_int_equal(idx.lists[t].count, want.count);
			for (k = 0; k < want.count; k++) {
				assert_int_equal(idx.lists[t].start[k], want.items[k].ovec[0]);
				assert_int_equal(idx.lists[t].end[k], want.items[k].ovec[1]);
			}
			compared += want.count;
			free(want.items);
		}
		imr_text_free(text);
	}
	assert_true(compared > 100);
	imr__context_index_dispose(&idx);
	for (t = 0; t < IMR_TRIG_COUNT; t++)
		imr__regex_free(alt[t]);
}

/* @p s with each run of white space made one space, as the audit reads
 * a rationale's sentence. */
static size_t collapsed(char *out, const char *s, size_t len)
{
	size_t i, n = 0;
	int blank = 0;
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
			blank = n > 0;
			continue;
		}
		if (blank)
			out[n++] = ' ';
		blank = 0;
		out[n++] = s[i];
	}
	out[n] = '\0';
	return n;
}

/* A pattern none of whose atoms occurs in a sentence matches neither the
 * sentence nor the sentence with its white space collapsed: every shipped
 * pattern over sentences of a letter (one with line breaks in mid-sentence
 * among them), and most pairs are ruled out that way. */
static void no_atom_within_no_match(void **state)
{
	static const char extra[] = "The request for a lumbar\n  MRI is not\tmedically   necessary.  ";
	static char copy[65536];
	char *raw, *text;
	size_t rawlen, len, i, k, ruled_out = 0, pairs = 0, ovec[2];
	imr_sentences sents = { NULL, 0, 0 };
	(void)state;
	raw = imr_test_read_file(imr_test_fixture("letters/dwc-imr-2016/txt/CM16-0213037.txt"), &rawlen);
	text = malloc(rawlen + sizeof(extra));
	assert_non_null(text);
	memcpy(text, raw, rawlen);
	memcpy(text + rawlen, extra, sizeof(extra));
	len = rawlen + sizeof(extra) - 1;
	assert_int_equal(imr__hits_scan(hits, text, len), 0);
	assert_int_equal(imr__sentences_split(&sents, text, 0, len), 0);
	assert_true(sents.count > 20);
	for (k = 0; k < sents.count; k++) {
		const char *s = text + sents.items[k].start;
		size_t n = sents.items[k].end - sents.items[k].start, cn;
		if (k % 4 && k + 1 < sents.count)
			continue; /* a quarter of the letter's, and the line-broken one */
		assert_true(n < sizeof(copy));
		cn = collapsed(copy, s, n);
		for (i = 0; i < npatterns; i++) {
			pairs++;
			if (imr__hits_atom_within(hits, patterns[i], (uint32_t)i, s, n))
				continue;
			ruled_out++;
			assert_int_equal(imr__regex_find(matcher, patterns[i], s, n, 0, ovec, 2), 0);
			assert_int_equal(imr__regex_find(matcher, patterns[i], copy, cn, 0, ovec, 2), 0);
		}
	}
	assert_true(ruled_out * 2 > pairs);
	/* "not medically necessary" lies in the last sentence: the conclusion
	 * lexicons' atoms are found there */
	for (i = 0, k = 0; i < npatterns; i++)
		k += imr__hits_atom_within(hits, patterns[i], (uint32_t)i, text + sents.items[sents.count - 1].start,
					   sents.items[sents.count - 1].end - sents.items[sents.count - 1].start);
	assert_true(k > 0);
	/* a subject that cuts a word ("umba" of "lumbar"): the hits cannot tell */
	for (i = 0; i < npatterns; i++)
		assert_int_equal(imr__hits_atom_within(hits, patterns[i], (uint32_t)i, strstr(text + rawlen, "umba"), 4),
				 1);
	imr__sentences_dispose(&sents);
	free(text);
	free(raw);
}

/* Whether a trigger [s, e) of the whole text's index begins before a
 * range and reaches into it: such a trigger is not looked for per range. */
static int crosses_a_range(const imr_ctx_range *r, size_t n, size_t s, size_t e)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s < r[i].start && e > r[i].start)
			return 1;
	return 0;
}

/* Indexing every other sentence finds, in each list, the whole text's
 * triggers that start inside those sentences, and nothing else, wherever
 * no trigger reaches across a sentence's start. */
static void triggers_of_chosen_sentences(void **state)
{
	static const char *const letters[] = { "letters/seeds/000_d94f8ca5ff25fe6f.txt",
					       "letters/dwc-imr-2016/txt/CM16-0213037.txt",
					       "letters/audit/rationale-denies-documented-mri.txt" };
	imr_ctx_index whole, part;
	imr_sentences sents = { NULL, 0, 0 };
	size_t t, f, compared = 0;
	(void)state;
	memset(&whole, 0, sizeof(whole));
	memset(&part, 0, sizeof(part));
	for (f = 0; f < sizeof(letters) / sizeof(letters[0]); f++) {
		size_t len, at = 0, n = 0, k;
		imr_text *text = read_letter(letters[f]);
		const char *data = imr_text_data(text, &len);
		imr_ctx_range *ranges;
		assert_int_equal(imr__sentences_split(&sents, data, 0, len), 0);
		assert_true(sents.count > 10);
		ranges = calloc(sents.count, sizeof(*ranges));
		assert_non_null(ranges);
		for (k = 1; k < sents.count; k += 2) {
			ranges[n].start = sents.items[k].start;
			ranges[n].end = sents.items[k].end;
			n++;
		}
		assert_int_equal(imr__hits_scan(hits, data, len), 0);
		assert_int_equal(imr__hits_focus(hits, data, len, 0), 0);
		assert_int_equal(imr__context_index(&whole, &rules->context, matcher, hits, data, 0, len, &at), 0);
		assert_int_equal(imr__context_index_ranges(&part, &rules->context, matcher, hits, data, len, ranges, n, &at),
				 0);
		for (t = 0; t < IMR_TRIG_COUNT; t++) {
			const imr_span_list *w = &whole.lists[t], *p = &part.lists[t];
			size_t i, j = 0;
			for (i = 0; i < w->count; i++)
				assert_false(crosses_a_range(ranges, n, w->start[i], w->end[i]));
			for (i = 0; i < w->count; i++) {
				size_t r;
				int inside = 0;
				for (r = 0; r < n; r++)
					inside |= w->start[i] >= ranges[r].start && w->start[i] < ranges[r].end;
				if (!inside)
					continue;
				assert_true(j < p->count);
				assert_int_equal(p->start[j], w->start[i]);
				assert_int_equal(p->end[j], w->end[i]);
				j++;
			}
			assert_int_equal(j, p->count);
			compared += j;
		}
		free(ranges);
		imr_text_free(text);
	}
	assert_true(compared > 50);
	imr__sentences_dispose(&sents);
	imr__context_index_dispose(&whole);
	imr__context_index_dispose(&part);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_pattern_on_every_bundled_letter),
		cmocka_unit_test(texts_the_letters_may_not_have),
		cmocka_unit_test(subjects_that_cut_a_word),
		cmocka_unit_test(second_atoms_at_the_edges_of_a_window),
		cmocka_unit_test(lookbehind_second_atoms_before_the_window),
		cmocka_unit_test(common_second_atoms_only_when_listed_anyway),
		cmocka_unit_test(may_match_each_in_focus),
		cmocka_unit_test(runs_of_each_class),
		cmocka_unit_test(runs_of_ranges),
		cmocka_unit_test(trigger_lists_act_as_one_alternation),
		cmocka_unit_test(triggers_of_chosen_sentences),
		cmocka_unit_test(range_scans_search_as_plain),
		cmocka_unit_test(no_atom_within_no_match),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
