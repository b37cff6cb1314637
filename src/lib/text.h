/* text.h - what the library needs of a text beyond imrcheck/text.h (internal). */
#ifndef IMR_TEXT_INTERNAL_H
#define IMR_TEXT_INTERNAL_H

#include <stdint.h>

#include "imrcheck/text.h"

/* A number no other text of this process has, so that a worker can tell
 * the text it scanned last from a new one at the same address. */
uint64_t imr__text_serial(const imr_text *text);

#endif
