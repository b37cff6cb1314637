/* strutil.h - small string helpers (internal). */
#ifndef IMR_STRUTIL_H
#define IMR_STRUTIL_H

#include <stddef.h>

/* Optimal-string-alignment edit distance between two strings, capped at
 * @p cap (returns cap when the distance is at least cap). */
size_t imr__edit_distance(const char *a, const char *b, size_t cap);

/* The candidate closest to @p word when it is close enough to be a likely
 * typo (distance at most a third of the word's length, and at least 1), or
 * NULL. Ties go to the earliest candidate, so results are deterministic. */
const char *imr__suggest(const char *word, const char *const *candidates, size_t count);

/* Whether [s, s+len) is a valid identifier: [A-Za-z][A-Za-z0-9_.-]*. */
int imr__is_identifier(const char *s, size_t len);

/* A copy of @p s with every byte that is not part of valid UTF-8 replaced
 * by U+FFFD, or NULL when @p s is already valid (no copy needed) or on
 * allocation failure (*failed is then set). Release with imr__free(). File
 * names come from the file system and may be in any encoding; JSON needs
 * UTF-8. */
char *imr__utf8_sanitize(const char *s, int *failed);

/* Length of the valid UTF-8 sequence at @p p (1 to 4; 1 for ASCII, the
 * NUL included), or 0 when the bytes there are not one: a stray
 * continuation byte, a sequence cut short, an overlong form, a surrogate
 * or a code point above U+10FFFF. Reads no further than the first byte
 * that does not continue the sequence. */
size_t imr__utf8_sequence(const unsigned char *p);

/* Append @p path to @p out as reports show file names: bytes of valid
 * UTF-8 as they are, except that a backslash is written "\\\\" and each
 * byte that is not part of valid UTF-8, and each byte of a control
 * character (C0, DEL, C1) or a noncharacter (U+FFFE, U+FDD0, ...), is
 * written "\\xHH" (two upper-case hex digits). The
 * result is UTF-8 on one line, the same in every format, and reversible:
 * reading "\\\\" as a backslash and "\\xHH" as that byte gives the name
 * back (docs/audit.md). Returns 0 or IMR_ENOMEM. */
struct imr_buf;
int imr__path_escape(struct imr_buf *out, const char *path);

/* Whether @p str starts with @p prefix. */
int imr__starts_with(const char *str, const char *prefix);

#endif
