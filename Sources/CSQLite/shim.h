#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call.
// Memory statistics make every allocation take a global mutex; kb reads none of them.
static inline int kb_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
