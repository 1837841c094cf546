/* Prints the retention formulas on the worked examples of the README.
 * Build against an installed libretention with:
 *   cc formulas.c $(pkg-config --cflags --libs retention) -o formulas */
#include <stdio.h>

#include <retention.h>

/* Prints one line, or the library's message when the call failed. The value
 * is read through a pointer: the call that writes it is an argument of the
 * same call to show(), and C leaves the order of arguments unspecified. */
static int show(const char *label, rt_status st, const double *value, const char *unit)
{
    if (st != RT_OK) {
        fprintf(stderr, "%s: %s (%s)\n", label, rt_strerror(st), rt_last_error_message());
        return 1;
    }
    if (unit[0] == '%')
        printf("%-48s %10.1f %%\n", label, 100.0 * *value);
    else if (unit[0] == 'x')  /* a ratio: one more digit */
        printf("%-48s %10.3f %s\n", label, *value, unit);
    else
        printf("%-48s %10.2f%s%s\n", label, *value, unit[0] ? " " : "", unit);
    return 0;
}

int main(void)
{
    double v;
    int failures = 0;
    printf("libretention %s: the formulas on worked examples\n\n", rt_version());

    failures += show("Churn: 150 lost of 1,000", rt_churn_rate(150, 1000, &v), &v, "%");
    failures += show("CRR: S 50,000, N 1,000, E 40,000",
                     rt_retention_rate(50000, 40000, 1000, &v), &v, "%");
    failures += show("Repeat purchase: 900 of 2,000 came back",
                     rt_repeat_purchase_rate(2000, 900, &v), &v, "%");
    failures += show("Stickiness: DAU 20, MAU 100", rt_stickiness(20, 100, &v), &v, "%");
    failures += show("Viral K: 5 invites x 10 % conversion",
                     rt_viral_coefficient(5.0, 0.10, &v), &v, "");
    failures += show("Expected lifetime at 5 % churn", rt_expected_lifetime(0.05, &v), &v,
                     "periods");
    failures += show("CLV: margin 100, retention 80 %, discount 10 %",
                     rt_clv_simple(100.0, 0.80, 0.10, &v), &v, "");
    failures += show("  same, over 3 periods only",
                     rt_clv_finite(100.0, 0.80, 0.10, 3, &v), &v, "");
    failures += show("SaaS LTV: ARPA 100, margin 80 %, churn 2 %",
                     rt_clv_saas(100.0, 0.80, 0.02, &v), &v, "");
    failures += show("CLV lift from retention 80 % -> 85 %",
                     rt_clv_retention_lift(0.80, 0.85, 0.10, &v), &v, "x CLV");
    failures += show("Offer: 30 % saves a 500 customer, costs 100",
                     rt_offer_worth(0.30, 500.0, 100.0, &v), &v, "");
    failures += show("  break-even offer cost",
                     rt_offer_break_even_cost(0.30, 500.0, &v), &v, "");
    return failures == 0 ? 0 : 1;
}
