/* fileio.c - whole-file reads with a size limit and clear errors. */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"

int imr__file_read(char **out, size_t *len, const char *path, size_t max_bytes,
		   imr_diags *diags)
{
	FILE *fp;
	struct stat st;
	char *data = NULL;
	size_t size = 0, cap = 0;
	int err = IMR_OK;

	*out = NULL;
	*len = 0;
	fp = fopen(path, "rb");
	if (!fp) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot open: %s",
			      strerror(errno));
		return IMR_EIO;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0,
			      "is a directory, not a file");
		fclose(fp);
		return IMR_EIO;
	}
	/* Read in chunks rather than trusting st_size: pipes and /proc files
	 * report 0, and the file may grow while we read it. */
	for (;;) {
		size_t got;
		void *grown = data;
		if (imr__grow(&grown, &cap, size + 65536 + 1, 1) < 0) {
			err = IMR_ENOMEM;
			break;
		}
		data = grown;
		got = fread(data + size, 1, cap - size - 1, fp);
		size += got;
		if (size > max_bytes) {
			imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", path, 0, 0,
				      "file is larger than the limit of %zu bytes", max_bytes);
			err = IMR_ELIMIT;
			break;
		}
		if (got == 0) {
			if (ferror(fp)) {
				imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0,
					      "read error: %s", strerror(errno));
				err = IMR_EIO;
			}
			break;
		}
	}
	fclose(fp);
	if (err < 0) {
		imr__free(data);
		if (err == IMR_ENOMEM)
			diags->oom = 1;
		return err;
	}
	data[size] = '\0';
	*out = data;
	*len = size;
	return IMR_OK;
}
