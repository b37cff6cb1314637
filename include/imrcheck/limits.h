/* imrcheck/limits.h - every resource limit of libimrcheck, in one place.
 *
 * Outside input (rule files from contributors, letters from scanners) can be
 * arbitrarily large or hostile. Each limit below turns what would be a hang,
 * a crash or a runaway allocation into a located IMR_ELIMIT diagnostic.
 * Callers pass an imr_limits through the options structs; NULL means the
 * defaults below. Tests lower them to reach the limit paths cheaply. */
#ifndef IMRCHECK_LIMITS_H
#define IMRCHECK_LIMITS_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rule and request files are hand-written YAML of a few kilobytes; 8 MiB
 * leaves room for generated rule sets while keeping a mistaken path (a
 * video, a core dump) from being parsed. */
#define IMR_LIMIT_YAML_FILE_BYTES (8u * 1024u * 1024u)

/* libyaml 0.2.5 has no nesting limit of its own; the deepest real rule is
 * about 12 levels (rule > criteria > require > all > any > ...). */
#define IMR_LIMIT_YAML_DEPTH 64u

/* Nodes per YAML document: bounds memory for a file within the size limit
 * made of tiny flow collections ("[[],[],...]"). */
#define IMR_LIMIT_YAML_NODES 1000000u

/* Nesting of all/any/not/at_least in one expression. */
#define IMR_LIMIT_EXPR_DEPTH 32u

/* Length of one regular expression in a lexicon file, in bytes. */
#define IMR_LIMIT_PATTERN_BYTES 4096u

/* PCRE2 limits per match call (pcre2_set_match_limit / depth / heap):
 * well above what the shipped lexicon needs on a 1 MB letter, low enough
 * that catastrophic backtracking fails within milliseconds. */
#define IMR_LIMIT_PCRE2_MATCH 1000000u
#define IMR_LIMIT_PCRE2_DEPTH 10000u
#define IMR_LIMIT_PCRE2_HEAP_KIB 20480u

/* Letters and clinical notes: the longest real letters are about 40 KB. */
#define IMR_LIMIT_TEXT_BYTES (16u * 1024u * 1024u)

/* Items in one request or letter; real letters have at most ~20. */
#define IMR_LIMIT_ITEMS 1000u

/** Limits in force for one operation. Zero fields mean "use the default". */
typedef struct imr_limits {
	size_t yaml_file_bytes;
	unsigned yaml_depth;
	unsigned yaml_nodes;
	unsigned expr_depth;
	size_t pattern_bytes;
	uint32_t pcre2_match_limit;
	uint32_t pcre2_depth_limit;
	uint32_t pcre2_heap_limit_kib;
	size_t text_bytes;
	unsigned items;
} imr_limits;

#define IMR_LIMITS_INIT { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Fill every zero field of @p limits with its default; NULL-safe. Returns
 *  a fully populated copy (the defaults when @p limits is NULL). */
IMR_API imr_limits imr_limits_resolve(const imr_limits *limits);

#ifdef __cplusplus
}
#endif
#endif
