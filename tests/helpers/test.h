/* test.h - cmocka with its prerequisite headers, plus imrcheck helpers.
 *
 * Every unit test includes this first. Helpers keep each case to a line
 * or two in domain terms: load a rule set from YAML text, assert that a
 * diagnostic with a given check name sits at a given line and column,
 * assert a criterion's status. */
#ifndef IMR_TEST_H
#define IMR_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "imrcheck.h"

/* Path of a file under fixtures/ (from $IMR_FIXTURES); static storage,
 * valid until the next call. */
const char *imr_test_fixture(const char *relative);

/* Path of the shipped rules directory (from $IMR_RULES). */
const char *imr_test_rules_dir(void);

/* The shipped rule set ($IMR_RULES), loaded on first use and kept until
 * the test program exits; fails the test when it does not load. */
const imr_rules *imr_test_shipped_rules(void);

/* Parse @p text as the letter "letter.txt" with the shipped rules;
 * *status receives the result and @p diags the diagnostics. The caller
 * frees the letter (NULL on failure). */
imr_letter *imr_test_parse_letter(const char *text, imr_diags *diags, int *status);

/* Read a whole file; the caller frees the result. Fails the test if the
 * file cannot be read. */
char *imr_test_read_file(const char *path, size_t *len);

/* Write @p text to a fresh file in a temporary directory and return its
 * path (static storage, valid until the next call). */
const char *imr_test_write_temp(const char *name, const char *text);

/* Load the minimal rule set fixtures/rules-min plus extra files given as
 * YAML text (NULL-terminated list of name, text pairs). Returns the
 * status; diagnostics go to @p diags; *out may be NULL on failure. */
int imr_test_load_min(imr_rules **out, imr_diags *diags, ...);

/* Whether @p diags holds a diagnostic with @p code at @p line:@p col
 * (0 matches any line or column). */
int imr_test_has_diag(const imr_diags *diags, const char *code, unsigned line, unsigned col);

/* Print every diagnostic (for failing tests). */
void imr_test_print_diags(const imr_diags *diags);

#define assert_diag(diags, code, line, col)                                    \
	do {                                                                   \
		if (!imr_test_has_diag((diags), (code), (line), (col))) {      \
			imr_test_print_diags(diags);                           \
			fail_msg("expected diagnostic %s at %u:%u", (code),    \
				 (unsigned)(line), (unsigned)(col));           \
		}                                                              \
	} while (0)

/* The result of criterion @p id ("rule/criterion") of item @p item. */
const imr_criterion_result *imr_test_criterion(const imr_result *result, size_t item,
					       const char *id);

#define assert_criterion(result, item, id, want)                                          \
	do {                                                                              \
		const imr_criterion_result *cr_ = imr_test_criterion((result), (item), (id)); \
		if (!cr_)                                                                 \
			fail_msg("no criterion %s in item %zu", (id), (size_t)(item));    \
		if (cr_->status != (want))                                                \
			fail_msg("criterion %s: expected %s, got %s", (id),               \
				 imr_status_name(want), imr_status_name(cr_->status));    \
	} while (0)

#endif
