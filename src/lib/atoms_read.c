/* atoms_read.c - the reader of PCRE2 syntax behind atoms.c: a pattern's
 * parts read into infos (atoms_impl.h), which atoms.c combines and from
 * which it chooses the atoms.
 *
 * A recursive descent over the syntax the lexicons use: literals and
 * escapes, character classes, groups and options, lookarounds (a positive
 * lookbehind that opens the pattern is kept for second atoms), quantifiers
 * and alternation. What it does not know (\G, (?x), verbs, recursion,
 * conditionals, a caseless non-ASCII letter) stops the reading with the
 * reason and its offset: the pattern then has no atoms. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "atoms_impl.h"
#include "imrcheck/common.h"

/* ---- the reader ---- */

static int fail_at(parser *ps, size_t at, const char *why)
{
	if (!ps->failed) {
		ps->failed = 1;
		ps->why = why;
		ps->why_at = at;
	}
	return -1;
}

static int peek(const parser *ps)
{
	return ps->pos < ps->len ? (unsigned char)ps->p[ps->pos] : -1;
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static size_t encode_utf8(char out[4], uint32_t cp)
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

static void add_member(uint64_t m[2], unsigned c)
{
	m[c >> 6] |= (uint64_t)1 << (c & 63);
}

static int is_member(const uint64_t m[2], unsigned c)
{
	return (m[c >> 6] >> (c & 63)) & 1;
}

/* Add the other case of every ASCII letter in @p m. */
static void add_cases(uint64_t m[2])
{
	unsigned c;
	for (c = 'a'; c <= 'z'; c++)
		if (is_member(m, c) || is_member(m, c - 32)) {
			add_member(m, c);
			add_member(m, c - 32);
		}
}

static const uint64_t ALL_ASCII[2] = { ~(uint64_t)0, ~(uint64_t)0 };

/* A literal character: ASCII is folded; other characters are literal bytes
 * only when the pattern is case-sensitive there. */
static info *literal_cp(parser *ps, uint32_t cp)
{
	char buf[4];
	size_t n;
	uint64_t m[2] = { 0, 0 };
	info *in;
	if (cp == (uint32_t)MARK) {
		add_member(m, cp);
		return imr__atoms_info_class(ps, m, 1);
	}
	if (cp < 0x80) {
		add_member(m, cp);
		if (ps->caseless)
			add_cases(m);
		buf[0] = (char)fold((unsigned char)cp);
		in = imr__atoms_info_bytes(ps, buf, 1);
	} else if (ps->caseless) {
		/* its case partners may be anything, ASCII included */
		return imr__atoms_info_class(ps, ALL_ASCII, 4);
	} else {
		n = encode_utf8(buf, cp);
		in = imr__atoms_info_bytes(ps, buf, n);
	}
	if (in) {
		in->one_char = 1;
		in->members[0] = m[0];
		in->members[1] = m[1];
	}
	return in;
}

/* The ASCII members of a class escape (\\d \\w \\s \\h \\v, and negated);
 * 0 when @p c is not one. Under UCP they also match non-ASCII characters,
 * which runs count anyway. */
static int class_escape(int c, uint64_t m[2])
{
	unsigned i;
	int neg = c >= 'A' && c <= 'Z';
	m[0] = m[1] = 0;
	switch (c) {
	case 'd': case 'D':
		for (i = '0'; i <= '9'; i++)
			add_member(m, i);
		break;
	case 'w': case 'W':
		for (i = 0; i < 128; i++)
			if ((i >= '0' && i <= '9') || (i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z') || i == '_')
				add_member(m, i);
		break;
	case 's': case 'S':
		for (i = 9; i <= 13; i++)
			add_member(m, i);
		add_member(m, ' ');
		break;
	case 'h': case 'H':
		add_member(m, 9);
		add_member(m, ' ');
		break;
	case 'v': case 'V':
		for (i = 10; i <= 13; i++)
			add_member(m, i);
		break;
	default:
		return 0;
	}
	if (neg) {
		m[0] = ~m[0];
		m[1] = ~m[1];
	}
	return 1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \xhh, \x{h...}, \o{o...}: the code point, or -1. ps->pos is after the
 * letter. */
static long read_code(parser *ps, int base)
{
	long v = 0;
	int digits = 0, braced = peek(ps) == '{';
	if (braced)
		ps->pos++;
	while (ps->pos < ps->len) {
		int d = base == 16 ? hexval(peek(ps)) : (peek(ps) >= '0' && peek(ps) <= '7' ? peek(ps) - '0' : -1);
		if (d < 0 || (!braced && digits == 2))
			break;
		v = v * base + d;
		if (v > 0x10FFFF)
			return -1;
		digits++;
		ps->pos++;
	}
	if (braced) {
		if (peek(ps) != '}' || !digits)
			return -1;
		ps->pos++;
	}
	return v;
}

/* Skip a name in {...}, <...> or '...' after \p, \g, \k. */
static int skip_delimited(parser *ps)
{
	int open = peek(ps), close;
	close = open == '{' ? '}' : open == '<' ? '>' : open == '\'' ? '\'' : -1;
	if (close < 0)
		return -1;
	while (++ps->pos < ps->len && peek(ps) != close)
		;
	if (peek(ps) != close)
		return -1;
	ps->pos++;
	return 0;
}

static info *escape(parser *ps)
{
	size_t at = ps->pos - 1;
	int c = peek(ps);
	long cp;
	if (c < 0)
		return fail_at(ps, at, "the pattern ends with a backslash"), NULL;
	ps->pos++;
	switch (c) {
	case 'b':
		return imr__atoms_info_mark(ps);
	case 'B': case 'z': case 'Z':
		return imr__atoms_info_zero(ps, 4);
	case 'A':
		return imr__atoms_info_zero(ps, 0);
	case 'K':
		ps->has_k = 1;
		return imr__atoms_info_zero(ps, 0);
	case 'G':
		return fail_at(ps, at, "\\G ties a match to where the search starts"), NULL;
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': {
		uint64_t m[2];
		class_escape(c, m);
		return imr__atoms_info_class(ps, m, 4);
	}
	case 'R':
		return imr__atoms_info_any(ps, 4, 0);
	case 'N':
		if (peek(ps) == '{')
			return fail_at(ps, at, "\\N{...} is not read by the prefilter"), NULL;
		return imr__atoms_info_class(ps, ALL_ASCII, 4);
	case 'X':
		return imr__atoms_info_any(ps, UNB, 0);
	case 'p': case 'P':
		if (peek(ps) == '{') {
			if (skip_delimited(ps) < 0)
				return fail_at(ps, at, "unterminated property name"), NULL;
		} else if (ps->pos < ps->len) {
			ps->pos++;
		}
		return imr__atoms_info_class(ps, ALL_ASCII, 4);
	case 'Q': {
		info *acc = imr__atoms_info_zero(ps, 0);
		while (acc && ps->pos < ps->len) {
			if (ps->pos + 1 < ps->len && ps->p[ps->pos] == '\\' && ps->p[ps->pos + 1] == 'E') {
				ps->pos += 2;
				break;
			}
			{
				unsigned char b = (unsigned char)ps->p[ps->pos];
				size_t n = utf8_len(b);
				info *one;
				if (b < 0x80) {
					one = literal_cp(ps, b);
				} else if (ps->caseless) {
					one = imr__atoms_info_class(ps, ALL_ASCII, 4);
				} else {
					one = imr__atoms_info_bytes(ps, ps->p + ps->pos, n > ps->len - ps->pos ? ps->len - ps->pos : n);
				}
				ps->pos += n;
				acc = imr__atoms_concat(ps, acc, one);
			}
		}
		return acc;
	}
	case 'E':
		return imr__atoms_info_zero(ps, 0);
	case 'x':
		if ((cp = read_code(ps, 16)) < 0)
			return fail_at(ps, at, "a \\x escape the prefilter does not read"), NULL;
		return literal_cp(ps, (uint32_t)cp);
	case 'o':
		if (peek(ps) != '{' || (cp = read_code(ps, 8)) < 0)
			return fail_at(ps, at, "an \\o escape the prefilter does not read"), NULL;
		return literal_cp(ps, (uint32_t)cp);
	case 'a': return literal_cp(ps, 7);
	case 'e': return literal_cp(ps, 27);
	case 'f': return literal_cp(ps, 12);
	case 'n': return literal_cp(ps, 10);
	case 'r': return literal_cp(ps, 13);
	case 't': return literal_cp(ps, 9);
	case 'c':
		if (ps->pos >= ps->len || (unsigned char)ps->p[ps->pos] >= 0x80)
			return fail_at(ps, at, "a \\c escape the prefilter does not read"), NULL;
		c = ps->p[ps->pos++];
		if (c >= 'a' && c <= 'z')
			c -= 32;
		return literal_cp(ps, (uint32_t)(c ^ 0x40));
	case 'g': case 'k':
		/* a back reference matches whatever its group did; a subroutine
		 * call is not read */
		if (c == 'g' && (peek(ps) == '<' || peek(ps) == '\''))
			return fail_at(ps, at, "subroutine calls are not read by the prefilter"), NULL;
		if (peek(ps) == '{' || peek(ps) == '<' || peek(ps) == '\'') {
			if (skip_delimited(ps) < 0)
				return fail_at(ps, at, "unterminated group reference"), NULL;
		} else {
			if (peek(ps) == '+' || peek(ps) == '-')
				ps->pos++;
			while (peek(ps) >= '0' && peek(ps) <= '9')
				ps->pos++;
		}
		return imr__atoms_info_any(ps, UNB, 1);
	default:
		break;
	}
	if (c >= '0' && c <= '9') {
		/* a back reference or an octal escape: nothing literal either way */
		while (peek(ps) >= '0' && peek(ps) <= '9')
			ps->pos++;
		return imr__atoms_info_any(ps, UNB, 1);
	}
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
		return fail_at(ps, at, "an escape the prefilter does not read"), NULL;
	return literal_cp(ps, (uint32_t)c);
}

/* [...]: a few ASCII characters are a literal set; anything wider is one
 * character of a class, whose ASCII members still bound runs of it. */
static info *char_class(parser *ps)
{
	size_t at = ps->pos - 1;
	uint64_t m[2] = { 0, 0 };
	int negated = 0, wide = 0, inexact = 0, first = 1, n = 0;
	unsigned i;
	unsigned char folded[CLASSMAX];

	if (peek(ps) == '^') {
		negated = 1;
		ps->pos++;
	}
	for (;;) {
		int c = peek(ps), lo;
		if (c < 0)
			return fail_at(ps, at, "unterminated character class"), NULL;
		if (c == ']' && !first) {
			ps->pos++;
			break;
		}
		first = 0;
		if (c == '[' && ps->pos + 1 < ps->len &&
		    (ps->p[ps->pos + 1] == ':' || ps->p[ps->pos + 1] == '.' || ps->p[ps->pos + 1] == '=')) {
			/* [:alpha:] and friends: Unicode-wide under UCP; taken as
			 * every ASCII character */
			size_t k, end = 0;
			for (k = ps->pos + 2; k + 1 < ps->len && !end; k++)
				if (ps->p[k] == ps->p[ps->pos + 1] && ps->p[k + 1] == ']')
					end = k + 2;
			if (!end)
				return fail_at(ps, at, "a character class the prefilter does not read"), NULL;
			ps->pos = end;
			wide = inexact = 1;
			continue;
		}
		if (c == '\\') {
			int e;
			uint64_t em[2];
			ps->pos++;
			e = peek(ps);
			if (e < 0)
				return fail_at(ps, at, "unterminated character class"), NULL;
			ps->pos++;
			if (class_escape(e, em)) {
				m[0] |= em[0];
				m[1] |= em[1];
				wide = 1;
				continue;
			}
			switch (e) {
			case 'p': case 'P':
				if (peek(ps) == '{' ? skip_delimited(ps) < 0 : (ps->pos++, 0))
					return fail_at(ps, at, "unterminated property name"), NULL;
				wide = inexact = 1;
				continue;
			case 'b': lo = 8; break;
			case 'a': lo = 7; break;
			case 'e': lo = 27; break;
			case 'f': lo = 12; break;
			case 'n': lo = 10; break;
			case 'r': lo = 13; break;
			case 't': lo = 9; break;
			case 'x': {
				long cp = read_code(ps, 16);
				if (cp < 0)
					return fail_at(ps, at, "a \\x escape the prefilter does not read"), NULL;
				lo = (int)cp;
				break;
			}
			default:
				if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9') || e >= 0x80)
					return fail_at(ps, at, "an escape in a character class the prefilter does not read"), NULL;
				lo = e;
			}
		} else if (c >= 0x80) {
			ps->pos += utf8_len((unsigned char)c);
			/* a caseless non-ASCII character may have ASCII partners */
			wide = 1;
			inexact |= ps->caseless;
			continue;
		} else {
			ps->pos++;
			lo = c;
		}
		/* a range a-z (a '-' before ']' is literal) */
		if (peek(ps) == '-' && ps->pos + 1 < ps->len && ps->p[ps->pos + 1] != ']') {
			int hi = (unsigned char)ps->p[ps->pos + 1];
			if (hi == '\\' || hi == '[' || hi >= 0x80 || lo >= 0x80 || hi < lo)
				return fail_at(ps, at, "a character range the prefilter does not read"), NULL;
			ps->pos += 2;
			for (i = (unsigned)lo; i <= (unsigned)hi; i++)
				add_member(m, i);
			continue;
		}
		if (lo >= 0x80)
			wide = 1;
		else
			add_member(m, (unsigned)lo);
	}
	if (ps->caseless)
		add_cases(m);
	if (inexact) {
		m[0] = m[1] = ~(uint64_t)0;
	} else if (negated) {
		m[0] = ~m[0];
		m[1] = ~m[1];
	}
	if (negated || wide)
		return imr__atoms_info_class(ps, m, 4);
	for (i = 0; i < 128; i++) {
		unsigned char f;
		int k;
		if (!is_member(m, i))
			continue;
		f = fold((unsigned char)i);
		for (k = 0; k < n && folded[k] != f; k++)
			;
		if (k < n)
			continue;
		if (n == CLASSMAX)
			return imr__atoms_info_class(ps, m, 1);
		folded[n++] = f;
	}
	if (!n)
		return fail_at(ps, at, "an empty character class"), NULL;
	return imr__atoms_info_chars(ps, folded, n, m);
}

static info *alternation(parser *ps);

/* Option letters after "(?": returns 0 and sets the new caseless flag. */
static int read_options(parser *ps, size_t at, int *caseless)
{
	int on = 1;
	if (peek(ps) == '^') {
		*caseless = 0;
		ps->pos++;
	}
	while (ps->pos < ps->len) {
		int c = peek(ps);
		if (c == ':' || c == ')')
			return 0;
		ps->pos++;
		switch (c) {
		case '-': on = 0; break;
		case 'i': *caseless = on; break;
		case 'm': case 's': case 'n': case 'U': case 'J': break;
		case 'x':
			return fail_at(ps, at, "extended syntax (?x) is not read by the prefilter");
		default:
			return fail_at(ps, at, "a group the prefilter does not read");
		}
	}
	return fail_at(ps, at, "unterminated group");
}

static info *group_body(parser *ps, size_t at)
{
	int saved = ps->caseless;
	info *body = alternation(ps);
	ps->caseless = saved;
	if (!body)
		return NULL;
	if (peek(ps) != ')') {
		imr__atoms_info_free(ps, body);
		return fail_at(ps, at, "unterminated group"), NULL;
	}
	ps->pos++;
	return body;
}

/* A lookahead or lookbehind: matches nothing, reads what its body reads. */
static info *lookaround(parser *ps, info *body, int ahead)
{
	info *in = imr__atoms_info_zero(ps, 0);
	if (in) {
		in->reach = body->reach;
		/* what a positive lookahead requires lies ahead of the match's
		 * start as surely as what the match consumes: an atom too */
		if (ahead) {
			imr__atoms_best_cover(body, &in->cover, &in->pre);
			imr__atoms_set_copy(&in->cover2, &body->cover2);
			in->pre2 = body->pre2;
		}
	}
	imr__atoms_info_free(ps, body);
	return in;
}

/* A positive lookbehind at the very start of the pattern: what it
 * requires lies just before the start of every match (when no top-level
 * alternative or quantifier says otherwise, which read_atoms() checks),
 * so its body is kept to give second atoms. Matches nothing itself. */
static info *leading_lookbehind(parser *ps, info *body)
{
	info *in = imr__atoms_info_zero(ps, 0);
	if (!in) {
		imr__atoms_info_free(ps, body);
		return NULL;
	}
	in->reach = body->reach;
	ps->behind = body;
	ps->behind_end = ps->pos;
	return in;
}

static info *group(parser *ps)
{
	size_t at = ps->pos - 1;
	info *body;
	if (peek(ps) == '*')
		return fail_at(ps, at, "verbs such as (*SKIP) are not read by the prefilter"), NULL;
	if (peek(ps) != '?')
		return group_body(ps, at);
	ps->pos++;
	switch (peek(ps)) {
	case ':': case '>': case '|':
		ps->pos++;
		return group_body(ps, at);
	case '=': case '!': {
		int ahead = peek(ps) == '=';
		ps->pos++;
		body = group_body(ps, at);
		if (!body)
			return NULL;
		return lookaround(ps, body, ahead);
	}
	case '#':
		while (ps->pos < ps->len && peek(ps) != ')')
			ps->pos++;
		if (peek(ps) != ')')
			return fail_at(ps, at, "unterminated comment"), NULL;
		ps->pos++;
		return imr__atoms_info_zero(ps, 0);
	case '<':
		ps->pos++;
		if (peek(ps) == '=' || peek(ps) == '!') {
			int positive = peek(ps) == '=';
			ps->pos++;
			body = group_body(ps, at);
			if (!body)
				return NULL;
			if (positive && at == 0 && !ps->behind)
				return leading_lookbehind(ps, body);
			/* a lookbehind reads before the position; its own
			 * lookaheads may read past it, never further than its
			 * reach */
			return lookaround(ps, body, 0);
		}
		ps->pos--;
		if (skip_delimited(ps) < 0)
			return fail_at(ps, at, "unterminated group name"), NULL;
		return group_body(ps, at);
	case '\'':
		if (skip_delimited(ps) < 0)
			return fail_at(ps, at, "unterminated group name"), NULL;
		return group_body(ps, at);
	case 'P':
		ps->pos++;
		if (peek(ps) != '<')
			return fail_at(ps, at, "a group the prefilter does not read"), NULL;
		if (skip_delimited(ps) < 0)
			return fail_at(ps, at, "unterminated group name"), NULL;
		return group_body(ps, at);
	default: {
		int cl = ps->caseless;
		if (read_options(ps, at, &cl) < 0)
			return NULL;
		if (peek(ps) == ')') {
			/* (?i): to the end of the enclosing group */
			ps->pos++;
			ps->caseless = cl;
			return imr__atoms_info_zero(ps, 0);
		}
		ps->pos++; /* ':' */
		{
			int saved = ps->caseless;
			ps->caseless = cl;
			body = group_body(ps, at);
			ps->caseless = saved;
			return body;
		}
	}
	}
}

static int read_number(parser *ps, size_t *out)
{
	size_t v = 0;
	int digits = 0;
	while (peek(ps) >= '0' && peek(ps) <= '9') {
		v = v * 10 + (size_t)(peek(ps) - '0');
		if (v > 65535)
			return -1;
		ps->pos++;
		digits++;
	}
	*out = v;
	return digits ? 0 : -1;
}

/* {n}, {n,}, {n,m} at ps->pos: 1 with the bounds, 0 when the text is not a
 * quantifier (ps->pos unchanged). */
static int brace_quantifier(parser *ps, size_t *min, size_t *max)
{
	size_t save = ps->pos;
	ps->pos++;
	if (read_number(ps, min) < 0)
		goto no;
	if (peek(ps) == '}') {
		*max = *min;
	} else if (peek(ps) == ',') {
		ps->pos++;
		if (peek(ps) == '}')
			*max = UNB;
		else if (read_number(ps, max) < 0 || *max < *min)
			goto no;
	} else {
		goto no;
	}
	if (peek(ps) != '}')
		goto no;
	ps->pos++;
	return 1;
no:
	ps->pos = save;
	return 0;
}

static info *quantified(parser *ps, info *atom)
{
	size_t min, max;
	int c = peek(ps);
	if (!atom)
		return NULL;
	if (c == '?') {
		min = 0, max = 1;
		ps->pos++;
	} else if (c == '*') {
		min = 0, max = UNB;
		ps->pos++;
	} else if (c == '+') {
		min = 1, max = UNB;
		ps->pos++;
	} else if (c == '{' && brace_quantifier(ps, &min, &max)) {
		;
	} else {
		return atom;
	}
	if (peek(ps) == '?' || peek(ps) == '+')
		ps->pos++; /* lazy or possessive: the same texts */
	c = peek(ps);
	if (c == '?' || c == '*' || c == '+' || c == '{') {
		imr__atoms_info_free(ps, atom);
		return fail_at(ps, ps->pos, "a quantifier the prefilter does not read"), NULL;
	}
	return imr__atoms_repeat(ps, atom, min, max);
}

static info *atom(parser *ps)
{
	size_t at = ps->pos;
	unsigned char c = (unsigned char)ps->p[ps->pos++];
	switch (c) {
	case '(': return group(ps);
	case '[': return char_class(ps);
	case '.': return imr__atoms_info_class(ps, ALL_ASCII, 4);
	case '^': return imr__atoms_info_zero(ps, 0);
	case '$': return imr__atoms_info_zero(ps, 4);
	case '\\': return escape(ps);
	case '*': case '+': case '?': case '{': case ')':
		return fail_at(ps, at, "a character the prefilter does not read here"), NULL;
	default:
		break;
	}
	if (c < 0x80)
		return literal_cp(ps, c);
	{
		size_t n = utf8_len(c);
		if (n > ps->len - at)
			return fail_at(ps, at, "invalid UTF-8"), NULL;
		ps->pos = at + n;
		if (ps->caseless)
			return imr__atoms_info_class(ps, ALL_ASCII, 4);
		{
			info *in = imr__atoms_info_bytes(ps, ps->p + at, n);
			if (in)
				in->one_char = 1; /* no ASCII members: runs of it are non-ASCII bytes */
			return in;
		}
	}
}

static int is_plain(int c)
{
	return c >= 0x20 && c < 0x80 && !strchr("\\^$.[|()?*+{", c);
}

static int is_quantifier(int c)
{
	return c == '?' || c == '*' || c == '+' || c == '{';
}

static info *sequence(parser *ps)
{
	info *acc = imr__atoms_info_zero(ps, 0);
	while (acc && ps->pos < ps->len) {
		int c = peek(ps);
		if (c == '|' || c == ')')
			break;
		if (is_plain(c) && ps->pos + 1 < ps->len && is_plain((unsigned char)ps->p[ps->pos + 1])) {
			/* a run of plain characters is one literal (its last
			 * character may carry a quantifier: leave it out) */
			char run[256];
			size_t n = 0;
			while (n < sizeof(run) && ps->pos < ps->len && is_plain(peek(ps)) &&
			       !(ps->pos + 1 < ps->len && is_quantifier((unsigned char)ps->p[ps->pos + 1])))
				run[n++] = (char)fold((unsigned char)ps->p[ps->pos++]);
			if (n) {
				acc = imr__atoms_concat(ps, acc, imr__atoms_info_bytes(ps, run, n));
				continue;
			}
		}
		acc = imr__atoms_concat(ps, acc, quantified(ps, atom(ps)));
	}
	return acc;
}

static info *alternation(parser *ps)
{
	info *acc = sequence(ps);
	while (acc && peek(ps) == '|') {
		ps->pos++;
		acc = imr__atoms_alternate(ps, acc, sequence(ps));
	}
	return acc;
}

info *imr__atoms_read_pattern(parser *ps, int *alternatives)
{
	/* alternation(), noting whether the top level has alternatives */
	info *in = sequence(ps);
	*alternatives = 0;
	while (in && peek(ps) == '|') {
		ps->pos++;
		*alternatives = 1;
		in = imr__atoms_alternate(ps, in, sequence(ps));
	}
	if (in && ps->pos < ps->len)
		fail_at(ps, ps->pos, "unbalanced parenthesis");
	return in;
}
