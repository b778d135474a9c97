// SPDX-License-Identifier: Apache-2.0
// mod_http_upload: XEP-0363 HTTP file upload (MongooseIM modules/mod_http_upload.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct S3Options {
  std::string bucket_url;  // required
  bool add_acl = false;
  std::string region;             // required
  std::string access_key_id;      // required
  std::string secret_access_key;  // required
};

// Meerkat's own backend: files kept on the server's disk and served by the HTTP listener's
// mod_http_upload handler, which must be reachable at `base_url`.
struct LocalUploadOptions {
  std::string directory = "upload";  // relative paths are below the data directory
  std::string base_url;              // required: the handler's public URL
};

struct HttpUploadOptions {
  static constexpr const char* kName = "mod_http_upload";
  IqDisc iqdisc;
  std::string host = "upload.@HOST@";
  std::string backend = "s3";  // "s3" or "local"
  std::chrono::seconds expiration_time{60};
  int token_bytes = 32;
  std::optional<std::uint64_t> max_file_size = 10485760;  // nullopt: infinity
  std::optional<S3Options> s3;                            // required with backend "s3"
  std::optional<LocalUploadOptions> local;                // required with backend "local"
};

Section<HttpUploadOptions> http_upload_schema();

}  // namespace meerkat::config::modules
