#ifndef IOMEM_AUDIT_CBYTEINPUT_SHIM_H
#define IOMEM_AUDIT_CBYTEINPUT_SHIM_H
/* The C library calls the byte-input target needs beyond what Swift's Glibc module shows. */
#include <stddef.h>

/* GNU extensions, declared here because Glibc's Swift module is built without _GNU_SOURCE. */
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
void *memrchr(const void *s, int c, size_t n);
#endif
