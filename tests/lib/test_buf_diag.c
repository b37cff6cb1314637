/* test_buf_diag.c - imr_buf (growth, printf, detach) and imr_diags
 * (add, relate, sort, format). */
#include "test.h"

#include <stdlib.h>
#include <string.h>

/* ---- imr_buf ---- */

static void new_buffer_reads_as_empty_string(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	(void)state;
	assert_null(buf.ptr);
	assert_string_equal(imr_buf_cstr(&buf), "");
	assert_int_equal(buf.size, 0);
}

static void init_resets_fields(void **state)
{
	imr_buf buf;
	(void)state;
	memset(&buf, 0xAB, sizeof(buf));
	imr_buf_init(&buf);
	assert_null(buf.ptr);
	assert_int_equal(buf.size, 0);
	assert_int_equal(buf.cap, 0);
}

static void puts_appends_and_terminates(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	(void)state;
	assert_int_equal(imr_buf_puts(&buf, "abc"), IMR_OK);
	assert_int_equal(imr_buf_puts(&buf, "def"), IMR_OK);
	assert_string_equal(imr_buf_cstr(&buf), "abcdef");
	assert_int_equal(buf.size, 6);
	assert_true(buf.cap > buf.size);
	assert_int_equal(buf.ptr[buf.size], '\0');
	imr_buf_dispose(&buf);
}

static void put_keeps_embedded_nul_bytes(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	(void)state;
	assert_int_equal(imr_buf_put(&buf, "a\0b", 3), IMR_OK);
	assert_int_equal(buf.size, 3);
	assert_memory_equal(buf.ptr, "a\0b", 4);
	imr_buf_dispose(&buf);
}

static void put_of_zero_bytes_gives_empty_terminated_buffer(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	(void)state;
	assert_int_equal(imr_buf_put(&buf, "", 0), IMR_OK);
	assert_non_null(buf.ptr);
	assert_string_equal(buf.ptr, "");
	imr_buf_dispose(&buf);
}

static void buffer_grows_across_many_appends(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	size_t i;
	(void)state;
	for (i = 0; i < 10000; i++)
		assert_int_equal(imr_buf_put(&buf, (i % 2) ? "b" : "a", 1), IMR_OK);
	assert_int_equal(buf.size, 10000);
	assert_true(buf.cap >= 10001);
	assert_int_equal(strlen(buf.ptr), 10000);
	for (i = 0; i < 10000; i++)
		assert_int_equal(buf.ptr[i], (i % 2) ? 'b' : 'a');
	imr_buf_dispose(&buf);
}

static void printf_formats_and_appends(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	(void)state;
	assert_int_equal(imr_buf_printf(&buf, "%s=%d", "x", 42), IMR_OK);
	assert_int_equal(imr_buf_printf(&buf, ", %05.1f%%", 3.14159), IMR_OK);
	assert_string_equal(imr_buf_cstr(&buf), "x=42, 003.1%");
	assert_int_equal(buf.size, strlen("x=42, 003.1%"));
	imr_buf_dispose(&buf);
}

static void printf_handles_output_longer_than_capacity(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	char big[5000];
	(void)state;
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(imr_buf_puts(&buf, "<"), IMR_OK);
	assert_int_equal(imr_buf_printf(&buf, "%s>", big), IMR_OK);
	assert_int_equal(buf.size, 5001);
	assert_int_equal(buf.ptr[0], '<');
	assert_int_equal(buf.ptr[4999], 'q');
	assert_int_equal(buf.ptr[5000], '>');
	assert_int_equal(buf.ptr[5001], '\0');
	imr_buf_dispose(&buf);
}

static void clear_empties_but_keeps_memory(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	size_t cap;
	(void)state;
	imr_buf_puts(&buf, "hello");
	cap = buf.cap;
	imr_buf_clear(&buf);
	assert_int_equal(buf.size, 0);
	assert_int_equal(buf.cap, cap);
	assert_string_equal(imr_buf_cstr(&buf), "");
	imr_buf_puts(&buf, "x");
	assert_string_equal(imr_buf_cstr(&buf), "x");
	imr_buf_dispose(&buf);
}

static void dispose_leaves_a_reusable_empty_buffer(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	(void)state;
	imr_buf_puts(&buf, "hello");
	imr_buf_dispose(&buf);
	assert_null(buf.ptr);
	assert_int_equal(buf.size, 0);
	assert_int_equal(buf.cap, 0);
	imr_buf_puts(&buf, "again");
	assert_string_equal(imr_buf_cstr(&buf), "again");
	imr_buf_dispose(&buf);
	imr_buf_dispose(NULL); /* NULL-safe */
}

static void detach_hands_over_contents_and_empties(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	char *s;
	(void)state;
	imr_buf_puts(&buf, "owned");
	s = imr_buf_detach(&buf);
	assert_string_equal(s, "owned");
	assert_null(buf.ptr);
	assert_int_equal(buf.size, 0);
	assert_string_equal(imr_buf_cstr(&buf), "");
	free(s);
}

static void detach_of_empty_buffer_gives_allocated_empty_string(void **state)
{
	imr_buf buf = IMR_BUF_INIT;
	char *s;
	(void)state;
	s = imr_buf_detach(&buf);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

/* ---- imr_diags ---- */

static void add_records_every_field(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	const imr_diag *d;
	(void)state;
	assert_int_equal(imr_diags_add(&diags, IMR_SEVERITY_ERROR, "unknown-key", "a.yaml", 3, 7,
				       "unknown key '%s'", "requre"),
			 IMR_OK);
	assert_int_equal(diags.count, 1);
	d = &diags.items[0];
	assert_int_equal(d->severity, IMR_SEVERITY_ERROR);
	assert_string_equal(d->code, "unknown-key");
	assert_string_equal(d->file, "a.yaml");
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 7);
	assert_string_equal(d->message, "unknown key 'requre'");
	assert_int_equal(d->rel_line, 0);
	assert_int_equal(d->rel_col, 0);
	assert_int_equal(diags.oom, 0);
	imr_diags_dispose(&diags);
}

static void add_copies_the_file_name(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	char name[16] = "first.yaml";
	(void)state;
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "x", name, 1, 1, "m");
	strcpy(name, "changed");
	assert_string_equal(diags.items[0].file, "first.yaml");
	imr_diags_dispose(&diags);
}

static void only_errors_are_counted_as_errors(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	imr_diags_add(&diags, IMR_SEVERITY_WARNING, "no-tests", "f", 1, 1, "w");
	imr_diags_add(&diags, IMR_SEVERITY_NOTE, "note", "f", 1, 1, "n");
	assert_int_equal(diags.errors, 0);
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "e", "f", 1, 1, "e");
	assert_int_equal(diags.count, 3);
	assert_int_equal(diags.errors, 1);
	imr_diags_dispose(&diags);
	assert_int_equal(diags.count, 0);
	assert_int_equal(diags.errors, 0);
	assert_null(diags.items);
}

static void many_diagnostics_are_all_kept(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	unsigned i;
	(void)state;
	for (i = 1; i <= 500; i++)
		imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "f", i, 1, "message %u", i);
	assert_int_equal(diags.count, 500);
	assert_int_equal(diags.errors, 500);
	assert_string_equal(diags.items[499].message, "message 500");
	assert_int_equal(diags.items[249].line, 250);
	imr_diags_dispose(&diags);
}

static void relate_sets_the_last_diagnostic_only(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	imr_diags_relate(&diags, 9, 9); /* empty list: no effect, no crash */
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "a", "f", 1, 1, "first");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "b", "f", 5, 3, "second");
	imr_diags_relate(&diags, 2, 4);
	assert_int_equal(diags.items[0].rel_line, 0);
	assert_int_equal(diags.items[1].rel_line, 2);
	assert_int_equal(diags.items[1].rel_col, 4);
	imr_diags_dispose(&diags);
}

static void sort_orders_by_file_line_column(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "b.yaml", 1, 1, "b1");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "a.yaml", 10, 2, "a10.2");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "a.yaml", 2, 9, "a2.9");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "a.yaml", 10, 1, "a10.1");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", NULL, 0, 0, "nofile");
	imr_diags_sort(&diags);
	assert_string_equal(diags.items[0].message, "nofile");
	assert_string_equal(diags.items[1].message, "a2.9");
	assert_string_equal(diags.items[2].message, "a10.1");
	assert_string_equal(diags.items[3].message, "a10.2");
	assert_string_equal(diags.items[4].message, "b1");
	imr_diags_dispose(&diags);
}

static void sort_is_stable_for_equal_locations(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "f", 3, 3, "later-1");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "f", 1, 1, "early");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "f", 3, 3, "later-2");
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "f", 3, 3, "later-3");
	imr_diags_sort(&diags);
	assert_string_equal(diags.items[0].message, "early");
	assert_string_equal(diags.items[1].message, "later-1");
	assert_string_equal(diags.items[2].message, "later-2");
	assert_string_equal(diags.items[3].message, "later-3");
	imr_diags_dispose(&diags);
}

static void sort_keeps_related_locations_with_their_diagnostic(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "dup", "f", 9, 1, "dup");
	imr_diags_relate(&diags, 4, 1);
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "x", "f", 1, 1, "x");
	imr_diags_sort(&diags);
	assert_string_equal(diags.items[1].message, "dup");
	assert_int_equal(diags.items[1].rel_line, 4);
	assert_int_equal(diags.items[0].rel_line, 0);
	imr_diags_dispose(&diags);
}

/* Format diagnostic 0 of a one-item list built from the arguments. */
static char *format_one(imr_severity sev, const char *code, const char *file, unsigned line,
			unsigned col, int with_code)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_buf out = IMR_BUF_INIT;
	char *s;
	imr_diags_add(&diags, sev, code, file, line, col, "bad thing '%s'", "x");
	assert_int_equal(imr_diag_format(&out, &diags.items[0], with_code), IMR_OK);
	s = imr_buf_detach(&out);
	imr_diags_dispose(&diags);
	return s;
}

static void assert_format(imr_severity sev, const char *code, const char *file, unsigned line,
			  unsigned col, int with_code, const char *expected)
{
	char *s = format_one(sev, code, file, line, col, with_code);
	if (strcmp(s, expected) != 0) {
		print_message("expected: %s\n     got: %s\n", expected, s);
		free(s);
		fail();
	}
	free(s);
}

static void format_full_location_with_code(void **state)
{
	(void)state;
	assert_format(IMR_SEVERITY_ERROR, "unknown-key", "rules/a.yaml", 12, 5, 1,
		      "rules/a.yaml:12:5: error: bad thing 'x' [unknown-key]");
}

static void format_without_code(void **state)
{
	(void)state;
	assert_format(IMR_SEVERITY_ERROR, "unknown-key", "rules/a.yaml", 12, 5, 0,
		      "rules/a.yaml:12:5: error: bad thing 'x'");
}

static void format_line_without_column(void **state)
{
	(void)state;
	assert_format(IMR_SEVERITY_ERROR, "c", "f.yaml", 7, 0, 1, "f.yaml:7: error: bad thing 'x' [c]");
}

static void format_file_without_position(void **state)
{
	(void)state;
	assert_format(IMR_SEVERITY_ERROR, "io", "f.yaml", 0, 0, 1, "f.yaml: error: bad thing 'x' [io]");
	/* a column without a line is no position either */
	assert_format(IMR_SEVERITY_ERROR, "io", "f.yaml", 0, 4, 1, "f.yaml: error: bad thing 'x' [io]");
}

static void format_without_file(void **state)
{
	(void)state;
	assert_format(IMR_SEVERITY_ERROR, "missing-precedence", NULL, 3, 4, 1,
		      "error: bad thing 'x' [missing-precedence]");
}

static void format_names_the_severity(void **state)
{
	(void)state;
	assert_format(IMR_SEVERITY_WARNING, "no-tests", "f", 1, 2, 1, "f:1:2: warning: bad thing 'x' [no-tests]");
	assert_format(IMR_SEVERITY_NOTE, "n", "f", 1, 2, 0, "f:1:2: note: bad thing 'x'");
}

static void format_appends_to_existing_text(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_buf out = IMR_BUF_INIT;
	(void)state;
	imr_diags_add(&diags, IMR_SEVERITY_ERROR, "c", "f", 1, 1, "m");
	imr_buf_puts(&out, ">> ");
	imr_diag_format(&out, &diags.items[0], 0);
	assert_string_equal(imr_buf_cstr(&out), ">> f:1:1: error: m");
	imr_buf_dispose(&out);
	imr_diags_dispose(&diags);
}

static void severity_names(void **state)
{
	(void)state;
	assert_string_equal(imr_severity_name(IMR_SEVERITY_ERROR), "error");
	assert_string_equal(imr_severity_name(IMR_SEVERITY_WARNING), "warning");
	assert_string_equal(imr_severity_name(IMR_SEVERITY_NOTE), "note");
}

static void status_strings_and_version(void **state)
{
	(void)state;
	assert_string_equal(imr_strerror(IMR_OK), "success");
	assert_string_equal(imr_strerror(IMR_ENOMEM), "out of memory");
	assert_string_equal(imr_strerror(IMR_ELIMIT), "resource limit exceeded");
	assert_string_equal(imr_strerror(12345), "error");
	assert_string_equal(imr_version(), IMR_VERSION_STRING);
}

static void limits_resolve_fills_only_zero_fields(void **state)
{
	imr_limits in = IMR_LIMITS_INIT, out;
	(void)state;
	out = imr_limits_resolve(NULL);
	assert_int_equal(out.yaml_depth, IMR_LIMIT_YAML_DEPTH);
	assert_int_equal(out.expr_depth, IMR_LIMIT_EXPR_DEPTH);
	assert_int_equal(out.items, IMR_LIMIT_ITEMS);
	in.yaml_depth = 3;
	in.pattern_bytes = 10;
	out = imr_limits_resolve(&in);
	assert_int_equal(out.yaml_depth, 3);
	assert_int_equal(out.pattern_bytes, 10);
	assert_int_equal(out.yaml_nodes, IMR_LIMIT_YAML_NODES);
	assert_int_equal(out.pcre2_match_limit, IMR_LIMIT_PCRE2_MATCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_buffer_reads_as_empty_string),
		cmocka_unit_test(init_resets_fields),
		cmocka_unit_test(puts_appends_and_terminates),
		cmocka_unit_test(put_keeps_embedded_nul_bytes),
		cmocka_unit_test(put_of_zero_bytes_gives_empty_terminated_buffer),
		cmocka_unit_test(buffer_grows_across_many_appends),
		cmocka_unit_test(printf_formats_and_appends),
		cmocka_unit_test(printf_handles_output_longer_than_capacity),
		cmocka_unit_test(clear_empties_but_keeps_memory),
		cmocka_unit_test(dispose_leaves_a_reusable_empty_buffer),
		cmocka_unit_test(detach_hands_over_contents_and_empties),
		cmocka_unit_test(detach_of_empty_buffer_gives_allocated_empty_string),
		cmocka_unit_test(add_records_every_field),
		cmocka_unit_test(add_copies_the_file_name),
		cmocka_unit_test(only_errors_are_counted_as_errors),
		cmocka_unit_test(many_diagnostics_are_all_kept),
		cmocka_unit_test(relate_sets_the_last_diagnostic_only),
		cmocka_unit_test(sort_orders_by_file_line_column),
		cmocka_unit_test(sort_is_stable_for_equal_locations),
		cmocka_unit_test(sort_keeps_related_locations_with_their_diagnostic),
		cmocka_unit_test(format_full_location_with_code),
		cmocka_unit_test(format_without_code),
		cmocka_unit_test(format_line_without_column),
		cmocka_unit_test(format_file_without_position),
		cmocka_unit_test(format_without_file),
		cmocka_unit_test(format_names_the_severity),
		cmocka_unit_test(format_appends_to_existing_text),
		cmocka_unit_test(severity_names),
		cmocka_unit_test(status_strings_and_version),
		cmocka_unit_test(limits_resolve_fills_only_zero_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
