/* spool.h - bytes set aside in a temporary file, read back once (internal).
 *
 * A report whose head depends on the whole corpus (statistics, counts)
 * but whose body is known letter by letter spools the body, so that
 * memory does not grow with the corpus. The file is created on the first
 * append (tmpfile(): unnamed, removed when closed) and is read back in
 * the order written. */
#ifndef IMR_SPOOL_H
#define IMR_SPOOL_H

#include <stddef.h>
#include <stdio.h>

/* Where spooled bytes go when they are copied out: 0, or negative to stop. */
typedef int (*imr__sink_fn)(void *ctx, const char *data, size_t len);

typedef struct imr__spool {
	FILE *fp;       /* NULL until the first append */
	size_t size;    /* bytes written */
	int reading;    /* rewound for imr__spool_read() */
} imr__spool;

#define IMR__SPOOL_INIT { NULL, 0, 0 }

/* Append @p len bytes. IMR_EIO when the file cannot be made or written. */
int imr__spool_put(imr__spool *s, const void *data, size_t len);

/* Everything appended so far, to @p sink in chunks. IMR_EIO when the
 * file cannot be read, or the sink's negative status. The spool can be
 * appended to and copied again afterwards. */
int imr__spool_copy(imr__spool *s, imr__sink_fn sink, void *ctx);

/* The next @p len bytes, from the start on the first call after appends:
 * 1 when read, 0 at the end, IMR_EIO when cut short or unreadable. */
int imr__spool_read(imr__spool *s, void *data, size_t len);

/* Close and remove the file; the spool is empty again. */
void imr__spool_dispose(imr__spool *s);

#endif
