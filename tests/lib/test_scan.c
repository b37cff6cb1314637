/* test_scan.c - numbers, dates and spinal levels read from free text. */
#include "test.h"

#include <string.h>

#include "scan.h"

static double number(const char *s)
{
	double v = -1;
	if (imr__scan_number(s, strlen(s), &v) < 0)
		return -1;
	return v;
}

static void numbers(void **state)
{
	(void)state;
	assert_true(number("60") == 60);
	assert_true(number(" 2.5 ") == 2.5);
	assert_true(number("1,200") == 1200);
	assert_true(number("two") == 2);
	assert_true(number("Twenty four") == 24);
	assert_true(number("twenty-four") == 24);
	assert_true(number("one hundred") == 100);
	assert_true(number("8/10") == -1);
	assert_true(number("abc") == -1);
	assert_true(number("") == -1);
}

static const char *date_text(const char *s)
{
	static char out[11];
	int32_t d;
	if (imr__scan_date(s, strlen(s), &d) < 0)
		return "none";
	imr_date_format(out, d);
	return out;
}

static void dates(void **state)
{
	(void)state;
	assert_string_equal(date_text("07/17/2014"), "2014-07-17");
	assert_string_equal(date_text("7/9/14"), "2014-07-09");
	assert_string_equal(date_text("6-15-2015"), "2015-06-15");
	assert_string_equal(date_text("10-13-16"), "2016-10-13");
	assert_string_equal(date_text("9-24-2011"), "2011-09-24");
	assert_string_equal(date_text("2015-06-20"), "2015-06-20");
	assert_string_equal(date_text("July 17, 2014"), "2014-07-17");
	assert_string_equal(date_text("January 9, 2014."), "2014-01-09");
	assert_string_equal(date_text("Sept. 3 2013"), "2013-09-03");
	assert_string_equal(date_text("October 2015"), "2015-10-01");
	assert_string_equal(date_text("09/2013"), "2013-09-01");
	assert_string_equal(date_text("9 January 2014"), "2014-01-09");
	assert_string_equal(date_text("12/31/99"), "1999-12-31");
	/* impossible or ambiguous */
	assert_string_equal(date_text("02/30/2016"), "none");
	assert_string_equal(date_text("13/01/2016"), "none");
	assert_string_equal(date_text("8/10"), "none");
	assert_string_equal(date_text("July"), "none");
}

static void find_dates(void **state)
{
	const char *s = "seen on 11/01/2013 and 11/15/2013; pain 8/10, L4-5, Page(s): 46 of 127";
	size_t start, end, pos = 0, n = 0;
	int32_t d;
	(void)state;
	while (imr__scan_find_date(s, strlen(s), pos, &start, &end, &d)) {
		n++;
		pos = end;
	}
	assert_int_equal(n, 2);
	assert_int_equal(imr__scan_find_date("x 123/45/2016 y", 15, 0, &start, &end, &d), 0);
}

static const char *levels(const char *s)
{
	static char out[256];
	char lv[16][8];
	size_t n = imr__scan_levels(s, strlen(s), lv, 16), i;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(out, i ? " " : "");
		strcat(out, lv[i]);
	}
	return out;
}

static void spinal_levels(void **state)
{
	(void)state;
	assert_string_equal(levels("L4-L5"), "L4-L5");
	assert_string_equal(levels("L4-5"), "L4-L5");
	assert_string_equal(levels("L4/5"), "L4-L5");
	assert_string_equal(levels("L5-S1"), "L5-S1");
	assert_string_equal(levels("L5/S1"), "L5-S1");
	assert_string_equal(levels("L4-L5-S1"), "L4-L5 L5-S1");
	assert_string_equal(levels("L4 through S1"), "L4-L5 L5-S1");
	assert_string_equal(levels("L3 to L5"), "L3-L4 L4-L5");
	assert_string_equal(levels("BILATERAL L4-5, L5-S1 FACET JOINT INJECTION"), "L4-L5 L5-S1");
	assert_string_equal(levels("C5-6 and C6-7"), "C5-C6 C6-C7");
	assert_string_equal(levels("C7-T1"), "C7-T1");
	assert_string_equal(levels("at L5"), "");
	assert_string_equal(levels("CLS5-6"), "");
	assert_string_equal(levels("L5-L4"), "");
	assert_string_equal(levels("the L2-3 level and T12-L1"), "L2-L3 T12-L1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(dates),
		cmocka_unit_test(find_dates),
		cmocka_unit_test(spinal_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
