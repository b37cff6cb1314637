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

/* What imr__file_read_sniffed() returns for a file it did not read. */
#define IMR__FILE_SNIFFED 1

/* imr__file_read(), except that a regular file whose first bytes (up to
 * eight, of the first read) @p sniff accepts is not read on: the call
 * returns IMR__FILE_SNIFFED with *out NULL, and adds no diagnostic. A
 * stream is never sniffed (its first bytes, once read, would be gone). */
int imr__file_read_sniffed(char **out, size_t *len, const char *path, size_t max_bytes,
			   int (*sniff)(const char *data, size_t len), imr_diags *diags);

#endif
