// SPDX-License-Identifier: Apache-2.0
// Upload slots: URL encoding of names, local slots that only their own signed PUT can use
// (not after expiry, not with another size, type or name), and S3 presigned URLs checked
// against AWS's published example.
#include "upload/upload_slot.hpp"

#include <gtest/gtest.h>

#include "upload/s3_presign.hpp"

namespace meerkat::upload {
namespace {

using namespace std::chrono_literals;

const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'700'000'000));

TEST(UploadSlot, NamesAreOnePathSegment) {
  EXPECT_EQ(encode_segment("a b/c?d%é.png"), "a%20b%2Fc%3Fd%25%C3%A9.png");
  EXPECT_EQ(decode_segment("a%20b%2Fc%3Fd%25%C3%A9.png"), "a b/c?d%é.png");
  EXPECT_FALSE(decode_segment("bad%2"));
  EXPECT_FALSE(decode_segment("bad%zz"));
  auto split = split_file_path("abc/my%2Ffile.txt");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->first, "abc");
  EXPECT_EQ(split->second, "my/file.txt");
  EXPECT_FALSE(split_file_path("abc/def/ghi"));
  EXPECT_FALSE(split_file_path("abc/"));
  EXPECT_FALSE(split_file_path("abc"));
}

class LocalSlotTest : public ::testing::Test {
 protected:
  LocalSlots slots_{"secret key", "https://example.org/upload/", 60s, 16};
  const std::string kBase = "https://example.org/upload/";

  // The part of a URL after the handler's path.
  std::string target(const std::string& url) { return url.substr(kBase.size()); }
};

TEST_F(LocalSlotTest, ASlotAcceptsItsOwnUpload) {
  auto slot = slots_.make({"holiday photo.jpg", 1234, "image/jpeg"}, kNow);
  EXPECT_EQ(slot.get_url.substr(0, kBase.size()), kBase);
  EXPECT_NE(slot.get_url.find("/holiday%20photo.jpg"), std::string::npos);
  EXPECT_EQ(slot.put_url.substr(0, slot.get_url.size()), slot.get_url);
  auto upload = slots_.check_put(target(slot.put_url), "image/jpeg", 1234, kNow + 10s);
  ASSERT_TRUE(upload) << upload.error().reason;
  EXPECT_EQ(upload->filename, "holiday photo.jpg");
  EXPECT_EQ(upload->token.size(), 32u);
  // two slots never share a token
  EXPECT_NE(slots_.make({"a", 1, ""}, kNow).get_url, slots_.make({"a", 1, ""}, kNow).get_url);
}

TEST_F(LocalSlotTest, AnythingElseIsRefusedWithItsReason) {
  auto slot = slots_.make({"f.txt", 10, "text/plain"}, kNow);
  auto put = target(slot.put_url);
  EXPECT_EQ(slots_.check_put(put, "text/plain", 10, kNow + 61s).error().status, 403);
  EXPECT_EQ(slots_.check_put(put, "text/plain", 11, kNow).error().status, 413);
  EXPECT_EQ(slots_.check_put(put, "text/plain", 9, kNow).error().status, 400);
  EXPECT_EQ(slots_.check_put(put, "text/html", 10, kNow).error().status, 400);
  // the URL cannot be changed: another name, size or expiry breaks the signature
  auto renamed = put;
  renamed.replace(renamed.find("f.txt"), 5, "g.txt");
  EXPECT_EQ(slots_.check_put(renamed, "text/plain", 10, kNow).error().status, 403);
  auto bigger = put;
  bigger.replace(bigger.find("size=10"), 7, "size=99");
  EXPECT_EQ(slots_.check_put(bigger, "text/plain", 99, kNow).error().status, 403);
  // a GET URL is no upload URL, nor is a slot of a server with another key
  EXPECT_EQ(slots_.check_put(target(slot.get_url), "text/plain", 10, kNow).error().status, 403);
  LocalSlots other{"other key", kBase, 60s, 16};
  EXPECT_EQ(other.check_put(put, "text/plain", 10, kNow).error().status, 403);
}

TEST_F(LocalSlotTest, ASlotWithoutContentTypeTakesAny) {
  auto slot = slots_.make({"f.bin", 3, ""}, kNow);
  EXPECT_TRUE(slots_.check_put(target(slot.put_url), "application/x-anything", 3, kNow));
}

// AWS's example of a presigned GET ("Authenticating Requests: Using Query Parameters").
TEST(S3Presign, MatchesTheAwsExample) {
  config::modules::S3Options s3{"https://examplebucket.s3.amazonaws.com", false, "us-east-1",
                                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
  // 2013-05-24T00:00:00Z
  auto when = Clock::time_point(std::chrono::seconds(1369353600));
  auto url = presign(s3, {"GET", "test.txt", when, 86400s, false});
  ASSERT_TRUE(url);
  EXPECT_EQ(*url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(S3Presign, SlotsPutIntoTheBucketPathAndAskForTheAclHeader) {
  config::modules::S3Options s3{"https://s3.eu-west-1.amazonaws.com/bucket/prefix/", true,
                                "eu-west-1", "AKID", "SECRET"};
  auto slot = make_s3_slot(s3, {"a b.png", 5, "image/png"}, kNow, 60s, 8);
  ASSERT_TRUE(slot);
  EXPECT_EQ(slot->put_url.rfind("https://s3.eu-west-1.amazonaws.com/bucket/prefix/", 0), 0u);
  EXPECT_NE(slot->put_url.find("/a%20b.png?"), std::string::npos);
  EXPECT_NE(slot->put_url.find("X-Amz-SignedHeaders=host%3Bx-amz-acl"), std::string::npos);
  EXPECT_EQ(slot->get_url, slot->put_url.substr(0, slot->put_url.find('?')));
  ASSERT_EQ(slot->put_headers.size(), 1u);
  EXPECT_EQ(slot->put_headers[0].first, "x-amz-acl");
  s3.bucket_url = "ftp://nowhere";
  EXPECT_FALSE(make_s3_slot(s3, {"a", 1, ""}, kNow, 60s, 8));
}

}  // namespace
}  // namespace meerkat::upload
