// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/anonymous_mechanism.hpp"

#include "auth/scram/scram.hpp"

namespace meerkat::auth::sasl {
namespace {

constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
// RFC 4505 §3: the trace is at most 255 characters of UTF-8, so at most 1020 octets.
constexpr std::size_t kMaxTraceSize = 1020;

}  // namespace

std::string make_anonymous_username() {
  const std::string random = scram::random_bytes(AnonymousMechanism::kUsernameSize);
  std::string name;
  for (char byte : random) name += kAlphabet[static_cast<unsigned char>(byte) % kAlphabet.size()];
  return name;
}

SaslStep AnonymousMechanism::start(std::string_view initial_response) {
  if (is_done_) return respond(initial_response);
  is_done_ = true;
  if (initial_response.size() > kMaxTraceSize ||
      initial_response.find('\0') != std::string_view::npos) {
    return SaslStep::fail(SaslFailure::kMalformedRequest, "bad trace");
  }
  return SaslStep::success({}, make_anonymous_username(), {});
}

SaslStep AnonymousMechanism::respond(std::string_view) {
  is_done_ = true;
  return SaslStep::fail(SaslFailure::kMalformedRequest, "unexpected response");
}

SaslStep AnonymousMechanism::credentials(std::optional<password::PasswordRecord>) {
  is_done_ = true;
  return SaslStep::fail(SaslFailure::kMalformedRequest, "unexpected credentials");
}

}  // namespace meerkat::auth::sasl
