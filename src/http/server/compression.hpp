// SPDX-License-Identifier: Apache-2.0
// `protocol.compress`: gzip or deflate of response bodies when the client accepts them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace meerkat::http {

enum class ContentCoding { kGzip, kDeflate };

// The coding to use for a client that sent `accept_encoding`, gzip preferred; nullopt when it
// accepts neither (or refuses both with q=0).
std::optional<ContentCoding> choose_coding(std::string_view accept_encoding);
std::string_view coding_name(ContentCoding coding);
// `body` compressed; nullopt if zlib fails (the caller then sends it uncompressed).
std::optional<std::string> compress(std::string_view body, ContentCoding coding);

}  // namespace meerkat::http
