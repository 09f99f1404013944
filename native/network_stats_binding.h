// networkStats(pass, threads) and networkStatsAsync(pass, threads): the
// JavaScript boundary of network_pass.h, registered by addon.cc.
#pragma once
#include <napi.h>

namespace weightinit {

Napi::Value NetworkStats(const Napi::CallbackInfo& info);
Napi::Value NetworkStatsAsync(const Napi::CallbackInfo& info);

}  // namespace weightinit
