/* fileio.c - whole-file reads with a size limit and clear errors. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

/* Open @p path for reading without ever blocking on the open itself: a
 * FIFO with no writer would hold open() for ever, so it is opened with
 * O_NONBLOCK, and only once fstat() says what it is does a stream go back
 * to blocking reads (a regular file never blocks, so its descriptor is
 * left as it is). A directory, or (unless @p streams) anything but a
 * regular file, is refused. Returns the descriptor, with *regular set, or
 * -1 after a diagnostic. */
static int open_input(const char *path, int streams, struct stat *st, imr_diags *diags)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), flags;
	if (fd < 0) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot open: %s",
			      strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot read: %s",
			      strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st->st_mode) ||
	    !(S_ISREG(st->st_mode) || (streams && (S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode))))) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "%s",
			      S_ISDIR(st->st_mode) ? "is a directory, not a file" : "not a regular file");
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode) &&
	    ((flags = fcntl(fd, F_GETFL)) == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot read: %s",
			      strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* read() that goes on after a signal. */
static ssize_t read_some(int fd, char *to, size_t n)
{
	ssize_t got;
	do
		got = read(fd, to, n);
	while (got < 0 && errno == EINTR);
	return got;
}

/* The room a read starts with: a regular file's size (and a byte to see
 * its end by, and one for the NUL), not beyond what the limit lets be
 * read; a chunk for a stream, whose size says nothing. */
static size_t first_room(const struct stat *st, size_t max_bytes)
{
	size_t size;
	if (!S_ISREG(st->st_mode) || st->st_size <= 0)
		return 65536;
	size = (size_t)st->st_size < max_bytes ? (size_t)st->st_size : max_bytes;
	return size + 2;
}

static int read_all(char **out, size_t *len, const char *path, size_t max_bytes, int streams,
		    int (*sniff)(const char *, size_t), imr_diags *diags)
{
	struct stat st;
	char *data = NULL;
	size_t size = 0, cap = 0;
	int fd, err = IMR_OK;

	*out = NULL;
	*len = 0;
	if ((fd = open_input(path, streams, &st, diags)) < 0)
		return IMR_EIO;
	/* Read to the end rather than trusting st_size: pipes and /proc
	 * files report 0, and the file may grow while we read it. */
	for (;;) {
		ssize_t got;
		if (cap - size < 2) {
			void *grown = data;
			size_t want = cap ? size + 65536 + 1 : first_room(&st, max_bytes);
			if (imr__grow(&grown, &cap, want, 1) < 0) {
				err = IMR_ENOMEM;
				break;
			}
			data = grown;
		}
		got = read_some(fd, data + size, cap - size - 1);
		if (got < 0) {
			imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "read error: %s",
				      strerror(errno));
			err = IMR_EIO;
			break;
		}
		if (got == 0)
			break;
		if (!size && sniff && S_ISREG(st.st_mode) && sniff(data, (size_t)got < 8 ? (size_t)got : 8)) {
			err = IMR__FILE_SNIFFED;
			break;
		}
		size += (size_t)got;
		if (size > max_bytes) {
			imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", path, 0, 0,
				      "file is larger than the limit of %zu bytes", max_bytes);
			err = IMR_ELIMIT;
			break;
		}
	}
	close(fd);
	if (err) {
		imr__free(data);
		if (err == IMR_ENOMEM)
			diags->oom = 1;
		return err;
	}
	if (!data && !(data = imr__malloc(1))) {
		diags->oom = 1;
		return IMR_ENOMEM;
	}
	data[size] = '\0';
	/* Give back the slack of a stream's last chunk: callers keep what
	 * they read (a rule set holds every file it loaded). Shrinking cannot
	 * fail in a way that loses the data: on failure the larger block is
	 * kept. */
	if (cap > size + 64) {
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
	return read_all(out, len, path, max_bytes, 1, NULL, diags);
}

int imr__file_read_regular(char **out, size_t *len, const char *path, size_t max_bytes,
			   imr_diags *diags)
{
	return read_all(out, len, path, max_bytes, 0, NULL, diags);
}

int imr__file_read_sniffed(char **out, size_t *len, const char *path, size_t max_bytes,
			   int (*sniff)(const char *data, size_t len), imr_diags *diags)
{
	return read_all(out, len, path, max_bytes, 1, sniff, diags);
}
