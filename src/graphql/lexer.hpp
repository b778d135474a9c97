// SPDX-License-Identifier: Apache-2.0
// GraphQL's lexical grammar (October 2021 spec, §2.1): punctuators, names, numbers and strings,
// with ignored tokens (white space, commas, comments, BOM) skipped. One lexer serves both
// executable documents (requests) and the type system language (the schema files).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace meerkat::graphql {

struct Location {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

enum class TokenKind {
  kEnd,
  kPunctuator,  // ! $ & ( ) ... : = @ [ ] { | }
  kName,
  kInt,
  kFloat,
  kString,  // "..." or """...""", value already unescaped
  kError,   // text holds what went wrong
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // the punctuator, name, number as written, string value or error
  Location location;
  bool block_string = false;
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}
  Token next();

 private:
  void skip_ignored();
  void advance(std::size_t count);
  Token number(Location start);
  Token string_value(Location start);
  Token block_string(Location start);
  bool escape(std::string& out, Location start, Token& error);

  std::string_view source_;
  std::size_t pos_ = 0;
  Location location_;
};

// Block strings drop their common indentation and blank first and last lines (§2.9.4).
std::string block_string_value(std::string_view raw);

}  // namespace meerkat::graphql
