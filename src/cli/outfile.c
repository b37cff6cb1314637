/* outfile.c - output files written whole or not at all.
 *
 * An output file is written to a temporary file beside it and renamed
 * over the target only when complete, so a reader never sees half a
 * report. Temporary files still open when SIGINT or SIGTERM arrives are
 * unlinked by the handler (unlink is async-signal-safe) before the
 * program dies, so an interrupted run leaves nothing behind. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PENDING 8

/* Paths of temporary files being written, for the signal handler. The
 * handler only reads the fixed arrays; a slot is filled before it is
 * published and cleared before its buffer is reused. */
static char pending_paths[MAX_PENDING][PATH_MAX];
static volatile sig_atomic_t pending_used[MAX_PENDING];

static void on_signal(int sig)
{
	int i;
	for (i = 0; i < MAX_PENDING; i++)
		if (pending_used[i])
			unlink(pending_paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_install_signal_cleanup(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int cli_out_open(cli_out *o, const char *path)
{
	int fd, i;
	memset(o, 0, sizeof(*o));
	o->slot = -1;
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	for (i = 0; i < MAX_PENDING && pending_used[i]; i++)
		;
	if (i == MAX_PENDING) {
		cli_error("%s: too many output files at once", path);
		return -1;
	}
	if (snprintf(o->tmp, sizeof(o->tmp), "%s.tmpXXXXXX", path) >= PATH_MAX ||
	    snprintf(o->path, sizeof(o->path), "%s", path) >= (int)sizeof(o->path)) {
		cli_error("%s: path too long", path);
		return -1;
	}
	/* The name is published to the handler before the file exists and
	 * mkstemp() fills it in place, so a signal at any moment finds the
	 * file it has to remove (or a name that does not exist yet). */
	memcpy(pending_paths[i], o->tmp, strlen(o->tmp) + 1);
	pending_used[i] = 1;
	fd = mkstemp(pending_paths[i]);
	if (fd < 0) {
		pending_used[i] = 0;
		cli_error("%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	memcpy(o->tmp, pending_paths[i], strlen(pending_paths[i]) + 1);
	o->slot = i;
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		cli_error("%s: cannot write: %s", path, strerror(errno));
		close(fd);
		cli_out_abort(o);
		return -1;
	}
	return 0;
}

int cli_out_write(cli_out *o, const imr_buf *buf)
{
	if (o->failed)
		return -1;
	if (buf->size && fwrite(imr_buf_cstr(buf), 1, buf->size, o->fp) != buf->size) {
		cli_error("%s: cannot write: %s", o->slot >= 0 ? o->path : "standard output", strerror(errno));
		o->failed = 1;
		return -1;
	}
	return 0;
}

int cli_out_commit(cli_out *o)
{
	int err = 0;
	if (o->slot < 0) {
		if (fflush(o->fp) != 0) {
			cli_error("cannot write the output: %s", strerror(errno));
			return -1;
		}
		return o->failed ? -1 : 0;
	}
	if (fclose(o->fp) != 0 && !o->failed) {
		cli_error("%s: cannot write: %s", o->path, strerror(errno));
		o->failed = 1;
	}
	o->fp = NULL;
	if (!o->failed) {
		chmod(o->tmp, 0644);
		if (rename(o->tmp, o->path) != 0) {
			cli_error("%s: cannot write: %s", o->path, strerror(errno));
			o->failed = 1;
		}
	}
	if (o->failed) {
		unlink(o->tmp);
		err = -1;
	}
	pending_used[o->slot] = 0;
	o->slot = -1;
	return err;
}

void cli_out_abort(cli_out *o)
{
	if (o->slot < 0)
		return;
	if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	unlink(o->tmp);
	pending_used[o->slot] = 0;
	o->slot = -1;
}
