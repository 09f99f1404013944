// Checks every SIMD kernel table this CPU can run against the scalar table,
// byte for byte, and every table's Philox against the Random123 known answers.
//
// Build from the repository root with the flags of the addon, e.g.
//   g++ -O2 -std=c++17 -ffp-contract=off -fno-math-errno test/native/kernel_equality.cc
//       native/kernels/scalar.cc native/kernels/avx2.cc native/kernels/avx512.cc
//       native/kernels/neon.cc -o kernel_equality
// and run as: kernel_equality [path/to/philox_kat.txt]
// (default ../shared/reference/philox_kat.txt).
// Exits nonzero on any mismatch or when the known-answer file cannot be read.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../../native/kernel_table.h"

using namespace weightinit;

namespace {

enum class Kind { Bits, Uniform, Normal, TruncatedNormal };

struct ParamSet {
  const char* label;
  Kind kind;
  UniformParams uniform;
  NormalParams normal;
  TruncatedNormalParams truncated;
};

ParamSet bitsSet() { return {"bits", Kind::Bits, {}, {}, {}}; }
ParamSet uniformSet(const char* label, UniformParams p) {
  return {label, Kind::Uniform, p, {}, {}};
}
ParamSet normalSet(const char* label, NormalParams p) { return {label, Kind::Normal, {}, p, {}}; }
ParamSet truncatedSet(const char* label, TruncatedNormalParams p) {
  return {label, Kind::TruncatedNormal, {}, {}, p};
}

// Uniform parameters for [low, high) in the shape the facade passes them.
UniformParams uniformFor(float low, float high) {
  const float top = std::nextafter(high, -INFINITY);
  return {low, high - low, top};
}

double phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Truncated normal parameters for the window [a, b] in units of std; windows
// in the right half are mirrored so that pLow stays accurate.
TruncatedNormalParams truncatedFor(float mean, float std, double a, double b) {
  const bool mirror = a > 0;
  const double lo = mirror ? -b : a, hi = mirror ? -a : b;
  return {mean,
          std,
          static_cast<float>(phi(lo)),
          static_cast<float>(phi(hi) - phi(lo)),
          mirror ? -1.0f : 1.0f,
          static_cast<float>(mean + std * a),
          static_cast<float>(mean + std * b)};
}

std::vector<ParamSet> paramSets() {
  std::vector<ParamSet> sets = {
      bitsSet(),
      uniformSet("uniform [0,1)", {0.0f, 1.0f, 0.99999994f}),
      uniformSet("uniform [-3,2.5)", uniformFor(-3.0f, 2.5f)),
      uniformSet("uniform tiny span", uniformFor(1.0f, 1.0000005f)),
      uniformSet("uniform denormal span", uniformFor(0.0f, 1e-40f)),
      normalSet("normal (0,1)", {0.0f, 1.0f}),
      normalSet("normal (1.5,0.02)", {1.5f, 0.02f}),
      normalSet("normal (-0,-3)", {-0.0f, -3.0f}),
      truncatedSet("truncated +-2", {0.0f, 1.0f, 0.02275013f, 0.9544997f, 1.0f, -2.0f, 2.0f}),
      truncatedSet("truncated deep tail", {0.0f, 1.0f, 1e-20f, 3e-20f, -1.0f, 9.1f, 9.2f}),
      truncatedSet("truncated whole line", {0.0f, 1.0f, 0.0f, 1.0f, 1.0f, -3.4e38f, 3.4e38f}),
      truncatedSet("truncated (0.1,0.01) [-1,3]", truncatedFor(0.1f, 0.01f, -1.0, 3.0)),
      truncatedSet("truncated [4,6]", truncatedFor(0.0f, 1.0f, 4.0, 6.0)),
      truncatedSet("truncated [-12,-11]", truncatedFor(2.0f, 0.5f, -12.0, -11.0)),
      truncatedSet("truncated [-0.1,0.1]", truncatedFor(0.0f, 1.0f, -0.1, 0.1)),
      // Windows whose lanes mix the quantile's polynomials within one vector.
      truncatedSet("truncated [-3.5,-2.5]", truncatedFor(0.0f, 1.0f, -3.5, -2.5)),
      truncatedSet("truncated [-6,-5]", truncatedFor(0.0f, 1.0f, -6.0, -5.0)),
      truncatedSet("truncated [5,6]", truncatedFor(-1.0f, 2.0f, 5.0, 6.0)),
  };
  // Random parameters, including windows anywhere in [-9, 9] std.
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 4; ++i) {
    const float low = static_cast<float>(unit(rng) * 20 - 10);
    sets.push_back(
        uniformSet("uniform random", uniformFor(low, low + static_cast<float>(unit(rng) * 5))));
    const float mean = static_cast<float>(unit(rng) * 4 - 2),
                std = static_cast<float>(unit(rng) * 3);
    sets.push_back(normalSet("normal random", {mean, std}));
    const double a = unit(rng) * 18 - 9, b = a + unit(rng) * 3;
    sets.push_back(truncatedSet("truncated random", truncatedFor(mean, std, a, b)));
  }
  return sets;
}

std::vector<Counter> counters() {
  std::vector<Counter> cs = {
      {0, 0, 0, 0, 0},
      {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu},
      {0x243F6A88u, 0x85A308D3u, 7, 0, 1},
  };
  std::mt19937 rng(20240611);
  for (int i = 0; i < 3; ++i) {
    const uint32_t k0 = rng(), k1 = rng(), s0 = rng(), s1 = rng(), hi = rng();
    cs.push_back({k0, k1, s0, s1, hi});
  }
  return cs;
}

const size_t kLengths[] = {0, 1, 2, 3, 5, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1023, 65537};
constexpr uint64_t kSegmentWords = uint64_t{1} << 34;

std::vector<uint64_t> firstWords(size_t n, std::mt19937& rng) {
  std::vector<uint64_t> firsts = {0, 1, 2, 3};
  for (unsigned r = 0; r < 4; ++r) {
    firsts.push_back(4 * (uint64_t{rng()} % (uint64_t{1} << 31)) + r);
    firsts.push_back(kSegmentWords - n - r);  // ends r words before the segment's end
  }
  return firsts;
}

void run(const KernelTable& t, const ParamSet& s, const Counter& c, uint64_t first, size_t n,
         void* out) {
  switch (s.kind) {
    case Kind::Bits:
      t.fillBits(c, first, n, static_cast<uint32_t*>(out));
      break;
    case Kind::Uniform:
      t.fillUniform(c, first, n, static_cast<float*>(out), s.uniform);
      break;
    case Kind::Normal:
      t.fillNormal(c, first, n, static_cast<float*>(out), s.normal);
      break;
    case Kind::TruncatedNormal:
      t.fillTruncatedNormal(c, first, n, static_cast<float*>(out), s.truncated);
      break;
  }
}

struct Tally {
  const KernelTable* table;
  uint64_t cases = 0, elements = 0, failures = 0;
};

constexpr size_t kGuard = 64;  // words checked untouched on each side
constexpr uint32_t kPoison = 0xA5A5A5A5u;

// Runs one case on `t` into a poisoned buffer at a varying alignment and
// compares it with the scalar output; reports the first difference.
void compareCase(Tally& tally, const ParamSet& s, const Counter& c, uint64_t first, size_t n,
                 const std::vector<uint32_t>& expected, size_t offset) {
  std::vector<uint32_t> buffer(n + 2 * kGuard + 16, kPoison);
  uint32_t* out = buffer.data() + kGuard + offset;
  run(*tally.table, s, c, first, n, out);
  ++tally.cases;
  tally.elements += n;
  size_t bad = n;
  for (size_t i = 0; i < n && bad == n; ++i) {
    if (out[i] != expected[i]) bad = i;
  }
  bool guardsIntact = true;
  for (uint32_t* p = buffer.data(); p < out; ++p) guardsIntact &= *p == kPoison;
  for (uint32_t* p = out + n; p < buffer.data() + buffer.size(); ++p) guardsIntact &= *p == kPoison;
  if (bad == n && guardsIntact) return;
  if (++tally.failures > 10) return;
  std::printf("MISMATCH %s %s key=%08x:%08x stream=%08x:%08x blockHi=%08x first=%" PRIu64
              " n=%zu offset=%zu: ",
              tally.table->name, s.label, c.key0, c.key1, c.stream0, c.stream1, c.blockHi, first, n,
              offset);
  if (bad != n) {
    std::printf("element %zu is %08x, scalar gives %08x\n", bad, out[bad], expected[bad]);
  } else {
    std::printf("wrote outside [out, out + n)\n");
  }
}

bool readKat(const std::string& path, std::vector<std::vector<uint32_t>>& lines) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    int rounds = 0;
    if (!(fields >> name >> rounds) || name != "philox4x32" || rounds != 10) continue;
    std::vector<uint32_t> words;
    std::string hex;
    while (fields >> hex) words.push_back(static_cast<uint32_t>(std::stoul(hex, nullptr, 16)));
    if (words.size() == 10) lines.push_back(words);
  }
  return true;
}

// KAT line: CTR[4] KEY[2] EXPECTED[4]. Counter words map to (blockLo, blockHi,
// stream0, stream1); the block is words 4 * blockLo .. +3 of its segment.
uint64_t checkKat(const KernelTable& t, const std::vector<std::vector<uint32_t>>& kat) {
  uint64_t failures = 0;
  for (const std::vector<uint32_t>& k : kat) {
    const Counter c{k[4], k[5], k[2], k[3], k[1]};
    uint32_t out[4];
    t.fillBits(c, uint64_t{k[0]} * 4, 4, out);
    if (std::memcmp(out, &k[6], sizeof out) != 0) {
      ++failures;
      std::printf("KAT MISMATCH %s ctr=%08x %08x %08x %08x: got %08x %08x %08x %08x\n", t.name,
                  k[0], k[1], k[2], k[3], out[0], out[1], out[2], out[3]);
    }
  }
  return failures;
}

std::vector<const KernelTable*> simdTables() {
  std::vector<const KernelTable*> tables;
#if defined(__x86_64__)
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") &&
                      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                      __builtin_cpu_supports("avx512vl");
  if (avx2 && avx2Kernels()) tables.push_back(avx2Kernels());
  if (avx512 && avx512Kernels()) tables.push_back(avx512Kernels());
  if (!avx2 && avx2Kernels()) std::printf("skipping avx2: this CPU lacks it\n");
  if (!avx512 && avx512Kernels()) std::printf("skipping avx512: this CPU lacks it\n");
#endif
  if (neonKernels()) tables.push_back(neonKernels());
  return tables;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string katPath = argc > 1 ? argv[1] : "../shared/reference/philox_kat.txt";
  std::vector<std::vector<uint32_t>> kat;
  if (!readKat(katPath, kat) || kat.empty()) {
    std::printf("cannot read philox4x32-10 known answers from %s\n", katPath.c_str());
    return 2;
  }

  const KernelTable& scalar = *scalarKernels();
  std::vector<Tally> tallies;
  for (const KernelTable* t : simdTables()) tallies.push_back({t});

  uint64_t katFailures = checkKat(scalar, kat);
  for (Tally& tally : tallies) katFailures += checkKat(*tally.table, kat);

  const std::vector<ParamSet> sets = paramSets();
  std::mt19937 rng(7);
  std::vector<uint32_t> expected;
  size_t caseIndex = 0;
  for (const Counter& c : counters()) {
    for (size_t n : kLengths) {
      for (uint64_t first : firstWords(n, rng)) {
        for (const ParamSet& s : sets) {
          expected.assign(n, kPoison);
          run(scalar, s, c, first, n, expected.data());
          for (Tally& tally : tallies) compareCase(tally, s, c, first, n, expected, caseIndex % 16);
          ++caseIndex;
        }
      }
    }
  }

  bool ok = katFailures == 0;
  std::printf("philox4x32-10 known answers: %zu vectors x %zu tables, %" PRIu64 " failures\n",
              kat.size(), tallies.size() + 1, katFailures);
  if (tallies.empty()) std::printf("no SIMD table runs on this CPU: nothing to compare\n");
  for (const Tally& t : tallies) {
    std::printf("%-7s vs scalar: %" PRIu64 " cases, %" PRIu64 " elements, %" PRIu64
                " mismatching cases\n",
                t.table->name, t.cases, t.elements, t.failures);
    ok &= t.failures == 0;
  }
  std::printf(ok ? "PASS\n" : "FAIL\n");
  return ok ? 0 : 1;
}
