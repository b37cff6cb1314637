/* jsonb.c - jansson helpers with one failure flag (see jsonb.h). */
#include "jsonb.h"

#include <stdlib.h>

#include "alloc.h"
#include "imrcheck/common.h"
#include "strutil.h"

json_t *imr__jb_str(imr_jb *b, const char *s)
{
	json_t *v;
	int failed = 0;
	char *clean = s ? imr__utf8_sanitize(s, &failed) : NULL;
	if (failed) {
		b->failed = 1;
		return NULL;
	}
	/* jansson refuses text that is not UTF-8 (a file name in another
	 * encoding): such bytes are shown as U+FFFD */
	v = s ? json_string(clean ? clean : s) : json_null();
	imr__free(clean);
	if (!v)
		b->failed = 1;
	return v;
}

json_t *imr__jb_int(imr_jb *b, size_t n)
{
	json_t *v = json_integer((json_int_t)n);
	if (!v)
		b->failed = 1;
	return v;
}

json_t *imr__jb_obj(imr_jb *b)
{
	json_t *v = json_object();
	if (!v)
		b->failed = 1;
	return v;
}

/* jansson's _new functions take the value even when they fail, a NULL
 * object or array included: checking obj here first would leak it. */
void imr__jb_set(imr_jb *b, json_t *obj, const char *key, json_t *value)
{
	if (!value || json_object_set_new(obj, key, value) < 0)
		b->failed = 1;
}

void imr__jb_push(imr_jb *b, json_t *arr, json_t *value)
{
	if (!value || json_array_append_new(arr, value) < 0)
		b->failed = 1;
}

int imr__jb_dump(imr_buf *out, json_t *doc, imr_jb *b, size_t flags)
{
	char *text;
	int err;
	json_free_t jfree;
	if (b->failed || !doc) {
		json_decref(doc);
		return IMR_ENOMEM;
	}
	text = json_dumps(doc, flags | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(doc);
	if (!text)
		return IMR_ENOMEM;
	err = imr_buf_puts(out, text);
	if (!err)
		err = imr_buf_puts(out, "\n");
	/* with jansson's free function: an application may have given jansson
	 * allocators of its own (json_set_alloc_funcs() is process-wide) */
	json_get_alloc_funcs(NULL, &jfree);
	jfree(text);
	return err;
}
