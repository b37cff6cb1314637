/* imrcheck/request.h - a treatment request: its items and the case facts.
 *
 * A request file (YAML or JSON, see docs/request-format.md) names one or
 * more requested services (items) with their attributes and the clinical
 * facts of the case. A request borrows the rule set it was read with. */
#ifndef IMRCHECK_REQUEST_H
#define IMRCHECK_REQUEST_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "date.h"
#include "diag.h"
#include "facts.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_request imr_request;

/** Read a request file. @p default_date is used for items without a date
 *  when the file has none either (pass the day of the run, or IMR_DATE_NONE to
 *  require a date in the file). @return IMR_OK, IMR_EINVALID with every problem in
 *  @p diags, IMR_EIO, IMR_ELIMIT, IMR_ENOMEM. The caller owns *out and
 *  releases it with imr_request_free(). */
IMR_API int imr_request_load_file(imr_request **out, const imr_rules *rules, const char *path,
				  int32_t default_date, const imr_limits *limits,
				  imr_diags *diags);

/** As imr_request_load_file(), from a buffer; @p name labels diagnostics. */
IMR_API int imr_request_load_buffer(imr_request **out, const imr_rules *rules, const char *name,
				    const char *data, size_t len, int32_t default_date,
				    const imr_limits *limits, imr_diags *diags);

/** An empty request (no items, no facts) to fill programmatically. */
IMR_API int imr_request_new(imr_request **out, const imr_rules *rules, int32_t date);

/** Add an item; *item_facts (borrowed) receives the item's attribute set,
 *  where request.* facts are set by name. @p id and @p service may be NULL. */
IMR_API int imr_request_add_item(imr_request *req, const char *id, const char *service,
				 imr_facts **item_facts);

/** Name the primary of the last added item (an item id). */
IMR_API int imr_request_set_primary(imr_request *req, const char *primary_id);

IMR_API void imr_request_free(imr_request *req);

IMR_API size_t imr_request_item_count(const imr_request *req);
IMR_API int32_t imr_request_date(const imr_request *req);
/** Whether the date came from the file (1) or from @p default_date (0). */
IMR_API int imr_request_date_given(const imr_request *req);

/** The case facts, borrowed; modifiable before evaluation. */
IMR_API imr_facts *imr_request_facts(imr_request *req);

#ifdef __cplusplus
}
#endif
#endif
