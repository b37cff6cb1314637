/* outfile.c - output files: regular files replaced whole, everything else
 * written through.
 *
 * What is at the path decides how a report is written (the promises are
 * in docs/security.md, "Output files"):
 *
 *   - nothing, or a regular file: the report goes to a temporary file in
 *     the same directory, which is renamed over the path only when it is
 *     complete and on disk, so a reader sees the old file or the new one,
 *     never half of one. A new file gets 0666 less the umask; a replaced
 *     file keeps its permission bits (and, when the program may, its owner).
 *   - a character device, FIFO, socket or any other special file: opened
 *     and written directly, never replaced; `--output /dev/null` run as
 *     root must not turn the system's /dev/null into a regular file.
 *   - a symbolic link: followed, link by link, and its target handled as
 *     above; the link itself stays. In a sticky world-writable directory
 *     (/tmp) a link owned by neither the user nor the directory's owner
 *     is not followed, the rule of the kernel's fs.protected_symlinks.
 *   - a directory: an error.
 *
 * The temporary file is made with O_TMPFILE where the file system allows
 * it: it has no name until it is complete, so nothing is left behind even
 * by SIGKILL. It gets a name (".imrcheck-PID-N") only for the moment
 * between linkat() and rename(). Where O_TMPFILE is refused, mkstemp()
 * makes ".imrcheck-XXXXXX" instead. Named temporary files are published
 * to a signal handler that unlinks them (unlink is async-signal-safe)
 * when a catchable fatal signal arrives, before the program dies of it;
 * only SIGKILL or a crash during such a window can leave one, and the
 * fixed prefix says what it is. */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_TMPFILE
#define O_TMPFILE 0
#endif

#define MAX_PENDING 8
#define MAX_LINK_HOPS 40
#define TMP_PREFIX ".imrcheck-"

enum { OUT_STDOUT, OUT_DIRECT, OUT_ATOMIC };

/* Named temporary files, for the signal handler. The handler only reads
 * the fixed arrays; a slot's name is written before the slot is marked
 * used and the mark is cleared before the name is reused. */
static char pending_paths[MAX_PENDING][PATH_MAX];
static volatile sig_atomic_t pending_used[MAX_PENDING];
static int slot_taken[MAX_PENDING];   /* owned by an open cli_out */

static mode_t saved_umask = 022;
static int use_o_tmpfile = 1;
static int stdout_reported;

/* ---- signals ---- */

/* The signals whose default action ends the program and that a handler
 * may catch. The synchronous crash signals are left to the sanitizers
 * when the program is built with them, whose reports matter more. */
static const int fatal_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGABRT,
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGSYS, SIGTRAP,
#endif
};

static void on_signal(int sig)
{
	int i;
	for (i = 0; i < MAX_PENDING; i++)
		if (pending_used[i])
			unlink(pending_paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_output_init(void)
{
	struct sigaction sa, old;
	const char *env;
	size_t i;

	saved_umask = umask(0);
	umask(saved_umask);
	env = getenv("IMRCHECK_NO_O_TMPFILE");
	use_o_tmpfile = O_TMPFILE != 0 && !(env && *env && strcmp(env, "0") != 0);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	/* A signal ignored by whoever started the program (nohup, a shell's
	 * background job) stays ignored, and one someone else already
	 * handles (a profiler) keeps its handler. */
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
		    !(old.sa_flags & SA_SIGINFO))
			sigaction(fatal_signals[i], &sa, NULL);
}

/* ---- standard output ---- */

int cli_flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (!stdout_reported)
		cli_error("standard output: cannot write: %s", errno ? strerror(errno) : "write error");
	stdout_reported = 1;
	return -1;
}

/* ---- where the report goes ---- */

static const char *errtext(int err)
{
	return err == -EPERM ? "a symbolic link in a sticky world-writable directory, owned by "
			       "someone else; not followed"
			     : strerror(-err);
}

/* The directory part of @p path into @p dir ("." when there is none). */
static int dir_of(char *dir, size_t size, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	if (!slash)
		return snprintf(dir, size, ".") < (int)size ? 0 : -ENAMETOOLONG;
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return 0;
}

/* May the link @p link (whose lstat is @p lst) be followed? Not when it
 * is in a sticky world-writable directory and owned by neither us nor the
 * directory's owner: someone else may have planted it there. */
static int may_follow(const char *link, const struct stat *lst)
{
	char dir[PATH_MAX];
	struct stat dst;
	if (dir_of(dir, sizeof(dir), link) < 0 || stat(dir, &dst) != 0)
		return 1;
	if (!(dst.st_mode & S_ISVTX) || !(dst.st_mode & S_IWOTH))
		return 1;
	return lst->st_uid == geteuid() || lst->st_uid == dst.st_uid;
}

/* Follow symbolic links from @p path to what they name: @p target gets
 * its path, *st its stat and *exists whether it exists. Returns 0 or a
 * negative errno (-EPERM: a link that may not be followed). */
static int resolve(char *target, size_t size, const char *path, struct stat *st, int *exists)
{
	char link[PATH_MAX], dir[PATH_MAX];
	struct stat lst;
	int hops;
	ssize_t n;

	if (snprintf(target, size, "%s", path) >= (int)size)
		return -ENAMETOOLONG;
	for (hops = 0;; hops++) {
		if (lstat(target, &lst) != 0) {
			if (errno != ENOENT)
				return -errno;
			*exists = 0;
			return 0;
		}
		if (!S_ISLNK(lst.st_mode)) {
			*st = lst;
			*exists = 1;
			return 0;
		}
		if (hops == MAX_LINK_HOPS)
			return -ELOOP;
		if (!may_follow(target, &lst))
			return -EPERM;
		n = readlink(target, link, sizeof(link));
		if (n < 0)
			return -errno;
		if ((size_t)n >= sizeof(link))
			return -ENAMETOOLONG;
		link[n] = '\0';
		if (link[0] == '/') {
			if (snprintf(target, size, "%s", link) >= (int)size)
				return -ENAMETOOLONG;
			continue;
		}
		if (dir_of(dir, sizeof(dir), target) < 0 ||
		    snprintf(target, size, "%s/%s", dir, link) >= (int)size)
			return -ENAMETOOLONG;
	}
}

/* ---- temporary files ---- */

static int take_slot(void)
{
	int i;
	for (i = 0; i < MAX_PENDING; i++)
		if (!slot_taken[i]) {
			slot_taken[i] = 1;
			return i;
		}
	return -1;
}

static void release_slot(cli_out *o)
{
	if (o->slot < 0)
		return;
	pending_used[o->slot] = 0;
	slot_taken[o->slot] = 0;
	o->slot = -1;
}

/* Publish @p name as the temporary file of @p o's slot. */
static void publish(cli_out *o, const char *name)
{
	pending_used[o->slot] = 0;
	memcpy(pending_paths[o->slot], name, strlen(name) + 1);
	pending_used[o->slot] = 1;
}

/* An anonymous temporary file in @p dir, or -1 (errno set) where the
 * file system does not support O_TMPFILE. */
static int open_anonymous(const char *dir, mode_t mode)
{
	if (!use_o_tmpfile)
		return errno = EOPNOTSUPP, -1;
	return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
}

/* A named temporary file ".imrcheck-XXXXXX" in @p dir, published to the
 * signal handler before it exists (mkstemp fills the name in place, so a
 * signal at any moment finds the file or a name not yet created). */
static int open_named(cli_out *o, const char *dir)
{
	int fd;
	if (snprintf(o->tmp, sizeof(o->tmp), "%s/" TMP_PREFIX "XXXXXX", dir) >= (int)sizeof(o->tmp))
		return errno = ENAMETOOLONG, -1;
	pending_used[o->slot] = 0;
	memcpy(pending_paths[o->slot], o->tmp, strlen(o->tmp) + 1);
	pending_used[o->slot] = 1;
	fd = mkstemp(pending_paths[o->slot]);
	if (fd < 0) {
		pending_used[o->slot] = 0;
		o->tmp[0] = '\0';
		return -1;
	}
	memcpy(o->tmp, pending_paths[o->slot], strlen(o->tmp) + 1);
	return fd;
}

/* Give the anonymous temporary file a name beside its target, so that it
 * can be renamed over it. Returns 0, or -1 with errno set. */
static int name_anonymous(cli_out *o, int fd)
{
	static unsigned counter;
	char dir[PATH_MAX], proc[64];
	int attempt;

	if (dir_of(dir, sizeof(dir), o->target) < 0)
		return errno = ENAMETOOLONG, -1;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (attempt = 0; attempt < 100; attempt++) {
		if (snprintf(o->tmp, sizeof(o->tmp), "%s/" TMP_PREFIX "%ld-%u", dir, (long)getpid(),
			     counter++) >= (int)sizeof(o->tmp))
			return errno = ENAMETOOLONG, -1;
		publish(o, o->tmp);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		/* without /proc, AT_EMPTY_PATH does the same (it needs
		 * CAP_DAC_READ_SEARCH on older kernels) */
		if (errno == ENOENT && linkat(fd, "", AT_FDCWD, o->tmp, AT_EMPTY_PATH) == 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	pending_used[o->slot] = 0;
	o->tmp[0] = '\0';
	return -1;
}

/* Open the temporary file that will replace @p o->target (whose stat is
 * @p st when @p exists). */
/* Bytes of the buffer of a file written whole (open_atomic). */
#define OUT_BUFFER ((size_t)1 << 16)

/* Free the stream's buffer, once the stream is closed. */
static void drop_buffer(cli_out *o)
{
	free(o->buffer);
	o->buffer = NULL;
}

static int open_atomic(cli_out *o, const struct stat *st, int exists)
{
	char dir[PATH_MAX];
	mode_t mode = exists ? st->st_mode & 01777 : 0666 & ~saved_umask;
	int fd;

	o->kind = OUT_ATOMIC;
	if (dir_of(dir, sizeof(dir), o->target) < 0) {
		cli_error("%s: path too long", o->path);
		return -1;
	}
	if ((o->slot = take_slot()) < 0) {
		cli_error("%s: too many output files at once", o->path);
		return -1;
	}
	fd = open_anonymous(dir, 0666);
	o->anonymous = fd >= 0;
	if (fd < 0)
		fd = open_named(o, dir);
	if (fd < 0) {
		cli_error("%s: cannot create: %s", o->path, strerror(errno));
		release_slot(o);
		return -1;
	}
	/* the replaced file's owner, where we may set it (as root); then its
	 * mode, or the umask's for a new file (mkstemp makes 0600, and
	 * O_TMPFILE applied the umask already) */
	if (exists && (st->st_uid != geteuid() || st->st_gid != getegid()) &&
	    fchown(fd, st->st_uid, st->st_gid) != 0)
		mode &= ~(mode_t)(S_ISUID | S_ISGID);
	if (fchmod(fd, mode) != 0) {
		cli_error("%s: cannot set the mode: %s", o->path, strerror(errno));
		close(fd);
		cli_out_abort(o);
		return -1;
	}
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		cli_error("%s: cannot write: %s", o->path, strerror(errno));
		close(fd);
		cli_out_abort(o);
		return -1;
	}
	/* a file appears whole at the end (it is renamed into place), so
	 * nothing reads it as it grows: larger writes, fewer system calls
	 * (an audit writes some 2 KB a letter, stdio 4 KB at a time). If the
	 * buffer cannot be had, stdio's own is used. */
	if ((o->buffer = malloc(OUT_BUFFER)) != NULL && setvbuf(o->fp, o->buffer, _IOFBF, OUT_BUFFER) != 0) {
		free(o->buffer);
		o->buffer = NULL;
	}
	return 0;
}

int cli_out_open(cli_out *o, const char *path)
{
	struct stat st;
	int exists = 0, err, fd;

	memset(o, 0, sizeof(*o));
	o->slot = -1;
	if (!path || strcmp(path, "-") == 0) {
		o->kind = OUT_STDOUT;
		o->fp = stdout;
		snprintf(o->path, sizeof(o->path), "standard output");
		return 0;
	}
	if (snprintf(o->path, sizeof(o->path), "%s", path) >= (int)sizeof(o->path)) {
		cli_error("%s: path too long", path);
		return -1;
	}
	if ((err = resolve(o->target, sizeof(o->target), path, &st, &exists)) < 0) {
		cli_error("%s: cannot write: %s", path, errtext(err));
		return -1;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		cli_error("%s: cannot write: %s", path, strerror(EISDIR));
		return -1;
	}
	if (!exists || S_ISREG(st.st_mode))
		return open_atomic(o, &st, exists);
	/* a device, FIFO or socket: written through (a FIFO blocks here until
	 * a reader opens it, as it does for a shell's redirection) */
	fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		cli_error("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	o->kind = OUT_DIRECT;
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		cli_error("%s: cannot write: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

int cli_out_write(cli_out *o, const imr_buf *buf)
{
	return cli_out_put(o, imr_buf_cstr(buf), buf->size);
}

int cli_out_put(cli_out *o, const char *data, size_t len)
{
	if (o->failed)
		return -1;
	if (len && fwrite(data, 1, len, o->fp) != len) {
		if (o->kind == OUT_STDOUT)
			cli_flush_stdout();
		else
			cli_error("%s: cannot write: %s", o->path, strerror(errno));
		o->failed = 1;
		return -1;
	}
	return 0;
}

/* Flush, sync and name the temporary file, then rename it over the
 * target. Returns 0, or -1 after a message. */
static int commit_atomic(cli_out *o)
{
	struct stat st;
	int fd = fileno(o->fp);

	if (fflush(o->fp) != 0 || (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)) {
		cli_error("%s: cannot write: %s", o->path, strerror(errno));
		return -1;
	}
	if (o->anonymous && name_anonymous(o, fd) < 0) {
		cli_error("%s: cannot create: %s", o->path, strerror(errno));
		return -1;
	}
	if (fclose(o->fp) != 0) {
		o->fp = NULL;
		drop_buffer(o);
		cli_error("%s: cannot write: %s", o->path, strerror(errno));
		return -1;
	}
	o->fp = NULL;
	drop_buffer(o);
	/* what was a regular file or nothing when the run began must still be
	 * one: a device or FIFO put there meanwhile is not replaced */
	if (lstat(o->target, &st) == 0 && !S_ISREG(st.st_mode)) {
		cli_error("%s: cannot write: it is no longer a regular file", o->path);
		return -1;
	}
	if (rename(o->tmp, o->target) != 0) {
		cli_error("%s: cannot write: %s", o->path, strerror(errno));
		return -1;
	}
	o->tmp[0] = '\0';
	return 0;
}

int cli_out_commit(cli_out *o)
{
	int err = 0;
	switch (o->kind) {
	case OUT_STDOUT:
		return cli_flush_stdout() < 0 || o->failed ? -1 : 0;
	case OUT_DIRECT:
		if (fclose(o->fp) != 0 && !o->failed) {
			cli_error("%s: cannot write: %s", o->path, strerror(errno));
			o->failed = 1;
		}
		o->fp = NULL;
		return o->failed ? -1 : 0;
	default:
		if (o->failed || commit_atomic(o) < 0)
			err = -1;
		cli_out_abort(o);
		return err;
	}
}

void cli_out_abort(cli_out *o)
{
	if (o->kind == OUT_STDOUT)
		return;
	if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	drop_buffer(o);
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = '\0';
	release_slot(o);
}
