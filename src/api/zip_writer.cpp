// SPDX-License-Identifier: Apache-2.0
#include "api/zip_writer.hpp"

#include <zlib.h>

#include <cstdint>

namespace meerkat::api {

namespace {

void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v & 0xffff));
  put16(out, static_cast<std::uint16_t>(v >> 16));
}

// The fields a local header and a central directory entry share, from "version needed" on.
void common_fields(std::string& out, std::uint32_t crc, std::uint32_t size, std::size_t name) {
  put16(out, 20);       // version needed: 2.0
  put16(out, 1 << 11);  // flags: the name is UTF-8
  put16(out, 0);        // method: stored
  put16(out, 0);        // modification time
  put16(out, 0x21);     // modification date: 1980-01-01
  put32(out, crc);
  put32(out, size);  // compressed size
  put32(out, size);  // uncompressed size
  put16(out, static_cast<std::uint16_t>(name));
  put16(out, 0);  // extra field length
}

}  // namespace

void ZipWriter::add(std::string name, std::string content) {
  entries_.push_back({std::move(name), std::move(content)});
}

std::string ZipWriter::finish() const {
  std::string out;
  std::string directory;
  for (const auto& e : entries_) {
    auto crc = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(e.content.data()),
                                                static_cast<uInt>(e.content.size())));
    auto size = static_cast<std::uint32_t>(e.content.size());
    auto offset = static_cast<std::uint32_t>(out.size());
    put32(out, 0x04034b50);
    common_fields(out, crc, size, e.name.size());
    out += e.name;
    out += e.content;
    put32(directory, 0x02014b50);
    put16(directory, 20);  // made by: 2.0
    common_fields(directory, crc, size, e.name.size());
    put16(directory, 0);  // comment length
    put16(directory, 0);  // disk number
    put16(directory, 0);  // internal attributes
    put32(directory, 0);  // external attributes
    put32(directory, offset);
    directory += e.name;
  }
  auto directory_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint16_t>(entries_.size()));
  put16(out, static_cast<std::uint16_t>(entries_.size()));
  put32(out, static_cast<std::uint32_t>(directory.size()));
  put32(out, directory_offset);
  put16(out, 0);  // comment length
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const auto& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out + "\r\n";
}

}  // namespace meerkat::api
