// SPDX-License-Identifier: Apache-2.0
#include "session.hpp"

#include <openssl/ssl.h>

#include <unordered_map>

#include "auth/scram/scram.hpp"
#include "core/encoding/base64.hpp"
#include "core/xml/element_parser.hpp"

namespace meerkat::bench {

namespace {

using asio::use_awaitable;
namespace scram = auth::scram;

constexpr std::string_view kStreamHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='";
constexpr std::string_view kSaslNs = "urn:ietf:params:xml:ns:xmpp-sasl";

// Idle TCP connections wait for readability and then read into this one buffer: thousands of
// held sessions own no read buffer at all.
thread_local std::array<char, 65536> shared_read_buffer;

// A depth-1 element as a tree, for the login steps (the hot path never builds trees).
xml::Element parse(std::string_view raw) {
  std::string wrapped =
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
  wrapped.append(raw);
  wrapped.append("</stream:stream>");
  auto root = xml::parse_element(wrapped);
  if (!root || root->children().empty()) {
    throw SessionError("unparsable element: " + std::string(raw));
  }
  return *root->children().begin();
}

// SaltedPassword of every (password, salt, iterations) seen: a user logging in again (the
// roster storm's second phase) costs the generator no second PBKDF2.
const std::string& salted_password(scram::ScramHash hash, const std::string& password,
                                   const std::string& salt, int iterations) {
  static std::unordered_map<std::string, std::string> cache;
  auto key = std::to_string(static_cast<int>(hash)) + '\n' + password + '\n' + salt + '\n' +
             std::to_string(iterations);
  auto found = cache.find(key);
  if (found != cache.end()) return found->second;
  auto salted = scram::salted_password(hash, scram::normalize_password(password), salt, iterations);
  return cache.emplace(std::move(key), std::move(salted)).first->second;
}

// "r=…,s=…,i=…" into its attributes.
std::string scram_attribute(std::string_view message, char name) {
  std::size_t at = 0;
  while (at < message.size()) {
    auto end = message.find(',', at);
    if (end == std::string_view::npos) end = message.size();
    if (end - at >= 2 && message[at] == name && message[at + 1] == '=') {
      return std::string(message.substr(at + 2, end - at - 2));
    }
    at = end + 1;
  }
  return {};
}

}  // namespace

Session::Session(asio::io_context& io, const ServerAddress& server, asio::ssl::context& tls,
                 int index, Account account)
    : io_(io),
      server_(server),
      tls_context_(tls),
      index_(index),
      account_(std::move(account)),
      socket_(io),
      splitter_(server.transport == Transport::kWebSocket),
      mask_(0x9E3779B9u * static_cast<std::uint32_t>(index + 1)) {}

asio::awaitable<void> Session::login(LoginSteps steps) {
  disconnect();
  tls_.reset();
  splitter_.restart();
  frames_.reset();
  out_.clear();
  co_await connect();
  if (server_.transport == Transport::kWebSocket) co_await upgrade_to_websocket();
  co_await open_stream();
  if (server_.transport == Transport::kStartTls) co_await start_tls();
  if (server_.mechanism == Mechanism::kPlain) {
    co_await authenticate_plain();
  } else {
    co_await authenticate_scram();
  }
  splitter_.restart();
  co_await open_stream();
  co_await bind();
  if (steps.fetch_roster) co_await fetch_roster();
  if (steps.send_presence) send("<presence/>");
}

asio::awaitable<void> Session::connect() {
  socket_.open(server_.endpoint.protocol());
  if (server_.source_addresses > 1 && server_.endpoint.address().is_loopback() &&
      server_.endpoint.address().is_v4()) {
    auto source = asio::ip::address_v4(0x7F000001u + index_ % server_.source_addresses);
    socket_.bind(tcp::endpoint(source, 0));
  }
  socket_.set_option(tcp::no_delay(true));
  co_await socket_.async_connect(server_.endpoint, use_awaitable);
  socket_.non_blocking(true);
  connected_ = true;
}

asio::awaitable<void> Session::upgrade_to_websocket() {
  auto host =
      server_.endpoint.address().to_string() + ":" + std::to_string(server_.endpoint.port());
  out_.append(websocket_upgrade_request(host, server_.websocket_path));
  flush();
  std::string response;
  std::size_t end;
  while ((end = response.find("\r\n\r\n")) == std::string::npos) {
    co_await socket_.async_wait(tcp::socket::wait_read, use_awaitable);
    boost::system::error_code error;
    auto n = socket_.read_some(asio::buffer(shared_read_buffer), error);
    if (error == asio::error::would_block) continue;
    if (error) throw boost::system::system_error(error);
    response.append(shared_read_buffer.data(), n);
  }
  if (response.compare(0, 12, "HTTP/1.1 101") != 0) {
    throw SessionError("WebSocket upgrade refused: " + response.substr(0, response.find('\r')));
  }
  frames_.emplace();
  append_bytes(std::string_view(response).substr(end + 4));
}

asio::awaitable<void> Session::open_stream() {
  if (server_.transport == Transport::kWebSocket) {
    send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' version='1.0' to='" + server_.domain +
         "'/>");
  } else {
    out_.append(kStreamHeader);
    out_.append(server_.domain);
    out_.append("'>");
    flush();
  }
  for (;;) {
    auto element = co_await next_element();
    if (is_tag(element, "stream:features") || is_tag(element, "features")) {
      features_ = element;
      co_return;
    }
  }
}

asio::awaitable<void> Session::start_tls() {
  if (features_.find("urn:ietf:params:xml:ns:xmpp-tls") == std::string::npos) {
    throw SessionError("STARTTLS not offered");
  }
  send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  auto answer = co_await next_element();
  if (!is_tag(answer, "proceed")) throw SessionError("STARTTLS refused");
  socket_.non_blocking(false);
  tls_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(socket_), tls_context_);
  SSL_set_tlsext_host_name(tls_->native_handle(), server_.domain.c_str());
  co_await tls_->async_handshake(asio::ssl::stream_base::client, use_awaitable);
  splitter_.restart();
  co_await open_stream();
}

asio::awaitable<void> Session::authenticate_plain() {
  if (features_.find(">PLAIN<") == std::string::npos) throw SessionError("PLAIN not offered");
  std::string message;
  message.push_back('\0');
  message.append(account_.user);
  message.push_back('\0');
  message.append(account_.password);
  send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
       encoding::base64_encode(message) + "</auth>");
  co_await await_sasl_success({});
}

asio::awaitable<void> Session::authenticate_scram() {
  bool sha1 = server_.mechanism == Mechanism::kScramSha1;
  auto hash = sha1 ? scram::ScramHash::kSha1 : scram::ScramHash::kSha256;
  std::string name = sha1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
  if (features_.find(">" + name + "<") == std::string::npos) {
    throw SessionError(name + " not offered");
  }
  auto nonce = encoding::base64_encode(scram::random_bytes(18));
  auto client_first_bare = "n=" + account_.user + ",r=" + nonce;
  send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + name + "'>" +
       encoding::base64_encode("n,," + client_first_bare) + "</auth>");
  auto challenge = parse(co_await next_element());
  if (!challenge.is("challenge", kSaslNs)) throw SessionError("SCRAM: no challenge");
  auto server_first = encoding::base64_decode(challenge.text()).value_or("");
  auto combined_nonce = scram_attribute(server_first, 'r');
  auto salt = encoding::base64_decode(scram_attribute(server_first, 's'));
  auto iterations = std::atoi(scram_attribute(server_first, 'i').c_str());
  if (combined_nonce.rfind(nonce, 0) != 0 || !salt || iterations <= 0) {
    throw SessionError("SCRAM: bad server-first-message");
  }
  const auto& salted = salted_password(hash, account_.password, *salt, iterations);
  auto final_without_proof = "c=biws,r=" + combined_nonce;
  auto auth_message = client_first_bare + "," + server_first + "," + final_without_proof;
  auto client_key = scram::hmac(hash, salted, "Client Key");
  auto signature = scram::hmac(hash, scram::digest(hash, client_key), auth_message);
  auto proof = scram::xor_bytes(client_key, signature);
  auto server_signature = scram::hmac(hash, scram::hmac(hash, salted, "Server Key"), auth_message);
  send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" +
       encoding::base64_encode(final_without_proof + ",p=" + encoding::base64_encode(proof)) +
       "</response>");
  co_await await_sasl_success("v=" + encoding::base64_encode(server_signature));
}

asio::awaitable<void> Session::await_sasl_success(std::string_view expected_signature) {
  auto answer = parse(co_await next_element());
  if (answer.is("failure", kSaslNs)) {
    auto condition =
        answer.children().empty() ? std::string("failure") : answer.children().begin()->name();
    throw SessionError("authentication failed: " + condition);
  }
  if (!answer.is("success", kSaslNs)) throw SessionError("SASL: unexpected answer");
  auto additional = encoding::base64_decode(answer.text()).value_or("");
  if (!expected_signature.empty() && !additional.empty() && additional != expected_signature) {
    throw SessionError("SCRAM: the server's signature is wrong");
  }
}

asio::awaitable<void> Session::bind() {
  auto session_feature = features_.find("urn:ietf:params:xml:ns:xmpp-session");
  session_required_ = session_feature != std::string::npos &&
                      features_.find("<optional", session_feature) == std::string::npos;
  send(
      "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
      "<resource>bench</resource></bind></iq>");
  auto result = parse(co_await await_iq_result("bind"));
  const auto* bound = result.find_child("bind", "urn:ietf:params:xml:ns:xmpp-bind");
  auto jid = bound ? bound->child_text("jid", "urn:ietf:params:xml:ns:xmpp-bind") : "";
  bare_jid_ = jid.substr(0, jid.find('/'));
  if (session_required_) {
    send("<iq type='set' id='session'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
    co_await await_iq_result("session");
  }
}

asio::awaitable<void> Session::fetch_roster() {
  send("<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
  auto result = parse(co_await await_iq_result("roster"));
  mutual_contacts_ = 0;
  if (const auto* query = result.find_child("query", "jabber:iq:roster")) {
    for (const auto& item : query->children()) {
      if (item.attr_or("subscription", "") == "both") ++mutual_contacts_;
    }
  }
}

asio::awaitable<std::string> Session::await_iq_result(std::string_view id) {
  for (;;) {
    auto raw = co_await next_element();
    if (!is_tag(raw, "iq")) continue;
    auto iq = parse(raw);
    if (iq.attr_or("id", "") != id) continue;
    if (iq.attr_or("type", "") != "result") {
      throw SessionError(std::string(id) + " failed: " + std::string(raw));
    }
    co_return std::string(raw);
  }
}

asio::awaitable<std::string_view> Session::next_element() {
  for (;;) {
    if (auto element = splitter_.next()) {
      if (is_tag(*element, "stream:error") || is_tag(*element, "error")) {
        throw SessionError("stream error: " + std::string(*element));
      }
      co_return *element;
    }
    if (splitter_.stream_closed()) throw SessionError("the server closed the stream");
    co_await read_more();
  }
}

asio::awaitable<void> Session::receive(ElementHandler& handler) {
  try {
    for (;;) {
      while (auto element = splitter_.next()) handler.on_element(*this, *element);
      if (splitter_.stream_closed() || (frames_ && frames_->closed())) break;
      co_await read_more();
    }
  } catch (const boost::system::system_error&) {
  }
  connected_ = false;
}

asio::awaitable<void> Session::read_more() {
  if (tls_) {
    std::array<char, 4096> buffer;
    auto n = co_await tls_->async_read_some(asio::buffer(buffer), use_awaitable);
    append_bytes(std::string_view(buffer.data(), n));
    co_return;
  }
  for (;;) {
    co_await socket_.async_wait(tcp::socket::wait_read, use_awaitable);
    boost::system::error_code error;
    auto n = socket_.read_some(asio::buffer(shared_read_buffer), error);
    if (error == asio::error::would_block) continue;
    if (error) throw boost::system::system_error(error);
    append_bytes(std::string_view(shared_read_buffer.data(), n));
    co_return;
  }
}

void Session::append_bytes(std::string_view bytes) {
  if (!frames_) {
    splitter_.append(bytes);
    return;
  }
  std::string text;
  if (!frames_->feed(bytes, text)) throw SessionError("malformed WebSocket frame");
  splitter_.append(text);
}

void Session::send(std::string_view stanza) {
  if (server_.transport == Transport::kWebSocket && frames_) {
    mask_ = mask_ * 1664525u + 1013904223u;
    append_text_frame(stanza, mask_, out_);
  } else {
    out_.append(stanza);
  }
  flush();
}

void Session::flush() {
  if (!writing_.empty() || out_.empty() || !connected_) return;
  writing_.swap(out_);
  auto done = [this](boost::system::error_code error, std::size_t) {
    writing_.clear();
    if (error) {
      connected_ = false;
      out_.clear();
      return;
    }
    flush();
  };
  if (tls_) {
    asio::async_write(*tls_, asio::buffer(writing_), done);
  } else {
    asio::async_write(socket_, asio::buffer(writing_), done);
  }
}

void Session::disconnect() {
  boost::system::error_code ignored;
  // The TLS stream itself stays until the next login: a read cancelled here still completes.
  if (tls_) tls_->next_layer().close(ignored);
  socket_.close(ignored);
  connected_ = false;
}

void Session::close() {
  if (!connected_) return;
  if (frames_) {
    send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
  } else {
    send("</stream:stream>");
  }
}

}  // namespace meerkat::bench
