// SPDX-License-Identifier: Apache-2.0
#include "graphql/lexer.hpp"

#include <algorithm>
#include <vector>

namespace meerkat::graphql {

namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

Token error_token(Location at, std::string text) {
  return {TokenKind::kError, std::move(text), at, false};
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void Lexer::advance(std::size_t count) {
  for (std::size_t i = 0; i < count && pos_ < source_.size(); ++i, ++pos_) {
    char c = source_[pos_];
    if (c == '\n' || (c == '\r' && (pos_ + 1 >= source_.size() || source_[pos_ + 1] != '\n'))) {
      ++location_.line;
      location_.column = 1;
    } else if (c != '\r') {
      ++location_.column;
    }
  }
}

void Lexer::skip_ignored() {
  while (pos_ < source_.size()) {
    char c = source_[pos_];
    if (c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r') {
      advance(1);
    } else if (c == '#') {
      while (pos_ < source_.size() && source_[pos_] != '\n' && source_[pos_] != '\r') advance(1);
    } else if (source_.substr(pos_, 3) == "\xEF\xBB\xBF") {
      pos_ += 3;
    } else {
      break;
    }
  }
}

Token Lexer::next() {
  skip_ignored();
  Location start = location_;
  if (pos_ >= source_.size()) return {TokenKind::kEnd, {}, start, false};
  char c = source_[pos_];
  if (source_.substr(pos_, 3) == "...") {
    advance(3);
    return {TokenKind::kPunctuator, "...", start, false};
  }
  if (std::string_view("!$&():=@[]{}|").find(c) != std::string_view::npos) {
    advance(1);
    return {TokenKind::kPunctuator, std::string(1, c), start, false};
  }
  if (is_name_start(c)) {
    std::size_t end = pos_;
    while (end < source_.size() && is_name_char(source_[end])) ++end;
    std::string name(source_.substr(pos_, end - pos_));
    advance(end - pos_);
    return {TokenKind::kName, std::move(name), start, false};
  }
  if (c == '-' || is_digit(c)) return number(start);
  if (source_.substr(pos_, 3) == "\"\"\"") return block_string(start);
  if (c == '"') return string_value(start);
  return error_token(start, "Syntax Error: Unexpected character \"" + std::string(1, c) + "\".");
}

Token Lexer::number(Location start) {
  std::size_t p = pos_;
  auto digits = [&] {
    std::size_t from = p;
    while (p < source_.size() && is_digit(source_[p])) ++p;
    return p - from;
  };
  if (source_[p] == '-') ++p;
  std::size_t int_start = p;
  if (digits() == 0) return error_token(start, "Syntax Error: Invalid number, expected digit.");
  if (source_[int_start] == '0' && p - int_start > 1) {
    return error_token(start, "Syntax Error: Invalid number, unexpected digit after 0.");
  }
  bool is_float = false;
  if (p < source_.size() && source_[p] == '.') {
    ++p;
    is_float = true;
    if (digits() == 0) return error_token(start, "Syntax Error: Invalid number, expected digit.");
  }
  if (p < source_.size() && (source_[p] == 'e' || source_[p] == 'E')) {
    ++p;
    is_float = true;
    if (p < source_.size() && (source_[p] == '+' || source_[p] == '-')) ++p;
    if (digits() == 0) return error_token(start, "Syntax Error: Invalid number, expected digit.");
  }
  if (p < source_.size() && (is_name_start(source_[p]) || source_[p] == '.')) {
    return error_token(start, "Syntax Error: Invalid number, expected digit.");
  }
  std::string text(source_.substr(pos_, p - pos_));
  advance(p - pos_);
  return {is_float ? TokenKind::kFloat : TokenKind::kInt, std::move(text), start, false};
}

// Reads one escape sequence after the backslash at pos_ into `out`.
bool Lexer::escape(std::string& out, Location start, Token& error) {
  if (pos_ + 1 >= source_.size()) {
    error = error_token(start, "Syntax Error: Unterminated string.");
    return false;
  }
  char e = source_[pos_ + 1];
  static constexpr std::string_view kFrom = "\"\\/bfnrt";
  static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
  if (auto i = kFrom.find(e); i != std::string_view::npos) {
    out += kTo[i];
    advance(2);
    return true;
  }
  if (e != 'u' || pos_ + 6 > source_.size()) {
    error = error_token(location_, "Syntax Error: Invalid character escape sequence.");
    return false;
  }
  std::uint32_t cp = 0;
  for (std::size_t i = 2; i < 6; ++i) {
    int h = hex_value(source_[pos_ + i]);
    if (h < 0) {
      error = error_token(location_, "Syntax Error: Invalid Unicode escape sequence.");
      return false;
    }
    cp = cp * 16 + static_cast<std::uint32_t>(h);
  }
  advance(6);
  // A high surrogate must be followed by an escaped low one; together they are one character.
  if (cp >= 0xD800 && cp <= 0xDBFF && source_.substr(pos_, 2) == "\\u") {
    std::size_t saved = pos_;
    Location saved_location = location_;
    std::uint32_t lo = 0;
    bool ok = pos_ + 6 <= source_.size();
    for (std::size_t i = 2; ok && i < 6; ++i) {
      int h = hex_value(source_[pos_ + i]);
      ok = h >= 0;
      lo = lo * 16 + static_cast<std::uint32_t>(std::max(h, 0));
    }
    if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
      advance(6);
      append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
      return true;
    }
    pos_ = saved;
    location_ = saved_location;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    error = error_token(location_, "Syntax Error: Invalid Unicode escape sequence.");
    return false;
  }
  append_utf8(out, cp);
  return true;
}

Token Lexer::string_value(Location start) {
  advance(1);
  std::string value;
  while (pos_ < source_.size()) {
    char c = source_[pos_];
    if (c == '"') {
      advance(1);
      return {TokenKind::kString, std::move(value), start, false};
    }
    if (c == '\n' || c == '\r') break;
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      return error_token(location_, "Syntax Error: Invalid character within String.");
    }
    if (c == '\\') {
      Token error;
      if (!escape(value, start, error)) return error;
      continue;
    }
    value += c;
    advance(1);
  }
  return error_token(location_, "Syntax Error: Unterminated string.");
}

Token Lexer::block_string(Location start) {
  advance(3);
  std::string raw;
  while (pos_ < source_.size()) {
    if (source_.substr(pos_, 3) == "\"\"\"") {
      advance(3);
      return {TokenKind::kString, block_string_value(raw), start, true};
    }
    if (source_.substr(pos_, 4) == "\\\"\"\"") {
      raw += "\"\"\"";
      advance(4);
      continue;
    }
    raw += source_[pos_];
    advance(1);
  }
  return error_token(location_, "Syntax Error: Unterminated string.");
}

std::string block_string_value(std::string_view raw) {
  std::vector<std::string_view> lines;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == '\n' || raw[i] == '\r') {
      lines.push_back(raw.substr(from, i - from));
      if (i + 1 < raw.size() && raw[i] == '\r' && raw[i + 1] == '\n') ++i;
      from = i + 1;
    }
  }
  auto indent_of = [](std::string_view line) {
    auto n = line.find_first_not_of(" \t");
    return n == std::string_view::npos ? line.size() : n;
  };
  std::size_t common = std::string_view::npos;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto n = indent_of(lines[i]);
    if (n < lines[i].size()) common = std::min(common, n);
  }
  if (common != std::string_view::npos) {
    for (std::size_t i = 1; i < lines.size(); ++i) {
      lines[i] = lines[i].substr(std::min(common, lines[i].size()));
    }
  }
  auto blank = [&](std::string_view line) { return indent_of(line) == line.size(); };
  while (!lines.empty() && blank(lines.front())) lines.erase(lines.begin());
  while (!lines.empty() && blank(lines.back())) lines.pop_back();
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

}  // namespace meerkat::graphql
