/* common.c - status strings, version and limit defaults. */
#include "imrcheck/common.h"
#include "imrcheck/limits.h"

const char *imr_strerror(int status)
{
	switch (status) {
	case IMR_OK: return "success";
	case IMR_EINVALID: return "invalid input";
	case IMR_ELIMIT: return "resource limit exceeded";
	case IMR_ENOTFOUND: return "not found";
	case IMR_EIO: return "input/output error";
	case IMR_ENOMEM: return "out of memory";
	default: return "error";
	}
}

const char *imr_version(void)
{
	return IMR_VERSION_STRING;
}

imr_limits imr_limits_resolve(const imr_limits *limits)
{
	imr_limits out = IMR_LIMITS_INIT;
	if (limits)
		out = *limits;
	if (!out.yaml_file_bytes) out.yaml_file_bytes = IMR_LIMIT_YAML_FILE_BYTES;
	if (!out.yaml_depth) out.yaml_depth = IMR_LIMIT_YAML_DEPTH;
	if (!out.yaml_nodes) out.yaml_nodes = IMR_LIMIT_YAML_NODES;
	if (!out.expr_depth) out.expr_depth = IMR_LIMIT_EXPR_DEPTH;
	if (!out.pattern_bytes) out.pattern_bytes = IMR_LIMIT_PATTERN_BYTES;
	if (!out.pcre2_match_limit) out.pcre2_match_limit = IMR_LIMIT_PCRE2_MATCH;
	if (!out.pcre2_depth_limit) out.pcre2_depth_limit = IMR_LIMIT_PCRE2_DEPTH;
	if (!out.pcre2_heap_limit_kib) out.pcre2_heap_limit_kib = IMR_LIMIT_PCRE2_HEAP_KIB;
	if (!out.text_bytes) out.text_bytes = IMR_LIMIT_TEXT_BYTES;
	if (!out.items) out.items = IMR_LIMIT_ITEMS;
	if (!out.text_line_bytes) out.text_line_bytes = IMR_LIMIT_TEXT_LINE_BYTES;
	if (!out.yaml_errors) out.yaml_errors = IMR_LIMIT_YAML_ERRORS;
	if (!out.dir_depth) out.dir_depth = IMR_LIMIT_DIR_DEPTH;
	if (!out.pattern_parens) out.pattern_parens = IMR_LIMIT_PATTERN_PARENS;
	if (!out.jit_stack_kib) out.jit_stack_kib = IMR_LIMIT_JIT_STACK_KIB;
	if (!out.pdf_timeout_ms) out.pdf_timeout_ms = IMR_LIMIT_PDF_TIMEOUT_MS;
	if (!out.matches) out.matches = IMR_LIMIT_MATCHES;
	if (!out.evidence) out.evidence = IMR_LIMIT_EVIDENCE;
	if (!out.evidence_window) out.evidence_window = IMR_LIMIT_EVIDENCE_WINDOW;
	return out;
}
