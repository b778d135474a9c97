// SPDX-License-Identifier: Apache-2.0
#include "http/server/compression.hpp"

#include <zlib.h>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>

namespace meerkat::http {

namespace {

// The q-value a client gave `coding` in Accept-Encoding (RFC 9110 §12.5.3); 0 when absent.
double quality_of(std::string_view accept_encoding, std::string_view coding) {
  double found = 0;
  while (!accept_encoding.empty()) {
    auto comma = accept_encoding.find(',');
    auto item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    auto semicolon = item.find(';');
    auto name = boost::algorithm::trim_copy(std::string(item.substr(0, semicolon)));
    if (!boost::algorithm::iequals(name, coding) && name != "*") continue;
    double q = 1;
    if (semicolon != std::string_view::npos) {
      auto params = boost::algorithm::trim_copy(std::string(item.substr(semicolon + 1)));
      if (params.starts_with("q=")) q = std::strtod(params.c_str() + 2, nullptr);
    }
    if (name != "*" || found == 0) found = q;
    if (name != "*") return q;
  }
  return found;
}

}  // namespace

std::optional<ContentCoding> choose_coding(std::string_view accept_encoding) {
  if (quality_of(accept_encoding, "gzip") > 0) return ContentCoding::kGzip;
  if (quality_of(accept_encoding, "deflate") > 0) return ContentCoding::kDeflate;
  return std::nullopt;
}

std::string_view coding_name(ContentCoding coding) {
  return coding == ContentCoding::kGzip ? "gzip" : "deflate";
}

std::optional<std::string> compress(std::string_view body, ContentCoding coding) {
  z_stream stream{};
  // windowBits 15 + 16 writes the gzip wrapper; plain 15 the zlib one, which is what HTTP's
  // "deflate" means (RFC 9110 §8.4.1.2).
  int window_bits = coding == ContentCoding::kGzip ? 15 + 16 : 15;
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, body.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace meerkat::http
