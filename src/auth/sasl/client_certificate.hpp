// SPDX-License-Identifier: Apache-2.0
// XMPP identities in a client certificate (auth layer), for SASL EXTERNAL per XEP-0178 and
// RFC 6120 §13.7.1.4: id-on-xmppAddr first, the subject common name as a fallback.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <optional>
#include <string>
#include <vector>

namespace meerkat::auth::sasl {

// id-on-xmppAddr (OID 1.3.6.1.5.5.7.8.5) otherName subjectAltNames that are valid bare JIDs
// with a localpart, prepared (RFC 7622). Others are skipped.
std::vector<std::string> xmpp_addresses(X509* cert);
// The first subject commonName, as UTF-8.
std::optional<std::string> common_name(X509* cert);

// The identities of the peer's certificate, if one was sent and it verified (X509_V_OK):
//  - its xmppAddr JIDs, when it has any (XEP-0178 §3);
//  - otherwise its common name: as a prepared bare JID when it contains '@' ("user@host"), else
//    as it is, a bare username (as MongooseIM's sasl_external = common_name does), which
//    ExternalMechanism maps to user@<served host>.
// dNSName SANs are not used: they name servers (s2s), not clients. Which of these a listener
// accepts (e.g. only xmppAddr for sasl_external = standard) is for the stream to filter.
std::vector<std::string> client_identities(SSL* ssl);

}  // namespace meerkat::auth::sasl
