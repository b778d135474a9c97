// SPDX-License-Identifier: Apache-2.0
#include "http/websocket/handshake.hpp"

#include <gtest/gtest.h>

namespace meerkat::http::websocket {
namespace {

using Field = beast_http::field;

Request upgrade(std::string_view protocol = "xmpp") {
  Request request(beast_http::verb::get, "/ws-xmpp", 11);
  request.set(Field::host, "localhost");
  request.set(Field::upgrade, "websocket");
  request.set(Field::connection, "keep-alive, Upgrade");
  request.set(Field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  request.set(Field::sec_websocket_version, "13");
  if (!protocol.empty()) request.set(Field::sec_websocket_protocol, protocol);
  return request;
}

TEST(WebSocketHandshake, AcceptsWithTheRfc6455Key) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");  // §1.3
  auto answer = answer_handshake(upgrade("chat, xmpp"));
  ASSERT_TRUE(answer.accepted);
  EXPECT_EQ(answer.response.result(), Status::switching_protocols);
  EXPECT_EQ(answer.response[Field::sec_websocket_accept], "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  EXPECT_EQ(answer.response[Field::sec_websocket_protocol], "xmpp");
  auto without = answer_handshake(upgrade(""));
  ASSERT_TRUE(without.accepted);
  EXPECT_EQ(without.response.count(Field::sec_websocket_protocol), 0u);
}

TEST(WebSocketHandshake, RefusesWhatIsNotAnXmppUpgrade) {
  EXPECT_EQ(answer_handshake(upgrade("chat")).response.result(), Status::bad_request);

  auto post = upgrade();
  post.method(beast_http::verb::post);
  EXPECT_EQ(answer_handshake(post).response.result(), Status::method_not_allowed);

  auto plain = upgrade();
  plain.erase(Field::upgrade);
  EXPECT_EQ(answer_handshake(plain).response.result(), Status::upgrade_required);

  auto old = upgrade();
  old.set(Field::sec_websocket_version, "8");
  auto refused = answer_handshake(old);
  EXPECT_EQ(refused.response.result(), Status::upgrade_required);
  EXPECT_EQ(refused.response[Field::sec_websocket_version], "13");

  auto bad_key = upgrade();
  bad_key.set(Field::sec_websocket_key, "short");
  EXPECT_EQ(answer_handshake(bad_key).response.result(), Status::bad_request);
}

}  // namespace
}  // namespace meerkat::http::websocket
