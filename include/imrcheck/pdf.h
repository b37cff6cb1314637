/* imrcheck/pdf.h - letters published as PDF, read through poppler.
 *
 * The DWC publishes determination letters as PDFs restricted with an owner
 * password (empty user password), which poppler reads through. The text
 * comes from poppler's pdftotext program, found on PATH (Debian package
 * poppler-utils), run without a shell, with a time limit, its output read
 * through a pipe up to the text size limit. */
#ifndef IMRCHECK_PDF_H
#define IMRCHECK_PDF_H

#include <stddef.h>
#include "common.h"
#include "diag.h"
#include "limits.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Whether @p len bytes of @p data start like a PDF ("%PDF-"). */
IMR_API int imr_pdf_sniff(const char *data, size_t len);

/** Extract the text of the PDF at @p path into *out (NUL-terminated, owned
 *  by the caller, release with free()). @return IMR_OK; IMR_EIO with a
 *  diagnostic (code "pdf") when pdftotext is not installed ("cannot read
 *  PDF: pdftotext is not installed ..."), the PDF needs a user password
 *  ("cannot read PDF: it needs a password to open"), forbids copying its
 *  text, or is damaged ("cannot read PDF: the file is damaged or is not a
 *  PDF"); IMR_ELIMIT (code "limit") when pdftotext ran longer than
 *  limits->pdf_timeout_ms (it is killed) or its text exceeds
 *  limits->text_bytes; IMR_ENOMEM. A PDF has no lines to point at, so
 *  these diagnostics name the file only. */
IMR_API int imr_pdf_to_text(char **out, size_t *len, const char *path, const imr_limits *limits,
			    imr_diags *diags);

/** Load any input as normalised text: a PDF through imr_pdf_to_text(),
 *  anything else as text (imr_text_load_file()). */
IMR_API int imr_pdf_load_text(imr_text **out, const char *path, const imr_limits *limits,
			      imr_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
