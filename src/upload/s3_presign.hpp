// SPDX-License-Identifier: Apache-2.0
// XEP-0363 slots of the "s3" backend: a PUT URL presigned with AWS Signature Version 4 in the
// query string (the client uploads straight to the bucket), and the object's plain URL for GET.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "config/modules/http_upload_options.hpp"
#include "upload/upload_slot.hpp"

namespace meerkat::upload {

struct PresignRequest {
  std::string method;      // "PUT" for uploads
  std::string object_key;  // already encoded path below the bucket URL, e.g. "token/name"
  Clock::time_point now;
  std::chrono::seconds expires;
  bool public_read = false;  // sign x-amz-acl: public-read, which the client must then send
};

// The presigned URL; nullopt for a bucket URL that is not http(s)://host[:port][/path].
std::optional<std::string> presign(const config::modules::S3Options& s3,
                                   const PresignRequest& request);

// A slot in the bucket: a random token directory keeps names from colliding.
std::optional<Slot> make_s3_slot(const config::modules::S3Options& s3, const SlotRequest& request,
                                 Clock::time_point now, std::chrono::seconds expires,
                                 std::size_t token_bytes);

}  // namespace meerkat::upload
