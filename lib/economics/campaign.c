/* Retention campaigns: each customer's expected worth and break-even
 * incentive from the offer formulas (lib/formulas/value.c), ranked by
 * rt_clv_rank (lib/clv/rank.c), and the campaign's totals. */
#include <math.h>
#include <string.h>

#include "core/check.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/sized_struct.h"
#include "retention/clv_value.h"
#include "retention/economics.h"
#include "retention/formulas.h"

static const char fn[] = "rt_campaign_plan";

rt_status rt_campaign_options_init(rt_campaign_options *options, size_t size)
{
    return rti_sized_struct_init(options, size, NULL, sizeof *options, "rt_campaign_options_init");
}

rt_status rt_campaign_result_init(rt_campaign_result *result, size_t size)
{
    return rti_sized_struct_init(result, size, NULL, sizeof *result, "rt_campaign_result_init");
}

static double save_rate(const rt_campaign_options *o, size_t i)
{
    return o->save_rates != NULL ? o->save_rates[i] : o->save_rate;
}

/* Every input the offer formulas will see, checked here so that a failure
 * names rt_campaign_plan and the customer. */
static rt_status check_inputs(const double *values, size_t count, const rt_campaign_options *o)
{
    RTI_TRY(rti_check_nonnegative(o->incentive, fn, "incentive"));
    if (o->save_rates == NULL)
        RTI_TRY(rti_check_probability(o->save_rate, fn, "save_rate"));
    for (size_t i = 0; i < count; i++) {
        if (!(values[i] >= 0.0 && isfinite(values[i])))
            return rti_fail(RT_EINVAL, "%s: values[%zu] %g must be finite and >= 0", fn, i,
                            values[i]);
        double p = save_rate(o, i);
        if (!(p >= 0.0 && p <= 1.0))
            return rti_fail(RT_EINVAL, "%s: save_rates[%zu] %g is outside [0, 1]", fn, i, p);
    }
    return RT_OK;
}

static rt_status check_outputs(const double *values, size_t count, const size_t *order,
                               size_t capacity, const rt_campaign_result *result)
{
    if (result == NULL)
        return rti_fail(RT_EINVAL, "%s: output result is NULL", fn);
    if (result->size < sizeof *result)  /* 1.0 is the first version of the struct */
        return rti_fail(RT_EINVAL, "%s: result size %zu is smaller than any version of the "
                        "struct; initialise it with rt_campaign_result_init", fn,
                        result->size);
    if (values == NULL && count > 0)
        return rti_fail(RT_EINVAL, "%s: values is NULL", fn);
    if (order == NULL && capacity > 0)
        return rti_fail(RT_EINVAL, "%s: order is NULL but capacity is %zu", fn, capacity);
    return RT_OK;
}

/* The totals over every customer, given each one's expected worth. */
static void total(const double *values, const double *worth, size_t count,
                  const rt_campaign_options *o, rt_campaign_result *t)
{
    *t = (rt_campaign_result){.size = sizeof *t, .customers = count};
    for (size_t i = 0; i < count; i++) {
        t->expected_profit_all += worth[i];
        if (worth[i] <= 0.0)
            continue;
        t->worth_offering++;
        t->expected_saves += save_rate(o, i);
        t->expected_saved_value += save_rate(o, i) * values[i];
        t->cost += o->incentive;
        t->expected_profit += worth[i];
    }
}

rt_status rt_campaign_plan(const double *values, size_t count,
                           const rt_campaign_options *options, size_t *order,
                           double *break_even, double *worth, size_t capacity,
                           rt_campaign_result *result)
{
    if (options == NULL)
        return rti_fail(RT_EINVAL, "%s: options is NULL", fn);
    rt_campaign_options o;
    rt_campaign_options_init(&o, sizeof o);
    RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size,
                                  "rt_campaign_options"));
    RTI_TRY(check_outputs(values, count, order, capacity, result));
    RTI_TRY(check_inputs(values, count, &o));
    rti_allocator alloc;
    RTI_TRY(rti_allocator_resolve(&alloc, o.allocator, fn));
    double *all_worth = count > 0 ? rti_alloc_array(&alloc, count, sizeof *all_worth) : NULL;
    if (count > 0 && all_worth == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory for %zu customers", fn, count);
    for (size_t i = 0; i < count; i++)  /* inputs checked: cannot fail */
        rt_offer_worth(save_rate(&o, i), values[i], o.incentive, &all_worth[i]);
    rt_campaign_result totals;
    total(values, all_worth, count, &o, &totals);
    if (!isfinite(totals.expected_saved_value) || !isfinite(totals.cost) ||
        !isfinite(totals.expected_profit_all)) {
        rti_free(&alloc, all_worth);
        return rti_fail(RT_EUNDEFINED, "%s: the campaign's totals overflow a double", fn);
    }
    size_t ranked = capacity < count ? capacity : count;
    rt_clv_rank(all_worth, count, order, ranked, NULL);
    for (size_t r = 0; r < ranked; r++) {
        if (break_even != NULL)
            rt_offer_break_even_cost(save_rate(&o, order[r]), values[order[r]], &break_even[r]);
        if (worth != NULL)
            worth[r] = all_worth[order[r]];
    }
    totals.size = result->size;
    memcpy(result, &totals, sizeof totals);
    rti_free(&alloc, all_worth);
    return RT_OK;
}
