/* fuzz_regex.c - libFuzzer target: one lexicon pattern searched through a text.
 *
 * Input: a flags byte (bit 0: caseless, as a lexicon's case_sensitive:
 * false), the pattern up to the first newline, then the subject. The
 * pattern is compiled as rule files' patterns are (imr__regex_compile:
 * length and nesting limits, UTF, JIT); the subject is normalised by
 * imr_text_new() as every text the lexicons see is; then the pattern is
 * searched from start to end the way extract.c walks a text: after each
 * match, from its end (one past an empty match), until no match, a PCRE2
 * limit, or the library's limit on matches per text. Every search must
 * end fast under the PCRE2 match, depth and heap limits. */
#include "fuzz.h"

#include "regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nl;
	imr_limits lim = imr_limits_resolve(NULL);
	imr_regex *re = NULL;
	imr_matcher *m = NULL;
	imr_text *text = NULL;
	imr_diags diags;
	char err[256];
	size_t erroffset, plen;
	int rc;

	if (size < 1)
		return 0;
	nl = memchr(in + 1, '\n', size - 1);
	plen = nl ? (size_t)(nl - (in + 1)) : size - 1;
	imr_diags_init(&diags);
	rc = imr__regex_compile(&re, in + 1, plen, (data[0] & 1) ? IMR_REGEX_CASELESS : 0, NULL, err,
				sizeof(err), &erroffset);
	FUZZ_CHECK((rc == IMR_OK) == (re != NULL));
	FUZZ_CHECK(rc == IMR_OK || rc == IMR_EINVALID || rc == IMR_ELIMIT || rc == IMR_ENOMEM);
	FUZZ_CHECK(rc != IMR_EINVALID || erroffset <= plen);
	if (re && nl && imr__matcher_new(&m, NULL) == IMR_OK &&
	    imr_text_new(&text, "fuzz.txt", nl + 1, size - plen - 2, NULL, &diags) == IMR_OK) {
		size_t len, pos = 0, found = 0, ovec[2 * 10];
		const char *s = imr_text_data(text, &len);
		unsigned groups = imr__regex_groups(re);
		(void)imr__regex_matches_empty(re);
		while (pos <= len) {
			rc = imr__regex_find(m, re, s, len, pos, ovec, 20);
			FUZZ_CHECK(rc == 1 || rc == 0 || rc == IMR_ELIMIT || rc == IMR_ENOMEM);
			if (rc != 1 || ++found > lim.matches)
				break;
			FUZZ_CHECK(ovec[0] <= len && ovec[1] <= len);
			for (unsigned g = 1; g <= groups && g < 10; g++)
				FUZZ_CHECK(ovec[2 * g] == (size_t)-1 ||
					   (ovec[2 * g] <= ovec[2 * g + 1] && ovec[2 * g + 1] <= len));
			pos = ovec[1] > ovec[0] ? ovec[1] : ovec[0] + 1;
		}
	}
	fuzz_format_diags(&diags);
	imr_text_free(text);
	imr__matcher_free(m);
	imr__regex_free(re);
	imr_diags_dispose(&diags);
	return 0;
}
