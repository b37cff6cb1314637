/* casekey.h - telling the same case given twice apart from a new one (internal).
 *
 * A corpus can hold one letter twice: as .txt and .pdf, or as two copies
 * under different names. A letter's key is its case number (upper case,
 * white space dropped) or, for a letter that states none, a digest of its
 * text with every run of white space made one space, so that a text
 * extracted again with another line layout is still the same. An audit
 * keeps, per distinct key, the key and the number of the first letter
 * that had it: a few dozen bytes a letter, never the letters. */
#ifndef IMR_CASEKEY_H
#define IMR_CASEKEY_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Hex characters of a text digest (the first 128 bits of SHA-256). */
#define IMR__CASEKEY_DIGEST_HEX 32

/* The digest of @p text (@p len bytes) with white space runs collapsed
 * and the ends trimmed, as IMR__CASEKEY_DIGEST_HEX lower-case hex digits
 * and a NUL in @p out. Cannot fail. */
void imr__casekey_digest(char out[IMR__CASEKEY_DIGEST_HEX + 1], const char *text, size_t len);

/* The keys seen so far, each with the first letter that had it. A key is
 * kept as the first 64 bits of its SHA-256 (12 bytes a case with its
 * letter, in a table at most four fifths full), not as its text: two different
 * keys among n have odds of about n * n / 2^65 of sharing a digest, which
 * would count the second case as a copy of the first (for the 1.57 million
 * letters of 2015 to 2025, about 1 in 15 million). */
typedef struct imr__casekeys {
	uint64_t *keys;       /* open addressing, 0 for empty */
	uint32_t *first;      /* the letter of keys[i] */
	size_t nslots, count;
} imr__casekeys;

#define IMR__CASEKEYS_INIT { NULL, NULL, 0, 0 }

/* Look up the key of a letter with @p case_number (or, when that is NULL
 * or blank, @p text_digest); a letter with neither has no key and is
 * never a repeat (0). A new key is added with @p letter as its first.
 * @return 1 and *first when the key was seen before, 0 when not,
 * IMR_ENOMEM. */
int imr__casekeys_see(imr__casekeys *set, const char *case_number, const char *text_digest, uint32_t letter,
		      uint32_t *first);

void imr__casekeys_dispose(imr__casekeys *set);

#endif
