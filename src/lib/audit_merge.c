/* audit_merge.c - one audit from the JSON Lines of its shards.
 *
 * A corpus too big for one machine is cut into shards, each audited with
 * `imrcheck audit --format jsonl` anywhere. Every item line carries all a
 * report shows of its letter and item, and the criterion statuses the
 * comparison across letters groups by, so the letters' records can be
 * read back and fed, in shard order, to the same counting, comparison and
 * writers as a single run: the statistics, the findings across letters
 * and every format come out as one run over the shards' letters in that
 * order would give them. Each shard's own cross-letter and summary lines
 * are not used (only the summary's rule-set digest, which must be the
 * merge's), and a shard without its summary line was cut short. */
#include "imrcheck/audit.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "audit.h"

typedef struct shard_reader {
	imr_audit *au;
	const imr_rules *rules;
	imr_diags *diags;
	const char *path;
	unsigned line;
	imr__audit_record rec;   /* the letter being read */
	int open;                /* rec holds a letter */
	size_t findings_cap;
	imr_audit_item *items;   /* grown, copied into the arena when done */
	size_t nitems, capitems;
} shard_reader;

static int bad(shard_reader *r, const char *message)
{
	imr_diags_add(r->diags, IMR_SEVERITY_ERROR, "bad-shard", r->path, r->line, 1, "%s", message);
	return IMR_EINVALID;
}

/* A string member, copied into the letter's arena; NULL for null or absent. */
static const char *str_of(shard_reader *r, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? imr__arena_strdup(&r->rec.arena, json_string_value(v)) : NULL;
}

static int outcome_of(const char *name, imr_outcome *out)
{
	imr_outcome o;
	for (o = IMR_OUTCOME_OVERTURNED; o <= IMR_OUTCOME_INDETERMINATE; o++)
		if (name && strcmp(name, imr_outcome_name(o)) == 0) {
			*out = o;
			return 0;
		}
	return -1;
}

/* The strength and the kind of reason of an item, from their names. */
static int strength_of(const char *name, imr_strength *out)
{
	int s;
	for (s = IMR_STRENGTH_DOCUMENTED; s <= IMR_STRENGTH_NONE; s++)
		if (name && strcmp(name, imr_strength_name((imr_strength)s)) == 0) {
			*out = (imr_strength)s;
			return 0;
		}
	return -1;
}

static int undecided_of(const char *name, imr_undecided *out)
{
	int u;
	*out = IMR_UNDECIDED_NONE;
	if (!name)
		return 0; /* decided */
	for (u = IMR_UNDECIDED_UNREAD; u <= IMR_UNDECIDED_PRIMARY; u++)
		if (strcmp(name, imr_undecided_name((imr_undecided)u)) == 0) {
			*out = (imr_undecided)u;
			return 0;
		}
	return -1;
}

/* The letter read so far, to the audit. */
static int flush_letter(shard_reader *r)
{
	int err;
	if (!r->open)
		return 0;
	if (r->nitems) {
		imr_audit_item *items = imr__arena_alloc(&r->rec.arena, r->nitems * sizeof(imr_audit_item));
		if (items)
			memcpy(items, r->items, r->nitems * sizeof(imr_audit_item));
		r->rec.letter.items = items;
		r->rec.letter.item_count = items ? r->nitems : 0;
	}
	r->nitems = 0;
	r->open = 0;
	r->findings_cap = 0;
	if (r->rec.arena.failed) {
		imr__arena_dispose(&r->rec.arena);
		imr__free(r->rec.findings);
		memset(&r->rec, 0, sizeof(r->rec));
		return IMR_ENOMEM;
	}
	err = imr__audit_feed(r->au, &r->rec);
	return err;
}

/* The other items (numbers, ascending, after the finding's own) a finding
 * collapsed from one phrase stands for. */
static int read_also(shard_reader *r, imr_finding *f, json_t *also)
{
	size_t i, n = json_array_size(also), *items;
	if (!also)
		return 0;
	if (!json_is_array(also) || !n)
		return bad(r, "a finding whose also_items is not a list of item numbers");
	if (!(items = imr__arena_alloc(&r->rec.arena, n * sizeof(size_t))))
		return IMR_ENOMEM;
	for (i = 0; i < n; i++) {
		json_t *v = json_array_get(also, i);
		json_int_t num = json_is_integer(v) ? json_integer_value(v) : 0;
		size_t after = i ? items[i - 1] : f->item;
		if (num < 1 || (uint64_t)num - 1 <= after || (uint64_t)num > SIZE_MAX)
			return bad(r, "a finding whose also_items are not item numbers, ascending, after its own");
		items[i] = (size_t)num - 1;
	}
	f->also = items;
	f->also_count = n;
	return 0;
}

static int read_finding(shard_reader *r, json_t *fo, size_t item)
{
	const char *type = json_string_value(json_object_get(fo, "type"));
	imr_finding *f;
	int t, sev;
	for (t = 0; t < IMR_FINDING_INCONSISTENCY; t++)
		if (type && strcmp(type, imr_finding_type_name((imr_finding_type)t)) == 0)
			break;
	if (t == IMR_FINDING_INCONSISTENCY || !json_is_string(json_object_get(fo, "code")))
		return bad(r, "a finding of an item with no type or code a letter's finding has");
	{
		void *grown = r->rec.findings;
		if (imr__grow(&grown, &r->findings_cap, r->rec.finding_count + 1, sizeof(imr_finding)) < 0)
			return IMR_ENOMEM;
		r->rec.findings = grown;
	}
	f = &r->rec.findings[r->rec.finding_count++];
	memset(f, 0, sizeof(*f));
	f->type = (imr_finding_type)t;
	f->code = str_of(r, fo, "code");
	f->experimental = imr_finding_code_experimental(f->code);
	sev = imr_finding_severity_from_name(json_string_value(json_object_get(fo, "severity")));
	if (sev < 0)
		return bad(r, "a finding with no severity (low, medium or high)");
	f->severity = (imr_finding_severity)sev;
	f->item = item;
	f->message = str_of(r, fo, "message");
	f->evidence = str_of(r, fo, "evidence");
	f->phrase = str_of(r, fo, "phrase");
	return read_also(r, f, json_object_get(fo, "also_items"));
}

/* "hhhhhhhhhhhhhhhh-ssssssssssssssss", as report_audit.c writes it. */
static int read_print(const char *s, uint64_t *print, uint64_t *simprint)
{
	uint64_t v[2] = { 0, 0 };
	size_t i, k;
	if (strlen(s) != 33 || s[16] != '-')
		return -1;
	for (k = 0; k < 2; k++)
		for (i = 0; i < 16; i++) {
			char c = s[k * 17 + i];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (d < 0)
				return -1;
			v[k] = v[k] << 4 | (uint64_t)d;
		}
	if (!v[0])
		return -1;
	*print = v[0];
	*simprint = v[1];
	return 0;
}

/* The reasons of an item: each a reason the rule set knows, given as the
 * audit gives them (in vocabulary order, each once), so that a merge
 * counts them as one run does. */
static int read_reasons(shard_reader *r, imr_audit_item *it, json_t *reasons)
{
	size_t i, n = json_array_size(reasons);
	const char **names = imr__arena_alloc(&r->rec.arena, (n + 1) * sizeof(char *));
	if (!names)
		return IMR_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *name = json_string_value(json_array_get(reasons, i));
		if (!(names[i] = imr__audit_reason_name(r->rules, name)) || (i && strcmp(names[i - 1], names[i]) >= 0))
			return bad(r, "an item line whose reasons are not those of the rule set, in its order");
	}
	it->reasons = names;
	it->reason_count = n;
	return 0;
}

static int read_item(shard_reader *r, json_t *o)
{
	json_t *v, *unmet = json_object_get(o, "unmet"), *fs = json_object_get(o, "findings");
	json_t *reasons = json_object_get(o, "reasons");
	const char *file = json_string_value(json_object_get(o, "file"));
	json_int_t number = json_integer_value(json_object_get(o, "item"));
	imr_audit_item *it;
	const char **um;
	size_t i;
	int err;

	if (!file || number < 1 || !json_is_array(unmet) || !json_is_array(fs) || !json_is_array(reasons) ||
	    !json_is_string(json_object_get(o, "signature")))
		return bad(r, "an item line without the file, item number, unmet criteria, reasons, findings or "
			      "criterion statuses a merge needs (written by an older imrcheck?)");
	/* a letter's items are consecutive, numbered from 1 */
	if (r->open && (number == 1 || strcmp(file, r->rec.letter.file) != 0) && (err = flush_letter(r)) < 0)
		return err;
	if (!r->open) {
		if (number != 1)
			return bad(r, "an item line that does not follow its letter's item before it");
		r->open = 1;
		r->rec.letter.file = str_of(r, o, "file");
		r->rec.letter.link = str_of(r, o, "link");
		r->rec.letter.case_number = str_of(r, o, "case_number");
		r->rec.letter.text_digest = str_of(r, o, "text_digest");
		r->rec.letter.layout = str_of(r, o, "layout");
		r->rec.letter.specialty = str_of(r, o, "specialty");
		r->rec.letter.decision_date = str_of(r, o, "decision_date");
		r->rec.letter.request_date = str_of(r, o, "request_date");
		r->rec.letter.licensure = str_of(r, o, "licensure");
		r->rec.letter.summary = str_of(r, o, "summary");
	} else if ((size_t)number != r->nitems + 1) {
		return bad(r, "an item line that does not follow its letter's item before it");
	}
	{
		void *grown = r->items;
		if (imr__grow(&grown, &r->capitems, r->nitems + 1, sizeof(imr_audit_item)) < 0)
			return IMR_ENOMEM;
		r->items = grown;
	}
	it = &r->items[r->nitems];
	memset(it, 0, sizeof(*it));
	it->number = (size_t)number;
	it->service = str_of(r, o, "service");
	it->category = str_of(r, o, "category");
	it->procedure = str_of(r, o, "procedure");
	it->region = str_of(r, o, "region");
	if (outcome_of(json_string_value(json_object_get(o, "actual")), &it->actual) < 0 ||
	    it->actual == IMR_OUTCOME_INDETERMINATE ||
	    outcome_of(json_string_value(json_object_get(o, "predicted_outcome")), &it->predicted) < 0)
		return bad(r, "an item line whose decision or prediction is not one an audit writes");
	v = json_object_get(o, "agrees");
	it->agrees = json_is_true(v) ? 1 : json_is_false(v) ? 0 : -1;
	if (strength_of(json_string_value(json_object_get(o, "strength")), &it->strength) < 0 ||
	    undecided_of(json_string_value(json_object_get(o, "undecided")), &it->undecided) < 0)
		return bad(r, "an item line whose strength or reason for being undecided is not one an audit writes");
	it->reason = str_of(r, o, "reason");
	it->rule = str_of(r, o, "rule");
	it->guideline = str_of(r, o, "guideline");
	it->reviewer_guideline = str_of(r, o, "reviewer_guideline");
	it->signature = str_of(r, o, "signature");
	it->rationale_line = (unsigned)json_integer_value(json_object_get(o, "rationale_line"));
	v = json_object_get(o, "case_print");
	if (v && (!json_is_string(v) || read_print(json_string_value(v), &it->case_print, &it->case_simprint) < 0))
		return bad(r, "an item line whose case_print is not two 16-digit hex numbers");
	it->rationale = str_of(r, o, "rationale");
	um = imr__arena_alloc(&r->rec.arena, (json_array_size(unmet) + 1) * sizeof(char *));
	for (i = 0; um && i < json_array_size(unmet); i++)
		um[i] = json_is_string(json_array_get(unmet, i))
			? imr__arena_strdup(&r->rec.arena, json_string_value(json_array_get(unmet, i))) : "";
	it->unmet = um;
	it->unmet_count = um ? json_array_size(unmet) : 0;
	if ((err = read_reasons(r, it, reasons)) < 0)
		return err;
	r->nitems++;
	for (i = 0, err = 0; i < json_array_size(fs) && !err; i++)
		err = read_finding(r, json_array_get(fs, i), r->nitems - 1);
	/* the findings its audit muted: the merge mutes as its own options say */
	if (!err && (v = json_object_get(o, "muted")) && !json_is_array(v))
		return bad(r, "an item line whose \"muted\" is not a list of findings");
	for (i = 0; !err && v && i < json_array_size(v); i++)
		err = read_finding(r, json_array_get(v, i), r->nitems - 1);
	return r->rec.arena.failed ? IMR_ENOMEM : err;
}

/* A letter line: a failed letter, or one that repeats a case given
 * before it in its shard (the audit finds the first again from the key;
 * a duplicate whose first letter is in an earlier shard has its items in
 * its own, and is found the same way). */
static int read_letter(shard_reader *r, json_t *o)
{
	int err = flush_letter(r);
	if (err < 0)
		return err;
	if (!json_is_string(json_object_get(o, "file")))
		return bad(r, "a letter line without its file");
	if (json_is_string(json_object_get(o, "duplicate_of")) && !json_is_string(json_object_get(o, "case_number")) &&
	    !json_is_string(json_object_get(o, "text_digest")))
		return bad(r, "a duplicate letter line without the case number or text digest it repeats");
	r->open = 1;
	r->rec.letter.file = str_of(r, o, "file");
	r->rec.letter.link = str_of(r, o, "link");
	if (json_is_string(json_object_get(o, "duplicate_of"))) {
		r->rec.letter.case_number = str_of(r, o, "case_number");
		r->rec.letter.text_digest = str_of(r, o, "text_digest");
	} else {
		r->rec.letter.failed = 1;
		r->rec.letter.error = str_of(r, o, "error");
	}
	return flush_letter(r);
}

/* One line of a shard. *done is set by its summary line. */
static int read_line(shard_reader *r, const char *line, size_t len, int *done)
{
	json_error_t jerr;
	json_t *o;
	const char *record;
	int err = 0;

	if (*done)
		return bad(r, "a line after the shard's summary line (shards are merged as whole files)");
	o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		imr_diags_add(r->diags, IMR_SEVERITY_ERROR, "bad-shard", r->path, r->line,
			      jerr.column > 0 ? (unsigned)jerr.column : 1,
			      "not a line of `imrcheck audit --format jsonl`: %s", jerr.text);
		return IMR_EINVALID;
	}
	record = json_string_value(json_object_get(o, "record"));
	if (!record || !json_is_object(o)) {
		err = bad(r, "a line with no \"record\" (item, letter, finding or summary)");
	} else if (strcmp(record, "item") == 0) {
		err = read_item(r, o);
	} else if (strcmp(record, "letter") == 0) {
		err = read_letter(r, o);
	} else if (strcmp(record, "summary") == 0) {
		const char *digest = json_string_value(json_object_get(o, "rules_digest"));
		*done = 1;
		if (!digest || strcmp(digest, imr_rules_digest(r->rules)) != 0) {
			char msg[256];
			snprintf(msg, sizeof(msg), "the shard was audited with another rule set (digest %.64s); "
				 "merge with the rules the shards were audited with", digest ? digest : "missing");
			err = bad(r, msg);
		} else
			err = flush_letter(r);
	} else if (strcmp(record, "finding") != 0) {
		err = bad(r, "a line whose record is not one an audit writes (item, letter, finding, summary)");
	}
	json_decref(o);
	return err;
}

static int read_shard(shard_reader *r)
{
	FILE *fp = fopen(r->path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int err = 0, done = 0;

	if (!fp) {
		imr_diags_add(r->diags, IMR_SEVERITY_ERROR, "io", r->path, 0, 0, "cannot open the shard: %s",
			      strerror(errno));
		return IMR_EIO;
	}
	r->line = 0;
	while (!err && (len = getline(&line, &cap, fp)) >= 0) {
		r->line++;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (len)
			err = read_line(r, line, (size_t)len, &done);
	}
	if (!err && ferror(fp)) {
		imr_diags_add(r->diags, IMR_SEVERITY_ERROR, "io", r->path, r->line, 0, "cannot read the shard: %s",
			      strerror(errno));
		err = IMR_EIO;
	}
	if (!err && !done) {
		r->line++;
		err = bad(r, "the shard ends without its summary line: its audit was cut short");
	}
	free(line);
	fclose(fp);
	return err;
}

int imr_audit_merge(imr_audit **out, const imr_rules *rules, const char *const *shards, size_t count,
		    const imr_audit_options *opts, imr_diags *diags)
{
	shard_reader r;
	size_t i;
	int err;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.rules = rules;
	r.diags = diags;
	err = imr__audit_open(&r.au, rules, opts);
	for (i = 0; !err && i < count; i++) {
		r.path = shards[i];
		err = read_shard(&r);
	}
	if (r.open) { /* a letter cut off by an error */
		imr__arena_dispose(&r.rec.arena);
		imr__free(r.rec.findings);
	}
	imr__free(r.items);
	if (!err)
		err = imr__audit_close(r.au);
	if (err) {
		imr_audit_free(r.au);
		return err;
	}
	*out = r.au;
	return IMR_OK;
}
