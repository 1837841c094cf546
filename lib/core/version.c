/* Run-time version: what the loaded library is, whatever the headers said. */
#include "retention/version.h"

const char *rt_version(void)
{
    return RT_VERSION_STRING;
}

uint32_t rt_version_number(void)
{
    return RT_VERSION_NUMBER;
}
