/* spool.c - bytes set aside in a temporary file (spool.h). */
#include "spool.h"

#include "imrcheck/common.h"

int imr__spool_put(imr__spool *s, const void *data, size_t len)
{
	if (!len)
		return 0;
	if (!s->fp && !(s->fp = tmpfile()))
		return IMR_EIO;
	if (s->reading) {
		if (fseek(s->fp, 0, SEEK_END) != 0)
			return IMR_EIO;
		s->reading = 0;
	}
	if (fwrite(data, 1, len, s->fp) != len)
		return IMR_EIO;
	s->size += len;
	return 0;
}

int imr__spool_copy(imr__spool *s, imr__sink_fn sink, void *ctx)
{
	char chunk[65536];
	size_t left = s->size;
	int err = 0;
	if (!s->fp || !left)
		return 0;
	if (fflush(s->fp) != 0 || fseek(s->fp, 0, SEEK_SET) != 0)
		return IMR_EIO;
	s->reading = 1;
	while (left && !err) {
		size_t n = fread(chunk, 1, left < sizeof(chunk) ? left : sizeof(chunk), s->fp);
		if (!n)
			return IMR_EIO;
		left -= n;
		err = sink(ctx, chunk, n);
	}
	return err;
}

int imr__spool_read(imr__spool *s, void *data, size_t len)
{
	size_t n;
	if (!s->fp)
		return 0;
	if (!s->reading) {
		if (fflush(s->fp) != 0 || fseek(s->fp, 0, SEEK_SET) != 0)
			return IMR_EIO;
		s->reading = 1;
	}
	n = fread(data, 1, len, s->fp);
	if (n == len)
		return 1;
	return n == 0 && feof(s->fp) ? 0 : IMR_EIO;
}

void imr__spool_dispose(imr__spool *s)
{
	if (s->fp)
		fclose(s->fp);
	s->fp = NULL;
	s->size = 0;
	s->reading = 0;
}
