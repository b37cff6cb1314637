/* bench_eval.c - the CPU time of one rule evaluation of an ESI item.
 *
 * Loads a request file (default: fixtures/requests/002-caudal-esi.yaml, a
 * lumbar ESI that four rules govern) and evaluates it over and over for
 * about two CPU-seconds, then prints the CPU time (user+sys of this
 * process) per evaluated item, in microseconds. The evaluation is the
 * whole of imr_eval_request(): applicable rules, precedence, every
 * criterion, the result with its evidence and citations, and freeing it.
 *
 *   bench_eval RULES-DIR [REQUEST.yaml]
 */
#include <stdio.h>
#include <time.h>

#include "imrcheck.h"

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *req_path = argc > 2 ? argv[2] : "fixtures/requests/002-caudal-esi.yaml";
	imr_rules *rules = NULL;
	imr_request *req = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	double start, spent = 0;
	unsigned long rounds = 0, batch = 1000, i;
	size_t items;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_eval RULES-DIR [REQUEST.yaml]\n");
		return 2;
	}
	if (imr_rules_load_dir(&rules, argv[1], NULL, &diags) < 0 ||
	    imr_request_load_file(&req, rules, req_path, IMR_DATE_NONE, NULL, &diags) < 0) {
		fprintf(stderr, "bench_eval: cannot load the rules or %s\n", req_path);
		return 2;
	}
	items = imr_request_item_count(req);
	start = cpu_seconds();
	while (spent < 2.0) {
		for (i = 0; i < batch; i++) {
			imr_result *result = NULL;
			if (imr_eval_request(&result, rules, req, NULL) < 0) {
				fprintf(stderr, "bench_eval: evaluation failed\n");
				return 2;
			}
			imr_result_free(result);
		}
		rounds += batch;
		spent = cpu_seconds() - start;
	}
	printf("items %zu evaluations %lu cpu_seconds %.3f us_per_item %.3f\n", items, rounds, spent,
	       spent * 1e6 / (double)(rounds * items));
	imr_request_free(req);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
	return 0;
}
