// SPDX-License-Identifier: Apache-2.0
// MongooseIM configuration/auth.md and authentication-methods/*.md.
#include "config/auth_schema.hpp"

#include "config/schema.hpp"

namespace meerkat::config {

namespace {

// A JID localpart may not contain these (RFC 7622 §3.3.1).
bool is_localpart_text(const std::string& s) {
  return s.find_first_of("\"&'/:<>@ ") == std::string::npos;
}

Section<LdapAuthOptions> ldap_schema() {
  return Section<LdapAuthOptions>{}
      .option("pool_tag", &LdapAuthOptions::pool_tag, non_empty(),
              "Tag of the LDAP pool used for searches.")
      .option("bind_pool_tag", &LdapAuthOptions::bind_pool_tag, non_empty(),
              "Tag of the LDAP pool used to check passwords by binding.")
      .option("base", &LdapAuthOptions::base, non_empty(), "Base DN of user searches.")
      .required()
      .value("uids", &LdapAuthOptions::uids,
             list_of(Section<LdapUid>{}
                         .option("attr", &LdapUid::attr, non_empty(),
                                 "Attribute holding the user name.")
                         .required()
                         .option("format", &LdapUid::format, non_empty(),
                                 "Pattern of the attribute value; %u is the user name.")
                         .check(
                             [](const std::string& f) {
                               auto at = f.find("%u");
                               return at != std::string::npos &&
                                      f.find("%u", at + 1) == std::string::npos;
                             },
                             "a pattern with exactly one %u")
                         .spec()),
             "Attributes that may hold the user name, tried in turn.")
      .option("filter", &LdapAuthOptions::filter, non_empty(),
              "Extra LDAP filter for user searches.")
      .section("dn_filter", &LdapAuthOptions::dn_filter,
               Section<LdapDnFilter>{}
                   .option("filter", &LdapDnFilter::filter, non_empty(),
                           "LDAP filter with %u, %d, %s and %D placeholders.")
                   .required()
                   .option("attributes", &LdapDnFilter::attributes,
                           "Attributes whose values replace the %s placeholders."),
               "A second lookup applied to search results.")
      .section("local_filter", &LdapAuthOptions::local_filter,
               Section<LdapLocalFilter>{}
                   .option("operation", &LdapLocalFilter::operation,
                           one_of({{"equal", LdapFilterOperation::kEqual},
                                   {"notequal", LdapFilterOperation::kNotEqual}}),
                           "Whether the attribute must, or must not, have one of the values.")
                   .required()
                   .option("attribute", &LdapLocalFilter::attribute, non_empty(),
                           "The attribute checked.")
                   .required()
                   .option("values", &LdapLocalFilter::values, "Values compared against."),
               "A filter checked by the server on search results.")
      .option("deref", &LdapAuthOptions::deref,
              one_of({{"never", LdapDeref::kNever},
                      {"always", LdapDeref::kAlways},
                      {"finding", LdapDeref::kFinding},
                      {"searching", LdapDeref::kSearching}}),
              "When LDAP aliases are dereferenced.");
}

Section<JwtAuthOptions> jwt_schema() {
  return Section<JwtAuthOptions>{}
      .section(
          "secret", &JwtAuthOptions::secret,
          Section<JwtSecret>{}
              .option("file", &JwtSecret::file, file_readable(), "File holding the secret.")
              .option("env", &JwtSecret::env, non_empty(),
                      "Environment variable holding the secret.")
              .option("value", &JwtSecret::value, "The secret itself.")
              .cross_check({},
                           [](JwtSecret& s, SectionCheck& c) {
                             int n = s.file.has_value() + s.env.has_value() + s.value.has_value();
                             if (n != 1) {
                               c.error_at("", "expected exactly one of file, env and value, got " +
                                                  std::to_string(n));
                             }
                           }),
          "Where the key that signs tokens comes from.")
      .required()
      .option(
          "algorithm", &JwtAuthOptions::algorithm,
          one_of({"HS256", "RS256", "ES256", "HS386", "RS386", "ES386", "HS512", "RS512", "ES512"}),
          "Signature algorithm of the tokens.")
      .required()
      .option("username_key", &JwtAuthOptions::username_key, non_empty(),
              "Claim that holds the user name.")
      .required();
}

template <class T>
Section<T> no_options() {
  return Section<T>{};
}

// A listed method without its table runs with default options; external, ldap and jwt have
// required options, so they need their table.
void check_methods(AuthOptions& a, SectionCheck& c) {
  if (!a.methods) return;
  static constexpr const char* kNames[] = {"internal", "rdbms", "external", "anonymous", "ldap",
                                           "jwt",      "http",  "pki",      "dummy"};
  for (std::size_t i = 0; i < a.methods->size(); ++i) {
    auto method = (*a.methods)[i];
    const char* name = kNames[static_cast<int>(method)];
    if (c.has(name)) continue;
    switch (method) {
      case AuthMethod::kInternal: a.internal.emplace(); break;
      case AuthMethod::kRdbms: a.rdbms.emplace(); break;
      case AuthMethod::kAnonymous: a.anonymous.emplace(); break;
      case AuthMethod::kHttp: a.http.emplace(); break;
      case AuthMethod::kPki: a.pki.emplace(); break;
      case AuthMethod::kDummy: a.dummy.emplace(); break;
      case AuthMethod::kExternal:
      case AuthMethod::kLdap:
      case AuthMethod::kJwt:
        c.error_at("methods[" + std::to_string(i + 1) + "]",
                   std::string("method \"") + name + "\" needs an [auth." + name +
                       "] section for its required options");
        break;
    }
  }
}

}  // namespace

Section<AuthOptions> auth_schema() {
  return Section<AuthOptions>{}
      .option("methods", &AuthOptions::methods,
              one_of({{"internal", AuthMethod::kInternal},
                      {"rdbms", AuthMethod::kRdbms},
                      {"external", AuthMethod::kExternal},
                      {"anonymous", AuthMethod::kAnonymous},
                      {"ldap", AuthMethod::kLdap},
                      {"jwt", AuthMethod::kJwt},
                      {"http", AuthMethod::kHttp},
                      {"pki", AuthMethod::kPki},
                      {"dummy", AuthMethod::kDummy}}),
              "Auth methods in the order they are tried; unset: every configured method, "
              "alphabetically.")
      .option("sasl_mechanisms", &AuthOptions::sasl_mechanisms,
              one_of({{"scram_sha512_plus", SaslMechanism::kScramSha512Plus},
                      {"scram_sha512", SaslMechanism::kScramSha512},
                      {"scram_sha384_plus", SaslMechanism::kScramSha384Plus},
                      {"scram_sha384", SaslMechanism::kScramSha384},
                      {"scram_sha256_plus", SaslMechanism::kScramSha256Plus},
                      {"scram_sha256", SaslMechanism::kScramSha256},
                      {"scram_sha224_plus", SaslMechanism::kScramSha224Plus},
                      {"scram_sha224", SaslMechanism::kScramSha224},
                      {"scram_sha1_plus", SaslMechanism::kScramSha1Plus},
                      {"scram_sha1", SaslMechanism::kScramSha1},
                      {"plain", SaslMechanism::kPlain},
                      {"anonymous", SaslMechanism::kAnonymous},
                      {"oauth", SaslMechanism::kOauth},
                      {"external", SaslMechanism::kExternal},
                      {"digest", SaslMechanism::kDigest}}),
              "SASL mechanisms offered, in this order, if the auth methods support them.")
      .option("sasl_external", &AuthOptions::sasl_external,
              one_of({"standard", "common_name", "auth_id"}),
              "How SASL EXTERNAL finds the user in a client certificate, tried in order.")
      .option("max_users_per_domain", &AuthOptions::max_users_per_domain,
              {positive(), or_infinity()}, "Most accounts one domain may have.")
      .validated_only()
      .section("sasl_external_common_name", &AuthOptions::sasl_external_common_name,
               Section<CommonNameOptions>{}
                   .option("prefix", &CommonNameOptions::prefix,
                           "Put before the certificate's common name to make the user name.")
                   .check(is_localpart_text, "text allowed in a JID localpart")
                   .option("suffix", &CommonNameOptions::suffix,
                           "Put after the certificate's common name to make the user name.")
                   .check(is_localpart_text, "text allowed in a JID localpart"),
               "User names from certificate common names (sasl_external = \"common_name\").")
      .section("password", &AuthOptions::password,
               Section<PasswordOptions>{}
                   .option("format", &PasswordOptions::format,
                           one_of({{"plain", PasswordFormat::kPlain},
                                   {"scram", PasswordFormat::kScram}}),
                           "Store passwords as they are, or as SCRAM keys.")
                   .option("hash", &PasswordOptions::hash,
                           {non_empty(), one_of({{"sha", HashFunction::kSha1},
                                                 {"sha224", HashFunction::kSha224},
                                                 {"sha256", HashFunction::kSha256},
                                                 {"sha384", HashFunction::kSha384},
                                                 {"sha512", HashFunction::kSha512}})},
                           "SCRAM hash functions to store and offer; unset: all.")
                   .option("scram_iterations", &PasswordOptions::scram_iterations, positive(),
                           "PBKDF2 iteration count of new SCRAM keys."),
               "How passwords are stored (internal, rdbms and http methods).")
      .section("internal", &AuthOptions::internal, no_options<InternalAuthOptions>(),
               "Accounts in Meerkat's own database.")
      .section("rdbms", &AuthOptions::rdbms,
               Section<RdbmsAuthOptions>{}.option(
                   "users_number_estimate", &RdbmsAuthOptions::users_number_estimate,
                   "Count users from table statistics instead of counting rows."),
               "Accounts in an SQL database.")
      .section("anonymous", &AuthOptions::anonymous,
               Section<AnonymousAuthOptions>{}
                   .option("allow_multiple_connections",
                           &AnonymousAuthOptions::allow_multiple_connections,
                           "Let several connections share one anonymous user name.")
                   .option("protocol", &AnonymousAuthOptions::protocol,
                           one_of({{"sasl_anon", AnonymousProtocol::kSaslAnon},
                                   {"login_anon", AnonymousProtocol::kLoginAnon},
                                   {"both", AnonymousProtocol::kBoth}}),
                           "SASL ANONYMOUS, any name and password, or both.")
                   .option("backend", &AnonymousAuthOptions::backend,
                           one_of({{"mnesia", Backend::kMnesia}, {"cets", Backend::kCets}}),
                           "Where anonymous users are tracked.")
                   .validated_only(),
               "Temporary anonymous accounts.")
      .section("external", &AuthOptions::external,
               Section<ExternalAuthOptions>{}
                   .option("program", &ExternalAuthOptions::program, non_empty(),
                           "Path of the program speaking the ejabberd extauth protocol.")
                   .required()
                   .option("instances", &ExternalAuthOptions::instances, positive(),
                           "How many copies of the program run."),
               "Accounts checked by an external program.")
      .section("ldap", &AuthOptions::ldap, ldap_schema(), "Accounts in LDAP.")
      .validated_only()
      .section("jwt", &AuthOptions::jwt, jwt_schema(), "Passwords that are signed JWTs.")
      .section(
          "http", &AuthOptions::http,
          Section<HttpAuthOptions>{}.option("basic_auth", &HttpAuthOptions::basic_auth, non_empty(),
                                            "\"user:password\" sent to the auth service."),
          "Accounts checked by an HTTP service (uses the http pool tagged auth).")
      .validated_only()
      .section("pki", &AuthOptions::pki, no_options<PkiAuthOptions>(),
               "Users named by their TLS client certificate (SASL EXTERNAL).")
      .section("dummy", &AuthOptions::dummy,
               Section<DummyAuthOptions>{}
                   .option("base_time", &DummyAuthOptions::base_time, non_negative(),
                           "Least delay before answering.")
                   .option("variance", &DummyAuthOptions::variance, positive(),
                           "Random extra delay, at most this much."),
               "Accepts any password; for tests only.")
      .cross_check({"methods"}, check_methods);
}

}  // namespace meerkat::config
