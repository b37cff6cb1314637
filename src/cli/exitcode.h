/* exitcode.h - the exit statuses of imrcheck, in one place.
 *
 * check / letter: 0 every item medically necessary; 1 some item not
 * medically necessary; 3 none denied but some indeterminate; 2 usage or
 * input error. lint / test: 0 clean, 1 problems found, 2 usage error. */
#ifndef IMR_CLI_EXITCODE_H
#define IMR_CLI_EXITCODE_H

#define IMR_EXIT_OK 0
#define IMR_EXIT_NOT_NECESSARY 1
#define IMR_EXIT_FAILURES 1
#define IMR_EXIT_USAGE 2
#define IMR_EXIT_INDETERMINATE 3

#endif
