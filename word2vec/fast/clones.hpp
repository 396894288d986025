#pragma once
// MINIDL_CLONES before a hot function: one build for every x86-64 CPU, with an AVX2+FMA copy that
// the loader picks on CPUs that have it (GCC function multiversioning, an ifunc): twice the floats
// per instruction without -march=native. Off when the build already targets the CPU
// (MINIDL_NATIVE), in the double build (only tests use it), and on other compilers.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__AVX2__) && \
    !defined(MINIDL_DOUBLE) && !defined(__SANITIZE_ADDRESS__)
#define MINIDL_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define MINIDL_CLONES
#endif
