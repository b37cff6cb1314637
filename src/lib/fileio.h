/* fileio.h - reading whole files with a size limit (internal). */
#ifndef IMR_FILEIO_H
#define IMR_FILEIO_H

#include <stddef.h>

#include "imrcheck/diag.h"

/* Read the file at @p path into a new NUL-terminated buffer (*out, owned by
 * the caller, release with imr__free()). A file larger than @p max_bytes
 * is IMR_ELIMIT; a missing, unreadable or non-regular file is IMR_EIO.
 * Each failure adds a diagnostic naming the file. */
int imr__file_read(char **out, size_t *len, const char *path, size_t max_bytes,
		   imr_diags *diags);

#endif
