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
#include "pathlist.h"
#include "walk.h"

/* ---- inputs ---- */

/* An input that cannot be read, and why (few: kept beside the list). */
typedef struct failed_input {
	size_t index;
	const char *error;
} failed_input;

struct imr_audit_inputs {
	imr_arena arena;       /* the errors */
	imr__pathlist paths;   /* each path, tagged with the length of its link */
	failed_input *failed_inputs;
	size_t nfailed, capfailed;
	imr__walker walker;  /* what was listed already, across paths */
	int failed;   /* an allocation failed */
};

int imr__audit_inputs_put(imr_audit_inputs *in, const char *path, const char *error, size_t link_len)
{
	size_t len = strlen(path);
	int err;
	if (link_len > len)
		link_len = 0;
	if (error) {
		void *grown = in->failed_inputs;
		if (imr__grow(&grown, &in->capfailed, in->nfailed + 1, sizeof(failed_input)) < 0) {
			in->failed = 1;
			return IMR_ENOMEM;
		}
		in->failed_inputs = grown;
		in->failed_inputs[in->nfailed].index = imr__pathlist_count(&in->paths);
		if (!(in->failed_inputs[in->nfailed].error = imr__arena_strdup(&in->arena, error))) {
			in->failed = 1;
			return IMR_ENOMEM;
		}
	}
	/* a path is far shorter than 4 GiB: its link's length fits the tag */
	if ((err = imr__pathlist_add(&in->paths, path, len, (uint32_t)link_len)) < 0) {
		in->failed = 1;
		return err;
	}
	if (error)
		in->nfailed++;
	return IMR_OK;
}

/* Why input @p index cannot be read, or NULL. */
static const char *input_error(const imr_audit_inputs *in, size_t index)
{
	size_t lo = 0, hi = in->nfailed;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (in->failed_inputs[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < in->nfailed && in->failed_inputs[lo].index == index ? in->failed_inputs[lo].error : NULL;
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
	return imr__pathlist_count(&inputs->paths);
}

int imr_audit_inputs_get(const imr_audit_inputs *inputs, size_t index, imr_audit_input *out, imr_buf *scratch)
{
	uint32_t link_len = 0;
	int err;
	memset(out, 0, sizeof(*out));
	if ((err = imr__pathlist_get(&inputs->paths, index, scratch, &link_len)) < 0)
		return err;
	if (link_len) {
		/* the link is the path's first link_len bytes, as a string of its own */
		size_t path_len = scratch->size;
		char *link = imr__strndup(scratch->ptr, link_len); /* scratch may move */
		err = link && imr_buf_put(scratch, "", 1) == 0 ? imr_buf_put(scratch, link, link_len) : IMR_ENOMEM;
		imr__free(link);
		if (err < 0)
			return err;
		out->link = scratch->ptr + path_len + 1;
	}
	out->path = scratch->ptr;
	out->error = input_error(inputs, index);
	return IMR_OK;
}

void imr_audit_inputs_free(imr_audit_inputs *inputs)
{
	if (!inputs)
		return;
	imr__walker_dispose(&inputs->walker);
	imr__arena_dispose(&inputs->arena);
	imr__pathlist_dispose(&inputs->paths);
	imr__free(inputs->failed_inputs);
	imr__free(inputs);
}
