// SPDX-License-Identifier: Apache-2.0
// The certificate Meerkat makes for itself on first start when none is configured, so that
// STARTTLS works out of the box (clients must be told to accept it, as with any self-signed one).
#pragma once

#include <string>
#include <vector>

namespace meerkat::net::tls {

// Ensures `pem_path` holds a certificate followed by its private key (the fast_tls layout).
// An existing file is left alone; otherwise a P-256 key and a ten-year certificate naming
// every host (CN = first host, subjectAltName = all) are written, readable by the owner only.
// Returns true when it created the file. Throws std::runtime_error when it cannot.
bool ensure_self_signed(const std::string& pem_path, const std::vector<std::string>& hosts);

}  // namespace meerkat::net::tls
