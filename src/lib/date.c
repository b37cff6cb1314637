/* date.c - strict ISO dates <-> day numbers (days since 1970-01-01).
 *
 * Uses Howard Hinnant's well-known days-from-civil arithmetic, which is
 * exact for the proleptic Gregorian calendar. */
#include "imrcheck/date.h"

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

int imr_date_from_ymd(int32_t *out, int year, int month, int day)
{
	int era, yoe, doy, doe, y;
	if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month))
		return IMR_EINVALID;
	y = month <= 2 ? year - 1 : year;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = (int32_t)(era * 146097 + doe - 719468);
	return IMR_OK;
}

void imr_date_to_ymd(int32_t date, int *year, int *month, int *day)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*day = d;
}

static int digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int imr_date_parse(int32_t *out, const char *s, size_t len)
{
	int y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return IMR_EINVALID;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return IMR_EINVALID;
	return imr_date_from_ymd(out, y, m, d);
}

const char *imr_date_problem(const char *s, size_t len)
{
	int32_t date;
	int y, m, d;
	if (imr_date_parse(&date, s, len) == IMR_OK)
		return NULL;
	/* the shape and the month and day are right, the year is not */
	if (len == 10 && s[4] == '-' && s[7] == '-' && !digits(s, 4, &y) && !digits(s + 5, 2, &m) &&
	    !digits(s + 8, 2, &d) && (y < 1900 || y > 2199) && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m))
		return "year out of range: 1900 to 2199";
	return "expected YYYY-MM-DD";
}

void imr_date_format(char out[11], int32_t date)
{
	int y, m, d;
	imr_date_to_ymd(date, &y, &m, &d);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}
