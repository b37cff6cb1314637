/* imrcheck/mute.h - findings an audit is told to leave out.
 *
 * A mute file (YAML, `kind: audit-mute`) lists findings an auditor has
 * read and does not want to see again: every finding of a code, or every
 * finding whose message or evidence holds a phrase (a literal text or a
 * regular expression, both compared without regard to case), optionally
 * only under one code. Each entry says why it is there. The rule set loads
 * rules/audit-mute.yaml when present; more files are added with
 * imr_mute_add_file() (`imrcheck audit --mute FILE`). An audit leaves a
 * muted finding out of its reports and statistics and counts it under the
 * entry that muted it, so an entry that no longer matches anything shows
 * as a count of 0 (docs/audit.md, "Muting findings").
 *
 * An imr_mute is read-only once filled and may be shared by threads. */
#ifndef IMRCHECK_MUTE_H
#define IMRCHECK_MUTE_H

#include <stddef.h>
#include "common.h"
#include "diag.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_mute imr_mute;

/** One entry of a mute file. Its strings live as long as the imr_mute. */
typedef struct imr_mute_entry {
	const char *id;       /* the entry's `id`, or NULL when it has none */
	const char *file;     /* the mute file */
	unsigned line, col;   /* where the entry starts */
	const char *code;     /* the finding code it is limited to, or NULL (any) */
	const char *phrase;   /* literal text, white space runs as one space, or NULL */
	const char *regex;    /* a PCRE2 pattern, or NULL */
	const char *why;      /* the note that says why the findings are muted */
} imr_mute_entry;

/** An empty set of entries. The caller owns *out (imr_mute_free()).
 *  @return IMR_OK or IMR_ENOMEM. */
IMR_API int imr_mute_new(imr_mute **out);

/** Add the entries of the mute file at @p path. Every problem of the file
 *  is appended to @p diags with its file:line:column (codes as the rule
 *  loader's: "unknown-key", "missing-key", "wrong-type", "bad-regex",
 *  "duplicate-id", "unknown-finding-code", "mute-matches-everything"); a
 *  file with an error adds no entry. @p limits may be NULL (the
 *  defaults). @return IMR_OK, IMR_EINVALID, IMR_EIO, IMR_ELIMIT or
 *  IMR_ENOMEM. */
IMR_API int imr_mute_add_file(imr_mute *mute, const char *path, const imr_limits *limits, imr_diags *diags);

/** imr_mute_add_file() for the @p len bytes of @p data, named @p name in
 *  diagnostics. */
IMR_API int imr_mute_add_buffer(imr_mute *mute, const char *name, const char *data, size_t len,
				const imr_limits *limits, imr_diags *diags);

/** Number of entries (0 for NULL). */
IMR_API size_t imr_mute_count(const imr_mute *mute);

/** Entry @p index, in the order the files were added, or NULL. */
IMR_API const imr_mute_entry *imr_mute_get(const imr_mute *mute, size_t index);

/** The first entry that mutes a finding of @p code with @p message and
 *  @p evidence (either may be NULL): its index, or -1 when none does (or
 *  @p mute is NULL, or memory for the match ran out). A regular expression
 *  that hits a match limit on this text does not mute it. Entries are
 *  tried in order, so the first that applies counts the finding. */
IMR_API long imr_mute_find(const imr_mute *mute, const char *code, const char *message, const char *evidence);

/** NULL is a no-op. */
IMR_API void imr_mute_free(imr_mute *mute);

#ifdef __cplusplus
}
#endif
#endif
