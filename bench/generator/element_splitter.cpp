// SPDX-License-Identifier: Apache-2.0
#include "element_splitter.hpp"

namespace meerkat::bench {

bool is_tag(std::string_view element, std::string_view name) {
  if (element.size() <= name.size() + 1 || element[0] != '<' ||
      element.substr(1, name.size()) != name) {
    return false;
  }
  char after = element[name.size() + 1];
  return after == ' ' || after == '>' || after == '/';
}

void ElementSplitter::restart() {
  buffer_.clear();
  scan_ = element_start_ = tag_start_ = pending_erase_ = 0;
  depth_ = framed_ ? 1 : 0;
  quote_ = 0;
  in_tag_ = false;
  closed_ = false;
}

std::optional<std::string_view> ElementSplitter::next() {
  if (pending_erase_ > 0) {
    buffer_.erase(0, pending_erase_);
    scan_ -= pending_erase_;
    pending_erase_ = 0;
  }
  while (scan_ < buffer_.size() && !closed_) {
    char c = buffer_[scan_++];
    if (!in_tag_) {
      if (c == '<') {
        in_tag_ = true;
        tag_start_ = scan_ - 1;
        if (depth_ == 1) element_start_ = tag_start_;
      }
      continue;
    }
    if (quote_ != 0) {
      if (c == quote_) quote_ = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote_ = c;
      continue;
    }
    if (c != '>') continue;
    in_tag_ = false;
    char second = buffer_[tag_start_ + 1];
    if (second == '?') continue;  // the XML declaration
    bool closing = second == '/';
    bool empty = buffer_[scan_ - 2] == '/';
    int before = depth_;
    if (closing) {
      --depth_;
    } else if (!empty) {
      ++depth_;
    }
    if (depth_ == 0) {
      closed_ = true;
    } else if ((before == 2 && closing) || (before == 1 && empty)) {
      pending_erase_ = scan_;
      return std::string_view(buffer_).substr(element_start_, scan_ - element_start_);
    }
  }
  // Between elements nothing scanned is needed any more: keep the buffer small.
  if (!in_tag_ && depth_ <= 1 && scan_ > 0) {
    buffer_.erase(0, scan_);
    scan_ = 0;
  }
  return std::nullopt;
}

}  // namespace meerkat::bench
