// The C host again from C++: RAII through std::unique_ptr with the library's
// own deleters, which proves the headers are C++-clean.
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include <retention.h>

using cohort_ptr = std::unique_ptr<rt_cohort, decltype(&rt_cohort_free)>;
using metrics_ptr = std::unique_ptr<rt_metrics, decltype(&rt_metrics_free)>;

static void check(rt_status st)
{
    if (st != RT_OK)
        throw std::runtime_error(std::string(rt_strerror(st)) + ": " + rt_last_error_message());
}

static cohort_ptr new_cohort()
{
    rt_cohort *c = nullptr;
    check(rt_cohort_new(nullptr, &c));
    return cohort_ptr(c, &rt_cohort_free);
}

static metrics_ptr compute(const rt_cohort *c)
{
    rt_metrics *m = nullptr;
    check(rt_cohort_metrics(c, nullptr, &m));
    return metrics_ptr(m, &rt_metrics_free);
}

int main()
{
    const int64_t day = 86400, start = int64_t{20148} * day;
    std::vector<uint64_t> ids{1, 2, 3, 1, 2, 1, 1, 3};
    std::vector<int64_t> times{start, start, start + 3600, start + day, start + 2 * day,
                               start + 3 * day, start + 6 * day, start + 6 * day};
    try {
        cohort_ptr cohort = new_cohort();
        check(rt_cohort_add_events(cohort.get(), ids.data(), times.data(), ids.size(), nullptr));
        metrics_ptr metrics = compute(cohort.get());
        double mean = 0, ratio = 0;
        check(rt_metrics_stickiness(metrics.get(), 20148, 20154, &mean, &ratio));
        std::printf("stickiness (DAU/MAU) over the week: mean of days %.3f, sum ratio %.3f\n",
                    mean, ratio);
        uint64_t size = 0, active = 0;
        uint32_t observed = 0;
        check(rt_metrics_cohort(metrics.get(), 0, nullptr, &size));
        std::printf("cohort of 2025-03-01 (%llu customers), share active k days later:",
                    static_cast<unsigned long long>(size));
        for (uint32_t k = 0; k < rt_metrics_offset_count(metrics.get()); k++) {
            check(rt_metrics_retention(metrics.get(), RT_RETENTION_EXACT, 0, k, &active,
                                       &observed));
            std::printf(" %.0f%%", 100.0 * double(active) / double(size));
        }
        std::printf("\n");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
