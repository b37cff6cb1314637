/* sentence.h - sentence boundaries in clinical text (internal).
 *
 * Splits normalised text (LF line ends) into sentences without breaking
 * at abbreviations ("Dr.", "p. 46", "e.g."), decimals, spinal levels
 * ("L4-5") or dates ("07/17/2014"), and without treating the line breaks
 * of PDF extraction as boundaries. See docs/lexicon.md, "Sentences". */
#ifndef IMR_SENTENCE_H
#define IMR_SENTENCE_H

#include <stddef.h>

typedef struct imr_sentence {
	size_t start, end;   /* byte offsets, end exclusive, trimmed of spaces */
} imr_sentence;

typedef struct imr_sentences {
	imr_sentence *items;
	size_t count, cap;
} imr_sentences;

/* Append the sentences of [start, end) of @p text to @p out (which is
 * cleared first). Returns 0 or IMR_ENOMEM. */
int imr__sentences_split(imr_sentences *out, const char *text, size_t start, size_t end);

/* Index of the sentence containing @p offset (the last one starting at or
 * before it), or -1 when there is none. */
long imr__sentences_find(const imr_sentences *s, size_t offset);

void imr__sentences_dispose(imr_sentences *s);

#endif
