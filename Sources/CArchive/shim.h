#ifndef IOMEM_AUDIT_CARCHIVE_SHIM_H
#define IOMEM_AUDIT_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>

/* AE_IFREG and AE_IFDIR are cast macros Swift cannot import. */
static inline int carchive_entry_is_regular(struct archive_entry *e) {
  return archive_entry_filetype(e) == AE_IFREG;
}
static inline int carchive_entry_is_directory(struct archive_entry *e) {
  return archive_entry_filetype(e) == AE_IFDIR;
}
#endif
