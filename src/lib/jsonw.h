/* jsonw.h - writing JSON straight into a buffer (internal).
 *
 * The reports build small JSON documents with jansson (jsonb.h), which
 * makes a tree of allocated values and then walks it to print. For the
 * records written once per item of every letter (JSON Lines, and the
 * letters and findings of the JSON report) that tree is most of what the
 * report costs, so those are written with this writer instead: values go
 * into the buffer as they are given, in the same bytes jansson's
 * json_dumps() gives with JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII and
 * either JSON_COMPACT or JSON_INDENT(2) (tests/lib/test_jsonw.c checks
 * this against jansson itself): non-ASCII as \uXXXX (upper-case hex,
 * surrogate pairs above U+FFFF), control characters escaped, bytes that
 * are not UTF-8 written as U+FFFD, as jsonb.h does.
 *
 * A failed allocation is remembered and reported once, by
 * imr__jw_finish(), like jsonb.h's flag. Usage:
 *
 *   imr__jw w;
 *   imr__jw_init(&w, out, 0, 0);
 *   imr__jw_open_object(&w);
 *   imr__jw_key(&w, "item"); imr__jw_int(&w, 3);
 *   imr__jw_close(&w);
 *   err = imr__jw_finish(&w);
 */
#ifndef IMR_JSONW_H
#define IMR_JSONW_H

#include <stddef.h>

#include "imrcheck/buf.h"

#define IMR__JW_MAX_DEPTH 16

typedef struct imr__jw {
	imr_buf *out;          /* borrowed */
	int indent;            /* 0: compact; else JSON_INDENT(2) */
	size_t base;           /* levels the document is written at */
	size_t depth;          /* containers open */
	unsigned char empty[IMR__JW_MAX_DEPTH]; /* per open container: 1 no member
						 * yet, 2 a key waits for its value */
	char closer[IMR__JW_MAX_DEPTH];        /* '}' or ']' */
	int failed;
} imr__jw;

/* Write into @p out (appending). With @p indent, write as JSON_INDENT(2)
 * would, every line after the first indented by 2 * @p base more spaces,
 * as the document were @p base levels inside another one. */
void imr__jw_init(imr__jw *w, imr_buf *out, int indent, size_t base);

void imr__jw_open_object(imr__jw *w);
void imr__jw_open_array(imr__jw *w);
/* Close the innermost open object or array. */
void imr__jw_close(imr__jw *w);

/* The next member's key, in an object (its value follows). */
void imr__jw_key(imr__jw *w, const char *key);

void imr__jw_str(imr__jw *w, const char *s); /* NULL gives null */
void imr__jw_int(imr__jw *w, long long n);
void imr__jw_bool(imr__jw *w, int value);
void imr__jw_null(imr__jw *w);

/* A member: the key and a string (NULL gives null) or an integer. */
void imr__jw_kstr(imr__jw *w, const char *key, const char *s);
void imr__jw_kint(imr__jw *w, const char *key, long long n);

/* @return IMR_OK, or IMR_ENOMEM when an allocation failed, or
 * IMR_EINVALID when containers were left open, closed without being
 * opened or nested too deep, or a key was left without its value. */
int imr__jw_finish(imr__jw *w);

#endif
