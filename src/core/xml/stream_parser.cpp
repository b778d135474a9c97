// SPDX-License-Identifier: Apache-2.0
#include "core/xml/stream_parser.hpp"

#include <expat.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <random>
#include <utility>
#include <vector>

#include "core/error/error.hpp"
#include "core/ns.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::xml {
namespace {

// Separates namespace URI, local name and prefix in the names expat reports. It cannot occur in
// XML 1.0 text, so no URI or name contains it (Prosody uses the same).
constexpr char kSep = '\x01';
// Input is handed to expat in slices of at most this many bytes (or max_stanza_size, if larger)
// so that an oversized element is noticed before expat has buffered all of it.
constexpr std::size_t kMinSlice = std::size_t{16} * 1024;

// Released parsers wait here for the next stream on the same thread that needs one. With
// hibernate_after = 0 a chatting session gives its parser back after every stanza; creating a
// new one costs several allocations, and expat's default hash salt a getrandom() call.
class ParserPool {
 public:
  ParserPool() = default;
  ParserPool(const ParserPool&) = delete;
  ParserPool& operator=(const ParserPool&) = delete;
  ~ParserPool() {
    for (auto* parser : free_) XML_ParserFree(parser);
  }

  XML_Parser take() {
    if (free_.empty()) return XML_ParserCreateNS("UTF-8", kSep);
    auto* parser = free_.back();
    free_.pop_back();
    return parser;
  }

  // XML_ParserReset keeps the parser's buffers and its namespace settings, and clears the rest.
  void give(XML_Parser parser) {
    if (free_.size() >= kMaxFree || XML_ParserReset(parser, "UTF-8") != XML_TRUE) {
      XML_ParserFree(parser);
      return;
    }
    free_.push_back(parser);
  }

 private:
  // Enough for the bursts of one shard's event-loop turn; each parser holds a few KiB.
  static constexpr std::size_t kMaxFree = 32;
  std::vector<XML_Parser> free_;
};

thread_local ParserPool parser_pool;

// The salt of expat's attribute and namespace hash tables (hash flooding defence): random, but
// drawn once per process rather than once per parser.
unsigned long hash_salt() {
  static const unsigned long salt = [] {
    std::random_device device;
    return (static_cast<unsigned long>(device()) << 32) ^ device();
  }();
  return salt;
}

struct QName {
  std::string_view uri;
  std::string_view local;
  std::string_view prefix;
};

// expat with namespace triplets reports "uri<sep>local<sep>prefix", "uri<sep>local" or "local".
QName split_name(std::string_view name) {
  QName q;
  std::size_t first = name.find(kSep);
  if (first == std::string_view::npos) {
    q.local = name;
    return q;
  }
  q.uri = name.substr(0, first);
  std::string_view rest = name.substr(first + 1);
  std::size_t second = rest.find(kSep);
  if (second == std::string_view::npos) {
    q.local = rest;
  } else {
    q.local = rest.substr(0, second);
    q.prefix = rest.substr(second + 1);
  }
  return q;
}

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_all_space(std::string_view s) { return std::all_of(s.begin(), s.end(), is_xml_space); }

bool iequals_ascii(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return lower(x) == lower(y);
  });
}

StreamParser& self_of(void* p) { return *static_cast<StreamParser*>(p); }

}  // namespace

std::string_view to_string(ParseError error) {
  switch (error) {
    case ParseError::kNone: return "none";
    case ParseError::kNotWellFormed: return "not-well-formed";
    case ParseError::kRestrictedXml: return "restricted-xml";
    case ParseError::kPolicyViolation: return "policy-violation";
    case ParseError::kUnsupportedEncoding: return "unsupported-encoding";
    case ParseError::kBadFormat: return "bad-format";
  }
  return "none";
}

StreamParser::StreamParser(StreamHandler& handler, StreamParserOptions options)
    : handler_(handler), options_(options) {}

StreamParser::~StreamParser() { destroy_parser(); }

// Every expat callback goes through here: nothing happens once the parser is stopping (expat
// may still deliver an event or two after XML_StopParser), and no exception unwinds through C.
template <class Fn>
void StreamParser::guarded(Fn&& fn) {
  if (is_stopped() || handler_exception_) return;
  try {
    fn();
  } catch (...) {
    handler_exception_ = std::current_exception();
    XML_StopParser(parser_, XML_FALSE);
  }
}

void StreamParser::fail(ParseError error, std::string text) {
  if (error_ != ParseError::kNone) return;
  error_ = error;
  error_text_ = std::move(text);
  if (parser_ != nullptr) XML_StopParser(parser_, XML_FALSE);
}

void StreamParser::fail_from_expat() {
  XML_Error code = XML_GetErrorCode(parser_);
  std::string text = XML_ErrorString(code);
  text += " at line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ", column " +
          std::to_string(XML_GetCurrentColumnNumber(parser_));
  switch (code) {
    // No DTD is accepted, so any entity other than the five predefined ones is undefined.
    case XML_ERROR_UNDEFINED_ENTITY:
    case XML_ERROR_RECURSIVE_ENTITY_REF:
    case XML_ERROR_BINARY_ENTITY_REF:
    case XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF:
    case XML_ERROR_EXTERNAL_ENTITY_HANDLING:
    case XML_ERROR_ENTITY_DECLARED_IN_PE:
    case XML_ERROR_NOT_STANDALONE:
    case XML_ERROR_AMPLIFICATION_LIMIT_BREACH:
      fail(ParseError::kRestrictedXml, std::move(text));
      break;
    case XML_ERROR_UNKNOWN_ENCODING:
    case XML_ERROR_INCORRECT_ENCODING:
      fail(ParseError::kUnsupportedEncoding, std::move(text));
      break;
    default: fail(ParseError::kNotWellFormed, std::move(text)); break;
  }
}

void StreamParser::create_parser() {
  parser_ = parser_pool.take();
  MEERKAT_CHECK(parser_ != nullptr);
  XML_SetHashSalt(parser_, hash_salt());
  XML_SetUserData(parser_, this);
  XML_SetReturnNSTriplet(parser_, XML_TRUE);
  XML_SetElementHandler(parser_, &StreamParser::on_start, &StreamParser::on_end);
  XML_SetCharacterDataHandler(parser_, &StreamParser::on_text);
  XML_SetStartNamespaceDeclHandler(parser_, &StreamParser::on_ns_decl);
  XML_SetXmlDeclHandler(parser_, &StreamParser::on_xml_decl);
  // RFC 6120 §11.1: no DTD, entity declarations, entity references, comments or PIs.
  XML_SetStartDoctypeDeclHandler(parser_, &StreamParser::on_doctype);
  XML_SetEntityDeclHandler(parser_, &StreamParser::on_entity_decl);
  XML_SetSkippedEntityHandler(parser_, &StreamParser::on_skipped_entity);
  XML_SetCommentHandler(parser_, &StreamParser::on_comment);
  XML_SetProcessingInstructionHandler(parser_, &StreamParser::on_pi);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 6)
  // Stanzas must be delivered as soon as their bytes arrive, not when more input follows.
  XML_SetReparseDeferralEnabled(parser_, XML_FALSE);
#endif
  if (!stream_open_) return;

  // Resuming a released stream: replay the root start tag so prefixes resolve as before.
  index_base_ = static_cast<std::int64_t>(fed_) - static_cast<std::int64_t>(restart_header_.size());
  depth_ = 0;
  replaying_header_ = true;
  XML_Status status = XML_Parse(parser_, restart_header_.data(),
                                static_cast<int>(restart_header_.size()), XML_FALSE);
  replaying_header_ = false;
  MEERKAT_CHECK(status == XML_STATUS_OK && depth_ == 1);
}

void StreamParser::destroy_parser() {
  if (parser_ != nullptr) parser_pool.give(parser_);
  parser_ = nullptr;
}

void StreamParser::clear_state() {
  destroy_parser();
  error_ = ParseError::kNone;
  error_text_.clear();
  depth_ = 0;
  stream_open_ = false;
  stream_closed_ = false;
  reset_requested_ = false;
  pending_is_whitespace_ = true;
  fed_ = 0;
  index_base_ = 0;
  boundary_ = 0;
  stanza_ = Element();
  path_.clear();
  header_decls_.clear();
  restart_header_.clear();
}

void StreamParser::reset() {
  if (in_feed_) {
    // Called from a handler: expat is on the stack. feed() finishes the reset.
    reset_requested_ = true;
    XML_StopParser(parser_, XML_FALSE);
    return;
  }
  clear_state();
}

bool StreamParser::can_release() const {
  if (parser_ == nullptr) return true;
  return !in_feed_ && error_ == ParseError::kNone && stream_open_ && !stream_closed_ &&
         depth_ == 1 && pending_is_whitespace_;
}

void StreamParser::release() {
  if (!can_release() || parser_ == nullptr) return;
  destroy_parser();
  stanza_ = Element();
  std::vector<Element*>().swap(path_);
  std::string().swap(error_text_);
  depth_ = 0;
  boundary_ = fed_;  // pending whitespace between stanzas is dropped
  pending_is_whitespace_ = true;
}

std::uint64_t StreamParser::event_begin() const {
  return static_cast<std::uint64_t>(index_base_ + XML_GetCurrentByteIndex(parser_));
}

std::uint64_t StreamParser::event_end() const {
  return event_begin() + static_cast<std::uint64_t>(XML_GetCurrentByteCount(parser_));
}

bool StreamParser::check_pending_limits() {
  if (!stream_open_) {
    if (fed_ > options_.max_header_size) {
      fail(ParseError::kPolicyViolation,
           "stream header exceeds " + std::to_string(options_.max_header_size) + " bytes");
      return false;
    }
    return true;
  }
  if (options_.max_stanza_size && fed_ - boundary_ > *options_.max_stanza_size) {
    fail(ParseError::kPolicyViolation,
         "element exceeds max_stanza_size " + std::to_string(*options_.max_stanza_size));
    return false;
  }
  return true;
}

ParseError StreamParser::feed(std::string_view bytes) {
  MEERKAT_CHECK(!in_feed_);
  if (error_ != ParseError::kNone || bytes.empty()) return error_;
  if (parser_ == nullptr) create_parser();
  const std::size_t slice = std::min<std::size_t>(
      options_.max_stanza_size ? std::max(*options_.max_stanza_size, kMinSlice) : bytes.size(),
      INT_MAX);
  in_feed_ = true;
  std::string_view last;
  while (!bytes.empty()) {
    last = bytes.substr(0, slice);
    bytes.remove_prefix(last.size());
    fed_ += last.size();
    XML_Status status = XML_Parse(parser_, last.data(), static_cast<int>(last.size()), XML_FALSE);
    if (handler_exception_ || reset_requested_) break;
    if (status != XML_STATUS_OK) {
      if (error_ == ParseError::kNone) fail_from_expat();
      break;
    }
    if (!check_pending_limits()) break;
  }
  in_feed_ = false;
  if (handler_exception_) {
    std::exception_ptr e = std::exchange(handler_exception_, nullptr);
    clear_state();
    std::rethrow_exception(e);
  }
  if (reset_requested_) {
    clear_state();
    return ParseError::kNone;
  }
  // Bytes expat holds back (a partial tag, maybe trailing whitespace) are the tail of `last`.
  const std::uint64_t pending = fed_ - boundary_;
  pending_is_whitespace_ =
      pending == 0 || (pending <= last.size() && is_all_space(last.substr(last.size() - pending)));
  return error_;
}

void StreamParser::on_start(void* self, const char* name, const char** attrs) {
  StreamParser& p = self_of(self);
  p.guarded([&] { p.start_element(name, attrs); });
}

void StreamParser::on_end(void* self, const char*) {
  StreamParser& p = self_of(self);
  p.guarded([&] { p.end_element(); });
}

void StreamParser::on_text(void* self, const char* text, int len) {
  StreamParser& p = self_of(self);
  p.guarded([&] { p.text(std::string_view(text, static_cast<std::size_t>(len))); });
}

void StreamParser::on_ns_decl(void* self, const char* prefix, const char* uri) {
  StreamParser& p = self_of(self);
  p.guarded([&] {
    if (p.depth_ != 0 || p.replaying_header_) return;
    std::string name = prefix ? std::string("xmlns:") + prefix : std::string("xmlns");
    p.header_decls_.push_back({std::move(name), uri ? uri : ""});
  });
}

void StreamParser::on_xml_decl(void* self, const char*, const char* encoding, int) {
  StreamParser& p = self_of(self);
  p.guarded([&] {
    if (encoding != nullptr && !iequals_ascii(encoding, "UTF-8")) {
      p.fail(ParseError::kUnsupportedEncoding,
             std::string("encoding ") + encoding + " is not supported; use UTF-8");
    }
  });
}

void StreamParser::on_doctype(void* self, const char*, const char*, const char*, int) {
  self_of(self).fail(ParseError::kRestrictedXml, "a DTD is not allowed");
}

void StreamParser::on_entity_decl(void* self, const char*, int, const char*, int, const char*,
                                  const char*, const char*, const char*) {
  self_of(self).fail(ParseError::kRestrictedXml, "entity declarations are not allowed");
}

void StreamParser::on_skipped_entity(void* self, const char*, int) {
  self_of(self).fail(ParseError::kRestrictedXml, "entity references are not allowed");
}

void StreamParser::on_comment(void* self, const char*) {
  self_of(self).fail(ParseError::kRestrictedXml, "comments are not allowed");
}

void StreamParser::on_pi(void* self, const char*, const char*) {
  self_of(self).fail(ParseError::kRestrictedXml, "processing instructions are not allowed");
}

bool StreamParser::fill_element(Element& element, const char* name, const char** attrs,
                                std::string_view* prefix) {
  QName q = split_name(name);
  if (q.local.size() > options_.max_name_length) {
    fail(ParseError::kPolicyViolation,
         "element name longer than " + std::to_string(options_.max_name_length) + " bytes");
    return false;
  }
  element.set_name(std::string(q.local));
  element.set_xmlns(std::string(q.uri));
  *prefix = q.prefix;

  std::size_t count = 0;
  while (attrs[count * 2] != nullptr) ++count;
  if (count > options_.max_attributes) {
    fail(ParseError::kPolicyViolation,
         "more than " + std::to_string(options_.max_attributes) + " attributes on an element");
    return false;
  }
  element.reserve_attrs(count);
  for (std::size_t i = 0; i < count; ++i) {
    QName a = split_name(attrs[i * 2]);
    if (a.local.size() > options_.max_name_length) {
      fail(ParseError::kPolicyViolation,
           "attribute name longer than " + std::to_string(options_.max_name_length) + " bytes");
      return false;
    }
    const char* value = attrs[i * 2 + 1];
    if (a.uri.empty()) {
      element.add_attr_unchecked(std::string(a.local), value);
    } else if (a.uri == ns::kXml) {
      element.add_attr_unchecked("xml:" + std::string(a.local), value);
    } else {
      // Keep the prefix and re-declare it on this element, so the element stands alone.
      std::string decl = "xmlns:" + std::string(a.prefix);
      if (!element.attr(decl)) element.add_attr_unchecked(std::move(decl), std::string(a.uri));
      element.add_attr_unchecked(std::string(a.prefix) + ":" + std::string(a.local), value);
    }
  }
  return true;
}

void StreamParser::start_element(const char* name, const char** attrs) {
  if (depth_ + 1 > options_.max_depth) {
    fail(ParseError::kPolicyViolation,
         "elements nested deeper than " + std::to_string(options_.max_depth));
    return;
  }
  if (depth_ == 0) {
    Element header;
    std::string_view prefix;
    if (!fill_element(header, name, attrs, &prefix)) return;
    ++depth_;
    open_stream(header, prefix);
  } else if (depth_ == 1) {
    std::string_view prefix;
    if (!fill_element(stanza_, name, attrs, &prefix)) return;
    ++depth_;
    boundary_ = event_begin();
    path_.push_back(&stanza_);
  } else {
    Element child;
    std::string_view prefix;
    if (!fill_element(child, name, attrs, &prefix)) return;
    ++depth_;
    // Appending never moves the ancestors on path_: only their later siblings would move.
    path_.push_back(&path_.back()->append(std::move(child)));
  }
}

void StreamParser::open_stream(const Element& header, std::string_view prefix) {
  XML_SetStartNamespaceDeclHandler(parser_, nullptr);  // only the root's declarations matter
  if (replaying_header_) return;
  const std::uint64_t end = event_end();
  if (end > options_.max_header_size) {
    fail(ParseError::kPolicyViolation,
         "stream header exceeds " + std::to_string(options_.max_header_size) + " bytes");
    return;
  }
  // The replayed start tag: same qualified name (so the end tag still matches), same bindings.
  restart_header_ = "<";
  if (!prefix.empty()) {
    restart_header_.append(prefix);
    restart_header_ += ':';
  }
  restart_header_ += header.name();
  for (const Attribute& decl : header_decls_) {
    restart_header_ += ' ';
    restart_header_ += decl.name;
    restart_header_ += "='";
    append_escaped_attr(decl.value, restart_header_);
    restart_header_ += '\'';
  }
  restart_header_ += '>';

  // Declarations first, then the attributes in document order.
  Element opened(header.name(), header.xmlns());
  opened.reserve_attrs(header_decls_.size() + header.attrs().size());
  for (Attribute& a : header_decls_)
    opened.add_attr_unchecked(std::move(a.name), std::move(a.value));
  for (const Attribute& a : header.attrs()) opened.add_attr_unchecked(a.name, a.value);
  header_decls_.clear();

  stream_open_ = true;
  boundary_ = end;
  handler_.on_stream_open(std::move(opened));
}

void StreamParser::end_element() {
  --depth_;
  if (depth_ == 0) {
    stream_closed_ = true;
    boundary_ = event_end();
    handler_.on_stream_close();
    return;
  }
  if (depth_ > 1) {
    path_.pop_back();
    return;
  }
  const std::uint64_t end = event_end();
  if (options_.max_stanza_size && end - boundary_ > *options_.max_stanza_size) {
    fail(ParseError::kPolicyViolation,
         "element exceeds max_stanza_size " + std::to_string(*options_.max_stanza_size));
    return;
  }
  path_.clear();
  boundary_ = end;
  Element done = std::move(stanza_);
  stanza_ = Element();
  handler_.on_element(std::move(done));
}

void StreamParser::text(std::string_view data) {
  if (depth_ >= 2) {
    path_.back()->append_text(data);
    return;
  }
  // Between stanzas: whitespace keepalives are dropped, anything else is not XMPP.
  if (!is_all_space(data)) {
    fail(ParseError::kBadFormat, "text is not allowed between stanzas");
    return;
  }
  boundary_ = std::max(boundary_, event_end());
}

}  // namespace meerkat::xml
