/* test_date.c - strict ISO date parsing, day numbers and formatting. */
#include "test.h"

#include <string.h>

/* Parse a NUL-terminated string; returns the status, *out the day. */
static int parse(const char *s, int32_t *out)
{
	*out = IMR_DATE_NONE;
	return imr_date_parse(out, s, strlen(s));
}

static void assert_parses_to(const char *s, int32_t expected)
{
	int32_t d;
	if (parse(s, &d) != IMR_OK)
		fail_msg("'%s' should parse", s);
	if (d != expected)
		fail_msg("'%s' parsed to %ld, expected %ld", s, (long)d, (long)expected);
}

static void assert_rejected(const char *s)
{
	int32_t d;
	int err = parse(s, &d);
	if (err != IMR_EINVALID)
		fail_msg("'%s' should be rejected with IMR_EINVALID, got %d (day %ld)", s, err, (long)d);
}

static void epoch_is_day_zero(void **state)
{
	(void)state;
	assert_parses_to("1970-01-01", 0);
}

static void known_day_numbers(void **state)
{
	(void)state;
	assert_parses_to("1900-01-01", -25567);
	assert_parses_to("2000-03-01", 11017);
	assert_parses_to("2015-03-02", 16496);
	assert_parses_to("2016-02-29", 16860);
	assert_parses_to("2199-12-31", 84005);
}

static void leap_day_of_leap_year_is_valid(void **state)
{
	(void)state;
	assert_parses_to("2016-02-29", 16860);
	assert_parses_to("2000-02-29", 11016); /* divisible by 400: leap */
}

static void leap_day_of_common_year_is_invalid(void **state)
{
	(void)state;
	assert_rejected("2015-02-29");
	assert_rejected("1900-02-29"); /* divisible by 100, not 400 */
	assert_rejected("2100-02-29");
}

static void day_beyond_month_end_is_invalid(void **state)
{
	(void)state;
	assert_rejected("2016-02-30");
	assert_rejected("2015-04-31");
	assert_rejected("2015-06-31");
	assert_rejected("2015-01-32");
	assert_rejected("2015-12-32");
}

static void month_out_of_range_is_invalid(void **state)
{
	(void)state;
	assert_rejected("2015-13-01");
	assert_rejected("2015-00-10");
	assert_rejected("2015-99-10");
}

static void day_zero_is_invalid(void **state)
{
	(void)state;
	assert_rejected("2015-03-00");
}

static void years_outside_1900_to_2199_are_invalid(void **state)
{
	(void)state;
	assert_rejected("1899-12-31");
	assert_rejected("2200-01-01");
	assert_rejected("0000-01-01");
	assert_parses_to("1900-01-01", -25567);
	assert_parses_to("2199-12-31", 84005);
}

/* Why a date is refused, for the message: a year outside the range says
 * so rather than blaming the shape. */
static void problems_say_why(void **state)
{
	(void)state;
	assert_null(imr_date_problem("2016-02-29", 10));
	assert_string_equal(imr_date_problem("9999-12-31", 10), "year out of range: 1900 to 2199");
	assert_string_equal(imr_date_problem("1899-12-31", 10), "year out of range: 1900 to 2199");
	assert_string_equal(imr_date_problem("2200-01-01", 10), "year out of range: 1900 to 2199");
	assert_string_equal(imr_date_problem("2016-02-30", 10), "expected YYYY-MM-DD");
	assert_string_equal(imr_date_problem("2016-13-01", 10), "expected YYYY-MM-DD");
	assert_string_equal(imr_date_problem("16-02-01", 8), "expected YYYY-MM-DD");
	assert_string_equal(imr_date_problem("02/30/2016", 10), "expected YYYY-MM-DD");
}

static void wrong_shapes_are_invalid(void **state)
{
	static const char *const bad[] = {
		"",            "2015",         "2015-3-02",   "2015-03-2",  "15-03-02",
		"2015/03/02",  "2015.03.02",   "20150302",    "2015-03-02 ", " 2015-03-02",
		"2015-03-0a",  "2015-0x-02",   "+015-03-02",  "-015-03-02", "2015--3-02",
		"2015-03--2",  "2015-03-02T00", "２015-03-02", "2015-03-02\n", "abcd-ef-gh",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_rejected(bad[i]);
}

static void parse_reads_only_len_bytes(void **state)
{
	int32_t d = IMR_DATE_NONE;
	(void)state;
	assert_int_equal(imr_date_parse(&d, "2015-03-02xyz", 10), IMR_OK);
	assert_int_equal(d, 16496);
	/* a prefix that is too short is not a date */
	assert_int_equal(imr_date_parse(&d, "2015-03-02", 9), IMR_EINVALID);
}

static void from_ymd_rejects_impossible_dates(void **state)
{
	int32_t d;
	(void)state;
	assert_int_equal(imr_date_from_ymd(&d, 2015, 2, 29), IMR_EINVALID);
	assert_int_equal(imr_date_from_ymd(&d, 2016, 2, 30), IMR_EINVALID);
	assert_int_equal(imr_date_from_ymd(&d, 2015, 13, 1), IMR_EINVALID);
	assert_int_equal(imr_date_from_ymd(&d, 2015, 0, 1), IMR_EINVALID);
	assert_int_equal(imr_date_from_ymd(&d, 2015, 1, 0), IMR_EINVALID);
	assert_int_equal(imr_date_from_ymd(&d, 2015, 1, -1), IMR_EINVALID);
	assert_int_equal(imr_date_from_ymd(&d, 1899, 12, 31), IMR_EINVALID);
	assert_int_equal(imr_date_from_ymd(&d, 2200, 1, 1), IMR_EINVALID);
}

static void from_ymd_matches_parse(void **state)
{
	int32_t a, b;
	(void)state;
	assert_int_equal(imr_date_from_ymd(&a, 2015, 3, 2), IMR_OK);
	assert_int_equal(parse("2015-03-02", &b), IMR_OK);
	assert_int_equal(a, b);
}

static int days_in(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Every valid calendar date from 1900-01-01 to 2199-12-31, in order, maps
 * to consecutive day numbers and back to itself. */
static void round_trip_every_day_1900_to_2199(void **state)
{
	int32_t expected = -25567, got;
	int y, m, d, yy, mm, dd;
	(void)state;
	for (y = 1900; y <= 2199; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= days_in(y, m); d++) {
				if (imr_date_from_ymd(&got, y, m, d) != IMR_OK)
					fail_msg("%04d-%02d-%02d rejected", y, m, d);
				if (got != expected)
					fail_msg("%04d-%02d-%02d: day %ld, expected %ld", y, m, d, (long)got,
						 (long)expected);
				imr_date_to_ymd(got, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("day %ld came back as %04d-%02d-%02d, expected %04d-%02d-%02d",
						 (long)got, yy, mm, dd, y, m, d);
				expected++;
			}
	assert_int_equal(expected, 84006);
}

static void format_then_parse_round_trips(void **state)
{
	int32_t day, back;
	char text[11];
	(void)state;
	for (day = -25567; day <= 84005; day += 37) {
		imr_date_format(text, day);
		assert_int_equal(strlen(text), 10);
		if (parse(text, &back) != IMR_OK || back != day)
			fail_msg("day %ld formatted as '%s' which parses to %ld", (long)day, text, (long)back);
	}
}

static void format_pads_with_zeros(void **state)
{
	char text[11];
	int32_t d;
	(void)state;
	imr_date_format(text, 0);
	assert_string_equal(text, "1970-01-01");
	assert_int_equal(imr_date_from_ymd(&d, 1900, 1, 1), IMR_OK);
	imr_date_format(text, d);
	assert_string_equal(text, "1900-01-01");
	assert_int_equal(imr_date_from_ymd(&d, 2016, 2, 29), IMR_OK);
	imr_date_format(text, d);
	assert_string_equal(text, "2016-02-29");
	assert_int_equal(imr_date_from_ymd(&d, 2199, 12, 31), IMR_OK);
	imr_date_format(text, d);
	assert_string_equal(text, "2199-12-31");
}

static void to_ymd_handles_days_before_epoch(void **state)
{
	int y, m, d;
	(void)state;
	imr_date_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

static void none_is_below_every_valid_date(void **state)
{
	int32_t d;
	(void)state;
	assert_int_equal(imr_date_from_ymd(&d, 1900, 1, 1), IMR_OK);
	assert_true(IMR_DATE_NONE < d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoch_is_day_zero),
		cmocka_unit_test(problems_say_why),
		cmocka_unit_test(known_day_numbers),
		cmocka_unit_test(leap_day_of_leap_year_is_valid),
		cmocka_unit_test(leap_day_of_common_year_is_invalid),
		cmocka_unit_test(day_beyond_month_end_is_invalid),
		cmocka_unit_test(month_out_of_range_is_invalid),
		cmocka_unit_test(day_zero_is_invalid),
		cmocka_unit_test(years_outside_1900_to_2199_are_invalid),
		cmocka_unit_test(wrong_shapes_are_invalid),
		cmocka_unit_test(parse_reads_only_len_bytes),
		cmocka_unit_test(from_ymd_rejects_impossible_dates),
		cmocka_unit_test(from_ymd_matches_parse),
		cmocka_unit_test(round_trip_every_day_1900_to_2199),
		cmocka_unit_test(format_then_parse_round_trips),
		cmocka_unit_test(format_pads_with_zeros),
		cmocka_unit_test(to_ymd_handles_days_before_epoch),
		cmocka_unit_test(none_is_below_every_valid_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
