// SPDX-License-Identifier: Apache-2.0
#include "options.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <map>

namespace meerkat::bench {

Options parse_options(int argc, char** argv) {
  Options options;
  CLI::App cli{
      "meerkat-bench: XMPP load generator. Scenarios: idle (hold N sessions), chat (pairs "
      "exchanging messages), roster-storm (logins that fan presence out to contacts)"};
  int port = 5222;
  std::string transport = "tcp";
  std::string mechanism = "plain";
  cli.add_option("scenario", options.scenario, "idle | chat | roster-storm")
      ->required()
      ->check(CLI::IsMember({"idle", "chat", "roster-storm"}));
  cli.add_option("--host", options.host, "Server address")->capture_default_str();
  cli.add_option("--port", port, "c2s port, or the HTTP port for ws")->capture_default_str();
  cli.add_option("--domain", options.server.domain, "XMPP domain")->capture_default_str();
  cli.add_option("--transport", transport, "tcp | starttls | ws")
      ->check(CLI::IsMember({"tcp", "starttls", "ws"}))
      ->capture_default_str();
  cli.add_option("--ws-path", options.server.websocket_path, "WebSocket path")
      ->capture_default_str();
  cli.add_option("--mechanism", mechanism, "plain | scram-sha-1 | scram-sha-256")
      ->check(CLI::IsMember({"plain", "scram-sha-1", "scram-sha-256"}))
      ->capture_default_str();
  cli.add_option("--user-prefix", options.user_prefix, "User i is PREFIX<i>")
      ->capture_default_str();
  cli.add_option("--password-prefix", options.password_prefix, "Its password is PREFIX<i>")
      ->capture_default_str();
  cli.add_option("--first-user", options.first_user, "Number of the first user")
      ->capture_default_str();
  cli.add_option("--server-pid", options.server_pid, "Server process to measure (RSS, CPU)");
  cli.add_option("--sessions", options.sessions, "Sessions (users) in the run")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cli.add_option("--workers", options.workers, "Generator processes (0: by the fd limit)");
  cli.add_option("--source-addresses", options.server.source_addresses,
                 "Loopback source addresses 127.0.0.1..N (0: one per 25,000 sessions)");
  cli.add_option("--login-rate", options.login_rate, "Logins per second (0: unpaced)")
      ->capture_default_str();
  cli.add_option("--login-timeout", options.login_timeout, "Seconds a login may take")
      ->capture_default_str();
  cli.add_option("--settle", options.settle, "Seconds before memory is read")
      ->capture_default_str();
  cli.add_option("--hold", options.hold, "idle: seconds the sessions are held")
      ->capture_default_str();
  cli.add_option("--rate", options.rate, "chat: messages per second (0: saturate)")
      ->capture_default_str();
  cli.add_option("--window", options.window, "chat at rate 0: messages in flight per sender")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cli.add_option("--duration", options.duration, "chat: seconds of sending")->capture_default_str();
  cli.add_option("--body-size", options.body_size, "chat: body bytes")->capture_default_str();
  cli.add_option("--contacts", options.contacts, "roster-storm: contacts per user (even)")
      ->capture_default_str();
  cli.add_option("--setup-timeout", options.setup_timeout,
                 "roster-storm: seconds the server may take to build the subscriptions")
      ->capture_default_str();
  cli.add_flag("!--no-setup", options.setup,
               "roster-storm: the subscriptions exist already (a second run)");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    std::exit(cli.exit(error));
  }
  boost::system::error_code error;
  auto address = asio::ip::make_address(options.host, error);
  if (error) {
    std::cerr << "--host: not an IP address: " << options.host << '\n';
    std::exit(2);
  }
  options.server.endpoint = tcp::endpoint(address, static_cast<unsigned short>(port));
  static const std::map<std::string, Transport> kTransports = {
      {"tcp", Transport::kTcp}, {"starttls", Transport::kStartTls}, {"ws", Transport::kWebSocket}};
  static const std::map<std::string, Mechanism> kMechanisms = {
      {"plain", Mechanism::kPlain},
      {"scram-sha-1", Mechanism::kScramSha1},
      {"scram-sha-256", Mechanism::kScramSha256}};
  options.server.transport = kTransports.at(transport);
  options.server.mechanism = kMechanisms.at(mechanism);
  if (options.server.source_addresses <= 0) {
    options.server.source_addresses = 1 + options.sessions / 25000;
  }
  if (options.scenario == "chat" && options.sessions % 2 != 0) {
    std::cerr << "--sessions: chat needs an even number (users in pairs)\n";
    std::exit(2);
  }
  if (options.scenario == "roster-storm" &&
      (options.contacts % 2 != 0 || options.contacts >= options.sessions)) {
    std::cerr << "--contacts: an even number smaller than --sessions\n";
    std::exit(2);
  }
  return options;
}

Account account_of(const Options& options, int index) {
  auto number = std::to_string(options.first_user + index);
  return {options.user_prefix + number, options.password_prefix + number};
}

int index_of_user(const Options& options, std::string_view user) {
  if (user.substr(0, options.user_prefix.size()) != options.user_prefix) return -1;
  user.remove_prefix(options.user_prefix.size());
  int number = 0;
  auto [end, error] = std::from_chars(user.data(), user.data() + user.size(), number);
  if (error != std::errc() || end != user.data() + user.size()) return -1;
  return number - options.first_user;
}

}  // namespace meerkat::bench
