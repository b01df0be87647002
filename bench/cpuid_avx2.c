/*
 * LD_PRELOAD shim that makes this process see an AVX2-only x86 CPU (a Zen 3 / Haswell-class view):
 * the AVX-512 family, AVX-VNNI, AVX512-BF16/FP16 and AMX bits are cleared from CPUID, everything
 * else is the real CPU. Used by bench/tone_speed.py --hide-avx512 to time onnxruntime's AVX2 code
 * path natively on an AVX-512 machine.
 *
 * How: Linux CPUID faulting (arch_prctl ARCH_SET_CPUID, needs the `cpuid_fault` flag in
 * /proc/cpuinfo) turns every CPUID instruction into SIGSEGV; the handler runs the real CPUID with
 * faulting briefly off, masks the result and steps over the instruction. The setting is inherited
 * by threads created later. Only libraries that query CPUID after this constructor runs are
 * fooled: onnxruntime/MLAS and numpy are (they load later); glibc's own ifunc choices (memcpy)
 * are made before and keep their AVX-512 variants, which barely matters here.
 *
 * Build: gcc -O2 -shared -fPIC -o /tmp/cpuid_avx2.so bench/cpuid_avx2.c
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static int set_cpuid(int enabled) { return (int)syscall(SYS_arch_prctl, ARCH_SET_CPUID, enabled); }

static void mask(unsigned leaf, unsigned sub, unsigned *a, unsigned *b, unsigned *c, unsigned *d) {
    if (leaf == 7 && sub == 0) {
        /* EBX: AVX512F 16, DQ 17, IFMA 21, PF 26, ER 27, CD 28, BW 30, VL 31 */
        *b &= ~((1u << 16) | (1u << 17) | (1u << 21) | (1u << 26) | (1u << 27) | (1u << 28) |
                (1u << 30) | (1u << 31));
        /* ECX: VBMI 1, VBMI2 6, VNNI 11, BITALG 12, VPOPCNTDQ 14 */
        *c &= ~((1u << 1) | (1u << 6) | (1u << 11) | (1u << 12) | (1u << 14));
        /* EDX: 4VNNIW 2, 4FMAPS 3, VP2INTERSECT 8, AMX-BF16 22, FP16 23, AMX-TILE 24, AMX-INT8 25 */
        *d &= ~((1u << 2) | (1u << 3) | (1u << 8) | (1u << 22) | (1u << 23) | (1u << 24) |
                (1u << 25));
    } else if (leaf == 7 && sub == 1) {
        /* EAX: AVX-VNNI 4, AVX512-BF16 5, AVX-IFMA 23; EDX: AVX-VNNI-INT8 4, AVX-NE-CONVERT 5 */
        *a &= ~((1u << 4) | (1u << 5) | (1u << 23));
        *d &= ~((1u << 4) | (1u << 5));
    }
    (void)d;
}

static void on_segv(int sig, siginfo_t *info, void *ctx) {
    ucontext_t *uc = (ucontext_t *)ctx;
    greg_t *r = uc->uc_mcontext.gregs;
    const unsigned char *ip = (const unsigned char *)r[REG_RIP];
    (void)info;
    if (ip[0] == 0x0f && ip[1] == 0xa2) {
        unsigned leaf = (unsigned)r[REG_RAX], sub = (unsigned)r[REG_RCX], a, b, c, d;
        set_cpuid(1);
        __cpuid_count(leaf, sub, a, b, c, d);
        set_cpuid(0);
        mask(leaf, sub, &a, &b, &c, &d);
        r[REG_RAX] = a;
        r[REG_RBX] = b;
        r[REG_RCX] = c;
        r[REG_RDX] = d;
        r[REG_RIP] += 2;
        return;
    }
    signal(sig, SIG_DFL); /* a real fault: re-executed with the default action */
}

__attribute__((constructor)) static void hide_avx512(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, NULL) != 0 || set_cpuid(0) != 0) {
        fprintf(stderr, "cpuid_avx2: CPUID faulting unavailable; AVX-512 NOT hidden\n");
        if (getenv("CPUID_AVX2_REQUIRED")) _exit(3);
        return;
    }
    setenv("CPUID_AVX2_ACTIVE", "1", 1);
}
