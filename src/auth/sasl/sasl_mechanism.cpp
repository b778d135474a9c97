// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/sasl_mechanism.hpp"

#include <utility>

#include "auth/sasl/anonymous_mechanism.hpp"
#include "auth/sasl/external_mechanism.hpp"
#include "auth/sasl/plain_mechanism.hpp"
#include "auth/sasl/scram_mechanism.hpp"
#include "core/jid/jid.hpp"

namespace meerkat::auth::sasl {
namespace {

using Mechanism = config::SaslMechanism;
using scram::ScramHash;

struct MechanismInfo {
  Mechanism mechanism;
  std::string_view name;
};

constexpr MechanismInfo kMechanisms[] = {
    {Mechanism::kScramSha512Plus, "SCRAM-SHA-512-PLUS"},
    {Mechanism::kScramSha512, "SCRAM-SHA-512"},
    {Mechanism::kScramSha384Plus, "SCRAM-SHA-384-PLUS"},
    {Mechanism::kScramSha384, "SCRAM-SHA-384"},
    {Mechanism::kScramSha256Plus, "SCRAM-SHA-256-PLUS"},
    {Mechanism::kScramSha256, "SCRAM-SHA-256"},
    {Mechanism::kScramSha224Plus, "SCRAM-SHA-224-PLUS"},
    {Mechanism::kScramSha224, "SCRAM-SHA-224"},
    {Mechanism::kScramSha1Plus, "SCRAM-SHA-1-PLUS"},
    {Mechanism::kScramSha1, "SCRAM-SHA-1"},
    {Mechanism::kPlain, "PLAIN"},
    {Mechanism::kAnonymous, "ANONYMOUS"},
    {Mechanism::kOauth, "X-OAUTH"},
    {Mechanism::kExternal, "EXTERNAL"},
    {Mechanism::kDigest, "DIGEST-MD5"},
};

// The hash and whether it is the -PLUS variant, for the SCRAM mechanisms.
std::optional<std::pair<ScramHash, bool>> scram_variant(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::kScramSha512Plus: return std::pair{ScramHash::kSha512, true};
    case Mechanism::kScramSha512: return std::pair{ScramHash::kSha512, false};
    case Mechanism::kScramSha384Plus: return std::pair{ScramHash::kSha384, true};
    case Mechanism::kScramSha384: return std::pair{ScramHash::kSha384, false};
    case Mechanism::kScramSha256Plus: return std::pair{ScramHash::kSha256, true};
    case Mechanism::kScramSha256: return std::pair{ScramHash::kSha256, false};
    case Mechanism::kScramSha224Plus: return std::pair{ScramHash::kSha224, true};
    case Mechanism::kScramSha224: return std::pair{ScramHash::kSha224, false};
    case Mechanism::kScramSha1Plus: return std::pair{ScramHash::kSha1, true};
    case Mechanism::kScramSha1: return std::pair{ScramHash::kSha1, false};
    default: return std::nullopt;
  }
}

}  // namespace

SaslStep SaslStep::challenge(std::string data) {
  SaslStep step;
  step.kind = Kind::kChallenge;
  step.data = std::move(data);
  return step;
}

SaslStep SaslStep::success(std::string data, std::string username, std::string authzid) {
  SaslStep step;
  step.kind = Kind::kSuccess;
  step.data = std::move(data);
  step.username = std::move(username);
  step.authzid = std::move(authzid);
  return step;
}

SaslStep SaslStep::need_credentials(std::string username, std::string authzid) {
  SaslStep step;
  step.kind = Kind::kNeedCredentials;
  step.username = std::move(username);
  step.authzid = std::move(authzid);
  return step;
}

SaslStep SaslStep::fail(SaslFailure failure, std::string text) {
  SaslStep step;
  step.kind = Kind::kFailure;
  step.failure = failure;
  step.text = std::move(text);
  return step;
}

std::unique_ptr<SaslMechanism> make_sasl_mechanism(config::SaslMechanism mechanism,
                                                   SaslContext context) {
  if (auto variant = scram_variant(mechanism)) {
    return std::make_unique<ScramMechanism>(variant->first, variant->second, std::move(context));
  }
  switch (mechanism) {
    case Mechanism::kPlain: return std::make_unique<PlainMechanism>(std::move(context));
    case Mechanism::kAnonymous: return std::make_unique<AnonymousMechanism>();
    case Mechanism::kExternal: return std::make_unique<ExternalMechanism>(std::move(context));
    default: return nullptr;  // OAUTH and DIGEST are not implemented
  }
}

std::string_view mechanism_name(config::SaslMechanism mechanism) {
  for (const MechanismInfo& info : kMechanisms) {
    if (info.mechanism == mechanism) return info.name;
  }
  return "?";
}

std::optional<config::SaslMechanism> parse_mechanism_name(std::string_view name) {
  for (const MechanismInfo& info : kMechanisms) {
    if (info.name == name) return info.mechanism;
  }
  return std::nullopt;
}

bool is_permitted_authzid(std::string_view authzid, std::string_view username,
                          std::string_view host) {
  if (authzid.empty()) return true;
  auto requested = jid::Jid::parse(authzid);
  auto own = jid::Jid::make(username, host);
  return requested && own && requested->is_bare() && *requested == *own;
}

}  // namespace meerkat::auth::sasl
