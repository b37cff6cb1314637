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

static uint64_t key_hash(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

static int rehash(imr__casekeys *set, size_t nslots)
{
	const char **keys = imr__calloc(nslots, sizeof(char *));
	uint32_t *first = imr__calloc(nslots, sizeof(uint32_t));
	size_t i, j;
	if (!keys || !first) {
		imr__free((void *)keys);
		imr__free(first);
		return IMR_ENOMEM;
	}
	for (i = 0; i < set->nslots; i++) {
		if (!set->keys[i])
			continue;
		for (j = key_hash(set->keys[i]) & (nslots - 1); keys[j]; j = (j + 1) & (nslots - 1))
			;
		keys[j] = set->keys[i];
		first[j] = set->first[i];
	}
	imr__free((void *)set->keys);
	imr__free(set->first);
	set->keys = keys;
	set->first = first;
	set->nslots = nslots;
	return 0;
}

/* "case:NUMBER" (upper case, no white space), "text:DIGEST", or NULL. */
static char *make_key(imr_arena *arena, const char *case_number, const char *text_digest)
{
	const char *p;
	char *key, *q;
	int any = 0;
	for (p = case_number; p && *p; p++)
		any |= !isspace((unsigned char)*p);
	if (!any)
		return text_digest && *text_digest ? imr__arena_printf(arena, "text:%s", text_digest) : NULL;
	key = imr__arena_alloc(arena, strlen(case_number) + 6);
	if (!key)
		return NULL;
	memcpy(key, "case:", 5);
	for (p = case_number, q = key + 5; *p; p++)
		if (!isspace((unsigned char)*p))
			*q++ = (char)toupper((unsigned char)*p);
	*q = '\0';
	return key;
}

int imr__casekeys_see(imr__casekeys *set, const char *case_number, const char *text_digest, uint32_t letter,
		      uint32_t *first)
{
	char *key;
	size_t j;
	if ((set->count + 1) * 2 > set->nslots && rehash(set, set->nslots ? set->nslots * 2 : 64) < 0)
		return IMR_ENOMEM;
	key = make_key(&set->arena, case_number, text_digest);
	if (!key)
		return set->arena.failed ? IMR_ENOMEM : 0;
	for (j = key_hash(key) & (set->nslots - 1); set->keys[j]; j = (j + 1) & (set->nslots - 1))
		if (strcmp(set->keys[j], key) == 0) {
			*first = set->first[j];
			return 1; /* the copy's key stays in the arena: a repeat is rare */
		}
	set->keys[j] = key;
	set->first[j] = letter;
	set->count++;
	return 0;
}

void imr__casekeys_dispose(imr__casekeys *set)
{
	imr__arena_dispose(&set->arena);
	imr__free((void *)set->keys);
	imr__free(set->first);
	memset(set, 0, sizeof(*set));
}
