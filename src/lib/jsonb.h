/* jsonb.h - building JSON documents with jansson, failure collected once (internal).
 *
 * jansson's constructors return NULL and its setters -1 when memory runs
 * out; checking each call would bury the shape of a document in error
 * handling. Instead every helper records a failure in one imr_jb flag, a
 * NULL value is accepted (and recorded) wherever a value goes, and
 * imr__jb_dump() turns the flag into IMR_ENOMEM. Strings that are not valid
 * UTF-8 (file names) are written with U+FFFD rather than refused. The
 * short names (jstr, jset, ...) are shorthand for the report modules. */
#ifndef IMR_JSONB_H
#define IMR_JSONB_H

#include <jansson.h>
#include <stddef.h>

#include "imrcheck/buf.h"

typedef struct imr_jb {
	int failed;
} imr_jb;

json_t *imr__jb_str(imr_jb *b, const char *s);  /* NULL gives JSON null */
json_t *imr__jb_int(imr_jb *b, size_t n);
json_t *imr__jb_obj(imr_jb *b);
void imr__jb_set(imr_jb *b, json_t *obj, const char *key, json_t *value);
void imr__jb_push(imr_jb *b, json_t *arr, json_t *value);

/* Render @p doc (whose reference is taken) into @p out with a trailing
 * newline, keys in insertion order and non-ASCII escaped; @p flags adds
 * JSON_INDENT(n) or JSON_COMPACT. IMR_ENOMEM if anything failed. */
int imr__jb_dump(imr_buf *out, json_t *doc, imr_jb *b, size_t flags);

typedef imr_jb jb;

static inline json_t *jstr(jb *b, const char *s)
{
	return imr__jb_str(b, s);
}

static inline json_t *jint(jb *b, size_t n)
{
	return imr__jb_int(b, n);
}

static inline json_t *jobj(jb *b)
{
	return imr__jb_obj(b);
}

static inline void jset(jb *b, json_t *obj, const char *key, json_t *value)
{
	imr__jb_set(b, obj, key, value);
}

static inline void jpush(jb *b, json_t *arr, json_t *value)
{
	imr__jb_push(b, arr, value);
}

#endif
