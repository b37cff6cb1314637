/* standalone.c - replays inputs through a fuzz target without libFuzzer.
 *
 *   fuzz_replay_<target> FILE|DIR...
 *
 * Calls LLVMFuzzerTestOneInput() once per file (a directory's regular
 * files in name order), so that any compiler runs the corpora and the
 * minimised crashers of fixtures/fuzz/<target>/ as a ctest test. An
 * unreadable path or no input at all fails, so a wrong path cannot pass. */
#include <dirent.h>
#include <sys/stat.h>

#include "fuzz.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	long size = -1;
	if (fp && fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)size + 1)) && fread(data, 1, (size_t)size, fp) == (size_t)size)
		LLVMFuzzerTestOneInput((const uint8_t *)data, (size_t)size);
	else
		fprintf(stderr, "standalone: cannot read %s\n", path), size = -1;
	if (fp)
		fclose(fp);
	free(data);
	return size < 0 ? -1 : 1;
}

int main(int argc, char **argv)
{
	long runs = 0;
	int i, k, n;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct dirent **names;
		struct stat st;
		char path[4096];
		if (stat(argv[i], &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) < 0)
				return 1;
			runs++;
			continue;
		}
		if ((n = scandir(argv[i], &names, NULL, alphasort)) < 0)
			return fprintf(stderr, "standalone: cannot read %s\n", argv[i]), 1;
		for (k = 0; k < n; k++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]->d_name);
			if (names[k]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (run_file(path) < 0)
					return 1;
				runs++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("standalone: %ld inputs replayed\n", runs);
	return runs ? 0 : 1;
}
