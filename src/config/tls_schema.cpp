// SPDX-License-Identifier: Apache-2.0
#include "config/tls_schema.hpp"

#include "config/schema.hpp"

namespace meerkat::config {

namespace {

Validator verify_modes() {
  return one_of({{"peer", VerifyMode::kPeer},
                 {"selfsigned_peer", VerifyMode::kSelfsignedPeer},
                 {"none", VerifyMode::kNone}});
}

// The options every TLS table may have, in the order the reference lists them.
Section<TlsOptions>& add_verify_mode(Section<TlsOptions>& s) {
  return s.option("verify_mode", &TlsOptions::verify_mode, verify_modes(),
                  "How the peer's certificate is checked: \"peer\" needs a chain to a trusted "
                  "CA, \"selfsigned_peer\" also accepts self-signed ones, \"none\" skips it.");
}
Section<TlsOptions>& add_certfile(Section<TlsOptions>& s, const char* doc) {
  return s.option("certfile", &TlsOptions::certfile, file_readable(), doc);
}
Section<TlsOptions>& add_cacertfile(Section<TlsOptions>& s) {
  return s.option("cacertfile", &TlsOptions::cacertfile, file_readable(),
                  "PEM file with the CA certificates that peer certificates are checked "
                  "against; without it, the system's.");
}
Section<TlsOptions>& add_dhfile(Section<TlsOptions>& s) {
  return s.option("dhfile", &TlsOptions::dhfile, file_readable(),
                  "PEM file with Diffie-Hellman parameters.");
}
Section<TlsOptions>& add_ciphers(Section<TlsOptions>& s) {
  return s.option("ciphers", &TlsOptions::ciphers, non_empty(),
                  "OpenSSL cipher list. Unset: \"TLSv1.2:TLSv1.3\" for fast_tls, the library's "
                  "choice otherwise.");
}
Section<TlsOptions>& add_protocol_options(Section<TlsOptions>& s) {
  return s.option("protocol_options", &TlsOptions::protocol_options, non_empty(),
                  "OpenSSL options such as \"no_tlsv1\" (fast_tls only).");
}
Section<TlsOptions>& add_keyfile(Section<TlsOptions>& s) {
  return s.option("keyfile", &TlsOptions::keyfile, file_readable(),
                  "PEM file with the private key, when certfile holds only the certificate.");
}
Section<TlsOptions>& add_password(Section<TlsOptions>& s) {
  return s.option("password", &TlsOptions::password,
                  "Password that decrypts the private key file.");
}
Section<TlsOptions>& add_versions(Section<TlsOptions>& s) {
  return s.option("versions", &TlsOptions::versions,
                  one_of({"tlsv1", "tlsv1.1", "tlsv1.2", "tlsv1.3"}),
                  "TLS versions to accept; unset: every version the library supports.");
}

// The options only one TLS module understands. The seed marks them "only for just_tls" /
// "only for fast_tls"; Meerkat rejects them with the other module instead of ignoring them.
void check_module_options(TlsOptions& t, SectionCheck& c) {
  const char* module = t.module == TlsModule::kJustTls ? "just_tls" : "fast_tls";
  std::string why = c.has("module") ? std::string(" (module is \"") + module + "\")"
                                    : std::string(" (the default module is \"fast_tls\")");
  if (t.module == TlsModule::kFastTls) {
    for (const char* key : {"keyfile", "password", "disconnect_on_failure", "versions", "crl_files",
                            "keep_secrets", "early_data", "session_tickets"}) {
      if (c.has(key)) c.error(key, "only valid with module = \"just_tls\"" + why);
    }
    if (t.verify_mode == VerifyMode::kSelfsignedPeer) {
      c.error("verify_mode", "\"selfsigned_peer\" needs module = \"just_tls\"" + why);
    }
  } else if (c.has("protocol_options")) {
    c.error("protocol_options", "only valid with module = \"fast_tls\"" + why);
  }
}

}  // namespace

Section<TlsOptions> c2s_tls_schema(bool default_mode_tls) {
  Section<TlsOptions> s;
  s.option("mode", &TlsOptions::mode,
           one_of({{"tls", TlsMode::kTls},
                   {"starttls", TlsMode::kStarttls},
                   {"starttls_required", TlsMode::kStarttlsRequired}}),
           default_mode_tls ? "\"tls\": TLS from the first byte (the default for components); "
                              "\"starttls\": offer StartTLS; \"starttls_required\": insist on it."
                            : "\"tls\": TLS from the first byte; \"starttls\": offer StartTLS; "
                              "\"starttls_required\": insist on it before anything else.");
  s.option("module", &TlsOptions::module,
           one_of({{"fast_tls", TlsModule::kFastTls}, {"just_tls", TlsModule::kJustTls}}),
           "Which TLS flavour's options apply; both run on OpenSSL in Meerkat.");
  add_verify_mode(s);
  // Not required: without it Meerkat generates a self-signed certificate on first start, so
  // that the embedded default configuration offers STARTTLS out of the box.
  add_certfile(s,
               "PEM file with the server certificate (and, for fast_tls, its key); unset: a "
               "self-signed certificate generated on first start.");
  add_cacertfile(s);
  add_dhfile(s);
  add_ciphers(s);
  add_protocol_options(s);
  add_keyfile(s);
  add_password(s);
  s.option("disconnect_on_failure", &TlsOptions::disconnect_on_failure,
           "Fail the handshake when a requested client certificate does not verify; false "
           "leaves authentication to SASL (just_tls only).");
  add_versions(s);
  s.option("crl_files", &TlsOptions::crl_files, file_readable(),
           "Certificate revocation lists to check client certificates against (just_tls only).");
  s.option("keep_secrets", &TlsOptions::keep_secrets,
           "Write session keys to $SSLKEYLOGFILE for debugging (just_tls only).")
      .validated_only();
  s.option("early_data", &TlsOptions::early_data,
           "Accept TLS 1.3 0-RTT data, for FAST re-authentication (just_tls only).")
      .validated_only();
  s.option("session_tickets", &TlsOptions::session_tickets, one_of({"stateless"}),
           "\"stateless\": resume TLS sessions with tickets (just_tls only).")
      .validated_only();
  s.cross_check({"module", "verify_mode"}, check_module_options);
  if (default_mode_tls) {
    s.cross_check({"mode"}, [](TlsOptions& t, SectionCheck& c) {
      if (!c.has("mode")) t.mode = TlsMode::kTls;
    });
  }
  return s;
}

Section<TlsOptions> s2s_tls_schema() {
  Section<TlsOptions> s;
  add_verify_mode(s);
  add_certfile(s, "PEM file with the server certificate and its key.");
  add_cacertfile(s);
  add_dhfile(s);
  add_ciphers(s);
  add_protocol_options(s);
  s.cross_check({"verify_mode"}, check_module_options);
  return s;
}

Section<TlsOptions> http_tls_schema() {
  Section<TlsOptions> s;
  add_verify_mode(s);
  add_certfile(s, "PEM file with the server certificate.");
  s.required();
  add_cacertfile(s);
  add_ciphers(s);
  add_keyfile(s);
  s.required();
  add_password(s);
  add_versions(s);
  add_dhfile(s);
  s.cross_check({}, [](TlsOptions& t, SectionCheck&) { t.module = TlsModule::kJustTls; });
  return s;
}

}  // namespace meerkat::config
