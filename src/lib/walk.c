/* walk.c - one directory walker for rule files and letters, on fts(3).
 *
 * fts gives the order (a comparison function sorts each directory), the
 * loop check (FTS_DC: a directory that is one of its own ancestors) and
 * paths of any length. This file adds what fts does not do: reading each
 * directory and file once however many links lead to it (a hash set of
 * device and inode numbers), the depth limit, hidden names, the name
 * filter, remembering which link a path went through, and one message per
 * kind of entry that cannot be read. */
#include "walk.h"

#include <errno.h>
#include <fts.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "imrcheck/common.h"

struct imr__walk_id {
	dev_t dev;
	ino_t ino;
	int used;
};

/* fts_pointer of an entry that is a symbolic link being followed */
static char followed;

typedef struct walk {
	imr__walker *w;
	FTS *fts;
	int (*want)(const char *name);
	imr__walk_fn fn;
	void *ctx;
	size_t root_len;   /* the root's length in fts_path, without a trailing '/' */
	const char *root_base;
} walk;

void imr__walker_init(imr__walker *w, unsigned max_depth)
{
	memset(w, 0, sizeof(*w));
	w->max_depth = max_depth;
}

void imr__walker_dispose(imr__walker *w)
{
	imr__free(w->packed);
	imr__free(w->ids);
	memset(w, 0, sizeof(*w));
}

static size_t id_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)dev;
	return (size_t)(h ^ h >> 29);
}

/* Put (dev, ino) into @p ids (@p cap slots): 1 when new, 0 when there. */
static int id_put(struct imr__walk_id *ids, size_t cap, dev_t dev, ino_t ino)
{
	size_t i = id_hash(dev, ino) & (cap - 1);
	for (; ids[i].used; i = (i + 1) & (cap - 1))
		if (ids[i].dev == dev && ids[i].ino == ino)
			return 0;
	ids[i].dev = dev;
	ids[i].ino = ino;
	ids[i].used = 1;
	return 1;
}

/* Put a packed id into @p set (@p cap slots): 1 when new, 0 when there. */
static int packed_put(uint64_t *set, size_t cap, uint64_t id)
{
	uint64_t h = id * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h ^ h >> 29) & (cap - 1);
	for (; set[i]; i = (i + 1) & (cap - 1))
		if (set[i] == id)
			return 0;
	set[i] = id;
	return 1;
}

/* The 8-byte form of (dev, ino): the inode above the device's number + 1
 * (never 0); 0 when it does not pack. */
static uint64_t pack_id(imr__walker *w, dev_t dev, ino_t ino)
{
	size_t d;
	if ((uint64_t)ino >> 56)
		return 0;
	for (d = 0; d < w->ndevices && w->devices[d] != dev; d++)
		;
	if (d == w->ndevices) {
		if (d == IMR__WALK_DEVICES)
			return 0;
		w->devices[w->ndevices++] = dev;
	}
	return (uint64_t)ino << 8 | (uint64_t)(d + 1);
}

static int remember_packed(imr__walker *w, uint64_t id)
{
	int added;
	if ((w->npacked + 1) * 5 > w->cappacked * 4) { /* at most four fifths full, as casekey.c */
		size_t cap = w->cappacked ? w->cappacked * 2 : 64, i;
		uint64_t *set = imr__calloc(cap, sizeof(*set));
		if (!set)
			return IMR_ENOMEM;
		for (i = 0; i < w->cappacked; i++)
			if (w->packed[i])
				packed_put(set, cap, w->packed[i]);
		imr__free(w->packed);
		w->packed = set;
		w->cappacked = cap;
	}
	added = packed_put(w->packed, w->cappacked, id);
	w->npacked += (size_t)added;
	return added;
}

static int remember(imr__walker *w, const struct stat *st)
{
	return imr__walker_see(w, st->st_dev, st->st_ino);
}

int imr__walker_see(imr__walker *w, dev_t dev, ino_t ino)
{
	int added;
	uint64_t id = pack_id(w, dev, ino);
	if (id)
		return remember_packed(w, id);
	if ((w->count + 1) * 2 > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64, i;
		struct imr__walk_id *ids = imr__calloc(cap, sizeof(*ids));
		if (!ids)
			return IMR_ENOMEM;
		for (i = 0; i < w->cap; i++)
			if (w->ids[i].used)
				id_put(ids, cap, w->ids[i].dev, w->ids[i].ino);
		imr__free(w->ids);
		w->ids = ids;
		w->cap = cap;
	}
	added = id_put(w->ids, w->cap, dev, ino);
	w->count += (size_t)added;
	return added;
}

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/* Hand @p e to the callback, as a file or (with @p error) as a problem. */
static int emit(walk *wk, const FTSENT *e, const char *code, const char *error)
{
	imr__walk_item it;
	it.path = e->fts_path;
	it.rel = e->fts_level == 0 ? wk->root_base : e->fts_path + wk->root_len + 1;
	it.link_len = (size_t)e->fts_number;
	it.error = error;
	it.code = error ? code : NULL;
	return wk->fn(wk->ctx, &it);
}

static int emit_errno(walk *wk, const FTSENT *e, const char *what, int err)
{
	char msg[256];
	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
	return emit(wk, e, "io", msg);
}

static int visit_dir(walk *wk, FTSENT *e)
{
	char msg[128];
	int r;
	if ((unsigned)e->fts_level >= wk->w->max_depth) {
		fts_set(wk->fts, e, FTS_SKIP);
		snprintf(msg, sizeof(msg), "directories nested deeper than %u levels (the limit)",
			 wk->w->max_depth);
		return emit(wk, e, "limit", msg);
	}
	r = remember(wk->w, e->fts_statp);
	if (r <= 0)
		fts_set(wk->fts, e, FTS_SKIP); /* read already, through another path */
	return r < 0 ? r : 0;
}

static int visit(walk *wk, FTSENT *e)
{
	int top = e->fts_level == 0, r;

	if (!top && e->fts_name[0] == '.') {
		if (e->fts_info == FTS_D)
			fts_set(wk->fts, e, FTS_SKIP);
		return 0; /* hidden files and directories */
	}
	/* below a link, everything was reached through it */
	if (!e->fts_number && !top && e->fts_parent->fts_number)
		e->fts_number = e->fts_parent->fts_number;
	switch (e->fts_info) {
	case FTS_D:
		return visit_dir(wk, e);
	case FTS_DP:
	case FTS_DOT:
		return 0;
	case FTS_SL:
		if (!e->fts_number)
			e->fts_number = (long)e->fts_pathlen;
		e->fts_pointer = &followed;
		fts_set(wk->fts, e, FTS_FOLLOW);
		return 0;
	case FTS_F:
		if (!top && !wk->want(e->fts_name))
			return 0;
		r = remember(wk->w, e->fts_statp);
		return r < 0 ? r : r == 0 ? 0 : emit(wk, e, NULL, NULL);
	case FTS_DEFAULT:
		if (!top && !wk->want(e->fts_name))
			return 0;
		return emit(wk, e, "io", "not a regular file");
	case FTS_DC:
		return emit(wk, e, "io", "symbolic link loop: this directory is already being read");
	case FTS_DNR:
		return emit_errno(wk, e, "cannot open directory", e->fts_errno);
	case FTS_SLNONE: {
		/* fts does not keep why the target could not be reached (a
		 * missing file, or a loop of links): ask again */
		struct stat st;
		int why = stat(e->fts_accpath, &st) != 0 ? errno : ENOENT;
		return emit_errno(wk, e, top ? "cannot open" : "broken or looping symbolic link", why);
	}
	case FTS_NS:
		return emit_errno(wk, e,
				  top ? "cannot open"
				  : e->fts_pointer == &followed ? "broken or looping symbolic link"
								: "cannot read",
				  e->fts_errno);
	default:
		return emit_errno(wk, e, "cannot read", e->fts_errno ? e->fts_errno : EIO);
	}
}

int imr__walk(imr__walker *w, const char *root, int (*want)(const char *name), imr__walk_fn fn,
	      void *ctx)
{
	char *argv[2];
	FTSENT *e;
	walk wk;
	const char *slash;
	int err = 0;

	memset(&wk, 0, sizeof(wk));
	wk.w = w;
	wk.want = want;
	wk.fn = fn;
	wk.ctx = ctx;
	/* fts joins a name to a path ending in '/' without another one */
	wk.root_len = strlen(root);
	if (wk.root_len && root[wk.root_len - 1] == '/')
		wk.root_len--;
	slash = strrchr(root, '/');
	wk.root_base = slash && slash[1] ? slash + 1 : root;
	argv[0] = (char *)(uintptr_t)root;
	argv[1] = NULL;
	errno = 0;
	wk.fts = fts_open(argv, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR, by_name);
	if (!wk.fts) {
		imr__walk_item it;
		char msg[256];
		if (errno == ENOMEM)
			return IMR_ENOMEM;
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		it.path = root;
		it.rel = wk.root_base;
		it.link_len = 0;
		it.error = msg;
		it.code = "io";
		return fn(ctx, &it);
	}
	while (err == 0) {
		errno = 0;
		if (!(e = fts_read(wk.fts))) {
			if (errno == ENOMEM)
				err = IMR_ENOMEM;
			break;
		}
		err = visit(&wk, e);
	}
	fts_close(wk.fts);
	return err;
}
