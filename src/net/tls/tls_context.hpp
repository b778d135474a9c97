// SPDX-License-Identifier: Apache-2.0
// Builds the one shared OpenSSL context of a listener from its `tls` options (MongooseIM's
// fast_tls and just_tls option sets; both run on OpenSSL here).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "config/listen_options.hpp"
#include "config/s2s_options.hpp"

namespace meerkat::net::tls {

// A TLS option that cannot be applied (unreadable file, wrong password, bad cipher string):
// a start-up error whose text names the option path.
class TlsSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `option_path` prefixes error messages, e.g. "listen.c2s[1].tls". Throws TlsSetupError.
std::unique_ptr<boost::asio::ssl::context> make_server_context(const config::TlsOptions& options,
                                                               const std::string& option_path);

// The context of connections Meerkat opens (outgoing s2s): its own certificate, if any, for
// SASL EXTERNAL; the CAs that verify the peer unless verify_mode is "none". Throws TlsSetupError.
std::unique_ptr<boost::asio::ssl::context> make_client_context(
    const config::ClientTlsOptions& options, const std::string& option_path);

}  // namespace meerkat::net::tls
