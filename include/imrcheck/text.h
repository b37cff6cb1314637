/* imrcheck/text.h - input text normalised for parsing, with a map back.
 *
 * Letters and clinical notes arrive as text extracted from PDFs and
 * scanners: CRLF or CR line ends, form feeds at page breaks, Windows-1252
 * bytes in otherwise UTF-8 text, UTF-16 with a byte-order mark, non-breaking
 * spaces, ligatures and curly quotes. imr_text_new() turns any of that into
 * clean UTF-8 with LF line ends and keeps, for every byte of the normalised
 * text, the offset and line of the original byte it came from, so evidence
 * can be shown where the user will find it.
 *
 * Binary data (NUL bytes, or a high share of control characters) is
 * refused with a located error rather than parsed as text.
 *
 * The rules, in the order they apply (docs/letters.md has the full list):
 *  - UTF-16 LE or BE with a byte-order mark is decoded; a UTF-8 BOM is
 *    dropped; bytes that are not valid UTF-8 are read as Windows-1252
 *    (counted by imr_text_repaired_bytes());
 *  - CRLF and lone CR become LF; a form feed (page break) becomes LF and
 *    is remembered as a page break (imr_text_page());
 *  - tabs, NBSP and the other Unicode spaces become one space; zero-width
 *    spaces, a byte-order mark inside the text and soft hyphens are removed,
 *    except a soft hyphen at the end of a line, which marks a word broken
 *    across lines and becomes '-'; other control characters become a space;
 *  - the ligatures ff fi fl ffi ffl st are spelled out; curly quotes and
 *    apostrophes become ' and "; hyphen, figure dash, en dash and minus
 *    become '-', an em dash or horizontal bar "--", an ellipsis "...";
 *  - spaces at the end of a line are removed.
 *
 * The map back costs memory only where the text changed: a sorted list of
 * anchor points (binary searched) and one offset per original line.
 *
 * Refinements of the first contract (all additions): imr_text_column(),
 * imr_text_page() and imr_text_page_count(), so that parsers can report
 * columns and recognise page-break debris; the diagnostic codes are
 * "binary" and "limit". */
#ifndef IMRCHECK_TEXT_H
#define IMRCHECK_TEXT_H

#include <stddef.h>
#include "common.h"
#include "diag.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_text imr_text;

/** Normalise @p len bytes of @p data; @p name labels diagnostics (may be
 *  NULL). @p data need not be NUL-terminated.
 *  @return IMR_OK; IMR_EINVALID for binary data: any NUL byte (a NUL code
 *  unit in UTF-16), or more than 10% control characters in the first
 *  4 KiB, with the diagnostic "binary data at byte N, not text" (code
 *  "binary") at the line and column of byte N; IMR_ELIMIT when the input
 *  or the normalised text is longer than limits->text_bytes (code "limit",
 *  located where the limit is crossed); IMR_ELIMIT when a line of
 *  the input is longer than limits->text_line_bytes, with "line N is longer
 *  than the limit of M bytes" (code "limit") at the first byte past the
 *  limit; IMR_ENOMEM. @p limits may be NULL
 *  (the defaults). On success the caller owns *out and releases it with
 *  imr_text_free(); on failure *out is NULL. */
IMR_API int imr_text_new(imr_text **out, const char *name, const char *data, size_t len,
			 const imr_limits *limits, imr_diags *diags);

/** Read and normalise a file (IMR_EIO with a diagnostic when unreadable;
 *  IMR_ELIMIT when the file is larger than limits->text_bytes). The text
 *  is named by @p path. Ownership as for imr_text_new(). */
IMR_API int imr_text_load_file(imr_text **out, const char *path, const imr_limits *limits,
			       imr_diags *diags);

/** Release a text; NULL is a no-op. */
IMR_API void imr_text_free(imr_text *text);

/** The normalised text: valid UTF-8, LF line ends, NUL-terminated, no NUL
 *  inside. Borrowed from @p text. */
IMR_API const char *imr_text_data(const imr_text *text, size_t *len);

/** The name given at creation (a file path), or NULL. */
IMR_API const char *imr_text_name(const imr_text *text);

/** Offset in the original input of normalised byte @p offset: the first
 *  byte of the character it came from (every byte of a replacement, such
 *  as "fi" for a ligature, maps to the start of the replaced character).
 *  Offsets past the end map to the end of the input. */
IMR_API size_t imr_text_original_offset(const imr_text *text, size_t offset);

/** 1-based line in the original input of normalised byte @p offset. LF,
 *  CRLF and a lone CR each end an original line; a form feed does not. */
IMR_API unsigned imr_text_line(const imr_text *text, size_t offset);

/** 1-based column of normalised byte @p offset in its original line,
 *  counted in characters of the normalised text (added). */
IMR_API unsigned imr_text_column(const imr_text *text, size_t offset);

/** 1-based page of normalised byte @p offset: one more than the number of
 *  form feeds before it in the input (added). */
IMR_API unsigned imr_text_page(const imr_text *text, size_t offset);

/** Pages in the text: one more than the number of form feeds (added). */
IMR_API unsigned imr_text_page_count(const imr_text *text);

/** What normalisation had to repair, for warnings: bytes that were not
 *  UTF-8 and were read as Windows-1252 (for UTF-16 input: bytes of
 *  unpaired surrogates, read as U+FFFD), and whether the input was UTF-16. */
IMR_API size_t imr_text_repaired_bytes(const imr_text *text);
IMR_API int imr_text_was_utf16(const imr_text *text);

#ifdef __cplusplus
}
#endif
#endif
