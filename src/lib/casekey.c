/* casekey.c - the key of a letter's case, and the set of keys seen (casekey.h).
 *
 * Keys are "case:" and the normalised case number, or "text:" and the
 * digest: the two never collide, and a letter whose header lost its case
 * number in one copy is still a different key from the copy that kept
 * it (the texts differ then anyway). */
#include "casekey.h"

#include <ctype.h>
#include <nettle/sha2.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"

void imr__casekey_digest(char out[IMR__CASEKEY_DIGEST_HEX + 1], const char *text, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t md[SHA256_DIGEST_SIZE];
	size_t i = 0, start;
	int pending_space = 0, wrote = 0;

	sha256_init(&ctx);
	while (i < len) {
		if (isspace((unsigned char)text[i])) {
			/* a run of white space is one space, and none at either end */
			while (i < len && isspace((unsigned char)text[i]))
				i++;
			pending_space = 1;
			continue;
		}
		start = i;
		while (i < len && !isspace((unsigned char)text[i]))
			i++;
		if (pending_space && wrote)
			sha256_update(&ctx, 1, (const uint8_t *)" ");
		pending_space = 0;
		wrote = 1;
		sha256_update(&ctx, i - start, (const uint8_t *)text + start);
	}
	sha256_digest(&ctx, sizeof(md), md);
	for (i = 0; i < IMR__CASEKEY_DIGEST_HEX / 2; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[IMR__CASEKEY_DIGEST_HEX] = '\0';
}

static int rehash(imr__casekeys *set, size_t nslots)
{
	uint64_t *keys = imr__calloc(nslots, sizeof(uint64_t));
	uint32_t *first = imr__calloc(nslots, sizeof(uint32_t));
	size_t i, j;
	if (!keys || !first) {
		imr__free(keys);
		imr__free(first);
		return IMR_ENOMEM;
	}
	for (i = 0; i < set->nslots; i++) {
		if (!set->keys[i])
			continue;
		for (j = set->keys[i] & (nslots - 1); keys[j]; j = (j + 1) & (nslots - 1))
			;
		keys[j] = set->keys[i];
		first[j] = set->first[i];
	}
	imr__free(set->keys);
	imr__free(set->first);
	set->keys = keys;
	set->first = first;
	set->nslots = nslots;
	return 0;
}

/* The digest of "case:NUMBER" (upper case, no white space) or
 * "text:DIGEST", never 0; 0 when the letter has neither. */
static uint64_t key_digest(const char *case_number, const char *text_digest)
{
	struct sha256_ctx ctx;
	uint8_t md[SHA256_DIGEST_SIZE];
	uint64_t d = 0;
	const char *p;
	int any = 0;
	size_t i;
	for (p = case_number; p && *p; p++)
		any |= !isspace((unsigned char)*p);
	sha256_init(&ctx);
	if (any) {
		sha256_update(&ctx, 5, (const uint8_t *)"case:");
		for (p = case_number; *p; p++)
			if (!isspace((unsigned char)*p)) {
				uint8_t c = (uint8_t)toupper((unsigned char)*p);
				sha256_update(&ctx, 1, &c);
			}
	} else if (text_digest && *text_digest) {
		sha256_update(&ctx, 5, (const uint8_t *)"text:");
		sha256_update(&ctx, strlen(text_digest), (const uint8_t *)text_digest);
	} else {
		return 0;
	}
	sha256_digest(&ctx, sizeof(md), md);
	for (i = 0; i < 8; i++)
		d = d << 8 | md[i];
	return d ? d : 1;
}

int imr__casekeys_see(imr__casekeys *set, const char *case_number, const char *text_digest, uint32_t letter,
		      uint32_t *first)
{
	uint64_t key = key_digest(case_number, text_digest);
	size_t j;
	if (!key)
		return 0;
	/* at most four fifths full: digests are uniform, so linear probing
	 * stays short (about 13 slots for a new key at the fullest) */
	if ((set->count + 1) * 5 > set->nslots * 4 && rehash(set, set->nslots ? set->nslots * 2 : 64) < 0)
		return IMR_ENOMEM;
	for (j = key & (set->nslots - 1); set->keys[j]; j = (j + 1) & (set->nslots - 1))
		if (set->keys[j] == key) {
			*first = set->first[j];
			return 1;
		}
	set->keys[j] = key;
	set->first[j] = letter;
	set->count++;
	return 0;
}

void imr__casekeys_dispose(imr__casekeys *set)
{
	imr__free(set->keys);
	imr__free(set->first);
	memset(set, 0, sizeof(*set));
}
