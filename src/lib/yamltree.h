/* yamltree.h - YAML (and JSON) text -> a tree of nodes with source marks.
 *
 * The only module that includes <yaml.h>. It enforces the safety rules the
 * rest of the library relies on: no anchors, aliases, tags or merge keys;
 * no duplicate mapping keys (both locations reported); exactly one
 * document; depth and node-count limits. Scalars stay strings: callers
 * interpret them with the imr__ynode_as_* helpers, which know whether a
 * scalar was quoted ("true" quoted is a string, true plain is a boolean).
 *
 * Marks are 1-based lines and columns counted in characters, as editors
 * count them. All nodes and strings live in the document's arena and are
 * released together by imr__ydoc_free(). */
#ifndef IMR_YAMLTREE_H
#define IMR_YAMLTREE_H

#include <stddef.h>

#include "imrcheck/diag.h"
#include "imrcheck/limits.h"

typedef enum imr_ykind { IMR_Y_SCALAR, IMR_Y_SEQ, IMR_Y_MAP } imr_ykind;

typedef struct imr_ynode imr_ynode;
struct imr_ynode {
	imr_ykind kind;
	unsigned line, col;   /* start of the node */
	unsigned end_line;    /* line where the node ends */
	int quoted;           /* scalar written quoted, literal or folded */
	char style;           /* scalar style: 0 plain, '\'' single, '"' double, '|' literal, '>' folded */
	const char *str;      /* scalar text, NUL-terminated (may hold NULs) */
	size_t len;           /* scalar length in bytes */
	size_t count;         /* sequence items, or mapping pairs */
	imr_ynode **kids;     /* seq: items; map: key 2i, value 2i+1 */
};

typedef struct imr_ydoc imr_ydoc;

/* Parse @p len bytes of @p data. @p file names the source in diagnostics.
 * On success *out holds the document (its root may be NULL for an empty
 * stream); the caller frees it with imr__ydoc_free(). On failure *out is
 * NULL and every problem found is in @p diags: IMR_EINVALID (syntax or a
 * safety rule), IMR_ELIMIT (depth or node count), IMR_ENOMEM. */
int imr__yaml_parse(imr_ydoc **out, const char *file, const char *data, size_t len,
		    const imr_limits *limits, imr_diags *diags);

/* Read @p path (at most limits->yaml_file_bytes) and parse it. IMR_EIO with
 * a diagnostic when the file cannot be read. */
int imr__yaml_parse_file(imr_ydoc **out, const char *path, const imr_limits *limits,
			 imr_diags *diags);

void imr__ydoc_free(imr_ydoc *doc);

const imr_ynode *imr__ydoc_root(const imr_ydoc *doc);
const char *imr__ydoc_file(const imr_ydoc *doc);

/* Value of key @p key in mapping @p map, or NULL. Keys are compared as
 * strings. If @p key_out is not NULL it receives the key node. */
const imr_ynode *imr__ymap_get(const imr_ynode *map, const char *key, const imr_ynode **key_out);

/* Scalar interpretations. Each returns 0 when the scalar has that type. */
int imr__ynode_is_null(const imr_ynode *node);                   /* ~, null, empty plain */
int imr__ynode_as_bool(const imr_ynode *node, int *out);         /* plain true/false */
int imr__ynode_as_number(const imr_ynode *node, double *out);    /* plain finite number */
int imr__ynode_as_int(const imr_ynode *node, long *out);         /* plain integer */

/* Source column of byte @p offset of a scalar's decoded text: counts
 * characters (not bytes), the opening quote, and the characters a quoted
 * style had to escape ('' in single quotes, \\ and \" in double quotes).
 * A scalar spread over several lines reports its own start column. */
unsigned imr__ynode_column(const imr_ynode *node, size_t offset);

/* What a loader of one kind of rule file keeps while it checks a tree:
 * where its diagnostics go, the file they are in, the errors found, and
 * whether a diagnostic could not be added for want of memory. */
typedef struct imr_ycheck {
	imr_diags *diags;
	const char *file;
	int errors;
	int nomem;
} imr_ycheck;

/* An error with @p code at @p at (NULL: the file as a whole). */
void imr__ycheck_error(imr_ycheck *ck, const char *code, const imr_ynode *at, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* An "unknown-key" error at each key of mapping @p map that is not one of
 * the @p n @p keys, naming @p what ("a specialty") and the closest known
 * key. */
void imr__ycheck_keys(imr_ycheck *ck, const imr_ynode *map, const char *what, const char *const *keys, size_t n);

/* "a mapping", "a sequence", "a string", "a number", ... for messages. */
const char *imr__ynode_describe(const imr_ynode *node);

#endif
