/* walk.h - directory trees walked one way for rule files and letters (internal).
 *
 * A walk lists the files below a root in a fixed order: depth first, the
 * names of each directory in byte order, hidden names (a leading '.')
 * skipped. It never opens a file, so a FIFO or device in the tree cannot
 * make it block. Symbolic links are followed, one by one, except:
 *
 *   - a link back into a directory being walked is a loop: an error item,
 *     not followed (a tree of such links was once a hang);
 *   - a directory or file reached again, by another link or another root
 *     of the same walker (same device and inode), is skipped: each is read
 *     once, under the first path in walk order, so links fanning out to the
 *     same directories cannot multiply a walk or a report;
 *   - directories nested deeper than the depth limit are an error item.
 *
 * Files below a directory are passed to the callback only when @p want
 * accepts their name; a root that is a file is passed whatever its name.
 * Of those, regular files are items to read; anything else (a FIFO, a
 * device, a socket, a broken link, a directory that cannot be listed) is
 * an item with an error saying why, so that callers account for it. Each
 * item reached through a symbolic link says which one.
 *
 * Built on fts(3) with FTS_PHYSICAL | FTS_NOCHDIR (the working directory
 * never changes, so other threads are not disturbed), links followed with
 * FTS_FOLLOW so that the walk knows which paths went through one. */
#ifndef IMR_WALK_H
#define IMR_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct imr__walk_item {
	const char *path;      /* the root joined with the names below it */
	const char *rel;       /* the path below its root (a file root: its base name) */
	size_t link_len;       /* path[0, link_len) is the first symbolic link on the
			        * way to it, or 0 when none was followed */
	const char *error;     /* NULL: a regular file; else why it cannot be read */
	const char *code;      /* with an error: "io", or "limit" for the depth limit */
} imr__walk_item;

/* Called for each item; its strings live until the callback returns. A
 * negative return stops the walk and is returned by imr__walk(). */
typedef int (*imr__walk_fn)(void *ctx, const imr__walk_item *item);

/* Devices a walker numbers; an id on a further device is kept whole. */
#define IMR__WALK_DEVICES 255

/* What has been read already (device and inode of every directory and
 * file), shared by the walks of one listing. Caller-allocated. An id is
 * kept exactly, in 8 bytes where it packs (an inode number below 2^56 on
 * one of the first IMR__WALK_DEVICES devices: the inode and the device's
 * number), else whole in a second set. */
typedef struct imr__walker {
	uint64_t *packed;      /* a hash set, 0 for empty */
	size_t npacked, cappacked; /* cap is 0 or a power of two */
	struct imr__walk_id *ids;  /* ids that do not pack */
	size_t count, cap;     /* a hash set: cap is 0 or a power of two */
	dev_t devices[IMR__WALK_DEVICES];
	size_t ndevices;
	unsigned max_depth;
} imr__walker;

void imr__walker_init(imr__walker *w, unsigned max_depth);
void imr__walker_dispose(imr__walker *w);

/* Remember the file or directory (@p dev, @p ino): 1 when first seen, 0
 * when seen before, IMR_ENOMEM. */
int imr__walker_see(imr__walker *w, dev_t dev, ino_t ino);

/* Walk @p root. Returns 0, IMR_ENOMEM, or the callback's negative value. */
int imr__walk(imr__walker *w, const char *root, int (*want)(const char *name), imr__walk_fn fn,
	      void *ctx);

#endif
