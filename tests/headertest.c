/* headertest.c - the umbrella header compiles alone, under -pedantic -Werror. */
#include <imrcheck.h>

int imr_headertest_anchor(void);
int imr_headertest_anchor(void)
{
	return IMR_OK;
}
