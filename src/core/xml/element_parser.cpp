// SPDX-License-Identifier: Apache-2.0
#include "core/xml/element_parser.hpp"

#include <optional>
#include <string>

#include "core/xml/stream_parser.hpp"

namespace meerkat::xml {

namespace {

class FirstElement final : public StreamHandler {
 public:
  void on_stream_open(Element) override {}
  void on_element(Element element) override {
    if (!element_) element_ = std::move(element);
  }
  void on_stream_close() override {}
  std::optional<Element> element_;
};

}  // namespace

Result<Element> parse_element(std::string_view text, std::string_view content_xmlns) {
  // The element is parsed as the only child of a synthetic stream root, which supplies the
  // default namespace the way a live stream would.
  FirstElement handler;
  StreamParser parser(handler);
  std::string root = "<root xmlns='";
  root += content_xmlns;
  root += "'>";
  auto error = parser.feed(root);
  if (error == ParseError::kNone) error = parser.feed(text);
  if (error == ParseError::kNone) error = parser.feed("</root>");
  if (error != ParseError::kNone) return Error::bad_request(parser.error_text());
  if (!handler.element_) return Error::bad_request("no complete element");
  return std::move(*handler.element_);
}

}  // namespace meerkat::xml
