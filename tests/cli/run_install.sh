#!/bin/sh
# run_install.sh - what `cmake --install` puts in place works.
#
# Installs the build into a temporary prefix (a prefix the build was not
# configured for, as a packager's staging directory is), then checks that:
#   - the installed program resolves <prefix>/share/imrcheck/rules on its
#     own (no --rules, no $IMRCHECK_RULES) and those rules lint clean;
#   - the headers, the man page, the static library and the shared library
#     with its versioned soname (libimrcheck.so -> .so.0 -> .so.0.1.0) are
#     there;
#   - pkg-config alone, pointed at the installed imrcheck.pc, gives the
#     flags to compile and link a small program against the library, and
#     that program runs (against the shared library; and linked statically
#     with `pkg-config --static`), loading the installed rules and
#     evaluating a request.
#
# In a sanitizer build (IMR_SANITIZE set by ctest) the program is compiled
# with the same sanitizers, which an instrumented library needs.
set -u
: "${IMR_BUILD_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
failed() {
	echo "FAIL: $*"
	fail=1
}

prefix="$tmp/staging/prefix"
cmake --install "$IMR_BUILD_DIR" --prefix "$prefix" >/dev/null || { echo "FAIL: install"; exit 1; }
unset IMRCHECK_RULES
out=$(cd / && "$prefix/bin/imrcheck" --version)
case "$out" in
*"rules: $prefix/bin/../share/imrcheck/rules"*) ;;
*) failed "installed program resolved: $out" ;;
esac
(cd / && "$prefix/bin/imrcheck" lint --strict 2>/dev/null) || failed "installed rules do not lint"

pc=$(find "$prefix" -name imrcheck.pc)
[ -n "$pc" ] || { echo "FAIL: imrcheck.pc not installed"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
for f in include/imrcheck.h include/imrcheck/rules.h share/man/man1/imrcheck.1; do
	[ -f "$prefix/$f" ] || failed "$f not installed"
done
[ -f "$libdir/libimrcheck.a" ] || failed "the static library is not installed"
[ -L "$libdir/libimrcheck.so" ] || failed "libimrcheck.so (the link for the linker) is not installed"
soname=$(objdump -p "$libdir/libimrcheck.so" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = libimrcheck.so.0 ] || failed "the shared library's soname is '$soname', expected libimrcheck.so.0"
[ -e "$libdir/$soname" ] || failed "$soname is not installed"

MANPATH="$prefix/share/man" man -w imrcheck >/dev/null 2>&1 || ! command -v man >/dev/null ||
	failed "man does not find imrcheck(1) under $prefix/share/man"

# pkg-config finds the file where it was installed, not where the build
# was configured to install it
export PKG_CONFIG_PATH="$(dirname "$pc")"
unset PKG_CONFIG_LIBDIR
pkg-config --exists imrcheck || failed "pkg-config does not find imrcheck"
cflags=$(pkg-config --cflags imrcheck)
case "$cflags" in
*"$prefix"*|*"pkgconfig/../.."*) ;;
*) failed "pkg-config --cflags does not point into the prefix: $cflags" ;;
esac
[ "$(pkg-config --modversion imrcheck)" = "$("$prefix/bin/imrcheck" --version | sed -n '1s/^imrcheck //p')" ] ||
	failed "pkg-config --modversion differs from imrcheck --version"
rulesdir=$(pkg-config --variable=rulesdir imrcheck)
[ -d "$rulesdir" ] || failed "pkg-config --variable=rulesdir gives '$rulesdir', not a directory"

cat >"$tmp/prog.c" <<'C'
/* A program a library user might write: load the installed rules, read a
 * request, print the predicted outcome of its item. */
#include <stdio.h>
#include <string.h>
#include <imrcheck.h>

int main(int argc, char **argv)
{
	static const char request[] = "date: 2016-03-01\n"
				      "items:\n"
				      "  - service: lumbar epidural steroid injection at L4-L5\n";
	imr_rules *rules = NULL;
	imr_request *req = NULL;
	imr_result *result = NULL;
	imr_diags diags;
	int err;
	if (argc != 2)
		return 2;
	imr_diags_init(&diags);
	err = imr_rules_load_dir(&rules, argv[1], NULL, &diags);
	if (!err)
		err = imr_request_load_buffer(&req, rules, "request.yaml", request, strlen(request),
					      IMR_DATE_NONE, NULL, &diags);
	if (!err)
		err = imr_eval_request(&result, rules, req, NULL);
	if (!err)
		printf("imrcheck %s: %zu rules, item 1: %s\n", imr_version(), imr_rules_count(rules),
		       imr_outcome_name(imr_result_item(result, 0)->outcome));
	else
		printf("error: %s (%zu diagnostics)\n", imr_strerror(err), diags.count);
	imr_result_free(result);
	imr_request_free(req);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
	return err ? 1 : 0;
}
C
san=""
[ -n "${IMR_SANITIZE:-}" ] && san="-fsanitize=$IMR_SANITIZE"
cc=${CC:-cc}
version=$(pkg-config --modversion imrcheck)
# shared: the run finds the library through LD_LIBRARY_PATH, as for any
# library installed outside the loader's path
# shellcheck disable=SC2046,SC2086
if $cc -std=c11 -Wall -Werror $san -o "$tmp/prog" "$tmp/prog.c" $(pkg-config --cflags --libs imrcheck); then
	got=$(LD_LIBRARY_PATH="$(pkg-config --variable=libdir imrcheck)" "$tmp/prog" "$rulesdir")
	case "$got" in
	"imrcheck $version: "*" rules, item 1: "*) ;;
	*) failed "the program linked against the shared library printed: $got" ;;
	esac
	ldd "$tmp/prog" 2>/dev/null | grep -q 'libimrcheck.so.0 =>' ||
		failed "the program is not linked against libimrcheck.so.0"
else
	failed "a program does not compile and link with pkg-config --cflags --libs imrcheck"
fi
# static: the archive and the private dependencies pkg-config --static lists
# shellcheck disable=SC2046,SC2086
if $cc -std=c11 -Wall -Werror $san -o "$tmp/prog-static" "$tmp/prog.c" $(pkg-config --cflags imrcheck) \
	-Wl,-Bstatic -limrcheck -Wl,-Bdynamic $(pkg-config --static --libs-only-L imrcheck) \
	$(pkg-config --static --libs imrcheck | sed 's/-limrcheck//'); then
	got=$(env -u LD_LIBRARY_PATH "$tmp/prog-static" "$rulesdir")
	case "$got" in
	"imrcheck $version: "*" rules, item 1: "*) ;;
	*) failed "the statically linked program printed: $got" ;;
	esac
else
	failed "a program does not link statically with pkg-config --static --libs imrcheck"
fi
exit $fail
