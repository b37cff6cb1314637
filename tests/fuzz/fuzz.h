/* fuzz.h - what the libFuzzer targets of tests/fuzz/ share.
 *
 * Each fuzz_<target>.c defines LLVMFuzzerTestOneInput() (and, when it needs
 * the shipped rules, LLVMFuzzerInitialize()). Under clang they link
 * libFuzzer (-DIMR_BUILD_FUZZERS=ON, tools/fuzz.sh); under any compiler
 * they link standalone.c, which replays fixtures/fuzz/<target>/ as a ctest
 * test. A target frees everything it made before returning, caps nothing
 * itself (the library's limits must keep every input fast and small) and
 * aborts when an output breaks its header's contract.
 *
 * The rule sets are found through $IMR_RULES and $IMR_FIXTURES (set by
 * ctest and tools/fuzz.sh) or, failing those, the source tree the target
 * was built from (IMR_FUZZ_SOURCE_DIR). */
#ifndef IMR_FUZZ_H
#define IMR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imrcheck.h"

#ifndef IMR_FUZZ_SOURCE_DIR
#define IMR_FUZZ_SOURCE_DIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the library's contract did not hold: crash, so that the
 * fuzzer keeps the input. */
#define FUZZ_CHECK(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__, \
				#cond);                                               \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* $env, else IMR_FUZZ_SOURCE_DIR/fallback (static storage). */
static inline const char *fuzz_path(const char *env, const char *fallback, const char *below)
{
	static char path[2][4096];
	static int turn;
	const char *root = getenv(env);
	char *p = path[turn ^= 1];
	if (root)
		snprintf(p, sizeof(path[0]), "%s%s%s", root, *below ? "/" : "", below);
	else
		snprintf(p, sizeof(path[0]), "%s/%s%s%s", IMR_FUZZ_SOURCE_DIR, fallback,
			 *below ? "/" : "", below);
	return p;
}

/* The shipped rules, loaded once for the life of the process; a target
 * that cannot have them cannot run, so that is fatal. */
static inline imr_rules *fuzz_shipped_rules(void)
{
	imr_rules *rules = NULL;
	imr_diags diags;
	const char *dir = fuzz_path("IMR_RULES", "rules", "");
	imr_diags_init(&diags);
	if (imr_rules_load_dir(&rules, dir, NULL, &diags) < 0) {
		fprintf(stderr, "fuzz: cannot load the rules in %s (set IMR_RULES)\n", dir);
		exit(2);
	}
	imr_diags_dispose(&diags);
	return rules;
}

/* Render every diagnostic the way the program does, so that formatting
 * sees hostile messages, names and positions too; each one must have a
 * code and a message. */
static inline void fuzz_format_diags(const imr_diags *diags)
{
	imr_buf out = IMR_BUF_INIT;
	size_t i;
	for (i = 0; i < diags->count; i++) {
		FUZZ_CHECK(diags->items[i].code && diags->items[i].message);
		imr_diag_format(&out, &diags->items[i], 1);
		imr_buf_clear(&out);
	}
	imr_buf_dispose(&out);
}

#endif
