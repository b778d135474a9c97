// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/external_mechanism.hpp"

#include "core/jid/jid.hpp"

namespace meerkat::auth::sasl {
namespace {

// The identity as a bare JID with a localpart, or nullopt if it is not usable.
std::optional<jid::Jid> identity_jid(std::string_view identity, std::string_view host) {
  auto parsed = identity.find('@') == std::string_view::npos ? jid::Jid::make(identity, host)
                                                             : jid::Jid::parse(identity);
  if (!parsed || !parsed->has_node() || !parsed->is_bare()) return std::nullopt;
  return *parsed;
}

}  // namespace

SaslStep ExternalMechanism::start(std::string_view initial_response) {
  if (is_done_) return respond(initial_response);
  is_done_ = true;
  auto host = jid::Jid::nameprep(context_.host);
  if (!host) return SaslStep::fail(SaslFailure::kTemporaryAuthFailure, "bad served host");
  std::optional<jid::Jid> chosen;
  const std::string_view authzid = initial_response == "=" ? std::string_view() : initial_response;
  if (authzid.empty()) {
    if (context_.external_identities.size() != 1) {
      return SaslStep::fail(SaslFailure::kNotAuthorized,
                            "the certificate does not name exactly one identity");
    }
    chosen = identity_jid(context_.external_identities.front(), *host);
  } else {
    auto wanted = jid::Jid::parse(authzid);
    if (!wanted) return SaslStep::fail(SaslFailure::kInvalidAuthzid, "authzid is not a JID");
    for (const std::string& identity : context_.external_identities) {
      if (identity_jid(identity, *host) == *wanted) chosen = *wanted;
    }
    if (!chosen) {
      return SaslStep::fail(SaslFailure::kInvalidAuthzid,
                            "authzid is not an identity of the certificate");
    }
  }
  if (!chosen || chosen->domain() != *host) {
    return SaslStep::fail(SaslFailure::kNotAuthorized, "the certificate is not for this host");
  }
  return SaslStep::success({}, std::string(chosen->node()), std::string(authzid));
}

SaslStep ExternalMechanism::respond(std::string_view) {
  is_done_ = true;
  return SaslStep::fail(SaslFailure::kMalformedRequest, "unexpected response");
}

SaslStep ExternalMechanism::credentials(std::optional<password::PasswordRecord>) {
  is_done_ = true;
  return SaslStep::fail(SaslFailure::kMalformedRequest, "unexpected credentials");
}

}  // namespace meerkat::auth::sasl
