/* audit.h - what the benchmark reads of an audit beyond imrcheck/audit.h (internal). */
#ifndef IMR_AUDIT_INTERNAL_H
#define IMR_AUDIT_INTERNAL_H

#include "imrcheck/audit.h"

/* pcre2_match() calls the audit's workers made (tools/bench). */
unsigned long imr__audit_regex_calls(const imr_audit *audit);

#endif
