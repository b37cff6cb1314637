/* test_specialty.c - reviewers' specialties under one name (specialty.c):
 * the shipped table on the spellings real letters use, the generic
 * folding without a table, and every loader error at its place. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "model.h"
#include "specialty.h"

static void expect(const imr_specialties *sp, const char *stated, const char *want)
{
	imr_buf out = IMR_BUF_INIT;
	assert_int_equal(imr__specialty_canonical(&out, sp, stated), IMR_OK);
	if (strcmp(imr_buf_cstr(&out), want) != 0)
		fail_msg("'%s' gave '%s', expected '%s'", stated ? stated : "(null)", imr_buf_cstr(&out), want);
	imr_buf_dispose(&out);
}

static void shipped_names(void **state)
{
	const imr_specialties *sp = imr_test_shipped_rules()->specialties;
	(void)state;
	assert_non_null(sp);
	/* "&" and "and", case, spacing and punctuation are one */
	expect(sp, "Physical Medicine & Rehabilitation", "Physical Medicine and Rehabilitation");
	expect(sp, "Physical Medicine and Rehabilitation", "Physical Medicine and Rehabilitation");
	expect(sp, "PHYSICAL  MEDICINE &REHABILITATION.", "Physical Medicine and Rehabilitation");
	expect(sp, "physical medicine\tand\nrehabilitation", "Physical Medicine and Rehabilitation");
	/* variants, in a list as letters state several */
	expect(sp, "PM&R, Pain Management", "Physical Medicine and Rehabilitation, Pain Medicine");
	expect(sp, "Orthopaedic Surgery; Sports Medicinea", "Orthopedic Surgery, Sports Medicine");
	expect(sp, "Family Practice", "Family Medicine");
	/* a phrase naming two, and a part named twice kept once */
	expect(sp, "Anesthesiology and Pain Medicine", "Anesthesiology, Pain Medicine");
	expect(sp, "Anesthesiology and Pain Medicine, Pain Management", "Anesthesiology, Pain Medicine");
	/* unknown to the table: its own words, capitalised but the minor ones */
	expect(sp, "sleep medicine and   dentistry", "Sleep Medicine and Dentistry");
	expect(sp, "Physical Medicine & Rehabilitation, of the SPINE", "Physical Medicine and Rehabilitation, Of the Spine");
	/* nothing stated */
	expect(sp, NULL, "");
	expect(sp, " , ;. ", "");
}

static void generic_folding(void **state)
{
	(void)state;
	/* without a table: case, white space, "&" and punctuation only */
	expect(NULL, "Physical Medicine & Rehabilitation", "Physical Medicine And Rehabilitation");
	expect(NULL, "physical medicine and rehabilitation", "Physical Medicine And Rehabilitation");
	expect(NULL, "Orthopaedic Surgery", "Orthopaedic Surgery");
	/* bytes beyond ASCII are kept */
	expect(NULL, "M\xC3\xA9" "decine", "M\xC3\xA9" "decine");
}

/* ---- loader errors ---- */

typedef struct loaded {
	imr_specialties *sp;
	imr_diags diags;
	imr_ydoc *doc;
	int status;
} loaded;

static void load(loaded *l, const char *yaml)
{
	imr_specialty_src src;
	memset(l, 0, sizeof(*l));
	imr_diags_init(&l->diags);
	assert_int_equal(imr__yaml_parse(&l->doc, "s.yaml", yaml, strlen(yaml), NULL, &l->diags), IMR_OK);
	src.file = "s.yaml";
	src.root = imr__ydoc_root(l->doc);
	l->status = imr__specialty_load(&l->sp, &src, 1, NULL, &l->diags);
}

static void unload(loaded *l)
{
	imr__specialty_free(l->sp);
	imr__ydoc_free(l->doc);
	imr_diags_dispose(&l->diags);
}

/* Whether a diagnostic with @p code stands at @p line:@p col. */
static int has_diag(const loaded *l, const char *code, unsigned line, unsigned col)
{
	size_t i;
	for (i = 0; i < l->diags.count; i++) {
		const imr_diag *d = &l->diags.items[i];
		if (strcmp(d->code, code) == 0 && d->line == line && d->col == col)
			return 1;
	}
	return 0;
}

static void print_diags(const loaded *l)
{
	size_t i;
	for (i = 0; i < l->diags.count; i++)
		print_message("%u:%u %s %s\n", l->diags.items[i].line, l->diags.items[i].col, l->diags.items[i].code,
			      l->diags.items[i].message);
}

static void loader_errors(void **state)
{
	loaded l;
	(void)state;
	load(&l, "kind: specialties\n"
		 "specialties:\n"
		 "  - name: Pain Medicine\n"
		 "    variants: [Pain Management, 'pain  management']\n"  /* 4:33 folds to the same */
		 "  - name: Neurology\n"
		 "    varients: [Neuro]\n"                               /* 6:5 unknown key */
		 "  - name: 'A, B'\n"                                     /* 7:11 a comma */
		 "  - name: Pain-Medicine\n"                              /* 8:11 another's name */
		 "  - variants: [X]\n"                                    /* 9:5 no name */
		 "  - name: '&&'\n"                                       /* 10:11 folds to "and and" */
		 "  - name: '...'\n"                                      /* 11:11 folds to nothing */
		 "joined:\n"
		 "  - text: Neurology and Pain\n"                         /* 13:11 Pain is not a name */
		 "    names: [Neurology, Pain]\n"
		 "  - text: Solo\n"
		 "    names: [Neurology]\n"                               /* 16:12 one name */
		 "colour: blue\n");                                       /* 17:1 unknown key */
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.sp);
	if (getenv("IMR_TEST_VERBOSE"))
		print_diags(&l);
	assert_true(has_diag(&l, "duplicate-variant", 4, 33));
	assert_true(has_diag(&l, "unknown-key", 6, 5));
	assert_true(has_diag(&l, "bad-value", 7, 11));
	assert_true(has_diag(&l, "duplicate-variant", 8, 11));
	assert_true(has_diag(&l, "missing-key", 9, 5));
	assert_true(has_diag(&l, "bad-value", 11, 11));
	assert_true(has_diag(&l, "unknown-specialty", 13, 11));
	assert_true(has_diag(&l, "bad-value", 16, 12));
	assert_true(has_diag(&l, "unknown-key", 17, 1));
	unload(&l);

	load(&l, "kind: specialties\nminor_words: [of, two words]\nspecialties: {name: x}\n");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_true(has_diag(&l, "bad-value", 2, 19));
	assert_true(has_diag(&l, "wrong-type", 3, 14));
	unload(&l);

	load(&l, "kind: specialties\nminor_words: [of]\nspecialties:\n  - name: History of Medicine\n");
	assert_int_equal(l.status, IMR_OK);
	expect(l.sp, "HISTORY OF MEDICINE", "History of Medicine");
	expect(l.sp, "of medicine", "Of Medicine");
	unload(&l);
}

static void loader_out_of_memory(void **state)
{
	long n;
	int rc = IMR_ENOMEM;
	(void)state;
	for (n = 1; n < 400 && rc != IMR_OK; n++) {
		loaded l;
		imr_specialty_src src;
		static const char yaml[] = "kind: specialties\nminor_words: [of]\nspecialties:\n"
					   "  - name: A of B\n    variants: [AB, A-B]\n  - name: C\n"
					   "joined:\n  - text: A of B and C\n    names: [A of B, C]\n";
		memset(&l, 0, sizeof(l));
		imr_diags_init(&l.diags);
		assert_int_equal(imr__yaml_parse(&l.doc, "s.yaml", yaml, strlen(yaml), NULL, &l.diags), IMR_OK);
		src.file = "s.yaml";
		src.root = imr__ydoc_root(l.doc);
		imr__alloc_fail_after(n);
		rc = imr__specialty_load(&l.sp, &src, 1, NULL, &l.diags);
		imr__alloc_fail_after(0);
		if (rc == IMR_OK)
			expect(l.sp, "a-of-b, a of b and c", "A of B, C");
		else
			assert_int_equal(rc, IMR_ENOMEM);
		unload(&l);
	}
	assert_int_equal(rc, IMR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_names),
		cmocka_unit_test(generic_folding),
		cmocka_unit_test(loader_errors),
		cmocka_unit_test(loader_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
