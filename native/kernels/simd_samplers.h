// The samplers of ../samplers.h written once for every SIMD instruction set.
//
// V is an instruction set's vector-ops struct (avx2.cc, avx512.cc, neon.cc):
// vector types I (uint32 lanes), F (float32 lanes), Mask, and one function per
// operation. Every function below performs, lane by lane, exactly the float32
// operations of its scalar twin in the same order, so each lane is
// bit-identical to the scalar result.
//
// Include only inside an instruction set's target region (see simd_fill.h).
#pragma once
#include <cstddef>
#include <cstdint>

#include "../samplers.h"
#include "simd_pack.h"

namespace weightinit {
namespace simd {

template <class V, size_t N>
inline typename V::F horner(const float (&c)[N], typename V::F t) {
  typename V::F acc = V::splat(c[0]);
  for (size_t i = 1; i < N; ++i) acc = V::add(V::mul(acc, t), V::splat(c[i]));
  return acc;
}

// logf32 of samplers.h.
template <class V>
inline typename V::F logf32(typename V::F x) {
  using I = typename V::I;
  using F = typename V::F;
  const I bits = V::asInt(x);
  I e = V::subInt(V::template shiftRight<23>(bits), V::splatInt(127));
  F m = V::asFloat(V::orInt(V::andInt(bits, V::splatInt(0x007FFFFFu)), V::splatInt(0x3F800000u)));
  const typename V::Mask big = V::greater(m, V::splat(kSqrt2));
  m = V::select(big, V::mul(m, V::splat(0.5f)), m);
  e = V::selectInt(big, V::addInt(e, V::splatInt(1)), e);
  const F f = V::sub(m, V::splat(1.0f));
  const F z = V::mul(f, f);
  F y = horner<V>(kLogP, f);
  y = V::mul(y, f);
  y = V::mul(y, z);
  const F fe = V::toFloat(e);
  y = V::add(y, V::mul(fe, V::splat(kLn2Lo)));
  y = V::sub(y, V::mul(V::splat(0.5f), z));
  F r = V::add(f, y);
  r = V::add(r, V::mul(fe, V::splat(kLn2Hi)));
  return r;
}

// The erfinv(x)/x polynomials of normalQuantile for lanes with w >= 5: the
// tail one for w < 16, the far-tail one otherwise (and for NaN, as the scalar
// if/else chain does). Each is evaluated only when some lane needs it.
template <class V>
struct OuterBranches {
  static typename V::F blend(typename V::F w, typename V::Mask central,
                             typename V::F centralValue) {
    using F = typename V::F;
    const typename V::Mask tail = V::less(w, V::splat(16.0f));
    const F s = V::sqrt(w);
    F r;
    if (!V::any(tail)) {
      r = horner<V>(kErfinvFarTail, V::sub(s, V::splat(6.0f)));
    } else {
      r = horner<V>(kErfinvTail, V::sub(s, V::splat(3.0f)));
      if (!V::all(tail))
        r = V::select(tail, r, horner<V>(kErfinvFarTail, V::sub(s, V::splat(6.0f))));
    }
    return V::select(central, centralValue, r);
  }
};

// A group decides vector by vector: the few lanes outside the central range
// then cost one vector's work, not the whole group's.
template <class V, size_t K>
struct OuterBranches<Packed<V, K>> {
  using G = Packed<V, K>;
  static typename G::F blend(const typename G::F& w, const typename G::Mask& central,
                             typename G::F r) {
    for (size_t k = 0; k < K; ++k) {
      if (!V::all(central.v[k])) r.v[k] = OuterBranches<V>::blend(w.v[k], central.v[k], r.v[k]);
    }
    return r;
  }
};

// normalQuantile of samplers.h. The central polynomial (w < 5) serves nearly
// every lane of a normal draw, so it is evaluated for all lanes.
template <class V>
inline typename V::F normalQuantile(typename V::F p, typename V::F q) {
  using F = typename V::F;
  const F x = V::sub(p, q);
  const F w = V::neg(logf32<V>(V::mul(V::mul(V::splat(4.0f), p), q)));
  const typename V::Mask central = V::less(w, V::splat(5.0f));
  F r = horner<V>(kErfinvCentral, V::sub(w, V::splat(2.5f)));
  if (!V::all(central)) r = OuterBranches<V>::blend(w, central, r);
  return V::mul(V::mul(r, x), V::splat(kSqrt2));
}

template <class V>
inline typename V::F unitFromWord(typename V::I w) {
  return V::mul(V::toFloat(V::template shiftRight<8>(w)), V::splat(0x1p-24f));
}

template <class V>
inline typename V::F centeredUnitFromWord(typename V::I w) {
  // ((w >> 9) << 1) | 1 as samplers.h writes it, with one shift fewer.
  const typename V::I odd = V::orInt(V::template shiftRight<8>(w), V::splatInt(1));
  return V::mul(V::toFloat(odd), V::splat(0x1p-24f));
}

// Samplers map stream words to the values stored in their place: operator()
// a group of vectors, scalar() the single words that no vector covers.
template <class V>
struct BitsSampler {
  typename V::I operator()(typename V::I w) const { return w; }
  uint32_t scalar(uint32_t w) const { return w; }
};

template <class V>
struct UniformSampler {
  UniformParams params;
  typename V::F low, span, top;
  explicit UniformSampler(const UniformParams& p)
      : params(p), low(V::splat(p.low)), span(V::splat(p.span)), top(V::splat(p.top)) {}
  float scalar(uint32_t w) const { return uniformFromWord(w, params); }
  typename V::F operator()(typename V::I w) const {
    const typename V::F x = V::add(low, V::mul(unitFromWord<V>(w), span));
    return V::minOf(x, top);
  }
};

template <class V>
struct NormalSampler {
  NormalParams params;
  typename V::F mean, std;
  explicit NormalSampler(const NormalParams& p)
      : params(p), mean(V::splat(p.mean)), std(V::splat(p.std)) {}
  float scalar(uint32_t w) const { return normalFromWord(w, params); }
  typename V::F operator()(typename V::I w) const {
    const typename V::F u = centeredUnitFromWord<V>(w);
    const typename V::F z = normalQuantile<V>(u, V::sub(V::splat(1.0f), u));
    return V::add(mean, V::mul(std, z));
  }
};

template <class V>
struct TruncatedNormalSampler {
  TruncatedNormalParams params;
  typename V::F mean, std, pLow, pWidth, flip, low, high;
  explicit TruncatedNormalSampler(const TruncatedNormalParams& p)
      : params(p),
        mean(V::splat(p.mean)),
        std(V::splat(p.std)),
        pLow(V::splat(p.pLow)),
        pWidth(V::splat(p.pWidth)),
        flip(V::splat(p.flip)),
        low(V::splat(p.low)),
        high(V::splat(p.high)) {}
  float scalar(uint32_t w) const { return truncatedNormalFromWord(w, params); }
  typename V::F operator()(typename V::I w) const {
    const typename V::F u = centeredUnitFromWord<V>(w);
    const typename V::F pu = V::add(pLow, V::mul(u, pWidth));
    const typename V::F z = V::mul(normalQuantile<V>(pu, V::sub(V::splat(1.0f), pu)), flip);
    const typename V::F y = V::add(mean, V::mul(std, z));
    return V::minOf(V::maxOf(y, low), high);
  }
};

}  // namespace simd
}  // namespace weightinit
