// SPDX-License-Identifier: Apache-2.0
// Typed options of the `auth` section (MongooseIM configuration/auth.md and
// authentication-methods/*.md); filled by auth_schema.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/general_options.hpp"

namespace meerkat::config {

enum class AuthMethod {
  kInternal,
  kRdbms,
  kExternal,
  kAnonymous,
  kLdap,
  kJwt,
  kHttp,
  kPki,
  kDummy
};

enum class SaslMechanism {
  kScramSha512Plus,
  kScramSha512,
  kScramSha384Plus,
  kScramSha384,
  kScramSha256Plus,
  kScramSha256,
  kScramSha224Plus,
  kScramSha224,
  kScramSha1Plus,
  kScramSha1,
  kPlain,
  kAnonymous,
  kOauth,
  kExternal,
  kDigest,
};

enum class PasswordFormat { kPlain, kScram };
enum class HashFunction { kSha1, kSha224, kSha256, kSha384, kSha512 };

struct PasswordOptions {
  PasswordFormat format = PasswordFormat::kScram;
  std::optional<std::vector<HashFunction>> hash;  // unset: every hash function
  int scram_iterations = 10000;
};

struct CommonNameOptions {
  std::string prefix;
  std::string suffix;
};

// Methods without options still get a struct: the table's presence enables the method.
struct InternalAuthOptions {};
struct RdbmsAuthOptions {
  bool users_number_estimate = false;
};
enum class AnonymousProtocol { kSaslAnon, kLoginAnon, kBoth };
struct AnonymousAuthOptions {
  bool allow_multiple_connections = false;
  AnonymousProtocol protocol = AnonymousProtocol::kSaslAnon;
  Backend backend = Backend::kMnesia;
};
struct ExternalAuthOptions {
  std::string program;  // required
  int instances = 1;
};
struct LdapUid {
  std::string attr;
  std::string format = "%u";
};
struct LdapDnFilter {
  std::string filter;
  std::vector<std::string> attributes;
};
enum class LdapFilterOperation { kEqual, kNotEqual };
struct LdapLocalFilter {
  LdapFilterOperation operation = LdapFilterOperation::kEqual;
  std::string attribute;
  std::vector<std::string> values;
};
enum class LdapDeref { kNever, kAlways, kFinding, kSearching };
struct LdapAuthOptions {
  std::string pool_tag = "default";
  std::string bind_pool_tag = "bind";
  std::string base;  // required
  std::vector<LdapUid> uids{LdapUid{"uid", "%u"}};
  std::optional<std::string> filter;
  std::optional<LdapDnFilter> dn_filter;
  std::optional<LdapLocalFilter> local_filter;
  LdapDeref deref = LdapDeref::kNever;
};
// Exactly one of file, env and value is set.
struct JwtSecret {
  std::optional<std::string> file;
  std::optional<std::string> env;
  std::optional<std::string> value;
};
struct JwtAuthOptions {
  JwtSecret secret;
  std::string algorithm;     // required
  std::string username_key;  // required
};
struct HttpAuthOptions {
  std::optional<std::string> basic_auth;  // "user:password"
};
struct PkiAuthOptions {};
struct DummyAuthOptions {
  std::chrono::milliseconds base_time{50};
  std::chrono::milliseconds variance{450};
};

struct AuthOptions {
  // Unset: every method with a table, alphabetically. A listed method without a table gets its
  // default options, so after loading, a method is enabled exactly when its optional is set.
  std::optional<std::vector<AuthMethod>> methods;
  std::vector<SaslMechanism> sasl_mechanisms{SaslMechanism::kScramSha512Plus,
                                             SaslMechanism::kScramSha512,
                                             SaslMechanism::kScramSha384Plus,
                                             SaslMechanism::kScramSha384,
                                             SaslMechanism::kScramSha256Plus,
                                             SaslMechanism::kScramSha256,
                                             SaslMechanism::kScramSha224Plus,
                                             SaslMechanism::kScramSha224,
                                             SaslMechanism::kScramSha1Plus,
                                             SaslMechanism::kScramSha1,
                                             SaslMechanism::kPlain,
                                             SaslMechanism::kAnonymous,
                                             SaslMechanism::kOauth};
  std::vector<std::string> sasl_external{"standard"};
  std::optional<std::uint64_t> max_users_per_domain;  // unset: infinity
  CommonNameOptions sasl_external_common_name;
  PasswordOptions password;
  std::optional<InternalAuthOptions> internal;
  std::optional<RdbmsAuthOptions> rdbms;
  std::optional<AnonymousAuthOptions> anonymous;
  std::optional<ExternalAuthOptions> external;
  std::optional<LdapAuthOptions> ldap;
  std::optional<JwtAuthOptions> jwt;
  std::optional<HttpAuthOptions> http;
  std::optional<PkiAuthOptions> pki;
  std::optional<DummyAuthOptions> dummy;
};

}  // namespace meerkat::config
