/* imrcheck/date.h - calendar dates as day numbers.
 *
 * A date is an int32_t counting days from 1970-01-01 (proleptic Gregorian),
 * so dates compare and subtract as integers. Parsing is strict: 2016-02-30
 * is an error, not March 1st. */
#ifndef IMRCHECK_DATE_H
#define IMRCHECK_DATE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** "No date": a value no valid date takes (valid dates are 1900-2199). */
#define IMR_DATE_NONE INT32_MIN

/** Parse exactly "YYYY-MM-DD" (years 1900-2199) from @p len bytes of @p s.
 *  @return IMR_OK, or IMR_EINVALID for any other text or an impossible date. */
IMR_API int imr_date_parse(int32_t *out, const char *s, size_t len);

/** Why @p len bytes of @p s are not a date imr_date_parse() accepts, for a
 *  message: NULL when they are one, "year out of range: 1900 to 2199" for a
 *  well-formed date outside those years, else "expected YYYY-MM-DD".
 *  The string is static. */
IMR_API const char *imr_date_problem(const char *s, size_t len);

/** Build a day number from a calendar date; IMR_EINVALID if impossible. */
IMR_API int imr_date_from_ymd(int32_t *out, int year, int month, int day);

/** Split a day number into year, month and day. */
IMR_API void imr_date_to_ymd(int32_t date, int *year, int *month, int *day);

/** Write "YYYY-MM-DD" and a terminator into @p out (11 bytes). */
IMR_API void imr_date_format(char out[11], int32_t date);

#ifdef __cplusplus
}
#endif
#endif
