/* The entry point every fuzz target defines: libFuzzer calls it, and so
 * does regression_driver.c when the corpus is replayed. Returns 0. */
#ifndef FUZZ_TARGET_H
#define FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
