// SPDX-License-Identifier: Apache-2.0
#include "stream/s2s/s2s_settings.hpp"

namespace meerkat::stream::s2s {

bool S2sSettings::allows(std::string_view domain) const {
  for (const auto& rule : options.host_policy) {
    if (rule.host == domain) return rule.policy == config::S2sPolicy::kAllow;
  }
  return options.default_policy == config::S2sPolicy::kAllow;
}

std::optional<config::TlsOptions> listener_tls(const config::S2sListenerOptions& listener,
                                               const config::S2sOptions& s2s) {
  auto tls = listener.tls;
  if (s2s.use_starttls) {
    if (*s2s.use_starttls == config::S2sStarttls::kFalse) return std::nullopt;
    if (!tls) tls.emplace();
  }
  if (tls && !tls->certfile) tls->certfile = s2s.certfile;
  // A peer without a certificate we trust still authenticates with dialback: the certificate
  // is asked for, and its verdict kept for SASL EXTERNAL, but never fatal.
  if (tls) tls->disconnect_on_failure = false;
  return tls;
}

std::optional<config::ClientTlsOptions> outgoing_tls(const config::S2sOptions& s2s) {
  auto tls = s2s.outgoing.tls;
  if (s2s.use_starttls) {
    auto use = *s2s.use_starttls;
    if (use == config::S2sStarttls::kFalse) return std::nullopt;
    if (!tls) {
      tls.emplace();
      // The older servers checked the peer's certificate only when told to trust it.
      tls->verify_mode = use == config::S2sStarttls::kRequiredTrusted ? config::VerifyMode::kPeer
                                                                      : config::VerifyMode::kNone;
    }
    if (use != config::S2sStarttls::kOptional && tls->mode == config::TlsMode::kStarttls) {
      tls->mode = config::TlsMode::kStarttlsRequired;
    }
  }
  if (tls && !tls->certfile) tls->certfile = s2s.certfile;
  return tls;
}

bool S2sSettings::tls_required() const {
  const auto& tls = options.outgoing.tls;
  return tls && tls->mode != config::TlsMode::kStarttls;
}

}  // namespace meerkat::stream::s2s
