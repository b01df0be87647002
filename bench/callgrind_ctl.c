/*
 * Callgrind client requests for Python (ctypes): bench/tone_speed.py --instructions loads this to
 * count only the part it measures. Outside valgrind each call is a no-op.
 *
 * Build: gcc -O2 -shared -fPIC -o /tmp/callgrind_ctl.so bench/callgrind_ctl.c
 */
#include <valgrind/callgrind.h>

void cg_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void cg_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
void cg_zero(void) { CALLGRIND_ZERO_STATS; }
void cg_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
int cg_running(void) { return (int)RUNNING_ON_VALGRIND; }
