// SPDX-License-Identifier: Apache-2.0
#include "modules/caps/entity_caps.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include "core/encoding/base64.hpp"
#include "core/ns.hpp"

namespace meerkat::modules::caps {

namespace {

constexpr std::string_view kCapsV2 = "urn:xmpp:caps";      // XEP-0390
constexpr std::string_view kHashes = "urn:xmpp:hashes:2";  // XEP-0300
constexpr std::string_view kFormType = "FORM_TYPE";

// XEP-0300 / IANA hash names the server verifies. SHA-1 stays for XEP-0115, where every
// client uses it; MD5 is refused.
const EVP_MD* digest_of(std::string_view algo) {
  if (algo == "sha-1") return EVP_sha1();
  if (algo == "sha-224") return EVP_sha224();
  if (algo == "sha-256") return EVP_sha256();
  if (algo == "sha-384") return EVP_sha384();
  if (algo == "sha-512") return EVP_sha512();
  if (algo == "sha3-256") return EVP_sha3_256();
  if (algo == "sha3-512") return EVP_sha3_512();
  if (algo == "blake2b-512") return EVP_blake2b512();
  return nullptr;
}

std::optional<std::string> digest(std::string_view algo, std::string_view input) {
  const EVP_MD* md = digest_of(algo);
  if (!md) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(input.data(), input.size(), out, &size, md, nullptr) != 1) return std::nullopt;
  return encoding::base64_encode(std::string_view(reinterpret_cast<const char*>(out), size));
}

struct Identity {
  std::string category, type, lang, name;
};

struct Field {
  std::string var;
  std::vector<std::string> values;
};

struct Form {
  std::string form_type;      // empty: the form has no FORM_TYPE
  std::vector<Field> fields;  // without FORM_TYPE for v1, with it for v2
};

// The parts of a disco#info result the hashes cover; nullopt for elements neither algorithm
// accepts (XEP-0390 §4.1 steps 1–3).
struct DiscoInfo {
  std::vector<Identity> identities;
  std::vector<std::string> features;
  std::vector<Form> forms;
};

Form form_of(const xml::Element& x, bool keep_form_type) {
  Form form;
  for (const auto& field : x.children()) {
    if (field.name() != "field") continue;
    Field f{std::string(field.attr_or("var", "")), {}};
    for (const auto& value : field.children()) {
      if (value.name() == "value") f.values.push_back(value.text());
    }
    std::sort(f.values.begin(), f.values.end());
    if (f.var == kFormType) {
      if (!f.values.empty()) form.form_type = f.values.front();
      if (!keep_form_type) continue;
    }
    form.fields.push_back(std::move(f));
  }
  return form;
}

std::optional<DiscoInfo> parse(const xml::Element& query, bool keep_form_type) {
  DiscoInfo info;
  for (const auto& child : query.children()) {
    if (child.is("identity", ns::kDiscoInfo)) {
      info.identities.push_back(
          {std::string(child.attr_or("category", "")), std::string(child.attr_or("type", "")),
           std::string(child.attr_or("xml:lang", "")), std::string(child.attr_or("name", ""))});
    } else if (child.is("feature", ns::kDiscoInfo)) {
      info.features.emplace_back(child.attr_or("var", ""));
    } else if (child.is("x", ns::kDataForms)) {
      if (child.find_child("reported", ns::kDataForms) ||
          child.find_child("item", ns::kDataForms)) {
        return std::nullopt;
      }
      auto form = form_of(child, keep_form_type);
      if (form.form_type.empty()) return std::nullopt;  // XEP-0068: forms must be typed
      info.forms.push_back(std::move(form));
    } else {
      return std::nullopt;
    }
  }
  return info;
}

template <class T>
bool has_duplicates(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  return std::adjacent_find(values.begin(), values.end()) != values.end();
}

// XEP-0115 §5.1 with the §5.4 checks (no duplicate identity, feature or FORM_TYPE).
std::optional<std::string> v1_input(const xml::Element& query) {
  auto info = parse(query, false);
  if (!info) return std::nullopt;
  std::vector<std::string> identities;
  for (const auto& i : info->identities) {
    identities.push_back(i.category + "/" + i.type + "/" + i.lang + "/" + i.name);
  }
  std::vector<std::string> form_types;
  for (const auto& form : info->forms) form_types.push_back(form.form_type);
  if (has_duplicates(identities) || has_duplicates(info->features) || has_duplicates(form_types)) {
    return std::nullopt;
  }
  std::sort(identities.begin(), identities.end());
  std::sort(info->features.begin(), info->features.end());
  std::sort(info->forms.begin(), info->forms.end(),
            [](const Form& a, const Form& b) { return a.form_type < b.form_type; });
  std::string s;
  for (const auto& identity : identities) s += identity + "<";
  for (const auto& feature : info->features) s += feature + "<";
  for (auto& form : info->forms) {
    s += form.form_type + "<";
    std::sort(form.fields.begin(), form.fields.end(),
              [](const Field& a, const Field& b) { return a.var < b.var; });
    for (const auto& field : form.fields) {
      s += field.var + "<";
      for (const auto& value : field.values) s += value + "<";
    }
  }
  return s;
}

// Sorts `parts` octet-wise and joins them.
std::string sorted_concat(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& part : parts) out += part;
  return out;
}

// XEP-0390 §4.1: separators 0x1f (value), 0x1e (record), 0x1d (form), 0x1c (section).
std::optional<std::string> v2_input(const xml::Element& query) {
  auto info = parse(query, true);
  if (!info) return std::nullopt;
  std::vector<std::string> features;
  for (const auto& feature : info->features) features.push_back(feature + '\x1f');
  std::vector<std::string> identities;
  for (const auto& i : info->identities) {
    identities.push_back(i.category + '\x1f' + i.type + '\x1f' + i.lang + '\x1f' + i.name + '\x1f' +
                         '\x1e');
  }
  std::vector<std::string> forms;
  for (const auto& form : info->forms) {
    std::vector<std::string> fields;
    for (const auto& field : form.fields) {
      std::vector<std::string> values;
      for (const auto& value : field.values) values.push_back(value + '\x1f');
      fields.push_back(field.var + '\x1f' + sorted_concat(std::move(values)) + '\x1e');
    }
    forms.push_back(sorted_concat(std::move(fields)) + '\x1d');
  }
  return sorted_concat(std::move(features)) + '\x1c' + sorted_concat(std::move(identities)) +
         '\x1c' + sorted_concat(std::move(forms)) + '\x1c';
}

std::vector<CapsRef> v1_caps(const xml::Element& presence) {
  const auto* c = presence.find_child("c", ns::kCaps);
  if (!c) return {};
  auto node = c->attr_or("node", "");
  auto ver = c->attr_or("ver", "");
  if (node.empty() || ver.empty()) return {};
  auto algo = c->attr_or("hash", "");
  if (!algo.empty() && !digest_of(algo)) return {};
  return {CapsRef{CapsVersion::kV1, std::string(node), std::string(algo), std::string(ver)}};
}

std::vector<CapsRef> v2_caps(const xml::Element& presence) {
  const auto* c = presence.find_child("c", kCapsV2);
  if (!c) return {};
  std::vector<CapsRef> refs;
  for (const auto& hash : c->children()) {
    if (!hash.is("hash", kHashes)) continue;
    auto algo = hash.attr_or("algo", "");
    // XEP-0300 §5: SHA-1 must not be used for new protocols.
    if (algo == "sha-1" || !digest_of(algo)) continue;
    auto value = hash.text();
    if (value.empty()) continue;
    refs.push_back(CapsRef{CapsVersion::kV2, {}, std::string(algo), std::move(value)});
  }
  return refs;
}

}  // namespace

std::string CapsRef::key() const {
  if (version == CapsVersion::kV2) return "v2 " + algo + " " + hash;
  if (algo.empty()) return "legacy " + node + "#" + hash;
  return "v1 " + algo + " " + hash;
}

std::string CapsRef::query_node() const {
  if (version == CapsVersion::kV2) return std::string(kCapsV2) + "#" + algo + "." + hash;
  return node + "#" + hash;
}

std::vector<CapsRef> caps_of(const xml::Element& presence,
                             const std::vector<CapsVersion>& versions) {
  std::vector<CapsRef> refs;
  for (auto version : versions) {
    auto found = version == CapsVersion::kV1 ? v1_caps(presence) : v2_caps(presence);
    refs.insert(refs.end(), std::make_move_iterator(found.begin()),
                std::make_move_iterator(found.end()));
  }
  return refs;
}

std::optional<std::string> caps_hash(CapsVersion version, std::string_view algo,
                                     const xml::Element& query) {
  auto input = version == CapsVersion::kV1 ? v1_input(query) : v2_input(query);
  if (!input) return std::nullopt;
  return digest(algo, *input);
}

bool verify(const CapsRef& ref, const xml::Element& query) {
  if (ref.version == CapsVersion::kV1 && ref.algo.empty()) return true;
  auto computed = caps_hash(ref.version, ref.algo, query);
  return computed && *computed == ref.hash;
}

std::vector<std::string> features_of(const xml::Element& query) {
  std::vector<std::string> features;
  for (const auto& child : query.children()) {
    if (child.is("feature", ns::kDiscoInfo)) features.emplace_back(child.attr_or("var", ""));
  }
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  return features;
}

}  // namespace meerkat::modules::caps
