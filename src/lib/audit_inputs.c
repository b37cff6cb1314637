/* audit_inputs.c - the inputs of an audit: files and directories listed once.
 *
 * A directory gives its letters (*.txt, *.pdf) in byte order of the path
 * through the walk (walk.h), which also remembers what was listed, so a
 * file or directory reached twice is listed once. A path that cannot be a
 * letter is kept as an input with its error, so the audit accounts for it. */
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "audit_impl.h"
#include "walk.h"

/* ---- inputs ---- */

struct imr_audit_inputs {
	imr_arena arena;
	imr_audit_input *items;
	size_t count, cap;
	imr__walker walker;  /* what was listed already, across paths */
	int failed;   /* an allocation failed */
};

int imr__audit_inputs_put(imr_audit_inputs *in, const char *path, const char *error, size_t link_len)
{
	void *items = in->items;
	imr_audit_input *it;
	if (imr__grow(&items, &in->cap, in->count + 1, sizeof(imr_audit_input)) < 0) {
		in->failed = 1;
		return IMR_ENOMEM;
	}
	in->items = items;
	it = &in->items[in->count++];
	it->path = imr__arena_strdup(&in->arena, path);
	it->error = imr__arena_strdup(&in->arena, error);
	it->link = link_len ? imr__arena_strndup(&in->arena, path, link_len) : NULL;
	if (!it->path || in->arena.failed)
		in->failed = 1;
	return in->failed ? IMR_ENOMEM : IMR_OK;
}

/* In a directory, letters are the *.txt and *.pdf files (any case). */
static int is_letter_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && (strcasecmp(name + n - 4, ".txt") == 0 || strcasecmp(name + n - 4, ".pdf") == 0);
}

/* One item of the walk (walk.h): a letter, or a path that cannot be one
 * (kept as a failed input, so that the report accounts for it). */
static int on_walk_item(void *ctx, const imr__walk_item *it)
{
	imr_audit_inputs *in = ctx;
	imr__audit_inputs_put(in, it->path, it->error, it->link_len);
	return in->failed ? IMR_ENOMEM : IMR_OK;
}

int imr_audit_inputs_new(imr_audit_inputs **out, const imr_limits *limits)
{
	imr_limits lim = imr_limits_resolve(limits);
	imr_audit_inputs *in = imr__calloc(1, sizeof(*in));
	*out = in;
	if (!in)
		return IMR_ENOMEM;
	imr__walker_init(&in->walker, lim.dir_depth);
	return IMR_OK;
}

int imr_audit_inputs_add(imr_audit_inputs *inputs, const char *path)
{
	int err;
	if (inputs->failed)
		return IMR_ENOMEM;
	err = imr__walk(&inputs->walker, path, is_letter_name, on_walk_item, inputs);
	if (err < 0 || inputs->arena.failed)
		inputs->failed = 1;
	return inputs->failed ? IMR_ENOMEM : IMR_OK;
}

int imr_audit_inputs_add_failed(imr_audit_inputs *inputs, const char *name, const char *error)
{
	if (!inputs->failed)
		imr__audit_inputs_put(inputs, name, error, 0);
	if (inputs->arena.failed)
		inputs->failed = 1;
	return inputs->failed ? IMR_ENOMEM : IMR_OK;
}

int imr_audit_collect(imr_audit_inputs **out, const char *const *paths, size_t count,
		      const imr_limits *limits)
{
	imr_audit_inputs *in;
	size_t i;
	int err = imr_audit_inputs_new(&in, limits);
	for (i = 0; i < count && err == IMR_OK; i++)
		err = imr_audit_inputs_add(in, paths[i]);
	if (err < 0) {
		imr_audit_inputs_free(in);
		in = NULL;
	}
	*out = in;
	return err;
}

size_t imr_audit_inputs_count(const imr_audit_inputs *inputs)
{
	return inputs->count;
}

const imr_audit_input *imr_audit_inputs_get(const imr_audit_inputs *inputs, size_t index)
{
	return index < inputs->count ? &inputs->items[index] : NULL;
}

void imr_audit_inputs_free(imr_audit_inputs *inputs)
{
	if (!inputs)
		return;
	imr__walker_dispose(&inputs->walker);
	imr__arena_dispose(&inputs->arena);
	imr__free(inputs->items);
	imr__free(inputs);
}
