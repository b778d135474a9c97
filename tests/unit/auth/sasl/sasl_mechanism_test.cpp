// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/sasl_mechanism.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "auth/sasl/anonymous_mechanism.hpp"
#include "auth/sasl/external_mechanism.hpp"

namespace meerkat::auth::sasl {
namespace {

using Kind = SaslStep::Kind;
using Mechanism = config::SaslMechanism;

SaslContext context(std::vector<std::string> identities = {}) {
  SaslContext ctx;
  ctx.host = "example.com";
  ctx.external_identities = std::move(identities);
  return ctx;
}

TEST(SaslMechanismNames, RoundTripEveryMechanism) {
  for (int i = 0; i <= static_cast<int>(Mechanism::kDigest); ++i) {
    const auto mechanism = static_cast<Mechanism>(i);
    EXPECT_EQ(parse_mechanism_name(mechanism_name(mechanism)), mechanism);
  }
  EXPECT_EQ(mechanism_name(Mechanism::kScramSha256Plus), "SCRAM-SHA-256-PLUS");
  EXPECT_EQ(mechanism_name(Mechanism::kScramSha1), "SCRAM-SHA-1");
  EXPECT_EQ(mechanism_name(Mechanism::kPlain), "PLAIN");
  EXPECT_FALSE(parse_mechanism_name("plain"));
  EXPECT_FALSE(parse_mechanism_name("SCRAM-SHA-3"));
}

TEST(SaslMechanismFactory, MakesImplementedMechanismsOnly) {
  for (int i = 0; i <= static_cast<int>(Mechanism::kDigest); ++i) {
    const auto mechanism = static_cast<Mechanism>(i);
    const bool implemented = mechanism != Mechanism::kOauth && mechanism != Mechanism::kDigest;
    EXPECT_EQ(make_sasl_mechanism(mechanism, context()) != nullptr, implemented)
        << mechanism_name(mechanism);
  }
  auto scram = make_sasl_mechanism(Mechanism::kScramSha512Plus, context());
  EXPECT_EQ(scram->start("n,,n=juliet,r=abc").kind, Kind::kFailure);  // -PLUS needs p=
}

TEST(SaslFailureNames, AreTheRfc6120Elements) {
  EXPECT_EQ(to_string(SaslFailure::kAborted), "aborted");
  EXPECT_EQ(to_string(SaslFailure::kAccountDisabled), "account-disabled");
  EXPECT_EQ(to_string(SaslFailure::kCredentialsExpired), "credentials-expired");
  EXPECT_EQ(to_string(SaslFailure::kEncryptionRequired), "encryption-required");
  EXPECT_EQ(to_string(SaslFailure::kIncorrectEncoding), "incorrect-encoding");
  EXPECT_EQ(to_string(SaslFailure::kInvalidAuthzid), "invalid-authzid");
  EXPECT_EQ(to_string(SaslFailure::kInvalidMechanism), "invalid-mechanism");
  EXPECT_EQ(to_string(SaslFailure::kMalformedRequest), "malformed-request");
  EXPECT_EQ(to_string(SaslFailure::kMechanismTooWeak), "mechanism-too-weak");
  EXPECT_EQ(to_string(SaslFailure::kNotAuthorized), "not-authorized");
  EXPECT_EQ(to_string(SaslFailure::kTemporaryAuthFailure), "temporary-auth-failure");
}

TEST(SaslAnonymous, SucceedsWithAFreshRandomUsername) {
  std::set<std::string> names;
  for (const char* trace : {"", "sirhc", "juliet@example.com"}) {
    AnonymousMechanism mechanism;
    const SaslStep step = mechanism.start(trace);
    ASSERT_EQ(step.kind, Kind::kSuccess);
    EXPECT_EQ(step.username.size(), 16u);
    EXPECT_EQ(step.username.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567"),
              std::string::npos);
    names.insert(step.username);
    EXPECT_EQ(mechanism.respond("").kind, Kind::kFailure);
  }
  EXPECT_EQ(names.size(), 3u);
}

TEST(SaslAnonymous, RejectsAnOversizedTrace) {
  AnonymousMechanism mechanism;
  const SaslStep step = mechanism.start(std::string(1021, 'a'));
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kMalformedRequest);
}

TEST(SaslExternal, UsesTheSingleIdentityWithoutAuthzid) {
  for (const char* authzid : {"", "="}) {
    ExternalMechanism mechanism(context({"juliet@example.com"}));
    const SaslStep step = mechanism.start(authzid);
    ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
    EXPECT_EQ(step.username, "juliet");
    EXPECT_EQ(step.authzid, "");
  }
}

TEST(SaslExternal, MapsACommonNameUsernameToTheServedHost) {
  ExternalMechanism mechanism(context({"Juliet"}));
  const SaslStep step = mechanism.start("");
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.username, "juliet");
}

TEST(SaslExternal, NeedsAnAuthzidWhenTheCertificateNamesSeveralIdentities) {
  const std::vector<std::string> identities{"juliet@example.com", "romeo@example.com"};
  ExternalMechanism ambiguous(context(identities));
  EXPECT_EQ(ambiguous.start("").failure, SaslFailure::kNotAuthorized);
  ExternalMechanism chosen(context(identities));
  const SaslStep step = chosen.start("romeo@example.com");
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.username, "romeo");
  EXPECT_EQ(step.authzid, "romeo@example.com");
}

TEST(SaslExternal, FailsWithoutIdentities) {
  ExternalMechanism mechanism(context());
  const SaslStep step = mechanism.start("");
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized);
}

TEST(SaslExternal, RejectsAnAuthzidNotInTheCertificate) {
  for (const char* authzid : {"romeo@example.com", "juliet@example.com/balcony", "@"}) {
    ExternalMechanism mechanism(context({"juliet@example.com"}));
    const SaslStep step = mechanism.start(authzid);
    EXPECT_EQ(step.kind, Kind::kFailure);
    EXPECT_EQ(step.failure, SaslFailure::kInvalidAuthzid) << authzid;
  }
}

TEST(SaslExternal, RejectsIdentitiesOfOtherHosts) {
  ExternalMechanism single(context({"juliet@example.org"}));
  EXPECT_EQ(single.start("").failure, SaslFailure::kNotAuthorized);
  ExternalMechanism chosen(context({"juliet@example.org", "juliet@example.com"}));
  EXPECT_EQ(chosen.start("juliet@example.org").failure, SaslFailure::kNotAuthorized);
  ExternalMechanism server(context({"example.com"}));
  EXPECT_EQ(server.start("").failure, SaslFailure::kNotAuthorized);
}

}  // namespace
}  // namespace meerkat::auth::sasl
