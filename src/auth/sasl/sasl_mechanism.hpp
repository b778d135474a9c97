// SPDX-License-Identifier: Apache-2.0
// Server-side SASL mechanisms as synchronous state machines (auth layer, RFC 4422, RFC 6120 §6):
// the stream feeds them decoded client data and does the (async) credential lookup they ask for.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/password/password_record.hpp"
#include "auth/sasl/sasl_failure.hpp"
#include "config/auth_options.hpp"

namespace meerkat::auth::sasl {

// What a mechanism wants the stream to do next.
struct SaslStep {
  enum class Kind { kChallenge, kSuccess, kFailure, kNeedCredentials };
  Kind kind = Kind::kFailure;
  std::string data;      // challenge or success additional data, raw (not base64)
  std::string username;  // kNeedCredentials and kSuccess: nodeprep'd localpart
  std::string authzid;   // as sent by the client, if any
  SaslFailure failure = SaslFailure::kNotAuthorized;
  std::string text;  // for <text/> on failure; never secrets

  static SaslStep challenge(std::string data);
  static SaslStep success(std::string data, std::string username, std::string authzid);
  static SaslStep need_credentials(std::string username, std::string authzid);
  static SaslStep fail(SaslFailure failure, std::string text);
};

// What the stream knows about its connection.
struct SaslContext {
  std::string host;  // the served domain, nameprep'd
  // Whether any -PLUS mechanism was advertised (SCRAM downgrade check, RFC 5802 §6 'y' flag).
  bool plus_offered = false;
  // Channel binding data for "tls-exporter" / "tls-server-end-point", or nullopt when unavailable.
  std::function<std::optional<std::string>(std::string_view type)> channel_binding;
  // SASL EXTERNAL: identities from a verified client certificate (client_identities()).
  std::vector<std::string> external_identities;
  // SCRAM for users without keys for the hash (unknown users, plain-format records): the salt is
  // HMAC(fake_salt_secret, username), so repeated attempts see the same salt and unknown users look
  // like known ones. The stream passes one random server-wide secret; if it is empty, the salt is
  // random per attempt, which lets a client that retries tell unknown users apart.
  std::string fake_salt_secret;
  int scram_iterations = 10000;  // for those users too: the configured password.scram_iterations
  // PLAIN accepts any password (MongooseIM's `dummy` method and anonymous `login_anon`): the
  // credential step is skipped; whether the user must exist is for the stream to decide.
  bool accept_any_password = false;
  // PLAIN accepts a user without stored credentials (anonymous login_anon); one with
  // credentials must still give the right password.
  bool accept_unknown_users = false;
};

// One authentication exchange. After kSuccess or kFailure the exchange is over; further calls
// answer kFailure. An empty `initial_response` means none was sent (RFC 6120 §6.4.2 "=" for an
// empty one is mapped by the stream; mechanisms here treat both alike).
class SaslMechanism {
 public:
  virtual ~SaslMechanism() = default;
  virtual SaslStep start(std::string_view initial_response) = 0;  // raw bytes, base64-decoded
  virtual SaslStep respond(std::string_view response) = 0;        // client <response/>
  // After kNeedCredentials: the user's record (nullopt = no such user). For a user that does not
  // exist SCRAM still answers with a plausible server-first message and fails at the end, so it
  // does not reveal which accounts exist.
  virtual SaslStep credentials(std::optional<password::PasswordRecord> record) = 0;
};

// nullptr for mechanisms Meerkat does not implement (OAUTH, DIGEST).
std::unique_ptr<SaslMechanism> make_sasl_mechanism(config::SaslMechanism mechanism,
                                                   SaslContext context);
// The IANA name: "SCRAM-SHA-256-PLUS", "PLAIN", … (X-OAUTH and DIGEST-MD5 for the other two).
std::string_view mechanism_name(config::SaslMechanism mechanism);
// Exact, case-sensitive match of mechanism_name (RFC 4422 §3.1 names are upper case).
std::optional<config::SaslMechanism> parse_mechanism_name(std::string_view name);

// RFC 6120 §6.3.8: a client may only authorize as itself, so an authzid other than empty or
// the bare JID username@host is refused.
bool is_permitted_authzid(std::string_view authzid, std::string_view username,
                          std::string_view host);

}  // namespace meerkat::auth::sasl
