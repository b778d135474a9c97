// SPDX-License-Identifier: Apache-2.0
#include "upload/s3_presign.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <map>

#include "core/encoding/hex.hpp"

namespace meerkat::upload {

namespace {

struct BucketUrl {
  std::string scheme;
  std::string host;  // with ":port" when one is given
  std::string path;  // without a trailing slash; "" for the root
};

std::optional<BucketUrl> parse_bucket_url(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  BucketUrl parsed;
  parsed.scheme = url.substr(0, scheme_end);
  if (parsed.scheme != "https" && parsed.scheme != "http") return std::nullopt;
  auto rest = url.substr(scheme_end + 3);
  auto slash = rest.find('/');
  parsed.host = rest.substr(0, slash);
  if (parsed.host.empty()) return std::nullopt;
  parsed.path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!parsed.path.empty() && parsed.path.back() == '/') parsed.path.pop_back();
  return parsed;
}

std::string sha256_hex(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, EVP_sha256(), nullptr);
  return encoding::hex_encode(std::string_view(reinterpret_cast<const char*>(out), size));
}

std::string hmac_raw(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string amz_date(Clock::time_point now, bool with_time) {
  auto t = Clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, with_time ? "%Y%m%dT%H%M%SZ" : "%Y%m%d", &utc);
  return buffer;
}

}  // namespace

std::optional<std::string> presign(const config::modules::S3Options& s3,
                                   const PresignRequest& request) {
  auto bucket = parse_bucket_url(s3.bucket_url);
  if (!bucket) return std::nullopt;
  auto date = amz_date(request.now, false);
  auto timestamp = amz_date(request.now, true);
  auto scope = date + "/" + s3.region + "/s3/aws4_request";
  std::string signed_headers = request.public_read ? "host;x-amz-acl" : "host";
  // The canonical query: names and values URI-encoded, sorted by name.
  std::map<std::string, std::string> query{
      {"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
      {"X-Amz-Credential", encode_segment(s3.access_key_id + "/" + scope)},
      {"X-Amz-Date", timestamp},
      {"X-Amz-Expires", std::to_string(request.expires.count())},
      {"X-Amz-SignedHeaders", encode_segment(signed_headers)},
  };
  std::string canonical_query;
  for (const auto& [name, value] : query) {
    if (!canonical_query.empty()) canonical_query += '&';
    canonical_query += name + "=" + value;
  }
  auto uri = bucket->path + "/" + request.object_key;
  std::string headers = "host:" + bucket->host + "\n";
  if (request.public_read) headers += "x-amz-acl:public-read\n";
  auto canonical_request = request.method + "\n" + uri + "\n" + canonical_query + "\n" + headers +
                           "\n" + signed_headers + "\nUNSIGNED-PAYLOAD";
  auto to_sign =
      "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + sha256_hex(canonical_request);
  auto key = hmac_raw("AWS4" + s3.secret_access_key, date);
  key = hmac_raw(key, s3.region);
  key = hmac_raw(key, "s3");
  key = hmac_raw(key, "aws4_request");
  auto signature = hmac_raw(key, to_sign);
  return bucket->scheme + "://" + bucket->host + uri + "?" + canonical_query +
         "&X-Amz-Signature=" + encoding::hex_encode(signature);
}

std::optional<Slot> make_s3_slot(const config::modules::S3Options& s3, const SlotRequest& request,
                                 Clock::time_point now, std::chrono::seconds expires,
                                 std::size_t token_bytes) {
  auto key = random_hex(token_bytes) + "/" + encode_segment(request.filename);
  auto url = presign(s3, {"PUT", key, now, expires, s3.add_acl});
  if (!url) return std::nullopt;
  Slot slot;
  slot.put_url = *url;
  slot.get_url = url->substr(0, url->find('?'));
  if (s3.add_acl) slot.put_headers.emplace_back("x-amz-acl", "public-read");
  return slot;
}

}  // namespace meerkat::upload
