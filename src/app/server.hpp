// SPDX-License-Identifier: Apache-2.0
// Server lifecycle (app layer): builds the shards, listeners and streams from a validated
// configuration, runs until SIGTERM/SIGINT, then shuts down gracefully.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "config/config.hpp"

namespace meerkat::app {

// A configuration that validates but asks for something this build cannot do yet (a listener
// type or module that is not implemented): a start-up error naming the option.
class StartupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServerPaths {
  std::string data_dir = "var";  // SQLite files and the generated certificate
};

// The embedded SQLite database of a data directory (accounts, rosters, offline messages …),
// shared with `meerkat account` while the server runs.
std::string sqlite_path(const std::string& data_dir);

class Server {
 public:
  Server(config::Config config, ServerPaths paths);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Starts every listener (throws StartupError or net::ListenerError when one cannot start),
  // serves until a stop signal, and returns once all streams are closed.
  void run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace meerkat::app
