/* imrcheck/diag.h - diagnostics: located errors and warnings as data.
 *
 * Functions that validate input append one imr_diag per problem to a
 * caller-owned imr_diags list and keep going, so a user sees every problem
 * of a file at once. Nothing here prints: imr_diag_format() renders the
 * GNU "FILE:LINE:COL: error: MESSAGE" line into a buffer. */
#ifndef IMRCHECK_DIAG_H
#define IMRCHECK_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include "buf.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum imr_severity {
	IMR_SEVERITY_ERROR = 0,
	IMR_SEVERITY_WARNING = 1,
	IMR_SEVERITY_NOTE = 2
} imr_severity;

/** One diagnostic. Strings are owned by the imr_diags list. Line and column
 *  are 1-based; 0 means "no position" (a whole-file problem). Columns count
 *  characters, as editors do. */
typedef struct imr_diag {
	imr_severity severity;
	const char *code;    /* stable check name, e.g. "unknown-key" (static) */
	char *file;          /* may be NULL */
	unsigned line, col;
	char *message;       /* one line, lower case, no trailing period */
	unsigned rel_line, rel_col; /* related location in the same file, or 0 */
} imr_diag;

/** A list of diagnostics; caller-allocated, library-filled. */
typedef struct imr_diags {
	imr_diag *items;
	size_t count;
	size_t cap;
	size_t errors;   /* how many have IMR_SEVERITY_ERROR */
	int oom;         /* set when a diagnostic could not be recorded */
} imr_diags;

#define IMR_DIAGS_INIT { NULL, 0, 0, 0, 0 }

IMR_API void imr_diags_init(imr_diags *diags);
IMR_API void imr_diags_dispose(imr_diags *diags);

/** Append a diagnostic. @p code must be a string with static storage.
 *  @return IMR_OK, or IMR_ENOMEM (the list's oom flag is then set). */
IMR_API int imr_diags_add(imr_diags *diags, imr_severity severity, const char *code,
			  const char *file, unsigned line, unsigned col, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 7, 8)))
#endif
	;

/** imr_diags_add() with a va_list, for functions that wrap it. */
IMR_API int imr_diags_vadd(imr_diags *diags, imr_severity severity, const char *code,
			   const char *file, unsigned line, unsigned col, const char *fmt, va_list ap)
#ifdef __GNUC__
	__attribute__((format(printf, 7, 0)))
#endif
	;

/** Give the last diagnostic a related location ("first defined here"). */
IMR_API void imr_diags_relate(imr_diags *diags, unsigned line, unsigned col);

/** Sort by file, line, column (stable), so output order is deterministic. */
IMR_API void imr_diags_sort(imr_diags *diags);

/** Append "FILE:LINE:COL: error: MESSAGE [code]" (no newline). The
 *  location part shrinks to "FILE:" or disappears when it is unknown.
 *  @p with_code adds the bracketed check name. */
IMR_API int imr_diag_format(imr_buf *out, const imr_diag *diag, int with_code);

/** "error", "warning" or "note". */
IMR_API const char *imr_severity_name(imr_severity severity);

#ifdef __cplusplus
}
#endif
#endif
