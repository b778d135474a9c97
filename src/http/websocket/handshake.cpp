// SPDX-License-Identifier: Apache-2.0
#include "http/websocket/handshake.hpp"

#include <openssl/sha.h>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>

#include "core/encoding/base64.hpp"

namespace meerkat::http::websocket {

namespace {

using Field = beast_http::field;
constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// Whether the comma-separated header `list` holds `token`, case-insensitively.
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = boost::algorithm::trim_copy(std::string(list.substr(0, comma)));
    if (boost::algorithm::iequals(item, token)) return true;
    list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
  }
  return false;
}

Handshake refuse(const Request& request, Status status, std::string why) {
  return {false, make_response(request, status, std::move(why) + "\n")};
}

}  // namespace

std::string accept_key(std::string_view client_key) {
  std::string input(client_key);
  input += kAcceptGuid;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return encoding::base64_encode({reinterpret_cast<const char*>(digest), sizeof digest});
}

Handshake answer_handshake(const Request& request) {
  if (request.method() != beast_http::verb::get) {
    auto refused = refuse(request, Status::method_not_allowed, "WebSocket upgrades use GET");
    refused.response.set(Field::allow, "GET");
    return refused;
  }
  if (!has_token(request[Field::upgrade], "websocket") ||
      !has_token(request[Field::connection], "upgrade")) {
    auto refused =
        refuse(request, Status::upgrade_required, "this is an XMPP over WebSocket endpoint");
    refused.response.set(Field::upgrade, "websocket");
    refused.response.set(Field::connection, "Upgrade");
    return refused;
  }
  if (request[Field::sec_websocket_version] != "13") {
    auto refused = refuse(request, Status::upgrade_required, "WebSocket version 13 is required");
    refused.response.set(Field::sec_websocket_version, "13");
    return refused;
  }
  auto key = boost::algorithm::trim_copy(std::string(request[Field::sec_websocket_key]));
  auto decoded = encoding::base64_decode(key);
  if (!decoded || decoded->size() != 16) {
    return refuse(request, Status::bad_request, "Sec-WebSocket-Key must be 16 bytes in base64");
  }
  // RFC 7395 §3.1: XMPP clients ask for the `xmpp` subprotocol. One that asks only for others
  // speaks something else; one that asks for none is let in, as older clients do that.
  auto protocols = request[Field::sec_websocket_protocol];
  bool wants_xmpp = has_token(protocols, "xmpp");
  if (!protocols.empty() && !wants_xmpp) {
    return refuse(request, Status::bad_request, "the xmpp subprotocol is required");
  }
  Response response(Status::switching_protocols, request.version());
  response.set(Field::upgrade, "websocket");
  response.set(Field::connection, "Upgrade");
  response.set(Field::sec_websocket_accept, accept_key(key));
  if (wants_xmpp) response.set(Field::sec_websocket_protocol, "xmpp");
  return {true, std::move(response)};
}

}  // namespace meerkat::http::websocket
