/* mute_internal.h - mute files inside the library (internal). */
#ifndef IMR_MUTE_INTERNAL_H
#define IMR_MUTE_INTERNAL_H

#include "imrcheck/mute.h"
#include "regex.h"
#include "yamltree.h"

/* Add the entries of a mute file already parsed into @p root (the rule
 * loader reads rules/audit-mute.yaml this way), named @p file in
 * diagnostics and in the entries. Every problem is appended to @p diags;
 * a file with an error adds no entry. Returns IMR_OK, IMR_EINVALID or
 * IMR_ENOMEM. */
int imr__mute_add_tree(imr_mute *mute, const imr_ynode *root, const char *file, const imr_limits *limits,
		       imr_diags *diags);

/* imr_mute_find() with the caller's matcher (one per thread). */
long imr__mute_find(const imr_mute *mute, imr_matcher *matcher, const char *code, const char *message,
		    const char *evidence);

#endif
