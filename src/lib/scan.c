/* scan.c - numbers, dates and spinal levels from free text. */
#include "scan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imrcheck/date.h"

/* ---- numbers ---- */

static const struct {
	const char *word;
	int value;
} number_words[] = {
	{ "zero", 0 },	   { "one", 1 },	{ "two", 2 },	     { "three", 3 },	 { "four", 4 },
	{ "five", 5 },	   { "six", 6 },	{ "seven", 7 },	     { "eight", 8 },	 { "nine", 9 },
	{ "ten", 10 },	   { "eleven", 11 },	{ "twelve", 12 },    { "thirteen", 13 }, { "fourteen", 14 },
	{ "fifteen", 15 }, { "sixteen", 16 },	{ "seventeen", 17 }, { "eighteen", 18 }, { "nineteen", 19 },
	{ "twenty", 20 },  { "thirty", 30 },	{ "forty", 40 },     { "fifty", 50 },	 { "sixty", 60 },
	{ "seventy", 70 }, { "eighty", 80 },	{ "ninety", 90 },    { "hundred", 100 },
};

static int word_value(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < sizeof(number_words) / sizeof(number_words[0]); i++)
		if (strlen(number_words[i].word) == len && strncasecmp(number_words[i].word, s, len) == 0)
			return number_words[i].value;
	return -1;
}

static void trim(const char **s, size_t *len)
{
	while (*len && (isspace((unsigned char)**s) || **s == '(' || **s == '"'))
		(*s)++, (*len)--;
	while (*len && (isspace((unsigned char)(*s)[*len - 1]) || strchr(".,;:)\"", (*s)[*len - 1])))
		(*len)--;
}

int imr__scan_number(const char *s, size_t len, double *out)
{
	char buf[64];
	size_t i, n = 0;
	char *end;

	trim(&s, &len);
	if (!len)
		return -1;
	if (isdigit((unsigned char)s[0])) {
		for (i = 0; i < len && n + 1 < sizeof(buf); i++) {
			if (s[i] == ',' && i + 3 < len + 1 && i > 0)
				continue; /* thousands separator */
			if (!isdigit((unsigned char)s[i]) && s[i] != '.')
				return -1;
			buf[n++] = s[i];
		}
		buf[n] = '\0';
		*out = strtod(buf, &end);
		return *end || i < len ? -1 : 0;
	}
	/* words: "twenty four", "twenty-four", "one hundred" */
	{
		double total = 0;
		int any = 0;
		i = 0;
		while (i < len) {
			size_t w = i;
			int v;
			while (i < len && isalpha((unsigned char)s[i]))
				i++;
			v = word_value(s + w, i - w);
			if (v < 0)
				return -1;
			if (v == 100)
				total = (total ? total : 1) * 100;
			else
				total += v;
			any = 1;
			while (i < len && (s[i] == ' ' || s[i] == '-'))
				i++;
		}
		if (!any)
			return -1;
		*out = total;
		return 0;
	}
}

/* ---- dates ---- */

static const char *const months[] = { "january", "february", "march",	  "april",
				      "may",	 "june",     "july",	  "august",
				      "september", "october", "november", "december" };

static int month_named(const char *s, size_t len)
{
	int m;
	if (len < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		size_t full = strlen(months[m]);
		/* "Jan", "Jan.", "January"; "Sept" too */
		if ((len == full && strncasecmp(s, months[m], len) == 0) ||
		    (len == 3 && strncasecmp(s, months[m], 3) == 0) ||
		    (len == 4 && m == 8 && strncasecmp(s, "sept", 4) == 0))
			return m + 1;
	}
	return 0;
}

static int full_year(int y, int digits)
{
	if (digits == 2)
		return y > 50 ? 1900 + y : 2000 + y;
	return y;
}

static size_t read_digits(const char *s, size_t len, size_t i, int *value, int *ndigits)
{
	int v = 0, n = 0;
	while (i < len && isdigit((unsigned char)s[i]) && n < 5) {
		v = v * 10 + (s[i] - '0');
		i++;
		n++;
	}
	*value = v;
	*ndigits = n;
	return i;
}

/* Try to read a date starting exactly at @p i; returns the end or 0. */
static size_t date_at(const char *s, size_t len, size_t i, int32_t *out)
{
	int a, b, c, na, nb, nc, m;
	size_t j, k;

	if (i < len && isdigit((unsigned char)s[i])) {
		j = read_digits(s, len, i, &a, &na);
		if (na == 4 && j + 1 < len && s[j] == '-') { /* YYYY-MM-DD */
			k = read_digits(s, len, j + 1, &b, &nb);
			if (nb >= 1 && nb <= 2 && k + 1 < len && s[k] == '-') {
				size_t e = read_digits(s, len, k + 1, &c, &nc);
				if (nc >= 1 && nc <= 2 && imr_date_from_ymd(out, a, b, c) == 0)
					return e;
			}
			return 0;
		}
		if (na >= 1 && na <= 2 && j + 1 < len && (s[j] == '/' || s[j] == '-')) {
			char sep = s[j];
			k = read_digits(s, len, j + 1, &b, &nb);
			if (nb == 4 && sep == '/' && a >= 1 && a <= 12) { /* MM/YYYY */
				if (imr_date_from_ymd(out, b, a, 1) == 0)
					return k;
				return 0;
			}
			if (nb >= 1 && nb <= 2 && k + 1 < len && s[k] == sep) {
				size_t e = read_digits(s, len, k + 1, &c, &nc);
				if ((nc == 2 || nc == 4) && imr_date_from_ymd(out, full_year(c, nc), a, b) == 0)
					return e;
			}
			return 0;
		}
		/* "9 January 2014" */
		if (na >= 1 && na <= 2 && j < len && s[j] == ' ') {
			size_t w = j + 1, we = w;
			while (we < len && isalpha((unsigned char)s[we]))
				we++;
			if ((m = month_named(s + w, we - w)) && we + 1 < len && s[we] == ' ') {
				size_t e = read_digits(s, len, we + 1, &c, &nc);
				if (nc == 4 && imr_date_from_ymd(out, c, m, a) == 0)
					return e;
			}
		}
		return 0;
	}
	if (i < len && isalpha((unsigned char)s[i])) {
		/* "July 17, 2014", "Jan. 9 2014", "October 2015" */
		size_t we = i;
		while (we < len && isalpha((unsigned char)s[we]))
			we++;
		if (!(m = month_named(s + i, we - i)))
			return 0;
		j = we;
		if (j < len && s[j] == '.')
			j++;
		while (j < len && s[j] == ' ')
			j++;
		k = read_digits(s, len, j, &a, &na);
		if (na == 4) {
			if (imr_date_from_ymd(out, a, m, 1) == 0)
				return k;
			return 0;
		}
		if (na < 1 || na > 2)
			return 0;
		if (k + 2 < len && (s[k] == 's' || s[k] == 'n' || s[k] == 'r' || s[k] == 't') &&
		    isalpha((unsigned char)s[k + 1]))
			k += 2; /* 1st, 2nd, 3rd, 17th */
		if (k < len && s[k] == ',')
			k++;
		while (k < len && s[k] == ' ')
			k++;
		j = read_digits(s, len, k, &c, &nc);
		if (nc == 4 && imr_date_from_ymd(out, c, m, a) == 0)
			return j;
	}
	return 0;
}

int imr__scan_date(const char *s, size_t len, int32_t *out)
{
	size_t end;
	trim(&s, &len);
	if (!len)
		return -1;
	end = date_at(s, len, 0, out);
	return end == len ? 0 : -1;
}

int imr__scan_find_date(const char *s, size_t len, size_t from, size_t *start, size_t *end,
			int32_t *out)
{
	size_t i;
	for (i = from; i < len; i++) {
		size_t e;
		/* a date starts at a word boundary */
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '-'))
			continue;
		if (!isdigit((unsigned char)s[i]) && !isupper((unsigned char)s[i]))
			continue;
		e = date_at(s, len, i, out);
		if (e && (e == len || !isalnum((unsigned char)s[e]))) {
			*start = i;
			*end = e;
			return 1;
		}
	}
	return 0;
}

/* ---- spinal levels ---- */

/* Vertebrae in order: C1-C7, T1-T12, L1-L5, S1-S5. */
static int vertebra_index(char region, int n)
{
	switch (toupper((unsigned char)region)) {
	case 'C': return n >= 1 && n <= 7 ? n - 1 : -1;
	case 'T': return n >= 1 && n <= 12 ? 7 + n - 1 : -1;
	case 'L': return n >= 1 && n <= 5 ? 19 + n - 1 : -1; /* L6 (transitional) is not read */
	case 'S': return n >= 1 && n <= 5 ? 24 + n - 1 : -1;
	}
	return -1;
}

static void vertebra_name(int idx, char *out)
{
	if (idx < 7)
		sprintf(out, "C%d", idx + 1);
	else if (idx < 19)
		sprintf(out, "T%d", idx - 7 + 1);
	else if (idx < 24)
		sprintf(out, "L%d", idx - 19 + 1);
	else
		sprintf(out, "S%d", idx - 24 + 1);
}

static size_t add_segment(int lo, char (*out)[8], size_t n, size_t max)
{
	char a[4], b[4];
	size_t i;
	if (lo < 0 || lo >= 28)
		return n;
	vertebra_name(lo, a);
	vertebra_name(lo + 1, b);
	for (i = 0; i < n; i++) {
		char name[8];
		snprintf(name, sizeof(name), "%s-%s", a, b);
		if (strcmp(out[i], name) == 0)
			return n;
	}
	if (n < max) {
		snprintf(out[n], 8, "%s-%s", a, b);
		n++;
	}
	return n;
}

/* Skip spaces; return whether a range connector ("-", "/", "to",
 * "through", "thru") follows at *i, and move past it. */
static int range_connector(const char *s, size_t len, size_t *i)
{
	size_t j = *i;
	while (j < len && s[j] == ' ')
		j++;
	if (j < len && (s[j] == '-' || s[j] == '/')) {
		*i = j + 1;
		return 1;
	}
	if (j + 2 <= len && strncasecmp(s + j, "to", 2) == 0 && (j + 2 == len || s[j + 2] == ' ')) {
		*i = j + 2;
		return 1;
	}
	if (j + 7 <= len && strncasecmp(s + j, "through", 7) == 0) {
		*i = j + 7;
		return 1;
	}
	if (j + 4 <= len && strncasecmp(s + j, "thru", 4) == 0) {
		*i = j + 4;
		return 1;
	}
	return 0;
}

/* Read "L4" or, inside a chain, a bare "5" that keeps the region of the
 * previous vertebra. Returns the index or -1. */
static int read_vertebra(const char *s, size_t len, size_t *i, char *region)
{
	size_t j = *i;
	int n, nd;
	while (j < len && s[j] == ' ')
		j++;
	if (j < len && strchr("CTLSctls", s[j]) && j + 1 < len && isdigit((unsigned char)s[j + 1])) {
		char r = (char)toupper((unsigned char)s[j]);
		size_t e = read_digits(s, len, j + 1, &n, &nd);
		if (nd > 2 || (e < len && isalnum((unsigned char)s[e])))
			return -1;
		*region = r;
		*i = e;
		return vertebra_index(r, n);
	}
	if (*region && j < len && isdigit((unsigned char)s[j])) {
		size_t e = read_digits(s, len, j, &n, &nd);
		if (nd > 2 || (e < len && isalnum((unsigned char)s[e])))
			return -1;
		*i = e;
		return vertebra_index(*region, n);
	}
	return -1;
}

size_t imr__scan_levels(const char *s, size_t len, char (*out)[8], size_t max)
{
	size_t i = 0, n = 0;
	while (i < len) {
		char region = 0;
		size_t start = i;
		int prev;
		/* a chain starts at a region letter on a word boundary */
		if (!(strchr("CTLSctls", s[i]) && (i == 0 || !isalnum((unsigned char)s[i - 1])))) {
			i++;
			continue;
		}
		prev = read_vertebra(s, len, &i, &region);
		if (prev < 0) {
			i = start + 1;
			continue;
		}
		for (;;) {
			size_t save = i;
			int next;
			if (!range_connector(s, len, &i)) {
				i = save;
				break;
			}
			next = read_vertebra(s, len, &i, &region);
			if (next < 0 || next <= prev || next - prev > 8) {
				i = save;
				break;
			}
			while (prev < next)
				n = add_segment(prev++, out, n, max);
		}
	}
	return n;
}
