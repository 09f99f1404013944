// The samplers of ../samplers.h written once for every SIMD instruction set.
//
// V is an instruction set's vector-ops struct (avx2.cc, avx512.cc, neon.cc):
// vector types I (uint32 lanes), F (float32 lanes), Mask, and one function per
// operation. Every function below performs, lane by lane, exactly the float32
// operations of its scalar twin in the same order, so each lane is
// bit-identical to the scalar result.
//
// Include only inside an instruction set's target region, after ../samplers.h
// has been included outside it: these templates take the target of the place
// they are defined, and must not give the scalar inline functions a second,
// vector-target definition.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../samplers.h"

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

// normalQuantile of samplers.h. Its three polynomials are picked per lane by
// w; a polynomial is evaluated only when some lane of the vector needs it,
// because nearly every vector of a normal draw needs only the central one.
template <class V>
inline typename V::F normalQuantile(typename V::F p, typename V::F q) {
  using F = typename V::F;
  const F x = V::sub(p, q);
  const F w = V::neg(logf32<V>(V::mul(V::mul(V::splat(4.0f), p), q)));
  const typename V::Mask central = V::less(w, V::splat(5.0f));
  F r;
  if (V::all(central)) {
    r = horner<V>(kErfinvCentral, V::sub(w, V::splat(2.5f)));
  } else {
    // Lanes failing both comparisons (w >= 16, or NaN) take the far tail, as
    // the scalar if/else chain does.
    const typename V::Mask tail = V::less(w, V::splat(16.0f));
    const F s = V::sqrt(w);
    if (!V::any(tail)) {
      r = horner<V>(kErfinvFarTail, V::sub(s, V::splat(6.0f)));
    } else {
      r = horner<V>(kErfinvTail, V::sub(s, V::splat(3.0f)));
      if (!V::all(tail)) r = V::select(tail, r, horner<V>(kErfinvFarTail, V::sub(s, V::splat(6.0f))));
    }
    if (V::any(central)) r = V::select(central, horner<V>(kErfinvCentral, V::sub(w, V::splat(2.5f))), r);
  }
  return V::mul(V::mul(r, x), V::splat(kSqrt2));
}

template <class V>
inline typename V::F unitFromWord(typename V::I w) {
  return V::mul(V::toFloat(V::template shiftRight<8>(w)), V::splat(0x1p-24f));
}

template <class V>
inline typename V::F centeredUnitFromWord(typename V::I w) {
  const typename V::I odd =
      V::orInt(V::template shiftLeft<1>(V::template shiftRight<9>(w)), V::splatInt(1));
  return V::mul(V::toFloat(odd), V::splat(0x1p-24f));
}

// Samplers map a vector of stream words to the vector stored at their place.
// They are functors, not lambdas, so that a target region applies to them
// under every compiler.
// Each also carries its scalar twin, for words the vectors do not cover.
template <class V>
struct BitsSampler {
  using Out = uint32_t;
  typename V::I operator()(typename V::I w) const { return w; }
  uint32_t scalar(uint32_t w) const { return w; }
};

template <class V>
struct UniformSampler {
  using Out = float;
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
  using Out = float;
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
  using Out = float;
  TruncatedNormalParams params;
  typename V::F mean, std, pLow, pWidth, flip, low, high;
  explicit TruncatedNormalSampler(const TruncatedNormalParams& p)
      : params(p), mean(V::splat(p.mean)), std(V::splat(p.std)), pLow(V::splat(p.pLow)),
        pWidth(V::splat(p.pWidth)), flip(V::splat(p.flip)), low(V::splat(p.low)),
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
