// SPDX-License-Identifier: Apache-2.0
#include "core/xml/writer.hpp"

#include <array>
#include <cstdint>

namespace meerkat::xml {
namespace {

// Per byte: 0 = copy, otherwise the index into kEscapes. One table per context.
constexpr std::array<std::string_view, 9> kEscapes = {
    "", "&amp;", "&lt;", "&gt;", "&apos;", "&quot;", "&#13;", "&#10;", "&#9;",
};

constexpr std::array<std::uint8_t, 256> make_table(bool attr) {
  std::array<std::uint8_t, 256> t{};
  t['&'] = 1;
  t['<'] = 2;
  t['>'] = 3;
  t['\r'] = 6;
  if (attr) {
    t['\''] = 4;
    t['"'] = 5;
    t['\n'] = 7;
    t['\t'] = 8;
  }
  return t;
}
constexpr auto kTextTable = make_table(false);
constexpr auto kAttrTable = make_table(true);

void append_escaped(std::string_view in, std::string& out, const std::array<std::uint8_t, 256>& t) {
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::uint8_t e = t[static_cast<unsigned char>(in[i])];
    if (e == 0) continue;
    out.append(in.data() + run, i - run);
    out.append(kEscapes[e]);
    run = i + 1;
  }
  out.append(in.data() + run, in.size() - run);
}

void append_attr(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "='";
  append_escaped_attr(value, out);
  out += '\'';
}

}  // namespace

void append_escaped_text(std::string_view text, std::string& out) {
  append_escaped(text, out, kTextTable);
}

void append_escaped_attr(std::string_view value, std::string& out) {
  append_escaped(value, out, kAttrTable);
}

namespace {

// Namespaces written with the prefix the stream header binds: `stream:` (RFC 6120 §4.8) and,
// on server streams, `db:` (XEP-0220 §2.1), which some peers match literally by name.
std::string_view bound_prefix(std::string_view xmlns) {
  if (xmlns == ns::kStreams) return "stream:";
  if (xmlns == ns::kDialback) return "db:";
  return {};
}

}  // namespace

void write(const Element& element, std::string& out, std::string_view parent_xmlns) {
  const std::string_view prefix = bound_prefix(element.xmlns());
  const bool is_stream_ns = !prefix.empty();
  out += '<';
  out += prefix;
  out += element.name();
  // A prefixed namespace does not change the default namespace in scope for children.
  std::string_view scope = parent_xmlns;
  if (!is_stream_ns && element.xmlns() != parent_xmlns) {
    append_attr(out, "xmlns", element.xmlns());
    scope = element.xmlns();
  }
  for (const Attribute& a : element.attrs()) {
    if (a.name == "xmlns") continue;  // the element's namespace is xmlns(), written above
    append_attr(out, a.name, a.value);
  }
  if (element.nodes().empty()) {
    out += "/>";
    return;
  }
  out += '>';
  for (const Node& node : element.nodes()) {
    if (const auto* child = std::get_if<Element>(&node)) {
      write(*child, out, scope);
    } else {
      append_escaped_text(std::get<std::string>(node), out);
    }
  }
  out += "</";
  out += prefix;
  out += element.name();
  out += '>';
}

std::string to_string(const Element& element, std::string_view parent_xmlns) {
  std::string out;
  write(element, out, parent_xmlns);
  return out;
}

void write_standalone(const Element& element, std::string& out) {
  const auto start = out.size();
  write(element, out, {});
  if (element.xmlns() != ns::kStreams) return;
  std::string declaration;
  append_attr(declaration, "xmlns:stream", ns::kStreams);
  out.insert(start + std::string_view("<stream:").size() + element.name().size(), declaration);
}

std::string stream_header(const StreamHeader& header) {
  std::string out;
  out.reserve(256);
  if (header.xml_declaration) out += "<?xml version='1.0'?>";
  out += "<stream:stream";
  append_attr(out, "xmlns", header.xmlns);
  append_attr(out, "xmlns:stream", ns::kStreams);
  if (header.declare_dialback) append_attr(out, "xmlns:db", ns::kDialback);
  if (!header.id.empty()) append_attr(out, "id", header.id);
  if (!header.from.empty()) append_attr(out, "from", header.from);
  if (!header.to.empty()) append_attr(out, "to", header.to);
  if (!header.version.empty()) append_attr(out, "version", header.version);
  if (!header.lang.empty()) append_attr(out, "xml:lang", header.lang);
  out += '>';
  return out;
}

}  // namespace meerkat::xml
