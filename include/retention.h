/**
 * @file retention.h
 * @brief libretention: the math of customer retention. Include this header.
 *
 * It includes one header per concept; see the modules list of the reference.
 */
#ifndef RETENTION_H
#define RETENTION_H

#include "retention/version.h"
#include "retention/status.h"
#include "retention/alloc.h"
#include "retention/serialize.h"
#include "retention/formulas.h"
#include "retention/cohort.h"
#include "retention/customer.h"
#include "retention/metrics.h"
#include "retention/churn.h"
#include "retention/frequency.h"
#include "retention/risk.h"
#include "retention/clv.h"
#include "retention/clv_value.h"
#include "retention/summary.h"
#include "retention/compare.h"
#include "retention/revenue.h"
#include "retention/economics.h"

#endif /* RETENTION_H */
