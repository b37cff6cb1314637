/* imrcheck/buf.h - a growable, always NUL-terminated byte buffer.
 *
 * imr_buf is caller-allocated with library-filled insides: initialise it
 * with imr_buf_init() (or IMR_BUF_INIT) and release the insides with
 * imr_buf_dispose(). The report functions render into one; the caller
 * decides where the bytes go. */
#ifndef IMRCHECK_BUF_H
#define IMRCHECK_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_buf {
	char *ptr;   /* NULL until the first append; then NUL-terminated */
	size_t size; /* bytes in use, not counting the terminator */
	size_t cap;  /* bytes allocated */
} imr_buf;

#define IMR_BUF_INIT { NULL, 0, 0 }

IMR_API void imr_buf_init(imr_buf *buf);

/** Release the buffer's memory; the buffer is empty and reusable after. */
IMR_API void imr_buf_dispose(imr_buf *buf);

/** Empty the buffer, keeping its memory. */
IMR_API void imr_buf_clear(imr_buf *buf);

/** Append @p len bytes. @return IMR_OK or IMR_ENOMEM (buffer unchanged). */
IMR_API int imr_buf_put(imr_buf *buf, const void *data, size_t len);

/** Append a NUL-terminated string. */
IMR_API int imr_buf_puts(imr_buf *buf, const char *str);

/** Append formatted text. */
IMR_API int imr_buf_printf(imr_buf *buf, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

IMR_API int imr_buf_vprintf(imr_buf *buf, const char *fmt, va_list ap)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 0)))
#endif
	;

/** The contents as a C string ("" when empty); borrowed from @p buf. */
IMR_API const char *imr_buf_cstr(const imr_buf *buf);

/** Take the contents out of the buffer: the caller owns the returned
 *  string (release with free()); the buffer is left empty. Returns an empty
 *  allocated string for an empty buffer, NULL on allocation failure. */
IMR_API char *imr_buf_detach(imr_buf *buf);

#ifdef __cplusplus
}
#endif
#endif
