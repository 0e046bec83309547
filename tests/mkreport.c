/*
 * mkreport: writes the batch report (analysis/report.h) of result directories made by relsim run,
 * analytic and sweep, without relsim batch. For tests/html.sh when the binary has no batch
 * command, and for looking at the report of hand-made or damaged result directories.
 *
 *   mkreport OUT [--command TEXT] ENTRY...
 *     --ran FILE NAME DIR SWEEP_DIR      a scenario that ran (SWEEP_DIR "-" for none)
 *     --up FILE NAME DIR SWEEP_DIR       the same, up to date
 *     --failed FILE MESSAGE              a scenario that failed (MESSAGE may hold newlines)
 *
 * DIR and SWEEP_DIR are relative to OUT. Exit status 0, 1 if the report could not be written,
 * 2 on bad arguments.
 */
#include "analysis/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fputs("usage: mkreport OUT [--command TEXT] {--ran|--up FILE NAME DIR SWEEP_DIR | --failed "
          "FILE MESSAGE}...\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) return usage();
    report_entry *e = calloc((size_t)argc, sizeof *e);
    report_info info = {.command = "mkreport", .wall_s = 0, .threads = 1};
    int n = 0;
    if (!e) return 1;
    for (int i = 2; i < argc;) {
        const char *opt = argv[i];
        if (strcmp(opt, "--command") == 0 && i + 1 < argc) {
            info.command = argv[i + 1];
            i += 2;
        } else if ((strcmp(opt, "--ran") == 0 || strcmp(opt, "--up") == 0) && i + 4 < argc) {
            e[n] = (report_entry){.file = argv[i + 1],
                                  .name = argv[i + 2],
                                  .dir = argv[i + 3],
                                  .sweep_dir = strcmp(argv[i + 4], "-") ? argv[i + 4] : NULL,
                                  .status = opt[2] == 'r' ? REPORT_RAN : REPORT_UP_TO_DATE};
            n++;
            i += 5;
        } else if (strcmp(opt, "--failed") == 0 && i + 2 < argc) {
            e[n++] = (report_entry){
                .file = argv[i + 1], .status = REPORT_FAILED, .message = argv[i + 2]};
            i += 3;
        } else {
            free(e);
            return usage();
        }
    }
    char err[600];
    int rc = report_write(argv[1], NULL, e, n, &info, err, sizeof err);
    if (rc) fprintf(stderr, "mkreport: %s\n", err);
    free(e);
    return rc ? 1 : 0;
}
