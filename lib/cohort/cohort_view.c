/* The read-only view of a cohort that metrics and clv compute from. */
#include "cohort/cohort_view.h"

#include "cohort/cohort_state.h"

_Static_assert(RTI_VIEW_NO_START == RTI_NO_START, "the view reads the cohort's marker");

void rti_cohort_view_of(const rt_cohort *c, rti_cohort_view *v)
{
    *v = (rti_cohort_view){
        .cohort = c,
        .alloc = c->alloc,
        .utc_offset_seconds = c->utc_offset_seconds,
        .first_weekday = c->first_weekday,
        .wau_window_days = c->wau_window_days,
        .mau_window_days = c->mau_window_days,
        .inactivity_days = c->inactivity_days,
        .threads = c->threads,
        .id_map = &c->id_map,
        .ids = c->ids,
        .segments = c->segments,
        .start_day = c->start_day,
        .customer_count = c->customer_count,
        .event_customer = c->event_customer,
        .event_day = c->event_day,
        .event_count = c->event_count,
        .first_day = c->first_day,
        .last_day = c->last_day,
        .purchase_customer = c->purchase_customer,
        .purchase_day = c->purchase_day,
        .purchase_amount = c->purchase_amount,
        .purchase_count = c->purchase_count,
        .subscription_customer = c->subscription_customer,
        .subscription_start = c->subscription_start,
        .subscription_end = c->subscription_end,
        .subscription_mrr = c->subscription_mrr,
        .subscription_count = c->subscription_count,
        .start_count = c->starts_received,
        .start_first_day = c->start_first_day,
        .start_last_day = c->start_last_day,
        .late_customer = c->late_customer,
        .late_day = c->late_day,
        .late_count = c->late_count,
    };
}
