// Opens a region compiled for AVX-512 (F, BW, DQ, VL); close it with
// target_end.h. Included (not guarded) once per region, after every generic
// header, so that no inline function of a shared header gets an
// AVX-512-compiled definition.
#if defined(__clang__)
#pragma clang attribute push( \
    __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")
#pragma GCC diagnostic push
// GCC 12's AVX-512 headers trip -Wuninitialized on their own
// _mm512_undefined_* placeholders once inlined here (GCC bug 105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
