#include <retention.h>

int main(void)
{
    double crr;
    if (rt_retention_rate(50000, 40000, 1000, &crr) != RT_OK)
        return 1;
    return crr > 0.7799 && crr < 0.7801 ? 0 : 1;
}
