/* fuzz_yamltree.c - libFuzzer target: YAML (and JSON) bytes -> marked tree.
 *
 * Parses the input with imr__yaml_parse() and walks the tree the way the
 * loaders do: every scalar through the typed readers and the column
 * mapping, every mapping through a key lookup. Checks what yamltree.h
 * promises: a tree on success, nothing on failure, marks 1-based. */
#include "fuzz.h"

#include "yamltree.h"

static void walk(const imr_ynode *node, unsigned depth)
{
	size_t i;
	FUZZ_CHECK(node->line >= 1 && node->col >= 1 && node->end_line >= node->line);
	FUZZ_CHECK(depth <= IMR_LIMIT_YAML_DEPTH + 1);
	switch (node->kind) {
	case IMR_Y_SCALAR: {
		double num;
		long n;
		int flag;
		FUZZ_CHECK(node->str && node->str[node->len] == '\0');
		(void)imr__ynode_is_null(node);
		(void)imr__ynode_as_bool(node, &flag);
		(void)imr__ynode_as_number(node, &num);
		(void)imr__ynode_as_int(node, &n);
		(void)imr__ynode_describe(node);
		FUZZ_CHECK(imr__ynode_column(node, 0) >= 1);
		FUZZ_CHECK(imr__ynode_column(node, node->len / 2) >= imr__ynode_column(node, 0));
		FUZZ_CHECK(imr__ynode_column(node, node->len + 1) >= imr__ynode_column(node, node->len / 2));
		break;
	}
	case IMR_Y_MAP:
		for (i = 0; i < node->count; i++) {
			const imr_ynode *k = node->kids[2 * i], *key = NULL;
			FUZZ_CHECK(k->kind == IMR_Y_SCALAR);
			/* keys are unique, so a lookup finds the key itself (a few
			 * per mapping: a lookup is linear) */
			if (i < 8 && strlen(k->str) == k->len)
				FUZZ_CHECK(imr__ymap_get(node, k->str, &key) == node->kids[2 * i + 1] &&
					   key == k);
			walk(node->kids[2 * i], depth + 1);
			walk(node->kids[2 * i + 1], depth + 1);
		}
		break;
	case IMR_Y_SEQ:
		for (i = 0; i < node->count; i++)
			walk(node->kids[i], depth + 1);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	imr_ydoc *doc = NULL;
	imr_diags diags;
	int err;

	imr_diags_init(&diags);
	err = imr__yaml_parse(&doc, "fuzz.yaml", (const char *)data, size, NULL, &diags);
	if (err == IMR_OK) {
		FUZZ_CHECK(doc != NULL);
		FUZZ_CHECK(strcmp(imr__ydoc_file(doc), "fuzz.yaml") == 0);
		if (imr__ydoc_root(doc))
			walk(imr__ydoc_root(doc), 1);
	} else {
		FUZZ_CHECK(doc == NULL);
		FUZZ_CHECK(err == IMR_EINVALID || err == IMR_ELIMIT || err == IMR_ENOMEM);
		FUZZ_CHECK(diags.errors > 0 || err == IMR_ENOMEM);
	}
	fuzz_format_diags(&diags);
	imr__ydoc_free(doc);
	imr_diags_dispose(&diags);
	return 0;
}
