// K vectors of an instruction set driven as one: every operation of
// Packed<V, K> applies V's operation to each of the K vectors in turn.
//
// The samplers are long dependency chains (two 9-term Horner polynomials for
// a normal); written over a Packed group they interleave K independent chains
// op by op, which keeps the FP pipes busy where one chain would stall them.
//
// Include only inside an instruction set's target region (see simd_fill.h).
#pragma once
#include <cstddef>
#include <cstdint>

namespace weightinit {
namespace simd {

// K vectors of V. Templates over V rather than over its vector types, whose
// attributes template arguments would drop.
template <class V, size_t K>
struct IntPack {
  typename V::I v[K];
};
template <class V, size_t K>
struct FloatPack {
  typename V::F v[K];
};
template <class V, size_t K>
struct MaskPack {
  typename V::Mask v[K];
};

template <class V, size_t K>
struct Packed {
  using I = IntPack<V, K>;
  using F = FloatPack<V, K>;
  using Mask = MaskPack<V, K>;

  template <class R, class Op>
  static R each(Op op) {
    R r;
    for (size_t k = 0; k < K; ++k) r.v[k] = op(k);
    return r;
  }

  static F splat(float x) {
    const typename V::F s = V::splat(x);
    return each<F>([&](size_t) { return s; });
  }
  static I splatInt(uint32_t x) {
    const typename V::I s = V::splatInt(x);
    return each<I>([&](size_t) { return s; });
  }
  static F add(const F& a, const F& b) {
    return each<F>([&](size_t k) { return V::add(a.v[k], b.v[k]); });
  }
  static F sub(const F& a, const F& b) {
    return each<F>([&](size_t k) { return V::sub(a.v[k], b.v[k]); });
  }
  static F mul(const F& a, const F& b) {
    return each<F>([&](size_t k) { return V::mul(a.v[k], b.v[k]); });
  }
  static F sqrt(const F& a) {
    return each<F>([&](size_t k) { return V::sqrt(a.v[k]); });
  }
  static F neg(const F& a) {
    return each<F>([&](size_t k) { return V::neg(a.v[k]); });
  }
  static F minOf(const F& a, const F& b) {
    return each<F>([&](size_t k) { return V::minOf(a.v[k], b.v[k]); });
  }
  static F maxOf(const F& a, const F& b) {
    return each<F>([&](size_t k) { return V::maxOf(a.v[k], b.v[k]); });
  }
  static Mask less(const F& a, const F& b) {
    return each<Mask>([&](size_t k) { return V::less(a.v[k], b.v[k]); });
  }
  static Mask greater(const F& a, const F& b) {
    return each<Mask>([&](size_t k) { return V::greater(a.v[k], b.v[k]); });
  }
  static bool any(const Mask& m) {
    bool r = false;
    for (size_t k = 0; k < K; ++k) r |= V::any(m.v[k]);
    return r;
  }
  static bool all(const Mask& m) {
    bool r = true;
    for (size_t k = 0; k < K; ++k) r &= V::all(m.v[k]);
    return r;
  }
  static F select(const Mask& m, const F& ifSet, const F& ifClear) {
    return each<F>([&](size_t k) { return V::select(m.v[k], ifSet.v[k], ifClear.v[k]); });
  }
  static I selectInt(const Mask& m, const I& ifSet, const I& ifClear) {
    return each<I>([&](size_t k) { return V::selectInt(m.v[k], ifSet.v[k], ifClear.v[k]); });
  }
  static I addInt(const I& a, const I& b) {
    return each<I>([&](size_t k) { return V::addInt(a.v[k], b.v[k]); });
  }
  static I subInt(const I& a, const I& b) {
    return each<I>([&](size_t k) { return V::subInt(a.v[k], b.v[k]); });
  }
  static I andInt(const I& a, const I& b) {
    return each<I>([&](size_t k) { return V::andInt(a.v[k], b.v[k]); });
  }
  static I orInt(const I& a, const I& b) {
    return each<I>([&](size_t k) { return V::orInt(a.v[k], b.v[k]); });
  }
  template <int s>
  static I shiftRight(const I& a) {
    return each<I>([&](size_t k) { return V::template shiftRight<s>(a.v[k]); });
  }
  template <int s>
  static I shiftLeft(const I& a) {
    return each<I>([&](size_t k) { return V::template shiftLeft<s>(a.v[k]); });
  }
  static F asFloat(const I& a) {
    return each<F>([&](size_t k) { return V::asFloat(a.v[k]); });
  }
  static I asInt(const F& a) {
    return each<I>([&](size_t k) { return V::asInt(a.v[k]); });
  }
  static F toFloat(const I& a) {
    return each<F>([&](size_t k) { return V::toFloat(a.v[k]); });
  }
};

}  // namespace simd
}  // namespace weightinit
