/* text.c - input text normalised for parsing, with a map back (text.h).
 *
 * Input is decoded into code points (UTF-16 with a BOM, or UTF-8 with a
 * Windows-1252 fallback per invalid byte), each code point is normalised
 * and appended to the output, and the map back is kept as it goes.
 *
 * Invariants:
 *  - the output is valid UTF-8, NUL-terminated, with no NUL, CR or form
 *    feed inside and no space before a LF or at the end;
 *  - anchors[] is sorted by strictly increasing norm offset; anchors[0] is
 *    at norm 0. A "linear" anchor maps norm n to orig + (n - norm) up to
 *    the next anchor; a "fixed" anchor (a replacement whose length changed)
 *    maps every byte up to the next anchor to its orig. Text that is copied
 *    unchanged costs no anchors, so clean input costs one;
 *  - lines[k] is the normalised offset at which original line k+1 starts
 *    (strictly increasing, lines[0] == 0);
 *  - pages[k] is the normalised offset of the LF that replaced the k+1-th
 *    form feed. */
#include "imrcheck/text.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "fileio.h"
#include "text.h"

typedef struct anchor {
	size_t norm, orig;
	int fixed;
} anchor;

struct imr_text {
	char *name;
	char *data;
	size_t len;
	anchor *anchors;
	size_t nanchors;
	size_t *lines;
	size_t nlines;
	size_t *pages;
	size_t npages;
	size_t repaired;
	int utf16;
	uint64_t serial;        /* unique among the texts of this process */
};

/* The binary test looks at this many leading bytes: enough to see a file
 * header, short enough to stay cheap on large inputs. */
#define BINARY_SCAN_BYTES 4096u
/* More than one control character in ten is not text a person wrote. */
#define BINARY_CONTROL_PERCENT 10u

/* ---- normaliser state ---- */

typedef struct norm {
	imr_text *t;
	size_t cap, acap, lcap, pcap;
	size_t limit;
	int err;
	/* pending trailing spaces: output and map state before the first one,
	 * restored when a line ends so the spaces vanish without a trace */
	int pending;
	size_t pend_len, pend_nanchors;
	anchor pend_last;
} norm;

static int push_anchor(norm *st, size_t orig, int fixed)
{
	imr_text *t = st->t;
	void *items = t->anchors;
	if (t->nanchors && t->anchors[t->nanchors - 1].norm == t->len) {
		/* nothing was emitted under the previous anchor: replace it */
		t->anchors[t->nanchors - 1].orig = orig;
		t->anchors[t->nanchors - 1].fixed = fixed;
		return 0;
	}
	if (imr__grow(&items, &st->acap, t->nanchors + 1, sizeof(anchor)) < 0)
		return -1;
	t->anchors = items;
	t->anchors[t->nanchors].norm = t->len;
	t->anchors[t->nanchors].orig = orig;
	t->anchors[t->nanchors].fixed = fixed;
	t->nanchors++;
	return 0;
}

static int push_offset(size_t **items, size_t *count, size_t *cap, size_t value)
{
	void *p = *items;
	if (imr__grow(&p, cap, *count + 1, sizeof(size_t)) < 0)
		return -1;
	*items = p;
	(*items)[(*count)++] = value;
	return 0;
}

/* Append @p n bytes that replace the @p olen input bytes at @p orig. */
static void emit(norm *st, const char *bytes, size_t n, size_t orig, size_t olen)
{
	imr_text *t = st->t;
	const anchor *last = &t->anchors[t->nanchors - 1];
	void *data;
	if (st->err)
		return;
	if (n != olen) {
		/* a replacement of another length: its bytes all map to its start */
		if (n && push_anchor(st, orig, 1) < 0)
			goto oom;
	} else if (last->fixed || last->orig + (t->len - last->norm) != orig) {
		if (push_anchor(st, orig, 0) < 0)
			goto oom;
	}
	if (!n)
		return;
	if (t->len + n > st->limit) {
		st->err = IMR_ELIMIT;
		return;
	}
	if (t->len + n + 1 > st->cap) {
		data = t->data;
		if (imr__grow(&data, &st->cap, t->len + n + 1, 1) < 0)
			goto oom;
		t->data = data;
	}
	memcpy(t->data + t->len, bytes, n);
	t->len += n;
	return;
oom:
	st->err = IMR_ENOMEM;
}

static void space(norm *st, size_t orig, size_t olen)
{
	if (!st->pending) {
		st->pending = 1;
		st->pend_len = st->t->len;
		st->pend_nanchors = st->t->nanchors;
		st->pend_last = st->t->anchors[st->t->nanchors - 1];
	}
	emit(st, " ", 1, orig, olen);
}

static void drop_pending(norm *st)
{
	if (!st->pending)
		return;
	st->t->len = st->pend_len;
	st->t->nanchors = st->pend_nanchors;
	st->t->anchors[st->t->nanchors - 1] = st->pend_last;
	st->pending = 0;
}

/* A line end in the normalised text; @p original says whether it also ends
 * a line of the input, @p page whether it was a form feed. */
static void newline(norm *st, size_t orig, size_t olen, int original, int page)
{
	drop_pending(st);
	if (page && !st->err && push_offset(&st->t->pages, &st->t->npages, &st->pcap,
					    st->t->len) < 0)
		st->err = IMR_ENOMEM;
	emit(st, "\n", 1, orig, olen);
	if (original && !st->err &&
	    push_offset(&st->t->lines, &st->t->nlines, &st->lcap, st->t->len) < 0)
		st->err = IMR_ENOMEM;
}

static size_t utf8_encode(char out[4], uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int is_unicode_space(uint32_t cp)
{
	return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Normalise one decoded code point that came from @p olen bytes at @p orig.
 * CR is handled by the decoders, which can see the next character. */
static void put(norm *st, uint32_t cp, size_t orig, size_t olen)
{
	char buf[4];
	const char *rep = NULL;

	switch (cp) {
	case '\n':
		newline(st, orig, olen, 1, 0);
		return;
	case '\f':
		newline(st, orig, olen, 0, 1);
		return;
	case '\v':
	case 0x85:
	case 0x2028:
	case 0x2029:
		newline(st, orig, olen, 0, 0);
		return;
	case '\t':
		space(st, orig, olen);
		return;
	case ' ':
		space(st, orig, olen);
		return;
	case 0x00AD: /* soft hyphen: a line-break hint, not a character */
	case 0x200B: /* zero-width space */
	case 0x200C:
	case 0x200D:
	case 0x2060:
	case 0xFEFF: /* a BOM inside the text (files glued together) */
		emit(st, "", 0, orig, olen);
		return;
	case 0xFB00: rep = "ff"; break;
	case 0xFB01: rep = "fi"; break;
	case 0xFB02: rep = "fl"; break;
	case 0xFB03: rep = "ffi"; break;
	case 0xFB04: rep = "ffl"; break;
	case 0xFB05:
	case 0xFB06: rep = "st"; break;
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		rep = "'";
		break;
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		rep = "\"";
		break;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
		rep = "-";
		break;
	case 0x2014: case 0x2015:
		rep = "--";
		break;
	case 0x2026:
		rep = "...";
		break;
	default:
		break;
	}
	if (!rep && is_unicode_space(cp)) {
		space(st, orig, olen);
		return;
	}
	if (!rep && (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))) {
		/* stray controls separate words; a space keeps them apart */
		space(st, orig, olen);
		return;
	}
	st->pending = 0;
	if (rep) {
		emit(st, rep, strlen(rep), orig, olen);
		return;
	}
	emit(st, buf, utf8_encode(buf, cp), orig, olen);
}

/* ---- decoders ---- */

/* Windows-1252 for 0x80-0x9F; the five unassigned bytes become U+FFFD. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* Length of the valid UTF-8 sequence at @p s (0 if invalid): no overlong
 * forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n, i;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* Whether only spaces or tabs stand between unit @p i and a line end (or
 * the end of the input): a soft hyphen there is where a word was broken,
 * so it stays visible as '-' and the letter parser can rejoin the word. */
static int at_line_end(const unsigned char *s, size_t i, size_t len, size_t unit, int be)
{
	for (; i + unit <= len; i += unit) {
		uint32_t u = unit == 2 ? (be ? (uint32_t)(s[i] << 8 | s[i + 1])
					      : (uint32_t)(s[i + 1] << 8 | s[i]))
				       : s[i];
		if (u == '\r' || u == '\n' || u == '\f')
			return 1;
		if (u != ' ' && u != '\t')
			return 0;
	}
	return 1;
}

static int visible(unsigned char c)
{
	return c > 0x20 && c < 0x7F;
}

/* The end of the run of visible ASCII that starts at @p i (visible), a
 * single space between two visible bytes included: what decode_utf8()
 * copies as it stands. Most of a letter is such runs, so they are measured
 * sixteen bytes at a time where the processor can. */
static size_t visible_run_end(const unsigned char *s, size_t i, size_t len)
{
	size_t j = i + 1;
#if defined(__SSE2__)
	const __m128i space = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7F);
	/* a byte ends the run unless it is visible, or a space before a
	 * visible byte; the bytes one further on are a second load */
	for (; j + 17 <= len; j += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		__m128i next = _mm_loadu_si128((const __m128i *)(const void *)(s + j + 1));
		/* signed compares: bytes of 0x80 and above are negative */
		__m128i vis = _mm_and_si128(_mm_cmpgt_epi8(v, space), _mm_cmplt_epi8(v, del));
		__m128i next_vis = _mm_and_si128(_mm_cmpgt_epi8(next, space), _mm_cmplt_epi8(next, del));
		__m128i joins = _mm_and_si128(_mm_cmpeq_epi8(v, space), next_vis);
		int ends = ~_mm_movemask_epi8(_mm_or_si128(vis, joins)) & 0xFFFF;
		if (ends)
			return j + (size_t)__builtin_ctz((unsigned)ends);
	}
#endif
	while (j < len) {
		if (visible(s[j]))
			j++;
		else if (s[j] == ' ' && j + 1 < len && visible(s[j + 1]))
			j += 2;
		else
			break;
	}
	return j;
}

static void decode_utf8(norm *st, const unsigned char *s, size_t len)
{
	size_t i = 0;
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	while (i < len && !st->err) {
		uint32_t cp;
		size_t n;
		if (visible(s[i])) {
			/* a run of visible ASCII, most of any letter: one copy. A
			 * single space with a visible byte after it joins the run:
			 * it is copied as it is, and it cannot end a line, so
			 * nothing would ever take it back (space()) */
			size_t j = visible_run_end(s, i, len);
			/* past the limit, the error is reported where a piece by
			 * piece copy would have reported it */
			if (st->t->len + (j - i) > st->limit)
				for (j = i + 1; j < len && visible(s[j]); j++)
					;
			st->pending = 0;
			emit(st, (const char *)s + i, j - i, i, j - i);
			i = j;
			continue;
		}
		if (s[i] == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				emit(st, "", 0, i, 1); /* the LF that follows ends the line */
			else
				newline(st, i, 1, 1, 0);
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (!n) {
			cp = s[i] < 0xA0 ? cp1252[s[i] - 0x80] : s[i];
			n = 1;
			st->t->repaired++;
		}
		if (cp == 0x00AD && at_line_end(s, i + n, len, 1, 0))
			cp = '-';
		put(st, cp, i, n);
		i += n;
	}
}

static uint32_t unit16(const unsigned char *s, int be)
{
	return be ? (uint32_t)(s[0] << 8 | s[1]) : (uint32_t)(s[1] << 8 | s[0]);
}

static void decode_utf16(norm *st, const unsigned char *s, size_t len, int be)
{
	size_t i = 2;
	while (i < len && !st->err) {
		uint32_t u, cp;
		size_t n = 2;
		if (i + 1 >= len) {
			/* an odd last byte */
			st->t->repaired++;
			put(st, 0xFFFD, i, 1);
			break;
		}
		u = unit16(s + i, be);
		cp = u;
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t lo = unit16(s + i + 2, be);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				n = 4;
			}
		}
		if (n == 2 && u >= 0xD800 && u <= 0xDFFF) {
			cp = 0xFFFD;
			st->t->repaired += 2;
		}
		if (cp == 0x00AD && at_line_end(s, i + n, len, 2, be))
			cp = '-';
		if (cp == '\r') {
			if (i + 3 < len && unit16(s + i + 2, be) == '\n')
				emit(st, "", 0, i, 2);
			else
				newline(st, i, 2, 1, 0);
		} else {
			put(st, cp, i, n);
		}
		i += n;
	}
}

/* ---- refusing what is not text ---- */

static int is_control_unit(uint32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

/* Line and column (1-based, in units) of unit @p pos of raw input. */
static void locate_raw(const unsigned char *s, size_t pos, size_t unit, int be,
		       unsigned *line, unsigned *col)
{
	size_t i, start = unit == 2 ? 2 : 0;
	unsigned l = 1, c = 1;
	for (i = start; i + unit <= pos; i += unit) {
		uint32_t u = unit == 2 ? unit16(s + i, be) : s[i];
		if (u == '\n') {
			l++;
			c = 1;
		} else if (u == '\r') {
			if (!(i + 2 * unit <= pos && (unit == 2 ? unit16(s + i + 2, be) : s[i + 1]) == '\n')) {
				l++;
				c = 1;
			}
		} else if (unit == 1 && (u & 0xC0) == 0x80) {
			/* a continuation byte: same character */
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Returns the offset of the first sign of binary data, or (size_t)-1. */
/* is_control_unit() of a byte as a table, no branch per byte: 0-8, 11,
 * 14-31 and 127 */
static const unsigned char control_byte[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[127] = 1,
};

/* How many of the @p end bytes of @p s are control bytes (control_byte). */
static size_t count_controls(const unsigned char *s, size_t end)
{
	size_t i = 0, controls = 0;
#if defined(__SSE2__)
	/* sixteen at a time: bytes below a space but tab, line feed, form
	 * feed and carriage return, and DEL */
	const __m128i below = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F);
	const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
	const __m128i ff = _mm_set1_epi8('\f'), cr = _mm_set1_epi8('\r');
	for (; i + 16 <= end; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* below a space, unsigned: where min(v, 0x1F) is v */
		__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v);
		__m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
					  _mm_or_si128(_mm_cmpeq_epi8(v, ff), _mm_cmpeq_epi8(v, cr)));
		__m128i ctl = _mm_or_si128(_mm_andnot_si128(ok, low), _mm_cmpeq_epi8(v, del));
		controls += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(ctl));
	}
#endif
	for (; i < end; i++)
		controls += control_byte[s[i]];
	return controls;
}

static size_t find_binary(const unsigned char *s, size_t len, size_t unit, int be)
{
	size_t i, start = unit == 2 ? 2 : 0, end, controls = 0, units = 0, first = (size_t)-1;
	if (unit == 1) {
		const unsigned char *nul = memchr(s, 0, len);
		if (nul)
			return (size_t)(nul - s);
	} else {
		for (i = start; i + unit <= len; i += unit)
			if (unit16(s + i, be) == 0)
				return i;
	}
	end = len - start > BINARY_SCAN_BYTES ? start + BINARY_SCAN_BYTES : len;
	if (unit == 1) {
		controls = count_controls(s, end);
		units = end;
		if (controls)
			for (i = 0; first == (size_t)-1; i++)
				if (control_byte[s[i]])
					first = i;
	} else {
		for (i = start; i + unit <= end; i += unit) {
			units++;
			if (is_control_unit(unit16(s + i, be))) {
				if (first == (size_t)-1)
					first = i;
				controls++;
			}
		}
	}
	if (units && controls * 100 > units * BINARY_CONTROL_PERCENT)
		return first;
	return (size_t)-1;
}

/* Offset of the first byte past @p max in the first line longer than @p max
 * bytes (its line end not counted), or (size_t)-1. A form feed does not end
 * a line, as in imr_text_line(). */
static size_t find_long_line(const unsigned char *s, size_t len, size_t unit, int be, size_t max)
{
	size_t i, start = unit == 2 ? 2 : 0, line = start;
	if (unit == 1) {
		/* the common case, line by line: the first line end among the
		 * max + 1 bytes from the line's start, found by memchr() */
		if (max >= len)
			return (size_t)-1; /* no line can be longer */
		while (line < len) {
			size_t span = len - line < max + 1 ? len - line : max + 1;
			const unsigned char *lf = memchr(s + line, '\n', span);
			const unsigned char *cr = memchr(s + line, '\r', lf ? (size_t)(lf - (s + line)) : span);
			const unsigned char *brk = cr ? cr : lf;
			if (!brk)
				return span == max + 1 ? line + max : (size_t)-1;
			line = (size_t)(brk - s) + 1;
		}
		return (size_t)-1;
	}
	for (i = start; i + unit <= len; i += unit) {
		uint32_t u = unit16(s + i, be);
		if (u == '\n' || u == '\r')
			line = i + unit;
		else if (i - line >= max)
			return i;
	}
	return (size_t)-1;
}

/* ---- public API ---- */

void imr_text_free(imr_text *text)
{
	if (!text)
		return;
	imr__free(text->name);
	imr__free(text->data);
	imr__free(text->anchors);
	imr__free(text->lines);
	imr__free(text->pages);
	imr__free(text);
}

static atomic_ullong next_serial;

uint64_t imr__text_serial(const imr_text *text)
{
	return text->serial;
}

int imr_text_new(imr_text **out, const char *name, const char *data, size_t len,
		 const imr_limits *limits, imr_diags *diags)
{
	imr_limits lim = imr_limits_resolve(limits);
	const unsigned char *s = (const unsigned char *)data;
	norm st;
	imr_text *t;
	size_t unit = 1, bad;
	int be = 0, err = IMR_OK;
	unsigned line, col;

	*out = NULL;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		unit = 2;
		be = s[0] == 0xFE;
	}
	if (len > lim.text_bytes) {
		locate_raw(s, lim.text_bytes, unit, be, &line, &col);
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", name, line, col,
			      "text is larger than the limit of %zu bytes", lim.text_bytes);
		return IMR_ELIMIT;
	}
	bad = find_binary(s, len, unit, be);
	if (bad != (size_t)-1) {
		locate_raw(s, bad, unit, be, &line, &col);
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "binary", name, line, col,
			      "binary data at byte %zu, not text", bad);
		return IMR_EINVALID;
	}
	bad = find_long_line(s, len, unit, be, lim.text_line_bytes);
	if (bad != (size_t)-1) {
		locate_raw(s, bad, unit, be, &line, &col);
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", name, line, col,
			      "line %u is longer than the limit of %zu bytes", line, lim.text_line_bytes);
		return IMR_ELIMIT;
	}

	t = imr__calloc(1, sizeof(*t));
	if (!t)
		return IMR_ENOMEM;
	t->serial = atomic_fetch_add(&next_serial, 1) + 1;
	memset(&st, 0, sizeof(st));
	st.t = t;
	st.limit = lim.text_bytes;
	t->utf16 = unit == 2;
	/* the output is about as long as the input; growing it from there
	 * avoids most reallocations */
	st.cap = len + 1;
	st.acap = 4;
	t->data = imr__malloc(st.cap);
	t->anchors = imr__malloc(sizeof(anchor) * st.acap);
	if ((name && !(t->name = imr__strdup(name))) || !t->data || !t->anchors ||
	    push_offset(&t->lines, &t->nlines, &st.lcap, 0) < 0) {
		err = IMR_ENOMEM;
		goto done;
	}
	t->anchors[0].norm = 0;
	t->anchors[0].orig = unit == 2 ? 2 : 0;
	t->anchors[0].fixed = 0;
	t->nanchors = 1;

	if (unit == 2)
		decode_utf16(&st, s, len, be);
	else
		decode_utf8(&st, s, len);
	if (!st.err)
		drop_pending(&st);
	err = st.err;
	if (err == IMR_ELIMIT) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", name, (unsigned)t->nlines,
			      imr_text_column(t, t->len),
			      "normalised text is larger than the limit of %zu bytes",
			      lim.text_bytes);
		goto done;
	}
	if (err)
		goto done;
	t->data[t->len] = '\0';
	*out = t;
	return IMR_OK;
done:
	imr_text_free(t);
	return err;
}

int imr_text_load_file(imr_text **out, const char *path, const imr_limits *limits,
		       imr_diags *diags)
{
	imr_limits lim = imr_limits_resolve(limits);
	char *data = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	err = imr__file_read(&data, &len, path, lim.text_bytes, diags);
	if (err < 0)
		return err;
	err = imr_text_new(out, path, data, len, &lim, diags);
	imr__free(data);
	return err;
}

const char *imr_text_data(const imr_text *text, size_t *len)
{
	if (len)
		*len = text->len;
	return text->data;
}

const char *imr_text_name(const imr_text *text)
{
	return text->name;
}

size_t imr_text_original_offset(const imr_text *text, size_t offset)
{
	size_t lo = 0, hi = text->nanchors;
	const anchor *a;
	if (offset > text->len)
		offset = text->len;
	/* the last anchor at or before offset */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (text->anchors[mid].norm <= offset)
			lo = mid;
		else
			hi = mid;
	}
	a = &text->anchors[lo];
	return a->fixed ? a->orig : a->orig + (offset - a->norm);
}

/* Index of the last entry of the sorted @p items that is <= @p value, or
 * count when none is (only for pages: lines[0] is 0). */
static size_t last_at_or_before(const size_t *items, size_t count, size_t value)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (items[mid] <= value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo; /* number of entries <= value */
}

unsigned imr_text_line(const imr_text *text, size_t offset)
{
	if (offset > text->len)
		offset = text->len;
	return (unsigned)last_at_or_before(text->lines, text->nlines, offset);
}

unsigned imr_text_column(const imr_text *text, size_t offset)
{
	size_t line, i;
	unsigned col = 1;
	if (offset > text->len)
		offset = text->len;
	line = last_at_or_before(text->lines, text->nlines, offset);
	for (i = text->lines[line - 1]; i < offset; i++)
		if (((unsigned char)text->data[i] & 0xC0) != 0x80)
			col++;
	return col;
}

unsigned imr_text_page(const imr_text *text, size_t offset)
{
	/* a page break's own LF still belongs to the page it ends */
	size_t before = offset ? last_at_or_before(text->pages, text->npages, offset - 1) : 0;
	return (unsigned)before + 1;
}

unsigned imr_text_page_count(const imr_text *text)
{
	return (unsigned)text->npages + 1;
}

size_t imr_text_repaired_bytes(const imr_text *text)
{
	return text->repaired;
}

int imr_text_was_utf16(const imr_text *text)
{
	return text->utf16;
}
