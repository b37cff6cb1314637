/* sentence.c - sentence splitting for clinical text.
 *
 * A boundary is placed after '.', '!' or '?' when the next word starts
 * with a capital letter, a digit or a quote and the word before the mark
 * is not an abbreviation, an initial, or part of a number; and at a line
 * break when the line ends a sentence or a heading, or the next line is a
 * list item. PDF text breaks lines in mid-sentence, with or without blank
 * lines between them, so a line break alone is never a boundary. */
#include "sentence.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "imrcheck/common.h"

/* Each with its length, so that a word is compared only with those of its
 * length (a stop follows a word at every sentence end). */
#define ABBR(s) { s, sizeof(s) - 1 }
static const struct abbreviation {
	const char *text;
	size_t len;
} abbreviations[] = {
	ABBR("dr"), ABBR("mr"), ABBR("mrs"), ABBR("ms"), ABBR("st"), ABBR("no"), ABBR("nos"), ABBR("vs"),
	ABBR("p"), ABBR("pp"), ABBR("e.g"), ABBR("i.e"), ABBR("eg"), ABBR("ie"), ABBR("approx"), ABBR("etc"),
	ABBR("fig"), ABBR("jr"), ABBR("sr"), ABBR("pt"), ABBR("pts"), ABBR("hx"), ABBR("dx"), ABBR("tx"),
	ABBR("rx"), ABBR("sx"), ABBR("fx"), ABBR("yr"), ABBR("yrs"), ABBR("y.o"), ABBR("mo"), ABBR("mos"),
	ABBR("wk"), ABBR("wks"), ABBR("hr"), ABBR("hrs"), ABBR("min"), ABBR("mg"), ABBR("ml"), ABBR("cc"),
	ABBR("b.i.d"), ABBR("t.i.d"), ABBR("q.i.d"), ABBR("p.r.n"), ABBR("a.m"), ABBR("p.m"), ABBR("inc"),
	ABBR("co"), ABBR("corp"), ABBR("dept"), ABBR("univ"), ABBR("jan"), ABBR("feb"), ABBR("mar"),
	ABBR("apr"), ABBR("jun"), ABBR("jul"), ABBR("aug"), ABBR("sep"), ABBR("sept"), ABBR("oct"),
	ABBR("nov"), ABBR("dec"), ABBR("u.s"), ABBR("cf"), ABBR("al"), ABBR("ca"), ABBR("ave"), ABBR("ext"),
	ABBR("flex"), ABBR("rt"), ABBR("lt"), ABBR("bil"), ABBR("bilat"), ABBR("ant"), ABBR("post"),
	ABBR("lat"), ABBR("med"), ABBR("sup"), ABBR("inf"), ABBR("cerv"), ABBR("lumb"), ABBR("thor"),
};
#undef ABBR

/* The longest abbreviation above ("approx"): longer words are none. */
#define ABBR_MAX 6

static int is_abbreviation(const char *text, size_t word_start, size_t dot)
{
	size_t len = dot - word_start, i;
	if (len == 1 && isalpha((unsigned char)text[word_start]))
		return 1; /* an initial: "J. Smith" */
	if (len > ABBR_MAX)
		return 0;
	for (i = 0; i < sizeof(abbreviations) / sizeof(abbreviations[0]); i++)
		if (abbreviations[i].len == len && strncasecmp(text + word_start, abbreviations[i].text, len) == 0)
			return 1;
	return 0;
}

static int push(imr_sentences *out, const char *text, size_t start, size_t end)
{
	void *items;
	while (start < end && isspace((unsigned char)text[start]))
		start++;
	while (end > start && isspace((unsigned char)text[end - 1]))
		end--;
	if (start == end)
		return 0;
	items = out->items;
	if (imr__grow(&items, &out->cap, out->count + 1, sizeof(imr_sentence)) < 0)
		return IMR_ENOMEM;
	out->items = items;
	out->items[out->count].start = start;
	out->items[out->count].end = end;
	out->count++;
	return 0;
}

/* The line [ls, le) is a heading: short and with no lower-case letter. */
static int is_heading(const char *text, size_t ls, size_t le)
{
	size_t i, letters = 0;
	for (i = ls; i < le; i++) {
		if (islower((unsigned char)text[i]))
			return 0;
		letters += isalpha((unsigned char)text[i]) != 0;
	}
	return letters >= 3 && le - ls <= 80;
}

/* The line starting at @p ls (before @p end) is a heading, as
 * is_heading() would find it once its end is known: read only up to its
 * first lower-case letter or its 81st byte, which settle that it is not
 * (most lines have a lower-case letter early). */
static int next_line_is_heading(const char *text, size_t ls, size_t end)
{
	size_t i, letters = 0;
	for (i = ls; i < end && text[i] != '\n'; i++) {
		if (islower((unsigned char)text[i]) || i - ls >= 80)
			return 0;
		letters += isalpha((unsigned char)text[i]) != 0;
	}
	return letters >= 3;
}

/* The line starting at @p ls begins a list item: "1.", "2)", "-", "*", "•". */
static int is_list_item(const char *text, size_t ls, size_t end)
{
	size_t i = ls;
	while (i < end && text[i] == ' ')
		i++;
	if (i < end && (text[i] == '-' || text[i] == '*'))
		return i + 1 < end && text[i + 1] == ' ';
	if (i + 2 < end && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
	    (unsigned char)text[i + 2] == 0xA2)
		return 1; /* bullet */
	if (i < end && isdigit((unsigned char)text[i])) {
		while (i < end && isdigit((unsigned char)text[i]))
			i++;
		return i + 1 < end && (text[i] == '.' || text[i] == ')') && text[i + 1] == ' ';
	}
	return 0;
}

/* Where the next non-blank line starts after the line ending at @p nl. */
static size_t next_line_start(const char *text, size_t nl, size_t end)
{
	size_t i = nl;
	while (i < end && (text[i] == '\n' || text[i] == ' '))
		i++;
	/* back to the start of that line */
	while (i > nl && text[i - 1] == ' ')
		i--;
	return i;
}

static int ends_sentence_at_break(const char *text, size_t line_start, size_t nl, size_t end)
{
	size_t last = nl, next;
	while (last > line_start && text[last - 1] == ' ')
		last--;
	if (last == line_start)
		return 0;
	if (strchr(".!?:", text[last - 1]))
		return 1;
	if (is_heading(text, line_start, last) || is_list_item(text, line_start, nl))
		return 1;
	next = next_line_start(text, nl, end);
	if (next < end && is_list_item(text, next, end))
		return 1;
	return next < end && next_line_is_heading(text, next, end);
}

/* The bytes imr__sentences_split() stops at: line ends and what may end a
 * sentence. */
static const unsigned char splits[256] = {
	['\n'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1,
};

/* The first byte of [i, end) of @p text in splits[], or @p end: sixteen
 * bytes compared at a time where the processor can, as sentences run for
 * a hundred bytes or so between them. */
static size_t next_split(const char *text, size_t i, size_t end)
{
#if defined(__SSE2__)
	const __m128i lf = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.');
	const __m128i bang = _mm_set1_epi8('!'), ask = _mm_set1_epi8('?');
	for (; i + 16 <= end; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, dot)),
					   _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, ask)));
		int mask = _mm_movemask_epi8(hit);
		if (mask)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif
	while (i < end && !splits[(unsigned char)text[i]])
		i++;
	return i;
}

/* The bytes a word starts after: a line end, a space, an opening bracket
 * or a quote. */
static const unsigned char word_breaks[256] = {
	['\n'] = 1, [' '] = 1, ['('] = 1, ['"'] = 1,
};

/* Where the word before @p dot starts: after the last word break in
 * [from, dot), or at @p floor when there is none there. Words are found
 * only when a sentence may end, not at every space. */
static size_t word_start_before(const char *text, size_t from, size_t dot, size_t floor)
{
	size_t k = dot;
	while (k > from)
		if (word_breaks[(unsigned char)text[--k]])
			return k + 1;
	return floor;
}

int imr__sentences_split(imr_sentences *out, const char *text, size_t start, size_t end)
{
	/* word_floor: where the word that a byte from `seen` on belongs to
	 * starts when no word break lies between `seen` and it (the brackets
	 * and quotes closing a sentence are not breaks: they belong to it) */
	size_t i, sent = start, line_start = start, word_floor = start, seen = start;

	out->count = 0;
	for (i = start; i < end; i++) {
		char c;
		/* most bytes are none of those the loop looks at */
		i = next_split(text, i, end);
		if (i == end)
			break;
		c = text[i];
		if (c == '\n') {
			if (ends_sentence_at_break(text, line_start, i, end)) {
				if (push(out, text, sent, i) < 0)
					return IMR_ENOMEM;
				sent = i + 1;
			}
			line_start = i + 1;
			word_floor = seen = i + 1;
			continue;
		}
		if (c == '.' || c == '!' || c == '?') {
			size_t j = i + 1, stop, word_start = word_start_before(text, seen, i, word_floor);
			/* a closing quote or bracket belongs to the sentence it ends */
			while (j < end && (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']'))
				j++;
			stop = j;
			/* the next word, across spaces and line breaks */
			if (j < end && !isspace((unsigned char)text[j]))
				continue; /* "3.5", "e.g.x", "L4.5" */
			while (j < end && isspace((unsigned char)text[j]))
				j++;
			if (j >= end)
				continue;
			if (!(isupper((unsigned char)text[j]) || isdigit((unsigned char)text[j]) || text[j] == '"' ||
			      text[j] == '\'' || text[j] == '('))
				continue;
			if (c == '.' && is_abbreviation(text, word_start, i))
				continue;
			if (c == '.' && word_start == line_start && is_list_item(text, line_start, end))
				continue; /* "1. Lumbar radiculopathy" */
			if (push(out, text, sent, stop) < 0)
				return IMR_ENOMEM;
			sent = stop;
			word_floor = word_start;
			seen = stop;
			i = stop - 1;
		}
	}
	return push(out, text, sent, end) < 0 ? IMR_ENOMEM : 0;
}

long imr__sentences_find(const imr_sentences *s, size_t offset)
{
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->items[mid].start <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

void imr__sentences_dispose(imr_sentences *s)
{
	imr__free(s->items);
	memset(s, 0, sizeof(*s));
}
