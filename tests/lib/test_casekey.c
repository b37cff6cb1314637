/* test_casekey.c - the key a letter's case is told by, and the set of keys. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "casekey.h"

/* The digest does not depend on how the text is wrapped or spaced, but
 * on every word. */
static void digest_ignores_white_space_runs_only(void **state)
{
	char a[IMR__CASEKEY_DIGEST_HEX + 1], b[IMR__CASEKEY_DIGEST_HEX + 1], c[IMR__CASEKEY_DIGEST_HEX + 1];
	static const char one[] = "The request for a lumbar\nbrace is not medically necessary.";
	static const char two[] = "  The request  for a\r\nlumbar brace is not\tmedically necessary.\n\n";
	static const char other[] = "The request for a lumbar brace is medically necessary.";
	(void)state;
	imr__casekey_digest(a, one, strlen(one));
	imr__casekey_digest(b, two, strlen(two));
	imr__casekey_digest(c, other, strlen(other));
	assert_int_equal(strlen(a), IMR__CASEKEY_DIGEST_HEX);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	/* words are not joined: "lumbar brace" is not "lumbarbrace" */
	imr__casekey_digest(c, "The request for a lumbarbrace is not medically necessary.",
			    strlen("The request for a lumbarbrace is not medically necessary."));
	assert_string_not_equal(a, c);
}

/* A case number is compared without case or white space; a letter
 * without one is told by its digest; the first letter is kept. */
static void keys_remember_the_first_letter(void **state)
{
	imr__casekeys set = IMR__CASEKEYS_INIT;
	uint32_t first = 99, i;
	char name[32];
	(void)state;
	assert_int_equal(imr__casekeys_see(&set, "CM16-0213037", NULL, 0, &first), 0);
	assert_int_equal(imr__casekeys_see(&set, " cm16-0213037 ", "ffff", 1, &first), 1);
	assert_int_equal(first, 0);
	assert_int_equal(imr__casekeys_see(&set, NULL, "0123abcd", 2, &first), 0);
	assert_int_equal(imr__casekeys_see(&set, "  ", "0123abcd", 3, &first), 1);
	assert_int_equal(first, 2);
	/* a case number equal to a digest is another key */
	assert_int_equal(imr__casekeys_see(&set, "0123ABCD", NULL, 4, &first), 0);
	/* neither: no key, never a repeat */
	assert_int_equal(imr__casekeys_see(&set, NULL, NULL, 5, &first), 0);
	assert_int_equal(imr__casekeys_see(&set, NULL, NULL, 6, &first), 0);
	/* enough keys to grow the table, each still found */
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "CM17-%07u", (unsigned)i);
		assert_int_equal(imr__casekeys_see(&set, name, NULL, 10 + i, &first), 0);
	}
	for (i = 0; i < 1000; i += 97) {
		snprintf(name, sizeof(name), "cm17-%07u", (unsigned)i);
		assert_int_equal(imr__casekeys_see(&set, name, NULL, 5000, &first), 1);
		assert_int_equal(first, 10 + i);
	}
	imr__casekeys_dispose(&set);
	imr__casekeys_dispose(&set); /* disposed twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(digest_ignores_white_space_runs_only),
		cmocka_unit_test(keys_remember_the_first_letter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
