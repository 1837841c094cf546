/* The API call-stream target's state and operations. Every event goes to
 * cohort ALL and, split by the parity of the customer id, to EVEN or ODD;
 * so metrics of EVEN merged with ODD must equal those of ALL, and every
 * count of ALL is the sum of the two. ALL (and the histogram) allocate
 * through the failing allocator; EVEN and ODD through the C library. */
#ifndef FUZZ_API_H
#define FUZZ_API_H

#include <stddef.h>
#include <stdint.h>

#include <retention.h>

#include "fuzz_input.h"

enum { ALL = 0, EVEN = 1, ODD = 2, COHORTS = 3 };

/* Records per bulk call, and per input, so that one input stays quick. */
enum { MAX_BATCH = 64, MAX_RECORDS = 4096 };

/* The id of the standalone rt_customer's events in the cohorts; fuzz_id()
 * never gives it, so its snapshot must equal the standalone customer. */
#define STANDALONE_ID FUZZ_RESERVED_ID

typedef struct api_state {
    fuzz_input in;
    rt_cohort_options options;     /* of the three cohorts and the customer */
    rt_cohort *cohort[COHORTS];
    rt_customer *customer;         /* standalone, its events also under STANDALONE_ID */
    rt_rfm *rfm;                   /* the latest summary, and rows added to it */
    size_t records_left;
} api_state;

/* The cohort an id belongs to besides ALL. */
int part_of(uint64_t id);
/* How many records the next bulk call gets (at most what is left). */
size_t take_batch(api_state *s);

void op_add_events(api_state *s);
void op_add_purchases(api_state *s);
void op_add_subscriptions(api_state *s);
void op_add_late_payment(api_state *s);
void op_set_segments(api_state *s);
void op_customer(api_state *s);
void op_standalone(api_state *s);
void op_metrics(api_state *s);
void op_merge(api_state *s);
void op_rfm_summary(api_state *s);
void op_rfm_add(api_state *s);
void op_bgnbd(api_state *s);
void op_pareto_nbd(api_state *s);
void op_gamma_gamma(api_state *s);
void op_sbg(api_state *s);
void op_churn(api_state *s);
void op_frequency(api_state *s);

/* Checks every getter of computed metrics against the invariants; the
 * customers of the cohort they came from bound every count. */
void check_metrics(const rt_metrics *m, const rt_cohort_options *co, uint64_t customers);
/* Every getter of a and b agrees. */
void check_metrics_equal(const rt_metrics *a, const rt_metrics *b);

#endif
