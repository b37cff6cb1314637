/* imrcheck/common.h - status codes, export macro and version of libimrcheck.
 *
 * Every fallible function of the library returns an int: IMR_OK (0) on
 * success, a negative IMR_E* code on failure. Output parameters come first.
 * The library never prints, never exits and never reads the environment. */
#ifndef IMRCHECK_COMMON_H
#define IMRCHECK_COMMON_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(IMR_BUILDING_LIBRARY) && defined(__GNUC__)
#define IMR_API __attribute__((visibility("default")))
#else
#define IMR_API
#endif

#define IMR_VERSION_MAJOR 0
#define IMR_VERSION_MINOR 1
#define IMR_VERSION_PATCH 0
#define IMR_VERSION_STRING "0.1.0"

/** Status codes. Only failures a caller branches on get their own code. */
enum {
	IMR_OK = 0,
	IMR_ERROR = -1,     /* anything without a more specific code */
	IMR_EINVALID = -2,  /* the input has diagnostics (see imr_diags) */
	IMR_ELIMIT = -3,    /* a resource limit from limits.h was hit */
	IMR_ENOTFOUND = -4, /* a named object does not exist */
	IMR_EIO = -5,       /* a file could not be read or written */
	IMR_ENOMEM = -6     /* an allocation failed */
};

/** Short lower-case name of a status code ("out of memory", ...). */
IMR_API const char *imr_strerror(int status);

/** The library version, IMR_VERSION_STRING of the build that is linked. */
IMR_API const char *imr_version(void);

#ifdef __cplusplus
}
#endif
#endif
