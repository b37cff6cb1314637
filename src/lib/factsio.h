/* factsio.h - reading fact values from YAML nodes (internal).
 *
 * Shared by request files and the test cases in rule files, so both accept
 * exactly the same value forms (see docs/request-format.md). */
#ifndef IMR_FACTSIO_H
#define IMR_FACTSIO_H

#include "model.h"
#include "yamltree.h"

/* Read one value for fact @p fact from @p node into @p facts. Returns 0, or
 * -1 after reporting the problem (IMR_ENOMEM is flagged in diags->oom). */
int imr__facts_read_value(imr_facts *facts, int fact, const imr_ynode *node, const char *file,
			  imr_diags *diags);

/* Read every key of mapping @p map as a fact. When @p prefix is not NULL
 * ("request.", "primary.") keys are written without it and must name facts
 * of that scope; otherwise keys are full names of case facts. Keys listed
 * in @p skip are left to the caller. Returns the number of problems. */
int imr__facts_read_map(imr_facts *facts, const imr_ynode *map, const char *prefix,
			const char *const *skip, size_t nskip, const char *file, imr_diags *diags);

#endif
