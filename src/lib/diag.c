/* diag.c - diagnostics list and GNU-style formatting.
 *
 * Invariant: every diagnostic owns its file and message strings; the code
 * string is static. A failed allocation never loses the count of errors:
 * the oom flag records that a diagnostic could not be stored. */
#include "imrcheck/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void imr_diags_init(imr_diags *diags)
{
	memset(diags, 0, sizeof(*diags));
}

void imr_diags_dispose(imr_diags *diags)
{
	size_t i;
	if (!diags)
		return;
	for (i = 0; i < diags->count; i++) {
		imr__free(diags->items[i].file);
		imr__free(diags->items[i].message);
	}
	imr__free(diags->items);
	imr_diags_init(diags);
}

static int add_diag(imr_diags *diags, imr_severity severity, const char *code,
		    const char *file, unsigned line, unsigned col, const char *fmt, va_list ap)
#ifdef __GNUC__
	__attribute__((format(printf, 7, 0)))
#endif
	;

static int add_diag(imr_diags *diags, imr_severity severity, const char *code,
		    const char *file, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	imr_diag *diag;
	imr_buf msg = IMR_BUF_INIT;
	void *items = diags->items;

	if (severity == IMR_SEVERITY_ERROR)
		diags->errors++;
	if (imr__grow(&items, &diags->cap, diags->count + 1, sizeof(imr_diag)) < 0)
		goto oom;
	diags->items = items;
	if (imr_buf_vprintf(&msg, fmt, ap) < 0)
		goto oom;
	diag = &diags->items[diags->count];
	memset(diag, 0, sizeof(*diag));
	diag->severity = severity;
	diag->code = code;
	diag->line = line;
	diag->col = col;
	diag->message = imr_buf_detach(&msg);
	diag->file = file ? imr__strdup(file) : NULL;
	if (!diag->message || (file && !diag->file)) {
		imr__free(diag->message);
		imr__free(diag->file);
		goto oom;
	}
	diags->count++;
	return IMR_OK;
oom:
	imr_buf_dispose(&msg);
	diags->oom = 1;
	return IMR_ENOMEM;
}

int imr_diags_add(imr_diags *diags, imr_severity severity, const char *code, const char *file,
		  unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = add_diag(diags, severity, code, file, line, col, fmt, ap);
	va_end(ap);
	return err;
}

int imr_diags_vadd(imr_diags *diags, imr_severity severity, const char *code, const char *file,
		   unsigned line, unsigned col, const char *fmt, va_list ap)
{
	return add_diag(diags, severity, code, file, line, col, fmt, ap);
}

void imr_diags_relate(imr_diags *diags, unsigned line, unsigned col)
{
	if (!diags->count)
		return;
	diags->items[diags->count - 1].rel_line = line;
	diags->items[diags->count - 1].rel_col = col;
}

static int compare_diag(const imr_diag *a, const imr_diag *b)
{
	int cmp = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (cmp)
		return cmp;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

void imr_diags_sort(imr_diags *diags)
{
	/* Insertion sort: stable, and diagnostic lists are short and mostly
	 * sorted already (each file is walked in order). */
	size_t i, j;
	for (i = 1; i < diags->count; i++) {
		imr_diag tmp = diags->items[i];
		for (j = i; j > 0 && compare_diag(&diags->items[j - 1], &tmp) > 0; j--)
			diags->items[j] = diags->items[j - 1];
		diags->items[j] = tmp;
	}
}

const char *imr_severity_name(imr_severity severity)
{
	switch (severity) {
	case IMR_SEVERITY_ERROR: return "error";
	case IMR_SEVERITY_WARNING: return "warning";
	case IMR_SEVERITY_NOTE: return "note";
	}
	return "error";
}

int imr_diag_format(imr_buf *out, const imr_diag *diag, int with_code)
{
	int err = 0;
	if (diag->file && diag->line && diag->col)
		err = imr_buf_printf(out, "%s:%u:%u: ", diag->file, diag->line, diag->col);
	else if (diag->file && diag->line)
		err = imr_buf_printf(out, "%s:%u: ", diag->file, diag->line);
	else if (diag->file)
		err = imr_buf_printf(out, "%s: ", diag->file);
	if (!err)
		err = imr_buf_printf(out, "%s: %s", imr_severity_name(diag->severity), diag->message);
	if (!err && with_code && diag->code)
		err = imr_buf_printf(out, " [%s]", diag->code);
	return err;
}
