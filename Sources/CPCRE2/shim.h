#ifndef IOMEM_AUDIT_CPCRE2_SHIM_H
#define IOMEM_AUDIT_CPCRE2_SHIM_H
/* Swift sees only the 8-bit API: the generic pcre2_* names are macros. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

/* PCRE2_ZERO_TERMINATED is a cast macro Swift cannot import. */
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
#endif
