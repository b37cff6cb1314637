/* imrcheck/limits.h - every resource limit of libimrcheck, in one place.
 *
 * Outside input (rule files from contributors, letters from scanners) can be
 * arbitrarily large or hostile. Each limit below turns what would be a hang,
 * a crash or a runaway allocation into a located IMR_ELIMIT diagnostic
 * (code "limit", or "yaml-limit" for the YAML tree) at the place where the
 * limit was crossed: the input is refused, never silently cut short and
 * passed off as complete. Callers pass an imr_limits through the options
 * structs (or the limits argument); NULL means the defaults below, and a
 * zero field means that field's default (imr_limits_resolve()). Tests lower
 * them to reach the limit paths cheaply.
 *
 * docs/security.md lists them with what happens when each is hit. The
 * defaults are sized from the inputs the program is for: the shipped rules,
 * the fixture letters (the longest is 16 KB with 113 lexicon matches and no
 * line over 480 bytes) and the published DWC letters they were taken from. */
#ifndef IMRCHECK_LIMITS_H
#define IMRCHECK_LIMITS_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- YAML: rule files and request files ---- */

/* Rule and request files are hand-written YAML of a few kilobytes; 8 MiB
 * leaves room for generated rule sets while keeping a mistaken path (a
 * video, a core dump) from being parsed. Enforced while reading (fileio.c):
 * "file is larger than the limit of N bytes". */
#define IMR_LIMIT_YAML_FILE_BYTES (8u * 1024u * 1024u)

/* libyaml 0.2.5 has no nesting limit of its own; the shipped rule files
 * nest at most 8 levels (rule > criteria > require > all > any > ...). The tree
 * is built on an explicit stack, so this bounds memory, not recursion
 * (yamltree.c: "nesting deeper than N levels"). */
#define IMR_LIMIT_YAML_DEPTH 64u

/* Nodes per YAML document: bounds memory for a file within the size limit
 * made of tiny flow collections ("[[],[],...]") or of aliases, which are
 * refused but still cost a node each (yamltree.c: "document has more than
 * N nodes"). The shipped rules have about 13,000 nodes in all. */
#define IMR_LIMIT_YAML_NODES 1000000u

/* Anchor, alias, tag and merge-key errors reported in one YAML document
 * before the parser gives up on it. A real file has none; an alias bomb has
 * one per alias, and without a cap a 6 MB file of "*a," would produce a
 * million diagnostics (yamltree.c: "more than N errors; the rest of the
 * file was not read"). */
#define IMR_LIMIT_YAML_ERRORS 100u

/* Nesting of all/any/not/at_least in one expression. Expressions are
 * type-checked and evaluated recursively, so this bounds the C stack;
 * shipped expressions nest 2 or 3 levels (expr.c). */
#define IMR_LIMIT_EXPR_DEPTH 32u

/* Directories below a rules directory or an audit path. A symbolic link
 * back into a directory being read is refused as a loop whatever the depth;
 * this bounds the rest (real trees are 3 or 4 levels deep) and the C stack
 * of the recursive walk (rules_load.c, audit.c). */
#define IMR_LIMIT_DIR_DEPTH 64u

/* ---- regular expressions (lexicons, context triggers, test --run) ---- */

/* Length of one regular expression in a lexicon file, in bytes. The
 * longest shipped pattern is 1,216 bytes; PCRE2's compile time and memory
 * grow with length (regex.c: "pattern is longer than the limit of N
 * bytes"). */
#define IMR_LIMIT_PATTERN_BYTES 4096u

/* Parenthesis nesting in one pattern (pcre2_set_parens_nest_limit): PCRE2
 * compiles nested groups recursively, so this bounds its stack. Shipped
 * patterns nest at most 5 deep. */
#define IMR_LIMIT_PATTERN_PARENS 64u

/* PCRE2 limits per match call (pcre2_set_match_limit / depth / heap):
 * well above what the shipped lexicon needs on a 1 MB letter, low enough
 * that catastrophic backtracking fails within milliseconds. The JIT honours
 * the match limit; the depth and heap limits apply when a pattern runs in
 * the interpreter (no JIT on the platform, or JIT compilation failed). */
#define IMR_LIMIT_PCRE2_MATCH 1000000u
#define IMR_LIMIT_PCRE2_DEPTH 10000u
#define IMR_LIMIT_PCRE2_HEAP_KIB 20480u

/* Largest JIT stack of one worker, in KiB. PCRE2's own default is 32 KiB,
 * which deep backtracking over a long sentence can exhaust; the stack grows
 * on demand from 32 KiB up to this, so an idle worker costs little. Hitting
 * it is a limit error like the match limit. */
#define IMR_LIMIT_JIT_STACK_KIB 512u

/* ---- letters and clinical notes ---- */

/* Letters and clinical notes: the longest real letters are about 40 KB; a
 * whole exported record of a few thousand pages still fits. Enforced on
 * the input and on the normalised text, and on pdftotext's output. */
#define IMR_LIMIT_TEXT_BYTES (16u * 1024u * 1024u)

/* Bytes in one line of text (the line end not counted), as read: "line N
 * is longer than the limit of M bytes", located at the first byte past the
 * limit. No letter line is over 500 bytes: pdftotext breaks lines as they
 * are laid out on the page, and a text file with one paragraph per line
 * stays under 10 KB a line. Locating a diagnostic or a piece of evidence
 * walks its line, so an unbounded line would make every location cost the
 * whole text. The limit is the same for text from PDFs, which never comes
 * near it. */
#define IMR_LIMIT_TEXT_LINE_BYTES (64u * 1024u)

/* Items in one request or letter; real letters have at most ~20
 * (request.c, letter.c: "more than N disputed items (the limit)"). */
#define IMR_LIMIT_ITEMS 1000u

/* PDF to text: how long pdftotext may run, in milliseconds. A published
 * letter converts in well under a second; a damaged or hostile PDF can
 * keep poppler busy for minutes. The child is killed at the limit
 * (pdf.c: "pdftotext ran longer than the limit of N ms"). */
#define IMR_LIMIT_PDF_TIMEOUT_MS 60000u

/* ---- fact extraction ---- */

/* Lexicon matches found in one text (counted or not). Real letters give
 * about 6 per KB: 16 MB of the 2016-17 letters put end to end, a text at
 * the size limit, gives 98,797. Each match costs a few hundred bytes (its
 * position, context and sentence, kept for the report), so this caps one
 * extraction near 100 MB instead of letting text that matches on every
 * word grow without bound: 400,000 lines of "MRI showed L5 radiculopathy."
 * used 400 MB before this limit and stop at 86 MB with it
 * (extract.c: "more than N lexicon matches in this text (the limit)"). */
#define IMR_LIMIT_MATCHES 250000u

/* Pieces of evidence kept per fact. A fact's value is decided from every
 * counted match; only the evidence list is capped, and the number of
 * further agreeing matches is kept (imr_fact_use.evidence_more) and shown
 * ("and N more"), so the output is never silently short. Sixteen is more
 * than a reader checks; real letters rarely give one fact more than 5. */
#define IMR_LIMIT_EVIDENCE 16u

/* Evidence and match sentences are clipped to this many bytes on each
 * side of the match when the sentence is longer than twice this (a
 * run-on list, or text without full stops), so that evidence stays
 * readable and memory stays proportional to the matches rather than to
 * matches times sentence length. Only the quoted context is shortened:
 * the match, its position and its value are never cut. */
#define IMR_LIMIT_EVIDENCE_WINDOW 300u

/** Limits in force for one operation. Zero fields mean "use the default". */
typedef struct imr_limits {
	size_t yaml_file_bytes;         /* IMR_LIMIT_YAML_FILE_BYTES */
	unsigned yaml_depth;            /* IMR_LIMIT_YAML_DEPTH */
	unsigned yaml_nodes;            /* IMR_LIMIT_YAML_NODES */
	unsigned expr_depth;            /* IMR_LIMIT_EXPR_DEPTH */
	size_t pattern_bytes;           /* IMR_LIMIT_PATTERN_BYTES */
	uint32_t pcre2_match_limit;     /* IMR_LIMIT_PCRE2_MATCH */
	uint32_t pcre2_depth_limit;     /* IMR_LIMIT_PCRE2_DEPTH */
	uint32_t pcre2_heap_limit_kib;  /* IMR_LIMIT_PCRE2_HEAP_KIB */
	size_t text_bytes;              /* IMR_LIMIT_TEXT_BYTES */
	unsigned items;                 /* IMR_LIMIT_ITEMS */
	/* added by the hardening work; appended so older initialisers stay valid */
	size_t text_line_bytes;         /* IMR_LIMIT_TEXT_LINE_BYTES */
	unsigned yaml_errors;           /* IMR_LIMIT_YAML_ERRORS */
	unsigned dir_depth;             /* IMR_LIMIT_DIR_DEPTH */
	unsigned pattern_parens;        /* IMR_LIMIT_PATTERN_PARENS */
	unsigned jit_stack_kib;         /* IMR_LIMIT_JIT_STACK_KIB */
	unsigned pdf_timeout_ms;        /* IMR_LIMIT_PDF_TIMEOUT_MS */
	size_t matches;                 /* IMR_LIMIT_MATCHES */
	unsigned evidence;              /* IMR_LIMIT_EVIDENCE */
	size_t evidence_window;         /* IMR_LIMIT_EVIDENCE_WINDOW */
} imr_limits;

#define IMR_LIMITS_INIT { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Fill every zero field of @p limits with its default; NULL-safe. Returns
 *  a fully populated copy (the defaults when @p limits is NULL). */
IMR_API imr_limits imr_limits_resolve(const imr_limits *limits);

#ifdef __cplusplus
}
#endif
#endif
