// Opens a region compiled for AVX2+FMA; close it with target_end.h. Included
// (not guarded) once per region, after every generic header, so that no
// inline function of a shared header gets an AVX2-compiled definition.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#pragma GCC diagnostic push
#endif
