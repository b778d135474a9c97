// SPDX-License-Identifier: Apache-2.0
// A ZIP archive (PKWARE APPNOTE 6.3) of stored, uncompressed files: what the GDPR export
// hands over, readable by every unzip tool. Small exports only: everything is in memory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace meerkat::api {

class ZipWriter {
 public:
  void add(std::string name, std::string content);
  // The whole archive.
  std::string finish() const;

 private:
  struct Entry {
    std::string name;
    std::string content;
  };
  std::vector<Entry> entries_;
};

// One CSV record (RFC 4180): fields quoted when they hold a comma, quote or line break.
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace meerkat::api
