// SPDX-License-Identifier: Apache-2.0
// The `tls` sub-tables of listeners: each listener type accepts its own subset of TlsOptions
// (seed-mongooseim-listen.md "TLS options for C2S", "TLS options for S2S", "TLS (HTTPS)").
#pragma once

#include "config/listen_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

// Every option; just_tls-only and fast_tls-only options are rejected with the other module.
// `default_mode_tls`: components default to direct TLS instead of StartTLS.
Section<TlsOptions> c2s_tls_schema(bool default_mode_tls = false);
// verify_mode, certfile, cacertfile, dhfile, ciphers, protocol_options (fast_tls semantics).
Section<TlsOptions> s2s_tls_schema();
// verify_mode, certfile, cacertfile, ciphers, keyfile, password, versions, dhfile (just_tls).
Section<TlsOptions> http_tls_schema();

}  // namespace meerkat::config
