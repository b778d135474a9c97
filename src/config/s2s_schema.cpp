// SPDX-License-Identifier: Apache-2.0
// MongooseIM configuration/s2s.md; client TLS from outgoing-connections.md.
#include "config/s2s_schema.hpp"

#include "config/schema.hpp"

namespace meerkat::config {

Section<ClientTlsOptions> client_tls_schema(bool with_mode, bool with_required) {
  Section<ClientTlsOptions> s;
  if (with_mode) {
    s.option("mode", &ClientTlsOptions::mode,
             one_of({{"tls", TlsMode::kTls},
                     {"starttls", TlsMode::kStarttls},
                     {"starttls_required", TlsMode::kStarttlsRequired}}),
             "\"tls\": TLS from the first byte; \"starttls\": use StartTLS when offered; "
             "\"starttls_required\": give up without it.");
  }
  s.option("verify_mode", &ClientTlsOptions::verify_mode,
           one_of({{"peer", VerifyMode::kPeer},
                   {"selfsigned_peer", VerifyMode::kSelfsignedPeer},
                   {"none", VerifyMode::kNone}}),
           "How the server's certificate is checked.")
      .option("certfile", &ClientTlsOptions::certfile, file_readable(),
              "PEM file with the client certificate.")
      .option("cacertfile", &ClientTlsOptions::cacertfile, file_readable(),
              "PEM file with trusted CA certificates.")
      .option("keyfile", &ClientTlsOptions::keyfile, file_readable(),
              "PEM file with the private key.")
      .option("password", &ClientTlsOptions::password, "Password of the private key.")
      .option("ciphers", &ClientTlsOptions::ciphers, non_empty(), "OpenSSL cipher list.")
      .option("versions", &ClientTlsOptions::versions,
              one_of({"tlsv1", "tlsv1.1", "tlsv1.2", "tlsv1.3"}),
              "TLS versions to use; unset: all supported.")
      .section(
          "server_name_indication", &ClientTlsOptions::server_name_indication,
          Section<SniOptions>{}
              .option("enabled", &SniOptions::enabled,
                      "Send SNI (only when the certificate is verified).")
              .option("host", &SniOptions::host, domain(),
                      "Name to send and check instead of the connected host.")
              .option("protocol", &SniOptions::protocol,
                      one_of({{"default", SniProtocol::kDefault}, {"https", SniProtocol::kHttps}}),
                      "Host name matching rules: plain, or HTTPS wildcard rules."),
          "Server Name Indication.");
  if (with_required) {
    s.option("required", &ClientTlsOptions::required,
             "Refuse to connect without TLS (pgsql and cockroachdb).");
  }
  return s;
}

Section<S2sOptions> s2s_schema() {
  auto policy = one_of({{"allow", S2sPolicy::kAllow}, {"deny", S2sPolicy::kDeny}});
  return Section<S2sOptions>{}
      .option("default_policy", &S2sOptions::default_policy, policy,
              "Whether federation with servers not in host_policy is allowed.")
      .value("host_policy", &S2sOptions::host_policy,
             list_of(Section<S2sHostPolicy>{}
                         .option("host", &S2sHostPolicy::host, domain(), "Remote domain.")
                         .required()
                         .option("policy", &S2sHostPolicy::policy, policy,
                                 "Allow or deny federation with it.")
                         .required()
                         .spec()),
             "Per-domain exceptions to default_policy.")
      .option("use_starttls", &S2sOptions::use_starttls,
              one_of({{"false", S2sStarttls::kFalse},
                      {"optional", S2sStarttls::kOptional},
                      {"required", S2sStarttls::kRequired},
                      {"required_trusted", S2sStarttls::kRequiredTrusted}}),
              "TLS of s2s streams, both ways (the older switch): \"optional\" offers and uses "
              "STARTTLS, \"required\" insists on it, \"required_trusted\" also on a valid "
              "certificate of the peer. Unset: listen.s2s.tls and outgoing.tls decide.")
      .option("certfile", &S2sOptions::certfile, file_readable(),
              "Certificate and key of s2s streams when listen.s2s.tls and outgoing.tls name "
              "none (the older option).")
      .option("shared", &S2sOptions::shared, non_empty(),
              "Dialback secret (XEP-0220); unset: random at each start.")
      .section(
          "outgoing", &S2sOptions::outgoing,
          Section<S2sOutgoingOptions>{}
              .value("address", &S2sOutgoingOptions::address,
                     list_of(Section<S2sAddress>{}
                                 .option("host", &S2sAddress::host, domain(), "Remote domain.")
                                 .required()
                                 .option("ip_address", &S2sAddress::ip_address, ip_address(),
                                         "Address to connect to instead of asking DNS.")
                                 .required()
                                 .option("port", &S2sAddress::port, port(),
                                         "Port to connect to; unset: outgoing.port.")
                                 .spec()),
                     "Fixed addresses for some remote domains.")
              .option("connection_timeout", &S2sOutgoingOptions::connection_timeout,
                      {positive(), or_infinity()}, "Milliseconds allowed for connecting.")
              .section("dns", &S2sOutgoingOptions::dns,
                       Section<S2sDnsOptions>{}
                           .option("retries", &S2sDnsOptions::retries, positive(),
                                   "DNS lookup attempts.")
                           .option("timeout", &S2sDnsOptions::timeout, positive(),
                                   "Seconds allowed per lookup."),
                       "DNS lookups of remote servers.")
              .option("ip_versions", &S2sOutgoingOptions::ip_versions,
                      {non_empty(), one_of({4, 6})}, "Address families to try, in order.")
              .option("max_retry_delay", &S2sOutgoingOptions::max_retry_delay, positive(),
                      "Longest wait, in seconds, between reconnection attempts (the wait "
                      "doubles up to it).")
              .option("max_stanza_size", &S2sOutgoingOptions::max_stanza_size,
                      {positive(), or_infinity()}, "Largest stanza accepted, in bytes.")
              .option("port", &S2sOutgoingOptions::port, port(), "Port used when DNS gives none.")
              .option("shaper", &S2sOutgoingOptions::shaper, non_empty(),
                      "Shaper for incoming traffic on outgoing connections; \"none\" for none.")
              .option("state_timeout", &S2sOutgoingOptions::state_timeout,
                      {non_negative(), or_infinity()},
                      "Milliseconds the remote server may take for each negotiation step.")
              .option("stream_timeout", &S2sOutgoingOptions::stream_timeout,
                      {non_negative(), or_infinity()},
                      "Milliseconds of silence after which an outgoing stream is closed.")
              .section("tls", &S2sOutgoingOptions::tls, client_tls_schema(true, false),
                       "TLS of outgoing s2s streams; present: enabled."),
          "Connections to other servers.");
}

}  // namespace meerkat::config
