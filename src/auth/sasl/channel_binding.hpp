// SPDX-License-Identifier: Apache-2.0
// Channel binding data of a TLS connection (auth layer), for SCRAM -PLUS: tls-exporter
// (RFC 9266) and tls-server-end-point (RFC 5929 §4). Reads the SSL object; no I/O.
#pragma once

#include <openssl/ssl.h>

#include <optional>
#include <string>
#include <string_view>

namespace meerkat::auth::sasl {

// RFC 9266: 32 bytes of keying material, label "EXPORTER-Channel-Binding", no context.
// nullopt before the handshake completes and for TLS versions before 1.3, where the exporter is
// not bound to the whole handshake without extended master secret (RFC 9266 §3).
std::optional<std::string> tls_exporter(SSL* ssl);

// RFC 5929 §4.1, server side: the hash of our own certificate with the hash function of its
// signature algorithm, SHA-256 instead of MD5 or SHA-1. nullopt without a certificate or when
// the signature has no single hash function (Ed25519, Ed448), where RFC 5929 says nothing.
std::optional<std::string> tls_server_end_point(SSL* ssl);

// The data for a cb-name, or nullopt for unknown names and unavailable data; what a stream
// puts into SaslContext::channel_binding.
std::optional<std::string> channel_binding_data(SSL* ssl, std::string_view type);

}  // namespace meerkat::auth::sasl
