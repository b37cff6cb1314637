/* fileio.c - whole-file reads with a size limit and clear errors. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

/* Open @p path for reading without ever blocking on the open itself: a
 * FIFO with no writer would hold open() for ever, so it is opened with
 * O_NONBLOCK, and only once fstat() says what it is does the descriptor
 * go back to blocking reads. A directory, or (unless @p streams) anything
 * but a regular file, is refused. Returns a stream or NULL after a
 * diagnostic. */
static FILE *open_input(const char *path, int streams, imr_diags *diags)
{
	struct stat st;
	FILE *fp;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot open: %s",
			      strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot read: %s",
			      strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode) ||
	    !(S_ISREG(st.st_mode) || (streams && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))))) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "%s",
			      S_ISDIR(st.st_mode) ? "is a directory, not a file" : "not a regular file");
		close(fd);
		return NULL;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(fp = fdopen(fd, "rb"))) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot read: %s",
			      strerror(errno));
		close(fd);
		return NULL;
	}
	return fp;
}

static int read_all(char **out, size_t *len, const char *path, size_t max_bytes, int streams,
		    imr_diags *diags)
{
	FILE *fp;
	char *data = NULL;
	size_t size = 0, cap = 0;
	int err = IMR_OK;

	*out = NULL;
	*len = 0;
	if (!(fp = open_input(path, streams, diags)))
		return IMR_EIO;
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
	/* Give back the slack of the last chunk: callers keep what they read
	 * (a rule set holds every file it loaded), and most files are far
	 * smaller than one chunk. Shrinking cannot fail in a way that loses
	 * the data: on failure the larger block is kept. */
	if (cap > size + 1) {
		char *fit = imr__realloc(data, size + 1);
		if (fit)
			data = fit;
	}
	*out = data;
	*len = size;
	return IMR_OK;
}

int imr__file_read(char **out, size_t *len, const char *path, size_t max_bytes,
		   imr_diags *diags)
{
	return read_all(out, len, path, max_bytes, 1, diags);
}

int imr__file_read_regular(char **out, size_t *len, const char *path, size_t max_bytes,
			   imr_diags *diags)
{
	return read_all(out, len, path, max_bytes, 0, diags);
}
