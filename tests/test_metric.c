/*
 * The metric table (models/metric.h): the one list of what a trial measures. These tests pin
 * what every output relies on: the order of trials.csv's columns, that each name finds its own
 * field, where each metric is shown, and the order of the sweep metrics.
 */
#include "tests/testutil.h"
#include "models/metric.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* trials.csv's columns after `trial`, as documented in README.md and docs/model.md: a change
 * here is a change of the output format and must be deliberate. */
static void the_columns_of_trials_csv_in_order(void **state)
{
    (void)state;
    static const char *const want[] = {"completed",
                                       "makespan_h",
                                       "availability",
                                       "goodput",
                                       "failures",
                                       "useful_h",
                                       "unsaved_h",
                                       "lost_h",
                                       "checkpoint_h",
                                       "restart_h",
                                       "down_h",
                                       "wait_spare_h",
                                       "process_failures",
                                       "checkpoints",
                                       "full_checkpoints",
                                       "incremental_checkpoints",
                                       "sdc_strikes",
                                       "sdc_recovered",
                                       "sdc_unrecoverable",
                                       "interruptions",
                                       "rpo_total_h",
                                       "rto_total_h",
                                       "rpo_h",
                                       "rto_h",
                                       "rpo_max_h",
                                       "rto_max_h",
                                       "async_lost",
                                       "async_committed",
                                       "storage_wait_h",
                                       "domain_failures",
                                       "domain_down_h",
                                       "domain_down_share",
                                       "max_slots_down",
                                       "maintenances",
                                       "maintenances_skipped",
                                       "maintenance_h",
                                       "manual_repairs",
                                       "failed_repairs",
                                       "lemon_failures",
                                       "retired",
                                       "replacements",
                                       "site_failures",
                                       "site_recovered",
                                       "site_rpo_total_h",
                                       "site_rto_total_h",
                                       "site_rpo_h",
                                       "site_rto_h",
                                       "site_copy_age_total_h",
                                       "site_copy_age_h",
                                       "remote_copies",
                                       "service_availability",
                                       "downtime_min_per_year",
                                       "outages",
                                       "outage_total_min",
                                       "mean_outage_min",
                                       "p95_outage_min",
                                       "first_outage_total_h",
                                       "trials_with_an_outage",
                                       "mttff_h",
                                       "request_availability",
                                       "cost",
                                       "cost_per_hour",
                                       "useful_node_h",
                                       "cost_per_useful_node_h",
                                       "cost_nodes",
                                       "cost_spares",
                                       "cost_crews",
                                       "cost_repairs",
                                       "cost_downtime",
                                       "cost_storage",
                                       "restores_tier",
                                       "skipped_tier",
                                       "checkpoint_tier",
                                       "restart_tier",
                                       "trace_failures",
                                       "trace_skipped",
                                       "events"};
    /* the storage tiers' rows: METRIC_MAX_TIERS of each family, PREFIXtierK[_h] */
    int n = (int)(sizeof want / sizeof want[0]), tiers = 4;
    assert_int_equal(METRIC_N, n - tiers + tiers * METRIC_MAX_TIERS);
    for (int i = 0, w = 0; w < n; w++) {
        if (!strstr(want[w], "_tier")) {
            assert_string_equal(metric_table[i].name, want[w]);
            assert_int_equal(metric_index(want[w]), i);
            assert_int_equal(metric_tier(i), -1);
            i++;
            continue;
        }
        for (int k = 0; k < METRIC_MAX_TIERS; k++, i++) {
            char name[64];
            snprintf(name, sizeof name, "%s%d%s", want[w], k,
                     strncmp(want[w], "restores", 8) && strncmp(want[w], "skipped", 7) ? "_h" : "");
            assert_string_equal(metric_table[i].name, name);
            assert_int_equal(metric_tier(i), k);
        }
    }
    assert_int_equal(metric_index("nonesuch"), -1);
    assert_int_equal(metric_index(""), -1);
}

/* metric_value reads the field of the same name: each field set to a distinct value comes back
 * under its own index and no other. */
static void each_name_reads_its_own_field(void **state)
{
    (void)state;
    metric_row r;
    memset(&r, 0, sizeof r);
#define SET_(name, kind, ...) r.name = (METRIC_CTYPE_##kind)(METRIC_##name + 1);
    METRIC_TABLE(SET_)
#undef SET_
    for (int i = 0; i < METRIC_N; i++)
        assert_close(metric_value(&r, i), i + 1, 0, 0);
    assert_true(isnan(metric_value(&r, -1)));
    assert_true(isnan(metric_value(&r, METRIC_N)));
    /* counts are integers, durations end in _h (but a price per hour: cost_per_..._h), ratios
     * lie in [0, 1] by their names */
    for (int i = 0; i < METRIC_N; i++) {
        size_t len = strlen(metric_table[i].name);
        int hours = len > 2 && strcmp(metric_table[i].name + len - 2, "_h") == 0 &&
                    strncmp(metric_table[i].name, "cost_per_", 9) != 0;
        assert_int_equal(hours, metric_table[i].kind == METRIC_KIND_HOURS);
        assert_int_equal(metric_is_count(i), metric_table[i].kind == METRIC_KIND_COUNT);
        assert_non_null(metric_table[i].label);
        assert_true(strlen(metric_table[i].label) > 0);
    }
}

/* The terminal shows the headline metrics first (goodput, availability, makespan_h), then the
 * others in table order; without a job, the hardware's five. */
static void the_terminal_lists_headlines_first(void **state)
{
    (void)state;
    int idx[METRIC_N];
    static const char *const job[] = {
        "goodput",          "availability",  "makespan_h",       "completed",
        "failures",         "useful_h",      "unsaved_h",        "lost_h",
        "checkpoint_h",     "restart_h",     "down_h",           "wait_spare_h",
        "process_failures", "checkpoints",   "full_checkpoints", "incremental_checkpoints",
        "sdc_strikes",      "sdc_recovered", "sdc_unrecoverable", "interruptions",
        "rpo_h",            "rto_h",         "async_lost",       "storage_wait_h",
        "domain_failures",  "domain_down_h", "domain_down_share", "max_slots_down",
        "maintenances",     "maintenances_skipped", "maintenance_h",
        "manual_repairs",   "failed_repairs", "lemon_failures",  "retired",
        "replacements",
        "site_failures",    "site_rpo_h",    "site_rto_h",       "site_copy_age_h",
        "remote_copies",    "cost",          "cost_per_hour",    "useful_node_h",
        "cost_per_useful_node_h",
        "restores_tier0",   "restores_tier1", "restores_tier2",  "restores_tier3",
        "restores_tier4",   "restores_tier5", "skipped_tier0",   "skipped_tier1",
        "skipped_tier2",    "skipped_tier3",  "skipped_tier4",   "skipped_tier5",
        "trace_failures",   "trace_skipped"};
    int n = metric_select(METRIC_TERM_JOB, idx);
    assert_int_equal(n, sizeof job / sizeof job[0]);
    for (int k = 0; k < n; k++)
        assert_string_equal(metric_table[idx[k]].name, job[k]);
    static const char *const hw[] = {"availability",    "failures",      "down_h",
                                     "wait_spare_h",    "process_failures", "domain_failures",
                                     "domain_down_h",   "domain_down_share", "max_slots_down",
                                     "maintenances",    "maintenances_skipped", "maintenance_h",
                                     "manual_repairs",  "failed_repairs", "lemon_failures",
                                     "retired",         "replacements",
                                     "site_failures",   "service_availability",
                                     "downtime_min_per_year", "outages", "mean_outage_min",
                                     "p95_outage_min",  "mttff_h",       "request_availability",
                                     "cost",            "cost_per_hour", "useful_node_h",
                                     "cost_per_useful_node_h", "trace_failures", "trace_skipped"};
    n = metric_select(METRIC_TERM_HW, idx);
    assert_int_equal(n, sizeof hw / sizeof hw[0]);
    for (int k = 0; k < n; k++)
        assert_string_equal(metric_table[idx[k]].name, hw[k]);
    /* no flag: every metric once */
    assert_int_equal(metric_select(0, idx), METRIC_N);
    int seen[METRIC_N] = {0};
    for (int k = 0; k < METRIC_N; k++)
        seen[idx[k]]++;
    for (int i = 0; i < METRIC_N; i++)
        assert_int_equal(seen[i], 1);
}

/* The sweep metrics, in sweep.csv's column order, their count as a constant, the ones where
 * higher is better, and the list that messages print. */
static void the_sweep_metrics_and_their_order(void **state)
{
    (void)state;
    int idx[METRIC_N];
    int n = metric_select(METRIC_SWEEP, idx);
    assert_int_equal(n, METRIC_N_SWEEP);
    char names[256];
    metric_list_names(METRIC_SWEEP, names, sizeof names);
    assert_string_equal(names, "goodput, availability, makespan_h, lost_h or checkpoints");
    for (int k = 0; k < n; k++) {
        int higher = (metric_table[idx[k]].flags & METRIC_HIGHER) != 0;
        assert_int_equal(higher, k < 2); /* goodput and availability */
    }
    /* a buffer too short is cut, never overrun, and stays a string */
    char small[8];
    memset(small, 'x', sizeof small);
    metric_list_names(METRIC_SWEEP, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}


/* The columns of a scenario with tiers: a tier's rows take its name, the rows of tier slots it
 * does not have and the tiers' figures without tiers are left out. */
static void tier_rows_are_named_after_the_tiers(void **state)
{
    (void)state;
    const char *names[2] = {"local", "pfs"};
    char buf[METRIC_NAME_MAX];
    metric_scope two = {names, 2, METRIC_NEEDS_TIERS}, none = {names, 0, 0};
    assert_string_equal(metric_column(METRIC_restores_tier0, &two, buf), "restores_local");
    assert_string_equal(metric_column(METRIC_checkpoint_tier1_h, &two, buf),
                        "checkpoint_pfs_h");
    assert_string_equal(metric_column(METRIC_skipped_tier1, &two, buf), "skipped_pfs");
    assert_null(metric_column(METRIC_restart_tier2_h, &two, buf));
    assert_null(metric_column(METRIC_restores_tier0, &none, buf));
    assert_string_equal(metric_column(METRIC_async_lost, &two, buf), "async_lost");
    assert_null(metric_column(METRIC_async_lost, &none, buf));
    assert_null(metric_column(METRIC_storage_wait_h, &none, buf));
    assert_string_equal(metric_column(METRIC_rpo_h, &none, buf), "rpo_h");
    assert_null(metric_column(METRIC_rpo_total_h, &none, buf)); /* hidden: rpo_h x interruptions */
    assert_null(metric_column(-1, &none, buf));
    int num, den;
    assert_true(metric_ratio(METRIC_rpo_h, &num, &den));
    assert_int_equal(num, METRIC_rpo_total_h);
    assert_int_equal(den, METRIC_interruptions);
}

/* The costs are columns only with [cost]; cost_per_hour and cost_per_useful_node_h are ratios of
 * totals over the visible cost. */
static void cost_rows_only_with_costs(void **state)
{
    (void)state;
    char buf[METRIC_NAME_MAX];
    metric_scope cost = {NULL, 0, METRIC_NEEDS_COST}, svc = {NULL, 0, METRIC_NEEDS_SERVICE};
    static const int rows[] = {METRIC_cost,         METRIC_cost_per_hour, METRIC_useful_node_h,
                               METRIC_cost_per_useful_node_h, METRIC_cost_nodes,
                               METRIC_cost_spares,  METRIC_cost_crews,    METRIC_cost_repairs,
                               METRIC_cost_downtime, METRIC_cost_storage};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_string_equal(metric_column(rows[i], &cost, buf), metric_table[rows[i]].name);
        assert_null(metric_column(rows[i], &svc, buf));
        assert_true(metric_table[rows[i]].flags & METRIC_REPORT);
    }
    int num, den;
    assert_true(metric_ratio(METRIC_cost_per_hour, &num, &den));
    assert_int_equal(num, METRIC_cost);
    assert_int_equal(den, METRIC_makespan_h);
    assert_true(metric_ratio(METRIC_cost_per_useful_node_h, &num, &den));
    assert_int_equal(num, METRIC_cost);
    assert_int_equal(den, METRIC_useful_node_h);
    assert_false(metric_table[METRIC_cost_per_useful_node_h].flags & METRIC_HIGHER);
    assert_true(metric_table[METRIC_useful_node_h].flags & METRIC_HIGHER);
}

/* The service's rows are columns only with a [service]; the numerators of its two ratios are
 * none at all (the ratio times its denominator gives them back). */
static void service_rows_only_with_a_service(void **state)
{
    (void)state;
    char buf[METRIC_NAME_MAX];
    metric_scope svc = {NULL, 0, METRIC_NEEDS_SERVICE}, none = {NULL, 0, 0};
    assert_string_equal(metric_column(METRIC_service_availability, &svc, buf),
                        "service_availability");
    assert_null(metric_column(METRIC_service_availability, &none, buf));
    assert_null(metric_column(METRIC_outage_total_min, &svc, buf));
    assert_null(metric_column(METRIC_first_outage_total_h, &svc, buf));
    assert_string_equal(metric_column(METRIC_trials_with_an_outage, &svc, buf),
                        "trials_with_an_outage");
    int num, den;
    assert_true(metric_ratio(METRIC_mean_outage_min, &num, &den));
    assert_int_equal(num, METRIC_outage_total_min);
    assert_int_equal(den, METRIC_outages);
    assert_true(metric_ratio(METRIC_mttff_h, &num, &den));
    assert_int_equal(num, METRIC_first_outage_total_h);
    assert_int_equal(den, METRIC_trials_with_an_outage);
}

/* Planned maintenance's rows are columns only in scenarios with [maintenance]. */
static void maintenance_rows_only_with_maintenance(void **state)
{
    (void)state;
    char buf[METRIC_NAME_MAX];
    metric_scope m = {NULL, 0, METRIC_NEEDS_MAINT}, none = {NULL, 0, 0};
    int rows[] = {METRIC_maintenances, METRIC_maintenances_skipped, METRIC_maintenance_h};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        assert_string_equal(metric_column(rows[k], &m, buf), metric_table[rows[k]].name);
        assert_null(metric_column(rows[k], &none, buf));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_columns_of_trials_csv_in_order),
        cmocka_unit_test(tier_rows_are_named_after_the_tiers),
        cmocka_unit_test(service_rows_only_with_a_service),
        cmocka_unit_test(cost_rows_only_with_costs),
        cmocka_unit_test(maintenance_rows_only_with_maintenance),
        cmocka_unit_test(each_name_reads_its_own_field),
        cmocka_unit_test(the_terminal_lists_headlines_first),
        cmocka_unit_test(the_sweep_metrics_and_their_order),
    };
    return cmocka_run_group_tests_name("metric", tests, NULL, NULL);
}
