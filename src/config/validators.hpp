// SPDX-License-Identifier: Apache-2.0
// The closed set of option validators (STYLE.md "Configuration"). Anything else goes through
// Section::check(fn, "expected …"). A validator constrains one scalar; on an array option it
// constrains each element, and non_empty() also asks for at least one element.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <vector>

namespace meerkat::config {

// One allowed value of one_of(): a string mapped to an enumerator, a plain string, or an integer.
class Choice {
 public:
  template <class E>
  requires std::is_enum_v<E> Choice(std::string_view name, E value)
      : name_(name), value_(static_cast<std::int64_t>(value)), type_(typeid(E)) {}
  Choice(const char* name) : name_(name), type_(typeid(std::string)) {}       // NOLINT: implicit
  Choice(std::string_view name) : name_(name), type_(typeid(std::string)) {}  // NOLINT: implicit
  Choice(int value) : value_(value), type_(typeid(std::int64_t)), is_integer_(true) {}  // NOLINT

  const std::string& name() const { return name_; }
  std::int64_t value() const { return value_; }
  std::type_index type() const { return type_; }
  bool is_integer() const { return is_integer_; }

 private:
  std::string name_;
  std::int64_t value_ = 0;
  std::type_index type_;
  bool is_integer_ = false;
};

class Validator {
 public:
  enum class Kind {
    kPositive,
    kNonNegative,
    kPort,
    kNonEmpty,
    kOneOf,
    kJid,
    kDomain,
    kIpAddress,
    kFileReadable,
    kUrl,
    kOrInfinity,
  };

  explicit Validator(Kind kind, std::vector<Choice> choices = {})
      : kind_(kind), choices_(std::move(choices)) {}

  Kind kind() const { return kind_; }
  const std::vector<Choice>& choices() const { return choices_; }

 private:
  Kind kind_;
  std::vector<Choice> choices_;
};

// Integer > 0.
Validator positive();
// Integer >= 0.
Validator non_negative();
// Integer in 1..65535.
Validator port();
// A string with at least one character; an array with at least one element (and, for strings,
// no empty element).
Validator non_empty();
// One of the listed values: {{"tls", TlsMode::kTls}, …} for enums, {"a", "b"} for strings
// kept as strings, {4, 6} for integers.
Validator one_of(std::initializer_list<Choice> choices);
// A JID (localpart@domain/resource, localpart and resource optional).
Validator jid();
// A DNS domain name.
Validator domain();
// An IPv4 or IPv6 address.
Validator ip_address();
// A path to a regular file this process can read; relative paths resolve against the
// working directory.
Validator file_readable();
// An absolute URL with a scheme and a host (http://host:port/path).
Validator url();
// Also accept the string "infinity", stored as std::nullopt in the option's std::optional.
// Not a validator of its own: it widens the option's type.
Validator or_infinity();

// The checks behind jid()/domain()/ip_address()/url(), for cross-checks that need them.
// domain() and jid() use core/jid's RFC 7622 preparation; the *_problem() forms say why a text
// is refused ("" when it is fine).
bool is_domain_name(std::string_view text);
bool is_jid(std::string_view text);
std::string domain_problem(std::string_view text);
std::string jid_problem(std::string_view text);
int ip_address_version(std::string_view text);  // 4, 6, or 0 when not an IP address
bool is_url(std::string_view text);

}  // namespace meerkat::config
