// SPDX-License-Identifier: Apache-2.0
// One simulated XMPP client: connects (plain TCP, STARTTLS or RFC 7395 WebSocket), logs in
// with SASL PLAIN or SCRAM, binds a resource, optionally fetches the roster, sends initial
// presence, and afterwards hands every element it receives to the scenario unparsed.
#pragma once

#include <array>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "element_splitter.hpp"
#include "websocket_client.hpp"

namespace meerkat::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

enum class Transport { kTcp, kStartTls, kWebSocket };
enum class Mechanism { kPlain, kScramSha1, kScramSha256 };

struct ServerAddress {
  tcp::endpoint endpoint;
  std::string domain = "localhost";
  Transport transport = Transport::kTcp;
  std::string websocket_path = "/ws-xmpp";
  Mechanism mechanism = Mechanism::kPlain;
  // Connections come from 127.0.0.1 … 127.0.0.N (loopback servers only), so that no source
  // address runs out of its ~28k–64k ephemeral ports.
  int source_addresses = 1;
};

// User i is PREFIX<i> with password PASSWORD_PREFIX<i>, tsung's naming, which the ejabberd and
// Prosody set-up scripts create.
struct Account {
  std::string user;
  std::string password;
};

struct LoginSteps {
  bool fetch_roster = false;
  bool send_presence = true;
};

// A login or stream failure, with what went wrong in words.
class SessionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Session;

class ElementHandler {
 public:
  virtual ~ElementHandler() = default;
  // One depth-1 element as received (a stanza, or a stream error).
  virtual void on_element(Session& session, std::string_view element) = 0;
};

class Session {
 public:
  Session(asio::io_context& io, const ServerAddress& server, asio::ssl::context& tls, int index,
          Account account);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Throws SessionError or boost::system::system_error.
  asio::awaitable<void> login(LoginSteps steps);
  // Delivers what arrives until the stream or the connection ends.
  asio::awaitable<void> receive(ElementHandler& handler);
  // Queues one stanza (framed for WebSocket) and writes it as soon as the previous write is done.
  void send(std::string_view stanza);
  // Ends the stream; the server closes the connection in answer.
  void close();
  // Closes the socket; login() may then start over.
  void disconnect();

  int index() const { return index_; }
  const std::string& bare_jid() const { return bare_jid_; }
  const std::string& account_name() const { return account_.user; }
  // Roster items with subscription 'both' in the last roster fetched at login.
  int mutual_contacts() const { return mutual_contacts_; }
  bool connected() const { return connected_; }

 private:
  asio::awaitable<void> connect();
  asio::awaitable<void> upgrade_to_websocket();
  asio::awaitable<void> open_stream();
  asio::awaitable<void> start_tls();
  asio::awaitable<void> authenticate_plain();
  asio::awaitable<void> authenticate_scram();
  asio::awaitable<void> await_sasl_success(std::string_view expected_signature);
  asio::awaitable<void> bind();
  asio::awaitable<void> fetch_roster();
  asio::awaitable<std::string_view> next_element();
  asio::awaitable<std::string> await_iq_result(std::string_view id);
  asio::awaitable<void> read_more();
  void append_bytes(std::string_view bytes);
  void flush();

  asio::io_context& io_;
  const ServerAddress& server_;
  asio::ssl::context& tls_context_;
  int index_;
  Account account_;
  tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_;
  std::optional<FrameReader> frames_;
  ElementSplitter splitter_;
  std::string features_;  // the last stream features, raw
  std::string out_;       // queued, not yet written
  std::string writing_;   // being written
  std::string bare_jid_;
  int mutual_contacts_ = 0;
  std::uint32_t mask_;
  bool connected_ = false;
  bool session_required_ = false;
};

}  // namespace meerkat::bench
