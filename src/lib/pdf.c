/* pdf.c - PDF text through poppler's pdftotext, without a shell.
 *
 * The child gets the path as an argument (never through a shell, so no
 * quoting problems), /dev/null on stdin, and pipes for stdout and stderr.
 * Both pipes are drained with poll() until the child closes them or the
 * deadline passes; then the child is reaped (killed first on timeout). */
#include "imrcheck/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"

extern char **environ;

int imr_pdf_sniff(const char *data, size_t len)
{
	return len >= 5 && memcmp(data, "%PDF-", 5) == 0;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* drain() ran out of time */
#define TIMED_OUT 1

/* Read both pipes until EOF or the deadline. Returns 0, TIMED_OUT,
 * IMR_ELIMIT (more than @p max bytes of text), IMR_ENOMEM or IMR_EIO. */
static int drain(int out_fd, int err_fd, imr_buf *out, imr_buf *err, size_t max, long deadline)
{
	struct pollfd fds[2];
	int open_fds = 2;
	fds[0].fd = out_fd;
	fds[0].events = POLLIN;
	fds[1].fd = err_fd;
	fds[1].events = POLLIN;
	while (open_fds) {
		long left = deadline - now_ms();
		int i, rc;
		if (left <= 0)
			return TIMED_OUT;
		rc = poll(fds, 2, (int)(left > 1000 ? 1000 : left));
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return IMR_EIO;
		}
		for (i = 0; i < 2; i++) {
			char chunk[65536];
			ssize_t got;
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			got = read(fds[i].fd, chunk, sizeof(chunk));
			if (got <= 0) {
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0) {
				if (out->size + (size_t)got > max)
					return IMR_ELIMIT;
				if (imr_buf_put(out, chunk, (size_t)got) < 0)
					return IMR_ENOMEM;
			} else if (err->size < 4096 && imr_buf_put(err, chunk, (size_t)got) < 0) {
				return IMR_ENOMEM;
			}
		}
	}
	return 0;
}

int imr_pdf_to_text(char **out, size_t *len, const char *path, const imr_limits *limits,
		    imr_diags *diags)
{
	imr_limits lim = imr_limits_resolve(limits);
	int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 }, status = 0, err = IMR_OK;
	posix_spawn_file_actions_t fa;
	/* without -q: poppler's "Incorrect password" on standard error is how a
	 * PDF that needs a user password is told from a damaged one */
	char *argv[] = { "pdftotext", "-enc", "UTF-8", NULL, "-", NULL };
	imr_buf text = IMR_BUF_INIT, errtext = IMR_BUF_INIT;
	char *dotted = NULL;
	size_t plen = strlen(path);
	pid_t pid;

	*out = NULL;
	*len = 0;
	if (access(path, R_OK) != 0) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot open: %s", strerror(errno));
		return IMR_EIO;
	}
	/* a relative path that starts with '-' would be read as an option:
	 * "./-v" is the same file and cannot be (poppler's option parser does
	 * not know "--" in every version) */
	if (path[0] == '-') {
		if (!(dotted = imr__malloc(plen + 3))) {
			diags->oom = 1;
			return IMR_ENOMEM;
		}
		memcpy(dotted, "./", 2);
		memcpy(dotted + 2, path, plen + 1);
	}
	argv[3] = dotted ? dotted : (char *)(uintptr_t)path;
	if (pipe(out_pipe) < 0 || pipe(err_pipe) < 0) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "io", path, 0, 0, "cannot create a pipe: %s",
			      strerror(errno));
		err = IMR_EIO;
		goto done;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
	posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
	posix_spawn_file_actions_addclose(&fa, err_pipe[0]);
	if (posix_spawnp(&pid, "pdftotext", &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "pdf", path, 0, 0,
			      "cannot read PDF: pdftotext is not installed (Debian package poppler-utils)");
		err = IMR_EIO;
		goto done;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(out_pipe[1]);
	close(err_pipe[1]);
	out_pipe[1] = err_pipe[1] = -1;
	err = drain(out_pipe[0], err_pipe[0], &text, &errtext, lim.text_bytes,
		    now_ms() + (long)lim.pdf_timeout_ms);
	if (err != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (err == TIMED_OUT) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", path, 0, 0,
			      "cannot read PDF: pdftotext ran longer than the limit of %u ms",
			      lim.pdf_timeout_ms);
		err = IMR_ELIMIT;
	} else if (err == IMR_EIO) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "pdf", path, 0, 0,
			      "cannot read PDF: reading pdftotext's output failed: %s", strerror(errno));
	} else if (err == IMR_ELIMIT) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", path, 0, 0,
			      "the PDF's text is larger than the limit of %zu bytes", lim.text_bytes);
	} else if (!err && WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "pdf", path, 0, 0,
			      "cannot read PDF: pdftotext is not installed (Debian package poppler-utils)");
		err = IMR_EIO;
	} else if (!err && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		/* poppler's other messages ("Syntax Error: Couldn't find trailer
		 * dictionary") vary between versions and say nothing more useful */
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "pdf", path, 0, 0, "cannot read PDF: %s",
			      strstr(imr_buf_cstr(&errtext), "Incorrect password")
				      ? "it needs a password to open"
			      : WIFEXITED(status) && WEXITSTATUS(status) == 3
				      ? "copying its text is not permitted"
			      : !WIFEXITED(status) ? "pdftotext crashed"
						   : "the file is damaged or is not a PDF");
		err = IMR_EIO;
	}
	if (!err) {
		*len = text.size;
		*out = imr_buf_detach(&text);
		if (!*out)
			err = IMR_ENOMEM;
	}
done:
	if (out_pipe[0] >= 0) close(out_pipe[0]);
	if (out_pipe[1] >= 0) close(out_pipe[1]);
	if (err_pipe[0] >= 0) close(err_pipe[0]);
	if (err_pipe[1] >= 0) close(err_pipe[1]);
	imr_buf_dispose(&text);
	imr_buf_dispose(&errtext);
	imr__free(dotted);
	if (err == IMR_ENOMEM)
		diags->oom = 1;
	return err;
}

int imr_pdf_load_text(imr_text **out, const char *path, const imr_limits *limits, imr_diags *diags)
{
	imr_limits lim = imr_limits_resolve(limits);
	char *data = NULL;
	size_t len = 0;
	int err;
	*out = NULL;
	/* One open and one read for a text file: only a regular file is
	 * looked into (a FIFO's first bytes, once read, would be gone), and
	 * a PDF is left unread past its first bytes for pdftotext. */
	err = imr__file_read_sniffed(&data, &len, path, lim.text_bytes, imr_pdf_sniff, diags);
	if (err == IMR__FILE_SNIFFED) {
		err = imr_pdf_to_text(&data, &len, path, limits, diags);
		if (err < 0)
			return err;
		err = imr_text_new(out, path, data, len, limits, diags);
		imr__free(data);
		return err;
	}
	if (err < 0)
		return err;
	err = imr_text_new(out, path, data, len, &lim, diags);
	imr__free(data);
	return err;
}
