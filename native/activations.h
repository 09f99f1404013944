// The activations of the network pass, each with its exact derivative: the
// twins of src/activations.ts (which follow torch.nn.functional). h, phi(h)
// and phi'(h) are float32 tensors, but phi and phi' are evaluated in double
// and rounded once, as the TypeScript twin does: where an output underflows
// to an exact 0 (gelu, silu far left) is then the same in both, and that is
// a statistic. The derivatives are written so that no finite h gives inf or
// NaN, and so that the saturating ones keep their tiny tail values instead
// of rounding 1 - s to 0 (a saturated network's gradients are what a
// diagnosis looks at).
#pragma once
#include <cmath>

namespace weightinit {

enum class Activation { Linear, Relu, LeakyRelu, Elu, Selu, Gelu, Silu, Tanh, Sigmoid, Softplus };

struct Activated {
  float value;       // phi(h)
  float derivative;  // phi'(h)
};

namespace activation {

// Self-normalizing constants (Klambauer et al., 2017), as in torch.nn.SELU.
constexpr double kSeluAlpha = 1.6732632423543772;
constexpr double kSeluScale = 1.0507009873554805;
constexpr double kInvSqrt2 = 0.70710678118654752;
constexpr double kInvSqrt2Pi = 0.39894228040143268;

struct Exact {
  double value, derivative;
};

// glibc's exp is several times faster than its expm1 and tanh, so those are
// built from exp here.

// e^h - 1 from e = e^h. The subtraction is accurate to 1.1e-16 / |h|
// (relative), so small |h| take the series, whose first dropped term is
// below 1e-14 of the sum there.
inline double expm1From(double h, double e) {
  if (std::fabs(h) < 1e-3) return h * (1 + h * (1.0 / 2 + h * (1.0 / 6 + h * (1.0 / 24))));
  return e - 1;
}

// sigma(h) and sigma'(h) = sigma(h) sigma(-h) from t = e^-|h| <= 1, which
// cannot overflow.
inline Exact sigmoidFrom(double h, double t) {
  const double q = 1.0 / (1.0 + t);
  return {h >= 0 ? q : t * q, t * q * q};
}

template <Activation A>
inline Exact exact(double h, double param) {
  if constexpr (A == Activation::Elu || A == Activation::Selu) {
    const double alpha = A == Activation::Elu ? param : kSeluAlpha;
    const double scale = A == Activation::Elu ? 1.0 : kSeluScale;
    if (h > 0) return {scale * h, scale};
    const double e = std::exp(h);
    return {scale * (alpha * expm1From(h, e)), scale * (alpha * e)};
  } else if constexpr (A == Activation::Gelu) {
    // x Phi(x), the exact form; erfc keeps Phi accurate in the lower tail.
    const double cdf = 0.5 * std::erfc(-h * kInvSqrt2);
    return {h * cdf, cdf + h * (kInvSqrt2Pi * std::exp(-0.5 * h * h))};
  } else if constexpr (A == Activation::Silu) {
    const Exact s = sigmoidFrom(h, std::exp(-std::fabs(h)));
    return {h * s.value, s.value + h * s.derivative};
  } else if constexpr (A == Activation::Tanh) {
    // With t = e^-2|h|: tanh |h| = (1 - t) / (1 + t) and sech^2 h =
    // 4t / (1 + t)^2, where 1 - tanh^2 would cancel.
    const double a = -2.0 * std::fabs(h);
    const double t = std::exp(a);
    const double u = expm1From(a, t);
    const double q = 1.0 / (1.0 + t);
    return {std::copysign(-u / (2.0 + u), h), 4.0 * t * q * q};
  } else if constexpr (A == Activation::Sigmoid) {
    return sigmoidFrom(h, std::exp(-std::fabs(h)));
  } else {
    static_assert(A == Activation::Softplus, "the piecewise-linear activations are exact in float");
    const double t = std::exp(-std::fabs(h));
    return {std::fmax(h, 0.0) + std::log1p(t), sigmoidFrom(h, t).value};
  }
}

template <Activation A>
inline Activated apply(float h, float param) {
  if constexpr (A == Activation::Linear) {
    return {h, 1.0f};
  } else if constexpr (A == Activation::Relu) {
    return h > 0 ? Activated{h, 1.0f} : Activated{0.0f, 0.0f};
  } else if constexpr (A == Activation::LeakyRelu) {
    return h > 0 ? Activated{h, 1.0f} : Activated{param * h, param};
  } else {
    const Exact e = exact<A>(h, param);
    return {static_cast<float>(e.value), static_cast<float>(e.derivative)};
  }
}

// Outputs within 1% of a bound the activation approaches: where its gradient
// has all but vanished.
template <Activation A>
inline bool saturated(float x) {
  if constexpr (A == Activation::Tanh) return std::fabs(x) > 0.99f;
  if constexpr (A == Activation::Sigmoid) return x < 0.01f || x > 0.99f;
  return false;
}

}  // namespace activation
}  // namespace weightinit
