// SPDX-License-Identifier: Apache-2.0
// Streaming, namespace-aware parser for one XMPP stream (core layer), built on expat.
// RFC 6120 §4 (stream = one document, stanzas = depth-1 elements) and §11 (restricted XML).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/xml/element.hpp"

// expat's handle type, without including <expat.h> here.
struct XML_ParserStruct;

namespace meerkat::xml {

// Receives stream events. Callbacks run inside StreamParser::feed(), on the caller's thread.
// A callback may call StreamParser::reset() (stream restart, RFC 6120 §5.4.3.3 and §6.4.6): the
// parser stops after the current event and drops the rest of that feed() call's bytes.
// A callback must not destroy the parser or call feed() or release(). An exception thrown by a
// callback resets the parser and propagates out of feed().
class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  // The root element: name and namespace resolved ("stream", ns::kStreams), its attributes
  // (to, from, version, xml:lang, id…) and its namespace declarations as "xmlns" / "xmlns:p"
  // attributes, so the content namespace (RFC 6120 §4.8.2) is `header.attr("xmlns")`.
  virtual void on_stream_open(Element header) = 0;
  // Each complete depth-1 element (stanza, nonza).
  virtual void on_element(Element stanza) = 0;
  // The root element was closed: </stream:stream>.
  virtual void on_stream_close() = 0;
};

// What went wrong, as the RFC 6120 §4.9.3 stream error the stream layer should send.
enum class ParseError {
  kNone,
  kNotWellFormed,        // not-well-formed: XML or XML-namespace syntax (e.g. an unbound prefix)
  kRestrictedXml,        // restricted-xml: DTD, entity, comment or PI (RFC 6120 §11.1)
  kPolicyViolation,      // policy-violation: a StreamParserOptions limit was exceeded
  kUnsupportedEncoding,  // unsupported-encoding: declared encoding is not UTF-8 (§11.6)
  kBadFormat,            // bad-format: non-whitespace text between stanzas
};

std::string_view to_string(ParseError error);

struct StreamParserOptions {
  std::size_t max_depth = 64;         // nesting of elements; the stream root counts as 1
  std::size_t max_attributes = 64;    // per element; namespace declarations are not counted
  std::size_t max_name_length = 256;  // bytes of a local name (element or attribute)
  // Raw input bytes of one depth-1 element, tags included; nullopt = unlimited. An element that
  // grows past the limit is detected within max(limit, 16 KiB) further bytes, before it completes.
  std::optional<std::size_t> max_stanza_size{};
  std::size_t max_header_size = 8192;  // raw bytes up to the end of the stream header
};

class StreamParser {
 public:
  explicit StreamParser(StreamHandler& handler, StreamParserOptions options = {});
  ~StreamParser();
  StreamParser(const StreamParser&) = delete;
  StreamParser& operator=(const StreamParser&) = delete;

  // Parses the next bytes of the stream and delivers the events they complete. Once an error is
  // returned the parser is failed: every later feed() returns the same error until reset().
  ParseError feed(std::string_view bytes);

  ParseError error() const { return error_; }
  // A human-readable explanation of error(), for the stream error's <text/> and for logs.
  const std::string& error_text() const { return error_text_; }
  bool is_stream_open() const { return stream_open_ && !stream_closed_; }

  // Forgets everything: the next bytes must start a new stream (a restart after STARTTLS or SASL).
  void reset();

  // True between stanzas (no partial element buffered, only whitespace pending), when release()
  // loses nothing. Always true before the first byte and after release().
  bool can_release() const;
  // Frees the expat parser and buffers of an idle stream. The next feed() re-creates the parser
  // and primes it with a copy of the stream header's start tag (its namespace declarations), so
  // the stream continues; on_stream_open is not repeated. Does nothing unless can_release().
  void release();
  bool is_released() const { return parser_ == nullptr; }

 private:
  static void on_start(void* self, const char* name, const char** attrs);
  static void on_end(void* self, const char* name);
  static void on_text(void* self, const char* text, int len);
  static void on_ns_decl(void* self, const char* prefix, const char* uri);
  static void on_xml_decl(void* self, const char* version, const char* encoding, int standalone);
  static void on_doctype(void* self, const char* name, const char* sysid, const char* pubid,
                         int has_internal_subset);
  static void on_entity_decl(void* self, const char* name, int is_parameter, const char* value,
                             int len, const char* base, const char* sysid, const char* pubid,
                             const char* notation);
  static void on_skipped_entity(void* self, const char* name, int is_parameter);
  static void on_comment(void* self, const char* text);
  static void on_pi(void* self, const char* target, const char* data);

  template <class Fn>
  void guarded(Fn&& fn);
  bool is_stopped() const { return error_ != ParseError::kNone || reset_requested_; }
  void fail(ParseError error, std::string text);
  void fail_from_expat();
  void create_parser();
  void destroy_parser();
  void clear_state();
  std::uint64_t event_begin() const;
  std::uint64_t event_end() const;
  bool check_pending_limits();

  void start_element(const char* name, const char** attrs);
  void end_element();
  void text(std::string_view text);
  bool fill_element(Element& element, const char* name, const char** attrs,
                    std::string_view* prefix);
  void open_stream(const Element& header, std::string_view prefix);

  StreamHandler& handler_;
  StreamParserOptions options_;
  XML_ParserStruct* parser_ = nullptr;
  ParseError error_ = ParseError::kNone;
  std::string error_text_;

  std::size_t depth_ = 0;
  bool stream_open_ = false;
  bool stream_closed_ = false;
  bool replaying_header_ = false;
  bool in_feed_ = false;
  bool reset_requested_ = false;
  bool pending_is_whitespace_ = true;
  std::exception_ptr handler_exception_;

  // Byte positions count every byte fed since the last reset; expat's own index restarts at 0
  // with each parser, so index_base_ maps it (negative while a replayed header is parsed).
  std::uint64_t fed_ = 0;
  std::int64_t index_base_ = 0;
  std::uint64_t boundary_ = 0;  // end of the last event at depth ≤ 1, or start of the open stanza

  Element stanza_;                       // the depth-1 element being built
  std::vector<Element*> path_;           // open elements of stanza_, innermost last
  std::vector<Attribute> header_decls_;  // namespace declarations seen before the root tag
  std::string restart_header_;           // start tag replayed after release()
};

}  // namespace meerkat::xml
