/* buf.c - growable NUL-terminated byte buffer (imr_buf). */
#include "imrcheck/buf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

void imr_buf_init(imr_buf *buf)
{
	buf->ptr = NULL;
	buf->size = 0;
	buf->cap = 0;
}

void imr_buf_dispose(imr_buf *buf)
{
	if (!buf)
		return;
	imr__free(buf->ptr);
	imr_buf_init(buf);
}

void imr_buf_clear(imr_buf *buf)
{
	buf->size = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

static int reserve(imr_buf *buf, size_t extra)
{
	void *ptr = buf->ptr;
	if (extra > (size_t)-1 - buf->size - 1)
		return IMR_ENOMEM;
	if (buf->size + extra + 1 <= buf->cap)
		return IMR_OK; /* the common case, without a call */
	if (imr__grow(&ptr, &buf->cap, buf->size + extra + 1, 1) < 0)
		return IMR_ENOMEM;
	buf->ptr = ptr;
	return IMR_OK;
}

int imr_buf_put(imr_buf *buf, const void *data, size_t len)
{
	if (reserve(buf, len) < 0)
		return IMR_ENOMEM;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return IMR_OK;
}

int imr_buf_puts(imr_buf *buf, const char *str)
{
	return imr_buf_put(buf, str, strlen(str));
}

int imr_buf_vprintf(imr_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int len;

	va_copy(copy, ap);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len < 0)
		return IMR_ERROR;
	if (reserve(buf, (size_t)len) < 0)
		return IMR_ENOMEM;
	vsnprintf(buf->ptr + buf->size, (size_t)len + 1, fmt, ap);
	buf->size += (size_t)len;
	return IMR_OK;
}

int imr_buf_printf(imr_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = imr_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return err;
}

const char *imr_buf_cstr(const imr_buf *buf)
{
	return buf->ptr ? buf->ptr : "";
}

char *imr_buf_detach(imr_buf *buf)
{
	char *str = buf->ptr;
	if (!str)
		return imr__strdup("");
	imr_buf_init(buf);
	return str;
}
