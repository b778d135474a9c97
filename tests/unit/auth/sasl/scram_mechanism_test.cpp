// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/scram_mechanism.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "auth/sasl/scram_message.hpp"
#include "core/encoding/base64.hpp"

namespace meerkat::auth::sasl {
namespace {

using scram::ScramHash;
using Kind = SaslStep::Kind;

std::string b64(std::string_view bytes) { return encoding::base64_encode(bytes); }
std::string unb64(std::string_view text) { return encoding::base64_decode(text).value(); }

SaslContext context(bool plus_offered = false) {
  SaslContext ctx;
  ctx.host = "example.com";
  ctx.plus_offered = plus_offered;
  ctx.fake_salt_secret = "server secret";
  ctx.scram_iterations = 128;
  ctx.channel_binding = [](std::string_view type) -> std::optional<std::string> {
    if (type == "tls-exporter") return std::string("\x01\x02\x03exporter", 11);
    return std::nullopt;
  };
  return ctx;
}

password::PasswordRecord record_for(ScramHash hash, std::string_view password,
                                    int iterations = 128) {
  password::PasswordRecord record;
  record.scram.push_back(scram::make_scram_keys(hash, password, "saltsaltsalt", iterations));
  return record;
}

// The client side of RFC 5802 §3, written independently of ScramMechanism.
struct ScramClient {
  ScramClient(ScramHash h, std::string user, std::string pass, std::string gs2 = "n,,",
              std::string cb = {})
      : hash(h),
        username(std::move(user)),
        password(std::move(pass)),
        gs2_header(std::move(gs2)),
        cb_data(std::move(cb)) {}

  ScramHash hash;
  std::string username;
  std::string password;
  std::string gs2_header;
  std::string cb_data;
  std::string nonce = "rOprNGfwEbeRWgbNEkqO";
  std::string bare;
  std::string expected_server_final;

  std::string client_first() {
    bare = "n=" + encode_saslname(username) + ",r=" + nonce;
    return gs2_header + bare;
  }

  std::string client_final(const std::string& server_first) {
    std::map<char, std::string> attrs;
    for (std::size_t start = 0; start <= server_first.size();) {
      std::size_t end = server_first.find(',', start);
      if (end == std::string::npos) end = server_first.size();
      attrs[server_first[start]] = server_first.substr(start + 2, end - start - 2);
      start = end + 1;
    }
    const std::string salted =
        scram::salted_password(hash, password, unb64(attrs['s']), std::stoi(attrs['i']));
    const std::string client_key = scram::hmac(hash, salted, "Client Key");
    const std::string stored_key = scram::digest(hash, client_key);
    const std::string without_proof = "c=" + b64(gs2_header + cb_data) + ",r=" + attrs['r'];
    const std::string auth_message = bare + "," + server_first + "," + without_proof;
    const std::string proof =
        scram::xor_bytes(client_key, scram::hmac(hash, stored_key, auth_message));
    expected_server_final =
        "v=" + b64(scram::hmac(hash, scram::hmac(hash, salted, "Server Key"), auth_message));
    return without_proof + ",p=" + b64(proof);
  }
};

// Runs a whole exchange; returns the last step.
SaslStep run(ScramMechanism& mechanism, ScramClient& client,
             std::optional<password::PasswordRecord> record) {
  SaslStep step = mechanism.start(client.client_first());
  if (step.kind != Kind::kNeedCredentials) return step;
  step = mechanism.credentials(std::move(record));
  if (step.kind != Kind::kChallenge) return step;
  return mechanism.respond(client.client_final(step.data));
}

// RFC 5802 §5, reproduced byte for byte.
TEST(ScramMechanism, ReproducesRfc5802Sha1Example) {
  password::PasswordRecord record;
  record.scram.push_back(
      scram::make_scram_keys(ScramHash::kSha1, "pencil", unb64("QSXCR+Q6sek8bf92"), 4096));
  ScramMechanism mechanism(ScramHash::kSha1, false, context(), "3rfcNHYJY1ZVvWVs7j");
  SaslStep step = mechanism.start("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
  ASSERT_EQ(step.kind, Kind::kNeedCredentials) << step.text;
  EXPECT_EQ(step.username, "user");
  EXPECT_EQ(step.authzid, "");
  step = mechanism.credentials(record);
  ASSERT_EQ(step.kind, Kind::kChallenge);
  EXPECT_EQ(step.data, "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
  step = mechanism.respond(
      "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.data, "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
  EXPECT_EQ(step.username, "user");
}

// RFC 7677 §3, reproduced byte for byte.
TEST(ScramMechanism, ReproducesRfc7677Sha256Example) {
  password::PasswordRecord record;
  record.scram.push_back(scram::make_scram_keys(ScramHash::kSha256, "pencil",
                                                unb64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096));
  ScramMechanism mechanism(ScramHash::kSha256, false, context(), "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  ASSERT_EQ(mechanism.start("n,,n=user,r=rOprNGfwEbeRWgbNEkqO").kind, Kind::kNeedCredentials);
  SaslStep step = mechanism.credentials(record);
  EXPECT_EQ(step.data,
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,"
            "i=4096");
  step = mechanism.respond(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
      "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.data, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
}

class ScramEveryHash : public ::testing::TestWithParam<ScramHash> {};

TEST_P(ScramEveryHash, CompletesAnExchangeWithAnIndependentClient) {
  ScramMechanism mechanism(GetParam(), false, context());
  ScramClient client(GetParam(), "juliet", "r0m30");
  const SaslStep step = run(mechanism, client, record_for(GetParam(), "r0m30"));
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.data, client.expected_server_final);
  EXPECT_EQ(step.username, "juliet");
}

TEST_P(ScramEveryHash, PlusCompletesWithTheChannelBindingData) {
  ScramMechanism mechanism(GetParam(), true, context(true));
  ScramClient client(GetParam(), "juliet", "r0m30", "p=tls-exporter,,",
                     std::string("\x01\x02\x03exporter", 11));
  const SaslStep step = run(mechanism, client, record_for(GetParam(), "r0m30"));
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.data, client.expected_server_final);
}

TEST_P(ScramEveryHash, RejectsAWrongPassword) {
  ScramMechanism mechanism(GetParam(), false, context());
  ScramClient client(GetParam(), "juliet", "wrong");
  const SaslStep step = run(mechanism, client, record_for(GetParam(), "r0m30"));
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized);
}

INSTANTIATE_TEST_SUITE_P(Hashes, ScramEveryHash,
                         ::testing::Values(ScramHash::kSha1, ScramHash::kSha224, ScramHash::kSha256,
                                           ScramHash::kSha384, ScramHash::kSha512));

TEST(ScramMechanism, AsksForTheClientFirstMessageWithoutInitialResponse) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  SaslStep step = mechanism.start("");
  ASSERT_EQ(step.kind, Kind::kChallenge);
  EXPECT_EQ(step.data, "");
  ScramClient client(ScramHash::kSha256, "juliet", "r0m30");
  step = mechanism.respond(client.client_first());
  ASSERT_EQ(step.kind, Kind::kNeedCredentials);
  step = mechanism.credentials(record_for(ScramHash::kSha256, "r0m30"));
  step = mechanism.respond(client.client_final(step.data));
  EXPECT_EQ(step.kind, Kind::kSuccess) << step.text;
}

TEST(ScramMechanism, ServerNonceIsRandomAndAppendedToTheClientNonce) {
  ScramMechanism a(ScramHash::kSha256, false, context());
  ScramMechanism b(ScramHash::kSha256, false, context());
  a.start("n,,n=juliet,r=abc");
  b.start("n,,n=juliet,r=abc");
  const std::string first_a = a.credentials(record_for(ScramHash::kSha256, "x")).data;
  const std::string first_b = b.credentials(record_for(ScramHash::kSha256, "x")).data;
  EXPECT_TRUE(first_a.starts_with("r=abc"));
  EXPECT_EQ(first_a.find(','), 5u + 32u);  // 24 random bytes in base64
  EXPECT_NE(first_a, first_b);
}

TEST(ScramMechanism, PreparesAndUnescapesTheUsername) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  const SaslStep step = mechanism.start("n,,n=Jul=2Ciet=3D,r=abc");
  ASSERT_EQ(step.kind, Kind::kNeedCredentials) << step.text;
  EXPECT_EQ(step.username, "jul,iet=");
}

TEST(ScramMechanism, AcceptsTheOwnBareJidAsAuthzid) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  ScramClient client(ScramHash::kSha256, "juliet", "r0m30", "n,a=juliet@example.com,");
  const SaslStep step = run(mechanism, client, record_for(ScramHash::kSha256, "r0m30"));
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.authzid, "juliet@example.com");
}

TEST(ScramMechanism, RejectsAnotherAuthzid) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  const SaslStep step = mechanism.start("n,a=romeo@example.com,n=juliet,r=abc");
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kInvalidAuthzid);
}

TEST(ScramMechanism, AcceptsYFlagWhenNoPlusWasOffered) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context(false));
  ScramClient client(ScramHash::kSha256, "juliet", "r0m30", "y,,");
  EXPECT_EQ(run(mechanism, client, record_for(ScramHash::kSha256, "r0m30")).kind, Kind::kSuccess);
}

TEST(ScramMechanism, RejectsYFlagWhenPlusWasOffered) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context(true));
  const SaslStep step = mechanism.start("y,,n=juliet,r=abc");
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized);
  EXPECT_EQ(step.text, "channel binding downgrade detected");
}

TEST(ScramMechanism, RejectsChannelBindingOnANonPlusMechanism) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context(true));
  const SaslStep step = mechanism.start("p=tls-exporter,,n=juliet,r=abc");
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kMalformedRequest);
}

TEST(ScramMechanism, PlusRequiresChannelBinding) {
  for (const char* message : {"n,,n=juliet,r=abc", "y,,n=juliet,r=abc"}) {
    ScramMechanism mechanism(ScramHash::kSha256, true, context(true));
    EXPECT_EQ(mechanism.start(message).kind, Kind::kFailure) << message;
  }
}

TEST(ScramMechanism, PlusRejectsUnavailableOrUnknownChannelBindingTypes) {
  // tls-server-end-point is known but the context has no data for it; tls-unique is unsupported.
  for (const char* message : {"p=tls-server-end-point,,n=juliet,r=abc",
                              "p=tls-unique,,n=juliet,r=abc", "p=x-foo,,n=juliet,r=abc"}) {
    ScramMechanism mechanism(ScramHash::kSha256, true, context(true));
    const SaslStep step = mechanism.start(message);
    EXPECT_EQ(step.kind, Kind::kFailure) << message;
    EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized) << message;
  }
  SaslContext without = context(true);
  without.channel_binding = nullptr;
  ScramMechanism mechanism(ScramHash::kSha256, true, without);
  EXPECT_EQ(mechanism.start("p=tls-exporter,,n=juliet,r=abc").kind, Kind::kFailure);
}

TEST(ScramMechanism, PlusRejectsWrongChannelBindingData) {
  ScramMechanism mechanism(ScramHash::kSha256, true, context(true));
  ScramClient client(ScramHash::kSha256, "juliet", "r0m30", "p=tls-exporter,,", "other connection");
  const SaslStep step = run(mechanism, client, record_for(ScramHash::kSha256, "r0m30"));
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized);
  EXPECT_EQ(step.text, "channel binding mismatch");
}

TEST(ScramMechanism, RejectsAChangedGs2HeaderInTheFinalMessage) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  ScramClient client(ScramHash::kSha256, "juliet", "r0m30");
  mechanism.start(client.client_first());
  const SaslStep first = mechanism.credentials(record_for(ScramHash::kSha256, "r0m30"));
  client.gs2_header = "y,,";  // c= no longer matches what the server saw
  EXPECT_EQ(mechanism.respond(client.client_final(first.data)).text, "channel binding mismatch");
}

TEST(ScramMechanism, RejectsAWrongNonce) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context(), "SERVERNONCE");
  mechanism.start("n,,n=juliet,r=abc");
  mechanism.credentials(record_for(ScramHash::kSha256, "r0m30"));
  const SaslStep step = mechanism.respond("c=biws,r=abcSERVERNONCX,p=" + b64(std::string(32, 'x')));
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.text, "nonce mismatch");
}

TEST(ScramMechanism, RejectsMalformedClientFirstMessages) {
  for (std::string_view message : {
           "x",
           "n,,",
           "n,n=juliet,r=abc",
           "q,,n=juliet,r=abc",
           "p,,n=juliet,r=abc",
           "p=,,n=juliet,r=abc",
           "p=tls exporter,,n=juliet,r=abc",
           "n,x=a,n=juliet,r=abc",
           "n,a=,n=juliet,r=abc",
           "n,a=x=2Xy,n=juliet,r=abc",
           "n,,r=abc",
           "n,,n=juliet",
           "n,,r=abc,n=juliet",
           "n,,n=,r=abc",
           "n,,n=ju=liet,r=abc",
           "n,,n=juliet,r=",
           "n,,n=juliet,r=a\x01",
           "n,,m=ext,n=juliet,r=abc",
           "n,,n=juliet,r=abc,1=x",
           "n,,n=juliet,r=abc,",
           "n,,n=jul@iet,r=abc",
           "n,,n=juliet,r=abc,m=x",
       }) {
    ScramMechanism mechanism(ScramHash::kSha256, false, context());
    const SaslStep step = mechanism.start(message);
    EXPECT_EQ(step.kind, Kind::kFailure) << message;
    EXPECT_EQ(step.failure, SaslFailure::kMalformedRequest) << message;
  }
}

TEST(ScramMechanism, IgnoresExtensionsInTheClientFirstMessage) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  EXPECT_EQ(mechanism.start("n,,n=juliet,r=abc,x=future").kind, Kind::kNeedCredentials);
}

TEST(ScramMechanism, RejectsMalformedClientFinalMessages) {
  const std::string proof = b64(std::string(32, 'x'));
  for (const std::string& message : std::vector<std::string>{
           std::string("c=biws,r=abcS"),
           "c=biws,p=" + proof,
           "r=abcS,c=biws,p=" + proof,
           "c=biws,r=abcS,p=not base64",
           "c=biws,r=abcS,p=" + proof + ",x=1",
           "c=biws,r=abcS,1=x,p=" + proof,
           "c=biws,r=abcS,m=x,p=" + proof,
           std::string(""),
       }) {
    ScramMechanism mechanism(ScramHash::kSha256, false, context(), "S");
    mechanism.start("n,,n=juliet,r=abc");
    mechanism.credentials(record_for(ScramHash::kSha256, "r0m30"));
    const SaslStep step = mechanism.respond(message);
    EXPECT_EQ(step.kind, Kind::kFailure) << message;
    EXPECT_EQ(step.failure, SaslFailure::kMalformedRequest) << message;
  }
}

TEST(ScramMechanism, RejectsAProofOfTheWrongSize) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context(), "S");
  mechanism.start("n,,n=juliet,r=abc");
  mechanism.credentials(record_for(ScramHash::kSha256, "r0m30"));
  const SaslStep step = mechanism.respond("c=biws,r=abcS,p=" + b64(std::string(20, 'x')));
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized);
}

TEST(ScramMechanism, UnknownUserGetsAStablePlausibleChallengeAndFailsAtTheEnd) {
  std::string salts[2];
  for (std::string& salt : salts) {
    ScramMechanism mechanism(ScramHash::kSha256, false, context());
    ScramClient client(ScramHash::kSha256, "nobody", "x");
    ASSERT_EQ(mechanism.start(client.client_first()).kind, Kind::kNeedCredentials);
    const SaslStep first = mechanism.credentials(std::nullopt);
    ASSERT_EQ(first.kind, Kind::kChallenge);
    const std::size_t s = first.data.find(",s=");
    salt = first.data.substr(s, first.data.find(",i=") - s);
    EXPECT_TRUE(first.data.ends_with(",i=128"));
    const SaslStep last = mechanism.respond(client.client_final(first.data));
    EXPECT_EQ(last.kind, Kind::kFailure);
    EXPECT_EQ(last.failure, SaslFailure::kNotAuthorized);
    EXPECT_EQ(last.text, "authentication failed");
  }
  EXPECT_EQ(salts[0], salts[1]);
  EXPECT_EQ(unb64(salts[0].substr(3)).size(), 16u);
}

TEST(ScramMechanism, RecordWithoutKeysForTheHashFailsAtTheEnd) {
  ScramMechanism mechanism(ScramHash::kSha512, false, context());
  ScramClient client(ScramHash::kSha512, "juliet", "r0m30");
  const SaslStep step = run(mechanism, client, record_for(ScramHash::kSha1, "r0m30"));
  EXPECT_EQ(step.kind, Kind::kFailure);
  EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized);
}

TEST(ScramMechanism, PlainRecordsCanUseScram) {
  password::PasswordRecord record;
  record.plain = "r0m30";
  ScramMechanism mechanism(ScramHash::kSha384, false, context());
  ScramClient client(ScramHash::kSha384, "juliet", "r0m30");
  const SaslStep step = run(mechanism, client, record);
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.data, client.expected_server_final);
  ScramMechanism wrong(ScramHash::kSha384, false, context());
  client.password = "wrong";
  EXPECT_EQ(run(wrong, client, record).kind, Kind::kFailure);
}

TEST(ScramMechanism, ExchangeIsOverAfterSuccessOrFailure) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  ScramClient client(ScramHash::kSha256, "juliet", "r0m30");
  ASSERT_EQ(run(mechanism, client, record_for(ScramHash::kSha256, "r0m30")).kind, Kind::kSuccess);
  EXPECT_EQ(mechanism.respond("").kind, Kind::kFailure);
  ScramMechanism failed(ScramHash::kSha256, false, context());
  ASSERT_EQ(failed.start("garbage").kind, Kind::kFailure);
  EXPECT_EQ(failed.respond("n,,n=juliet,r=abc").kind, Kind::kFailure);
  EXPECT_EQ(failed.credentials(std::nullopt).kind, Kind::kFailure);
}

TEST(ScramMechanism, CredentialsBeforeTheClientFirstMessageFail) {
  ScramMechanism mechanism(ScramHash::kSha256, false, context());
  EXPECT_EQ(mechanism.credentials(std::nullopt).kind, Kind::kFailure);
}

TEST(ScramMessage, SaslnameEscapingRoundTrips) {
  EXPECT_EQ(encode_saslname("a,b=c"), "a=2Cb=3Dc");
  EXPECT_EQ(decode_saslname("a=2Cb=3Dc"), "a,b=c");
  EXPECT_FALSE(decode_saslname("a=2c"));
  EXPECT_FALSE(decode_saslname("a="));
  EXPECT_FALSE(decode_saslname("a,b"));
}

}  // namespace
}  // namespace meerkat::auth::sasl
