// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/client_certificate.hpp"

#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "core/jid/jid.hpp"

namespace meerkat::auth::sasl {
namespace {

std::optional<std::string> utf8_of(const ASN1_STRING* value) {
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, value);
  if (size < 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return out;
}

std::optional<std::string> prepared_bare_jid(std::string_view text) {
  auto parsed = jid::Jid::parse(text);
  if (!parsed || !parsed->has_node() || !parsed->is_bare()) return std::nullopt;
  return parsed->to_string();
}

}  // namespace

std::vector<std::string> xmpp_addresses(X509* cert) {
  std::vector<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_OTHERNAME || OBJ_obj2nid(name->d.otherName->type_id) != NID_XmppAddr) {
      continue;
    }
    // XEP-0178 / RFC 6120 §13.7.1.4: the value is a UTF8String.
    const ASN1_TYPE* value = name->d.otherName->value;
    if (value == nullptr || value->type != V_ASN1_UTF8STRING) continue;
    auto text = utf8_of(value->value.utf8string);
    if (auto jid = text ? prepared_bare_jid(*text) : std::nullopt) out.push_back(std::move(*jid));
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::optional<std::string> common_name(X509* cert) {
  X509_NAME* subject = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) return std::nullopt;
  return utf8_of(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
}

std::vector<std::string> client_identities(SSL* ssl) {
  X509* cert = ssl == nullptr ? nullptr : SSL_get0_peer_certificate(ssl);
  if (cert == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return {};
  if (auto addresses = xmpp_addresses(cert); !addresses.empty()) return addresses;
  auto cn = common_name(cert);
  if (!cn || cn->empty()) return {};
  if (cn->find('@') == std::string::npos) return {*cn};
  if (auto jid = prepared_bare_jid(*cn)) return {*jid};
  return {};
}

}  // namespace meerkat::auth::sasl
