/* fileio.h - reading whole files with a size limit (internal). */
#ifndef IMR_FILEIO_H
#define IMR_FILEIO_H

#include <stddef.h>

#include "imrcheck/diag.h"

/* Read the file at @p path into a new NUL-terminated buffer (*out, owned by
 * the caller, release with imr__free()). A file larger than @p max_bytes
 * is IMR_ELIMIT; a missing or unreadable file, a directory, a socket or a
 * block device is IMR_EIO. A FIFO or character device is read as a stream
 * (so that `<(command)` works); the open never blocks, so a FIFO with no
 * writer reads as empty. Each failure adds a diagnostic naming the file. */
int imr__file_read(char **out, size_t *len, const char *path, size_t max_bytes,
		   imr_diags *diags);

/* The same, for files that must be regular (rule files): anything else is
 * IMR_EIO, "not a regular file", and is never read. */
int imr__file_read_regular(char **out, size_t *len, const char *path, size_t max_bytes,
			   imr_diags *diags);

#endif
